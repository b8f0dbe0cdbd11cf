//! The synthetic data generator (`examples/gen`): its output passes every check with no
//! warning, and every fault it plants is reported, located, and nothing else is.

#[path = "../examples/gen/generate.rs"]
mod generate;

use anpo::check::{Checked, check_bytes};
use generate::{Config, Faults, Planted};
use std::collections::BTreeSet;

fn config(records: usize, faults: usize, stages: Faults) -> Config {
    // Small files, so that every kind spans several of them.
    Config { records, seed: 1960, faults, stages, chunk: 97 }
}

fn generated(config: &Config) -> (Vec<(String, Vec<u8>)>, Vec<Planted>) {
    let mut files = Vec::new();
    let planted =
        generate::generate(config, &mut |path, bytes| files.push((path.to_string(), bytes))).expect("generates");
    files.sort();
    (files, planted)
}

fn check(files: Vec<(String, Vec<u8>)>) -> Checked {
    check_bytes(files).expect("no I/O in memory")
}

/// (code, file, pointer) of every diagnostic, each checked to be located inside its file.
fn reported(checked: &Checked) -> BTreeSet<(String, String, String)> {
    checked
        .diagnostics
        .iter()
        .map(|d| {
            let file = checked.files.get(d.location.file);
            let span = d.location.span.unwrap_or_else(|| panic!("{} at {} has no span", d.code, d.location.pointer));
            assert!(span.start <= span.end && span.end <= file.text.len(), "{} span outside the file", d.code);
            let (line, column) = file.line_col(span.start);
            assert!(line >= 1 && line <= file.line_count() && column >= 1);
            (d.code.to_string(), file.name.clone(), d.location.pointer.clone())
        })
        .collect()
}

fn expected(planted: &[Planted], stage: &str) -> BTreeSet<(String, String, String)> {
    planted
        .iter()
        .filter(|p| p.stage == stage)
        .map(|p| (p.code.to_string(), p.file.clone(), p.pointer.clone()))
        .collect()
}

#[test]
fn a_generated_dataset_passes_every_check_without_warnings() {
    let (files, planted) = generated(&config(1200, 0, Faults::All));
    assert!(planted.is_empty());
    assert!(files.len() > 12, "several files per kind: {}", files.len());
    let text: String = files.iter().map(|(_, b)| String::from_utf8_lossy(b)).collect();
    for sample in ["安保", "Ōno", "São Paulo", "“"] {
        assert!(text.contains(sample), "no {sample:?} in the generated text");
    }
    let checked = check(files);
    let problems: Vec<String> =
        checked.diagnostics.iter().map(|d| format!("{} {} {}", d.code, d.location.pointer, d.message)).collect();
    assert!(problems.is_empty(), "{problems:#?}");
    let dataset = checked.dataset.expect("a dataset");
    let records = dataset.instruments.len()
        + dataset.articles.len()
        + dataset.events.len()
        + dataset.actors.len()
        + dataset.places.len()
        + dataset.figures.len()
        + dataset.positions.len()
        + dataset.sources.len();
    assert_eq!(records, 1200);
    assert!(dataset.dataset.is_some());
    assert!(dataset.events.iter().any(|e| e.date.contains('/')), "some intervals");
    assert!(dataset.events.iter().any(|e| e.date.len() == 4), "some years");
    assert!(dataset.places.iter().any(|p| p.within.is_some()));
    assert!(dataset.actors.iter().any(|a| a.part_of.is_some()));
}

#[test]
fn generation_is_deterministic_and_the_seed_matters() {
    let a = generated(&config(300, 2, Faults::All));
    let b = generated(&config(300, 2, Faults::All));
    assert_eq!(a, b);
    let c = generated(&Config { seed: 7, ..config(300, 2, Faults::All) });
    assert_ne!(a.0, c.0);
}

#[test]
fn every_planted_schema_fault_is_reported_and_nothing_else() {
    let (files, planted) = generated(&config(1200, 4, Faults::Schema));
    assert_eq!(planted.len(), 4 * 4);
    let checked = check(files);
    assert_eq!(reported(&checked), expected(&planted, "schema"));
}

#[test]
fn every_planted_rule_fault_is_reported_and_nothing_else() {
    let (files, planted) = generated(&config(1200, 4, Faults::Rules));
    assert_eq!(planted.len(), 5 * 4);
    let checked = check(files);
    assert!(checked.rules_ran);
    assert_eq!(reported(&checked), expected(&planted, "rules"));
}

#[test]
fn with_faults_of_both_stages_every_fault_of_the_stages_run_is_reported() {
    let (files, planted) = generated(&config(1200, 2, Faults::All));
    assert_eq!(planted.len(), 9 * 2);
    let checked = check(files);
    let mut wanted = expected(&planted, "schema");
    if checked.rules_ran {
        wanted.extend(expected(&planted, "rules"));
    }
    assert_eq!(reported(&checked), wanted);
}

#[test]
fn the_written_directory_names_a_schema_that_exists() {
    let dir = tempfile::tempdir().expect("tempdir");
    let written = generate::write_dir(&config(300, 1, Faults::Rules), dir.path()).expect("writes");
    assert_eq!(written.planted.len(), 5);
    let faults: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("faults.json")).expect("faults.json")).expect("JSON");
    assert_eq!(faults.as_array().map(Vec::len), Some(5));
    for entry in std::fs::read_dir(dir.path().join("data")).expect("data/") {
        let path = entry.expect("entry").path();
        let value: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("JSON");
        let schema = value["$schema"].as_str().expect("names its schema");
        let target = path.parent().expect("in data/").join(schema);
        let text = std::fs::read_to_string(&target).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
        assert_eq!(text, anpo::schema::SCHEMA_TEXT);
    }
}

#[test]
fn too_many_faults_are_refused() {
    let max = generate::max_faults(300);
    assert!(generate::generate(&config(300, max + 1, Faults::All), &mut |_, _| {}).is_err());
    assert!(generate::generate(&config(29, 0, Faults::All), &mut |_, _| {}).is_err());
}
