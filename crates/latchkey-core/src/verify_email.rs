//! Email verification by code, plus asking for a new code and for the current code's status
//! (for both purposes).

use std::time::Duration;

use sqlx::SqliteConnection;

use crate::accounts::{AccountRecord, IdentifierKey, Latchkey, find_by_email};
use crate::audit::{AuditKind, PendingEvents};
use crate::codes::{CodeOwner, CodePurpose, CodeRejection, CodeState, CodeStatus};
use crate::domain::{CodeInput, Email, FieldError, Identifier};
use crate::error::InternalError;
use crate::mail::Template;
use crate::sessions::SignedIn;

#[derive(Debug, thiserror::Error)]
pub enum VerifyEmailError {
    #[error("some fields are not valid")]
    InvalidInput(Vec<FieldError>),
    #[error("wrong code; {attempts_left} tries left")]
    CodeInvalid { attempts_left: u32 },
    #[error("the code has expired; ask for a new one")]
    CodeExpired,
    #[error("too many wrong tries; ask for a new code")]
    CodeExhausted,
    #[error("there is no code waiting; ask for a new one")]
    CodeNotFound,
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl VerifyEmailError {
    pub fn code(&self) -> &'static str {
        match self {
            VerifyEmailError::InvalidInput(_) => "invalid_input",
            VerifyEmailError::CodeInvalid { .. } => "code_invalid",
            VerifyEmailError::CodeExpired => "code_expired",
            VerifyEmailError::CodeExhausted => "code_exhausted",
            VerifyEmailError::CodeNotFound => "code_not_found",
            VerifyEmailError::Internal(e) => e.code(),
        }
    }
}

impl From<CodeRejection> for VerifyEmailError {
    fn from(rejection: CodeRejection) -> VerifyEmailError {
        match rejection {
            CodeRejection::NotFound => VerifyEmailError::CodeNotFound,
            CodeRejection::Expired => VerifyEmailError::CodeExpired,
            CodeRejection::Exhausted => VerifyEmailError::CodeExhausted,
            CodeRejection::Invalid { attempts_left } => VerifyEmailError::CodeInvalid { attempts_left },
        }
    }
}

impl From<sqlx::Error> for VerifyEmailError {
    fn from(e: sqlx::Error) -> VerifyEmailError {
        VerifyEmailError::Internal(e.into())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ResendCodeError {
    #[error("some fields are not valid")]
    InvalidInput(Vec<FieldError>),
    #[error("a code was sent recently; wait {} s", retry_after.as_secs())]
    ResendCooldown {
        retry_after: Duration,
        code_status: CodeStatus,
    },
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl ResendCodeError {
    pub fn code(&self) -> &'static str {
        match self {
            ResendCodeError::InvalidInput(_) => "invalid_input",
            ResendCodeError::ResendCooldown { .. } => "resend_cooldown",
            ResendCodeError::Internal(e) => e.code(),
        }
    }
}

impl From<sqlx::Error> for ResendCodeError {
    fn from(e: sqlx::Error) -> ResendCodeError {
        ResendCodeError::Internal(e.into())
    }
}

/// Whose verification codes an address has: its account's while unverified, else decoys (a
/// verified account, or none at all) so answers never tell which. `decoy_key` is the address's
/// [`Latchkey::identifier_key`].
fn verification_owner<'a>(account: Option<&AccountRecord>, decoy_key: &'a IdentifierKey) -> CodeOwner<'a> {
    match account {
        Some(account) if !account.is_verified() => CodeOwner::Account(account.id()),
        _ => CodeOwner::Decoy(decoy_key),
    }
}

impl Latchkey {
    /// Verifies `email` with the code it was sent, and signs in (a new session labelled
    /// `device_label`).
    ///
    /// Errors: `InvalidInput` (fields `email`, `code`), `CodeInvalid` with the tries left,
    /// `CodeExpired`, `CodeExhausted`, `CodeNotFound` (no code waiting for this address, which
    /// is also the answer for addresses without an account or already verified).
    pub async fn verify_email(
        &self,
        email: &str,
        code: &str,
        device_label: &str,
    ) -> Result<SignedIn, VerifyEmailError> {
        let email = Email::parse(email);
        let code = CodeInput::parse(code, self.config.code_length);
        let (email, code) = match (email, code) {
            (Ok(email), Ok(code)) => (email, code),
            (email, code) => {
                return Err(VerifyEmailError::InvalidInput(
                    email.err().into_iter().chain(code.err()).collect(),
                ));
            }
        };
        let now = self.now();
        let mut tx = self.begin_write().await?;
        let mut events = PendingEvents::default();
        let account = find_by_email(&mut tx, &email).await?;
        let decoy_key = self.identifier_key(email.key());
        let owner = verification_owner(account.as_ref(), &decoy_key);
        let checked = self
            .check_code(&mut tx, owner, CodePurpose::VerifyEmail, &code, now)
            .await?;
        let account = match (checked, account) {
            (Ok(()), Some(account)) => account,
            (outcome, account) => {
                let rejection = outcome.err().unwrap_or(CodeRejection::NotFound);
                if matches!(rejection, CodeRejection::Invalid { .. }) {
                    let account_id = match owner {
                        CodeOwner::Account(id) => Some(id),
                        CodeOwner::Decoy(_) => account.as_ref().map(AccountRecord::id),
                    };
                    let detail = serde_json::json!({ "purpose": "verify_email" });
                    events
                        .record(&mut tx, now, account_id, AuditKind::CodeFailed, detail)
                        .await?;
                }
                self.commit(tx, events, false).await?;
                return Err(rejection.into());
            }
        };
        sqlx::query("UPDATE accounts SET email_verified_at = ?, updated_at = ? WHERE id = ?")
            .bind(now.millis())
            .bind(now.millis())
            .bind(account.id)
            .execute(&mut *tx)
            .await?;
        events
            .record(
                &mut tx,
                now,
                Some(account.id()),
                AuditKind::EmailVerified,
                serde_json::json!({}),
            )
            .await?;
        let (session_id, token) = self.create_session(&mut tx, account.id(), device_label, now).await?;
        let detail = serde_json::json!({ "via": "verify_email" });
        events
            .record(&mut tx, now, Some(account.id()), AuditKind::LoginSucceeded, detail)
            .await?;
        self.commit(tx, events, false).await?;
        let mut view = account.view();
        view.email_verified = true;
        Ok(SignedIn {
            account: view,
            session_id,
            token,
        })
    }

    /// Sends a new code for `purpose` to the account `identifier` names (an email for
    /// `VerifyEmail`; an email or username for `ResetPassword`), within the resend limits.
    /// The new code supersedes the previous one.
    ///
    /// For `VerifyEmail`, an address with nothing pending (no account, or already verified
    /// without a recent registration attempt) gets state `none` and nothing is sent.
    pub async fn resend_code(&self, identifier: &str, purpose: CodePurpose) -> Result<CodeStatus, ResendCodeError> {
        if purpose == CodePurpose::ResetPassword {
            return self
                .request_password_reset(identifier)
                .await
                .map(|r| r.code_status)
                .map_err(|e| match e {
                    crate::reset_password::RequestResetError::InvalidInput(f) => ResendCodeError::InvalidInput(f),
                    crate::reset_password::RequestResetError::ResendCooldown {
                        retry_after,
                        code_status,
                    } => ResendCodeError::ResendCooldown {
                        retry_after,
                        code_status,
                    },
                    crate::reset_password::RequestResetError::Internal(e) => ResendCodeError::Internal(e),
                });
        }
        let email = Email::parse(identifier).map_err(|e| ResendCodeError::InvalidInput(vec![e]))?;
        let now = self.now();
        let mut tx = self.begin_write().await?;
        let account = find_by_email(&mut tx, &email).await?;
        let decoy_key = self.identifier_key(email.key());
        let owner = verification_owner(account.as_ref(), &decoy_key);
        let current = self
            .code_status_at(&mut tx, owner, purpose, email.as_str(), now)
            .await?;
        if matches!(owner, CodeOwner::Decoy(_)) && current.state == CodeState::None {
            return Ok(current);
        }
        if let Err(retry_after) = self.resend_allowed_at(&mut tx, owner, purpose, now).await? {
            return Err(ResendCodeError::ResendCooldown {
                retry_after,
                code_status: current,
            });
        }
        let mut events = PendingEvents::default();
        let mail_queued = match (owner, &account) {
            (CodeOwner::Account(_), Some(account)) => {
                self.issue_code(&mut tx, &mut events, account, purpose, now).await?;
                true
            }
            (_, Some(verified_owner)) => {
                let notice = Template::RegistrationAttempt {
                    first_name: &verified_owner.first_name,
                };
                self.issue_decoy(
                    &mut tx,
                    &decoy_key,
                    purpose,
                    Some((&verified_owner.email, &notice)),
                    now,
                )
                .await?
            }
            (_, None) => self.issue_decoy(&mut tx, &decoy_key, purpose, None, now).await?,
        };
        let status = self
            .code_status_at(&mut tx, owner, purpose, email.as_str(), now)
            .await?;
        self.commit(tx, events, mail_queued).await?;
        Ok(status)
    }

    /// The current code's status for `identifier` and `purpose`, without changing anything.
    pub async fn code_status(&self, identifier: &str, purpose: CodePurpose) -> Result<CodeStatus, ResendCodeError> {
        let now = self.now();
        let mut conn = self.db.pool().acquire().await?;
        match purpose {
            CodePurpose::VerifyEmail => {
                let email = Email::parse(identifier).map_err(|e| ResendCodeError::InvalidInput(vec![e]))?;
                let account = find_by_email(&mut conn, &email).await?;
                let decoy_key = self.identifier_key(email.key());
                let owner = verification_owner(account.as_ref(), &decoy_key);
                Ok(self
                    .code_status_at(&mut conn, owner, purpose, email.as_str(), now)
                    .await?)
            }
            CodePurpose::ResetPassword => {
                let identifier = Identifier::parse(identifier).map_err(|e| ResendCodeError::InvalidInput(vec![e]))?;
                Ok(self.reset_status(&mut conn, &identifier, now).await?)
            }
        }
    }

    pub(crate) async fn reset_status(
        &self,
        conn: &mut SqliteConnection,
        identifier: &Identifier,
        now: crate::clock::Timestamp,
    ) -> Result<CodeStatus, sqlx::Error> {
        let account = crate::accounts::find_by_identifier(conn, identifier).await?;
        let decoy_key = self.identifier_key(identifier.key());
        let owner = match &account {
            Some(account) => CodeOwner::Account(account.id()),
            None => CodeOwner::Decoy(&decoy_key),
        };
        self.code_status_at(conn, owner, CodePurpose::ResetPassword, identifier.as_str(), now)
            .await
    }
}
