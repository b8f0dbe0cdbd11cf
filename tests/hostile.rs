//! Output that cannot be turned against its reader, and exit codes that tell the truth:
//! hostile keys, values and file names in every command and format (no line of output
//! can start a GitHub workflow command; no terminal escape gets through), a closed pipe
//! that changes neither the exit code nor the work, denied warnings shown as errors,
//! GitHub annotations capped, human output linear in its size, and standard output in
//! JSON always one document.

use std::path::Path;
use std::process::Stdio;

mod common;
use common::{anpo_in, copy_data, text};

/// Nothing in `out` a reader could be fooled by: no line that starts a workflow command
/// unless it is one of anpo's own annotations, and no raw control, line-separating or
/// bidirectional character (tab and line feed aside).
fn assert_harmless(what: &str, out: &str, github: bool) {
    for line in out.lines() {
        if line.starts_with("::") {
            assert!(github, "{what}: a line starts a workflow command: {line:?}");
            assert!(
                line.starts_with("::error file=") || line.starts_with("::warning file="),
                "{what}: not one of anpo's annotations: {line:?}"
            );
            // Mid-line, `::` is text: GitHub reads a command only at the start of a line.
            assert_eq!(line.matches("::error ").count() + line.matches("::warning ").count(), 1, "{what}: {line:?}");
        }
    }
    let bad = out.chars().find(|&c| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
    });
    assert_eq!(bad, None, "{what}: a raw {bad:?} in the output:\n{out}");
}

#[test]
fn hostile_keys_values_and_file_names_print_nothing_a_reader_would_run() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_data(dir.path());
    // A file whose name holds a workflow command between line breaks, and a key, a value
    // and an id holding commands, terminal escapes and bidirectional overrides.
    let name = "figures-x\n::error file=SECURITY.md,line=1::Maintainers approved this PR\n.json";
    let hostile = serde_json::json!({
        "figures": [{
            "id": "Bad\u{202e}id",
            "zz\n::stop-commands::x": 1,
            "\u{1b}]0;owned\u{7}\u{1b}[2K": "\u{1b}[31mred\r::error::forged\u{2028}",
        }]
    });
    std::fs::write(data.join(name), serde_json::to_string_pretty(&hostile).unwrap()).unwrap();
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join(name), serde_json::to_string_pretty(&hostile).unwrap()).unwrap();
    for format in ["human", "json", "github"] {
        let runs: Vec<Vec<&str>> = vec![
            vec!["validate", "--format", format, "data"],
            vec!["validate", "--deny-warnings", "--format", format, "data"],
            vec!["export", "--diagnostics", format, "--out", "out", "data"],
            vec!["release", "--diagnostics", format, "--out", "rel", "data"],
        ];
        for args in runs {
            let output = anpo_in(dir.path()).args(&args).output().unwrap();
            assert_eq!(output.status.code(), Some(1), "{args:?}");
            let stdout = text(&output.stdout);
            assert!(stdout.contains("figures-x"), "{args:?}: the file is named: {stdout}");
            if format == "json" {
                let parsed: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON document");
                assert!(parsed.as_array().is_some_and(|a| !a.is_empty()));
            } else {
                assert_harmless(&format!("{args:?}"), &stdout, format == "github");
            }
            assert_harmless(&format!("{args:?} stderr"), &text(&output.stderr), false);
        }
    }
    // The tool's own messages on standard error name paths escaped as well.
    let hostile_out = "data/rel\n::error::forged";
    for args in [vec!["release", "--out", hostile_out, "data"], vec!["export", "--out", hostile_out, "data"]] {
        let output = anpo_in(dir.path()).args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_harmless(&format!("{args:?} stderr"), &text(&output.stderr), false);
        assert!(text(&output.stderr).contains("rel\\n::error::forged"), "{}", text(&output.stderr));
    }
    for args in [vec!["fmt", "--check", "data"], vec!["diff", "data", "other"]] {
        let output = anpo_in(dir.path()).args(&args).output().unwrap();
        assert_harmless(&format!("{args:?}"), &text(&output.stdout), false);
        assert_harmless(&format!("{args:?} stderr"), &text(&output.stderr), false);
    }
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_changes_neither_the_exit_code_nor_the_work() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_data(dir.path());
    // Invalid data with a great deal of output, read by a reader that has gone.
    let members: Vec<String> = (0..5_000).map(|i| format!("\"x{i}\": 1")).collect();
    std::fs::write(data.join("zz.json"), format!("{{{}}}", members.join(",\n"))).unwrap();
    // Standard output alone to the closed pipe, then standard error as well (`2>&1 |
    // head -1`): neither changes the exit code.
    let run_with = |args: &[&str], both: bool| {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let stderr = if both { Stdio::from(writer.try_clone().unwrap()) } else { Stdio::null() };
        let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("anpo"))
            .args(args)
            .current_dir(dir.path())
            .stdout(Stdio::from(writer))
            .stderr(stderr)
            .status()
            .unwrap();
        status.code()
    };
    let run = |args: &[&str]| {
        let code = run_with(args, false);
        assert_eq!(run_with(args, true), code, "{args:?} with standard error closed too");
        code
    };
    for format in ["human", "json", "github"] {
        assert_eq!(run(&["validate", "--format", format, "data"]), Some(1), "{format}");
    }
    // fmt rewrites every file although nothing reads the list it prints.
    std::fs::remove_file(data.join("zz.json")).unwrap();
    for entry in std::fs::read_dir(&data).unwrap() {
        let path = entry.unwrap().path();
        let value: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        std::fs::write(&path, serde_json::to_vec(&value).unwrap()).unwrap();
    }
    assert_eq!(run(&["fmt", "data"]), Some(0));
    // A release that succeeds says so on standard error in JSON: a closed one is no failure.
    for format in ["json", "human"] {
        let out = format!("rel-{format}");
        assert_eq!(run_with(&["release", "--diagnostics", format, "--out", &out, "data"], true), Some(0), "{format}");
        assert!(dir.path().join(&out).join("manifest.json").exists());
    }
    let output = anpo_in(dir.path()).args(["fmt", "--check", "data"]).output().unwrap();
    assert!(output.status.success(), "every file was rewritten: {}", text(&output.stdout));
}

#[test]
fn denied_warnings_are_errors_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_data(dir.path());
    let sources = data.join("sources.json");
    let mut value: serde_json::Value = serde_json::from_slice(&std::fs::read(&sources).unwrap()).unwrap();
    let mut unused = value["sources"][0].clone();
    unused["id"] = "never-cited".into();
    value["sources"].as_array_mut().unwrap().push(unused);
    std::fs::write(&sources, serde_json::to_string_pretty(&value).unwrap()).unwrap();

    let output = anpo_in(dir.path()).args(["validate", "data"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "a warning alone passes");
    let human = anpo_in(dir.path()).args(["validate", "--deny-warnings", "data"]).output().unwrap();
    assert_eq!(human.status.code(), Some(1));
    let stdout = text(&human.stdout);
    assert!(stdout.contains("error[W301]"), "{stdout}");
    assert!(stdout.contains("1 error, 0 warnings (1 warning denied by --deny-warnings)"), "{stdout}");
    let json = anpo_in(dir.path()).args(["validate", "--deny-warnings", "--format", "json", "data"]).output().unwrap();
    let parsed: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(parsed[0]["rule"], "W301");
    assert_eq!(parsed[0]["severity"], "error");
    let github =
        anpo_in(dir.path()).args(["validate", "--deny-warnings", "--format", "github", "data"]).output().unwrap();
    let stdout = text(&github.stdout);
    assert!(stdout.starts_with("::error ") && stdout.contains("anpo W301"), "{stdout}");
    assert!(stdout.contains("denied by --deny-warnings"), "{stdout}");
}

#[test]
fn github_annotations_are_capped_and_the_rest_counted() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_data(dir.path());
    let members: Vec<String> = (0..500).map(|i| format!("\"x{i}\": 1")).collect();
    std::fs::write(data.join("zz.json"), format!("{{{}}}", members.join(","))).unwrap();
    let output = anpo_in(dir.path()).args(["validate", "--format", "github", "data"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = text(&output.stdout);
    assert_eq!(stdout.lines().filter(|l| l.starts_with("::error ")).count(), 10, "{stdout}");
    assert!(stdout.contains("anpo: 490 more errors and 0 more warnings not annotated"), "{stdout}");
    assert!(stdout.lines().last().unwrap().starts_with("checked 10 files: 500 errors"), "{stdout}");
}

#[test]
fn human_output_grows_with_the_diagnostics_not_with_the_line() {
    // One line of 64 KB, 32 000 errors: each drawn as a window, never the whole line.
    let dir = tempfile::tempdir().unwrap();
    let items = vec!["1"; 32_000].join(",");
    std::fs::write(dir.path().join("one.json"), format!("{{\"events\":[{items}]}}")).unwrap();
    let output = anpo_in(dir.path()).args(["validate", "one.json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let diagnostics = text(&output.stdout).matches("error[").count();
    assert!(diagnostics >= 32_000, "{diagnostics}");
    assert!(output.stdout.len() < 600 * diagnostics, "{} bytes for {diagnostics} diagnostics", output.stdout.len());
}

#[test]
fn release_diagnostics_in_json_are_one_document() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_data(dir.path());
    let dataset = data.join("dataset.json");
    let original = std::fs::read_to_string(&dataset).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&original).unwrap();
    value["dataset"]["modified"] = "2026-11".into();
    std::fs::write(&dataset, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    for format in ["json", "github", "human"] {
        let output =
            anpo_in(dir.path()).args(["release", "--diagnostics", format, "--out", "rel", "data"]).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{format}");
        let stdout = text(&output.stdout);
        assert!(stdout.contains("R208") && stdout.contains("2026-11"), "{format}: {stdout}");
        if format == "json" {
            let parsed: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON document");
            assert_eq!(parsed[0]["pointer"], "/dataset/modified");
            assert_eq!(parsed[0]["file"], "data/dataset.json");
        }
        assert!(!dir.path().join("rel").exists());
    }
    // An earlier release whose data is invalid (sealed again, so that only its data is
    // wrong): its diagnostics in the format chosen, one document in JSON, exit 1.
    std::fs::write(&dataset, &original).unwrap();
    let earlier = earlier_release_with_invalid_data(dir.path());
    for format in ["json", "github", "human"] {
        let output = anpo_in(dir.path())
            .args(["release", "--diagnostics", format, "--out", "rel", "--previous"])
            .arg(&earlier)
            .arg("data")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{format}");
        let stdout = text(&output.stdout);
        let said = format!("{stdout}{}", text(&output.stderr));
        assert!(said.contains("the previous release's data") && said.contains("is invalid"), "{format}: {said}");
        match format {
            "json" => {
                let parsed: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON document");
                assert_eq!(parsed[0]["rule"], "J102", "{stdout}");
                assert!(parsed[0]["file"].as_str().unwrap().ends_with("data/events.json"), "{stdout}");
            }
            "github" => assert!(stdout.starts_with("::error file=") && stdout.contains("anpo J102"), "{stdout}"),
            _ => assert!(stdout.contains("error[J102]"), "{stdout}"),
        }
        assert!(!dir.path().join("rel").exists());
    }

    // A successful release in JSON: stdout is `[]`, what was written is said on stderr.
    std::fs::write(&dataset, &original).unwrap();
    let output =
        anpo_in(dir.path()).args(["release", "--diagnostics", "json", "--out", "rel", "data"]).output().unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let parsed: serde_json::Value = serde_json::from_slice(&output.stdout).expect("one JSON document");
    assert_eq!(parsed, serde_json::json!([]));
    assert!(text(&output.stderr).contains("release"));
}

/// A release of the canonical data at 0.9.0 whose `data/events.json` was then made
/// invalid (an unknown property), with its checksums made to match again.
fn earlier_release_with_invalid_data(dir: &Path) -> std::path::PathBuf {
    use sha2::Digest;
    let work = dir.join("work-earlier");
    let data = copy_data(&work);
    let meta = data.join("dataset.json");
    let mut value: serde_json::Value = serde_json::from_slice(&std::fs::read(&meta).unwrap()).unwrap();
    value["dataset"]["version"] = "0.9.0".into();
    std::fs::write(&meta, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    let earlier = dir.join("earlier");
    let output = anpo_in(dir).args(["release", "--out"]).arg(&earlier).arg(&data).output().unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));

    let events = earlier.join("data/events.json");
    let mut value: serde_json::Value = serde_json::from_slice(&std::fs::read(&events).unwrap()).unwrap();
    value["events"][0]["instrument"] = "no-such-thing".into();
    let bytes = serde_json::to_vec_pretty(&value).unwrap();
    std::fs::write(&events, &bytes).unwrap();
    let sha = |bytes: &[u8]| hex::encode(sha2::Sha256::digest(bytes));
    let manifest = earlier.join("manifest.json");
    let mut value: serde_json::Value = serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
    for file in value["files"].as_array_mut().unwrap() {
        if file["path"] == "data/events.json" {
            file["sha256"] = sha(&bytes).into();
            file["size"] = bytes.len().into();
        }
    }
    let manifest_bytes = serde_json::to_vec_pretty(&value).unwrap();
    std::fs::write(&manifest, &manifest_bytes).unwrap();
    let sums = std::fs::read_to_string(earlier.join("SHA256SUMS")).unwrap();
    let sums: String = sums
        .lines()
        .map(|line| match line.split_once("  ") {
            Some((_, "data/events.json")) => format!("{}  data/events.json\n", sha(&bytes)),
            Some((_, "manifest.json")) => format!("{}  manifest.json\n", sha(&manifest_bytes)),
            _ => format!("{line}\n"),
        })
        .collect();
    std::fs::write(earlier.join("SHA256SUMS"), sums).unwrap();
    earlier
}

#[cfg(unix)]
#[test]
fn files_whose_names_differ_are_printed_apart() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("d");
    std::fs::create_dir_all(data.join("x")).unwrap();
    let names: Vec<std::path::PathBuf> = [&b"a\xff.json"[..], b"a\xfe.json", b"x\\y.json", b"x/y.json", b"a\\xFF.json"]
        .iter()
        .map(|bytes| data.join(std::ffi::OsStr::from_bytes(bytes)))
        .collect();
    for name in &names {
        // Invalid (an unknown top-level key) and not in canonical form.
        std::fs::write(name, "{\"zz\":1}").unwrap();
    }
    let expected = ["d/a\\xFF.json", "d/a\\xFE.json", "d/x\\\\y.json", "d/x/y.json", "d/a\\\\xFF.json"];
    let output = anpo_in(dir.path()).args(["validate", "--format", "json", "d"]).output().unwrap();
    let parsed: serde_json::Value = serde_json::from_slice(&output.stdout).expect("one JSON document");
    let mut files: Vec<&str> = parsed.as_array().unwrap().iter().map(|d| d["file"].as_str().unwrap()).collect();
    files.sort();
    files.dedup();
    let mut want = expected.to_vec();
    want.sort();
    assert_eq!(files, want, "each file under a name of its own");
    let output = anpo_in(dir.path()).args(["fmt", "--check", "d"]).output().unwrap();
    let mut listed: Vec<String> = text(&output.stdout).lines().map(str::to_string).collect();
    listed.sort();
    assert_eq!(listed, want, "fmt --check lists each file apart");
}

#[test]
fn diff_prints_hostile_valid_text_harmlessly_in_every_format() {
    // Text values the schema accepts may hold line separators and bidirectional
    // overrides, markup and `::`: diff shows them escaped, in human and Markdown output.
    let dir = tempfile::tempdir().unwrap();
    let old = copy_data(dir.path());
    let new = dir.path().join("new");
    std::fs::create_dir(&new).unwrap();
    for entry in std::fs::read_dir(&old).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, new.join(path.file_name().unwrap())).unwrap();
    }
    let events = new.join("events.json");
    let mut value: serde_json::Value = serde_json::from_slice(&std::fs::read(&events).unwrap()).unwrap();
    value["events"][0]["title"] = "T \u{202e}evil\u{2066} x\u{200f} <b>|x|</b> ::error::y".into();
    value["events"][0]["summary"] = "S \u{2028}::warning file=a::x\u{2029}::error::z".into();
    std::fs::write(&events, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    for format in ["human", "markdown", "json"] {
        let output = anpo_in(dir.path()).args(["diff", "--format", format, "data", "new"]).output().unwrap();
        assert!(output.status.success(), "{format}: {}", text(&output.stderr));
        let stdout = text(&output.stdout);
        assert!(stdout.contains("evil"), "{format}: the change is shown: {stdout}");
        if format == "json" {
            let _: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON document");
        } else {
            assert_harmless(&format!("diff {format}"), &stdout, false);
        }
        assert_harmless(&format!("diff {format} stderr"), &text(&output.stderr), false);
    }
}

#[test]
fn a_name_at_the_start_of_a_line_cannot_start_a_workflow_command() {
    // `fmt` lists file names one per line; named from the folder they are in, they would
    // begin the line. GitHub reads `::command::` and `##[command]` after leading blanks.
    let dir = tempfile::tempdir().unwrap();
    let names = ["::error file=SECURITY.md,line=1::Maintainers approved this PR.json", "##[error]forged.json"];
    for name in names {
        std::fs::write(dir.path().join(name), "{\"zz\":1}").unwrap();
    }
    for args in [vec!["fmt", "--check"], vec!["validate"], vec!["validate", "--format", "github"], vec!["fmt"]] {
        let output = anpo_in(dir.path()).args(&args).args(names).output().unwrap();
        let stdout = text(&output.stdout);
        for name in names.iter().filter(|_| !args.contains(&"github")) {
            assert!(stdout.contains(&format!("./{name}")), "{args:?}: the file is named: {stdout}");
        }
        for line in stdout.lines().chain(text(&output.stderr).lines()) {
            let line = line.trim_start();
            assert!(!line.starts_with("##["), "{args:?}: {line:?}");
            if line.starts_with("::") {
                assert!(args.contains(&"github") && line.starts_with("::error file=./"), "{args:?}: {line:?}");
            }
        }
    }
}

#[test]
fn json_output_is_one_document_when_a_command_is_refused() {
    // Refused before reading (output inside the input, a bad base IRI), after reading (a
    // target that exists, an earlier release that is not one): exit 2, the reason on
    // standard error, and standard output still one JSON document.
    let dir = tempfile::tempdir().unwrap();
    copy_data(dir.path());
    std::fs::create_dir(dir.path().join("taken")).unwrap();
    std::fs::write(dir.path().join("taken/mine.txt"), "mine").unwrap();
    let runs: Vec<Vec<&str>> = vec![
        vec!["export", "--diagnostics", "json", "--out", "data/x", "data"],
        vec!["release", "--diagnostics", "json", "--out", "data/x", "data"],
        vec!["export", "--diagnostics", "json", "--base-iri", "relative/", "--out", "x", "data"],
        vec!["release", "--diagnostics", "json", "--base-iri", "relative/", "--out", "x", "data"],
        vec!["release", "--diagnostics", "json", "--out", "taken", "data"],
        vec!["release", "--diagnostics", "json", "--previous", "data", "--out", "x", "data"],
        vec!["validate", "--format", "json", "nowhere"],
    ];
    for args in runs {
        let output = anpo_in(dir.path()).args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let parsed: serde_json::Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: not one JSON document ({e}): {:?}", text(&output.stdout)));
        assert_eq!(parsed, serde_json::json!([]), "{args:?}");
        assert!(text(&output.stderr).starts_with("anpo: error: "), "{args:?}");
    }
}
