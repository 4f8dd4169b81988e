#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| shoptrip::fuzzing::snapshot(data));
