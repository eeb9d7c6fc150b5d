//! Integration tests of the account flows: one binary, each test on its own SQLite file in a
//! temporary directory, time moved with `ManualClock`.

mod admin;
mod events;
mod helpers;
mod log_in;
mod parsers;
mod pre_registration;
mod profile;
mod races;
mod register;
mod reset_password;
mod security;
mod sessions;
mod verify_email;
