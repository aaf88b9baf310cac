//! See `sapar::fuzzing::markdown` for what this target feeds and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sapar::fuzzing::markdown(data));
