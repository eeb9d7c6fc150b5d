// Dev mailbox: with no SMTP server configured, mail is "delivered" into the local database. This
// screen lists it (newest first) and shows a message's text part, with the code set apart.
import { h } from "../dom.js";
import { t, hasKey } from "../i18n.js";
import { alertSlot, setAlert, withBusy } from "../form.js";
import { messageFor } from "../errors.js";
import { extractCode } from "../validate.js";
import { formatDateTime, formatRelative } from "../format.js";
import { screenCard } from "./common.js";

export const MAILBOX_POLL_MS = 4000;

export function render(ctx) {
  const alert = alertSlot("mailbox-alert");
  const list = h("ul", { class: "mail-list", id: "mailbox-list", "aria-label": t("mailbox.messages") });
  const reader = h("div", { class: "mail-reader", id: "mailbox-reader", tabindex: "-1" }, h("p", { class: "muted" }, t("mailbox.pick")));
  let selected = null;
  let lastKey = "";

  const back = h("button", { type: "button", class: "secondary", id: "mailbox-back", "data-autofocus": true, onclick: () => ctx.back() }, t("nav.back"));
  const refresh = h("button", { type: "button", class: "secondary", id: "mailbox-refresh" }, t("mailbox.refresh"));
  refresh.addEventListener("click", () => withBusy(refresh, t("common.loading"), () => load(true)));

  async function load(force = false) {
    try {
      const messages = await ctx.backend.mailboxList();
      if (!ctx.alive()) return;
      const sorted = [...messages].sort((a, b) => b.createdAt - a.createdAt);
      const key = JSON.stringify(sorted.map((m) => [m.id, m.read, m.status]));
      if (!force && key === lastKey) return;
      lastKey = key;
      const focusedId = list.contains(list.ownerDocument.activeElement) ? list.ownerDocument.activeElement.dataset.messageId : null;
      list.replaceChildren(...(sorted.length ? sorted.map((m) => h("li", {},
        h("button", {
          type: "button", class: `mail-item${m.read ? "" : " unread"}`, "data-message-id": String(m.id),
          "aria-current": String(m.id) === String(selected) ? "true" : null,
          onclick: () => open(m.id),
        },
          h("span", { class: "mail-subject" }, m.subject, m.read ? null : h("span", { class: "visually-hidden" }, ` (${t("mailbox.unread")})`)),
          h("span", { class: "mail-meta" }, m.to, " · ", formatRelative(m.createdAt, ctx.now())),
        ))) : [h("li", { class: "muted empty" }, t("mailbox.empty"))]));
      if (focusedId) [...list.querySelectorAll("[data-message-id]")].find((b) => b.dataset.messageId === focusedId)?.focus();
    } catch (err) {
      if (ctx.alive()) setAlert(alert, messageFor(err));
    }
  }

  async function open(id) {
    selected = id;
    for (const b of list.querySelectorAll("[data-message-id]")) {
      if (b.dataset.messageId === String(id)) b.setAttribute("aria-current", "true");
      else b.removeAttribute("aria-current");
    }
    try {
      const m = await ctx.backend.mailboxRead(id);
      if (!ctx.alive() || selected !== id) return;
      const code = extractCode(m.text);
      const canUse = code && ["verify", "reset"].includes(ctx.returnScreen);
      reader.replaceChildren(
        h("h2", { id: "mailbox-subject" }, m.subject),
        h("dl", { class: "mail-headers" },
          h("dt", {}, t("mailbox.to")), h("dd", {}, m.to),
          h("dt", {}, t("mailbox.date")), h("dd", {}, formatDateTime(m.sentAt ?? m.createdAt)),
          h("dt", {}, t("mailbox.status")), h("dd", {}, hasKey(`mailbox.status.${m.status}`) ? t(`mailbox.status.${m.status}`) : m.status)),
        code ? h("div", { class: "mail-code" },
          h("span", { class: "mail-code-label" }, t("mailbox.code")),
          h("output", { id: "mailbox-code", "data-testid": "mailbox-code" }, code),
          canUse ? h("button", { type: "button", class: "primary small", id: "mailbox-use-code", onclick: () => ctx.back({ code }) }, t("mailbox.useCode")) : null) : null,
        h("pre", { id: "mailbox-text", class: "mail-text" }, m.text ?? ""),
      );
      reader.focus();
      load();
    } catch (err) {
      if (ctx.alive()) setAlert(alert, messageFor(err));
    }
  }

  load(true);
  ctx.every(MAILBOX_POLL_MS, () => load());

  return screenCard(
    { screen: "mailbox", title: t("mailbox.title"), size: "wide" },
    h("p", { class: "notice info local-notice", id: "mailbox-local-notice" }, t("mailbox.localNotice")),
    alert,
    h("div", { class: "toolbar" }, back, refresh),
    h("div", { class: "mailbox-panes" }, list, reader),
  );
}
