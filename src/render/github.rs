//! `--format github`: GitHub Actions workflow commands, which annotate the pull request.
//!
//! One line per diagnostic:
//! `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=anpo S005::message`
//! (`::warning` for warnings). Columns count characters; `endColumn` is just past the
//! end, as in `--format json`. The help and the related locations follow the message
//! on lines of their own (escaped, so the command stays one line).
//! See <https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands>.

use super::positions;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::Files;
use crate::text::visible;
use std::io::Write;

/// How many annotations of each severity are printed: GitHub shows at most 10 error and
/// 10 warning annotations per step (and 50 per job), and drops the rest unseen. The rest
/// are counted in a plain line after them, which says how to see every one.
pub const ANNOTATIONS_PER_SEVERITY: usize = 10;

pub(super) fn write(files: &Files, diagnostics: &[Diagnostic], out: &mut dyn Write) -> std::io::Result<()> {
    let mut shown = [0usize; 2];
    let mut left_out = [0usize; 2];
    for diagnostic in diagnostics {
        let slot = match diagnostic.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
        };
        if shown[slot] < ANNOTATIONS_PER_SEVERITY {
            shown[slot] += 1;
            writeln!(out, "{}", command(files, diagnostic))?;
        } else {
            left_out[slot] += 1;
        }
    }
    if left_out != [0, 0] {
        writeln!(
            out,
            "anpo: {} and {} not annotated: GitHub shows at most {ANNOTATIONS_PER_SEVERITY} annotations of each \
             kind per step; run anpo with --format human or json to see every one",
            super::plural(left_out[0], "more error"),
            super::plural(left_out[1], "more warning"),
        )?;
    }
    Ok(())
}

fn command(files: &Files, diagnostic: &Diagnostic) -> String {
    let location = &diagnostic.location;
    let mut properties = vec![("file", visible(&files.get(location.file).name).into_owned())];
    if let Some((start, end)) = positions(files, location) {
        properties.push(("line", start.line.to_string()));
        properties.push(("col", start.column.to_string()));
        properties.push(("endLine", end.line.to_string()));
        properties.push(("endColumn", end.column.to_string()));
    }
    properties.push(("title", format!("anpo {}", diagnostic.code)));
    let properties: Vec<String> =
        properties.into_iter().map(|(name, value)| format!("{name}={}", escape_property(&value))).collect();

    // Every string from the data or a file name is made visible first, so that nothing in
    // it can end the command or start another, whatever GitHub's escaping leaves.
    let mut message = visible(&diagnostic.message).into_owned();
    if !location.pointer.is_empty() {
        message.push_str(&format!(" (at {})", visible(&location.pointer)));
    }
    for label in &diagnostic.related {
        let file = visible(&files.get(label.location.file).name);
        let label_message = visible(&label.message);
        match positions(files, &label.location) {
            Some((start, _)) => message.push_str(&format!("\n{label_message}: {file}:{}:{}", start.line, start.column)),
            None => message.push_str(&format!("\n{label_message}: {file}")),
        }
    }
    if let Some(help) = &diagnostic.help {
        message.push_str(&format!("\nhelp: {}", visible(help)));
    }
    format!("::{} {}::{}", diagnostic.severity.as_str(), properties.join(","), escape_data(&message))
}

/// Escape a command's message: `%`, CR and LF.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escape a property value: as [`escape_data`], and also `:` and `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Location, Span};
    use crate::source::SourceFile;

    #[test]
    fn escaping_follows_github() {
        assert_eq!(escape_data("100% done\r\nnext: a, b"), "100%25 done%0D%0Anext: a, b");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn one_command_per_diagnostic_with_character_columns() {
        let text = "{\"ja\": \"安保\", \"x\": 1, \"x\": 2}";
        let mut files = Files::default();
        files.add(SourceFile::new("data/a,b:c.json", text));
        let second = text.rfind("\"x\"").unwrap();
        let mut again = Location::key(0, "/x");
        again.span = Some(Span::new(second, second + 3));
        let mut original = Location::key(0, "/x");
        let first = text.find("\"x\"").unwrap();
        original.span = Some(Span::new(first, first + 3));
        let diagnostics = vec![
            Diagnostic::error("S005", again, "duplicate key \"x\": 100%")
                .with_related(original, "first defined here")
                .with_help("merge them"),
            Diagnostic::warning("R001", Location::value(0, "/ja"), "unlocated"),
        ];
        let mut out = Vec::new();
        write(&files, &diagnostics, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines,
            [
                "::error file=data/a%2Cb%3Ac.json,line=1,col=22,endLine=1,endColumn=25,title=anpo S005::\
                 duplicate key \"x\": 100%25 (at /x)%0Afirst defined here: data/a,b:c.json:1:14%0Ahelp: merge them",
                "::warning file=data/a%2Cb%3Ac.json,title=anpo R001::unlocated (at /ja)",
            ]
        );
    }
}
