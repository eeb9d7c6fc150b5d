//! The errors of the code flows, shared by email verification and password reset (which
//! answer alike): a leaf, so that neither flow imports the other.

use crate::error::ErrorCode;
use std::time::Duration;

use crate::codes::{CodeRejection, CodeStatus};
use crate::domain::FieldError;
use crate::error::InternalError;

#[derive(Debug, thiserror::Error)]
pub enum VerifyEmailError {
    #[error("some fields are not valid")]
    InvalidInput(Vec<FieldError>),
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

impl VerifyEmailError {
    pub fn code(&self) -> ErrorCode {
        match self {
            VerifyEmailError::InvalidInput(_) => ErrorCode::InvalidInput,
            VerifyEmailError::CodeInvalid { .. } => ErrorCode::CodeInvalid,
            VerifyEmailError::CodeExpired => ErrorCode::CodeExpired,
            VerifyEmailError::CodeExhausted => ErrorCode::CodeExhausted,
            VerifyEmailError::CodeNotFound => ErrorCode::CodeNotFound,
            VerifyEmailError::Internal(e) => e.code(),
        }
    }
}

impl From<CodeRejection> for VerifyEmailError {
    fn from(rejection: CodeRejection) -> VerifyEmailError {
        match rejection {
            CodeRejection::NotFound => VerifyEmailError::CodeNotFound,
            CodeRejection::Expired => VerifyEmailError::CodeExpired,
            CodeRejection::Exhausted => VerifyEmailError::CodeExhausted,
            CodeRejection::Invalid { attempts_left } => VerifyEmailError::CodeInvalid { attempts_left },
        }
    }
}

impl From<sqlx::Error> for VerifyEmailError {
    fn from(e: sqlx::Error) -> VerifyEmailError {
        VerifyEmailError::Internal(e.into())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ResendCodeError {
    #[error("some fields are not valid")]
    InvalidInput(Vec<FieldError>),
    #[error("a code was sent recently; wait {} s", retry_after.as_secs())]
    ResendCooldown {
        retry_after: Duration,
        code_status: CodeStatus,
    },
    #[error(transparent)]
    Internal(#[from] InternalError),
}

impl ResendCodeError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ResendCodeError::InvalidInput(_) => ErrorCode::InvalidInput,
            ResendCodeError::ResendCooldown { .. } => ErrorCode::ResendCooldown,
            ResendCodeError::Internal(e) => e.code(),
        }
    }
}

impl From<sqlx::Error> for ResendCodeError {
    fn from(e: sqlx::Error) -> ResendCodeError {
        ResendCodeError::Internal(e.into())
    }
}
