//! The Mail settings screen's fields: `SmtpUrl::parse`, the sender and a test recipient.
//! Never panic; an accepted URL's canonical form (what is saved and shown back) parses
//! again to the same settings.
#![no_main]
use latchkey_core::mail::SmtpUrl;
use latchkey_core::mail::settings::{parse_mail_from, parse_recipient};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    if let Ok(url) = SmtpUrl::parse(input) {
        let saved = url.to_string();
        let again = SmtpUrl::parse(&saved).unwrap_or_else(|e| panic!("{saved:?} does not parse again: {e}"));
        assert_eq!(again, url, "{input:?} saved as {saved:?}");
    }
    let _ = parse_mail_from(input);
    let _ = parse_recipient(input);
});
