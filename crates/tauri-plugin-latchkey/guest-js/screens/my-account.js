// "My account", continued (issue 12): change the email address (a code to the new one), the
// profile picture, and "Export my data" through the native save dialog.
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { field, alertSlot, errorPresenter, onSubmit, setAlert, setFieldError, valuesOf, withBusy } from "../form.js";
import { messageFor, presentError } from "../errors.js";
import { normalizeCode, validateChangeEmail, validateVerify } from "../validate.js";
import { screenCard, linkButton, notice } from "./common.js";
import { codePanel } from "./code-panel.js";
import { codeInput } from "./verify.js";

/** The largest file the backend accepts (it checks again). */
export const MAX_PICTURE_BYTES = 5 * 1024 * 1024;
const PICTURE_TYPES = "image/png,image/jpeg,image/webp";

const backToHome = (ctx, signedIn, id) => linkButton(id, t("account.back"), () => ctx.go("home", { signedIn }));

function sessionEnded(ctx, err) {
  if (err.code !== "not_signed_in") return false;
  ctx.signedOut({ noticeKey: "signIn.sessionEnded" });
  return true;
}

/** A chosen file's bytes (Blob.arrayBuffer where there is one, FileReader elsewhere). */
function readBytes(file) {
  if (typeof file.arrayBuffer === "function") return file.arrayBuffer().then((b) => new Uint8Array(b));
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(file);
  });
}

/** The round picture (or the initials) shown on Home and on the picture screen. */
export function avatar(account, pictureUrl, id = null) {
  const initials = `${account.firstName?.[0] ?? ""}${account.lastName?.[0] ?? ""}`.toUpperCase();
  return pictureUrl
    ? h("img", { class: "avatar picture", id, src: pictureUrl, alt: t("picture.alt", { firstName: account.firstName }) })
    : h("div", { class: "avatar", id, "aria-hidden": "true" }, initials);
}

/**
 * Change email: step 1 the new address and the current password; step 2 the code sent to the new
 * address. Coming back while a change waits opens step 2.
 * @param {{signedIn: import("../api.js").SignedIn, pending?: any}} params
 */
export function changeEmail(ctx, params) {
  const { signedIn } = params;
  const body = h("div", { id: "change-email-body" });
  let password = "";

  function askStep(prefill = "") {
    const inputs = {
      email: h("input", { id: "change-email-new", name: "email", type: "email", autocomplete: "email", autocapitalize: "off", spellcheck: "false", value: prefill, "data-autofocus": true }),
      password: h("input", { id: "change-email-password", name: "password", type: "password", autocomplete: "current-password" }),
    };
    const alert = alertSlot("change-email-alert");
    const submit = h("button", { type: "submit", class: "primary", id: "change-email-submit" }, t("changeEmail.send"));
    const form = h("form", { id: "change-email-form", novalidate: true },
      h("p", { class: "muted small" }, t("changeEmail.explain", { email: signedIn.account.email })),
      field({ id: "change-email-new", label: t("changeEmail.newEmail"), input: inputs.email }),
      field({ id: "change-email-password", label: t("account.currentPassword"), input: inputs.password }),
      alert,
      submit);
    const errors = errorPresenter(form, inputs, alert);
    onSubmit(form, submit, t("changeEmail.sending"), async () => {
      const values = valuesOf(inputs);
      const invalid = validateChangeEmail(values);
      if (Object.keys(invalid).length) return errors.show(invalid);
      errors.clear();
      try {
        const pending = await ctx.backend.requestEmailChange({ newEmail: values.email.trim(), password: values.password });
        password = values.password;
        if (ctx.alive()) codeStep(pending);
      } catch (err) {
        if (ctx.alive() && !sessionEnded(ctx, err)) errors.showError(err);
      }
    });
    body.replaceChildren(form);
    inputs.email.focus();
  }

  function codeStep(pending) {
    const code = codeInput("change-email-code");
    const alert = alertSlot("change-email-code-alert");
    const submit = h("button", { type: "submit", class: "primary", id: "change-email-confirm" }, t("changeEmail.confirm"));
    const form = h("form", { id: "change-email-code-form", novalidate: true });
    const errors = errorPresenter(form, { code }, alert);
    const panel = codePanel(ctx, {
      id: "change-email",
      status: pending.codeStatus,
      sentTo: pending.newEmail,
      // A new code needs the password again when this screen no longer holds it.
      resend: async () => {
        if (!password) throw { code: "required", message: t("changeEmail.passwordAgain"), field: "password" };
        return (await ctx.backend.requestEmailChange({ newEmail: pending.newEmail, password })).codeStatus;
      },
      refresh: async () => (await ctx.backend.emailChangeStatus())?.codeStatus ?? pending.codeStatus,
      onResent: () => { errors.clear(); setAlert(alert, t("verify.resent"), "info"); code.value = ""; code.focus(); },
      onError: (err) => (err.code === "required" ? askStep(pending.newEmail) : errors.showError(err)),
    });
    const cancel = h("button", { type: "button", class: "link-button", id: "change-email-cancel" }, t("changeEmail.cancel"));
    cancel.addEventListener("click", () => withBusy(cancel, t("changeEmail.cancelling"), async () => {
      try {
        await ctx.backend.cancelEmailChange();
        if (ctx.alive()) ctx.go("home", { signedIn });
      } catch (err) {
        if (ctx.alive() && !sessionEnded(ctx, err)) setAlert(alert, messageFor(err));
      }
    }));
    form.append(field({ id: "change-email-code", label: t("verify.code"), input: code, hint: t("changeEmail.codeHint") }), alert, submit);
    onSubmit(form, submit, t("verify.busy"), async () => {
      const invalid = validateVerify({ code: code.value });
      if (Object.keys(invalid).length) return errors.show(invalid);
      errors.clear();
      try {
        const account = await ctx.backend.confirmEmailChange(normalizeCode(code.value));
        if (ctx.alive()) ctx.go("home", { signedIn: { ...signedIn, account }, noticeKey: "changeEmail.done" });
      } catch (err) {
        if (!ctx.alive() || sessionEnded(ctx, err)) return;
        errors.showError(err);
        if (err.code === "code_invalid" && panel.status) {
          panel.update({ ...panel.status, attemptsLeft: err.details?.attemptsLeft ?? panel.status.attemptsLeft });
        }
        if (["code_expired", "code_exhausted", "code_not_found"].includes(err.code)) panel.reload();
      }
    });
    body.replaceChildren(
      notice("change-email-pending", t("changeEmail.oldStays", { email: signedIn.account.email })),
      panel.element, form, h("p", {}, cancel));
    code.focus();
  }

  if (params.pending) codeStep(params.pending);
  else {
    askStep();
    // A change may already be waiting (the person came back): go on with it.
    ctx.backend.emailChangeStatus().then(
      (pending) => { if (pending && ctx.alive() && !password) codeStep(pending); },
      (err) => { if (ctx.alive()) sessionEnded(ctx, err); });
  }
  return screenCard({ screen: "change-email", title: t("changeEmail.title"), size: "medium" },
    body, h("p", { class: "card-footer" }, backToHome(ctx, signedIn, "change-email-back")));
}

/** Profile picture: choose a PNG, JPEG or WebP file (sent as raw bytes), or remove the picture.
 * @param {{signedIn: import("../api.js").SignedIn, picture?: string|null}} params */
export function profilePicture(ctx, params) {
  const { signedIn } = params;
  const account = signedIn.account;
  let current = params.picture ?? null;
  const preview = h("div", { class: "picture-preview", id: "picture-preview" });
  const alert = alertSlot("picture-alert");
  const status = h("p", { class: "notice success", id: "picture-notice", role: "status", hidden: true });
  const input = h("input", { id: "picture-file", name: "picture", type: "file", accept: PICTURE_TYPES });
  const remove = h("button", { type: "button", class: "danger-outline", id: "picture-remove" }, t("picture.remove"));
  const paint = () => {
    preview.replaceChildren(avatar(account, current, "picture-current"));
    remove.hidden = !current;
    ctx.setPicture?.(current);
  };
  const done = (key) => {
    status.textContent = t(key);
    status.hidden = false;
  };
  input.addEventListener("change", () => {
    const file = input.files?.[0];
    if (!file) return;
    setFieldError(input, null);
    status.hidden = true;
    if (file.size > MAX_PICTURE_BYTES) {
      setFieldError(input, t("error.image_too_large"));
      input.value = "";
      return;
    }
    withBusy(remove, t("picture.uploading"), async () => {
      try {
        const bytes = await readBytes(file);
        current = await ctx.backend.setProfilePicture(bytes);
        if (!ctx.alive()) return;
        paint();
        done("picture.saved");
      } catch (err) {
        if (!ctx.alive() || sessionEnded(ctx, err)) return;
        setFieldError(input, presentError(err).fields.picture ?? messageFor(err));
      } finally {
        input.value = "";
      }
    });
  });
  remove.addEventListener("click", () => withBusy(remove, t("picture.removing"), async () => {
    try {
      await ctx.backend.removeProfilePicture();
      current = null;
      if (!ctx.alive()) return;
      paint();
      done("picture.removed");
    } catch (err) {
      if (ctx.alive() && !sessionEnded(ctx, err)) setAlert(alert, messageFor(err));
    }
  }));
  paint();
  if (params.picture === undefined) {
    ctx.backend.profilePicture().then((url) => { if (ctx.alive()) { current = url; paint(); } }, (err) => { if (ctx.alive()) sessionEnded(ctx, err); });
  }
  return screenCard({ screen: "picture", title: t("picture.title"), size: "medium" },
    status,
    preview,
    field({ id: "picture-file", label: t("picture.choose"), input, hint: t("picture.hint") }),
    alert,
    h("div", { class: "profile-actions" }, remove),
    h("p", { class: "card-footer" }, backToHome(ctx, signedIn, "picture-back")));
}

/**
 * "Export my data": asks where to save with the native save dialog (the host's dialog plugin),
 * then has the backend write the file there. Resolves to the path, or null when cancelled.
 */
export async function exportMyData(ctx) {
  const path = await ctx.backend.chooseSavePath(t("export.fileName"));
  if (!path) return null;
  await ctx.backend.exportAccountData(path);
  return path;
}
