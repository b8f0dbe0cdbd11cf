//! The embedded JSON Schema and the data dictionary read from it.
//!
//! `schema/dataset.schema.json` is the source of truth; the binary embeds it so that it
//! validates a dataset anywhere without the source tree.

use crate::diagnostic::{Diagnostic, FileId, Location};
use crate::edtf::EdtfError;
use crate::suggest::closest;
use serde_json::Value;

/// The schema text, as in `schema/dataset.schema.json`.
pub const SCHEMA_TEXT: &str = include_str!("../schema/dataset.schema.json");

/// The schema's file name, as data files name it in `"$schema"`.
pub const SCHEMA_FILE: &str = "dataset.schema.json";

/// Field descriptions, read from the schema: the one place they are written.
#[derive(Debug, Clone)]
pub struct Dictionary {
    schema: &'static Value,
}

/// The embedded schema, parsed once per process: every reader of the schema (the
/// validator, the dictionary, the CSV package, the release's description, the tests)
/// shares this one value.
pub fn embedded() -> &'static Value {
    static SCHEMA: std::sync::LazyLock<Value> =
        std::sync::LazyLock::new(|| serde_json::from_str(SCHEMA_TEXT).expect("the embedded schema is valid JSON"));
    &SCHEMA
}

/// The most `$ref`s followed in a row: a cycle of references ends as "unknown".
pub const MAX_REF_HOPS: usize = 32;

/// A JSON tree a schema can be read from: `serde_json`'s [`Value`] (the validator's and the
/// dictionary's), or the formatter's own tree, which keeps the order of keys (see
/// `format.rs`). Reading the schema's text into both is the one second parse: `Value`
/// does not keep key order (serde_json's `preserve_order` would change it for every
/// `Value` in the program).
pub trait SchemaTree: Sized {
    /// The node's `$ref`, if it has one.
    fn reference(&self) -> Option<&str>;
    /// The node at an RFC 6901 pointer below this one (`/$defs/event`).
    fn at(&self, pointer: &str) -> Option<&Self>;
}

impl SchemaTree for Value {
    fn reference(&self) -> Option<&str> {
        self.get("$ref").and_then(Value::as_str)
    }
    fn at(&self, pointer: &str) -> Option<&Value> {
        self.pointer(pointer)
    }
}

/// `node` with its `$ref`s followed (local references, `#` and an RFC 6901 pointer), a
/// few hops at most: `None` for a reference that leads nowhere or round in a cycle. The
/// one resolver of the schema, whichever tree it was read into.
pub fn resolve<'a, T: SchemaTree>(root: &'a T, mut node: &'a T) -> Option<&'a T> {
    for _ in 0..MAX_REF_HOPS {
        let Some(reference) = node.reference() else {
            return Some(node);
        };
        node = root.at(reference.strip_prefix('#')?)?;
    }
    None
}

/// [`resolve`] on the parsed schema, with `null` for a reference that leads nowhere.
pub fn follow_ref<'a>(schema: &'a Value, node: &'a Value) -> &'a Value {
    static NOTHING: Value = Value::Null;
    resolve(schema, node).unwrap_or(&NOTHING)
}

impl Default for Dictionary {
    fn default() -> Dictionary {
        Dictionary::new()
    }
}

impl Dictionary {
    pub fn new() -> Dictionary {
        Dictionary { schema: embedded() }
    }

    /// The schema version: the number in its `$id` (`…/schema/1/dataset.schema.json`).
    pub fn version(&self) -> &str {
        self.schema["$id"].as_str().and_then(|id| id.rsplit('/').nth(1)).unwrap_or("")
    }

    /// Description of a record kind (`"event"`) or other definition (`"names"`).
    pub fn definition(&self, def: &str) -> Option<&str> {
        self.schema["$defs"][def]["description"].as_str()
    }

    /// Description of a property of a definition, following a `/`-separated path through
    /// nested objects and array items: `("event", "participants/role")`.
    pub fn field(&self, def: &str, path: &str) -> Option<&str> {
        let mut node = &self.schema["$defs"][def];
        let mut description = None;
        for part in path.split('/') {
            node = self.resolve(node);
            if node["type"] == "array" {
                node = self.resolve(&node["items"]);
            }
            node = &node["properties"][part];
            description = node["description"].as_str();
        }
        description
    }

    fn resolve<'a>(&'a self, node: &'a Value) -> &'a Value {
        follow_ref(self.schema, node)
    }
}

/// The compiled validator for data files.
///
/// A file is validated in two parts that together are exactly the schema: its root (the
/// metadata, the names and types of the collections) against the schema with the
/// collections' `items` left out, and each record against its kind's definition
/// (`$defs/event`, …) in a document that keeps every `$defs`, so keyword locations read
/// as they do in the whole schema. Records are checked with the fast `is_valid`; only a
/// record that fails is walked again for its errors.
pub struct SchemaValidator {
    root: jsonschema::Validator,
    /// One validator per collection key (`"events"`), from the items' `$ref`.
    records: Vec<(String, jsonschema::Validator)>,
    schema: &'static Value,
}

impl SchemaValidator {
    pub fn new() -> SchemaValidator {
        let schema = embedded();
        let compile = |schema: &Value| {
            jsonschema::draft202012::options()
                .should_validate_formats(false)
                .build(schema)
                .expect("the embedded schema compiles")
        };
        let mut root = schema.clone();
        let mut records = Vec::new();
        let properties = root["properties"].as_object_mut().expect("the schema's root has properties");
        for (key, property) in properties.iter_mut() {
            let Some(items) = property.as_object_mut().and_then(|p| p.remove("items")) else { continue };
            let mut record = serde_json::Map::new();
            for keyword in ["$schema", "$id", "$defs"] {
                if let Some(value) = schema.get(keyword) {
                    record.insert(keyword.to_string(), value.clone());
                }
            }
            for (keyword, value) in items.as_object().into_iter().flatten() {
                record.insert(keyword.clone(), value.clone());
            }
            records.push((key.clone(), compile(&Value::Object(record))));
        }
        SchemaValidator { root: compile(&root), records, schema }
    }

    /// Every schema error in one file's value, each as a located diagnostic.
    pub fn check(&self, file: FileId, value: &Value) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        if !self.root.is_valid(value) {
            for error in self.root.iter_errors(value) {
                self.diagnose(file, "", &error, &mut out);
            }
        }
        let Some(object) = value.as_object() else { return out };
        for (key, validator) in &self.records {
            let Some(Value::Array(records)) = object.get(key) else { continue };
            for (i, record) in records.iter().enumerate() {
                if validator.is_valid(record) {
                    continue;
                }
                let prefix = format!("/{}/{i}", crate::pointer::escape(key));
                for error in validator.iter_errors(record) {
                    self.diagnose(file, &prefix, &error, &mut out);
                }
            }
        }
        out
    }

    /// The diagnostics of one error, whose instance path is below `prefix`.
    fn diagnose(&self, file: FileId, prefix: &str, error: &jsonschema::ValidationError, out: &mut Vec<Diagnostic>) {
        use jsonschema::error::ValidationErrorKind as K;
        let pointer = format!("{prefix}{}", error.instance_path().as_str());
        let schema_path = error.schema_path().as_str();
        // The schema node that holds the failing keyword, and the definition it belongs to.
        let holder_path = schema_path.rsplit_once('/').map_or("", |(parent, _)| parent);
        let holder = self.schema.pointer(holder_path).unwrap_or(&Value::Null);
        let what = describe_instance(&pointer, holder_path);
        match error.kind() {
            K::AdditionalProperties { unexpected } => {
                let allowed: Vec<&str> = holder["properties"]
                    .as_object()
                    .map(|p| p.keys().map(String::as_str).collect())
                    .unwrap_or_default();
                for name in unexpected {
                    let mut help = format!("allowed properties of {what}: {}", allowed.join(", "));
                    if let Some(close) = closest(name, allowed.iter().copied()) {
                        help = format!("did you mean `{close}`? {help}");
                    }
                    let at = format!("{pointer}/{}", crate::pointer::escape(name));
                    out.push(
                        Diagnostic::error(
                            "J102",
                            Location::key(file, at),
                            format!("unknown property `{name}` in {what}"),
                        )
                        .with_label("not allowed here")
                        .with_help(help),
                    );
                }
            }
            K::Required { property } => {
                let name = property.as_str().unwrap_or_default();
                let mut d = Diagnostic::error(
                    "J101",
                    Location::open(file, pointer),
                    format!("{what} lacks the required property `{name}`"),
                )
                .with_label(format!("missing `{name}`"));
                if let Some(desc) = holder["properties"][name]["description"].as_str() {
                    d = d.with_help(format!("add `{name}`: {desc}"));
                }
                out.push(d);
            }
            K::Type { kind } => {
                let expected = match kind {
                    jsonschema::error::TypeKind::Single(t) => format!("{t}"),
                    jsonschema::error::TypeKind::Multiple(set) => {
                        set.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(" or ")
                    }
                };
                let message = format!("wrong type for {what}: expected {expected}, found {}", brief(error.instance()));
                out.push(
                    Diagnostic::error("J103", Location::value(file, pointer), message)
                        .with_label("wrong type")
                        .with_help(self.help_for(holder_path)),
                );
            }
            K::Enum { options } => {
                let options: Vec<&str> = options.as_array().into_iter().flatten().filter_map(Value::as_str).collect();
                let found = error.instance().as_str().unwrap_or_default();
                let mut help = format!("expected one of: {}", options.join(", "));
                if let Some(close) = closest(found, options.iter().copied()) {
                    help = format!("did you mean `{close}`? {help}");
                }
                out.push(
                    Diagnostic::error(
                        "J104",
                        Location::value(file, pointer),
                        format!("{} is not an allowed value for {what}", brief(error.instance())),
                    )
                    .with_label("not one of the allowed values")
                    .with_help(help),
                );
            }
            K::Pattern { .. } => {
                // A date the pattern refuses though EDTF has it (a year before the common era,
                // `-1985`, refused as a spreadsheet formula) gets the parser's reason.
                let edtf = match error.instance().as_str().map(crate::edtf::Edtf::parse) {
                    Some(Err(reason)) if holder_path.starts_with("/$defs/edtf") && reason != EdtfError::Syntax => {
                        Some(reason)
                    }
                    _ => None,
                };
                let (label, help) = match edtf {
                    Some(reason @ EdtfError::YearOutOfRange) => ("outside the years 0001 to 9999", reason.to_string()),
                    Some(reason) => ("does not match the required form", reason.to_string()),
                    None => ("does not match the required form", self.help_for(holder_path)),
                };
                out.push(
                    Diagnostic::error(
                        "J105",
                        Location::value(file, pointer),
                        format!("{} is not a valid {}", brief(error.instance()), pattern_name(holder_path)),
                    )
                    .with_label(label)
                    .with_help(help),
                )
            }
            K::MinLength { limit }
            | K::MaxLength { limit }
            | K::MinItems { limit }
            | K::MaxItems { limit }
            | K::MinProperties { limit }
            | K::MaxProperties { limit } => {
                let instance = error.instance();
                let (size, unit) = match instance.as_ref() {
                    Value::String(text) => (text.chars().count(), "character"),
                    Value::Array(items) => (items.len(), "item"),
                    Value::Object(members) => (members.len(), "property"),
                    _ => (0, "item"),
                };
                let unit = match (unit, size) {
                    (_, 1) => unit.to_string(),
                    ("property", _) => "properties".to_string(),
                    _ => format!("{unit}s"),
                };
                let wanted = match error.kind() {
                    K::MinLength { .. } | K::MinItems { .. } | K::MinProperties { .. } => "at least",
                    _ => "at most",
                };
                let message = format!("{what} has {size} {unit}, but needs {wanted} {limit}");
                out.push(
                    Diagnostic::error("J106", Location::value(file, pointer), message)
                        .with_label("out of range")
                        .with_help(self.help_for(holder_path)),
                );
            }
            K::Minimum { limit }
            | K::Maximum { limit }
            | K::ExclusiveMinimum { limit }
            | K::ExclusiveMaximum { limit } => {
                let wanted = match error.kind() {
                    K::Minimum { .. } => "at least",
                    K::Maximum { .. } => "at most",
                    K::ExclusiveMinimum { .. } => "more than",
                    _ => "less than",
                };
                let message = format!("{what} is {}, but must be {wanted} {limit}", brief(error.instance()));
                out.push(
                    Diagnostic::error("J106", Location::value(file, pointer), message)
                        .with_label("out of range")
                        .with_help(self.help_for(holder_path)),
                );
            }
            K::UniqueItems => out.push(
                Diagnostic::error("J107", Location::value(file, pointer), format!("{what} lists the same item twice"))
                    .with_label("repeated item")
                    .with_help("remove the repeated item"),
            ),
            _ => out.push(
                Diagnostic::error(
                    "J199",
                    Location::value(file, pointer),
                    format!("{what}: {}", shorten(&error.to_string())),
                )
                .with_help(self.help_for(holder_path)),
            ),
        }
    }

    /// The description of the schema node at `path`, as help text.
    fn help_for(&self, path: &str) -> String {
        self.schema
            .pointer(path)
            .and_then(|n| n["description"].as_str())
            .map_or_else(|| "see schema/dataset.schema.json".to_string(), str::to_string)
    }
}

impl Default for SchemaValidator {
    fn default() -> SchemaValidator {
        SchemaValidator::new()
    }
}

/// "the event at /events/3" or "`date` of the event at /events/3", from the instance
/// pointer and the schema definition the keyword sits in.
fn describe_instance(pointer: &str, schema_path: &str) -> String {
    if pointer.is_empty() {
        return "the file's root object".to_string();
    }
    let def = schema_path.strip_prefix("/$defs/").and_then(|rest| rest.split('/').next());
    let segments: Vec<&str> = pointer.split('/').skip(1).collect();
    let is_index = |s: &&str| s.chars().all(|c| c.is_ascii_digit());
    match segments.last() {
        Some(last) if is_index(last) => match def {
            Some(def) if segments.len() == 2 => format!("the {def} at {pointer}"),
            _ => format!("the item at {pointer}"),
        },
        Some(last) => format!("`{}` at {pointer}", crate::pointer::unescape(last)),
        None => format!("the value at {pointer}"),
    }
}

fn pattern_name(schema_path: &str) -> &'static str {
    if schema_path.starts_with("/$defs/id") {
        "id"
    } else if schema_path.starts_with("/$defs/edtf") {
        "EDTF date"
    } else if schema_path.starts_with("/$defs/text") {
        "text value"
    } else if schema_path.ends_with("/version") {
        "semantic version"
    } else if schema_path.starts_with("/$defs/iri") {
        "web address"
    } else if schema_path.starts_with("/$defs/license") {
        "licence identifier"
    } else {
        "value"
    }
}

/// A value as a message names it: a scalar as JSON (a long string cut short), an array or
/// object by its size. A message names the value; it does not repeat a whole file.
fn brief(value: &Value) -> String {
    match value {
        Value::Array(items) if items.len() == 1 => "an array of 1 item".to_string(),
        Value::Array(items) => format!("an array of {} items", items.len()),
        Value::Object(members) if members.len() == 1 => "an object with 1 property".to_string(),
        Value::Object(members) => format!("an object with {} properties", members.len()),
        Value::String(text) => {
            let start: String = text.chars().take(SHORT + 1).collect();
            shorten(&Value::String(start).to_string())
        }
        other => shorten(&other.to_string()),
    }
}

/// How many characters of a value a message shows.
const SHORT: usize = 80;

/// `text` cut after [`SHORT`] characters, with `…` saying so.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(SHORT) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionary_reads_descriptions_from_the_schema() {
        let d = Dictionary::new();
        assert_eq!(d.version(), "1");
        assert!(d.definition("event").unwrap().contains("dated happening"));
        assert!(d.field("event", "date").unwrap().contains("precision"));
        assert!(d.field("event", "participants/role").unwrap().contains("part in the event"));
        assert!(d.field("instrument", "signed/place").unwrap().contains("place"));
        assert_eq!(d.field("event", "no_such_field"), None);
    }
}
