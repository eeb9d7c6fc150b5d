// "My account" (issue 12): edit profile, change password, delete account. Each is its own small
// screen reached from Home, and each goes back to Home (or, after a deletion, to sign-in).
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { field, alertSlot, errorPresenter, onSubmit, valuesOf } from "../form.js";
import { validateProfile, validateChangePassword, validateDeleteAccount } from "../validate.js";
import { screenCard, linkButton } from "./common.js";
import { strengthMeter } from "./strength.js";

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

/** @param {{signedIn: import("../api.js").SignedIn}} params */
export function deleteAccount(ctx, params) {
  const { signedIn } = params;
  const account = signedIn.account;
  const inputs = {
    password: h("input", { id: "delete-password", name: "password", type: "password", autocomplete: "current-password", "data-autofocus": true }),
    confirmUsername: h("input", { id: "delete-username", name: "confirmUsername", type: "text", autocomplete: "off", autocapitalize: "off", spellcheck: "false" }),
  };
  const alert = alertSlot("delete-alert");
  const submit = h("button", { type: "submit", class: "danger", id: "delete-submit" }, t("account.deleteForever"));
  const form = h("form", { id: "delete-form", novalidate: true },
    h("p", { class: "notice warning", role: "note" }, t("account.deleteWarning")),
    field({ id: "delete-password", label: t("account.currentPassword"), input: inputs.password }),
    field({ id: "delete-username", label: t("account.typeUsername", { username: account.username }), input: inputs.confirmUsername }),
    alert,
    submit);
  const errors = errorPresenter(form, inputs, alert);
  onSubmit(form, submit, t("account.deleting"), async () => {
    const values = valuesOf(inputs);
    const invalid = validateDeleteAccount(values, account.username);
    if (Object.keys(invalid).length) return errors.show(invalid);
    errors.clear();
    try {
      await ctx.backend.deleteAccount({ password: values.password, confirmUsername: values.confirmUsername.trim() });
      if (ctx.alive()) ctx.signedOut({ noticeKey: "account.deleted", noticeKind: "success" }, "account_deleted");
    } catch (err) {
      if (ctx.alive() && !sessionEnded(ctx, err)) errors.showError(err);
    }
  });
  return screenCard({ screen: "delete-account", title: t("account.deleteTitle"), size: "medium" },
    form, h("p", { class: "card-footer" }, backToHome(ctx, signedIn, "delete-back")));
}
