//! One-time codes: issued by email, checked once.
//!
//! Rules: `code_length` digits drawn uniformly from the CSPRNG; only an HMAC-SHA256 of the code
//! (keyed by the install key's `one-time-codes` subkey, bound to the account and purpose) is
//! stored and it is compared in constant time; a code lives `code_lifetime` from the moment its
//! email left (`outbox.sent_at`; while the email waits in the outbox the code is `queued` and
//! does not age; if the mail task gives up on it the code is `failed`); it is used once;
//! [`MAX_ATTEMPTS`] wrong tries kill it; a new code supersedes the older ones of the same
//! purpose; new codes are limited to one per [`RESEND_COOLDOWN`] and [`MAX_CODES_PER_HOUR`] per
//! hour for each account and purpose.
//!
//! Decoys (table `decoy_codes`) stand in for codes asked for identifiers without an account or
//! addresses that are already verified, and follow the same rules, so the answers never say
//! whether an account exists. No input matches a decoy.

use std::time::Duration;

use hmac::{KeyInit, Mac};
use subtle::ConstantTimeEq;

use crate::accounts::Latchkey;
use crate::audit::AuditKind;
use crate::clock::Timestamp;
use crate::domain::CodeInput;
use crate::i18n::Locale;
use crate::ids::{AccountId, IdentifierKey};
use crate::mail::Template;
use crate::mail::outbox::recipient_locale;
use crate::store::accounts::AccountRecord;
use crate::store::batch::IdRef;
use crate::store::codes::CodeRow;
use crate::store::{self, Conn};
use crate::unit_of_work::UnitOfWork;

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// Wrong tries after which a code is dead.
pub const MAX_ATTEMPTS: u32 = 5;
/// Default minimum time between two codes for the same account and purpose
/// (`Config::resend_cooldown_secs`).
pub const RESEND_COOLDOWN: Duration = Duration::from_secs(60);
/// Most codes per account and purpose in any hour.
pub const MAX_CODES_PER_HOUR: usize = 5;
const HOUR: Duration = Duration::from_secs(3600);

/// What a code is for. A code for one purpose never passes for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CodePurpose {
    VerifyEmail,
    ResetPassword,
    /// Proves the person reads the new address of a change of email (sent to that address).
    ChangeEmail,
    /// Proves the phone is the person's (sent by text, issue 11).
    VerifyPhone,
    /// Signs in instead of the password (sent by email or text, issue 11).
    SignIn,
    /// Confirms erasing the account instead of the password (issue 12: for people who sign
    /// in by code), sent to the account's own address.
    DeleteAccount,
}

impl CodePurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            CodePurpose::VerifyEmail => "verify_email",
            CodePurpose::ResetPassword => "reset_password",
            CodePurpose::ChangeEmail => "change_email",
            CodePurpose::VerifyPhone => "verify_phone",
            CodePurpose::SignIn => "sign_in",
            CodePurpose::DeleteAccount => "delete_account",
        }
    }
}

/// Whether there is a current code. The answers the flows give before sign-in only ever say
/// `sent` or `none`: whether a real code's email is still queued or has failed is the operator's
/// business (log, dev mailbox), and a stand-in (decoy) code could not imitate it (issue 8, item 5).
/// `Queued` and `Failed` stay in the type for the UI's sake and are not produced by the core.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CodeState {
    Queued,
    Sent,
    /// The mail task gave up on the email (`outbox.status = 'failed'`); the reason is in
    /// [`CodeStatus::delivery_error`]. A new code may be asked for once the resend limits allow.
    Failed,
    None,
}

/// What the person can be told about the code they are waiting for. Identical in form and
/// timing for real and stand-in codes: `sent_at` is when the code was issued, `expires_at` that
/// plus the lifetime (a real code may live a little longer, from when its email left), and
/// `delivery_error` is always `None`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CodeStatus {
    pub purpose: CodePurpose,
    /// The address or username as typed in this flow (never another account's data).
    pub sent_to: String,
    pub state: CodeState,
    pub sent_at: Option<Timestamp>,
    /// `sent_at + code_lifetime`; `None` while queued (the code does not age yet) or if none.
    pub expires_at: Option<Timestamp>,
    /// When a new code may be asked for (now or in the past when allowed).
    pub resend_available_at: Timestamp,
    /// Wrong tries left on the current code; `None` if there is no code.
    pub attempts_left: Option<u32>,
    /// Why the email has not left: the mail task's last error, for a `failed` code and for a
    /// `queued` one that is being retried ("retrying: <reason>"). Always `None` for decoys.
    pub delivery_error: Option<String>,
}

impl CodeStatus {
    /// The status of a code issued at `now` to an owner that had no other code of `purpose`
    /// in the last hour (a new account, a new registration handle's stand-in): what [`status`]
    /// reads back then, without the two reads.
    pub(crate) fn just_issued(
        purpose: CodePurpose,
        sent_to: &str,
        now: Timestamp,
        lifetime: Duration,
        cooldown: Duration,
    ) -> CodeStatus {
        CodeStatus {
            purpose,
            sent_to: sent_to.to_owned(),
            state: CodeState::Sent,
            sent_at: Some(now),
            expires_at: Some(now.plus(lifetime)),
            resend_available_at: now.plus(cooldown).max(now),
            attempts_left: Some(MAX_ATTEMPTS),
            delivery_error: None,
        }
    }

    /// How long until a new code may be asked for.
    pub fn resend_wait(&self, now: Timestamp) -> Duration {
        now.until(self.resend_available_at)
    }
}

/// Why a typed code was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeRejection {
    /// No live code (never issued, already used, or superseded).
    NotFound,
    Expired,
    /// Too many wrong tries on this code.
    Exhausted,
    Invalid {
        attempts_left: u32,
    },
}

/// Whose codes: a real account's, or the decoys of an identifier key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CodeOwner<'a> {
    Account(AccountId),
    Decoy(&'a IdentifierKey),
}

impl CodeRow {
    fn attempts_left(&self) -> u32 {
        MAX_ATTEMPTS.saturating_sub(u32::try_from(self.failed_attempts).unwrap_or(MAX_ATTEMPTS))
    }

    /// `sent_at` when delivery has happened by `now`.
    fn sent_at(&self, now: Timestamp) -> Option<Timestamp> {
        self.sent_at.map(Timestamp).filter(|&t| t <= now)
    }

    fn expires_at(&self, now: Timestamp) -> Option<Timestamp> {
        self.sent_at(now)
            .map(|t| Timestamp(t.millis().saturating_add(self.lifetime_ms)))
    }

    /// What may be said about this code before sign-in: when it was issued and when it expires
    /// counted from then, the same for real and stand-in codes.
    fn public_times(&self) -> (Timestamp, Timestamp) {
        let issued = Timestamp(self.created_at);
        (issued, Timestamp(self.created_at.saturating_add(self.lifetime_ms)))
    }
}

/// When the owner may next get a new code for `purpose`.
async fn resend_available_at(
    conn: &mut Conn,
    owner: CodeOwner<'_>,
    purpose: CodePurpose,
    now: Timestamp,
    cooldown: Duration,
) -> Result<Timestamp, store::Error> {
    let recent = store::codes::recent_issue_times(conn, owner, purpose, resend_window_start(now)).await?;
    Ok(resend_available_from(
        recent.first().copied(),
        recent.get(MAX_CODES_PER_HOUR - 1).copied(),
        now,
        cooldown,
    ))
}

/// The time from which issued codes count against the resend limits at `now`.
pub(crate) fn resend_window_start(now: Timestamp) -> i64 {
    now.millis() - i64::try_from(HOUR.as_millis()).unwrap_or(i64::MAX)
}

/// When a new code may be issued, given when the newest and the fifth newest code since
/// [`resend_window_start`] were (`None`: fewer codes than that).
pub(crate) fn resend_available_from(
    newest: Option<i64>,
    fifth: Option<i64>,
    now: Timestamp,
    cooldown: Duration,
) -> Timestamp {
    let after_cooldown = newest.map(|newest| Timestamp(newest).plus(cooldown));
    let after_hourly_limit = fifth.map(|fifth| Timestamp(fifth).plus(HOUR));
    [Some(now), after_cooldown, after_hourly_limit]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(now)
}

/// The status of the owner's current code.
pub(crate) async fn status(
    conn: &mut Conn,
    owner: CodeOwner<'_>,
    purpose: CodePurpose,
    sent_to: &str,
    now: Timestamp,
    cooldown: Duration,
) -> Result<CodeStatus, store::Error> {
    let resend_available_at = resend_available_at(conn, owner, purpose, now, cooldown).await?;
    let current = store::codes::current_code(conn, owner, purpose)
        .await?
        .filter(|row| row.consumed_at.is_none());
    let status = match current {
        None => CodeStatus {
            purpose,
            sent_to: sent_to.to_owned(),
            state: CodeState::None,
            sent_at: None,
            expires_at: None,
            resend_available_at,
            attempts_left: None,
            delivery_error: None,
        },
        Some(row) => {
            let (issued, expires) = row.public_times();
            CodeStatus {
                purpose,
                sent_to: sent_to.to_owned(),
                state: CodeState::Sent,
                sent_at: Some(issued),
                expires_at: Some(expires),
                resend_available_at,
                attempts_left: Some(row.attempts_left()),
                delivery_error: None,
            }
        }
    };
    Ok(status)
}

/// `Err(retry_after)` if a new code may not be issued yet.
pub(crate) async fn check_resend_allowed(
    conn: &mut Conn,
    owner: CodeOwner<'_>,
    purpose: CodePurpose,
    now: Timestamp,
    cooldown: Duration,
) -> Result<Result<(), Duration>, store::Error> {
    let available = resend_available_at(conn, owner, purpose, now, cooldown).await?;
    Ok(if available > now {
        Err(now.until(available))
    } else {
        Ok(())
    })
}

impl Latchkey {
    /// [`CodeStatus::just_issued`] with this installation's code lifetime and resend cooldown.
    pub(crate) fn fresh_code_status(&self, purpose: CodePurpose, sent_to: &str, now: Timestamp) -> CodeStatus {
        CodeStatus::just_issued(
            purpose,
            sent_to,
            now,
            self.config.code_lifetime(),
            self.config.resend_cooldown(),
        )
    }

    /// [`status`] with this installation's resend cooldown.
    pub(crate) async fn code_status_at(
        &self,
        conn: &mut Conn,
        owner: CodeOwner<'_>,
        purpose: CodePurpose,
        sent_to: &str,
        now: Timestamp,
    ) -> Result<CodeStatus, store::Error> {
        status(conn, owner, purpose, sent_to, now, self.config.resend_cooldown()).await
    }

    /// [`check_resend_allowed`] with this installation's resend cooldown.
    pub(crate) async fn resend_allowed_at(
        &self,
        conn: &mut Conn,
        owner: CodeOwner<'_>,
        purpose: CodePurpose,
        now: Timestamp,
    ) -> Result<Result<(), Duration>, store::Error> {
        check_resend_allowed(conn, owner, purpose, now, self.config.resend_cooldown()).await
    }

    pub(crate) fn code_mac(&self, account: AccountId, purpose: CodePurpose, digits: &str) -> Vec<u8> {
        let mut mac =
            HmacSha256::new_from_slice(&self.key.subkey("one-time-codes")).expect("HMAC takes any key length");
        mac.update(b"latchkey one-time code v1\0");
        mac.update(purpose.as_str().as_bytes());
        mac.update(b"\0");
        mac.update(&account.0.to_be_bytes());
        mac.update(digits.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }

    /// Issues a new code to `account`'s email, superseding its older codes of this purpose,
    /// inside the caller's unit of work (which wakes the mail task once committed). Does not
    /// check the resend limits (see [`check_resend_allowed`]).
    pub(crate) async fn issue_code(
        &self,
        work: &mut UnitOfWork,
        account: &AccountRecord,
        purpose: CodePurpose,
        now: Timestamp,
    ) -> Result<(), store::Error> {
        self.issue_code_to(work, account, purpose, &account.email, None, now)
            .await
    }

    /// [`Latchkey::issue_code`] to another address than the account's (the new address of a
    /// change of email), written in `locale` (when `None`, the language of the account at
    /// `to`, looked up first). The writes are deferred (see [`UnitOfWork::defer`]): on a
    /// fleet's server they go in one round trip with the rest of the flow's.
    pub(crate) async fn issue_code_to(
        &self,
        work: &mut UnitOfWork,
        account: &AccountRecord,
        purpose: CodePurpose,
        to: &str,
        locale: Option<Locale>,
        now: Timestamp,
    ) -> Result<(), store::Error> {
        let locale = match locale {
            Some(locale) => locale,
            None => recipient_locale(work.conn().await?, to).await?,
        };
        work.defer(store::codes::supersede_codes(account.id(), purpose, now));
        let code = self.random.digits(self.config.code_length);
        let lifetime = self.config.code_lifetime();
        let template = match purpose {
            CodePurpose::VerifyEmail => Template::VerifyEmail {
                first_name: &account.first_name,
                code: &code,
                lifetime,
            },
            CodePurpose::ResetPassword => Template::ResetPassword {
                first_name: &account.first_name,
                code: &code,
                lifetime,
            },
            CodePurpose::ChangeEmail => Template::ChangeEmail {
                first_name: &account.first_name,
                code: &code,
                lifetime,
            },
            CodePurpose::DeleteAccount => Template::DeleteAccountCode {
                first_name: &account.first_name,
                code: &code,
                lifetime,
            },
            // Phone codes go by text (`Latchkey::issue_sms_code`); a sign-in code by email:
            CodePurpose::SignIn | CodePurpose::VerifyPhone => Template::SignInCode {
                first_name: &account.first_name,
                code: &code,
                lifetime,
            },
        };
        let outbox = work.enqueue_mail(&self.key, to, Some(locale), &template, now).await?;
        let lifetime_ms = i64::try_from(lifetime.as_millis()).unwrap_or(i64::MAX);
        let code_mac = self.code_mac(account.id(), purpose, &code);
        work.defer(store::codes::insert_code(
            account.id(),
            purpose,
            &code_mac,
            lifetime_ms,
            outbox,
            now,
        ));
        let detail = serde_json::json!({ "purpose": purpose.as_str() });
        work.record(now, Some(account.id()), AuditKind::CodeSent, detail).await
    }

    /// Issues a decoy for `identifier_key` (see [`Latchkey::identifier_key`]), superseding older
    /// decoys. With `notify` (address, its language if known, message), that message is queued
    /// to the real owner and the decoy's delivery follows it; without, the decoy "leaves" a few
    /// tens of milliseconds later, like a real message would. The writes are deferred.
    pub(crate) async fn issue_decoy(
        &self,
        work: &mut UnitOfWork,
        identifier_key: &IdentifierKey,
        purpose: CodePurpose,
        notify: Option<(&str, Option<Locale>, &Template<'_>)>,
        now: Timestamp,
    ) -> Result<(), store::Error> {
        let outbox = match notify {
            Some((to, locale, template)) => Some(work.enqueue_mail(&self.key, to, locale, template, now).await?),
            None => None,
        };
        work.defer(store::codes::supersede_decoys(identifier_key, purpose, now));
        let simulated_delivery = now.plus(Duration::from_millis(20 + u64::from(self.random.bytes::<1>()[0] % 80)));
        let lifetime_ms = i64::try_from(self.config.code_lifetime().as_millis()).unwrap_or(i64::MAX);
        let sent_at = outbox.is_none().then_some(simulated_delivery);
        work.defer(store::codes::insert_decoy(
            identifier_key,
            purpose,
            lifetime_ms,
            outbox.map(IdRef::from),
            sent_at,
            now,
        ));
        Ok(())
    }

    /// Checks `input` against the owner's current code. A wrong code counts an attempt (the
    /// caller must commit even when this returns a rejection). On success the code is consumed.
    pub(crate) async fn check_code(
        &self,
        conn: &mut Conn,
        owner: CodeOwner<'_>,
        purpose: CodePurpose,
        input: &CodeInput,
        now: Timestamp,
    ) -> Result<Result<(), CodeRejection>, store::Error> {
        let Some(row) = store::codes::current_code(conn, owner, purpose).await? else {
            return Ok(Err(CodeRejection::NotFound));
        };
        if row.consumed_at.is_some() {
            return Ok(Err(CodeRejection::NotFound));
        }
        if row.attempts_left() == 0 {
            return Ok(Err(CodeRejection::Exhausted));
        }
        // A stand-in code expires when its public status says; a real one counts from when its
        // email left.
        let expires_at = match owner {
            CodeOwner::Account(_) => row.expires_at(now),
            CodeOwner::Decoy(_) => Some(row.public_times().1),
        };
        if expires_at.is_some_and(|expiry| now >= expiry) {
            return Ok(Err(CodeRejection::Expired));
        }
        let matches = match (owner, &row.code_mac) {
            (CodeOwner::Account(account), Some(stored)) => {
                bool::from(self.code_mac(account, purpose, input.digits()).ct_eq(stored))
            }
            _ => false,
        };
        if matches {
            store::codes::consume_code(conn, row.id, now).await?;
            return Ok(Ok(()));
        }
        store::codes::count_failed_attempt(conn, owner, row.id).await?;
        Ok(Err(CodeRejection::Invalid {
            attempts_left: row.attempts_left().saturating_sub(1),
        }))
    }

    /// A reset code typed with `identifier`'s request tracker `tracker` (a stand-in code
    /// issued at each request, known identifier or not). What the person is told follows the
    /// tracker only: not found, expired, exhausted, or wrong with the tracker's tries left. The
    /// account's real code (`account`) only decides whether the input matches, and counts its
    /// own wrong tries, so the account's total budget is not multiplied by its identifiers.
    pub(crate) async fn check_tracked_code(
        &self,
        conn: &mut Conn,
        tracker: &IdentifierKey,
        account: Option<AccountId>,
        purpose: CodePurpose,
        input: &CodeInput,
        now: Timestamp,
    ) -> Result<Result<(), CodeRejection>, store::Error> {
        let tracker_owner = CodeOwner::Decoy(tracker);
        let Some(row) = store::codes::current_code(conn, tracker_owner, purpose).await? else {
            return Ok(Err(CodeRejection::NotFound));
        };
        if row.attempts_left() == 0 {
            return Ok(Err(CodeRejection::Exhausted));
        }
        if now >= row.public_times().1 {
            return Ok(Err(CodeRejection::Expired));
        }
        let real = match account {
            Some(account) => self
                .check_code(conn, CodeOwner::Account(account), purpose, input, now)
                .await?
                .is_ok(),
            None => false,
        };
        if real {
            store::codes::supersede_decoy(conn, row.id, now).await?;
            return Ok(Ok(()));
        }
        store::codes::count_failed_attempt(conn, tracker_owner, row.id).await?;
        Ok(Err(CodeRejection::Invalid {
            attempts_left: row.attempts_left().saturating_sub(1),
        }))
    }
}
