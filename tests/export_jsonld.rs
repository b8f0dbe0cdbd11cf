//! The JSON-LD exporter (`src/export/jsonld.rs`): golden files for the shared export
//! fixture (the canonical data's are in tests/release.rs), and what the graph promises, checked by decoding it.

mod common;

use std::collections::BTreeSet;

use anpo::export::jsonld::{self, TERMS};
use anpo::export::{Input, Settings};
use anpo::model::{COLLECTIONS, Dataset, RecordKind};
use anpo::schema::Dictionary;
use serde_json::{Map, Value};

/// The two files, as text: (`anpo.jsonld`, `context.jsonld`).
fn export_with(dataset: &Dataset, settings: &Settings) -> (String, String) {
    let dictionary = Dictionary::new();
    let files = jsonld::export(&Input { dataset, dictionary: &dictionary, settings });
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["anpo.jsonld", "context.jsonld"]);
    let text = |i: usize| String::from_utf8(files[i].bytes.clone()).expect("UTF-8");
    (text(0), text(1))
}

fn export(dataset: &Dataset) -> (String, String) {
    export_with(dataset, &Settings::default())
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).expect("the output is JSON")
}

fn graph(document: &Value) -> &Vec<Value> {
    document["@graph"].as_array().expect("@graph is an array")
}

fn node<'a>(document: &'a Value, id: &str) -> &'a Value {
    let iri = format!("https://w3id.org/anpo/{id}");
    graph(document).iter().find(|n| n["@id"] == iri.as_str()).unwrap_or_else(|| panic!("no node {iri}"))
}

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({ snapshot_path => "../snapshots" }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn fixture_golden_files() {
    let (graph, context) = export(&common::fixture());
    snapshot("fixture__anpo.jsonld", &graph);
    snapshot("fixture__context.jsonld", &context);
}

/// The IRIs the model's records should get, in the promised order.
fn expected_ids(dataset: &Dataset, base: &str) -> Vec<String> {
    let mut ids = Vec::new();
    if let Some(meta) = &dataset.dataset {
        ids.push(format!("{base}dataset/{}", meta.id));
    }
    for kind in COLLECTIONS {
        let mut of_kind: Vec<&str> = match kind {
            RecordKind::Instrument => dataset.instruments.iter().map(|r| r.id.as_str()).collect(),
            RecordKind::Article => dataset.articles.iter().map(|r| r.id.as_str()).collect(),
            RecordKind::Event => dataset.events.iter().map(|r| r.id.as_str()).collect(),
            RecordKind::Actor => dataset.actors.iter().map(|r| r.id.as_str()).collect(),
            RecordKind::Place => dataset.places.iter().map(|r| r.id.as_str()).collect(),
            RecordKind::Figure => dataset.figures.iter().map(|r| r.id.as_str()).collect(),
            RecordKind::Position => dataset.positions.iter().map(|r| r.id.as_str()).collect(),
            RecordKind::Source => dataset.sources.iter().map(|r| r.id.as_str()).collect(),
        };
        of_kind.sort_unstable();
        ids.extend(of_kind.into_iter().map(|id| format!("{base}{}/{id}", kind.name())));
    }
    ids
}

#[test]
fn round_trip_gives_one_node_per_record_in_kind_then_id_order() {
    for dataset in [common::fixture(), common::canonical()] {
        let document = parse(&export(&dataset).0);
        let ids: Vec<String> =
            graph(&document).iter().map(|n| n["@id"].as_str().expect("every node has an @id").to_string()).collect();
        assert_eq!(ids, expected_ids(&dataset, "https://w3id.org/anpo/"));
    }
}

#[test]
fn base_iri_setting_names_every_node_but_never_moves_the_vocabulary() {
    let settings = Settings { base_iri: "https://example.org/treaty/".to_string(), ..Settings::default() };
    let dataset = common::fixture();
    let (graph_text, context_text) = export_with(&dataset, &settings);
    let document = parse(&graph_text);
    let ids: Vec<String> = graph(&document).iter().map(|n| n["@id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids, expected_ids(&dataset, "https://example.org/treaty/"));
    // The properties are ours wherever the records are published: the context is the same
    // for every base, and nothing else of w3id.org is left.
    assert_eq!(document["@context"]["anpo"], "https://w3id.org/anpo/ns#");
    let (default_graph, _) = export_with(&dataset, &Settings::default());
    assert_eq!(document["@context"], parse(&default_graph)["@context"]);
    for text in [&graph_text, &context_text] {
        assert_eq!(text.matches("w3id.org").count(), text.matches("https://w3id.org/anpo/ns#").count());
    }
    let terms = parse(&context_text);
    let properties: Vec<&str> =
        graph(&terms).iter().filter_map(|n| n["@id"].as_str()).filter(|id| !id.contains("/context/")).collect();
    assert!(!properties.is_empty());
    assert!(properties.iter().all(|id| id.starts_with("https://w3id.org/anpo/ns#")), "{properties:?}");
}

/// Calls `visit` with every node object in the graph, embedded ones included.
fn walk_nodes<'a>(value: &'a Value, context: &Map<String, Value>, visit: &mut dyn FnMut(&'a Map<String, Value>)) {
    match value {
        Value::Array(values) => values.iter().for_each(|v| walk_nodes(v, context, visit)),
        Value::Object(object) if !object.contains_key("@value") => {
            visit(object);
            for (key, value) in object {
                let is_language_map =
                    context.get(key).and_then(|d| d.get("@container")) == Some(&Value::from("@language"));
                if !key.starts_with('@') && !is_language_map {
                    walk_nodes(value, context, visit);
                }
            }
        }
        _ => {}
    }
}

/// The terms and compact IRIs a document uses, with what each must be.
fn check_terms(document: &Value) -> BTreeSet<String> {
    let context = document["@context"].as_object().expect("the context is inline");
    let mut used = BTreeSet::new();
    let mut problems = Vec::new();
    walk_nodes(&document["@graph"], context, &mut |node| {
        let id = node.get("@id").and_then(Value::as_str).unwrap_or("");
        if !id.starts_with("https://w3id.org/anpo/") {
            problems.push(format!("node without an absolute @id under the base: {node:?}"));
        }
        for class in node.get("@type").and_then(Value::as_array).into_iter().flatten() {
            let class = class.as_str().unwrap_or("");
            used.insert(class.to_string());
            if !context.contains_key(class) {
                problems.push(format!("{id}: class {class} is not a term"));
            }
        }
        for (key, value) in node {
            if key.starts_with('@') {
                if !["@id", "@type"].contains(&key.as_str()) {
                    problems.push(format!("{id}: keyword {key} in a node"));
                }
                continue;
            }
            used.insert(key.clone());
            if !context.contains_key(key) {
                problems.push(format!("{id}: {key} is not a term"));
            }
            // Typed values: their datatype is a compact IRI with a defined prefix.
            let values = match value {
                Value::Array(values) => values.iter().collect(),
                value => vec![value],
            };
            for datatype in values.iter().filter_map(|v| v.get("@value").and(v.get("@type"))) {
                let prefix = datatype.as_str().and_then(|d| d.split_once(':')).map(|(p, _)| p);
                if !prefix.is_some_and(|p| context.contains_key(p)) {
                    problems.push(format!("{id}: {key} has datatype {datatype} without a defined prefix"));
                }
            }
        }
    });
    assert!(problems.is_empty(), "{problems:#?}");
    used
}

/// What the shared fixture leaves out: an organization within another, and the relation
/// kinds other than revises-and-replaces, one naming an article of its target.
fn extras() -> Dataset {
    serde_json::from_value(serde_json::json!({
        "instruments": [
            {"id": "sofa", "kind": "status-of-forces-agreement", "title": {"en": "SOFA"}, "short_name": "SOFA",
             "relations": [
                {"kind": "implements", "target": "treaty", "article": "treaty-art-6"},
                {"kind": "supplements", "target": "treaty"},
                {"kind": "interprets", "target": "treaty", "article": "sofa-art-1"}
             ],
             "summary": "Implements Article VI.", "sources": ["s"]},
            {"id": "treaty", "kind": "treaty", "title": {"en": "Treaty"}, "short_name": "Treaty", "summary": "The treaty.", "sources": ["s"]}
        ],
        "articles": [
            {"id": "sofa-art-1", "instrument": "sofa", "heading": "Definitions", "summary": "Defines terms.", "sources": ["s"]},
            {"id": "treaty-art-6", "instrument": "treaty", "number": 6, "heading": "Bases", "summary": "Grants bases.", "sources": ["s"]}
        ],
        "actors": [
            {"id": "diet", "kind": "legislature", "name": {"en": "National Diet"}, "sources": ["s"]},
            {"id": "house", "kind": "chamber", "name": {"en": "House of Councillors"}, "part_of": "diet", "sources": ["s"]}
        ],
        "sources": [
            {"id": "s", "kind": "glossary", "title": "S", "publisher": "P", "url": "https://example.org/s", "attribution": "P"}
        ]
    }))
    .expect("the extras deserialize into the model")
}

#[test]
fn relations_link_instruments_and_the_articles_they_name() {
    let document = parse(&export(&extras()).0);
    let sofa = node(&document, "instrument/sofa");
    // An article of the target: linked from the instrument besides the target.
    assert_eq!(
        sofa["applies"],
        serde_json::json!(["https://w3id.org/anpo/instrument/treaty", "https://w3id.org/anpo/article/treaty-art-6"])
    );
    assert_eq!(sofa["supplements"], serde_json::json!(["https://w3id.org/anpo/instrument/treaty"]));
    // An article of the instrument itself: the article makes the link too.
    assert_eq!(sofa["interprets"], serde_json::json!(["https://w3id.org/anpo/instrument/treaty"]));
    assert_eq!(node(&document, "article/sofa-art-1")["interprets"][0], "https://w3id.org/anpo/instrument/treaty");
    assert!(node(&document, "article/treaty-art-6").get("applies").is_none());
    let house = node(&document, "actor/house");
    assert_eq!(house["@type"][0], "Organization");
    assert_eq!(house["parentOrganization"], "https://w3id.org/anpo/actor/diet");
}

#[test]
fn every_key_and_class_in_the_graph_is_a_term_of_the_context() {
    let (graph_text, context_text) = export(&common::fixture());
    let mut used = check_terms(&parse(&graph_text));
    used.extend(check_terms(&parse(&context_text)));
    used.extend(check_terms(&parse(&export(&extras()).0)));
    check_terms(&parse(&export(&common::canonical()).0));
    // And the context holds no term that nothing uses.
    let unused: Vec<&str> = TERMS.iter().map(|t| t.name).filter(|name| !used.contains(*name)).collect();
    assert!(unused.is_empty(), "terms never used: {unused:?}");
}

#[test]
fn the_context_has_no_vocab_and_no_remote_context() {
    let (graph_text, context_text) = export(&common::fixture());
    for text in [&graph_text, &context_text] {
        assert!(!text.contains("@vocab"));
        assert!(!text.contains("@import"));
        let document = parse(text);
        assert!(document["@context"].is_object(), "the context is inline, not a reference");
        assert_eq!(document["@context"]["@version"], 1.1);
    }
    assert_eq!(parse(&graph_text)["@context"], parse(&context_text)["@context"]);
}

#[test]
fn context_file_documents_its_version_and_our_terms() {
    let context = parse(&export(&common::fixture()).1);
    let nodes = graph(&context);
    assert_eq!(nodes[0]["@id"], format!("https://w3id.org/anpo/context/{}", jsonld::CONTEXT_VERSION));
    assert_eq!(nodes[0]["contextVersion"], jsonld::CONTEXT_VERSION);
    let ours: Vec<&str> = TERMS.iter().filter(|t| t.prefix == "anpo").map(|t| t.name).collect();
    assert_eq!(nodes.len(), ours.len() + 1);
    for (node, name) in nodes[1..].iter().zip(ours) {
        assert_eq!(node["@id"], format!("https://w3id.org/anpo/ns#{name}"));
        assert_eq!(node["@type"][0], "Property");
        assert!(node["comment"].as_str().is_some_and(|c| c.len() > 20), "{name}: {}", node["comment"]);
    }
    let kind = nodes.iter().find(|n| n["label"] == "kind").unwrap();
    assert!(kind["comment"].as_str().unwrap().starts_with("event.kind: What sort of event this is."));
}

#[test]
fn dates_are_typed_by_precision_beside_their_edtf_text() {
    let document = parse(&export(&common::fixture()).0);
    let typed = |t: &str, v: &str| serde_json::json!({"@type": t, "@value": v});

    let treaty = node(&document, "instrument/treaty-1960");
    assert_eq!(treaty["date_document"], typed("xsd:date", "1960-01-19"));
    assert_eq!(treaty["signedEdtf"], "1960-01-19");
    assert_eq!(treaty["first_date_entry_in_force"], typed("xsd:date", "1960-06-23"));
    assert_eq!(treaty["entryIntoForceEdtf"], "1960-06-23");

    // An event spans its days: an interval of months from the first day of the one to
    // the last of the other.
    let protests = node(&document, "event/anpo-protests-1960");
    assert_eq!(protests["startDate"], typed("xsd:date", "1960-05-01"));
    assert_eq!(protests["endDate"], typed("xsd:date", "1960-06-30"));
    assert_eq!(protests["dateEdtf"], "1960-05/1960-06");

    assert_eq!(node(&document, "figure/figure-approval-change")["observationDate"], typed("xsd:gYearMonth", "1960-05"));
    assert_eq!(node(&document, "figure/figure-petition-signatures")["observationDate"], typed("xsd:gYear", "1959"));
    // Approximate: typed at its precision, the qualifier only in the EDTF text.
    let personnel = node(&document, "figure/figure-us-personnel");
    assert_eq!(personnel["observationDate"], typed("xsd:gYear", "2008"));
    assert_eq!(personnel["dateEdtf"], "2008~");
    // An open interval on a property that names one day: only the EDTF text.
    let mofa = node(&document, "source/mofa-treaty-text");
    assert_eq!(mofa["publishedEdtf"], "../2008");
    assert!(mofa.get("datePublished").is_none());

    let kishi = node(&document, "actor/kishi-nobusuke");
    assert_eq!(kishi["memberOf"][0]["startDate"], typed("xsd:date", "1957-02-25"));
    assert_eq!(kishi["memberOf"][0]["endEdtf"], "1960-07-19");
    assert_eq!(node(&document, "dataset/anpo-export-fixture")["dateModified"], typed("xsd:date", "2024-01-15"));
}

#[test]
fn names_are_language_maps_and_references_are_iris() {
    let document = parse(&export(&common::fixture()).0);
    let treaty = node(&document, "instrument/treaty-1960");
    assert_eq!(treaty["name"]["ja"], "日本国とアメリカ合衆国との間の相互協力及び安全保障条約");
    assert_eq!(treaty["title"], treaty["name"]);
    assert_eq!(treaty["alternateName"]["ja-Latn"][0], "Anpo");
    assert_eq!(treaty["aliasNote"][0], "Anpo: short for \"Anzen Hoshō\" (security)");
    assert_eq!(treaty["@type"], serde_json::json!(["Legislation", "LegalResource"]));
    assert_eq!(treaty["legislationPassedBy"][1], "https://w3id.org/anpo/actor/united-states");
    assert_eq!(treaty["repeals"], serde_json::json!(["https://w3id.org/anpo/instrument/security-treaty-1951"]));
    assert_eq!(treaty["has_part"][0], "https://w3id.org/anpo/article/treaty-1960-article-10");
    // The relation names an article of the treaty itself: the article repeals too.
    let article = node(&document, "article/treaty-1960-article-10");
    assert_eq!(article["repeals"][0], "https://w3id.org/anpo/instrument/security-treaty-1951");
    assert_eq!(article["is_part_of"], "https://w3id.org/anpo/instrument/treaty-1960");
    // A figure's subjects may be of any kind.
    let signatures = node(&document, "figure/figure-petition-signatures");
    assert_eq!(signatures["observationAbout"][2], "https://w3id.org/anpo/place/national-diet-building");
    assert_eq!(signatures["value"], "13500000");
    assert_eq!(node(&document, "figure/figure-approval-change")["value"], "-12.5");
    let dataset = node(&document, "dataset/anpo-export-fixture");
    assert_eq!(dataset["creditText"][0], "Anpo export fixture, version 0.1.0-fixture, The Anpo project, CC-BY-4.0");
    assert_eq!(dataset["creditText"].as_array().unwrap().len(), 4);
}

#[test]
fn concerns_are_about_and_a_source_without_an_address_has_no_url() {
    let document = parse(&export(&common::fixture()).0);
    let base = "https://w3id.org/anpo/";
    let about = |id: &str| node(&document, id)["about"].clone();
    assert_eq!(about("instrument/treaty-1960"), serde_json::json!([format!("{base}place/okinawa")]));
    assert_eq!(
        about("article/treaty-1960-article-10"),
        serde_json::json!([format!("{base}instrument/security-treaty-1951")])
    );
    assert_eq!(about("article/treaty-1960-article-5"), serde_json::json!([format!("{base}actor/un-security-council")]));
    // An event: its instruments first, then what else it concerns.
    assert_eq!(
        about("event/anpo-protests-1960"),
        serde_json::json!([format!("{base}instrument/treaty-1960"), format!("{base}position/position-sovereignty")])
    );
    assert!(node(&document, "instrument/security-treaty-1951").get("about").is_none());
    let report = node(&document, "source/news-report-anpo-1960");
    assert!(report.get("url").is_none());
    assert_eq!(report["headline"], "Demonstrators surround the Diet");
    assert_eq!(
        node(&document, "source/mofa-treaty-text")["url"],
        "https://www.mofa.go.jp/mofaj/area/usa/hosho/jyoyaku.html"
    );

    // An event naming an instrument both ways names it once.
    let mut dataset = common::fixture();
    let protests = dataset.events.iter_mut().find(|e| e.id == "anpo-protests-1960").unwrap();
    protests.concerns.push("treaty-1960".to_string());
    let document = parse(&export(&dataset).0);
    assert_eq!(node(&document, "event/anpo-protests-1960")["about"].as_array().unwrap().len(), 2);
}

#[test]
fn output_is_deterministic_sorted_and_pretty() {
    let (first, context) = export(&common::fixture());
    assert_eq!(export(&common::fixture()).0, first);
    for text in [&first, &context] {
        assert!(text.ends_with("}\n") && !text.ends_with("\n\n"));
        assert!(text.starts_with("{\n  \"@context\": {\n    \"@version\": 1.1,\n"));
        // Re-serializing with sorted keys changes nothing.
        let mut again = serde_json::to_string_pretty(&parse(text)).unwrap();
        again.push('\n');
        assert_eq!(&again, text);
    }
}

#[test]
fn an_empty_dataset_exports_an_empty_graph() {
    let document = parse(&export(&Dataset::default()).0);
    assert_eq!(graph(&document).len(), 0);
}
