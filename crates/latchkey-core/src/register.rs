//! Registration: a new, unverified account and an email-verification code, or, when the email
//! or phone already has an account and enumeration protection is on, the same answer with a
//! notice to the owner instead.

use crate::error::ErrorCode;
use secrecy::SecretString;

use crate::accounts::Latchkey;
use crate::audit::AuditKind;
use crate::codes::{CodePurpose, CodeStatus};
use crate::config::Config;
use crate::domain::{Email, FieldError, Password, PersonName, Phone, UnjudgedPassword, Username, field};
use crate::error::InternalError;
use crate::i18n::Locale;
use crate::mail::Template;
use crate::pace::Path;
use crate::store::{self, accounts::AccountRecord, accounts::NewPendingAccount};

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

/// Every field parsed on its own: the good ones, and one error per bad one. The password has
/// passed the quick rules only; its judgement (zxcvbn) is [`ParsedForm::judge_now`] or, in
/// `register`, a [`Judgement`] running beside the hashing and the first round trips.
struct ParsedForm {
    first_name: Option<PersonName>,
    last_name: Option<PersonName>,
    email: Option<Email>,
    phone: Option<Phone>,
    username: Option<Username>,
    password: Option<UnjudgedPassword>,
    /// What the password is judged against (names, email, its local part, username): a
    /// password made of them is weak.
    personal: Vec<String>,
    errors: Vec<FieldError>,
}

impl ParsedForm {
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
        let personal = personal
            .into_iter()
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        let password = UnjudgedPassword::parse(form.password.clone(), config.password_policy(), field::PASSWORD)
            .map_err(&mut keep)
            .ok();
        ParsedForm {
            first_name,
            last_name,
            email,
            phone,
            username,
            password,
            personal,
            errors,
        }
    }

    /// The password's judgement made here: a weak one's error joins the others (last, the
    /// password being the form's last field).
    fn judge_now(&mut self) {
        if let Some(password) = &self.password
            && let Err(weak) = judge(password.clone(), &self.personal)
        {
            self.errors.push(weak);
        }
    }

    /// The account, if every field is valid (the password judged or not).
    fn complete(self) -> Result<NewAccountDraft, Box<ParsedForm>> {
        match self {
            ParsedForm {
                first_name: Some(first_name),
                last_name: Some(last_name),
                email: Some(email),
                phone: Some(phone),
                username: Some(username),
                password: Some(password),
                personal,
                errors,
            } if errors.is_empty() => Ok(NewAccountDraft {
                first_name,
                last_name,
                email,
                phone,
                username,
                password,
                personal,
            }),
            incomplete => Err(Box::new(incomplete)),
        }
    }
}

fn judge(password: UnjudgedPassword, personal: &[String]) -> Result<Password, FieldError> {
    let personal: Vec<&str> = personal.iter().map(String::as_str).collect();
    password.judge(&personal)
}

/// A registration whose every field passed its rules, the password's judgement aside.
struct NewAccountDraft {
    first_name: PersonName,
    last_name: PersonName,
    email: Email,
    phone: Phone,
    username: Username,
    password: UnjudgedPassword,
    personal: Vec<String>,
}

impl NewAccountDraft {
    fn into_parsed(self) -> ParsedForm {
        ParsedForm {
            first_name: Some(self.first_name),
            last_name: Some(self.last_name),
            email: Some(self.email),
            phone: Some(self.phone),
            username: Some(self.username),
            password: Some(self.password),
            personal: self.personal,
            errors: Vec::new(),
        }
    }
}

/// zxcvbn's judgement of a registration's password (0.3–1 ms of CPU, more with cold caches)
/// on a blocking thread, while the flow hashes the password and opens its transaction; the
/// flow waits for it before it writes anything, so only a judged password's hash is kept.
struct Judgement(tokio::task::JoinHandle<Result<Password, FieldError>>);

impl Judgement {
    fn start(password: UnjudgedPassword, personal: Vec<String>) -> Judgement {
        Judgement(tokio::task::spawn_blocking(move || judge(password, &personal)))
    }

    async fn outcome(self) -> Result<Result<Password, FieldError>, InternalError> {
        Ok(self.0.await?)
    }
}

impl NewAccount {
    /// Parses every field; on failure returns one error per bad field, all at once. The
    /// password is judged knowing the other fields (a password made of them is weak).
    pub fn parse(form: RegistrationForm, config: &Config) -> Result<NewAccount, Vec<FieldError>> {
        let draft = ParsedForm::parse(&form, config).complete().map_err(|mut parsed| {
            parsed.judge_now();
            parsed.errors
        })?;
        let password = judge(draft.password, &draft.personal).map_err(|weak| vec![weak])?;
        Ok(NewAccount {
            first_name: draft.first_name,
            last_name: draft.last_name,
            email: draft.email,
            phone: draft.phone,
            username: draft.username,
            password,
        })
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

pub use crate::ids::RegistrationHandle;

/// What a registration may carry besides the form (issue 13).
#[derive(Debug, Clone, Default)]
pub struct RegistrationExtras {
    /// An invite code as typed (needed when registration is `invite_only`).
    pub invite_code: Option<String>,
    /// Roles asked for; each must be self-service in the config.
    pub roles: Vec<String>,
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
    /// Registration is `closed` in the config: only administrators create accounts.
    #[error("registration is closed")]
    Closed,
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl RegisterError {
    pub fn code(&self) -> ErrorCode {
        match self {
            RegisterError::InvalidInput(_) => ErrorCode::InvalidInput,
            RegisterError::UsernameTaken => ErrorCode::UsernameTaken,
            RegisterError::Closed => ErrorCode::RegistrationClosed,
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
        let mut parsed = ParsedForm::parse(form, &self.config);
        parsed.judge_now();
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
    ) -> Result<Vec<FieldError>, store::Error> {
        let mut conn = self.db.read().await?;
        let mut taken = Vec::new();
        if let Some(username) = username
            && store::accounts::username_taken(&mut conn, username).await?
        {
            taken.push(username_taken_error());
        }
        if self.config.enumeration_protection {
            return Ok(taken);
        }
        // Same rule as `register`: the email is reported first, the phone only if the email is free.
        let email_is_taken = match email {
            Some(email) => store::accounts::find_by_email(&mut conn, email).await?.is_some(),
            None => false,
        };
        if email_is_taken {
            taken.push(email_taken_error());
        } else if let Some(phone) = phone
            && store::accounts::find_by_phone(&mut conn, phone).await?.is_some()
        {
            taken.push(phone_taken_error());
        }
        Ok(taken)
    }

    /// The answer to a form with problems: every field's error, then `extra` (invite, roles),
    /// then the taken fields as [`Latchkey::check_registration`] reports them.
    async fn every_problem(&self, parsed: ParsedForm, extra: Vec<FieldError>) -> RegisterError {
        let mut errors = parsed.errors;
        errors.extend(extra);
        match self
            .taken_fields(parsed.username.as_ref(), parsed.email.as_ref(), parsed.phone.as_ref())
            .await
        {
            Ok(taken) => errors.extend(taken),
            Err(e) => return RegisterError::Internal(e.into()),
        }
        RegisterError::InvalidInput(errors)
    }

    /// The answer to a form whose only problem is a weak password (and what is taken).
    async fn weak_password(&self, new: NewAccountDraft, weak: FieldError) -> RegisterError {
        let mut parsed = new.into_parsed();
        parsed.errors.push(weak);
        self.every_problem(parsed, Vec::new()).await
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
        self.register_with(form, locale, RegistrationExtras::default()).await
    }

    /// [`register_in`](Self::register_in) with an invite code and asked-for roles (issue 13).
    /// The registration mode applies: `closed` refuses, `invite_only` needs a valid code. The
    /// invite is redeemed (one use, its roles granted) in the transaction that makes the account;
    /// a wrong code is counted by the throttle of the address registering. When the address
    /// already has an account (enumeration protection) the code is not looked at.
    pub async fn register_with(
        &self,
        form: RegistrationForm,
        locale: Locale,
        extras: RegistrationExtras,
    ) -> Result<Registered, RegisterError> {
        use crate::config::RegistrationMode;
        if self.config.registration_mode == RegistrationMode::Closed {
            return Err(RegisterError::Closed);
        }
        let mut extra_errors = Vec::new();
        let typed_code = extras.invite_code.as_deref().map(str::trim).filter(|c| !c.is_empty());
        let invite = match typed_code {
            Some(code) => crate::domain::InviteCode::parse(code)
                .map_err(|e| extra_errors.push(e))
                .ok(),
            None => {
                if self.config.registration_mode == RegistrationMode::InviteOnly {
                    extra_errors.push(crate::invites::invite_field_error(ErrorCode::InviteRequired));
                }
                None
            }
        };
        let mut roles = crate::invites::requested_roles(&extras.roles, &self.config)
            .map_err(|e| extra_errors.push(e))
            .unwrap_or_default();
        let new = match (
            ParsedForm::parse(&form, &self.config).complete(),
            extra_errors.is_empty(),
        ) {
            (Ok(new), true) => new,
            // Only the invite or the roles are wrong, unless the password is weak too.
            (Ok(new), false) => {
                let mut parsed = new.into_parsed();
                parsed.judge_now();
                if parsed.errors.is_empty() {
                    return Err(RegisterError::InvalidInput(extra_errors));
                }
                return Err(self.every_problem(parsed, extra_errors).await);
            }
            // Every problem at once: the password's strength, and a taken username too (a cheap
            // lookup, and usernames are public), as `check_registration` reports them.
            (Err(mut parsed), _) => {
                parsed.judge_now();
                return Err(self.every_problem(*parsed, extra_errors).await);
            }
        };
        // The password's judgement runs beside the hashing and the transaction's first round
        // trips, and is waited for before anything is written.
        let mut judgement = Some(Judgement::start(new.password.clone(), new.personal.clone()));
        let invite_throttle = self.invite_throttle_for_address(&new.email);
        if invite.is_some() {
            // A weak password is reported before an invite attempt is counted.
            if let Some(judging) = judgement.take()
                && let Err(weak) = judging.outcome().await?
            {
                return Err(self.weak_password(new, weak).await);
            }
            if self.reserve_attempt(&invite_throttle).await?.is_err() {
                let error = crate::invites::invite_field_error(ErrorCode::RateLimited);
                return Err(RegisterError::InvalidInput(vec![error]));
            }
        }
        // Hash before taking the write lock, and for conflicts too: the answer takes as long
        // whether or not the address was known.
        let password_hash = self
            .hashing
            .hash_secret(new.password.secret().clone(), self.random.bytes())
            .await?;

        // From here the two answers are paced alike (see `pace`).
        let started = std::time::Instant::now();
        let now = self.now();
        let mut work = self.write().await?;
        // The address's stand-in codes are read with the claims on both paths (the taken
        // address's resend limits), so that both take the same steps.
        let decoy_key = self.identifier_key(new.email.key());
        let claims = store::accounts::claims(
            work.conn().await?,
            &new.username,
            &new.email,
            &new.phone,
            (&decoy_key, CodePurpose::VerifyEmail),
            crate::codes::resend_window_start(now),
        )
        .await?;
        // Both answers wait for the judgement here, after the same steps.
        if let Some(judging) = judgement.take()
            && let Err(weak) = judging.outcome().await?
        {
            work.rollback().await?;
            return Err(self.weak_password(new, weak).await);
        }
        if claims.username_taken {
            return Err(RegisterError::UsernameTaken);
        }
        let email_owner = claims.email_owner;
        let (phone_owner, owner_locale): (Option<AccountRecord>, Option<String>) = match &email_owner {
            Some(_) => (None, claims.email_owner_locale),
            None => (claims.phone_owner, claims.phone_owner_locale),
        };
        let owner_locale = owner_locale.and_then(|tag| Locale::parse(&tag)).unwrap_or_default();
        // From here on both paths take the same steps on a fleet's server: no more reads,
        // every write in one batch at the commit; the code status each answers is computed,
        // not read back.

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
            let notice_allowed = crate::codes::resend_available_from(
                claims.decoys_newest,
                claims.decoys_fifth,
                now,
                self.config.resend_cooldown(),
            ) <= now;
            if notice_allowed {
                let notice = Template::RegistrationAttempt {
                    first_name: &owner.first_name,
                };
                self.issue_decoy(
                    &mut work,
                    &decoy_key,
                    CodePurpose::VerifyEmail,
                    Some((&owner.email, Some(owner_locale), &notice)),
                    now,
                )
                .await?;
                let via = if email_owner.is_some() { "email" } else { "phone" };
                let detail = serde_json::json!({ "matched": via });
                work.record(now, Some(owner.id()), AuditKind::RegistrationAttempted, detail)
                    .await?;
            }
            let handle = RegistrationHandle::generate(&self.random);
            work.defer(store::pending::insert_handle(
                &handle.digest(),
                None,
                new.email.as_str(),
                now,
            ));
            let handle_key = self.handle_decoy_key(&handle);
            self.issue_decoy(&mut work, &handle_key, CodePurpose::VerifyEmail, None, now)
                .await?;
            let code_status = self.fresh_code_status(CodePurpose::VerifyEmail, new.email.as_str(), now);
            work.commit().await?;
            self.registration_pace.answer(Path::StandIn, started).await;
            return Ok(Registered {
                email: new.email.as_str().to_owned(),
                handle,
                code_status,
            });
        }

        let pending = NewPendingAccount {
            first_name: new.first_name.as_str(),
            last_name: new.last_name.as_str(),
            email: &new.email,
            phone: &new.phone,
            username: &new.username,
            password_hash: &password_hash,
            locale: locale.as_str(),
        };
        let (insert, account) = store::accounts::insert_pending(claims.next_account_id, &pending, now);
        work.defer(insert);
        work.record(now, Some(account.id()), AuditKind::Registered, serde_json::json!({}))
            .await?;
        if let Some(code) = &invite {
            match self
                .redeem_in(&mut work, account.id(), new.email.key(), code, now)
                .await?
            {
                Ok(redeemed) => {
                    invite_throttle.clear(&mut work);
                    roles.extend(redeemed.roles.iter().filter_map(|r| crate::roles::Role::parse(r)));
                }
                Err(code) => {
                    work.rollback().await?;
                    return Err(RegisterError::InvalidInput(vec![crate::invites::invite_field_error(
                        code,
                    )]));
                }
            }
        }
        if roles.is_empty() && !self.config.default_role.is_empty() {
            roles.extend(crate::roles::Role::parse(&self.config.default_role));
        }
        for role in &roles {
            work.defer(store::roles::grant(account.id(), role.as_str(), now));
        }
        let to = account.email.clone();
        self.issue_code_to(&mut work, &account, CodePurpose::VerifyEmail, &to, Some(locale), now)
            .await?;
        let handle = RegistrationHandle::generate(&self.random);
        work.defer(store::pending::insert_handle(
            &handle.digest(),
            Some(account.id()),
            new.email.as_str(),
            now,
        ));
        let code_status = self.fresh_code_status(CodePurpose::VerifyEmail, new.email.as_str(), now);
        work.commit().await?;
        self.registration_pace.answer(Path::Real, started).await;
        Ok(Registered {
            email: new.email.as_str().to_owned(),
            handle,
            code_status,
        })
    }
}
