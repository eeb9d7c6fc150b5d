//! Opening a PostgreSQL store: each bad set-up gives one clear sentence, and a fleet shares one
//! install key. The URL checks need no server; the others run whenever a test server is up
//! (`LATCHKEY_TEST_PG_URL`, from `scripts/pg-test-cluster.sh`, which `scripts/test.sh` starts
//! before both passes of the core's tests) and are skipped, saying so, when none is.

use latchkey_core::store::fleet_key::{self, FleetKey};
use latchkey_core::store::{Database, Location, ServerSettings, StorageError};
use latchkey_core::{InstallKey, Timestamp};
use secrecy::SecretString;

use crate::backend;

fn server_or_skip(test: &str) -> Option<String> {
    let url = backend::server_url_if_any();
    if url.is_none() {
        eprintln!("{test}: skipped, no PostgreSQL test server (LATCHKEY_TEST_PG_URL)");
    }
    url
}

/// The test server and a new, empty schema on it (`None`, said, without a server).
async fn server_with_schema(test: &str) -> Option<(String, String)> {
    let base = server_or_skip(test)?;
    let schema = fresh_schema();
    backend::create_schema(&base, &schema).await;
    Some((base, schema))
}

/// Settings for a kiosk on `schema` whose connections show as `name` in `pg_stat_activity`.
fn named_kiosk(base: &str, schema: &str, name: &str) -> ServerSettings {
    let mut url = url::Url::parse(&backend::url_with_schema(base, schema)).unwrap();
    url.query_pairs_mut().append_pair("application_name", name);
    ServerSettings::parse(url.as_str(), backend::server_password(), None).unwrap()
}

fn fresh_schema() -> String {
    let dir = tempfile::tempdir().unwrap();
    backend::schema_for(dir.path())
}

/// A kiosk (`Latchkey` on the system clock, test config) on the server store `settings` names.
async fn kiosk_on(settings: ServerSettings, seed: u64) -> latchkey_core::Latchkey {
    let (database, _) = Database::open(&Location::Server(settings)).await.unwrap();
    latchkey_core::Latchkey::from_parts(latchkey_core::LatchkeyParts {
        database,
        config: crate::helpers::test_config(),
        key: InstallKey::from_bytes([5; 32]),
        clock: std::sync::Arc::new(latchkey_core::SystemClock),
        random: latchkey_core::SecureRandom::seeded(seed),
        outbox: Default::default(),
    })
}

async fn open(url: &str, password: Option<SecretString>) -> Result<Database, StorageError> {
    let settings = ServerSettings::parse(url, password, None)?;
    Database::open(&Location::Server(settings)).await.map(|(db, _)| db)
}

#[test]
fn malformed_database_urls_are_refused_with_one_sentence_and_never_echo_a_password() {
    for (url, expected) in [
        ("not a url", "not valid"),
        ("mysql://app@db.example.org/accounts", "scheme"),
        ("postgres://app@db.example.org/", "no database name"),
        ("postgres:///accounts", "no host"),
    ] {
        let err = ServerSettings::parse(url, None, None).unwrap_err();
        assert!(matches!(err, StorageError::InvalidUrl { .. }), "{url}: {err:?}");
        assert!(err.to_string().contains(expected), "{url}: {err}");
    }
    let err = ServerSettings::parse("postgres://app:hunter2-secret@db.example.org/accounts", None, None).unwrap_err();
    assert!(matches!(err, StorageError::PasswordInUrl), "{err:?}");
    assert!(!err.to_string().contains("hunter2"));
    let settings = ServerSettings::parse(
        "postgres://app@db.example.org:5433/accounts?sslmode=verify-full",
        Some(SecretString::from("hunter2-secret")),
        None,
    )
    .unwrap();
    assert!(!format!("{settings:?}").contains("hunter2"));
    assert_eq!(settings.display(), "postgres://app@db.example.org:5433/accounts");
}

#[tokio::test]
async fn a_wrong_password_is_told_as_such_without_the_password() {
    let Some(base) = server_or_skip("wrong password") else {
        return;
    };
    let err = open(&base, Some(SecretString::from("definitely-not-it-42")))
        .await
        .unwrap_err();
    assert!(matches!(err, StorageError::AuthenticationFailed { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("password"), "{message}");
    assert!(!message.contains("definitely-not-it-42"), "{message}");
}

/// TLS with rustls, as a kiosk across a network would use it: `sslmode=verify-full` with the
/// server's certificate as the CA file opens the store over TLS (the server says so); without
/// the CA file the certificate is not trusted and the kiosk says so in one sentence.
#[tokio::test]
async fn tls_to_the_server_is_verified_against_the_ca_file() {
    let Some((base, schema)) = server_with_schema("TLS").await else {
        return;
    };
    let Some(ca) = std::env::var_os("LATCHKEY_TEST_PG_CA").map(std::path::PathBuf::from) else {
        eprintln!("TLS: skipped, the test server has no certificate (LATCHKEY_TEST_PG_CA)");
        return;
    };
    let mut url = url::Url::parse(&backend::url_with_schema(&base, &schema)).unwrap();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k != "sslmode")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    url.query_pairs_mut()
        .clear()
        .extend_pairs(pairs)
        .append_pair("sslmode", "verify-full");

    let settings = ServerSettings::parse(url.as_str(), backend::server_password(), Some(ca)).unwrap();
    let (database, _) = Database::open(&Location::Server(settings)).await.unwrap();
    let (ssl, version): (bool, String) =
        sqlx::query_as("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            .fetch_one(database.pool())
            .await
            .unwrap();
    assert!(ssl, "the connection is not encrypted");
    assert!(version.starts_with("TLSv1."), "{version}");
    database.close().await;

    let err = open(url.as_str(), backend::server_password()).await.unwrap_err();
    assert!(matches!(err, StorageError::Tls { .. }), "{err:?}");
    assert!(err.to_string().contains("LATCHKEY_DATABASE_CA_FILE"), "{err}");
}

#[tokio::test]
async fn an_unreachable_server_is_told_as_such() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = open(&format!("postgres://latchkey@127.0.0.1:{port}/latchkey"), None)
        .await
        .unwrap_err();
    assert!(matches!(err, StorageError::Unreachable { .. }), "{err:?}");
    assert!(err.to_string().contains("unreachable"), "{err}");
}

#[tokio::test]
async fn a_missing_database_is_told_as_such() {
    let Some(base) = server_or_skip("missing database") else {
        return;
    };
    let mut url = url::Url::parse(&base).unwrap();
    url.set_path("/no_such_database_here");
    let err = open(url.as_str(), backend::server_password()).await.unwrap_err();
    assert!(matches!(err, StorageError::NoSuchDatabase { .. }), "{err:?}");
}

#[tokio::test]
async fn a_database_holding_another_applications_tables_is_refused_untouched() {
    let Some((base, schema)) = server_with_schema("foreign tables").await else {
        return;
    };
    let mut admin = backend::admin_connection(&backend::url_with_schema(&base, &schema)).await;
    sqlx::raw_sql("CREATE TABLE books (id BIGINT PRIMARY KEY, title TEXT)")
        .execute(&mut admin)
        .await
        .unwrap();
    let err = open(&backend::url_with_schema(&base, &schema), backend::server_password())
        .await
        .unwrap_err();
    assert!(matches!(err, StorageError::ForeignDatabase { .. }), "{err:?}");
    assert!(err.to_string().contains("books"), "{err}");
    let tables: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()")
            .fetch_one(&mut admin)
            .await
            .unwrap();
    assert_eq!(tables, 1, "nothing was created next to the other application's table");
}

#[tokio::test]
async fn an_empty_database_is_migrated_and_a_second_kiosk_finds_it_ready() {
    let Some(base) = server_or_skip("empty database") else {
        return;
    };
    let schema = fresh_schema();
    let location = backend::server_location(&schema).await;
    let (_, first) = Database::open(&location).await.unwrap();
    assert!(first.created);
    assert!(first.schema_version >= 9);
    assert!(!first.path.display().to_string().contains("PASSWORD"));
    let (_, second) = Database::open(&location).await.unwrap();
    assert!(!second.created);
    assert_eq!(second.schema_version, first.schema_version);
    drop(base);
}

#[tokio::test]
async fn the_fleet_shares_one_install_key_that_only_the_fleet_key_opens() {
    let Some(_) = server_or_skip("fleet key") else { return };
    let location = backend::server_location(&fresh_schema()).await;
    let (first, _) = Database::open(&location).await.unwrap();
    let (second, _) = Database::open(&location).await.unwrap();
    let fleet = FleetKey::parse(&"ab".repeat(32)).unwrap();
    let now = Timestamp(1_700_000_000_000);
    let a = fleet_key::install_key(&first, &fleet, InstallKey::from_bytes([1; 32]), now)
        .await
        .unwrap();
    let b = fleet_key::install_key(&second, &fleet, InstallKey::from_bytes([2; 32]), now)
        .await
        .unwrap();
    assert_eq!(
        a.subkey("x"),
        InstallKey::from_bytes([1; 32]).subkey("x"),
        "the first start's key is kept"
    );
    assert_eq!(a.subkey("x"), b.subkey("x"), "the second kiosk gets the same key");
    let stored: Vec<u8> = sqlx::query_scalar("SELECT wrapped FROM fleet_install_key")
        .fetch_one(first.pool())
        .await
        .unwrap();
    assert!(
        !stored.windows(32).any(|w| w == [1u8; 32]),
        "stored wrapped, not in clear"
    );

    let wrong = FleetKey::parse(&"cd".repeat(32)).unwrap();
    let err = fleet_key::install_key(&second, &wrong, InstallKey::from_bytes([3; 32]), now)
        .await
        .unwrap_err();
    assert!(matches!(err, StorageError::WrongFleetKey), "{err:?}");
    assert!(matches!(FleetKey::parse("tooshort"), Err(StorageError::BadFleetKey)));
}

#[tokio::test]
async fn store_copy_moves_a_sqlite_store_into_an_empty_server_database_and_refuses_a_full_one() {
    use latchkey_core::store::copy::{CopyError, TABLES, copy_store};
    let Some(_) = server_or_skip("store copy") else { return };
    let app = crate::helpers::spawn_sqlite_app().await;
    let (form, _) = app.verified_account(1).await;
    app.verified_account(2).await;
    app.register(crate::helpers::form(3)).await.unwrap();
    let _ = app
        .latchkey
        .log_in(
            "ana_2",
            crate::helpers::secret("wrong password"),
            crate::helpers::DEVICE,
        )
        .await;
    app.latchkey.request_password_reset(&form.email).await.unwrap();
    app.deliver_all().await;

    let location = backend::server_location(&fresh_schema()).await;
    let (target, _) = Database::open(&location).await.unwrap();
    let report = copy_store(app.latchkey.database(), &target).await.unwrap();
    assert_eq!(report.tables.len(), TABLES.len());
    for (table, rows) in &report.tables {
        let source: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(app.pool())
            .await
            .unwrap();
        assert_eq!(*rows, source, "{table}");
    }
    assert!(report.tables.iter().any(|(t, n)| t == "accounts" && *n == 3));
    assert!(report.tables.iter().any(|(t, n)| t == "outbox" && *n >= 3));

    // The copy works as the store: the same key opens its codes and mail, old passwords sign
    // in, and new rows get fresh ids.
    let moved = latchkey_core::Latchkey::from_parts(latchkey_core::LatchkeyParts {
        database: target.clone(),
        config: crate::helpers::test_config(),
        key: app.key.clone(),
        clock: std::sync::Arc::new(app.clock.clone()),
        random: latchkey_core::SecureRandom::seeded(9),
        outbox: Default::default(),
    });
    moved
        .log_in("ana_1", crate::helpers::secret(crate::helpers::PASSWORD), "Kiosk")
        .await
        .unwrap();
    moved.register(crate::helpers::form(4)).await.unwrap();

    let err = copy_store(app.latchkey.database(), &target).await.unwrap_err();
    assert!(matches!(err, CopyError::TargetNotEmpty { .. }), "{err:?}");
    assert!(err.to_string().contains("not empty"), "{err}");
}

/// A TCP relay in front of the test server that can be cut (the server "goes down": open
/// connections are dropped and new ones refused) and restored on the same port.
struct Relay {
    port: u16,
    cut: std::sync::Arc<tokio::sync::watch::Sender<bool>>,
}

impl Relay {
    async fn start(upstream: std::net::SocketAddr) -> Relay {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let (cut, _) = tokio::sync::watch::channel(false);
        let cut = std::sync::Arc::new(cut);
        let relay_cut = cut.clone();
        tokio::spawn(async move {
            loop {
                let (mut inbound, _) = listener.accept().await.unwrap();
                if *relay_cut.borrow() {
                    drop(inbound);
                    continue;
                }
                let mut watch = relay_cut.subscribe();
                tokio::spawn(async move {
                    let Ok(mut outbound) = tokio::net::TcpStream::connect(upstream).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                        _ = watch.wait_for(|down| *down) => {}
                    }
                });
            }
        });
        Relay { port, cut }
    }

    fn set_down(&self, down: bool) {
        self.cut.send_replace(down);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_goes_away_is_reported_as_unreachable_and_the_store_recovers_by_itself() {
    let Some((base, schema)) = server_with_schema("server down").await else {
        return;
    };
    let upstream = url::Url::parse(&base).unwrap();
    let upstream_addr: std::net::SocketAddr = format!("{}:{}", upstream.host_str().unwrap(), upstream.port().unwrap())
        .parse()
        .unwrap();
    let relay = Relay::start(upstream_addr).await;
    let mut via_relay = url::Url::parse(&backend::url_with_schema(&base, &schema)).unwrap();
    via_relay.set_port(Some(relay.port)).unwrap();
    let settings = ServerSettings::parse(via_relay.as_str(), backend::server_password(), None).unwrap();
    let latchkey = kiosk_on(settings, 3).await;
    latchkey.register(crate::helpers::form(1)).await.unwrap();

    relay.set_down(true);
    let err = latchkey.register(crate::helpers::form(2)).await.unwrap_err();
    assert_eq!(err.code(), latchkey_core::ErrorCode::StoreUnreachable, "{err:?}");
    let err = latchkey
        .log_in("ana_1", crate::helpers::secret(crate::helpers::PASSWORD), "Kiosk")
        .await
        .unwrap_err();
    assert_eq!(err.code(), latchkey_core::ErrorCode::StoreUnreachable, "{err:?}");

    relay.set_down(false);
    // The same instance, nothing restarted: the pool reconnects on its own.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        match latchkey.register(crate::helpers::form(2)).await {
            Ok(_) => break,
            Err(e) if std::time::Instant::now() < deadline => {
                assert_eq!(e.code(), latchkey_core::ErrorCode::StoreUnreachable, "{e:?}");
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            }
            Err(e) => panic!("did not recover: {e:?}"),
        }
    }
    let accounts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
        .fetch_one(latchkey.database().pool())
        .await
        .unwrap();
    assert_eq!(accounts, 2, "nothing half-written while it was down");
}

/// A pooled connection is handed out without a ping when it was used within the last second
/// (a round trip saved on every flow); one idle longer is pinged first, so connections the
/// server ended meanwhile (a restart, an idle timeout, an administrator) are replaced before a
/// flow uses them, and the person's next action works at the first try.
#[tokio::test]
async fn connections_the_server_ended_while_idle_are_replaced_before_they_are_used() {
    let Some((base, schema)) = server_with_schema("ended connections").await else {
        return;
    };
    let settings = named_kiosk(&base, &schema, &schema);
    let latchkey = kiosk_on(settings, 4).await;
    latchkey.register(crate::helpers::form(1)).await.unwrap();

    let mut admin = backend::admin_connection(&base).await;
    let pids: Vec<i32> = sqlx::query_scalar("SELECT pid FROM pg_stat_activity WHERE application_name = $1")
        .bind(&schema)
        .fetch_all(&mut admin)
        .await
        .unwrap();
    let mut ended = 0;
    for pid in &pids {
        let done: bool = sqlx::query_scalar("SELECT pg_terminate_backend($1)")
            .bind(pid)
            .fetch_one(&mut admin)
            .await
            .unwrap();
        ended += i32::from(done);
    }
    assert!(ended >= 1, "the kiosk's pool had no connection open");
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;

    latchkey.register(crate::helpers::form(2)).await.unwrap();
    // Registered, not verified yet: the answer comes after the password was checked on the server.
    let err = latchkey
        .log_in("ana_1", crate::helpers::secret(crate::helpers::PASSWORD), "Kiosk")
        .await
        .unwrap_err();
    assert_eq!(err.code(), latchkey_core::ErrorCode::EmailNotVerified, "{err:?}");
    let accounts: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {schema}.accounts")))
        .fetch_one(&mut admin)
        .await
        .unwrap();
    assert_eq!(accounts, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_given_up_while_waiting_for_the_fleet_lock_leaves_no_transaction_open() {
    let Some((base, schema)) = server_with_schema("abandoned write").await else {
        return;
    };
    let kiosk = |name: &str| named_kiosk(&base, &schema, name);
    let (first, _) = Database::open(&Location::Server(kiosk("first"))).await.unwrap();
    let second_name = format!("{schema}_second");
    let (second, _) = Database::open(&Location::Server(kiosk(&second_name))).await.unwrap();

    // The first kiosk holds the fleet's write lock; the second gives up waiting for it (a
    // flow cancelled or timed out while its `BEGIN` waits on the server).
    let held = first.write().await.unwrap();
    let gave_up = tokio::time::timeout(std::time::Duration::from_millis(200), second.write()).await;
    assert!(
        gave_up.is_err(),
        "the second kiosk got the lock while the first held it"
    );
    held.rollback().await.unwrap();

    // Once the lock is free, the abandoned `BEGIN` must not leave a connection of the second
    // kiosk sitting in a transaction (holding the lock, stopping every kiosk's writes).
    let mut admin = backend::admin_connection(&base).await;
    let mut states = Vec::new();
    for _ in 0..40 {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        states = sqlx::query_scalar("SELECT state FROM pg_stat_activity WHERE application_name = $1")
            .bind(&second_name)
            .fetch_all(&mut admin)
            .await
            .unwrap();
        if states.iter().all(|s: &String| s == "idle") {
            break;
        }
    }
    assert!(
        states.iter().all(|s| s == "idle"),
        "connections of the second kiosk: {states:?}"
    );
    // And both kiosks write again.
    second.write().await.unwrap().commit().await.unwrap();
    first.write().await.unwrap().commit().await.unwrap();
}
