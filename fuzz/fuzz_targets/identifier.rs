//! `Identifier::parse` (the sign-in and reset field: email or username): never panics; what
//! it accepts re-parses to the same key.
#![no_main]
use latchkey_core::domain::Identifier;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    if let Ok(identifier) = Identifier::parse(input) {
        let again = Identifier::parse(identifier.as_str()).expect("an accepted identifier parses again");
        assert_eq!(again.key(), identifier.key());
    }
});
