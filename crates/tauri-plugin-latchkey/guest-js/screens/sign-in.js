// Sign in: email or username + password, "Remember me" on by default.
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { field, checkbox, alertSlot, errorPresenter, onSubmit, valuesOf, setAlert, withBusy } from "../form.js";
import { validateSignIn } from "../validate.js";
import { messageFor } from "../errors.js";
import { screenCard, devMailboxHint, notice, linkButton } from "./common.js";
import { askForCode } from "./phone.js";

/** A kiosk's start screen: the operator's name and support line, from the operator's config. */
function kioskWelcome(ctx) {
  const { operatorName = null, supportLine = null } = ctx.kiosk ?? {};
  if (!operatorName && !supportLine) return null;
  return h("div", { class: "kiosk-welcome", id: "kiosk-welcome" },
    operatorName ? h("p", { class: "kiosk-operator", id: "kiosk-operator-name" }, operatorName) : null,
    supportLine ? h("p", { class: "muted small", id: "kiosk-support-line" }, supportLine) : null);
}

/** @param {{notice?: string|null, noticeKey?: string|null, alert?: string|null, identifier?: string}} params */
export function render(ctx, params = {}) {
  const identifier = h("input", {
    id: "sign-in-identifier", name: "identifier", type: "text", autocomplete: "username",
    autocapitalize: "off", spellcheck: "false", value: params.identifier ?? null, "data-autofocus": true,
  });
  const password = h("input", { id: "sign-in-password", name: "password", type: "password", autocomplete: "current-password" });
  const remember = checkbox({ id: "sign-in-remember", label: t("signIn.remember"), checked: params.remember ?? true });
  const rememberInput = remember.querySelector("input");
  // A kiosk remembers nobody (the plugin refuses too): no checkbox to suggest otherwise.
  const remembers = !ctx.kiosk;
  const alert = alertSlot("sign-in-alert");
  const submit = h("button", { type: "submit", class: "primary", id: "sign-in-submit" }, t("signIn.submit"));
  const form = h(
    "form",
    { id: "sign-in-form", novalidate: true },
    field({ id: "sign-in-identifier", label: t("signIn.identifier"), input: identifier }),
    field({ id: "sign-in-password", label: t("signIn.password"), input: password }),
    h("div", { class: "row-between" },
      remembers ? remember : h("span"),
      ctx.allows("forgot") ? linkButton("sign-in-forgot", t("signIn.forgot"), () => ctx.go("forgot", { identifier: identifier.value })) : null),
    alert,
    submit,
  );
  const errors = errorPresenter(form, { identifier, password }, alert);
  // Issue 11: a code instead of the password, by email or by text.
  if (ctx.allows("sign-in-code")) {
    const codeButton = (id, label, channel) => {
      const button = h("button", { type: "button", class: "secondary", id }, label);
      button.addEventListener("click", () => withBusy(button, t("common.loading"), () =>
        askForCode(ctx, { identifierInput: identifier, errors, channel, remember: remembers && rememberInput.checked })));
      return button;
    };
    form.append(h("div", { class: "row-between", id: "sign-in-code-options" },
      codeButton("sign-in-email-code", t("signin.emailCode"), "email"),
      codeButton("sign-in-sms-code", t("signin.smsCode"), "sms")));
  }
  if (params.alert) setAlert(alert, params.alert);

  onSubmit(form, submit, t("signIn.busy"), async () => {
    const values = valuesOf({ identifier, password });
    const invalid = validateSignIn(values);
    if (Object.keys(invalid).length) return errors.show(invalid);
    errors.clear();
    try {
      const signedIn = await ctx.backend.logIn({ identifier: values.identifier.trim(), password: values.password, remember: remembers && rememberInput.checked });
      if (ctx.alive()) ctx.signedIn(signedIn);
    } catch (err) {
      if (!ctx.alive()) return;
      if (err.code === "email_not_verified") {
        ctx.go("verify", {
          email: err.details?.email ?? values.identifier.trim(),
          handle: err.details?.handle,
          codeStatus: err.details?.codeStatus ?? null,
          remember: remembers && rememberInput.checked,
          notice: t("verify.notVerified"),
        });
        return;
      }
      // Never say which of identifier/password was wrong: the alert names both.
      password.value = "";
      setAlert(alert, messageFor(err));
      password.focus();
    }
  });

  return screenCard(
    { screen: "sign-in", title: t("signIn.title"), subtitle: t("signIn.subtitle") },
    kioskWelcome(ctx),
    notice("sign-in-notice", params.notice ?? (params.noticeKey ? t(params.noticeKey) : null), params.noticeKind ?? "info"),
    form,
    ctx.allows("register") ? h("p", { class: "card-footer" },
      t("signIn.noAccount"), " ",
      linkButton("sign-in-create-account", t("signIn.createAccount"), () => ctx.go("register"))) : null,
    devMailboxHint(ctx),
  );
}
