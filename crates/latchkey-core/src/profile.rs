//! "My account" (issue 12): edit the profile, export the account's data, delete the account.
//! Changing the password is [`Latchkey::change_password`] in `sessions.rs`.

use secrecy::SecretString;
use serde::Serialize;

use crate::accounts::{AccountView, Latchkey};
use crate::audit::{AuditEvent, AuditKind};
use crate::clock::Timestamp;
use crate::code_errors::{ResendCodeError, VerifyEmailError};
use crate::codes::{CodeOwner, CodePurpose, CodeRejection, CodeStatus};
use crate::domain::CodeInput;
use crate::domain::{FieldError, Password, PersonName, Phone, Username, field};
use crate::error::{ErrorCode, InternalError};
use crate::picture::{PictureError, ProfilePicture};
use crate::sessions::{CurrentPasswordRefused, SessionError, SessionToken, SessionView};
use crate::store::accounts::AccountRecord;
use crate::store::{self, accounts::ProfileUpdate};
use crate::throttle::{Throttle, ThrottleKey};
use crate::unit_of_work::UnitOfWork;

const DELETE: CodePurpose = CodePurpose::DeleteAccount;

/// The profile form as typed. The email address is changed by its own flow (it needs a code).
#[derive(Debug, Clone)]
pub struct ProfileForm {
    pub first_name: String,
    pub last_name: String,
    pub username: String,
    pub phone: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error(transparent)]
    Session(#[from] SessionError),
    /// One entry per bad field, all at once (taken username and phone included).
    #[error("some fields are not valid")]
    InvalidInput(Vec<FieldError>),
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl ProfileError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ProfileError::Session(e) => e.code(),
            ProfileError::InvalidInput(_) => ErrorCode::InvalidInput,
            ProfileError::Internal(e) => e.code(),
        }
    }
}

impl From<sqlx::Error> for ProfileError {
    fn from(e: sqlx::Error) -> ProfileError {
        ProfileError::Internal(e.into())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DeleteAccountError {
    #[error(transparent)]
    Session(#[from] SessionError),
    /// A missing password, or a typed username that is not the account's (`username_mismatch`).
    #[error("the confirmation is not complete")]
    InvalidInput(Vec<FieldError>),
    #[error("the current password is wrong")]
    InvalidCredentials,
    #[error("too many wrong passwords; try again in {} s", retry_after.as_secs())]
    Throttled { retry_after: std::time::Duration },
    /// Confirming with a code: a malformed code, or one refused (wrong, expired, used up, none
    /// waiting). Nothing is erased.
    #[error(transparent)]
    Code(VerifyEmailError),
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl DeleteAccountError {
    pub fn code(&self) -> ErrorCode {
        match self {
            DeleteAccountError::Session(e) => e.code(),
            DeleteAccountError::InvalidInput(_) => ErrorCode::InvalidInput,
            DeleteAccountError::InvalidCredentials => ErrorCode::InvalidCredentials,
            DeleteAccountError::Throttled { .. } => ErrorCode::LoginThrottled,
            DeleteAccountError::Code(e) => e.code(),
            DeleteAccountError::Internal(e) => e.code(),
        }
    }
}

/// Asking for a code that confirms erasing the account.
#[derive(Debug, thiserror::Error)]
pub enum DeleteCodeError {
    #[error(transparent)]
    Session(#[from] SessionError),
    /// A code was sent moments ago (`ResendCooldown`, with the current code's status).
    #[error(transparent)]
    Code(#[from] ResendCodeError),
}

impl DeleteCodeError {
    pub fn code(&self) -> ErrorCode {
        match self {
            DeleteCodeError::Session(e) => e.code(),
            DeleteCodeError::Code(e) => e.code(),
        }
    }
}

impl From<sqlx::Error> for DeleteCodeError {
    fn from(e: sqlx::Error) -> DeleteCodeError {
        DeleteCodeError::Code(e.into())
    }
}

impl From<InternalError> for DeleteCodeError {
    fn from(e: InternalError) -> DeleteCodeError {
        DeleteCodeError::Code(e.into())
    }
}

impl From<sqlx::Error> for DeleteAccountError {
    fn from(e: sqlx::Error) -> DeleteAccountError {
        DeleteAccountError::Internal(e.into())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PictureChangeError {
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error(transparent)]
    Picture(#[from] PictureError),
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl PictureChangeError {
    pub fn code(&self) -> ErrorCode {
        match self {
            PictureChangeError::Session(e) => e.code(),
            PictureChangeError::Picture(e) => e.code(),
            PictureChangeError::Internal(e) => e.code(),
        }
    }
}

impl From<sqlx::Error> for PictureChangeError {
    fn from(e: sqlx::Error) -> PictureChangeError {
        PictureChangeError::Internal(e.into())
    }
}

/// A message sent to the account, as the export shows it: never its body (codes live there).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportedMessage {
    pub subject: String,
    pub purpose: String,
    pub status: String,
    pub created_at: Timestamp,
    pub sent_at: Option<Timestamp>,
}

/// Everything "Export my data" writes. Holds no token, hash, code or message body.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountExport {
    pub exported_at: Timestamp,
    pub profile: AccountView,
    /// The profile picture as a `data:` URL, if there is one.
    pub picture: Option<String>,
    pub sessions: Vec<SessionView>,
    pub activity: Vec<AuditEvent>,
    pub messages: Vec<ExportedMessage>,
}

/// The most events an export holds (newest first).
const EXPORT_EVENTS: i64 = 10_000;

impl Latchkey {
    /// Changes the signed-in account's names, username and phone. Every field is parsed with
    /// the registration parsers; every problem (a taken username or phone too) comes back at
    /// once and nothing is written. Records `profile_updated` naming the changed fields.
    pub async fn update_profile(&self, token: &SessionToken, form: ProfileForm) -> Result<AccountView, ProfileError> {
        let session = self.validate_session_in_store(token).await?;
        let mut errors = Vec::new();
        let mut keep = |e: FieldError| errors.push(e);
        let first_name = PersonName::parse(&form.first_name, field::FIRST_NAME)
            .map_err(&mut keep)
            .ok();
        let last_name = PersonName::parse(&form.last_name, field::LAST_NAME)
            .map_err(&mut keep)
            .ok();
        let username = Username::parse(&form.username).map_err(&mut keep).ok();
        let phone = Phone::parse(&form.phone, self.config.region()).map_err(&mut keep).ok();
        let account = session.account.id;

        let now = self.now();
        let mut work = self.write().await?;
        let before = store::accounts::find_by_id(work.conn().await?, account)
            .await?
            .ok_or(SessionError::Unknown)?;
        if let Some(username) = &username {
            let owner = store::accounts::find_by_identifier(
                work.conn().await?,
                &crate::domain::Identifier::Username(username.clone()),
            )
            .await?;
            if owner.is_some_and(|o| o.id() != account) {
                errors.push(FieldError::new(
                    field::USERNAME,
                    ErrorCode::UsernameTaken,
                    "This username is taken; choose another.",
                ));
            }
        }
        if let Some(phone) = &phone
            && store::accounts::find_by_phone(work.conn().await?, phone)
                .await?
                .is_some_and(|o| o.id() != account)
        {
            errors.push(FieldError::new(
                field::PHONE,
                ErrorCode::PhoneTaken,
                "An account with this phone number already exists.",
            ));
        }
        let (Some(first_name), Some(last_name), Some(username), Some(phone)) = (first_name, last_name, username, phone)
        else {
            return Err(ProfileError::InvalidInput(errors));
        };
        if !errors.is_empty() {
            return Err(ProfileError::InvalidInput(errors));
        }
        let mut changed = Vec::new();
        if before.first_name != first_name.as_str() {
            changed.push("firstName");
        }
        if before.last_name != last_name.as_str() {
            changed.push("lastName");
        }
        if before.username != username.as_str() {
            changed.push("username");
        }
        if before.phone_e164 != phone.as_str() {
            changed.push("phone");
        }
        if !changed.is_empty() {
            let update = ProfileUpdate {
                first_name: first_name.as_str(),
                last_name: last_name.as_str(),
                username: &username,
                phone: &phone,
            };
            store::accounts::update_profile(work.conn().await?, account, &update, now).await?;
            let detail = serde_json::json!({ "fields": changed });
            work.record(now, Some(account), AuditKind::ProfileUpdated, detail)
                .await?;
        }
        let after = store::accounts::find_by_id(work.conn().await?, account)
            .await?
            .ok_or(SessionError::Unknown)?;
        work.commit().await?;
        Ok(after.view())
    }

    /// Everything the signed-in account may take with it: profile, live sessions (no tokens),
    /// security activity, and the messages sent to it (subjects only, no bodies or codes).
    /// Records `data_exported` (which the export then also lists).
    pub async fn export_account_data(&self, token: &SessionToken) -> Result<AccountExport, SessionError> {
        let session = self.validate_session_in_store(token).await?;
        let account = session.account.id;
        let now = self.now();
        let mut work = self.write().await?;
        work.record(now, Some(account), AuditKind::DataExported, serde_json::json!({}))
            .await?;
        work.commit().await?;
        let sessions = self.list_sessions(token).await?;
        let mut conn = self.db.read().await?;
        let activity = crate::audit::recent_for_account(&mut conn, account, EXPORT_EVENTS).await?;
        let messages = store::outbox::summaries_to(&mut conn, &session.account.email)
            .await?
            .into_iter()
            .map(|(subject, purpose, status, created_at, sent_at)| ExportedMessage {
                subject,
                purpose,
                status,
                created_at: Timestamp(created_at),
                sent_at: sent_at.map(Timestamp),
            })
            .collect();
        let picture = store::pictures::get(&mut conn, account)
            .await?
            .map(|row| ProfilePicture::from_stored(row.image).data_url());
        Ok(AccountExport {
            exported_at: now,
            profile: session.account,
            picture,
            sessions,
            activity,
            messages,
        })
    }

    /// Erases the signed-in account after checking its password and that `typed_username` is
    /// its username (any case): the account row, its sessions, codes, registration handles,
    /// messages addressed to it, sign-in throttle rows and security events. One anonymous
    /// `account_deleted` event stays. Wrong passwords are throttled like sign-in attempts;
    /// nothing is erased on any error.
    pub async fn delete_account(
        &self,
        token: &SessionToken,
        password: SecretString,
        typed_username: &str,
    ) -> Result<(), DeleteAccountError> {
        let session = self.validate_session_in_store(token).await?;
        let mut conn = self.db.read().await?;
        let account = store::accounts::find_by_id(&mut conn, session.account.id)
            .await?
            .ok_or(SessionError::Unknown)?;
        drop(conn);
        let mut errors = Vec::new();
        let password = Password::for_sign_in(password);
        if password.is_none() {
            errors.push(FieldError::new(
                field::PASSWORD,
                ErrorCode::Required,
                "Enter your current password.",
            ));
        }
        errors.extend(Self::confirm_username(&account, typed_username));
        let (Some(password), true) = (password, errors.is_empty()) else {
            return Err(DeleteAccountError::InvalidInput(errors));
        };
        let _throttle = match self.check_current_password(&account, password).await? {
            Ok(throttle) => throttle,
            Err(CurrentPasswordRefused::Throttled(retry_after)) => {
                return Err(DeleteAccountError::Throttled { retry_after });
            }
            Err(CurrentPasswordRefused::Wrong) => return Err(DeleteAccountError::InvalidCredentials),
        };
        let now = self.now();
        let mut work = self.write().await?;
        // As checked: the session still lives and the password is the one verified.
        self.live_session(work.conn().await?, token, now).await?;
        if !store::accounts::password_hash_is(work.conn().await?, account.id(), &account.password_hash).await? {
            work.rollback().await?;
            return Err(DeleteAccountError::InvalidCredentials);
        }
        self.erase_account(&mut work, &account, now).await?;
        work.commit().await?;
        self.checkpoint_after_erasing().await;
        Ok(())
    }

    /// `typed_username` against the account's username (any case), as a field error.
    fn confirm_username(account: &AccountRecord, typed_username: &str) -> Option<FieldError> {
        (typed_username.trim().to_lowercase() != account.username.to_lowercase()).then(|| {
            FieldError::new(
                field::CONFIRM_USERNAME,
                ErrorCode::UsernameMismatch,
                "Type your username exactly to confirm.",
            )
        })
    }

    /// Emails a code to the signed-in account's address that confirms erasing the account
    /// instead of its password (for people who sign in by code). Answers the code's status;
    /// the resend limits are every code's.
    pub async fn request_delete_code(&self, token: &SessionToken) -> Result<CodeStatus, DeleteCodeError> {
        let session = self.validate_session_in_store(token).await?;
        let now = self.now();
        let mut work = self.write().await?;
        self.live_session(work.conn().await?, token, now).await?;
        let account = store::accounts::find_by_id(work.conn().await?, session.account.id)
            .await?
            .ok_or(SessionError::Unknown)?;
        let owner = CodeOwner::Account(account.id());
        if let Err(retry_after) = self.resend_allowed_at(work.conn().await?, owner, DELETE, now).await? {
            let code_status = self
                .code_status_at(work.conn().await?, owner, DELETE, &account.email, now)
                .await?;
            work.commit().await?;
            return Err(ResendCodeError::ResendCooldown {
                retry_after,
                code_status,
            }
            .into());
        }
        self.issue_code(&mut work, &account, DELETE, now).await?;
        let status = self
            .code_status_at(work.conn().await?, owner, DELETE, &account.email, now)
            .await?;
        work.commit().await?;
        Ok(status)
    }

    /// The status of the signed-in account's deletion code.
    pub async fn delete_code_status(&self, token: &SessionToken) -> Result<CodeStatus, SessionError> {
        let session = self.validate_session(token).await?;
        let now = self.now();
        let mut conn = self.db.read().await?;
        Ok(self
            .code_status_at(
                &mut conn,
                CodeOwner::Account(session.account.id),
                DELETE,
                &session.account.email,
                now,
            )
            .await?)
    }

    /// [`Latchkey::delete_account`] confirmed with the code of [`Latchkey::request_delete_code`]
    /// instead of the password. A wrong code counts a try like every code; nothing is erased on
    /// any error, and a mistyped username leaves the code untouched.
    pub async fn delete_account_with_code(
        &self,
        token: &SessionToken,
        code: &str,
        typed_username: &str,
    ) -> Result<(), DeleteAccountError> {
        let session = self.validate_session_in_store(token).await?;
        let mut errors = Vec::new();
        let code = CodeInput::parse(code, self.config.code_length)
            .map_err(|e| errors.push(e))
            .ok();
        let now = self.now();
        let mut work = self.write().await?;
        self.live_session(work.conn().await?, token, now).await?;
        let account = store::accounts::find_by_id(work.conn().await?, session.account.id)
            .await?
            .ok_or(SessionError::Unknown)?;
        errors.extend(Self::confirm_username(&account, typed_username));
        let (Some(code), true) = (code, errors.is_empty()) else {
            work.rollback().await?;
            return Err(DeleteAccountError::InvalidInput(errors));
        };
        let checked = self
            .check_code(work.conn().await?, CodeOwner::Account(account.id()), DELETE, &code, now)
            .await?;
        if let Err(rejection) = checked {
            if matches!(rejection, CodeRejection::Invalid { .. }) {
                let detail = serde_json::json!({ "purpose": DELETE.as_str() });
                work.record(now, Some(account.id()), AuditKind::CodeFailed, detail)
                    .await?;
            }
            work.commit().await?;
            return Err(DeleteAccountError::Code(rejection.into()));
        }
        self.erase_account(&mut work, &account, now).await?;
        work.commit().await?;
        self.checkpoint_after_erasing().await;
        Ok(())
    }

    /// Erases `account` and everything tied to it inside `work`, leaving one anonymous
    /// `account_deleted` event.
    async fn erase_account(
        &self,
        work: &mut UnitOfWork,
        account: &AccountRecord,
        now: Timestamp,
    ) -> Result<(), DeleteAccountError> {
        let (email_key, username_key) = store::accounts::identifier_keys(work.conn().await?, account.id()).await?;
        // The address of a pending change of email goes with the account (cascade): read it
        // first, its code's message is erased below.
        let pending_new_email = store::email_changes::get(work.conn().await?, account.id())
            .await?
            .map(|change| change.new_email);
        store::pictures::delete(work.conn().await?, account.id()).await?;
        store::audit::delete_for_account(work.conn().await?, account.id()).await?;
        store::pending::delete_handles_sent_to(work.conn().await?, &account.email).await?;
        store::accounts::delete(work.conn().await?, account.id()).await?;
        store::outbox::erase_addressed_to(work.conn().await?, &account.email).await?;
        // Texts to the account's phone (issue 11) go too.
        store::outbox::erase_addressed_to(work.conn().await?, &account.phone_e164).await?;
        if let Some(new_email) = pending_new_email {
            store::outbox::erase_addressed_to(work.conn().await?, &new_email).await?;
        }
        for key in [
            Throttle {
                key: ThrottleKey::Account(account.id()),
            },
            Throttle {
                key: ThrottleKey::Identifier(self.identifier_key(&email_key)),
            },
            Throttle {
                key: ThrottleKey::Identifier(self.identifier_key(&username_key)),
            },
        ] {
            key.clear(work);
        }
        work.record(now, None, AuditKind::AccountDeleted, serde_json::json!({}))
            .await?;
        Ok(())
    }

    /// Folds the write-ahead log into the database file so that an erased account's bytes
    /// leave the disk with it.
    async fn checkpoint_after_erasing(&self) {
        if let Err(e) = store::checkpoint(self.db.pool()).await {
            tracing::warn!(error = %e, "could not checkpoint the database after erasing an account");
        }
    }

    /// Makes an uploaded file the signed-in account's picture: checked, decoded, cropped,
    /// scaled and re-encoded first (see [`ProfilePicture::from_upload`]), off the async
    /// runtime; nothing is stored when the file is refused. Answers the picture as stored.
    pub async fn set_profile_picture(
        &self,
        token: &SessionToken,
        upload: Vec<u8>,
    ) -> Result<ProfilePicture, PictureChangeError> {
        let session = self.validate_session(token).await?;
        let picture = tokio::task::spawn_blocking(move || ProfilePicture::from_upload(&upload))
            .await
            .map_err(InternalError::from)??;
        let account = session.account.id;
        let now = self.now();
        let mut work = self.write().await?;
        self.live_session(work.conn().await?, token, now).await?;
        store::pictures::put(work.conn().await?, account, picture.bytes(), picture.media_type(), now).await?;
        work.record(now, Some(account), AuditKind::PictureChanged, serde_json::json!({}))
            .await?;
        work.commit().await?;
        Ok(picture)
    }

    /// The signed-in account's picture, if it has one.
    pub async fn profile_picture(&self, token: &SessionToken) -> Result<Option<ProfilePicture>, SessionError> {
        let session = self.validate_session(token).await?;
        let mut conn = self.db.read().await?;
        Ok(store::pictures::get(&mut conn, session.account.id)
            .await?
            .map(|row| ProfilePicture::from_stored(row.image)))
    }

    /// Removes the signed-in account's picture (no event when there was none).
    pub async fn remove_profile_picture(&self, token: &SessionToken) -> Result<(), SessionError> {
        let session = self.validate_session(token).await?;
        let account = session.account.id;
        let now = self.now();
        let mut work = self.write().await?;
        if store::pictures::delete(work.conn().await?, account).await? {
            work.record(now, Some(account), AuditKind::PictureRemoved, serde_json::json!({}))
                .await?;
        }
        work.commit().await?;
        Ok(())
    }
}
