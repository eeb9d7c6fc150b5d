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
use sqlx::SqliteConnection;
use subtle::ConstantTimeEq;

use crate::accounts::{AccountId, AccountRecord, IdentifierKey, Latchkey};
use crate::audit::{AuditKind, PendingEvents};
use crate::clock::Timestamp;
use crate::domain::CodeInput;
use crate::mail::{self, Template};

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
}

impl CodePurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            CodePurpose::VerifyEmail => "verify_email",
            CodePurpose::ResetPassword => "reset_password",
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

/// The current (latest, not superseded) code of an owner and purpose.
#[derive(Debug, sqlx::FromRow)]
struct CodeRow {
    id: i64,
    code_mac: Option<Vec<u8>>,
    lifetime_ms: i64,
    failed_attempts: i64,
    consumed_at: Option<i64>,
    sent_at: Option<i64>,
    created_at: i64,
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

async fn current_code(
    conn: &mut SqliteConnection,
    owner: CodeOwner<'_>,
    purpose: CodePurpose,
) -> Result<Option<CodeRow>, sqlx::Error> {
    match owner {
        CodeOwner::Account(account) => {
            sqlx::query_as(
                "SELECT c.id, c.code_mac, c.lifetime_ms, c.failed_attempts, c.consumed_at, o.sent_at, c.created_at
                 FROM one_time_codes c LEFT JOIN outbox o ON o.id = c.outbox_id
                 WHERE c.account_id = ? AND c.purpose = ? AND c.superseded_at IS NULL
                 ORDER BY c.id DESC LIMIT 1",
            )
            .bind(account.0)
            .bind(purpose.as_str())
            .fetch_optional(conn)
            .await
        }
        CodeOwner::Decoy(key) => {
            sqlx::query_as(
                "SELECT d.id, NULL AS code_mac, d.lifetime_ms, d.failed_attempts, NULL AS consumed_at,
                        CASE WHEN d.outbox_id IS NULL THEN d.sent_at ELSE o.sent_at END AS sent_at, d.created_at
                 FROM decoy_codes d LEFT JOIN outbox o ON o.id = d.outbox_id
                 WHERE d.identifier_key = ? AND d.purpose = ? AND d.superseded_at IS NULL
                 ORDER BY d.id DESC LIMIT 1",
            )
            .bind(key.as_str())
            .bind(purpose.as_str())
            .fetch_optional(conn)
            .await
        }
    }
}

/// When the owner may next get a new code for `purpose`.
async fn resend_available_at(
    conn: &mut SqliteConnection,
    owner: CodeOwner<'_>,
    purpose: CodePurpose,
    now: Timestamp,
    cooldown: Duration,
) -> Result<Timestamp, sqlx::Error> {
    let hour_ago = now.millis() - i64::try_from(HOUR.as_millis()).unwrap_or(i64::MAX);
    let recent: Vec<i64> = match owner {
        CodeOwner::Account(account) => {
            sqlx::query_scalar(
                "SELECT created_at FROM one_time_codes WHERE account_id = ? AND purpose = ? AND created_at > ?
                 ORDER BY created_at DESC LIMIT 5",
            )
            .bind(account.0)
            .bind(purpose.as_str())
            .bind(hour_ago)
            .fetch_all(conn)
            .await?
        }
        CodeOwner::Decoy(key) => {
            sqlx::query_scalar(
                "SELECT created_at FROM decoy_codes WHERE identifier_key = ? AND purpose = ? AND created_at > ?
                 ORDER BY created_at DESC LIMIT 5",
            )
            .bind(key.as_str())
            .bind(purpose.as_str())
            .bind(hour_ago)
            .fetch_all(conn)
            .await?
        }
    };
    let after_cooldown = recent.first().map(|&newest| Timestamp(newest).plus(cooldown));
    let after_hourly_limit = recent
        .get(MAX_CODES_PER_HOUR - 1)
        .map(|&fifth| Timestamp(fifth).plus(HOUR));
    Ok([Some(now), after_cooldown, after_hourly_limit]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(now))
}

/// The status of the owner's current code.
pub(crate) async fn status(
    conn: &mut SqliteConnection,
    owner: CodeOwner<'_>,
    purpose: CodePurpose,
    sent_to: &str,
    now: Timestamp,
    cooldown: Duration,
) -> Result<CodeStatus, sqlx::Error> {
    let resend_available_at = resend_available_at(conn, owner, purpose, now, cooldown).await?;
    let current = current_code(conn, owner, purpose)
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
    conn: &mut SqliteConnection,
    owner: CodeOwner<'_>,
    purpose: CodePurpose,
    now: Timestamp,
    cooldown: Duration,
) -> Result<Result<(), Duration>, sqlx::Error> {
    let available = resend_available_at(conn, owner, purpose, now, cooldown).await?;
    Ok(if available > now {
        Err(now.until(available))
    } else {
        Ok(())
    })
}

impl Latchkey {
    /// [`status`] with this installation's resend cooldown.
    pub(crate) async fn code_status_at(
        &self,
        conn: &mut SqliteConnection,
        owner: CodeOwner<'_>,
        purpose: CodePurpose,
        sent_to: &str,
        now: Timestamp,
    ) -> Result<CodeStatus, sqlx::Error> {
        status(conn, owner, purpose, sent_to, now, self.config.resend_cooldown()).await
    }

    /// [`check_resend_allowed`] with this installation's resend cooldown.
    pub(crate) async fn resend_allowed_at(
        &self,
        conn: &mut SqliteConnection,
        owner: CodeOwner<'_>,
        purpose: CodePurpose,
        now: Timestamp,
    ) -> Result<Result<(), Duration>, sqlx::Error> {
        check_resend_allowed(conn, owner, purpose, now, self.config.resend_cooldown()).await
    }

    fn code_mac(&self, account: AccountId, purpose: CodePurpose, digits: &str) -> Vec<u8> {
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
    /// inside the caller's transaction. Does not check the resend limits (see
    /// [`check_resend_allowed`]). The caller commits and then notifies the outbox.
    pub(crate) async fn issue_code(
        &self,
        conn: &mut SqliteConnection,
        events: &mut PendingEvents,
        account: &AccountRecord,
        purpose: CodePurpose,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE one_time_codes SET superseded_at = ?
             WHERE account_id = ? AND purpose = ? AND superseded_at IS NULL AND consumed_at IS NULL",
        )
        .bind(now.millis())
        .bind(account.id)
        .bind(purpose.as_str())
        .execute(&mut *conn)
        .await?;
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
        };
        let outbox_id = mail::enqueue(&mut *conn, &self.key, &account.email, &template, now).await?;
        sqlx::query(
            "INSERT INTO one_time_codes (account_id, purpose, code_mac, created_at, lifetime_ms, outbox_id)
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(account.id)
        .bind(purpose.as_str())
        .bind(self.code_mac(account.id(), purpose, &code))
        .bind(now.millis())
        .bind(i64::try_from(lifetime.as_millis()).unwrap_or(i64::MAX))
        .bind(outbox_id.0)
        .execute(&mut *conn)
        .await?;
        let detail = serde_json::json!({ "purpose": purpose.as_str() });
        events
            .record(conn, now, Some(account.id()), AuditKind::CodeSent, detail)
            .await
    }

    /// Issues a decoy for `identifier_key` (see [`Latchkey::identifier_key`]), superseding older
    /// decoys. With `notify`, that message is queued to the real owner and the decoy's delivery
    /// follows it; without, the decoy "leaves" a few tens of milliseconds later, like a real
    /// message would.
    pub(crate) async fn issue_decoy(
        &self,
        conn: &mut SqliteConnection,
        identifier_key: &IdentifierKey,
        purpose: CodePurpose,
        notify: Option<(&str, &Template<'_>)>,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        sqlx::query(
            "UPDATE decoy_codes SET superseded_at = ? WHERE identifier_key = ? AND purpose = ? AND superseded_at IS NULL",
        )
        .bind(now.millis())
        .bind(identifier_key.as_str())
        .bind(purpose.as_str())
        .execute(&mut *conn)
        .await?;
        let outbox_id = match notify {
            Some((to, template)) => Some(mail::enqueue(&mut *conn, &self.key, to, template, now).await?),
            None => None,
        };
        let simulated_delivery = now.plus(Duration::from_millis(20 + u64::from(self.random.bytes::<1>()[0] % 80)));
        sqlx::query(
            "INSERT INTO decoy_codes (identifier_key, purpose, created_at, lifetime_ms, outbox_id, sent_at)
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(identifier_key.as_str())
        .bind(purpose.as_str())
        .bind(now.millis())
        .bind(i64::try_from(self.config.code_lifetime().as_millis()).unwrap_or(i64::MAX))
        .bind(outbox_id.map(|id| id.0))
        .bind(outbox_id.is_none().then_some(simulated_delivery.millis()))
        .execute(&mut *conn)
        .await?;
        Ok(outbox_id.is_some())
    }

    /// Checks `input` against the owner's current code. A wrong code counts an attempt (the
    /// caller must commit even when this returns a rejection). On success the code is consumed.
    pub(crate) async fn check_code(
        &self,
        conn: &mut SqliteConnection,
        owner: CodeOwner<'_>,
        purpose: CodePurpose,
        input: &CodeInput,
        now: Timestamp,
    ) -> Result<Result<(), CodeRejection>, sqlx::Error> {
        let Some(row) = current_code(conn, owner, purpose).await? else {
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
            sqlx::query("UPDATE one_time_codes SET consumed_at = ? WHERE id = ?")
                .bind(now.millis())
                .bind(row.id)
                .execute(&mut *conn)
                .await?;
            return Ok(Ok(()));
        }
        let table_update = match owner {
            CodeOwner::Account(_) => "UPDATE one_time_codes SET failed_attempts = failed_attempts + 1 WHERE id = ?",
            CodeOwner::Decoy(_) => "UPDATE decoy_codes SET failed_attempts = failed_attempts + 1 WHERE id = ?",
        };
        sqlx::query(table_update).bind(row.id).execute(&mut *conn).await?;
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
        conn: &mut SqliteConnection,
        tracker: &IdentifierKey,
        account: Option<AccountId>,
        purpose: CodePurpose,
        input: &CodeInput,
        now: Timestamp,
    ) -> Result<Result<(), CodeRejection>, sqlx::Error> {
        let tracker_owner = CodeOwner::Decoy(tracker);
        let Some(row) = current_code(conn, tracker_owner, purpose).await? else {
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
            sqlx::query("UPDATE decoy_codes SET superseded_at = ? WHERE id = ?")
                .bind(now.millis())
                .bind(row.id)
                .execute(&mut *conn)
                .await?;
            return Ok(Ok(()));
        }
        sqlx::query("UPDATE decoy_codes SET failed_attempts = failed_attempts + 1 WHERE id = ?")
            .bind(row.id)
            .execute(&mut *conn)
            .await?;
        Ok(Err(CodeRejection::Invalid {
            attempts_left: row.attempts_left().saturating_sub(1),
        }))
    }
}
