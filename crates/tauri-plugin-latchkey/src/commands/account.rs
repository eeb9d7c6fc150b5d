//! Register, verify email, sign in, forgot/reset password.

use latchkey_core::ErrorCode;
use latchkey_core::Locale;
use latchkey_core::codes::{CodePurpose, CodeStatus};
use latchkey_core::domain::Strength;
use latchkey_core::register::{Registered, RegistrationForm};
use latchkey_core::reset_password::ResetRequested;
use latchkey_core::sessions::SignedIn;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use tauri::{AppHandle, Runtime, State};

use crate::commands::qa::with_delivery_state;
use crate::commands::session::{SignedInView, start_session};
use crate::error::{CommandError, bounded};
use crate::state::AppState;

/// Generous outer bounds; the core enforces the real limits with specific messages.
const MAX_TEXT: usize = 320;
const MAX_PASSWORD: usize = 1024;

/// The form as the UI sends it. The password is a `SecretString` from the moment it is
/// deserialised, so no `Debug` or log can show it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RegisterForm {
    first_name: String,
    last_name: String,
    email: String,
    phone: String,
    username: String,
    password: SecretString,
    /// The screen's language: the account keeps it and its verification email is written in it.
    #[serde(default)]
    locale: Option<String>,
    /// An invite code as typed (needed when registration is `invite_only`; issue 13).
    #[serde(default)]
    invite_code: Option<String>,
    /// Roles asked for at registration; each must be self-service in the config.
    #[serde(default)]
    roles: Vec<String>,
}

/// Who may register and which roles a person may pick (issue 13): the registration form
/// shows the invite field (required in `invite_only`) and the role choice from this.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RegistrationOptions {
    pub mode: latchkey_core::RegistrationMode,
    pub roles: Vec<latchkey_core::roles::RoleInfo>,
    pub default_role: String,
}

#[tauri::command]
pub async fn registration_options(state: State<'_, AppState>) -> Result<RegistrationOptions, CommandError> {
    let config = state.latchkey()?.config();
    Ok(RegistrationOptions {
        mode: config.registration_mode,
        roles: config.role_infos().into_iter().filter(|r| r.self_service).collect(),
        default_role: config.default_role.clone(),
    })
}

#[tauri::command]
pub async fn register(state: State<'_, AppState>, form: RegisterForm) -> Result<Registered, CommandError> {
    let locale = form.locale.as_deref().map(Locale::negotiate).unwrap_or_default();
    let invite_code = form.invite_code.clone().filter(|c| !c.trim().is_empty());
    if let Some(code) = &invite_code {
        bounded("inviteCode", code, 32)?;
    }
    if form.roles.len() > 16 {
        return Err(CommandError::invalid_field(
            "roles",
            ErrorCode::TooLong,
            "At most 16 roles.",
        ));
    }
    for role in &form.roles {
        bounded("roles", role, 32)?;
    }
    let extras = latchkey_core::RegistrationExtras {
        invite_code,
        roles: form.roles.clone(),
    };
    let form = form.bounded()?;
    let mut registered = state.latchkey()?.register_with(form, locale, extras).await?;
    registered.code_status = with_delivery_state(&state, registered.code_status).await;
    Ok(registered)
}

impl RegisterForm {
    /// The core's form, once every field is within the outer bounds.
    fn bounded(self) -> Result<RegistrationForm, CommandError> {
        bounded("firstName", &self.first_name, MAX_TEXT)?;
        bounded("lastName", &self.last_name, MAX_TEXT)?;
        bounded("email", &self.email, MAX_TEXT)?;
        bounded("phone", &self.phone, MAX_TEXT)?;
        bounded("username", &self.username, MAX_TEXT)?;
        bounded("password", self.password.expose_secret(), MAX_PASSWORD)?;
        Ok(RegistrationForm {
            first_name: self.first_name,
            last_name: self.last_name,
            email: self.email,
            phone: self.phone,
            username: self.username,
            password: self.password,
        })
    }
}

/// `handle`: the pending-registration handle `register` (or `log_in`'s `email_not_verified`)
/// gave; a code verifies only the registration it was sent for.
#[tauri::command]
pub async fn verify_email<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    handle: String,
    code: String,
    remember: bool,
) -> Result<SignedInView, CommandError> {
    bounded("handle", &handle, 128)?;
    bounded("code", &code, 64)?;
    let signed_in: SignedIn = state
        .latchkey()?
        .verify_email(&handle, &code, &state.device_label)
        .await?;
    Ok(start_session(&app, &state, signed_in, remember).await)
}

fn parse_purpose(purpose: &str) -> Result<CodePurpose, CommandError> {
    match purpose {
        "verify_email" => Ok(CodePurpose::VerifyEmail),
        "reset_password" => Ok(CodePurpose::ResetPassword),
        _ => Err(CommandError::invalid_field(
            "purpose",
            ErrorCode::PurposeUnknown,
            "Unknown code purpose.",
        )),
    }
}

/// What a code is asked about: the pending-registration `handle` for `verify_email`, the
/// `identifier` as typed for `reset_password`.
fn code_target(
    purpose: CodePurpose,
    handle: Option<String>,
    identifier: Option<String>,
) -> Result<String, CommandError> {
    let (name, value, limit) = match purpose {
        CodePurpose::VerifyEmail => ("handle", handle, 128),
        CodePurpose::ResetPassword => ("identifier", identifier, MAX_TEXT),
        // Never parsed from input here: a change of email, phone codes and sign-in codes have
        // their own commands.
        CodePurpose::ChangeEmail | CodePurpose::VerifyPhone | CodePurpose::SignIn | CodePurpose::DeleteAccount => {
            return Err(CommandError::invalid_field(
                "purpose",
                ErrorCode::PurposeUnknown,
                "Unknown code purpose.",
            ));
        }
    };
    let value = value.ok_or_else(|| {
        CommandError::invalid_field(
            name,
            ErrorCode::Required,
            format!("{name} is required for this purpose."),
        )
    })?;
    bounded(name, &value, limit)?;
    Ok(value)
}

#[tauri::command]
pub async fn resend_code(
    state: State<'_, AppState>,
    purpose: String,
    handle: Option<String>,
    identifier: Option<String>,
) -> Result<CodeStatus, CommandError> {
    let purpose = parse_purpose(&purpose)?;
    let target = code_target(purpose, handle, identifier)?;
    let status = state.latchkey()?.resend_code(&target, purpose).await?;
    Ok(with_delivery_state(&state, status).await)
}

#[tauri::command]
pub async fn code_status(
    state: State<'_, AppState>,
    purpose: String,
    handle: Option<String>,
    identifier: Option<String>,
) -> Result<CodeStatus, CommandError> {
    let purpose = parse_purpose(&purpose)?;
    let target = code_target(purpose, handle, identifier)?;
    let status = state.latchkey()?.code_status(&target, purpose).await?;
    Ok(with_delivery_state(&state, status).await)
}

#[tauri::command]
pub async fn log_in<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    identifier: String,
    password: SecretString,
    remember: bool,
) -> Result<SignedInView, CommandError> {
    bounded("identifier", &identifier, MAX_TEXT)?;
    bounded("password", password.expose_secret(), MAX_PASSWORD)?;
    let signed_in = state
        .latchkey()?
        .log_in(&identifier, password, &state.device_label)
        .await?;
    Ok(start_session(&app, &state, signed_in, remember).await)
}

#[tauri::command]
pub async fn request_password_reset(
    state: State<'_, AppState>,
    identifier: String,
) -> Result<ResetRequested, CommandError> {
    bounded("identifier", &identifier, MAX_TEXT)?;
    Ok(state.latchkey()?.request_password_reset(&identifier).await?)
}

#[tauri::command]
pub async fn reset_password(
    state: State<'_, AppState>,
    identifier: String,
    code: String,
    new_password: SecretString,
) -> Result<(), CommandError> {
    bounded("identifier", &identifier, MAX_TEXT)?;
    bounded("code", &code, 64)?;
    bounded("newPassword", new_password.expose_secret(), MAX_PASSWORD)?;
    state
        .latchkey()?
        .reset_password(&identifier, &code, new_password)
        .await?;
    Ok(())
}

/// Live strength meter; never stores or logs the candidate.
#[tauri::command]
pub async fn password_strength(password: String, user_inputs: Vec<String>) -> Result<Strength, CommandError> {
    bounded("password", &password, MAX_PASSWORD)?;
    if user_inputs.len() > 8 {
        return Err(CommandError::invalid_field(
            "userInputs",
            ErrorCode::TooMany,
            "At most 8 hints.",
        ));
    }
    for input in &user_inputs {
        bounded("userInputs", input, MAX_TEXT)?;
    }
    // zxcvbn is CPU work (ms): keep it off the async runtime's threads.
    tokio::task::spawn_blocking(move || {
        let inputs: Vec<&str> = user_inputs.iter().map(String::as_str).collect();
        latchkey_core::domain::password_strength(&password, &inputs)
    })
    .await
    .map_err(|e| CommandError::internal("estimating password strength", e))
}

/// Every problem with a registration form, without creating anything: the UI asks when the
/// password confirmation does not match (which never reaches `register`), so the person sees
/// all the other problems at the same time.
#[tauri::command]
pub async fn check_registration(
    state: State<'_, AppState>,
    form: RegisterForm,
) -> Result<Vec<latchkey_core::FieldError>, CommandError> {
    let form = form.bounded()?;
    Ok(state.latchkey()?.check_registration(&form).await)
}
