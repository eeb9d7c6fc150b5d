//! What the shell keeps for the life of the process.

use latchkey_core::ErrorCode;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use latchkey_core::AccountView;
use latchkey_core::accounts::Latchkey;
use latchkey_core::mail::settings::load_saved;
use latchkey_core::mail::{
    DeliveryConfig, DeliveryHandle, MailConfig, MailEnv, MailSettings, SendTestLimit, spawn_delivery,
};
use latchkey_core::sessions::{SessionError, SessionToken};
use secrecy::SecretString;
use tokio::sync::Mutex;

use crate::Feature;
use crate::error::CommandError;
use crate::events::SignedOutReason;
use crate::mode::{AppMode, KioskSettings, Settings};
use crate::qa_clock::QaClock;
use crate::session_vault::{SESSION, SMTP_PASSWORD, SessionVault};

/// The builder's choices with every default filled in.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    pub data_dir: PathBuf,
    pub settings: Settings,
    pub keyring_service: String,
    pub device_label: String,
    pub disabled: BTreeSet<Feature>,
}

/// The signed-in session of this window. The token never crosses into the web view.
pub struct ActiveSession {
    pub token: SessionToken,
    pub remembered: bool,
}

/// The plugin's state, one per app: the account store (once it could be opened), the keyring
/// vault, this window's session and the mail delivery task.
pub struct AppState {
    pub(crate) data_dir: PathBuf,
    /// The store and its mail task, set once: by the task that opens it while the window
    /// starts, or later when a server store that was unreachable answers (see
    /// [`AppState::open_store`]).
    store: OnceLock<Store>,
    /// What opening needs, kept for the retries while a server store is unreachable.
    recipe: StoreRecipe,
    /// Why the store is not open, while it is not.
    store_wait: std::sync::Mutex<StoreWait>,
    /// The OS keyring, probed by the task that opens the store (before the store), not while
    /// the window waits: a keyring that is slow to answer (or asks to be unlocked) must not
    /// keep the window from showing. See [`AppState::vault`].
    vault: tokio::sync::OnceCell<SessionVault>,
    keyring_service: String,
    pub(crate) session: Mutex<Option<ActiveSession>>,
    /// The first screen's answers the start-up task works out (see `first_answers`).
    pub(crate) first_answers: Mutex<crate::first_answers::FirstAnswers>,
    pub(crate) device_label: String,
    disabled: BTreeSet<Feature>,
    pub(crate) mode: AppMode,
    pub(crate) kiosk: KioskSettings,
    /// The operator left kiosk mode for this run (the window may close).
    pub(crate) kiosk_exited: AtomicBool,
    /// Wrong operator passwords in a row, and when the next try is allowed.
    pub(crate) kiosk_exit_failures: std::sync::Mutex<(u32, Option<std::time::Instant>)>,
    /// QA mode only: the movable clock the core runs on.
    pub(crate) qa_clock: Option<Arc<QaClock>>,
    /// Test emails from the settings screen are rate-limited (no open relay).
    pub(crate) send_test_limit: SendTestLimit,
    mail_config: MailConfig,
    keyring_notice_given: AtomicBool,
}

/// The open account store and the task that delivers its outbox.
struct Store {
    latchkey: Latchkey,
    delivery: DeliveryHandle,
}

/// Everything [`AppState::open_store`] needs, again at each try.
struct StoreRecipe {
    config: latchkey_core::config::Config,
    clock: Arc<dyn latchkey_core::Clock>,
}

/// Why the store is not open (yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreWait {
    /// The first try has not finished (the store opens while the window starts).
    Opening,
    /// A server store could not be reached; tried again every few seconds. One sentence for
    /// the operator.
    Unreachable(String),
    /// A setting or the store itself is wrong; waiting will not fix it (Latchkey must be
    /// restarted once it is). One sentence for the operator.
    Failed(String),
}

/// The sentence of every command while the store cannot be reached (the UI's catalogue says
/// it in the person's language from the code).
const STORE_DOWN: &str = "The account server is unreachable; retrying…";

/// Whether opening failed only because a server store could not be reached (worth retrying),
/// rather than a setting that will not fix itself.
pub(crate) fn is_unreachable(error: &(dyn std::error::Error + 'static)) -> bool {
    matches!(
        error.downcast_ref::<latchkey_core::OpenError>(),
        Some(latchkey_core::OpenError::Storage(
            latchkey_core::store::StorageError::Unreachable { .. }
        ))
    )
}

impl AppState {
    /// Everything but the keyring and the store: settings, modes, QA clock. Both are opened
    /// next, on a task, by [`AppState::open_store`].
    pub(crate) fn prepare(options: Options) -> AppState {
        let Options {
            data_dir,
            settings,
            keyring_service,
            device_label,
            mut disabled,
        } = options;
        let Settings { config, mode, kiosk } = settings;
        let mail_config = config.mail.clone();
        if mode == AppMode::Kiosk {
            // Anyone at the machine could use them.
            disabled.insert(Feature::DevMailbox);
            disabled.insert(Feature::MailSettings);
        }
        let qa_clock = (mode == AppMode::Qa).then(|| Arc::new(QaClock::load(&data_dir)));
        let clock: Arc<dyn latchkey_core::Clock> = match &qa_clock {
            Some(clock) => clock.clone(),
            None => Arc::new(latchkey_core::SystemClock),
        };
        tracing::info!(mode = mode.as_str(), "Latchkey mode");
        AppState {
            data_dir,
            store: OnceLock::new(),
            recipe: StoreRecipe { config, clock },
            store_wait: std::sync::Mutex::new(StoreWait::Opening),
            vault: tokio::sync::OnceCell::new(),
            keyring_service,
            session: Mutex::new(None),
            first_answers: Mutex::default(),
            device_label,
            disabled,
            mode,
            kiosk,
            kiosk_exited: AtomicBool::new(false),
            kiosk_exit_failures: std::sync::Mutex::new((0, None)),
            qa_clock,
            send_test_limit: SendTestLimit::default(),
            mail_config,
            keyring_notice_given: AtomicBool::new(false),
        }
    }

    /// The keyring vault; until the opening task has probed the keyring, an unavailable one
    /// (nothing asks for it before the store is open: the screens wait for that).
    pub(crate) fn vault(&self) -> &SessionVault {
        static NOT_YET: std::sync::LazyLock<SessionVault> = std::sync::LazyLock::new(|| SessionVault::Unavailable {
            reason: "the keyring is still being opened".to_owned(),
        });
        self.vault.get().unwrap_or(&NOT_YET)
    }

    /// Probes the keyring, once (a kiosk then forgets any remembered session).
    async fn open_vault(&self) -> &SessionVault {
        self.vault
            .get_or_init(|| async {
                let vault = SessionVault::open(&self.keyring_service).await;
                if self.mode == AppMode::Kiosk {
                    // Sessions end when a kiosk closes: a token remembered before it became one goes.
                    if let Err(e) = vault.delete(SESSION).await {
                        tracing::debug!(error = %e, "no remembered session to forget");
                    }
                }
                vault
            })
            .await
    }

    /// Opens the keyring (the first time), then the account store, and starts mail delivery.
    /// Nothing is kept when the store fails: a server store that is unreachable
    /// ([`is_unreachable`]) can be tried again later; why it failed is kept for
    /// [`AppState::store_status`].
    pub(crate) async fn open_store(&self) -> Result<(), Box<dyn std::error::Error>> {
        if self.store.get().is_some() {
            return Ok(());
        }
        let vault = self.open_vault().await;
        let StoreRecipe { config, clock } = &self.recipe;
        let secrets = store_secrets(config, vault).await;
        let opened = Latchkey::open_with_secrets(&self.data_dir, config.clone(), clock.clone(), secrets).await;
        let latchkey = match opened {
            Ok(latchkey) => latchkey,
            Err(e) => {
                let e: Box<dyn std::error::Error> = e.into();
                let wait = match is_unreachable(e.as_ref()) {
                    true => StoreWait::Unreachable(e.to_string()),
                    false => StoreWait::Failed(e.to_string()),
                };
                *self.store_wait.lock().unwrap_or_else(|p| p.into_inner()) = wait;
                return Err(e);
            }
        };
        if let Some(status) = latchkey.database_status() {
            tracing::info!(
                path = %status.path.display(),
                created = status.created,
                schema_version = status.schema_version,
                "database ready"
            );
        }
        // A wrong setting must not keep the app from starting, nor fall back to the dev mailbox
        // (which would unlock the settings screen and make codes readable in the app): mail is
        // held in the outbox and the problem is logged and shown on the settings screen.
        let settings = match resolve_or_hold_mail_settings(&latchkey, vault, &self.mail_config).await {
            Ok(settings) => settings,
            Err(e) => {
                *self.store_wait.lock().unwrap_or_else(|p| p.into_inner()) = StoreWait::Failed(e.to_string());
                return Err(e.into());
            }
        };
        // Once the store is open (not at every try while a server is unreachable).
        // Texts (issue 11): the dev SMS inbox unless a gateway is configured; its secret from
        // LATCHKEY_SMS_SECRET or the keyring (account `sms-secret`), never from a file.
        let sms_secret = match std::env::var(SMS_SECRET_VAR) {
            Ok(value) => Some(value),
            Err(_) => vault.load(crate::session_vault::SMS_SECRET).await.ok().flatten(),
        };
        let sms = latchkey_core::sms::SmsSettings::resolve_or_hold(&config.sms, |name| {
            if name == SMS_SECRET_VAR {
                sms_secret.clone()
            } else {
                std::env::var(name).ok()
            }
        });
        log_security_events(latchkey.subscribe());
        tracing::info!(mode = settings.mode(), "mail delivery starting");
        let delivery = spawn_delivery(DeliveryConfig {
            pool: latchkey.database().pool().clone(),
            key: latchkey.install_key().clone(),
            settings,
            clock: latchkey.clock().clone(),
            signal: latchkey.outbox_signal().clone(),
            options: Default::default(),
            sms,
        });
        if self.store.set(Store { latchkey, delivery }).is_err() {
            tracing::debug!("the store was opened twice; the second one is dropped");
        }
        Ok(())
    }

    /// `None` when the store is open; otherwise why not (yet).
    pub fn store_status(&self) -> Option<StoreWait> {
        if self.store.get().is_some() {
            return None;
        }
        Some(self.store_wait.lock().unwrap_or_else(|p| p.into_inner()).clone())
    }

    /// The account core; while the store is not open, `store_failed` if it cannot be, else
    /// `store_unreachable` (a server store not reached yet, or the first try still running).
    pub(crate) fn latchkey(&self) -> Result<&Latchkey, CommandError> {
        self.open().map(|store| &store.latchkey)
    }

    /// The mail delivery task, or the error of [`AppState::latchkey`].
    pub(crate) fn delivery(&self) -> Result<&DeliveryHandle, CommandError> {
        self.open().map(|store| &store.delivery)
    }

    fn open(&self) -> Result<&Store, CommandError> {
        self.store.get().ok_or_else(|| match self.store_status() {
            Some(StoreWait::Failed(why)) => CommandError::new(ErrorCode::StoreFailed, why),
            _ => CommandError::new(ErrorCode::StoreUnreachable, STORE_DOWN),
        })
    }

    /// The account signed in in this window, if any (a host command's route guard). A session
    /// that ended meanwhile counts as nobody (the watch then signs the window out). Asked again
    /// within a second, the answer comes from memory unless this app wrote since, so a session
    /// ended by another process or kiosk counts for up to a second more (see
    /// `Latchkey::validate_session`).
    pub async fn signed_in_account(&self) -> Option<AccountView> {
        let token = self.session.lock().await.as_ref()?.token.clone();
        let latchkey = self.latchkey().ok()?;
        latchkey.validate_session(&token).await.ok().map(|s| s.account)
    }

    /// The account core, for hosts that need more than the signed-in account; `None` until the
    /// store is open (it opens while the window starts; a server store that is unreachable,
    /// once it answers).
    pub fn core(&self) -> Option<&Latchkey> {
        self.store.get().map(|store| &store.latchkey)
    }

    /// Where the store lives.
    pub fn data_dir(&self) -> &std::path::Path {
        &self.data_dir
    }

    pub fn is_enabled(&self, feature: Feature) -> bool {
        !self.disabled.contains(&feature)
    }

    /// The mode this run is in.
    pub fn mode(&self) -> AppMode {
        self.mode
    }

    /// Kiosk mode and the operator has not left it: no "Remember me", no closing the window.
    pub fn kiosk_locked(&self) -> bool {
        self.mode == AppMode::Kiosk && !self.kiosk_exited.load(Ordering::SeqCst)
    }

    /// QA's clock, or `qa_mode_off`: QA commands are refused, not only hidden, outside QA mode.
    pub(crate) fn require_qa(&self) -> Result<&QaClock, CommandError> {
        self.qa_clock.as_deref().ok_or_else(|| {
            CommandError::new(
                ErrorCode::QaModeOff,
                "QA tools work only in QA mode (start Latchkey with --qa, or LATCHKEY_MODE=qa).",
            )
        })
    }

    /// `feature_disabled` unless the host left `feature` on.
    pub(crate) fn require(&self, feature: Feature) -> Result<(), CommandError> {
        if self.is_enabled(feature) {
            Ok(())
        } else {
            Err(CommandError::new(
                ErrorCode::FeatureDisabled,
                "This part of Latchkey is turned off in this app.",
            ))
        }
    }

    /// Checks this window's session against the store. When it has ended (elsewhere, or by
    /// time), forgets it in memory and in the keyring and says why; `None` while it lives, when
    /// nobody is signed in, or when the store cannot be asked right now (checked again later).
    pub(crate) async fn check_session(&self) -> Option<SignedOutReason> {
        let mut slot = self.session.lock().await;
        let token = slot.as_ref()?.token.clone();
        let latchkey = self.latchkey().ok()?;
        // From the store, not from a check made a moment ago: the watch is how a window learns
        // what another process or kiosk did to its session.
        let reason = match latchkey.validate_session_in_store(&token).await {
            Ok(_) => return None,
            Err(SessionError::Internal(e)) => {
                tracing::warn!(error = %e, "could not check this window's session; trying again later");
                return None;
            }
            Err(SessionError::Expired) => SignedOutReason::Expired,
            Err(SessionError::Revoked { .. } | SessionError::Unknown) => SignedOutReason::Revoked,
        };
        slot.take();
        drop(slot);
        if let Err(e) = self.vault().delete(SESSION).await {
            tracing::debug!(error = %e, "no remembered session to forget");
        }
        Some(reason)
    }

    /// The mail settings in force: environment > saved by the settings screen > config file >
    /// dev mailbox; the SMTP password from the environment or the OS keyring.
    pub async fn resolve_mail_settings(&self) -> Result<MailSettings, CommandError> {
        resolve_mail_settings(self.latchkey()?, self.vault(), &self.mail_config).await
    }

    /// A database connection for `doing` (named in the error if none can be had).
    pub async fn connection(&self, doing: &str) -> Result<latchkey_core::store::ReadConn, CommandError> {
        self.latchkey()?
            .database()
            .pool()
            .acquire()
            .await
            .map_err(|e| CommandError::internal(doing, e))
    }

    /// The "sessions are not remembered" sentence, the first time only.
    pub fn keyring_notice_once(&self) -> Option<String> {
        let reason = self.vault().unavailable_reason()?;
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

/// "`<product>` on `<host name>`".
pub(crate) fn device_label(product: &str) -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "this computer".to_owned());
    format!("{product} on {host}")
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

/// The environment variable of the SMS gateway's secret (it wins over the keyring).
const SMS_SECRET_VAR: &str = "LATCHKEY_SMS_SECRET";

/// A server store's password and fleet key, from the keyring (never from a file); environment
/// variables still win inside the core. Nothing for the embedded SQLite store. Shared by the
/// app and the admin command line, so both open the same store the same way.
pub(crate) async fn store_secrets(
    config: &latchkey_core::config::Config,
    vault: &SessionVault,
) -> latchkey_core::StoreSecrets {
    if config.database_url.trim().is_empty() {
        return latchkey_core::StoreSecrets::default();
    }
    latchkey_core::StoreSecrets {
        database_password: vault
            .load(crate::session_vault::DATABASE_PASSWORD)
            .await
            .ok()
            .flatten()
            .map(secrecy::SecretString::from),
        fleet_key: vault.load(crate::session_vault::FLEET_KEY).await.ok().flatten(),
    }
}
