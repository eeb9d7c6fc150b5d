//! `Password::parse` (length, common list, zxcvbn with the person's other fields) and the
//! live strength meter: never panic, on any Unicode.
#![no_main]
use latchkey_core::domain::{Password, PasswordPolicy, password_strength};
use libfuzzer_sys::fuzz_target;
use secrecy::SecretString;

fuzz_target!(|data: (&str, &str)| {
    let (candidate, user_input) = data;
    let _ = password_strength(candidate, &[user_input]);
    let _ = Password::parse(
        SecretString::from(candidate),
        PasswordPolicy { min_chars: 8 },
        &[user_input],
        "password",
    );
});
