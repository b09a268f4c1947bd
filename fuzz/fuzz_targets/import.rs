//! Fuzz target `import`: see `kizuna_fuzz::check_import`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kizuna_fuzz::check_import(data));
