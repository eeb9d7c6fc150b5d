//! "My account" (issue 12): edit the profile, change the password, export the account's data,
//! delete the account. Each is a one-liner over the core plus the error mapping.

use std::path::PathBuf;

use latchkey_core::accounts::AccountView;
use latchkey_core::sessions::{ChangePasswordError, SessionError};
use latchkey_core::{DeleteAccountError, ErrorCode, ProfileError, ProfileForm};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use tauri::{AppHandle, Runtime, State};

use crate::commands::session::{current_token, session_over};
use crate::error::{CommandError, bounded, human_wait, retry_after};
use crate::events::{self, SignedOutReason};
use crate::session_vault::SESSION;
use crate::state::AppState;

const MAX_TEXT: usize = 320;
const MAX_PASSWORD: usize = 1024;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProfileInput {
    first_name: String,
    last_name: String,
    username: String,
    phone: String,
}

/// Changes names, username and phone; answers the account as it now is.
#[tauri::command]
pub async fn update_profile<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    form: ProfileInput,
) -> Result<AccountView, CommandError> {
    bounded("firstName", &form.first_name, MAX_TEXT)?;
    bounded("lastName", &form.last_name, MAX_TEXT)?;
    bounded("username", &form.username, MAX_TEXT)?;
    bounded("phone", &form.phone, MAX_TEXT)?;
    let token = current_token(&state).await?;
    let form = ProfileForm {
        first_name: form.first_name,
        last_name: form.last_name,
        username: form.username,
        phone: form.phone,
    };
    match state.latchkey.update_profile(&token, form).await {
        Ok(account) => Ok(account),
        Err(ProfileError::Session(e)) => Err(session_over(&app, &state, e).await),
        Err(ProfileError::InvalidInput(fields)) => Err(CommandError::invalid(fields)),
        Err(ProfileError::Internal(e)) => Err(CommandError::internal("saving the profile", e)),
    }
}

fn wrong_password() -> CommandError {
    CommandError::new(ErrorCode::InvalidCredentials, "The current password is not right.").on_field("password")
}

fn throttled(retry: std::time::Duration) -> CommandError {
    CommandError::new(
        ErrorCode::LoginThrottled,
        format!("Too many wrong passwords. Try again in {}.", human_wait(retry)),
    )
    .with_details(retry_after(retry))
}

/// Checks the current password, sets the new one, ends every other session; this window stays
/// signed in.
#[tauri::command]
pub async fn change_password<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    current_password: SecretString,
    new_password: SecretString,
) -> Result<(), CommandError> {
    bounded("password", current_password.expose_secret(), MAX_PASSWORD)?;
    bounded("newPassword", new_password.expose_secret(), MAX_PASSWORD)?;
    let token = current_token(&state).await?;
    match state
        .latchkey
        .change_password(&token, current_password, new_password)
        .await
    {
        Ok(()) => Ok(()),
        Err(ChangePasswordError::Session(e)) => Err(session_over(&app, &state, e).await),
        Err(ChangePasswordError::InvalidInput(fields)) => Err(CommandError::invalid(fields)),
        Err(ChangePasswordError::InvalidCredentials) => Err(wrong_password()),
        Err(ChangePasswordError::Throttled { retry_after }) => Err(throttled(retry_after)),
        Err(ChangePasswordError::Internal(e)) => Err(CommandError::internal("changing the password", e)),
    }
}

/// Erases the signed-in account (password + the username typed again), forgets the session
/// here and in the keyring, and announces the sign-out.
#[tauri::command]
pub async fn delete_account<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    password: SecretString,
    confirm_username: String,
) -> Result<(), CommandError> {
    bounded("password", password.expose_secret(), MAX_PASSWORD)?;
    bounded("confirmUsername", &confirm_username, MAX_TEXT)?;
    let token = current_token(&state).await?;
    match state.latchkey.delete_account(&token, password, &confirm_username).await {
        Ok(()) => {}
        Err(DeleteAccountError::Session(e)) => return Err(session_over(&app, &state, e).await),
        Err(DeleteAccountError::InvalidInput(fields)) => return Err(CommandError::invalid(fields)),
        Err(DeleteAccountError::InvalidCredentials) => return Err(wrong_password()),
        Err(DeleteAccountError::Throttled { retry_after }) => return Err(throttled(retry_after)),
        Err(DeleteAccountError::Internal(e)) => return Err(CommandError::internal("deleting the account", e)),
    }
    state.session.lock().await.take();
    if let Err(e) = state.vault.delete(SESSION).await {
        tracing::debug!(error = %e, "no remembered session to forget");
    }
    events::signed_out(&app, SignedOutReason::AccountDeleted);
    Ok(())
}

/// Writes the signed-in account's data as JSON to `path` (a file the person chose; created or
/// replaced, readable only by them). Holds no token, password hash, code or message body.
#[tauri::command]
pub async fn export_account_data<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
) -> Result<(), CommandError> {
    bounded("path", &path, 4096)?;
    let path = PathBuf::from(path);
    if !path.is_absolute() {
        return Err(CommandError::invalid_field(
            "path",
            ErrorCode::Required,
            "Choose where to save the file.",
        ));
    }
    let token = current_token(&state).await?;
    let export = match state.latchkey.export_account_data(&token).await {
        Ok(export) => export,
        Err(e @ (SessionError::Expired | SessionError::Revoked { .. } | SessionError::Unknown)) => {
            return Err(session_over(&app, &state, e).await);
        }
        Err(SessionError::Internal(e)) => return Err(CommandError::internal("exporting your data", e)),
    };
    let json = serde_json::to_vec_pretty(&export).map_err(|e| CommandError::internal("exporting your data", e))?;
    tokio::task::spawn_blocking(move || write_private(&path, &json))
        .await
        .map_err(|e| CommandError::internal("saving the export", e))?
        .map_err(|e| CommandError::internal("saving the export", e))
}

fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}
