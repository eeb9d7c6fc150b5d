use super::FieldError;

/// A first or last name: trimmed, 1–100 characters of any script, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    pub const MAX_CHARS: usize = 100;

    /// `field_name` is the form field being parsed (`firstName` or `lastName`).
    pub fn parse(input: &str, field_name: &'static str) -> Result<PersonName, FieldError> {
        let name = input.trim();
        if name.is_empty() {
            return Err(FieldError::new(field_name, "required", "This name cannot be empty."));
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(FieldError::new(
                field_name,
                "name_too_long",
                "A name has at most 100 characters.",
            ));
        }
        if name.chars().any(char::is_control) {
            return Err(FieldError::new(
                field_name,
                "name_invalid",
                "A name cannot contain control characters.",
            ));
        }
        Ok(PersonName(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
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
        assert_eq!(PersonName::parse(" ", "firstName").unwrap_err().code, "required");
        assert_eq!(
            PersonName::parse(&"é".repeat(101), "firstName").unwrap_err().code,
            "name_too_long"
        );
        assert_eq!(
            PersonName::parse("An\u{0}a", "firstName").unwrap_err().code,
            "name_invalid"
        );
    }
}
