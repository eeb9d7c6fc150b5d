//! What the shell keeps for the life of the process.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use latchkey_core::accounts::Latchkey;
use latchkey_core::config::Config;
use latchkey_core::mail::settings::load_saved;
use latchkey_core::mail::{
    DeliveryConfig, DeliveryHandle, MailConfig, MailEnv, MailSettings, SendTestLimit, spawn_delivery,
};
use latchkey_core::sessions::SessionToken;
use secrecy::SecretString;
use sqlx::Sqlite;
use sqlx::pool::PoolConnection;
use tokio::sync::Mutex;

use crate::error::CommandError;
use crate::logging::LogGuard;
use crate::session_vault::{SMTP_PASSWORD, SessionVault};

/// The app identifier doubles as the keyring service name.
pub const APP_IDENTIFIER: &str = "dev.latchkey.app";

/// The signed-in session of this window. The token never crosses into the web view.
pub struct ActiveSession {
    pub token: SessionToken,
    pub remembered: bool,
}

pub struct AppState {
    pub data_dir: PathBuf,
    pub latchkey: Latchkey,
    pub vault: SessionVault,
    pub session: Mutex<Option<ActiveSession>>,
    pub device_label: String,
    pub delivery: DeliveryHandle,
    /// Test emails from the settings screen are rate-limited (no open relay).
    pub send_test_limit: SendTestLimit,
    mail_config: MailConfig,
    keyring_notice_given: AtomicBool,
    _log_guard: LogGuard,
}

impl AppState {
    pub async fn open(
        data_dir: PathBuf,
        config_file: Option<PathBuf>,
        log_guard: LogGuard,
    ) -> Result<AppState, Box<dyn std::error::Error>> {
        let config = Config::load(config_file.as_deref())?;
        let mail_config = config.mail.clone();
        let latchkey = Latchkey::open(&data_dir, config).await?;
        if let Some(status) = latchkey.database_status() {
            tracing::info!(
                path = %status.path.display(),
                created = status.created,
                schema_version = status.schema_version,
                "database ready"
            );
        }
        let vault = SessionVault::open(APP_IDENTIFIER).await;
        // A wrong setting must not keep the app from starting, nor fall back to the dev mailbox
        // (which would unlock the settings screen and make codes readable in the app): mail is
        // held in the outbox and the problem is logged and shown on the settings screen.
        let settings = resolve_or_hold_mail_settings(&latchkey, &vault, &mail_config).await?;
        log_security_events(latchkey.subscribe());
        tracing::info!(mode = settings.mode(), "mail delivery starting");
        let delivery = spawn_delivery(DeliveryConfig {
            pool: latchkey.database().pool().clone(),
            key: latchkey.install_key().clone(),
            settings,
            clock: latchkey.clock().clone(),
            signal: latchkey.outbox_signal().clone(),
            options: Default::default(),
        });
        Ok(AppState {
            data_dir,
            latchkey,
            vault,
            session: Mutex::new(None),
            device_label: device_label(),
            delivery,
            send_test_limit: SendTestLimit::default(),
            mail_config,
            keyring_notice_given: AtomicBool::new(false),
            _log_guard: log_guard,
        })
    }

    /// The mail settings in force: environment > saved by the settings screen > config file >
    /// dev mailbox; the SMTP password from the environment or the OS keyring.
    pub async fn resolve_mail_settings(&self) -> Result<MailSettings, CommandError> {
        resolve_mail_settings(&self.latchkey, &self.vault, &self.mail_config).await
    }

    /// A database connection for `doing` (named in the error if none can be had).
    pub async fn connection(&self, doing: &str) -> Result<PoolConnection<Sqlite>, CommandError> {
        self.latchkey
            .database()
            .pool()
            .acquire()
            .await
            .map_err(|e| CommandError::internal(doing, e))
    }

    /// The "sessions are not remembered" sentence, the first time only.
    pub fn keyring_notice_once(&self) -> Option<String> {
        let reason = self.vault.unavailable_reason()?;
        if self.keyring_notice_given.swap(true, Ordering::SeqCst) {
            return None;
        }
        tracing::info!(%reason, "telling the person that sign-ins are not remembered");
        Some(
            "Your sign-in will not be remembered after Latchkey closes: no usable system keyring \
             (Secret Service) was found, and Latchkey never stores sign-ins in a plain file."
                .to_owned(),
        )
    }
}

fn device_label() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "this computer".to_owned());
    format!("Latchkey desktop on {host}")
}

async fn resolve_or_hold_mail_settings(
    latchkey: &Latchkey,
    vault: &SessionVault,
    mail_config: &MailConfig,
) -> Result<MailSettings, CommandError> {
    let (env, saved, keyring_password) = mail_sources(latchkey, vault).await?;
    Ok(MailSettings::resolve_or_hold(
        &env,
        &saved,
        mail_config,
        keyring_password,
    ))
}

async fn resolve_mail_settings(
    latchkey: &Latchkey,
    vault: &SessionVault,
    mail_config: &MailConfig,
) -> Result<MailSettings, CommandError> {
    let (env, saved, keyring_password) = mail_sources(latchkey, vault).await?;
    Ok(MailSettings::resolve(&env, &saved, mail_config, keyring_password)?)
}

async fn mail_sources(
    latchkey: &Latchkey,
    vault: &SessionVault,
) -> Result<
    (
        MailEnv,
        latchkey_core::mail::settings::SavedMailSettings,
        Option<SecretString>,
    ),
    CommandError,
> {
    let env = MailEnv::from_process();
    let saved = {
        let mut conn = latchkey
            .database()
            .pool()
            .acquire()
            .await
            .map_err(|e| CommandError::internal("reading the mail settings", e))?;
        load_saved(&mut conn)
            .await
            .map_err(|e| CommandError::internal("reading the mail settings", e))?
    };
    let keyring_password = match vault.load(SMTP_PASSWORD).await {
        Ok(password) => password.map(SecretString::from),
        Err(e) => {
            tracing::debug!(error = %e, "no SMTP password from the keyring");
            None
        }
    };
    Ok((env, saved, keyring_password))
}

/// Mirrors the core's security events into the log (kind and account only: events never carry
/// a secret), so an operator can follow sign-ins and resets without opening the database.
fn log_security_events(mut events: tokio::sync::broadcast::Receiver<latchkey_core::AuditEvent>) {
    use tokio::sync::broadcast::error::RecvError;
    tokio::spawn(async move {
        loop {
            match events.recv().await {
                Ok(event) => tracing::info!(
                    target: "latchkey::security",
                    kind = event.kind.as_str(),
                    account = event.account_id.map(|a| a.0),
                    "{}",
                    event.kind.summary()
                ),
                Err(RecvError::Lagged(missed)) => tracing::warn!(missed, "security event log fell behind"),
                Err(RecvError::Closed) => break,
            }
        }
    });
}
