//! The storage boundary: every SQL statement of the core lives under this module, one file per
//! table or concern ([`accounts`], [`pending`], [`sessions`], [`codes`], [`throttle`], [`audit`],
//! [`outbox`], [`mail_settings`]). This file holds the database handle ([`Database`]: where the
//! file lives, how it is opened and migrated) and the types the flows hold while they talk to
//! it: [`Conn`] (a connection to read or write on), [`WriteTx`] (a write transaction, from
//! [`Database::write`], the only place `BEGIN IMMEDIATE` is written) and [`ReadConn`] (a pooled
//! connection, from [`Database::read`]).
//!
//! The flows above this module never name a SQLite type, write SQL or choose a transaction
//! mode: they call the small typed functions of the table files with a `&mut Conn`, and get
//! `Result<_, store::Error>` back. Each function's doc comment states its contract.
//!
//! # A second backend (PostgreSQL)
//!
//! A second backend is a second implementation of this module, not a rewrite of the flows:
//! [`Conn`], [`WriteTx`], [`ReadConn`], [`Pool`] and [`Error`] become that backend's types (a
//! `cfg` switch, or an enum over both connections), [`Database::open_file`] opens it and runs
//! its migrations, [`Database::write`] starts its serialisable write transaction (where SQLite
//! takes its write lock with `BEGIN IMMEDIATE`), and each table file gets the same functions with
//! that backend's SQL (`$1` placeholders, `ON CONFLICT` and `RETURNING` as PostgreSQL spells
//! them). The function signatures, and everything above this module, stay as they are.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

pub mod accounts;
pub mod admin;
pub mod audit;
pub mod codes;
pub mod invites;
pub mod locks;
pub mod mail_settings;
pub mod outbox;
pub mod outbox_inspect;
pub mod pending;
pub mod roles;
pub mod sessions;
pub mod throttle;

/// What every store function fails with.
pub type Error = sqlx::Error;
/// A connection to read or write on: a pooled connection, or the inside of a [`WriteTx`].
pub type Conn = sqlx::SqliteConnection;
/// A connection taken from the pool ([`Database::read`]); derefs to [`Conn`].
pub type ReadConn = sqlx::pool::PoolConnection<sqlx::Sqlite>;
/// A write transaction ([`Database::write`]); derefs to [`Conn`]. Rolled back when dropped
/// without [`WriteTx::commit`].
pub type WriteTx = sqlx::Transaction<'static, sqlx::Sqlite>;
/// The connection pool (the delivery task and the shell hold a clone).
pub type Pool = sqlx::SqlitePool;

/// The database file's name inside the data directory.
pub const DATABASE_FILE: &str = "latchkey.db";

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
}

/// What the app can say about its database at start-up.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DatabaseStatus {
    pub path: PathBuf,
    /// True when this start created the file.
    pub created: bool,
    /// The newest migration applied.
    pub schema_version: i64,
    pub journal_mode: String,
}

/// A migrated, ready-to-use database: a small pool of connections to one SQLite file.
#[derive(Debug, Clone)]
pub struct Database {
    pool: Pool,
    path: PathBuf,
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations");

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

    /// Like [`Database::open_in`] but for an explicit file path.
    pub async fn open_file(path: &Path) -> Result<(Database, DatabaseStatus), StorageError> {
        let created = !path.exists();
        let open_err = |source| StorageError::Open {
            path: path.to_owned(),
            source,
        };
        // Create the file ourselves first so it is never readable by others, not even briefly.
        if created {
            create_private_file(path)?;
        }
        let options = SqliteConnectOptions::from_str("sqlite://")
            .map_err(open_err)?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            // Deleted rows are overwritten, not left in free pages: an erased account's
            // address must not stay readable in the file (issue 12).
            .pragma("secure_delete", "on")
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(open_err)?;
        MIGRATOR.run(&pool).await.map_err(|source| StorageError::Migrate {
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
        let schema_version: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success")
                .fetch_one(&pool)
                .await
                .map_err(open_err)?;
        let journal_mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&pool)
            .await
            .map_err(open_err)?;
        let status = DatabaseStatus {
            path: path.to_owned(),
            created,
            schema_version,
            journal_mode,
        };
        Ok((
            Database {
                pool,
                path: path.to_owned(),
            },
            status,
        ))
    }

    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// A write transaction that takes SQLite's write lock at once (`BEGIN IMMEDIATE`), so two
    /// flows never read the same state and then both write it; the busy timeout queues them.
    /// The only way the core starts a write transaction.
    pub async fn write(&self) -> Result<WriteTx, Error> {
        self.pool.begin_with("BEGIN IMMEDIATE").await
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
