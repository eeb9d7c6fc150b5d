//! The per-install secret key. It lives outside the database, in a 0600 file next to it, so a
//! copied database alone cannot be used to test guesses of one-time codes or to open sealed
//! mail bodies. Purpose-specific subkeys are derived from it; the master key is never used
//! directly.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use hmac::{KeyInit, Mac};
use rand::TryRng;

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// The key file's name inside the data directory.
pub const KEY_FILE: &str = "install.key";

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot read the install key {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("cannot write the install key {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error(
        "the install key {path} is damaged (expected 32 bytes, found {len}); restore it from a backup or remove it together with the database"
    )]
    Damaged { path: PathBuf, len: usize },
    #[error("the operating system's random number generator failed: {0}")]
    Rng(String),
}

/// 32 secret bytes. `Debug` never shows them.
#[derive(Clone)]
pub struct InstallKey([u8; 32]);

impl fmt::Debug for InstallKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("InstallKey(<redacted>)")
    }
}

impl InstallKey {
    /// Reads `<data_dir>/install.key`, creating it (mode 0600, from the OS RNG) if missing.
    pub fn load_or_create(data_dir: &Path) -> Result<InstallKey, KeyError> {
        let path = data_dir.join(KEY_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => {
                let key: [u8; 32] = bytes.as_slice().try_into().map_err(|_| KeyError::Damaged {
                    path: path.clone(),
                    len: bytes.len(),
                })?;
                Ok(InstallKey(key))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = InstallKey::generate()?;
                key.write_new(&path)?;
                Ok(key)
            }
            Err(source) => Err(KeyError::Read { path, source }),
        }
    }

    /// A fresh key from the OS RNG.
    pub fn generate() -> Result<InstallKey, KeyError> {
        let mut bytes = [0u8; 32];
        rand::rngs::SysRng
            .try_fill_bytes(&mut bytes)
            .map_err(|e| KeyError::Rng(e.to_string()))?;
        Ok(InstallKey(bytes))
    }

    /// For tests and tools that bring their own key material.
    pub fn from_bytes(bytes: [u8; 32]) -> InstallKey {
        InstallKey(bytes)
    }

    /// A subkey for one purpose (e.g. `"one-time-codes"`, `"outbox-seal"`).
    pub fn subkey(&self, purpose: &str) -> [u8; 32] {
        let mut mac = HmacSha256::new_from_slice(&self.0).expect("HMAC takes keys of any length");
        mac.update(b"latchkey subkey v1\0");
        mac.update(purpose.as_bytes());
        mac.finalize().into_bytes().into()
    }

    fn write_new(&self, path: &Path) -> Result<(), KeyError> {
        let write_err = |source| KeyError::Write {
            path: path.to_owned(),
            source,
        };
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(path).map_err(write_err)?;
        file.write_all(&self.0).map_err(write_err)?;
        file.sync_all().map_err(write_err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_file_is_created_private_and_read_back_identically() {
        let dir = tempfile::tempdir().unwrap();
        let first = InstallKey::load_or_create(dir.path()).unwrap();
        let second = InstallKey::load_or_create(dir.path()).unwrap();
        assert_eq!(first.subkey("x"), second.subkey("x"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn subkeys_differ_by_purpose_and_by_install() {
        let a = InstallKey::generate().unwrap();
        let b = InstallKey::generate().unwrap();
        assert_ne!(a.subkey("codes"), a.subkey("outbox"));
        assert_ne!(a.subkey("codes"), b.subkey("codes"));
    }

    #[test]
    fn a_truncated_key_file_is_reported_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(KEY_FILE), [1u8; 5]).unwrap();
        let err = InstallKey::load_or_create(dir.path()).unwrap_err();
        assert!(matches!(err, KeyError::Damaged { len: 5, .. }), "{err}");
    }

    #[test]
    fn debug_output_never_shows_the_key() {
        let key = InstallKey::from_bytes([0xAB; 32]);
        assert_eq!(format!("{key:?}"), "InstallKey(<redacted>)");
    }
}
