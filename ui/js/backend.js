// The only module that talks to the Tauri shell. Everything else calls the typed functions
// below and receives plain data, or a CommandError carrying {code, message, field, fields, details}.
// Command names, arguments and results follow docs/COMMANDS.md; times are Unix epoch milliseconds.

/** @typedef {{field: string, code: string, message: string}} FieldError */
/** @typedef {{code: string, message: string, field?: string|null, fields?: FieldError[], details?: Record<string, any>|null}} CommandErrorShape */
/** @typedef {{id: string|number, firstName: string, lastName: string, email: string, username: string, phone: string, emailVerified: boolean, createdAt: number}} AccountView */
/** @typedef {"verify_email"|"reset_password"} CodePurpose */
/** @typedef {{purpose: CodePurpose, sentTo: string, state: "queued"|"sent"|"none", sentAt: number|null, expiresAt: number|null, resendAvailableAt: number, attemptsLeft: number|null}} CodeStatus */
/** @typedef {{account: AccountView, remembered: boolean, keyringNotice: string|null}} SignedIn */
/** @typedef {{id: string|number, deviceLabel: string, createdAt: number, lastSeenAt: number, current: boolean}} SessionView */
/** @typedef {{at: number, kind: string, summary: string}} ActivityView */
/** @typedef {{score: 0|1|2|3|4, acceptable: boolean, warning: string|null, suggestions: string[]}} Strength */
/** @typedef {{name: string, version: string, dataDir: string, database: {path: string, createdThisStart: boolean, schemaVersion: number, journalMode: string, accountCount: number|null}, mail: {mode: "dev_mailbox"|"smtp"}}} AppInfo */
/** @typedef {{id: string|number, to: string, subject: string, purpose: string, status: string, createdAt: number, sentAt: number|null, read: boolean}} MailboxSummary */
/** @typedef {{id: string|number, to: string, subject: string, purpose: string, status: string, createdAt: number, sentAt: number|null, text: string, html: string|null}} MailboxMessage */
/** @typedef {{mode: "dev_mailbox"|"smtp", smtpUrl: string|null, mailFrom: string, hasPassword: boolean, source: string, keyringAvailable: boolean}} MailSettings */
/** @typedef {{firstName: string, lastName: string, email: string, phone: string, username: string, password: string}} RegistrationForm */

export class CommandError extends Error {
  /** @param {CommandErrorShape} shape */
  constructor(shape) {
    super(shape.message);
    this.name = "CommandError";
    /** @type {string} */
    this.code = shape.code;
    /** @type {string|null} */
    this.field = shape.field ?? null;
    /** @type {FieldError[]} */
    this.fields = shape.fields ?? [];
    /** @type {Record<string, any>} */
    this.details = shape.details ?? {};
  }
}

/** Turns whatever a rejected invoke produced into a CommandError. */
export function toCommandError(raw) {
  if (raw instanceof CommandError) return raw;
  if (raw && typeof raw === "object" && typeof raw.code === "string") {
    return new CommandError({
      code: raw.code,
      message: typeof raw.message === "string" ? raw.message : raw.code,
      field: typeof raw.field === "string" ? raw.field : null,
      fields: Array.isArray(raw.fields) ? raw.fields : [],
      details: raw.details && typeof raw.details === "object" ? raw.details : {},
    });
  }
  const message = typeof raw === "string" ? raw : raw?.message ?? "Unknown error";
  return new CommandError({ code: "ipc", message });
}

function tauriInvoke() {
  const invoke = globalThis.window?.__TAURI__?.core?.invoke;
  if (typeof invoke !== "function") {
    throw new CommandError({ code: "no_backend", message: "Latchkey's backend is not reachable." });
  }
  return invoke;
}

async function call(command, args = {}) {
  try {
    return await tauriInvoke()(command, args);
  } catch (raw) {
    throw toCommandError(raw);
  }
}

/** @returns {Promise<AppInfo>} */
export const appInfo = () => call("app_info");

/** @param {RegistrationForm} form @returns {Promise<{email: string, codeStatus: CodeStatus}>} */
export const register = (form) => call("register", { form });

/**
 * Every problem with the form, creating nothing (used when the confirmation does not match).
 * @param {RegistrationForm} form @returns {Promise<Array<{field: string, code: string, message: string}>>}
 */
export const checkRegistration = (form) => call("check_registration", { form });

/** `handle`: the pending-registration handle from `register` (or `email_not_verified`).
 * @param {{handle: string, code: string, remember: boolean}} args @returns {Promise<SignedIn>} */
export const verifyEmail = ({ handle, code, remember }) => call("verify_email", { handle, code, remember });

/** `handle` for "verify_email", `identifier` (as typed) for "reset_password".
 * @param {{purpose: CodePurpose, handle?: string, identifier?: string}} args @returns {Promise<CodeStatus>} */
export const resendCode = ({ purpose, handle, identifier }) => call("resend_code", { purpose, handle, identifier });

/** `handle` for "verify_email", `identifier` (as typed) for "reset_password".
 * @param {{purpose: CodePurpose, handle?: string, identifier?: string}} args @returns {Promise<CodeStatus>} */
export const codeStatus = ({ purpose, handle, identifier }) => call("code_status", { purpose, handle, identifier });

/** @param {{identifier: string, password: string, remember: boolean}} args @returns {Promise<SignedIn>} */
export const logIn = ({ identifier, password, remember }) => call("log_in", { identifier, password, remember });

/** @returns {Promise<{signedIn: SignedIn|null, notice: string|null}>} */
export const restoreSession = () => call("restore_session");

/** @returns {Promise<AccountView>} */
export const currentAccount = () => call("current_account");

/** @returns {Promise<void>} */
export const logOut = () => call("log_out");

/** @returns {Promise<void>} */
export const logOutEverywhere = () => call("log_out_everywhere");

/** @returns {Promise<SessionView[]>} */
export const listSessions = () => call("list_sessions");

/** @returns {Promise<ActivityView[]>} */
export const recentActivity = () => call("recent_activity");

/** @param {{identifier: string}} args @returns {Promise<{sentTo: string, codeStatus: CodeStatus}>} */
export const requestPasswordReset = ({ identifier }) => call("request_password_reset", { identifier });

/** @param {{identifier: string, code: string, newPassword: string}} args @returns {Promise<void>} */
export const resetPassword = ({ identifier, code, newPassword }) =>
  call("reset_password", { identifier, code, newPassword });

/** @param {{password: string, userInputs: string[]}} args @returns {Promise<Strength>} */
export const passwordStrength = ({ password, userInputs }) => call("password_strength", { password, userInputs });

/** @returns {Promise<MailboxSummary[]>} */
export const mailboxList = () => call("mailbox_list");

/** @param {string|number} id @returns {Promise<MailboxMessage>} */
export const mailboxRead = (id) => call("mailbox_read", { id });

/** @returns {Promise<MailSettings>} */
export const mailSettingsGet = () => call("mail_settings_get");

/** @param {{smtpUrl: string, mailFrom: string, smtpPassword: string|null}} args @returns {Promise<MailSettings>} */
export const mailSettingsSave = ({ smtpUrl, mailFrom, smtpPassword }) =>
  call("mail_settings_save", { smtpUrl, mailFrom, smtpPassword });

/** @param {string} to @returns {Promise<{ok: boolean, message: string}>} */
export const mailSendTest = (to) => call("mail_send_test", { to });
