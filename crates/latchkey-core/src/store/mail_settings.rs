//! Table `settings`: key/value pairs the settings screen saved (today the mail settings).

use crate::clock::Timestamp;
use crate::store::{Conn, Error};

/// `(key, value)` of the saved settings among `keys` (missing keys are absent).
pub(crate) async fn load(conn: &mut Conn, keys: [&str; 2]) -> Result<Vec<(String, String)>, Error> {
    sqlx::query_as("SELECT key, value FROM settings WHERE key IN ($1, $2)")
        .bind(keys[0])
        .bind(keys[1])
        .fetch_all(conn)
        .await
}

/// Saves `value` under `key`, replacing what was there.
pub(crate) async fn upsert(conn: &mut Conn, key: &str, value: &str, now: Timestamp) -> Result<(), Error> {
    sqlx::query(
        "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )
    .bind(key)
    .bind(value)
    .bind(now.millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// Forgets `key` (no-op if unset).
pub(crate) async fn delete(conn: &mut Conn, key: &str) -> Result<(), Error> {
    sqlx::query("DELETE FROM settings WHERE key = $1")
        .bind(key)
        .execute(conn)
        .await?;
    Ok(())
}
