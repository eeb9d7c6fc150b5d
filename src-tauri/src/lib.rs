//! Latchkey's desktop shell. Thin by design: commands parse input, call `latchkey_core`, and
//! map errors to `{code, message}` for the UI. Nothing here knows about accounts' rules.

mod commands;
mod data_dir;
mod display;
mod error;
mod logging;
mod state;

use std::process::ExitCode;

use tauri::Manager;

pub use error::CommandError;

/// Starts the app; returns when the last window closes.
pub fn run() -> ExitCode {
    if let Err(why) = display::check() {
        eprintln!("latchkey: {why}");
        return ExitCode::from(2);
    }

    let app = tauri::Builder::default()
        .setup(|app| {
            let data_dir = data_dir::resolve(app.handle())?;
            let guard = logging::init(&data_dir)?;
            tracing::info!(version = env!("CARGO_PKG_VERSION"), data_dir = %data_dir.display(), "starting Latchkey");
            let state = tauri::async_runtime::block_on(state::AppState::open(data_dir, guard))?;
            app.manage(state);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![commands::app_info])
        .build(tauri::generate_context!());

    match app {
        Ok(app) => {
            app.run(|_, _| {});
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("latchkey: could not start: {e}");
            ExitCode::FAILURE
        }
    }
}
