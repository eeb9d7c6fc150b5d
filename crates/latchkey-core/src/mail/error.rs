//! The one error type of the mail layer. Each variant has a stable [`MailError::code`] that the
//! shell passes to the UI; messages are written for the person configuring the mail server and
//! say what to try next.

/// One invalid input field (`smtpUrl`, `mailFrom`, `to`): the same type the account flows use,
/// so the shell maps every layer's field errors the same way.
pub use crate::domain::FieldError;
use crate::error::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// Could not reach the server: refused, unreachable, timed out, or it did not speak SMTP
    /// on that port.
    #[error("{0}")]
    SmtpConnect(String),
    /// TLS failed: untrusted or mismatched certificate, or the TLS mode does not fit the port.
    #[error("{0}")]
    SmtpTls(String),
    /// The server refused the user name or password, or wants authentication we cannot offer.
    #[error("{0}")]
    SmtpAuth(String),
    /// The server answered a permanent (5xx) refusal, e.g. an unknown recipient.
    #[error("{0}")]
    SmtpRejected(String),
    #[error("{}", .0.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join(" "))]
    InvalidInput(Vec<FieldError>),
    #[error("no such message")]
    NotFound,
    /// The mail settings cannot be used; mail is held in the outbox. Says what is wrong.
    #[error("{0}")]
    Held(String),
    /// Too many test emails in a short time.
    #[error("Too many test emails; try again in {} s.", retry_after.as_secs().max(1))]
    TestLimited { retry_after: std::time::Duration },
    #[error("internal error: {0}")]
    Internal(String),
}

impl MailError {
    /// The stable code the UI switches on.
    pub fn code(&self) -> ErrorCode {
        match self {
            MailError::SmtpConnect(_) => ErrorCode::SmtpConnect,
            MailError::SmtpTls(_) => ErrorCode::SmtpTls,
            MailError::SmtpAuth(_) => ErrorCode::SmtpAuth,
            MailError::SmtpRejected(_) => ErrorCode::SmtpRejected,
            MailError::InvalidInput(_) => ErrorCode::InvalidInput,
            MailError::NotFound => ErrorCode::NotFound,
            MailError::Held(_) => ErrorCode::MailHeld,
            MailError::TestLimited { .. } => ErrorCode::RateLimited,
            MailError::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The invalid fields, for `invalid_input`; empty otherwise.
    pub fn fields(&self) -> &[FieldError] {
        match self {
            MailError::InvalidInput(fields) => fields,
            _ => &[],
        }
    }

    pub(crate) fn invalid(field: &'static str, code: ErrorCode, message: impl Into<String>) -> Self {
        MailError::InvalidInput(vec![FieldError::new(field, code, message)])
    }
}

impl From<sqlx::Error> for MailError {
    fn from(err: sqlx::Error) -> Self {
        MailError::Internal(format!("database: {err}"))
    }
}
