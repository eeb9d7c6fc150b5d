//! `ProfilePicture::from_upload` (the image decoders behind it: PNG, JPEG, WebP): never panics
//! and never allocates past its limits (libFuzzer's -rss_limit_mb catches that); what it accepts
//! is a 256×256 JPEG.
#![no_main]
use latchkey_core::ProfilePicture;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    if let Ok(picture) = ProfilePicture::from_upload(input) {
        let bytes = picture.bytes();
        assert_eq!(&bytes[..2], b"\xff\xd8", "a JPEG");
        // The SOF0 marker's height and width.
        let sof = bytes.windows(2).position(|w| w == b"\xff\xc0").expect("a baseline JPEG");
        let height = u16::from_be_bytes([bytes[sof + 5], bytes[sof + 6]]);
        let width = u16::from_be_bytes([bytes[sof + 7], bytes[sof + 8]]);
        assert_eq!((width, height), (256, 256));
    }
});
