//! What the shell keeps for the life of the process.

use std::path::PathBuf;

use latchkey_core::Database;
use latchkey_core::storage::DatabaseStatus;

use crate::logging::LogGuard;

pub struct AppState {
    pub data_dir: PathBuf,
    pub database: Database,
    pub database_status: DatabaseStatus,
    _log_guard: LogGuard,
}

impl AppState {
    pub async fn open(
        data_dir: PathBuf,
        log_guard: LogGuard,
    ) -> Result<AppState, Box<dyn std::error::Error>> {
        let (database, database_status) = Database::open_in(&data_dir).await?;
        tracing::info!(
            path = %database_status.path.display(),
            created = database_status.created,
            schema_version = database_status.schema_version,
            "database ready"
        );
        Ok(AppState {
            data_dir,
            database,
            database_status,
            _log_guard: log_guard,
        })
    }
}
