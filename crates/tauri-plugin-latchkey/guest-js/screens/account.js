// "My account" (issue 12): edit profile, change password, delete account. Each is its own small
// screen reached from Home, and each goes back to Home (or, after a deletion, to sign-in).
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { field, alertSlot, errorPresenter, onSubmit, setAlert, valuesOf, withBusy } from "../form.js";
import { normalizeCode, validateProfile, validateChangePassword, validateDeleteAccount } from "../validate.js";
import { screenCard, linkButton } from "./common.js";
import { strengthMeter } from "./strength.js";
import { codePanel } from "./code-panel.js";
import { codeInput } from "./verify.js";

const backToHome = (ctx, signedIn, id) => linkButton(id, t("account.back"), () => ctx.go("home", { signedIn }));

/** Home again after a session that ended meanwhile: sign-in, as Home does. */
function sessionEnded(ctx, err) {
  if (err.code !== "not_signed_in") return false;
  ctx.signedOut({ noticeKey: "signIn.sessionEnded" });
  return true;
}

/** @param {{signedIn: import("../api.js").SignedIn}} params */
export function editProfile(ctx, params) {
  const { signedIn } = params;
  const account = signedIn.account;
  const text = (id, name, autocomplete, value, extra = {}) => h("input", { id, name, type: "text", autocomplete, value, ...extra });
  const inputs = {
    firstName: text("profile-first-name", "firstName", "given-name", account.firstName, { "data-autofocus": true }),
    lastName: text("profile-last-name", "lastName", "family-name", account.lastName),
    username: text("profile-username", "username", "username", account.username, { autocapitalize: "off", spellcheck: "false" }),
    phone: text("profile-phone", "phone", "tel", account.phone, { type: "tel" }),
  };
  const alert = alertSlot("profile-alert");
  const submit = h("button", { type: "submit", class: "primary", id: "profile-submit" }, t("account.save"));
  const form = h("form", { id: "profile-form", novalidate: true },
    h("div", { class: "grid-2" },
      field({ id: "profile-first-name", label: t("register.firstName"), input: inputs.firstName }),
      field({ id: "profile-last-name", label: t("register.lastName"), input: inputs.lastName }),
      field({ id: "profile-username", label: t("register.username"), input: inputs.username, hint: t("register.usernameHint") }),
      field({ id: "profile-phone", label: t("register.phone"), input: inputs.phone, hint: t("register.phoneHint") })),
    alert,
    submit);
  const errors = errorPresenter(form, inputs, alert);
  onSubmit(form, submit, t("account.saving"), async () => {
    const values = valuesOf(inputs);
    const invalid = validateProfile(values);
    if (Object.keys(invalid).length) return errors.show(invalid);
    errors.clear();
    try {
      const trimmed = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v).trim()]));
      const updated = await ctx.backend.updateProfile(trimmed);
      if (ctx.alive()) ctx.go("home", { signedIn: { ...signedIn, account: updated }, noticeKey: "account.profileSaved" });
    } catch (err) {
      if (ctx.alive() && !sessionEnded(ctx, err)) errors.showError(err);
    }
  });
  return screenCard({ screen: "edit-profile", title: t("account.editTitle"), size: "medium" },
    form, h("p", { class: "card-footer" }, backToHome(ctx, signedIn, "profile-back")));
}

/** @param {{signedIn: import("../api.js").SignedIn}} params */
export function changePassword(ctx, params) {
  const { signedIn } = params;
  const account = signedIn.account;
  const pw = (id, name, autocomplete, extra = {}) => h("input", { id, name, type: "password", autocomplete, ...extra });
  const inputs = {
    password: pw("change-password-current", "password", "current-password", { "data-autofocus": true }),
    newPassword: pw("change-password-new", "newPassword", "new-password"),
    confirmPassword: pw("change-password-confirm", "confirmPassword", "new-password"),
  };
  const meter = strengthMeter(ctx, {
    id: "change-password-strength",
    password: inputs.newPassword,
    userInputs: () => [account.firstName, account.lastName, account.email, account.username],
  });
  const alert = alertSlot("change-password-alert");
  const submit = h("button", { type: "submit", class: "primary", id: "change-password-submit" }, t("account.changePassword"));
  const form = h("form", { id: "change-password-form", novalidate: true },
    field({ id: "change-password-current", label: t("account.currentPassword"), input: inputs.password }),
    h("div", { class: "grid-2" },
      field({ id: "change-password-new", label: t("reset.newPassword"), input: inputs.newPassword, extra: meter.element }),
      field({ id: "change-password-confirm", label: t("reset.confirmPassword"), input: inputs.confirmPassword })),
    h("p", { class: "muted small" }, t("account.staySignedIn")),
    alert,
    submit);
  const errors = errorPresenter(form, inputs, alert);
  onSubmit(form, submit, t("account.changingPassword"), async () => {
    const values = valuesOf(inputs);
    const invalid = validateChangePassword(values);
    if (Object.keys(invalid).length) return errors.show(invalid);
    errors.clear();
    try {
      await ctx.backend.changePassword({ currentPassword: values.password, newPassword: values.newPassword });
      if (ctx.alive()) ctx.go("home", { signedIn, noticeKey: "account.passwordChanged" });
    } catch (err) {
      if (ctx.alive() && !sessionEnded(ctx, err)) errors.showError(err);
    }
  });
  return screenCard({ screen: "change-password", title: t("account.changePasswordTitle"), size: "medium" },
    form, h("p", { class: "card-footer" }, backToHome(ctx, signedIn, "change-password-back")));
}

/**
 * Delete my account: the username typed again, and the current password or (for people who
 * sign in by code and may have no password at hand) a code emailed to their address.
 * @param {{signedIn: import("../api.js").SignedIn}} params
 */
export function deleteAccount(ctx, params) {
  const { signedIn } = params;
  const account = signedIn.account;
  const inputs = {
    password: h("input", { id: "delete-password", name: "password", type: "password", autocomplete: "current-password", "data-autofocus": true }),
    code: codeInput("delete-code"),
    confirmUsername: h("input", { id: "delete-username", name: "confirmUsername", type: "text", autocomplete: "off", autocapitalize: "off", spellcheck: "false" }),
  };
  // Only the password is focused first; the code field appears on request.
  inputs.code.removeAttribute("data-autofocus");
  const alert = alertSlot("delete-alert");
  const errors = { current: null };
  let byCode = false;
  let panel = null;

  const useCode = h("button", { type: "button", class: "link-button", id: "delete-use-code" }, t("account.deleteByCode"));
  const usePassword = h("button", { type: "button", class: "link-button", id: "delete-use-password" }, t("account.deleteByPassword"));
  const passwordPart = h("div", { id: "delete-by-password" },
    field({ id: "delete-password", label: t("account.currentPassword"), input: inputs.password }),
    h("p", { class: "muted small" }, t("account.deleteCodeExplain"), " ", useCode));
  const codeSlot = h("div", { id: "delete-code-slot" });
  const codePart = h("div", { id: "delete-by-code", hidden: true },
    codeSlot,
    field({ id: "delete-code", label: t("verify.code"), input: inputs.code, hint: t("account.deleteCodeHint") }),
    h("p", {}, usePassword));

  function showCodeStep(status) {
    byCode = true;
    panel = codePanel(ctx, {
      id: "delete",
      status,
      sentTo: account.email,
      resend: () => ctx.backend.requestDeleteCode(),
      refresh: () => ctx.backend.deleteCodeStatus(),
      onResent: () => { errors.current.clear(); setAlert(alert, t("verify.resent"), "info"); inputs.code.value = ""; inputs.code.focus(); },
      onError: (err) => errors.current.showError(err),
    });
    codeSlot.replaceChildren(panel.element);
    passwordPart.hidden = true;
    codePart.hidden = false;
    inputs.code.focus();
  }

  useCode.addEventListener("click", () => withBusy(useCode, t("account.deleteCodeSending"), async () => {
    errors.current.clear();
    try {
      const status = await ctx.backend.requestDeleteCode();
      if (ctx.alive()) showCodeStep(status);
    } catch (err) {
      if (!ctx.alive() || sessionEnded(ctx, err)) return;
      // A code went out moments ago: it is still good, go on with it.
      if (err.code === "resend_cooldown" && err.details?.codeStatus?.state === "sent") showCodeStep(err.details.codeStatus);
      else errors.current.showError(err);
    }
  }));
  usePassword.addEventListener("click", () => {
    byCode = false;
    errors.current.clear();
    codePart.hidden = true;
    passwordPart.hidden = false;
    inputs.password.focus();
  });

  const submit = h("button", { type: "submit", class: "danger", id: "delete-submit" }, t("account.deleteForever"));
  const form = h("form", { id: "delete-form", novalidate: true },
    h("p", { class: "notice warning", role: "note" }, t("account.deleteWarning")),
    passwordPart,
    codePart,
    field({ id: "delete-username", label: t("account.typeUsername", { username: account.username }), input: inputs.confirmUsername }),
    alert,
    submit);
  errors.current = errorPresenter(form, inputs, alert);
  onSubmit(form, submit, t("account.deleting"), async () => {
    const values = valuesOf(inputs);
    const invalid = validateDeleteAccount(values, account.username, { byCode });
    if (Object.keys(invalid).length) return errors.current.show(invalid);
    errors.current.clear();
    const confirmUsername = values.confirmUsername.trim();
    try {
      await ctx.backend.deleteAccount(byCode
        ? { code: normalizeCode(values.code), confirmUsername }
        : { password: values.password, confirmUsername });
      if (ctx.alive()) ctx.signedOut({ noticeKey: "account.deleted", noticeKind: "success" }, "account_deleted");
    } catch (err) {
      if (!ctx.alive() || sessionEnded(ctx, err)) return;
      errors.current.showError(err);
      if (byCode && panel) {
        if (err.code === "code_invalid" && panel.status) {
          panel.update({ ...panel.status, attemptsLeft: err.details?.attemptsLeft ?? panel.status.attemptsLeft });
        }
        if (["code_expired", "code_exhausted", "code_not_found"].includes(err.code)) panel.reload();
      }
    }
  });
  return screenCard({ screen: "delete-account", title: t("account.deleteTitle"), size: "medium" },
    form, h("p", { class: "card-footer" }, backToHome(ctx, signedIn, "delete-back")));
}
