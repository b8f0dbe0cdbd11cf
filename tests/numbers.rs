//! Numbers: whatever the schema accepts in a numeric field, in any JSON form, loads into
//! the model and is exported with its value exact (CSV, SQLite, JSON-LD); `diff` compares
//! numbers by value.
//!
//! The numeric fields are found by walking the schema, so a numeric field added later is
//! covered without touching this file.

#[path = "hardening/checks.rs"]
mod checks;

use anpo::check::{Checked, check_bytes};
use anpo::export::{EXPORTERS, Format, Input, Settings};
use anpo::model::RecordKind;
use anpo::schema::Dictionary;
use assert_cmd::Command;
use proptest::prelude::*;
use serde_json::Value;
use std::path::Path;

/// A numeric property of a record kind: the kind's definition (`"figure"`), the property
/// (`"value"`), and whether the schema wants an integer.
#[derive(Debug, Clone)]
struct NumericField {
    definition: String,
    property: String,
    integer: bool,
}

/// Every numeric property of every record definition in the schema.
fn numeric_fields() -> Vec<NumericField> {
    let schema: Value = anpo::schema::embedded().clone();
    let mut found = Vec::new();
    for (definition, def) in schema["$defs"].as_object().expect("$defs") {
        for (property, node) in def["properties"].as_object().into_iter().flatten() {
            let integer = node["type"] == "integer";
            if integer || node["type"] == "number" {
                found.push(NumericField { definition: definition.clone(), property: property.clone(), integer });
            }
        }
        // A numeric property nested deeper than a record's own properties would need a
        // path here: fail loudly rather than leave it untested.
        for (property, node) in def["properties"].as_object().into_iter().flatten() {
            let nested = [&node["properties"], &node["items"]["properties"]];
            let deeper = nested.iter().filter_map(|p| p.as_object()).flatten();
            for (inner, leaf) in deeper {
                assert!(
                    leaf["type"] != "integer" && leaf["type"] != "number",
                    "{definition}/{property}/{inner}: extend numeric_fields to nested numbers"
                );
            }
        }
    }
    found
}

/// The canonical data files, parsed.
fn canonical() -> Vec<(String, Value)> {
    let mut paths: Vec<_> = std::fs::read_dir("data").expect("data/").map(|e| e.expect("entry").path()).collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            (name, serde_json::from_slice(&std::fs::read(&p).expect("read")).expect("JSON"))
        })
        .collect()
}

/// The canonical data with the first record of the field's kind given `lexeme` as the
/// field's value, written exactly as given.
fn with_number(field: &NumericField, lexeme: &str) -> (Vec<(String, Vec<u8>)>, String) {
    let number: serde_json::Number = lexeme.parse().expect("a JSON number");
    let mut files = canonical();
    let mut id = None;
    for (_, value) in &mut files {
        let collection = value.as_object_mut().and_then(|o| {
            o.iter_mut()
                .find(|(key, _)| RecordKind::from_collection(key).is_some_and(|k| k.name() == field.definition))
                .map(|(_, v)| v)
        });
        if let Some(Value::Array(records)) = collection
            && let Some(record) = records.first_mut()
            && id.is_none()
        {
            record[&field.property] = Value::Number(number.clone());
            id = record["id"].as_str().map(str::to_string);
        }
    }
    let id = id.unwrap_or_else(|| panic!("the canonical data has no {}", field.definition));
    let bytes = files.into_iter().map(|(name, value)| (name, serde_json::to_vec_pretty(&value).expect("JSON")));
    (bytes.collect(), id)
}

/// A whole number `n` written in the forms JSON Schema counts as integers.
fn forms(n: u64) -> Vec<String> {
    let digits = n.to_string();
    let mut out = vec![digits.clone(), format!("{digits}.0"), format!("{digits}.000"), format!("{digits}e0")];
    // The point moved left, with an exponent to match: 11 → 1.1e1, 1.1E+1, 0.11e2.
    let (head, tail) = digits.split_at(1);
    if !tail.is_empty() {
        out.push(format!("{head}.{tail}e{}", tail.len()));
        out.push(format!("{head}.{tail}E+{}", tail.len()));
    }
    out.push(format!("0.{digits}e{}", digits.len()));
    // Trailing zeros and a negative exponent: 11 → 110E-1, 1100e-2.
    if n > 0 {
        out.push(format!("{digits}0E-1"));
        out.push(format!("{digits}00e-2"));
    } else {
        out.push("-0".to_string());
        out.push("-0.0e5".to_string());
    }
    out
}

/// Numbers that are not whole: what a count must refuse, and a figure keep exactly.
fn fractions(n: u64) -> Vec<String> {
    vec![
        format!("{n}.5"),
        format!("{n}.00000000000000001"),
        format!("{}e-1", u128::from(n) * 10 + 5),
        format!("-{n}.25"),
        "1e-400".to_string(),
        "-2.5E-3".to_string(),
    ]
}

/// Run one lexeme through the whole chain and check what the schema and model must do.
fn run(field: &NumericField, lexeme: &str, value: Option<u64>) {
    let (files, id) = with_number(field, lexeme);
    let checked: Checked = match check_bytes(files) {
        Ok(checked) => checked,
        Err(problem) => panic!("{}/{} = {lexeme}: {problem}", field.definition, field.property),
    };
    checks::located(&checked);
    let schema_codes: Vec<_> = checked.diagnostics.iter().map(|d| d.code).filter(|c| c.starts_with('J')).collect();
    // What the schema must accept, judged from the generated value, not by the code under test.
    let expected = if field.integer { value.is_some_and(|n| (1..=u64::from(u32::MAX)).contains(&n)) } else { true };
    assert_eq!(
        schema_codes.is_empty(),
        expected,
        "{}/{} = {lexeme}: {schema_codes:?}",
        field.definition,
        field.property
    );
    if !expected {
        assert!(checked.dataset.is_none());
        return;
    }
    let dataset = checked
        .valid_dataset(false)
        .unwrap_or_else(|| panic!("{}/{} = {lexeme}: {:?}", field.definition, field.property, checked.diagnostics));
    checks::exporters(dataset);
    // The CSV cell: a count as its whole number, a figure exactly as written.
    let dictionary = Dictionary::new();
    let settings = Settings::default();
    let input = Input { dataset, dictionary: &dictionary, settings: &settings };
    let (_, csv) = EXPORTERS.iter().find(|(f, _)| *f == Format::Csv).expect("csv");
    let table = format!("{}s.csv", field.definition);
    let file = csv(&input).expect("the CSV export").into_iter().find(|f| f.path == table).expect("the table");
    let mut reader = csv::Reader::from_reader(file.bytes.as_slice());
    let column = reader.headers().expect("header").iter().position(|h| h == field.property).expect("column");
    let row = reader.records().map(|r| r.expect("row")).find(|r| &r[0] == id.as_str()).expect("the row");
    let written = lexeme.parse::<serde_json::Number>().expect("number").to_string();
    let cell = &row[column];
    match value {
        Some(n) if field.integer => assert_eq!(cell, n.to_string(), "{lexeme}"),
        _ => assert_eq!(cell, written, "{lexeme}: written as the data has it"),
    }
    assert!(anpo::number::same_value(cell, lexeme), "{lexeme} → {cell}");
    // SQLite: a count as an INTEGER, a figure as its exact text, as in the CSV.
    let (_, sqlite) = EXPORTERS.iter().find(|(f, _)| *f == Format::Sqlite).expect("sqlite");
    let file = sqlite(&input).expect("the SQLite export").into_iter().next().expect("anpo.sqlite");
    let mut db = rusqlite::Connection::open_in_memory().expect("SQLite");
    db.deserialize_read_exact(rusqlite::MAIN_DB, file.bytes.as_slice(), file.bytes.len(), true).expect("a database");
    let sql = format!("SELECT \"{}\" FROM \"{}s\" WHERE id = ?1", field.property, field.definition);
    let stored: rusqlite::types::Value = db.query_row(&sql, [id.as_str()], |r| r.get(0)).expect("the row");
    match stored {
        rusqlite::types::Value::Integer(i) if field.integer => assert_eq!(i.to_string(), cell, "{lexeme}"),
        rusqlite::types::Value::Text(text) if !field.integer => assert_eq!(text, written, "{lexeme}"),
        other => panic!("{lexeme}: stored as {other:?}"),
    }
    if field.definition == "figure" {
        // JSON-LD: the same text, typed by its form.
        let (_, jsonld) = EXPORTERS.iter().find(|(f, _)| *f == Format::JsonLd).expect("jsonld");
        let file = jsonld(&input)
            .expect("the JSON-LD export")
            .into_iter()
            .find(|f| f.path == "anpo.jsonld")
            .expect("the graph");
        let graph: Value = serde_json::from_slice(&file.bytes).expect("JSON");
        let iri = format!("{}figure/{id}", settings.base_iri);
        let node = graph["@graph"].as_array().expect("@graph").iter().find(|n| n["@id"] == iri.as_str()).expect("node");
        let literal = match node["value"].as_object() {
            Some(typed) => {
                assert_eq!(typed["@type"], "xsd:double", "{lexeme}");
                typed["@value"].as_str().expect("text")
            }
            None => node["value"].as_str().expect("an xsd:decimal string"),
        };
        assert_eq!(literal, written, "{lexeme}");
    }
}

#[test]
fn the_schema_walk_finds_every_numeric_field() {
    let names: Vec<String> = numeric_fields().iter().map(|f| format!("{}/{}", f.definition, f.property)).collect();
    for known in ["instrument/article_count", "article/number", "figure/value"] {
        assert!(names.contains(&known.to_string()), "{known} not found in {names:?}");
    }
}

#[test]
fn counts_written_as_integers_in_any_form_load_into_the_model() {
    // The issue's cases: `11.0`, `1.1e1`, `1e0`, and the bound itself.
    for field in numeric_fields() {
        for n in [1, 11, 4294967295] {
            for lexeme in forms(n) {
                run(&field, &lexeme, Some(n));
            }
        }
    }
}

#[test]
fn counts_past_the_bound_or_not_whole_are_refused_with_a_location() {
    for field in numeric_fields().into_iter().filter(|f| f.integer) {
        for lexeme in forms(4294967296).into_iter().chain(forms(0)).chain(fractions(11)) {
            run(&field, &lexeme, made_from(&lexeme));
        }
        for lexeme in ["18446744073709551616", "1e400", "123456789012345678901234567890", "1e999999999999"] {
            run(&field, lexeme, None);
        }
    }
}

#[test]
fn figures_keep_every_digit_and_tiny_and_huge_values() {
    let figures: Vec<_> = numeric_fields().into_iter().filter(|f| !f.integer).collect();
    assert!(!figures.is_empty());
    for field in figures {
        for lexeme in ["12345678901234567890123", "1e-400", "1e400", "-0", "0.000000000000000000001", "1e-999999999999"]
        {
            run(&field, lexeme, None);
        }
    }
}

/// The whole number a lexeme of these tests was made from, for the forms of 4294967296 and
/// 0 (the fractions are never whole).
fn made_from(lexeme: &str) -> Option<u64> {
    [4294967296, 0].into_iter().find(|&n| forms(n).iter().any(|f| f == lexeme))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn schema_valid_numbers_in_every_form_load_and_export(
        n in prop_oneof![0u64..20, 0u64..=u64::from(u32::MAX) + 10, any::<u64>()],
        fraction in any::<bool>(),
        pick in any::<prop::sample::Index>(),
    ) {
        let fields = numeric_fields();
        let field = &fields[pick.index(fields.len())];
        let lexemes = if fraction { fractions(n) } else { forms(n) };
        for lexeme in lexemes {
            run(field, &lexeme, (!fraction).then_some(n));
        }
    }
}

// --- The issue's cases, end to end through the binary --------------------------------------

fn anpo() -> Command {
    Command::cargo_bin("anpo").expect("binary")
}

/// A copy of the canonical data with `edit` applied to `file`'s text.
fn copy_with(dir: &Path, file: &str, edit: &dyn Fn(&str) -> String) {
    std::fs::create_dir_all(dir).expect("dir");
    for entry in std::fs::read_dir("data").expect("data/") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        let name = path.file_name().expect("name");
        let text = if name == file { edit(&text) } else { text };
        std::fs::write(dir.join(name), text).expect("write");
    }
}

#[test]
fn long_and_tiny_figures_are_exported_exactly_as_written() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("data");
    copy_with(&data, "figures.json", &|t| {
        t.replacen("\"value\": 1648,", "\"value\": 12345678901234567890123,", 1).replacen(
            "\"value\": 0.2,",
            "\"value\": 1e-400,",
            1,
        )
    });
    let out = tmp.path().join("out");
    anpo().args(["export", "--format", "all", "--out"]).arg(&out).arg(&data).assert().success();
    let csv = std::fs::read_to_string(out.join("csv/figures.csv")).expect("csv");
    assert!(csv.contains(",12345678901234567890123,"), "{csv}");
    assert!(csv.contains(",1e-400,"), "{csv}");
    let db = rusqlite::Connection::open(out.join("sqlite/anpo.sqlite")).expect("sqlite/anpo.sqlite");
    let mut statement = db.prepare("SELECT value FROM figures WHERE typeof(value) = 'text'").expect("query");
    let stored: Vec<String> = statement.query_map([], |r| r.get(0)).expect("rows").map(|r| r.expect("text")).collect();
    assert!(stored.iter().any(|v| v == "12345678901234567890123"), "{stored:?}");
    assert!(stored.iter().any(|v| v == "1e-400"), "{stored:?}");
    let graph: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("jsonld/anpo.jsonld")).expect("jsonld")).expect("JSON");
    let values: Vec<&Value> =
        graph["@graph"].as_array().expect("graph").iter().filter_map(|n| n.get("value")).collect();
    assert!(values.contains(&&Value::String("12345678901234567890123".into())), "{values:?}");
    let tiny: Value = serde_json::from_str(r#"{"@type": "xsd:double", "@value": "1e-400"}"#).expect("JSON");
    assert!(values.contains(&&tiny), "{values:?}");
}

#[test]
fn counts_written_as_11_0_or_1_1e1_validate_and_export() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("data");
    copy_with(&data, "instruments.json", &|t| t.replacen("\"article_count\": 11,", "\"article_count\": 1.1e1,", 1));
    anpo().arg("validate").arg(&data).assert().success();
    let out = tmp.path().join("out");
    anpo().args(["export", "--format", "csv", "--out"]).arg(&out).arg(&data).assert().success();
    let csv = std::fs::read_to_string(out.join("csv/instruments.csv")).expect("csv");
    assert!(csv.lines().any(|l| l.contains(",11,")), "{csv}");
}

#[test]
fn diff_compares_numbers_by_exact_value() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (old, new) = (tmp.path().join("old"), tmp.path().join("new"));
    copy_with(&old, "figures.json", &|t| {
        t.replacen("\"value\": 1648,", "\"value\": 1.0,", 1).replacen("\"value\": 30,", "\"value\": 1E2,", 1).replacen(
            "\"value\": 24,",
            "\"value\": 12345678901234567890123,",
            1,
        )
    });
    copy_with(&new, "figures.json", &|t| {
        t.replacen("\"value\": 1648,", "\"value\": 1,", 1).replacen("\"value\": 30,", "\"value\": 100,", 1).replacen(
            "\"value\": 24,",
            "\"value\": 12345678901234567000000,",
            1,
        )
    });
    let output = anpo().args(["diff", "--format", "json"]).arg(&old).arg(&new).output().expect("runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let diff: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let changed = diff["changed"].as_array().expect("changed");
    assert_eq!(changed.len(), 1, "only the long number changed: {diff:#}");
    assert_eq!(changed[0]["fields"][0]["path"], "value");
    assert_eq!(changed[0]["fields"][0]["old"].to_string(), "12345678901234567890123");
    assert_eq!(changed[0]["fields"][0]["new"].to_string(), "12345678901234567000000");
}
