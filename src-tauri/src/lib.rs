//! Latchkey's desktop shell. Thin by design: commands parse input, call `latchkey_core`, and
//! map errors to `{code, message}` for the UI. Nothing here knows about accounts' rules.

mod commands;
mod data_dir;
mod display;
mod error;
mod logging;
mod session_vault;
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
            let config_file = data_dir::config_file(app.handle());
            let state = tauri::async_runtime::block_on(state::AppState::open(data_dir, config_file, guard))?;
            app.manage(state);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::account::register,
            commands::account::check_registration,
            commands::account::verify_email,
            commands::account::resend_code,
            commands::account::code_status,
            commands::account::log_in,
            commands::account::request_password_reset,
            commands::account::reset_password,
            commands::account::password_strength,
            commands::session::restore_session,
            commands::session::current_account,
            commands::session::log_out,
            commands::session::log_out_everywhere,
            commands::session::list_sessions,
            commands::session::recent_activity,
            commands::mail::mailbox_list,
            commands::mail::mailbox_read,
            commands::mail::mail_settings_get,
            commands::mail::mail_settings_save,
            commands::mail::mail_send_test,
        ])
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
