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
