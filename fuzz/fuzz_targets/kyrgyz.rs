//! See `sapar::fuzzing::kyrgyz` for what this target feeds and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sapar::fuzzing::kyrgyz(data));
