//! The QA tester's view of the outbox (`mail::inspect`): every message, any status.

use crate::mail::outbox::OutboxId;
use crate::store::{Conn, Error};

/// id, recipient, subject, purpose, status, attempts, last_error, created_at, sent_at.
pub(crate) type EntryRow = (
    i64,
    String,
    String,
    String,
    String,
    i64,
    Option<String>,
    i64,
    Option<i64>,
);
/// An [`EntryRow`] and the sealed body.
pub(crate) type EntryWithBodyRow = (EntryRow, Vec<u8>);
/// The flat row `find_with_body` reads.
type FlatWithBody = (
    i64,
    String,
    String,
    String,
    String,
    i64,
    Option<String>,
    i64,
    Option<i64>,
    Vec<u8>,
);

macro_rules! columns {
    () => {
        "id, recipient, subject, purpose, status, attempts, last_error, created_at, sent_at"
    };
}

/// The newest `limit` rows whose recipient or subject is LIKE `pattern` (escaped with `\`),
/// newest first.
pub(crate) async fn search(conn: &mut Conn, pattern: &str, limit: u32) -> Result<Vec<EntryRow>, Error> {
    sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        " FROM outbox WHERE recipient LIKE $1 ESCAPE '\\' OR subject LIKE $1 ESCAPE '\\'
         ORDER BY id DESC LIMIT $2"
    ))
    .bind(pattern)
    .bind(i64::from(limit))
    .fetch_all(conn)
    .await
}

/// The newest row addressed to `recipient` (any case); `Ok(None)` when there is none.
pub(crate) async fn latest_to(conn: &mut Conn, recipient: &str) -> Result<Option<EntryRow>, Error> {
    sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        " FROM outbox WHERE lower(recipient) = lower($1) ORDER BY id DESC LIMIT 1"
    ))
    .bind(recipient)
    .fetch_optional(conn)
    .await
}

/// Row `id` with its sealed body; `Ok(None)` when there is none.
pub(crate) async fn find_with_body(conn: &mut Conn, id: OutboxId) -> Result<Option<EntryWithBodyRow>, Error> {
    let row: Option<FlatWithBody> = sqlx::query_as(concat!(
        "SELECT ",
        columns!(),
        ", body_sealed FROM outbox WHERE id = $1"
    ))
    .bind(id.0)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(a, b, c, d, e, f, g, h, i, sealed)| ((a, b, c, d, e, f, g, h, i), sealed)))
}

/// Deletes all but the newest `keep` rows, sparing queued ones and any a code still points at.
pub(crate) async fn keep_newest(conn: &mut Conn, keep: u32) -> Result<u64, Error> {
    let done = sqlx::query(
        "DELETE FROM outbox
         WHERE status <> 'queued'
           AND id NOT IN (SELECT id FROM outbox ORDER BY id DESC LIMIT $1)
           AND id NOT IN (SELECT outbox_id FROM one_time_codes WHERE outbox_id IS NOT NULL)
           AND id NOT IN (SELECT outbox_id FROM decoy_codes WHERE outbox_id IS NOT NULL)",
    )
    .bind(i64::from(keep))
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
