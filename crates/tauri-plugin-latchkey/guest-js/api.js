// The only module that talks to Rust (the latchkey plugin). Everything else calls the typed
// functions below and receives plain data, or a CommandError carrying {code, message, field,
// fields, details}. Command names, arguments and results follow docs/COMMANDS.md; each is invoked
// as `plugin:latchkey|<command>`. Times are Unix epoch milliseconds.

// Payload types are generated from the Rust types into bindings.d.ts (ts-rs; a Rust test fails
// when it is stale). Only the registration form, which Rust receives, is written here.
/** @typedef {import("./bindings").ErrorCode} ErrorCode */
/** @typedef {import("./bindings").FieldError} FieldError */
/** @typedef {import("./bindings").CommandError} CommandErrorShape */
/** @typedef {import("./bindings").AccountView} AccountView */
/** @typedef {import("./bindings").CodePurpose} CodePurpose */
/** @typedef {import("./bindings").CodeStatus} CodeStatus */
/** @typedef {import("./bindings").Registered} Registered */
/** @typedef {import("./bindings").SignedInView} SignedIn */
/** @typedef {import("./bindings").RestoredSession} RestoredSession */
/** @typedef {import("./bindings").SessionView} SessionView */
/** @typedef {import("./bindings").ActivityView} ActivityView */
/** @typedef {import("./bindings").Strength} Strength */
/** @typedef {import("./bindings").AppInfo} AppInfo */
/** @typedef {import("./bindings").MailboxEntry} MailboxSummary */
/** @typedef {import("./bindings").MailboxMessage} MailboxMessage */
/** @typedef {import("./bindings").MailSettingsView} MailSettings */
/** @typedef {import("./bindings").SignedOut} SignedOut */
/** @typedef {import("./bindings").PendingEmailChange} PendingEmailChange */
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

/** Commands of a Tauri plugin are invoked as `plugin:<name>|<command>`. */
export const COMMAND_PREFIX = "plugin:latchkey|";

/**
 * An answer the page asked for before this module loaded (the app's early.js asks the start-up's
 * questions while the modules load), handed out once; undefined if there is none. `call` asks
 * again when it failed.
 * @param {string} command
 */
function askedEarly(command) {
  const asked = globalThis.__latchkeyAsked;
  if (!(asked instanceof Map) || !asked.has(command)) return undefined;
  const answer = asked.get(command);
  asked.delete(command);
  return answer;
}

async function call(command, args = {}) {
  try {
    const early = Object.keys(args).length === 0 ? askedEarly(command) : undefined;
    // An early question that failed (asked before the store was open, say) is asked again.
    if (early) return await early.catch(() => tauriInvoke()(COMMAND_PREFIX + command, args));
    return await tauriInvoke()(COMMAND_PREFIX + command, args);
  } catch (raw) {
    throw toCommandError(raw);
  }
}

/** @returns {Promise<AppInfo>} */
export const appInfo = () => call("app_info");
/** Whether the account store is open (a server store may be unreachable at start).
 * @returns {Promise<{ready: boolean, problem: string|null}>} */
export const storeStatus = () => call("store_status");

/** @param {RegistrationForm} form @returns {Promise<{email: string, codeStatus: CodeStatus}>} */
export const register = (form) => call("register", { form });
/** Every language's Fluent catalogue: [{tag, source}]. */
export const locales = () => call("locales");
/** The signed-in account's language tag, or null. */
export const accountLocale = () => call("account_locale");
/** Remembers the language for the signed-in account (its screens and emails). */
export const setAccountLocale = (locale) => call("set_account_locale", { locale });

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

/**
 * Who is signed in in this window, for a host's route guard: the account, or null when nobody is
 * (also when the session expired or was ended elsewhere). Other failures still reject.
 * @returns {Promise<AccountView|null>}
 */
export async function currentAccount() {
  try {
    return (await call("current_account")) ?? null;
  } catch (err) {
    if (err.code === "not_signed_in") return null;
    throw err;
  }
}

/** @returns {Promise<void>} */
export const logOut = () => call("log_out");

/** @returns {Promise<void>} */
export const logOutEverywhere = () => call("log_out_everywhere");

/** @returns {Promise<SessionView[]>} */
export const listSessions = () => call("list_sessions");

/** @returns {Promise<ActivityView[]>} */
export const recentActivity = () => call("recent_activity");

/** My account: names, username and phone; answers the account as it now is.
 * @param {{firstName: string, lastName: string, username: string, phone: string}} form @returns {Promise<AccountView>} */
export const updateProfile = (form) => call("update_profile", { form });

/** Ends every other session; this one stays. @param {{currentPassword: string, newPassword: string}} args @returns {Promise<void>} */
export const changePassword = ({ currentPassword, newPassword }) => call("change_password", { currentPassword, newPassword });

/** Erases the signed-in account (the plugin then emits signed-out "account_deleted"), confirmed
 * by the username and either the current password or the code of `requestDeleteCode`.
 * @param {{password?: string, code?: string, confirmUsername: string}} args @returns {Promise<void>} */
export const deleteAccount = ({ password, code, confirmUsername }) =>
  call("delete_account", code !== undefined ? { code, confirmUsername } : { password, confirmUsername });
/** Emails a code that confirms the deletion instead of the password (for people who sign in by
 * code). @returns {Promise<CodeStatus>} */
export const requestDeleteCode = () => call("request_delete_code");
/** @returns {Promise<CodeStatus>} */
export const deleteCodeStatus = () => call("delete_code_status");

/** Writes the account's data as JSON to the absolute `path`. @param {string} path @returns {Promise<void>} */
export const exportAccountData = (path) => call("export_account_data", { path });

/** Starts a change of address: a code goes to `newEmail` (fields `email`, `password`).
 * @param {{newEmail: string, password: string}} args @returns {Promise<PendingEmailChange>} */
export const requestEmailChange = ({ newEmail, password }) => call("request_email_change", { newEmail, password });
/** The change of address waiting for its code, or null. @returns {Promise<PendingEmailChange|null>} */
export const emailChangeStatus = () => call("email_change_status");
/** The code sent to the new address; answers the account with it. @param {string} code @returns {Promise<AccountView>} */
export const confirmEmailChange = (code) => call("confirm_email_change", { code });
export const cancelEmailChange = () => call("cancel_email_change");
/** The profile picture as a data: URL, or null. @returns {Promise<string|null>} */
export const profilePicture = () => call("profile_picture");
/** Sends a picture file's bytes (the invoke's raw body); answers the stored picture as a data: URL.
 * @param {Uint8Array} bytes @returns {Promise<string>} */
export const setProfilePicture = (bytes) => call("set_profile_picture", bytes);
export const removeProfilePicture = () => call("remove_profile_picture");

/**
 * The native "Save as" dialog of the host's dialog plugin (tauri-plugin-dialog, permission
 * `dialog:allow-save`): the chosen path, or null when the person cancelled.
 * @param {string} defaultPath @returns {Promise<string|null>}
 */
export async function chooseSavePath(defaultPath) {
  try {
    return (await tauriInvoke()("plugin:dialog|save", {
      options: { defaultPath, filters: [{ name: "JSON", extensions: ["json"] }] },
    })) ?? null;
  } catch (raw) {
    throw new CommandError({ code: "no_save_dialog", message: String(raw?.message ?? raw) });
  }
}

/** @param {{identifier: string}} args @returns {Promise<{sentTo: string, codeStatus: CodeStatus}>} */
// Issue 13: roles, invite codes and administration.
/** @returns {Promise<import("./bindings").RegistrationOptions>} */
export const registrationOptions = () => call("registration_options");
/** @returns {Promise<string[]>} the signed-in account's roles */
export const myRoles = () => call("my_roles");
/** @returns {Promise<import("./bindings").MyInvites>} */
export const myInvites = () => call("my_invites");
export const enterInviteCode = (code) => call("enter_invite_code", { code });
export const adminSearchAccounts = (query) => call("admin_search_accounts", { query });
export const adminAccount = (accountId) => call("admin_account", { accountId });
export const adminLockAccount = ({ accountId, days, reason }) => call("admin_lock_account", { accountId, days, reason });
export const adminUnlockAccount = (accountId) => call("admin_unlock_account", { accountId });
export const adminSetRoles = ({ accountId, roles }) => call("admin_set_roles", { accountId, roles });
export const adminEndSessions = (accountId) => call("admin_end_sessions", { accountId });
export const adminClearSignInDelay = (accountId) => call("admin_clear_sign_in_delay", { accountId });
export const adminCreateInvite = ({ roles, days, maxUses, email }) => call("admin_create_invite", { invite: { roles, days, maxUses, email } });
export const adminListInvites = () => call("admin_list_invites");
export const adminRevokeInvite = (code) => call("admin_revoke_invite", { code });
export const adminAudit = ({ accountId, kind } = {}) => call("admin_audit", { accountId, kind });

export const requestPasswordReset = ({ identifier }) => call("request_password_reset", { identifier });

/** @param {{identifier: string, code: string, newPassword: string}} args @returns {Promise<void>} */
export const resetPassword = ({ identifier, code, newPassword }) =>
  call("reset_password", { identifier, code, newPassword });

/** @param {{password: string, userInputs: string[]}} args @returns {Promise<Strength>} */
export const passwordStrength = ({ password, userInputs }) => call("password_strength", { password, userInputs });

/** @returns {Promise<MailboxSummary[]>} */
export const mailboxList = () => call("mailbox_list");

// Issue 11: phones, sign-in codes, the dev SMS inbox.
export const phoneStatus = () => call("phone_status");
export const requestPhoneCode = () => call("request_phone_code");
export const confirmPhone = ({ code }) => call("confirm_phone", { code });
export const requestSignInCode = ({ identifier, channel }) => call("request_sign_in_code", { identifier, channel });
export const signInWithCode = ({ identifier, code, remember }) => call("sign_in_with_code", { identifier, code, remember });
export const smsInboxList = () => call("sms_inbox_list");
export const smsInboxRead = (id) => call("sms_inbox_read", { id });

/** @param {string|number} id @returns {Promise<MailboxMessage>} */
export const mailboxRead = (id) => call("mailbox_read", { id });

/** @returns {Promise<MailSettings>} */
export const mailSettingsGet = () => call("mail_settings_get");

/** @param {{smtpUrl: string, mailFrom: string, smtpPassword: string|null}} args @returns {Promise<MailSettings>} */
export const mailSettingsSave = ({ smtpUrl, mailFrom, smtpPassword }) =>
  call("mail_settings_save", { smtpUrl, mailFrom, smtpPassword });

/** @param {string} to @returns {Promise<{ok: boolean, message: string}>} */
export const mailSendTest = (to) => call("mail_send_test", { to });

/** Kiosk mode: leaves it for this run when `password` is the operator's (errors on field `operatorPassword`). */
export const kioskExit = (password) => call("kiosk_exit", { password });

// QA mode's tools. Outside QA mode every one of them rejects with `qa_mode_off`.
/** @returns {Promise<{clockOffsetMs: number, now: number, mailFault: string|null}>} */
export const qaStatus = () => call("qa_status");
/** Moves the app's clock forward by `secs` (field `travel` when out of range). */
export const qaTimeTravel = (secs) => call("qa_time_travel", { secs });
export const qaTimeReset = () => call("qa_time_reset");
/** The newest code sent to `to`: {to, code, subject, status, lastError, createdAt} (field `to`). */
export const qaLatestCode = (to) => call("qa_latest_code", { to });
/** `count` verified accounts plus one unverified, one throttled, one with an expired code. */
export const qaCreateFixtures = (count) => call("qa_create_fixtures", { count });
/** Empties the QA store and restarts the app. */
export const qaResetData = () => call("qa_reset_data", { confirm: true });
/** "refuse_next" | "delay_next" | "hold_offline" | null */
export const qaMailFault = (fault) => call("qa_mail_fault", { fault });
export const qaMailboxSearch = (query) => call("qa_mailbox_search", { query });
export const qaMailboxOpen = (id) => call("qa_mailbox_open", { id });

/** Events the plugin emits to every window. */
export const SIGNED_IN_EVENT = "latchkey://signed-in";
export const SIGNED_OUT_EVENT = "latchkey://signed-out";
export const STORE_READY_EVENT = "latchkey://store-ready";

/**
 * Calls `handler(payload)` on each `event`; returns a function that stops listening (safe to call
 * at once, before Tauri has confirmed the subscription, and more than once). Without Tauri's event
 * API (a plain browser, the tests) nothing is ever delivered.
 */
function subscribe(event, handler) {
  const listen = globalThis.window?.__TAURI__?.event?.listen;
  if (typeof listen !== "function") return () => {};
  let stopped = false;
  let unlisten = null;
  Promise.resolve(listen(event, (e) => { if (!stopped) handler(e.payload); })).then(
    (fn) => { if (stopped) fn(); else unlisten = fn; },
    (err) => console.error(`cannot listen to ${event}`, err),
  );
  return () => {
    if (stopped) return;
    stopped = true;
    unlisten?.();
  };
}

/** The account store that was unreachable at start is open. @returns {() => void} unlisten */
export const onStoreReady = (handler) => subscribe(STORE_READY_EVENT, handler);

/**
 * Someone signed in (sign-in, email verification, or a remembered session restored).
 * @param {(account: AccountView) => void} handler @returns {() => void} unlisten
 */
export const onSignedIn = (handler) => subscribe(SIGNED_IN_EVENT, handler);

/**
 * The window's session ended: signed out here, everywhere, or ended elsewhere (reset, expiry).
 * @param {(payload: {reason: string}) => void} handler @returns {() => void} unlisten
 */
export const onSignedOut = (handler) => subscribe(SIGNED_OUT_EVENT, handler);
