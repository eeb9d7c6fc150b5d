//! The dev mailbox and the mail settings screen.

use latchkey_core::ErrorCode;
use latchkey_core::mail::mailbox::{self, MailboxEntry, MailboxMessage, MailboxReader};
use latchkey_core::mail::{MailError, MailSettings, OutboxId, SendTestOutcome, SettingsSource, send_test, settings};
use serde::Serialize;
use tauri::State;

use crate::Feature;
use crate::error::{CommandError, bounded};
use crate::session_vault::SMTP_PASSWORD;
use crate::state::AppState;

impl From<MailError> for CommandError {
    fn from(e: MailError) -> Self {
        match e {
            MailError::InvalidInput(fields) => CommandError::invalid(fields),
            MailError::Internal(e) => CommandError::internal("handling mail", e),
            other => CommandError::new(other.code(), other.to_string()),
        }
    }
}

/// Who may look into the dev mailbox: everyone's mail in operator mode; otherwise, while the
/// dev mailbox is the mail transport, a signed-in person's own mail only (recipients, purposes
/// and codes of others tell who has an account, and codes open accounts).
async fn mailbox_reader(state: &AppState) -> Result<MailboxReader, CommandError> {
    if state.latchkey()?.config().operator_mode {
        return Ok(MailboxReader::Operator);
    }
    let locked = |why: &str| {
        CommandError::new(
            ErrorCode::MailboxLocked,
            format!("{why} The whole dev mailbox is open only in operator mode (LATCHKEY_OPERATOR_MODE=1)."),
        )
    };
    if state.delivery()?.settings().mode() != "dev_mailbox" {
        return Err(locked("Mail goes out over SMTP; the dev mailbox is not in use."));
    }
    let token = state.session.lock().await.as_ref().map(|s| s.token.clone());
    let Some(token) = token else {
        return Err(locked("Sign in to see the mail sent to you."));
    };
    match state.latchkey()?.validate_session_in_store(&token).await {
        Ok(current) => Ok(MailboxReader::Recipient(current.account.email)),
        Err(_) => Err(locked("Sign in to see the mail sent to you.")),
    }
}

#[tauri::command]
pub async fn mailbox_list(state: State<'_, AppState>) -> Result<Vec<MailboxEntry>, CommandError> {
    state.require(Feature::DevMailbox)?;
    let reader = mailbox_reader(&state).await?;
    let mut conn = state.connection("opening the mailbox").await?;
    Ok(mailbox::list(&mut conn, &reader, 200).await?)
}

#[tauri::command]
pub async fn mailbox_read(state: State<'_, AppState>, id: i64) -> Result<MailboxMessage, CommandError> {
    state.require(Feature::DevMailbox)?;
    if id <= 0 {
        return Err(CommandError::invalid_field(
            "id",
            ErrorCode::IdInvalid,
            "No such message.",
        ));
    }
    let reader = mailbox_reader(&state).await?;
    let mut conn = state.connection("opening the mailbox").await?;
    let now = state.latchkey()?.clock().now();
    Ok(mailbox::read(&mut conn, state.latchkey()?.install_key(), &reader, OutboxId(id), now).await?)
}

#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MailSettingsView {
    pub mode: &'static str,
    pub smtp_url: Option<String>,
    pub mail_from: String,
    pub has_password: bool,
    pub source: SettingsSource,
    pub keyring_available: bool,
    /// Why mail is held (mode `held`): a setting that cannot be used, named with its place.
    pub problem: Option<String>,
}

fn view(state: &AppState, settings: &MailSettings) -> MailSettingsView {
    MailSettingsView {
        mode: settings.mode(),
        smtp_url: settings.smtp_url(),
        mail_from: settings.from.to_string(),
        has_password: settings.has_password(),
        source: settings.source,
        keyring_available: state.vault().is_available(),
        problem: settings.problem().map(str::to_owned),
    }
}

fn settings_locked(settings: &MailSettings) -> CommandError {
    let place = if settings.source == SettingsSource::Environment {
        "Latchkey's environment (LATCHKEY_SMTP_URL)"
    } else {
        "Latchkey's configuration file"
    };
    let mut message =
        format!("Mail is set up in {place}, so it cannot be changed here. Change it there and restart Latchkey.");
    if let Some(problem) = settings.problem() {
        message = format!("{message} {problem}");
    }
    CommandError::new(ErrorCode::SettingsLocked, message)
}

#[tauri::command]
pub async fn mail_settings_get(state: State<'_, AppState>) -> Result<MailSettingsView, CommandError> {
    state.require(Feature::MailSettings)?;
    Ok(view(&state, &state.delivery()?.settings()))
}

/// Validates everything first, then stores the password in the keyring and the rest in the
/// database, then switches delivery to the new settings. Nothing is saved if anything is wrong.
#[tauri::command]
pub async fn mail_settings_save(
    state: State<'_, AppState>,
    smtp_url: Option<String>,
    mail_from: Option<String>,
    smtp_password: Option<String>,
) -> Result<MailSettingsView, CommandError> {
    state.require(Feature::MailSettings)?;
    if let Some(url) = &smtp_url {
        bounded("smtpUrl", url, 2048)?;
    }
    if let Some(from) = &mail_from {
        bounded("mailFrom", from, 320)?;
    }
    let current = state.delivery()?.settings();
    if current.screen_locked() {
        return Err(settings_locked(&current));
    }
    let smtp_password = smtp_password.filter(|p| !p.is_empty());
    if let Some(password) = &smtp_password {
        bounded("smtpPassword", password, 1024)?;
        if !state.vault().is_available() {
            return Err(CommandError::new(
                ErrorCode::KeyringUnavailable,
                "The SMTP password can only be kept in the system keyring, and none is available. \
                 Set LATCHKEY_SMTP_PASSWORD in Latchkey's environment instead.",
            )
            .on_field("smtpPassword"));
        }
    }
    // Validate without saving, so a bad URL never leaves a half-saved state behind.
    let candidate = settings::SavedMailSettings {
        smtp_url: smtp_url.clone(),
        mail_from: mail_from.clone(),
    };
    MailSettings::resolve(&Default::default(), &candidate, &Default::default(), None)?;

    if let Some(password) = smtp_password {
        state
            .vault()
            .save(SMTP_PASSWORD, password)
            .await
            .map_err(|e| CommandError::new(ErrorCode::KeyringUnavailable, e.to_string()).on_field("smtpPassword"))?;
    }
    let mut conn = state.connection("saving the mail settings").await?;
    let now = state.latchkey()?.clock().now();
    settings::save(&mut conn, smtp_url.as_deref(), mail_from.as_deref(), now).await?;
    drop(conn);
    let effective = state.resolve_mail_settings().await?;
    state.delivery()?.update_settings(effective.clone());
    tracing::info!(mode = effective.mode(), "mail settings saved");
    Ok(view(&state, &effective))
}

#[tauri::command]
pub async fn mail_send_test(state: State<'_, AppState>, to: String) -> Result<SendTestOutcome, CommandError> {
    state.require(Feature::MailSettings)?;
    bounded("to", &to, 320)?;
    let settings = state.delivery()?.settings();
    // Only where the settings screen may be used, and a few a minute: no open relay.
    if settings.screen_locked() {
        return Err(settings_locked(&settings));
    }
    let now = state.latchkey()?.clock().now();
    state.send_test_limit.take(now)?;
    Ok(send_test(
        state.latchkey()?.database().pool(),
        state.latchkey()?.install_key(),
        state.latchkey()?.outbox_signal(),
        &settings,
        &to,
        now,
    )
    .await?)
}
