//! Tauri commands: parse input, call the core, map errors. One-liners by intent.

use serde::Serialize;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub name: &'static str,
    pub version: &'static str,
    pub data_dir: String,
    pub database: DatabaseInfo,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseInfo {
    pub path: String,
    pub created_this_start: bool,
    pub schema_version: i64,
    pub journal_mode: String,
    pub account_count: i64,
}

/// Version and storage status, shown on the sign-in screen's footer.
#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo, CommandError> {
    let account_count: i64 = sqlx_count(&state).await?;
    let status = &state.database_status;
    Ok(AppInfo {
        name: "Latchkey",
        version: env!("CARGO_PKG_VERSION"),
        data_dir: state.data_dir.display().to_string(),
        database: DatabaseInfo {
            path: status.path.display().to_string(),
            created_this_start: status.created,
            schema_version: status.schema_version,
            journal_mode: status.journal_mode.clone(),
            account_count,
        },
    })
}

async fn sqlx_count(state: &AppState) -> Result<i64, CommandError> {
    latchkey_core::storage::count_accounts(&state.database)
        .await
        .map_err(|e| CommandError::internal("reading the database", e))
}
