//! `--format json`: the diagnostics as one JSON array, for programs.

use super::positions;
use crate::diagnostic::{Diagnostic, Location};
use crate::source::Files;
use serde::{Deserialize, Serialize};
use std::io::Write;

/// One diagnostic in `--format json` output. This is a stable interface: fields are only
/// ever added, never renamed, removed or given another meaning.
///
/// # Format
///
/// The output is one pretty-printed JSON array followed by a newline; `[]` when there
/// is nothing to report. Each element is an object with these members, in this order:
///
/// | member       | type           | meaning |
/// |--------------|----------------|---------|
/// | `file`       | string         | the file as named on the command line, `/`-separated |
/// | `line`       | integer\|null  | 1-based line where the problem starts |
/// | `column`     | integer\|null  | 1-based column where it starts, in characters (Unicode scalar values), not bytes |
/// | `end_line`   | integer\|null  | line of the position just past the end of the problem |
/// | `end_column` | integer\|null  | column of the position just past the end (exclusive): a one-character problem has `end_column == column + 1`, an empty one (at end of file) `end_column == column` |
/// | `pointer`    | string         | RFC 6901 JSON pointer to the value concerned; `""` for the root, and for problems found before there is a value (syntax errors) |
/// | `rule`       | string         | stable rule code such as `S005` or `R202`; codes are never reused |
/// | `severity`   | string         | `"error"` (fails validation) or `"warning"` (fails only with `--deny-warnings`) |
/// | `message`    | string         | what is wrong, one sentence |
/// | `help`       | string\|null   | how to fix it, when known |
/// | `related`    | array          | other places involved, each `{file, line, column, pointer, message}` with the same meanings (e.g. where a duplicated key was first defined) |
///
/// The positions are `null` only when a location could not be placed in the text.
/// Elements come in the order the checker sorted them: by file, then position.
///
/// ```json
/// [
///   {
///     "file": "data/events.json",
///     "line": 4,
///     "column": 3,
///     "end_line": 4,
///     "end_column": 7,
///     "pointer": "/id",
///     "rule": "S005",
///     "severity": "error",
///     "message": "duplicate key \"id\": defined twice in the same object",
///     "help": "JSON readers keep only the last value, silently: merge the two into one member, or rename one",
///     "related": [
///       { "file": "data/events.json", "line": 2, "column": 3, "pointer": "/id", "message": "first defined here" }
///     ]
///   }
/// ]
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonDiagnostic {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
    pub pointer: String,
    pub rule: String,
    pub severity: String,
    pub message: String,
    pub help: Option<String>,
    pub related: Vec<JsonRelated>,
}

/// A secondary location of a [`JsonDiagnostic`]; members as there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonRelated {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub pointer: String,
    pub message: String,
}

pub(super) fn write(files: &Files, diagnostics: &[Diagnostic], out: &mut dyn Write) -> std::io::Result<()> {
    let items: Vec<JsonDiagnostic> = diagnostics.iter().map(|d| to_json(files, d)).collect();
    serde_json::to_writer_pretty(&mut *out, &items)?;
    out.write_all(b"\n")
}

fn to_json(files: &Files, diagnostic: &Diagnostic) -> JsonDiagnostic {
    let location = &diagnostic.location;
    let (start, end) = positions(files, location).unzip();
    JsonDiagnostic {
        file: file_name(files, location),
        line: start.map(|p| p.line),
        column: start.map(|p| p.column),
        end_line: end.map(|p| p.line),
        end_column: end.map(|p| p.column),
        pointer: location.pointer.clone(),
        rule: diagnostic.code.to_string(),
        severity: diagnostic.severity.as_str().to_string(),
        message: diagnostic.message.clone(),
        help: diagnostic.help.clone(),
        related: diagnostic
            .related
            .iter()
            .map(|label| {
                let start = positions(files, &label.location).map(|(start, _)| start);
                JsonRelated {
                    file: file_name(files, &label.location),
                    line: start.map(|p| p.line),
                    column: start.map(|p| p.column),
                    pointer: label.location.pointer.clone(),
                    message: label.message.clone(),
                }
            })
            .collect(),
    }
}

fn file_name(files: &Files, location: &Location) -> String {
    files.get(location.file).name.clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Span;
    use crate::source::SourceFile;

    fn decode(files: &Files, diagnostics: &[Diagnostic]) -> (String, Vec<JsonDiagnostic>) {
        let mut out = Vec::new();
        write(files, diagnostics, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let decoded = serde_json::from_str(&text).unwrap();
        (text, decoded)
    }

    #[test]
    fn decodes_back_with_positions_in_characters() {
        let text = "{\n  \"ja\": \"日米安保\", \"id\": 1,\n  \"id\": 2\n}\n";
        let mut files = Files::default();
        files.add(SourceFile::new("data/安保.json", text));
        let second = text.rfind("\"id\"").unwrap();
        let first = text.find("\"id\"").unwrap();
        let mut again = Location::key(0, "/id");
        again.span = Some(Span::new(second, second + 4));
        let mut original = Location::key(0, "/id");
        original.span = Some(Span::new(first, first + 4));
        let diagnostics = vec![
            Diagnostic::error("S005", again, "duplicate key \"id\"")
                .with_help("merge them")
                .with_related(original, "first defined here"),
            Diagnostic::warning("R999", Location::value(0, "/ja"), "unlocated"),
        ];
        let (raw, decoded) = decode(&files, &diagnostics);
        assert!(raw.ends_with("]\n"));
        assert_eq!(
            decoded[0],
            JsonDiagnostic {
                file: "data/安保.json".into(),
                line: Some(3),
                column: Some(3),
                end_line: Some(3),
                end_column: Some(7),
                pointer: "/id".into(),
                rule: "S005".into(),
                severity: "error".into(),
                message: "duplicate key \"id\"".into(),
                help: Some("merge them".into()),
                related: vec![JsonRelated {
                    file: "data/安保.json".into(),
                    line: Some(2),
                    column: Some(17),
                    pointer: "/id".into(),
                    message: "first defined here".into(),
                }],
            }
        );
        assert_eq!(decoded[1].severity, "warning");
        assert_eq!((decoded[1].line, decoded[1].help.as_deref()), (None, None));
        assert!(decoded[1].related.is_empty());
    }

    #[test]
    fn members_are_all_present_even_when_null() {
        let mut files = Files::default();
        files.add(SourceFile::new("a.json", "{}"));
        let diagnostics = vec![Diagnostic::error("S004", Location::value(0, ""), "m")];
        let mut out = Vec::new();
        write(&files, &diagnostics, &mut out).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let keys: Vec<&str> = value[0].as_object().unwrap().keys().map(String::as_str).collect();
        let mut expected = [
            "file",
            "line",
            "column",
            "end_line",
            "end_column",
            "pointer",
            "rule",
            "severity",
            "message",
            "help",
            "related",
        ];
        expected.sort_unstable();
        assert_eq!(keys, expected);
    }

    #[test]
    fn nothing_to_report_is_an_empty_array() {
        let (raw, decoded) = decode(&Files::default(), &[]);
        assert_eq!(raw, "[]\n");
        assert!(decoded.is_empty());
    }
}
