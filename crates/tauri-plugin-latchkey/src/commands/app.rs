use serde::Serialize;
use tauri::State;

use crate::Feature;
use crate::error::CommandError;
use crate::mode::AppMode;
use crate::state::{AppState, StoreWait};

#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub name: &'static str,
    pub version: &'static str,
    pub data_dir: String,
    pub database: DatabaseInfo,
    pub keyring_available: bool,
    pub mail: MailInfo,
    pub features: FeaturesInfo,
    /// `normal`, `kiosk` or `qa`.
    #[cfg_attr(test, ts(type = "\"normal\" | \"kiosk\" | \"qa\""))]
    pub mode: &'static str,
    /// Kiosk mode only.
    pub kiosk: Option<KioskInfo>,
    /// QA mode only.
    pub qa: Option<QaInfo>,
}

/// What the kiosk's screens need: never the operator password's hash.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct KioskInfo {
    #[cfg_attr(test, ts(type = "number"))]
    pub idle_secs: u64,
    #[cfg_attr(test, ts(type = "number"))]
    pub countdown_secs: u64,
    pub exit_keys: String,
    pub operator_name: Option<String>,
    pub support_line: Option<String>,
    /// The operator left kiosk mode for this run.
    pub exited: bool,
}

#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct QaInfo {
    #[cfg_attr(test, ts(type = "number"))]
    pub clock_offset_ms: u64,
}

/// Which optional screens the host left on.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FeaturesInfo {
    pub dev_mailbox: bool,
    pub mail_settings: bool,
}

#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MailInfo {
    pub mode: &'static str,
}

#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DatabaseInfo {
    pub path: String,
    pub created_this_start: bool,
    #[cfg_attr(test, ts(type = "number"))]
    pub schema_version: i64,
    pub journal_mode: String,
    /// Operator mode only: before sign-in it tells whether an address was free (issue 8, item 6).
    #[cfg_attr(test, ts(type = "number | null"))]
    pub account_count: Option<i64>,
}

/// Whether the account store is open. It opens while the window starts (the page waits,
/// silently, for `opening` to end); a kiosk whose server store is unreachable shows
/// "unreachable; retrying…" until it is, and `latchkey://store-ready` announces the open store.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct StoreStatus {
    pub ready: bool,
    pub state: StoreState,
    /// Why not: one sentence for the operator (server and reason, never a password).
    pub problem: Option<String>,
}

/// Where the store is in its opening.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum StoreState {
    /// Being opened (the first try has not finished).
    Opening,
    Ready,
    /// A server store that cannot be reached; tried again every few seconds.
    Unreachable,
    /// Cannot be opened until a setting is fixed and Latchkey restarted.
    Failed,
}

#[tauri::command]
pub async fn store_status(state: State<'_, AppState>) -> Result<StoreStatus, CommandError> {
    Ok(store_status_now(&state))
}

pub(crate) fn store_status_now(state: &AppState) -> StoreStatus {
    let (state, problem) = match state.store_status() {
        None => (StoreState::Ready, None),
        Some(StoreWait::Opening) => (StoreState::Opening, None),
        Some(StoreWait::Unreachable(why)) => (StoreState::Unreachable, Some(why)),
        Some(StoreWait::Failed(why)) => (StoreState::Failed, Some(why)),
    };
    StoreStatus {
        ready: state == StoreState::Ready,
        state,
        problem,
    }
}

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo, CommandError> {
    app_info_now(&state).await
}

pub(crate) async fn app_info_now(state: &AppState) -> Result<AppInfo, CommandError> {
    let db = state.latchkey()?.database();
    let account_count = if state.latchkey()?.config().operator_mode {
        Some(
            latchkey_core::storage::count_accounts(db)
                .await
                .map_err(|e| CommandError::internal("reading the database", e))?,
        )
    } else {
        None
    };
    let status = state.latchkey()?.database_status();
    Ok(AppInfo {
        name: "Latchkey",
        version: env!("CARGO_PKG_VERSION"),
        data_dir: state.data_dir.display().to_string(),
        database: DatabaseInfo {
            path: db.path().display().to_string(),
            created_this_start: status.is_some_and(|s| s.created),
            schema_version: status.map_or(0, |s| s.schema_version),
            journal_mode: status.map_or_else(String::new, |s| s.journal_mode.clone()),
            account_count,
        },
        keyring_available: state.vault().is_available(),
        mail: MailInfo {
            mode: state.delivery()?.settings().mode(),
        },
        features: FeaturesInfo {
            dev_mailbox: state.is_enabled(Feature::DevMailbox),
            mail_settings: state.is_enabled(Feature::MailSettings),
        },
        mode: state.mode().as_str(),
        kiosk: (state.mode() == AppMode::Kiosk).then(|| KioskInfo {
            idle_secs: state.kiosk.idle_secs,
            countdown_secs: state.kiosk.countdown_secs,
            exit_keys: state.kiosk.exit_keys.clone(),
            operator_name: state.kiosk.operator_name.clone(),
            support_line: state.kiosk.support_line.clone(),
            exited: !state.kiosk_locked(),
        }),
        qa: state.qa_clock.as_ref().map(|clock| QaInfo {
            clock_offset_ms: u64::try_from(clock.offset().as_millis()).unwrap_or(u64::MAX),
        }),
    })
}
