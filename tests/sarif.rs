//! `--output-format sarif`: valid SARIF 2.1.0 (against the OASIS schema as SchemaStore
//! publishes it, vendored in tests/schemas/sarif-2.1.0.json), every rule described, and
//! fingerprints that survive edits elsewhere in the file.

mod common;
use common::{anpo_in, copy_data};
use serde_json::Value;

fn sarif(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, Value) {
    let output = anpo_in(dir).args(["validate", "--output-format", "sarif"]).args(args).output().unwrap();
    let log = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)));
    (output.status.code(), log)
}

fn results(log: &Value) -> &Vec<Value> {
    log["runs"][0]["results"].as_array().expect("results")
}

#[test]
fn sarif_is_valid_describes_every_rule_and_keeps_its_fingerprints() {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string("tests/schemas/sarif-2.1.0.json").unwrap()).unwrap();
    let validator = jsonschema::draft7::new(&schema).expect("the SARIF schema compiles");
    let dir = tempfile::tempdir().unwrap();
    copy_data(dir.path());
    let data = dir.path().join("data");

    // Clean data: a run with no results, valid.
    let (code, log) = sarif(dir.path(), &["data"]);
    assert_eq!(code, Some(0));
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(results(&log).is_empty());
    let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let codes: Vec<&str> = anpo::codes::CODES.iter().map(|c| c.code).collect();
    assert_eq!(ids, codes, "every code is a rule, in the registry's order");
    for rule in rules {
        for key in ["shortDescription", "fullDescription", "help"] {
            assert!(!rule[key]["text"].as_str().unwrap().is_empty(), "{rule}");
        }
    }
    assert_eq!(log["runs"][0]["columnKind"], "unicodeCodePoints");

    // A planted dangling reference: one result, located, valid.
    let events = data.join("events.json");
    let text = std::fs::read_to_string(&events).unwrap();
    std::fs::write(&events, text.replacen("\"condoleezza-rice\"", "\"condoleeza-rice\"", 1)).unwrap();
    let (code, log) = sarif(dir.path(), &["data/events.json"]);
    assert_eq!(code, Some(1));
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let found = results(&log);
    assert_eq!(found.len(), 1, "{found:#?}");
    let result = &found[0];
    assert_eq!(result["ruleId"], "R202");
    assert_eq!(result["level"], "error");
    assert_eq!(ids[result["ruleIndex"].as_u64().unwrap() as usize], "R202");
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"],
        serde_json::json!({ "uri": "data/events.json", "uriBaseId": "%SRCROOT%" })
    );
    let line = location["region"]["startLine"].as_u64().unwrap();
    let column = location["region"]["startColumn"].as_u64().unwrap();
    let planted = std::fs::read_to_string(&events).unwrap();
    let row = planted.lines().nth(line as usize - 1).unwrap();
    assert_eq!(row.chars().skip(column as usize - 1).take(17).collect::<String>(), "\"condoleeza-rice\"");
    let fingerprint = result["partialFingerprints"]["anpoDiagnostic/v1"].clone();

    // Lines added above it move the region but not the fingerprint; a second run gives
    // the same bytes.
    std::fs::write(&events, format!("\n\n\n{planted}")).unwrap();
    let (_, moved) = sarif(dir.path(), &["data/events.json"]);
    let result = &results(&moved)[0];
    assert_eq!(result["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64(), Some(line + 3));
    assert_eq!(result["partialFingerprints"]["anpoDiagnostic/v1"], fingerprint);
    assert_eq!(sarif(dir.path(), &["data/events.json"]).1, moved);

    // Refused before reading: still one SARIF document, with no results.
    let output =
        anpo_in(dir.path()).args(["export", "--output-format", "sarif", "--out", "data/x", "data"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let log: Value = serde_json::from_slice(&output.stdout).expect("one document");
    assert!(results(&log).is_empty());
}
