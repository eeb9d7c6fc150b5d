//! Verified phones (issue 11): a signed-in person asks for a code by text, types it, and the
//! account's phone counts as verified, until the number changes (the account keeps the number
//! that was verified; any other number is unverified). Same code rules as email codes: OS RNG,
//! keyed hash, lifetime from when the text left, single use, 5 tries, the resend cooldown and 5
//! an hour.

use std::time::Duration;

use crate::accounts::Latchkey;
use crate::audit::AuditKind;
use crate::clock::Timestamp;
use crate::codes::{CodeOwner, CodePurpose, CodeRejection, CodeStatus};
use crate::domain::{CodeInput, FieldError};
use crate::error::{ErrorCode, InternalError};
use crate::mail::outbox::{DeliveryStatus, MailPurpose, OutboxId, delivery_status};
use crate::sessions::{SessionError, SessionToken};
use crate::store::{self, Conn, accounts::AccountRecord};
use crate::unit_of_work::UnitOfWork;

/// The account's phone as the account screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PhoneStatus {
    /// E.164.
    pub phone: String,
    pub verified: bool,
    pub verified_at: Option<Timestamp>,
    /// The current verification code, if one was asked for.
    pub code_status: CodeStatus,
    /// Where the latest code's text stands: queued (with the last error), sent, failed (reason).
    pub delivery: Option<DeliveryStatus>,
}

#[derive(Debug, thiserror::Error)]
pub enum PhoneError {
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error("some fields are not valid")]
    InvalidInput(Vec<FieldError>),
    #[error("the phone number is verified already")]
    AlreadyVerified,
    #[error("a code was sent recently; wait {} s", retry_after.as_secs())]
    ResendCooldown {
        retry_after: Duration,
        code_status: CodeStatus,
    },
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

impl PhoneError {
    pub fn code(&self) -> ErrorCode {
        match self {
            PhoneError::Session(e) => e.code(),
            PhoneError::InvalidInput(_) => ErrorCode::InvalidInput,
            PhoneError::AlreadyVerified => ErrorCode::PhoneAlreadyVerified,
            PhoneError::ResendCooldown { .. } => ErrorCode::ResendCooldown,
            PhoneError::CodeInvalid { .. } => ErrorCode::CodeInvalid,
            PhoneError::CodeExpired => ErrorCode::CodeExpired,
            PhoneError::CodeExhausted => ErrorCode::CodeExhausted,
            PhoneError::CodeNotFound => ErrorCode::CodeNotFound,
            PhoneError::Internal(e) => e.code(),
        }
    }
}

impl From<CodeRejection> for PhoneError {
    fn from(rejection: CodeRejection) -> PhoneError {
        match rejection {
            CodeRejection::NotFound => PhoneError::CodeNotFound,
            CodeRejection::Expired => PhoneError::CodeExpired,
            CodeRejection::Exhausted => PhoneError::CodeExhausted,
            CodeRejection::Invalid { attempts_left } => PhoneError::CodeInvalid { attempts_left },
        }
    }
}

impl From<sqlx::Error> for PhoneError {
    fn from(e: sqlx::Error) -> PhoneError {
        PhoneError::Internal(e.into())
    }
}

impl Latchkey {
    /// Issues a code of `purpose` to `phone` by text, superseding the account's older codes of
    /// that purpose, inside the caller's unit of work. Does not check the resend limits.
    pub(crate) async fn issue_sms_code(
        &self,
        work: &mut UnitOfWork,
        account: &AccountRecord,
        purpose: CodePurpose,
        phone: &str,
        now: Timestamp,
    ) -> Result<OutboxId, store::Error> {
        work.defer(store::codes::supersede_codes(account.id(), purpose, now));
        let code = self.random.digits(self.config.code_length);
        let lifetime = self.config.code_lifetime();
        let mail_purpose = match purpose {
            CodePurpose::SignIn => MailPurpose::SignIn,
            _ => MailPurpose::VerifyPhone,
        };
        let outbox_id = work
            .enqueue_sms(
                &self.key,
                account.id(),
                phone,
                mail_purpose,
                &code,
                lifetime,
                &self.config.sms.domain,
                now,
            )
            .await?;
        let lifetime_ms = i64::try_from(lifetime.as_millis()).unwrap_or(i64::MAX);
        let code_mac = self.code_mac(account.id(), purpose, &code);
        work.defer(store::codes::insert_code(
            account.id(),
            purpose,
            &code_mac,
            lifetime_ms,
            outbox_id,
            now,
        ));
        let detail = serde_json::json!({ "purpose": purpose.as_str(), "channel": "sms" });
        work.record(now, Some(account.id()), AuditKind::CodeSent, detail)
            .await?;
        Ok(outbox_id)
    }

    /// Whether `account`'s current phone is verified.
    pub(crate) async fn phone_verified(&self, conn: &mut Conn, account: &AccountRecord) -> Result<bool, store::Error> {
        let state = store::sms::phone_state(conn, account.id()).await?;
        Ok(state.is_some_and(|(phone, verified, _)| verified.as_deref() == Some(phone.as_str())))
    }

    async fn phone_status_of(
        &self,
        conn: &mut Conn,
        account: &AccountRecord,
        now: Timestamp,
    ) -> Result<PhoneStatus, store::Error> {
        let (phone, verified_phone, verified_at) =
            store::sms::phone_state(conn, account.id())
                .await?
                .unwrap_or((account.phone_e164.clone(), None, None));
        let verified = verified_phone.as_deref() == Some(phone.as_str());
        let owner = CodeOwner::Account(account.id());
        let code_status = self
            .code_status_at(conn, owner, CodePurpose::VerifyPhone, &phone, now)
            .await?;
        let delivery = match store::sms::current_code_recipient(conn, account.id(), CodePurpose::VerifyPhone).await? {
            Some((to, id)) if to == phone => delivery_status(conn, OutboxId(id)).await?,
            _ => None,
        };
        Ok(PhoneStatus {
            phone,
            verified,
            verified_at: verified.then_some(verified_at.map(Timestamp)).flatten(),
            code_status,
            delivery,
        })
    }

    /// The account of a session validated beforehand (validation writes, so it is done before
    /// the caller's transaction opens), read again on `conn`.
    async fn signed_in_account(
        &self,
        conn: &mut Conn,
        account: crate::ids::AccountId,
    ) -> Result<AccountRecord, PhoneError> {
        Ok(store::accounts::find_by_id(conn, account)
            .await?
            .ok_or(SessionError::Unknown)?)
    }

    /// The signed-in account's phone: verified or not, and the current code's state.
    pub async fn phone_status(&self, token: &SessionToken) -> Result<PhoneStatus, PhoneError> {
        let session = self.validate_session(token).await?;
        let now = self.now();
        let mut conn = self.db.read().await?;
        let account = self.signed_in_account(&mut conn, session.account.id).await?;
        Ok(self.phone_status_of(&mut conn, &account, now).await?)
    }

    /// "Verify phone": texts a code to the signed-in account's phone, within the resend limits.
    ///
    /// Errors: `AlreadyVerified`, `ResendCooldown` (with the wait), session errors.
    pub async fn request_phone_code(&self, token: &SessionToken) -> Result<PhoneStatus, PhoneError> {
        let session = self.validate_session(token).await?;
        let now = self.now();
        let mut work = self.write().await?;
        let account = self.signed_in_account(work.conn().await?, session.account.id).await?;
        if self.phone_verified(work.conn().await?, &account).await? {
            return Err(PhoneError::AlreadyVerified);
        }
        let owner = CodeOwner::Account(account.id());
        if let Err(retry_after) = self
            .resend_allowed_at(work.conn().await?, owner, CodePurpose::VerifyPhone, now)
            .await?
        {
            let code_status = self
                .code_status_at(
                    work.conn().await?,
                    owner,
                    CodePurpose::VerifyPhone,
                    &account.phone_e164,
                    now,
                )
                .await?;
            return Err(PhoneError::ResendCooldown {
                retry_after,
                code_status,
            });
        }
        let phone = account.phone_e164.clone();
        self.issue_sms_code(&mut work, &account, CodePurpose::VerifyPhone, &phone, now)
            .await?;
        let status = self.phone_status_of(work.conn().await?, &account, now).await?;
        work.commit().await?;
        Ok(status)
    }

    /// Confirms the signed-in account's phone with the code texted to it. A code sent to a
    /// number the account no longer has verifies nothing (`CodeNotFound`).
    ///
    /// Errors: `InvalidInput` (field `code`), `AlreadyVerified`, the code errors, session errors.
    pub async fn confirm_phone(&self, token: &SessionToken, code: &str) -> Result<PhoneStatus, PhoneError> {
        let code = CodeInput::parse(code, self.config.code_length).map_err(|e| PhoneError::InvalidInput(vec![e]))?;
        let session = self.validate_session(token).await?;
        let now = self.now();
        let mut work = self.write().await?;
        let account = self.signed_in_account(work.conn().await?, session.account.id).await?;
        if self.phone_verified(work.conn().await?, &account).await? {
            return Err(PhoneError::AlreadyVerified);
        }
        let sent_to =
            store::sms::current_code_recipient(work.conn().await?, account.id(), CodePurpose::VerifyPhone).await?;
        if sent_to.as_ref().is_none_or(|(to, _)| *to != account.phone_e164) {
            return Err(PhoneError::CodeNotFound);
        }
        let owner = CodeOwner::Account(account.id());
        let checked = self
            .check_code(work.conn().await?, owner, CodePurpose::VerifyPhone, &code, now)
            .await?;
        if let Err(rejection) = checked {
            if matches!(rejection, CodeRejection::Invalid { .. }) {
                let detail = serde_json::json!({ "purpose": "verify_phone" });
                work.record(now, Some(account.id()), AuditKind::CodeFailed, detail)
                    .await?;
            }
            work.commit().await?;
            return Err(rejection.into());
        }
        if !store::sms::mark_phone_verified(work.conn().await?, account.id(), &account.phone_e164, now).await? {
            work.rollback().await?;
            return Err(PhoneError::CodeNotFound);
        }
        work.record(now, Some(account.id()), AuditKind::PhoneVerified, serde_json::json!({}))
            .await?;
        let status = self.phone_status_of(work.conn().await?, &account, now).await?;
        work.commit().await?;
        Ok(status)
    }
}
