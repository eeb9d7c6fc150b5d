//! Table `outbox`: every email, queued in the transaction that announces it, then leased, sent
//! or failed by the delivery task; locally delivered ones form the dev mailbox.

use crate::clock::Timestamp;
use crate::mail::outbox::{MailPurpose, OutboxId, OutboxStatus};
use crate::store::batch::Stmt;
use crate::store::{Backend, Conn, Error, Pool};

/// Inserts a queued message, due at `now`, returning its id.
pub(crate) fn insert_queued(
    recipient: &str,
    subject: &str,
    body_sealed: &[u8],
    purpose: MailPurpose,
    now: Timestamp,
) -> Stmt {
    Stmt::new(
        "INSERT INTO outbox (recipient, subject, body_sealed, purpose, status, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, 'queued', $5, $6) RETURNING id",
    )
    .str(recipient)
    .str(subject)
    .bytes(Some(body_sealed))
    .str(purpose.as_str())
    .int(now.millis())
    .int(now.millis())
}

/// `(status, attempts, next_attempt_at, last_error, sent_at)` of message `id`.
pub(crate) type StatusRow = (String, i64, i64, Option<String>, Option<i64>);

/// Where message `id` stands; `Ok(None)` if there is no such message.
pub(crate) async fn find_status(conn: &mut Conn, id: OutboxId) -> Result<Option<StatusRow>, Error> {
    sqlx::query_as("SELECT status, attempts, next_attempt_at, last_error, sent_at FROM outbox WHERE id = $1")
        .bind(id.0)
        .fetch_optional(conn)
        .await
}

/// `(id, recipient, subject, body_sealed, attempts, created_at, channel)` of a leased message.
pub(crate) type ClaimedRow = (i64, String, String, Vec<u8>, i64, i64, String);

/// Takes the oldest due queued message (`next_attempt_at <= now`), if any, moving its
/// `next_attempt_at` to `lease_until` in the same statement; `Ok(None)` if none is due.
///
/// Several instances may claim at once (a fleet on PostgreSQL): the outer `WHERE` re-checks
/// that the row is still queued and due, so of two claims of one row only the first wins (the
/// other sees the moved `next_attempt_at` once the first commits); on PostgreSQL the inner
/// `SELECT` also skips rows another claim holds locked (`FOR UPDATE SKIP LOCKED`), so the
/// loser takes the next due message instead of nothing.
pub(crate) async fn claim_due(
    pool: &Pool,
    now: Timestamp,
    lease_until: Timestamp,
) -> Result<Option<ClaimedRow>, Error> {
    const SQLITE: &str = "UPDATE outbox SET next_attempt_at = $1
         WHERE id = (SELECT id FROM outbox WHERE status = 'queued' AND next_attempt_at <= $2
                     ORDER BY next_attempt_at, id LIMIT 1)
           AND status = 'queued' AND next_attempt_at <= $2
         RETURNING id, recipient, subject, body_sealed, attempts, created_at, channel";
    const POSTGRES: &str = "UPDATE outbox SET next_attempt_at = $1
         WHERE id = (SELECT id FROM outbox WHERE status = 'queued' AND next_attempt_at <= $2
                     ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
           AND status = 'queued' AND next_attempt_at <= $2
         RETURNING id, recipient, subject, body_sealed, attempts, created_at, channel";
    let sql = match Backend::of_pool(pool) {
        Backend::Sqlite => SQLITE,
        Backend::Postgres => POSTGRES,
    };
    sqlx::query_as(sql)
        .bind(lease_until.millis())
        .bind(now.millis())
        .fetch_optional(pool)
        .await
}

/// Sets a queued message's final `status` (sent or delivered locally) and `sent_at`, counting
/// the attempt. A message that is no longer queued is left alone.
pub(crate) async fn mark_delivered(
    pool: &Pool,
    id: OutboxId,
    status: OutboxStatus,
    at: Timestamp,
) -> Result<(), Error> {
    sqlx::query(
        "UPDATE outbox SET status = $1, sent_at = $2, attempts = attempts + 1, last_error = NULL
         WHERE id = $3 AND status = 'queued'",
    )
    .bind(status.as_str())
    .bind(at.millis())
    .bind(id.0)
    .execute(pool)
    .await?;
    Ok(())
}

/// Counts a failed attempt on a queued message and schedules the next one.
pub(crate) async fn mark_retry(
    pool: &Pool,
    id: OutboxId,
    next_attempt_at: Timestamp,
    error: &str,
) -> Result<(), Error> {
    sqlx::query(
        "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2
         WHERE id = $3 AND status = 'queued'",
    )
    .bind(next_attempt_at.millis())
    .bind(error)
    .bind(id.0)
    .execute(pool)
    .await?;
    Ok(())
}

/// Fails a queued message for good with `reason`, counting the attempt.
pub(crate) async fn mark_failed(pool: &Pool, id: OutboxId, reason: &str) -> Result<(), Error> {
    sqlx::query(
        "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = $1
         WHERE id = $2 AND status = 'queued'",
    )
    .bind(reason)
    .bind(id.0)
    .execute(pool)
    .await?;
    Ok(())
}

/// Makes every queued message that is due later due at `now`; returns how many.
pub(crate) async fn retry_all_now(pool: &Pool, now: Timestamp) -> Result<u64, Error> {
    let done = sqlx::query("UPDATE outbox SET next_attempt_at = $1 WHERE status = 'queued' AND next_attempt_at > $2")
        .bind(now.millis())
        .bind(now.millis())
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

/// `(id, recipient, subject, purpose, status, created_at, sent_at, read_at)` of a dev-mailbox message.
pub(crate) type MailboxRow = (i64, String, String, String, String, i64, Option<i64>, Option<i64>);

/// The newest `limit` locally delivered messages, newest first; only those to `recipient`
/// (any case) unless it is `None`.
pub(crate) async fn mailbox_list(
    conn: &mut Conn,
    recipient: Option<&str>,
    limit: u32,
) -> Result<Vec<MailboxRow>, Error> {
    sqlx::query_as(
        "SELECT id, recipient, subject, purpose, status, created_at, sent_at, read_at
         FROM outbox WHERE status = 'delivered_locally' AND channel = 'email' AND ($1 IS NULL OR lower(recipient) = lower($1))
         ORDER BY sent_at DESC, id DESC LIMIT $2",
    )
    .bind(recipient)
    .bind(i64::from(limit))
    .fetch_all(conn)
    .await
}

/// Locally delivered message `id` with its sealed body, if it is addressed to `recipient`
/// (any case; any recipient when `None`); `Ok(None)` otherwise.
pub(crate) async fn mailbox_find(
    conn: &mut Conn,
    id: OutboxId,
    recipient: Option<&str>,
) -> Result<Option<(MailboxRow, Vec<u8>)>, Error> {
    type RowWithBody = (
        i64,
        String,
        String,
        String,
        String,
        i64,
        Option<i64>,
        Option<i64>,
        Vec<u8>,
    );
    let row: Option<RowWithBody> = sqlx::query_as(
        "SELECT id, recipient, subject, purpose, status, created_at, sent_at, read_at, body_sealed
             FROM outbox WHERE id = $1 AND status = 'delivered_locally' AND channel = 'email' AND ($2 IS NULL OR lower(recipient) = lower($2))",
    )
    .bind(id.0)
    .bind(recipient)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(
        |(id, to, subject, purpose, status, created_at, sent_at, read_at, sealed)| {
            ((id, to, subject, purpose, status, created_at, sent_at, read_at), sealed)
        },
    ))
}

/// Marks message `id` read at `now`, unless it already was.
pub(crate) async fn mark_read(conn: &mut Conn, id: OutboxId, now: Timestamp) -> Result<(), Error> {
    sqlx::query("UPDATE outbox SET read_at = $1 WHERE id = $2 AND read_at IS NULL")
        .bind(now.millis())
        .bind(id.0)
        .execute(conn)
        .await?;
    Ok(())
}

/// `(subject, purpose, status, created_at, sent_at)` of every message to `recipient` (any
/// case), oldest first. No bodies: they may hold codes.
pub(crate) async fn summaries_to(
    conn: &mut Conn,
    recipient: &str,
) -> Result<Vec<(String, String, String, i64, Option<i64>)>, Error> {
    sqlx::query_as(
        "SELECT subject, purpose, status, created_at, sent_at FROM outbox WHERE lower(recipient) = lower($1) ORDER BY id",
    )
    .bind(recipient)
    .fetch_all(conn)
    .await
}

/// Deletes every message to `recipient` (any case), first unlinking the codes and decoys that
/// name them; returns how many messages.
pub(crate) async fn erase_addressed_to(conn: &mut Conn, recipient: &str) -> Result<u64, Error> {
    for unlink in [
        "UPDATE one_time_codes SET outbox_id = NULL WHERE outbox_id IN (SELECT id FROM outbox WHERE lower(recipient) = lower($1))",
        "UPDATE decoy_codes SET outbox_id = NULL WHERE outbox_id IN (SELECT id FROM outbox WHERE lower(recipient) = lower($1))",
    ] {
        sqlx::query(unlink).bind(recipient).execute(&mut *conn).await?;
    }
    let done = sqlx::query("DELETE FROM outbox WHERE lower(recipient) = lower($1)")
        .bind(recipient)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
