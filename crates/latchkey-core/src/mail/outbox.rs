//! The durable outbox: enqueue (inside the caller's transaction), sealed bodies, the state
//! changes delivery makes, and the delivery status the account flows report.

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use rand::TryRng;

use crate::clock::Timestamp;
use crate::i18n::Locale;
use crate::mail::templates::{Rendered, Template};
use crate::secret_key::InstallKey;
use crate::store::{self, Conn, Pool};

const SEAL_PURPOSE: &str = "outbox-seal";

/// Why a message is sent; stored as text in `outbox.purpose`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum MailPurpose {
    VerifyEmail,
    ResetPassword,
    PasswordChanged,
    ChangeEmail,
    EmailChanged,
    RegistrationAttempt,
    AccountLocked,
    Test,
    /// A text (SMS) with a code that proves the phone is the person's.
    VerifyPhone,
    /// A code to sign in with instead of the password (by email or text).
    SignIn,
    /// A code that confirms erasing the account.
    DeleteAccount,
}

impl MailPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            MailPurpose::VerifyEmail => "verify_email",
            MailPurpose::ResetPassword => "reset_password",
            MailPurpose::PasswordChanged => "password_changed",
            MailPurpose::ChangeEmail => "change_email",
            MailPurpose::EmailChanged => "email_changed",
            MailPurpose::RegistrationAttempt => "registration_attempt",
            MailPurpose::AccountLocked => "account_locked",
            MailPurpose::Test => "test",
            MailPurpose::VerifyPhone => "verify_phone",
            MailPurpose::SignIn => "sign_in",
            MailPurpose::DeleteAccount => "delete_account",
        }
    }

    pub fn parse(s: &str) -> Option<MailPurpose> {
        [
            MailPurpose::VerifyEmail,
            MailPurpose::ResetPassword,
            MailPurpose::PasswordChanged,
            MailPurpose::ChangeEmail,
            MailPurpose::EmailChanged,
            MailPurpose::RegistrationAttempt,
            MailPurpose::AccountLocked,
            MailPurpose::Test,
            MailPurpose::VerifyPhone,
            MailPurpose::SignIn,
            MailPurpose::DeleteAccount,
        ]
        .into_iter()
        .find(|p| p.as_str() == s)
    }
}

/// `outbox.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum OutboxStatus {
    Queued,
    /// Accepted by the SMTP server.
    Sent,
    /// Stored in the dev mailbox.
    DeliveredLocally,
    /// Refused permanently; `last_error` has the reason.
    Failed,
}

impl OutboxStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxStatus::Queued => "queued",
            OutboxStatus::Sent => "sent",
            OutboxStatus::DeliveredLocally => "delivered_locally",
            OutboxStatus::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<OutboxStatus> {
        [
            OutboxStatus::Queued,
            OutboxStatus::Sent,
            OutboxStatus::DeliveredLocally,
            OutboxStatus::Failed,
        ]
        .into_iter()
        .find(|p| p.as_str() == s)
    }
}

/// Row id of an outbox message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(transparent)]
#[cfg_attr(feature = "ts", ts(type = "number"))]
pub struct OutboxId(pub i64);

impl From<OutboxId> for crate::store::batch::IdRef {
    fn from(id: OutboxId) -> crate::store::batch::IdRef {
        crate::store::batch::IdRef::Known(id.0)
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Body {
    text: String,
    html: String,
    /// Texts (SMS) only: the code, for the gateway's `{code}` placeholder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    code: Option<String>,
}

/// Queues `template` for `to`, rendered in the language of the account whose address `to` is
/// (its `locale`), English when no account has that address or it chose no language. Call it
/// inside the transaction that creates what the message announces, so both exist or neither does.
pub async fn enqueue(
    conn: &mut Conn,
    key: &InstallKey,
    to: &str,
    template: &Template<'_>,
    now: Timestamp,
) -> Result<OutboxId, store::Error> {
    let locale = recipient_locale(conn, to).await?;
    let id = queued_message(key, to, locale, template, now).run(conn).await?;
    id.map(OutboxId)
        .ok_or_else(|| store::Error::Protocol("the outbox insert returned no id".into()))
}

/// The language of the account at address `to` (the default one if none chose).
pub async fn recipient_locale(conn: &mut Conn, to: &str) -> Result<Locale, store::Error> {
    let locale = store::accounts::locale_of_address(conn, to).await?;
    Ok(locale.and_then(|tag| Locale::parse(&tag)).unwrap_or_default())
}

/// The insert that queues `template` to `to`, rendered in `locale` and sealed, due at `now`
/// (returning its id).
pub(crate) fn queued_message(
    key: &InstallKey,
    to: &str,
    locale: Locale,
    template: &Template<'_>,
    now: Timestamp,
) -> store::batch::Stmt {
    let rendered = template.render(locale);
    let sealed = seal(key, &rendered);
    store::outbox::insert_queued(to, &rendered.subject, &sealed, template.purpose(), now)
}

/// nonce (12 bytes) || ChaCha20-Poly1305 ciphertext of the JSON body.
pub fn seal(key: &InstallKey, rendered: &Rendered) -> Vec<u8> {
    seal_body(
        key,
        &Body {
            text: rendered.text.clone(),
            html: rendered.html.clone(),
            code: None,
        },
    )
}

/// Seals a text message (SMS): its text and the code it carries.
pub(crate) fn seal_sms(key: &InstallKey, text: &str, code: &str) -> Vec<u8> {
    seal_body(
        key,
        &Body {
            text: text.to_owned(),
            html: String::new(),
            code: Some(code.to_owned()),
        },
    )
}

/// Opens a text sealed by [`seal_sms`]: `(text, code)`.
pub(crate) fn open_sms(key: &InstallKey, sealed: &[u8]) -> Option<(String, String)> {
    let body = open_body(key, sealed)?;
    Some((body.text, body.code.unwrap_or_default()))
}

fn seal_body(key: &InstallKey, body: &Body) -> Vec<u8> {
    let cipher = ChaCha20Poly1305::new(&key.subkey(SEAL_PURPOSE).into());
    let mut nonce = [0u8; 12];
    rand::rngs::SysRng
        .try_fill_bytes(&mut nonce)
        .expect("the OS RNG failed");
    let body = serde_json::to_vec(body).expect("a body of strings serialises");
    let ciphertext = cipher
        .encrypt(Nonce::from_slice(&nonce), body.as_slice())
        .expect("sealing cannot fail for this size");
    let mut out = nonce.to_vec();
    out.extend_from_slice(&ciphertext);
    out
}

/// Opens a body sealed by [`seal`]: `(text, html)`, or `None` if it was not sealed with this key.
pub fn open(key: &InstallKey, sealed: &[u8]) -> Option<(String, String)> {
    let body = open_body(key, sealed)?;
    Some((body.text, body.html))
}

fn open_body(key: &InstallKey, sealed: &[u8]) -> Option<Body> {
    if sealed.len() < 12 {
        return None;
    }
    let (nonce, ciphertext) = sealed.split_at(12);
    let cipher = ChaCha20Poly1305::new(&key.subkey(SEAL_PURPOSE).into());
    let plain = cipher.decrypt(Nonce::from_slice(nonce), ciphertext).ok()?;
    serde_json::from_slice(&plain).ok()
}

/// Where one message stands, for "queued, waiting for the mail server" vs "sent at …".
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "state", rename_all = "snake_case", rename_all_fields = "camelCase")]
pub enum DeliveryStatus {
    /// Not yet accepted anywhere. `attempts` counts failed tries so far; `last_error` is the
    /// latest reason (for the operator, never shown with a code in it: it is the server's text).
    Queued {
        attempts: u32,
        last_error: Option<String>,
        next_attempt_at: Timestamp,
    },
    /// Accepted by the SMTP server at `at` (a code's lifetime starts here).
    Sent { at: Timestamp },
    /// Stored in the dev mailbox at `at` (a code's lifetime starts here).
    DeliveredLocally { at: Timestamp },
    /// Refused permanently.
    Failed { attempts: u32, reason: String },
}

impl DeliveryStatus {
    /// When the message left (SMTP accepted it or it reached the dev mailbox).
    pub fn sent_at(&self) -> Option<Timestamp> {
        match self {
            DeliveryStatus::Sent { at } | DeliveryStatus::DeliveredLocally { at } => Some(*at),
            _ => None,
        }
    }
}

/// The delivery status of outbox message `id`, or `None` if there is no such message.
pub async fn delivery_status(conn: &mut Conn, id: OutboxId) -> Result<Option<DeliveryStatus>, store::Error> {
    let row = store::outbox::find_status(conn, id).await?;
    let Some((status, attempts, next_attempt_at, last_error, sent_at)) = row else {
        return Ok(None);
    };
    let attempts = u32::try_from(attempts).unwrap_or(u32::MAX);
    let at = Timestamp(sent_at.unwrap_or(0));
    Ok(Some(match OutboxStatus::parse(&status) {
        Some(OutboxStatus::Sent) => DeliveryStatus::Sent { at },
        Some(OutboxStatus::DeliveredLocally) => DeliveryStatus::DeliveredLocally { at },
        Some(OutboxStatus::Failed) => DeliveryStatus::Failed {
            attempts,
            reason: last_error.unwrap_or_else(|| "unknown".to_owned()),
        },
        Some(OutboxStatus::Queued) | None => DeliveryStatus::Queued {
            attempts,
            last_error,
            next_attempt_at: Timestamp(next_attempt_at),
        },
    }))
}

/// A message taken by delivery.
pub(crate) struct Claimed {
    pub id: OutboxId,
    pub recipient: String,
    pub subject: String,
    pub body_sealed: Vec<u8>,
    pub attempts: u32,
    pub created_at: Timestamp,
    /// `email` or `sms`.
    pub channel: String,
}

/// Takes the oldest due queued message, if any, and leases it until `lease_until` (its
/// `next_attempt_at` moves there), so a second delivery task on the same database does not
/// send it at the same time. If the process dies mid-send the lease simply runs out and the
/// message is tried again (at-least-once).
pub(crate) async fn claim_due(
    pool: &Pool,
    now: Timestamp,
    lease_until: Timestamp,
) -> Result<Option<Claimed>, store::Error> {
    let row = store::outbox::claim_due(pool, now, lease_until).await?;
    Ok(row.map(
        |(id, recipient, subject, body_sealed, attempts, created_at, channel)| Claimed {
            id: OutboxId(id),
            recipient,
            subject,
            body_sealed,
            attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
            created_at: Timestamp(created_at),
            channel,
        },
    ))
}

/// Records that the message left: `sent` (SMTP accepted it) or `delivered_locally`.
/// Only a queued message changes, so an accepted message is never marked twice.
pub(crate) async fn mark_delivered(
    pool: &Pool,
    id: OutboxId,
    status: OutboxStatus,
    at: Timestamp,
) -> Result<(), store::Error> {
    debug_assert!(matches!(status, OutboxStatus::Sent | OutboxStatus::DeliveredLocally));
    store::outbox::mark_delivered(pool, id, status, at).await
}

/// Records a transient failure: stays queued, next try at `next_attempt_at`.
pub(crate) async fn mark_retry(
    pool: &Pool,
    id: OutboxId,
    next_attempt_at: Timestamp,
    error: &str,
) -> Result<(), store::Error> {
    store::outbox::mark_retry(pool, id, next_attempt_at, error).await
}

/// Records a permanent failure with the server's reason.
pub(crate) async fn mark_failed(pool: &Pool, id: OutboxId, reason: &str) -> Result<(), store::Error> {
    store::outbox::mark_failed(pool, id, reason).await
}

/// Makes every queued message due now (e.g. after the mail settings changed).
pub(crate) async fn retry_all_now(pool: &Pool, now: Timestamp) -> Result<u64, store::Error> {
    store::outbox::retry_all_now(pool, now).await
}
