//! Table `fleet_install_key`: the install key of a fleet sharing one PostgreSQL store, wrapped
//! (ChaCha20-Poly1305) by the fleet key every kiosk is given (`LATCHKEY_FLEET_KEY`, 64 hex
//! digits, or the OS keyring). Code MACs, identifier keys and sealed mail must be made with one
//! key for the whole fleet, or a code sent by one kiosk could not be checked by another.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use secrecy::{ExposeSecret, SecretBox};

use crate::clock::Timestamp;
use crate::secret_key::InstallKey;
use crate::store::{Database, StorageError};

/// Binds the ciphertext to its use.
const AAD: &[u8] = b"latchkey fleet install key v1";

/// The 32-byte key that wraps the fleet's install key. `Debug` never shows it.
pub struct FleetKey(SecretBox<[u8; 32]>);

impl std::fmt::Debug for FleetKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FleetKey(<redacted>)")
    }
}

impl FleetKey {
    /// Parses 64 hex digits (what `openssl rand -hex 32` prints).
    pub fn parse(text: &str) -> Result<FleetKey, StorageError> {
        let bytes = hex::decode(text.trim()).map_err(|_| StorageError::BadFleetKey)?;
        let key: [u8; 32] = bytes.try_into().map_err(|_| StorageError::BadFleetKey)?;
        Ok(FleetKey(SecretBox::new(Box::new(key))))
    }

    /// `LATCHKEY_FLEET_KEY`, else `fallback` (e.g. read from the OS keyring by the shell).
    pub fn from_env_or(fallback: Option<String>) -> Result<FleetKey, StorageError> {
        match std::env::var("LATCHKEY_FLEET_KEY").ok().or(fallback) {
            Some(text) if !text.trim().is_empty() => FleetKey::parse(&text),
            _ => Err(StorageError::NoFleetKey),
        }
    }

    fn cipher(&self) -> ChaCha20Poly1305 {
        ChaCha20Poly1305::new(self.0.expose_secret().into())
    }
}

/// The fleet's install key: unwrapped from the database, or, on the first start of the first
/// kiosk, `fresh` wrapped and stored (under the write lock, so two first starts agree on one).
/// Fails with [`StorageError::WrongFleetKey`] when `fleet` does not open the stored one.
pub async fn install_key(
    db: &Database,
    fleet: &FleetKey,
    fresh: InstallKey,
    now: Timestamp,
) -> Result<InstallKey, StorageError> {
    let server = db.path().display().to_string();
    let failed = |e: sqlx::Error| StorageError::Server {
        server: server.clone(),
        detail: e.to_string(),
    };
    let mut tx = db.write().await.map_err(failed)?;
    let stored: Option<Vec<u8>> = sqlx::query_scalar("SELECT wrapped FROM fleet_install_key WHERE id = 1")
        .fetch_optional(&mut *tx)
        .await
        .map_err(failed)?;
    if let Some(wrapped) = stored {
        tx.rollback().await.map_err(failed)?;
        if wrapped.len() < 12 {
            return Err(StorageError::WrongFleetKey);
        }
        let (nonce, ciphertext) = wrapped.split_at(12);
        let plain = fleet
            .cipher()
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: AAD,
                },
            )
            .map_err(|_| StorageError::WrongFleetKey)?;
        let bytes: [u8; 32] = plain.try_into().map_err(|_| StorageError::WrongFleetKey)?;
        return Ok(InstallKey::from_bytes(bytes));
    }
    let nonce: [u8; 12] = crate::random::SecureRandom::os().bytes();
    let ciphertext = fleet
        .cipher()
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: fresh.expose_bytes(),
                aad: AAD,
            },
        )
        .map_err(|_| StorageError::WrongFleetKey)?;
    let mut wrapped = nonce.to_vec();
    wrapped.extend_from_slice(&ciphertext);
    sqlx::query("INSERT INTO fleet_install_key (id, wrapped, created_at) VALUES (1, $1, $2)")
        .bind(wrapped)
        .bind(now.millis())
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
    tx.commit().await.map_err(failed)?;
    Ok(fresh)
}
