// Generated from the Rust types by ts-rs (crates/tauri-plugin-latchkey/src/bindings.rs).
// Do not edit: change the Rust type, then run LATCHKEY_BLESS=1 cargo test -p tauri-plugin-latchkey bindings

export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]?: JsonValue } | null;
export type ErrorCode = "invalid_input" | "internal" | "store_unreachable" | "store_failed" | "invalid_credentials" | "login_throttled" | "email_not_verified" | "username_taken" | "resend_cooldown" | "code_invalid" | "code_expired" | "code_exhausted" | "code_not_found" | "session_expired" | "session_revoked" | "session_unknown" | "not_signed_in" | "not_found" | "feature_disabled" | "keyring_unavailable" | "settings_locked" | "mailbox_locked" | "mail_held" | "rate_limited" | "smtp_connect" | "smtp_tls" | "smtp_auth" | "smtp_rejected" | "qa_mode_off" | "not_kiosk" | "operator_exit_throttled" | "fixtures_full" | "invite_invalid" | "invite_required" | "registration_closed" | "forbidden" | "last_admin" | "role_unknown" | "role_not_self_service" | "already_invited" | "own_invite_code" | "invite_code_format" | "required" | "too_long" | "too_many" | "id_invalid" | "handle_invalid" | "purpose_unknown" | "locale_unknown" | "email_invalid" | "email_too_long" | "email_taken" | "phone_invalid" | "phone_taken" | "name_invalid" | "name_too_long" | "username_length" | "username_invalid" | "username_looks_like_email" | "username_mismatch" | "email_unchanged" | "image_too_large" | "image_too_many_pixels" | "image_invalid" | "password_too_short" | "password_too_long" | "password_common" | "password_weak" | "code_format" | "smtp_url_invalid" | "mail_from_invalid" | "operator_password_wrong" | "no_message" | "travel_out_of_range" | "count_out_of_range" | "confirmation_required" | "phone_already_verified" | "channel_unknown";
export type FieldError = { field: string, code: ErrorCode, message: string, };
export type CommandError = { code: ErrorCode, message: string, field?: string, fields?: Array<FieldError>, details?: JsonValue, };
export type AccountId = number;
export type Timestamp = number;
export type AccountView = { id: AccountId, firstName: string, lastName: string, email: string, username: string, phone: string, emailVerified: boolean, createdAt: Timestamp, };
export type SessionId = number;
export type SessionView = { id: SessionId, deviceLabel: string, createdAt: Timestamp, lastSeenAt: Timestamp, 
/**
 * The session this list was asked with.
 */
current: boolean, };
export type CodePurpose = "verify_email" | "reset_password" | "change_email" | "verify_phone" | "sign_in" | "delete_account";
export type CodeState = "queued" | "sent" | "failed" | "none";
export type CodeStatus = { purpose: CodePurpose, 
/**
 * The address or username as typed in this flow (never another account's data).
 */
sentTo: string, state: CodeState, sentAt: Timestamp | null, 
/**
 * `sent_at + code_lifetime`; `None` while queued (the code does not age yet) or if none.
 */
expiresAt: Timestamp | null, 
/**
 * When a new code may be asked for (now or in the past when allowed).
 */
resendAvailableAt: Timestamp, 
/**
 * Wrong tries left on the current code; `None` if there is no code.
 */
attemptsLeft: number | null, 
/**
 * Why the email has not left: the mail task's last error, for a `failed` code and for a
 * `queued` one that is being retried ("retrying: <reason>"). Always `None` for decoys.
 */
deliveryError: string | null, };
export type PendingEmailChange = { 
/**
 * The new address as typed.
 */
newEmail: string, codeStatus: CodeStatus, };
export type Registered = { 
/**
 * The address as typed.
 */
email: string, 
/**
 * Names this registration (and only it) to `verify_email`, `resend_code` and `code_status`.
 */
handle: RegistrationHandle, codeStatus: CodeStatus, };
export type RegistrationHandle = string;
export type ResetRequested = { 
/**
 * The identifier as typed.
 */
sentTo: string, codeStatus: CodeStatus, };
export type Strength = { 
/**
 * zxcvbn score, 0 (guessed at once) to 4.
 */
score: number, 
/**
 * Whether registration would accept it (score ≥ 3 and not a common password).
 */
acceptable: boolean, warning: string | null, suggestions: Array<string>, };
export type OutboxId = number;
export type MailPurpose = "verify_email" | "reset_password" | "password_changed" | "change_email" | "email_changed" | "registration_attempt" | "account_locked" | "test" | "verify_phone" | "sign_in" | "delete_account";
export type OutboxStatus = "queued" | "sent" | "delivered_locally" | "failed";
export type MailboxEntry = { id: OutboxId, to: string, subject: string, purpose: MailPurpose, status: OutboxStatus, createdAt: Timestamp, sentAt: Timestamp | null, read: boolean, };
export type MailboxMessage = { id: OutboxId, to: string, subject: string, purpose: MailPurpose, status: OutboxStatus, createdAt: Timestamp, sentAt: Timestamp | null, text: string, html: string, };
export type DeliveryStatus = { "state": "queued", attempts: number, lastError: string | null, nextAttemptAt: Timestamp, } | { "state": "sent", at: Timestamp, } | { "state": "delivered_locally", at: Timestamp, } | { "state": "failed", attempts: number, reason: string, };
export type PhoneStatus = { 
/**
 * E.164.
 */
phone: string, verified: boolean, verifiedAt: Timestamp | null, 
/**
 * The current verification code, if one was asked for.
 */
codeStatus: CodeStatus, 
/**
 * Where the latest code's text stands: queued (with the last error), sent, failed (reason).
 */
delivery: DeliveryStatus | null, };
export type SignInCodeRequested = { 
/**
 * The identifier as typed.
 */
sentTo: string, channel: CodeChannel, codeStatus: CodeStatus, };
export type CodeChannel = "email" | "sms";
export type SmsMessage = { id: OutboxId, to: string, purpose: MailPurpose, status: OutboxStatus, createdAt: Timestamp, sentAt: Timestamp | null, read: boolean, text: string, };
export type SettingsSource = "environment" | "saved" | "config_file" | "default";
export type SendTestOutcome = { ok: boolean, message: string, };
export type AppInfo = { name: string, version: string, dataDir: string, database: DatabaseInfo, keyringAvailable: boolean, mail: MailInfo, features: FeaturesInfo, 
/**
 * `normal`, `kiosk` or `qa`.
 */
mode: "normal" | "kiosk" | "qa", 
/**
 * Kiosk mode only.
 */
kiosk: KioskInfo | null, 
/**
 * QA mode only.
 */
qa: QaInfo | null, };
export type StoreStatus = { ready: boolean, state: StoreState, 
/**
 * Why not: one sentence for the operator (server and reason, never a password).
 */
problem: string | null, };
export type StoreState = "opening" | "ready" | "unreachable" | "failed";
export type DatabaseInfo = { path: string, createdThisStart: boolean, schemaVersion: number, journalMode: string, 
/**
 * Operator mode only: before sign-in it tells whether an address was free (issue 8, item 6).
 */
accountCount: number | null, };
export type MailInfo = { mode: string, };
export type FeaturesInfo = { devMailbox: boolean, mailSettings: boolean, };
export type KioskInfo = { idleSecs: number, countdownSecs: number, exitKeys: string, operatorName: string | null, supportLine: string | null, 
/**
 * The operator left kiosk mode for this run.
 */
exited: boolean, };
export type QaInfo = { clockOffsetMs: number, };
export type MailSettingsView = { mode: string, smtpUrl: string | null, mailFrom: string, hasPassword: boolean, source: SettingsSource, keyringAvailable: boolean, 
/**
 * Why mail is held (mode `held`): a setting that cannot be used, named with its place.
 */
problem: string | null, };
export type Catalogue = { tag: string, 
/**
 * The language's name in itself (its `language-name`), for the language menu: the page
 * need not parse every catalogue to list them.
 */
name: string, source: string, };
export type SignedInView = { account: AccountView, remembered: boolean, keyringNotice: string | null, };
export type RestoredSession = { signedIn: SignedInView | null, notice: string | null, };
export type ActivityView = { at: number, kind: string, summary: string, detail: JsonValue, };
export type SignedOut = { reason: SignedOutReason, };
export type SignedOutReason = "signed_out" | "signed_out_everywhere" | "revoked" | "expired" | "account_deleted";
export type RegistrationMode = "open" | "invite_only" | "closed";
export type RoleInfo = { name: string, selfService: boolean, };
export type RegistrationOptions = { mode: RegistrationMode, roles: Array<RoleInfo>, defaultRole: string, };
export type InvitedPerson = { accountId: AccountId, firstName: string, lastName: string, username: string, email: string | null, phone: string | null, at: Timestamp, };
export type MyInvites = { 
/**
 * My personal code, grouped (`7KQ2-9XMD`).
 */
code: string, 
/**
 * Whose code I entered, if any.
 */
invitedBy: InvitedPerson | null, 
/**
 * Who joined with my code (names and when).
 */
joined: Array<InvitedPerson>, };
export type InviteState = "pending" | "used_up" | "expired" | "revoked";
export type InviteView = { 
/**
 * Grouped (`7KQ2-9XMD`).
 */
code: string, roles: Array<string>, state: InviteState, uses: bigint, maxUses: bigint | null, expiresAt: Timestamp | null, boundEmail: string | null, createdBy: AccountId | null, createdAt: Timestamp, redeemedBy: Array<InvitedPerson>, };
export type LockView = { lockedAt: Timestamp, 
/**
 * `None`: until unlocked.
 */
until: Timestamp | null, by: AccountId | null, reason: string, };
export type AdminAccountView = { account: AccountView, roles: Array<string>, 
/**
 * Set while the account is locked.
 */
locked: LockView | null, liveSessions: bigint, };
export type AdminAccountDetail = { invitedBy: InvitedPerson | null, joined: Array<InvitedPerson>, account: AccountView, roles: Array<string>, 
/**
 * Set while the account is locked.
 */
locked: LockView | null, liveSessions: bigint, };
export type AuditEntry = { id: bigint, at: Timestamp, accountId: AccountId | null, kind: string, detail: unknown, };
