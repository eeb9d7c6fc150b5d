//! The operator's way out of kiosk mode.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use secrecy::{ExposeSecret, SecretString};
use tauri::{AppHandle, Manager, Runtime, State};

use crate::error::{CommandError, bounded, human_wait, retry_after};
use crate::mode::AppMode;
use crate::state::AppState;
use latchkey_core::ErrorCode;

/// Wrong operator passwords allowed before a wait (30 s, doubling to 15 min).
const FREE_TRIES: u32 = 5;

fn wait_after(failures: u32) -> Option<Duration> {
    let over = failures.checked_sub(FREE_TRIES)?;
    Some(Duration::from_secs(30u64.saturating_mul(1 << over.min(5))).min(Duration::from_secs(900)))
}

/// Leaves kiosk mode for this run when `password` is the operator's (argon2, checked off the
/// UI thread): the window leaves full screen and may be closed. The password is never logged.
#[tauri::command]
pub async fn kiosk_exit<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    password: SecretString,
) -> Result<(), CommandError> {
    if state.mode != AppMode::Kiosk {
        return Err(CommandError::new(ErrorCode::NotKiosk, "Latchkey is not in kiosk mode."));
    }
    bounded("operatorPassword", password.expose_secret(), 1024)?;
    if password.expose_secret().is_empty() {
        return Err(CommandError::invalid_field(
            "operatorPassword",
            ErrorCode::Required,
            "Type the operator password.",
        ));
    }
    {
        let (_, until) = *state.kiosk_exit_failures.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(until) = until.filter(|u| *u > Instant::now()) {
            let wait = until - Instant::now();
            return Err(CommandError::new(
                ErrorCode::OperatorExitThrottled,
                format!("Too many wrong operator passwords. Try again in {}.", human_wait(wait)),
            )
            .on_field("operatorPassword")
            .with_details(retry_after(wait)));
        }
    }
    let kiosk = state.kiosk.clone();
    let matches = tokio::task::spawn_blocking(move || kiosk.operator_password_matches(password.expose_secret()))
        .await
        .map_err(|e| CommandError::internal("checking the operator password", e))?;
    let mut failures = state.kiosk_exit_failures.lock().unwrap_or_else(|e| e.into_inner());
    if !matches {
        failures.0 += 1;
        failures.1 = wait_after(failures.0).map(|w| Instant::now() + w);
        tracing::warn!(failures = failures.0, "kiosk: wrong operator password");
        return Err(CommandError::invalid_field(
            "operatorPassword",
            ErrorCode::OperatorPasswordWrong,
            "That is not the operator password.",
        ));
    }
    *failures = (0, None);
    drop(failures);
    state.kiosk_exited.store(true, Ordering::SeqCst);
    for window in app.webview_windows().values() {
        if let Err(e) = window.set_fullscreen(false) {
            tracing::warn!(error = %e, "kiosk: cannot leave full screen");
        }
    }
    tracing::info!("kiosk: the operator left kiosk mode for this run");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_wrong_passwords_are_free_then_the_wait_doubles_to_fifteen_minutes() {
        assert_eq!(wait_after(5), Some(Duration::from_secs(30)));
        assert_eq!(wait_after(4), None);
        assert_eq!(wait_after(6), Some(Duration::from_secs(60)));
        assert_eq!(wait_after(40), Some(Duration::from_secs(900)));
    }
}
