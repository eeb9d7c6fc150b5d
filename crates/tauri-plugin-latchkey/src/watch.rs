//! The "session ended elsewhere" watch: a password reset or "sign out everywhere" on another
//! device (or another kiosk of the fleet) ends this window's session in the store; the window
//! learns it here within one interval, forgets the token (memory and keyring) and tells the
//! web view with a `signed-out` event.

use std::time::Duration;

use tauri::{AppHandle, Manager, Runtime};

use crate::state::AppState;

pub(crate) fn spawn<R: Runtime>(app: AppHandle<R>, every: Duration) {
    tauri::async_runtime::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tick.tick().await; // the first tick is immediate; the session was just restored
        loop {
            tick.tick().await;
            let state = app.state::<AppState>();
            if let Some(reason) = state.check_session().await {
                tracing::info!(reason = ?reason, "this window's session ended elsewhere");
                crate::events::signed_out(&app, reason);
            }
        }
    });
}
