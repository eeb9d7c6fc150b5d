//! Where mail goes: an SMTP server, or (when none is configured) the local dev mailbox.
//!
//! Precedence, for the SMTP URL and the From address each, highest first: the environment
//! (`LATCHKEY_SMTP_URL`, `LATCHKEY_MAIL_FROM`), then what the settings screen saved in the
//! database, then the config file, then nothing (dev mailbox, default From). The SMTP password
//! is never stored by this module: it comes from `LATCHKEY_SMTP_PASSWORD` or from the shell,
//! which reads it from the OS keyring.

use crate::error::ErrorCode;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use lettre::message::Mailbox;
use secrecy::SecretString;
use sqlx::SqliteConnection;

use crate::clock::Timestamp;
use crate::mail::error::MailError;

pub const ENV_SMTP_URL: &str = "LATCHKEY_SMTP_URL";
pub const ENV_MAIL_FROM: &str = "LATCHKEY_MAIL_FROM";
pub const ENV_SMTP_PASSWORD: &str = "LATCHKEY_SMTP_PASSWORD";
pub const ENV_SMTP_CA_FILE: &str = "LATCHKEY_SMTP_CA_FILE";

/// Used when no From address is configured anywhere.
pub const DEFAULT_MAIL_FROM: &str = "Latchkey <no-reply@latchkey.localhost>";

const KEY_SMTP_URL: &str = "mail.smtp_url";
const KEY_MAIL_FROM: &str = "mail.from";

/// How the connection to the server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TlsMode {
    /// TLS from the first byte (`smtps://`, usually port 465).
    Implicit,
    /// STARTTLS, refusing to continue without it (`tls=required`, the `smtp://` default).
    Required,
    /// STARTTLS when the server offers it, plain otherwise (`tls=opportunistic`).
    Opportunistic,
    /// Plain text (`tls=none`): only for a server on this machine or a trusted network.
    None,
}

/// A parsed SMTP URL: `smtp://[user@]host[:port][?tls=required|opportunistic|none]` or
/// `smtps://[user@]host[:port]`. Never holds a password.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpUrl {
    pub host: String,
    pub port: u16,
    pub user: Option<String>,
    pub tls: TlsMode,
}

impl fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SmtpUrl({self})")
    }
}

/// The canonical URL form (what is saved and shown back).
impl fmt::Display for SmtpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = if self.tls == TlsMode::Implicit { "smtps" } else { "smtp" };
        write!(f, "{scheme}://")?;
        if let Some(user) = &self.user {
            write!(f, "{}@", percent_encode_user(user))?;
        }
        if self.host.contains(':') {
            write!(f, "[{}]:{}", self.host, self.port)?;
        } else {
            write!(f, "{}:{}", self.host, self.port)?;
        }
        match self.tls {
            TlsMode::Implicit | TlsMode::Required => Ok(()),
            TlsMode::Opportunistic => f.write_str("?tls=opportunistic"),
            TlsMode::None => f.write_str("?tls=none"),
        }
    }
}

impl SmtpUrl {
    /// Parses an SMTP URL. Errors name the field `smtpUrl` and say what is wrong.
    ///
    /// Default ports: 465 for `smtps`, 587 for `smtp`. Default TLS for `smtp` is `required`,
    /// except for a loopback host (`localhost`, `127.0.0.1`, `::1`) where it is `none`, so
    /// `smtp://127.0.0.1:2525` reaches a local test server.
    pub fn parse(input: &str) -> Result<SmtpUrl, MailError> {
        let bad = |why: &str| MailError::invalid("smtpUrl", ErrorCode::SmtpUrlInvalid, why);
        let input = input.trim();
        let url = url::Url::parse(input).map_err(|_| {
            bad("Enter an SMTP URL such as smtp://user@mail.example.com:587 or smtps://mail.example.com:465.")
        })?;
        let implicit = match url.scheme() {
            "smtp" => false,
            "smtps" => true,
            other => {
                return Err(bad(&format!(
                    "The URL must start with smtp:// or smtps://, not {other}://."
                )));
            }
        };
        if url.password().is_some() {
            return Err(bad(
                "Do not put the password in the URL: enter it in the password field (or LATCHKEY_SMTP_PASSWORD).",
            ));
        }
        let host = match url.host() {
            Some(url::Host::Domain(d)) if !d.is_empty() => d.to_owned(),
            Some(url::Host::Ipv4(ip)) => ip.to_string(),
            Some(url::Host::Ipv6(ip)) => ip.to_string(),
            _ => {
                return Err(bad("The URL has no server name, e.g. smtp://mail.example.com:587."));
            }
        };
        if !matches!(url.path(), "" | "/") || url.fragment().is_some() {
            return Err(bad("The URL must not have a path: use smtp://host:port?tls=required."));
        }
        let user = match url.username() {
            "" => None,
            u => Some(
                percent_decode(u).ok_or_else(|| bad("The user name in the URL is not valid UTF-8 once decoded."))?,
            ),
        };
        let loopback = matches!(host.as_str(), "localhost" | "127.0.0.1" | "::1");
        let mut tls = if implicit {
            TlsMode::Implicit
        } else if loopback {
            TlsMode::None
        } else {
            TlsMode::Required
        };
        for (key, value) in url.query_pairs() {
            match (key.as_ref(), implicit) {
                ("tls", true) => {
                    if value != "implicit" && value != "required" {
                        return Err(bad(
                            "smtps:// always uses TLS: remove ?tls=, or use smtp:// for STARTTLS or plain.",
                        ));
                    }
                }
                ("tls", false) => {
                    tls = match value.as_ref() {
                        "required" => TlsMode::Required,
                        "opportunistic" => TlsMode::Opportunistic,
                        "none" => TlsMode::None,
                        other => {
                            return Err(bad(&format!(
                                "Unknown tls={other}: use tls=required, tls=opportunistic or tls=none."
                            )));
                        }
                    }
                }
                (other, _) => {
                    return Err(bad(&format!("Unknown URL option {other}: only tls= is understood.")));
                }
            }
        }
        let port = url.port().unwrap_or(if implicit { 465 } else { 587 });
        Ok(SmtpUrl { host, port, user, tls })
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn percent_encode_user(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Parses a From address: `Name <addr@host>` or `addr@host`. Errors name the field `mailFrom`.
pub fn parse_mail_from(input: &str) -> Result<Mailbox, MailError> {
    Mailbox::from_str(input.trim()).map_err(|_| {
        MailError::invalid(
            "mailFrom",
            ErrorCode::MailFromInvalid,
            "Enter a sender address such as Latchkey <no-reply@example.com> or no-reply@example.com.",
        )
    })
}

/// Parses one recipient address (field `to`).
pub fn parse_recipient(input: &str) -> Result<lettre::Address, MailError> {
    lettre::Address::from_str(input.trim()).map_err(|_| {
        MailError::invalid(
            "to",
            ErrorCode::EmailInvalid,
            "Enter an email address such as ada@example.com.",
        )
    })
}

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

    /// Combines the sources by precedence: environment > config file > saved by the settings
    /// screen > default (dev mailbox). What an operator configured outside the app is never
    /// overridden from inside it (on a shared machine anyone can open the settings screen).
    /// `keyring_password` is what the shell read from the OS keyring; `LATCHKEY_SMTP_PASSWORD`
    /// wins over it. An invalid value is an error (with the field), not silently skipped: the
    /// operator should learn that the setting they made is not used.
    pub fn resolve(
        env: &MailEnv,
        saved: &SavedMailSettings,
        config: &MailConfig,
        keyring_password: Option<SecretString>,
    ) -> Result<MailSettings, MailError> {
        let (url, source) = if let Some(u) = &env.smtp_url {
            (Some(u.as_str()), SettingsSource::Environment)
        } else if let Some(u) = &config.smtp_url {
            (Some(u.as_str()), SettingsSource::ConfigFile)
        } else if let Some(u) = &saved.smtp_url {
            (Some(u.as_str()), SettingsSource::Saved)
        } else {
            (None, SettingsSource::Default)
        };
        let from = env
            .mail_from
            .as_deref()
            .or(config.mail_from.as_deref())
            .or(saved.mail_from.as_deref())
            .unwrap_or(DEFAULT_MAIL_FROM);
        let mut errors = Vec::new();
        let from = parse_mail_from(from)
            .map_err(|e| errors.extend(e.fields().iter().cloned()))
            .ok();
        let url = match url.filter(|u| !u.trim().is_empty()) {
            None => None,
            Some(u) => SmtpUrl::parse(u)
                .map_err(|e| errors.extend(e.fields().iter().cloned()))
                .ok(),
        };
        if !errors.is_empty() {
            return Err(MailError::InvalidInput(errors));
        }
        let from = from.expect("no errors means it parsed");
        let transport = match url {
            None => MailTransport::DevMailbox,
            Some(url) => MailTransport::Smtp(SmtpSettings {
                url,
                password: env.smtp_password.clone().or(keyring_password),
                ca_file: env.smtp_ca_file.clone().or_else(|| config.smtp_ca_file.clone()),
            }),
        };
        Ok(MailSettings {
            transport,
            from,
            source,
        })
    }

    /// [`MailSettings::resolve`], except that settings which cannot be used do not fall back
    /// to the dev mailbox (which would unlock the settings screen and make every code readable
    /// in the app): mail is held in the outbox ([`MailTransport::Held`]) and `source` names
    /// where the bad value came from, so a bad operator setting keeps the screen locked. The
    /// problem is logged as an error.
    pub fn resolve_or_hold(
        env: &MailEnv,
        saved: &SavedMailSettings,
        config: &MailConfig,
        keyring_password: Option<SecretString>,
    ) -> MailSettings {
        match MailSettings::resolve(env, saved, config, keyring_password) {
            Ok(settings) => settings,
            Err(e) => {
                let source = if env.smtp_url.is_some() || env.mail_from.is_some() {
                    SettingsSource::Environment
                } else if config.smtp_url.is_some() || config.mail_from.is_some() {
                    SettingsSource::ConfigFile
                } else {
                    SettingsSource::Saved
                };
                let place = match source {
                    SettingsSource::Environment => "Latchkey's environment (LATCHKEY_SMTP_URL / LATCHKEY_MAIL_FROM)",
                    SettingsSource::ConfigFile => "Latchkey's configuration file ([mail])",
                    _ => "the mail settings saved in the app",
                };
                let why: Vec<String> = e.fields().iter().map(|f| f.message.clone()).collect();
                let why = if why.is_empty() { e.to_string() } else { why.join(" ") };
                let problem = format!(
                    "The mail settings in {place} cannot be used, so mail is held in the outbox until they are fixed: {why}"
                );
                tracing::error!(source = ?source, %problem, "mail settings are invalid; holding mail");
                MailSettings {
                    transport: MailTransport::Held { problem },
                    from: parse_mail_from(DEFAULT_MAIL_FROM).expect("the default From address parses"),
                    source,
                }
            }
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

/// Reads what the settings screen saved.
pub async fn load_saved(conn: &mut SqliteConnection) -> Result<SavedMailSettings, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT key, value FROM settings WHERE key IN (?, ?)")
        .bind(KEY_SMTP_URL)
        .bind(KEY_MAIL_FROM)
        .fetch_all(conn)
        .await?;
    let mut saved = SavedMailSettings::default();
    for (key, value) in rows {
        match key.as_str() {
            KEY_SMTP_URL => saved.smtp_url = Some(value),
            KEY_MAIL_FROM => saved.mail_from = Some(value),
            _ => {}
        }
    }
    Ok(saved)
}

/// Validates and saves the settings screen's values. An empty or missing SMTP URL means
/// "use the dev mailbox"; an empty From means the default. Values are saved in canonical form.
/// The password is not taken here: the shell stores it in the OS keyring.
pub async fn save(
    conn: &mut SqliteConnection,
    smtp_url: Option<&str>,
    mail_from: Option<&str>,
    now: Timestamp,
) -> Result<SavedMailSettings, MailError> {
    let smtp_url = smtp_url.map(str::trim).filter(|s| !s.is_empty());
    let mail_from = mail_from.map(str::trim).filter(|s| !s.is_empty());
    let mut errors = Vec::new();
    let url = smtp_url.and_then(|u| {
        SmtpUrl::parse(u)
            .map_err(|e| errors.extend(e.fields().iter().cloned()))
            .ok()
    });
    let from = mail_from.and_then(|f| {
        parse_mail_from(f)
            .map_err(|e| errors.extend(e.fields().iter().cloned()))
            .ok()
    });
    if !errors.is_empty() {
        return Err(MailError::InvalidInput(errors));
    }
    let saved = SavedMailSettings {
        smtp_url: url.map(|u| u.to_string()),
        mail_from: from.map(|f| f.to_string()),
    };
    for (key, value) in [(KEY_SMTP_URL, &saved.smtp_url), (KEY_MAIL_FROM, &saved.mail_from)] {
        match value {
            Some(value) => {
                sqlx::query(
                    "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                )
                .bind(key)
                .bind(value)
                .bind(now.millis())
                .execute(&mut *conn)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM settings WHERE key = ?")
                    .bind(key)
                    .execute(&mut *conn)
                    .await?;
            }
        }
    }
    Ok(saved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> SmtpUrl {
        SmtpUrl::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn smtp_urls_parse_with_sensible_defaults() {
        let u = url("smtp://user@host.example:587?tls=required");
        assert_eq!(
            (u.host.as_str(), u.port, u.user.as_deref(), u.tls),
            ("host.example", 587, Some("user"), TlsMode::Required)
        );
        let u = url("smtps://host.example:465");
        assert_eq!((u.port, u.tls, u.user), (465, TlsMode::Implicit, None));
        let u = url("smtps://host.example");
        assert_eq!(u.port, 465);
        let u = url("smtp://host.example");
        assert_eq!((u.port, u.tls), (587, TlsMode::Required));
        let u = url("smtp://127.0.0.1:2525");
        assert_eq!((u.host.as_str(), u.port, u.tls), ("127.0.0.1", 2525, TlsMode::None));
        let u = url("smtp://localhost:25?tls=opportunistic");
        assert_eq!(u.tls, TlsMode::Opportunistic);
        let u = url("smtp://me%40example.com@host:25?tls=none");
        assert_eq!((u.user.as_deref(), u.tls), (Some("me@example.com"), TlsMode::None));
    }

    #[test]
    fn canonical_form_round_trips() {
        for s in [
            "smtp://user@host.example:587",
            "smtps://host.example:465",
            "smtp://127.0.0.1:2525?tls=none",
            "smtp://me%40example.com@host:25?tls=opportunistic",
        ] {
            assert_eq!(url(s).to_string(), s);
            assert_eq!(url(&url(s).to_string()), url(s));
        }
    }

    #[test]
    fn bad_urls_are_rejected_with_the_field_name() {
        for s in [
            "",
            "host:25",
            "http://host",
            "smtp://",
            "smtp://u:secret@host",
            "smtp://host?tls=maybe",
            "smtp://host?foo=1",
            "smtps://host?tls=none",
            "smtp://host/path",
        ] {
            let err = SmtpUrl::parse(s).unwrap_err();
            assert_eq!(err.code(), "invalid_input", "{s}");
            assert_eq!(err.fields()[0].field, "smtpUrl", "{s}");
        }
        let err = SmtpUrl::parse("smtp://u:hunter2@host").unwrap_err();
        assert!(!err.to_string().contains("hunter2"));
    }

    #[test]
    fn precedence_is_env_then_config_then_saved_then_dev_mailbox() {
        let env = MailEnv {
            smtp_url: Some("smtp://env.example".into()),
            ..Default::default()
        };
        let saved = SavedMailSettings {
            smtp_url: Some("smtp://saved.example".into()),
            mail_from: None,
        };
        let config = MailConfig {
            smtp_url: Some("smtp://config.example".into()),
            ..Default::default()
        };
        let host = |s: &MailSettings| match &s.transport {
            MailTransport::Smtp(smtp) => smtp.url.host.clone(),
            MailTransport::DevMailbox | MailTransport::Held { .. } => "dev".into(),
        };
        let s = MailSettings::resolve(&env, &saved, &config, None).unwrap();
        assert_eq!(
            (host(&s), s.source),
            ("env.example".into(), SettingsSource::Environment)
        );
        let s = MailSettings::resolve(&MailEnv::default(), &saved, &config, None).unwrap();
        assert_eq!(
            (host(&s), s.source),
            ("config.example".into(), SettingsSource::ConfigFile)
        );
        let s = MailSettings::resolve(&MailEnv::default(), &saved, &Default::default(), None).unwrap();
        assert_eq!((host(&s), s.source), ("saved.example".into(), SettingsSource::Saved));
        let s = MailSettings::resolve(&MailEnv::default(), &Default::default(), &Default::default(), None).unwrap();
        assert_eq!((host(&s), s.mode()), ("dev".into(), "dev_mailbox"));
        assert_eq!(s.from.to_string(), DEFAULT_MAIL_FROM);
    }

    #[test]
    fn the_environment_password_wins_over_the_keyring_one() {
        use secrecy::ExposeSecret;
        let env = MailEnv {
            smtp_url: Some("smtp://h.example".into()),
            smtp_password: Some("from-env".into()),
            ..Default::default()
        };
        let s = MailSettings::resolve(
            &env,
            &Default::default(),
            &Default::default(),
            Some("from-keyring".into()),
        )
        .unwrap();
        let MailTransport::Smtp(smtp) = &s.transport else {
            panic!()
        };
        assert_eq!(smtp.password.as_ref().unwrap().expose_secret(), "from-env");
        assert!(!format!("{s:?}").contains("from-env"));
    }

    #[test]
    fn both_bad_fields_are_reported() {
        let env = MailEnv {
            smtp_url: Some("ftp://x".into()),
            mail_from: Some("not an address".into()),
            ..Default::default()
        };
        let err = MailSettings::resolve(&env, &Default::default(), &Default::default(), None).unwrap_err();
        let fields: Vec<_> = err.fields().iter().map(|f| f.field).collect();
        assert_eq!(fields, ["mailFrom", "smtpUrl"]);
    }
}
