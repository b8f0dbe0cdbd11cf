//! `anpo diff --format json`: the changes as one JSON object, for programs.
//!
//! The types here are the interface; they are kept apart from the comparison in
//! `diff.rs`, which knows nothing of this format.

use super::{Changes, FieldChange, RecordChange, RecordRef};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The whole of `anpo diff --format json` output. This is a stable interface: members are
/// only ever added, never renamed, removed or given another meaning.
///
/// # Format
///
/// The output is one pretty-printed JSON object followed by a newline, with these
/// members, in this order:
///
/// | member        | type           | meaning |
/// |---------------|----------------|---------|
/// | `old_version` | string\|null   | `dataset.version` of the old dataset; `null` when it has no `dataset` metadata |
/// | `new_version` | string\|null   | the same for the new dataset |
/// | `dataset`     | array of field | changes to the `dataset` metadata, paths relative to it (`version`, `keywords`) |
/// | `added`       | array of record | records only in the new dataset, each `{kind, id}` |
/// | `removed`     | array of record | records only in the old dataset, each `{kind, id}` |
/// | `changed`     | array          | records in both that differ, each `{kind, id, fields}`: `fields` is a non-empty array of field |
/// | `summary`     | object         | `{added, removed, changed}`: the lengths of the three arrays |
///
/// `kind` is the record kind in the singular: `instrument`, `article`, `event`, `actor`,
/// `place`, `figure`, `position` or `source`. Records are ordered by kind in that order,
/// then by id. Every array is present, empty when there is nothing to list; two equal
/// datasets give empty arrays and a summary of zeros.
///
/// A *field* is an object with these members:
///
/// | member    | type               | meaning |
/// |-----------|--------------------|---------|
/// | `path`    | string             | where within the record: member names and array indexes joined by `/`, no leading `/`, names escaped as in RFC 6901 (`title/ja`, `participants/2/role`); `"/" + path` is a JSON pointer into the record |
/// | `old`     | any JSON\|null     | the old value; `null` when the field was absent (the data never holds `null`) |
/// | `new`     | any JSON\|null     | the new value; `null` when the field is absent now |
/// | `added`   | array of string    | only for arrays of strings (lists of ids, keywords), compared as sets: the strings in `new` and not in `old` |
/// | `removed` | array of string    | only for arrays of strings: the strings in `old` and not in `new` |
///
/// `added` and `removed` are both present or both missing; both empty, with `old` and
/// `new` both arrays, means the list was only reordered. Other arrays are compared by
/// index, so their changes have paths that end in an index (`participants/2`) and no
/// `added` or `removed`.
///
/// ```json
/// {
///   "old_version": "1.0.0",
///   "new_version": "1.1.0",
///   "dataset": [
///     { "path": "version", "old": "1.0.0", "new": "1.1.0" }
///   ],
///   "added": [ { "kind": "event", "id": "curfew-2008-lifted" } ],
///   "removed": [ { "kind": "figure", "id": "curfew-2008-hours" } ],
///   "changed": [
///     {
///       "kind": "event",
///       "id": "curfew-2008",
///       "fields": [
///         { "path": "notes", "old": null, "new": "Lifted after a week." },
///         { "path": "sources", "old": ["a"], "new": ["a", "b"], "added": ["b"], "removed": [] }
///       ]
///     }
///   ],
///   "summary": { "added": 1, "removed": 1, "changed": 1 }
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonChanges {
    pub old_version: Option<String>,
    pub new_version: Option<String>,
    pub dataset: Vec<JsonField>,
    pub added: Vec<JsonRecord>,
    pub removed: Vec<JsonRecord>,
    pub changed: Vec<JsonChanged>,
    pub summary: JsonSummary,
}

/// A record added or removed: `{kind, id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonRecord {
    pub kind: String,
    pub id: String,
}

/// A changed record: `{kind, id, fields}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonChanged {
    pub kind: String,
    pub id: String,
    pub fields: Vec<JsonField>,
}

/// One changed value: `{path, old, new}`, plus `{added, removed}` for arrays of strings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonField {
    pub path: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub added: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed: Option<Vec<String>>,
}

/// Counts of records: `{added, removed, changed}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonSummary {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
}

impl From<&Changes> for JsonChanges {
    fn from(changes: &Changes) -> Self {
        JsonChanges {
            old_version: changes.old_version.clone(),
            new_version: changes.new_version.clone(),
            dataset: changes.dataset.iter().map(JsonField::from).collect(),
            added: changes.added.iter().map(JsonRecord::from).collect(),
            removed: changes.removed.iter().map(JsonRecord::from).collect(),
            changed: changes.changed.iter().map(JsonChanged::from).collect(),
            summary: JsonSummary {
                added: changes.added.len(),
                removed: changes.removed.len(),
                changed: changes.changed.len(),
            },
        }
    }
}

impl From<&RecordRef> for JsonRecord {
    fn from(record: &RecordRef) -> Self {
        JsonRecord { kind: record.kind.name().to_string(), id: record.id.clone() }
    }
}

impl From<&RecordChange> for JsonChanged {
    fn from(record: &RecordChange) -> Self {
        JsonChanged {
            kind: record.kind.name().to_string(),
            id: record.id.clone(),
            fields: record.fields.iter().map(JsonField::from).collect(),
        }
    }
}

impl From<&FieldChange> for JsonField {
    fn from(field: &FieldChange) -> Self {
        JsonField {
            path: field.path.clone(),
            old: field.old.clone(),
            new: field.new.clone(),
            added: field.set.as_ref().map(|s| s.added.clone()),
            removed: field.set.as_ref().map(|s| s.removed.clone()),
        }
    }
}

/// The changes in the format documented on [`JsonChanges`].
pub fn json(changes: &Changes) -> String {
    let mut text =
        serde_json::to_string_pretty(&JsonChanges::from(changes)).expect("plain data always serializes to JSON");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::SetChange;
    use crate::model::RecordKind;
    use serde_json::json;

    #[test]
    fn round_trips_through_serde() {
        let changes = Changes {
            old_version: Some("1.0.0".into()),
            new_version: None,
            dataset: vec![],
            added: vec![RecordRef { kind: RecordKind::Event, id: "e".into() }],
            removed: vec![],
            changed: vec![RecordChange {
                kind: RecordKind::Source,
                id: "s".into(),
                fields: vec![
                    FieldChange { path: "notes".into(), old: None, new: Some(json!("n")), set: None },
                    FieldChange {
                        path: "sources".into(),
                        old: Some(json!(["a"])),
                        new: Some(json!(["b"])),
                        set: Some(SetChange { added: vec!["b".into()], removed: vec!["a".into()] }),
                    },
                ],
            }],
        };
        let decoded: JsonChanges = serde_json::from_str(&json(&changes)).expect("decodes");
        assert_eq!(decoded, JsonChanges::from(&changes));
        assert_eq!(decoded.added[0].kind, "event");
        assert_eq!(decoded.changed[0].fields[0].old, None);
        assert_eq!(decoded.changed[0].fields[0].added, None);
        assert_eq!(decoded.changed[0].fields[1].removed, Some(vec!["a".to_string()]));
        assert_eq!(decoded.summary, JsonSummary { added: 1, removed: 0, changed: 1 });
    }

    #[test]
    fn absent_values_are_null_and_every_array_is_present() {
        let value: Value = serde_json::from_str(&json(&Changes::default())).expect("JSON");
        assert_eq!(
            value,
            json!({"old_version": null, "new_version": null, "dataset": [], "added": [], "removed": [], "changed": [],
                "summary": {"added": 0, "removed": 0, "changed": 0}})
        );
    }
}
