// Mail settings: SMTP URL, from-address and the SMTP password (kept in the OS keyring by the
// backend; this screen only ever sends it, never reads it back), plus a test email.
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { field, alertSlot, errorPresenter, onSubmit, setAlert, withBusy } from "../form.js";
import { messageFor } from "../errors.js";
import { screenCard } from "./common.js";

export function render(ctx, params = {}) {
  const smtpUrl = h("input", { id: "settings-smtp-url", name: "smtpUrl", type: "url", autocomplete: "off", spellcheck: "false", "data-autofocus": true });
  const mailFrom = h("input", { id: "settings-mail-from", name: "mailFrom", type: "text", autocomplete: "off", spellcheck: "false" });
  const smtpPassword = h("input", { id: "settings-smtp-password", name: "smtpPassword", type: "password", autocomplete: "new-password" });
  const testTo = h("input", { id: "settings-test-to", name: "to", type: "email", autocomplete: "email", value: params.testTo ?? null });
  const passwordHint = h("span", {}, t("settings.passwordKeyring"));
  const modeLine = h("p", { class: "muted small", id: "settings-mode" });
  const alert = alertSlot("settings-alert");
  const testAlert = alertSlot("settings-test-alert");
  const save = h("button", { type: "submit", class: "primary", id: "settings-save" }, t("settings.save"));
  const back = h("button", { type: "button", class: "secondary", id: "settings-back", onclick: () => ctx.back() }, t("nav.back"));
  const inputs = { smtpUrl, mailFrom, smtpPassword };
  const form = h("form", { id: "settings-form", novalidate: true },
    field({ id: "settings-smtp-url", label: t("settings.smtpUrl"), input: smtpUrl, hint: t("settings.smtpUrlHint") }),
    h("div", { class: "grid-2" },
      field({ id: "settings-mail-from", label: t("settings.mailFrom"), input: mailFrom }),
      field({ id: "settings-smtp-password", label: t("settings.smtpPassword"), input: smtpPassword, hint: passwordHint })),
    alert,
    h("div", { class: "button-row" }, back, save));
  const errors = errorPresenter(form, inputs, alert);

  function show(settings) {
    smtpUrl.value = settings.smtpUrl ?? "";
    mailFrom.value = settings.mailFrom ?? "";
    smtpPassword.value = "";
    passwordHint.textContent = !settings.keyringAvailable ? t("settings.keyringMissing")
      : settings.hasPassword ? t("settings.passwordSaved") : t("settings.passwordKeyring");
    smtpPassword.disabled = !settings.keyringAvailable;
    modeLine.replaceChildren(
      settings.mode === "smtp" ? t("settings.modeSmtp") : settings.mode === "held" ? t("settings.modeHeld") : t("settings.modeDev"),
      settings.source ? ` ${t("settings.source", { source: settings.source })}` : "");
    // A setting that cannot be used (e.g. a typo in LATCHKEY_SMTP_URL): say what is wrong.
    if (settings.problem) setAlert(alert, settings.problem);
    ctx.setMailMode(settings.mode);
  }

  ctx.backend.mailSettingsGet().then((s) => ctx.alive() && show(s), (err) => ctx.alive() && setAlert(alert, messageFor(err)));

  onSubmit(form, save, t("settings.saveBusy"), async () => {
    errors.clear();
    try {
      const saved = await ctx.backend.mailSettingsSave({
        smtpUrl: smtpUrl.value.trim(),
        mailFrom: mailFrom.value.trim(),
        smtpPassword: smtpPassword.value === "" ? null : smtpPassword.value,
      });
      if (!ctx.alive()) return;
      show(saved);
      setAlert(alert, t("settings.saved"), "success");
    } catch (err) {
      if (!ctx.alive()) return;
      errors.showError(err.code === "keyring_unavailable" ? Object.assign(err, { field: "smtpPassword" }) : err);
    }
  });

  const testButton = h("button", { type: "submit", class: "secondary", id: "settings-test" }, t("settings.test"));
  const testForm = h("form", { id: "settings-test-form", class: "test-form", novalidate: true },
    field({ id: "settings-test-to", label: t("settings.testTo"), input: testTo }),
    testButton);
  const testErrors = errorPresenter(testForm, { to: testTo }, testAlert);
  testForm.addEventListener("submit", (event) => {
    event.preventDefault();
    withBusy(testButton, t("settings.testBusy"), async () => {
      testErrors.clear();
      try {
        const result = await ctx.backend.mailSendTest(testTo.value.trim());
        if (ctx.alive()) setAlert(testAlert, result.message, result.ok ? "success" : "error");
      } catch (err) {
        if (ctx.alive()) testErrors.showError(err);
      }
    });
  });

  return screenCard(
    { screen: "settings", title: t("settings.title"), subtitle: t("settings.subtitle"), size: "medium" },
    modeLine,
    form,
    h("hr"),
    testForm,
    testAlert,
  );
}
