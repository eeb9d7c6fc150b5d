//! Outgoing email. Every message is first a row in the `outbox` table, written in the same
//! transaction as what it announces; a background task ([`delivery`]) delivers it over SMTP,
//! or, with no SMTP configured, into the local dev mailbox ([`mailbox`]).
//!
//! Contract with the account flows: they call [`enqueue`] inside their transaction with a
//! [`Template`], then [`OutboxSignal::notify`] after committing. The lifetime of a one-time
//! code starts at the `sent_at` that delivery writes on that outbox row
//! ([`outbox::delivery_status`] reports it).

pub mod catalogue;
pub mod delivery;
pub mod error;
pub mod inspect;
pub mod mailbox;
pub mod outbox;
pub mod settings;
mod smtp;
pub mod templates;
pub mod test_connection;

pub use delivery::{DeliveryConfig, DeliveryHandle, DeliveryOptions, MailFault, spawn_delivery};
pub use error::{FieldError, MailError};
pub use outbox::{DeliveryStatus, MailPurpose, OutboxId, OutboxStatus, delivery_status, enqueue};
pub use settings::{MailConfig, MailEnv, MailSettings, MailTransport, SettingsSource, SmtpSettings, SmtpUrl, TlsMode};
pub use templates::{Rendered, Template};
pub use test_connection::{SendTestLimit, SendTestOutcome, send_test, test_connection};

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
