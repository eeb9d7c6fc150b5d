//! Domain types. Each is parsed once from what a person typed (`parse`), after which it is
//! known to be well-formed: no function downstream re-checks a string.
//!
//! Parsers never panic and report a [`FieldError`] naming the form field, so the UI can show
//! the message next to that field.

mod email;
mod identifier;
mod invite_code;
mod one_time_code;
mod password;
mod person_name;
mod phone;
mod username;

pub use email::Email;
pub use identifier::Identifier;
pub use invite_code::{INVITE_CODE_FIELD, InviteCode};
pub use one_time_code::CodeInput;
pub use password::{
    MAX_PASSWORD_CHARS, Password, PasswordPolicy, Strength, UnjudgedPassword, is_common_password, password_strength,
};
pub use person_name::PersonName;
pub use phone::{Phone, Region};
pub use username::Username;

/// One problem with one form field. `field` is the UI's field name (camelCase, see
/// docs/COMMANDS.md), `code` a stable machine-readable reason, `message` a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldError {
    pub field: &'static str,
    pub code: crate::error::ErrorCode,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, code: crate::error::ErrorCode, message: impl Into<String>) -> FieldError {
        FieldError {
            field,
            code,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Field names, as the UI spells them.
pub mod field {
    pub const FIRST_NAME: &str = "firstName";
    pub const LAST_NAME: &str = "lastName";
    pub const EMAIL: &str = "email";
    pub const PHONE: &str = "phone";
    pub const USERNAME: &str = "username";
    pub const PASSWORD: &str = "password";
    pub const NEW_PASSWORD: &str = "newPassword";
    pub const CONFIRM_USERNAME: &str = "confirmUsername";
    pub const IDENTIFIER: &str = "identifier";
    pub const CODE: &str = "code";
    pub const HANDLE: &str = "handle";
}
