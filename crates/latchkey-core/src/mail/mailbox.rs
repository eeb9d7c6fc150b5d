//! The dev mailbox: with no SMTP server configured, messages are "delivered" here (they stay in
//! the outbox with status `delivered_locally`) and the app shows them, so registering and
//! verifying work with no mail server at all.
//!
//! Only locally delivered messages are listed or opened: mail that went (or will go) out over
//! SMTP is never readable in the app, or the app would hand out codes meant for a mailbox.

use sqlx::SqliteConnection;

use crate::clock::Timestamp;
use crate::mail::error::MailError;
use crate::mail::outbox::{self, MailPurpose, OutboxId, OutboxStatus};
use crate::secret_key::InstallKey;

/// One line of the mailbox list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MailboxEntry {
    pub id: OutboxId,
    pub to: String,
    pub subject: String,
    pub purpose: MailPurpose,
    pub status: OutboxStatus,
    pub created_at: Timestamp,
    pub sent_at: Option<Timestamp>,
    pub read: bool,
}

/// One opened message.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MailboxMessage {
    pub id: OutboxId,
    pub to: String,
    pub subject: String,
    pub purpose: MailPurpose,
    pub status: OutboxStatus,
    pub created_at: Timestamp,
    pub sent_at: Option<Timestamp>,
    pub text: String,
    pub html: String,
}

type Row = (i64, String, String, String, String, i64, Option<i64>, Option<i64>);
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

fn entry((id, to, subject, purpose, status, created_at, sent_at, read_at): Row) -> Result<MailboxEntry, MailError> {
    Ok(MailboxEntry {
        id: OutboxId(id),
        to,
        subject,
        purpose: MailPurpose::parse(&purpose)
            .ok_or_else(|| MailError::Internal(format!("unknown mail purpose {purpose:?} in outbox row {id}")))?,
        status: OutboxStatus::parse(&status)
            .ok_or_else(|| MailError::Internal(format!("unknown mail status {status:?} in outbox row {id}")))?,
        created_at: Timestamp(created_at),
        sent_at: sent_at.map(Timestamp),
        read: read_at.is_some(),
    })
}

/// Who is looking at the dev mailbox (issue 8, item 6): recipients and purposes tell who has
/// an account, and messages hold codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailboxReader {
    /// Operator (dev) mode (`Config::operator_mode`): every message.
    Operator,
    /// A signed-in person: the messages addressed to this address (any case) only.
    Recipient(String),
}

impl MailboxReader {
    /// `recipient` filter for SQL: `None` for the operator.
    fn recipient(&self) -> Option<&str> {
        match self {
            MailboxReader::Operator => None,
            MailboxReader::Recipient(address) => Some(address),
        }
    }
}

/// The newest `limit` messages of the dev mailbox that `reader` may see, newest first.
pub async fn list(
    conn: &mut SqliteConnection,
    reader: &MailboxReader,
    limit: u32,
) -> Result<Vec<MailboxEntry>, MailError> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, recipient, subject, purpose, status, created_at, sent_at, read_at
         FROM outbox WHERE status = 'delivered_locally' AND (?1 IS NULL OR lower(recipient) = lower(?1))
         ORDER BY sent_at DESC, id DESC LIMIT ?2",
    )
    .bind(reader.recipient())
    .bind(i64::from(limit))
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(entry).collect()
}

/// Opens message `id` and marks it read (the first time, at `now`).
/// `MailError::NotFound` if there is no such message in the dev mailbox.
/// `NotFound` too for a message `reader` may not see.
pub async fn read(
    conn: &mut SqliteConnection,
    key: &InstallKey,
    reader: &MailboxReader,
    id: OutboxId,
    now: Timestamp,
) -> Result<MailboxMessage, MailError> {
    let row: Option<RowWithBody> = sqlx::query_as(
        "SELECT id, recipient, subject, purpose, status, created_at, sent_at, read_at, body_sealed
             FROM outbox WHERE id = ?1 AND status = 'delivered_locally' AND (?2 IS NULL OR lower(recipient) = lower(?2))",
    )
    .bind(id.0)
    .bind(reader.recipient())
    .fetch_optional(&mut *conn)
    .await?;
    let Some((id_, to, subject, purpose, status, created_at, sent_at, read_at, sealed)) = row else {
        return Err(MailError::NotFound);
    };
    let e = entry((id_, to, subject, purpose, status, created_at, sent_at, read_at))?;
    let (text, html) = outbox::open(key, &sealed).ok_or_else(|| {
        MailError::Internal(format!(
            "outbox row {} cannot be opened with this installation's key",
            id.0
        ))
    })?;
    sqlx::query("UPDATE outbox SET read_at = ? WHERE id = ? AND read_at IS NULL")
        .bind(now.millis())
        .bind(id.0)
        .execute(&mut *conn)
        .await?;
    Ok(MailboxMessage {
        id: e.id,
        to: e.to,
        subject: e.subject,
        purpose: e.purpose,
        status: e.status,
        created_at: e.created_at,
        sent_at: e.sent_at,
        text,
        html,
    })
}
