//! `anpo diff` end to end: planted changes in a copy of the canonical data, read back
//! through `--format json` decoded with serde as a downstream tool would; the input
//! layouts (file, directory, release folder); exit codes; and golden output of the three
//! formats for the fixture pair under `tests/fixtures/diff/`.

use assert_cmd::Command;
use serde::Deserialize;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn anpo() -> Command {
    let mut cmd = Command::cargo_bin("anpo").expect("binary");
    cmd.env_remove("NO_COLOR");
    cmd
}

/// `--format json` output, decoded with the members its documentation names.
#[derive(Debug, PartialEq, Deserialize)]
struct Diff {
    old_version: Option<String>,
    new_version: Option<String>,
    dataset: Vec<Field>,
    added: Vec<Record>,
    removed: Vec<Record>,
    changed: Vec<Changed>,
    summary: Summary,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Record {
    kind: String,
    id: String,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Changed {
    kind: String,
    id: String,
    fields: Vec<Field>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Field {
    path: String,
    old: Option<Value>,
    new: Option<Value>,
    #[serde(default)]
    added: Option<Vec<String>>,
    #[serde(default)]
    removed: Option<Vec<String>>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Summary {
    added: usize,
    removed: usize,
    changed: usize,
}

fn record(kind: &str, id: &str) -> Record {
    Record { kind: kind.to_string(), id: id.to_string() }
}

/// Run `anpo diff OLD NEW --format json`, expect exit 0, decode stdout.
fn json_diff(old: &Path, new: &Path) -> Diff {
    let output = anpo().args(["diff", "--format", "json"]).arg(old).arg(new).output().expect("run");
    assert_eq!(
        output.status.code(),
        Some(0),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("stdout is the documented JSON object")
}

fn stdout(old: &Path, new: &Path, format: &str) -> String {
    let output = anpo().args(["diff", "--format", format]).arg(old).arg(new).output().expect("run");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stdout));
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

fn data_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("data")
        .expect("data folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// A copy of `data/` in `dir`.
fn copy_data(dir: &Path) {
    std::fs::create_dir_all(dir).expect("mkdir");
    for file in data_files() {
        std::fs::copy(&file, dir.join(file.file_name().expect("name"))).expect("copy");
    }
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("JSON")
}

fn write_json(path: &Path, value: &Value) {
    std::fs::write(path, serde_json::to_string_pretty(value).expect("JSON") + "\n").expect("write");
}

fn records<'a>(file: &'a mut Value, collection: &str) -> &'a mut Vec<Value> {
    file[collection].as_array_mut().expect("a collection")
}

/// A copy of `data/` with three planted changes: the title of event `curfew-2008`
/// changed, event `curfew-2008-lifted` added, figure `curfew-2008-hours` (which nothing
/// refers to) removed. Returns the old title and the new one.
fn plant_changes(dir: &Path) -> (String, String) {
    copy_data(dir);
    let events_path = dir.join("events.json");
    let mut events = read_json(&events_path);
    let curfew = records(&mut events, "events")
        .iter_mut()
        .find(|e| e["id"] == "curfew-2008")
        .expect("event curfew-2008 in the canonical data");
    let old_title = curfew["title"].as_str().expect("a title").to_string();
    let new_title = "Round-the-clock curfew on US military personnel".to_string();
    curfew["title"] = json!(new_title);
    records(&mut events, "events").push(json!({
        "id": "curfew-2008-lifted",
        "kind": "curfew",
        "date": "2008~",
        "title": "Curfew on US military personnel lifted",
        "summary": "The temporary curfew was lifted.",
        "participants": [{ "actor": "us-military", "role": "Lifted the curfew" }],
        "sources": ["wikipedia-treaty-1960"]
    }));
    write_json(&events_path, &events);

    let figures_path = dir.join("figures.json");
    let mut figures = read_json(&figures_path);
    let list = records(&mut figures, "figures");
    let before = list.len();
    list.retain(|f| f["id"] != "curfew-2008-hours");
    assert_eq!(list.len(), before - 1, "figure curfew-2008-hours in the canonical data");
    write_json(&figures_path, &figures);
    (old_title, new_title)
}

fn version() -> Option<String> {
    read_json(Path::new("data/dataset.json"))["dataset"]["version"].as_str().map(str::to_string)
}

#[test]
fn planted_changes_are_reported_exactly() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let planted = tmp.path().join("data");
    let (old_title, new_title) = plant_changes(&planted);
    anpo().args(["validate"]).arg(&planted).assert().code(0);

    let diff = json_diff(Path::new("data"), &planted);
    assert_eq!(
        diff,
        Diff {
            old_version: version(),
            new_version: version(),
            dataset: vec![],
            added: vec![record("event", "curfew-2008-lifted")],
            removed: vec![record("figure", "curfew-2008-hours")],
            changed: vec![Changed {
                kind: "event".into(),
                id: "curfew-2008".into(),
                fields: vec![Field {
                    path: "title".into(),
                    old: Some(json!(old_title)),
                    new: Some(json!(new_title)),
                    added: None,
                    removed: None,
                }],
            }],
            summary: Summary { added: 1, removed: 1, changed: 1 },
        }
    );

    // The other way round, added and removed swap.
    let back = json_diff(&planted, Path::new("data"));
    assert_eq!(back.added, vec![record("figure", "curfew-2008-hours")]);
    assert_eq!(back.removed, vec![record("event", "curfew-2008-lifted")]);
    assert_eq!(back.changed[0].fields[0].old, Some(json!(new_title)));
}

#[test]
fn planted_changes_in_human_and_markdown() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let planted = tmp.path().join("data");
    plant_changes(&planted);

    let human = stdout(Path::new("data"), &planted, "human");
    assert!(human.contains("events\n  ~ curfew-2008\n      title: "), "{human}");
    assert!(human.contains("  + curfew-2008-lifted\n"), "{human}");
    assert!(human.contains("figures\n  - curfew-2008-hours\n"), "{human}");
    assert!(human.ends_with("\n\n1 added, 1 removed, 1 changed\n"), "{human}");

    let markdown = stdout(Path::new("data"), &planted, "markdown");
    let heading = format!("## Changes since {}\n", version().expect("a version"));
    assert!(markdown.starts_with(&heading), "{markdown}");
    assert!(markdown.contains("### Added\n\n- event `curfew-2008-lifted`\n"), "{markdown}");
    assert!(markdown.contains("### Removed\n\n- figure `curfew-2008-hours`\n"), "{markdown}");
    assert!(markdown.contains("### Changed\n\n- event `curfew-2008`\n  - `title`: `"), "{markdown}");
}

#[test]
fn identical_datasets_have_no_changes() {
    let diff = json_diff(Path::new("data"), Path::new("data"));
    assert!(diff.dataset.is_empty() && diff.added.is_empty() && diff.removed.is_empty() && diff.changed.is_empty());
    assert_eq!(diff.summary, Summary { added: 0, removed: 0, changed: 0 });
    assert_eq!(diff.old_version, diff.new_version);

    assert_eq!(stdout(Path::new("data"), Path::new("data"), "human"), "no differences\n");
    let markdown = stdout(Path::new("data"), Path::new("data"), "markdown");
    assert!(markdown.ends_with("\n\nNo changes.\n"), "{markdown}");
}

#[test]
fn a_file_and_a_directory_with_the_same_records_are_the_same() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut merged = serde_json::Map::new();
    for file in data_files() {
        let Value::Object(members) = read_json(&file) else { panic!("{} is not an object", file.display()) };
        for (key, value) in members {
            match value {
                Value::Array(items) => {
                    merged.entry(key).or_insert_with(|| json!([])).as_array_mut().expect("array").extend(items)
                }
                other if key == "dataset" => {
                    merged.insert(key, other);
                }
                _ => {}
            }
        }
    }
    let file = tmp.path().join("all.json");
    write_json(&file, &Value::Object(merged));

    let diff = json_diff(&file, Path::new("data"));
    assert_eq!(diff.summary, Summary { added: 0, removed: 0, changed: 0 });
    assert!(diff.dataset.is_empty());

    let planted = tmp.path().join("planted");
    plant_changes(&planted);
    let diff = json_diff(&file, &planted);
    assert_eq!(diff.summary, Summary { added: 1, removed: 1, changed: 1 });
}

#[test]
fn a_release_folder_is_read_from_its_data_subfolder() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let release = tmp.path().join("1.0.0");
    copy_data(&release.join("data"));
    // Neither is a data file: read as data, both would be invalid.
    std::fs::write(release.join("manifest.json"), r#"{ "name": "anpo", "version": "1.0.0", "files": [] }"#)
        .expect("write");
    std::fs::create_dir_all(release.join("csv")).expect("mkdir");
    std::fs::write(release.join("csv/datapackage.json"), r#"{ "profile": "tabular-data-package" }"#).expect("write");

    let diff = json_diff(&release, Path::new("data"));
    assert_eq!(diff.summary, Summary { added: 0, removed: 0, changed: 0 });

    let planted = tmp.path().join("planted");
    plant_changes(&planted);
    let diff = json_diff(&release, &planted);
    assert_eq!(diff.added, vec![record("event", "curfew-2008-lifted")]);
    assert_eq!(diff.removed, vec![record("figure", "curfew-2008-hours")]);

    // Without `data/` beside it, a manifest makes no release folder: it is read as data.
    let not_release = tmp.path().join("plain");
    std::fs::create_dir_all(&not_release).expect("mkdir");
    std::fs::copy(release.join("manifest.json"), not_release.join("manifest.json")).expect("copy");
    anpo().arg("diff").arg(&not_release).arg("data").assert().code(1);
}

#[test]
fn an_invalid_side_prints_its_diagnostics_and_exits_1() {
    let invalid = Path::new("tests/fixtures/invalid/r202-dangling-reference.json");
    for (old, new, side) in [(invalid, Path::new("data"), "old"), (Path::new("data"), invalid, "new")] {
        for format in ["human", "json", "markdown"] {
            let output = anpo().args(["diff", "--format", format]).arg(old).arg(new).output().expect("run");
            assert_eq!(output.status.code(), Some(1), "{side} side invalid, --format {format}");
            let text = String::from_utf8_lossy(&output.stdout);
            assert!(text.contains("R202"), "{text}");
            assert!(text.contains(&format!("the {side} dataset ({}) is invalid", invalid.display())), "{text}");
            assert!(!text.contains("added"), "nothing compared: {text}");
            if format == "json" {
                let document: serde_json::Value = serde_json::from_str(&text).expect("one JSON document");
                assert_eq!(document["invalid"][0]["side"], side);
                assert_eq!(document["invalid"][0]["diagnostics"][0]["rule"], "R202");
            }
            assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
        }
    }
}

#[test]
fn both_sides_invalid_report_both() {
    let invalid = "tests/fixtures/invalid/r202-dangling-reference.json";
    let output = anpo().args(["diff", invalid, invalid]).output().expect("run");
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("the old dataset") && text.contains("the new dataset"), "{text}");
}

#[test]
fn a_missing_path_is_an_io_error() {
    let assert = anpo().args(["diff", "data", "no/such/dir"]).assert().code(2);
    let output = assert.get_output();
    assert!(String::from_utf8_lossy(&output.stderr).contains("no/such/dir"));
    assert!(output.stdout.is_empty());
}

#[test]
fn differences_still_exit_0() {
    anpo().args(["diff", "tests/fixtures/diff/old.json", "tests/fixtures/diff/new.json"]).assert().code(0);
}

#[test]
fn the_library_gives_what_the_command_prints() {
    let read = |path: &str| {
        let checked = anpo::check::check_paths(&[PathBuf::from(path)]).expect("readable");
        checked.valid_dataset(false).expect("valid").clone()
    };
    let changes = anpo::diff::diff(&read("tests/fixtures/diff/old.json"), &read("tests/fixtures/diff/new.json"));
    let old = Path::new("tests/fixtures/diff/old.json");
    let new = Path::new("tests/fixtures/diff/new.json");
    assert_eq!(anpo::diff::markdown(&changes), stdout(old, new, "markdown"));
    assert_eq!(anpo::diff::human(&changes), stdout(old, new, "human"));
    assert_eq!(anpo::diff::json(&changes), stdout(old, new, "json"));
}

#[test]
fn fixture_snapshots() {
    let old = Path::new("tests/fixtures/diff/old.json");
    let new = Path::new("tests/fixtures/diff/new.json");
    for format in ["human", "json", "markdown"] {
        insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(format!("diff-{format}"), stdout(old, new, format));
        });
    }
}

#[test]
fn fixture_changes_decoded() {
    let diff = json_diff(Path::new("tests/fixtures/diff/old.json"), Path::new("tests/fixtures/diff/new.json"));
    assert_eq!(diff.old_version.as_deref(), Some("1.0.0"));
    assert_eq!(diff.new_version.as_deref(), Some("1.1.0"));
    let version = diff.dataset.iter().find(|f| f.path == "version").expect("version changed");
    assert_eq!((version.old.clone(), version.new.clone()), (Some(json!("1.0.0")), Some(json!("1.1.0"))));
    let keywords = diff.dataset.iter().find(|f| f.path == "keywords").expect("keywords changed");
    assert_eq!(keywords.added, Some(vec!["日米安保".to_string()]));
    assert_eq!(keywords.removed, Some(vec![]));
    assert_eq!(diff.removed, vec![record("event", "protests-1960"), record("place", "tokyo")]);

    let signing = diff.changed.iter().find(|c| c.id == "treaty-1960-signing").expect("signing changed");
    let field = |path: &str| signing.fields.iter().find(|f| f.path == path).expect(path);
    assert_eq!(signing.fields.len(), 3);
    assert_eq!(field("notes").old, None);
    assert_eq!(field("participants/1/role").new, Some(json!("Signed for the United States")));
    assert_eq!(field("sources").added, Some(vec!["wikipedia-anpo-protests".to_string()]));

    let treaty = diff.changed.iter().find(|c| c.id == "treaty-1960").expect("treaty changed");
    let reordered = treaty.fields.iter().find(|f| f.path == "signed/signatories").expect("signatories");
    assert_eq!((reordered.added.clone(), reordered.removed.clone()), (Some(vec![]), Some(vec![])));
}
