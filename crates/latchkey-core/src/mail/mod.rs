//! Outgoing email. Every message is first a row in the `outbox` table, written in the same
//! transaction as what it announces; a background task delivers it over SMTP, or, with no
//! SMTP configured, into the local dev mailbox.
//!
//! Contract with the account flows: they call [`outbox::enqueue`] inside their transaction
//! with a [`templates::Template`]; the code lifetime of a one-time code starts at the
//! `sent_at` that delivery writes on that outbox row.

pub mod outbox;
pub mod templates;

pub use outbox::{MailPurpose, OutboxId, enqueue};

use std::sync::Arc;

/// Tells the delivery task that new mail is waiting. Account flows call [`OutboxSignal::notify`]
/// after committing a transaction that queued mail; delivery also polls, so a missed signal
/// only delays a message, never loses it.
#[derive(Debug, Clone, Default)]
pub struct OutboxSignal(Arc<tokio::sync::Notify>);

impl OutboxSignal {
    pub fn notify(&self) {
        self.0.notify_one();
    }

    /// Resolves at the next [`OutboxSignal::notify`] (or at once if one is pending).
    pub async fn notified(&self) {
        self.0.notified().await;
    }
}
pub use templates::{Rendered, Template};
