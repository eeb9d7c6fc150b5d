//! Where mail goes: an SMTP server, or (when none is configured) the local dev mailbox.
//!
//! Precedence, for the SMTP URL and the From address each, highest first: the environment
//! (`LATCHKEY_SMTP_URL`, `LATCHKEY_MAIL_FROM`), then the config file, then what the settings
//! screen saved in the database, then nothing (dev mailbox, default From). The SMTP password
//! is never stored by this module: it comes from `LATCHKEY_SMTP_PASSWORD` or from the shell,
//! which reads it from the OS keyring.
//!
//! Split by job: [`address`] parses what people type (SMTP URL, From, recipient), [`resolve`]
//! combines the sources by precedence, [`saved`] reads and writes what the settings screen saved
//! (its SQL is in `store::mail_settings`). This file holds the types they share.

mod address;
mod resolve;
mod saved;

use std::fmt;
use std::path::PathBuf;

use lettre::message::Mailbox;
use secrecy::SecretString;

pub use address::{SmtpUrl, TlsMode, parse_mail_from, parse_recipient};
pub use saved::{load_saved, save};

pub const ENV_SMTP_URL: &str = "LATCHKEY_SMTP_URL";
pub const ENV_MAIL_FROM: &str = "LATCHKEY_MAIL_FROM";
pub const ENV_SMTP_PASSWORD: &str = "LATCHKEY_SMTP_PASSWORD";
pub const ENV_SMTP_CA_FILE: &str = "LATCHKEY_SMTP_CA_FILE";

/// Used when no From address is configured anywhere.
pub const DEFAULT_MAIL_FROM: &str = "Latchkey <no-reply@latchkey.localhost>";

/// Where a setting's value came from (shown by the settings screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SettingsSource {
    Environment,
    Saved,
    ConfigFile,
    Default,
}

/// The `[mail]` part of the config file, for the shell to embed in its config struct.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(default, rename_all = "snake_case")]
pub struct MailConfig {
    pub smtp_url: Option<String>,
    pub mail_from: Option<String>,
    /// PEM file with an extra root certificate to trust (self-signed servers).
    pub smtp_ca_file: Option<PathBuf>,
}

/// Mail-related environment variables, read once. Tests build it by hand.
#[derive(Debug, Clone, Default)]
pub struct MailEnv {
    pub smtp_url: Option<String>,
    pub mail_from: Option<String>,
    pub smtp_password: Option<SecretString>,
    pub smtp_ca_file: Option<PathBuf>,
}

impl MailEnv {
    /// Reads `LATCHKEY_SMTP_URL`, `LATCHKEY_MAIL_FROM`, `LATCHKEY_SMTP_PASSWORD` and
    /// `LATCHKEY_SMTP_CA_FILE`; empty values count as unset.
    pub fn from_process() -> MailEnv {
        let var = |name| std::env::var(name).ok().filter(|v: &String| !v.trim().is_empty());
        MailEnv {
            smtp_url: var(ENV_SMTP_URL),
            mail_from: var(ENV_MAIL_FROM),
            smtp_password: var(ENV_SMTP_PASSWORD).map(SecretString::from),
            smtp_ca_file: var(ENV_SMTP_CA_FILE).map(PathBuf::from),
        }
    }
}

/// What the settings screen saved in the `settings` table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SavedMailSettings {
    pub smtp_url: Option<String>,
    pub mail_from: Option<String>,
}

/// Everything needed to reach an SMTP server.
#[derive(Clone)]
pub struct SmtpSettings {
    pub url: SmtpUrl,
    /// From `LATCHKEY_SMTP_PASSWORD` or the keyring; `None` means no AUTH unless a user is set.
    pub password: Option<SecretString>,
    /// Extra root certificate (PEM) to trust, for self-signed servers.
    pub ca_file: Option<PathBuf>,
}

impl fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("url", &self.url)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("ca_file", &self.ca_file)
            .finish()
    }
}

/// Where delivery sends mail.
#[derive(Debug, Clone)]
pub enum MailTransport {
    /// No SMTP configured: messages are stored in the local dev mailbox.
    DevMailbox,
    Smtp(SmtpSettings),
    /// A mail setting could not be used (e.g. a typo in `LATCHKEY_SMTP_URL`): mail stays queued
    /// in the outbox (never delivered locally) until the setting is fixed. `problem` says what
    /// is wrong, for the log and the settings screen; it never holds a secret.
    Held {
        problem: String,
    },
}

/// The effective mail settings.
#[derive(Debug, Clone)]
pub struct MailSettings {
    pub transport: MailTransport,
    pub from: Mailbox,
    /// Where the SMTP URL came from (`Default` in dev-mailbox mode without any URL).
    pub source: SettingsSource,
}

impl MailSettings {
    /// Dev mailbox with the default sender.
    pub fn dev_mailbox() -> MailSettings {
        MailSettings {
            transport: MailTransport::DevMailbox,
            from: parse_mail_from(DEFAULT_MAIL_FROM).expect("the default From address parses"),
            source: SettingsSource::Default,
        }
    }

    /// Plain SMTP settings with the default sender (handy for tools and tests).
    pub fn smtp(url: SmtpUrl, password: Option<SecretString>) -> MailSettings {
        MailSettings {
            transport: MailTransport::Smtp(SmtpSettings {
                url,
                password,
                ca_file: None,
            }),
            from: parse_mail_from(DEFAULT_MAIL_FROM).expect("the default From address parses"),
            source: SettingsSource::Default,
        }
    }
    /// Whether the settings screen must refuse changes: mail set up by the operator (the
    /// environment or the config file, valid or not) is never changed from inside the app.
    pub fn screen_locked(&self) -> bool {
        matches!(self.source, SettingsSource::Environment | SettingsSource::ConfigFile)
    }

    /// What is wrong with the settings, if mail is held.
    pub fn problem(&self) -> Option<&str> {
        match &self.transport {
            MailTransport::Held { problem } => Some(problem),
            _ => None,
        }
    }

    /// `"dev_mailbox"`, `"smtp"` or `"held"`, as `app_info` and `mail_settings_get` report it.
    pub fn mode(&self) -> &'static str {
        match self.transport {
            MailTransport::DevMailbox => "dev_mailbox",
            MailTransport::Smtp(_) => "smtp",
            MailTransport::Held { .. } => "held",
        }
    }

    /// The SMTP URL in canonical form (no password), if SMTP is configured.
    pub fn smtp_url(&self) -> Option<String> {
        match &self.transport {
            MailTransport::DevMailbox | MailTransport::Held { .. } => None,
            MailTransport::Smtp(s) => Some(s.url.to_string()),
        }
    }

    pub fn has_password(&self) -> bool {
        matches!(&self.transport, MailTransport::Smtp(s) if s.password.is_some())
    }
}
