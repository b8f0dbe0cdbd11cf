//! Record-level comparison of two datasets: the records added, removed and changed, and
//! for each changed record the fields that changed, with their old and new values.
//!
//! [`diff`] is pure: two models in, one [`Changes`] out, no I/O and no text. The writers
//! are one per output format, each a function from [`Changes`] to text: [`human`]
//! (`human.rs`), [`json`] (`json.rs`, a documented interface) and [`markdown`]
//! (`markdown.rs`, a CHANGELOG section). `anpo diff` and `anpo release --previous` both
//! use them.
//!
//! # How records are compared
//!
//! - A record is known by its kind and its `id` (ids are unique, rule R201). A record whose
//!   id is only in the old dataset is *removed*, only in the new one *added*; a renamed id
//!   is one of each.
//! - The two versions of a record are compared as JSON (`serde_json::to_value` of the
//!   model), so every field is covered without code per field:
//!   - objects member by member; a member on one side only is one change, with the other
//!     side *absent* (`None`), and is not looked into further;
//!   - **arrays of strings** as sets: one change at the array's path, carrying both whole
//!     arrays and the strings [`SetChange::added`] and [`SetChange::removed`]. In the
//!     schema every array of strings is a list of record ids (`sources`, `parties`,
//!     `places`, …) or the dataset's `keywords`, all with unique items, where "added x,
//!     removed y" reads better than a change at each index that shifted. A list that was
//!     only reordered is still a change, with nothing added or removed;
//!   - other arrays (`participants`, `aliases`, `quotations`, …) element by element, by
//!     index: `participants/2/role`; an element past the end of the other side's array is
//!     absent there;
//!   - numbers by exact value, from their text (`1.0` and `1`, `1E2` and `100` are one
//!     value; `…67890123` and `…67000000` are two), never through `f64`;
//!   - anything else (strings, a change of type) as a whole value.
//! - The `dataset` metadata is compared the same way, as if it were one record; a
//!   dataset without metadata counts as metadata with no fields.
//!
//! A path names a value within its record: the member names and array indexes that lead
//! to it, joined with `/`, without a leading `/` (`title/ja`, `participants/2/role`,
//! `sources`). Names are escaped as in RFC 6901 (`~` as `~0`, `/` as `~1`), so `/` +
//! path is a JSON pointer into the record.
//!
//! # Order
//!
//! Records are grouped by kind in [`COLLECTIONS`] order and sorted by id within a kind;
//! the changes of one record come in the order of the record's members as serialized
//! (array indexes ascending). Strings added to or removed from a set keep the order of
//! the array they come from. The output is a function of the two datasets alone.
//!
//! Time and memory are linear in the size of the two datasets, up to the logarithm of
//! the number of records: records are indexed by id in a [`BTreeMap`].

mod human;
mod json;
mod markdown;

pub use human::human;
pub use json::{JsonChanged, JsonChanges, JsonField, JsonRecord, JsonSummary, json};
pub use markdown::markdown;

use crate::model::{COLLECTIONS, Dataset, RecordKind};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashSet};

/// Everything that differs between two datasets.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    /// `dataset.version` of the old dataset, if it has metadata.
    pub old_version: Option<String>,
    /// `dataset.version` of the new dataset, if it has metadata.
    pub new_version: Option<String>,
    /// Changes to the `dataset` metadata; paths are relative to the metadata object.
    pub dataset: Vec<FieldChange>,
    pub added: Vec<RecordRef>,
    pub removed: Vec<RecordRef>,
    pub changed: Vec<RecordChange>,
}

impl Changes {
    /// True when the two datasets hold the same records and the same metadata.
    pub fn is_empty(&self) -> bool {
        self.dataset.is_empty() && self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// A record named by kind and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordRef {
    pub kind: RecordKind,
    pub id: String,
}

/// A record present on both sides whose fields differ.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordChange {
    pub kind: RecordKind,
    pub id: String,
    /// At least one.
    pub fields: Vec<FieldChange>,
}

/// One value that differs.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    /// Where, within the record (see the module documentation).
    pub path: String,
    /// The old value; `None` when the field was absent.
    pub old: Option<Value>,
    /// The new value; `None` when the field is absent now.
    pub new: Option<Value>,
    /// For an array of strings (an absent one counting as empty): what was added and
    /// removed. `None` for every other value.
    pub set: Option<SetChange>,
}

/// The difference between two arrays of strings, taken as sets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SetChange {
    /// In the new array and not in the old, in the new array's order.
    pub added: Vec<String>,
    /// In the old array and not in the new, in the old array's order.
    pub removed: Vec<String>,
}

/// Compare two datasets record by record.
pub fn diff(old: &Dataset, new: &Dataset) -> Changes {
    let old_value = to_value(old);
    let new_value = to_value(new);
    let mut changes = Changes {
        old_version: old.dataset.as_ref().map(|m| m.version.clone()),
        new_version: new.dataset.as_ref().map(|m| m.version.clone()),
        ..Changes::default()
    };

    let no_metadata = Value::Object(Map::new());
    compare(
        "",
        old_value.get("dataset").unwrap_or(&no_metadata),
        new_value.get("dataset").unwrap_or(&no_metadata),
        &mut changes.dataset,
    );

    for kind in COLLECTIONS {
        let old_records = index(&old_value, kind);
        let new_records = index(&new_value, kind);
        for (&id, &old_record) in &old_records {
            match new_records.get(id) {
                None => changes.removed.push(RecordRef { kind, id: id.to_string() }),
                Some(&new_record) => {
                    let mut fields = Vec::new();
                    compare("", old_record, new_record, &mut fields);
                    if !fields.is_empty() {
                        changes.changed.push(RecordChange { kind, id: id.to_string(), fields });
                    }
                }
            }
        }
        for &id in new_records.keys() {
            if !old_records.contains_key(id) {
                changes.added.push(RecordRef { kind, id: id.to_string() });
            }
        }
    }
    changes
}

/// The model as JSON. The model is plain structs, strings, numbers and lists, so this
/// cannot fail.
fn to_value(dataset: &Dataset) -> Value {
    serde_json::to_value(dataset).expect("the model always serializes to JSON")
}

/// The records of one kind by id. Should an id appear twice (invalid data, R201), the
/// last record with it is the one compared.
fn index(dataset: &Value, kind: RecordKind) -> BTreeMap<&str, &Value> {
    let records = dataset.get(kind.collection()).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    records.iter().map(|record| (record.get("id").and_then(Value::as_str).unwrap_or_default(), record)).collect()
}

/// Append to `out` every difference between `old` and `new`, found at `path`.
fn compare(path: &str, old: &Value, new: &Value, out: &mut Vec<FieldChange>) {
    if old == new {
        return;
    }
    match (old, new) {
        // Numbers keep their text: compared by exact value, `1.0` is `1` and `1E2` is `100`.
        (Value::Number(a), Value::Number(b)) if crate::number::same_value(a.as_str(), b.as_str()) => {}
        (Value::Object(a), Value::Object(b)) => {
            for key in union_of_keys(a, b) {
                let child = join(path, key);
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => compare(&child, x, y, out),
                    (x, y) => out.push(change(child, x, y)),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if !(all_strings(a) && all_strings(b)) => {
            for i in 0..a.len().max(b.len()) {
                let child = join(path, &i.to_string());
                match (a.get(i), b.get(i)) {
                    (Some(x), Some(y)) => compare(&child, x, y, out),
                    (x, y) => out.push(change(child, x, y)),
                }
            }
        }
        _ => out.push(change(path.to_string(), Some(old), Some(new))),
    }
}

/// A change of a whole value; a set change when the values are arrays of strings.
fn change(path: String, old: Option<&Value>, new: Option<&Value>) -> FieldChange {
    FieldChange { path, old: old.cloned(), new: new.cloned(), set: set_change(old, new) }
}

fn set_change(old: Option<&Value>, new: Option<&Value>) -> Option<SetChange> {
    fn strings(value: Option<&Value>) -> Option<Vec<&str>> {
        match value {
            None => Some(Vec::new()),
            Some(Value::Array(items)) => items.iter().map(Value::as_str).collect(),
            Some(_) => None,
        }
    }
    let (old, new) = (strings(old)?, strings(new)?);
    let old_set: HashSet<&str> = old.iter().copied().collect();
    let new_set: HashSet<&str> = new.iter().copied().collect();
    Some(SetChange {
        added: new.iter().filter(|s| !old_set.contains(*s)).map(|s| s.to_string()).collect(),
        removed: old.iter().filter(|s| !new_set.contains(*s)).map(|s| s.to_string()).collect(),
    })
}

fn all_strings(items: &[Value]) -> bool {
    items.iter().all(Value::is_string)
}

/// The keys of two objects, each once, in an order consistent with both: when the two
/// key orders agree (as they do for two serializations of one model type), this is that
/// order.
fn union_of_keys<'a>(a: &'a Map<String, Value>, b: &'a Map<String, Value>) -> Vec<&'a str> {
    let a_keys: Vec<&str> = a.keys().map(String::as_str).collect();
    let b_keys: Vec<&str> = b.keys().map(String::as_str).collect();
    let mut keys = Vec::with_capacity(a_keys.len().max(b_keys.len()));
    let mut seen = HashSet::new();
    let (mut i, mut j) = (0, 0);
    loop {
        let key = match (a_keys.get(i), b_keys.get(j)) {
            (None, None) => break,
            (Some(&x), Some(&y)) if x == y => {
                i += 1;
                j += 1;
                x
            }
            (Some(&x), _) if !b.contains_key(x) => {
                i += 1;
                x
            }
            (_, Some(&y)) if !a.contains_key(y) => {
                j += 1;
                y
            }
            // Keys on both sides but in another order: take the old side's first.
            (Some(&x), _) => {
                i += 1;
                x
            }
            (None, Some(&y)) => {
                j += 1;
                y
            }
        };
        if seen.insert(key) {
            keys.push(key);
        }
    }
    keys
}

/// `path` + `/` + `segment`, the segment escaped as in RFC 6901.
fn join(path: &str, segment: &str) -> String {
    let segment = crate::pointer::escape(segment);
    if path.is_empty() { segment.into_owned() } else { format!("{path}/{segment}") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(old: Value, new: Value) -> Vec<FieldChange> {
        let mut out = Vec::new();
        compare("", &old, &new, &mut out);
        out
    }

    fn value_change(path: &str, old: Option<Value>, new: Option<Value>) -> FieldChange {
        FieldChange { path: path.to_string(), old, new, set: None }
    }

    /// Numbers as the data writes them (`json!` would read them through `f64`).
    fn parsed(text: &str) -> Value {
        serde_json::from_str(text).expect("JSON")
    }

    #[test]
    fn numbers_are_compared_by_exact_value() {
        let same = fields(parsed(r#"{"a": 1.0, "b": 1E2, "c": -0}"#), parsed(r#"{"a": 1, "b": 100, "c": 0.0}"#));
        assert_eq!(same, vec![]);
        let old = r#"{"a": 12345678901234567890123, "b": 1e-400}"#;
        let changed = fields(parsed(old), parsed(r#"{"a": 12345678901234567000000, "b": 0}"#));
        assert_eq!(
            changed,
            vec![
                value_change("a", Some(parsed("12345678901234567890123")), Some(parsed("12345678901234567000000"))),
                value_change("b", Some(parsed("1e-400")), Some(parsed("0"))),
            ]
        );
    }

    #[test]
    fn equal_values_have_no_changes() {
        let record = json!({"id": "a", "title": {"en": "A", "ja": "あ"}, "sources": ["s"]});
        assert!(fields(record.clone(), record).is_empty());
    }

    #[test]
    fn nested_members_are_reported_by_path() {
        let changes = fields(json!({"title": {"en": "A", "ja": "あ"}}), json!({"title": {"en": "A", "ja": "い"}}));
        assert_eq!(changes, vec![value_change("title/ja", Some(json!("あ")), Some(json!("い")))]);
    }

    #[test]
    fn absent_and_present_is_a_change_either_way() {
        let changes = fields(json!({"id": "a", "notes": "n"}), json!({"id": "a", "date_phrase": "early"}));
        assert_eq!(
            changes,
            vec![
                value_change("date_phrase", None, Some(json!("early"))),
                value_change("notes", Some(json!("n")), None),
            ]
        );
    }

    #[test]
    fn arrays_of_objects_are_compared_by_index() {
        let old = json!({"participants": [{"actor": "a", "role": "x"}, {"actor": "b", "role": "y"}]});
        let new = json!({"participants": [{"actor": "a", "role": "x"}, {"actor": "b", "role": "z"}, {"actor": "c", "role": "w"}]});
        assert_eq!(
            fields(old, new),
            vec![
                value_change("participants/1/role", Some(json!("y")), Some(json!("z"))),
                value_change("participants/2", None, Some(json!({"actor": "c", "role": "w"}))),
            ]
        );
    }

    #[test]
    fn arrays_of_strings_are_compared_as_sets() {
        let changes = fields(json!({"sources": ["a", "b", "c"]}), json!({"sources": ["d", "a", "c"]}));
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].path, "sources");
        assert_eq!(changes[0].old, Some(json!(["a", "b", "c"])));
        assert_eq!(changes[0].new, Some(json!(["d", "a", "c"])));
        assert_eq!(changes[0].set, Some(SetChange { added: vec!["d".into()], removed: vec!["b".into()] }));
    }

    #[test]
    fn a_reordered_set_is_a_change_with_nothing_added_or_removed() {
        let changes = fields(json!({"parties": ["a", "b"]}), json!({"parties": ["b", "a"]}));
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].set, Some(SetChange::default()));
    }

    #[test]
    fn an_absent_set_counts_as_empty() {
        let changes = fields(json!({"id": "e"}), json!({"id": "e", "places": ["tokyo"]}));
        assert_eq!(changes[0].set, Some(SetChange { added: vec!["tokyo".into()], removed: vec![] }));
    }

    #[test]
    fn a_change_of_type_is_one_change() {
        let changes = fields(json!({"value": 3}), json!({"value": [3]}));
        assert_eq!(changes, vec![value_change("value", Some(json!(3)), Some(json!([3])))]);
    }

    #[test]
    fn path_segments_are_escaped_as_in_json_pointers() {
        let changes = fields(json!({"a/b": {"c~d": 1}}), json!({"a/b": {"c~d": 2}}));
        assert_eq!(changes[0].path, "a~1b/c~0d");
    }

    #[test]
    fn keys_in_different_orders_are_each_reported_once() {
        let mut a = Map::new();
        a.insert("x".into(), json!(1));
        a.insert("y".into(), json!(2));
        let mut b = Map::new();
        b.insert("y".into(), json!(2));
        b.insert("x".into(), json!(1));
        b.insert("z".into(), json!(3));
        let keys = union_of_keys(&a, &b);
        let mut sorted = keys.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(keys.len(), sorted.len());
        assert_eq!(sorted, vec!["x", "y", "z"]);
    }

    fn dataset(value: Value) -> Dataset {
        serde_json::from_value(value).expect("a model dataset")
    }

    fn event(id: &str, title: &str) -> Value {
        json!({"id": id, "kind": "signing", "date": "1960-01-19", "title": title, "summary": "S.", "sources": ["s"]})
    }

    #[test]
    fn records_are_added_removed_and_changed_by_id_in_kind_order() {
        let old = dataset(json!({
            "events": [event("b", "B"), event("a", "A"), event("c", "C")],
            "sources": [{"id": "s", "kind": "glossary", "title": "T", "publisher": "P", "url": "https://x.example", "attribution": "A"}],
        }));
        let new = dataset(json!({
            "events": [event("d", "D"), event("c", "C2"), event("a", "A")],
            "instruments": [{"id": "i", "kind": "treaty", "title": {"en": "I"}, "short_name": "I", "summary": "S.", "sources": ["s"]}],
            "sources": [{"id": "s", "kind": "glossary", "title": "T", "publisher": "P", "url": "https://x.example", "attribution": "A"}],
        }));
        let changes = diff(&old, &new);
        let refs = |v: &[RecordRef]| v.iter().map(|r| (r.kind, r.id.clone())).collect::<Vec<_>>();
        assert_eq!(
            refs(&changes.added),
            vec![(RecordKind::Instrument, "i".to_string()), (RecordKind::Event, "d".to_string())]
        );
        assert_eq!(refs(&changes.removed), vec![(RecordKind::Event, "b".to_string())]);
        assert_eq!(changes.changed.len(), 1);
        assert_eq!(changes.changed[0].id, "c");
        assert_eq!(changes.changed[0].fields, vec![value_change("title", Some(json!("C")), Some(json!("C2")))]);
        assert!(changes.dataset.is_empty());
        assert_eq!(changes.old_version, None);
    }

    #[test]
    fn metadata_appearing_is_a_change_of_each_field() {
        let meta = json!({"id": "d", "title": "T", "description": "D", "version": "1.0.0", "license": "CC0-1.0",
            "license_url": "https://x.example", "publisher": "P", "modified": "2024-01-01"});
        let changes = diff(&Dataset::default(), &dataset(json!({"dataset": meta})));
        assert_eq!(changes.new_version.as_deref(), Some("1.0.0"));
        assert_eq!(changes.dataset.len(), 8);
        assert!(changes.dataset.iter().all(|f| f.old.is_none() && !f.path.contains('/')));
    }

    #[test]
    fn identical_datasets_have_no_changes() {
        let data = dataset(json!({"events": [event("a", "A")]}));
        assert!(diff(&data, &data).is_empty());
    }
}
