//! Which backend the integration suites run on: SQLite files (default) or, with
//! `LATCHKEY_TEST_BACKEND=postgres`, the PostgreSQL server at `LATCHKEY_TEST_PG_URL` (started by
//! `scripts/pg-test-cluster.sh`). One test list, two backends: each test gets its own schema on
//! the server, named after its temporary directory, so reopening "the same directory" (a
//! restart) reopens the same schema and tests never see each other's rows.

#![allow(dead_code)]

use std::hash::{Hash, Hasher};
use std::path::Path;

use latchkey_core::Database;
use latchkey_core::store::{Backend, DatabaseStatus, Location, ServerSettings};

/// The backend this run uses.
pub fn backend() -> Backend {
    match std::env::var("LATCHKEY_TEST_BACKEND").as_deref() {
        Ok("postgres") => Backend::Postgres,
        Ok("sqlite") | Ok("") | Err(_) => Backend::Sqlite,
        Ok(other) => panic!("LATCHKEY_TEST_BACKEND={other}: expected sqlite or postgres"),
    }
}

/// The server URL of the test cluster; panics with a hint when it is missing.
pub fn server_url() -> String {
    std::env::var("LATCHKEY_TEST_PG_URL")
        .expect("LATCHKEY_TEST_PG_URL is not set: run `eval \"$(scripts/pg-test-cluster.sh start)\"` first")
}

/// The schema that stands for `dir` on the server.
pub fn schema_for(dir: &Path) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    dir.hash(&mut hasher);
    format!("t_{:016x}", hasher.finish())
}

/// The test server's URL if one was started (`LATCHKEY_TEST_PG_URL`), whatever the backend.
pub fn server_url_if_any() -> Option<String> {
    std::env::var("LATCHKEY_TEST_PG_URL").ok().filter(|u| !u.is_empty())
}

/// The password of the test server's `latchkey` user (`LATCHKEY_TEST_PG_PASSWORD`).
pub fn server_password() -> Option<secrecy::SecretString> {
    std::env::var("LATCHKEY_TEST_PG_PASSWORD")
        .ok()
        .map(secrecy::SecretString::from)
}

/// `base` with `search_path` set to `schema`.
pub fn url_with_schema(base: &str, schema: &str) -> String {
    let mut url = url::Url::parse(base).unwrap();
    url.query_pairs_mut().append_pair("options[search_path]", schema);
    url.to_string()
}

/// `LATCHKEY_TEST_PG_URL` with `search_path` set to `schema`, which is created if missing.
pub async fn server_location(schema: &str) -> Location {
    let base = server_url();
    create_schema(&base, schema).await;
    Location::Server(ServerSettings::parse(&url_with_schema(&base, schema), server_password(), None).unwrap())
}

/// An administrator's connection to the test server (the `latchkey` superuser).
pub async fn admin_connection(base: &str) -> sqlx::AnyConnection {
    use secrecy::ExposeSecret;
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut url = url::Url::parse(base).unwrap();
    if let Some(password) = server_password() {
        url.set_password(Some(password.expose_secret())).unwrap();
    }
    sqlx::AnyConnection::connect(url.as_str()).await.unwrap()
}

/// Creates `schema` on the test server if missing.
pub async fn create_schema(base: &str, schema: &str) {
    use sqlx::Connection;
    let mut admin = admin_connection(base).await;
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE SCHEMA IF NOT EXISTS {schema}")))
        .execute(&mut admin)
        .await
        .unwrap();
    admin.close().await.unwrap();
}

/// Opens the store "in" `dir` on this run's backend: `<dir>/latchkey.db`, or the schema named
/// after `dir` on the test server.
pub async fn open_store(dir: &Path) -> (Database, DatabaseStatus) {
    match backend() {
        Backend::Sqlite => Database::open_in(dir).await.unwrap(),
        Backend::Postgres => Database::open(&server_location(&schema_for(dir)).await).await.unwrap(),
    }
}

/// Every row of every table of the store's schema on the server, as PostgreSQL prints rows
/// (blobs in hex): what someone reading the server's data would see. The PostgreSQL stand-in
/// for scanning the SQLite file in the "no secret at rest" tests.
pub async fn server_rows(pool: &latchkey_core::store::Pool) -> Vec<u8> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut out = Vec::new();
    for table in tables {
        let rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT t::text FROM \"{table}\" t")))
            .fetch_all(pool)
            .await
            .unwrap();
        for row in rows {
            out.extend_from_slice(row.as_bytes());
            out.push(b'\n');
        }
    }
    out
}
