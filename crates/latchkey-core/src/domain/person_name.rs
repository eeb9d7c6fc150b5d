use super::FieldError;
use crate::error::ErrorCode;

/// A first or last name: trimmed, 1–100 characters of any script, no control characters and no
/// invisible format characters (Unicode category Cf: bidi overrides such as U+202E that make
/// text display in another order than it is stored, zero-width spaces, BOMs…), except the
/// zero-width (non-)joiners U+200C and U+200D, which several scripts need to spell names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    pub const MAX_CHARS: usize = 100;

    /// `field_name` is the form field being parsed (`firstName` or `lastName`).
    pub fn parse(input: &str, field_name: &'static str) -> Result<PersonName, FieldError> {
        let name = input.trim();
        if name.is_empty() {
            return Err(FieldError::new(
                field_name,
                ErrorCode::Required,
                "This name cannot be empty.",
            ));
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(FieldError::new(
                field_name,
                ErrorCode::NameTooLong,
                "A name has at most 100 characters.",
            ));
        }
        if name.chars().any(char::is_control) {
            return Err(FieldError::new(
                field_name,
                ErrorCode::NameInvalid,
                "A name cannot contain control characters.",
            ));
        }
        if name.chars().any(is_forbidden_format) {
            return Err(FieldError::new(
                field_name,
                ErrorCode::NameInvalid,
                "A name cannot contain invisible formatting characters (such as text-direction overrides or \
                 zero-width spaces).",
            ));
        }
        Ok(PersonName(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Unicode general category Cf (Unicode 16.0), less ZWNJ U+200C and ZWJ U+200D.
const FORBIDDEN_FORMAT: &[(char, char)] = &[
    ('\u{00AD}', '\u{00AD}'),
    ('\u{0600}', '\u{0605}'),
    ('\u{061C}', '\u{061C}'),
    ('\u{06DD}', '\u{06DD}'),
    ('\u{070F}', '\u{070F}'),
    ('\u{0890}', '\u{0891}'),
    ('\u{08E2}', '\u{08E2}'),
    ('\u{180E}', '\u{180E}'),
    ('\u{200B}', '\u{200B}'),
    ('\u{200E}', '\u{200F}'),
    ('\u{202A}', '\u{202E}'),
    ('\u{2060}', '\u{2064}'),
    ('\u{2066}', '\u{206F}'),
    ('\u{FEFF}', '\u{FEFF}'),
    ('\u{FFF9}', '\u{FFFB}'),
    ('\u{110BD}', '\u{110BD}'),
    ('\u{110CD}', '\u{110CD}'),
    ('\u{13430}', '\u{1343F}'),
    ('\u{1BCA0}', '\u{1BCA3}'),
    ('\u{1D173}', '\u{1D17A}'),
    ('\u{E0001}', '\u{E0001}'),
    ('\u{E0020}', '\u{E007F}'),
];

fn is_forbidden_format(c: char) -> bool {
    FORBIDDEN_FORMAT
        .iter()
        .any(|&(first, last)| (first..=last).contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_script_is_accepted_and_trimmed() {
        assert_eq!(PersonName::parse("  Zoë ", "firstName").unwrap().as_str(), "Zoë");
        assert!(PersonName::parse("李小龍", "lastName").is_ok());
    }

    #[test]
    fn empty_long_and_control_are_rejected() {
        assert_eq!(
            PersonName::parse(" ", "firstName").unwrap_err().code,
            ErrorCode::Required
        );
        assert_eq!(
            PersonName::parse(&"é".repeat(101), "firstName").unwrap_err().code,
            ErrorCode::NameTooLong
        );
        assert_eq!(
            PersonName::parse("An\u{0}a", "firstName").unwrap_err().code,
            ErrorCode::NameInvalid
        );
    }

    #[test]
    fn bidi_overrides_and_zero_width_characters_are_rejected() {
        for name in [
            "Ana\u{202E}kslawoK",
            "An\u{200B}a",
            "\u{FEFF}Ana",
            "Ana\u{2066}x\u{2069}",
            "Ana\u{00AD}",
            "Ana\u{E0041}",
        ] {
            let err = PersonName::parse(name, "lastName").unwrap_err();
            assert_eq!((err.field, err.code), ("lastName", ErrorCode::NameInvalid), "{name:?}");
            assert!(err.message.contains("invisible"), "{}", err.message);
        }
    }

    #[test]
    fn joiners_that_scripts_need_are_accepted() {
        // Persian with ZWNJ, Devanagari conjunct with ZWJ.
        assert!(PersonName::parse("\u{0645}\u{06CC}\u{200C}\u{0631}\u{0627}", "firstName").is_ok());
        assert!(PersonName::parse("\u{0915}\u{094D}\u{200D}\u{0937}", "firstName").is_ok());
    }
}
