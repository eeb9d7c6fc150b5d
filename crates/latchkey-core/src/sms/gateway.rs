//! The HTTP SMS gateway: one request per text. 2xx: sent. 4xx: refused for good, with the
//! provider's words (truncated, with the code and the secret blanked out). 5xx, 408, 429, a
//! timeout or no connection: tried again later by the delivery task.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use secrecy::ExposeSecret;

use super::GatewayAuth;
use super::template::{BodyTemplate, SmsValues};

/// Longest provider text kept as a failure reason.
pub const MAX_REASON_CHARS: usize = 300;

/// What became of one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendOutcome {
    Sent,
    /// Transient: keep it queued and try again.
    Retry(String),
    /// Permanent: mark it failed with this reason.
    Failed(String),
}

/// A configured gateway with its HTTP client (rustls, ring provider, platform verifier).
pub struct Gateway {
    client: reqwest::Client,
    url: String,
    method: reqwest::Method,
    template: BodyTemplate,
    headers: HeaderMap,
    auth: GatewayAuth,
    timeout: Duration,
}

impl std::fmt::Debug for Gateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gateway")
            .field("url", &self.url)
            .field("method", &self.method)
            .field("auth", &self.auth)
            .finish_non_exhaustive()
    }
}

fn tls_config() -> Result<rustls::ClientConfig, String> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_platform_verifier()
        .map_err(|e| format!("cannot load the system's certificate verifier: {e}"))?
        .with_no_client_auth())
}

impl Gateway {
    pub(crate) fn new(
        url: &str,
        method: reqwest::Method,
        template: BodyTemplate,
        headers: &BTreeMap<String, String>,
        auth: GatewayAuth,
        timeout: Duration,
    ) -> Result<Gateway, String> {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|e| e.to_string())?;
            let value = HeaderValue::from_str(value).map_err(|e| e.to_string())?;
            map.insert(name, value);
        }
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(tls_config()?)
            .timeout(timeout)
            .connect_timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(Gateway {
            client,
            url: url.to_owned(),
            method,
            template,
            headers: map,
            auth,
            timeout,
        })
    }

    /// The body this gateway would send (for tests and the settings screen's preview).
    pub fn body(&self, to: &str, code: &str, text: &str) -> Vec<u8> {
        self.template.render(&SmsValues { to, code, text })
    }

    /// Sends one text and says what became of it. Never logs or returns the code or secret.
    pub async fn send(&self, to: &str, code: &str, text: &str) -> SendOutcome {
        let format = match self.template {
            BodyTemplate::Form(_) => super::BodyFormat::Form,
            BodyTemplate::Json(_) => super::BodyFormat::Json,
        };
        let mut request = self
            .client
            .request(self.method.clone(), &self.url)
            .headers(self.headers.clone())
            .header(CONTENT_TYPE, format.content_type())
            .body(self.body(to, code, text));
        let mut secret: Option<&str> = None;
        match &self.auth {
            GatewayAuth::None => {}
            GatewayAuth::Basic { username, password } => {
                secret = Some(password.expose_secret());
                request = request.basic_auth(username, Some(password.expose_secret()));
            }
            GatewayAuth::Bearer(token) => {
                secret = Some(token.expose_secret());
                request = request.bearer_auth(token.expose_secret());
            }
        }
        let host = reqwest::Url::parse(&self.url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_default();
        let response = match tokio::time::timeout(self.timeout + Duration::from_secs(1), request.send()).await {
            Err(_elapsed) => {
                return SendOutcome::Retry(format!(
                    "The SMS gateway {host} did not answer within {} s.",
                    self.timeout.as_secs()
                ));
            }
            Ok(Err(err)) => {
                let err = err.without_url();
                let what = if err.is_timeout() {
                    format!("did not answer within {} s", self.timeout.as_secs())
                } else if err.is_connect() {
                    "cannot be reached".to_owned()
                } else {
                    "failed".to_owned()
                };
                let detail = redact(&error_chain(&err), code, secret);
                return SendOutcome::Retry(format!("The SMS gateway {host} {what}: {detail}"));
            }
            Ok(Ok(response)) => response,
        };
        let status = response.status();
        if status.is_success() {
            return SendOutcome::Sent;
        }
        let words = match tokio::time::timeout(self.timeout, response.text()).await {
            Ok(Ok(text)) => text,
            _ => String::new(),
        };
        let words = redact(words.trim(), code, secret);
        let reason = if words.is_empty() {
            format!("HTTP {status}")
        } else {
            format!("HTTP {status}: {words}")
        };
        let reason = truncate(&reason, MAX_REASON_CHARS);
        let transient = status.is_server_error()
            || status == reqwest::StatusCode::REQUEST_TIMEOUT
            || status == reqwest::StatusCode::TOO_MANY_REQUESTS;
        if transient {
            SendOutcome::Retry(reason)
        } else {
            SendOutcome::Failed(reason)
        }
    }
}

fn error_chain(err: &dyn std::error::Error) -> String {
    let mut out = err.to_string();
    let mut source = err.source();
    while let Some(e) = source {
        out.push_str(": ");
        out.push_str(&e.to_string());
        source = e.source();
    }
    out
}

/// Blanks out the code and the secret wherever the provider echoed them.
fn redact(text: &str, code: &str, secret: Option<&str>) -> String {
    let mut out = text.to_owned();
    if let Some(secret) = secret.filter(|s| !s.is_empty()) {
        out = out.replace(secret, "[secret]");
    }
    if !code.is_empty() {
        out = out.replace(code, "[code]");
    }
    out
}

fn truncate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_lose_codes_and_secrets_and_are_truncated() {
        assert_eq!(
            redact("bad token s3cr3t for 123456", "123456", Some("s3cr3t")),
            "bad token [secret] for [code]"
        );
        let long = "é".repeat(400);
        let cut = truncate(&long, MAX_REASON_CHARS);
        assert_eq!(cut.chars().count(), MAX_REASON_CHARS + 1);
        assert!(cut.ends_with('…'));
    }
}
