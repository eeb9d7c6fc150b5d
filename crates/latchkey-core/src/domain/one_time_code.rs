use crate::error::ErrorCode;
use std::fmt;

use super::{FieldError, field};

/// A one-time code as typed: exactly `length` ASCII digits once spaces and dashes are removed
/// (`123 456`, `123-456`). `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct CodeInput(String);

impl CodeInput {
    pub fn parse(input: &str, length: usize) -> Result<CodeInput, FieldError> {
        let digits: String = input.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        if digits.is_empty() {
            return Err(FieldError::new(
                field::CODE,
                ErrorCode::Required,
                "Enter the code from the email.",
            ));
        }
        if digits.len() != length || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new(
                field::CODE,
                ErrorCode::CodeFormat,
                format!("The code has {length} digits."),
            ));
        }
        Ok(CodeInput(digits))
    }

    pub(crate) fn digits(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for CodeInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CodeInput(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_and_dashes_are_tolerated() {
        assert_eq!(CodeInput::parse(" 123 456 ", 6).unwrap().digits(), "123456");
        assert_eq!(CodeInput::parse("123-456", 6).unwrap().digits(), "123456");
        assert_eq!(CodeInput::parse("12345", 6).unwrap_err().code, ErrorCode::CodeFormat);
        assert_eq!(CodeInput::parse("12345a", 6).unwrap_err().code, ErrorCode::CodeFormat);
        assert_eq!(
            format!("{:?}", CodeInput::parse("123456", 6).unwrap()),
            "CodeInput(<redacted>)"
        );
    }
}
