//! `PersonName::parse`: never panics; what it accepts re-parses to itself.
#![no_main]
use latchkey_core::domain::PersonName;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    if let Ok(name) = PersonName::parse(input, "firstName") {
        let again = PersonName::parse(name.as_str(), "firstName").expect("an accepted name parses again");
        assert_eq!(again.as_str(), name.as_str());
    }
});
