// Verify email: type or paste the code; success signs the person in and opens Home.
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { field, checkbox, alertSlot, errorPresenter, onSubmit, setAlert } from "../form.js";
import { normalizeCode, validateVerify } from "../validate.js";
import { screenCard, devMailboxHint, notice, linkButton } from "./common.js";
import { codePanel } from "./code-panel.js";

/** A code input that tolerates pasted separators and hints the numeric keyboard. */
export function codeInput(id, value = null) {
  const input = h("input", {
    id, name: "code", type: "text", class: "code-input", inputmode: "numeric",
    autocomplete: "one-time-code", autocapitalize: "off", spellcheck: "false", value, "data-autofocus": true,
  });
  input.addEventListener("input", () => {
    const clean = normalizeCode(input.value);
    if (clean !== input.value) input.value = clean;
  });
  return input;
}

/** `handle`: the pending registration this screen verifies (never the address).
 * @param {{handle: string, email: string, codeStatus?: any, remember?: boolean, notice?: string|null, code?: string}} params */
export function render(ctx, params) {
  const email = params.email;
  const handle = params.handle;
  const code = codeInput("verify-code", params.code ? normalizeCode(params.code) : null);
  const remember = checkbox({ id: "verify-remember", label: t("verify.remember"), checked: params.remember ?? true });
  const rememberInput = remember.querySelector("input");
  const remembers = !ctx.kiosk;
  const alert = alertSlot("verify-alert");
  const submit = h("button", { type: "submit", class: "primary", id: "verify-submit" }, t("verify.submit"));
  const form = h("form", { id: "verify-form", novalidate: true });
  const errors = errorPresenter(form, { code }, alert);

  const panel = codePanel(ctx, {
    id: "verify",
    status: params.codeStatus ?? null,
    sentTo: email,
    resend: () => ctx.backend.resendCode({ handle, purpose: "verify_email" }),
    refresh: () => ctx.backend.codeStatus({ handle, purpose: "verify_email" }),
    onResent: () => {
      errors.clear();
      setAlert(alert, t("verify.resent"), "info");
      code.value = "";
      code.focus();
    },
    onError: (err) => errors.showError(err),
  });

  form.append(
    field({ id: "verify-code", label: t("verify.code"), input: code, hint: t("verify.codeHint") }),
    remembers ? remember : null,
    alert,
    submit,
  );

  onSubmit(form, submit, t("verify.busy"), async () => {
    const invalid = validateVerify({ code: code.value });
    if (Object.keys(invalid).length) return errors.show(invalid);
    errors.clear();
    try {
      const signedIn = await ctx.backend.verifyEmail({ handle, code: normalizeCode(code.value), remember: remembers && rememberInput.checked });
      // Just verified: Home offers to verify the phone too (issue 11).
      if (ctx.alive()) ctx.signedIn(signedIn, { offerPhone: true });
    } catch (err) {
      if (!ctx.alive()) return;
      errors.showError(err);
      if (err.code === "code_invalid" && panel.status) {
        panel.update({ ...panel.status, attemptsLeft: err.details?.attemptsLeft ?? panel.status.attemptsLeft });
      }
      if (["code_expired", "code_exhausted", "code_not_found"].includes(err.code)) panel.reload();
      code.select?.();
    }
  });

  // The status we were handed may be old (e.g. coming back from the mailbox): ask again.
  if (!params.codeStatus || params.refresh !== false) panel.reload();

  return screenCard(
    { screen: "verify", title: t("verify.title"), subtitle: t("verify.subtitle") },
    notice("verify-notice", params.notice ?? null),
    panel.element,
    form,
    h("p", { class: "card-footer" }, linkButton("verify-back", t("verify.back"), () => ctx.go("sign-in"))),
    devMailboxHint(ctx),
  );
}
