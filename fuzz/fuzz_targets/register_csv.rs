#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jobspor_fuzz::register_csv(data));
