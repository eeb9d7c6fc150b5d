// Forgot password: ask for a reset code by email or username. The answer looks the same whether
// or not an account exists, so this screen never says which.
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { field, alertSlot, errorPresenter, onSubmit } from "../form.js";
import { validateForgot } from "../validate.js";
import { screenCard, devMailboxHint, linkButton } from "./common.js";

export function render(ctx, params = {}) {
  const identifier = h("input", {
    id: "forgot-identifier", name: "identifier", type: "text", autocomplete: "username",
    autocapitalize: "off", spellcheck: "false", value: params.identifier || null, "data-autofocus": true,
  });
  const alert = alertSlot("forgot-alert");
  const submit = h("button", { type: "submit", class: "primary", id: "forgot-submit" }, t("forgot.submit"));
  const form = h("form", { id: "forgot-form", novalidate: true },
    field({ id: "forgot-identifier", label: t("forgot.identifier"), input: identifier }),
    alert,
    submit);
  const errors = errorPresenter(form, { identifier }, alert);

  onSubmit(form, submit, t("forgot.busy"), async () => {
    const value = identifier.value.trim();
    const invalid = validateForgot({ identifier: value });
    if (Object.keys(invalid).length) return errors.show(invalid);
    errors.clear();
    try {
      const result = await ctx.backend.requestPasswordReset({ identifier: value });
      if (ctx.alive()) ctx.go("reset", { identifier: value, sentTo: result.sentTo, codeStatus: result.codeStatus });
    } catch (err) {
      if (!ctx.alive()) return;
      // A cooldown means a code was sent moments ago: go and enter it.
      if (err.code === "resend_cooldown") {
        ctx.go("reset", { identifier: value, sentTo: value, codeStatus: null, alert: err });
        return;
      }
      errors.showError(err);
    }
  });

  return screenCard(
    { screen: "forgot", title: t("forgot.title"), subtitle: t("forgot.subtitle") },
    form,
    h("p", { class: "card-footer" }, linkButton("forgot-back", t("forgot.back"), () => ctx.go("sign-in"))),
    devMailboxHint(ctx),
  );
}
