//! `--output-format junit`: a test suite per file, a test case per record (and one for the
//! file), a failure per error with its location; warnings in the test case's output.
//! (Validity against Jenkins' JUnit schema is checked in the conformance script.)

mod common;
use common::{anpo_in, copy_data};

#[test]
fn junit_has_a_suite_per_file_a_case_per_record_and_a_failure_per_error() {
    let dir = tempfile::tempdir().unwrap();
    copy_data(dir.path());
    let junit = |args: &[&str]| {
        let output = anpo_in(dir.path()).args(["validate", "--output-format", "junit"]).args(args).output().unwrap();
        (output.status.code(), String::from_utf8(output.stdout).unwrap())
    };
    let (code, clean) = junit(&["data"]);
    assert_eq!(code, Some(0));
    assert!(clean.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"anpo\""), "{clean}");
    let files = std::fs::read_dir(dir.path().join("data")).unwrap().count();
    assert_eq!(clean.matches("<testsuite ").count(), files);
    let dataset = anpo::check::check_paths(&[dir.path().join("data")]).unwrap();
    let records = dataset.dataset.as_ref().unwrap().records().count();
    assert_eq!(clean.matches("<testcase ").count(), records + files, "a case per record and per file");
    assert!(clean.contains("<testcase name=\"/events/0 condoleezza-rice-apology\" classname=\"data/events.json\"/>"));
    assert!(!clean.contains("<failure"));

    let events = dir.path().join("data/events.json");
    let text = std::fs::read_to_string(&events).unwrap();
    std::fs::write(&events, text.replacen("\"condoleezza-rice\"", "\"condoleeza-rice\"", 1)).unwrap();
    let (code, planted) = junit(&["data"]);
    assert_eq!(code, Some(1));
    assert_eq!(planted.matches("<failure ").count(), 1, "{planted}");
    let case = planted.split("<testcase name=\"/events/0 condoleezza-rice-apology\"").nth(1).unwrap();
    let case = &case[..case.find("</testcase>").unwrap()];
    assert!(case.contains("<failure type=\"R202\" message=\"`participants.actor` names `condoleeza-rice`"), "{case}");
    assert!(case.contains("data/events.json:13:20: error[R202]"), "{case}");
    assert!(planted.contains("failures=\"1\""));
    // The actor no longer referred to: a warning, in the output of its case, not a failure.
    assert!(planted.contains("<system-out>data/actors.json:") && planted.contains("warning[W302]"), "{planted}");
    let (_, denied) = junit(&["--deny-warnings", "data"]);
    assert_eq!(denied.matches("<failure ").count(), 2);
    assert_eq!(junit(&["data"]).1, planted, "the same bytes each run");
}
