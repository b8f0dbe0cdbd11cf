//! Every invalid fixture under `tests/fixtures/invalid/` (one per rule and per family of
//! schema constraint), with its diagnostics snapshotted in the human and JSON formats.

use anpo::check::check_paths;
use anpo::render::{Format, render};
use std::path::PathBuf;

fn fixtures() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir("tests/fixtures/invalid")
        .expect("fixtures folder")
        .map(|e| e.expect("entry").path())
        .collect();
    found.sort();
    found
}

fn rendered(format: Format, path: &PathBuf) -> String {
    let checked = check_paths(std::slice::from_ref(path)).expect("fixture readable");
    let mut out = Vec::new();
    render(format, &checked.files, &checked.diagnostics, &mut out, false).expect("render");
    String::from_utf8(out).expect("UTF-8 output")
}

fn name(path: &std::path::Path) -> String {
    path.file_stem().and_then(|s| s.to_str()).expect("name").to_string()
}

#[test]
fn each_fixture_fails_with_its_own_rule() {
    for path in fixtures() {
        let checked = check_paths(std::slice::from_ref(&path)).expect("fixture readable");
        let code = name(&path)[..4].to_uppercase();
        assert!(
            checked.diagnostics.iter().any(|d| d.code == code),
            "{} should report {code}, got {:?}",
            path.display(),
            checked.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>()
        );
        for d in &checked.diagnostics {
            assert!(d.location.span.is_some(), "{}: {} is not located", path.display(), d.code);
        }
    }
}

#[test]
fn human_snapshots() {
    for path in fixtures() {
        insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(format!("diagnostics-human-{}", name(&path)), rendered(Format::Human, &path));
        });
    }
}

#[test]
fn json_snapshots() {
    for path in fixtures() {
        insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(format!("diagnostics-json-{}", name(&path)), rendered(Format::Json, &path));
        });
    }
}
