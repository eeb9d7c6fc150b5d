use crate::error::ErrorCode;
use std::fmt;

use super::{FieldError, field};

/// A public handle: 3–32 ASCII letters, digits, `.`, `_` or `-`; unique case-insensitively.
///
/// ASCII only on purpose: usernames are shown to others, and mixed scripts allow look-alikes
/// (Cyrillic `а` for Latin `a`). Names, which are not identifiers, accept any script.
#[derive(Clone)]
pub struct Username {
    name: String,
    key: String,
}

impl Username {
    pub const MIN_LEN: usize = 3;
    pub const MAX_LEN: usize = 32;

    pub fn parse(input: &str) -> Result<Username, FieldError> {
        let name = input.trim();
        let err = |code, message: &str| FieldError::new(field::USERNAME, code, message);
        if name.is_empty() {
            return Err(err(ErrorCode::Required, "Choose a username."));
        }
        // Checked before the character set so the message says what is actually wrong.
        if name.contains('@') {
            return Err(err(
                ErrorCode::UsernameLooksLikeEmail,
                "A username cannot look like an email address.",
            ));
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        {
            return Err(err(
                ErrorCode::UsernameInvalid,
                "Use only letters (a–z), digits, dots, underscores and dashes.",
            ));
        }
        if !(Self::MIN_LEN..=Self::MAX_LEN).contains(&name.len()) {
            return Err(err(ErrorCode::UsernameLength, "A username has 3 to 32 characters."));
        }
        Ok(Username {
            name: name.to_owned(),
            key: name.to_ascii_lowercase(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.name
    }

    /// Case-folded form: what uniqueness and lookup use.
    pub fn key(&self) -> &str {
        &self.key
    }
}

impl PartialEq for Username {
    fn eq(&self, other: &Username) -> bool {
        self.key == other.key
    }
}
impl Eq for Username {}

impl fmt::Debug for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Username").field(&self.name).finish()
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_compare_case_insensitively() {
        assert_eq!(
            Username::parse("Ana.B_c-1").unwrap(),
            Username::parse("ana.b_C-1").unwrap()
        );
    }

    #[test]
    fn each_rule_has_its_own_code() {
        assert_eq!(Username::parse("ab").unwrap_err().code, ErrorCode::UsernameLength);
        assert_eq!(
            Username::parse(&"a".repeat(33)).unwrap_err().code,
            ErrorCode::UsernameLength
        );
        assert_eq!(
            Username::parse("ana@x.org").unwrap_err().code,
            ErrorCode::UsernameLooksLikeEmail
        );
        assert_eq!(Username::parse("ana b").unwrap_err().code, ErrorCode::UsernameInvalid);
        assert_eq!(Username::parse("аna").unwrap_err().code, ErrorCode::UsernameInvalid);
        assert_eq!(Username::parse("  ").unwrap_err().code, ErrorCode::Required);
    }
}
