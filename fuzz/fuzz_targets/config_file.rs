//! The config file (TOML → `Config`, then validation): never panics; an accepted config
//! validates.
#![no_main]
use std::path::Path;

use latchkey_core::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(config) = Config::from_sources(Some((Path::new("latchkey.toml"), text)), |_| None) {
        config.validate().expect("an accepted config is valid");
    }
});
