// The live password-strength meter: asks the backend's estimator (debounced), shows the score as
// four segments plus words, and the estimator's warning and suggestions. Late answers for an
// older password are dropped.
import { h } from "../dom.js";
import { t } from "../i18n.js";

export const STRENGTH_DEBOUNCE_MS = 250;

/**
 * @param {any} ctx screen context (backend, after, alive)
 * @param {{id: string, password: HTMLInputElement, userInputs: () => string[]}} spec
 */
export function strengthMeter(ctx, { id, password, userInputs }) {
  const bar = h("div", { class: "strength-bar", "aria-hidden": "true", "data-score": "" },
    h("span"), h("span"), h("span"), h("span"));
  const label = h("p", { class: "strength-label", id: `${id}-label` }, t("strength.empty"));
  const advice = h("ul", { class: "strength-advice", id: `${id}-advice` });
  const element = h("div", { class: "strength", id, "aria-live": "polite" }, bar, label, advice);
  const described = password.getAttribute("aria-describedby");
  password.setAttribute("aria-describedby", [described, label.id, advice.id].filter(Boolean).join(" "));

  let generation = 0;
  let cancel = null;

  function show(strength) {
    if (!strength) {
      bar.dataset.score = "";
      label.textContent = t("strength.empty");
      advice.replaceChildren();
      return;
    }
    bar.dataset.score = String(strength.score);
    bar.dataset.acceptable = String(Boolean(strength.acceptable));
    label.textContent = t("strength.label", { level: t(`strength.${strength.score}`) });
    const lines = [strength.warning, ...(strength.suggestions ?? [])].filter(Boolean);
    advice.replaceChildren(...lines.map((line, i) => h("li", { class: i === 0 && strength.warning ? "warning" : null }, line)));
  }

  async function measure(mine) {
    try {
      const strength = await ctx.backend.passwordStrength({
        password: password.value,
        userInputs: userInputs().map((s) => s.trim()).filter(Boolean),
      });
      if (mine === generation && ctx.alive()) show(strength);
    } catch {
      if (mine === generation && ctx.alive()) {
        bar.dataset.score = "";
        label.textContent = t("strength.unavailable");
        advice.replaceChildren();
      }
    }
  }

  function schedule() {
    const mine = ++generation;
    cancel?.();
    if (password.value === "") {
      show(null);
      return;
    }
    cancel = ctx.after(STRENGTH_DEBOUNCE_MS, () => measure(mine));
  }

  password.addEventListener("input", schedule);
  return { element, refresh: schedule };
}
