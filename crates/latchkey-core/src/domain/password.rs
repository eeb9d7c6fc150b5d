use crate::error::ErrorCode;
use std::collections::HashSet;
use std::fmt;
use std::sync::LazyLock;

use secrecy::{ExposeSecret, SecretString};

use super::FieldError;

/// Longest accepted password, in characters. Bounds hashing cost; longer input is refused,
/// never truncated.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// zxcvbn's cost grows with length; the first 100 characters say all it can tell.
const STRENGTH_SAMPLE_CHARS: usize = 100;

/// Lowest zxcvbn score (0–4) accepted: 3 means "safely unguessable" (≥ 10^8 guesses).
const MIN_SCORE: u8 = 3;

static COMMON_PASSWORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../data/common-passwords.txt")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .collect()
});

/// True when `candidate`, ignoring case, is one of the 30,000 most common passwords shipped in
/// the binary (data/common-passwords.txt).
pub fn is_common_password(candidate: &str) -> bool {
    COMMON_PASSWORDS.contains(candidate.to_lowercase().as_str())
}

/// How the password rules are configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordPolicy {
    /// In characters (Unicode scalar values).
    pub min_chars: usize,
}

/// A password that satisfies the [`PasswordPolicy`]. Held in a secret wrapper: `Debug` prints
/// `Password(<redacted>)` and the memory is zeroed when dropped.
#[derive(Clone)]
pub struct Password(SecretString);

impl Password {
    /// Checks a new password: length, not a common password, and strong enough for zxcvbn
    /// given `user_inputs` (names, email, username: a password built from them is weak). Any
    /// Unicode is allowed and there are no composition rules. `field_name` is the form field
    /// (`password` or `newPassword`). The quick rules and the judgement one after the other:
    /// see [`UnjudgedPassword`] to run the judgement beside other work.
    pub fn parse(
        input: SecretString,
        policy: PasswordPolicy,
        user_inputs: &[&str],
        field_name: &'static str,
    ) -> Result<Password, FieldError> {
        UnjudgedPassword::parse(input, policy, field_name)?.judge(user_inputs)
    }

    /// A password typed to sign in: only bounded, never judged (it was judged when it was set).
    /// `None` when it is empty or longer than any password that can exist.
    pub fn for_sign_in(input: SecretString) -> Option<Password> {
        let chars = input.expose_secret().chars().count();
        (1..=MAX_PASSWORD_CHARS).contains(&chars).then_some(Password(input))
    }

    pub fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }

    pub(crate) fn into_secret(self) -> SecretString {
        self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

/// A new password that passed the quick rules (length, not one of the common passwords) and
/// awaits zxcvbn's judgement, the slow part (0.3–1 ms of CPU), so that a flow can run the
/// judgement on another thread beside its hashing and its first round trips to the store.
/// Only [`UnjudgedPassword::judge`] makes a [`Password`]; `Debug` prints no secret.
#[derive(Clone)]
pub struct UnjudgedPassword {
    secret: SecretString,
    field_name: &'static str,
}

impl UnjudgedPassword {
    /// The quick rules of [`Password::parse`]: at least `policy.min_chars` and at most
    /// [`MAX_PASSWORD_CHARS`] characters, not one of the common passwords.
    pub fn parse(input: SecretString, policy: PasswordPolicy, field_name: &'static str) -> Result<Self, FieldError> {
        let candidate = input.expose_secret();
        let chars = candidate.chars().count();
        if chars < policy.min_chars {
            return Err(FieldError::new(
                field_name,
                ErrorCode::PasswordTooShort,
                format!("Use at least {} characters.", policy.min_chars),
            ));
        }
        if chars > MAX_PASSWORD_CHARS {
            return Err(FieldError::new(
                field_name,
                ErrorCode::PasswordTooLong,
                format!("Use at most {MAX_PASSWORD_CHARS} characters."),
            ));
        }
        if is_common_password(candidate) {
            return Err(FieldError::new(
                field_name,
                ErrorCode::PasswordCommon,
                "This is one of the most common passwords; it would be guessed first.",
            ));
        }
        Ok(UnjudgedPassword {
            secret: input,
            field_name,
        })
    }

    /// zxcvbn's judgement knowing `user_inputs` (names, email, username): a [`Password`] when
    /// it is strong enough, else the field's error with zxcvbn's warning and first suggestion.
    pub fn judge(self, user_inputs: &[&str]) -> Result<Password, FieldError> {
        let strength = password_strength(self.secret.expose_secret(), user_inputs);
        if !strength.acceptable {
            let mut message = "This password is too easy to guess.".to_owned();
            if let Some(warning) = &strength.warning {
                message = format!("{message} {warning}");
            }
            if let Some(suggestion) = strength.suggestions.first() {
                message = format!("{message} {suggestion}");
            }
            return Err(FieldError::new(self.field_name, ErrorCode::PasswordWeak, message));
        }
        Ok(Password(self.secret))
    }

    /// The password as typed, for hashing before the judgement is in; a hash is kept only
    /// once [`UnjudgedPassword::judge`] has accepted the password.
    pub fn secret(&self) -> &SecretString {
        &self.secret
    }
}

impl fmt::Debug for UnjudgedPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("UnjudgedPassword(<redacted>)")
    }
}

/// What the UI's strength meter shows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Strength {
    /// zxcvbn score, 0 (guessed at once) to 4.
    pub score: u8,
    /// Whether registration would accept it (score ≥ 3 and not a common password).
    pub acceptable: bool,
    pub warning: Option<String>,
    pub suggestions: Vec<String>,
}

/// zxcvbn's estimate for `candidate`, treating `user_inputs` (names, email, username) as
/// known to an attacker. Length and common-list rules are not applied here.
pub fn password_strength(candidate: &str, user_inputs: &[&str]) -> Strength {
    let sample: String = candidate.chars().take(STRENGTH_SAMPLE_CHARS).collect();
    let entropy = zxcvbn::zxcvbn(&sample, user_inputs);
    let score = u8::from(entropy.score());
    let feedback = entropy.feedback();
    let common = is_common_password(candidate);
    Strength {
        score: if common { 0 } else { score },
        acceptable: score >= MIN_SCORE && !common,
        warning: feedback.and_then(|f| f.warning()).map(|w| w.to_string()),
        suggestions: feedback
            .map(|f| f.suggestions().iter().map(ToString::to_string).collect())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: PasswordPolicy = PasswordPolicy { min_chars: 8 };

    fn parse(p: &str, inputs: &[&str]) -> Result<Password, FieldError> {
        Password::parse(SecretString::from(p), POLICY, inputs, "password")
    }

    #[test]
    fn the_shipped_list_has_at_least_ten_thousand_entries() {
        assert!(COMMON_PASSWORDS.len() >= 10_000, "{}", COMMON_PASSWORDS.len());
        assert!(is_common_password("Password1"));
    }

    #[test]
    fn each_rejection_says_why() {
        assert_eq!(parse("short", &[]).unwrap_err().code, ErrorCode::PasswordTooShort);
        assert_eq!(
            parse(&"x".repeat(257), &[]).unwrap_err().code,
            ErrorCode::PasswordTooLong
        );
        assert_eq!(parse("baseball", &[]).unwrap_err().code, ErrorCode::PasswordCommon);
        assert_eq!(parse("aaaaaaaaaaaa", &[]).unwrap_err().code, ErrorCode::PasswordWeak);
        assert_eq!(
            parse("AnaKowalska1987", &["Ana", "Kowalska", "ana.k@x.org", "anakowalska"])
                .unwrap_err()
                .code,
            ErrorCode::PasswordWeak
        );
    }

    #[test]
    fn long_unicode_passphrases_are_accepted_and_never_shown() {
        let p = parse("żółta łódź pływa nocą", &[]).unwrap();
        assert_eq!(format!("{p:?}"), "Password(<redacted>)");
        let longest: String = "Tęgi kot 7 śpi; ".chars().cycle().take(MAX_PASSWORD_CHARS).collect();
        assert!(parse(&longest, &[]).is_ok());
    }

    #[test]
    fn the_quick_rules_come_first_and_only_the_judgement_makes_a_password() {
        let quick = |p: &str| UnjudgedPassword::parse(SecretString::from(p), POLICY, "newPassword");
        assert_eq!(quick("short").unwrap_err().code, ErrorCode::PasswordTooShort);
        assert_eq!(quick("baseball").unwrap_err().code, ErrorCode::PasswordCommon);
        // Weak for zxcvbn only: passes the quick rules, refused by the judgement, on its field.
        let weak = quick("aaaaaaaaaaaa").unwrap();
        assert_eq!(format!("{weak:?}"), "UnjudgedPassword(<redacted>)");
        let refused = weak.judge(&[]).unwrap_err();
        assert_eq!((refused.field, refused.code), ("newPassword", ErrorCode::PasswordWeak));
        let personal = quick("AnaKowalska1987").unwrap();
        assert_eq!(personal.secret().expose_secret(), "AnaKowalska1987");
        assert!(personal.clone().judge(&[]).is_ok());
        assert_eq!(
            personal
                .judge(&["Ana", "Kowalska", "ana.k@x.org", "anakowalska"])
                .unwrap_err()
                .code,
            ErrorCode::PasswordWeak
        );
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        // 8 characters, 16 bytes.
        assert_ne!(parse("éééééééé", &[]).unwrap_err().code, ErrorCode::PasswordTooShort);
    }
}
