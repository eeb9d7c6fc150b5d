// Maps a CommandError to what the person sees: friendly text for the codes the UI knows,
// the backend's own message otherwise. Switches on `code`, never on message text.
import { t, hasKey } from "./i18n.js";
import { formatDuration } from "./format.js";

/** Codes that belong next to one field even when the backend names none. */
const CODE_FIELDS = {
  username_taken: "username",
  code_invalid: "code",
  code_expired: "code",
  code_exhausted: "code",
  code_not_found: "code",
};

function attemptsText(left) {
  if (left === null || left === undefined) return "";
  return t("error.attemptsLeft", { n: left });
}

/** One sentence for an error, as a person should read it. */
export function messageFor(err) {
  const code = err?.code;
  const details = err?.details ?? {};
  switch (code) {
    case "login_throttled":
    case "resend_cooldown":
      if (Number.isFinite(details.retryAfterSecs)) {
        return t(`error.${code}`, { duration: formatDuration(details.retryAfterSecs) });
      }
      return err.message;
    case "code_invalid":
      return t("error.code_invalid", { attempts: attemptsText(details.attemptsLeft) }).trim();
    default:
      // `detail`: the operator-facing words that came with the error (server answers, where a
      // setting lives), for the sentences that quote them.
      if (code && hasKey(`error.${code}`)) return t(`error.${code}`, { detail: err.message ?? "" });
      return err?.message || code || "";
  }
}

/**
 * Splits an error into field messages and a form-level message.
 * `fields` maps backend field names to text; `alert` is null when the fields say it all.
 * @param {import("./api.js").CommandError} err
 * @returns {{fields: Record<string, string>, alert: string|null}}
 */
export function presentError(err) {
  const fields = {};
  for (const f of err?.fields ?? []) {
    if (!f || !f.field || fields[f.field]) continue;
    fields[f.field] = f.code && hasKey(`error.${f.code}`) ? t(`error.${f.code}`, { detail: f.message ?? "" }) : f.message || messageFor(err);
  }
  const single = err?.field ?? CODE_FIELDS[err?.code] ?? null;
  if (single && !fields[single] && (err?.fields ?? []).length === 0) fields[single] = messageFor(err);
  if (Object.keys(fields).length > 0) return { fields, alert: null };
  return { fields, alert: messageFor(err) };
}
