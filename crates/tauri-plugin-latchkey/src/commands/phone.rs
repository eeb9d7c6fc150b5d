//! Issue 11: verified phones, signing in with a code, and the dev SMS inbox. Each command
//! bounds its arguments, calls the core and maps its errors (reusing the code-flow mappings).

use latchkey_core::ErrorCode;
use latchkey_core::log_in::LogInError;
use latchkey_core::mail::OutboxId;
use latchkey_core::phone::{PhoneError, PhoneStatus};
use latchkey_core::sign_in_code::{SignInCodeRequested, SignInWithCodeError};
use latchkey_core::sms::inbox::{self, SmsMessage, SmsReader};
use latchkey_core::verify_email::{ResendCodeError, VerifyEmailError};
use tauri::{AppHandle, Runtime, State};

use crate::Feature;
use crate::commands::session::{SignedInView, current_token, session_over, start_session};
use crate::error::{CommandError, bounded};
use crate::state::AppState;

const MAX_TEXT: usize = 320;
const MAX_CODE: usize = 32;

async fn phone_error<R: Runtime>(app: &AppHandle<R>, state: &AppState, e: PhoneError) -> CommandError {
    match e {
        PhoneError::Session(e) => session_over(app, state, e).await,
        PhoneError::InvalidInput(fields) => CommandError::invalid(fields),
        PhoneError::AlreadyVerified => CommandError::new(
            ErrorCode::PhoneAlreadyVerified,
            "Your phone number is verified already.",
        ),
        PhoneError::ResendCooldown {
            retry_after,
            code_status,
        } => ResendCodeError::ResendCooldown {
            retry_after,
            code_status,
        }
        .into(),
        PhoneError::CodeInvalid { attempts_left } => VerifyEmailError::CodeInvalid { attempts_left }.into(),
        PhoneError::CodeExpired => VerifyEmailError::CodeExpired.into(),
        PhoneError::CodeExhausted => VerifyEmailError::CodeExhausted.into(),
        PhoneError::CodeNotFound => VerifyEmailError::CodeNotFound.into(),
        PhoneError::Internal(e) => CommandError::internal("verifying the phone", e),
    }
}

/// The signed-in account's phone: verified or not, and its current code and text.
#[tauri::command]
pub async fn phone_status<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<PhoneStatus, CommandError> {
    let token = current_token(&state).await?;
    match state.latchkey()?.phone_status(&token).await {
        Ok(status) => Ok(status),
        Err(e) => Err(phone_error(&app, &state, e).await),
    }
}

/// "Verify phone": texts a code to the signed-in account's phone.
#[tauri::command]
pub async fn request_phone_code<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<PhoneStatus, CommandError> {
    let token = current_token(&state).await?;
    match state.latchkey()?.request_phone_code(&token).await {
        Ok(status) => Ok(status),
        Err(e) => Err(phone_error(&app, &state, e).await),
    }
}

/// Confirms the phone with the texted code.
#[tauri::command]
pub async fn confirm_phone<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    code: String,
) -> Result<PhoneStatus, CommandError> {
    bounded("code", &code, MAX_CODE)?;
    let token = current_token(&state).await?;
    match state.latchkey()?.confirm_phone(&token, &code).await {
        Ok(status) => Ok(status),
        Err(e) => Err(phone_error(&app, &state, e).await),
    }
}

/// "Email me a code" / "Text me a code" (`channel`: `email` or `sms`). The same answer for
/// every identifier.
#[tauri::command]
pub async fn request_sign_in_code(
    state: State<'_, AppState>,
    identifier: String,
    channel: String,
) -> Result<SignInCodeRequested, CommandError> {
    bounded("identifier", &identifier, MAX_TEXT)?;
    bounded("channel", &channel, 16)?;
    Ok(state.latchkey()?.request_sign_in_code(&identifier, &channel).await?)
}

/// Signs in with a code; "Remember me" as for the password.
#[tauri::command]
pub async fn sign_in_with_code<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    identifier: String,
    code: String,
    remember: bool,
) -> Result<SignedInView, CommandError> {
    bounded("identifier", &identifier, MAX_TEXT)?;
    bounded("code", &code, MAX_CODE)?;
    let signed_in = match state
        .latchkey()?
        .sign_in_with_code(&identifier, &code, &state.device_label)
        .await
    {
        Ok(signed_in) => signed_in,
        Err(SignInWithCodeError::InvalidInput(fields)) => return Err(CommandError::invalid(fields)),
        Err(SignInWithCodeError::Throttled { retry_after }) => {
            return Err(LogInError::Throttled { retry_after }.into());
        }
        Err(SignInWithCodeError::CodeInvalid { attempts_left }) => {
            return Err(VerifyEmailError::CodeInvalid { attempts_left }.into());
        }
        Err(SignInWithCodeError::CodeExpired) => return Err(VerifyEmailError::CodeExpired.into()),
        Err(SignInWithCodeError::CodeExhausted) => return Err(VerifyEmailError::CodeExhausted.into()),
        Err(SignInWithCodeError::CodeNotFound) => return Err(VerifyEmailError::CodeNotFound.into()),
        Err(SignInWithCodeError::Internal(e)) => return Err(CommandError::internal("signing in", e)),
    };
    Ok(start_session(&app, &state, signed_in, remember).await)
}

/// Who may read the dev SMS inbox: everyone's texts in operator mode; otherwise a signed-in
/// person's own texts only (the rule of the dev mailbox).
async fn sms_reader(state: &AppState) -> Result<SmsReader, CommandError> {
    if state.latchkey()?.config().operator_mode {
        return Ok(SmsReader::Operator);
    }
    let locked = || {
        CommandError::new(
            ErrorCode::MailboxLocked,
            "Sign in to see the texts sent to you. The whole dev SMS inbox is open only in operator mode (LATCHKEY_OPERATOR_MODE=1).",
        )
    };
    let token = state.session.lock().await.as_ref().map(|s| s.token.clone());
    let token = token.ok_or_else(locked)?;
    match state.latchkey()?.validate_session_in_store(&token).await {
        Ok(current) => Ok(SmsReader::Phone(current.account.phone)),
        Err(_) => Err(locked()),
    }
}

/// The dev SMS inbox (texts "delivered" while no SMS gateway is configured), newest first.
#[tauri::command]
pub async fn sms_inbox_list(state: State<'_, AppState>) -> Result<Vec<SmsMessage>, CommandError> {
    state.require(Feature::DevMailbox)?;
    let reader = sms_reader(&state).await?;
    let mut conn = state.connection("opening the SMS inbox").await?;
    Ok(inbox::list(&mut conn, state.latchkey()?.install_key(), &reader, 200).await?)
}

/// Opens one text of the dev SMS inbox and marks it read.
#[tauri::command]
pub async fn sms_inbox_read(state: State<'_, AppState>, id: i64) -> Result<SmsMessage, CommandError> {
    state.require(Feature::DevMailbox)?;
    if id <= 0 {
        return Err(CommandError::invalid_field(
            "id",
            ErrorCode::IdInvalid,
            "No such message.",
        ));
    }
    let reader = sms_reader(&state).await?;
    let mut conn = state.connection("opening the SMS inbox").await?;
    let now = state.latchkey()?.clock().now();
    Ok(inbox::read(&mut conn, state.latchkey()?.install_key(), &reader, OutboxId(id), now).await?)
}
