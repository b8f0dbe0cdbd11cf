//! The reader and the whole check on arbitrary bytes: never a panic, every diagnostic
//! located inside the file (see `tests/hardening/checks.rs`).
#![no_main]

#[path = "../../tests/hardening/checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::reader(data);
});
