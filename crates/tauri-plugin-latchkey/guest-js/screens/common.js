// Pieces several screens share: the card frame and the dev-mailbox hint.
import { h } from "../dom.js";
import { t } from "../i18n.js";

/**
 * The root of a screen: a card with a title, `data-screen` for tests, labelled by its heading.
 * @param {{screen: string, title: string, subtitle?: string|Node|null, size?: "narrow"|"medium"|"wide"}} spec
 */
export function screenCard({ screen, title, subtitle = null, size = "narrow" }, ...children) {
  const titleId = `${screen}-title`;
  return h(
    "section",
    { class: `card ${size}`, "data-screen": screen, "aria-labelledby": titleId },
    h("h1", { id: titleId }, title),
    subtitle ? h("p", { class: "subtitle" }, subtitle) : null,
    ...children,
  );
}

/** In dev-mailbox mode, a visible way to read the codes that "were sent" (if the host has the mailbox). */
export function devMailboxHint(ctx) {
  if (ctx.mailMode !== "dev_mailbox" || !ctx.allows("mailbox")) return null;
  return h(
    "div",
    { class: "dev-hint" },
    h("p", {}, t("common.devMailboxHint")),
    h("button", { type: "button", id: "open-mailbox", class: "secondary small", onclick: () => ctx.openAside("mailbox") }, t("common.openMailbox")),
  );
}

/** A notice that is not an error (success, info): announced politely. */
export function notice(id, text, kind = "info") {
  if (!text) return null;
  return h("div", { class: `notice ${kind}`, role: "status", id }, text);
}

/** A button styled as a link, for navigation between the signed-out screens. */
export const linkButton = (id, label, onclick) => h("button", { type: "button", class: "link", id, onclick }, label);
