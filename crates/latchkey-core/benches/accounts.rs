//! register, log_in and validate_session with 1,000 and 100,000 accounts (and as many
//! sessions) in the database, default argon2 parameters, the OS RNG and the system clock.
//! Accounts are seeded with one SQL statement and a precomputed hash, so seeding is fast.
//! `LATCHKEY_BENCH_SIZES=1000,1000000` picks other sizes (a million takes a minute to seed).
//!
//! `driver_floor/select_1` is the cheapest query there is (`SELECT 1`) through the same pool
//! and runtime: what any answer read from the database costs here before it does anything
//! (sqlx's SQLite driver runs each connection on its own thread, and every query is a hand-off
//! to it and back), the floor `validate_session_store` is measured against.
//!
//! `validate_session` is the same check asked again and again, as a window does: answered from
//! memory within a second of the store's last answer (one store round trip a second);
//! `validate_session_store` empties that memory first, so every check asks the store.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use argon2::{Argon2, PasswordHasher};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use latchkey_core::{
    Config, Database, InstallKey, Latchkey, LatchkeyParts, RegistrationForm, SecureRandom, SessionToken, SystemClock,
};
use secrecy::SecretString;
use tempfile::TempDir;

const PASSWORD: &str = "bench passphrase, long enough";
const SIZES: [u64; 2] = [1_000, 100_000];

fn sizes() -> Vec<u64> {
    std::env::var("LATCHKEY_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| SIZES.to_vec())
}

struct Bench {
    _dir: TempDir,
    database: Database,
    latchkey: Latchkey,
    token: SessionToken,
}

async fn seeded(accounts: u64) -> Bench {
    let dir = tempfile::tempdir().unwrap();
    let (database, _) = Database::open_in(dir.path()).await.unwrap();
    let hash = Argon2::default()
        .hash_password_with_salt(PASSWORD.as_bytes(), b"bench-salt-16byt")
        .unwrap()
        .to_string();
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
         INSERT INTO accounts (first_name, last_name, email, email_key, phone_e164, username, username_key,
                               password_hash, email_verified_at, created_at, updated_at)
         SELECT 'Seed', 'Account', 'seed' || i || '@example.org', 'seed' || i || '@example.org',
                '+1555' || printf('%08d', i), 'seed' || i, 'seed' || i, ?, 0, 0, 0 FROM n",
    )
    .bind(i64::try_from(accounts).unwrap())
    .bind(&hash)
    .execute(database.pool())
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO sessions (account_id, token_hash, device_label, created_at, last_seen_at)
         SELECT id, randomblob(32), 'seed', 0, 0 FROM accounts",
    )
    .execute(database.pool())
    .await
    .unwrap();
    let latchkey = Latchkey::from_parts(LatchkeyParts {
        database: database.clone(),
        config: Config::default(),
        key: InstallKey::from_bytes([9; 32]),
        clock: Arc::new(SystemClock),
        random: SecureRandom::os(),
        outbox: Default::default(),
    });
    let signed_in = latchkey
        .log_in("seed1", SecretString::from(PASSWORD), "bench")
        .await
        .unwrap();
    Bench {
        _dir: dir,
        database,
        latchkey,
        token: signed_in.token,
    }
}

fn form(n: u64) -> RegistrationForm {
    RegistrationForm {
        first_name: "Bench".to_owned(),
        last_name: "Person".to_owned(),
        email: format!("new{n}@example.org"),
        phone: format!("+1666{n:08}"),
        username: format!("new{n}"),
        password: SecretString::from(PASSWORD),
    }
}

fn accounts(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let counter = AtomicU64::new(0);
    for size in sizes() {
        let bench = rt.block_on(seeded(size));
        let mut group = c.benchmark_group("accounts");
        group.sample_size(20).measurement_time(Duration::from_secs(4));
        group.bench_with_input(BenchmarkId::new("register", size), &size, |b, _| {
            b.to_async(&rt).iter(|| async {
                let n = counter.fetch_add(1, Ordering::Relaxed);
                bench.latchkey.register(form(n)).await.unwrap()
            })
        });
        group.bench_with_input(BenchmarkId::new("log_in", size), &size, |b, _| {
            b.to_async(&rt).iter(|| async {
                bench
                    .latchkey
                    .log_in("seed1", SecretString::from(PASSWORD), "bench")
                    .await
                    .unwrap()
            })
        });
        group.sample_size(100).measurement_time(Duration::from_secs(3));
        group.bench_with_input(BenchmarkId::new("validate_session", size), &size, |b, _| {
            b.to_async(&rt)
                .iter(|| async { bench.latchkey.validate_session(&bench.token).await.unwrap() })
        });
        group.bench_with_input(BenchmarkId::new("validate_session_store", size), &size, |b, _| {
            b.to_async(&rt).iter(|| async {
                bench.latchkey.forget_session_checks();
                bench.latchkey.validate_session(&bench.token).await.unwrap()
            })
        });
        group.finish();
        let mut floor = c.benchmark_group("driver_floor");
        floor.sample_size(100).measurement_time(Duration::from_secs(3));
        floor.bench_with_input(BenchmarkId::new("select_1", size), &size, |b, _| {
            b.to_async(&rt).iter(|| async {
                let one: i64 = sqlx::query_scalar("SELECT 1")
                    .fetch_one(bench.database.pool())
                    .await
                    .unwrap();
                assert_eq!(one, 1);
            })
        });
        floor.finish();
    }
}

criterion_group!(benches, accounts);
criterion_main!(benches);
