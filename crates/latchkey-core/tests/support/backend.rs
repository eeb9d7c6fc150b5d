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

/// `LATCHKEY_TEST_PG_URL` with `search_path` set to `schema`, which is created if missing.
pub async fn server_location(schema: &str) -> Location {
    let base = server_url();
    create_schema(&base, schema).await;
    let mut url = url::Url::parse(&base).unwrap();
    url.query_pairs_mut().append_pair("options[search_path]", schema);
    Location::Server(ServerSettings::parse(url.as_str(), None, None).unwrap())
}

async fn create_schema(base: &str, schema: &str) {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut admin = sqlx::AnyConnection::connect(base).await.unwrap();
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
