//! Diagnostics → text, one file per output format.
//!
//! Every renderer takes located diagnostics (spans filled in by [`crate::locate`]) and
//! computes line:column itself, with [`crate::source::SourceFile::line_col`]: lines and
//! columns are 1-based and columns count characters. Output is deterministic: it does
//! not depend on the terminal, and colour is used only when the caller asks for it.

mod github;
mod human;
mod json;
mod junit;
mod sarif;

pub use junit::Record;

pub use json::{JsonDiagnostic, JsonRelated};

use crate::diagnostic::Diagnostic;
use crate::source::Files;
use std::io::Write;

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Format {
    /// For people: rustc-style messages with the source line and a caret.
    Human,
    /// For programs: a JSON array, one object per diagnostic (see [`JsonDiagnostic`]).
    Json,
    /// For GitHub Actions: workflow commands that annotate the pull request.
    Github,
    /// For code scanning (GitHub, GitLab and other dashboards): SARIF 2.1.0.
    Sarif,
    /// For test dashboards (GitLab, Jenkins): JUnit XML, a test case per record.
    Junit,
}

impl Format {
    /// Whether the output is one machine-read document (JSON, SARIF): then nothing else
    /// may go to standard output, and the summary and notes go to standard error.
    pub fn is_document(self) -> bool {
        match self {
            Format::Json | Format::Sarif | Format::Junit => true,
            Format::Human | Format::Github => false,
        }
    }
}

/// Write every diagnostic in `format`. `color` applies to [`Format::Human`] only.
pub fn render(
    format: Format,
    files: &Files,
    diagnostics: &[Diagnostic],
    out: &mut dyn Write,
    color: bool,
) -> std::io::Result<()> {
    render_with_records(format, files, diagnostics, &[], out, color)
}

/// [`render`], knowing the records of the files (JUnit lists each as a test case).
pub fn render_with_records(
    format: Format,
    files: &Files,
    diagnostics: &[Diagnostic],
    records: &[Record],
    out: &mut dyn Write,
    color: bool,
) -> std::io::Result<()> {
    match format {
        Format::Junit => junit::write(files, diagnostics, records, out),
        Format::Human => human::write(files, diagnostics, out, color),
        Format::Json => json::write(files, diagnostics, out),
        Format::Github => github::write(files, diagnostics, out),
        Format::Sarif => sarif::write(files, diagnostics, out),
    }
}

/// The closing line of human output, e.g. `checked 9 files: 2 errors, 1 warning`.
pub fn summary(files_read: usize, errors: usize, warnings: usize) -> String {
    let files = plural(files_read, "file");
    if errors == 0 && warnings == 0 {
        return format!("checked {files}: no problems found");
    }
    format!("checked {files}: {}, {}", plural(errors, "error"), plural(warnings, "warning"))
}

pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// A 1-based line and character column, as every format reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Position {
    line: usize,
    column: usize,
}

/// Where a span starts, and the position just past its end (so an empty span at the end of
/// file, and a one-character span, are told apart).
fn positions(files: &Files, location: &crate::diagnostic::Location) -> Option<(Position, Position)> {
    let span = location.span?;
    let file = files.get(location.file);
    let at = |offset| {
        let (line, column) = file.line_col(offset);
        Position { line, column }
    };
    Some((at(span.start), at(span.end)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_in_words() {
        assert_eq!(summary(9, 2, 1), "checked 9 files: 2 errors, 1 warning");
        assert_eq!(summary(1, 1, 0), "checked 1 file: 1 error, 0 warnings");
        assert_eq!(summary(3, 0, 0), "checked 3 files: no problems found");
    }
}
