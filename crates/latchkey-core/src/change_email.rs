//! Changing the account's email address (issue 12). The person types the new address and their
//! current password; a code goes to the *new* address; the old address stays the account's
//! until that code is entered; then the old address gets a notice naming the new one's domain
//! only.
//!
//! Enumeration-safe: when another account holds the new address, a stand-in code is "sent"
//! (no email goes anywhere) and every answer — status, cooldowns, tries, refusals — is the same
//! as for a free address. The resend limits are counted over both kinds together, so alternating
//! between a taken and a free address reveals nothing either.

use secrecy::SecretString;
use serde::Serialize;

use crate::accounts::{AccountView, Latchkey};
use crate::audit::AuditKind;
use crate::clock::Timestamp;
use crate::code_errors::VerifyEmailError;
use crate::codes::{CodeOwner, CodePurpose, CodeRejection, CodeStatus};
use crate::domain::{CodeInput, Email, FieldError, Password, field};
use crate::error::{ErrorCode, InternalError};
use crate::ids::{AccountId, IdentifierKey};
use crate::mail::Template;
use crate::pace::Path;
use crate::sessions::{CurrentPasswordRefused, SessionError, SessionToken};
use crate::store::{self, Conn};

const PURPOSE: CodePurpose = CodePurpose::ChangeEmail;

#[derive(Debug, thiserror::Error)]
pub enum ChangeEmailError {
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error("some fields are not valid")]
    InvalidInput(Vec<FieldError>),
    #[error("the current password is wrong")]
    InvalidCredentials,
    #[error("too many wrong passwords; try again in {} s", retry_after.as_secs())]
    Throttled { retry_after: std::time::Duration },
    #[error("a new code can be sent in {} s", retry_after.as_secs())]
    ResendCooldown {
        retry_after: std::time::Duration,
        code_status: CodeStatus,
    },
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl ChangeEmailError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ChangeEmailError::Session(e) => e.code(),
            ChangeEmailError::InvalidInput(_) => ErrorCode::InvalidInput,
            ChangeEmailError::InvalidCredentials => ErrorCode::InvalidCredentials,
            ChangeEmailError::Throttled { .. } => ErrorCode::LoginThrottled,
            ChangeEmailError::ResendCooldown { .. } => ErrorCode::ResendCooldown,
            ChangeEmailError::Internal(e) => e.code(),
        }
    }
}

impl From<sqlx::Error> for ChangeEmailError {
    fn from(e: sqlx::Error) -> ChangeEmailError {
        ChangeEmailError::Internal(e.into())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfirmEmailChangeError {
    #[error(transparent)]
    Session(#[from] SessionError),
    /// A malformed code, or a code refused (wrong, expired, used up, none waiting).
    #[error(transparent)]
    Code(#[from] VerifyEmailError),
    /// Another account verified the new address between the request and the code.
    #[error("another account now uses this address")]
    EmailTaken,
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl ConfirmEmailChangeError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ConfirmEmailChangeError::Session(e) => e.code(),
            ConfirmEmailChangeError::Code(e) => e.code(),
            ConfirmEmailChangeError::EmailTaken => ErrorCode::EmailTaken,
            ConfirmEmailChangeError::Internal(e) => e.code(),
        }
    }
}

impl From<sqlx::Error> for ConfirmEmailChangeError {
    fn from(e: sqlx::Error) -> ConfirmEmailChangeError {
        ConfirmEmailChangeError::Internal(e.into())
    }
}

/// A change of address waiting for its code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PendingEmailChange {
    /// The new address as typed.
    pub new_email: String,
    pub code_status: CodeStatus,
}

/// The part after the last `@`.
fn domain_of(address: &str) -> &str {
    address.rsplit_once('@').map_or("", |(_, domain)| domain)
}

impl Latchkey {
    /// The stand-in codes of `account`'s changes to taken addresses.
    fn email_change_decoy_key(&self, account: AccountId) -> IdentifierKey {
        self.identifier_key(&format!("change-email:{}", account.0))
    }

    /// The status of `account`'s change code as the person sees it: the real or stand-in
    /// code's, with the resend limits of both kinds together.
    async fn email_change_status_at(
        &self,
        conn: &mut Conn,
        account: AccountId,
        taken: bool,
        sent_to: &str,
        now: Timestamp,
    ) -> Result<CodeStatus, store::Error> {
        let decoy_key = self.email_change_decoy_key(account);
        let real = self
            .code_status_at(conn, CodeOwner::Account(account), PURPOSE, sent_to, now)
            .await?;
        let decoy = self
            .code_status_at(conn, CodeOwner::Decoy(&decoy_key), PURPOSE, sent_to, now)
            .await?;
        let resend_available_at = real.resend_available_at.max(decoy.resend_available_at);
        let mut status = if taken { decoy } else { real };
        status.resend_available_at = resend_available_at;
        Ok(status)
    }

    /// Starts (or restarts, with a new address or a new code) a change of the signed-in
    /// account's address to `new_email`, after checking the current password (wrong ones are
    /// throttled like sign-in attempts). Answers the new code's status, the same whether or not
    /// another account holds the address.
    pub async fn request_email_change(
        &self,
        token: &SessionToken,
        new_email: &str,
        password: SecretString,
    ) -> Result<PendingEmailChange, ChangeEmailError> {
        let session = self.validate_session_in_store(token).await?;
        let mut conn = self.db.read().await?;
        let account = store::accounts::find_by_id(&mut conn, session.account.id)
            .await?
            .ok_or(SessionError::Unknown)?;
        drop(conn);
        let mut errors = Vec::new();
        let email = Email::parse(new_email).map_err(|e| errors.push(e)).ok();
        if let Some(email) = &email
            && Email::parse(&account.email).is_ok_and(|current| current.key() == email.key())
        {
            errors.push(FieldError::new(
                field::EMAIL,
                ErrorCode::EmailUnchanged,
                "This is already your email address.",
            ));
        }
        let password = Password::for_sign_in(password);
        if password.is_none() {
            errors.push(FieldError::new(
                field::PASSWORD,
                ErrorCode::Required,
                "Enter your current password.",
            ));
        }
        let (Some(email), Some(password), true) = (email, password, errors.is_empty()) else {
            return Err(ChangeEmailError::InvalidInput(errors));
        };
        let throttle = match self.check_current_password(&account, password).await? {
            Ok(throttle) => throttle,
            Err(CurrentPasswordRefused::Throttled(retry_after)) => {
                return Err(ChangeEmailError::Throttled { retry_after });
            }
            Err(CurrentPasswordRefused::Wrong) => return Err(ChangeEmailError::InvalidCredentials),
        };
        // From here a taken address's answer is paced like a free one's (see `pace`).
        let started = std::time::Instant::now();
        let now = self.now();
        let mut work = self.write().await?;
        self.live_session(work.conn().await?, token, now).await?;
        throttle.clear(&mut work);
        let taken = store::accounts::find_by_email(work.conn().await?, &email)
            .await?
            .is_some_and(|holder| holder.id() != account.id());
        let current = self
            .email_change_status_at(work.conn().await?, account.id(), taken, email.as_str(), now)
            .await?;
        if current.resend_available_at > now {
            work.commit().await?;
            return Err(ChangeEmailError::ResendCooldown {
                retry_after: now.until(current.resend_available_at),
                code_status: current,
            });
        }
        // One live code at a time, of either kind: an earlier real code (for another address)
        // must not confirm this change.
        work.defer(store::codes::supersede_codes(account.id(), PURPOSE, now));
        let decoy_key = self.email_change_decoy_key(account.id());
        if taken {
            self.issue_decoy(&mut work, &decoy_key, PURPOSE, None, now).await?;
        } else {
            work.defer(store::codes::supersede_decoys(&decoy_key, PURPOSE, now));
            self.issue_code_to(&mut work, &account, PURPOSE, email.as_str(), None, now)
                .await?;
        }
        store::email_changes::put(
            work.conn().await?,
            account.id(),
            email.as_str(),
            email.key(),
            taken,
            now,
        )
        .await?;
        let detail = serde_json::json!({ "domain": domain_of(email.key()) });
        work.record(now, Some(account.id()), AuditKind::EmailChangeRequested, detail)
            .await?;
        let code_status = self
            .email_change_status_at(work.conn().await?, account.id(), taken, email.as_str(), now)
            .await?;
        work.commit().await?;
        let path = if taken { Path::StandIn } else { Path::Real };
        self.email_change_pace.answer(path, started).await;
        Ok(PendingEmailChange {
            new_email: email.as_str().to_owned(),
            code_status,
        })
    }

    /// The signed-in account's change of address waiting for its code, if any.
    pub async fn email_change_status(&self, token: &SessionToken) -> Result<Option<PendingEmailChange>, SessionError> {
        let session = self.validate_session(token).await?;
        let now = self.now();
        let mut conn = self.db.read().await?;
        let Some(row) = store::email_changes::get(&mut conn, session.account.id).await? else {
            return Ok(None);
        };
        let code_status = self
            .email_change_status_at(&mut conn, session.account.id, row.taken != 0, &row.new_email, now)
            .await?;
        Ok(Some(PendingEmailChange {
            new_email: row.new_email,
            code_status,
        }))
    }

    /// Gives up the signed-in account's pending change (its code stops working).
    pub async fn cancel_email_change(&self, token: &SessionToken) -> Result<(), SessionError> {
        let session = self.validate_session_in_store(token).await?;
        let account = session.account.id;
        let now = self.now();
        let mut work = self.write().await?;
        store::email_changes::delete(work.conn().await?, account).await?;
        work.defer(store::codes::supersede_codes(account, PURPOSE, now));
        work.defer(store::codes::supersede_decoys(
            &self.email_change_decoy_key(account),
            PURPOSE,
            now,
        ));
        work.commit().await?;
        Ok(())
    }

    /// Checks the code sent to the new address and, if right, makes that address the account's.
    /// The old address gets a notice naming the new one's domain. Wrong codes count tries like
    /// every code.
    pub async fn confirm_email_change(
        &self,
        token: &SessionToken,
        code: &str,
    ) -> Result<AccountView, ConfirmEmailChangeError> {
        let session = self.validate_session_in_store(token).await?;
        let code =
            CodeInput::parse(code, self.config.code_length).map_err(|e| VerifyEmailError::InvalidInput(vec![e]))?;
        let account_id = session.account.id;
        let now = self.now();
        let mut work = self.write().await?;
        self.live_session(work.conn().await?, token, now).await?;
        let Some(change) = store::email_changes::get(work.conn().await?, account_id).await? else {
            return Err(VerifyEmailError::from(CodeRejection::NotFound).into());
        };
        let decoy_key = self.email_change_decoy_key(account_id);
        let owner = if change.taken != 0 {
            CodeOwner::Decoy(&decoy_key)
        } else {
            CodeOwner::Account(account_id)
        };
        let checked = self.check_code(work.conn().await?, owner, PURPOSE, &code, now).await?;
        // A stand-in code never matches; `Ok` can only come from the account's real code.
        if let Err(rejection) = checked {
            if matches!(rejection, CodeRejection::Invalid { .. }) {
                let detail = serde_json::json!({ "purpose": PURPOSE.as_str() });
                work.record(now, Some(account_id), AuditKind::CodeFailed, detail)
                    .await?;
            }
            work.commit().await?;
            return Err(VerifyEmailError::from(rejection).into());
        }
        let account = store::accounts::find_by_id(work.conn().await?, account_id)
            .await?
            .ok_or(SessionError::Unknown)?;
        let new_email = Email::parse(&change.new_email).map_err(|e| VerifyEmailError::InvalidInput(vec![e]))?;
        if store::accounts::find_by_email(work.conn().await?, &new_email)
            .await?
            .is_some_and(|holder| holder.id() != account_id)
        {
            store::email_changes::delete(work.conn().await?, account_id).await?;
            work.commit().await?;
            return Err(ConfirmEmailChangeError::EmailTaken);
        }
        store::accounts::update_email(work.conn().await?, account_id, &new_email, now).await?;
        store::email_changes::delete(work.conn().await?, account_id).await?;
        let template = Template::EmailChanged {
            first_name: &account.first_name,
            new_domain: domain_of(new_email.key()),
        };
        work.enqueue_mail(&self.key, &account.email, None, &template, now)
            .await?;
        let detail = serde_json::json!({
            "from": domain_of(&account.email),
            "to": domain_of(new_email.key()),
        });
        work.record(now, Some(account_id), AuditKind::EmailChanged, detail)
            .await?;
        let after = store::accounts::find_by_id(work.conn().await?, account_id)
            .await?
            .ok_or(SessionError::Unknown)?;
        work.commit().await?;
        Ok(after.view())
    }
}
