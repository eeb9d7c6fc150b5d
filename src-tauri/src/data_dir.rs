//! Where Latchkey keeps its database, key file and logs.

use std::path::PathBuf;

use tauri::{AppHandle, Manager};

/// Environment variable that overrides the data directory (tests use temporary ones).
pub const DATA_DIR_VAR: &str = "LATCHKEY_DATA_DIR";

/// `$LATCHKEY_DATA_DIR` if set and non-empty, else the OS app-data dir
/// (`~/.local/share/dev.latchkey.app` on Linux).
pub fn resolve(app: &AppHandle) -> Result<PathBuf, Box<dyn std::error::Error>> {
    match std::env::var_os(DATA_DIR_VAR) {
        Some(dir) if !dir.is_empty() => Ok(PathBuf::from(dir)),
        _ => Ok(app.path().app_data_dir()?),
    }
}

/// Environment variable naming the settings file (TOML).
pub const CONFIG_FILE_VAR: &str = "LATCHKEY_CONFIG_FILE";

/// `$LATCHKEY_CONFIG_FILE`, else `latchkey.toml` in the OS config dir if it exists.
pub fn config_file(app: &AppHandle) -> Option<PathBuf> {
    match std::env::var_os(CONFIG_FILE_VAR) {
        Some(file) if !file.is_empty() => Some(PathBuf::from(file)),
        _ => app
            .path()
            .app_config_dir()
            .ok()
            .map(|d| d.join("latchkey.toml"))
            .filter(|f| f.exists()),
    }
}
