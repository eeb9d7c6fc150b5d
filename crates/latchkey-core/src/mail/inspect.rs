//! The outbox seen by a QA tester (QA mode only; the plugin refuses these outside it): every
//! message of every status, searchable, with its text, HTML and raw source, the newest one
//! sent to an address, and pruning to the newest N. Unlike [`super::mailbox`], nothing here
//! is filtered by reader: callers must be QA tools.

use lettre::message::Mailbox;

use crate::clock::Timestamp;
use crate::mail::MailError;
use crate::mail::outbox::{self, OutboxId};
use crate::secret_key::InstallKey;
use crate::store::{self, Conn, Pool};

/// One message in the outbox, any status.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutboxEntry {
    pub id: OutboxId,
    pub to: String,
    pub subject: String,
    pub purpose: String,
    pub status: String,
    pub attempts: i64,
    /// The last delivery problem (a server's answer, a staged fault), if any.
    pub last_error: Option<String>,
    pub created_at: Timestamp,
    pub sent_at: Option<Timestamp>,
}

/// A message opened: its entry, bodies and raw RFC 5322 source.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutboxMessage {
    #[serde(flatten)]
    pub entry: OutboxEntry,
    pub text: String,
    pub html: String,
    pub raw: String,
}

type Row = store::outbox_inspect::EntryRow;

fn entry((id, to, subject, purpose, status, attempts, last_error, created_at, sent_at): Row) -> OutboxEntry {
    OutboxEntry {
        id: OutboxId(id),
        to,
        subject,
        purpose,
        status,
        attempts,
        last_error,
        created_at: Timestamp(created_at),
        sent_at: sent_at.map(Timestamp),
    }
}

/// The newest `limit` messages whose recipient or subject contains `query` (any case; empty:
/// all), newest first.
pub async fn search(conn: &mut Conn, query: &str, limit: u32) -> Result<Vec<OutboxEntry>, MailError> {
    let pattern = format!(
        "%{}%",
        query.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
    );
    let rows = store::outbox_inspect::search(conn, &pattern, limit).await?;
    Ok(rows.into_iter().map(entry).collect())
}

/// The newest message addressed to `recipient` (any case), any status.
pub async fn latest_to(conn: &mut Conn, recipient: &str) -> Result<Option<OutboxEntry>, MailError> {
    let row = store::outbox_inspect::latest_to(conn, recipient).await?;
    Ok(row.map(entry))
}

/// Opens message `id` (any status). `MailError::NotFound` if there is none.
pub async fn open(conn: &mut Conn, key: &InstallKey, from: &Mailbox, id: OutboxId) -> Result<OutboxMessage, MailError> {
    let Some((row, sealed)) = store::outbox_inspect::find_with_body(conn, id).await? else {
        return Err(MailError::NotFound);
    };
    let entry = entry(row);
    let (text, html) = outbox::open(key, &sealed).ok_or_else(|| {
        MailError::Internal(format!(
            "outbox row {} cannot be opened with this installation's key",
            id.0
        ))
    })?;
    let message_id = format!(
        "<outbox.{}.{}@{}>",
        id.0,
        entry.created_at.millis(),
        from.email.domain()
    );
    let raw = super::smtp::message(
        from,
        &entry.to,
        &entry.subject,
        text.clone(),
        html.clone(),
        Some(message_id),
    )
    .map(|m| String::from_utf8_lossy(&m.formatted()).into_owned())
    .unwrap_or_else(|e| format!("(cannot build the raw message: {e})"));
    Ok(OutboxMessage { entry, text, html, raw })
}

/// Deletes all but the newest `keep` messages, sparing queued ones and any a code still
/// points at. Returns how many went.
pub async fn keep_newest(conn: &mut Conn, keep: u32) -> Result<u64, MailError> {
    Ok(store::outbox_inspect::keep_newest(conn, keep).await?)
}

/// Makes every queued message due now (e.g. once a staged "offline" fault is lifted).
pub async fn retry_queued_now(pool: &Pool, now: Timestamp) -> Result<u64, MailError> {
    Ok(outbox::retry_all_now(pool, now).await?)
}

/// The one-time code in a message's text: the first `digits` digits standing alone, read
/// across the single spaces the templates group them with ("123 456").
pub fn code_in(text: &str, digits: usize) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let is_digit = |k: usize| chars.get(k).is_some_and(char::is_ascii_digit);
    let mut i = 0;
    while i < chars.len() {
        if !is_digit(i) || (i > 0 && is_digit(i - 1)) {
            i += 1;
            continue;
        }
        let mut code = String::new();
        let mut j = i;
        let mut first_run_end = None;
        loop {
            while is_digit(j) {
                code.push(chars[j]);
                j += 1;
            }
            first_run_end.get_or_insert(j);
            if code.len() >= digits || !(chars.get(j) == Some(&' ') && is_digit(j + 1)) {
                break;
            }
            j += 1;
        }
        if code.len() == digits {
            return Some(code);
        }
        i = first_run_end.unwrap_or(i + 1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::code_in;

    #[test]
    fn the_code_is_the_run_of_exactly_that_many_digits() {
        assert_eq!(
            code_in("Your code is 042917. It expires in 10 minutes.", 6).as_deref(),
            Some("042917")
        );
        assert_eq!(
            code_in("On 2026-11-23 at 10:15 your code 12345678", 8).as_deref(),
            Some("12345678")
        );
        assert_eq!(code_in("no code in 2026", 6), None);
        assert_eq!(
            code_in("Your code\n\n123 456\n\nValid for 10 minutes", 6).as_deref(),
            Some("123456")
        );
    }
}
