//! What the settings screen saved: read and written through `store::mail_settings`, validated
//! and kept in canonical form.

use super::{SavedMailSettings, SmtpUrl, parse_mail_from};
use crate::clock::Timestamp;
use crate::mail::error::MailError;
use crate::store::{self, Conn};

const KEY_SMTP_URL: &str = "mail.smtp_url";
const KEY_MAIL_FROM: &str = "mail.from";

/// Reads what the settings screen saved.
pub async fn load_saved(conn: &mut Conn) -> Result<SavedMailSettings, store::Error> {
    let rows = store::mail_settings::load(conn, [KEY_SMTP_URL, KEY_MAIL_FROM]).await?;
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
    conn: &mut Conn,
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
            Some(value) => store::mail_settings::upsert(conn, key, value, now).await?,
            None => store::mail_settings::delete(conn, key).await?,
        }
    }
    Ok(saved)
}
