//! `latchkey store copy`: moving a single-machine store (a SQLite file) up to an empty
//! PostgreSQL database, every table, every row, ids kept; row counts checked at the end.
//!
//! [`TABLES`] lists the tables in an order that satisfies their foreign keys. A migration that
//! adds a table must add it here too: a copy refuses a source that holds a table it does not
//! know, rather than leave it behind.

use sqlx::{AssertSqlSafe, Row, ValueRef};

use crate::store::{Backend, Database};

/// Every table of the schema, parents before children.
pub const TABLES: &[&str] = &[
    "accounts",
    "settings",
    "login_throttle",
    "outbox",
    "one_time_codes",
    "decoy_codes",
    "sessions",
    "audit_events",
    "registration_handles",
    "account_pictures",
    "email_changes",
    "fleet_install_key",
    "account_roles",
    "invites",
    "invite_redemptions",
    "account_locks",
];

#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error("The target must be a PostgreSQL database (postgres://…).")]
    TargetNotServer,
    #[error("The target database is not empty (table {table} has {rows} rows); copy only into an empty database.")]
    TargetNotEmpty { table: String, rows: i64 },
    #[error("The source has a table store copy does not know ({table}); add it to store::copy::TABLES.")]
    UnknownTable { table: String },
    #[error("The source and the target are at different schema versions ({source_version} and {target_version}).")]
    SchemaMismatch { source_version: i64, target_version: i64 },
    #[error("Table {table}: {copied} rows copied but the source has {expected}; nothing was kept.")]
    CountMismatch { table: String, expected: i64, copied: i64 },
    #[error("The copy failed, nothing was kept: {0}")]
    Database(#[from] sqlx::Error),
}

/// How many rows each table had (and now has in the target).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyReport {
    pub tables: Vec<(String, i64)>,
}

/// The column types the copy binds values as.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Integer,
    Text,
    Blob,
}

/// Copies every row of `from` (a migrated SQLite store) into `to` (a migrated, empty
/// PostgreSQL store) in one transaction: all or nothing. Identity sequences are moved past the
/// copied ids so new rows do not collide.
pub async fn copy_store(from: &Database, to: &Database) -> Result<CopyReport, CopyError> {
    if to.backend() != Backend::Postgres {
        return Err(CopyError::TargetNotServer);
    }
    let source_version = schema_version(from).await?;
    let target_version = schema_version(to).await?;
    if source_version != target_version {
        return Err(CopyError::SchemaMismatch {
            source_version,
            target_version,
        });
    }
    for table in source_tables(from).await? {
        if !TABLES.contains(&table.as_str()) {
            return Err(CopyError::UnknownTable { table });
        }
    }
    for table in TABLES {
        let rows = count(to.pool(), table).await?;
        if rows > 0 {
            return Err(CopyError::TargetNotEmpty {
                table: (*table).to_owned(),
                rows,
            });
        }
    }
    let mut tx = to.write().await?;
    let mut report = Vec::new();
    for table in TABLES {
        let columns: Vec<(String, String)> = sqlx::query_as(
            "SELECT column_name::text, data_type::text FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
        )
        .bind(*table)
        .fetch_all(&mut *tx)
        .await?;
        let kinds: Vec<Kind> = columns
            .iter()
            .map(|(_, ty)| match ty.as_str() {
                "bigint" | "integer" | "smallint" => Kind::Integer,
                "bytea" => Kind::Blob,
                _ => Kind::Text,
            })
            .collect();
        let names: Vec<String> = columns.iter().map(|(name, _)| format!("\"{name}\"")).collect();
        let select = format!("SELECT {} FROM \"{table}\"", names.join(", "));
        let placeholders: Vec<String> = (1..=names.len()).map(|i| format!("${i}")).collect();
        let insert = format!(
            "INSERT INTO \"{table}\" ({}) VALUES ({})",
            names.join(", "),
            placeholders.join(", ")
        );
        let rows = sqlx::query(AssertSqlSafe(select)).fetch_all(from.pool()).await?;
        for row in &rows {
            let mut query = sqlx::query(AssertSqlSafe(insert.clone()));
            for (i, kind) in kinds.iter().enumerate() {
                let is_null = row.try_get_raw(i)?.is_null();
                query = match (kind, is_null) {
                    (Kind::Integer, true) => query.bind(None::<i64>),
                    (Kind::Integer, false) => query.bind(row.try_get::<i64, _>(i)?),
                    (Kind::Text, true) => query.bind(None::<String>),
                    (Kind::Text, false) => query.bind(row.try_get::<String, _>(i)?),
                    (Kind::Blob, true) => query.bind(None::<Vec<u8>>),
                    (Kind::Blob, false) => query.bind(row.try_get::<Vec<u8>, _>(i)?),
                };
            }
            query.execute(&mut *tx).await?;
        }
        let expected = count(from.pool(), table).await?;
        let copied: i64 = sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) FROM \"{table}\"")))
            .fetch_one(&mut *tx)
            .await?;
        if copied != expected || copied != rows.len() as i64 {
            return Err(CopyError::CountMismatch {
                table: (*table).to_owned(),
                expected,
                copied,
            });
        }
        let identity: Option<String> = sqlx::query_scalar(
            "SELECT column_name::text FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = $1 AND is_identity = 'YES'",
        )
        .bind(*table)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(column) = identity {
            sqlx::query(AssertSqlSafe(format!(
                "SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'),
                               COALESCE((SELECT MAX(\"{column}\") FROM \"{table}\"), 0) + 1, false)"
            )))
            .execute(&mut *tx)
            .await?;
        }
        report.push(((*table).to_owned(), copied));
    }
    tx.commit().await?;
    Ok(CopyReport { tables: report })
}

async fn schema_version(db: &Database) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success")
        .fetch_one(db.pool())
        .await
}

async fn count(pool: &crate::store::Pool, table: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) FROM \"{table}\"")))
        .fetch_one(pool)
        .await
}

/// The source's own tables (not sqlx's or SQLite's bookkeeping).
async fn source_tables(db: &Database) -> Result<Vec<String>, sqlx::Error> {
    let sql = match db.backend() {
        Backend::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
        Backend::Postgres => {
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1"
        }
    };
    let all: Vec<String> = sqlx::query_scalar(sql).fetch_all(db.pool()).await?;
    Ok(all
        .into_iter()
        .filter(|t| !t.starts_with("_sqlx") && !t.starts_with("sqlite_"))
        .collect())
}
