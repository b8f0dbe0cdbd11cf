//! What several test files share: the export fixture and the canonical dataset.

#![allow(dead_code)]

use anpo::model::Dataset;

/// The shared export fixture: a small dataset that exercises every field, deserialized
/// straight into the model (it is not schema-validated, so it may hold values the schema
/// refuses, such as a leading `=`).
pub fn fixture() -> Dataset {
    serde_json::from_str(include_str!("../fixtures/export/full.json"))
        .expect("the export fixture deserializes into the model")
}

/// The canonical dataset, read and checked by the same pipeline as the CLI.
pub fn canonical() -> Dataset {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let checked = anpo::check::check_paths(&[data]).expect("data/ is readable");
    assert!(checked.diagnostics.is_empty(), "the canonical data has diagnostics");
    checked.dataset.expect("the canonical data is valid")
}

/// The repository's root, where `data/` is.
pub fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the canonical data in `dir/data`; returns that folder.
pub fn copy_data(dir: &std::path::Path) -> std::path::PathBuf {
    let data = dir.join("data");
    std::fs::create_dir_all(&data).expect("mkdir");
    for entry in std::fs::read_dir(root().join("data")).expect("data/") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, data.join(path.file_name().expect("a name"))).expect("copy");
    }
    data
}

/// The `anpo` binary, with no `SOURCE_DATE_EPOCH` or `NO_COLOR` from the caller's
/// environment.
pub fn anpo() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("anpo").expect("binary");
    cmd.env_remove("SOURCE_DATE_EPOCH").env_remove("NO_COLOR");
    cmd
}

/// [`anpo`] run in `cwd`, without colour, under a timeout: nothing may hang (a FIFO or
/// `/dev/zero` read would).
pub fn anpo_in(cwd: &std::path::Path) -> assert_cmd::Command {
    let mut cmd = anpo();
    cmd.current_dir(cwd).env("NO_COLOR", "1").timeout(std::time::Duration::from_secs(120));
    cmd
}

/// Output bytes as text (lossy), for messages and `contains`.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Edit a JSON file in place, written back pretty with a final newline.
pub fn edit_json(path: &std::path::Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let mut value: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    edit(&mut value);
    std::fs::write(path, serde_json::to_string_pretty(&value).unwrap() + "\n").unwrap();
}

/// Every file below `dir` (links not followed), by `/`-separated relative path; a file
/// that cannot be read counts as empty.
pub fn tree(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("readable folder") {
            let path = entry.expect("entry").path();
            if std::fs::symlink_metadata(&path).expect("metadata").is_dir() {
                pending.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("below").to_string_lossy().replace('\\', "/");
                files.insert(relative, std::fs::read(&path).unwrap_or_default());
            }
        }
    }
    files
}
