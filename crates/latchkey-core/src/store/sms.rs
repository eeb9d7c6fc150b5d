//! Text messages in table `outbox` (`channel = 'sms'`) and the phone-verification columns of
//! `accounts` (migration 0007). Portable SQL (SQLite and PostgreSQL).

use crate::clock::Timestamp;
use crate::codes::CodePurpose;
use crate::ids::AccountId;
use crate::mail::outbox::{MailPurpose, OutboxId};
use crate::store::{Conn, Error};

/// Inserts a queued text to `phone` (E.164), due at `now`; returns its id.
pub(crate) async fn insert_queued(
    conn: &mut Conn,
    phone: &str,
    body_sealed: &[u8],
    purpose: MailPurpose,
    now: Timestamp,
) -> Result<OutboxId, Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO outbox (recipient, subject, body_sealed, purpose, status, next_attempt_at, created_at, channel)
         VALUES ($1, $2, $3, $4, 'queued', $5, $5, 'sms') RETURNING id",
    )
    .bind(phone)
    .bind(purpose.as_str())
    .bind(body_sealed)
    .bind(purpose.as_str())
    .bind(now.millis())
    .fetch_one(conn)
    .await?;
    Ok(OutboxId(id))
}

/// `(id, recipient, purpose, status, created_at, sent_at, read_at)` of a dev-inbox text.
pub(crate) type InboxRow = (i64, String, String, String, i64, Option<i64>, Option<i64>);

/// The newest `limit` texts delivered to the dev SMS inbox, newest first; only those to
/// `phone` unless it is `None`.
pub(crate) async fn inbox_list(conn: &mut Conn, phone: Option<&str>, limit: u32) -> Result<Vec<InboxRow>, Error> {
    sqlx::query_as(
        "SELECT id, recipient, purpose, status, created_at, sent_at, read_at
         FROM outbox WHERE channel = 'sms' AND status = 'delivered_locally' AND ($1 IS NULL OR recipient = $1)
         ORDER BY sent_at DESC, id DESC LIMIT $2",
    )
    .bind(phone)
    .bind(i64::from(limit))
    .fetch_all(conn)
    .await
}

/// Dev-inbox text `id` with its sealed body, if it is addressed to `phone` (any when `None`).
pub(crate) async fn inbox_find(
    conn: &mut Conn,
    id: OutboxId,
    phone: Option<&str>,
) -> Result<Option<(InboxRow, Vec<u8>)>, Error> {
    type RowWithBody = (i64, String, String, String, i64, Option<i64>, Option<i64>, Vec<u8>);
    let row: Option<RowWithBody> = sqlx::query_as(
        "SELECT id, recipient, purpose, status, created_at, sent_at, read_at, body_sealed
         FROM outbox WHERE id = $1 AND channel = 'sms' AND status = 'delivered_locally'
           AND ($2 IS NULL OR recipient = $2)",
    )
    .bind(id.0)
    .bind(phone)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(id, to, purpose, status, created, sent, read, body)| {
        ((id, to, purpose, status, created, sent, read), body)
    }))
}

/// `(phone_e164, phone_verified_e164, phone_verified_at)` of `account`.
pub(crate) async fn phone_state(
    conn: &mut Conn,
    account: AccountId,
) -> Result<Option<(String, Option<String>, Option<i64>)>, Error> {
    sqlx::query_as("SELECT phone_e164, phone_verified_e164, phone_verified_at FROM accounts WHERE id = $1")
        .bind(account.0)
        .fetch_optional(conn)
        .await
}

/// Marks `phone` verified for `account`, if it still is the account's phone; whether it was.
pub(crate) async fn mark_phone_verified(
    conn: &mut Conn,
    account: AccountId,
    phone: &str,
    now: Timestamp,
) -> Result<bool, Error> {
    let done = sqlx::query(
        "UPDATE accounts SET phone_verified_e164 = $1, phone_verified_at = $2 WHERE id = $3 AND phone_e164 = $1",
    )
    .bind(phone)
    .bind(now.millis())
    .bind(account.0)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Where the account's current (not superseded) code of `purpose` was sent, and that message's
/// id: the recipient of its outbox row.
pub(crate) async fn current_code_recipient(
    conn: &mut Conn,
    account: AccountId,
    purpose: CodePurpose,
) -> Result<Option<(String, i64)>, Error> {
    sqlx::query_as(
        "SELECT o.recipient, o.id FROM one_time_codes c JOIN outbox o ON o.id = c.outbox_id
         WHERE c.account_id = $1 AND c.purpose = $2 AND c.superseded_at IS NULL
         ORDER BY c.id DESC LIMIT 1",
    )
    .bind(account.0)
    .bind(purpose.as_str())
    .fetch_optional(conn)
    .await
}
