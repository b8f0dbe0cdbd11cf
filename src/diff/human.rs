//! `anpo diff --format human`: the changes as text for people.
//!
//! One section per kind that has changes (after a `dataset` section for the metadata),
//! one line per record marked `+` added, `-` removed or `~` changed, in id order; under
//! a changed record, one line per field: `path: old → new`, values as compact JSON and
//! `(absent)` for a missing one; a list of ids as `added …; removed …`. A closing line
//! counts the records: `3 added, 1 removed, 2 changed`, or says `no differences`.
//! No colour, no dependence on the terminal.

use super::{Changes, FieldChange};
use crate::model::COLLECTIONS;
use crate::render::plural;
use crate::text::visible;
use serde_json::Value;
use std::fmt::Write;

/// The changes as human-readable text, ending with a summary line.
pub fn human(changes: &Changes) -> String {
    let mut out = String::new();
    if !changes.dataset.is_empty() {
        out.push_str("dataset\n");
        for field in &changes.dataset {
            field_line(&mut out, "    ", field);
        }
        out.push('\n');
    }
    for kind in COLLECTIONS {
        let mut lines: Vec<(&str, char, Option<&[FieldChange]>)> = Vec::new();
        lines.extend(changes.added.iter().filter(|r| r.kind == kind).map(|r| (r.id.as_str(), '+', None)));
        lines.extend(changes.removed.iter().filter(|r| r.kind == kind).map(|r| (r.id.as_str(), '-', None)));
        lines.extend(
            changes.changed.iter().filter(|r| r.kind == kind).map(|r| (r.id.as_str(), '~', Some(r.fields.as_slice()))),
        );
        if lines.is_empty() {
            continue;
        }
        lines.sort_by_key(|&(id, _, _)| id);
        let _ = writeln!(out, "{}", kind.collection());
        for (id, mark, fields) in lines {
            let _ = writeln!(out, "  {mark} {}", visible(id));
            for field in fields.unwrap_or_default() {
                field_line(&mut out, "      ", field);
            }
        }
        out.push('\n');
    }
    out.push_str(&summary(changes));
    out.push('\n');
    out
}

/// `3 added, 1 removed, 2 changed`, then the metadata if it changed; or `no differences`.
fn summary(changes: &Changes) -> String {
    if changes.is_empty() {
        return "no differences".to_string();
    }
    let mut line =
        format!("{} added, {} removed, {} changed", changes.added.len(), changes.removed.len(), changes.changed.len());
    if !changes.dataset.is_empty() {
        let _ = write!(line, "; dataset metadata: {} changed", plural(changes.dataset.len(), "field"));
    }
    line
}

fn field_line(out: &mut String, indent: &str, field: &FieldChange) {
    let _ = write!(out, "{indent}{}: ", visible(&field.path));
    match &field.set {
        Some(set) if !set.added.is_empty() || !set.removed.is_empty() => {
            let mut parts = Vec::new();
            if !set.added.is_empty() {
                parts.push(format!("added {}", quoted_list(&set.added)));
            }
            if !set.removed.is_empty() {
                parts.push(format!("removed {}", quoted_list(&set.removed)));
            }
            out.push_str(&parts.join("; "));
        }
        Some(_) if field.old.is_some() && field.new.is_some() => out.push_str("reordered"),
        _ => {
            let _ = write!(out, "{} → {}", shown(field.old.as_ref()), shown(field.new.as_ref()));
        }
    }
    out.push('\n');
}

fn quoted_list(items: &[String]) -> String {
    items.iter().map(|s| shown(Some(&Value::String(s.clone())))).collect::<Vec<_>>().join(", ")
}

/// A value as compact JSON (non-ASCII text as is, but for what [`visible`] escapes: a
/// line separator or a bidirectional mark in valid text), or `(absent)`.
fn shown(value: Option<&Value>) -> String {
    match value {
        Some(value) => visible(&value.to_string()).into_owned(),
        None => "(absent)".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{RecordChange, RecordRef, SetChange};
    use crate::model::RecordKind;
    use serde_json::json;

    #[test]
    fn no_changes_say_so() {
        assert_eq!(human(&Changes::default()), "no differences\n");
    }

    #[test]
    fn sections_per_kind_with_records_in_id_order() {
        let changes = Changes {
            dataset: vec![FieldChange {
                path: "version".into(),
                old: Some(json!("1.0.0")),
                new: Some(json!("1.1.0")),
                set: None,
            }],
            added: vec![RecordRef { kind: RecordKind::Event, id: "c".into() }],
            removed: vec![RecordRef { kind: RecordKind::Event, id: "a".into() }],
            changed: vec![RecordChange {
                kind: RecordKind::Event,
                id: "b".into(),
                fields: vec![
                    FieldChange { path: "notes".into(), old: None, new: Some(json!("日本")), set: None },
                    FieldChange {
                        path: "sources".into(),
                        old: Some(json!(["x"])),
                        new: Some(json!(["y", "z"])),
                        set: Some(SetChange { added: vec!["y".into(), "z".into()], removed: vec!["x".into()] }),
                    },
                ],
            }],
            ..Changes::default()
        };
        assert_eq!(
            human(&changes),
            "dataset\n    version: \"1.0.0\" → \"1.1.0\"\n\nevents\n  - a\n  ~ b\n      notes: (absent) → \"日本\"\n      sources: added \"y\", \"z\"; removed \"x\"\n  + c\n\n1 added, 1 removed, 1 changed; dataset metadata: 1 field changed\n"
        );
    }
}
