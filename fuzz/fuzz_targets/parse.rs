//! Fuzz target `parse`: see `kizuna_fuzz::check_parse`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kizuna_fuzz::check_parse(data));
