//! Table `login_throttle`: consecutive sign-in failures per key, and until when they block.

use crate::clock::Timestamp;
use crate::store::{Conn, Error, Pool};

/// `(consecutive_failures, blocked_until)` of `key`; `Ok(None)` if it has no failures recorded.
pub(crate) async fn find(conn: &mut Conn, key: &str) -> Result<Option<(i64, Option<i64>)>, Error> {
    sqlx::query_as("SELECT consecutive_failures, blocked_until FROM login_throttle WHERE key = $1")
        .bind(key)
        .fetch_optional(conn)
        .await
}

/// Writes `key`'s failure count and block (inserting or replacing the row).
pub(crate) async fn upsert(
    conn: &mut Conn,
    key: &str,
    failures: i64,
    blocked_until: Option<i64>,
    now: Timestamp,
) -> Result<(), Error> {
    sqlx::query(
        "INSERT INTO login_throttle (key, consecutive_failures, blocked_until, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (key) DO UPDATE SET consecutive_failures = excluded.consecutive_failures,
             blocked_until = excluded.blocked_until, updated_at = excluded.updated_at",
    )
    .bind(key)
    .bind(failures)
    .bind(blocked_until)
    .bind(now.millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// Forgets `key`'s failures (no-op if there are none).
pub(crate) async fn clear(conn: &mut Conn, key: &str) -> Result<(), Error> {
    sqlx::query("DELETE FROM login_throttle WHERE key = $1")
        .bind(key)
        .execute(conn)
        .await
        .map(drop)
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
