//! `Email::parse`: never panics; what it accepts re-parses to the same address and key.
#![no_main]
use latchkey_core::domain::Email;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    if let Ok(email) = Email::parse(input) {
        let again = Email::parse(email.as_str()).expect("an accepted address parses again");
        assert_eq!(again.key(), email.key());
    }
});
