// Create account: seven fields, a live strength meter fed by the backend's estimator, inline errors.
// "Confirm password" is checked here and never sent.
import { h } from "../dom.js";
import { t, language, hasKey } from "../i18n.js";
import { field, alertSlot, errorPresenter, onSubmit, valuesOf } from "../form.js";
import { validateRegister, registrationPayload } from "../validate.js";
import { screenCard, devMailboxHint, linkButton } from "./common.js";
import { strengthMeter } from "./strength.js";

export function render(ctx, params = {}) {
  const text = (id, name, autocomplete, extra = {}) =>
    h("input", { id, name, type: "text", autocomplete, value: params[name] ?? null, ...extra });
  const inputs = {
    firstName: text("register-first-name", "firstName", "given-name", { "data-autofocus": true }),
    lastName: text("register-last-name", "lastName", "family-name"),
    email: text("register-email", "email", "email", { type: "email", autocapitalize: "off", spellcheck: "false" }),
    phone: text("register-phone", "phone", "tel", { type: "tel" }),
    username: text("register-username", "username", "username", { autocapitalize: "off", spellcheck: "false" }),
    password: h("input", { id: "register-password", name: "password", type: "password", autocomplete: "new-password" }),
    confirmPassword: h("input", { id: "register-confirm-password", name: "confirmPassword", type: "password", autocomplete: "new-password" }),
    inviteCode: text("register-invite-code", "inviteCode", "off", { autocapitalize: "characters", spellcheck: "false", maxlength: "16" }),
    roles: h("select", { id: "register-role", name: "roles" }),
  };
  // Issue 13: who may register (an invite code required in `invite_only`) and which roles a
  // person may pick; both arrive after the form, which works without them.
  const inviteLabel = h("span", {}, t("register.inviteCodeOptional"));
  const roleField = field({ id: "register-role", label: t("register.role"), input: inputs.roles, className: "span-2" });
  roleField.hidden = true;
  let mode = "open";
  ctx.backend.registrationOptions?.().then((options) => {
    if (!ctx.alive() || !options) return;
    mode = options.mode;
    if (mode === "invite_only") inviteLabel.textContent = t("register.inviteCode");
    const roles = options.roles ?? [];
    if (roles.length > 1) {
      inputs.roles.replaceChildren(...roles.map((r) => h("option", { value: r.name, selected: r.name === options.defaultRole ? true : null },
        hasKey(`role.${r.name}`) ? t(`role.${r.name}`) : r.name)));
      roleField.hidden = false;
    }
  }, () => { /* the form still works: the backend applies the mode */ });
  const meter = strengthMeter(ctx, {
    id: "register-strength",
    password: inputs.password,
    userInputs: () => [inputs.firstName.value, inputs.lastName.value, inputs.email.value, inputs.username.value],
  });
  const alert = alertSlot("register-alert");
  const submit = h("button", { type: "submit", class: "primary", id: "register-submit" }, t("register.submit"));
  const form = h(
    "form",
    { id: "register-form", novalidate: true },
    h("div", { class: "grid-2" },
      field({ id: "register-first-name", label: t("register.firstName"), input: inputs.firstName }),
      field({ id: "register-last-name", label: t("register.lastName"), input: inputs.lastName }),
      field({ id: "register-email", label: t("register.email"), input: inputs.email }),
      field({ id: "register-phone", label: t("register.phone"), input: inputs.phone, hint: t("register.phoneHint") }),
      field({ id: "register-username", label: t("register.username"), input: inputs.username, hint: t("register.usernameHint"), className: "span-2" }),
      field({ id: "register-password", label: t("register.password"), input: inputs.password, extra: meter.element }),
      field({ id: "register-confirm-password", label: t("register.confirmPassword"), input: inputs.confirmPassword }),
      field({ id: "register-invite-code", label: inviteLabel, input: inputs.inviteCode, hint: t("register.inviteCodeHint"), className: "span-2" }),
      roleField,
    ),
    alert,
    submit,
  );
  const errors = errorPresenter(form, inputs, alert);

  onSubmit(form, submit, t("register.busy"), async () => {
    const values = valuesOf(inputs);
    const invalid = validateRegister(values);
    if (mode === "invite_only" && !String(values.inviteCode ?? "").trim()) invalid.inviteCode = t("error.invite_required");
    if (Object.keys(invalid).length) {
      // The form is not sent while the confirmation differs, but the person should see every
      // other problem now too, not one round at a time: ask the backend, which creates nothing.
      let fromBackend = [];
      if (invalid.confirmPassword && Object.keys(invalid).length === 1) {
        try {
          fromBackend = await ctx.backend.checkRegistration(registrationPayload(values));
        } catch {
          fromBackend = [];
        }
        if (!ctx.alive()) return;
      }
      const merged = Object.fromEntries(fromBackend.map((f) => [f.field, f.message]));
      return errors.show({ ...merged, ...invalid });
    }
    errors.clear();
    try {
      // The screen's language: the account keeps it, and the verification email is written in it.
      const result = await ctx.backend.register({
        ...registrationPayload(values),
        locale: language(),
        inviteCode: String(values.inviteCode ?? "").trim() || null,
        roles: roleField.hidden || !values.roles ? [] : [values.roles],
      });
      if (ctx.alive()) ctx.go("verify", { email: result.email, handle: result.handle, codeStatus: result.codeStatus, remember: true });
    } catch (err) {
      if (ctx.alive()) errors.showError(err);
    }
  });

  return screenCard(
    { screen: "register", title: t("register.title"), subtitle: t("register.subtitle"), size: "medium" },
    form,
    h("p", { class: "card-footer" },
      t("register.haveAccount"), " ",
      linkButton("register-sign-in", t("register.signIn"), () => ctx.go("sign-in"))),
    devMailboxHint(ctx),
  );
}
