use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use latchkey_core::mail::outbox;
use latchkey_core::{
    CodeStatus, Config, InstallKey, Latchkey, LatchkeyParts, ManualClock, RegistrationForm, SecureRandom, SignedIn,
    Timestamp,
};
use secrecy::SecretString;
use tempfile::TempDir;

pub const START: Timestamp = Timestamp(1_700_000_000_000);
pub const PASSWORD: &str = "correct horse battery staple";
pub const DEVICE: &str = "Test laptop";

pub struct TestApp {
    pub dir: TempDir,
    pub latchkey: Latchkey,
    pub clock: ManualClock,
    pub key: InstallKey,
    /// The last pending-registration handle `register` got for each address (lower case).
    handles: std::sync::Mutex<std::collections::HashMap<String, String>>,
}

/// Light argon2 settings: the tests check behaviour, not cost (the benches use the defaults).
pub fn test_config() -> Config {
    Config {
        argon2_memory_kib: 1024,
        argon2_iterations: 1,
        ..Config::default()
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(test_config()).await
}

pub async fn spawn_app_with(config: Config) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let key = InstallKey::from_bytes([42; 32]);
    let clock = ManualClock::new(START);
    let latchkey = open_in(dir.path(), config, &key, &clock).await;
    TestApp {
        dir,
        latchkey,
        clock,
        key,
        handles: Default::default(),
    }
}

/// A test app on a SQLite file whatever the run's backend (the source of `store copy`).
pub async fn spawn_sqlite_app() -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let key = InstallKey::from_bytes([42; 32]);
    let clock = ManualClock::new(START);
    let (database, _) = latchkey_core::Database::open_in(dir.path()).await.unwrap();
    let latchkey = Latchkey::from_parts(LatchkeyParts {
        database,
        config: test_config(),
        key: key.clone(),
        clock: Arc::new(clock.clone()),
        random: SecureRandom::seeded(7),
        outbox: Default::default(),
    });
    TestApp {
        dir,
        latchkey,
        clock,
        key,
        handles: Default::default(),
    }
}

/// A `Latchkey` over the database in `dir` (as after a restart).
pub async fn open_in(dir: &Path, config: Config, key: &InstallKey, clock: &ManualClock) -> Latchkey {
    open_in_seeded(dir, config, key, clock, 7).await
}

/// [`open_in`] with its own random seed: a second instance running *next to* the first (a
/// second process) must not draw the same handles and tokens as the first did.
pub async fn open_in_seeded(dir: &Path, config: Config, key: &InstallKey, clock: &ManualClock, seed: u64) -> Latchkey {
    let (database, _) = crate::backend::open_store(dir).await;
    Latchkey::from_parts(LatchkeyParts {
        database,
        config,
        key: key.clone(),
        clock: Arc::new(clock.clone()),
        random: SecureRandom::seeded(seed),
        outbox: Default::default(),
    })
}

pub fn form(n: u32) -> RegistrationForm {
    RegistrationForm {
        first_name: "Ana".to_owned(),
        last_name: "Kowalska".to_owned(),
        email: format!("ana{n}@example.org"),
        phone: format!("+1 415 555 {:04}", 1000 + n),
        username: format!("ana_{n}"),
        password: SecretString::from(PASSWORD),
    }
}

pub fn secret(s: &str) -> SecretString {
    SecretString::from(s)
}

/// A message in the outbox, opened.
#[derive(Debug, Clone)]
pub struct Mail {
    pub id: i64,
    pub recipient: String,
    pub purpose: String,
    pub text: String,
}

impl Mail {
    /// The first group of `length` digits in the text (digits may be grouped by spaces or
    /// dashes, so template wording can change freely).
    pub fn code(&self, length: usize) -> String {
        let chars: Vec<char> = self.text.chars().collect();
        let digit_at = |i: Option<usize>| i.and_then(|i| chars.get(i)).is_some_and(char::is_ascii_digit);
        let compact: String = chars
            .iter()
            .enumerate()
            .filter(|&(i, &c)| !((c == ' ' || c == '-') && digit_at(i.checked_sub(1)) && digit_at(Some(i + 1))))
            .map(|(_, &c)| c)
            .collect();
        compact
            .split(|c: char| !c.is_ascii_digit())
            .find(|group| group.len() == length)
            .unwrap_or_else(|| panic!("no {length}-digit code in mail {}: {}", self.id, self.text))
            .to_owned()
    }
}

impl TestApp {
    pub fn pool(&self) -> &latchkey_core::store::Pool {
        self.latchkey.database().pool()
    }

    pub fn now(&self) -> Timestamp {
        latchkey_core::Clock::now(&self.clock)
    }

    pub fn advance(&self, d: Duration) {
        self.clock.advance(d);
    }

    /// What the mail task does: marks every queued message as delivered now.
    pub async fn deliver_all(&self) {
        self.latchkey.settle().await;
        sqlx::query("UPDATE outbox SET status = 'delivered_locally', sent_at = $1 WHERE sent_at IS NULL")
            .bind(self.now().millis())
            .execute(self.pool())
            .await
            .unwrap();
    }

    pub async fn settle_and_deliver(&self) {
        self.deliver_all().await;
    }

    pub async fn mails(&self) -> Vec<Mail> {
        self.latchkey.settle().await;
        let rows: Vec<(i64, String, String, Vec<u8>)> =
            sqlx::query_as("SELECT id, recipient, purpose, body_sealed FROM outbox ORDER BY id")
                .fetch_all(self.pool())
                .await
                .unwrap();
        rows.into_iter()
            .map(|(id, recipient, purpose, sealed)| Mail {
                id,
                recipient,
                purpose,
                text: outbox::open(&self.key, &sealed).expect("sealed with the install key").0,
            })
            .collect()
    }

    pub async fn last_mail(&self, recipient: &str, purpose: &str) -> Mail {
        self.mails()
            .await
            .into_iter()
            .rev()
            .find(|m| m.recipient.eq_ignore_ascii_case(recipient) && m.purpose == purpose)
            .unwrap_or_else(|| panic!("no {purpose} mail to {recipient}"))
    }

    pub async fn code_sent_to(&self, recipient: &str, purpose: &str) -> String {
        self.last_mail(recipient, purpose)
            .await
            .code(self.latchkey.config().code_length)
    }

    pub async fn count(&self, table: &str) -> i64 {
        let sql = match table {
            "accounts" => "SELECT COUNT(*) FROM accounts",
            "outbox" => "SELECT COUNT(*) FROM outbox",
            "one_time_codes" => "SELECT COUNT(*) FROM one_time_codes",
            "sessions" => "SELECT COUNT(*) FROM sessions",
            "audit_events" => "SELECT COUNT(*) FROM audit_events",
            "login_throttle" => "SELECT COUNT(*) FROM login_throttle",
            other => panic!("no count for {other}"),
        };
        sqlx::query_scalar(sql).fetch_one(self.pool()).await.unwrap()
    }

    /// Registers `form(n)`, delivers the code and verifies: a signed-in, verified account.
    pub async fn verified_account(&self, n: u32) -> (RegistrationForm, SignedIn) {
        let form = form(n);
        self.register(form.clone()).await.unwrap();
        self.deliver_all().await;
        let code = self.code_sent_to(&form.email, "verify_email").await;
        let signed_in = self
            .latchkey
            .verify_email(&self.h(&form.email), &code, DEVICE)
            .await
            .unwrap();
        (form, signed_in)
    }

    /// The status of `identifier`'s code: for `VerifyEmail`, through the handle the last
    /// registration of that address got.
    pub async fn status(&self, identifier: &str, purpose: latchkey_core::CodePurpose) -> CodeStatus {
        let target = match purpose {
            latchkey_core::CodePurpose::VerifyEmail => self.h(identifier),
            latchkey_core::CodePurpose::ResetPassword | latchkey_core::CodePurpose::SignIn => identifier.to_owned(),
            latchkey_core::CodePurpose::VerifyPhone => panic!("a phone code has phone_status"),
            latchkey_core::CodePurpose::ChangeEmail => panic!("a change of email has email_change_status"),
            latchkey_core::CodePurpose::DeleteAccount => panic!("a deletion code has delete_code_status"),
        };
        self.latchkey.code_status(&target, purpose).await.unwrap()
    }

    /// Registers and remembers the handle for the address.
    pub async fn register(
        &self,
        form: RegistrationForm,
    ) -> Result<latchkey_core::Registered, latchkey_core::RegisterError> {
        let email = form.email.trim().to_lowercase();
        let registered = self.latchkey.register(form).await?;
        self.remember_handle(&email, registered.handle.as_str());
        Ok(registered)
    }

    pub fn remember_handle(&self, email: &str, handle: &str) {
        self.handles
            .lock()
            .unwrap()
            .insert(email.to_lowercase(), handle.to_owned());
    }

    /// The handle the last registration of `email` got; a never-issued one if none.
    pub fn h(&self, email: &str) -> String {
        self.handles
            .lock()
            .unwrap()
            .get(&email.trim().to_lowercase())
            .cloned()
            .unwrap_or_else(|| "0".repeat(64))
    }
}
