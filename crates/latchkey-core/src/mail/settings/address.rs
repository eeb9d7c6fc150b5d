//! Parsing what people type into the mail settings: the SMTP URL, the From address, a
//! recipient. Errors name the form field.

use crate::error::ErrorCode;
use std::fmt;
use std::str::FromStr;

use lettre::message::Mailbox;

use crate::mail::error::MailError;

/// How the connection to the server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
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
}
