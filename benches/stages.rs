//! Each stage of `anpo` on generated data (`examples/gen`), in process: reading with
//! positions, schema validation, the rules, locating diagnostics, the whole check, and
//! every exporter. Whole-process comparisons with other validators are in
//! `scripts/bench.sh`; results of both are in BENCHMARKS.md.
//!
//! `cargo bench --bench stages` (`ANPO_BENCH_RECORDS` sets the size; default 20 000).

#[path = "../examples/gen/generate.rs"]
mod generate;

use anpo::check::{Checked, check_bytes};
use anpo::export::{EXPORTERS, Input, Settings};
use anpo::schema::{Dictionary, SchemaValidator};
use divan::{Bencher, black_box};
use serde_json::Value;
use std::sync::OnceLock;

/// The allocator of the `anpo` binary, so that the stages cost here what they cost there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

fn records() -> usize {
    std::env::var("ANPO_BENCH_RECORDS").ok().and_then(|n| n.parse().ok()).unwrap_or(20_000)
}

/// The generated files, valid (`faults` 0) or with 1% of the records faulty.
fn files(faults: bool) -> &'static [(String, Vec<u8>)] {
    static VALID: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    static FAULTY: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    let cell = if faults { &FAULTY } else { &VALID };
    cell.get_or_init(|| {
        let n = records();
        let config = generate::Config {
            records: n,
            faults: if faults { n / 100 / 4 } else { 0 },
            stages: generate::Faults::Schema,
            chunk: 5_000,
            ..generate::Config::default()
        };
        let mut files = Vec::new();
        generate::generate(&config, &mut |path, bytes| files.push((path.to_string(), bytes))).expect("generates");
        files
    })
}

fn bytes(faults: bool) -> u64 {
    files(faults).iter().map(|(_, b)| b.len() as u64).sum()
}

fn values() -> &'static [Value] {
    static VALUES: OnceLock<Vec<Value>> = OnceLock::new();
    VALUES.get_or_init(|| files(false).iter().map(|(_, b)| serde_json::from_slice(b).expect("JSON")).collect())
}

fn checked() -> &'static Checked {
    static CHECKED: OnceLock<Checked> = OnceLock::new();
    CHECKED.get_or_init(|| {
        let checked = check_bytes(files(false).to_vec()).expect("in memory");
        assert!(checked.diagnostics.is_empty(), "the generated data is valid");
        checked
    })
}

const SAMPLES: u32 = 10;

/// Reading with positions: UTF-8, JSON into a `Value`, duplicate keys.
#[divan::bench(sample_count = SAMPLES)]
fn read(bencher: Bencher) {
    bencher.counter(divan::counter::BytesCount::new(bytes(false))).bench(|| {
        for (i, (_, b)) in files(false).iter().enumerate() {
            black_box(anpo::syntax::parse(i, b));
        }
    });
}

/// The floor: `serde_json::from_slice` into a `Value`, nothing else.
#[divan::bench(sample_count = SAMPLES)]
fn read_floor(bencher: Bencher) {
    bencher.counter(divan::counter::BytesCount::new(bytes(false))).bench(|| {
        for (_, b) in files(false) {
            black_box(serde_json::from_slice::<Value>(b).expect("JSON"));
        }
    });
}

/// Schema validation of every file (all valid: the fast path).
#[divan::bench(sample_count = SAMPLES)]
fn schema(bencher: Bencher) {
    let validator = SchemaValidator::new();
    let values = values();
    bencher.counter(divan::counter::BytesCount::new(bytes(false))).bench(|| {
        for (i, value) in values.iter().enumerate() {
            assert!(validator.check(i, black_box(value)).is_empty());
        }
    });
}

/// Schema validation with 1% of the records faulty: the error path, with diagnostics.
#[divan::bench(sample_count = SAMPLES)]
fn schema_faulty(bencher: Bencher) {
    let validator = SchemaValidator::new();
    let values: Vec<Value> = files(true).iter().map(|(_, b)| serde_json::from_slice(b).expect("JSON")).collect();
    bencher.counter(divan::counter::BytesCount::new(bytes(true))).bench(|| {
        let found: usize = values.iter().enumerate().map(|(i, v)| validator.check(i, black_box(v)).len()).sum();
        assert!(found > 0);
    });
}

/// The semantic rules on the merged dataset.
#[divan::bench(sample_count = SAMPLES)]
fn rules(bencher: Bencher) {
    let checked = checked();
    let dataset = checked.dataset.as_ref().expect("valid");
    bencher.bench(|| black_box(anpo::rules::run(dataset, &checked.origins)));
}

/// Locating the diagnostics of 1% faulty records (pointer → span).
#[divan::bench(sample_count = SAMPLES)]
fn locate(bencher: Bencher) {
    let checked = check_bytes(files(true).to_vec()).expect("in memory");
    assert!(!checked.diagnostics.is_empty());
    let mut unlocated = checked.diagnostics.clone();
    for d in &mut unlocated {
        d.location.span = None;
    }
    bencher.with_inputs(|| unlocated.clone()).bench_local_values(|mut diagnostics| {
        anpo::locate::resolve(&checked.files, &mut diagnostics);
        diagnostics
    });
}

/// The whole check, in process: read, schema, model, rules; on valid data, and with 1% of
/// the records faulty (every diagnostic located).
#[divan::bench(sample_count = SAMPLES, args = [false, true])]
fn check(bencher: Bencher, faulty: bool) {
    bencher
        .counter(divan::counter::BytesCount::new(bytes(faulty)))
        .with_inputs(|| files(faulty).to_vec())
        .bench_local_values(|files| check_bytes(files).expect("in memory"));
}

/// Each exporter on the valid dataset.
#[divan::bench(sample_count = SAMPLES, args = ["csv", "akn", "jsonld", "sqlite"])]
fn export(bencher: Bencher, format: &str) {
    let dataset = checked().dataset.as_ref().expect("valid");
    let dictionary = Dictionary::new();
    let settings = Settings::default();
    let input = Input { dataset, dictionary: &dictionary, settings: &settings };
    let (_, exporter) = EXPORTERS.iter().find(|(f, _)| f.name() == format).expect("an exporter");
    bencher.bench(|| black_box(exporter(&input)));
}
