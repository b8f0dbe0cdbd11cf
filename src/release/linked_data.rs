//! `dataset.jsonld`: the release described as a schema.org `Dataset`, for catalogues and
//! search engines.
//!
//! # Format
//!
//! One JSON-LD 1.1 document, keys sorted, two-space indented, ending with a newline. The
//! context is inline and has no `@vocab`: every key is a term defined in [`TERMS`], so a
//! processor drops nothing and needs nothing from the network.
//!
//! The node is the dataset's own IRI, `{base}dataset/{id}`, the same node as in the JSON-LD
//! export, so the two graphs merge. It carries:
//!
//! | term | from |
//! | --- | --- |
//! | `identifier` | `dataset.id` |
//! | `name` | `dataset.title` |
//! | `description` | `dataset.description` |
//! | `version` | `dataset.version` |
//! | `dateModified` | `dataset.modified` (`xsd:date`) |
//! | `license` | `dataset.license_url` (an IRI) |
//! | `publisher`, `creator` | `dataset.publisher`, as an `Organization` with that `name` |
//! | `keywords` | `dataset.keywords` |
//! | `schemaVersion` | the `$id` of the JSON Schema the data conforms to (an IRI) |
//! | `isBasedOn` | the address of every source that has one (IRIs), in order of source id |
//! | `creditText` | `"{title}, version {version}, {publisher}, {license}"`, then every source's attribution, in order of source id (as in the JSON-LD export) |
//! | `distribution` | one `DataDownload` per file of the payload (every file but `dataset.jsonld`, `manifest.json` and `SHA256SUMS`), sorted by path |
//!
//! Each `DataDownload` has `contentUrl` (the path relative to the release folder, a plain
//! string), `encodingFormat` (the media type), `contentSize` (the size in bytes, an
//! integer) and `sha256` (64 lower-case hex digits; schema.org's `sha256`).

use super::{Context, ManifestFile};
use crate::export::Settings;
use crate::model::Source;
use serde_json::{Map, Value, json};

/// The context's terms: (term, IRI, type coercion).
pub const TERMS: &[(&str, &str, Option<&str>)] = &[
    ("DataDownload", "schema:DataDownload", None),
    ("Dataset", "schema:Dataset", None),
    ("Organization", "schema:Organization", None),
    ("contentSize", "schema:contentSize", None),
    ("contentUrl", "schema:contentUrl", None),
    ("creator", "schema:creator", None),
    ("creditText", "schema:creditText", None),
    ("dateModified", "schema:dateModified", Some("xsd:date")),
    ("description", "schema:description", None),
    ("distribution", "schema:distribution", None),
    ("encodingFormat", "schema:encodingFormat", None),
    ("identifier", "schema:identifier", None),
    ("isBasedOn", "schema:isBasedOn", Some("@id")),
    ("keywords", "schema:keywords", None),
    ("license", "schema:license", Some("@id")),
    ("name", "schema:name", None),
    ("publisher", "schema:publisher", None),
    ("schemaVersion", "schema:schemaVersion", Some("@id")),
    ("sha256", "schema:sha256", None),
    ("version", "schema:version", None),
];

/// The text of `dataset.jsonld`, describing `files` (the payload, sorted by path).
pub(super) fn describe(cx: &Context, settings: &Settings, files: &[ManifestFile]) -> String {
    let meta = cx.meta;
    let mut context = Map::new();
    context.insert("schema".into(), json!("https://schema.org/"));
    context.insert("xsd".into(), json!("http://www.w3.org/2001/XMLSchema#"));
    for (term, iri, coercion) in TERMS {
        let definition = match coercion {
            Some(kind) => json!({ "@id": iri, "@type": kind }),
            None => json!(iri),
        };
        context.insert((*term).into(), definition);
    }

    let mut sources: Vec<&Source> = cx.dataset.sources.iter().collect();
    sources.sort_by(|a, b| a.id.cmp(&b.id));
    let mut credits = vec![json!(super::license::credit(meta))];
    credits.extend(sources.iter().map(|s| json!(s.attribution)));
    let organization = json!({ "@type": "Organization", "name": meta.publisher });
    let distribution: Vec<Value> = files
        .iter()
        .map(|f| {
            json!({
                "@type": "DataDownload",
                "contentUrl": f.path,
                "encodingFormat": f.media_type,
                "contentSize": f.size,
                "sha256": f.sha256,
            })
        })
        .collect();
    let schema_id = schema_id();

    let mut node = Map::new();
    node.insert("@context".into(), Value::Object(context));
    node.insert("@id".into(), json!(format!("{}dataset/{}", settings.base_iri, meta.id)));
    node.insert("@type".into(), json!("Dataset"));
    node.insert("identifier".into(), json!(meta.id));
    node.insert("name".into(), json!(meta.title));
    node.insert("description".into(), json!(meta.description));
    node.insert("version".into(), json!(meta.version));
    node.insert("dateModified".into(), json!(meta.modified));
    node.insert("license".into(), json!(meta.license_url));
    node.insert("publisher".into(), organization.clone());
    node.insert("creator".into(), organization);
    if !meta.keywords.is_empty() {
        node.insert("keywords".into(), json!(meta.keywords));
    }
    if let Some(id) = schema_id {
        node.insert("schemaVersion".into(), json!(id));
    }
    let addresses: Vec<&str> = sources.iter().filter_map(|s| s.url.as_deref()).collect();
    if !addresses.is_empty() {
        node.insert("isBasedOn".into(), json!(addresses));
    }
    node.insert("creditText".into(), json!(credits));
    node.insert("distribution".into(), json!(distribution));
    super::json_document(Value::Object(node))
}

/// The embedded schema's `$id`.
fn schema_id() -> Option<String> {
    crate::schema::embedded()["$id"].as_str().map(str::to_string)
}
