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
        "the install key {path} is damaged (expected 32 bytes, found {len}). Restore install.key from a backup of \
         this data directory (it belongs with latchkey.db). If there is none, the accounts can still be kept: \
         move install.key away and start Latchkey, which makes a new key; pending codes, queued mail and sign-in \
         delays made with the old key are then lost (ask for new codes). To start over completely, move away \
         both latchkey.db and install.key."
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
    /// Reads `<data_dir>/install.key`, creating it (mode 0600, from the OS RNG) if missing, and
    /// the data directory too (mode 0700) if it does not exist yet. A new key is written to a
    /// temporary file, synced and then linked into place, so a crash never leaves a short key.
    pub fn load_or_create(data_dir: &Path) -> Result<InstallKey, KeyError> {
        let path = data_dir.join(KEY_FILE);
        create_private_dir(data_dir).map_err(|source| KeyError::Write {
            path: path.clone(),
            source,
        })?;
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

    /// The raw key, to wrap it for a fleet (`store::fleet_key`). Never logged or stored in clear.
    pub(crate) fn expose_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// A subkey for one purpose (e.g. `"one-time-codes"`, `"outbox-seal"`).
    pub fn subkey(&self, purpose: &str) -> [u8; 32] {
        let mut mac = HmacSha256::new_from_slice(&self.0).expect("HMAC takes keys of any length");
        mac.update(b"latchkey subkey v1\0");
        mac.update(purpose.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// Writes the key to a new temporary file next to `path` and syncs it; returns its path.
    fn write_temporary(&self, path: &Path) -> std::io::Result<PathBuf> {
        let suffix = hex::encode(
            InstallKey::generate()
                .map(|k| k.subkey("temp-name"))
                .unwrap_or_default(),
        );
        let temporary = path.with_file_name(format!(".{KEY_FILE}.{}.tmp", &suffix[..16]));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&temporary)?;
        let written = file.write_all(&self.0).and_then(|()| file.sync_all());
        if let Err(e) = written {
            let _ = std::fs::remove_file(&temporary);
            return Err(e);
        }
        Ok(temporary)
    }

    /// Temporary file, fsync, then a hard link into place (which, unlike a rename, never
    /// replaces a key another process made meanwhile), then the directory is synced.
    fn write_new(&self, path: &Path) -> Result<(), KeyError> {
        let write_err = |source| KeyError::Write {
            path: path.to_owned(),
            source,
        };
        let temporary = self.write_temporary(path).map_err(write_err)?;
        let linked = std::fs::hard_link(&temporary, path);
        let _ = std::fs::remove_file(&temporary);
        linked.map_err(write_err)?;
        if let Some(dir) = path.parent() {
            std::fs::File::open(dir).and_then(|d| d.sync_all()).map_err(write_err)?;
        }
        Ok(())
    }
}

/// Creates `dir` (and its parents) if missing; a directory made here is private (0700).
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 8, item 11: a crash after the key was written but before it was put in place
    /// leaves no `install.key` at all (the next start makes one), never a short one.
    #[test]
    fn a_crash_while_writing_leaves_no_short_key_and_the_next_start_works() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(KEY_FILE);
        let temporary = InstallKey::generate().unwrap().write_temporary(&path).unwrap();
        // "Crash" here: the temporary file stays, install.key was never made.
        assert!(!path.exists());
        assert_eq!(std::fs::read(&temporary).unwrap().len(), 32);
        let key = InstallKey::load_or_create(dir.path()).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), key.0);
    }

    #[test]
    fn a_short_key_is_refused_with_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(KEY_FILE), b"").unwrap();
        let err = InstallKey::load_or_create(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("found 0") && err.contains("backup") && err.contains("move install.key away"),
            "{err}"
        );
    }

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
