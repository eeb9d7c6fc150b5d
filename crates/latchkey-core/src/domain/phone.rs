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
    /// `+1 (415) 555-2671`), and national forms when a `region` is given.
    ///
    /// Also accepts every input of the shape `+?1?` then 9–15 digits, which older seeds
    /// validated with `^\+?1?\d{9,15}$`, even when the numbering plan does not know the number:
    /// existing data must keep parsing. Such a number is kept as `+` and its digits, with the
    /// default region's country code in front when it was typed without `+` (and the result
    /// still has the seed shape). Parsing an output again gives it back unchanged.
    pub fn parse(input: &str, region: Option<Region>) -> Result<Phone, FieldError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(FieldError::new(field::PHONE, "required", "Enter your phone number."));
        }
        let compact: String = trimmed
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
            .collect();
        let invalid = || {
            FieldError::new(
                field::PHONE,
                "phone_invalid",
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
        // The region only matters for national forms; given with an international number it
        // can change the library's verdict, and `+…` must parse the same with or without it.
        let region = if compact.starts_with('+') { None } else { region };
        let parsed = phonenumber::parse(region.map(|r| r.0), &compact).ok();
        if let Some(number) = parsed.as_ref().filter(|n| phonenumber::is_valid(n)) {
            return Ok(Phone(number.format().mode(Mode::E164).to_string()));
        }
        if matches_seed_pattern(&compact) {
            // The stored form must parse back to itself: when the numbering plan knows the
            // seed form as a valid number (e.g. "0030 901821546" in DE gives
            // "+490030901821546", which the plan reads as +49 30 901821546), keep the plan's
            // form. Found by the `phone` fuzz target.
            let seed = seed_e164(&compact, region);
            let known = phonenumber::parse(None, &seed).ok().filter(phonenumber::is_valid);
            return Ok(Phone(known.map_or(seed, |n| n.format().mode(Mode::E164).to_string())));
        }
        Err(invalid())
    }

    /// `+` followed by digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The E.164 form of a seed-shaped number the numbering plan does not know. Deliberately not
/// the phone library's normalisation: for unknown numbers it can drop digits, and this form must
/// parse back to itself.
fn seed_e164(compact: &str, region: Option<Region>) -> String {
    if let Some(digits) = compact.strip_prefix('+') {
        return format!("+{digits}");
    }
    let country_code = region
        .and_then(|r| phonenumber::metadata::DATABASE.by_id(r.as_str()))
        .map(|m| m.country_code());
    match country_code {
        Some(cc) if !compact.starts_with(&cc.to_string()) && matches_seed_pattern(&format!("+{cc}{compact}")) => {
            format!("+{cc}{compact}")
        }
        _ => format!("+{compact}"),
    }
}

/// `^\+?1?\d{9,15}$`
fn matches_seed_pattern(s: &str) -> bool {
    let rest = s.strip_prefix('+').unwrap_or(s);
    let all_digits = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
    let fits = |d: &str| (9..=15).contains(&d.len()) && all_digits(d);
    fits(rest) || rest.strip_prefix('1').is_some_and(fits)
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
    fn seed_shaped_numbers_are_accepted() {
        assert!(Phone::parse("123456789", None).is_ok());
        assert!(Phone::parse("+1123456789012345", None).is_ok());
        assert!(
            Phone::parse("999999999", Region::parse("US"))
                .unwrap()
                .as_str()
                .starts_with('+')
        );
    }

    #[test]
    fn outputs_parse_back_to_themselves() {
        // Found by the property test: the phone library alone would drop a digit or change
        // its verdict with the region.
        for (input, e164) in [
            ("110000001", "+110000001"),
            ("+620210000000", "+62210000000"),
            ("999999999", "+1999999999"),
        ] {
            let phone = Phone::parse(input, Region::parse("US")).unwrap();
            assert_eq!(phone.as_str(), e164, "{input}");
            assert_eq!(Phone::parse(phone.as_str(), None).unwrap(), phone);
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
