// Pure formatting and countdown helpers (no DOM), unit-tested in tests/format.test.mjs.
import { t, intlLocale, localized } from "./i18n.js";

/** Whole seconds from `now` until `epochMs`, rounded up, never negative; null when unknown. */
export function secondsUntil(epochMs, now = Date.now()) {
  if (epochMs === null || epochMs === undefined || !Number.isFinite(Number(epochMs))) return null;
  return Math.max(0, Math.ceil((Number(epochMs) - now) / 1000));
}

/**
 * "45 s", "2 min 30 s", "2 min", "1 h 5 min". Seconds are dropped past an hour: nobody waits for them.
 * @param {number} totalSecs
 */
export function formatDuration(totalSecs) {
  const secs = Math.max(0, Math.ceil(Number(totalSecs) || 0));
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  const parts = [];
  if (h > 0) {
    parts.push(t("duration.h", { n: h }));
    if (m > 0) parts.push(t("duration.min", { n: m }));
  } else if (m > 0) {
    parts.push(t("duration.min", { n: m }));
    if (s > 0) parts.push(t("duration.s", { n: s }));
  } else {
    parts.push(t("duration.s", { n: s }));
  }
  return parts.join(" ");
}

/** Intl formatters of the current language, made once per language. */
const formatters = new Map();
function formattersFor(locale) {
  if (!formatters.has(locale)) {
    formatters.set(locale, {
      dateTime: new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }),
      relative: new Intl.RelativeTimeFormat(locale, { numeric: "auto" }),
    });
  }
  return formatters.get(locale);
}

/** "12 Mar 2025, 14:05"-style absolute time, or "" for a missing value. */
export function formatDateTime(epochMs) {
  if (epochMs === null || epochMs === undefined) return "";
  return localized(formattersFor(intlLocale()).dateTime.format(new Date(Number(epochMs))));
}

/** "just now", "5 minutes ago", "yesterday", … relative to `now`. */
export function formatRelative(epochMs, now = Date.now()) {
  if (epochMs === null || epochMs === undefined) return "";
  const diff = (Number(epochMs) - now) / 1000;
  const abs = Math.abs(diff);
  if (abs < 45) return t("time.justNow");
  const steps = [
    [3600, 60, "minute"],
    [86400, 3600, "hour"],
    [86400 * 30, 86400, "day"],
    [86400 * 365, 86400 * 30, "month"],
    [Infinity, 86400 * 365, "year"],
  ];
  for (const [limit, unit, name] of steps) {
    if (abs < limit) return localized(formattersFor(intlLocale()).relative.format(Math.round(diff / unit), name));
  }
  return "";
}

/**
 * Where a one-time code stands right now, for the verify and reset screens.
 * @param {import("./api.js").CodeStatus|null} status
 * @returns {{kind: "queued"|"failed"|"live"|"expired"|"none", expiresInSecs: number|null, resendInSecs: number}}
 */
export function codeCountdown(status, now = Date.now()) {
  const resendInSecs = secondsUntil(status?.resendAvailableAt, now) ?? 0;
  if (!status || status.state === "none") return { kind: "none", expiresInSecs: null, resendInSecs };
  if (status.state === "queued") return { kind: "queued", expiresInSecs: null, resendInSecs };
  if (status.state === "failed") return { kind: "failed", expiresInSecs: null, resendInSecs };
  const expiresInSecs = secondsUntil(status.expiresAt, now);
  if (expiresInSecs === null) return { kind: "live", expiresInSecs: null, resendInSecs };
  return { kind: expiresInSecs > 0 ? "live" : "expired", expiresInSecs, resendInSecs };
}
