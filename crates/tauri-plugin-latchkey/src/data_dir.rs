//! Where Latchkey keeps its database, key file and logs.

use std::path::PathBuf;

use tauri::{AppHandle, Manager, Runtime};

/// Environment variable that overrides the data directory (tests use temporary ones).
pub const DATA_DIR_VAR: &str = "LATCHKEY_DATA_DIR";

/// `$LATCHKEY_DATA_DIR` if set and non-empty, else the OS app-data dir
/// (`~/.local/share/dev.latchkey.app` on Linux).
pub fn resolve<R: Runtime>(app: &AppHandle<R>) -> Result<PathBuf, Box<dyn std::error::Error>> {
    match from_env() {
        Some(dir) => Ok(dir),
        None => Ok(app.path().app_data_dir()?),
    }
}

fn from_env() -> Option<PathBuf> {
    std::env::var_os(DATA_DIR_VAR)
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
}

/// The data directory the plugin will use for an app with this identifier, known before the
/// app starts (so the host can open its log file there first): `$LATCHKEY_DATA_DIR`, else the
/// OS app-data dir, the same folder `AppHandle::path().app_data_dir()` names.
pub fn data_dir_for(identifier: &str) -> Option<PathBuf> {
    from_env().or_else(|| dirs::data_dir().map(|d| d.join(identifier)))
}

/// Environment variable naming the settings file (TOML).
pub const CONFIG_FILE_VAR: &str = "LATCHKEY_CONFIG_FILE";

/// `$LATCHKEY_CONFIG_FILE`, else `latchkey.toml` in the OS config dir if it exists.
pub fn config_file<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
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
