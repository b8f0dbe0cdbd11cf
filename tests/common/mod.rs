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
