//! `Username::parse`: never panics; what it accepts re-parses to the same key.
#![no_main]
use latchkey_core::domain::Username;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    if let Ok(name) = Username::parse(input) {
        let again = Username::parse(name.as_str()).expect("an accepted username parses again");
        assert_eq!(again.key(), name.key());
    }
});
