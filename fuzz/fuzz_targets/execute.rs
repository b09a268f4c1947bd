//! Fuzz target `execute`: see `kizuna_fuzz::check_execute`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kizuna_fuzz::check_execute(data));
