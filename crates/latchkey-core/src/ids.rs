//! The ids the flows pass between them: leaf types that import no flow, so that flow files
//! import these rather than each other.

use crate::error::ErrorCode;
use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

use crate::domain::{FieldError, field};
use crate::random::SecureRandom;

/// An account's row id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(transparent)]
#[cfg_attr(feature = "ts", ts(type = "number"))]
pub struct AccountId(pub i64);

/// A session's row id (not a secret: it names a session in lists, it cannot open one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(transparent)]
#[cfg_attr(feature = "ts", ts(type = "number"))]
pub struct SessionId(pub i64);

/// The bearer secret of a session: 64 lower-case hex characters. `Debug` never shows it.
#[derive(Clone)]
pub struct SessionToken(SecretString);

impl SessionToken {
    /// Wraps a token received back from the caller (e.g. read from the keyring).
    pub fn new(token: impl Into<String>) -> SessionToken {
        SessionToken(SecretString::from(token.into()))
    }

    /// The token text, to hand to the caller once or store in the OS keyring. Nowhere else.
    pub fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }

    /// SHA-256 of the token's 32 bytes; `None` if it is not a well-formed token.
    pub(crate) fn digest(&self) -> Option<[u8; 32]> {
        let raw: [u8; 32] = hex::decode(self.expose_secret()).ok()?.try_into().ok()?;
        Some(Sha256::digest(raw).into())
    }
}

impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionToken(<redacted>)")
    }
}

/// What the database stores for an identifier that matches no account (login throttle,
/// decoy codes): `hex(HMAC-SHA256(install key's "identifier-keys" subkey, case-folded
/// identifier))`. Never the identifier itself: people type passwords into that field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IdentifierKey(pub(crate) String);

impl IdentifierKey {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

/// An opaque pending-registration handle: 64 hex characters (256 random bits). The verify
/// screen holds it instead of the address, so a code can only verify the registration it was
/// sent for. Only its SHA-256 is stored. `Debug` does not show it.
#[derive(Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(transparent)]
pub struct RegistrationHandle(String);

impl std::fmt::Debug for RegistrationHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RegistrationHandle(<redacted>)")
    }
}

impl RegistrationHandle {
    pub(crate) fn generate(random: &SecureRandom) -> RegistrationHandle {
        RegistrationHandle(hex::encode(random.bytes::<32>()))
    }

    /// Parses a handle received back from the UI (field `handle`).
    pub fn parse(input: &str) -> Result<RegistrationHandle, FieldError> {
        let input = input.trim();
        if input.len() == 64 && input.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(RegistrationHandle(input.to_ascii_lowercase()))
        } else {
            Err(FieldError::new(
                field::HANDLE,
                ErrorCode::HandleInvalid,
                "This verification screen is no longer valid; register or sign in again.",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn digest(&self) -> [u8; 32] {
        use sha2::Digest;
        sha2::Sha256::digest(self.0.as_bytes()).into()
    }
}
