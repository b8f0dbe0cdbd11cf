//! `release --previous DIR`: an earlier release is input, and untrusted. It must be an
//! anpo release (its manifest), every file read from it regular and inside it and checked
//! against its own `SHA256SUMS` and manifest, of the same dataset, and of a lower version.
//! Anything else: a clear message, exit 2, nothing written.

use std::path::{Path, PathBuf};

mod common;
use common::{anpo, copy_data, edit_json, root};

/// A release of the canonical data with `version` (and `id`), in `dir/name`.
fn earlier(dir: &Path, name: &str, version: &str, id: &str) -> PathBuf {
    let work = dir.join(format!("work-{name}"));
    let data = copy_data(&work);
    edit_json(&data.join("dataset.json"), |v| {
        v["dataset"]["version"] = version.into();
        v["dataset"]["id"] = id.into();
    });
    let out = dir.join(name);
    let output = anpo().args(["release", "--out"]).arg(&out).arg(&data).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    out
}

/// `release --previous previous` of the canonical data (version 1.0.0) into `dir/new`.
fn release_after(dir: &Path, previous: &Path) -> std::process::Output {
    anpo()
        .args(["release", "--out"])
        .arg(dir.join("new"))
        .arg("--previous")
        .arg(previous)
        .arg(root().join("data"))
        .output()
        .unwrap()
}

fn refused(dir: &Path, output: &std::process::Output, says: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stdout: {}\nstderr: {stderr}", String::from_utf8_lossy(&output.stdout));
    assert!(stderr.contains(says), "expected {says:?} in: {stderr}");
    assert!(!dir.join("new").exists(), "nothing written");
}

#[test]
fn a_sound_earlier_release_gives_a_changelog() {
    let dir = tempfile::tempdir().unwrap();
    let previous = earlier(dir.path(), "old", "0.9.0", "anpo");
    let output = release_after(dir.path(), &previous);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(dir.path().join("new/CHANGELOG.md").is_file());
}

#[test]
fn a_symlinked_changelog_in_the_earlier_release_is_refused_and_never_read() {
    let dir = tempfile::tempdir().unwrap();
    let previous = earlier(dir.path(), "old", "0.9.0", "anpo");
    // First a release with a real changelog, so that the manifest lists one.
    let middle = dir.path().join("mid");
    let work = dir.path().join("work-mid");
    let data = copy_data(&work);
    edit_json(&data.join("dataset.json"), |v| v["dataset"]["version"] = "0.9.5".into());
    let output = anpo().args(["release", "--out"]).arg(&middle).arg("--previous").arg(&previous).arg(&data).output();
    assert!(output.unwrap().status.success());
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "TOKEN=hunter2").unwrap();
    for target in [secret.as_path(), Path::new("/dev/zero")] {
        std::fs::remove_file(middle.join("CHANGELOG.md")).unwrap();
        std::os::unix::fs::symlink(target, middle.join("CHANGELOG.md")).unwrap();
        let output = release_after(dir.path(), &middle);
        refused(dir.path(), &output, "CHANGELOG.md");
        assert!(!String::from_utf8_lossy(&output.stdout).contains("hunter2"));
    }
    // A changelog the manifest does not list is not read either.
    std::fs::remove_file(previous.join("CHANGELOG.md")).ok();
    std::os::unix::fs::symlink(&secret, previous.join("CHANGELOG.md")).unwrap();
    let output = release_after(dir.path(), &previous);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let changelog = std::fs::read_to_string(dir.path().join("new/CHANGELOG.md")).unwrap();
    assert!(!changelog.contains("hunter2"), "{changelog}");
}

#[test]
fn a_tampered_earlier_release_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let previous = earlier(dir.path(), "old", "0.9.0", "anpo");
    let events = previous.join("data/events.json");
    let original = std::fs::read(&events).unwrap();
    edit_json(&events, |v| v["events"][0]["title"] = "Rewritten history".into());
    refused(dir.path(), &release_after(dir.path(), &previous), "data/events.json");

    // A data file swapped for a link to an identical copy outside is refused too.
    let outside = dir.path().join("events-copy.json");
    std::fs::write(&outside, &original).unwrap();
    std::fs::remove_file(&events).unwrap();
    std::os::unix::fs::symlink(&outside, &events).unwrap();
    refused(dir.path(), &release_after(dir.path(), &previous), "data/events.json");

    // A file listed but missing.
    std::fs::remove_file(&events).unwrap();
    refused(dir.path(), &release_after(dir.path(), &previous), "data/events.json");

    // A data file the manifest does not list is not data of the release: planted, it is ignored.
    std::fs::write(&events, &original).unwrap();
    std::fs::copy(root().join("tests/fixtures/invalid/r202-dangling-reference.json"), previous.join("data/zz.json"))
        .unwrap();
    let output = release_after(dir.path(), &previous);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stdout));
}

#[test]
fn a_folder_that_is_not_an_anpo_release_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    // The repository itself: it has data/ but no manifest.
    refused(dir.path(), &release_after(dir.path(), &root()), "not an anpo release");
    let app = dir.path().join("app");
    std::fs::create_dir_all(app.join("data")).unwrap();
    std::fs::write(app.join("manifest.json"), r#"{"name": "web app"}"#).unwrap();
    refused(dir.path(), &release_after(dir.path(), &app), "not an anpo release");
}

#[test]
fn an_earlier_release_of_another_dataset_or_a_version_not_lower_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let other = earlier(dir.path(), "other", "0.9.0", "other");
    refused(dir.path(), &release_after(dir.path(), &other), "other");
    for (name, version) in [("newer", "9.0.0"), ("same", "1.0.0"), ("pre", "1.0.1-alpha.1")] {
        let previous = earlier(dir.path(), name, version, "anpo");
        refused(dir.path(), &release_after(dir.path(), &previous), version);
    }
    // SemVer order, not string order: 0.10.0 comes after 0.9.0, and a pre-release before its release.
    let previous = earlier(dir.path(), "pre-release", "1.0.0-rc.1", "anpo");
    assert!(release_after(dir.path(), &previous).status.success());
}
