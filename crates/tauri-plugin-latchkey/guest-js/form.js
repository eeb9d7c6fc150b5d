// Form plumbing shared by every screen: labelled fields with an error slot, field errors wired
// with aria-invalid/aria-describedby, a role="alert" slot, and submit handling that shows
// progress and refuses double submits.
import { h } from "./dom.js";
import { t } from "./i18n.js";
import { presentError } from "./errors.js";

/**
 * A labelled input with an error slot (`{id}-error`) and an optional hint (`{id}-hint`).
 * @param {{id: string, label: string, hint?: string|Node|null, input: HTMLElement, extra?: Node|null, className?: string}} spec
 */
export function field({ id, label, hint = null, input, extra = null, className = "" }) {
  const described = [];
  let hintEl = null;
  if (hint) {
    hintEl = h("p", { class: "field-hint", id: `${id}-hint` }, hint);
    described.push(hintEl.id);
  }
  if (described.length) input.setAttribute("aria-describedby", described.join(" "));
  return h(
    "div",
    { class: `field ${className}`.trim(), "data-field": id },
    h("label", { for: id }, label),
    input,
    extra,
    hintEl,
    h("p", { class: "field-error", id: `${id}-error`, hidden: true }),
  );
}

/** A checkbox with its label after it. */
export function checkbox({ id, label, checked = false, name = id }) {
  return h(
    "div",
    { class: "field checkbox" },
    h("input", { id, name, type: "checkbox", checked }),
    h("label", { for: id }, label),
  );
}

/** The form-level message slot; `role="alert"` so screen readers announce it. */
export const alertSlot = (id) => h("div", { role: "alert", class: "form-alert", id });

/** Shows (or with a falsy message, clears) the error of one input. */
export function setFieldError(input, message) {
  const errorEl = input.ownerDocument.getElementById(`${input.id}-error`);
  const described = (input.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean);
  const errorId = `${input.id}-error`;
  const others = described.filter((x) => x !== errorId);
  if (message) {
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", [errorId, ...others].join(" "));
    if (errorEl) {
      errorEl.textContent = message;
      errorEl.hidden = false;
    }
  } else {
    input.removeAttribute("aria-invalid");
    if (others.length) input.setAttribute("aria-describedby", others.join(" "));
    else input.removeAttribute("aria-describedby");
    if (errorEl) {
      errorEl.textContent = "";
      errorEl.hidden = true;
    }
  }
}

/** Sets the alert text; `kind` "info" or "success" restyles it for non-errors. */
export function setAlert(alertEl, message, kind = "error") {
  alertEl.textContent = message ?? "";
  alertEl.classList.toggle("info", kind === "info");
  alertEl.classList.toggle("success", kind === "success");
}

/**
 * Binds a form to its inputs (backend field name -> input element) so errors land in the right place.
 * `show` clears every old error, marks the new ones and focuses the first invalid field in
 * document order (or the alert's form when only the alert has something to say).
 */
export function errorPresenter(form, inputs, alertEl) {
  const clear = () => {
    for (const input of Object.values(inputs)) setFieldError(input, null);
    setAlert(alertEl, "");
  };
  /** @param {Record<string,string>} fieldErrors @param {string|null} alert */
  const show = (fieldErrors, alert = null) => {
    clear();
    const orphans = [];
    for (const [name, message] of Object.entries(fieldErrors)) {
      if (inputs[name]) setFieldError(inputs[name], message);
      else orphans.push(message);
    }
    const alertText = [alert, ...orphans].filter(Boolean).join(" ");
    if (alertText) setAlert(alertEl, alertText);
    const invalid = Object.values(inputs)
      .filter((input) => input.getAttribute("aria-invalid") === "true")
      .sort((a, b) => (a.compareDocumentPosition(b) & 4 ? -1 : 1));
    if (invalid.length) invalid[0].focus();
    return invalid.length > 0 || Boolean(alertText);
  };
  const showError = (err) => {
    const { fields, alert } = presentError(err);
    return show(fields, alert);
  };
  return { clear, show, showError };
}

/**
 * Runs `action` for a button with progress feedback: the button is disabled, marked busy and
 * relabelled ("Signing in…") until the action settles; a second call while busy is ignored.
 * @param {HTMLButtonElement} button
 * @param {string} busyLabel
 * @param {() => Promise<any>} action
 */
export async function withBusy(button, busyLabel, action) {
  if (button.dataset.busy === "true") return undefined;
  const label = button.textContent;
  const hadFocus = button.ownerDocument.activeElement === button;
  button.dataset.busy = "true";
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  button.replaceChildren(h("span", { class: "spinner", "aria-hidden": "true" }), busyLabel || t("common.busy", { label }));
  try {
    return await action();
  } finally {
    // The button may be gone (the screen changed); restoring it is then harmless.
    button.textContent = label;
    button.disabled = false;
    button.removeAttribute("aria-busy");
    delete button.dataset.busy;
    const doc = button.ownerDocument;
    if (hadFocus && button.isConnected && (doc.activeElement === null || doc.activeElement === doc.body)) button.focus();
  }
}

/**
 * Wires submit (button click or Enter in any field) to `handler`, guarded against double
 * submits and shown as progress on `button`.
 */
export function onSubmit(form, button, busyLabel, handler) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    withBusy(button, busyLabel, handler).catch((err) => {
      // Handlers deal with expected errors; anything else still must not vanish silently.
      console.error(err);
    });
  });
}

/** The current text of each input, keyed by backend field name. */
export function valuesOf(inputs) {
  const out = {};
  for (const [name, input] of Object.entries(inputs)) out[name] = input.type === "checkbox" ? input.checked : input.value;
  return out;
}
