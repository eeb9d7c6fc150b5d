//! Issue 13: roles, invite codes and administration, for the web view. Every command bounds
//! its arguments, finds this window's session and calls the core, which decides (the admin
//! commands refuse with `forbidden` unless the session's account has the `admin` role; every
//! admin action is audited with who did it). Errors map to the one catalogue of codes.

use std::time::Duration;

use latchkey_core::admin::{AdminAccountDetail, AdminAccountView, AdminError, AuditEntry, AuditFilter, InviteRequest};
use latchkey_core::invites::{InviteError, InviteView, MyInvites};
use latchkey_core::{AccountId, Actor, ErrorCode, SessionError, Timestamp};
use serde::Deserialize;
use tauri::{AppHandle, Runtime, State};

use crate::commands::session::{current_token, session_over};
use crate::error::{CommandError, bounded};
use crate::state::AppState;

const MAX_TEXT: usize = 320;
const MAX_CODE: usize = 32;
const MAX_ROLES: usize = 16;
/// At most this many accounts or audit rows in one answer.
const MAX_LIST: u32 = 200;
/// An invite or a lock lasts at most ten years.
const MAX_DAYS: u64 = 3650;

async fn session_error<R: Runtime>(app: &AppHandle<R>, state: &AppState, e: SessionError) -> CommandError {
    session_over(app, state, e).await
}

async fn admin_error<R: Runtime>(app: &AppHandle<R>, state: &AppState, e: AdminError) -> CommandError {
    match e {
        AdminError::Session(e) => session_error(app, state, e).await,
        AdminError::InvalidInput(fields) => CommandError::invalid(fields),
        AdminError::Forbidden => CommandError::new(ErrorCode::Forbidden, "Only administrators can do this."),
        AdminError::NotFound => CommandError::new(ErrorCode::NotFound, "There is no such account or invite."),
        AdminError::LastAdmin => CommandError::new(
            ErrorCode::LastAdmin,
            "This would leave no administrator: make someone else an administrator first.",
        ),
        AdminError::Internal(e) => CommandError::internal("an administration command", e),
    }
}

/// The signed-in administrator, or `forbidden` / `not_signed_in`.
async fn actor<R: Runtime>(app: &AppHandle<R>, state: &AppState) -> Result<Actor, CommandError> {
    let token = current_token(state).await?;
    match state.latchkey()?.admin_actor(&token).await {
        Ok(actor) => Ok(actor),
        Err(e) => Err(admin_error(app, state, e).await),
    }
}

fn roles_arg(roles: &[String]) -> Result<(), CommandError> {
    if roles.len() > MAX_ROLES {
        return Err(CommandError::invalid_field(
            "roles",
            ErrorCode::TooLong,
            format!("At most {MAX_ROLES} roles."),
        ));
    }
    for role in roles {
        bounded("roles", role, MAX_CODE)?;
    }
    Ok(())
}

fn days_arg(field: &'static str, days: Option<u64>) -> Result<Option<Duration>, CommandError> {
    match days {
        None => Ok(None),
        Some(0) => Err(CommandError::invalid_field(
            field,
            ErrorCode::InvalidInput,
            "Enter a number of days from 1.",
        )),
        Some(d) if d > MAX_DAYS => Err(CommandError::invalid_field(
            field,
            ErrorCode::TooLong,
            format!("At most {MAX_DAYS} days."),
        )),
        Some(d) => Ok(Some(Duration::from_secs(d * 86_400))),
    }
}

/// The signed-in account's roles (the host app reads them through the plugin API too).
#[tauri::command]
pub async fn my_roles<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Result<Vec<String>, CommandError> {
    let token = current_token(&state).await?;
    match state.latchkey()?.session_roles(&token).await {
        Ok(roles) => Ok(roles),
        Err(e) => Err(session_error(&app, &state, e).await),
    }
}

/// My personal invite code, whose code I entered, and who joined with mine.
#[tauri::command]
pub async fn my_invites<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Result<MyInvites, CommandError> {
    let token = current_token(&state).await?;
    match state.latchkey()?.my_invites(&token).await {
        Ok(invites) => Ok(invites),
        Err(e) => Err(session_error(&app, &state, e).await),
    }
}

/// "Invited by": enters someone else's code after registering (once).
#[tauri::command]
pub async fn enter_invite_code<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    code: String,
) -> Result<MyInvites, CommandError> {
    bounded("inviteCode", &code, MAX_CODE)?;
    let token = current_token(&state).await?;
    match state.latchkey()?.enter_invite_code(&token, &code).await {
        Ok(invites) => Ok(invites),
        Err(InviteError::Session(e)) => Err(session_error(&app, &state, e).await),
        Err(InviteError::InvalidInput(fields)) => Err(CommandError::invalid(fields)),
        Err(InviteError::Throttled { retry_after }) => Err(CommandError::invalid_field(
            "inviteCode",
            ErrorCode::RateLimited,
            format!("Too many wrong codes; try again in {} s.", retry_after.as_secs()),
        )),
        Err(InviteError::Internal(e)) => Err(CommandError::internal("entering an invite code", e)),
    }
}

/// Accounts whose email, username, phone or name contains `query` (empty: the newest).
#[tauri::command]
pub async fn admin_search_accounts<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    query: String,
) -> Result<Vec<AdminAccountView>, CommandError> {
    bounded("query", &query, MAX_TEXT)?;
    let actor = actor(&app, &state).await?;
    match state.latchkey()?.admin_search(actor, &query, MAX_LIST).await {
        Ok(found) => Ok(found),
        Err(e) => Err(admin_error(&app, &state, e).await),
    }
}

/// One account: roles, lock, sessions, inviter and invitees (with contact details).
#[tauri::command]
pub async fn admin_account<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    account_id: i64,
) -> Result<AdminAccountDetail, CommandError> {
    let actor = actor(&app, &state).await?;
    match state.latchkey()?.admin_show(actor, AccountId(account_id)).await {
        Ok(detail) => Ok(detail),
        Err(e) => Err(admin_error(&app, &state, e).await),
    }
}

/// Locks an account (for `days`, or until unlocked): sign-in refused like a wrong password,
/// its sessions end (its windows sign out within the session watch's 10 s).
#[tauri::command]
pub async fn admin_lock_account<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    account_id: i64,
    days: Option<u64>,
    reason: Option<String>,
) -> Result<AdminAccountView, CommandError> {
    let reason = reason.unwrap_or_default();
    bounded("reason", &reason, MAX_TEXT)?;
    let until = days_arg("days", days)?;
    let actor = actor(&app, &state).await?;
    let now = state.latchkey()?.now();
    let until = until.map(|d| Timestamp(now.millis() + d.as_millis() as i64));
    match state
        .latchkey()?
        .admin_lock(actor, AccountId(account_id), until, &reason)
        .await
    {
        Ok(view) => Ok(view),
        Err(e) => Err(admin_error(&app, &state, e).await),
    }
}

#[tauri::command]
pub async fn admin_unlock_account<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    account_id: i64,
) -> Result<AdminAccountView, CommandError> {
    let actor = actor(&app, &state).await?;
    match state.latchkey()?.admin_unlock(actor, AccountId(account_id)).await {
        Ok(view) => Ok(view),
        Err(e) => Err(admin_error(&app, &state, e).await),
    }
}

/// Replaces the account's roles (never leaving no administrator).
#[tauri::command]
pub async fn admin_set_roles<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    account_id: i64,
    roles: Vec<String>,
) -> Result<AdminAccountView, CommandError> {
    roles_arg(&roles)?;
    let actor = actor(&app, &state).await?;
    match state
        .latchkey()?
        .admin_set_roles(actor, AccountId(account_id), &roles)
        .await
    {
        Ok(view) => Ok(view),
        Err(e) => Err(admin_error(&app, &state, e).await),
    }
}

/// Ends every session of the account; how many.
#[tauri::command]
pub async fn admin_end_sessions<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    account_id: i64,
) -> Result<u64, CommandError> {
    let actor = actor(&app, &state).await?;
    match state
        .latchkey()?
        .admin_revoke_sessions(actor, AccountId(account_id))
        .await
    {
        Ok(n) => Ok(n),
        Err(e) => Err(admin_error(&app, &state, e).await),
    }
}

/// Forgets the account's failed sign-ins (lifts a sign-in delay).
#[tauri::command]
pub async fn admin_clear_sign_in_delay<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    account_id: i64,
) -> Result<(), CommandError> {
    let actor = actor(&app, &state).await?;
    match state
        .latchkey()?
        .admin_clear_throttle(actor, AccountId(account_id))
        .await
    {
        Ok(()) => Ok(()),
        Err(e) => Err(admin_error(&app, &state, e).await),
    }
}

/// What the admin screen's "New invite" form sends.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewInvite {
    #[serde(default)]
    pub roles: Vec<String>,
    pub days: Option<u64>,
    pub max_uses: Option<i64>,
    pub email: Option<String>,
}

#[tauri::command]
pub async fn admin_create_invite<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    invite: NewInvite,
) -> Result<InviteView, CommandError> {
    roles_arg(&invite.roles)?;
    let valid_for = days_arg("days", invite.days)?;
    if let Some(n) = invite.max_uses
        && !(1..=10_000).contains(&n)
    {
        return Err(CommandError::invalid_field(
            "maxUses",
            ErrorCode::InvalidInput,
            "Enter a number of uses from 1 to 10000.",
        ));
    }
    let email = invite.email.filter(|e| !e.trim().is_empty());
    if let Some(email) = &email {
        bounded("email", email, MAX_TEXT)?;
    }
    let actor = actor(&app, &state).await?;
    let request = InviteRequest {
        roles: invite.roles,
        valid_for,
        max_uses: invite.max_uses,
        email,
    };
    match state.latchkey()?.admin_create_invite(actor, request).await {
        Ok(view) => Ok(view),
        Err(e) => Err(admin_error(&app, &state, e).await),
    }
}

#[tauri::command]
pub async fn admin_list_invites<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Vec<InviteView>, CommandError> {
    let actor = actor(&app, &state).await?;
    match state.latchkey()?.admin_list_invites(actor).await {
        Ok(list) => Ok(list),
        Err(e) => Err(admin_error(&app, &state, e).await),
    }
}

#[tauri::command]
pub async fn admin_revoke_invite<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    code: String,
) -> Result<(), CommandError> {
    bounded("code", &code, MAX_CODE)?;
    let actor = actor(&app, &state).await?;
    match state.latchkey()?.admin_revoke_invite(actor, &code).await {
        Ok(()) => Ok(()),
        Err(e) => Err(admin_error(&app, &state, e).await),
    }
}

/// The audit log, newest first, optionally of one account and/or one kind of event.
#[tauri::command]
pub async fn admin_audit<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    account_id: Option<i64>,
    kind: Option<String>,
) -> Result<Vec<AuditEntry>, CommandError> {
    let kind = kind.filter(|k| !k.trim().is_empty());
    if let Some(kind) = &kind {
        bounded("kind", kind, MAX_CODE)?;
    }
    let actor = actor(&app, &state).await?;
    let filter = AuditFilter {
        account: account_id.map(AccountId),
        kind,
        limit: Some(MAX_LIST),
        ..AuditFilter::default()
    };
    match state.latchkey()?.admin_audit(actor, &filter).await {
        Ok(rows) => Ok(rows),
        Err(e) => Err(admin_error(&app, &state, e).await),
    }
}
