//! The dev mailbox: with no SMTP server configured, messages are "delivered" here (they stay in
//! the outbox with status `delivered_locally`) and the app shows them, so registering and
//! verifying work with no mail server at all.
//!
//! Only locally delivered messages are listed or opened: mail that went (or will go) out over
//! SMTP is never readable in the app, or the app would hand out codes meant for a mailbox.

use crate::clock::Timestamp;
use crate::mail::error::MailError;
use crate::mail::outbox::{self, MailPurpose, OutboxId, OutboxStatus};
use crate::secret_key::InstallKey;
use crate::store::{self, Conn, outbox::MailboxRow as Row};

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
pub async fn list(conn: &mut Conn, reader: &MailboxReader, limit: u32) -> Result<Vec<MailboxEntry>, MailError> {
    let rows = store::outbox::mailbox_list(conn, reader.recipient(), limit).await?;
    rows.into_iter().map(entry).collect()
}

/// Opens message `id` and marks it read (the first time, at `now`).
/// `MailError::NotFound` if there is no such message in the dev mailbox.
/// `NotFound` too for a message `reader` may not see.
pub async fn read(
    conn: &mut Conn,
    key: &InstallKey,
    reader: &MailboxReader,
    id: OutboxId,
    now: Timestamp,
) -> Result<MailboxMessage, MailError> {
    let Some((row, sealed)) = store::outbox::mailbox_find(conn, id, reader.recipient()).await? else {
        return Err(MailError::NotFound);
    };
    let e = entry(row)?;
    let (text, html) = outbox::open(key, &sealed).ok_or_else(|| {
        MailError::Internal(format!(
            "outbox row {} cannot be opened with this installation's key",
            id.0
        ))
    })?;
    store::outbox::mark_read(conn, id, now).await?;
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
