// Kiosk mode's page-side behaviour: idle sign-out with a visible countdown, and the operator's
// exit (a key combination, then the operator password, checked in Rust). Full screen, "no
// closing the window" and "remember nobody" are the plugin's, in Rust; the screens hide
// "Remember me" themselves (ctx.kiosk).
import { h } from "./dom.js";
import { t } from "./i18n.js";
import { presentError } from "./errors.js";
import * as api from "./api.js";

/** Input that counts as "someone is here". */
export const ACTIVITY_EVENTS = ["pointerdown", "pointermove", "keydown", "wheel", "touchstart", "input"];

/**
 * Parses "Ctrl+Alt+Shift+Q" into a matcher for keydown events (null if it is not one).
 * @param {string} combo
 */
export function keyMatcher(combo) {
  const parts = String(combo ?? "").split("+").map((p) => p.trim().toLowerCase());
  const key = parts.pop();
  const mods = new Set(parts);
  if (!key || !parts.length || [...mods].some((m) => !["ctrl", "alt", "shift", "meta"].includes(m))) return null;
  return (e) =>
    e.ctrlKey === mods.has("ctrl") && e.altKey === mods.has("alt") && e.shiftKey === mods.has("shift") &&
    e.metaKey === mods.has("meta") &&
    (String(e.key).toLowerCase() === key || String(e.code).toLowerCase() === `key${key}` || String(e.code).toLowerCase() === key);
}

/**
 * Watches for idleness in `doc` and signs out after `idleSecs` + `countdownSecs` without input,
 * showing the countdown in `overlayHost` for the last `countdownSecs`.
 * @param {{doc: Document, overlayHost: HTMLElement, idleSecs: number, countdownSecs: number,
 *   busy: () => boolean, onTimeout: () => Promise<void>|void, now?: () => number,
 *   setTimer?: typeof setInterval, clearTimer?: typeof clearInterval}} options
 *   busy: whether there is anything to clear (someone signed in, or a form started); when not,
 *   idleness is ignored.
 * @returns {{stop: () => void, poke: () => void, readonly counting: boolean}}
 */
export function idleSignOut({ doc, overlayHost, idleSecs, countdownSecs, busy, onTimeout, now = () => Date.now(), setTimer = setInterval, clearTimer = clearInterval }) {
  let lastInput = now();
  let overlay = null;
  let firing = false;
  const poke = () => {
    lastInput = now();
    if (overlay) hide();
  };
  function hide() {
    overlay?.remove();
    overlay = null;
  }
  function show(secsLeft) {
    if (!overlay) {
      overlay = h("div", { class: "kiosk-countdown", id: "kiosk-countdown", role: "alertdialog", "aria-live": "assertive", "aria-labelledby": "kiosk-countdown-text" },
        h("p", { id: "kiosk-countdown-text" }));
      overlayHost.append(overlay);
    }
    overlay.querySelector("p").textContent = t("kiosk.countdown", { secs: secsLeft });
  }
  async function tick() {
    if (firing) return;
    if (!busy()) {
      lastInput = now();
      hide();
      return;
    }
    const idle = (now() - lastInput) / 1000;
    if (idle < idleSecs) return hide();
    const left = Math.ceil(idleSecs + countdownSecs - idle);
    if (left > 0) return show(left);
    firing = true;
    hide();
    try {
      await onTimeout();
    } finally {
      lastInput = now();
      firing = false;
    }
  }
  for (const type of ACTIVITY_EVENTS) doc.addEventListener(type, poke, { capture: true, passive: true });
  const timer = setTimer(tick, 250);
  return {
    poke,
    stop() {
      clearTimer(timer);
      for (const type of ACTIVITY_EVENTS) doc.removeEventListener(type, poke, { capture: true });
      hide();
    },
    get counting() { return overlay !== null; },
  };
}

/**
 * The operator's exit: `exitKeys` opens a password dialog; the right password leaves kiosk
 * mode for this run (`onExited`). A wrong one is said next to the field.
 * @param {{doc: Document, host: HTMLElement, exitKeys: string, onExited: () => void, backend?: typeof api}} options
 * @returns {{stop: () => void, open: () => void}}
 */
export function operatorExit({ doc, host, exitKeys, onExited, backend = api }) {
  const matches = keyMatcher(exitKeys);
  let dialog = null;
  function close() {
    dialog?.remove();
    dialog = null;
  }
  function open() {
    if (dialog) return;
    const password = h("input", { id: "kiosk-exit-password", type: "password", autocomplete: "off", "aria-describedby": "kiosk-exit-password-error" });
    const error = h("p", { class: "field-error", id: "kiosk-exit-password-error", hidden: true });
    const submit = h("button", { type: "submit", class: "primary", id: "kiosk-exit-submit" }, t("kiosk.exitSubmit"));
    const cancel = h("button", { type: "button", class: "secondary", id: "kiosk-exit-cancel", onclick: close }, t("kiosk.exitCancel"));
    const showError = (message) => {
      error.textContent = message;
      error.hidden = !message;
      if (message) password.setAttribute("aria-invalid", "true");
      else password.removeAttribute("aria-invalid");
    };
    const form = h("form", { id: "kiosk-exit-form", novalidate: true },
      h("div", { class: "field" }, h("label", { for: "kiosk-exit-password" }, t("kiosk.exitPassword")), password, error),
      h("div", { class: "row-between" }, cancel, submit));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      if (!password.value) return showError(t("kiosk.exitPasswordRequired"));
      submit.disabled = true;
      try {
        await backend.kioskExit(password.value);
        close();
        onExited();
      } catch (err) {
        password.value = "";
        const { fields, alert } = presentError(err);
        showError(fields.operatorPassword ?? alert);
        password.focus();
      } finally {
        submit.disabled = false;
      }
    });
    dialog = h("div", { class: "kiosk-exit", id: "kiosk-exit-dialog", role: "dialog", "aria-modal": "true", "aria-labelledby": "kiosk-exit-title" },
      h("div", { class: "card narrow" }, h("h2", { id: "kiosk-exit-title" }, t("kiosk.exitTitle")), form));
    host.append(dialog);
    password.focus();
  }
  const onKey = (e) => {
    if (matches?.(e)) {
      e.preventDefault();
      open();
    } else if (e.key === "Escape" && dialog) {
      close();
    }
  };
  doc.addEventListener("keydown", onKey, true);
  return {
    open,
    stop() {
      doc.removeEventListener("keydown", onKey, true);
      close();
    },
  };
}
