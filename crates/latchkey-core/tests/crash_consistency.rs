//! Crash consistency: a worker process runs the account flows (register, verify, sign in and
//! out, password reset, a second registration of a taken address) with mail delivery running
//! into the dev mailbox, and is killed with SIGKILL at random moments. After every kill the
//! store must reopen with its invariants intact (see [`check_invariants`]) and
//! `Latchkey::open` must succeed on it, as the app's start-up would.
//!
//! The worker is this same test binary, re-run with `--ignored --exact crash_worker` and
//! `LATCHKEY_CRASH_WORKER_DIR` set. Number of kills: `LATCHKEY_CRASH_KILLS` (default 20;
//! `scripts/test.sh --long` sets 200). The random schedule's seed is printed; set
//! `LATCHKEY_CRASH_SEED` to replay one.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use latchkey_core::mail::{DeliveryConfig, DeliveryOptions, MailSettings, outbox, spawn_delivery};
use latchkey_core::{CodePurpose, Config, Latchkey, LogInError, RegistrationForm};
use secrecy::SecretString;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};

const WORKER_DIR_VAR: &str = "LATCHKEY_CRASH_WORKER_DIR";
const PASSWORD: &str = "correct horse battery staple";
const NEW_PASSWORD: &str = "plum orbit kettle ninety three";
const DEVICE: &str = "crash test";

/// Light argon2 settings: more flows between two kills (the cost does not change what is
/// written, only how long it takes).
fn config() -> Config {
    Config {
        argon2_memory_kib: 1024,
        argon2_iterations: 1,
        ..Config::default()
    }
}

/// A small xorshift generator: the kill schedule must be replayable from a printed seed.
struct Schedule(u64);

impl Schedule {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn the_store_survives_sigkill_at_random_moments() {
    let kills: u32 = std::env::var("LATCHKEY_CRASH_KILLS")
        .ok()
        .map(|v| v.parse().expect("LATCHKEY_CRASH_KILLS is a number"))
        .unwrap_or(20);
    let seed: u64 = std::env::var("LATCHKEY_CRASH_SEED")
        .ok()
        .map(|v| v.parse().expect("LATCHKEY_CRASH_SEED is a number"))
        .unwrap_or_else(|| SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos() as u64 | 1);
    eprintln!("crash consistency: {kills} kills, LATCHKEY_CRASH_SEED={seed}");
    let mut schedule = Schedule(seed);
    let dir = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();

    for kill in 1..=kills {
        // Up to 1.5 s: some kills land in start-up (open, migrate, key), most in the flows.
        let after = Duration::from_millis(schedule.next() % 1500);
        let mut worker = Command::new(std::env::current_exe().unwrap())
            .args([
                "crash_worker",
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads",
                "1",
            ])
            .env(WORKER_DIR_VAR, dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the worker");
        let deadline = Instant::now() + after;
        while Instant::now() < deadline {
            if let Some(status) = worker.try_wait().unwrap() {
                let output = worker.wait_with_output().unwrap();
                panic!(
                    "kill {kill}: the worker stopped by itself ({status}) before being killed:\n{}",
                    String::from_utf8_lossy(&output.stderr)
                );
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        worker.kill().expect("SIGKILL the worker"); // Child::kill is SIGKILL on Unix
        worker.wait().unwrap();

        runtime.block_on(async {
            if let Err(problem) = check_invariants(dir.path()).await {
                panic!("kill {kill} (after {after:?}, seed {seed}): {problem}");
            }
            let latchkey = Latchkey::open(dir.path(), config())
                .await
                .unwrap_or_else(|e| panic!("kill {kill}: Latchkey::open fails after the crash: {e}"));
            latchkey.database().close().await;
        });
    }

    // The test proves something only if the worker got far enough to write every kind of row.
    runtime.block_on(async {
        let pool = raw_pool(dir.path()).await;
        let count = |sql: &'static str| {
            let pool = pool.clone();
            async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(&pool).await.unwrap() }
        };
        let accounts = count("SELECT count(*) FROM accounts").await;
        let verified = count("SELECT count(*) FROM accounts WHERE email_verified_at IS NOT NULL").await;
        let resets =
            count("SELECT count(*) FROM one_time_codes WHERE purpose = 'reset_password' AND consumed_at IS NOT NULL")
                .await;
        let delivered = count("SELECT count(*) FROM outbox WHERE status = 'delivered_locally'").await;
        eprintln!(
            "crash consistency: {kills} kills survived; {accounts} accounts, {verified} verified, \
             {resets} passwords reset, {delivered} mails delivered"
        );
        assert!(verified > 0 && resets > 0, "the worker never got through a whole flow");
        pool.close().await;
    });
}

/// The checker itself must see a broken store: a code whose mail is gone.
#[tokio::test]
async fn the_invariant_check_catches_a_code_without_its_mail() {
    let dir = tempfile::tempdir().unwrap();
    let latchkey = Latchkey::open(dir.path(), config()).await.unwrap();
    let form = RegistrationForm {
        first_name: "Ana".to_owned(),
        last_name: "Kowalska".to_owned(),
        email: "ana@example.org".to_owned(),
        phone: "+1 415 555 1000".to_owned(),
        username: "ana".to_owned(),
        password: SecretString::from(PASSWORD),
    };
    latchkey.register(form).await.unwrap();
    latchkey.database().close().await;
    check_invariants(dir.path())
        .await
        .expect("a fresh registration is consistent");

    let pool = raw_pool(dir.path()).await;
    sqlx::query("UPDATE one_time_codes SET outbox_id = NULL")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let problem = check_invariants(dir.path()).await.unwrap_err();
    assert!(problem.contains("without its"), "{problem}");
}

async fn raw_pool(dir: &Path) -> SqlitePool {
    let options = SqliteConnectOptions::new().filename(dir.join("latchkey.db"));
    SqlitePool::connect_with(options)
        .await
        .expect("the database file opens")
}

/// The invariants, as SQL over the file the killed worker left. Each query returns the rows
/// that break its rule.
async fn check_invariants(dir: &Path) -> Result<(), String> {
    if !dir.join("latchkey.db").exists() {
        return Ok(()); // killed before the database was created
    }
    let pool = raw_pool(dir).await;
    let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&pool)
        .await
        .map_err(|e| e.to_string())?;
    if integrity != ["ok"] {
        return Err(format!("integrity_check: {integrity:?}"));
    }
    let has_schema: i64 = sqlx::query_scalar("SELECT count(*) FROM sqlite_master WHERE name = 'accounts'")
        .fetch_one(&pool)
        .await
        .map_err(|e| e.to_string())?;
    if has_schema == 0 {
        pool.close().await;
        return Ok(()); // killed during the first migration: it reruns on the next open
    }
    let rules: [(&str, &'static str); 10] = [
        (
            "foreign keys",
            "SELECT \"table\" || ' row ' || rowid FROM pragma_foreign_key_check",
        ),
        (
            "an account without its verification code and mail",
            "SELECT a.id FROM accounts a WHERE NOT EXISTS (
                 SELECT 1 FROM one_time_codes c JOIN outbox o ON o.id = c.outbox_id
                 WHERE c.account_id = a.id AND c.purpose = 'verify_email'
                   AND o.purpose = 'verify_email' AND o.recipient = a.email)",
        ),
        (
            "a code without its mail",
            "SELECT c.id FROM one_time_codes c LEFT JOIN outbox o ON o.id = c.outbox_id
             JOIN accounts a ON a.id = c.account_id
             WHERE o.id IS NULL OR o.purpose <> c.purpose OR o.recipient <> a.email",
        ),
        (
            "a decoy code neither mailed nor with a simulated delivery time",
            "SELECT d.id FROM decoy_codes d LEFT JOIN outbox o ON o.id = d.outbox_id
             WHERE (d.outbox_id IS NULL AND d.sent_at IS NULL) OR (d.outbox_id IS NOT NULL AND o.id IS NULL)",
        ),
        (
            "a duplicate address",
            "SELECT lower(email) FROM accounts GROUP BY lower(email) HAVING count(*) > 1",
        ),
        (
            "a duplicate username or phone",
            "SELECT username_key FROM accounts GROUP BY username_key HAVING count(*) > 1
             UNION ALL SELECT phone_e164 FROM accounts GROUP BY phone_e164 HAVING count(*) > 1",
        ),
        (
            "a verified account without a used verification code",
            "SELECT a.id FROM accounts a WHERE a.email_verified_at IS NOT NULL AND NOT EXISTS (
                 SELECT 1 FROM one_time_codes c
                 WHERE c.account_id = a.id AND c.purpose = 'verify_email' AND c.consumed_at IS NOT NULL)",
        ),
        (
            "a live session of an unverified account",
            "SELECT s.id FROM sessions s JOIN accounts a ON a.id = s.account_id
             WHERE s.revoked_at IS NULL AND a.email_verified_at IS NULL",
        ),
        (
            "a used code that its mail never announced",
            "SELECT c.id FROM one_time_codes c JOIN outbox o ON o.id = c.outbox_id
             WHERE c.consumed_at IS NOT NULL AND o.sent_at IS NULL",
        ),
        (
            "mail marked sent without a time, or a time without being sent",
            "SELECT id FROM outbox WHERE (status IN ('sent', 'delivered_locally')) <> (sent_at IS NOT NULL)",
        ),
    ];
    for (rule, sql) in rules {
        let offenders = first_column(&pool, sql).await?;
        if !offenders.is_empty() {
            pool.close().await;
            return Err(format!("{rule}: {offenders:?}"));
        }
    }
    pool.close().await;
    Ok(())
}

async fn first_column(pool: &SqlitePool, sql: &'static str) -> Result<Vec<String>, String> {
    use sqlx::Row;
    let rows = sqlx::query(sql)
        .fetch_all(pool)
        .await
        .map_err(|e| format!("{sql}: {e}"))?;
    Ok(rows
        .iter()
        .map(|row| {
            row.try_get::<String, _>(0)
                .or_else(|_| row.try_get::<i64, _>(0).map(|v| v.to_string()))
                .unwrap_or_else(|_| "?".to_owned())
        })
        .collect())
}

/// The worker: runs the flows until it is killed. Does nothing in a normal test run.
#[test]
#[ignore = "run by the_store_survives_sigkill_at_random_moments as its child process"]
fn crash_worker() {
    let Some(dir) = std::env::var_os(WORKER_DIR_VAR) else {
        return;
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(work(Path::new(&dir)));
}

async fn work(dir: &Path) {
    let latchkey = Latchkey::open(dir, config()).await.expect("open the store");
    let _delivery = spawn_delivery(DeliveryConfig {
        pool: latchkey.database().pool().clone(),
        key: latchkey.install_key().clone(),
        settings: MailSettings::dev_mailbox(),
        clock: latchkey.clock().clone(),
        signal: latchkey.outbox_signal().clone(),
        options: DeliveryOptions {
            poll_interval: Duration::from_millis(50),
            ..DeliveryOptions::default()
        },
        sms: Default::default(),
    });
    let pool = latchkey.database().pool().clone();
    // Numbers for phone numbers: past every account already committed. Usernames and
    // addresses also carry this worker's start time, so they never repeat across workers.
    let mut n: i64 = sqlx::query_scalar("SELECT coalesce(max(id), 0) FROM accounts")
        .fetch_one(&pool)
        .await
        .unwrap();
    let tag = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() % 1_000_000_000;
    let latchkey = Arc::new(latchkey);
    loop {
        n += 1;
        let email = format!("p{n}.{tag}@example.org");
        let form = RegistrationForm {
            first_name: "Ana".to_owned(),
            last_name: "Kowalska".to_owned(),
            email: email.clone(),
            phone: format!("+1 415 {} {:04}", 555 + n / 9000, 1000 + n % 9000),
            username: format!("u{n}_{tag}"),
            password: SecretString::from(PASSWORD),
        };
        let registered = latchkey.register(form.clone()).await.expect("register");

        let code = mailed_code(&latchkey, &pool, &email, "verify_email").await;
        // The code verifies the registration its handle names (not whatever waits for the address).
        let signed_in = latchkey
            .verify_email(registered.handle.as_str(), &code, DEVICE)
            .await
            .expect("verify");
        latchkey.validate_session(&signed_in.token).await.expect("validate");
        latchkey.log_out(&signed_in.token).await.expect("log out");

        if n % 3 == 0 {
            // A taken address (own username and phone): the same answer, and a notice to the
            // owner instead of a code.
            let again = RegistrationForm {
                username: format!("v{n}_{tag}"),
                phone: format!("+1 628 {} {:04}", 555 + n / 9000, 1000 + n % 9000),
                ..form
            };
            latchkey.register(again).await.expect("register a taken address");
        }
        if n % 2 == 0 {
            latchkey.request_password_reset(&email).await.expect("request a reset");
            let code = mailed_code(&latchkey, &pool, &email, "reset_password").await;
            latchkey
                .reset_password(&email, &code, SecretString::from(NEW_PASSWORD))
                .await
                .expect("reset the password");
            let signed_in = latchkey
                .log_in(&email, SecretString::from(NEW_PASSWORD), DEVICE)
                .await
                .expect("sign in with the new password");
            latchkey
                .log_out_everywhere(&signed_in.token)
                .await
                .expect("sign out everywhere");
        } else {
            match latchkey
                .log_in(&email, SecretString::from("not the password at all"), DEVICE)
                .await
            {
                Err(LogInError::InvalidCredentials) => {}
                other => panic!("a wrong password: {other:?}"),
            }
        }
        let _ = latchkey.code_status(&email, CodePurpose::VerifyEmail).await;
    }
}

/// The code in the newest `purpose` mail to `email`, once the delivery task has put it in
/// the dev mailbox (a code counts from the moment its mail leaves).
async fn mailed_code(latchkey: &Latchkey, pool: &latchkey_core::store::Pool, email: &str, purpose: &str) -> String {
    let length = latchkey.config().code_length;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let row: Option<Vec<u8>> = sqlx::query_scalar(
            "SELECT body_sealed FROM outbox WHERE recipient = $1 AND purpose = $2 AND status = 'delivered_locally'
             ORDER BY id DESC LIMIT 1",
        )
        .bind(email)
        .bind(purpose)
        .fetch_optional(pool)
        .await
        .unwrap();
        if let Some(sealed) = row {
            let (text, _) = outbox::open(latchkey.install_key(), &sealed).expect("the mail opens");
            return first_digit_group(&text, length).unwrap_or_else(|| panic!("no {length}-digit code in: {text}"));
        }
        assert!(Instant::now() < deadline, "no {purpose} mail delivered to {email}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// The first run of exactly `length` digits (digits may be grouped by spaces or dashes).
fn first_digit_group(text: &str, length: usize) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let digit = |i: Option<usize>| i.and_then(|i| chars.get(i)).is_some_and(char::is_ascii_digit);
    let compact: String = chars
        .iter()
        .enumerate()
        .filter(|&(i, &c)| !((c == ' ' || c == '-') && digit(i.checked_sub(1)) && digit(Some(i + 1))))
        .map(|(_, &c)| c)
        .collect();
    compact
        .split(|c: char| !c.is_ascii_digit())
        .find(|group| group.len() == length)
        .map(str::to_owned)
}
