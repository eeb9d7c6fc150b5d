use super::{Email, FieldError, Username, field};
use crate::error::ErrorCode;

/// What a person signs in with: their email or their username (both case-insensitive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identifier {
    Email(Email),
    Username(Username),
}

impl Identifier {
    /// An input containing `@` is read as an email (usernames cannot contain one).
    pub fn parse(input: &str) -> Result<Identifier, FieldError> {
        let retag = |mut e: FieldError| {
            e.field = field::IDENTIFIER;
            e
        };
        if input.trim().is_empty() {
            return Err(FieldError::new(
                field::IDENTIFIER,
                ErrorCode::Required,
                "Enter your email or username.",
            ));
        }
        if input.contains('@') {
            Email::parse(input).map(Identifier::Email).map_err(retag)
        } else {
            Username::parse(input).map(Identifier::Username).map_err(retag)
        }
    }

    /// The case-folded form, unique among all emails and usernames (emails contain `@`,
    /// usernames cannot).
    pub fn key(&self) -> &str {
        match self {
            Identifier::Email(email) => email.key(),
            Identifier::Username(username) => username.key(),
        }
    }

    /// As typed (trimmed).
    pub fn as_str(&self) -> &str {
        match self {
            Identifier::Email(email) => email.as_str(),
            Identifier::Username(username) => username.as_str(),
        }
    }
}
