//! The SMTP side: building a lettre transport from [`SmtpSettings`], building a message, and
//! turning lettre's errors into [`MailError`]s that tell the operator what to try.

use std::error::Error as _;
use std::time::Duration;

use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;

use crate::mail::error::MailError;
use crate::mail::settings::{SmtpSettings, SmtpUrl, TlsMode};

pub(crate) type Transport = AsyncSmtpTransport<Tokio1Executor>;

/// Builds the transport. Fails only for local problems (unreadable or invalid CA file).
pub(crate) fn transport(settings: &SmtpSettings, timeout: Duration) -> Result<Transport, MailError> {
    let url = &settings.url;
    let tls = match url.tls {
        TlsMode::None => Tls::None,
        mode => {
            let mut params = TlsParameters::builder(url.host.clone());
            if let Some(path) = &settings.ca_file {
                let pem = std::fs::read(path).map_err(|e| {
                    MailError::SmtpTls(format!(
                        "Cannot read the extra CA certificate file {} ({e}). Check LATCHKEY_SMTP_CA_FILE.",
                        path.display()
                    ))
                })?;
                let cert = Certificate::from_pem(&pem).map_err(|e| {
                    MailError::SmtpTls(format!(
                        "The CA certificate file {} is not a PEM certificate ({e}).",
                        path.display()
                    ))
                })?;
                params = params.add_root_certificate(cert);
            }
            let params = params
                .build_rustls()
                .map_err(|e| MailError::SmtpTls(format!("Cannot set up TLS: {}", chain(&e))))?;
            match mode {
                TlsMode::Implicit => Tls::Wrapper(params),
                TlsMode::Required => Tls::Required(params),
                _ => Tls::Opportunistic(params),
            }
        }
    };
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(url.host.clone())
        .port(url.port)
        .tls(tls)
        .timeout(Some(timeout));
    if let Some(user) = &url.user {
        let password = settings
            .password
            .as_ref()
            .map(|p| p.expose_secret().to_owned())
            .unwrap_or_default();
        builder = builder.credentials(Credentials::new(user.clone(), password));
    }
    Ok(builder.build())
}

/// Builds the MIME message: multipart/alternative with the text part first, a Message-ID that
/// is stable for the outbox row (so a duplicate caused by at-least-once delivery can be
/// recognised), and `Auto-Submitted: auto-generated` so auto-responders stay quiet.
pub(crate) fn message(
    from: &Mailbox,
    to: &str,
    subject: &str,
    text: String,
    html: String,
    message_id: Option<String>,
) -> Result<Message, MailError> {
    let to = crate::mail::settings::parse_recipient(to)?;
    let mut message = Message::builder()
        .from(from.clone())
        .to(Mailbox::new(None, to))
        .subject(subject)
        .message_id(message_id)
        .date_now()
        .multipart(MultiPart::alternative_plain_html(text, html))
        .map_err(|e| MailError::Internal(format!("cannot build the message: {e}")))?;
    message.headers_mut().insert_raw(HeaderValue::new(
        HeaderName::new_from_ascii_str("Auto-Submitted"),
        "auto-generated".to_owned(),
    ));
    Ok(message)
}

/// What delivery should do after a failed attempt.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Retry {
    /// Try again later (network, timeout, 4xx, or a configuration problem the operator can fix).
    Later,
    /// Give up on this message (5xx about this message).
    Never,
}

/// Classifies a send error and words it for the operator.
pub(crate) fn explain(err: &lettre::transport::smtp::Error, url: &SmtpUrl, timeout: Duration) -> (Retry, MailError) {
    let server = format!("{}:{}", url.host, url.port);
    let detail = chain(err);
    if let Some(code) = err.status() {
        let code_num = u16::from(code);
        let reason = server_reason(err);
        if reason.to_lowercase().contains("starttls") {
            return (
                Retry::Later,
                MailError::SmtpTls(format!(
                    "{server} requires TLS first ({code} {reason}): use tls=required (STARTTLS) in the SMTP URL."
                )),
            );
        }
        // Authentication problems are about the settings, not the message: keep it queued.
        if matches!(code_num, 530 | 534 | 535 | 538 | 454) && looks_like_auth(code_num, &reason) {
            let hint = if url.user.is_none() {
                "The server wants you to sign in: put the user name in the SMTP URL (smtp://user@host) and set the password."
            } else {
                "Check the user name in the SMTP URL and the password."
            };
            return (
                Retry::Later,
                MailError::SmtpAuth(format!("{server} refused the sign-in ({code} {reason}). {hint}")),
            );
        }
        if err.is_permanent() {
            return (
                Retry::Never,
                MailError::SmtpRejected(format!("{server} refused the message: {code} {reason}")),
            );
        }
        return (
            Retry::Later,
            MailError::SmtpRejected(format!("{server} asked to try again later: {code} {reason}")),
        );
    }
    if err.is_timeout() {
        return (
            Retry::Later,
            MailError::SmtpConnect(format!(
                "{server} did not answer within {} s. Check the host and port; if the port expects TLS from the first byte (usually 465), use smtps://, and for 587 or 25 use smtp:// ({detail}).",
                timeout.as_secs()
            )),
        );
    }
    let lower = detail.to_lowercase();
    if lower.contains("starttls is not supported") {
        return (
            Retry::Later,
            MailError::SmtpTls(format!(
                "{server} does not offer STARTTLS. If it expects TLS from the first byte (usually port 465), use smtps://; use tls=none only for a server on this machine or a trusted network."
            )),
        );
    }
    // lettre reports rustls failures during connect as connection errors: look at the text.
    if lower.contains("peer certificate") || lower.contains("certificate") {
        let msg = if lower.contains("notvalidforname") {
            format!(
                "The certificate of {server} is not valid for the name {} ({detail}). Use the host name written in the certificate.",
                url.host
            )
        } else if lower.contains("expired") {
            format!("The certificate of {server} has expired ({detail}). Ask the server's administrator to renew it.")
        } else {
            format!(
                "The certificate of {server} is not trusted ({detail}). If the server uses a self-signed or private certificate, point LATCHKEY_SMTP_CA_FILE at its CA certificate (PEM)."
            )
        };
        return (Retry::Later, MailError::SmtpTls(msg));
    }
    if err.is_tls()
        || ["corrupt message", "handshake", "tls", "alert"]
            .iter()
            .any(|w| lower.contains(w))
    {
        return (
            Retry::Later,
            MailError::SmtpTls(format!(
                "TLS with {server} failed ({detail}). Check the TLS mode: port 465 needs smtps://; ports 587 and 25 use smtp:// with STARTTLS (tls=required)."
            )),
        );
    }
    if lower.contains("no compatible authentication mechanism") {
        return (
            Retry::Later,
            MailError::SmtpAuth(format!(
                "{server} offers no sign-in method on this connection. Many servers only offer it after TLS: use tls=required or smtps://."
            )),
        );
    }
    if err.is_response() {
        return (
            Retry::Later,
            MailError::SmtpConnect(format!(
                "{server} did not answer like an SMTP server ({detail}). Check the port and TLS mode: port 465 needs smtps://."
            )),
        );
    }
    (
        Retry::Later,
        MailError::SmtpConnect(format!(
            "Cannot connect to {server} ({detail}). Check the host name and port, and that the mail server is running."
        )),
    )
}

fn looks_like_auth(code: u16, reason: &str) -> bool {
    // 530 and 454 have other meanings too; only count them when the server says "auth".
    matches!(code, 534 | 535 | 538) || reason.to_lowercase().contains("auth")
}

/// The server's own words (the response text), without lettre's prefix.
fn server_reason(err: &lettre::transport::smtp::Error) -> String {
    err.source().map(|s| s.to_string()).unwrap_or_default()
}

/// An error and all its sources, joined.
pub(crate) fn chain(err: &dyn std::error::Error) -> String {
    let mut out = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}
