//! "Test connection" and "send a test email" for the settings screen.

use lettre::AsyncTransport;
use sqlx::SqlitePool;
use std::time::Duration;

use crate::clock::Timestamp;
use crate::i18n::Locale;
use crate::mail::error::MailError;
use crate::mail::outbox;
use crate::mail::settings::{MailSettings, MailTransport, SmtpSettings, parse_recipient};
use crate::mail::templates::Template;
use crate::mail::{OutboxSignal, smtp};
use crate::secret_key::InstallKey;

/// How long the settings screen waits for the server.
pub const TEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Connects, negotiates TLS as configured, signs in if a user is set, and says goodbye.
/// Errors tell the operator what to try (wrong port or TLS mode, sign-in refused, certificate
/// not trusted).
pub async fn test_connection(settings: &SmtpSettings, timeout: Duration) -> Result<(), MailError> {
    let transport = smtp::transport(settings, timeout)?;
    let result = tokio::time::timeout(timeout * 2, transport.test_connection()).await;
    transport.shutdown().await;
    match result {
        Ok(Ok(true)) => Ok(()),
        Ok(Ok(false)) => Err(MailError::SmtpConnect(format!(
            "{}:{} accepted the connection but did not answer NOOP. Check the port and TLS mode.",
            settings.url.host, settings.url.port
        ))),
        Ok(Err(err)) => Err(smtp::explain(&err, &settings.url, timeout).1),
        Err(_) => Err(MailError::SmtpConnect(format!(
            "{}:{} did not answer within {} s. Check the host, port and TLS mode (465 needs smtps://).",
            settings.url.host,
            settings.url.port,
            (timeout * 2).as_secs()
        ))),
    }
}

/// How many test emails may be sent: [`SendTestLimit::PER_MINUTE`] a minute and
/// [`SendTestLimit::PER_HOUR`] an hour, so the settings screen is no open relay.
#[derive(Debug, Default)]
pub struct SendTestLimit {
    sent: std::sync::Mutex<std::collections::VecDeque<Timestamp>>,
}

impl SendTestLimit {
    pub const PER_MINUTE: usize = 3;
    pub const PER_HOUR: usize = 10;

    /// Counts one test email at `now`, or says how long to wait (nothing is counted then).
    pub fn take(&self, now: Timestamp) -> Result<(), MailError> {
        let minute = std::time::Duration::from_secs(60);
        let hour = std::time::Duration::from_secs(3600);
        let mut sent = self.sent.lock().unwrap_or_else(|p| p.into_inner());
        while sent.front().is_some_and(|&t| t.plus(hour) <= now) {
            sent.pop_front();
        }
        let in_minute: Vec<Timestamp> = sent.iter().copied().filter(|t| t.plus(minute) > now).collect();
        let wait = if sent.len() >= Self::PER_HOUR {
            Some(now.until(sent[sent.len() - Self::PER_HOUR].plus(hour)))
        } else if in_minute.len() >= Self::PER_MINUTE {
            Some(now.until(in_minute[in_minute.len() - Self::PER_MINUTE].plus(minute)))
        } else {
            None
        };
        match wait {
            Some(retry_after) => Err(MailError::TestLimited { retry_after }),
            None => {
                sent.push_back(now);
                Ok(())
            }
        }
    }
}

/// The result of a test email, for `mail_send_test`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SendTestOutcome {
    pub ok: bool,
    pub message: String,
}

/// Sends the test email to `to`.
///
/// With SMTP it is sent directly, not through the outbox, so the operator sees the server's
/// answer at once. In dev-mailbox mode it is queued like any message (and `signal` wakes
/// delivery), so it shows up in the dev mailbox.
pub async fn send_test(
    pool: &SqlitePool,
    key: &InstallKey,
    signal: &OutboxSignal,
    settings: &MailSettings,
    to: &str,
    now: Timestamp,
) -> Result<SendTestOutcome, MailError> {
    let address = parse_recipient(to)?;
    match &settings.transport {
        MailTransport::Held { problem } => Err(MailError::Held(problem.clone())),
        MailTransport::DevMailbox => {
            let mut conn = pool.acquire().await?;
            outbox::enqueue(&mut conn, key, address.as_ref(), &Template::Test, now).await?;
            signal.notify();
            Ok(SendTestOutcome {
                ok: true,
                message: format!(
                    "No SMTP server is set up: the test email to {address} was put in the app's dev mailbox."
                ),
            })
        }
        MailTransport::Smtp(smtp_settings) => {
            // The operator's own test: English, like the rest of this outcome's text.
            let rendered = Template::Test.render(Locale::english());
            let email = smtp::message(
                &settings.from,
                address.as_ref(),
                &rendered.subject,
                rendered.text,
                rendered.html,
                None,
            )?;
            let transport = smtp::transport(smtp_settings, TEST_TIMEOUT)?;
            let result = tokio::time::timeout(TEST_TIMEOUT * 2, transport.send(email)).await;
            transport.shutdown().await;
            let server = format!("{}:{}", smtp_settings.url.host, smtp_settings.url.port);
            match result {
                Ok(Ok(_)) => Ok(SendTestOutcome {
                    ok: true,
                    message: format!("{server} accepted the test email to {address}."),
                }),
                Ok(Err(err)) => Err(smtp::explain(&err, &smtp_settings.url, TEST_TIMEOUT).1),
                Err(_) => Err(MailError::SmtpConnect(format!(
                    "{server} did not finish within {} s. Check the host, port and TLS mode.",
                    (TEST_TIMEOUT * 2).as_secs()
                ))),
            }
        }
    }
}
