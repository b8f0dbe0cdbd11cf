//! `anpo diff --format markdown`: the changes as a CHANGELOG section (CommonMark).
//!
//! ```markdown
//! ## Changes since 1.0.0
//!
//! ### Added
//!
//! - event `curfew-2008-lifted`
//!
//! ### Removed
//!
//! - figure `curfew-2008-hours`
//!
//! ### Changed
//!
//! - dataset metadata
//!   - `version`: `1.0.0` → `1.1.0`
//! - event `curfew-2008`
//!   - `title`: `Temporary curfew on US military personnel` → `Curfew on US personnel`
//!   - `sources`: added `wikipedia-curfew`; removed `wikipedia-treaty-1960`
//!   - `notes`: *absent* → `Lifted after a week.`
//! ```
//!
//! A section with nothing in it is left out; with no changes at all the heading is
//! followed by `No changes.`. The heading says `## Changes` when the old dataset has no
//! version. Everything taken from the data (ids, paths, values) is in inline code, with a
//! fence longer than any run of backticks inside, so no text from the data is read as
//! Markdown or HTML. Strings are shown without quotes, other values as compact JSON; runs
//! of white space become one space, and a value longer than [`MAX_VALUE_CHARS`]
//! characters is cut and ends in `…`.

use super::{Changes, FieldChange, RecordRef};
use serde_json::Value;
use std::fmt::Write;

/// The most characters of a value shown, the ellipsis included.
pub const MAX_VALUE_CHARS: usize = 60;

/// The changes as a Markdown CHANGELOG section, starting with a level-2 heading and ending
/// with a newline.
pub fn markdown(changes: &Changes) -> String {
    let mut out = match &changes.old_version {
        Some(version) => format!("## Changes since {}\n", escape_text(version)),
        None => "## Changes\n".to_string(),
    };
    if changes.is_empty() {
        out.push_str("\nNo changes.\n");
        return out;
    }
    record_section(&mut out, "Added", &changes.added);
    record_section(&mut out, "Removed", &changes.removed);
    if !changes.dataset.is_empty() || !changes.changed.is_empty() {
        out.push_str("\n### Changed\n\n");
        if !changes.dataset.is_empty() {
            out.push_str("- dataset metadata\n");
            fields(&mut out, &changes.dataset);
        }
        for record in &changes.changed {
            let _ = writeln!(out, "- {} {}", record.kind.name(), code(&record.id));
            fields(&mut out, &record.fields);
        }
    }
    out
}

fn record_section(out: &mut String, title: &str, records: &[RecordRef]) {
    if records.is_empty() {
        return;
    }
    let _ = write!(out, "\n### {title}\n\n");
    for record in records {
        let _ = writeln!(out, "- {} {}", record.kind.name(), code(&record.id));
    }
}

fn fields(out: &mut String, fields: &[FieldChange]) {
    for field in fields {
        let _ = write!(out, "  - {}: ", code(&field.path));
        match &field.set {
            Some(set) if !set.added.is_empty() || !set.removed.is_empty() => {
                let list = |items: &[String]| items.iter().map(|s| code(&shorten(s))).collect::<Vec<_>>().join(", ");
                let mut parts = Vec::new();
                if !set.added.is_empty() {
                    parts.push(format!("added {}", list(&set.added)));
                }
                if !set.removed.is_empty() {
                    parts.push(format!("removed {}", list(&set.removed)));
                }
                out.push_str(&parts.join("; "));
            }
            Some(_) if field.old.is_some() && field.new.is_some() => out.push_str("reordered"),
            _ => {
                let _ = write!(out, "{} → {}", value(field.old.as_ref()), value(field.new.as_ref()));
            }
        }
        out.push('\n');
    }
}

/// A value in inline code, shortened; `*absent*` for a missing one.
fn value(value: Option<&Value>) -> String {
    match value {
        None => "*absent*".to_string(),
        Some(Value::String(s)) => code(&shorten(s)),
        Some(other) => code(&shorten(&other.to_string())),
    }
}

/// White space collapsed, and at most [`MAX_VALUE_CHARS`] characters, the last an
/// ellipsis when the text was cut.
fn shorten(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= MAX_VALUE_CHARS {
        return text;
    }
    let mut cut: String = text.chars().take(MAX_VALUE_CHARS - 1).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

use crate::markdown::{code, text as escape_text};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{RecordChange, SetChange};
    use crate::model::RecordKind;
    use serde_json::json;

    #[test]
    fn long_values_are_cut_with_an_ellipsis_counting_characters() {
        let long = "日".repeat(100);
        let short = shorten(&long);
        assert_eq!(short.chars().count(), MAX_VALUE_CHARS);
        assert!(short.ends_with('…'));
        assert_eq!(shorten("a\n  b"), "a b");
        assert_eq!(shorten(&"x".repeat(MAX_VALUE_CHARS)), "x".repeat(MAX_VALUE_CHARS));
    }

    #[test]
    fn no_changes_say_so() {
        let changes = Changes { old_version: Some("1.0.0".into()), ..Changes::default() };
        assert_eq!(markdown(&changes), "## Changes since 1.0.0\n\nNo changes.\n");
    }

    #[test]
    fn the_heading_escapes_the_version() {
        let changes = Changes { old_version: Some("1.0.0-*rc*".into()), ..Changes::default() };
        assert!(markdown(&changes).starts_with("## Changes since 1.0.0-\\*rc\\*\n"));
    }

    #[test]
    fn sections_added_removed_changed() {
        let changes = Changes {
            old_version: Some("1.0.0".into()),
            added: vec![RecordRef { kind: RecordKind::Place, id: "p".into() }],
            changed: vec![RecordChange {
                kind: RecordKind::Event,
                id: "e".into(),
                fields: vec![
                    FieldChange { path: "title".into(), old: Some(json!("A `b`")), new: None, set: None },
                    FieldChange {
                        path: "places".into(),
                        old: Some(json!(["p", "q"])),
                        new: Some(json!(["q", "p"])),
                        set: Some(SetChange::default()),
                    },
                    FieldChange { path: "value".into(), old: Some(json!(3)), new: Some(json!(4.5)), set: None },
                ],
            }],
            ..Changes::default()
        };
        assert_eq!(
            markdown(&changes),
            "## Changes since 1.0.0\n\n### Added\n\n- place `p`\n\n### Changed\n\n- event `e`\n  - `title`: `` A `b` `` → *absent*\n  - `places`: reordered\n  - `value`: `3` → `4.5`\n"
        );
    }
}
