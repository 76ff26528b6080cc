//! Any string through the field-spec parser: an error or a spec, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use simgate::FieldSpec;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(spec) = FieldSpec::parse(text, false) {
            if let Some(t) = spec.threshold {
                assert!((-1.0..=1.0).contains(&t));
            }
        }
    }
});
