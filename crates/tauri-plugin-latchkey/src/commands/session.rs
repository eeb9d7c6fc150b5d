//! The signed-in session of this window: restore at start-up, sign out, the account screen.
//!
//! The token lives here (and, with "Remember me", in the OS keyring); the web view only ever
//! sees the account it opens.

use latchkey_core::ErrorCode;
use latchkey_core::accounts::AccountView;
use latchkey_core::sessions::{SessionError, SessionToken, SessionView, SignedIn};
use serde::Serialize;
use serde_json::Value;
use tauri::{AppHandle, Runtime, State};

use crate::error::CommandError;
use crate::events::{self, SignedOutReason};
use crate::session_vault::SESSION;
use crate::state::{ActiveSession, AppState};

#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SignedInView {
    pub account: AccountView,
    pub remembered: bool,
    pub keyring_notice: Option<String>,
}

/// Makes `signed_in` this window's session; with `remember`, also keeps the token in the OS
/// keyring. A keyring failure never fails the sign-in: the session is then not remembered,
/// and the person is told once.
pub(crate) async fn start_session<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    signed_in: SignedIn,
    remember: bool,
) -> SignedInView {
    let mut remembered = false;
    let mut keyring_notice = None;
    // A kiosk never remembers anyone: sessions end when the app closes, whatever the page asks.
    let remember = remember && !state.kiosk_locked();
    if remember {
        match state
            .vault()
            .save(SESSION, signed_in.token.expose_secret().to_owned())
            .await
        {
            Ok(()) => remembered = true,
            Err(e) => {
                tracing::warn!(error = %e, "could not remember the session in the OS keyring");
                keyring_notice = state.keyring_notice_once().or_else(|| {
                    Some(format!("Your sign-in will not be remembered: {e}.")).filter(|_| state.vault().is_available())
                });
            }
        }
    } else if let Err(e) = state.vault().delete(SESSION).await {
        // A stale remembered token of an earlier sign-in must not outlive this choice.
        tracing::debug!(error = %e, "no remembered session to forget");
    }
    let mut slot = state.session.lock().await;
    // (A session was just started, so the store is open.)
    if let (Some(previous), Ok(latchkey)) = (slot.take(), state.latchkey()) {
        let _ = latchkey.log_out(&previous.token).await;
    }
    *slot = Some(ActiveSession {
        token: signed_in.token,
        remembered,
    });
    drop(slot);
    events::signed_in(app, &signed_in.account);
    SignedInView {
        account: signed_in.account,
        remembered,
        keyring_notice,
    }
}

#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RestoredSession {
    pub signed_in: Option<SignedInView>,
    pub notice: Option<String>,
}

/// At start-up (and on reload): this window's session, or the one remembered in the keyring.
/// A remembered token that no longer works is deleted, with a short explanation.
#[tauri::command]
pub async fn restore_session<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<RestoredSession, CommandError> {
    // Worked out already by the start-up task, and not taken by the page's HTML.
    if let Some(first) = crate::first_answers::take_for_command(&app, &state).await {
        return Ok(first);
    }
    restore_now(&app, &state, true).await
}

/// What `restore_session` answers, worked out now; with `announce`, a restored session is
/// announced (`latchkey://signed-in`) at once, otherwise by whoever gives the answer out.
pub(crate) async fn restore_now<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    announce: bool,
) -> Result<RestoredSession, CommandError> {
    let mut slot = state.session.lock().await;
    if let Some(active) = slot.as_ref() {
        match state.latchkey()?.validate_session(&active.token).await {
            Ok(current) => {
                let remembered = active.remembered;
                return Ok(RestoredSession {
                    signed_in: Some(SignedInView {
                        account: current.account,
                        remembered,
                        keyring_notice: None,
                    }),
                    notice: None,
                });
            }
            Err(e) => {
                let remembered = active.remembered;
                *slot = None;
                if remembered {
                    let _ = state.vault().delete(SESSION).await;
                }
                return Ok(RestoredSession {
                    signed_in: None,
                    notice: ended_notice(&e),
                });
            }
        }
    }
    if state.mode() == crate::AppMode::Kiosk {
        // Nothing is remembered on a kiosk (and what an earlier run left was deleted at start).
        return Ok(RestoredSession {
            signed_in: None,
            notice: None,
        });
    }
    let Some(token) = remembered_token(state).await? else {
        return Ok(RestoredSession {
            signed_in: None,
            notice: None,
        });
    };
    match state.latchkey()?.validate_session(&token).await {
        Ok(current) => {
            *slot = Some(ActiveSession {
                token,
                remembered: true,
            });
            drop(slot);
            if announce {
                events::signed_in(app, &current.account);
            }
            Ok(RestoredSession {
                signed_in: Some(SignedInView {
                    account: current.account,
                    remembered: true,
                    keyring_notice: None,
                }),
                notice: None,
            })
        }
        Err(SessionError::Internal(e)) => Err(CommandError::internal("restoring the session", e)),
        Err(e) => {
            if let Err(del) = state.vault().delete(SESSION).await {
                tracing::warn!(error = %del, "could not delete the dead remembered session");
            }
            Ok(RestoredSession {
                signed_in: None,
                notice: ended_notice(&e),
            })
        }
    }
}

/// The token "Remember me" kept in the keyring, if any. Asked only once the store is open
/// (`store_unreachable` before): the keyring is probed just before the store opens, and until
/// then the vault answers "unavailable", which would read as "nobody remembered" — a wrong
/// answer to a host asking early, where an error is the right one.
async fn remembered_token(state: &AppState) -> Result<Option<SessionToken>, CommandError> {
    state.latchkey()?;
    match state.vault().load(SESSION).await {
        Ok(token) => Ok(token.map(SessionToken::new)),
        Err(e) => {
            // Nothing can have been remembered without a keyring. The person is told when they
            // sign in with "Remember me", where it matters.
            tracing::debug!(error = %e, "no remembered session");
            Ok(None)
        }
    }
}

fn ended_notice(e: &SessionError) -> Option<String> {
    match e {
        SessionError::Expired => Some("Your saved sign-in has expired. Please sign in again.".to_owned()),
        SessionError::Revoked { .. } => Some(
            "Your saved sign-in was ended (for example by “Sign out everywhere” or a password reset). Please sign in again."
                .to_owned(),
        ),
        // A token this database never issued (e.g. the data directory was replaced): nothing
        // the person did, so nothing to explain.
        SessionError::Unknown | SessionError::Internal(_) => None,
    }
}

/// The token of this window's session, or `not_signed_in`.
pub(crate) async fn current_token(state: &AppState) -> Result<SessionToken, CommandError> {
    state
        .session
        .lock()
        .await
        .as_ref()
        .map(|s| s.token.clone())
        .ok_or_else(CommandError::not_signed_in)
}

/// When the core says this window's session is over (expired, ended elsewhere by a password
/// reset or "Sign out everywhere", or unknown), the window forgets it, in memory and in the
/// keyring, and answers `not_signed_in` with the reason so the UI returns to sign-in.
pub(crate) async fn session_over<R: Runtime>(app: &AppHandle<R>, state: &AppState, e: SessionError) -> CommandError {
    if let SessionError::Internal(e) = e {
        return CommandError::internal("checking the session", e);
    }
    let was_signed_in = state.session.lock().await.take().is_some();
    if was_signed_in {
        let reason = match e {
            SessionError::Expired => SignedOutReason::Expired,
            _ => SignedOutReason::Revoked,
        };
        events::signed_out(app, reason);
    }
    if let Err(del) = state.vault().delete(SESSION).await {
        tracing::debug!(error = %del, "no remembered session to forget");
    }
    let message = match e {
        SessionError::Expired => "Your session has expired. Please sign in again.",
        SessionError::Revoked { .. } => {
            "Your session was ended (for example by “Sign out everywhere” or a password reset). Please sign in again."
        }
        _ => "You are not signed in.",
    };
    CommandError::new(ErrorCode::NotSignedIn, message)
}

#[tauri::command]
pub async fn current_account<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<AccountView, CommandError> {
    let token = current_token(&state).await?;
    match state.latchkey()?.validate_session(&token).await {
        Ok(current) => Ok(current.account),
        Err(e) => Err(session_over(&app, &state, e).await),
    }
}

/// Ends this window's session: revoked in the database, forgotten by the keyring. The token is
/// only forgotten once the revocation is recorded, so a failure leaves nothing half-done.
#[tauri::command]
pub async fn log_out<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Result<(), CommandError> {
    let mut slot = state.session.lock().await;
    if let Some(active) = slot.as_ref() {
        match state.latchkey()?.log_out(&active.token).await {
            Ok(()) | Err(SessionError::Expired | SessionError::Revoked { .. } | SessionError::Unknown) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let was_signed_in = slot.take().is_some();
    drop(slot);
    if let Err(e) = state.vault().delete(SESSION).await {
        tracing::debug!(error = %e, "no remembered session to forget");
    }
    if was_signed_in {
        events::signed_out(&app, SignedOutReason::SignedOut);
    }
    Ok(())
}

/// Revokes every session of the account, this one included.
#[tauri::command]
pub async fn log_out_everywhere<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Result<(), CommandError> {
    let token = current_token(&state).await?;
    if let Err(e) = state.latchkey()?.log_out_everywhere(&token).await {
        return Err(session_over(&app, &state, e).await);
    }
    state.session.lock().await.take();
    if let Err(e) = state.vault().delete(SESSION).await {
        tracing::debug!(error = %e, "no remembered session to forget");
    }
    events::signed_out(&app, SignedOutReason::SignedOutEverywhere);
    Ok(())
}

#[tauri::command]
pub async fn list_sessions<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Vec<SessionView>, CommandError> {
    let token = current_token(&state).await?;
    match state.latchkey()?.list_sessions(&token).await {
        Ok(sessions) => Ok(sessions),
        Err(e) => Err(session_over(&app, &state, e).await),
    }
}

#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ActivityView {
    #[cfg_attr(test, ts(type = "number"))]
    pub at: i64,
    pub kind: String,
    pub summary: String,
    pub detail: Value,
}

#[tauri::command]
pub async fn recent_activity<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Vec<ActivityView>, CommandError> {
    let token = current_token(&state).await?;
    let events = match state.latchkey()?.recent_activity(&token, 20).await {
        Ok(events) => events,
        Err(e) => return Err(session_over(&app, &state, e).await),
    };
    Ok(events
        .into_iter()
        .map(|e| ActivityView {
            at: e.at.millis(),
            kind: e.kind.as_str().to_owned(),
            summary: e.kind.summary().to_owned(),
            detail: e.detail,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::remembered_token;
    use crate::mode;
    use crate::state::{AppState, Options};

    #[tokio::test(flavor = "multi_thread")]
    async fn the_keyring_is_not_read_for_a_remembered_session_before_the_store_is_open() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::prepare(Options {
            data_dir: dir.path().to_owned(),
            settings: mode::from_sources(None, None, |_| None).unwrap(),
            keyring_service: "dev.latchkey.test.restore-unit".to_owned(),
            device_label: "test".to_owned(),
            disabled: BTreeSet::new(),
        });
        // Before the start-up task has probed the keyring and opened the store: an error that
        // says so, not "nobody remembered".
        let early = remembered_token(&state).await.unwrap_err();
        assert_eq!(early.code, "store_unreachable", "{early:?}");
        state.open_store().await.unwrap();
        // Once open, an answer (no keyring in unit tests: nothing remembered).
        assert!(remembered_token(&state).await.unwrap().is_none());
    }
}
