use crate::error::ErrorCode;
use std::fmt;

use email_address::{EmailAddress, Options};

use super::{FieldError, field};

/// A syntactically valid email address of at most [`Email::MAX_LEN`] bytes.
///
/// Keeps the spelling the person typed (shown back and used to send mail) and a case-folded
/// [`Email::key`] used for uniqueness and lookup: `Ana@X.org` and `ana@x.org` are equal.
#[derive(Clone)]
pub struct Email {
    address: String,
    key: String,
}

impl Email {
    /// RFC 5321 path limit (256) minus the angle brackets.
    pub const MAX_LEN: usize = 254;

    /// Trims surrounding whitespace, then checks the syntax with `email_address` (no display
    /// name, no IP-literal domain, a dot in the domain).
    pub fn parse(input: &str) -> Result<Email, FieldError> {
        Self::parse_as(input, field::EMAIL)
    }

    pub(crate) fn parse_as(input: &str, field_name: &'static str) -> Result<Email, FieldError> {
        let address = input.trim();
        if address.is_empty() {
            return Err(FieldError::new(
                field_name,
                ErrorCode::Required,
                "Enter your email address.",
            ));
        }
        if address.len() > Self::MAX_LEN {
            return Err(FieldError::new(
                field_name,
                ErrorCode::EmailTooLong,
                format!("An email address has at most {} characters.", Self::MAX_LEN),
            ));
        }
        let options = Options::default()
            .without_display_text()
            .without_domain_literal()
            .with_required_tld();
        // The syntax is checked on the keyed form, whose domain IDNA has mapped to ASCII (so a
        // full-width or otherwise mapped domain is judged as what it stands for).
        let idna_invalid = || {
            FieldError::new(
                field_name,
                ErrorCode::EmailInvalid,
                "This is not a valid email address (its domain is not a valid internationalised domain name).",
            )
        };
        let key = Self::key_of(address).ok_or_else(idna_invalid)?;
        EmailAddress::parse_with_options(&key, options).map_err(|reason| {
            FieldError::new(
                field_name,
                ErrorCode::EmailInvalid,
                format!("This is not a valid email address ({reason})"),
            )
        })?;
        Ok(Email {
            address: address.to_owned(),
            key,
        })
    }

    /// What uniqueness and lookup use (issue 8, item 9): the local part in Unicode NFC, case-
    /// folded; the domain through IDNA (UTS 46: NFC, width and case mapping, then ASCII), so NFC
    /// and NFD spellings, upper case and full-width domains key alike. `None` if the domain is
    /// not a valid IDNA domain.
    fn key_of(address: &str) -> Option<String> {
        use unicode_normalization::UnicodeNormalization;
        let (local, domain) = address.rsplit_once('@')?;
        let local: String = local.nfc().collect::<String>().to_lowercase();
        let domain = idna::domain_to_ascii(&domain.nfc().collect::<String>()).ok()?;
        Some(format!("{local}@{}", domain.to_ascii_lowercase()))
    }

    /// The address as typed (trimmed).
    pub fn as_str(&self) -> &str {
        &self.address
    }

    /// Case-folded form: what uniqueness and lookup use.
    pub fn key(&self) -> &str {
        &self.key
    }
}

impl PartialEq for Email {
    fn eq(&self, other: &Email) -> bool {
        self.key == other.key
    }
}
impl Eq for Email {}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Email").field(&self.address).finish()
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.address)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_differing_only_in_case_are_equal_and_share_a_key() {
        let a = Email::parse("Ana@X.org").unwrap();
        let b = Email::parse(" ana@x.org ").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.key(), "ana@x.org");
        assert_eq!(a.as_str(), "Ana@X.org");
    }

    #[test]
    fn bad_addresses_are_rejected_with_a_reason() {
        for bad in [
            "",
            "ana",
            "ana@",
            "@x.org",
            "ana@x",
            "Ana <ana@x.org>",
            "ana@[127.0.0.1]",
            "a b@x.org",
        ] {
            let err = Email::parse(bad).unwrap_err();
            assert_eq!(err.field, "email", "{bad}");
        }
        let long = format!("{}@example.org", "a".repeat(250));
        assert_eq!(Email::parse(&long).unwrap_err().code, ErrorCode::EmailTooLong);
    }
}
