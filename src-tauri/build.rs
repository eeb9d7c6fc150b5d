// The app manifest lists every command the UI may call; the capability in
// capabilities/default.json grants exactly these and nothing else.
const COMMANDS: &[&str] = &[
    "app_info",
    "register",
    "check_registration",
    "verify_email",
    "resend_code",
    "code_status",
    "log_in",
    "request_password_reset",
    "reset_password",
    "password_strength",
    "restore_session",
    "current_account",
    "log_out",
    "log_out_everywhere",
    "list_sessions",
    "recent_activity",
    "mailbox_list",
    "mailbox_read",
    "mail_settings_get",
    "mail_settings_save",
    "mail_send_test",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script failed");
}
