//! The exporters on arbitrary valid datasets: generated records (`examples/gen`) whose
//! free text is replaced by arbitrary strings made acceptable to the schema; the Akoma
//! Ntoso files must be well-formed XML, the CSV tables parse back with one row per record,
//! the JSON-LD parses, the SQLite database passes its integrity and foreign-key checks.
#![no_main]

#[path = "../../examples/gen/generate.rs"]
mod generate;
#[path = "../../tests/hardening/checks.rs"]
mod checks;

use arbitrary::{Arbitrary, Unstructured};

fn generated(seed: u64, records: usize, emit: &mut dyn FnMut(&str, Vec<u8>)) {
    let config = generate::Config { records, seed, chunk: 40, ..generate::Config::default() };
    generate::generate(&config, emit).expect("generates");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let (Ok(seed), Ok(records)) = (u64::arbitrary(&mut u), u.int_in_range(30..=60)) else { return };
    let Ok(texts) = Vec::<(usize, String)>::arbitrary(&mut u) else { return };
    if let Some(dataset) = checks::hostile_dataset(&generated, seed, records, &texts) {
        checks::exporters(&dataset);
    }
});
