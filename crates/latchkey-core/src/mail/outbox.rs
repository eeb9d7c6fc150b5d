//! The durable outbox: enqueue (inside the caller's transaction) and sealed bodies.

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use rand::TryRng;
use sqlx::SqliteConnection;

use crate::clock::Timestamp;
use crate::mail::templates::{Rendered, Template};
use crate::secret_key::InstallKey;

const SEAL_PURPOSE: &str = "outbox-seal";

/// Why a message is sent; stored as text in `outbox.purpose`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailPurpose {
    VerifyEmail,
    ResetPassword,
    PasswordChanged,
    RegistrationAttempt,
    Test,
}

impl MailPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            MailPurpose::VerifyEmail => "verify_email",
            MailPurpose::ResetPassword => "reset_password",
            MailPurpose::PasswordChanged => "password_changed",
            MailPurpose::RegistrationAttempt => "registration_attempt",
            MailPurpose::Test => "test",
        }
    }
}

/// Row id of an outbox message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct OutboxId(pub i64);

#[derive(serde::Serialize, serde::Deserialize)]
struct Body {
    text: String,
    html: String,
}

/// Queues `template` for `to`. Call it inside the transaction that creates what the message
/// announces, so both exist or neither does.
pub async fn enqueue(
    conn: &mut SqliteConnection,
    key: &InstallKey,
    to: &str,
    template: &Template<'_>,
    now: Timestamp,
) -> Result<OutboxId, sqlx::Error> {
    let rendered = template.render();
    let sealed = seal(key, &rendered);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO outbox (recipient, subject, body_sealed, purpose, status, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, 'queued', ?, ?) RETURNING id",
    )
    .bind(to)
    .bind(&rendered.subject)
    .bind(sealed)
    .bind(template.purpose().as_str())
    .bind(now.millis())
    .bind(now.millis())
    .fetch_one(conn)
    .await?;
    Ok(OutboxId(id))
}

/// nonce (12 bytes) || ChaCha20-Poly1305 ciphertext of the JSON body.
pub fn seal(key: &InstallKey, rendered: &Rendered) -> Vec<u8> {
    let cipher = ChaCha20Poly1305::new(&key.subkey(SEAL_PURPOSE).into());
    let mut nonce = [0u8; 12];
    rand::rngs::SysRng
        .try_fill_bytes(&mut nonce)
        .expect("the OS RNG failed");
    let body = serde_json::to_vec(&Body {
        text: rendered.text.clone(),
        html: rendered.html.clone(),
    })
    .expect("a body of two strings serialises");
    let ciphertext = cipher
        .encrypt(Nonce::from_slice(&nonce), body.as_slice())
        .expect("sealing cannot fail for this size");
    let mut out = nonce.to_vec();
    out.extend_from_slice(&ciphertext);
    out
}

/// Opens a body sealed by [`seal`]: `(text, html)`, or `None` if it was not sealed with this key.
pub fn open(key: &InstallKey, sealed: &[u8]) -> Option<(String, String)> {
    if sealed.len() < 12 {
        return None;
    }
    let (nonce, ciphertext) = sealed.split_at(12);
    let cipher = ChaCha20Poly1305::new(&key.subkey(SEAL_PURPOSE).into());
    let plain = cipher.decrypt(Nonce::from_slice(nonce), ciphertext).ok()?;
    let body: Body = serde_json::from_slice(&plain).ok()?;
    Some((body.text, body.html))
}
