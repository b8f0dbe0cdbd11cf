//! Which files are read: folders are walked as ripgrep and ruff walk them (`.gitignore`,
//! hidden files, regular files only, links only inside the folder, each file once, files
//! naming another schema skipped, a release through its `data/`), no data at all is a
//! usage error in every command, and a single file given to `diff` is compared as part
//! of a dataset. See src/walk.rs.

use std::path::PathBuf;

mod common;
use common::{anpo_in, copy_data, root, text};

#[test]
fn no_data_files_is_a_usage_error_in_every_command_and_json_stays_json() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    std::fs::create_dir(dir.path().join("csv")).unwrap();
    std::fs::write(dir.path().join("csv/a.csv"), "a,b\n").unwrap();
    let previous = dir.path().join("prev");
    std::fs::create_dir_all(previous.join("data")).unwrap();
    for folder in ["empty", "csv"] {
        let runs: Vec<Vec<&str>> = vec![
            vec!["validate", folder],
            vec!["export", "--out", "out", folder],
            vec!["release", "--out", "rel", folder],
            vec!["diff", folder, folder],
            vec!["fmt", "--check", folder],
        ];
        for args in runs {
            let output = anpo_in(dir.path()).args(&args).output().unwrap();
            assert_eq!(output.status.code(), Some(2), "{args:?}: {}", text(&output.stderr));
            assert!(text(&output.stderr).contains("no data files found"), "{args:?}: {}", text(&output.stderr));
        }
        let output = anpo_in(dir.path()).args(["validate", "--format", "json", folder]).output().unwrap();
        assert_eq!(output.status.code(), Some(2));
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("stdout is JSON");
        assert_eq!(json, serde_json::json!([]));
    }
    // An earlier release with an empty data/ is refused as well, never a panic.
    let data = copy_data(dir.path());
    let output =
        anpo_in(dir.path()).args(["release", "--out", "rel", "--previous", "prev"]).arg(&data).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    assert!(!dir.path().join("rel").exists());
}

#[cfg(unix)]
#[test]
fn fifos_devices_and_links_leaving_the_folder_are_never_read() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_data(dir.path());
    let fifo = std::process::Command::new("mkfifo").arg(data.join("fifo.json")).status().unwrap();
    assert!(fifo.success());
    std::os::unix::fs::symlink("/proc/self/environ", data.join("zz.json")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", data.join("zero.json")).unwrap();
    std::fs::create_dir(dir.path().join("elsewhere")).unwrap();
    std::fs::write(dir.path().join("elsewhere/bad.json"), "{ not json").unwrap();
    std::os::unix::fs::symlink(dir.path().join("elsewhere"), data.join("linked")).unwrap();
    for format in ["human", "json", "github"] {
        let output = anpo_in(dir.path())
            .env("ANPO_CANARY_SECRET", "canary-4f1b2c")
            .args(["validate", "--format", format, "data"])
            .output()
            .unwrap();
        let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
        assert_eq!(output.status.code(), Some(1), "{format}: {stdout}{stderr}");
        assert!(!stdout.contains("canary-4f1b2c") && !stderr.contains("canary-4f1b2c"), "the environment leaked");
        for link in ["zz.json", "zero.json", "linked"] {
            assert!(stdout.contains(link) && stdout.contains("S007"), "{format}: {link} not reported: {stdout}");
        }
        assert!(!stdout.contains("bad.json"), "a file through a link leaving the folder was read");
        assert!(stderr.contains("fifo.json") && stderr.contains("not a regular file"), "{stderr}");
    }
    // fmt reads nothing through them either, and says so.
    let output = anpo_in(dir.path()).args(["fmt", "--check", "data"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    // Named on the command line, a FIFO is refused rather than opened.
    let output = anpo_in(dir.path()).args(["validate", "data/fifo.json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("not a regular file"));
}

#[cfg(unix)]
#[test]
fn a_link_inside_the_folder_is_followed_and_each_file_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_data(dir.path());
    std::fs::create_dir(data.join("more")).unwrap();
    std::fs::rename(data.join("figures.json"), data.join("more/figures.json")).unwrap();
    std::os::unix::fs::symlink(data.join("more"), data.join("again")).unwrap();
    std::os::unix::fs::symlink("more/figures.json", data.join("figures-link.json")).unwrap();
    let output = anpo_in(dir.path()).args(["validate", "data", "data", "data/events.json", "./data"]).output().unwrap();
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("checked 9 files: no problems found"), "{stdout}");
}

#[test]
fn gitignored_and_hidden_files_are_not_walked() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_data(dir.path());
    std::fs::create_dir(data.join("ignored")).unwrap();
    std::fs::write(data.join("ignored/bad.json"), "{ not json").unwrap();
    std::fs::write(data.join(".hidden.json"), "{ not json").unwrap();
    std::fs::write(data.join(".gitignore"), "ignored/\n").unwrap();
    let output = anpo_in(dir.path()).args(["validate", "data"]).output().unwrap();
    assert!(output.status.success(), "{}", text(&output.stdout));
    // Named on the command line, a file is always checked.
    let output = anpo_in(dir.path()).args(["validate", "data", "data/ignored/bad.json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stdout).contains("bad.json"));
}

#[test]
fn files_that_name_another_schema_are_skipped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_data(dir.path());
    let package = r#"{"$schema": "https://datapackage.org/profiles/2.0/datapackage.json", "resources": []}"#;
    std::fs::write(data.join("datapackage.json"), package).unwrap();
    let output = anpo_in(dir.path()).args(["validate", "data"]).output().unwrap();
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("checked 9 files: no problems found; 1 file skipped"), "{stdout}");
    let output = anpo_in(dir.path()).args(["fmt", "--check", "data"]).output().unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("1 file skipped"));
}

#[test]
fn a_release_is_read_through_its_data_and_never_rewritten_by_fmt() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_data(dir.path());
    let output = anpo_in(dir.path()).args(["release", "--out", "rel"]).arg(&data).output().unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let output = anpo_in(dir.path()).args(["validate", "rel"]).output().unwrap();
    assert!(output.status.success(), "{}", text(&output.stdout));
    assert!(text(&output.stdout).contains("checked 9 files: no problems found"));
    // Found in a walk, a release is read through its data/ as well.
    let output = anpo_in(dir.path()).args(["fmt", "--check", "."]).output().unwrap();
    assert!(output.status.success(), "{}", text(&output.stdout));
    // A data file of the release, scrambled: fmt --check says so, fmt leaves it alone.
    let events = dir.path().join("rel/data/events.json");
    let scrambled =
        serde_json::to_vec(&serde_json::from_slice::<serde_json::Value>(&std::fs::read(&events).unwrap()).unwrap())
            .unwrap();
    std::fs::write(&events, &scrambled).unwrap();
    let output = anpo_in(dir.path()).args(["fmt", "--check", "rel"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let output = anpo_in(dir.path()).args(["fmt", "rel"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("belongs to a release"));
    assert_eq!(std::fs::read(&events).unwrap(), scrambled);
}

#[test]
fn an_output_folder_beside_input_files_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = copy_data(dir.path());
    let files: Vec<PathBuf> = std::fs::read_dir(&data).unwrap().map(|e| e.unwrap().path()).collect();
    for command in [["release", "--out", "data/rel"], ["export", "--out", "data/out"]] {
        let output = anpo_in(dir.path()).args(command).args(&files).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{command:?}");
        assert!(text(&output.stderr).contains("inside the input folder"), "{}", text(&output.stderr));
    }
    assert!(!data.join("rel").exists() && !data.join("out").exists());
}

#[test]
fn diff_on_single_files_works_as_its_help_shows() {
    let output = anpo_in(&root()).args(["diff", "data/events.json", "data/events.json"]).output().unwrap();
    assert!(output.status.success(), "{}", text(&output.stdout));
    assert_eq!(text(&output.stdout), "no differences\n");
    // A real change in one file is still reported.
    let dir = tempfile::tempdir().unwrap();
    let data = copy_data(dir.path());
    let events = data.join("events.json");
    let changed = std::fs::read_to_string(&events).unwrap().replacen("\"1960-06-19\"", "\"1960-06-20\"", 1);
    std::fs::write(&events, changed).unwrap();
    let output = anpo_in(&root()).args(["diff", "data/events.json"]).arg(&events).output().unwrap();
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("1960-06-19") && stdout.contains("1960-06-20"), "{stdout}");
}
