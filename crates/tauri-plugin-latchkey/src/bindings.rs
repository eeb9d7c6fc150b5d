//! The TypeScript declarations of everything the commands and events carry, generated from the
//! Rust types (ts-rs) into `guest-js/bindings.d.ts`, so the web side's types cannot drift from
//! what Rust sends. `cargo test -p tauri-plugin-latchkey` fails when the file is stale; run it
//! with `LATCHKEY_BLESS=1` to rewrite the file.

use std::path::PathBuf;

use ts_rs::{Config, TS};

use crate::commands::{account, app, locale, mail, session};
use crate::{error, events};
use latchkey_core as core;

/// One `export type` per type, in a stable order.
fn declarations() -> String {
    let cfg = Config::default();
    let mut out = String::from(
        "// Generated from the Rust types by ts-rs (crates/tauri-plugin-latchkey/src/bindings.rs).\n\
         // Do not edit: change the Rust type, then run LATCHKEY_BLESS=1 cargo test -p tauri-plugin-latchkey bindings\n\n",
    );
    macro_rules! decl {
        ($($t:ty),* $(,)?) => {$(
            out.push_str("export ");
            out.push_str(&<$t>::decl(&cfg));
            out.push('\n');
        )*};
    }
    out.push_str("export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]?: JsonValue } | null;\n");
    decl!(
        core::ErrorCode,
        core::FieldError,
        error::CommandError,
        core::AccountId,
        core::Timestamp,
        core::AccountView,
        core::SessionId,
        core::SessionView,
        core::CodePurpose,
        core::CodeState,
        core::CodeStatus,
        core::PendingEmailChange,
        core::Registered,
        core::register::RegistrationHandle,
        core::ResetRequested,
        core::Strength,
        core::mail::OutboxId,
        core::mail::MailPurpose,
        core::mail::OutboxStatus,
        core::mail::mailbox::MailboxEntry,
        core::mail::mailbox::MailboxMessage,
        core::mail::DeliveryStatus,
        core::phone::PhoneStatus,
        core::sign_in_code::SignInCodeRequested,
        core::sign_in_code::CodeChannel,
        core::sms::inbox::SmsMessage,
        core::mail::SettingsSource,
        core::mail::SendTestOutcome,
        app::AppInfo,
        app::StoreStatus,
        app::StoreState,
        app::DatabaseInfo,
        app::MailInfo,
        app::FeaturesInfo,
        app::KioskInfo,
        app::QaInfo,
        mail::MailSettingsView,
        locale::Catalogue,
        session::SignedInView,
        session::RestoredSession,
        session::ActivityView,
        events::SignedOut,
        events::SignedOutReason,
        core::RegistrationMode,
        core::roles::RoleInfo,
        account::RegistrationOptions,
        core::invites::InvitedPerson,
        core::invites::MyInvites,
        core::invites::InviteState,
        core::invites::InviteView,
        core::admin::LockView,
        core::admin::AdminAccountView,
        core::admin::AdminAccountDetail,
        core::admin::AuditEntry,
    );
    out
}

#[test]
fn bindings_d_ts_is_generated_from_the_current_rust_types() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("guest-js/bindings.d.ts");
    let fresh = declarations();
    if std::env::var_os("LATCHKEY_BLESS").is_some() {
        std::fs::write(&path, &fresh).expect("write bindings.d.ts");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "guest-js/bindings.d.ts is stale: run `LATCHKEY_BLESS=1 cargo test -p tauri-plugin-latchkey bindings` and commit it"
    );
}
