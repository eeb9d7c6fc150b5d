//! Latchkey as a Tauri 2 plugin: local accounts any app adds in a few lines.
//!
//! ```ignore
//! tauri::Builder::default()
//!     .plugin(tauri_plugin_latchkey::init())
//! ```
//! and `"latchkey:default"` in the window's capability. The plugin opens the OS keyring and
//! the account store (`latchkey-core`) on a task while the window starts (`store_status` says
//! when it is open; the screens wait for it), registers the commands the screens in `guest-js/` call, keeps session
//! tokens and the SMTP password in the OS keyring (never in the web view, never in a file), runs
//! the mail delivery task, and watches the window's session so that one ended elsewhere (a
//! password reset, "sign out everywhere") signs the window out within [`WATCH_INTERVAL`].
//!
//! Hosts learn who is signed in from the [`SIGNED_IN_EVENT`] / [`SIGNED_OUT_EVENT`] events
//! (web side) or [`LatchkeyExt::latchkey`] → [`AppState::signed_in_account`] (Rust side, for
//! their own commands' route guards).

pub mod cli;
mod commands;
mod data_dir;
mod error;
mod events;
mod first_answers;
pub mod mode;
mod qa_clock;
mod session_vault;
mod state;
mod watch;

#[cfg(test)]
mod bindings;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use tauri::plugin::{Builder as PluginBuilder, TauriPlugin};
use tauri::{Manager, Runtime};

pub use data_dir::{DATA_DIR_VAR, data_dir_for};
pub use error::CommandError;
pub use events::{SIGNED_IN_EVENT, SIGNED_OUT_EVENT, SignedOut, SignedOutReason};
pub use first_answers::serve_first_answers;
pub use latchkey_core::{AccountView, ErrorCode};
pub use mode::{AppMode, MODE_VAR};
pub use state::{AppState, StoreWait};

/// How often the window's session is checked against the store.
pub const WATCH_INTERVAL: Duration = Duration::from_secs(10);

/// Parts of Latchkey a host can leave out. A disabled feature's commands answer
/// `feature_disabled` even if the capability grants them, and `app_info` tells the screens to
/// hide their way in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Feature {
    /// The dev mailbox screen: every message Latchkey sent when no SMTP server is configured.
    DevMailbox,
    /// The mail settings screen (SMTP server, sender, test message).
    MailSettings,
}

/// Configures the plugin. [`init`] is `Builder::new().build()`.
#[derive(Debug, Clone, Default)]
pub struct Builder {
    data_dir: Option<PathBuf>,
    config_file: Option<PathBuf>,
    keyring_service: Option<String>,
    device_label: Option<String>,
    disabled: BTreeSet<Feature>,
    mode: Option<AppMode>,
}

impl Builder {
    pub fn new() -> Builder {
        Builder::default()
    }

    /// Where the database, the install key and nothing else of Latchkey's live. Default:
    /// `$LATCHKEY_DATA_DIR`, else the OS app-data directory of the host app.
    pub fn data_dir(mut self, dir: impl Into<PathBuf>) -> Builder {
        self.data_dir = Some(dir.into());
        self
    }

    /// The operator's TOML settings file. Default: `$LATCHKEY_CONFIG_FILE`, else
    /// `latchkey.toml` in the host's OS config directory if it exists.
    pub fn config_file(mut self, file: impl Into<PathBuf>) -> Builder {
        self.config_file = Some(file.into());
        self
    }

    /// The OS keyring service the session token and the SMTP password are stored under.
    /// Default: the host's app identifier.
    pub fn keyring_service(mut self, service: impl Into<String>) -> Builder {
        self.keyring_service = Some(service.into());
        self
    }

    /// How this machine's sessions are labelled in "Active sessions". Default:
    /// "`<product name>` on `<host name>`".
    pub fn device_label(mut self, label: impl Into<String>) -> Builder {
        self.device_label = Some(label.into());
        self
    }

    /// Leaves `feature` out (e.g. a kiosk: no dev mailbox, no mail settings).
    pub fn disable(mut self, feature: Feature) -> Builder {
        self.disabled.insert(feature);
        self
    }

    /// Runs in kiosk or QA mode (the Latchkey app's `--qa`). `LATCHKEY_MODE` still wins, and
    /// kiosk and QA from two places refuse to start (see [`mode`]).
    pub fn mode(mut self, mode: AppMode) -> Builder {
        self.mode = Some(mode);
        self
    }

    pub fn build<R: Runtime>(self) -> TauriPlugin<R> {
        PluginBuilder::new("latchkey")
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
                commands::phone::phone_status,
                commands::phone::request_phone_code,
                commands::phone::confirm_phone,
                commands::phone::request_sign_in_code,
                commands::phone::sign_in_with_code,
                commands::phone::sms_inbox_list,
                commands::phone::sms_inbox_read,
                commands::mail::mail_settings_get,
                commands::mail::mail_settings_save,
                commands::mail::mail_send_test,
                commands::locale::locales,
                commands::locale::account_locale,
                commands::locale::set_account_locale,
                commands::kiosk::kiosk_exit,
                commands::qa::qa_status,
                commands::qa::qa_time_travel,
                commands::qa::qa_time_reset,
                commands::qa::qa_latest_code,
                commands::qa::qa_create_fixtures,
                commands::qa::qa_reset_data,
                commands::qa::qa_mail_fault,
                commands::qa::qa_mailbox_search,
                commands::qa::qa_mailbox_open,
                commands::app::store_status,
                commands::profile::update_profile,
                commands::profile::change_password,
                commands::profile::delete_account,
                commands::profile::request_delete_code,
                commands::profile::delete_code_status,
                commands::profile::export_account_data,
                commands::profile::request_email_change,
                commands::profile::email_change_status,
                commands::profile::confirm_email_change,
                commands::profile::cancel_email_change,
                commands::profile::set_profile_picture,
                commands::profile::profile_picture,
                commands::profile::remove_profile_picture,
                commands::account::registration_options,
                commands::admin::my_roles,
                commands::admin::my_invites,
                commands::admin::enter_invite_code,
                commands::admin::admin_search_accounts,
                commands::admin::admin_account,
                commands::admin::admin_lock_account,
                commands::admin::admin_unlock_account,
                commands::admin::admin_set_roles,
                commands::admin::admin_end_sessions,
                commands::admin::admin_clear_sign_in_delay,
                commands::admin::admin_create_invite,
                commands::admin::admin_list_invites,
                commands::admin::admin_revoke_invite,
                commands::admin::admin_audit,
            ])
            .setup(move |app, _api| {
                let options = self.resolve(app)?;
                let state = AppState::prepare(options);
                app.manage(state);
                // The keyring and the store open while Tauri creates the window and WebKit starts
                // its page (they are not kept waiting for them); the page asks `store_status`
                // first.
                first_answers::warm_up();
                spawn_store_open(app.clone());
                watch::spawn(app.clone(), WATCH_INTERVAL);
                Ok(())
            })
            .on_window_ready(|window| {
                let app = window.app_handle().clone();
                if !app.latchkey().kiosk_locked() {
                    return;
                }
                if let Err(e) = window.set_fullscreen(true) {
                    tracing::warn!(error = %e, "kiosk: cannot go full screen");
                }
                let guarded = window.clone();
                window.on_window_event(move |event| {
                    if let tauri::WindowEvent::CloseRequested { api, .. } = event
                        && guarded.app_handle().latchkey().kiosk_locked()
                    {
                        tracing::info!("kiosk: closing the window needs the operator's exit");
                        api.prevent_close();
                    }
                });
            })
            .build()
    }

    /// Fills in every default from the host app.
    fn resolve<R: Runtime>(&self, app: &tauri::AppHandle<R>) -> Result<state::Options, Box<dyn std::error::Error>> {
        let data_dir = match &self.data_dir {
            Some(dir) => dir.clone(),
            None => data_dir::resolve(app)?,
        };
        let config_file = self.config_file.clone().or_else(|| data_dir::config_file(app));
        let settings = mode::load(config_file.as_deref(), self.mode)?;
        // QA mode keeps its own store: fixtures, time travel and "reset data" never touch
        // real accounts.
        let data_dir = if settings.mode == AppMode::Qa {
            qa_data_dir(&data_dir)
        } else {
            data_dir
        };
        let config = app.config();
        let product = config.product_name.clone().unwrap_or_else(|| "Latchkey".to_owned());
        Ok(state::Options {
            data_dir,
            settings,
            keyring_service: self
                .keyring_service
                .clone()
                .unwrap_or_else(|| config.identifier.clone()),
            device_label: self
                .device_label
                .clone()
                .unwrap_or_else(|| state::device_label(&product)),
            disabled: self.disabled.clone(),
        })
    }
}

/// The QA store inside a data directory: `<data_dir>/qa` (created, mode 0700, on first use).
pub fn qa_data_dir(data_dir: &std::path::Path) -> PathBuf {
    data_dir.join("qa")
}

/// The plugin with every default: data in the OS app-data dir (or `$LATCHKEY_DATA_DIR`), all
/// features on.
pub fn init<R: Runtime>() -> TauriPlugin<R> {
    Builder::new().build()
}

/// How often a server store that was unreachable at start is tried again.
const STORE_RETRY: Duration = Duration::from_secs(2);

/// Opens the store on a task: a kiosk may start before its account server, so an unreachable
/// one is tried again until it answers (the window says so meanwhile); either way the open
/// store is announced. A store that cannot be opened for a reason waiting will not fix (a
/// wrong setting, another application's tables) stays closed: the sentence is in the log, on
/// standard error and, through `store_status`, on screen.
fn spawn_store_open<R: Runtime>(app: tauri::AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let mut logged_at: Option<std::time::Instant> = None;
        loop {
            let state = app.state::<AppState>();
            match state.open_store().await {
                Ok(()) => {
                    if logged_at.is_some() {
                        tracing::info!("the account store answered; carrying on");
                    }
                    break;
                }
                Err(e) if state::is_unreachable(e.as_ref()) => {
                    // At the first failure, then once a minute, not at every try.
                    match logged_at {
                        None => {
                            tracing::error!(error = %e, "the account store is unreachable; retrying every {} s", STORE_RETRY.as_secs())
                        }
                        Some(at) if at.elapsed() < Duration::from_secs(60) => {}
                        Some(_) => tracing::warn!(error = %e, "the account store is still unreachable; retrying"),
                    }
                    logged_at = logged_at
                        .filter(|at| at.elapsed() < Duration::from_secs(60))
                        .or(Some(std::time::Instant::now()));
                }
                Err(e) => {
                    tracing::error!(error = %e, "the account store cannot be opened; restart Latchkey once this is fixed");
                    eprintln!("latchkey: the account store cannot be opened: {e}");
                    return;
                }
            }
            tokio::time::sleep(STORE_RETRY).await;
        }
        first_answers::prepare(&app).await;
        events::store_ready(&app);
    });
}

/// Reaches the plugin's state from the host's Rust code (its own commands' route guards).
pub trait LatchkeyExt<R: Runtime> {
    /// Panics if the plugin was not added (a programming error of the host).
    fn latchkey(&self) -> &AppState;
}

impl<R: Runtime, T: Manager<R>> LatchkeyExt<R> for T {
    fn latchkey(&self) -> &AppState {
        self.state::<AppState>().inner()
    }
}
