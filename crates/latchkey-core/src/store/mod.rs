//! The storage boundary: every SQL statement of the core lives under this module, one file per
//! table or concern ([`accounts`], [`pending`], [`sessions`], [`codes`], [`throttle`], [`audit`],
//! [`outbox`], [`mail_settings`]). This file holds the database handle ([`Database`]: where the
//! store lives, how it is opened and migrated) and the types the flows hold while they talk to
//! it: [`Conn`] (a connection to read or write on), [`WriteTx`] (a write transaction, from
//! [`Database::write`], the only place `BEGIN IMMEDIATE` is written) and [`ReadConn`] (a pooled
//! connection, from [`Database::read`]).
//!
//! The flows above this module never name a SQLite type, write SQL or choose a transaction
//! mode: they call the small typed functions of the table files with a `&mut Conn`, and get
//! `Result<_, store::Error>` back. Each function's doc comment states its contract.
//!
//! # Two backends: SQLite (default) and PostgreSQL (a fleet of kiosks)
//!
//! The store talks to either backend through sqlx's `Any` driver, with ONE SQL text per
//! statement: every statement is written in the SQL both accept (`$1` placeholders, `ON
//! CONFLICT`, `RETURNING`, `COALESCE`, `IS DISTINCT FROM`, integers as BIGINT/INTEGER and
//! blobs as BYTEA/BLOB, no `EXISTS` in a selected column: wrap it in `CASE WHEN .. THEN 1
//! ELSE 0 END`). What differs lives here, behind small functions: how a connection is set up
//! (SQLite's PRAGMAs), how a write transaction serialises writers ([`Database::write`]:
//! `BEGIN IMMEDIATE` on SQLite; a transaction-scoped advisory lock on PostgreSQL, which makes
//! every kiosk of a fleet write one at a time, exactly as SQLite's write lock does on one
//! machine), and [`checkpoint`] (SQLite only). A statement that truly needs its own spelling
//! per backend branches on [`Backend::of_pool`] / [`Backend::of_conn`] (see
//! `outbox::claim_due`). Migrations sit side by side: `migrations/NNNN_name.sql` (SQLite) and
//! `migrations/postgres/NNNN_name.sql` (its twin), forward-only on both.

use std::path::{Path, PathBuf};
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use sqlx::any::AnyPoolOptions;

pub mod accounts;
pub mod audit;
pub mod codes;
pub mod copy;
pub mod email_changes;
pub mod fleet_key;
pub mod mail_settings;
pub mod outbox;
pub mod outbox_inspect;
pub mod pending;
pub mod pictures;
pub mod sessions;
pub mod throttle;

/// What every store function fails with.
pub type Error = sqlx::Error;
/// A connection to read or write on: a pooled connection, or the inside of a [`WriteTx`].
pub type Conn = sqlx::AnyConnection;
/// A connection taken from the pool ([`Database::read`]); derefs to [`Conn`].
pub type ReadConn = sqlx::pool::PoolConnection<sqlx::Any>;
/// A write transaction ([`Database::write`]); derefs to [`Conn`]. Rolled back when dropped
/// without [`WriteTx::commit`].
pub type WriteTx = sqlx::Transaction<'static, sqlx::Any>;
/// The connection pool (the delivery task and the shell hold a clone).
pub type Pool = sqlx::AnyPool;

/// The database file's name inside the data directory.
pub const DATABASE_FILE: &str = "latchkey.db";

/// Which database server a [`Pool`] or [`Conn`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_pool(pool: &Pool) -> Backend {
        Backend::of_scheme(pool.connect_options().database_url.scheme())
    }

    pub fn of_conn(conn: &Conn) -> Backend {
        if conn.backend_name().eq_ignore_ascii_case("postgresql") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    fn of_scheme(scheme: &str) -> Backend {
        if scheme.starts_with("postgres") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// What can go wrong opening the store. Each message is one sentence an operator can act on
/// (it is logged and shown on the start-up screen); none ever contains a password.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("cannot create the data directory {path}: {source}")]
    CreateDir { path: PathBuf, source: std::io::Error },
    #[error("cannot set permissions on {path}: {source}")]
    Permissions { path: PathBuf, source: std::io::Error },
    #[error("cannot open the database {path}: {source}")]
    Open { path: PathBuf, source: sqlx::Error },
    #[error("cannot migrate the database {path}: {source}")]
    Migrate {
        path: PathBuf,
        source: sqlx::migrate::MigrateError,
    },
    #[error(
        "The database URL is not valid ({problem}): expected postgres://user@host:5432/database?sslmode=verify-full (LATCHKEY_DATABASE_URL)."
    )]
    InvalidUrl { problem: String },
    #[error(
        "The database URL must not contain a password: set LATCHKEY_DATABASE_PASSWORD or store it in the OS keyring instead."
    )]
    PasswordInUrl,
    #[error("The database server at {server} is unreachable ({detail}); check the host, the port and the network.")]
    Unreachable { server: String, detail: String },
    #[error(
        "The database server at {server} refused the user name or password; check LATCHKEY_DATABASE_PASSWORD or the keyring entry."
    )]
    AuthenticationFailed { server: String },
    #[error("The database {server} does not exist; create it (empty) first.")]
    NoSuchDatabase { server: String },
    #[error("TLS to the database server at {server} failed ({detail}); check sslmode and LATCHKEY_DATABASE_CA_FILE.")]
    Tls { server: String, detail: String },
    #[error(
        "The database {server} holds another application's tables ({tables}); give Latchkey an empty database of its own."
    )]
    ForeignDatabase { server: String, tables: String },
    #[error(
        "The account store is a shared server, so this kiosk needs the fleet key: set LATCHKEY_FLEET_KEY (64 hex digits) or store it in the OS keyring."
    )]
    NoFleetKey,
    #[error("The fleet key is not valid: expected 64 hex digits (LATCHKEY_FLEET_KEY).")]
    BadFleetKey,
    #[error("The fleet key does not open this store's install key; give this kiosk the fleet's key.")]
    WrongFleetKey,
    #[error("The database server at {server} answered with an error: {detail}")]
    Server { server: String, detail: String },
}

/// What the app can say about its database at start-up.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DatabaseStatus {
    /// The SQLite file, or the server URL without its password (`postgres://user@host:port/db`).
    pub path: PathBuf,
    pub backend: Backend,
    /// True when this start created the file (or the schema on an empty server database).
    pub created: bool,
    /// The newest migration applied.
    pub schema_version: i64,
    /// SQLite's journal mode (`wal`); `server` on PostgreSQL.
    pub journal_mode: String,
}

/// Where a fleet's PostgreSQL store is and how to log in to it. The URL never holds the
/// password; `Debug` does not show the password.
#[derive(Clone)]
pub struct ServerSettings {
    url: url::Url,
    password: Option<SecretString>,
    ca_file: Option<PathBuf>,
}

impl std::fmt::Debug for ServerSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerSettings")
            .field("url", &self.url.as_str())
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("ca_file", &self.ca_file)
            .finish()
    }
}

impl ServerSettings {
    /// Parses `postgres://user@host:port/db?sslmode=...`. Refuses any other scheme, a URL
    /// without a host or database, and a URL with an embedded password.
    pub fn parse(
        url: &str,
        password: Option<SecretString>,
        ca_file: Option<PathBuf>,
    ) -> Result<ServerSettings, StorageError> {
        let invalid = |problem: &str| StorageError::InvalidUrl {
            problem: problem.to_owned(),
        };
        let parsed = url::Url::parse(url.trim()).map_err(|e| invalid(&e.to_string()))?;
        if parsed.password().is_some() {
            return Err(StorageError::PasswordInUrl);
        }
        if !matches!(parsed.scheme(), "postgres" | "postgresql") {
            return Err(invalid("the scheme must be postgres://"));
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(invalid("no host"));
        }
        if parsed.path().trim_start_matches('/').is_empty() {
            return Err(invalid("no database name"));
        }
        if parsed.username().is_empty() {
            return Err(invalid("no user name"));
        }
        Ok(ServerSettings {
            url: parsed,
            password: password.filter(|p| !p.expose_secret().is_empty()),
            ca_file,
        })
    }

    /// The URL as shown to people and logs: `postgres://user@host:port/db` (no query, no password).
    pub fn display(&self) -> String {
        let mut shown = self.url.clone();
        shown.set_query(None);
        shown.to_string()
    }

    /// The URL sqlx connects with: the password and the CA file added. Never logged.
    fn connect_url(&self) -> String {
        let mut url = self.url.clone();
        if let Some(password) = &self.password {
            let _ = url.set_password(Some(password.expose_secret()));
        }
        if let Some(ca) = &self.ca_file {
            url.query_pairs_mut().append_pair("sslrootcert", &ca.to_string_lossy());
        }
        url.to_string()
    }
}

/// Where the store lives: a file in the data directory, or a server.
#[derive(Debug, Clone)]
pub enum Location {
    File(PathBuf),
    Server(ServerSettings),
}

impl Location {
    /// The store `config` names: its `database_url` (the password from
    /// `LATCHKEY_DATABASE_PASSWORD` if set, else `password`, e.g. from the OS keyring), or
    /// `<data_dir>/latchkey.db` when the URL is empty.
    pub fn from_config(
        config: &crate::config::Config,
        data_dir: &Path,
        password: Option<SecretString>,
    ) -> Result<Location, StorageError> {
        if config.database_url.trim().is_empty() {
            return Ok(Location::File(data_dir.join(DATABASE_FILE)));
        }
        let password = std::env::var("LATCHKEY_DATABASE_PASSWORD")
            .ok()
            .map(SecretString::from)
            .or(password);
        ServerSettings::parse(&config.database_url, password, config.database_ca_file.clone()).map(Location::Server)
    }
}

/// A migrated, ready-to-use database: a pool of connections to one SQLite file or one
/// PostgreSQL database.
#[derive(Debug, Clone)]
pub struct Database {
    pool: Pool,
    path: PathBuf,
    backend: Backend,
}

static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations");
static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/postgres");

/// Every PostgreSQL write transaction holds this transaction-scoped advisory lock (see
/// [`Database::write`]). Any number; "LATCHKEY" in ASCII, cut to 63 bits.
const WRITE_LOCK_KEY: i64 = 0x4c41_5443_484b_4559 & i64::MAX;

/// Connections per pool on a server: a kiosk's flows and its delivery task.
const SERVER_POOL_SIZE: u32 = 8;

impl Database {
    /// Opens (creating if missing) `<data_dir>/latchkey.db`: WAL, `synchronous=NORMAL`,
    /// foreign keys on, a 5 s busy timeout, file mode 0600, all migrations applied.
    pub async fn open_in(data_dir: &Path) -> Result<(Database, DatabaseStatus), StorageError> {
        std::fs::create_dir_all(data_dir).map_err(|source| StorageError::CreateDir {
            path: data_dir.to_owned(),
            source,
        })?;
        restrict_to_owner(data_dir, 0o700)?;
        Self::open_file(&data_dir.join(DATABASE_FILE)).await
    }

    /// Opens the store at `location` (see [`Database::open_in`] and [`Database::open_server`]).
    pub async fn open(location: &Location) -> Result<(Database, DatabaseStatus), StorageError> {
        match location {
            Location::File(path) => {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(|source| StorageError::CreateDir {
                        path: dir.to_owned(),
                        source,
                    })?;
                    restrict_to_owner(dir, 0o700)?;
                }
                Self::open_file(path).await
            }
            Location::Server(settings) => Self::open_server(settings).await,
        }
    }

    /// Like [`Database::open_in`] but for an explicit file path.
    pub async fn open_file(path: &Path) -> Result<(Database, DatabaseStatus), StorageError> {
        sqlx::any::install_default_drivers();
        let created = !path.exists();
        let open_err = |source| StorageError::Open {
            path: path.to_owned(),
            source,
        };
        // Create the file ourselves first so it is never readable by others, not even briefly.
        if created {
            create_private_file(path)?;
        }
        let absolute = std::path::absolute(path).map_err(|source| StorageError::Permissions {
            path: path.to_owned(),
            source,
        })?;
        let file_url = url::Url::from_file_path(&absolute).map_err(|()| StorageError::CreateDir {
            path: path.to_owned(),
            source: std::io::Error::other("not an absolute path"),
        })?;
        let url = format!("sqlite://{}?mode=rwc", file_url.path());
        let pool = AnyPoolOptions::new()
            .max_connections(4)
            .after_connect(|conn, _| {
                Box::pin(async move {
                    // Deleted rows are overwritten, not left in free pages: an erased account's
                    // address must not stay readable in the file (issue 12).
                    sqlx::raw_sql(
                        "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
                         PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;",
                    )
                    .execute(conn)
                    .await
                    .map(drop)
                })
            })
            .connect(&url)
            .await
            .map_err(open_err)?;
        SQLITE_MIGRATOR
            .run(&pool)
            .await
            .map_err(|source| StorageError::Migrate {
                path: path.to_owned(),
                source,
            })?;
        for suffix in ["-wal", "-shm"] {
            let side = PathBuf::from(format!("{}{suffix}", path.display()));
            if side.exists() {
                restrict_to_owner(&side, 0o600)?;
            }
        }
        restrict_to_owner(path, 0o600)?;
        let schema_version = schema_version(&pool).await.map_err(open_err)?;
        let journal_mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&pool)
            .await
            .map_err(open_err)?;
        let status = DatabaseStatus {
            path: path.to_owned(),
            backend: Backend::Sqlite,
            created,
            schema_version,
            journal_mode,
        };
        Ok((
            Database {
                pool,
                path: path.to_owned(),
                backend: Backend::Sqlite,
            },
            status,
        ))
    }

    /// Connects to a fleet's PostgreSQL database and applies the migrations it lacks
    /// (`migrations/postgres/`; several kiosks starting at once take turns: sqlx holds an
    /// advisory lock while migrating). Refuses a database that holds tables but no Latchkey
    /// schema: it belongs to another application.
    pub async fn open_server(settings: &ServerSettings) -> Result<(Database, DatabaseStatus), StorageError> {
        sqlx::any::install_default_drivers();
        let server = settings.display();
        let pool = AnyPoolOptions::new()
            .max_connections(SERVER_POOL_SIZE)
            .acquire_timeout(Duration::from_secs(5))
            .connect(&settings.connect_url())
            .await
            .map_err(|e| classify_server_error(&server, e))?;
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT table_name::text FROM information_schema.tables
             WHERE table_schema = current_schema() ORDER BY table_name::text",
        )
        .fetch_all(&pool)
        .await
        .map_err(|e| classify_server_error(&server, e))?;
        let created = tables.is_empty();
        if !created && !tables.iter().any(|t| t == "_sqlx_migrations") {
            let mut shown = tables.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
            if tables.len() > 5 {
                shown.push_str(", …");
            }
            return Err(StorageError::ForeignDatabase { server, tables: shown });
        }
        POSTGRES_MIGRATOR
            .run(&pool)
            .await
            .map_err(|source| StorageError::Migrate {
                path: PathBuf::from(&server),
                source,
            })?;
        let schema_version = schema_version(&pool)
            .await
            .map_err(|e| classify_server_error(&server, e))?;
        let status = DatabaseStatus {
            path: PathBuf::from(&server),
            backend: Backend::Postgres,
            created,
            schema_version,
            journal_mode: "server".to_owned(),
        };
        Ok((
            Database {
                pool,
                path: PathBuf::from(server),
                backend: Backend::Postgres,
            },
            status,
        ))
    }

    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A write transaction during which no other write transaction on this store runs, so two
    /// flows never read the same state and then both write it. SQLite: `BEGIN IMMEDIATE` (its
    /// write lock; the busy timeout queues the others). PostgreSQL: a transaction-scoped
    /// advisory lock taken first thing, which queues the writers of every kiosk of the fleet
    /// the same way (and is released by commit or rollback, or when the connection dies).
    /// The only way the core starts a write transaction.
    pub async fn write(&self) -> Result<WriteTx, Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => {
                let mut tx = self.pool.begin().await?;
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind(WRITE_LOCK_KEY)
                    .execute(&mut *tx)
                    .await?;
                Ok(tx)
            }
        }
    }

    /// A connection for reads (and single-statement writes that need no transaction).
    pub async fn read(&self) -> Result<ReadConn, Error> {
        self.pool.acquire().await
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Closes every connection (checkpointing the WAL).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

async fn schema_version(pool: &Pool) -> Result<i64, Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success")
        .fetch_one(pool)
        .await
}

/// One sentence for what went wrong reaching `server`.
fn classify_server_error(server: &str, error: sqlx::Error) -> StorageError {
    let server = server.to_owned();
    match &error {
        sqlx::Error::Io(e) => StorageError::Unreachable {
            server,
            detail: e.to_string(),
        },
        sqlx::Error::PoolTimedOut => StorageError::Unreachable {
            server,
            detail: "no answer in time".to_owned(),
        },
        sqlx::Error::Tls(e) => StorageError::Tls {
            server,
            detail: e.to_string(),
        },
        sqlx::Error::Database(db) => match db.code().as_deref() {
            Some("28P01" | "28000") => StorageError::AuthenticationFailed { server },
            Some("3D000") => StorageError::NoSuchDatabase { server },
            _ => StorageError::Server {
                server,
                detail: db.message().to_owned(),
            },
        },
        sqlx::Error::Configuration(e) => StorageError::InvalidUrl { problem: e.to_string() },
        other => StorageError::Server {
            server,
            detail: other.to_string(),
        },
    }
}

/// Whether `error` means the database could not be reached (server down, network gone), as
/// opposed to a refused statement: the shell then says "unreachable; retrying".
pub fn is_unreachable(error: &Error) -> bool {
    matches!(
        error,
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Tls(_)
    ) || matches!(error, sqlx::Error::Database(db) if db.code().is_some_and(|c| c.starts_with("57P") || c.starts_with("08")))
}

fn create_private_file(path: &Path) -> Result<(), StorageError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(path)
        .map(drop)
        .map_err(|source| StorageError::Permissions {
            path: path.to_owned(),
            source,
        })
}

fn restrict_to_owner(path: &Path, mode: u32) -> Result<(), StorageError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).map_err(|source| {
            StorageError::Permissions {
                path: path.to_owned(),
                source,
            }
        })?;
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}

/// How many accounts the database holds (for the start-up status line).
pub async fn count_accounts(db: &Database) -> Result<i64, Error> {
    accounts::count(&mut *db.read().await?).await
}

/// Copies the write-ahead log into the database file and truncates the log, so that what was
/// just erased (with `secure_delete` on) is gone from both files. Best effort: a reader that
/// holds an old snapshot keeps the log from being truncated.
pub(crate) async fn checkpoint(pool: &Pool) -> Result<(), Error> {
    if Backend::of_pool(pool) == Backend::Postgres {
        // The server owns its files; deleted rows are gone at the next VACUUM.
        return Ok(());
    }
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(pool)
        .await
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn opening_creates_a_private_migrated_wal_database_and_reopening_keeps_it() {
        let dir = tempfile::tempdir().unwrap();
        let (db, status) = Database::open_in(dir.path()).await.unwrap();
        assert!(status.created);
        assert_eq!(status.journal_mode, "wal");
        assert!(status.schema_version >= 1);
        let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!(fk, 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(db.path()).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        db.close().await;
        let (_db, status) = Database::open_in(dir.path()).await.unwrap();
        assert!(!status.created);
    }
}
