//! The Rust model and the schema agree on the canonical data: every data file validates,
//! deserializes into the model, and what the model serializes is the same JSON and
//! validates again.

use anpo::model::Dataset;
use anpo::schema::SchemaValidator;
use serde_json::Value;

fn data_files() -> Vec<std::path::PathBuf> {
    let files = anpo::walk::files(std::path::Path::new("data")).expect("data/ readable");
    assert!(files.len() >= 9, "expected one file per kind in data/, found {}", files.len());
    files
}

#[test]
fn every_data_file_round_trips_through_the_model() {
    let validator = SchemaValidator::new();
    for path in data_files() {
        let text = std::fs::read_to_string(&path).expect("read");
        let mut value: Value = serde_json::from_str(&text).expect("JSON");
        assert!(validator.check(0, &value).is_empty(), "{} does not validate", path.display());
        let schema_ref = value.as_object_mut().expect("object").remove("$schema");
        assert_eq!(schema_ref.as_ref().and_then(Value::as_str), Some("../schema/dataset.schema.json"));

        let dataset: Dataset = serde_json::from_value(value.clone()).expect("deserializes into the model");
        let mut back = serde_json::to_value(&dataset).expect("serializes");
        assert_eq!(back, value, "{}: the model loses or changes data", path.display());

        back.as_object_mut().expect("object").insert("$schema".into(), schema_ref.expect("present"));
        assert!(validator.check(0, &back).is_empty(), "{}: the model's output does not validate", path.display());
    }
}

#[test]
fn canonical_dataset_passes_every_check_without_warnings() {
    let checked = anpo::check::check_paths(&["data".into()]).expect("data/ readable");
    let problems: Vec<String> =
        checked.diagnostics.iter().map(|d| format!("{} {} {}", d.code, d.location.pointer, d.message)).collect();
    assert!(problems.is_empty(), "{problems:#?}");
    let dataset = checked.dataset.expect("a dataset");
    assert!(dataset.dataset.is_some());
    for (kind, count) in [
        ("instruments", dataset.instruments.len()),
        ("articles", dataset.articles.len()),
        ("events", dataset.events.len()),
        ("actors", dataset.actors.len()),
        ("places", dataset.places.len()),
        ("figures", dataset.figures.len()),
        ("positions", dataset.positions.len()),
        ("sources", dataset.sources.len()),
    ] {
        assert!(count > 0, "no {kind}");
    }
}
