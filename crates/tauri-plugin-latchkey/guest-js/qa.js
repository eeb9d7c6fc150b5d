// QA mode's page side: the permanent banner and the tester's tools (time travel, latest code,
// fixtures, mail faults, the outbox search, reset data). Every tool calls a `qa_*` command,
// which the plugin refuses outside QA mode whatever this page does.
import { h, mount } from "./dom.js";
import { t } from "./i18n.js";
import { presentError, messageFor } from "./errors.js";
import { formatDateTime, formatDuration } from "./format.js";
import * as api from "./api.js";

export const TRAVEL_STEPS = [["60", 60], ["600", 600], ["3600", 3600], ["86400", 86400]];
export const FAULTS = ["none", "refuse_next", "delay_next", "hold_offline"];

/** Copies `text`; falls back to selecting `node` where the clipboard is not allowed. */
async function copy(text, node) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const range = node.ownerDocument.createRange();
    range.selectNodeContents(node);
    node.ownerDocument.getSelection()?.removeAllRanges();
    node.ownerDocument.getSelection()?.addRange(range);
  }
}

/** A labelled input with its error slot, ids `<id>` and `<id>-error`. */
function input(id, label, attrs = {}) {
  const el = h("input", { id, "aria-describedby": `${id}-error`, ...attrs });
  const error = h("p", { class: "field-error", id: `${id}-error`, hidden: true });
  const wrap = h("div", { class: "field" }, h("label", { for: id }, label), el, error);
  const setError = (message) => {
    error.textContent = message ?? "";
    error.hidden = !message;
    if (message) el.setAttribute("aria-invalid", "true");
    else el.removeAttribute("aria-invalid");
  };
  return { el, wrap, setError };
}

/** Shows `err` next to `field` when it names a field, else (an unexpected failure) in `alert`. */
function showError(err, field, alert) {
  const { fields, alert: general } = presentError(err);
  const mine = Object.values(fields)[0] ?? null;
  field.setError(mine);
  alert.textContent = mine ? "" : general ?? "";
}

/**
 * Mounts the banner and the tools into `element`.
 * @param {HTMLElement} element
 * @param {{latchkey: {setClockOffset: (ms: number) => void, now: () => number}, info: any, backend?: typeof api}} options
 */
export function mountQaTools(element, { latchkey, info, backend = api }) {
  let offsetMs = Number(info?.qa?.clockOffsetMs) || 0;
  const clockText = h("span", { id: "qa-clock" });
  const toggle = h("button", { type: "button", class: "secondary small", id: "qa-tools-toggle", "aria-expanded": "false", "aria-controls": "qa-panel" }, t("qa.tools"));
  const banner = h("div", { class: "qa-banner", id: "qa-banner", role: "note" },
    h("strong", {}, t("qa.banner")), " ", clockText, " ", toggle);
  const alert = h("p", { class: "form-alert", id: "qa-alert", role: "alert" });

  function paintClock() {
    clockText.textContent = offsetMs > 0
      ? t("qa.clockAhead", { duration: formatDuration(Math.round(offsetMs / 1000)), time: formatDateTime(latchkey.now()) })
      : t("qa.clockReal");
  }
  function adopt(status) {
    offsetMs = Number(status?.clockOffsetMs) || 0;
    latchkey.setClockOffset(offsetMs);
    paintClock();
    if (status && "mailFault" in status) faultStatus.textContent = t(`qa.fault-${status.mailFault ?? "none"}`);
  }

  // Time travel.
  const minutes = input("qa-travel-minutes", t("qa.travelCustom"), { type: "number", min: "1", step: "1", inputmode: "numeric" });
  const travel = async (secs) => {
    minutes.setError(null);
    try {
      adopt(await backend.qaTimeTravel(secs));
    } catch (err) {
      showError(err, minutes, alert);
    }
  };
  const travelSection = h("section", { class: "qa-section", "aria-labelledby": "qa-travel-title" },
    h("h2", { id: "qa-travel-title" }, t("qa.travelTitle")),
    h("div", { class: "qa-row" },
      ...TRAVEL_STEPS.map(([id, secs]) => h("button", { type: "button", class: "secondary small", id: `qa-travel-${id}`, onclick: () => travel(secs) }, t(`qa.travel-${id}`))),
      h("button", { type: "button", class: "link", id: "qa-travel-reset", onclick: async () => {
        try { adopt(await backend.qaTimeReset()); } catch (err) { alert.textContent = messageFor(err); }
      } }, t("qa.travelReset"))),
    h("form", { class: "qa-row", id: "qa-travel-form", novalidate: true, onsubmit: (e) => {
      e.preventDefault();
      const n = Number(minutes.el.value);
      if (!minutes.el.value.trim() || !Number.isInteger(n) || n < 1) return minutes.setError(t("qa.travelInvalid"));
      travel(n * 60);
    } }, minutes.wrap, h("button", { type: "submit", class: "secondary small", id: "qa-travel-go" }, t("qa.travelGo"))));

  // Latest code.
  const latestTo = input("qa-latest-to", t("qa.latestTo"), { type: "text", autocomplete: "off", spellcheck: "false" });
  const latestCode = h("output", { id: "qa-latest-code", class: "qa-code" });
  const latestMeta = h("p", { class: "muted small", id: "qa-latest-meta" });
  const latestCopy = h("button", { type: "button", class: "link", id: "qa-latest-copy", hidden: true, onclick: () => copy(latestCode.textContent, latestCode) }, t("qa.copy"));
  const latestSection = h("section", { class: "qa-section", "aria-labelledby": "qa-latest-title" },
    h("h2", { id: "qa-latest-title" }, t("qa.latestTitle")),
    h("form", { class: "qa-row", id: "qa-latest-form", novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      latestTo.setError(null);
      latestCode.textContent = "";
      latestMeta.textContent = "";
      latestCopy.hidden = true;
      if (!latestTo.el.value.trim()) return latestTo.setError(t("qa.latestRequired"));
      try {
        const found = await backend.qaLatestCode(latestTo.el.value.trim());
        latestCode.textContent = found.code ?? "";
        latestCopy.hidden = !found.code;
        latestMeta.textContent = t("qa.latestMeta", { subject: found.subject, status: found.status, time: formatDateTime(found.createdAt) })
          + (found.lastError ? ` — ${found.lastError}` : "");
      } catch (err) {
        showError(err, latestTo, alert);
      }
    } }, latestTo.wrap, h("button", { type: "submit", class: "secondary small", id: "qa-latest-submit" }, t("qa.latestSubmit"))),
    h("p", { class: "qa-row" }, latestCode, latestCopy), latestMeta);

  // Fixtures.
  const count = input("qa-fixture-count", t("qa.fixtureCount"), { type: "number", min: "1", max: "50", value: "3", inputmode: "numeric" });
  const fixturesResult = h("div", { id: "qa-fixtures-result" });
  const fixturesSubmit = h("button", { type: "submit", class: "secondary small", id: "qa-fixtures-submit" }, t("qa.fixturesSubmit"));
  const fixturesSection = h("section", { class: "qa-section", "aria-labelledby": "qa-fixtures-title" },
    h("h2", { id: "qa-fixtures-title" }, t("qa.fixturesTitle")),
    h("form", { class: "qa-row", id: "qa-fixtures-form", novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      count.setError(null);
      const n = Number(count.el.value);
      if (!Number.isInteger(n) || n < 1 || n > 50) return count.setError(t("error.count_out_of_range"));
      fixturesSubmit.disabled = true;
      fixturesSubmit.textContent = t("qa.fixturesBusy");
      try {
        const made = await backend.qaCreateFixtures(n);
        mount(fixturesResult,
          h("p", {}, t("qa.fixturesPassword"), " ", h("code", { id: "qa-fixtures-password" }, made.password)),
          h("ul", { class: "item-list" }, made.accounts.map((a) =>
            h("li", { "data-kind": a.kind }, h("code", {}, a.email), " · ", a.username, " · ", t(`qa.kind-${a.kind}`)))));
      } catch (err) {
        showError(err, count, alert);
      } finally {
        fixturesSubmit.disabled = false;
        fixturesSubmit.textContent = t("qa.fixturesSubmit");
      }
    } }, count.wrap, fixturesSubmit),
    fixturesResult);

  // Mail faults.
  const faultSelect = h("select", { id: "qa-mail-fault" }, FAULTS.map((f) => h("option", { value: f }, t(`qa.fault-${f}`))));
  const faultStatus = h("span", { id: "qa-mail-fault-status", class: "muted small" });
  const faultSection = h("section", { class: "qa-section", "aria-labelledby": "qa-fault-title" },
    h("h2", { id: "qa-fault-title" }, t("qa.faultTitle")),
    h("div", { class: "qa-row" },
      h("label", { for: "qa-mail-fault" }, t("qa.faultLabel")), faultSelect,
      h("button", { type: "button", class: "secondary small", id: "qa-mail-fault-apply", onclick: async () => {
        try {
          adopt(await backend.qaMailFault(faultSelect.value === "none" ? null : faultSelect.value));
        } catch (err) { alert.textContent = messageFor(err); }
      } }, t("qa.faultApply")), faultStatus));

  // The outbox, for testers.
  const query = input("qa-mailbox-query", t("qa.mailboxQuery"), { type: "search", autocomplete: "off" });
  const results = h("ul", { class: "item-list", id: "qa-mailbox-results" });
  const body = h("pre", { id: "qa-mailbox-body", class: "qa-body" });
  let opened = null;
  let view = "text";
  const views = ["text", "html", "raw"].map((v) => h("button", { type: "button", class: "secondary small", id: `qa-view-${v}`, "aria-pressed": String(v === view), onclick: () => { view = v; paintMessage(); } }, t(`qa.view-${v}`)));
  const copyCode = h("button", { type: "button", class: "link", id: "qa-mailbox-copy", hidden: true, onclick: () => opened?.code && copy(opened.code, body) }, t("qa.copyCode"));
  function paintMessage() {
    for (const b of views) b.setAttribute("aria-pressed", String(b.id === `qa-view-${view}`));
    body.textContent = opened ? opened[view] ?? "" : "";
    copyCode.hidden = !opened?.code;
  }
  const search = async () => {
    query.setError(null);
    try {
      const found = await backend.qaMailboxSearch(query.el.value);
      mount(results, found.length ? found.map((m) => h("li", { "data-status": m.status },
        h("button", { type: "button", class: "link", "data-message-id": String(m.id), onclick: async () => {
          try { opened = await backend.qaMailboxOpen(m.id); paintMessage(); } catch (err) { alert.textContent = messageFor(err); }
        } }, m.subject),
        h("div", { class: "item-meta" }, `${m.to} · ${m.status} · ${formatDateTime(m.createdAt)}${m.lastError ? ` · ${m.lastError}` : ""}`)))
        : [h("li", { class: "muted" }, t("qa.mailboxEmpty"))]);
    } catch (err) {
      showError(err, query, alert);
    }
  };
  const mailboxSection = h("section", { class: "qa-section", "aria-labelledby": "qa-mailbox-title" },
    h("h2", { id: "qa-mailbox-title" }, t("qa.mailboxTitle")),
    h("p", { class: "muted small" }, t("qa.mailboxKeep", { n: 500 })),
    h("form", { class: "qa-row", id: "qa-mailbox-form", novalidate: true, onsubmit: (e) => { e.preventDefault(); search(); } },
      query.wrap, h("button", { type: "submit", class: "secondary small", id: "qa-mailbox-search" }, t("qa.mailboxSearch"))),
    results, h("div", { class: "qa-row" }, ...views, copyCode), body);

  // Reset data, behind a confirmation.
  const confirmRow = h("div", { class: "qa-row", id: "qa-reset-confirm", hidden: true },
    h("span", {}, t("qa.resetConfirm")),
    h("button", { type: "button", class: "danger-outline small", id: "qa-reset-yes", onclick: async () => {
      try { await backend.qaResetData(); } catch (err) { alert.textContent = messageFor(err); }
    } }, t("qa.resetYes")),
    h("button", { type: "button", class: "secondary small", id: "qa-reset-no", onclick: () => { confirmRow.hidden = true; } }, t("qa.resetNo")));
  const resetSection = h("section", { class: "qa-section", "aria-labelledby": "qa-reset-title" },
    h("h2", { id: "qa-reset-title" }, t("qa.resetTitle")),
    h("button", { type: "button", class: "danger-outline small", id: "qa-reset", onclick: () => { confirmRow.hidden = false; } }, t("qa.reset")),
    confirmRow);

  const panel = h("div", { class: "qa-panel", id: "qa-panel", hidden: true },
    alert, travelSection, latestSection, fixturesSection, faultSection, mailboxSection, resetSection);
  toggle.addEventListener("click", () => {
    panel.hidden = !panel.hidden;
    toggle.setAttribute("aria-expanded", String(!panel.hidden));
  });
  mount(element, banner, panel);
  paintClock();
  backend.qaStatus().then(adopt, (err) => { alert.textContent = messageFor(err); });
  const win = element.ownerDocument.defaultView;
  const timer = win.setInterval(paintClock, 30_000);
  return { destroy() { win.clearInterval(timer); element.replaceChildren(); } };
}
