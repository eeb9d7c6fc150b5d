// Where a one-time code stands, for the verify and reset screens: where it was sent, its remaining
// lifetime (or that it is still queued, with polling until it leaves), and "Resend code" with the
// core's cooldown counting down.
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { codeCountdown, formatDuration } from "../format.js";
import { withBusy } from "../form.js";

export const TICK_MS = 1000;
export const QUEUED_POLL_MS = 3000;

/**
 * @param {any} ctx screen context
 * @param {{id: string, status: import("../api.js").CodeStatus|null, sentTo: string,
 *   resend: () => Promise<import("../api.js").CodeStatus>,
 *   refresh: () => Promise<import("../api.js").CodeStatus>,
 *   onResent: (status: any) => void, onError: (err: any) => void}} spec
 */
export function codePanel(ctx, { id, status, sentTo, resend, refresh, onResent, onError }) {
  let current = status;
  const sentToEl = h("p", { class: "code-sent-to", id: `${id}-sent-to` });
  const lifetime = h("p", { class: "code-lifetime", id: `${id}-lifetime`, role: "timer", "aria-live": "off" });
  const queuedDetail = h("p", { class: "code-detail", hidden: true }, t("verify.queuedDetail"));
  // The mail server's own words when delivery failed (or keeps failing), so the person knows
  // whether to fix the address or just wait.
  const deliveryError = h("p", { class: "code-detail delivery-error", id: `${id}-delivery-error`, hidden: true });
  const resendHint = h("p", { class: "resend-hint", id: `${id}-resend-hint` });
  const resendButton = h("button", {
    type: "button", class: "secondary", id: `${id}-resend`, "aria-describedby": resendHint.id,
  }, t("verify.resend"));
  const element = h("div", { class: "code-panel", id: `${id}-code-panel` },
    sentToEl, lifetime, queuedDetail, deliveryError,
    h("div", { class: "resend-row" }, resendButton, resendHint));

  function paint() {
    const c = codeCountdown(current, ctx.now());
    const to = current?.sentTo || sentTo;
    // A reset requested by username has no address to show: name the account instead.
    const key = !String(to).includes("@") ? "verify.sentToAccount" : c.kind === "queued" ? "verify.queuedTo" : "verify.sentTo";
    sentToEl.replaceChildren(...splitAround(t(key, { sentTo: "\u0000" }), h("strong", {}, to)));
    lifetime.dataset.state = c.kind;
    lifetime.textContent =
      c.kind === "queued" ? t("verify.queued")
      : c.kind === "failed" ? t("verify.failed")
      : c.kind === "live" ? (c.expiresInSecs === null ? "" : t("verify.expiresIn", { duration: formatDuration(c.expiresInSecs) }))
      : c.kind === "expired" ? t("verify.expired")
      : t("verify.none");
    queuedDetail.hidden = c.kind !== "queued";
    const reason = current?.deliveryError;
    deliveryError.hidden = !reason || (c.kind !== "queued" && c.kind !== "failed");
    deliveryError.textContent = reason
      ? t(c.kind === "failed" ? "verify.failedReason" : "verify.retryingReason", { reason })
      : "";
    if (resendButton.dataset.busy !== "true") resendButton.disabled = c.resendInSecs > 0;
    resendHint.textContent = c.resendInSecs > 0 ? t("verify.resendIn", { duration: formatDuration(c.resendInSecs) }) : t("verify.resendReady");
  }

  function update(next) {
    if (next) current = next;
    paint();
    schedulePoll();
  }

  let stopPoll = null;
  function schedulePoll() {
    stopPoll?.();
    stopPoll = null;
    if (current?.state === "queued") {
      stopPoll = ctx.after(QUEUED_POLL_MS, async () => {
        try {
          const next = await refresh();
          if (ctx.alive()) update(next);
        } catch {
          if (ctx.alive()) schedulePoll();
        }
      });
    }
  }

  resendButton.addEventListener("click", () => {
    withBusy(resendButton, t("verify.resendBusy"), async () => {
      try {
        const next = await resend();
        if (!ctx.alive()) return;
        update(next);
        onResent(next);
      } catch (err) {
        if (!ctx.alive()) return;
        if (err.code === "resend_cooldown" && Number.isFinite(err.details?.retryAfterSecs)) {
          current = { ...(current ?? { state: "none", sentTo }), resendAvailableAt: ctx.now() + err.details.retryAfterSecs * 1000 };
        }
        onError(err);
      }
    }).finally(() => ctx.alive() && paint());
  });

  ctx.every(TICK_MS, paint);
  paint();
  schedulePoll();
  return {
    element,
    update,
    get status() { return current; },
    /** Re-reads the status from the backend (e.g. after a code turned out expired). */
    async reload() {
      try {
        const next = await refresh();
        if (ctx.alive()) update(next);
      } catch { /* keep showing what we had */ }
    },
  };
}

/** "Code sent to \0" + node -> ["Code sent to ", node]: puts an element where the placeholder was. */
function splitAround(template, node) {
  const [before, after = ""] = template.split("\u0000");
  return [before, node, after].filter((x) => x !== "");
}
