//! Log in with email or username and password.
//!
//! An unknown identifier and a wrong password give the same error after the same work (an
//! argon2 check against a dummy hash) and are throttled the same way: after
//! [`FREE_ATTEMPTS`] consecutive failures each further attempt waits, 30 s doubling up to
//! 15 minutes. There is no permanent lockout (anyone could lock anyone out). The throttle lives
//! in the database, so it survives restarts.

use crate::error::ErrorCode;
use std::time::Duration;

use crate::accounts::{Latchkey, SignedIn};
use crate::audit::AuditKind;
use crate::clock::Timestamp;
use crate::codes::{CodeOwner, CodePurpose, CodeStatus};
use crate::domain::{FieldError, Password, field};
use crate::error::InternalError;
use crate::ids::RegistrationHandle;
use crate::store::{self, accounts::AccountRecord};
use crate::throttle::{Throttle, ThrottleKey};
use crate::unit_of_work::UnitOfWork;
use secrecy::SecretString;

pub use crate::throttle::{FIRST_DELAY, FREE_ATTEMPTS, MAX_DELAY, delay_after};

#[derive(Debug, thiserror::Error)]
pub enum LogInError {
    #[error("some fields are not valid")]
    InvalidInput(Vec<FieldError>),
    /// Unknown identifier or wrong password: deliberately the same.
    #[error("wrong email, username or password")]
    InvalidCredentials,
    #[error("too many failed attempts; try again in {} s", retry_after.as_secs())]
    Throttled { retry_after: Duration },
    /// The password was right but the email is not verified yet; a fresh code was sent unless
    /// one was sent too recently (see `code_status.resend_available_at`). `handle` names this
    /// pending registration for the verify screen.
    #[error("verify your email address first")]
    EmailNotVerified {
        email: String,
        handle: RegistrationHandle,
        code_status: CodeStatus,
    },
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl LogInError {
    pub fn code(&self) -> ErrorCode {
        match self {
            LogInError::InvalidInput(_) => ErrorCode::InvalidInput,
            LogInError::InvalidCredentials => ErrorCode::InvalidCredentials,
            LogInError::Throttled { .. } => ErrorCode::LoginThrottled,
            LogInError::EmailNotVerified { .. } => ErrorCode::EmailNotVerified,
            LogInError::Internal(e) => e.code(),
        }
    }
}

impl From<sqlx::Error> for LogInError {
    fn from(e: sqlx::Error) -> LogInError {
        LogInError::Internal(e.into())
    }
}

/// What [`Latchkey::reserve_sign_in`] found when it let an attempt through.
pub(crate) struct SignInReservation {
    /// Until when the delay runs that this attempt starts if it fails (typed identifier).
    pub blocked_if_wrong: Option<Timestamp>,
    /// The time left on the account budget's delay, if one runs.
    pub budget_blocked: Option<Duration>,
}

/// Reserves one attempt of `throttle` in `work` (see [`Latchkey::reserve_attempt`]): the
/// time left while its delay runs (nothing written), else the failure counted in advance and
/// until when the delay it would start runs.
async fn reserve_in(
    work: &mut UnitOfWork,
    throttle: &Throttle,
    now: Timestamp,
) -> Result<Result<Option<Timestamp>, Duration>, store::Error> {
    let key = throttle.db_key();
    let row = store::throttle::find(work.conn().await?, &key).await?;
    let (failures, blocked_until) = match next_failure(row, now) {
        Ok(next) => next,
        Err(retry_after) => return Ok(Err(retry_after)),
    };
    store::throttle::upsert_all(work.conn().await?, &[(&key, failures, blocked_until)], now).await?;
    Ok(Ok(blocked_until.map(Timestamp)))
}

/// A throttle row's next state when one more attempt is counted against it: `Err` with the
/// time left while its delay runs, else `(failures, blocked_until)` to write.
fn next_failure(row: Option<(i64, Option<i64>)>, now: Timestamp) -> Result<(i64, Option<i64>), Duration> {
    let (failures, blocked_until) = row.unwrap_or((0, None));
    if let Some(until) = blocked_until.map(Timestamp).filter(|&until| until > now) {
        return Err(now.until(until));
    }
    let failures = u32::try_from(failures).unwrap_or(u32::MAX).saturating_add(1);
    Ok((i64::from(failures), delay_after(failures).map(|d| now.plus(d).millis())))
}

/// A failure streak untouched this long is forgotten (unless it still blocks).
const THROTTLE_RETENTION: Duration = Duration::from_secs(24 * 3600);

impl Latchkey {
    /// Forgets failure streaks that no longer block and were last touched over a day ago, so
    /// the table does not grow with every mistyped or guessed identifier. Returns how many.
    /// Called at start-up; a streak that still blocks is always kept.
    pub async fn prune_login_throttle(&self) -> Result<u64, store::Error> {
        let now = self.clock.now();
        let stale_before = now
            .millis()
            .saturating_sub(i64::try_from(THROTTLE_RETENTION.as_millis()).unwrap_or(i64::MAX));
        store::throttle::prune(self.db.pool(), now, stale_before).await
    }

    /// Before checking a password: refuses with the time left while a delay runs; otherwise
    /// counts this attempt as a failure in advance (cleared on success), so that parallel
    /// guesses cannot all slip through before the first failure is written.
    pub(crate) async fn reserve_attempt(&self, throttle: &Throttle) -> Result<Result<(), Duration>, store::Error> {
        Ok(self.reserve_attempt_until(throttle).await?.map(drop))
    }

    /// [`Latchkey::reserve_attempt`], also telling until when the delay this attempt starts
    /// (if it fails) runs, so that the failure that starts a delay can say so at once.
    async fn reserve_attempt_until(
        &self,
        throttle: &Throttle,
    ) -> Result<Result<Option<Timestamp>, Duration>, store::Error> {
        let now = self.now();
        let mut work = self.write().await?;
        let reserved = reserve_in(&mut work, throttle, now).await?;
        match reserved {
            Ok(_) => work.commit().await?,
            Err(_) => work.rollback().await?,
        }
        Ok(reserved)
    }

    /// A sign-in's two reservations (see [`Latchkey::reserve_attempt`]) in one write
    /// transaction: the identifier as typed first — while its delay runs, the attempt is
    /// refused with the time left and the account budget is left untouched — then the account
    /// budget, whose delay is only reported (to be told to whoever gives the right password).
    pub(crate) async fn reserve_sign_in(
        &self,
        typed: &Throttle,
        budget: &Throttle,
    ) -> Result<Result<SignInReservation, Duration>, store::Error> {
        let now = self.now();
        let (typed_key, budget_key) = (typed.db_key(), budget.db_key());
        let mut work = self.write().await?;
        // Both rows in one read and one write: a sign-in is a handful of round trips to a
        // fleet's server, each one counts.
        let (typed_row, budget_row) = store::throttle::find_pair(work.conn().await?, &typed_key, &budget_key).await?;
        let (failures, blocked_if_wrong) = match next_failure(typed_row, now) {
            Ok(next) => next,
            Err(retry_after) => {
                work.rollback().await?;
                return Ok(Err(retry_after));
            }
        };
        let mut writes = vec![(typed_key.as_str(), failures, blocked_if_wrong)];
        let budget_blocked = match next_failure(budget_row, now) {
            Ok((failures, blocked_until)) => {
                writes.push((budget_key.as_str(), failures, blocked_until));
                None
            }
            Err(retry_after) => Some(retry_after),
        };
        store::throttle::upsert_all(work.conn().await?, &writes, now).await?;
        work.commit().await?;
        let blocked_if_wrong = blocked_if_wrong.map(Timestamp);
        Ok(Ok(SignInReservation {
            blocked_if_wrong,
            budget_blocked,
        }))
    }

    /// Signs in with an email or username (case-insensitive) and password, starting a session
    /// labelled `device_label`.
    ///
    /// Errors: `InvalidInput` for an empty or impossible identifier/password (says nothing about
    /// accounts), `InvalidCredentials`, `Throttled`, `EmailNotVerified` (only once the password
    /// was right; a fresh code is then sent within the resend limits).
    pub async fn log_in(
        &self,
        identifier: &str,
        password: SecretString,
        device_label: &str,
    ) -> Result<SignedIn, LogInError> {
        let mut errors = Vec::new();
        // Email, username, or (issue 11) phone number.
        let identifier = self
            .parse_sign_in_identifier(identifier)
            .map_err(|e| errors.push(e))
            .ok();
        let password = Password::for_sign_in(password);
        if password.is_none() {
            errors.push(FieldError::new(
                field::PASSWORD,
                ErrorCode::Required,
                "Enter your password (at most 256 characters).",
            ));
        }
        let (Some(identifier), Some(password)) = (identifier, password) else {
            return Err(LogInError::InvalidInput(errors));
        };

        let mut conn = self.db.read().await?;
        let account = self.find_sign_in_account(&mut conn, &identifier).await?;
        drop(conn);
        // Two budgets: the identifier as typed (whose delays the answers show, alike for known
        // and unknown identifiers) and the account's total (so typing the username and the
        // email does not double the guesses). A blocked account budget is told only to someone
        // who gave the right password: otherwise failures on the username would visibly delay
        // the email and link the two.
        let typed_key = self.identifier_key(identifier.key());
        let throttle = Throttle {
            key: ThrottleKey::Identifier(typed_key.clone()),
        };
        let budget = Throttle {
            key: match &account {
                Some(account) => ThrottleKey::Account(account.id()),
                None => ThrottleKey::NoAccount(typed_key),
            },
        };
        let SignInReservation {
            blocked_if_wrong,
            budget_blocked,
        } = match self.reserve_sign_in(&throttle, &budget).await? {
            Ok(reserved) => reserved,
            Err(retry_after) => {
                self.record_login_failure(account.as_ref(), "throttled").await?;
                return Err(LogInError::Throttled { retry_after });
            }
        };

        let stored = account.as_ref().map(|a| a.password_hash.clone());
        let verified = self.hashing.verify(password.clone(), stored).await?;
        if verified.matches
            && let Some(retry_after) = budget_blocked
        {
            self.record_login_failure(account.as_ref(), "throttled").await?;
            return Err(LogInError::Throttled { retry_after });
        }
        if !verified.matches {
            self.record_login_failure(account.as_ref(), "invalid_credentials")
                .await?;
            // The failure that starts a delay says so now rather than on the next attempt
            // (alike for unknown identifiers, which are throttled the same way).
            return Err(match blocked_if_wrong {
                Some(until) => LogInError::Throttled {
                    retry_after: self.now().until(until),
                },
                None => LogInError::InvalidCredentials,
            });
        }
        let Some(account) = account else {
            return Err(LogInError::InvalidCredentials); // `matches` is never true without an account
        };
        // Hash before taking the write lock: hashing is the slow part.
        let rehashed = match verified.needs_rehash {
            true => Some(self.hashing.hash(password, self.random.bytes()).await?),
            false => None,
        };

        let now = self.now();
        let mut work = self.write().await?;
        // Everything below is conditional on the hash that was verified still being the stored
        // one: a reset or change that committed meanwhile makes this password a wrong one.
        let (unchanged, locked) =
            store::locks::hash_unchanged_and_locked(work.conn().await?, account.id(), &account.password_hash, now)
                .await?;
        if !unchanged {
            work.rollback().await?;
            return Err(LogInError::InvalidCredentials);
        }
        // A locked account is answered like a wrong password (its owner is emailed).
        if locked {
            self.refuse_as_locked(&mut work, &account, now).await?;
            work.commit().await?;
            return Err(LogInError::InvalidCredentials);
        }
        Throttle::clear_both(&mut work, &throttle, &budget);
        if let Some(hash) = &rehashed {
            store::accounts::replace_password_hash(work.conn().await?, account.id(), &account.password_hash, hash, now)
                .await?;
        }
        if !account.is_verified() {
            let owner = CodeOwner::Account(account.id());
            if self
                .resend_allowed_at(work.conn().await?, owner, CodePurpose::VerifyEmail, now)
                .await?
                .is_ok()
            {
                self.issue_code(&mut work, &account, CodePurpose::VerifyEmail, now)
                    .await?;
            }
            let code_status = self
                .code_status_at(work.conn().await?, owner, CodePurpose::VerifyEmail, &account.email, now)
                .await?;
            let handle = RegistrationHandle::generate(&self.random);
            work.defer(store::pending::insert_handle(
                &handle.digest(),
                Some(account.id()),
                &account.email,
                now,
            ));
            work.commit().await?;
            return Err(LogInError::EmailNotVerified {
                email: account.email.clone(),
                handle,
                code_status,
            });
        }
        // The throttle clears, this event and the session go to the server together.
        let detail = serde_json::json!({ "via": "password", "rehashed": rehashed.is_some() });
        work.record(now, Some(account.id()), AuditKind::LoginSucceeded, detail)
            .await?;
        let (session_id, token) = self.create_session(&mut work, account.id(), device_label, now).await?;
        work.commit().await?;
        Ok(SignedIn {
            account: account.view(),
            session_id,
            token,
        })
    }

    /// Audits a failed attempt. Unknown identifiers are not written down: people type
    /// passwords into the identifier field.
    async fn record_login_failure(&self, account: Option<&AccountRecord>, reason: &str) -> Result<(), store::Error> {
        let mut work = self.write().await?;
        let detail = serde_json::json!({ "reason": reason });
        work.record(
            self.now(),
            account.map(AccountRecord::id),
            AuditKind::LoginFailed,
            detail,
        )
        .await?;
        work.commit().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_start_after_five_failures_double_and_cap_at_fifteen_minutes() {
        assert_eq!(delay_after(4), None);
        assert_eq!(delay_after(5), Some(Duration::from_secs(30)));
        assert_eq!(delay_after(6), Some(Duration::from_secs(60)));
        assert_eq!(delay_after(9), Some(Duration::from_secs(480)));
        assert_eq!(delay_after(10), Some(MAX_DELAY));
        assert_eq!(delay_after(u32::MAX), Some(MAX_DELAY));
    }
}
