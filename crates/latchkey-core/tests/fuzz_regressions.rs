//! Inputs the fuzz targets in `fuzz/` found, kept as tests of the property they broke.

use latchkey_core::domain::{Phone, Region};

/// `fuzz/fuzz_targets/phone.rs`: a national number of the old seed shape whose stored form
/// the numbering plan reads as another number ("0030 901821546" in DE was stored as
/// "+490030901821546", which parsed again as "+4930901821546").
#[test]
fn a_stored_phone_number_parses_back_to_itself_after_a_seed_shaped_national_input() {
    for region in ["DE", "US", "FR", "GB"] {
        for input in ["0030 901821546", "0030901821546", "00 1 415 555 2671"] {
            let Ok(phone) = Phone::parse(input, Region::parse(region)) else {
                continue;
            };
            let again = Phone::parse(phone.as_str(), None).expect("a stored number parses again");
            assert_eq!(again.as_str(), phone.as_str(), "{input:?} in {region}");
        }
    }
}
