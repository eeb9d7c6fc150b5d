//! Table `audit_events`: security events, written inside the transaction that caused them.

use crate::clock::Timestamp;
use crate::ids::AccountId;
use crate::store::batch::Stmt;
use crate::store::{Conn, Error};

/// Inserts one event row, returning its id. `kind` and `detail` are stored as text.
pub(crate) fn insert_event_stmt(at: Timestamp, account_id: Option<AccountId>, kind: &str, detail: &str) -> Stmt {
    Stmt::new("INSERT INTO audit_events (at, account_id, kind, detail) VALUES ($1, $2, $3, $4) RETURNING id")
        .int(at.millis())
        .int(account_id.map(|a| a.0))
        .str(kind)
        .str(detail)
}

/// An event row as stored: `(id, at, kind, detail)`.
pub(crate) type EventRow = (i64, i64, String, String);

/// `account_id`'s newest `limit` events, newest first (ties by id).
pub(crate) async fn recent_for_account(
    conn: &mut Conn,
    account_id: AccountId,
    limit: i64,
) -> Result<Vec<EventRow>, Error> {
    sqlx::query_as(
        "SELECT id, at, kind, detail FROM audit_events WHERE account_id = $1 ORDER BY at DESC, id DESC LIMIT $2",
    )
    .bind(account_id.0)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Deletes every event of `account_id`; returns how many.
pub(crate) async fn delete_for_account(conn: &mut Conn, account_id: AccountId) -> Result<u64, Error> {
    let done = sqlx::query("DELETE FROM audit_events WHERE account_id = $1")
        .bind(account_id.0)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
