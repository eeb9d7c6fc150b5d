// Reset password: the code from the email plus a new password (confirmed here, never sent twice).
// Success revokes every session (the core does that) and returns to Sign in with a notice.
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { field, alertSlot, errorPresenter, onSubmit, setAlert } from "../form.js";
import { normalizeCode, validateReset } from "../validate.js";
import { screenCard, devMailboxHint, linkButton } from "./common.js";
import { codePanel } from "./code-panel.js";
import { codeInput } from "./verify.js";
import { strengthMeter } from "./strength.js";

/** @param {{identifier: string, sentTo?: string, codeStatus?: any, code?: string, alert?: any}} params */
export function render(ctx, params) {
  const identifier = params.identifier;
  const code = codeInput("reset-code", params.code ? normalizeCode(params.code) : null);
  const newPassword = h("input", { id: "reset-new-password", name: "newPassword", type: "password", autocomplete: "new-password" });
  const confirmPassword = h("input", { id: "reset-confirm-password", name: "confirmPassword", type: "password", autocomplete: "new-password" });
  const meter = strengthMeter(ctx, { id: "reset-strength", password: newPassword, userInputs: () => [identifier] });
  const alert = alertSlot("reset-alert");
  const submit = h("button", { type: "submit", class: "primary", id: "reset-submit" }, t("reset.submit"));
  const inputs = { code, newPassword, confirmPassword };
  const form = h("form", { id: "reset-form", novalidate: true });
  const errors = errorPresenter(form, inputs, alert);

  // code_status/resend for a reset are keyed by what the person typed (email or username).
  const panel = codePanel(ctx, {
    id: "reset",
    status: params.codeStatus ?? null,
    sentTo: params.sentTo || identifier,
    resend: async () => (await ctx.backend.requestPasswordReset({ identifier })).codeStatus,
    refresh: () => ctx.backend.codeStatus({ identifier, purpose: "reset_password" }),
    onResent: () => {
      errors.clear();
      setAlert(alert, t("verify.resent"), "info");
      code.value = "";
      code.focus();
    },
    onError: (err) => errors.showError(err),
  });

  form.append(
    field({ id: "reset-code", label: t("reset.code"), input: code, hint: t("verify.codeHint") }),
    h("div", { class: "grid-2" },
      field({ id: "reset-new-password", label: t("reset.newPassword"), input: newPassword, extra: meter.element }),
      field({ id: "reset-confirm-password", label: t("reset.confirmPassword"), input: confirmPassword })),
    alert,
    submit,
  );

  onSubmit(form, submit, t("reset.busy"), async () => {
    const values = { code: code.value, newPassword: newPassword.value, confirmPassword: confirmPassword.value };
    const invalid = validateReset(values);
    if (Object.keys(invalid).length) return errors.show(invalid);
    errors.clear();
    try {
      await ctx.backend.resetPassword({ identifier, code: normalizeCode(values.code), newPassword: values.newPassword });
      if (ctx.alive()) ctx.go("sign-in", { identifier, noticeKey: "signIn.resetDone", noticeKind: "success" });
    } catch (err) {
      if (!ctx.alive()) return;
      errors.showError(err);
      if (["code_expired", "code_exhausted", "code_not_found"].includes(err.code)) panel.reload();
    }
  });

  if (params.alert) errors.showError(params.alert);
  panel.reload();

  return screenCard(
    { screen: "reset", title: t("reset.title"), subtitle: t("reset.subtitle", { identifier }), size: "medium" },
    panel.element,
    form,
    h("p", { class: "card-footer" }, linkButton("reset-back", t("reset.back"), () => ctx.go("sign-in"))),
    devMailboxHint(ctx),
  );
}
