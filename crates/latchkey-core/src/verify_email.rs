//! Email verification by code, plus asking for a new code and for the current code's status
//! (for both purposes).

use crate::accounts::{Latchkey, SignedIn};
use crate::audit::AuditKind;
pub use crate::code_errors::{ResendCodeError, VerifyEmailError};
use crate::codes::{CodeOwner, CodePurpose, CodeRejection, CodeStatus};
use crate::domain::{CodeInput, FieldError, Identifier};
use crate::error::ErrorCode;
use crate::ids::{IdentifierKey, RegistrationHandle};
use crate::store::{self, Conn, accounts::AccountRecord};

/// Whose verification codes a handle names: its pending registration's while that is
/// unverified, else the stand-in codes of the handle itself (a taken address, a registration
/// discarded because another one of the address was verified, or a handle never issued), so
/// the answers never tell which.
struct HandleTarget {
    account: Option<AccountRecord>,
    decoy_key: IdentifierKey,
    sent_to: String,
}

impl HandleTarget {
    fn owner(&self) -> CodeOwner<'_> {
        match &self.account {
            Some(account) => CodeOwner::Account(account.id()),
            None => CodeOwner::Decoy(&self.decoy_key),
        }
    }
}

impl Latchkey {
    /// The key of a handle's stand-in codes.
    pub(crate) fn handle_decoy_key(&self, handle: &RegistrationHandle) -> IdentifierKey {
        self.identifier_key(&format!("registration-handle:{}", hex::encode(handle.digest())))
    }

    async fn resolve_handle(&self, conn: &mut Conn, handle: &RegistrationHandle) -> Result<HandleTarget, store::Error> {
        let row = store::pending::find_handle(conn, &handle.digest()).await?;
        let (account_id, sent_to) = row.unwrap_or((None, String::new()));
        let account = match account_id {
            Some(id) => store::accounts::find_by_id(conn, id)
                .await?
                .filter(|a| !a.is_verified()),
            None => None,
        };
        Ok(HandleTarget {
            account,
            decoy_key: self.handle_decoy_key(handle),
            sent_to,
        })
    }

    /// Verifies the pending registration `handle` names with the code it was sent, and signs in
    /// (a new session labelled `device_label`). Every other pending registration of the same
    /// address is then deleted. A code verifies only the registration it was sent for.
    ///
    /// Errors: `InvalidInput` (fields `handle`, `code`), `CodeInvalid` with the tries left,
    /// `CodeExpired`, `CodeExhausted`, `CodeNotFound` (also for a handle whose registration is
    /// gone or stands in for a taken address).
    pub async fn verify_email(
        &self,
        handle: &str,
        code: &str,
        device_label: &str,
    ) -> Result<SignedIn, VerifyEmailError> {
        let handle = RegistrationHandle::parse(handle);
        let code = CodeInput::parse(code, self.config.code_length);
        let (handle, code) = match (handle, code) {
            (Ok(handle), Ok(code)) => (handle, code),
            (handle, code) => {
                return Err(VerifyEmailError::InvalidInput(
                    handle.err().into_iter().chain(code.err()).collect(),
                ));
            }
        };
        let now = self.now();
        let mut work = self.write().await?;
        let target = self.resolve_handle(work.conn().await?, &handle).await?;
        let owner = target.owner();
        let checked = self
            .check_code(work.conn().await?, owner, CodePurpose::VerifyEmail, &code, now)
            .await?;
        let account = match (checked, target.account.clone()) {
            (Ok(()), Some(account)) => account,
            (outcome, account) => {
                let rejection = outcome.err().unwrap_or(CodeRejection::NotFound);
                if matches!(rejection, CodeRejection::Invalid { .. }) {
                    let detail = serde_json::json!({ "purpose": "verify_email" });
                    work.record(
                        now,
                        account.as_ref().map(AccountRecord::id),
                        AuditKind::CodeFailed,
                        detail,
                    )
                    .await?;
                }
                work.commit().await?;
                return Err(rejection.into());
            }
        };
        // A registration an administrator locked while it was pending opens no session either
        // (as for a password or a sign-in code): answered like a code no longer there.
        if store::locks::active(work.conn().await?, account.id(), now)
            .await?
            .is_some()
        {
            self.refuse_as_locked(&mut work, &account, now).await?;
            work.commit().await?;
            return Err(CodeRejection::NotFound.into());
        }
        store::accounts::mark_verified(work.conn().await?, account.id(), now).await?;
        work.record(now, Some(account.id()), AuditKind::EmailVerified, serde_json::json!({}))
            .await?;
        let (session_id, token) = self.create_session(&mut work, account.id(), device_label, now).await?;
        let detail = serde_json::json!({ "via": "verify_email" });
        work.record(now, Some(account.id()), AuditKind::LoginSucceeded, detail)
            .await?;
        work.commit().await?;
        let mut view = account.view();
        view.email_verified = true;
        Ok(SignedIn {
            account: view,
            session_id,
            token,
        })
    }

    /// Sends a new code for `purpose`, within the resend limits; the new code supersedes the
    /// previous one. `target` is the pending-registration handle for `VerifyEmail` (a handle
    /// that stands in for a taken address gets a stand-in code, answered alike), and the email
    /// or username as typed for `ResetPassword` (see [`Latchkey::request_password_reset`]).
    pub async fn resend_code(&self, target: &str, purpose: CodePurpose) -> Result<CodeStatus, ResendCodeError> {
        if purpose == CodePurpose::ResetPassword {
            return self.request_password_reset(target).await.map(|r| r.code_status);
        }
        if matches!(purpose, CodePurpose::VerifyPhone | CodePurpose::SignIn) {
            return Err(ResendCodeError::InvalidInput(vec![FieldError::new(
                "purpose",
                ErrorCode::PurposeUnknown,
                "Phone and sign-in codes are sent with request_phone_code and request_sign_in_code.",
            )]));
        }
        if matches!(purpose, CodePurpose::ChangeEmail | CodePurpose::DeleteAccount) {
            return Err(ResendCodeError::InvalidInput(vec![FieldError::new(
                "purpose",
                ErrorCode::PurposeUnknown,
                "A change of email or a deletion sends a new code with its own request.",
            )]));
        }
        let handle = RegistrationHandle::parse(target).map_err(|e| ResendCodeError::InvalidInput(vec![e]))?;
        let now = self.now();
        let mut work = self.write().await?;
        let target = self.resolve_handle(work.conn().await?, &handle).await?;
        let owner = target.owner();
        if let Err(retry_after) = self.resend_allowed_at(work.conn().await?, owner, purpose, now).await? {
            let current = self
                .code_status_at(work.conn().await?, owner, purpose, &target.sent_to, now)
                .await?;
            return Err(ResendCodeError::ResendCooldown {
                retry_after,
                code_status: current,
            });
        }
        match &target.account {
            Some(account) => self.issue_code(&mut work, account, purpose, now).await?,
            None => {
                self.issue_decoy(&mut work, &target.decoy_key, purpose, None, now)
                    .await?
            }
        }
        let status = self
            .code_status_at(work.conn().await?, owner, purpose, &target.sent_to, now)
            .await?;
        work.commit().await?;
        Ok(status)
    }

    /// The current code's status, without changing anything. `target` as for
    /// [`Latchkey::resend_code`]: a pending-registration handle for `VerifyEmail`, the email or
    /// username as typed for `ResetPassword`.
    pub async fn code_status(&self, target: &str, purpose: CodePurpose) -> Result<CodeStatus, ResendCodeError> {
        let now = self.now();
        let mut conn = self.db.read().await?;
        match purpose {
            CodePurpose::VerifyEmail => {
                let handle = RegistrationHandle::parse(target).map_err(|e| ResendCodeError::InvalidInput(vec![e]))?;
                let target = self.resolve_handle(&mut conn, &handle).await?;
                Ok(self
                    .code_status_at(&mut conn, target.owner(), purpose, &target.sent_to, now)
                    .await?)
            }
            CodePurpose::ResetPassword => {
                let identifier = Identifier::parse(target).map_err(|e| ResendCodeError::InvalidInput(vec![e]))?;
                Ok(self.reset_status(&mut conn, &identifier, now).await?)
            }
            // A change of email has its own status (`Latchkey::email_change_status`).
            CodePurpose::ChangeEmail => Err(ResendCodeError::InvalidInput(vec![FieldError::new(
                "purpose",
                ErrorCode::PurposeUnknown,
                "Ask about a change of email with email_change_status.",
            )])),
            CodePurpose::SignIn => {
                let identifier = self
                    .parse_sign_in_identifier(target)
                    .map_err(|e| ResendCodeError::InvalidInput(vec![e]))?;
                Ok(self.sign_in_code_status(&mut conn, &identifier, now).await?)
            }
            CodePurpose::VerifyPhone => Err(ResendCodeError::InvalidInput(vec![FieldError::new(
                "purpose",
                ErrorCode::PurposeUnknown,
                "Ask about a phone code with phone_status.",
            )])),
            CodePurpose::DeleteAccount => Err(ResendCodeError::InvalidInput(vec![FieldError::new(
                "purpose",
                ErrorCode::PurposeUnknown,
                "Ask about a deletion code with delete_code_status.",
            )])),
        }
    }

    /// A reset code's status as seen through the identifier as typed: the request tracker of
    /// that identifier, the same for known and unknown ones, never linked to the account's
    /// other identifier (issue 8, item 6).
    pub(crate) async fn reset_status(
        &self,
        conn: &mut Conn,
        identifier: &Identifier,
        now: crate::clock::Timestamp,
    ) -> Result<CodeStatus, store::Error> {
        let tracker = self.identifier_key(identifier.key());
        self.code_status_at(
            conn,
            CodeOwner::Decoy(&tracker),
            CodePurpose::ResetPassword,
            identifier.as_str(),
            now,
        )
        .await
    }
}
