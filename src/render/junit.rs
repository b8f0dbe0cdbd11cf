//! `--output-format junit`: JUnit XML, as GitLab, Jenkins and most CI dashboards read it.
//!
//! # Format
//!
//! One `<testsuites>` document: a `<testsuite>` per file checked (its name is the file's
//! name), and in it a `<testcase>` per record (`classname` the file, `name` the record's
//! JSON pointer and id, `/events/3 treaty-1960-signing`) and one for the file itself
//! (`name` `(file)`: syntax, encoding and whole-file problems). Each error is a `<failure>`
//! of the test case of the record it is located in, `type` the rule code, `message` the
//! message, and as text the location (`file:line:column`), the message, the pointer and the
//! help. A warning does not fail its test case (JUnit has no warnings): it is written to the
//! test case's `<system-out>`; with `--deny-warnings` it is an error, and a failure.
//!
//! Records are listed when the dataset was read (the rules ran); otherwise the test cases
//! are the records that have diagnostics. No time stamps or host names: the same data gives
//! the same bytes. Valid against Jenkins' JUnit schema (`tests/schemas/junit-10.xsd`, in the
//! conformance script).

use super::positions;
use crate::diagnostic::{Diagnostic, FileId, Severity};
use crate::source::Files;
use std::collections::BTreeMap;
use std::io::Write;

/// A record of a file, for its test case: its JSON pointer (`/events/3`) and its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub file: FileId,
    pub pointer: String,
    pub id: String,
}

/// One test case being gathered: its name and the diagnostics located in it.
#[derive(Default)]
struct Case<'d> {
    name: String,
    diagnostics: Vec<&'d Diagnostic>,
}

pub(super) fn write(
    files: &Files,
    diagnostics: &[Diagnostic],
    records: &[Record],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    // Test cases by file, then by record pointer ("" for the file itself).
    let mut suites: BTreeMap<FileId, BTreeMap<String, Case>> = BTreeMap::new();
    for (file, _) in files.iter() {
        let cases = suites.entry(file).or_default();
        cases.insert(String::new(), Case { name: "(file)".to_string(), ..Case::default() });
    }
    for record in records {
        let name = format!("{} {}", record.pointer, record.id);
        suites.entry(record.file).or_default().insert(record.pointer.clone(), Case { name, ..Case::default() });
    }
    for diagnostic in diagnostics {
        let cases = suites.entry(diagnostic.location.file).or_default();
        let record = record_pointer(&diagnostic.location.pointer);
        let case = cases.entry(record.clone()).or_insert_with(|| Case { name: record.clone(), ..Case::default() });
        case.diagnostics.push(diagnostic);
    }
    let failing = |case: &Case| case.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let tests: usize = suites.values().map(BTreeMap::len).sum();
    let failures: usize = suites.values().flat_map(BTreeMap::values).filter(|c| failing(c) > 0).count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<testsuites name="anpo" tests="{tests}" failures="{failures}" errors="0">"#)?;
    for (file, cases) in &suites {
        let name = xml(&files.get(*file).name);
        let failed = cases.values().filter(|c| failing(c) > 0).count();
        writeln!(
            out,
            r#"  <testsuite name="{name}" tests="{}" failures="{failed}" errors="0" skipped="0">"#,
            cases.len()
        )?;
        // The file first, then the records in the order of their pointers' numbers.
        let mut ordered: Vec<&Case> = cases.values().collect();
        ordered.sort_by_key(|case| order(&case.name));
        for case in ordered {
            write!(out, r#"    <testcase name="{}" classname="{name}""#, xml(&case.name))?;
            if case.diagnostics.is_empty() {
                writeln!(out, "/>")?;
                continue;
            }
            writeln!(out, ">")?;
            let mut warnings = Vec::new();
            for d in &case.diagnostics {
                let text = describe(files, d);
                if d.severity == Severity::Error {
                    writeln!(
                        out,
                        r#"      <failure type="{}" message="{}">{}</failure>"#,
                        d.code,
                        xml(&d.message),
                        xml(&text)
                    )?;
                } else {
                    warnings.push(text);
                }
            }
            if !warnings.is_empty() {
                writeln!(out, "      <system-out>{}</system-out>", xml(&warnings.join("\n")))?;
            }
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

/// The pointer of the record a pointer lies in: `/events/3` for `/events/3/date`; `""`
/// (the file) for one above any record.
fn record_pointer(pointer: &str) -> String {
    let mut parts = pointer.splitn(4, '/');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(""), Some(collection), Some(index))
            if !collection.is_empty() && collection != "dataset" && index.parse::<usize>().is_ok() =>
        {
            format!("/{collection}/{index}")
        }
        _ => String::new(),
    }
}

/// Sort key: the file's case first, then by collection and index as numbers.
fn order(name: &str) -> (bool, String, usize) {
    let pointer = name.split(' ').next().unwrap_or(name);
    let mut parts = pointer.split('/').skip(1);
    let collection = parts.next().unwrap_or_default().to_string();
    let index = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
    (name != "(file)", collection, index)
}

/// `file:line:column: severity[CODE]: message`, the pointer and the help.
fn describe(files: &Files, d: &Diagnostic) -> String {
    let file = &files.get(d.location.file).name;
    let at = match positions(files, &d.location) {
        Some((start, _)) => format!("{file}:{}:{}", start.line, start.column),
        None => file.clone(),
    };
    let mut text = format!("{at}: {}[{}]: {}\nat {}", d.severity.as_str(), d.code, d.message, d.location.pointer);
    if let Some(help) = &d.help {
        text.push_str(&format!("\nhelp: {help}"));
    }
    text
}

/// Text for an XML attribute or element: `&`, `<`, `>` and `"` escaped, and characters
/// XML 1.0 does not allow written as `\u{…}` (file names are already printable, but a
/// message may quote the data).
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' | '\t' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{7f}' | '\u{fffe}' | '\u{ffff}' => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_belong_to_the_record_they_are_in() {
        assert_eq!(record_pointer("/events/3/date"), "/events/3");
        assert_eq!(record_pointer("/events/3"), "/events/3");
        assert_eq!(record_pointer("/events"), "");
        assert_eq!(record_pointer("/dataset/modified"), "");
        assert_eq!(record_pointer(""), "");
    }

    #[test]
    fn text_is_escaped_for_xml() {
        assert_eq!(xml("a<b>&\"c\"\u{1b}"), "a&lt;b&gt;&amp;&quot;c&quot;\\u{1b}");
    }
}
