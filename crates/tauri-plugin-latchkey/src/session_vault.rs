//! Secrets in the OS keyring (Secret Service on Linux, Credential Manager on Windows, the login
//! keychain on macOS; only Linux is built and tested here), service = the app identifier:
//! account "session" holds the remembered session token, account "smtp-password" the mail
//! server's password. They never leave Rust and never go to a file: when no keyring is usable,
//! sessions simply are not remembered and the UI says so.

use std::sync::Arc;

use keyring_core::{CredentialStore, Entry, Error as KeyringError};

/// The keyring account of the remembered session token.
pub const SESSION: &str = "session";
/// The keyring account of the SMTP password.
pub const SMTP_PASSWORD: &str = "smtp-password";
/// A fleet's server store: the database password (`LATCHKEY_DATABASE_PASSWORD` wins).
pub const DATABASE_PASSWORD: &str = "database-password";
/// A fleet's server store: the fleet key, 64 hex digits (`LATCHKEY_FLEET_KEY` wins).
pub const FLEET_KEY: &str = "fleet-key";
/// The SMS gateway's basic-auth password or bearer token (`LATCHKEY_SMS_SECRET` wins).
pub const SMS_SECRET: &str = "sms-secret";
const PROBE_ACCOUNT: &str = "probe";
/// How long start-up waits for the keyring to prove itself.
const PROBE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("the OS keyring is not available: {0}")]
    Unavailable(String),
    #[error("the OS keyring refused the operation: {0}")]
    Keyring(String),
}

/// Where remembered sessions live, if anywhere.
#[derive(Clone)]
pub enum SessionVault {
    Keyring {
        store: Arc<CredentialStore>,
        service: String,
    },
    Unavailable {
        reason: String,
    },
}

impl std::fmt::Debug for SessionVault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SessionVault::Keyring { service, .. } => write!(f, "SessionVault::Keyring({service})"),
            SessionVault::Unavailable { reason } => write!(f, "SessionVault::Unavailable({reason})"),
        }
    }
}

impl SessionVault {
    /// Connects to the platform keyring and proves it works with a throwaway
    /// write/read/delete (a locked or missing collection only fails on first use).
    pub async fn open(service: &str) -> SessionVault {
        let service = service.to_owned();
        let probe = tokio::task::spawn_blocking(move || {
            let store = platform_store()?;
            probe(&store, &service)?;
            Ok::<_, String>(SessionVault::Keyring { store, service })
        });
        // A bus that never answers must not keep the window from opening.
        let reason = match tokio::time::timeout(PROBE_TIMEOUT, probe).await {
            Ok(Ok(Ok(vault))) => return vault,
            Ok(Ok(Err(reason))) => reason,
            Ok(Err(join)) => join.to_string(),
            Err(_) => format!("the keyring did not answer within {} s", PROBE_TIMEOUT.as_secs()),
        };
        tracing::warn!(%reason, "OS keyring unavailable; sessions will not be remembered");
        SessionVault::Unavailable { reason }
    }

    /// A vault over an explicit store (tests use `keyring_core::mock`).
    #[cfg(test)]
    pub fn with_store(store: Arc<CredentialStore>, service: &str) -> SessionVault {
        SessionVault::Keyring {
            store,
            service: service.to_owned(),
        }
    }

    pub fn is_available(&self) -> bool {
        matches!(self, SessionVault::Keyring { .. })
    }

    /// Why the keyring cannot be used, if it cannot.
    pub fn unavailable_reason(&self) -> Option<&str> {
        match self {
            SessionVault::Keyring { .. } => None,
            SessionVault::Unavailable { reason } => Some(reason),
        }
    }

    /// The secret stored under `account`; `Ok(None)` when there is none.
    pub async fn load(&self, account: &'static str) -> Result<Option<String>, VaultError> {
        self.with_entry(account, |entry| match entry.get_password() {
            Ok(token) => Ok(Some(token)),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(e) => Err(VaultError::Keyring(e.to_string())),
        })
        .await
    }

    pub async fn save(&self, account: &'static str, secret: String) -> Result<(), VaultError> {
        self.with_entry(account, move |entry| {
            entry
                .set_password(&secret)
                .map_err(|e| VaultError::Keyring(e.to_string()))
        })
        .await
    }

    /// Forgets the secret under `account`; forgetting nothing is fine.
    pub async fn delete(&self, account: &'static str) -> Result<(), VaultError> {
        self.with_entry(account, |entry| match entry.delete_credential() {
            Ok(()) | Err(KeyringError::NoEntry) => Ok(()),
            Err(e) => Err(VaultError::Keyring(e.to_string())),
        })
        .await
    }

    async fn with_entry<T: Send + 'static>(
        &self,
        account: &'static str,
        f: impl FnOnce(Entry) -> Result<T, VaultError> + Send + 'static,
    ) -> Result<T, VaultError> {
        let (store, service) = match self {
            SessionVault::Keyring { store, service } => (store.clone(), service.clone()),
            SessionVault::Unavailable { reason } => return Err(VaultError::Unavailable(reason.clone())),
        };
        tokio::task::spawn_blocking(move || {
            let entry = store
                .build(&service, account, None)
                .map_err(|e| VaultError::Keyring(e.to_string()))?;
            f(entry)
        })
        .await
        .map_err(|e| VaultError::Keyring(e.to_string()))?
    }
}

fn probe(store: &Arc<CredentialStore>, service: &str) -> Result<(), String> {
    let entry = store.build(service, PROBE_ACCOUNT, None).map_err(|e| e.to_string())?;
    entry.set_password("probe").map_err(|e| e.to_string())?;
    let read = entry.get_password().map_err(|e| e.to_string())?;
    entry.delete_credential().map_err(|e| e.to_string())?;
    if read == "probe" {
        Ok(())
    } else {
        Err("the keyring returned a different value than was written".into())
    }
}

#[cfg(target_os = "linux")]
fn platform_store() -> Result<Arc<CredentialStore>, String> {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none_or(|v| v.is_empty()) {
        return Err("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)".into());
    }
    let store = dbus_secret_service_keyring_store::Store::new().map_err(|e| e.to_string())?;
    Ok(store)
}

/// Windows Credential Manager (generic credentials of the signed-in user).
#[cfg(target_os = "windows")]
fn platform_store() -> Result<Arc<CredentialStore>, String> {
    let store = windows_native_keyring_store::Store::new().map_err(|e| e.to_string())?;
    Ok(store)
}

/// The macOS login keychain (the user's default keychain).
#[cfg(target_os = "macos")]
fn platform_store() -> Result<Arc<CredentialStore>, String> {
    let store = apple_native_keyring_store::keychain::Store::new().map_err(|e| e.to_string())?;
    Ok(store)
}

#[cfg(not(any(target_os = "linux", target_os = "windows", target_os = "macos")))]
fn platform_store() -> Result<Arc<CredentialStore>, String> {
    Err("no keyring store is built in for this platform".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mock_vault() -> SessionVault {
        let store: Arc<CredentialStore> = keyring_core::mock::Store::new().unwrap();
        SessionVault::with_store(store, "dev.latchkey.test")
    }

    #[tokio::test]
    async fn a_saved_token_is_loaded_back_and_gone_after_delete() {
        let vault = mock_vault();
        assert_eq!(vault.load(SESSION).await.unwrap(), None);
        vault.save(SESSION, "tok-123".into()).await.unwrap();
        vault.save(SMTP_PASSWORD, "smtp-pw".into()).await.unwrap();
        assert_eq!(vault.load(SESSION).await.unwrap().as_deref(), Some("tok-123"));
        vault.delete(SESSION).await.unwrap();
        assert_eq!(vault.load(SESSION).await.unwrap(), None);
        assert_eq!(vault.load(SMTP_PASSWORD).await.unwrap().as_deref(), Some("smtp-pw"));
        vault.delete(SESSION).await.expect("deleting nothing is fine");
    }

    #[tokio::test]
    async fn an_unavailable_vault_refuses_with_its_reason() {
        let vault = SessionVault::Unavailable {
            reason: "no bus".into(),
        };
        assert!(!vault.is_available());
        let err = vault.save(SESSION, "x".into()).await.unwrap_err();
        assert!(err.to_string().contains("no bus"), "{err}");
    }
}
