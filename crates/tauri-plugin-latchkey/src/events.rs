//! What the plugin tells the host's web view (and Rust side) about who is signed in.

use serde::Serialize;
use tauri::{Emitter, Runtime};

use latchkey_core::AccountView;

/// Emitted with the [`AccountView`] when this window's session starts (sign-in, verification,
/// or a remembered session restored at start-up).
pub const SIGNED_IN_EVENT: &str = "latchkey://signed-in";
/// Emitted with [`SignedOut`] when this window's session ends, whatever ended it.
pub const SIGNED_OUT_EVENT: &str = "latchkey://signed-out";

/// Emitted (no payload) when a server store that was unreachable at start has been opened.
pub const STORE_READY_EVENT: &str = "latchkey://store-ready";

/// Why the window's session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SignedOutReason {
    /// The person signed out here.
    SignedOut,
    /// The person signed out on every device, from here.
    SignedOutEverywhere,
    /// Ended elsewhere (password reset or changed, "sign out everywhere" on another machine).
    Revoked,
    /// The idle timeout or the absolute lifetime passed.
    Expired,
    /// The person deleted their account here.
    AccountDeleted,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SignedOut {
    pub reason: SignedOutReason,
}

pub(crate) fn signed_in<R: Runtime>(app: &impl Emitter<R>, account: &AccountView) {
    if let Err(e) = app.emit(SIGNED_IN_EVENT, account) {
        tracing::warn!(error = %e, "could not announce the sign-in to the web view");
    }
}

pub(crate) fn signed_out<R: Runtime>(app: &impl Emitter<R>, reason: SignedOutReason) {
    if let Err(e) = app.emit(SIGNED_OUT_EVENT, SignedOut { reason }) {
        tracing::warn!(error = %e, "could not announce the sign-out to the web view");
    }
}

pub(crate) fn store_ready<R: Runtime>(app: &impl Emitter<R>) {
    if let Err(e) = app.emit(STORE_READY_EVENT, ()) {
        tracing::warn!(error = %e, "could not announce the open store to the web view");
    }
}
