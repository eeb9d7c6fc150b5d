//! The background task that empties the outbox: over SMTP, or into the dev mailbox.
//!
//! Invariants:
//! - A message is marked `sent` (with `sent_at`) exactly when the SMTP server accepted it, or
//!   `delivered_locally` when it was stored in the dev mailbox; a message in either state is
//!   never sent again. Delivery is at-least-once: if the process dies between the server's
//!   acceptance and the database update, the message goes out again after a restart.
//! - Transient failures (cannot connect, timeout, TLS or sign-in problems, 4xx) keep the
//!   message queued with exponential backoff; a 5xx about the message marks it `failed` with
//!   the server's reason.
//! - Bodies and codes are never logged; log lines name the outbox id only.

use std::sync::Arc;
use std::time::Duration;

use lettre::AsyncTransport;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::clock::{Clock, Timestamp};
use crate::mail::OutboxSignal;
use crate::mail::outbox::{self, Claimed, OutboxStatus};
use crate::mail::settings::{MailSettings, MailTransport, SmtpSettings};
use crate::mail::smtp::{self, Retry, Transport};
use crate::secret_key::InstallKey;
use crate::sms::{SendOutcome, SmsSettings, SmsTransport};
use crate::store::Pool;

/// Timing of the delivery task. The defaults suit the app; tests shorten them.
#[derive(Debug, Clone)]
pub struct DeliveryOptions {
    /// How often the outbox is checked even without a signal (picks up mail after a restart
    /// and retries that became due).
    pub poll_interval: Duration,
    /// Delay after the first failed attempt; doubles with each further failure...
    pub backoff_base: Duration,
    /// ...up to this.
    pub backoff_max: Duration,
    /// Longest wait for the server on one attempt (connect, each command, and the whole send).
    pub smtp_timeout: Duration,
}

impl Default for DeliveryOptions {
    fn default() -> Self {
        DeliveryOptions {
            poll_interval: Duration::from_secs(2),
            backoff_base: Duration::from_secs(5),
            backoff_max: Duration::from_secs(10 * 60),
            smtp_timeout: Duration::from_secs(30),
        }
    }
}

impl DeliveryOptions {
    /// The wait after the `failures`-th failed attempt (1-based): base, 2×base, 4×base, … ≤ max.
    pub fn backoff(&self, failures: u32) -> Duration {
        let doublings = failures.saturating_sub(1).min(30);
        self.backoff_base
            .saturating_mul(1u32 << doublings)
            .min(self.backoff_max)
    }
}

/// A failure the delivery task stages on purpose (QA mode), whatever the transport, so the
/// "failed" and "queued" states of a message can be seen on demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailFault {
    /// The next message is refused as a 5xx would be: marked `failed`, never retried.
    RefuseNext,
    /// The next message is put off as a 4xx would be: it stays queued and is retried later.
    DelayNext,
    /// Every message stays queued (as if offline) until the fault is cleared.
    HoldOffline,
}

impl MailFault {
    /// The reason recorded on the message (`outbox.last_error`).
    pub fn reason(self) -> &'static str {
        match self {
            MailFault::RefuseNext => "550 5.7.1 Message refused (QA fault injection)",
            MailFault::DelayNext => "451 4.3.0 Try again later (QA fault injection)",
            MailFault::HoldOffline => "Offline: mail held (QA fault injection)",
        }
    }
}

/// What the delivery task needs.
#[derive(Debug, Clone)]
pub struct DeliveryConfig {
    pub pool: Pool,
    pub key: InstallKey,
    pub settings: MailSettings,
    pub clock: Arc<dyn Clock>,
    /// The signal the account flows notify after queueing mail.
    pub signal: OutboxSignal,
    pub options: DeliveryOptions,
    /// Where texts (SMS) go: the dev SMS inbox by default, or an HTTP gateway (issue 11).
    pub sms: SmsSettings,
}

/// Controls a running delivery task. Dropping it stops the task after the message in flight;
/// [`DeliveryHandle::shutdown`] does the same and waits for it.
#[derive(Debug)]
pub struct DeliveryHandle {
    settings: watch::Sender<MailSettings>,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
    signal: OutboxSignal,
    fault: Arc<std::sync::Mutex<Option<MailFault>>>,
}

impl DeliveryHandle {
    /// Switches to new settings (e.g. saved by the settings screen) from the next message on;
    /// every queued message becomes due at once, so mail held back by a wrong setting goes out
    /// as soon as it is fixed.
    pub fn update_settings(&self, settings: MailSettings) {
        self.settings.send_replace(settings);
    }

    /// The settings in use.
    pub fn settings(&self) -> MailSettings {
        self.settings.borrow().clone()
    }

    /// Stages `fault` for the next message(s) (`None` clears it). Mail put off by a fault is
    /// retried on its backoff schedule; `inspect::retry_queued_now` makes it due at once.
    pub fn inject_fault(&self, fault: Option<MailFault>) {
        *self.fault.lock().unwrap_or_else(|e| e.into_inner()) = fault;
        self.signal.notify();
    }

    /// The fault staged, if any (a one-shot fault is gone once a message took it).
    pub fn fault(&self) -> Option<MailFault> {
        *self.fault.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The signal that wakes this task.
    pub fn signal(&self) -> &OutboxSignal {
        &self.signal
    }

    /// Stops the task after the message in flight (bounded by the SMTP timeout) and waits.
    pub async fn shutdown(self) {
        let DeliveryHandle {
            settings, stop, task, ..
        } = self;
        stop.send_replace(true);
        drop(settings);
        if let Err(err) = task.await {
            tracing::error!(%err, "mail delivery task ended abnormally");
        }
    }
}

/// Starts the delivery task on the current tokio runtime.
pub fn spawn_delivery(config: DeliveryConfig) -> DeliveryHandle {
    let (settings_tx, settings_rx) = watch::channel(config.settings.clone());
    let (stop_tx, stop_rx) = watch::channel(false);
    let signal = config.signal.clone();
    let sender = Sender::new(&config.settings, &config.options);
    let fault = Arc::new(std::sync::Mutex::new(None));
    let worker = Worker {
        config,
        sender,
        fault: fault.clone(),
    };
    let task = tokio::spawn(worker.run(settings_rx, stop_rx));
    DeliveryHandle {
        settings: settings_tx,
        stop: stop_tx,
        task,
        signal,
        fault,
    }
}

/// Where the worker sends, built from the current settings.
enum Sender {
    DevMailbox,
    /// Settings unusable: nothing is claimed, mail stays queued.
    Held,
    /// The transport, or why it could not be built (kept to explain the failure per message).
    Smtp {
        settings: SmtpSettings,
        transport: Result<Transport, String>,
    },
}

impl Sender {
    fn new(settings: &MailSettings, options: &DeliveryOptions) -> Sender {
        match &settings.transport {
            MailTransport::DevMailbox => Sender::DevMailbox,
            MailTransport::Held { .. } => Sender::Held,
            MailTransport::Smtp(smtp_settings) => Sender::Smtp {
                settings: smtp_settings.clone(),
                transport: smtp::transport(smtp_settings, options.smtp_timeout).map_err(|e| e.to_string()),
            },
        }
    }

    async fn close(&self) {
        if let Sender::Smtp { transport: Ok(t), .. } = self {
            t.shutdown().await;
        }
    }
}

struct Worker {
    config: DeliveryConfig,
    sender: Sender,
    fault: Arc<std::sync::Mutex<Option<MailFault>>>,
}

impl Worker {
    async fn run(mut self, mut settings_rx: watch::Receiver<MailSettings>, mut stop_rx: watch::Receiver<bool>) {
        tracing::info!(mode = self.config.settings.mode(), "mail delivery started");
        let mut reload = false;
        loop {
            if *stop_rx.borrow() {
                break;
            }
            if reload || settings_rx.has_changed().unwrap_or(false) {
                reload = false;
                let settings = settings_rx.borrow_and_update().clone();
                self.apply(settings).await;
            }
            let now = self.config.clock.now();
            let lease_until = now.plus(self.config.options.smtp_timeout * 2 + Duration::from_secs(5));
            let due = match self.sender {
                Sender::Held => Ok(None),
                _ => outbox::claim_due(&self.config.pool, now, lease_until).await,
            };
            match due {
                Ok(Some(message)) => {
                    self.deliver(message).await;
                    continue;
                }
                Ok(None) => {}
                Err(err) => tracing::error!(%err, "cannot read the outbox; will retry"),
            }
            tokio::select! {
                () = self.config.signal.notified() => {}
                () = tokio::time::sleep(self.config.options.poll_interval) => {}
                changed = settings_rx.changed() => match changed {
                    Ok(()) => reload = true,
                    Err(_) => break,
                },
                changed = stop_rx.changed() => if changed.is_err() { break },
            }
        }
        self.sender.close().await;
        tracing::info!("mail delivery stopped");
    }

    async fn apply(&mut self, settings: MailSettings) {
        self.sender.close().await;
        self.sender = Sender::new(&settings, &self.config.options);
        tracing::info!(mode = settings.mode(), "mail settings changed");
        self.config.settings = settings;
        match outbox::retry_all_now(&self.config.pool, self.config.clock.now()).await {
            Ok(n) if n > 0 => {
                tracing::info!(messages = n, "queued mail retried with the new settings")
            }
            Ok(_) => {}
            Err(err) => tracing::error!(%err, "cannot reschedule queued mail"),
        }
    }

    async fn deliver(&self, message: Claimed) {
        if message.channel == crate::sms::CHANNEL_SMS {
            return self.deliver_sms(message).await;
        }
        let id = message.id;
        let Some((text, html)) = outbox::open(&self.config.key, &message.body_sealed) else {
            let reason = "The message body cannot be opened with this installation's key (was install.key replaced?).";
            tracing::error!(outbox_id = id.0, "{reason}");
            self.record(outbox::mark_failed(&self.config.pool, id, reason).await, id);
            return;
        };
        if let Some(fault) = self.take_fault() {
            let reason = fault.reason();
            match fault {
                MailFault::RefuseNext => {
                    tracing::warn!(outbox_id = id.0, %reason, "mail refused permanently");
                    self.record(outbox::mark_failed(&self.config.pool, id, reason).await, id);
                }
                MailFault::DelayNext | MailFault::HoldOffline => self.retry_later(&message, reason).await,
            }
            return;
        }
        match &self.sender {
            Sender::Held => self.retry_later(&message, "mail settings are invalid").await,
            Sender::DevMailbox => {
                let at = self.config.clock.now();
                self.record_delivered(id, OutboxStatus::DeliveredLocally, at).await;
                tracing::info!(outbox_id = id.0, "mail delivered to the dev mailbox");
            }
            Sender::Smtp { settings, transport } => {
                let transport = match transport {
                    Ok(t) => t,
                    Err(reason) => return self.retry_later(&message, reason).await,
                };
                let domain = self.config.settings.from.email.domain().to_owned();
                let message_id = format!("<outbox.{}.{}@{domain}>", id.0, message.created_at.millis());
                let email = match smtp::message(
                    &self.config.settings.from,
                    &message.recipient,
                    &message.subject,
                    text,
                    html,
                    Some(message_id),
                ) {
                    Ok(email) => email,
                    Err(err) => {
                        let reason = format!("Cannot build the message: {err}");
                        tracing::warn!(outbox_id = id.0, %reason, "mail failed permanently");
                        self.record(outbox::mark_failed(&self.config.pool, id, &reason).await, id);
                        return;
                    }
                };
                let timeout = self.config.options.smtp_timeout;
                // The per-command timeout bounds each step; this bounds the whole exchange.
                match tokio::time::timeout(timeout * 2, transport.send(email)).await {
                    Ok(Ok(_response)) => {
                        let at = self.config.clock.now();
                        self.record_delivered(id, OutboxStatus::Sent, at).await;
                        tracing::info!(
                            outbox_id = id.0,
                            attempts = message.attempts + 1,
                            "mail accepted by the SMTP server"
                        );
                    }
                    Ok(Err(err)) => {
                        let (retry, explained) = smtp::explain(&err, &settings.url, timeout);
                        match retry {
                            Retry::Later => self.retry_later(&message, &explained.to_string()).await,
                            Retry::Never => {
                                let reason = explained.to_string();
                                tracing::warn!(outbox_id = id.0, %reason, "mail refused permanently");
                                self.record(outbox::mark_failed(&self.config.pool, id, &reason).await, id);
                            }
                        }
                    }
                    Err(_elapsed) => {
                        let reason = format!(
                            "{}:{} did not finish the exchange within {} s.",
                            settings.url.host,
                            settings.url.port,
                            (timeout * 2).as_secs()
                        );
                        self.retry_later(&message, &reason).await;
                    }
                }
            }
        }
    }

    /// A text: to the dev SMS inbox or the HTTP gateway; same states and retries as mail.
    async fn deliver_sms(&self, message: Claimed) {
        let id = message.id;
        let Some((text, code)) = outbox::open_sms(&self.config.key, &message.body_sealed) else {
            let reason = "The text cannot be opened with this installation's key (was install.key replaced?).";
            tracing::error!(outbox_id = id.0, "{reason}");
            self.record(outbox::mark_failed(&self.config.pool, id, reason).await, id);
            return;
        };
        if let Some(fault) = self.take_fault() {
            let reason = fault.reason();
            match fault {
                MailFault::RefuseNext => {
                    self.record(outbox::mark_failed(&self.config.pool, id, reason).await, id);
                }
                MailFault::DelayNext | MailFault::HoldOffline => self.retry_later(&message, reason).await,
            }
            return;
        }
        match &self.config.sms.transport {
            SmsTransport::DevInbox => {
                let at = self.config.clock.now();
                self.record_delivered(id, OutboxStatus::DeliveredLocally, at).await;
                tracing::info!(outbox_id = id.0, "text delivered to the dev SMS inbox");
            }
            SmsTransport::Held { reason } => self.retry_later(&message, reason).await,
            SmsTransport::Gateway(gateway) => match gateway.send(&message.recipient, &code, &text).await {
                SendOutcome::Sent => {
                    let at = self.config.clock.now();
                    self.record_delivered(id, OutboxStatus::Sent, at).await;
                    tracing::info!(
                        outbox_id = id.0,
                        attempts = message.attempts + 1,
                        "text accepted by the SMS gateway"
                    );
                }
                SendOutcome::Retry(reason) => self.retry_later(&message, &reason).await,
                SendOutcome::Failed(reason) => {
                    tracing::warn!(outbox_id = id.0, %reason, "text refused permanently");
                    self.record(outbox::mark_failed(&self.config.pool, id, &reason).await, id);
                }
            },
        }
    }

    /// The staged fault for this message: one-shot faults are used up, a hold stays.
    fn take_fault(&self) -> Option<MailFault> {
        let mut slot = self.fault.lock().unwrap_or_else(|e| e.into_inner());
        match *slot {
            Some(MailFault::HoldOffline) => Some(MailFault::HoldOffline),
            _ => slot.take(),
        }
    }

    async fn retry_later(&self, message: &Claimed, reason: &str) {
        let failures = message.attempts.saturating_add(1);
        let wait = self.config.options.backoff(failures);
        let next = self.config.clock.now().plus(wait);
        tracing::warn!(outbox_id = message.id.0, attempts = failures, retry_in_ms = wait.as_millis() as u64, %reason, "mail not sent yet");
        self.record(
            outbox::mark_retry(&self.config.pool, message.id, next, reason).await,
            message.id,
        );
    }

    /// Marks a message delivered, insisting a little: the server has it already, and a lost
    /// update means it would be sent again after the lease.
    async fn record_delivered(&self, id: outbox::OutboxId, status: OutboxStatus, at: Timestamp) {
        for attempt in 1..=5 {
            match outbox::mark_delivered(&self.config.pool, id, status, at).await {
                Ok(()) => return,
                Err(err) => {
                    tracing::error!(outbox_id = id.0, attempt, %err, "cannot record a delivered message");
                    tokio::time::sleep(Duration::from_millis(200 * attempt)).await;
                }
            }
        }
    }

    fn record(&self, result: Result<(), crate::store::Error>, id: outbox::OutboxId) {
        if let Err(err) = result {
            tracing::error!(outbox_id = id.0, %err, "cannot record the delivery attempt");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_the_base_up_to_the_cap() {
        let o = DeliveryOptions::default();
        let secs: Vec<u64> = (1..=10).map(|n| o.backoff(n).as_secs()).collect();
        assert_eq!(secs, [5, 10, 20, 40, 80, 160, 320, 600, 600, 600]);
        assert_eq!(o.backoff(u32::MAX), Duration::from_secs(600));
    }
}
