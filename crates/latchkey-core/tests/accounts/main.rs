//! Integration tests of the account flows: one binary, each test on its own SQLite file in a
//! temporary directory, time moved with `ManualClock`.

mod admin;
#[path = "../support/backend.rs"]
mod backend;
mod events;
mod helpers;
mod log_in;
mod many_writers;
mod my_account;
mod parsers;
mod phone;
mod pre_registration;
mod profile;
mod races;
mod register;
mod reset_password;
mod security;
mod server_store;
mod sessions;
mod verify_email;
