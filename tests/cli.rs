//! The binary end to end: exit codes, output formats, and the bad inputs that must give
//! a located diagnostic and exit 1 (never a panic, a hang or a stack overflow).

use assert_cmd::Command;
use serde::Deserialize;
use std::path::Path;

fn anpo() -> Command {
    let mut cmd = Command::cargo_bin("anpo").expect("binary");
    cmd.env_remove("NO_COLOR");
    cmd
}

/// One diagnostic of `--format json`, decoded as a downstream tool would.
#[derive(Debug, Deserialize)]
struct JsonDiagnostic {
    file: String,
    line: usize,
    column: usize,
    pointer: String,
    rule: String,
    severity: String,
    message: String,
}

fn json_diagnostics(path: &Path) -> (i32, Vec<JsonDiagnostic>) {
    let output = anpo().args(["validate", "--format", "json"]).arg(path).output().expect("run");
    let code = output.status.code().expect("exit code");
    let diagnostics = serde_json::from_slice(&output.stdout).expect("stdout is a JSON array of diagnostics");
    (code, diagnostics)
}

#[test]
fn canonical_data_is_valid() {
    anpo().args(["validate", "--deny-warnings", "data"]).assert().code(0);
}

#[test]
fn missing_path_is_a_usage_error() {
    let assert = anpo().args(["validate", "no/such/dir"]).assert().code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("no/such/dir"), "{stderr}");
    assert!(assert.get_output().stdout.is_empty());
}

#[test]
fn unknown_flag_is_a_usage_error() {
    anpo().args(["validate", "--no-such-flag"]).assert().code(2);
}

#[test]
fn every_subcommand_has_help_with_an_example() {
    for sub in ["validate", "export"] {
        let out = anpo().args([sub, "--help"]).output().expect("run");
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Examples:") && text.contains(&format!("anpo {sub}")), "{sub}: {text}");
    }
}

#[test]
fn warnings_fail_only_when_denied() {
    let fixture = "tests/fixtures/invalid/w301-unused-source.json";
    anpo().args(["validate", fixture]).assert().code(0);
    anpo().args(["validate", "--deny-warnings", fixture]).assert().code(1);
}

#[test]
fn json_format_is_decodable_and_located() {
    let (code, diagnostics) = json_diagnostics(Path::new("tests/fixtures/invalid/r202-dangling-reference.json"));
    assert_eq!(code, 1);
    let d = diagnostics.iter().find(|d| d.rule == "R202").expect("R202 reported");
    assert_eq!(d.file, "tests/fixtures/invalid/r202-dangling-reference.json");
    assert_eq!(d.pointer, "/instruments/0/signed/place");
    assert_eq!(d.severity, "error");
    assert!(d.line > 1 && d.column > 1);
    assert!(d.message.contains("washingtn"), "{}", d.message);
}

#[test]
fn github_format_prints_workflow_commands() {
    let out = anpo()
        .args(["validate", "--format", "github", "tests/fixtures/invalid/r202-dangling-reference.json"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines().any(|l| l.starts_with("::error file=tests/fixtures/invalid/r202-dangling-reference.json,line=")),
        "{text}"
    );
}

#[test]
fn human_format_has_no_colour_off_a_terminal() {
    let out = anpo().args(["validate", "tests/fixtures/invalid/r202-dangling-reference.json"]).output().expect("run");
    assert!(!out.stdout.contains(&0x1b), "escape codes in piped output");
    let forced = anpo()
        .args(["validate", "--color", "always", "tests/fixtures/invalid/r202-dangling-reference.json"])
        .output()
        .expect("run");
    assert!(forced.stdout.contains(&0x1b), "no escape codes with --color always");
}

#[test]
fn max_errors_caps_the_output_but_not_the_count_or_the_exit_code() {
    let path = Path::new("tests/fixtures/invalid/j105-pattern.json");
    let (_, all) = json_diagnostics(path);
    assert!(all.len() >= 2, "the fixture has several diagnostics");
    let output = anpo().args(["validate", "--format", "json", "--max-errors", "1"]).arg(path).output().expect("run");
    assert_eq!(output.status.code(), Some(1));
    let shown: Vec<JsonDiagnostic> = serde_json::from_slice(&output.stdout).expect("a JSON array");
    assert_eq!(shown.len(), 1);
    assert_eq!((shown[0].line, shown[0].column, &shown[0].rule), (all[0].line, all[0].column, &all[0].rule));
    let human = anpo().args(["validate", "--max-errors", "1"]).arg(path).output().expect("run");
    let text = String::from_utf8(human.stdout).expect("UTF-8");
    assert!(text.contains(&format!("{} errors", all.len())), "{text}");
    assert!(text.contains(&format!("({} not shown: --max-errors 1)", all.len() - 1)), "{text}");
}

/// Write `bytes` to a temporary file and check that `validate` exits 1 with exactly the
/// expected rule, located inside the file.
fn assert_bad_input(bytes: &[u8], rule: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bad.json");
    std::fs::write(&path, bytes).expect("write");
    let (code, diagnostics) = json_diagnostics(&path);
    assert_eq!(code, 1, "exit code for {rule}");
    let d = diagnostics.iter().find(|d| d.rule == rule).unwrap_or_else(|| panic!("{rule} not in {diagnostics:?}"));
    let lines = bytes.iter().filter(|b| **b == b'\n').count() + 1;
    assert!(d.line >= 1 && d.line <= lines, "{rule}: line {} outside the file", d.line);
    assert!(d.column >= 1);
}

#[test]
fn empty_file() {
    assert_bad_input(b"", "S003");
}

#[test]
fn truncated_file() {
    assert_bad_input(b"{\n  \"events\": [\n    {\"id\": \"a\",", "S003");
}

#[test]
fn deeply_nested_brackets() {
    let mut text = b"{\"a\": ".to_vec();
    text.extend(std::iter::repeat_n(b'[', 200_000));
    text.extend(std::iter::repeat_n(b']', 200_000));
    text.push(b'}');
    assert_bad_input(&text, "S006");
}

#[test]
fn invalid_utf8() {
    assert_bad_input(b"{\n  \"events\": [\"\xff\"]\n}\n", "S001");
}

#[test]
fn byte_order_mark() {
    assert_bad_input(b"\xef\xbb\xbf{\"events\": []}\n", "S002");
}

#[test]
fn root_not_an_object() {
    assert_bad_input(b"[1, 2, 3]\n", "S004");
}

#[test]
fn hundred_megabytes_of_random_bytes() {
    // A fixed xorshift sequence: the same bytes on every run.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let bytes: Vec<u8> = (0..100 * 1024 * 1024)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    assert_bad_input(&bytes, "S001");
}

/// Every command that prints diagnostics takes `--output-format`, as ruff and
/// check-jsonschema name it; `validate --format` and `--diagnostics` of `export` and
/// `release` stay as aliases, so no configuration breaks; `export --format` keeps meaning
/// the export format.
#[test]
fn output_format_is_one_option_in_every_command_and_the_old_names_still_work() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::write(data.join("events.json"), r#"{"events": [{"id": "x", "kind": "protests"}]}"#).unwrap();
    let json_rules = |args: &[&str]| -> Vec<String> {
        let output = anpo().current_dir(dir.path()).args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
        let value: serde_json::Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", String::from_utf8_lossy(&output.stdout)));
        let list = if value.is_array() { value } else { value["invalid"][0]["diagnostics"].clone() };
        list.as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap().to_string()).collect()
    };
    for args in [
        &["validate", "--output-format", "json", "data"][..],
        &["validate", "--format", "json", "data"],
        &["export", "--output-format", "json", "--out", "out", "data"],
        &["export", "--diagnostics", "json", "--format", "csv", "--out", "out", "data"],
        &["release", "--output-format", "json", "--out", "rel", "data"],
        &["release", "--diagnostics", "json", "--out", "rel", "data"],
        &["diff", "--output-format", "json", "data", "data"],
    ] {
        assert!(json_rules(args).contains(&"J101".to_string()), "{args:?}");
    }
    // GitHub annotations through the same option.
    for args in
        [&["validate", "--output-format", "github", "data"][..], &["diff", "--output-format", "github", "data", "data"]]
    {
        let output = anpo().current_dir(dir.path()).args(args).output().unwrap();
        assert!(String::from_utf8_lossy(&output.stdout).contains("::error file=data/events.json"), "{args:?}");
    }
    // fmt reports a file it cannot read in the format chosen.
    std::fs::write(data.join("broken.json"), "{").unwrap();
    let output =
        anpo().current_dir(dir.path()).args(["fmt", "--check", "--output-format", "json", "data"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("\"rule\": \"S003\""), "{stdout}");
    assert!(!dir.path().join("out").exists() && !dir.path().join("rel").exists());
}

/// A file given to `validate` that lies in a dataset (a `dataset.json` in its folder or
/// an ancestor's, or `--dataset DIR`) is checked in it: references resolve against every
/// file, only the diagnostics located in the files given are reported, and the rules that
/// judge the whole dataset (W301, W302) run only when the whole dataset is checked.
#[test]
fn a_file_is_checked_in_its_dataset() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    for entry in std::fs::read_dir("data").unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, data.join(path.file_name().unwrap())).unwrap();
    }
    let validate = |args: &[&str]| {
        let output = anpo().current_dir(dir.path()).arg("validate").args(args).output().unwrap();
        (output.status.code(), String::from_utf8_lossy(&output.stdout).to_string())
    };
    let (code, out) = validate(&["data/events.json"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("checked 1 file: no problems found (in the dataset in "), "{out}");
    // A dangling reference planted in events.json is reported.
    let plant = |file: &str, from: &str, to: &str| {
        let path = data.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} holds {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    plant("events.json", "\"condoleezza-rice\"", "\"condoleeza-rice\"");
    let (code, out) = validate(&["data/events.json"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("error[R202]") && out.contains("data/events.json"), "{out}");
    // One planted in actors.json is not, since that file was not given; it is when the
    // whole dataset is checked.
    plant("events.json", "\"condoleeza-rice\"", "\"condoleezza-rice\"");
    plant("actors.json", "\"organization\": \"japan\"", "\"organization\": \"japon\"");
    assert_eq!(validate(&["data/events.json"]).0, Some(0));
    assert_eq!(validate(&["data/actors.json"]).0, Some(1));
    assert_eq!(validate(&["data"]).0, Some(1));
    // The whole-dataset rules run only for the whole dataset: a source nobody cites.
    plant("actors.json", "\"organization\": \"japon\"", "\"organization\": \"japan\"");
    plant(
        "sources.json",
        "\"sources\": [",
        "\"sources\": [{\"id\": \"unused\", \"kind\": \"glossary\", \"title\": \"T\", \"publisher\": \"P\", \"attribution\": \"A\"},",
    );
    assert_eq!(validate(&["--deny-warnings", "data/sources.json"]).0, Some(0));
    let (code, out) = validate(&["--deny-warnings", "data"]);
    assert_eq!(code, Some(1));
    assert!(out.contains("W301"), "{out}");
    // --dataset names the dataset of a file that lies elsewhere.
    let loose = dir.path().join("loose.json");
    std::fs::copy("data/events.json", &loose).unwrap();
    std::fs::remove_file(data.join("events.json")).unwrap();
    let (code, out) = validate(&["--dataset", "data", "loose.json"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("checked 1 file"), "{out}");
    let (code, _) = validate(&["loose.json"]);
    assert_eq!(code, Some(1), "alone, its references into other files dangle");
    let text = std::fs::read_to_string(&loose).unwrap();
    std::fs::write(&loose, text.replacen("\"condoleezza-rice\"", "\"condoleeza-rice\"", 1)).unwrap();
    let (code, out) = validate(&["--dataset", "data", "loose.json"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("error[R202]") && out.contains("loose.json"), "{out}");
}
