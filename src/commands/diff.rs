//! `anpo diff OLD NEW`: compare two datasets record by record (see [`crate::diff`]).
//!
//! OLD and NEW are each a data file, a directory of data files (every `.json` file
//! below it), or a release folder. A **release folder** is a directory that holds a
//! `manifest.json` file and a `data/` directory; only `data/`, the canonical data, is
//! read, so the manifest and the exports beside it never count as data files.
//!
//! Both sides are read and checked in full before anything is printed. If either side
//! has errors, its diagnostics are printed (human format) with a line naming the side,
//! and nothing is compared: a diff of invalid data would mislead. Warnings do not stop
//! the comparison and are not printed.
//!
//! Exit codes: 0 when the comparison was made, **whether or not the datasets differ**
//! (`diff` reports; it does not judge: unlike `diff(1)` and `git diff --exit-code`, which
//! exit 1 on a difference, here 1 already means invalid data, and one code must not mean
//! both); 1 when either side is invalid; 2 on an I/O error (a path that cannot be read).

use super::{Outcome, stdout_problem};
use crate::check::{Checked, Problem, Scope, Texts, check_paths_in};
use crate::cli::{DiffArgs, DiffFormat};
use crate::diagnostic::Severity;
use crate::{diff, render};
use std::io::Write;
use std::path::{Path, PathBuf};

pub fn run(args: &DiffArgs) -> Result<Outcome, Problem> {
    let old_path = data_path(&args.old);
    let new_path = data_path(&args.new);
    let old = check_side(&old_path)?;
    let new = check_side(&new_path)?;

    let mut out = super::stdout();
    let (Some(old_data), Some(new_data)) = (old.valid_dataset(false), new.valid_dataset(false)) else {
        let sides = [("old", &old_path, &old), ("new", &new_path, &new)];
        let invalid = sides.iter().filter(|(_, _, checked)| checked.valid_dataset(false).is_none());
        let format = args.output_format.unwrap_or(match args.format {
            DiffFormat::Json => render::Format::Json,
            DiffFormat::Human | DiffFormat::Markdown => render::Format::Human,
        });
        if format == render::Format::Json {
            // One JSON document: each invalid side with its diagnostics in the JSON
            // diagnostic format (README, "Diagnostic formats").
            let mut report = Vec::new();
            for (side, path, checked) in invalid {
                let mut rendered = Vec::new();
                render::render(render::Format::Json, &checked.files, &checked.diagnostics, &mut rendered, false)
                    .map_err(stdout_problem)?;
                let diagnostics: serde_json::Value = serde_json::from_slice(&rendered)
                    .map_err(|e| Problem::Internal(format!("the JSON renderer wrote invalid JSON: {e}")))?;
                report.push(serde_json::json!({
                    "side": side,
                    "path": crate::text::display_name(path),
                    "message": format!("the {side} dataset ({}) is invalid: not compared", crate::text::display_name(path)),
                    "diagnostics": diagnostics,
                }));
            }
            let document = serde_json::json!({ "invalid": report });
            writeln!(out, "{document:#}").map_err(stdout_problem)?;
        } else {
            for (side, path, checked) in invalid {
                report_invalid(&mut out, format, side, path, checked).map_err(stdout_problem)?;
            }
        }
        return Ok(Outcome::Invalid);
    };

    let changes = diff::diff(old_data, new_data);
    let text = match args.format {
        DiffFormat::Human => diff::human(&changes),
        DiffFormat::Json => diff::json(&changes),
        DiffFormat::Markdown => diff::markdown(&changes),
    };
    out.write_all(text.as_bytes()).map_err(stdout_problem)?;
    out.flush().map_err(stdout_problem)?;
    Ok(Outcome::Success)
}

/// Check one side: a folder as a whole dataset; a single file as part of one (its
/// references into other files and the rules that need every file are left out), so that
/// `diff data/events.json other/events.json` compares the two files.
fn check_side(path: &Path) -> Result<Checked, Problem> {
    let scope = if path.is_file() { Scope::Part } else { Scope::Dataset };
    check_paths_in(std::slice::from_ref(&path.to_path_buf()), Texts::All, scope)
}

/// The path to read for a diff side: `PATH/data` when PATH is a release folder (a
/// directory with a `manifest.json` file and a `data/` directory), else PATH itself.
pub fn data_path(path: &Path) -> PathBuf {
    let data = path.join("data");
    if path.join("manifest.json").is_file() && data.is_dir() { data } else { path.to_path_buf() }
}

fn report_invalid(
    out: &mut dyn Write,
    format: render::Format,
    side: &str,
    path: &Path,
    checked: &Checked,
) -> std::io::Result<()> {
    render::render(format, &checked.files, &checked.diagnostics, out, false)?;
    let summary =
        render::summary(checked.files.len(), checked.count(Severity::Error), checked.count(Severity::Warning));
    writeln!(out, "{summary}")?;
    writeln!(out, "the {side} dataset ({}) is invalid: not compared", crate::text::display_name(path))
}
