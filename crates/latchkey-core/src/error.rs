//! The failure every use case shares: something that is not the caller's fault.

/// An unexpected failure (database, hashing task). Its message names the failing step but
/// never carries input or secrets; the UI shows a generic sentence for code `internal`.
#[derive(Debug, thiserror::Error)]
pub enum InternalError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("password hashing failed: {0}")]
    Hashing(String),
    #[error("a background task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

impl InternalError {
    pub fn code(&self) -> ErrorCode {
        match self {
            InternalError::Database(e) if crate::store::is_unreachable(e) => ErrorCode::StoreUnreachable,
            _ => ErrorCode::Internal,
        }
    }
}

/// Every reason Latchkey gives for refusing something, in one catalogue. The UI (and every host
/// of the plugin) switches on these and owns the sentences, one per code and language
/// (`locales/<lang>.ftl`, message `error-<code>`); the English `message` that travels with an
/// error is a fallback for logs and scripts. Serialised in snake_case (`"code_invalid"`); the
/// TypeScript union is generated into the plugin's `guest-js/bindings.d.ts`.
///
/// Add a code only when a caller must tell it apart from the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    // -- whole requests
    /// One or more fields are wrong; each is listed with its own code.
    InvalidInput,
    /// Something failed that is not the caller's fault; details are in the log.
    Internal,
    /// The shared account store (a PostgreSQL server) cannot be reached right now; the pool
    /// reconnects by itself when it is back.
    StoreUnreachable,
    /// The account store cannot be opened for a reason waiting will not fix (a wrong setting,
    /// another application's tables); the app must be restarted once it is fixed.
    StoreFailed,
    InvalidCredentials,
    LoginThrottled,
    EmailNotVerified,
    UsernameTaken,
    ResendCooldown,
    CodeInvalid,
    CodeExpired,
    CodeExhausted,
    CodeNotFound,
    SessionExpired,
    SessionRevoked,
    SessionUnknown,
    NotSignedIn,
    NotFound,
    /// A feature the host app turned off.
    FeatureDisabled,
    KeyringUnavailable,
    SettingsLocked,
    MailboxLocked,
    MailHeld,
    RateLimited,
    SmtpConnect,
    SmtpTls,
    SmtpAuth,
    SmtpRejected,
    /// A QA tool outside QA mode (refused, not only hidden).
    QaModeOff,
    /// The operator's exit outside kiosk mode.
    NotKiosk,
    /// Too many wrong operator passwords; `details.retryAfterSecs`.
    OperatorExitThrottled,
    /// No free fixture name left.
    FixturesFull,
    /// The invite code is unknown, expired, used up, revoked or bound to another address (one answer).
    InviteInvalid,
    /// Registration is by invite only and no code was given.
    InviteRequired,
    /// Registration is closed: only administrators create accounts.
    RegistrationClosed,
    /// The signed-in account lacks the role this needs (administration).
    Forbidden,
    /// The change would leave no administrator.
    LastAdmin,
    /// A role the config does not list.
    RoleUnknown,
    /// A role that cannot be chosen at registration.
    RoleNotSelfService,
    /// The account already entered someone's personal invite code.
    AlreadyInvited,
    /// One's own personal code cannot be redeemed.
    OwnInviteCode,
    /// Not 8 letters and digits.
    InviteCodeFormat,
    // -- one field
    Required,
    TooLong,
    TooMany,
    IdInvalid,
    HandleInvalid,
    PurposeUnknown,
    LocaleUnknown,
    EmailInvalid,
    EmailTooLong,
    EmailTaken,
    PhoneInvalid,
    PhoneTaken,
    NameInvalid,
    NameTooLong,
    UsernameLength,
    UsernameInvalid,
    UsernameLooksLikeEmail,
    /// Deleting an account: the typed username is not the account's.
    UsernameMismatch,
    EmailUnchanged,
    ImageTooLarge,
    ImageTooManyPixels,
    ImageInvalid,
    PasswordTooShort,
    PasswordTooLong,
    PasswordCommon,
    PasswordWeak,
    CodeFormat,
    SmtpUrlInvalid,
    MailFromInvalid,
    OperatorPasswordWrong,
    /// QA's latest code: nothing was sent to that address.
    NoMessage,
    TravelOutOfRange,
    CountOutOfRange,
    ConfirmationRequired,
    /// The phone number is verified already (issue 11).
    PhoneAlreadyVerified,
    /// A sign-in code's channel is neither `email` nor `sms`.
    ChannelUnknown,
}

impl ErrorCode {
    /// Every code, for catalogue checks.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::InvalidInput,
        ErrorCode::Internal,
        ErrorCode::StoreUnreachable,
        ErrorCode::StoreFailed,
        ErrorCode::InvalidCredentials,
        ErrorCode::LoginThrottled,
        ErrorCode::EmailNotVerified,
        ErrorCode::UsernameTaken,
        ErrorCode::ResendCooldown,
        ErrorCode::CodeInvalid,
        ErrorCode::CodeExpired,
        ErrorCode::CodeExhausted,
        ErrorCode::CodeNotFound,
        ErrorCode::SessionExpired,
        ErrorCode::SessionRevoked,
        ErrorCode::SessionUnknown,
        ErrorCode::NotSignedIn,
        ErrorCode::NotFound,
        ErrorCode::FeatureDisabled,
        ErrorCode::KeyringUnavailable,
        ErrorCode::SettingsLocked,
        ErrorCode::MailboxLocked,
        ErrorCode::MailHeld,
        ErrorCode::RateLimited,
        ErrorCode::SmtpConnect,
        ErrorCode::SmtpTls,
        ErrorCode::SmtpAuth,
        ErrorCode::SmtpRejected,
        ErrorCode::QaModeOff,
        ErrorCode::NotKiosk,
        ErrorCode::OperatorExitThrottled,
        ErrorCode::FixturesFull,
        ErrorCode::Required,
        ErrorCode::TooLong,
        ErrorCode::TooMany,
        ErrorCode::IdInvalid,
        ErrorCode::HandleInvalid,
        ErrorCode::PurposeUnknown,
        ErrorCode::LocaleUnknown,
        ErrorCode::EmailInvalid,
        ErrorCode::EmailTooLong,
        ErrorCode::EmailTaken,
        ErrorCode::PhoneInvalid,
        ErrorCode::PhoneTaken,
        ErrorCode::NameInvalid,
        ErrorCode::NameTooLong,
        ErrorCode::UsernameLength,
        ErrorCode::UsernameInvalid,
        ErrorCode::UsernameLooksLikeEmail,
        ErrorCode::UsernameMismatch,
        ErrorCode::EmailUnchanged,
        ErrorCode::ImageTooLarge,
        ErrorCode::ImageTooManyPixels,
        ErrorCode::ImageInvalid,
        ErrorCode::PasswordTooShort,
        ErrorCode::PasswordTooLong,
        ErrorCode::PasswordCommon,
        ErrorCode::PasswordWeak,
        ErrorCode::CodeFormat,
        ErrorCode::SmtpUrlInvalid,
        ErrorCode::MailFromInvalid,
        ErrorCode::OperatorPasswordWrong,
        ErrorCode::NoMessage,
        ErrorCode::TravelOutOfRange,
        ErrorCode::CountOutOfRange,
        ErrorCode::ConfirmationRequired,
        ErrorCode::PhoneAlreadyVerified,
        ErrorCode::ChannelUnknown,
        ErrorCode::InviteInvalid,
        ErrorCode::InviteRequired,
        ErrorCode::RegistrationClosed,
        ErrorCode::Forbidden,
        ErrorCode::LastAdmin,
        ErrorCode::RoleUnknown,
        ErrorCode::RoleNotSelfService,
        ErrorCode::AlreadyInvited,
        ErrorCode::OwnInviteCode,
        ErrorCode::InviteCodeFormat,
    ];

    /// The snake_case name, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::Internal => "internal",
            ErrorCode::StoreUnreachable => "store_unreachable",
            ErrorCode::StoreFailed => "store_failed",
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::LoginThrottled => "login_throttled",
            ErrorCode::EmailNotVerified => "email_not_verified",
            ErrorCode::UsernameTaken => "username_taken",
            ErrorCode::ResendCooldown => "resend_cooldown",
            ErrorCode::CodeInvalid => "code_invalid",
            ErrorCode::CodeExpired => "code_expired",
            ErrorCode::CodeExhausted => "code_exhausted",
            ErrorCode::CodeNotFound => "code_not_found",
            ErrorCode::SessionExpired => "session_expired",
            ErrorCode::SessionRevoked => "session_revoked",
            ErrorCode::SessionUnknown => "session_unknown",
            ErrorCode::NotSignedIn => "not_signed_in",
            ErrorCode::NotFound => "not_found",
            ErrorCode::FeatureDisabled => "feature_disabled",
            ErrorCode::KeyringUnavailable => "keyring_unavailable",
            ErrorCode::SettingsLocked => "settings_locked",
            ErrorCode::MailboxLocked => "mailbox_locked",
            ErrorCode::MailHeld => "mail_held",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::SmtpConnect => "smtp_connect",
            ErrorCode::SmtpTls => "smtp_tls",
            ErrorCode::SmtpAuth => "smtp_auth",
            ErrorCode::SmtpRejected => "smtp_rejected",
            ErrorCode::Required => "required",
            ErrorCode::TooLong => "too_long",
            ErrorCode::TooMany => "too_many",
            ErrorCode::IdInvalid => "id_invalid",
            ErrorCode::HandleInvalid => "handle_invalid",
            ErrorCode::PurposeUnknown => "purpose_unknown",
            ErrorCode::LocaleUnknown => "locale_unknown",
            ErrorCode::EmailInvalid => "email_invalid",
            ErrorCode::EmailTooLong => "email_too_long",
            ErrorCode::EmailTaken => "email_taken",
            ErrorCode::PhoneInvalid => "phone_invalid",
            ErrorCode::PhoneTaken => "phone_taken",
            ErrorCode::NameInvalid => "name_invalid",
            ErrorCode::NameTooLong => "name_too_long",
            ErrorCode::UsernameLength => "username_length",
            ErrorCode::UsernameInvalid => "username_invalid",
            ErrorCode::UsernameLooksLikeEmail => "username_looks_like_email",
            ErrorCode::UsernameMismatch => "username_mismatch",
            ErrorCode::EmailUnchanged => "email_unchanged",
            ErrorCode::ImageTooLarge => "image_too_large",
            ErrorCode::ImageTooManyPixels => "image_too_many_pixels",
            ErrorCode::ImageInvalid => "image_invalid",
            ErrorCode::PasswordTooShort => "password_too_short",
            ErrorCode::PasswordTooLong => "password_too_long",
            ErrorCode::PasswordCommon => "password_common",
            ErrorCode::PasswordWeak => "password_weak",
            ErrorCode::CodeFormat => "code_format",
            ErrorCode::SmtpUrlInvalid => "smtp_url_invalid",
            ErrorCode::MailFromInvalid => "mail_from_invalid",
            ErrorCode::QaModeOff => "qa_mode_off",
            ErrorCode::NotKiosk => "not_kiosk",
            ErrorCode::OperatorExitThrottled => "operator_exit_throttled",
            ErrorCode::FixturesFull => "fixtures_full",
            ErrorCode::OperatorPasswordWrong => "operator_password_wrong",
            ErrorCode::NoMessage => "no_message",
            ErrorCode::TravelOutOfRange => "travel_out_of_range",
            ErrorCode::CountOutOfRange => "count_out_of_range",
            ErrorCode::ConfirmationRequired => "confirmation_required",
            ErrorCode::PhoneAlreadyVerified => "phone_already_verified",
            ErrorCode::ChannelUnknown => "channel_unknown",
            ErrorCode::InviteInvalid => "invite_invalid",
            ErrorCode::InviteRequired => "invite_required",
            ErrorCode::RegistrationClosed => "registration_closed",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::LastAdmin => "last_admin",
            ErrorCode::RoleUnknown => "role_unknown",
            ErrorCode::RoleNotSelfService => "role_not_self_service",
            ErrorCode::AlreadyInvited => "already_invited",
            ErrorCode::OwnInviteCode => "own_invite_code",
            ErrorCode::InviteCodeFormat => "invite_code_format",
        }
    }
}

/// Compares with the wire name (`code == "code_invalid"`), as scripts and tests see it.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_listed_once_and_its_name_is_what_serde_writes() {
        let mut seen = std::collections::BTreeSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(*code), "{code:?} listed twice");
            assert_eq!(serde_json::to_value(code).unwrap(), serde_json::json!(code.as_str()));
        }
    }
}
