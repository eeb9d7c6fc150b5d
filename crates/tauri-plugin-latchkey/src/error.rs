//! The one place where errors become what the UI sees: a stable `code` the UI switches on, a
//! human `message`, the `field`(s) an input error concerns, and machine-readable `details`
//! (retry-after seconds, attempts left, code status). See docs/COMMANDS.md.

use latchkey_core::ErrorCode;
use latchkey_core::domain::FieldError;
use serde::Serialize;
use serde_json::{Value, json};

#[derive(Debug, Clone, Serialize, thiserror::Error)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[error("{code}: {message}")]
pub struct CommandError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub field: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(test, ts(as = "Option<Vec<FieldError>>", optional))]
    pub fields: Vec<FieldError>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub details: Option<Value>,
}

impl CommandError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        CommandError {
            code,
            message: message.into(),
            field: None,
            fields: Vec::new(),
            details: None,
        }
    }

    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }

    pub fn on_field(mut self, field: &'static str) -> Self {
        self.field = Some(field);
        self
    }

    /// `invalid_input` listing every bad field at once; `field` is the first one (focus goes there).
    pub fn invalid(fields: Vec<FieldError>) -> Self {
        let message = match fields.as_slice() {
            [only] => only.message.clone(),
            _ => "Some fields need attention.".to_owned(),
        };
        CommandError {
            code: ErrorCode::InvalidInput,
            message,
            field: fields.first().map(|f| f.field),
            fields,
            details: None,
        }
    }

    pub fn invalid_field(field: &'static str, code: ErrorCode, message: impl Into<String>) -> Self {
        CommandError::invalid(vec![FieldError::new(field, code, message)])
    }

    /// An unexpected failure: the details go to the log, the person gets a sentence.
    pub fn internal(context: &str, err: impl std::fmt::Display) -> Self {
        tracing::error!(%err, "{context}");
        CommandError::new(
            ErrorCode::Internal,
            format!("Something went wrong while {context}. Details are in Latchkey's log file."),
        )
    }

    pub fn not_signed_in() -> Self {
        CommandError::new(ErrorCode::NotSignedIn, "You are not signed in.")
    }
}

/// Seconds to wait, rounded up so "0 s" is never shown while still blocked.
pub fn secs(d: std::time::Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

pub fn retry_after(d: std::time::Duration) -> Value {
    json!({ "retryAfterSecs": secs(d) })
}

/// Refuses oversized input before any work is done (the core re-checks exact limits).
pub fn bounded<'a>(field: &'static str, value: &'a str, max_chars: usize) -> Result<&'a str, CommandError> {
    if value.chars().count() > max_chars {
        return Err(CommandError::invalid_field(
            field,
            ErrorCode::TooLong,
            format!("This is too long (at most {max_chars} characters)."),
        ));
    }
    Ok(value)
}

// ---- core errors → CommandError (the only mapping; messages are for people) --------------

use latchkey_core::log_in::LogInError;
use latchkey_core::register::RegisterError;
use latchkey_core::sessions::SessionError;
use latchkey_core::verify_email::{ResendCodeError, VerifyEmailError};

fn code_rejection(code: ErrorCode, attempts_left: Option<u32>) -> CommandError {
    let message = match (code, attempts_left) {
        (ErrorCode::CodeInvalid, Some(1)) => "That code is not right. 1 try left.".to_owned(),
        (ErrorCode::CodeInvalid, Some(n)) => format!("That code is not right. {n} tries left."),
        (ErrorCode::CodeExpired, _) => "This code has expired. Ask for a new one with “Resend code”.".to_owned(),
        (ErrorCode::CodeExhausted, _) => "Too many wrong tries for this code. Ask for a new one.".to_owned(),
        _ => "There is no code waiting for this address. Ask for a new one.".to_owned(),
    };
    let err = CommandError::new(code, message).on_field("code");
    match attempts_left {
        Some(n) => err.with_details(json!({ "attemptsLeft": n })),
        None => err,
    }
}

impl From<RegisterError> for CommandError {
    fn from(e: RegisterError) -> Self {
        match e {
            RegisterError::InvalidInput(fields) => CommandError::invalid(fields),
            RegisterError::UsernameTaken => CommandError::new(
                ErrorCode::UsernameTaken,
                "This username is taken. Please choose another one.",
            )
            .on_field("username"),
            RegisterError::Closed => CommandError::new(
                ErrorCode::RegistrationClosed,
                "Registration is closed. Ask an administrator to create your account.",
            ),
            RegisterError::Internal(e) => CommandError::internal("creating the account", e),
        }
    }
}

impl From<VerifyEmailError> for CommandError {
    fn from(e: VerifyEmailError) -> Self {
        match e {
            VerifyEmailError::InvalidInput(fields) => CommandError::invalid(fields),
            VerifyEmailError::CodeInvalid { attempts_left } => {
                code_rejection(ErrorCode::CodeInvalid, Some(attempts_left))
            }
            VerifyEmailError::CodeExpired => code_rejection(ErrorCode::CodeExpired, None),
            VerifyEmailError::CodeExhausted => code_rejection(ErrorCode::CodeExhausted, None),
            VerifyEmailError::CodeNotFound => code_rejection(ErrorCode::CodeNotFound, None),
            VerifyEmailError::Internal(e) => CommandError::internal("checking the code", e),
        }
    }
}

impl From<ResendCodeError> for CommandError {
    fn from(e: ResendCodeError) -> Self {
        match e {
            ResendCodeError::InvalidInput(fields) => CommandError::invalid(fields),
            ResendCodeError::ResendCooldown {
                retry_after,
                code_status,
            } => CommandError::new(
                ErrorCode::ResendCooldown,
                format!(
                    "A code was sent moments ago. You can ask for another in {} s.",
                    secs(retry_after)
                ),
            )
            .with_details(json!({ "retryAfterSecs": secs(retry_after), "codeStatus": code_status })),
            ResendCodeError::Internal(e) => CommandError::internal("sending a new code", e),
        }
    }
}

impl From<LogInError> for CommandError {
    fn from(e: LogInError) -> Self {
        match e {
            LogInError::InvalidInput(fields) => CommandError::invalid(fields),
            LogInError::InvalidCredentials => CommandError::new(
                ErrorCode::InvalidCredentials,
                "The email, username or password is not right.",
            ),
            LogInError::Throttled { retry_after } => CommandError::new(
                ErrorCode::LoginThrottled,
                format!("Too many failed attempts. Try again in {}.", human_wait(retry_after)),
            )
            .with_details(retry_after_json(retry_after)),
            LogInError::EmailNotVerified {
                email,
                handle,
                code_status,
            } => CommandError::new(
                ErrorCode::EmailNotVerified,
                "Please verify your email address first. We sent you a code.",
            )
            .with_details(json!({ "email": email, "handle": handle, "codeStatus": code_status })),
            LogInError::Internal(e) => CommandError::internal("signing in", e),
        }
    }
}

impl From<SessionError> for CommandError {
    fn from(e: SessionError) -> Self {
        match e {
            SessionError::Expired => CommandError::new(
                ErrorCode::SessionExpired,
                "Your session has expired. Please sign in again.",
            ),
            SessionError::Revoked { .. } => CommandError::new(
                ErrorCode::SessionRevoked,
                "Your session was ended. Please sign in again.",
            ),
            SessionError::Unknown => CommandError::not_signed_in(),
            SessionError::Internal(e) => CommandError::internal("checking the session", e),
        }
    }
}

fn retry_after_json(d: std::time::Duration) -> Value {
    retry_after(d)
}

/// "45 s", "2 min 30 s", "15 min".
pub fn human_wait(d: std::time::Duration) -> String {
    let total = secs(d);
    match (total / 60, total % 60) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn waits_read_naturally_and_never_round_down_to_zero() {
        assert_eq!(human_wait(Duration::from_millis(300)), "1 s");
        assert_eq!(human_wait(Duration::from_secs(150)), "2 min 30 s");
        assert_eq!(human_wait(Duration::from_secs(900)), "15 min");
    }

    #[test]
    fn invalid_input_points_at_the_first_field_and_keeps_them_all() {
        let err = CommandError::invalid(vec![
            FieldError::new("email", ErrorCode::EmailInvalid, "bad email"),
            FieldError::new("password", ErrorCode::PasswordTooShort, "short"),
        ]);
        let v = serde_json::to_value(&err).unwrap();
        assert_eq!(v["code"], "invalid_input");
        assert_eq!(v["field"], "email");
        assert_eq!(v["fields"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn oversized_input_is_refused_before_any_work() {
        let long = "x".repeat(1001);
        let err = bounded("identifier", &long, 1000).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);
        assert_eq!(err.field, Some("identifier"));
        assert!(bounded("identifier", "ana", 1000).is_ok());
    }

    #[test]
    fn a_wrong_code_reports_the_tries_left() {
        let err: CommandError = VerifyEmailError::CodeInvalid { attempts_left: 2 }.into();
        assert_eq!(err.code, ErrorCode::CodeInvalid);
        assert_eq!(err.details.unwrap()["attemptsLeft"], 2);
    }
}
