//! The dev SMS inbox: with no gateway configured, texts are "delivered" here (outbox rows with
//! `channel = 'sms'` and status `delivered_locally`) and shown in the app beside the dev
//! mailbox, under the same rule: the operator (operator mode) sees every text, a signed-in
//! person only the texts to their own phone.

use crate::clock::Timestamp;
use crate::mail::MailError;
use crate::mail::outbox::{self, MailPurpose, OutboxId, OutboxStatus};
use crate::secret_key::InstallKey;
use crate::store::{self, Conn, sms::InboxRow};

/// Who is reading the dev SMS inbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SmsReader {
    /// Operator (dev) mode: every text.
    Operator,
    /// A signed-in person: the texts to this phone (E.164) only.
    Phone(String),
}

impl SmsReader {
    fn phone(&self) -> Option<&str> {
        match self {
            SmsReader::Operator => None,
            SmsReader::Phone(phone) => Some(phone),
        }
    }
}

/// One text of the dev SMS inbox, with its body.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SmsMessage {
    pub id: OutboxId,
    pub to: String,
    pub purpose: MailPurpose,
    pub status: OutboxStatus,
    pub created_at: Timestamp,
    pub sent_at: Option<Timestamp>,
    pub read: bool,
    pub text: String,
}

fn message(
    key: &InstallKey,
    (id, to, purpose, status, created_at, sent_at, read_at): InboxRow,
    sealed: &[u8],
) -> Result<SmsMessage, MailError> {
    let (text, _code) = outbox::open_sms(key, sealed)
        .ok_or_else(|| MailError::Internal(format!("outbox row {id} cannot be opened with this installation's key")))?;
    Ok(SmsMessage {
        id: OutboxId(id),
        to,
        purpose: MailPurpose::parse(&purpose)
            .ok_or_else(|| MailError::Internal(format!("unknown purpose {purpose:?} in outbox row {id}")))?,
        status: OutboxStatus::parse(&status)
            .ok_or_else(|| MailError::Internal(format!("unknown status {status:?} in outbox row {id}")))?,
        created_at: Timestamp(created_at),
        sent_at: sent_at.map(Timestamp),
        read: read_at.is_some(),
        text,
    })
}

/// The newest `limit` texts `reader` may see, newest first, with their text (they are short).
pub async fn list(
    conn: &mut Conn,
    key: &InstallKey,
    reader: &SmsReader,
    limit: u32,
) -> Result<Vec<SmsMessage>, MailError> {
    let rows = store::sms::inbox_list(conn, reader.phone(), limit).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let id = OutboxId(row.0);
        let Some((row, sealed)) = store::sms::inbox_find(conn, id, reader.phone()).await? else {
            continue;
        };
        out.push(message(key, row, &sealed)?);
    }
    Ok(out)
}

/// Opens text `id` and marks it read. `MailError::NotFound` if it is not in the dev SMS inbox
/// or `reader` may not see it.
pub async fn read(
    conn: &mut Conn,
    key: &InstallKey,
    reader: &SmsReader,
    id: OutboxId,
    now: Timestamp,
) -> Result<SmsMessage, MailError> {
    let Some((row, sealed)) = store::sms::inbox_find(conn, id, reader.phone()).await? else {
        return Err(MailError::NotFound);
    };
    let message = message(key, row, &sealed)?;
    store::outbox::mark_read(conn, id, now).await?;
    Ok(message)
}
