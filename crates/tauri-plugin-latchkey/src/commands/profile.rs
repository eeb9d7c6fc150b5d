//! "My account" (issue 12): edit the profile, change the password, export the account's data,
//! change the email address (with a code to the new one), set or remove the profile picture,
//! delete the account. Each is a one-liner over the core plus the error mapping.

use std::path::PathBuf;

use latchkey_core::accounts::AccountView;
use latchkey_core::picture::MAX_UPLOAD_BYTES;
use latchkey_core::sessions::{ChangePasswordError, SessionError};
use latchkey_core::{
    ChangeEmailError, CodeStatus, ConfirmEmailChangeError, DeleteAccountError, DeleteCodeError, ErrorCode,
    PendingEmailChange, PictureChangeError, PictureError, ProfileError, ProfileForm, ResendCodeError,
};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use tauri::ipc::{InvokeBody, Request};
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
    match state.latchkey()?.update_profile(&token, form).await {
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
        .latchkey()?
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

/// How [`delete_account`] is confirmed: the current password or an emailed code, exactly one.
#[derive(Debug)]
enum DeleteConfirmation {
    Password(SecretString),
    Code(String),
}

/// Parses [`delete_account`]'s confirmation before anything is looked up.
fn delete_confirmation(
    password: Option<SecretString>,
    code: Option<String>,
) -> Result<DeleteConfirmation, CommandError> {
    match (password, code) {
        (Some(password), None) => {
            bounded("password", password.expose_secret(), MAX_PASSWORD)?;
            Ok(DeleteConfirmation::Password(password))
        }
        (None, Some(code)) => {
            bounded("code", &code, 64)?;
            Ok(DeleteConfirmation::Code(code))
        }
        (Some(_), Some(_)) => Err(CommandError::invalid_field(
            "code",
            ErrorCode::InvalidInput,
            "Confirm with the password or with a code, not both.",
        )),
        (None, None) => Err(CommandError::invalid_field(
            "password",
            ErrorCode::Required,
            "Enter your current password.",
        )),
    }
}

/// Erases the signed-in account, confirmed by the username typed again and either the current
/// `password` or the `code` of [`request_delete_code`] (exactly one of them); forgets the
/// session here and in the keyring, and announces the sign-out.
#[tauri::command]
pub async fn delete_account<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    password: Option<SecretString>,
    code: Option<String>,
    confirm_username: String,
) -> Result<(), CommandError> {
    let confirmation = delete_confirmation(password, code)?;
    bounded("confirmUsername", &confirm_username, MAX_TEXT)?;
    let token = current_token(&state).await?;
    let erased = match confirmation {
        DeleteConfirmation::Password(password) => {
            state
                .latchkey()?
                .delete_account(&token, password, &confirm_username)
                .await
        }
        DeleteConfirmation::Code(code) => {
            state
                .latchkey()?
                .delete_account_with_code(&token, &code, &confirm_username)
                .await
        }
    };
    match erased {
        Ok(()) => {}
        Err(DeleteAccountError::Session(e)) => return Err(session_over(&app, &state, e).await),
        Err(DeleteAccountError::InvalidInput(fields)) => return Err(CommandError::invalid(fields)),
        Err(DeleteAccountError::InvalidCredentials) => return Err(wrong_password()),
        Err(DeleteAccountError::Throttled { retry_after }) => return Err(throttled(retry_after)),
        Err(DeleteAccountError::Code(e)) => return Err(e.into()),
        Err(DeleteAccountError::Internal(e)) => return Err(CommandError::internal("deleting the account", e)),
    }
    state.session.lock().await.take();
    if let Err(e) = state.vault().delete(SESSION).await {
        tracing::debug!(error = %e, "no remembered session to forget");
    }
    events::signed_out(&app, SignedOutReason::AccountDeleted);
    Ok(())
}

/// Emails a code to the signed-in account's address that confirms [`delete_account`] instead
/// of the password; answers the code's status (or `resend_cooldown` with it).
#[tauri::command]
pub async fn request_delete_code<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<CodeStatus, CommandError> {
    let token = current_token(&state).await?;
    match state.latchkey()?.request_delete_code(&token).await {
        Ok(status) => Ok(status),
        Err(DeleteCodeError::Session(e)) => Err(session_over(&app, &state, e).await),
        Err(DeleteCodeError::Code(e)) => Err(e.into()),
    }
}

/// The status of the deletion code (for the code panel's countdowns).
#[tauri::command]
pub async fn delete_code_status<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<CodeStatus, CommandError> {
    let token = current_token(&state).await?;
    match state.latchkey()?.delete_code_status(&token).await {
        Ok(status) => Ok(status),
        Err(SessionError::Internal(e)) => Err(CommandError::internal("reading the deletion code", e)),
        Err(e) => Err(session_over(&app, &state, e).await),
    }
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
    let export = match state.latchkey()?.export_account_data(&token).await {
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

/// Starts a change of address: checks the current password and sends a code to `new_email`
/// (the same answer when another account holds it). The old address stays in force.
#[tauri::command]
pub async fn request_email_change<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    new_email: String,
    password: SecretString,
) -> Result<PendingEmailChange, CommandError> {
    bounded("email", &new_email, MAX_TEXT)?;
    bounded("password", password.expose_secret(), MAX_PASSWORD)?;
    let token = current_token(&state).await?;
    match state
        .latchkey()?
        .request_email_change(&token, &new_email, password)
        .await
    {
        Ok(pending) => Ok(pending),
        Err(ChangeEmailError::Session(e)) => Err(session_over(&app, &state, e).await),
        Err(ChangeEmailError::InvalidInput(fields)) => Err(CommandError::invalid(fields)),
        Err(ChangeEmailError::InvalidCredentials) => Err(wrong_password()),
        Err(ChangeEmailError::Throttled { retry_after }) => Err(throttled(retry_after)),
        Err(ChangeEmailError::ResendCooldown {
            retry_after,
            code_status,
        }) => Err(ResendCodeError::ResendCooldown {
            retry_after,
            code_status,
        }
        .into()),
        Err(ChangeEmailError::Internal(e)) => Err(CommandError::internal("changing the email address", e)),
    }
}

/// The change of address waiting for its code, or null.
#[tauri::command]
pub async fn email_change_status<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<PendingEmailChange>, CommandError> {
    let token = current_token(&state).await?;
    match state.latchkey()?.email_change_status(&token).await {
        Ok(pending) => Ok(pending),
        Err(SessionError::Internal(e)) => Err(CommandError::internal("reading the change of address", e)),
        Err(e) => Err(session_over(&app, &state, e).await),
    }
}

/// Enters the code sent to the new address; answers the account with its new address.
#[tauri::command]
pub async fn confirm_email_change<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    code: String,
) -> Result<AccountView, CommandError> {
    bounded("code", &code, 64)?;
    let token = current_token(&state).await?;
    match state.latchkey()?.confirm_email_change(&token, &code).await {
        Ok(account) => Ok(account),
        Err(ConfirmEmailChangeError::Session(e)) => Err(session_over(&app, &state, e).await),
        Err(ConfirmEmailChangeError::Code(e)) => Err(e.into()),
        Err(ConfirmEmailChangeError::EmailTaken) => Err(CommandError::invalid_field(
            "email",
            ErrorCode::EmailTaken,
            "Another account started using this address meanwhile.",
        )),
        Err(ConfirmEmailChangeError::Internal(e)) => Err(CommandError::internal("changing the email address", e)),
    }
}

/// Gives up the pending change of address.
#[tauri::command]
pub async fn cancel_email_change<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<(), CommandError> {
    let token = current_token(&state).await?;
    match state.latchkey()?.cancel_email_change(&token).await {
        Ok(()) => Ok(()),
        Err(SessionError::Internal(e)) => Err(CommandError::internal("cancelling the change of address", e)),
        Err(e) => Err(session_over(&app, &state, e).await),
    }
}

/// Sets the profile picture from the raw bytes of a PNG, JPEG or WebP file (the invoke's body
/// is the file itself, not JSON). Answers the stored picture as a `data:` URL.
#[tauri::command]
pub async fn set_profile_picture<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    request: Request<'_>,
) -> Result<String, CommandError> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(CommandError::invalid_field(
            "picture",
            ErrorCode::ImageInvalid,
            "Send the picture file's bytes as the body.",
        ));
    };
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(picture_error(PictureError::TooLarge(bytes.len())));
    }
    let bytes = bytes.clone();
    let token = current_token(&state).await?;
    match state.latchkey()?.set_profile_picture(&token, bytes).await {
        Ok(picture) => Ok(picture.data_url()),
        Err(PictureChangeError::Session(e)) => Err(session_over(&app, &state, e).await),
        Err(PictureChangeError::Picture(e)) => Err(picture_error(e)),
        Err(PictureChangeError::Internal(e)) => Err(CommandError::internal("saving the picture", e)),
    }
}

fn picture_error(e: PictureError) -> CommandError {
    let message = match &e {
        PictureError::TooLarge(_) => "The picture is larger than 5 MB. Choose a smaller file.",
        PictureError::TooManyPixels { .. } => "The picture has more than 40 megapixels. Choose a smaller picture.",
        PictureError::Invalid(_) => "This file is not a PNG, JPEG or WebP picture, or it is damaged.",
    };
    tracing::info!(error = %e, "profile picture refused");
    CommandError::invalid_field("picture", e.code(), message)
}

/// The profile picture as a `data:` URL, or null.
#[tauri::command]
pub async fn profile_picture<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<String>, CommandError> {
    let token = current_token(&state).await?;
    match state.latchkey()?.profile_picture(&token).await {
        Ok(picture) => Ok(picture.map(|p| p.data_url())),
        Err(SessionError::Internal(e)) => Err(CommandError::internal("reading the picture", e)),
        Err(e) => Err(session_over(&app, &state, e).await),
    }
}

/// Removes the profile picture.
#[tauri::command]
pub async fn remove_profile_picture<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<(), CommandError> {
    let token = current_token(&state).await?;
    match state.latchkey()?.remove_profile_picture(&token).await {
        Ok(()) => Ok(()),
        Err(SessionError::Internal(e)) => Err(CommandError::internal("removing the picture", e)),
        Err(e) => Err(session_over(&app, &state, e).await),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(err: CommandError) -> (ErrorCode, Vec<&'static str>) {
        (err.code, err.fields.iter().map(|f| f.field).collect())
    }

    #[test]
    fn a_deletion_is_confirmed_by_the_password_or_a_code_never_both_nor_neither() {
        let password = || Some(SecretString::from("correct horse"));
        assert!(matches!(
            delete_confirmation(password(), None),
            Ok(DeleteConfirmation::Password(_))
        ));
        assert!(matches!(
            delete_confirmation(None, Some("123456".into())),
            Ok(DeleteConfirmation::Code(c)) if c == "123456"
        ));
        let both = delete_confirmation(password(), Some("123456".into())).unwrap_err();
        assert_eq!(field_of(both), (ErrorCode::InvalidInput, vec!["code"]));
        let neither = delete_confirmation(None, None).unwrap_err();
        assert_eq!(field_of(neither).1, vec!["password"]);
        let long = delete_confirmation(None, Some("9".repeat(65))).unwrap_err();
        assert_eq!(field_of(long).1, vec!["code"]);
    }
}
