//! The Latchkey desktop app: the reference host of `tauri-plugin-latchkey`. It adds the plugin,
//! opens its log file in the plugin's data directory, and shows the account screens
//! (`ui/`, which mounts the plugin's `guest-js` module). Everything about accounts lives in the
//! plugin and in `latchkey-core`.

mod display;
mod logging;
mod memory;
mod rendering;

use std::process::ExitCode;

/// The app identifier (tauri.conf.json), known before Tauri's context for the command line.
const IDENTIFIER: &str = "dev.latchkey.app";

/// Starts the app (or runs a command-line tool, see `tauri_plugin_latchkey::cli`); returns
/// when the last window closes.
pub fn run() -> ExitCode {
    memory::tune_allocator();
    rendering::draw_on_cpu_unless_told_otherwise();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let qa = match tauri_plugin_latchkey::cli::parse(&args) {
        Ok(tauri_plugin_latchkey::cli::Invocation::App { qa }) => qa,
        Ok(tauri_plugin_latchkey::cli::Invocation::Cli(command)) => {
            // No window, no display needed: scripts and CI call these.
            return tauri_plugin_latchkey::cli::run(command, IDENTIFIER);
        }
        Err(why) => {
            eprintln!("latchkey: {why}");
            return ExitCode::from(2);
        }
    };
    if let Err(why) = display::check() {
        eprintln!("latchkey: {why}");
        return ExitCode::from(2);
    }
    let mut context = tauri::generate_context!();
    // The page arrives with the first screen's answers (launch time, issue 16).
    tauri_plugin_latchkey::serve_first_answers(&mut context);
    let Some(data_dir) = tauri_plugin_latchkey::data_dir_for(&context.config().identifier) else {
        eprintln!(
            "latchkey: no data directory: set {}",
            tauri_plugin_latchkey::DATA_DIR_VAR
        );
        return ExitCode::FAILURE;
    };
    let _log_guard = match logging::init(&data_dir) {
        Ok(guard) => guard,
        Err(e) => {
            eprintln!("latchkey: cannot open the log in {}: {e}", data_dir.display());
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(version = env!("CARGO_PKG_VERSION"), data_dir = %data_dir.display(), "starting Latchkey");

    let mut latchkey = tauri_plugin_latchkey::Builder::new().data_dir(data_dir);
    if qa {
        latchkey = latchkey.mode(tauri_plugin_latchkey::AppMode::Qa);
    }
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(latchkey.build())
        .build(context);
    match app {
        Ok(app) => {
            app.run(|_, _| {});
            ExitCode::SUCCESS
        }
        Err(e) => {
            tracing::error!(error = %e, "could not start");
            eprintln!("latchkey: could not start: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_uses_the_identifier_of_tauri_conf() {
        let conf = include_str!("../tauri.conf.json");
        assert!(conf.contains(&format!("\"identifier\": \"{}\"", super::IDENTIFIER)));
    }
}
