//! Text messages (issue 11). An SMS is a row of the same durable outbox as mail (`channel =
//! 'sms'`), queued in the transaction that issues its code and emptied by the same delivery
//! task, with the same retries and `queued / sent / failed (reason)` status. It goes either to
//! the built-in **dev SMS inbox** (the default: nothing configured) or to an **HTTP gateway**
//! described by configuration ([`SmsConfig`], the `[sms]` table and `LATCHKEY_SMS_*`).
//!
//! The gateway's secret (basic-auth password or bearer token) never sits in a file: it comes
//! from `LATCHKEY_SMS_SECRET` (or the caller's keyring, see [`SmsSettings::resolve_with_secret`]).

pub mod gateway;
pub mod inbox;
pub mod template;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;

use crate::config::ConfigError;
pub use gateway::{Gateway, SendOutcome};
pub use template::{BodyFormat, BodyTemplate};

/// The outbox channel of text messages (`outbox.channel`).
pub const CHANNEL_SMS: &str = "sms";
/// The outbox channel of email (`outbox.channel`).
pub const CHANNEL_EMAIL: &str = "email";
/// The environment variable holding the gateway's password or bearer token.
pub const SECRET_ENV: &str = "LATCHKEY_SMS_SECRET";

/// How the gateway is signed in to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SmsAuth {
    #[default]
    None,
    /// HTTP basic: `username` from the config, password from the secret.
    Basic,
    /// `Authorization: Bearer <secret>`.
    Bearer,
}

/// The `[sms]` table of `latchkey.toml`. With no `gateway_url` texts go to the dev SMS inbox.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SmsConfig {
    /// The provider's endpoint (`https://…`; `http://` is for tests on 127.0.0.1). Empty: the
    /// dev SMS inbox. `LATCHKEY_SMS_GATEWAY_URL`.
    pub gateway_url: String,
    /// `POST` (default), `PUT` or `PATCH`. `LATCHKEY_SMS_METHOD`.
    pub method: String,
    /// `form` (default, `application/x-www-form-urlencoded`) or `json`. `LATCHKEY_SMS_BODY_FORMAT`.
    pub body_format: BodyFormat,
    /// The body with `{to}`, `{code}`, `{text}` placeholders: `To={to}&Body={text}` (form) or
    /// `{"to": "{to}", "message": "{text}"}` (JSON; placeholders inside string values). Must use
    /// `{code}` or `{text}`. `LATCHKEY_SMS_BODY_TEMPLATE`.
    pub body_template: String,
    /// Extra request headers (never the secret: use `auth`).
    pub headers: BTreeMap<String, String>,
    /// `none`, `basic` or `bearer`. `LATCHKEY_SMS_AUTH`.
    pub auth: SmsAuth,
    /// Basic-auth user name (e.g. the Twilio Account SID). `LATCHKEY_SMS_USERNAME`.
    pub username: String,
    /// Domain for the one-time-code autofill line `@<domain> #<code>` at the end of each text;
    /// empty: no such line. `LATCHKEY_SMS_DOMAIN`.
    pub domain: String,
    /// Longest wait for the gateway per attempt. Default 15. `LATCHKEY_SMS_TIMEOUT_SECS`.
    pub timeout_secs: u64,
}

impl Default for SmsConfig {
    fn default() -> SmsConfig {
        SmsConfig {
            gateway_url: String::new(),
            method: "POST".to_owned(),
            body_format: BodyFormat::Form,
            body_template: String::new(),
            headers: BTreeMap::new(),
            auth: SmsAuth::None,
            username: String::new(),
            domain: String::new(),
            timeout_secs: 15,
        }
    }
}

fn invalid(setting: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        setting,
        problem: problem.into(),
    }
}

impl SmsConfig {
    /// Applies the `LATCHKEY_SMS_*` variables (not the secret: see [`SmsSettings::resolve`]).
    pub(crate) fn apply_env(&mut self, env: &impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        let text = |name: &str, slot: &mut String| {
            if let Some(value) = env(name) {
                *slot = value.trim().to_owned();
            }
        };
        text("LATCHKEY_SMS_GATEWAY_URL", &mut self.gateway_url);
        text("LATCHKEY_SMS_METHOD", &mut self.method);
        text("LATCHKEY_SMS_USERNAME", &mut self.username);
        text("LATCHKEY_SMS_DOMAIN", &mut self.domain);
        if let Some(value) = env("LATCHKEY_SMS_BODY_TEMPLATE") {
            self.body_template = value;
        }
        if let Some(value) = env("LATCHKEY_SMS_BODY_FORMAT") {
            self.body_format = match value.trim().to_ascii_lowercase().as_str() {
                "form" => BodyFormat::Form,
                "json" => BodyFormat::Json,
                _ => {
                    return Err(ConfigError::Env {
                        name: "LATCHKEY_SMS_BODY_FORMAT".to_owned(),
                        value,
                        expected: "form or json",
                    });
                }
            };
        }
        if let Some(value) = env("LATCHKEY_SMS_AUTH") {
            self.auth = match value.trim().to_ascii_lowercase().as_str() {
                "" | "none" => SmsAuth::None,
                "basic" => SmsAuth::Basic,
                "bearer" => SmsAuth::Bearer,
                _ => {
                    return Err(ConfigError::Env {
                        name: "LATCHKEY_SMS_AUTH".to_owned(),
                        value,
                        expected: "none, basic or bearer",
                    });
                }
            };
        }
        if let Some(value) = env("LATCHKEY_SMS_TIMEOUT_SECS") {
            self.timeout_secs = value.trim().parse().map_err(|_| ConfigError::Env {
                name: "LATCHKEY_SMS_TIMEOUT_SECS".to_owned(),
                value,
                expected: "a whole number",
            })?;
        }
        Ok(())
    }

    /// Whether a gateway is configured (else: the dev SMS inbox).
    pub fn uses_gateway(&self) -> bool {
        !self.gateway_url.trim().is_empty()
    }

    /// Checks the gateway settings at load: URL, method, headers, auth, and a body template that
    /// parses and uses `{code}` or `{text}` (a template without either would send texts without
    /// the code).
    pub fn validate(&self) -> Result<(), ConfigError> {
        if !(1..=120).contains(&self.timeout_secs) {
            return Err(invalid("sms.timeout_secs", "must be 1 to 120 seconds"));
        }
        if !self.domain.is_empty()
            && (self.domain.len() > 253
                || !self
                    .domain
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-')))
        {
            return Err(invalid(
                "sms.domain",
                "must be a plain domain name such as example.com (used in the @domain #code autofill line)",
            ));
        }
        if !self.uses_gateway() {
            return Ok(());
        }
        let url = url::Url::parse(self.gateway_url.trim())
            .map_err(|e| invalid("sms.gateway_url", format!("is not a URL ({e})")))?;
        if !matches!(url.scheme(), "https" | "http") || url.host_str().is_none() {
            return Err(invalid(
                "sms.gateway_url",
                "must be an http:// or https:// URL with a host",
            ));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(invalid(
                "sms.gateway_url",
                "must not contain a user name or password: use sms.auth and LATCHKEY_SMS_SECRET",
            ));
        }
        self.http_method()?;
        for (name, value) in &self.headers {
            let bad_name = reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_err();
            let bad_value = reqwest::header::HeaderValue::from_str(value).is_err();
            if bad_name || bad_value {
                return Err(invalid("sms.headers", format!("{name:?} is not a valid HTTP header")));
            }
            if name.eq_ignore_ascii_case("authorization") {
                return Err(invalid(
                    "sms.headers",
                    "must not set Authorization: use sms.auth and LATCHKEY_SMS_SECRET (secrets never go in a file)",
                ));
            }
        }
        if self.auth == SmsAuth::Basic && self.username.trim().is_empty() {
            return Err(invalid("sms.username", "is required with auth = \"basic\""));
        }
        BodyTemplate::parse(self.body_format, &self.body_template)?;
        Ok(())
    }

    fn http_method(&self) -> Result<reqwest::Method, ConfigError> {
        match self.method.trim().to_ascii_uppercase().as_str() {
            "" | "POST" => Ok(reqwest::Method::POST),
            "PUT" => Ok(reqwest::Method::PUT),
            "PATCH" => Ok(reqwest::Method::PATCH),
            _ => Err(invalid("sms.method", "must be POST, PUT or PATCH")),
        }
    }
}

/// The resolved gateway credentials.
#[derive(Clone)]
pub enum GatewayAuth {
    None,
    Basic { username: String, password: SecretString },
    Bearer(SecretString),
}

impl std::fmt::Debug for GatewayAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            GatewayAuth::None => "None",
            GatewayAuth::Basic { .. } => "Basic(..)",
            GatewayAuth::Bearer(_) => "Bearer(..)",
        })
    }
}

/// Where texts go.
#[derive(Debug, Clone, Default)]
pub enum SmsTransport {
    /// Stored in the outbox as `delivered_locally` and shown in the app's dev SMS inbox.
    #[default]
    DevInbox,
    Gateway(Arc<Gateway>),
    /// The gateway's settings cannot be used (e.g. its secret is missing): texts stay queued,
    /// retried with this reason, and are never shown in the app instead.
    Held {
        reason: String,
    },
}

/// The SMS settings the delivery task uses.
#[derive(Debug, Clone, Default)]
pub struct SmsSettings {
    pub transport: SmsTransport,
}

impl SmsSettings {
    /// `config` with the secret from `LATCHKEY_SMS_SECRET` (looked up with `env`).
    pub fn resolve(config: &SmsConfig, env: impl Fn(&str) -> Option<String>) -> Result<SmsSettings, ConfigError> {
        let secret = env(SECRET_ENV).filter(|s| !s.is_empty()).map(SecretString::from);
        Self::resolve_with_secret(config, secret)
    }

    /// `config` with `secret` (from the keyring or the environment; never from a file).
    pub fn resolve_with_secret(config: &SmsConfig, secret: Option<SecretString>) -> Result<SmsSettings, ConfigError> {
        config.validate()?;
        if !config.uses_gateway() {
            return Ok(SmsSettings::default());
        }
        let auth = match (config.auth, secret) {
            (SmsAuth::None, _) => GatewayAuth::None,
            (SmsAuth::Basic, Some(password)) => GatewayAuth::Basic {
                username: config.username.trim().to_owned(),
                password,
            },
            (SmsAuth::Bearer, Some(token)) => GatewayAuth::Bearer(token),
            (_, None) => {
                return Err(invalid(
                    "sms.auth",
                    format!(
                        "needs the gateway's secret in {SECRET_ENV} (or the keyring); it is never read from a file"
                    ),
                ));
            }
        };
        let gateway = Gateway::new(
            config.gateway_url.trim(),
            config.http_method()?,
            BodyTemplate::parse(config.body_format, &config.body_template)?,
            &config.headers,
            auth,
            Duration::from_secs(config.timeout_secs),
        )
        .map_err(|e| invalid("sms.gateway_url", e))?;
        Ok(SmsSettings {
            transport: SmsTransport::Gateway(Arc::new(gateway)),
        })
    }

    /// [`SmsSettings::resolve`], or texts held in the outbox with the reason when the
    /// settings cannot be used: a wrong setting must neither stop the app nor fall back to the
    /// dev SMS inbox (which would make codes readable in the app).
    pub fn resolve_or_hold(config: &SmsConfig, env: impl Fn(&str) -> Option<String>) -> SmsSettings {
        match Self::resolve(config, env) {
            Ok(settings) => settings,
            Err(e) => {
                tracing::error!(error = %e, "SMS gateway settings unusable; texts are held in the outbox");
                SmsSettings {
                    transport: SmsTransport::Held { reason: e.to_string() },
                }
            }
        }
    }

    /// `dev_inbox`, `gateway` or `held`, for logs and the status screen.
    pub fn mode(&self) -> &'static str {
        match self.transport {
            SmsTransport::DevInbox => "dev_inbox",
            SmsTransport::Gateway(_) => "gateway",
            SmsTransport::Held { .. } => "held",
        }
    }
}

/// The text of a code message in `locale`: the app's name, the code and its lifetime, then
/// the one-time-code autofill line (`@<domain> #<code>`) phones understand, when `domain` is set.
pub fn code_text(
    locale: crate::i18n::Locale,
    purpose: crate::mail::MailPurpose,
    code: &str,
    lifetime: Duration,
    domain: &str,
) -> String {
    use fluent_bundle::FluentValue;
    let id = match purpose {
        crate::mail::MailPurpose::SignIn => "sms-sign_in",
        _ => "sms-verify_phone",
    };
    let minutes = lifetime.as_secs().div_ceil(60).max(1);
    let mut text = crate::i18n::message(
        locale,
        id,
        &[("code", FluentValue::from(code)), ("n", FluentValue::from(minutes))],
    );
    if !domain.is_empty() {
        text.push_str(&format!("\n\n@{domain} #{code}"));
    }
    text
}

/// Queues a text with `code` to `phone` (E.164) inside the caller's transaction, in the
/// language of `account` (English if it chose none). The delivery task sends it.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn enqueue(
    conn: &mut crate::store::Conn,
    key: &crate::secret_key::InstallKey,
    account: crate::ids::AccountId,
    phone: &str,
    purpose: crate::mail::MailPurpose,
    code: &str,
    lifetime: Duration,
    domain: &str,
    now: crate::clock::Timestamp,
) -> Result<crate::mail::OutboxId, crate::store::Error> {
    let locale = crate::store::accounts::locale(conn, account)
        .await?
        .flatten()
        .and_then(|tag| crate::i18n::Locale::parse(&tag))
        .unwrap_or_default();
    let text = code_text(locale, purpose, code, lifetime, domain);
    let sealed = crate::mail::outbox::seal_sms(key, &text, code);
    crate::store::sms::insert_queued(conn, phone, &sealed, purpose, now).await
}
