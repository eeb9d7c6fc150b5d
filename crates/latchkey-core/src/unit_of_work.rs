//! The one write path of the flows: [`Latchkey::write`] opens a [`UnitOfWork`] (a write
//! transaction, the security events recorded in it, and whether it queued mail);
//! [`UnitOfWork::commit`] commits, then publishes the events and wakes the mail task. Dropping
//! it without committing rolls everything back and announces nothing.
//!
//! Writes that need no answer (audit rows, and what the flows hand to [`UnitOfWork::defer`])
//! wait in a [`Batch`] and go to the database together: before the next statement that uses
//! the connection ([`UnitOfWork::conn`] sends them first, so every read sees them), with
//! [`UnitOfWork::run_with`], or at the commit. On a fleet's PostgreSQL server that is one round
//! trip instead of one per statement (see [`crate::store::batch`]).

use std::sync::Arc;

use tokio::sync::broadcast;

use crate::accounts::Latchkey;
use crate::audit::{AuditEvent, AuditKind, PendingEvents};
use crate::clock::Timestamp;
use crate::i18n::Locale;
use crate::ids::AccountId;
use crate::mail::{self, OutboxId, OutboxSignal, Template};
use crate::session_cache::SessionCache;
use crate::store::batch::{Batch, Deferred, Stmt};
use crate::store::{self, Conn, WriteTx};

/// A write transaction with what to do once it has committed.
#[must_use = "commit the unit of work, or it is rolled back"]
pub(crate) struct UnitOfWork {
    tx: WriteTx,
    /// Writes not sent yet (see the module's doc).
    deferred: Batch,
    events: PendingEvents,
    /// Events whose row is in `deferred`: (index in `events`, its insert).
    awaiting_ids: Vec<(usize, Deferred)>,
    mail_queued: bool,
    publish_to: broadcast::Sender<AuditEvent>,
    outbox: OutboxSignal,
    /// Told of the commit: the session checks it remembers are stale from then on.
    session_cache: Arc<SessionCache>,
}

impl UnitOfWork {
    /// The transaction's connection, for the `store` functions, once the deferred writes
    /// are sent.
    pub(crate) async fn conn(&mut self) -> Result<&mut Conn, store::Error> {
        self.flush().await?;
        Ok(&mut self.tx)
    }

    /// Queues a write that needs no answer now; it is sent before the next use of the
    /// connection or at the commit, whichever comes first. The returned [`Deferred`] names it
    /// to a later deferred statement ([`Stmt::id_of`]) until then.
    pub(crate) fn defer(&mut self, stmt: Stmt) -> Deferred {
        self.deferred.push(stmt)
    }

    /// Sends the deferred writes; returns their ids (see [`Batch::run`]).
    async fn flush(&mut self) -> Result<Vec<Option<i64>>, store::Error> {
        if self.deferred.is_empty() {
            return Ok(Vec::new());
        }
        let ids = self.deferred.run(&mut self.tx).await?;
        for (event, insert) in self.awaiting_ids.drain(..) {
            let id = ids.get(insert.index()).copied().flatten();
            self.events.set_id(event, id.unwrap_or_default());
        }
        Ok(ids)
    }

    /// Sends the deferred writes and then `stmt`, together; returns the id `stmt` returned.
    pub(crate) async fn run_with(&mut self, stmt: Stmt) -> Result<Option<i64>, store::Error> {
        let last = self.defer(stmt);
        let ids = self.flush().await?;
        Ok(ids.get(last.index()).copied().flatten())
    }

    /// Writes a security event in this transaction (deferred: see [`UnitOfWork::defer`]); it
    /// is published after the commit.
    pub(crate) async fn record(
        &mut self,
        at: Timestamp,
        account_id: Option<AccountId>,
        kind: AuditKind,
        detail: serde_json::Value,
    ) -> Result<(), store::Error> {
        let insert = self.deferred.push(store::audit::insert_event_stmt(
            at,
            account_id,
            kind.as_str(),
            &detail.to_string(),
        ));
        let event = self.events.push(AuditEvent {
            id: 0,
            at,
            account_id,
            kind,
            detail,
        });
        self.awaiting_ids.push((event, insert));
        Ok(())
    }

    /// Queues an email in this transaction (see [`mail::enqueue`]), written in `locale`, or
    /// when `None` in the language of the account at `to` (looked up now); the insert is
    /// deferred (see [`UnitOfWork::defer`]). The mail task is woken after the commit.
    pub(crate) async fn enqueue_mail(
        &mut self,
        key: &crate::secret_key::InstallKey,
        to: &str,
        locale: Option<Locale>,
        template: &Template<'_>,
        now: Timestamp,
    ) -> Result<Deferred, store::Error> {
        let locale = match locale {
            Some(locale) => locale,
            None => mail::outbox::recipient_locale(self.conn().await?, to).await?,
        };
        let insert = self.defer(mail::outbox::queued_message(key, to, locale, template, now));
        self.mail_queued = true;
        Ok(insert)
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
        self.flush().await?;
        let id = crate::sms::enqueue(&mut self.tx, key, account, phone, purpose, code, lifetime, domain, now).await?;
        self.mail_queued = true;
        Ok(id)
    }

    /// Commits, then publishes the events and (when mail was queued) wakes the mail task.
    pub(crate) async fn commit(mut self) -> Result<(), store::Error> {
        self.flush().await?;
        self.tx.commit().await?;
        self.session_cache.wrote();
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
            deferred: Batch::default(),
            events: PendingEvents::default(),
            awaiting_ids: Vec::new(),
            mail_queued: false,
            publish_to: self.events.clone(),
            outbox: self.outbox.clone(),
            session_cache: self.session_cache.clone(),
        })
    }
}
