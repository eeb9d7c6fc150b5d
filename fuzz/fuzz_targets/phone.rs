//! `Phone::parse` with and without a default region: never panics; an accepted number is
//! stored in E.164, which parses again (without a region) to itself.
#![no_main]
use latchkey_core::domain::{Phone, Region};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    for region in [Region::parse("US"), Region::parse("DE"), None] {
        if let Ok(phone) = Phone::parse(input, region) {
            let again = Phone::parse(phone.as_str(), None).expect("an E.164 number parses again");
            assert_eq!(again.as_str(), phone.as_str());
        }
    }
});
