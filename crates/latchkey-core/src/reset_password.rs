//! Forgotten password: ask for a code by email or username, then set a new password with it.
//!
//! The request answers the same, after the same work, whether or not an account exists
//! ("if an account exists, we sent a code"): unknown identifiers get a decoy code that
//! evolves like a real one.

use secrecy::SecretString;

use crate::accounts::Latchkey;
use crate::audit::AuditKind;
use crate::codes::{CodeOwner, CodePurpose, CodeRejection, CodeStatus};
use crate::domain::{CodeInput, Identifier, Password, field};
use crate::ids::AccountId;
use crate::mail::Template;
use crate::store::{self, sessions::revoke_sessions};
use crate::throttle::{Throttle, ThrottleKey};

/// The answer to a reset request; the same shape whether or not the account exists.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ResetRequested {
    /// The identifier as typed.
    pub sent_to: String,
    pub code_status: CodeStatus,
}

/// Asking for a reset code fails exactly as asking for any new code does: bad input, or the
/// resend limits (with the wait and the current code's status).
pub type RequestResetError = crate::code_errors::ResendCodeError;

/// Confirming a reset fails exactly as confirming any code does: bad input (fields
/// `identifier`, `code`, `newPassword`) or the code's rejection.
pub type ResetPasswordError = crate::code_errors::VerifyEmailError;

impl Latchkey {
    /// Emails a password-reset code to the account `identifier` (email or username) names,
    /// within the resend limits. The answer does not say whether the account exists, and is
    /// given after the same steps either way: a request tracker (a stand-in code of the
    /// identifier as typed, for the limits and the status) and an audit row are written and
    /// committed; the real code and its email are made after answering (see
    /// [`Latchkey::settle`]), within the account's own limits. An identifier's status never
    /// follows requests made with the account's other identifier.
    pub async fn request_password_reset(&self, identifier: &str) -> Result<ResetRequested, RequestResetError> {
        let identifier = Identifier::parse(identifier).map_err(|e| RequestResetError::InvalidInput(vec![e]))?;
        let now = self.now();
        let mut work = self.write().await?;
        let account = store::accounts::find_by_identifier(work.conn().await?, &identifier).await?;
        let tracker_key = self.identifier_key(identifier.key());
        let tracker = CodeOwner::Decoy(&tracker_key);
        if let Err(retry_after) = self
            .resend_allowed_at(work.conn().await?, tracker, CodePurpose::ResetPassword, now)
            .await?
        {
            let code_status = self
                .code_status_at(
                    work.conn().await?,
                    tracker,
                    CodePurpose::ResetPassword,
                    identifier.as_str(),
                    now,
                )
                .await?;
            return Err(RequestResetError::ResendCooldown {
                retry_after,
                code_status,
            });
        }
        self.issue_decoy(&mut work, &tracker_key, CodePurpose::ResetPassword, None, now)
            .await?;
        let account_id = account.as_ref().map(|a| a.id());
        work.record(
            now,
            account_id,
            AuditKind::PasswordResetRequested,
            serde_json::json!({}),
        )
        .await?;
        let code_status = self
            .code_status_at(
                work.conn().await?,
                tracker,
                CodePurpose::ResetPassword,
                identifier.as_str(),
                now,
            )
            .await?;
        work.commit().await?;
        // After answering, alike for both: the task does nothing for an unknown identifier.
        let guard = self.after_answer.clone().read_owned().await;
        let latchkey = self.clone();
        tokio::spawn(async move {
            if let Some(account) = account_id
                && let Err(e) = latchkey.issue_reset_code(account, now).await
            {
                tracing::error!(error = %e, account = account.0, "could not issue a requested reset code");
            }
            drop(guard);
        });
        Ok(ResetRequested {
            sent_to: identifier.as_str().to_owned(),
            code_status,
        })
    }

    /// The real reset code of a request, within the account's own resend limits (requests made
    /// with its email and with its username share them).
    async fn issue_reset_code(&self, account: AccountId, now: crate::clock::Timestamp) -> Result<(), store::Error> {
        let mut work = self.write().await?;
        let Some(account) = store::accounts::find_by_id(work.conn().await?, account).await? else {
            return Ok(());
        };
        let owner = CodeOwner::Account(account.id());
        if self
            .resend_allowed_at(work.conn().await?, owner, CodePurpose::ResetPassword, now)
            .await?
            .is_err()
        {
            return Ok(());
        }
        self.issue_code(&mut work, &account, CodePurpose::ResetPassword, now)
            .await?;
        work.commit().await
    }

    /// Sets a new password with a reset code. On success the code is consumed, every session
    /// of the account is revoked, the login throttle is cleared, the email counts as verified
    /// (the code proved the person reads it) and a "your password was changed" email is queued.
    ///
    /// Errors: `InvalidInput` (fields `identifier`, `code`, `newPassword`; checked before the
    /// code, so a weak password costs no try; the password is judged against the identifier as
    /// typed, the same whether or not the account exists), then the code errors as for
    /// verification.
    pub async fn reset_password(
        &self,
        identifier: &str,
        code: &str,
        new_password: SecretString,
    ) -> Result<(), ResetPasswordError> {
        let mut errors = Vec::new();
        let identifier = Identifier::parse(identifier).map_err(|e| errors.push(e)).ok();
        let code = CodeInput::parse(code, self.config.code_length)
            .map_err(|e| errors.push(e))
            .ok();
        // Judged against the identifier as typed only, never the account's own name or address:
        // otherwise a password refused for a real account but accepted for an unknown one would
        // tell that the account exists.
        let personal: Vec<&str> = identifier.iter().map(Identifier::as_str).collect();
        let password = Password::parse(
            new_password,
            self.config.password_policy(),
            &personal,
            field::NEW_PASSWORD,
        )
        .map_err(|e| errors.push(e))
        .ok();
        let (Some(identifier), Some(code), Some(password)) = (identifier, code, password) else {
            return Err(ResetPasswordError::InvalidInput(errors));
        };
        // Hashed whether or not the account exists, so both answers take as long.
        let new_hash = self.hashing.hash(password, self.random.bytes()).await?;

        let now = self.now();
        let mut work = self.write().await?;
        // Looked up again under the write lock: the account may have changed meanwhile.
        let account = store::accounts::find_by_identifier(work.conn().await?, &identifier).await?;
        let tracker = self.identifier_key(identifier.key());
        let checked = self
            .check_tracked_code(
                work.conn().await?,
                &tracker,
                account.as_ref().map(|a| a.id()),
                CodePurpose::ResetPassword,
                &code,
                now,
            )
            .await?;
        let account = match (checked, account) {
            (Ok(()), Some(account)) => account,
            (outcome, account) => {
                let rejection = outcome.err().unwrap_or(CodeRejection::NotFound);
                if matches!(rejection, CodeRejection::Invalid { .. }) {
                    let detail = serde_json::json!({ "purpose": "reset_password" });
                    work.record(now, account.map(|a| a.id()), AuditKind::CodeFailed, detail)
                        .await?;
                }
                work.commit().await?;
                return Err(rejection.into());
            }
        };
        store::accounts::set_password_hash(work.conn().await?, account.id(), &new_hash, now).await?;
        // The code proved the person reads the address.
        store::accounts::mark_verified(work.conn().await?, account.id(), now).await?;
        // Lift the account's budget and the delays of both its identifiers.
        let (email_key, username_key) = store::accounts::identifier_keys(work.conn().await?, account.id()).await?;
        for key in [
            ThrottleKey::Account(account.id()),
            ThrottleKey::Identifier(self.identifier_key(&email_key)),
            ThrottleKey::Identifier(self.identifier_key(&username_key)),
        ] {
            Throttle { key }.clear(&mut work);
        }
        let count = revoke_sessions(work.conn().await?, account.id(), None, "password_reset", now).await?;
        let template = Template::PasswordChanged {
            first_name: &account.first_name,
        };
        work.enqueue_mail(&self.key, &account.email, None, &template, now)
            .await?;
        let detail = serde_json::json!({ "via": "reset_password" });
        work.record(now, Some(account.id()), AuditKind::PasswordChanged, detail)
            .await?;
        let detail = serde_json::json!({ "reason": "password_reset", "count": count });
        work.record(now, Some(account.id()), AuditKind::SessionsRevoked, detail)
            .await?;
        work.commit().await?;
        Ok(())
    }
}
