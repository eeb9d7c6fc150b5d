use crate::error::ErrorCode;
use std::fmt;
use std::str::FromStr;

use phonenumber::Mode;
use phonenumber::country::Id;

use super::{FieldError, field};

/// A region (ISO 3166 alpha-2, e.g. `US`) whose numbering plan applies to numbers typed
/// without a leading `+`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Region(Id);

impl Region {
    /// `None` unless `code` is a region the phone-number metadata knows (case-insensitive).
    pub fn parse(code: &str) -> Option<Region> {
        Id::from_str(&code.trim().to_ascii_uppercase()).ok().map(Region)
    }

    pub fn as_str(&self) -> &str {
        self.0.as_ref()
    }
}

impl fmt::Debug for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Region({})", self.as_str())
    }
}

/// A phone number in E.164 form (`+` then digits), unique across accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    /// Accepts international forms with spaces, dashes, dots and parentheses (`+44 20 7946 0958`,
    /// `+1 (415) 555-2671`, or with an international call prefix: `00 44 …`, and `011 44 …` in
    /// North American regions), and national forms when a `region` is given. Only numbers the
    /// phone library calls valid are accepted (issue 8, item 10: `001 415 555 2671` is
    /// `+14155552671`; `+1 1 415…` is refused, never stored as another number). Parsing an
    /// output again gives it back unchanged.
    pub fn parse(input: &str, region: Option<Region>) -> Result<Phone, FieldError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(FieldError::new(
                field::PHONE,
                ErrorCode::Required,
                "Enter your phone number.",
            ));
        }
        let compact: String = trimmed
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
            .collect();
        let invalid = || {
            FieldError::new(
                field::PHONE,
                ErrorCode::PhoneInvalid,
                "This is not a valid phone number. Numbers from other countries start with + and the country code.",
            )
        };
        // Bounded before parsing: no number is longer, and the parser need not see megabytes.
        if compact.len() > 20
            || !compact
                .chars()
                .enumerate()
                .all(|(i, c)| c.is_ascii_digit() || (i == 0 && c == '+'))
        {
            return Err(invalid());
        }
        // An international call prefix stands for "+".
        let nanp = region.is_some_and(|r| {
            phonenumber::metadata::DATABASE
                .by_id(r.as_str())
                .is_some_and(|m| m.country_code() == 1)
        });
        let compact = if let Some(rest) = compact.strip_prefix("00") {
            format!("+{rest}")
        } else if let Some(rest) = compact.strip_prefix("011").filter(|_| nanp) {
            format!("+{rest}")
        } else {
            compact
        };
        // The region only matters for national forms; given with an international number it
        // can change the library's verdict, and `+…` must parse the same with or without it.
        let region = if compact.starts_with('+') { None } else { region };
        let parsed = phonenumber::parse(region.map(|r| r.0), &compact).ok();
        if let Some(number) = parsed.as_ref().filter(|n| phonenumber::is_valid(n)) {
            return Ok(Phone(number.format().mode(Mode::E164).to_string()));
        }
        Err(invalid())
    }

    /// `+` followed by digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn international_forms_become_e164() {
        assert_eq!(
            Phone::parse("+44 20 7946 0958", None).unwrap().as_str(),
            "+442079460958"
        );
        assert_eq!(
            Phone::parse("+1 (415) 555-2671", None).unwrap().as_str(),
            "+14155552671"
        );
        assert_eq!(
            Phone::parse("+33-6-12-34-56-78", None).unwrap().as_str(),
            "+33612345678"
        );
    }

    #[test]
    fn national_forms_use_the_default_region() {
        let us = Region::parse("us");
        assert_eq!(Phone::parse("(415) 555-2671", us).unwrap().as_str(), "+14155552671");
        let fr = Region::parse("FR");
        assert_eq!(Phone::parse("06 12 34 56 78", fr).unwrap().as_str(), "+33612345678");
    }

    #[test]
    fn international_call_prefixes_mean_plus_and_invalid_numbers_are_refused() {
        let us = Region::parse("US");
        for input in [
            "001 415 555 2671",
            "011 1 415 555 2671",
            "+1 415 555 2671",
            "(415) 555-2671",
        ] {
            assert_eq!(Phone::parse(input, us).unwrap().as_str(), "+14155552671", "{input}");
        }
        assert_eq!(
            Phone::parse("0044 20 7946 0958", None).unwrap().as_str(),
            "+442079460958"
        );
        for input in ["+1 1 415 555 2671", "123456789", "+1123456789012345", "999999999"] {
            match Phone::parse(input, us) {
                Ok(phone) => panic!("{input} became {}", phone.as_str()),
                Err(e) => assert_eq!(e.code, ErrorCode::PhoneInvalid, "{input}"),
            }
        }
    }

    #[test]
    fn garbage_is_rejected() {
        for bad in [
            "",
            "abc",
            "12",
            "+",
            "++123456789",
            "1234567890123456789012",
            "12345678a",
        ] {
            assert!(Phone::parse(bad, Region::parse("US")).is_err(), "{bad}");
        }
    }

    #[test]
    fn unknown_regions_are_none() {
        assert!(Region::parse("ZZ").is_none());
        assert_eq!(Region::parse("de").unwrap().as_str(), "DE");
    }
}
