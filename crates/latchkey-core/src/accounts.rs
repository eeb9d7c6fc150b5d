//! The facade: [`Latchkey`] holds what every account flow needs (database, settings, install
//! key, clock, randomness, mail signal, event stream). The flows themselves live in
//! `register.rs`, `verify_email.rs`, `log_in.rs`, `sessions.rs` and `reset_password.rs`, each as
//! `impl Latchkey` methods named after the flow.

use std::path::Path;
use std::sync::Arc;

use hmac::{KeyInit, Mac};
use tokio::sync::broadcast;

use crate::audit::{AuditEvent, EVENT_BUFFER};
use crate::clock::{Clock, SystemClock, Timestamp};
use crate::config::{Config, ConfigError};
use crate::ids::{IdentifierKey, SessionId, SessionToken};
use crate::mail::OutboxSignal;
use crate::password_hashing::PasswordHashing;
use crate::random::SecureRandom;
use crate::secret_key::{InstallKey, KeyError};
use crate::store::accounts::AccountRecord;
use crate::store::{self, Database, DatabaseStatus, StorageError};

pub use crate::ids::AccountId;

/// What the UI may show about an account. Holds no secret.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AccountView {
    pub id: AccountId,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub username: String,
    pub phone: String,
    pub email_verified: bool,
    pub created_at: Timestamp,
}

impl AccountRecord {
    pub(crate) fn view(&self) -> AccountView {
        AccountView {
            id: self.id(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            email: self.email.clone(),
            username: self.username.clone(),
            phone: shown_phone(&self.phone_e164).to_owned(),
            email_verified: self.is_verified(),
            created_at: Timestamp(self.created_at),
        }
    }

    /// What a password must not be built from.
    pub(crate) fn personal_words(&self) -> [&str; 4] {
        [&self.first_name, &self.last_name, &self.email, &self.username]
    }
}

/// Accounts made without a phone number (`latchkey admin create` without `--phone`) hold a
/// unique placeholder starting with this in `phone_e164`; it is shown as no number.
pub(crate) const NO_PHONE_PREFIX: &str = "none:";

/// The phone as shown: empty for the no-phone placeholder.
pub(crate) fn shown_phone(stored: &str) -> &str {
    if stored.starts_with(NO_PHONE_PREFIX) {
        ""
    } else {
        stored
    }
}

/// `(m, t, p)` from the start of an argon2 PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`).
fn phc_cost(phc: &str) -> Option<(u32, u32, u32)> {
    let params = phc.split('$').nth(3)?;
    let mut cost = (None, None, None);
    for pair in params.split(',') {
        match pair.split_once('=')? {
            ("m", v) => cost.0 = v.parse().ok(),
            ("t", v) => cost.1 = v.parse().ok(),
            ("p", v) => cost.2 = v.parse().ok(),
            _ => {}
        }
    }
    Some((cost.0?, cost.1?, cost.2?))
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(transparent)]
    Key(#[from] KeyError),
}

/// The result of a successful sign-in (log in, or email verification).
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub account: AccountView,
    pub session_id: SessionId,
    /// Shown once; only its hash is stored.
    pub token: SessionToken,
}

/// Everything [`Latchkey`] is made of, for callers (tests, benches, the shell) that build the
/// parts themselves.
#[derive(Debug)]
pub struct LatchkeyParts {
    pub database: Database,
    pub config: Config,
    pub key: InstallKey,
    pub clock: Arc<dyn Clock>,
    pub random: SecureRandom,
    pub outbox: OutboxSignal,
}

/// Secrets of a server store that the shell found in the OS keyring (never in a file).
#[derive(Default)]
pub struct StoreSecrets {
    pub database_password: Option<secrecy::SecretString>,
    /// 64 hex digits.
    pub fleet_key: Option<String>,
}

impl std::fmt::Debug for StoreSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StoreSecrets(<redacted>)")
    }
}

/// The account core. Cheap to clone (clones share the database pool, the clock, the RNG and
/// the event stream); safe to use from many tasks at once.
#[derive(Debug, Clone)]
pub struct Latchkey {
    pub(crate) db: Database,
    pub(crate) config: Arc<Config>,
    pub(crate) key: InstallKey,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) random: SecureRandom,
    pub(crate) outbox: OutboxSignal,
    pub(crate) events: broadcast::Sender<AuditEvent>,
    pub(crate) hashing: PasswordHashing,
    /// Held (shared) by work a flow does after answering; [`Latchkey::settle`] waits for it.
    pub(crate) after_answer: Arc<tokio::sync::RwLock<()>>,
    /// How long registrations of new and of taken addresses took lately; the faster kind of
    /// answer waits the difference (see [`crate::pace`]).
    pub(crate) registration_pace: Arc<crate::pace::Pace>,
    /// The same for changes of address to a free address and to a taken one.
    pub(crate) email_change_pace: Arc<crate::pace::Pace>,
    /// Recent "live" answers of `validate_session` (see [`crate::session_cache`]).
    pub(crate) session_cache: Arc<crate::session_cache::SessionCache>,
    status: Option<DatabaseStatus>,
}

impl Latchkey {
    /// Production set-up: opens (creating and migrating) `<data_dir>/latchkey.db`, loads or
    /// creates `<data_dir>/install.key`, uses the system clock and the OS RNG. `config` is
    /// validated first.
    pub async fn open(data_dir: &Path, config: Config) -> Result<Latchkey, OpenError> {
        Latchkey::open_with_clock(data_dir, config, Arc::new(SystemClock)).await
    }

    /// [`Latchkey::open`] with another clock (QA mode's movable one: time travel).
    pub async fn open_with_clock(
        data_dir: &Path,
        config: Config,
        clock: Arc<dyn Clock>,
    ) -> Result<Latchkey, OpenError> {
        Latchkey::open_with_secrets(data_dir, config, clock, StoreSecrets::default()).await
    }

    /// [`Latchkey::open_with_clock`] with the secrets of a server store that the shell read
    /// from the OS keyring (`LATCHKEY_DATABASE_PASSWORD` and `LATCHKEY_FLEET_KEY` still win).
    pub async fn open_with_secrets(
        data_dir: &Path,
        config: Config,
        clock: Arc<dyn Clock>,
        secrets: StoreSecrets,
    ) -> Result<Latchkey, OpenError> {
        config.validate()?;
        let location = store::Location::from_config(&config, data_dir, secrets.database_password)?;
        let (database, status) = Database::open(&location).await?;
        let key = match database.backend() {
            store::Backend::Sqlite => InstallKey::load_or_create(data_dir)?,
            // A fleet shares one install key, kept in the database wrapped by the fleet key.
            store::Backend::Postgres => {
                let fleet = store::fleet_key::FleetKey::from_env_or(secrets.fleet_key)?;
                store::fleet_key::install_key(&database, &fleet, InstallKey::generate()?, clock.now()).await?
            }
        };
        let mut latchkey = Latchkey::from_parts(LatchkeyParts {
            database,
            config,
            key,
            clock,
            random: SecureRandom::os(),
            outbox: OutboxSignal::default(),
        });
        latchkey.status = Some(status);
        if let Err(e) = latchkey.calibrate_dummy_hash().await {
            tracing::warn!(error = %e, "could not read the stored password costs");
        }
        if let Err(e) = latchkey.prune_login_throttle().await {
            tracing::warn!(error = %e, "could not prune old sign-in failure records");
        }
        // Best effort: if it fails here it is computed (and reported) at the first log-in.
        let _ = latchkey.hashing.warm_up().await;
        Ok(latchkey)
    }

    /// Assembles a `Latchkey` from explicit parts. `parts.config` must be valid
    /// ([`Config::validate`]); invalid argon2 settings fall back to the defaults.
    pub fn from_parts(parts: LatchkeyParts) -> Latchkey {
        let params = parts.config.argon2_params().unwrap_or_default();
        let (events, _) = broadcast::channel(EVENT_BUFFER);
        Latchkey {
            db: parts.database,
            config: Arc::new(parts.config),
            key: parts.key,
            clock: parts.clock,
            random: parts.random,
            outbox: parts.outbox,
            events,
            hashing: PasswordHashing::new(params),
            after_answer: Arc::new(tokio::sync::RwLock::new(())),
            registration_pace: Arc::default(),
            email_change_pace: Arc::default(),
            session_cache: Arc::default(),
            status: None,
        }
    }

    /// Makes the dummy verification (for identifiers without an account) cost what checking a
    /// stored password costs: the argon2 cost most stored hashes were made with, or the
    /// configured one when there are none. Stored hashes keep their cost until their owner signs
    /// in, so right after the configured cost is raised this is the old cost (issue 8, item 4).
    /// [`Latchkey::open`] calls it; callers of [`Latchkey::from_parts`] may.
    pub async fn calibrate_dummy_hash(&self) -> Result<(u32, u32, u32), store::Error> {
        let prefixes = store::accounts::password_hash_prefixes(self.db.pool()).await?;
        let mut counts: std::collections::HashMap<(u32, u32, u32), usize> = std::collections::HashMap::new();
        for prefix in &prefixes {
            if let Some(cost) = phc_cost(prefix) {
                *counts.entry(cost).or_default() += 1;
            }
        }
        if let Some((&(m, t, p), _)) = counts.iter().max_by_key(|&(cost, n)| (*n, *cost))
            && let Ok(params) = argon2::Params::new(m, t, p, None)
        {
            self.hashing.set_dummy_cost(params);
        }
        Ok(self.hashing.dummy_cost())
    }

    /// Waits until the work flows do after answering is done (today: issuing a requested reset
    /// code, which is done after the answer so that the answer takes as long whether or not the
    /// account exists). For tests and orderly shutdown; the flows never need it.
    pub async fn settle(&self) {
        drop(self.after_answer.write().await);
    }

    /// Security events from now on, as they are committed.
    pub fn subscribe(&self) -> broadcast::Receiver<AuditEvent> {
        self.events.subscribe()
    }

    pub fn database(&self) -> &Database {
        &self.db
    }

    /// Set when this value was made by [`Latchkey::open`].
    pub fn database_status(&self) -> Option<&DatabaseStatus> {
        self.status.as_ref()
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn install_key(&self) -> &InstallKey {
        &self.key
    }

    /// The signal the mail delivery task waits on.
    /// Where "now" comes from (the shell stamps mailbox reads and settings with it).
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    pub fn outbox_signal(&self) -> &OutboxSignal {
        &self.outbox
    }

    /// The keyed hash standing in for the case-folded identifier `folded` in the database.
    pub(crate) fn identifier_key(&self, folded: &str) -> IdentifierKey {
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&self.key.subkey("identifier-keys"))
            .expect("HMAC takes any key length");
        mac.update(folded.as_bytes());
        IdentifierKey(hex::encode(mac.finalize().into_bytes()))
    }

    /// The store's clock's "now" (QA time travel included).
    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }
}
