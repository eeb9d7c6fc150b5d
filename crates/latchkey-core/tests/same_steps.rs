//! Issues 8, items 3 and 4: the answer to a password-reset request and to a failed sign-in takes
//! the same steps whether or not the identifier has an account. Checked deterministically by
//! recording every SQL statement sqlx runs (its `sqlx::query` trace events) while each answer is
//! computed; the timing itself is measured by `benches/timing.rs` (KS figures in
//! BENCHMARKS.md). Its own test binary: the recorder is the process's global subscriber.

use std::sync::{Arc, Mutex};

use latchkey_core::{
    Config, Database, InstallKey, Latchkey, LatchkeyParts, ManualClock, RegistrationForm, SecureRandom, Timestamp,
};
use secrecy::SecretString;
use tracing::field::{Field, Visit};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::{Context, SubscriberExt};

#[derive(Clone, Default)]
struct Statements(Arc<Mutex<Vec<String>>>);

impl Statements {
    /// The statements since the last call, without the set-up a new pool connection runs
    /// (PRAGMAs), which depends on the pool, not on the flow.
    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().unwrap())
            .into_iter()
            .filter(|s| !s.starts_with("PRAGMA"))
            .collect()
    }
}

struct StatementVisitor<'a>(&'a mut Option<String>);

impl Visit for StatementVisitor<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "db.statement" || (field.name() == "summary" && self.0.is_none()) {
            *self.0 = Some(value.to_owned());
        }
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "db.statement" {
            *self.0 = Some(format!("{value:?}"));
        }
    }
}

impl<S: tracing::Subscriber> Layer<S> for Statements {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        if event.metadata().target() == "sqlx::query" {
            let mut statement = None;
            event.record(&mut StatementVisitor(&mut statement));
            if let Some(s) = statement {
                self.0
                    .lock()
                    .unwrap()
                    .push(s.split_whitespace().collect::<Vec<_>>().join(" "));
            }
        }
    }
}

#[tokio::test]
async fn known_and_unknown_identifiers_take_the_same_steps() {
    let statements = Statements::default();
    tracing::subscriber::set_global_default(tracing_subscriber::registry().with(statements.clone())).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let (database, _) = Database::open_in(dir.path()).await.unwrap();
    let clock = ManualClock::new(Timestamp(1_700_000_000_000));
    let latchkey = Latchkey::from_parts(LatchkeyParts {
        database,
        config: Config {
            argon2_memory_kib: 1024,
            argon2_iterations: 1,
            ..Config::default()
        },
        key: InstallKey::from_bytes([3; 32]),
        clock: Arc::new(clock.clone()),
        random: SecureRandom::seeded(1),
        outbox: Default::default(),
    });
    latchkey
        .register(RegistrationForm {
            first_name: "Ana".into(),
            last_name: "Kowalska".into(),
            email: "ana@example.org".into(),
            phone: "+1 415 555 1000".into(),
            username: "ana_k".into(),
            password: SecretString::from("correct horse battery staple"),
        })
        .await
        .unwrap();
    latchkey.calibrate_dummy_hash().await.unwrap();
    latchkey.settle().await;
    statements.take();

    // Item 3: the answer to a reset request (the real code is issued after answering).
    let mut reset = Vec::new();
    for who in ["ana_k", "nobody_k"] {
        latchkey.request_password_reset(who).await.unwrap();
        reset.push(statements.take());
        latchkey.settle().await;
        statements.take();
    }
    assert!(reset[0].len() >= 4, "the recorder sees the statements: {:?}", reset[0]);
    assert_eq!(reset[0], reset[1], "reset request: known vs unknown");

    // A known account's code was still issued, after the answer.
    let codes: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM one_time_codes WHERE purpose = 'reset_password'")
        .fetch_one(latchkey.database().pool())
        .await
        .unwrap();
    assert_eq!(codes, 1);

    // Item 4 (and the throttle): a failed sign-in.
    statements.take();
    let mut sign_in = Vec::new();
    for who in ["ana_k", "nobody_k"] {
        let _ = latchkey
            .log_in(who, SecretString::from("wrong guess"), "x")
            .await
            .unwrap_err();
        sign_in.push(statements.take());
    }
    assert_eq!(sign_in[0], sign_in[1], "failed sign-in: known vs unknown");
}
