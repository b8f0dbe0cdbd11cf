//! Nothing anpo did not write is replaced: `release --force` and `export --force` replace
//! only a folder that anpo marked as its own (a release's `manifest.json` naming the tool
//! and its format; an export folder's `.anpo-export`), in one atomic exchange; a run
//! killed at any step leaves one whole release (folder and archive from one run), and the
//! hidden folders a killed run leaves are removed only when anpo's name and marker both
//! say they are its own.

use std::path::Path;

mod common;
use common::{anpo, root, tree};
fn hidden(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("readable folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".anpo-"))
        .collect();
    names.sort();
    names
}

fn code(output: &std::process::Output) -> Option<i32> {
    output.status.code()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn release_force_never_replaces_a_folder_whose_manifest_is_not_an_anpo_release() {
    let dir = tempfile::tempdir().unwrap();
    // A web app and a browser extension: each holds a `manifest.json`.
    let manifests = [
        r#"{"name": "My web app", "start_url": "/", "display": "standalone"}"#,
        r#"{"manifest_version": 3, "name": "extension", "version": "1.0"}"#,
        r#"{"tool": "anpo"}"#,
        "not JSON at all",
    ];
    for (i, manifest) in manifests.iter().enumerate() {
        let app = dir.path().join(format!("app{i}"));
        std::fs::create_dir(&app).unwrap();
        std::fs::write(app.join("manifest.json"), manifest).unwrap();
        std::fs::write(app.join("index.html"), "<h1>mine</h1>").unwrap();
        let before = tree(&app);
        let output = anpo().args(["release", "--force", "--out"]).arg(&app).arg(root().join("data")).output().unwrap();
        assert_eq!(code(&output), Some(2), "{manifest}: {}", stderr(&output));
        assert!(stderr(&output).contains("not a release"), "{}", stderr(&output));
        assert!(tree(&app) == before, "{manifest}: untouched");
    }
    assert!(hidden(dir.path()).is_empty(), "{:?}", hidden(dir.path()));
}

#[test]
fn release_force_replaces_a_release_anpo_made() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("1.0.0");
    let run = || anpo().args(["release", "--force", "--archive", "--out"]).arg(&out).arg(root().join("data")).output();
    assert_eq!(code(&run().unwrap()), Some(0));
    std::fs::write(out.join("stale"), "from the old one").unwrap();
    let output = run().unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    assert!(!out.join("stale").exists());
    assert!(out.join("1.0.0.tar.gz").is_file(), "the archive lives inside the folder it packs");
    assert!(hidden(dir.path()).is_empty(), "{:?}", hidden(dir.path()));
}

#[test]
fn export_never_replaces_a_folder_it_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("build");
    std::fs::create_dir_all(out.join("csv")).unwrap();
    std::fs::write(out.join("csv/my-budget.csv"), "a,b\n1,2\n").unwrap();
    std::fs::write(out.join("akn"), "a file named akn").unwrap();
    std::fs::create_dir_all(out.join("jsonld")).unwrap();
    std::fs::write(out.join("jsonld/notes.txt"), "mine").unwrap();
    let before = tree(&out);
    for format in ["csv", "akn", "jsonld", "all"] {
        for force in [false, true] {
            let mut cmd = anpo();
            cmd.args(["export", "--format", format, "--out"]).arg(&out).arg(root().join("data"));
            if force {
                cmd.arg("--force");
            }
            let output = cmd.output().unwrap();
            assert_eq!(code(&output), Some(2), "{format} {force}: {}", stderr(&output));
            assert!(tree(&out) == before, "{format} {force}: nothing touched");
            assert!(hidden(&out).is_empty(), "{:?}", hidden(&out));
        }
    }
}

#[test]
fn export_replaces_its_own_folders_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("build");
    let export = |force: bool| {
        let mut cmd = anpo();
        cmd.args(["export", "--format", "all", "--out"]).arg(&out).arg(root().join("data"));
        if force {
            cmd.arg("--force");
        }
        cmd.output().unwrap()
    };
    assert_eq!(code(&export(false)), Some(0));
    for name in ["csv", "akn", "jsonld", "sqlite"] {
        let marker = std::fs::read_to_string(out.join(name).join(".anpo-export")).expect("a marker");
        let marker: serde_json::Value = serde_json::from_str(&marker).expect("the marker is JSON");
        assert_eq!(marker["tool"], "anpo");
        assert_eq!(marker["export"], name);
    }
    std::fs::write(out.join("csv/stale.csv"), "old").unwrap();
    let before = tree(&out);
    let output = export(false);
    assert_eq!(code(&output), Some(2));
    assert!(stderr(&output).contains("--force"), "{}", stderr(&output));
    assert!(tree(&out) == before, "untouched without --force");
    let output = export(true);
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    assert!(!out.join("csv/stale.csv").exists(), "replaced");
    assert!(hidden(&out).is_empty(), "{:?}", hidden(&out));
}

use anpo::release::{self, ReleaseFile, Simulate, Step};

/// A small release made by `run` (its manifest names anpo), with an archive that packs it.
fn small_release(run: &str) -> (Vec<ReleaseFile>, Vec<u8>) {
    let manifest = format!(r#"{{"format": "{}", "tool": "anpo", "run": "{run}"}}"#, release::RELEASE_FORMAT);
    let mut files: Vec<ReleaseFile> = ["README.md", "csv/a.csv", "data/x.json"]
        .iter()
        .map(|p| ReleaseFile { path: p.to_string(), bytes: format!("{run} {p}").into_bytes() })
        .collect();
    files.push(ReleaseFile { path: "manifest.json".into(), bytes: manifest.into_bytes() });
    let archive = release::archive("1.0.0", &files, 0).unwrap();
    (files, archive)
}

/// Which run made the release at `out`: its folder and its archive must agree.
fn made_by(out: &Path) -> String {
    let files = tree(out);
    let readme = String::from_utf8(files["README.md"].clone()).unwrap();
    let run = readme.split(' ').next().unwrap().to_string();
    let (expected_files, expected_archive) = small_release(&run);
    for file in &expected_files {
        assert_eq!(files[&file.path], file.bytes, "{}: the folder is one run's", file.path);
    }
    assert_eq!(files["1.0.0.tar.gz"], expected_archive, "the archive is the same run's as the folder");
    assert_eq!(files.len(), expected_files.len() + 1);
    run
}

#[test]
fn a_kill_at_any_step_leaves_one_whole_release_and_the_next_run_cleans_up() {
    let steps = [Step::Staged, Step::Parked, Step::Swapped, Step::Discarding];
    for no_exchange in [false, true] {
        for step in steps {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("1.0.0");
            let (old, old_archive) = small_release("old");
            release::install(&out, &old, Some(&old_archive), false, &release::write_file).unwrap();
            assert_eq!(made_by(&out), "old");

            let (new, new_archive) = small_release("new");
            let simulate = Simulate { kill_before: Some(step), no_exchange };
            let killed =
                release::install_simulating(&out, &new, Some(&new_archive), true, &release::write_file, simulate);
            let case = format!("killed before {step:?}, exchange {}", !no_exchange);
            if step == Step::Parked && !no_exchange {
                assert!(killed.is_ok(), "{case}: no such step with an exchange");
                assert_eq!(made_by(&out), "new");
                continue;
            }
            assert!(matches!(killed, Err(release::InstallError::Killed(s)) if s == step), "{case}: {killed:?}");
            // After the kill: one whole release, or (the fallback's gap) none, the old one parked.
            match step {
                Step::Staged => assert_eq!(made_by(&out), "old", "{case}"),
                Step::Parked => assert!(!out.exists(), "{case}"),
                Step::Swapped | Step::Discarding => assert_eq!(made_by(&out), "new", "{case}"),
            }
            assert_eq!(hidden(dir.path()).len(), 1, "{case}: a work folder is left");

            // The next run removes it (putting a parked release back first) and goes on.
            // Another test of this binary that spawns a process at the moment the killed
            // run held its lock lends the lock to the child until it execs (fork copies
            // the descriptor): clean-up rightly leaves a locked folder alone, so try again
            // while that lasts.
            for _ in 0..100 {
                release::clean_leftovers(dir.path(), release::RELEASE_PREFIX);
                if hidden(dir.path()).is_empty() {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            assert!(hidden(dir.path()).is_empty(), "{case}: {:?}", hidden(dir.path()));
            let expected = if matches!(step, Step::Staged | Step::Parked) { "old" } else { "new" };
            assert_eq!(made_by(&out), expected, "{case}: after clean-up");
            let (next, next_archive) = small_release("next");
            release::install(&out, &next, Some(&next_archive), true, &release::write_file).unwrap();
            assert_eq!(made_by(&out), "next", "{case}");
            assert!(hidden(dir.path()).is_empty(), "{case}: {:?}", hidden(dir.path()));
        }
    }
}

#[test]
fn clean_up_removes_only_folders_that_both_the_name_and_the_marker_say_are_anpo_s() {
    let dir = tempfile::tempdir().unwrap();
    let parent = dir.path();
    let marker_text = {
        // The text of a real marker, from a work folder left by a kill.
        let (files, archive) = small_release("x");
        let simulate = Simulate { kill_before: Some(Step::Staged), no_exchange: false };
        let _ = release::install_simulating(
            &parent.join("r"),
            &files,
            Some(&archive),
            false,
            &release::write_file,
            simulate,
        );
        let left = hidden(parent);
        assert_eq!(left.len(), 1);
        let text = std::fs::read(parent.join(&left[0]).join(release::STAGING_MARKER)).unwrap();
        release::clean_leftovers(parent, release::RELEASE_PREFIX);
        assert!(hidden(parent).is_empty());
        text
    };
    let plant = |name: &str, marker: Option<&[u8]>| {
        let folder = parent.join(name);
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("thesis.tex"), "years of work").unwrap();
        if let Some(marker) = marker {
            std::fs::write(folder.join(release::STAGING_MARKER), marker).unwrap();
        }
    };
    plant(".anpo-release-abc123", None); // the name, no marker
    plant(".anpo-release-notes", Some(&marker_text)); // the marker, not the name
    plant(".anpo-release-abc1234", Some(&marker_text)); // one letter too many
    plant(".anpo-release-xyz789", Some(b"something else")); // another marker text
    std::os::unix::fs::symlink(parent.join(".anpo-release-abc123"), parent.join(".anpo-release-lnk123")).unwrap();
    plant(".anpo-release-ours12", Some(&marker_text)); // anpo's
    release::clean_leftovers(parent, release::RELEASE_PREFIX);
    assert_eq!(
        hidden(parent),
        [
            ".anpo-release-abc123",
            ".anpo-release-abc1234",
            ".anpo-release-lnk123",
            ".anpo-release-notes",
            ".anpo-release-xyz789"
        ]
    );
    assert_eq!(std::fs::read(parent.join(".anpo-release-abc123/thesis.tex")).unwrap(), b"years of work");

    // A live run's work folder is locked: another run leaves it alone.
    let live = release::WorkFolder::new(parent, release::RELEASE_PREFIX, Simulate::default()).unwrap();
    std::fs::write(live.new_folder().join("being-written"), "x").unwrap();
    release::clean_leftovers(parent, release::RELEASE_PREFIX);
    assert!(live.new_folder().join("being-written").exists());
    drop(live);
}
