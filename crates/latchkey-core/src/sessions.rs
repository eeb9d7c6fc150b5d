//! Sessions: a 256-bit token from the CSPRNG is handed to the caller once; the database keeps
//! only its SHA-256. A session ends after `session_idle_timeout` without use (sliding) or
//! `session_absolute_lifetime` after sign-in, whichever comes first, or when revoked (log out,
//! log out everywhere, password change or reset).

use crate::error::ErrorCode;
use std::time::Duration;

use crate::accounts::{AccountView, Latchkey};
use crate::audit::{AuditEvent, AuditKind};
use crate::clock::Timestamp;
use crate::domain::{FieldError, Password, field};
use crate::error::InternalError;
use crate::ids::AccountId;
use crate::mail::Template;
use crate::session_cache::Checked;
use crate::store::sessions::{SessionRow, revoke_sessions};
use crate::store::{self, Conn};
use crate::throttle::{Throttle, ThrottleKey};
use crate::unit_of_work::UnitOfWork;
use secrecy::SecretString;
use sha2::{Digest, Sha256};

/// `last_seen_at` is refreshed at most this often: validating a session on every call must
/// not mean a database write on every call. The idle timeout is days, so a minute is noise.
const LAST_SEEN_GRANULARITY: Duration = Duration::from_secs(60);

/// Longest device label kept, in characters.
const MAX_DEVICE_LABEL_CHARS: usize = 100;

pub use crate::accounts::SignedIn;
pub use crate::ids::{SessionId, SessionToken};

/// A session that [`Latchkey::validate_session`] accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentSession {
    pub session_id: SessionId,
    pub account: AccountView,
}

/// One of an account's live sessions, for the profile screen.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SessionView {
    pub id: SessionId,
    pub device_label: String,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
    /// The session this list was asked with.
    pub current: bool,
}

/// Why a token does not open a session.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("the session has expired; sign in again")]
    Expired,
    #[error("the session was ended ({reason}); sign in again")]
    Revoked { reason: String },
    #[error("no such session; sign in")]
    Unknown,
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl SessionError {
    pub fn code(&self) -> ErrorCode {
        match self {
            SessionError::Expired => ErrorCode::SessionExpired,
            SessionError::Revoked { .. } => ErrorCode::SessionRevoked,
            SessionError::Unknown => ErrorCode::SessionUnknown,
            SessionError::Internal(e) => e.code(),
        }
    }
}

impl From<sqlx::Error> for SessionError {
    fn from(e: sqlx::Error) -> SessionError {
        SessionError::Internal(e.into())
    }
}

/// Why [`Latchkey::check_current_password`] did not accept a password.
#[derive(Debug)]
pub(crate) enum CurrentPasswordRefused {
    /// Too many wrong passwords: wait this long.
    Throttled(Duration),
    Wrong,
}

#[derive(Debug, thiserror::Error)]
pub enum ChangePasswordError {
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error("the new password is not acceptable")]
    InvalidInput(Vec<FieldError>),
    #[error("the current password is wrong")]
    InvalidCredentials,
    #[error("too many wrong passwords; try again in {} s", retry_after.as_secs())]
    Throttled { retry_after: Duration },
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl ChangePasswordError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ChangePasswordError::Session(e) => e.code(),
            ChangePasswordError::InvalidInput(_) => ErrorCode::InvalidInput,
            ChangePasswordError::InvalidCredentials => ErrorCode::InvalidCredentials,
            ChangePasswordError::Throttled { .. } => ErrorCode::LoginThrottled,
            ChangePasswordError::Internal(e) => e.code(),
        }
    }
}

impl From<sqlx::Error> for ChangePasswordError {
    fn from(e: sqlx::Error) -> ChangePasswordError {
        ChangePasswordError::Internal(e.into())
    }
}

/// Trimmed, without control characters, at most 100 characters; "Unknown device" if empty.
fn clean_device_label(label: &str) -> String {
    let cleaned: String = label
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_DEVICE_LABEL_CHARS)
        .collect();
    if cleaned.is_empty() {
        "Unknown device".to_owned()
    } else {
        cleaned
    }
}

impl Latchkey {
    /// Starts a session for `account` inside the caller's transaction.
    pub(crate) async fn create_session(
        &self,
        work: &mut UnitOfWork,
        account: AccountId,
        device_label: &str,
        now: Timestamp,
    ) -> Result<(SessionId, SessionToken), store::Error> {
        let raw = self.random.bytes::<32>();
        let token_hash: [u8; 32] = Sha256::digest(raw).into();
        // Sent with the writes the flow deferred before it: one round trip to a fleet's server.
        let id = work
            .run_with(store::sessions::insert_session(
                account,
                &token_hash,
                &clean_device_label(device_label),
                now,
            ))
            .await?
            .ok_or_else(|| store::Error::Protocol("the session insert returned no id".into()))?;
        Ok((SessionId(id), SessionToken::new(hex::encode(raw))))
    }

    /// The session `token` opens, and its account. Refreshes the idle timer (at most once a
    /// minute). Costs one indexed lookup whatever the number of accounts or sessions, or none
    /// when the store said "live" for it less than a second ago and this instance has written
    /// nothing since ([`crate::session_cache`]: a change made by another process or kiosk is seen
    /// up to a second later, one made here at once).
    ///
    /// Errors: [`SessionError::Unknown`] for a token that was never issued (or is malformed),
    /// [`SessionError::Revoked`] after log out or a password change/reset,
    /// [`SessionError::Expired`] after the idle timeout or the absolute lifetime.
    pub async fn validate_session(&self, token: &SessionToken) -> Result<CurrentSession, SessionError> {
        let now = self.now();
        let digest = token.digest().ok_or(SessionError::Unknown)?;
        // Asked again within a second, with nothing written here since: the store's answer of
        // then (see crate::session_cache for when exactly).
        if let Some(checked) = self.session_cache.recent(&digest, now)
            && Timestamp(checked.row.last_seen_at).plus(LAST_SEEN_GRANULARITY) > now
            && let Ok(row) = self.still_live(checked.row, now)
        {
            return Ok(CurrentSession {
                session_id: SessionId(row.id),
                account: checked.account,
            });
        }
        let writes = self.session_cache.writes();
        let answer = self.validate_in_store(&digest, now).await;
        match &answer {
            Ok((row, current)) => self.session_cache.remember(
                digest,
                Checked {
                    row: row.clone(),
                    account: current.account.clone(),
                    at: now,
                    writes,
                },
            ),
            Err(_) => self.session_cache.forget(&digest),
        }
        answer.map(|(_, current)| current)
    }

    /// [`Latchkey::validate_session`] asking the store.
    async fn validate_in_store(
        &self,
        digest: &[u8; 32],
        now: Timestamp,
    ) -> Result<(SessionRow, CurrentSession), SessionError> {
        let mut conn = self.db.read().await?;
        let (row, account) = store::sessions::find_with_account(&mut conn, digest)
            .await?
            .ok_or(SessionError::Unknown)?;
        let mut row = self.still_live(row, now)?;
        if Timestamp(row.last_seen_at).plus(LAST_SEEN_GRANULARITY) <= now {
            store::sessions::touch(&mut conn, SessionId(row.id), now).await?;
            row.last_seen_at = now.millis();
        }
        let current = CurrentSession {
            session_id: SessionId(row.id),
            account: account.view(),
        };
        Ok((row, current))
    }

    /// [`Latchkey::validate_session`], always asking the store (a check repeated within a second
    /// is otherwise answered from memory): for what must see at once what other processes or
    /// kiosks did to the session — the window's watch, and every flow that changes the account,
    /// sends a code, or hands out its data or mail.
    pub async fn validate_session_in_store(&self, token: &SessionToken) -> Result<CurrentSession, SessionError> {
        if let Some(digest) = token.digest() {
            self.session_cache.forget(&digest);
        }
        self.validate_session(token).await
    }

    /// Forgets every session check [`Latchkey::validate_session`] remembers, so that the next
    /// one asks the store: for benchmarks that time the store's answer.
    #[doc(hidden)]
    pub fn forget_session_checks(&self) {
        self.session_cache.forget_all();
    }

    pub(crate) async fn live_session(
        &self,
        conn: &mut Conn,
        token: &SessionToken,
        now: Timestamp,
    ) -> Result<SessionRow, SessionError> {
        let digest = token.digest().ok_or(SessionError::Unknown)?;
        let row = store::sessions::find_by_token_hash(conn, &digest)
            .await?
            .ok_or(SessionError::Unknown)?;
        self.still_live(row, now)
    }

    /// `row` if it is neither revoked nor expired at `now`.
    fn still_live(&self, row: SessionRow, now: Timestamp) -> Result<SessionRow, SessionError> {
        if row.revoked_at.is_some() {
            return Err(SessionError::Revoked {
                reason: row.revoke_reason.unwrap_or_default(),
            });
        }
        let idle_until = Timestamp(row.last_seen_at).plus(self.config.session_idle_timeout());
        let absolute_until = Timestamp(row.created_at).plus(self.config.session_absolute_lifetime());
        if now >= idle_until || now >= absolute_until {
            return Err(SessionError::Expired);
        }
        Ok(row)
    }

    /// Ends the session `token` opens. Ending an unknown, expired or already ended session is
    /// not an error: the caller is signed out either way.
    pub async fn log_out(&self, token: &SessionToken) -> Result<(), SessionError> {
        let Some(digest) = token.digest() else {
            return Ok(());
        };
        let now = self.now();
        let mut work = self.write().await?;
        let ended = store::sessions::revoke_by_token_hash(work.conn().await?, &digest, now).await?;
        if let Some(account) = ended {
            work.record(now, Some(account), AuditKind::LoggedOut, serde_json::json!({}))
                .await?;
        }
        work.commit().await?;
        Ok(())
    }

    /// Ends every session of the account `token` belongs to, this one included; returns how
    /// many were ended.
    pub async fn log_out_everywhere(&self, token: &SessionToken) -> Result<u64, SessionError> {
        let now = self.now();
        let mut work = self.write().await?;
        let session = self.live_session(work.conn().await?, token, now).await?;
        let account = AccountId(session.account_id);
        let count = revoke_sessions(work.conn().await?, account, None, "logged_out_everywhere", now).await?;
        let detail = serde_json::json!({ "reason": "logged_out_everywhere", "count": count });
        work.record(now, Some(account), AuditKind::SessionsRevoked, detail)
            .await?;
        work.commit().await?;
        Ok(count)
    }

    /// The live sessions of the account `token` belongs to, most recently used first.
    pub async fn list_sessions(&self, token: &SessionToken) -> Result<Vec<SessionView>, SessionError> {
        let now = self.now();
        let current = self.validate_session(token).await?;
        let rows = store::sessions::unrevoked_for_account(self.db.pool(), current.account.id).await?;
        let idle = self.config.session_idle_timeout();
        let absolute = self.config.session_absolute_lifetime();
        Ok(rows
            .into_iter()
            .filter(|&(_, _, created, seen)| {
                now < Timestamp(seen).plus(idle) && now < Timestamp(created).plus(absolute)
            })
            .map(|(id, device_label, created_at, last_seen_at)| SessionView {
                id: SessionId(id),
                device_label,
                created_at: Timestamp(created_at),
                last_seen_at: Timestamp(last_seen_at),
                current: id == current.session_id.0,
            })
            .collect())
    }

    /// The account's most recent security events, newest first.
    pub async fn recent_activity(&self, token: &SessionToken, limit: u32) -> Result<Vec<AuditEvent>, SessionError> {
        let current = self.validate_session(token).await?;
        let mut conn = self.db.read().await?;
        Ok(crate::audit::recent_for_account(&mut conn, current.account.id, i64::from(limit)).await?)
    }

    /// Checks a signed-in person's current password (before changing their password or
    /// address, or erasing the account), counted against the account's sign-in throttle; a
    /// wrong one is audited as a failed sign-in. On success, the throttle to clear once the
    /// change is written.
    pub(crate) async fn check_current_password(
        &self,
        account: &store::accounts::AccountRecord,
        password: Password,
    ) -> Result<Result<Throttle, CurrentPasswordRefused>, InternalError> {
        let throttle = Throttle {
            key: ThrottleKey::Account(account.id()),
        };
        if let Err(retry_after) = self.reserve_attempt(&throttle).await? {
            return Ok(Err(CurrentPasswordRefused::Throttled(retry_after)));
        }
        let verified = self
            .hashing
            .verify(password, Some(account.password_hash.clone()))
            .await?;
        if !verified.matches {
            let mut work = self.write().await?;
            let detail = serde_json::json!({ "reason": "wrong_current_password" });
            work.record(self.now(), Some(account.id()), AuditKind::LoginFailed, detail)
                .await?;
            work.commit().await?;
            return Ok(Err(CurrentPasswordRefused::Wrong));
        }
        Ok(Ok(throttle))
    }

    /// Changes the password of the signed-in account after checking the current one (wrong
    /// tries are throttled like log-in attempts). Every other session is revoked; this one
    /// stays. A "your password was changed" email is queued.
    pub async fn change_password(
        &self,
        token: &SessionToken,
        current_password: SecretString,
        new_password: SecretString,
    ) -> Result<(), ChangePasswordError> {
        let session = self.validate_session(token).await?;
        let mut conn = self.db.read().await?;
        let account = store::accounts::find_by_id(&mut conn, session.account.id)
            .await?
            .ok_or(SessionError::Unknown)?;
        drop(conn);
        let mut errors = Vec::new();
        let current = Password::for_sign_in(current_password);
        if current.is_none() {
            errors.push(FieldError::new(
                field::PASSWORD,
                ErrorCode::Required,
                "Enter your current password.",
            ));
        }
        let new = Password::parse(
            new_password,
            self.config.password_policy(),
            &account.personal_words(),
            field::NEW_PASSWORD,
        )
        .map_err(|e| errors.push(e))
        .ok();
        let (Some(current), Some(new)) = (current, new) else {
            return Err(ChangePasswordError::InvalidInput(errors));
        };
        let throttle = match self.check_current_password(&account, current).await? {
            Ok(throttle) => throttle,
            Err(CurrentPasswordRefused::Throttled(retry_after)) => {
                return Err(ChangePasswordError::Throttled { retry_after });
            }
            Err(CurrentPasswordRefused::Wrong) => return Err(ChangePasswordError::InvalidCredentials),
        };
        let new_hash = self.hashing.hash(new, self.random.bytes()).await?;
        let now = self.now();
        let mut work = self.write().await?;
        // Conditional on what was checked: the session is still live and the stored hash is the
        // one the current password was verified against. A reset (or another change) that
        // committed meanwhile wins; this change ends as "session ended".
        let live = self.live_session(work.conn().await?, token, now).await?;
        let written = store::accounts::replace_password_hash(
            work.conn().await?,
            account.id(),
            &account.password_hash,
            &new_hash,
            now,
        )
        .await?;
        if !written || live.id != session.session_id.0 {
            work.rollback().await?;
            return Err(SessionError::Revoked {
                reason: "password_changed".to_owned(),
            }
            .into());
        }
        throttle.clear(&mut work);
        let count = revoke_sessions(
            work.conn().await?,
            account.id(),
            Some(session.session_id),
            "password_changed",
            now,
        )
        .await?;
        let template = Template::PasswordChanged {
            first_name: &account.first_name,
        };
        work.enqueue_mail(&self.key, &account.email, None, &template, now)
            .await?;
        work.record(
            now,
            Some(account.id()),
            AuditKind::PasswordChanged,
            serde_json::json!({}),
        )
        .await?;
        let detail = serde_json::json!({ "reason": "password_changed", "count": count });
        work.record(now, Some(account.id()), AuditKind::SessionsRevoked, detail)
            .await?;
        work.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_labels_are_cleaned() {
        assert_eq!(clean_device_label("  Laptop\u{7}  "), "Laptop");
        assert_eq!(clean_device_label(""), "Unknown device");
        assert_eq!(clean_device_label(&"x".repeat(300)).len(), 100);
    }

    #[test]
    fn malformed_tokens_have_no_digest_and_debug_hides_tokens() {
        assert!(SessionToken::new("zz").digest().is_none());
        assert!(SessionToken::new("ab".repeat(32)).digest().is_some());
        assert_eq!(
            format!("{:?}", SessionToken::new("ab".repeat(32))),
            "SessionToken(<redacted>)"
        );
    }
}
