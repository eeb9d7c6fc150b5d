//! The one write path of the flows: [`Latchkey::write`] opens a [`UnitOfWork`] (a write
//! transaction, the security events recorded in it, and whether it queued mail);
//! [`UnitOfWork::commit`] commits, then publishes the events and wakes the mail task. Dropping
//! it without committing rolls everything back and announces nothing.

use tokio::sync::broadcast;

use crate::accounts::Latchkey;
use crate::audit::{AuditEvent, AuditKind, PendingEvents};
use crate::clock::Timestamp;
use crate::ids::AccountId;
use crate::mail::{self, OutboxId, OutboxSignal, Template};
use crate::store::{self, Conn, WriteTx};

/// A write transaction with what to do once it has committed.
#[must_use = "commit the unit of work, or it is rolled back"]
pub(crate) struct UnitOfWork {
    tx: WriteTx,
    events: PendingEvents,
    mail_queued: bool,
    publish_to: broadcast::Sender<AuditEvent>,
    outbox: OutboxSignal,
}

impl UnitOfWork {
    /// The transaction's connection, for the `store` functions.
    pub(crate) fn conn(&mut self) -> &mut Conn {
        &mut self.tx
    }

    /// Writes a security event in this transaction; it is published after the commit.
    pub(crate) async fn record(
        &mut self,
        at: Timestamp,
        account_id: Option<AccountId>,
        kind: AuditKind,
        detail: serde_json::Value,
    ) -> Result<(), store::Error> {
        self.events.record(&mut self.tx, at, account_id, kind, detail).await
    }

    /// Queues an email in this transaction (see [`mail::enqueue`]); the mail task is woken
    /// after the commit.
    pub(crate) async fn enqueue_mail(
        &mut self,
        key: &crate::secret_key::InstallKey,
        to: &str,
        template: &Template<'_>,
        now: Timestamp,
    ) -> Result<OutboxId, store::Error> {
        let id = mail::enqueue(&mut self.tx, key, to, template, now).await?;
        self.mail_queued = true;
        Ok(id)
    }

    /// Queues a text with a code in this transaction (see [`crate::sms::enqueue`]); the
    /// delivery task is woken after the commit.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn enqueue_sms(
        &mut self,
        key: &crate::secret_key::InstallKey,
        account: AccountId,
        phone: &str,
        purpose: crate::mail::MailPurpose,
        code: &str,
        lifetime: std::time::Duration,
        domain: &str,
        now: Timestamp,
    ) -> Result<OutboxId, store::Error> {
        let id = crate::sms::enqueue(&mut self.tx, key, account, phone, purpose, code, lifetime, domain, now).await?;
        self.mail_queued = true;
        Ok(id)
    }

    /// Commits, then publishes the events and (when mail was queued) wakes the mail task.
    pub(crate) async fn commit(self) -> Result<(), store::Error> {
        self.tx.commit().await?;
        self.events.publish(&self.publish_to);
        if self.mail_queued {
            self.outbox.notify();
        }
        Ok(())
    }

    /// Rolls back at once (dropping does too, a little later); nothing is announced.
    pub(crate) async fn rollback(self) -> Result<(), store::Error> {
        self.tx.rollback().await
    }
}

impl Latchkey {
    /// Starts the unit of work every flow writes through (the database's write transaction:
    /// see [`store::Database::write`]).
    pub(crate) async fn write(&self) -> Result<UnitOfWork, store::Error> {
        Ok(UnitOfWork {
            tx: self.db.write().await?,
            events: PendingEvents::default(),
            mail_queued: false,
            publish_to: self.events.clone(),
            outbox: self.outbox.clone(),
        })
    }
}
