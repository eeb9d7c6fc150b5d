//! Timing side channels (issue 8, items 3 and 4): known vs unknown identifiers, interleaved
//! samples in random order, and the two-sample Kolmogorov–Smirnov statistic D with its
//! asymptotic p-value. A D near 0 (p not small) means the two timings cannot be told apart at
//! this sample size. Run in release: `cargo bench -p latchkey-core --bench timing`.
//!
//! 1. `request_password_reset`: a verified account's username vs an unknown username.
//! 2. `log_in` with a wrong password after the argon2 cost was raised 5× (stored hashes keep
//!    the old cost): known vs unknown, with the dummy calibrated to the stored cost (as
//!    `Latchkey::open` does) and, for comparison, left at the configured cost (the old
//!    behaviour).
//! 3. `register` with enumeration protection: an address a verified account holds vs a new
//!    one, with the cheapest argon2id parameters (the new password's hash, the same on both
//!    paths, would otherwise hide the store work, which is where the paths differ).
//! 4. `request_email_change` by a signed-in person: to an address a verified account holds
//!    vs a free one, with the cheapest argon2id parameters (the password check is alike).
//!
//! `LATCHKEY_BENCH_CASES=register,email_change` runs only the named cases (`reset`, `log_in`,
//! `register`, `email_change`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use argon2::{Argon2, PasswordHasher};
use latchkey_core::{
    Config, Database, InstallKey, Latchkey, LatchkeyParts, ManualClock, RegistrationForm, SecureRandom, Timestamp,
};
use secrecy::SecretString;

const PASSWORD: &str = "bench passphrase, long enough";

async fn store(dir: &std::path::Path, hash_params: argon2::Params, config: Config, clock: &ManualClock) -> Latchkey {
    let (database, _) = Database::open_in(dir).await.unwrap();
    let hash = Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, hash_params)
        .hash_password_with_salt(PASSWORD.as_bytes(), b"bench-salt-16byt")
        .unwrap()
        .to_string();
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
         INSERT INTO accounts (first_name, last_name, email, email_key, phone_e164, username, username_key,
                               password_hash, email_verified_at, created_at, updated_at)
         SELECT 'Seed', 'Account', 'seed' || i || '@example.org', 'seed' || i || '@example.org',
                '+1555' || printf('%08d', i), 'seed' || i, 'seed' || i, ?, 0, 0, 0 FROM n",
    )
    .bind(&hash)
    .execute(database.pool())
    .await
    .unwrap();
    Latchkey::from_parts(LatchkeyParts {
        database,
        config,
        key: InstallKey::from_bytes([9; 32]),
        clock: Arc::new(clock.clone()),
        random: SecureRandom::os(),
        outbox: Default::default(),
    })
}

/// Two-sample KS statistic and its asymptotic p-value.
fn ks(a: &[f64], b: &[f64]) -> (f64, f64) {
    let mut a = a.to_vec();
    let mut b = b.to_vec();
    a.sort_by(f64::total_cmp);
    b.sort_by(f64::total_cmp);
    let (mut i, mut j, mut d) = (0, 0, 0f64);
    while i < a.len() && j < b.len() {
        let x = a[i].min(b[j]);
        while i < a.len() && a[i] <= x {
            i += 1;
        }
        while j < b.len() && b[j] <= x {
            j += 1;
        }
        d = d.max((i as f64 / a.len() as f64 - j as f64 / b.len() as f64).abs());
    }
    let (n, m) = (a.len() as f64, b.len() as f64);
    let en = (n * m / (n + m)).sqrt();
    let lambda = (en + 0.12 + 0.11 / en) * d;
    let mut p = 0.0;
    for k in 1..=100 {
        let k = k as f64;
        p += 2.0 * (-1f64).powf(k - 1.0) * (-2.0 * k * k * lambda * lambda).exp();
    }
    (d, p.clamp(0.0, 1.0))
}

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn report(name: &str, known: &[f64], unknown: &[f64]) {
    let (d, p) = ks(known, unknown);
    println!(
        "{name}: n={}+{}, median known {:.3} ms, unknown {:.3} ms, KS D = {d:.3}, p = {p:.3e}",
        known.len(),
        unknown.len(),
        median(known),
        median(unknown)
    );
}

/// Interleaved: each round runs both, in an order drawn from the OS RNG.
async fn sample<F, Fut>(rounds: usize, mut between: impl AsyncFnMut(), mut run: F) -> (Vec<f64>, Vec<f64>)
where
    F: FnMut(bool) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let order = SecureRandom::os();
    let (mut known, mut unknown) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let first_known = order.bytes::<1>()[0] & 1 == 0;
        for is_known in [first_known, !first_known] {
            let start = Instant::now();
            run(is_known).await;
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            if is_known {
                known.push(ms)
            } else {
                unknown.push(ms)
            }
            between().await;
        }
    }
    (known, unknown)
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let cases = std::env::var("LATCHKEY_BENCH_CASES").unwrap_or_default();
    let run = |case: &str| cases.is_empty() || cases.split(',').any(|c| c.trim() == case);
    rt.block_on(async {
        if run("reset") {
            reset().await;
        }
        if run("log_in") {
            log_in().await;
        }
        if run("register") {
            register().await;
        }
        if run("email_change") {
            email_change().await;
        }
    });
}

/// The `n`th address of a sample: a seeded account's (taken) or one nobody has (free).
fn address(taken: bool, n: u32) -> String {
    match taken {
        true => format!("seed{n}@example.org"),
        false => format!("fresh{n}@example.org"),
    }
}

/// The cheapest argon2id, for cases whose two paths hash alike: the store work is what differs.
fn store_work_only() -> (argon2::Params, Config) {
    let config = Config {
        argon2_memory_kib: 8,
        argon2_iterations: 1,
        ..Config::default()
    };
    (argon2::Params::new(8, 1, 1, None).unwrap(), config)
}

async fn reset() {
    // 1. Reset request.
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::new(Timestamp(1_700_000_000_000));
    let latchkey = store(dir.path(), argon2::Params::default(), Config::default(), &clock).await;
    let between = async || {
        latchkey.settle().await;
        clock.advance(Duration::from_secs(2 * 3600));
    };
    let (known, unknown) = sample(300, between, |is_known| {
        let latchkey = latchkey.clone();
        async move {
            let who = if is_known { "seed7" } else { "nobody7" };
            latchkey.request_password_reset(who).await.unwrap();
        }
    })
    .await;
    report("request_password_reset", &known, &unknown);
}

async fn log_in() {
    // 2. Sign-in after the cost was raised 5x (t=2 -> t=10).
    for calibrated in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let clock = ManualClock::new(Timestamp(1_700_000_000_000));
        let raised = Config {
            argon2_iterations: 10,
            ..Config::default()
        };
        let latchkey = store(dir.path(), argon2::Params::default(), raised, &clock).await;
        if calibrated {
            latchkey.calibrate_dummy_hash().await.unwrap();
        }
        let pool = latchkey.database().pool().clone();
        let between = async || {
            sqlx::query("DELETE FROM login_throttle").execute(&pool).await.unwrap();
        };
        let (known, unknown) = sample(100, between, |is_known| {
            let latchkey = latchkey.clone();
            async move {
                let who = if is_known { "seed7" } else { "nobody7" };
                let _ = latchkey
                    .log_in(who, SecretString::from("wrong guess, sorry"), "bench")
                    .await;
            }
        })
        .await;
        let label = if calibrated {
            "log_in after 5x cost, dummy at stored cost (fixed)"
        } else {
            "log_in after 5x cost, dummy at configured cost (old)"
        };
        report(label, &known, &unknown);
    }
}

async fn register() {
    // 3. Registration: a taken address (a stand-in code, the owner told) vs a new one; with
    // the cheapest hash (the store work alone), then with the shipped cost.
    for store_only in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let clock = ManualClock::new(Timestamp(1_700_000_000_000));
        let (params, config) = match store_only {
            true => store_work_only(),
            false => (argon2::Params::default(), Config::default()),
        };
        assert!(config.enumeration_protection);
        let latchkey = store(dir.path(), params, config, &clock).await;
        let between = async || {
            latchkey.settle().await;
            clock.advance(Duration::from_secs(2 * 3600));
        };
        let next = std::sync::atomic::AtomicU32::new(0);
        let rounds = if store_only { 300 } else { 100 };
        let (known, unknown) = sample(rounds, between, |is_known| {
            let latchkey = latchkey.clone();
            let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            async move {
                let email = address(is_known, n);
                latchkey
                    .register(RegistrationForm {
                        first_name: "Timing".to_owned(),
                        last_name: "Person".to_owned(),
                        email,
                        phone: format!("+1 415 555 {:04}", n % 10_000),
                        username: format!("timing{n}"),
                        password: SecretString::from(PASSWORD),
                    })
                    .await
                    .unwrap();
            }
        })
        .await;
        let label = match store_only {
            true => "register with enumeration protection, argon2id m=8 KiB t=1 (store work)",
            false => "register with enumeration protection, default argon2id",
        };
        report(label, &known, &unknown);
    }
}

async fn email_change() {
    // 4. A signed-in person changes their address to a taken one (a stand-in code) or a free
    // one (a code and its mail); a new session every sample, as the clock moves on by hours.
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::new(Timestamp(1_700_000_000_000));
    let (params, config) = store_work_only();
    let latchkey = store(dir.path(), params, config, &clock).await;
    let sign_in = async || {
        let signed_in = latchkey
            .log_in("seed1", SecretString::from(PASSWORD), "bench")
            .await
            .unwrap();
        signed_in.token
    };
    let token = std::sync::Mutex::new(sign_in().await);
    let between = async || {
        latchkey.settle().await;
        clock.advance(Duration::from_secs(2 * 3600));
        *token.lock().unwrap() = sign_in().await;
    };
    let next = std::sync::atomic::AtomicU32::new(1);
    let (known, unknown) = sample(300, between, |is_known| {
        let latchkey = latchkey.clone();
        let token = token.lock().unwrap().clone();
        let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        async move {
            let email = address(is_known, n);
            latchkey
                .request_email_change(&token, &email, SecretString::from(PASSWORD))
                .await
                .unwrap();
        }
    })
    .await;
    report(
        "request_email_change, argon2id m=8 KiB t=1 (store work)",
        &known,
        &unknown,
    );
}
