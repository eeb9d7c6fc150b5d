//! Invite codes (issue 13): 8 characters of Crockford base32 (40 random bits), shown in two
//! groups (`7KQ2-9XMD`), typed in any case, with or without the dash or spaces; Crockford's
//! look-alikes are read as what they look like (`I`/`L` → `1`, `O` → `0`).

use crate::domain::FieldError;
use crate::error::ErrorCode;
use crate::random::SecureRandom;

/// The form field an invite code is typed into.
pub const INVITE_CODE_FIELD: &str = "inviteCode";

/// A well-formed invite code, in canonical form (upper case, no dash).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InviteCode(String);

impl InviteCode {
    /// A fresh code from the OS RNG.
    pub fn generate(random: &SecureRandom) -> InviteCode {
        let bytes = random.bytes::<5>();
        InviteCode(base32::encode(base32::Alphabet::Crockford, &bytes))
    }

    /// Reads a typed code (see the module doc).
    pub fn parse(typed: &str) -> Result<InviteCode, FieldError> {
        let compact: String = typed.chars().filter(|c| !(c.is_whitespace() || *c == '-')).collect();
        let error = || {
            FieldError::new(
                INVITE_CODE_FIELD,
                ErrorCode::InviteCodeFormat,
                "An invite code is 8 letters and digits, like 7KQ2-9XMD.",
            )
        };
        if compact.chars().count() != 8 || !compact.is_ascii() {
            return Err(error());
        }
        let bytes = base32::decode(base32::Alphabet::Crockford, &compact).ok_or_else(error)?;
        if bytes.len() != 5 {
            return Err(error());
        }
        Ok(InviteCode(base32::encode(base32::Alphabet::Crockford, &bytes)))
    }

    /// Canonical form, as stored: `7KQ29XMD`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// As shown to people: `7KQ2-9XMD`.
    pub fn grouped(&self) -> String {
        format!("{}-{}", &self.0[..4], &self.0[4..])
    }

    /// A stored canonical code (trusted: written by [`InviteCode::generate`]).
    pub(crate) fn from_stored(s: String) -> InviteCode {
        InviteCode(s)
    }
}

impl std::fmt::Display for InviteCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.grouped())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_in_any_case_with_or_without_the_dash() {
        let code = InviteCode::parse("7KQ2-9XMD").unwrap();
        assert_eq!(code.as_str(), "7KQ29XMD");
        assert_eq!(code.grouped(), "7KQ2-9XMD");
        assert_eq!(InviteCode::parse("7kq29xmd").unwrap(), code);
        assert_eq!(InviteCode::parse(" 7kq2 9xmd ").unwrap(), code);
        // Look-alikes.
        assert_eq!(InviteCode::parse("O0IL-1111").unwrap().as_str(), "00111111");
        for bad in ["", "7KQ2-9XM", "7KQ2-9XMDD", "7KQ2-9XMU", "ÄKQ2-9XMD", "7KQ2_9XMD"] {
            let err = InviteCode::parse(bad).unwrap_err();
            assert_eq!(err.code, ErrorCode::InviteCodeFormat, "{bad}");
            assert_eq!(err.field, INVITE_CODE_FIELD);
        }
    }

    #[test]
    fn generated_codes_are_eight_crockford_characters_and_parse_back() {
        let random = SecureRandom::os();
        for _ in 0..100 {
            let code = InviteCode::generate(&random);
            assert_eq!(code.as_str().len(), 8);
            assert!(
                code.as_str()
                    .chars()
                    .all(|c| "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(c))
            );
            assert_eq!(InviteCode::parse(&code.grouped().to_lowercase()).unwrap(), code);
        }
    }
}
