// Issue 11: sign in with a code ("Email me a code" / "Text me a code"), verify the phone by a
// texted code, and the dev SMS inbox (texts while no SMS gateway is configured).
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { field, checkbox, alertSlot, errorPresenter, onSubmit, setAlert, withBusy } from "../form.js";
import { messageFor } from "../errors.js";
import { formatRelative } from "../format.js";
import { screenCard, notice, linkButton } from "./common.js";

const CODE_PATTERN = /^[0-9\s-]+$/;

/** Where a text stands: queued / sent / failed (reason). */
function deliveryLine(delivery) {
  if (!delivery) return null;
  const text = delivery.state === "failed"
    ? t("delivery.failed", { reason: delivery.reason ?? "" })
    : delivery.state === "queued" ? t("delivery.queued") : t("delivery.sent");
  return h("p", { class: `delivery ${delivery.state}`, id: "phone-delivery", role: "status" }, text);
}

/** Code entry after "Email me a code" / "Text me a code". params: {identifier, channel, remember}. */
export function signInCode(ctx, params = {}) {
  const code = h("input", { id: "sign-in-code", name: "code", type: "text", inputmode: "numeric", autocomplete: "one-time-code", "data-autofocus": true });
  const remember = checkbox({ id: "sign-in-code-remember", label: t("signIn.remember"), checked: params.remember ?? true });
  const remembers = !ctx.kiosk;
  const alert = alertSlot("sign-in-code-alert");
  const submit = h("button", { type: "submit", class: "primary", id: "sign-in-code-submit" }, t("signin.codeSubmit"));
  const form = h("form", { id: "sign-in-code-form", novalidate: true },
    field({ id: "sign-in-code", label: t("signin.codeLabel"), input: code }),
    remembers ? remember : null, alert, submit);
  const errors = errorPresenter(form, { code }, alert);
  onSubmit(form, submit, t("signIn.busy"), async () => {
    const value = code.value.trim();
    if (!value || !CODE_PATTERN.test(value)) return errors.show({ code: t("error.code_format") });
    errors.clear();
    try {
      const signedIn = await ctx.backend.signInWithCode({
        identifier: params.identifier, code: value, remember: remembers && remember.querySelector("input").checked,
      });
      if (ctx.alive()) ctx.signedIn(signedIn);
    } catch (err) {
      if (ctx.alive()) errors.showError(err);
    }
  });
  return screenCard({ screen: "sign-in-code", title: params.channel === "sms" ? t("signin.smsCode") : t("signin.emailCode") },
    notice("sign-in-code-notice", t("signin.codeSent"), "info"),
    form,
    h("p", { class: "card-footer" },
      linkButton("sign-in-code-password", t("signin.usePassword"), () => ctx.go("sign-in", { identifier: params.identifier }))));
}

/** Asks for a sign-in code from the sign-in screen; shows errors next to the identifier. */
export async function askForCode(ctx, { identifierInput, errors, channel, remember }) {
  const identifier = identifierInput.value.trim();
  if (!identifier) return errors.show({ identifier: t("error.required") });
  errors.clear();
  try {
    await ctx.backend.requestSignInCode({ identifier, channel });
  } catch (err) {
    if (!ctx.alive()) return undefined;
    // A cooldown still means a code is on its way: go on to the code step.
    if (err.code !== "resend_cooldown") return errors.showError(err);
  }
  if (ctx.alive()) ctx.go("sign-in-code", { identifier, channel, remember });
  return undefined;
}

/** "Verify phone": text a code to the account's phone, then type it. */
export function verifyPhone(ctx, params = {}) {
  const badge = h("span", { class: "badge", id: "phone-badge" }, "…");
  const number = h("span", { id: "phone-number" }, "");
  const deliverySlot = h("div", { id: "phone-delivery-slot" });
  const done = h("p", { class: "notice success", id: "phone-done", role: "status" });
  const alert = alertSlot("phone-alert");
  const code = h("input", { id: "phone-code", name: "code", type: "text", inputmode: "numeric", autocomplete: "one-time-code" });
  const send = h("button", { type: "button", class: "secondary", id: "phone-send" }, t("phone.sendCode"));
  const submit = h("button", { type: "submit", class: "primary", id: "phone-confirm" }, t("phone.confirm"));
  const form = h("form", { id: "phone-form", novalidate: true },
    field({ id: "phone-code", label: t("phone.codeLabel"), input: code }), alert, submit);
  const errors = errorPresenter(form, { code }, alert);
  // While the text waits in the outbox, its state is polled (queued → sent / failed).
  let polling = false;
  const poll = () => {
    if (polling) return;
    polling = true;
    const tick = () => setTimeout(() => {
      if (!ctx.alive()) return;
      ctx.backend.phoneStatus().then((status) => {
        if (!ctx.alive()) return;
        show(status);
        if (status.delivery?.state === "queued") tick(); else polling = false;
      }, () => { polling = false; });
    }, 1000);
    tick();
  };
  const show = (status) => {
    number.textContent = status.phone;
    badge.textContent = status.verified ? t("phone.verified") : t("phone.unverified");
    badge.className = `badge ${status.verified ? "ok" : "warn"}`;
    deliverySlot.replaceChildren(...[deliveryLine(status.delivery)].filter(Boolean));
    form.hidden = status.verified;
    send.hidden = status.verified;
    done.textContent = status.verified ? t("phone.done") : "";
    if (status.delivery?.state === "queued") poll();
  };
  send.addEventListener("click", () => withBusy(send, t("common.loading"), async () => {
    try {
      const status = await ctx.backend.requestPhoneCode();
      if (!ctx.alive()) return;
      show(status);
      setAlert(alert, t("phone.codeSent", { phone: status.phone }), "info");
      code.focus();
    } catch (err) {
      if (ctx.alive()) setAlert(alert, messageFor(err));
    }
  }));
  onSubmit(form, submit, t("common.loading"), async () => {
    const value = code.value.trim();
    if (!value || !CODE_PATTERN.test(value)) return errors.show({ code: t("error.code_format") });
    errors.clear();
    try {
      const status = await ctx.backend.confirmPhone({ code: value });
      if (ctx.alive()) show(status);
    } catch (err) {
      if (ctx.alive()) errors.showError(err);
    }
  });
  ctx.backend.phoneStatus().then((status) => { if (ctx.alive()) show(status); }, (err) => { if (ctx.alive()) setAlert(alert, messageFor(err)); });
  return screenCard({ screen: "verify-phone", title: t("phone.title") },
    params.offer ? notice("phone-offer", t("phone.offer"), "info") : null,
    h("p", {}, number, " ", badge),
    done, deliverySlot, send, form,
    h("p", { class: "card-footer" },
      linkButton("phone-back", t("nav.back"), () => ctx.go("home", { signedIn: params.signedIn }))));
}

/** The dev SMS inbox: newest text first, with its text. */
export function smsInbox(ctx, params = {}) {
  const alert = alertSlot("sms-inbox-alert");
  const list = h("ul", { class: "mail-list", id: "sms-inbox-list" });
  const refresh = h("button", { type: "button", class: "secondary", id: "sms-inbox-refresh" }, t("mailbox.refresh"));
  async function load() {
    try {
      const texts = await ctx.backend.smsInboxList();
      if (!ctx.alive()) return;
      list.replaceChildren(...(texts.length ? texts.map((m) => h("li", { class: "sms-item", "data-message-id": String(m.id) },
        h("span", { class: "mail-meta" }, m.to, " · ", formatRelative(m.createdAt, ctx.now())),
        h("pre", { class: "sms-text" }, m.text))) : [h("li", { class: "muted", id: "sms-inbox-empty" }, t("smsinbox.empty"))]));
    } catch (err) {
      if (ctx.alive()) setAlert(alert, messageFor(err));
    }
  }
  refresh.addEventListener("click", () => withBusy(refresh, t("common.loading"), load));
  load();
  return screenCard({ screen: "sms-inbox", title: t("smsinbox.title"), subtitle: t("smsinbox.note"), size: "medium" },
    alert, refresh, list,
    h("p", { class: "card-footer" },
      linkButton("sms-inbox-back", t("nav.back"), () => ctx.go("home", { signedIn: params.signedIn }))));
}
