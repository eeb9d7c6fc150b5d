//! Tauri commands: parse input, call the core, map errors. Grouped by flow; the UI's side of
//! this contract is docs/COMMANDS.md.

pub mod account;
pub mod admin;
pub mod app;
pub mod kiosk;
pub mod locale;
pub mod mail;
pub mod phone;
pub mod profile;
pub mod qa;
pub mod session;
