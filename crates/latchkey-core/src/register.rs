//! Registration: a new, unverified account and an email-verification code, or, when the email
//! or phone already has an account and enumeration protection is on, the same answer with a
//! notice to the owner instead.

use crate::error::ErrorCode;
use secrecy::SecretString;
use sqlx::SqliteConnection;

use crate::accounts::{AccountRecord, Latchkey, find_by_email};
use crate::audit::{AuditKind, PendingEvents};
use crate::codes::{CodeOwner, CodePurpose, CodeStatus};
use crate::config::Config;
use crate::domain::{Email, FieldError, Password, PersonName, Phone, Username, field};
use crate::error::InternalError;
use crate::i18n::Locale;
use crate::mail::Template;

/// The registration form as typed.
#[derive(Debug, Clone)]
pub struct RegistrationForm {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub username: String,
    pub password: SecretString,
}

/// A registration whose every field is valid.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub email: Email,
    pub phone: Phone,
    pub username: Username,
    pub password: Password,
}

/// Every field parsed on its own: the good ones, and one error per bad one.
struct ParsedForm {
    first_name: Option<PersonName>,
    last_name: Option<PersonName>,
    email: Option<Email>,
    phone: Option<Phone>,
    username: Option<Username>,
    password: Option<Password>,
    errors: Vec<FieldError>,
}

impl ParsedForm {
    /// The password is judged knowing the other fields (a password made of them is weak).
    fn parse(form: &RegistrationForm, config: &Config) -> ParsedForm {
        let mut errors = Vec::new();
        let mut keep = |e: FieldError| errors.push(e);
        let first_name = PersonName::parse(&form.first_name, field::FIRST_NAME)
            .map_err(&mut keep)
            .ok();
        let last_name = PersonName::parse(&form.last_name, field::LAST_NAME)
            .map_err(&mut keep)
            .ok();
        let email = Email::parse(&form.email).map_err(&mut keep).ok();
        let phone = Phone::parse(&form.phone, config.region()).map_err(&mut keep).ok();
        let username = Username::parse(&form.username).map_err(&mut keep).ok();
        let email_local_part = form.email.split('@').next().unwrap_or_default();
        let personal = [
            form.first_name.trim(),
            form.last_name.trim(),
            form.email.trim(),
            email_local_part,
            form.username.trim(),
        ];
        let personal: Vec<&str> = personal.into_iter().filter(|w| !w.is_empty()).collect();
        let password = Password::parse(
            form.password.clone(),
            config.password_policy(),
            &personal,
            field::PASSWORD,
        )
        .map_err(&mut keep)
        .ok();
        ParsedForm {
            first_name,
            last_name,
            email,
            phone,
            username,
            password,
            errors,
        }
    }
}

impl ParsedForm {
    /// The account, if every field is valid.
    fn complete(self) -> Result<NewAccount, Box<ParsedForm>> {
        match self {
            ParsedForm {
                first_name: Some(first_name),
                last_name: Some(last_name),
                email: Some(email),
                phone: Some(phone),
                username: Some(username),
                password: Some(password),
                errors,
            } if errors.is_empty() => Ok(NewAccount {
                first_name,
                last_name,
                email,
                phone,
                username,
                password,
            }),
            incomplete => Err(Box::new(incomplete)),
        }
    }
}

impl NewAccount {
    /// Parses every field; on failure returns one error per bad field, all at once. The
    /// password is judged knowing the other fields (a password made of them is weak).
    pub fn parse(form: RegistrationForm, config: &Config) -> Result<NewAccount, Vec<FieldError>> {
        ParsedForm::parse(&form, config)
            .complete()
            .map_err(|parsed| parsed.errors)
    }
}

fn username_taken_error() -> FieldError {
    FieldError::new(
        field::USERNAME,
        ErrorCode::UsernameTaken,
        "This username is taken; choose another.",
    )
}

fn email_taken_error() -> FieldError {
    FieldError::new(
        field::EMAIL,
        ErrorCode::EmailTaken,
        "An account with this email address already exists.",
    )
}

fn phone_taken_error() -> FieldError {
    FieldError::new(
        field::PHONE,
        ErrorCode::PhoneTaken,
        "An account with this phone number already exists.",
    )
}

async fn username_taken(conn: &mut SqliteConnection, username: &Username) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM accounts WHERE username_key = ?)")
        .bind(username.key())
        .fetch_one(conn)
        .await
}

async fn phone_owner(conn: &mut SqliteConnection, phone: &Phone) -> Result<Option<AccountRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, first_name, last_name, email, phone_e164, username, password_hash,
            email_verified_at, created_at FROM accounts WHERE phone_e164 = ?",
    )
    .bind(phone.as_str())
    .fetch_optional(conn)
    .await
}

/// What registration answers, identical in shape whether an account was made or an existing
/// owner was notified.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Registered {
    /// The address as typed.
    pub email: String,
    /// Names this registration (and only it) to `verify_email`, `resend_code` and `code_status`.
    pub handle: RegistrationHandle,
    pub code_status: CodeStatus,
}

/// An opaque pending-registration handle: 64 hex characters (256 random bits). The verify
/// screen holds it instead of the address, so a code can only verify the registration it was
/// sent for. Only its SHA-256 is stored. `Debug` does not show it.
#[derive(Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(transparent)]
pub struct RegistrationHandle(String);

impl std::fmt::Debug for RegistrationHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RegistrationHandle(<redacted>)")
    }
}

impl RegistrationHandle {
    pub(crate) fn generate(random: &crate::random::SecureRandom) -> RegistrationHandle {
        RegistrationHandle(hex::encode(random.bytes::<32>()))
    }

    /// Parses a handle received back from the UI (field `handle`).
    pub fn parse(input: &str) -> Result<RegistrationHandle, FieldError> {
        let input = input.trim();
        if input.len() == 64 && input.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(RegistrationHandle(input.to_ascii_lowercase()))
        } else {
            Err(FieldError::new(
                field::HANDLE,
                ErrorCode::HandleInvalid,
                "This verification screen is no longer valid; register or sign in again.",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn digest(&self) -> [u8; 32] {
        use sha2::Digest;
        sha2::Sha256::digest(self.0.as_bytes()).into()
    }
}

/// Records a new handle for `account` (`None`: a stand-in for a taken address).
pub(crate) async fn insert_handle(
    conn: &mut SqliteConnection,
    handle: &RegistrationHandle,
    account: Option<crate::accounts::AccountId>,
    sent_to: &str,
    now: crate::clock::Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO registration_handles (handle_hash, account_id, sent_to, created_at) VALUES (?, ?, ?, ?)")
        .bind(handle.digest().as_slice())
        .bind(account.map(|a| a.0))
        .bind(sent_to)
        .bind(now.millis())
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    /// One entry per bad field. A taken username is reported here too (`username_taken`) when
    /// other fields are bad, and, with enumeration protection off, an address or phone that is
    /// already registered (`email_taken`, `phone_taken`).
    #[error("some fields are not valid")]
    InvalidInput(Vec<FieldError>),
    /// Usernames are public, so a taken one is said plainly (field `username`). Only when it is
    /// the sole problem; otherwise it is one of the `InvalidInput` entries.
    #[error("this username is taken")]
    UsernameTaken,
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl RegisterError {
    pub fn code(&self) -> ErrorCode {
        match self {
            RegisterError::InvalidInput(_) => ErrorCode::InvalidInput,
            RegisterError::UsernameTaken => ErrorCode::UsernameTaken,
            RegisterError::Internal(e) => e.code(),
        }
    }

    /// The form field the error belongs to, if one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            RegisterError::UsernameTaken => Some(field::USERNAME),
            _ => None,
        }
    }
}

impl From<sqlx::Error> for RegisterError {
    fn from(e: sqlx::Error) -> RegisterError {
        RegisterError::Internal(e.into())
    }
}

impl Latchkey {
    /// Every problem [`Latchkey::register`] would report for `form` right now, all at once,
    /// writing nothing: each field's own errors, a taken username (`username_taken`), and,
    /// only with enumeration protection off, a taken email or phone (`email_taken`,
    /// `phone_taken`). Empty when the form would be accepted. For the UI, e.g. to show every
    /// other problem when the password confirmation does not match. If the database cannot be
    /// read, only the field errors are returned (and the failure logged).
    pub async fn check_registration(&self, form: &RegistrationForm) -> Vec<FieldError> {
        let parsed = ParsedForm::parse(form, &self.config);
        let mut errors = parsed.errors;
        match self
            .taken_fields(parsed.username.as_ref(), parsed.email.as_ref(), parsed.phone.as_ref())
            .await
        {
            Ok(taken) => errors.extend(taken),
            Err(e) => tracing::warn!(error = %e, "check_registration: cannot look up existing accounts"),
        }
        errors
    }

    /// Which of these parsed fields already belong to an account, as far as may be said.
    async fn taken_fields(
        &self,
        username: Option<&Username>,
        email: Option<&Email>,
        phone: Option<&Phone>,
    ) -> Result<Vec<FieldError>, sqlx::Error> {
        let mut conn = self.db.pool().acquire().await?;
        let mut taken = Vec::new();
        if let Some(username) = username
            && username_taken(&mut conn, username).await?
        {
            taken.push(username_taken_error());
        }
        if self.config.enumeration_protection {
            return Ok(taken);
        }
        // Same rule as `register`: the email is reported first, the phone only if the email is free.
        let email_is_taken = match email {
            Some(email) => find_by_email(&mut conn, email).await?.is_some(),
            None => false,
        };
        if email_is_taken {
            taken.push(email_taken_error());
        } else if let Some(phone) = phone
            && phone_owner(&mut conn, phone).await?.is_some()
        {
            taken.push(phone_taken_error());
        }
        Ok(taken)
    }

    /// Registers a new account and emails it a verification code.
    ///
    /// With enumeration protection on, an email or phone that already has an account gives
    /// the same [`Registered`] answer (its code status follows the notice sent to the owner)
    /// and nothing else is written but that notice and a decoy code. Nothing is written when
    /// any error is returned. Two concurrent registrations of one email make one account.
    pub async fn register(&self, form: RegistrationForm) -> Result<Registered, RegisterError> {
        self.register_in(form, Locale::english()).await
    }

    /// [`register`](Self::register), with the language the person registered in: the new
    /// account keeps it (see [`Latchkey::set_account_locale`]) and its verification email uses it.
    pub async fn register_in(&self, form: RegistrationForm, locale: Locale) -> Result<Registered, RegisterError> {
        let new = match ParsedForm::parse(&form, &self.config).complete() {
            Ok(new) => new,
            // Every problem at once: a taken username too (a cheap lookup, and usernames are
            // public), as `check_registration` reports it.
            Err(parsed) => {
                let mut errors = parsed.errors;
                let taken = self
                    .taken_fields(parsed.username.as_ref(), parsed.email.as_ref(), parsed.phone.as_ref())
                    .await?;
                errors.extend(taken);
                return Err(RegisterError::InvalidInput(errors));
            }
        };
        // Hash before taking the write lock, and for conflicts too: the answer takes as long
        // whether or not the address was known.
        let password_hash = self.hashing.hash(new.password.clone(), self.random.bytes()).await?;

        let now = self.now();
        let mut tx = self.begin_write().await?;
        if username_taken(&mut tx, &new.username).await? {
            return Err(RegisterError::UsernameTaken);
        }
        let email_owner = find_by_email(&mut tx, &new.email).await?;
        let phone_owner: Option<AccountRecord> = match &email_owner {
            Some(_) => None,
            None => phone_owner(&mut tx, &new.phone).await?,
        };
        let mut events = PendingEvents::default();

        if let Some(owner) = email_owner.as_ref().or(phone_owner.as_ref()) {
            if !self.config.enumeration_protection {
                let error = match email_owner {
                    Some(_) => email_taken_error(),
                    None => phone_taken_error(),
                };
                return Err(RegisterError::InvalidInput(vec![error]));
            }
            // The notice to the owner is limited per address (repeated attempts must not flood
            // the owner); the answer follows a stand-in code of its own handle, issued like a
            // new registration's code.
            let decoy_key = self.identifier_key(new.email.key());
            let owner_decoy = CodeOwner::Decoy(&decoy_key);
            let mut mail_queued = false;
            if self
                .resend_allowed_at(&mut tx, owner_decoy, CodePurpose::VerifyEmail, now)
                .await?
                .is_ok()
            {
                let notice = Template::RegistrationAttempt {
                    first_name: &owner.first_name,
                };
                mail_queued = self
                    .issue_decoy(
                        &mut tx,
                        &decoy_key,
                        CodePurpose::VerifyEmail,
                        Some((&owner.email, &notice)),
                        now,
                    )
                    .await?;
                let via = if email_owner.is_some() { "email" } else { "phone" };
                let detail = serde_json::json!({ "matched": via });
                events
                    .record(&mut tx, now, Some(owner.id()), AuditKind::RegistrationAttempted, detail)
                    .await?;
            }
            let handle = RegistrationHandle::generate(&self.random);
            insert_handle(&mut tx, &handle, None, new.email.as_str(), now).await?;
            let handle_key = self.handle_decoy_key(&handle);
            self.issue_decoy(&mut tx, &handle_key, CodePurpose::VerifyEmail, None, now)
                .await?;
            let code_status = self
                .code_status_at(
                    &mut tx,
                    CodeOwner::Decoy(&handle_key),
                    CodePurpose::VerifyEmail,
                    new.email.as_str(),
                    now,
                )
                .await?;
            self.commit(tx, events, mail_queued).await?;
            return Ok(Registered {
                email: new.email.as_str().to_owned(),
                handle,
                code_status,
            });
        }

        let account: AccountRecord = sqlx::query_as(
            "INSERT INTO accounts (first_name, last_name, email, email_key, pending_email_key, phone_e164, username,
                                   username_key, password_hash, created_at, updated_at, locale)
             VALUES (?, ?, ?, 'pending:' || lower(hex(randomblob(16))), ?, ?, ?, ?, ?, ?, ?, ?)
             RETURNING id, first_name, last_name, email, phone_e164, username, password_hash,
                       email_verified_at, created_at",
        )
        .bind(new.first_name.as_str())
        .bind(new.last_name.as_str())
        .bind(new.email.as_str())
        .bind(new.email.key())
        .bind(new.phone.as_str())
        .bind(new.username.as_str())
        .bind(new.username.key())
        .bind(&password_hash)
        .bind(now.millis())
        .bind(now.millis())
        .bind(locale.as_str())
        .fetch_one(&mut *tx)
        .await?;
        events
            .record(
                &mut tx,
                now,
                Some(account.id()),
                AuditKind::Registered,
                serde_json::json!({}),
            )
            .await?;
        self.issue_code(&mut tx, &mut events, &account, CodePurpose::VerifyEmail, now)
            .await?;
        let handle = RegistrationHandle::generate(&self.random);
        insert_handle(&mut tx, &handle, Some(account.id()), new.email.as_str(), now).await?;
        let owner = CodeOwner::Account(account.id());
        let code_status = self
            .code_status_at(&mut tx, owner, CodePurpose::VerifyEmail, new.email.as_str(), now)
            .await?;
        self.commit(tx, events, true).await?;
        Ok(Registered {
            email: new.email.as_str().to_owned(),
            handle,
            code_status,
        })
    }
}
