//! Table `login_throttle`: consecutive sign-in failures per key, and until when they block.

use crate::clock::Timestamp;
use crate::store::batch::Stmt;
use crate::store::{Conn, Error, Pool};

/// `(consecutive_failures, blocked_until)` of `key`; `Ok(None)` if it has no failures recorded.
pub(crate) async fn find(conn: &mut Conn, key: &str) -> Result<Option<(i64, Option<i64>)>, Error> {
    sqlx::query_as("SELECT consecutive_failures, blocked_until FROM login_throttle WHERE key = $1")
        .bind(key)
        .fetch_optional(conn)
        .await
}

/// `key`s' `(consecutive_failures, blocked_until)`, each `None` if it has no failures
/// recorded. `a` and `b` differ.
pub(crate) async fn find_pair(
    conn: &mut Conn,
    a: &str,
    b: &str,
) -> Result<(Option<(i64, Option<i64>)>, Option<(i64, Option<i64>)>), Error> {
    let rows: Vec<(String, i64, Option<i64>)> =
        sqlx::query_as("SELECT key, consecutive_failures, blocked_until FROM login_throttle WHERE key IN ($1, $2)")
            .bind(a)
            .bind(b)
            .fetch_all(conn)
            .await?;
    let of = |key: &str| {
        rows.iter()
            .find(|(k, _, _)| k == key)
            .map(|&(_, failures, blocked_until)| (failures, blocked_until))
    };
    Ok((of(a), of(b)))
}

/// Writes each `(key, failures, blocked_until)` (inserting or replacing its row), all in one
/// statement; the keys differ.
pub(crate) async fn upsert_all(
    conn: &mut Conn,
    rows: &[(&str, i64, Option<i64>)],
    now: Timestamp,
) -> Result<(), Error> {
    if rows.is_empty() {
        return Ok(());
    }
    let values = (0..rows.len())
        .map(|i| format!("(${}, ${}, ${}, $1)", 3 * i + 2, 3 * i + 3, 3 * i + 4))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "INSERT INTO login_throttle (key, consecutive_failures, blocked_until, updated_at) VALUES {values}
         ON CONFLICT (key) DO UPDATE SET consecutive_failures = excluded.consecutive_failures,
             blocked_until = excluded.blocked_until, updated_at = excluded.updated_at"
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(now.millis());
    for &(key, failures, blocked_until) in rows {
        query = query.bind(key).bind(failures).bind(blocked_until);
    }
    query.execute(conn).await?;
    Ok(())
}

/// Forgets `key`'s failures (no-op if there are none).
pub(crate) fn clear(key: &str) -> Stmt {
    Stmt::new("DELETE FROM login_throttle WHERE key = $1").str(key)
}

/// Forgets the failures of `a` and `b` (either may have none).
pub(crate) fn clear_pair(a: &str, b: &str) -> Stmt {
    Stmt::new("DELETE FROM login_throttle WHERE key IN ($1, $2)")
        .str(a)
        .str(b)
}

/// Deletes rows that no longer block at `now` and were last updated before `stale_before`
/// (millis); returns how many.
pub(crate) async fn prune(pool: &Pool, now: Timestamp, stale_before: i64) -> Result<u64, Error> {
    let done = sqlx::query(
        "DELETE FROM login_throttle WHERE (blocked_until IS NULL OR blocked_until <= $1) AND updated_at < $2",
    )
    .bind(now.millis())
    .bind(stale_before)
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}
