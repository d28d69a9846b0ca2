#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jobspor_fuzz::questionnaire_definition(data));
