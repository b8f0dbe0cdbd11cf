//! Strict reading: bytes → text and a JSON value, or located diagnostics.
//!
//! A file is read with one `serde_json` parse, through a visitor that builds the
//! [`Value`] exactly as `serde_json` would and also notes every duplicate key (which
//! `Value` would silently drop). Nothing about positions is kept for a clean file;
//! positions are worked out only for the problems found.
//!
//! Codes (all errors; a file with any of them yields no value):
//! - `S001` invalid UTF-8, at the first byte of each bad sequence (at most
//!   [`MAX_UTF8_REPORTS`] per file). The file is read on with each bad sequence
//!   replaced by U+FFFD, so its other problems are reported too.
//! - `S002` a byte-order mark, which RFC 8259 forbids.
//! - `S003` a JSON syntax error (the first; `serde_json` stops there), including an
//!   empty or truncated file.
//! - `S004` the root value is not an object.
//! - `S005` a key defined twice in one object: every repeat in the file, at the repeated
//!   key, with a secondary label on the first definition.
//! - `S006` nesting deeper than `serde_json`'s recursion limit of 128 (which admits 127
//!   nested arrays and objects; the 128th is refused).

use crate::diagnostic::{Diagnostic, FileId, Location};
use crate::locate::{self, Step};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::map::Entry;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::fmt;

/// What reading one file produced.
#[derive(Debug)]
pub struct Parsed {
    /// The file's text for display: lossily decoded if it is not UTF-8. Every offset in
    /// the diagnostics is an offset into this text.
    pub text: String,
    /// The value, only when the file is syntactically clean (no diagnostics).
    pub value: Option<Value>,
    pub diagnostics: Vec<Diagnostic>,
}

/// At most this many `S001` diagnostics per file: a file in another encoding has a
/// bad sequence on nearly every line, and one fix for all of them.
pub const MAX_UTF8_REPORTS: usize = 10;

/// The deepest nesting `serde_json` reads: its recursion limit of 128 refuses the 128th
/// nested array or object (not configurable short of disabling the limit).
const MAX_DEPTH: usize = 127;

const BOM: char = '\u{feff}';

/// Read one file strictly.
pub fn parse(file: FileId, bytes: &[u8]) -> Parsed {
    parse_owned(file, bytes.to_vec())
}

/// Read one file strictly, taking its bytes: valid UTF-8 becomes the text without a copy.
pub fn parse_owned(file: FileId, bytes: Vec<u8>) -> Parsed {
    let (text, mut diagnostics) = decode(file, bytes);
    let start = if text.starts_with(BOM) {
        diagnostics.push(
            Diagnostic::error(S002, Location::offset(file, 0), "the file starts with a byte-order mark (U+FEFF)")
                .with_label("byte-order mark")
                .with_help("RFC 8259 forbids a byte-order mark in JSON: save the file as UTF-8 without BOM"),
        );
        BOM.len_utf8()
    } else {
        0
    };
    let json = &text.as_bytes()[start..];

    let mut duplicates = Vec::new();
    // From the text, not the bytes: the UTF-8 is checked once, above, not again per string.
    let mut deserializer = serde_json::Deserializer::from_str(&text[start..]);
    let input = json.as_ptr_range();
    let input = input.start as usize..input.end as usize;
    let result = ValueSeed { duplicates: &mut duplicates, input: &input }
        .deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value));
    if !duplicates.is_empty() {
        diagnostics.extend(duplicate_diagnostics(file, &text, duplicates));
    }
    let value = match result {
        Ok(value) => {
            if !value.is_object() {
                let at = start + json.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(0);
                diagnostics.push(
                    Diagnostic::error(
                        S004,
                        Location::offset(file, at),
                        format!("the root value is {}, not an object", kind(&value)),
                    )
                    .with_label("expected `{` here")
                    .with_help(
                        "a data file is one JSON object whose members are collections, e.g. {\"events\": [ … ]}",
                    ),
                );
            }
            Some(value)
        }
        Err(error) => {
            diagnostics.push(syntax_diagnostic(file, &text, start, &error));
            None
        }
    };
    let value = if diagnostics.is_empty() { value } else { None };
    Parsed { text, value, diagnostics }
}

const S001: &str = "S001";
const S002: &str = "S002";
const S003: &str = "S003";
const S004: &str = "S004";
const S005: &str = "S005";
const S006: &str = "S006";

/// The text, and an `S001` for each invalid sequence (up to the cap).
fn decode(file: FileId, bytes: Vec<u8>) -> (String, Vec<Diagnostic>) {
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => return (text, Vec::new()),
        Err(error) => error.into_bytes(),
    };
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut bad = Vec::new();
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if let Some(&byte) = chunk.invalid().first() {
            bad.push((text.len(), byte));
            text.push(char::REPLACEMENT_CHARACTER);
        }
    }
    let total = bad.len();
    let reported = total.min(MAX_UTF8_REPORTS);
    let diagnostics = bad
        .into_iter()
        .take(reported)
        .enumerate()
        .map(|(i, (offset, byte))| {
            let mut help = if utf16 {
                "the file looks like UTF-16: save it as UTF-8".to_string()
            } else {
                "the file must be UTF-8: save it as UTF-8 (it may have been saved as Shift_JIS or Windows-1252), or retype the character".to_string()
            };
            if i + 1 == reported && total > reported {
                help.push_str(&format!("; {} more invalid sequences are not shown", total - reported));
            }
            Diagnostic::error(S001, Location::offset(file, offset), format!("invalid UTF-8: byte 0x{byte:02X} cannot appear here"))
                .with_label("not UTF-8")
                .with_help(help)
        })
        .collect();
    (text, diagnostics)
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `S003` or `S006` for the error that stopped the parse of `text[start..]`.
fn syntax_diagnostic(file: FileId, text: &str, start: usize, error: &serde_json::Error) -> Diagnostic {
    let json = &text.as_bytes()[start..];
    let full = error.to_string();
    let what = full.strip_suffix(&format!(" at line {} column {}", error.line(), error.column())).unwrap_or(&full);
    if error.classify() == serde_json::error::Category::Eof {
        // Point just past the last token, not at trailing blank lines.
        let end = start + json.iter().rposition(|b| !b.is_ascii_whitespace()).map_or(0, |i| i + 1);
        if end == start {
            return Diagnostic::error(S003, Location::offset(file, end), "the file is empty")
                .with_label("expected a JSON object")
                .with_help("a data file is one JSON object whose members are collections, e.g. {\"events\": []}");
        }
        let open = innermost_unclosed(json);
        let inside = match open.map(|i| json[i]) {
            _ if what == "EOF while parsing a string" => "inside a string",
            Some(b'[') => "inside an array",
            Some(_) => "inside an object",
            None => "before the JSON value is complete",
        };
        let mut diagnostic =
            Diagnostic::error(S003, Location::offset(file, end), format!("invalid JSON: the file ends {inside}"))
                .with_label("the file ends here")
                .with_help("the file ends too early (was it truncated?): close every open string, `[` and `{`");
        if let Some(open) = open {
            let bracket = json[open] as char;
            diagnostic = diagnostic
                .with_related(Location::offset(file, start + open), format!("this `{bracket}` is never closed"));
        }
        return diagnostic;
    }
    let mut at = error_offset(json, error.line(), error.column());
    if what == "trailing comma" {
        // serde_json stops at the bracket after the comma; the comma is what to remove.
        at = json[..at].iter().rposition(|&b| b == b',').unwrap_or(at);
    }
    let at = start + at;
    if what == "recursion limit exceeded" {
        return Diagnostic::error(
            S006,
            Location::offset(file, at),
            format!("nesting is deeper than {MAX_DEPTH} levels"),
        )
        .with_label(format!("level {} starts here", MAX_DEPTH + 1))
        .with_help("no data file nests this deep: look for unbalanced `[` or `{`, or split the value up");
    }
    Diagnostic::error(S003, Location::offset(file, at), format!("invalid JSON: {what}"))
        .with_label(syntax_label(what))
        .with_help(syntax_help(what))
}

/// The byte offset of `serde_json`'s 1-based line and byte column (the column counts
/// the bytes of the line up to and including the offending one).
fn error_offset(json: &[u8], line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        json.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(line - 2).map_or(json.len(), |(i, _)| i + 1)
    };
    (line_start + column.saturating_sub(1)).min(json.len())
}

fn syntax_label(what: &str) -> &'static str {
    match what {
        "trailing comma" => "remove this comma",
        "expected `:`" => "expected `:` before this",
        "expected `,` or `}`" => "expected `,` or `}` before this",
        "expected `,` or `]`" => "expected `,` or `]` before this",
        "key must be a string" => "expected a key in double quotes",
        "trailing characters" => "unexpected text after the JSON value",
        _ => "here",
    }
}

fn syntax_help(what: &str) -> String {
    let help = match what {
        "trailing comma" => "JSON does not allow a comma after the last member or element: remove it",
        "expected `:`" => "write a colon between a key and its value: \"key\": value",
        "expected `,` or `}`" => "separate the members of an object with commas, or close the object with `}`",
        "expected `,` or `]`" => "separate the elements of an array with commas, or close the array with `]`",
        "key must be a string" => {
            "keys must be in double quotes (\"key\": value); JSON has no comments, unquoted keys or single quotes"
        }
        "expected value" => {
            "write a JSON value here: a string in double quotes, a number, true, false, null, an object or an array (JSON has no comments or single quotes)"
        }
        "expected ident" => {
            "the only bare words in JSON are true, false and null (lower case); put text in double quotes"
        }
        "trailing characters" => {
            "a data file holds exactly one JSON value: remove what follows it, or merge it into the object"
        }
        "invalid escape" => {
            r#"the escapes allowed in a JSON string are \" \\ \/ \b \f \n \r \t and \uXXXX; write a backslash as \\"#
        }
        "invalid number" => {
            "write numbers in decimal without leading zeros, `+`, hex, NaN or Infinity; put other text in double quotes"
        }
        "number out of range" => "the number is too large: write it as a string if it is an identifier",
        "expected `\"`" => "put the key in double quotes",
        _ if what.starts_with("control character") => {
            "a string may not contain raw control characters: write a line break as \\n and a tab as \\t"
        }
        _ if what.contains("surrogate") || what.contains("unicode") || what.contains("hex escape") => {
            "write a \\u escape as four hex digits, and a character outside the BMP as a surrogate pair (or the character itself)"
        }
        _ => "fix the JSON syntax at this position",
    };
    help.to_string()
}

/// The offset of the innermost `[` or `{` still open at the end of the text, outside strings.
fn innermost_unclosed(json: &[u8]) -> Option<usize> {
    let mut open = Vec::new();
    let mut i = 0;
    while i < json.len() {
        match json[i] {
            b'"' => {
                i += 1;
                while i < json.len() && json[i] != b'"' {
                    i += if json[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'[' | b'{' => open.push(i),
            b']' | b'}' => {
                open.pop();
            }
            _ => {}
        }
        i += 1;
    }
    open.pop()
}

/// One `S005` per repeated key, located by its occurrence path.
fn duplicate_diagnostics(file: FileId, text: &str, duplicates: Vec<Duplicate>) -> Vec<Diagnostic> {
    let paths: Vec<Vec<Step>> = duplicates.into_iter().map(Duplicate::into_path).collect();
    let firsts: Vec<Vec<Step>> = paths.iter().map(|p| first_occurrence(p)).collect();
    let wanted: Vec<Vec<Step>> = paths.iter().chain(&firsts).cloned().collect();
    let spans = locate::key_spans(text, &wanted);
    let mut diagnostics: Vec<Diagnostic> = paths
        .iter()
        .zip(&firsts)
        .map(|(path, first)| {
            let pointer = locate::steps_pointer(path);
            let Some(Step::Key(name, occurrence)) = path.last() else { unreachable!("a duplicate is a key") };
            let mut again = Location::key(file, pointer.clone());
            again.span = spans.get(path).copied();
            let mut original = Location::key(file, pointer);
            original.span = spans.get(first).copied();
            let times = if *occurrence == 1 { "twice".to_string() } else { format!("{} times", occurrence + 1) };
            Diagnostic::error(
                S005,
                again,
                format!("duplicate key {}: defined {times} in the same object", quoted(name)),
            )
            .with_label("defined again here")
            .with_related(original, "first defined here")
            .with_help("JSON readers keep only the last value, silently: merge the two into one member, or rename one")
        })
        .collect();
    diagnostics.sort_by_key(|d| d.location.span.map(|s| s.start));
    diagnostics
}

fn first_occurrence(path: &[Step]) -> Vec<Step> {
    let mut first = path.to_vec();
    if let Some(Step::Key(_, occurrence)) = first.last_mut() {
        *occurrence = 0;
    }
    first
}

fn quoted(name: &str) -> String {
    serde_json::to_string(name).unwrap_or_else(|_| format!("\"{name}\""))
}

/// A repeated key, found by the visitor: its occurrence path, leaf first (built up as
/// the parse returns through the enclosing values).
#[derive(Debug)]
struct Duplicate {
    reversed: Vec<Step>,
}

impl Duplicate {
    fn into_path(mut self) -> Vec<Step> {
        self.reversed.reverse();
        self.reversed
    }
}

/// The key under which `serde_json` (with `arbitrary_precision`) hands a visitor a number
/// that it keeps as written: one too long for `u64`/`i64`, or with a fraction or an exponent.
/// `serde_json`'s own `Value` visitor reads it the same way (but also takes an object whose
/// first key is this text for a number, which [`KeySeed`] does not).
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// The number `serde_json` hands over as a one-member map under [`NUMBER_TOKEN`], exactly as
/// written (`1.0`, `1E2`, `12345678901234567890123`, `1e-400` keep their text).
fn number<'de, A: MapAccess<'de>>(mut map: A) -> Result<Value, A::Error> {
    let text: String = map.next_value()?;
    let number = text.parse::<serde_json::Number>().map_err(serde::de::Error::custom)?;
    Ok(Value::Number(number))
}

/// Builds a [`Value`] as `serde_json`'s own visitor does (the last of equal keys wins),
/// and records each repeated key. Paths are not tracked on the way down: when a value
/// returns, the enclosing array or object adds its step to the duplicates found inside
/// it, so a clean parse pays one length comparison per value.
struct ValueSeed<'d> {
    duplicates: &'d mut Vec<Duplicate>,
    /// The addresses of the text being read: a key borrowed from inside it was written in
    /// the file; see [`KeySeed`].
    input: &'d std::ops::Range<usize>,
}

/// A key as read, and whether it is `serde_json`'s number marker rather than a key the file
/// holds.
struct Key {
    name: String,
    marker: bool,
}

/// Reads a key and tells `serde_json`'s number marker ([`NUMBER_TOKEN`], lent from
/// `serde_json`'s own memory) from a key that the file writes with the same text (borrowed
/// from the file, or copied when it has escapes). `serde_json`'s own `Value` takes both for
/// a number; here `{"$serde_json::private::Number": "12"}` stays the object it is.
struct KeySeed<'d> {
    input: &'d std::ops::Range<usize>,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Key;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, name: &'de str) -> Result<Key, E> {
        let marker = name == NUMBER_TOKEN && !self.input.contains(&(name.as_ptr() as usize));
        Ok(Key { name: name.to_owned(), marker })
    }

    fn visit_str<E>(self, name: &str) -> Result<Key, E> {
        Ok(Key { name: name.to_owned(), marker: false })
    }

    fn visit_string<E>(self, name: String) -> Result<Key, E> {
        Ok(Key { name, marker: false })
    }
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut elements = Vec::new();
        loop {
            let before = self.duplicates.len();
            let element = seq.next_element_seed(ValueSeed { duplicates: &mut *self.duplicates, input: self.input });
            // Also when the element failed: duplicates found before the error are reported.
            for duplicate in &mut self.duplicates[before..] {
                duplicate.reversed.push(Step::Index(elements.len()));
            }
            match element? {
                Some(element) => elements.push(element),
                None => break,
            }
        }
        Ok(Value::Array(elements))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Map::new();
        // Repeats so far per key, kept only once a key repeats.
        let mut repeats: Option<HashMap<String, usize>> = None;
        while let Some(Key { name: key, marker }) = map.next_key_seed(KeySeed { input: self.input })? {
            if marker {
                return number(map);
            }
            let before = self.duplicates.len();
            let value = map.next_value_seed(ValueSeed { duplicates: &mut *self.duplicates, input: self.input });
            let inner = before..self.duplicates.len();
            let value = match value {
                Ok(value) => value,
                Err(error) => {
                    // What was found before the error is reported: give the duplicates
                    // inside the value their path, and report this key if it repeats.
                    let repeated = members.contains_key(&key);
                    let occurrence = match repeated {
                        true => repeats.as_ref().and_then(|r| r.get(&key)).map_or(1, |n| n + 1),
                        false => 0,
                    };
                    let step = Step::Key(key, occurrence);
                    for duplicate in &mut self.duplicates[inner] {
                        duplicate.reversed.push(step.clone());
                    }
                    if repeated {
                        self.duplicates.push(Duplicate { reversed: vec![step] });
                    }
                    return Err(error);
                }
            };
            match members.entry(key) {
                Entry::Vacant(entry) => {
                    if !inner.is_empty() {
                        let step = Step::Key(entry.key().clone(), 0);
                        for duplicate in &mut self.duplicates[inner] {
                            duplicate.reversed.push(step.clone());
                        }
                    }
                    entry.insert(value);
                }
                Entry::Occupied(mut entry) => {
                    let name = entry.key().clone();
                    let occurrence = repeats.get_or_insert_default().entry(name.clone()).or_insert(0);
                    *occurrence += 1;
                    let step = Step::Key(name, *occurrence);
                    for duplicate in &mut self.duplicates[inner] {
                        duplicate.reversed.push(step.clone());
                    }
                    self.duplicates.push(Duplicate { reversed: vec![step] });
                    entry.insert(value);
                }
            }
        }
        Ok(Value::Object(members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Severity, Span, Target};
    use crate::source::SourceFile;

    /// The diagnostics of one file, located, as (code, line, column, located text).
    fn check(bytes: &[u8]) -> (Parsed, Vec<(&'static str, usize, usize, String)>) {
        let mut parsed = parse(0, bytes);
        let mut files = crate::source::Files::default();
        files.add(SourceFile::new("t.json", parsed.text.clone()));
        locate::resolve(&files, &mut parsed.diagnostics);
        let file = files.get(0);
        let seen = parsed
            .diagnostics
            .iter()
            .map(|d| {
                assert_eq!(d.severity, Severity::Error);
                assert!(d.help.is_some(), "{} has help", d.code);
                let span = d.location.span.expect("located");
                let (line, column) = file.line_col(span.start);
                (d.code, line, column, file.text[span.start..span.end].to_string())
            })
            .collect();
        (parsed, seen)
    }

    #[test]
    fn a_clean_file_gives_the_same_value_as_serde_json() {
        let text = r#"{"a": [1, -2, 3.5, 1e300, -0.0, "x\n", true, null, {"b": {}}], "ja": "安保条約", "big": 18446744073709551615}"#;
        let parsed = parse(0, text.as_bytes());
        assert!(parsed.diagnostics.is_empty());
        assert_eq!(parsed.value, Some(serde_json::from_str::<Value>(text).unwrap()));
        assert_eq!(parsed.text, text);
    }

    #[test]
    fn s001_invalid_utf8_is_located_and_the_rest_still_read() {
        let bytes = b"{\"title\": \"Anpo \x93treaty\x94\",\n \"x\": }";
        let (parsed, seen) = check(bytes);
        assert_eq!(seen[0], ("S001", 1, 17, "\u{fffd}".to_string()));
        assert_eq!(seen[1], ("S001", 1, 24, "\u{fffd}".to_string()));
        assert!(parsed.diagnostics[0].message.contains("0x93"));
        assert_eq!(seen[2].0, "S003");
        assert_eq!((seen[2].1, seen[2].2), (2, 7));
        assert!(parsed.value.is_none());
        assert!(parsed.text.starts_with("{\"title\": \"Anpo \u{fffd}treaty"));
    }

    #[test]
    fn s001_is_capped_per_file() {
        let bytes: Vec<u8> = std::iter::repeat_n(&b"\"\xe9\",\n"[..], 50).flatten().copied().collect();
        let mut bytes = [b"[".as_slice(), &bytes].concat();
        bytes.extend_from_slice(b"0]");
        let parsed = parse(0, &bytes);
        let s001: Vec<_> = parsed.diagnostics.iter().filter(|d| d.code == "S001").collect();
        assert_eq!(s001.len(), MAX_UTF8_REPORTS);
        assert!(s001.last().unwrap().help.as_deref().unwrap().contains("40 more"));
    }

    #[test]
    fn s002_byte_order_mark() {
        let (parsed, seen) = check("\u{feff}{\"a\": 1}".as_bytes());
        assert_eq!(seen, [("S002", 1, 1, "\u{feff}".to_string())]);
        assert!(parsed.value.is_none());
    }

    #[test]
    fn s002_does_not_hide_syntax_errors_after_it() {
        let (_, seen) = check("\u{feff}{\"a\" 1}".as_bytes());
        assert_eq!(seen[1], ("S003", 1, 7, "1".to_string()));
    }

    #[test]
    fn s003_empty_file() {
        for text in ["", "  \n\n"] {
            let (parsed, seen) = check(text.as_bytes());
            assert_eq!(seen.len(), 1);
            assert_eq!((seen[0].0, seen[0].1, seen[0].2), ("S003", 1, 1));
            assert_eq!(parsed.diagnostics[0].message, "the file is empty");
        }
    }

    #[test]
    fn s003_truncated_file_points_at_its_end_and_the_open_bracket() {
        let text = "{\n  \"events\": [\n    {\"id\": \"e1\"},\n";
        let (parsed, seen) = check(text.as_bytes());
        assert_eq!(seen, [("S003", 3, 18, String::new())]);
        assert_eq!(parsed.diagnostics[0].message, "invalid JSON: the file ends inside an array");
        let related = &parsed.diagnostics[0].related[0];
        assert_eq!(related.location.span, Some(Span::new(text.find('[').unwrap(), text.find('[').unwrap() + 1)));
        assert_eq!(related.message, "this `[` is never closed");
    }

    #[test]
    fn s003_truncated_inside_a_string() {
        let (parsed, seen) = check(b"{\"a\": \"unfinished");
        assert_eq!(seen, [("S003", 1, 18, String::new())]);
        assert_eq!(parsed.diagnostics[0].message, "invalid JSON: the file ends inside a string");
    }

    #[test]
    fn s003_columns_count_characters_not_bytes() {
        let text = "{\n  \"ja\": \"日米安全保障条約\" \"en\": \"Treaty\"\n}";
        let (parsed, seen) = check(text.as_bytes());
        assert_eq!(seen, [("S003", 2, 20, "\"".to_string())]);
        assert_eq!(parsed.diagnostics[0].message, "invalid JSON: expected `,` or `}`");
    }

    #[test]
    fn s003_common_mistakes_are_located_on_the_offending_character() {
        let cases: [(&str, &str, &str); 7] = [
            ("{\"a\": 1,}", ",", "trailing comma"),
            ("[1,\r\n  ]", ",", "trailing comma"),
            ("{\"a\" 1}", "1", "expected `:`"),
            ("{a: 1}", "a", "key must be a string"),
            ("{\"a\": 'x'}", "'", "expected value"),
            ("{\"a\": tru}", "}", "expected ident"),
            ("{} {}", "{", "trailing characters"),
        ];
        for (text, at, what) in cases {
            let (parsed, seen) = check(text.as_bytes());
            assert_eq!(seen.len(), 1, "{text}");
            assert_eq!(seen[0].0, "S003");
            assert_eq!(seen[0].3, at, "{text}: {}", parsed.diagnostics[0].message);
            assert_eq!(parsed.diagnostics[0].message, format!("invalid JSON: {what}"));
        }
    }

    #[test]
    fn s004_root_not_an_object() {
        let (parsed, seen) = check(b"\n  [1, 2]");
        assert_eq!(seen, [("S004", 2, 3, "[".to_string())]);
        assert_eq!(parsed.diagnostics[0].message, "the root value is an array, not an object");
        assert!(parsed.value.is_none());
        let (_, seen) = check(b"\"text\"");
        assert_eq!(seen[0].0, "S004");
    }

    #[test]
    fn numbers_keep_their_text_and_a_key_like_serde_jsons_marker_stays_a_key() {
        let parsed = parse(0, br#"{"a": [1.0, 1E2, 12345678901234567890123, 1e-400, -0, 1e400]}"#);
        let texts: Vec<String> = parsed.value.expect("clean")["a"]
            .as_array()
            .expect("array")
            .iter()
            .map(|n| n.as_number().expect("number").as_str().to_string())
            .collect();
        assert_eq!(texts, ["1.0", "1e+2", "12345678901234567890123", "1e-400", "-0", "1e+400"]);
        for text in
            [r#"{"v": {"$serde_json::private::Number": "12"}}"#, r#"{"v": {"$serde_json::private::Number": "x"}}"#]
        {
            let parsed = parse(0, text.as_bytes());
            assert!(parsed.diagnostics.is_empty(), "{text}");
            assert!(parsed.value.expect("clean")["v"].is_object(), "{text}");
        }
    }

    #[test]
    fn s005_two_duplicates_in_one_file() {
        let text =
            "{\n  \"id\": \"e1\",\n  \"date\": \"1960-01-19\",\n  \"id\": \"e2\",\n  \"date\": \"1960-06-23\"\n}";
        let (parsed, seen) = check(text.as_bytes());
        assert_eq!(seen, [("S005", 4, 3, "\"id\"".to_string()), ("S005", 5, 3, "\"date\"".to_string())]);
        let first = &parsed.diagnostics[0];
        assert_eq!(first.location.pointer, "/id");
        assert_eq!(first.location.target, Target::Key);
        assert_eq!(first.message, "duplicate key \"id\": defined twice in the same object");
        assert_eq!(first.related[0].message, "first defined here");
        let related = first.related[0].location.span.unwrap();
        assert_eq!(&text[related.start..related.end], "\"id\"");
        assert_eq!(related.start, text.find("\"id\"").unwrap());
        assert!(parsed.value.is_none());
    }

    #[test]
    fn s005_nested_duplicates_and_repeats_inside_a_repeat() {
        let text = r#"{"events": [{"id": 1}, {"id": 2, "id": 3}], "a": {"x": 1}, "a": {"x": 2, "x": 3, "x": 4}}"#;
        let parsed = parse(0, text.as_bytes());
        let found: Vec<(&str, usize, usize)> = parsed
            .diagnostics
            .iter()
            .map(|d| {
                (d.location.pointer.as_str(), d.location.span.unwrap().start, d.related[0].location.span.unwrap().start)
            })
            .collect();
        let nth = |needle: &str, n: usize| text.match_indices(needle).nth(n).unwrap().0;
        assert_eq!(
            found,
            [
                ("/events/1/id", nth("\"id\"", 2), nth("\"id\"", 1)),
                ("/a", nth("\"a\"", 1), nth("\"a\"", 0)),
                ("/a/x", nth("\"x\"", 2), nth("\"x\"", 1)),
                ("/a/x", nth("\"x\"", 3), nth("\"x\"", 1)),
            ]
        );
        assert!(parsed.diagnostics[3].message.contains("3 times"));
    }

    #[test]
    fn s005_keys_equal_after_unescaping_and_escaped_pointers() {
        let text = r#"{"a/b": 1, "a\/b": 2}"#;
        let parsed = parse(0, text.as_bytes());
        assert_eq!(parsed.diagnostics.len(), 1);
        assert_eq!(parsed.diagnostics[0].location.pointer, "/a~1b");
        assert_eq!(parsed.diagnostics[0].location.span, Some(Span::new(11, 17)));
    }

    #[test]
    fn s005_before_a_syntax_error_is_still_reported() {
        let parsed = parse(0, br#"{"a": 1, "a": 2, }"#);
        let codes: Vec<_> = parsed.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["S005", "S003"]);
    }

    #[test]
    fn s005_inside_a_value_that_fails_keeps_its_full_pointer() {
        let text = r#"{"r": {"q": [{"x": 1, "x": 2}, oops]}, "r": {"q": [{"y": 1, "y": 2} nope]}}"#;
        let parsed = parse(0, text.as_bytes());
        let found: Vec<_> =
            parsed.diagnostics.iter().map(|d| (d.code, d.location.pointer.as_str(), d.location.span)).collect();
        let at = |needle: &str| {
            let i = text.find(needle).unwrap();
            Some(Span::new(i, i + 3))
        };
        assert_eq!(found, [("S005", "/r/q/0/x", at(r#""x": 2"#)), ("S003", "", None)]);
        let text = r#"{"r": 1, "r": [{"y": 1, "y": 2} nope]}"#;
        let parsed = parse(0, text.as_bytes());
        let pointers: Vec<_> = parsed.diagnostics.iter().map(|d| d.location.pointer.as_str()).collect();
        assert_eq!(pointers, ["/r", "/r/0/y", ""]);
        let y = parsed.diagnostics[1].location.span.unwrap().start;
        assert_eq!(y, text.find(r#""y": 2"#).unwrap());
    }

    #[test]
    fn s006_deep_nesting_is_located_without_overflowing_the_stack() {
        let handle = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(|| {
                let text = "[".repeat(200_000);
                check(text.as_bytes()).1
            })
            .unwrap();
        let seen = handle.join().expect("no stack overflow");
        assert_eq!(seen, [("S006", 1, 128, "[".to_string())]);
    }

    #[test]
    fn nesting_at_the_limit_is_fine() {
        let text = format!("{{\"a\": {}{}}}", "[".repeat(MAX_DEPTH - 1), "]".repeat(MAX_DEPTH - 1));
        assert!(parse(0, text.as_bytes()).value.is_some());
        let text = format!("{{\"a\": {}{}}}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(parse(0, text.as_bytes()).diagnostics[0].code, "S006");
    }

    proptest::proptest! {
        #[test]
        fn any_input_is_read_located_and_rendered_without_panicking(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "{", "}", "[", "]", ",", ":", "\"", "\"k\"", "\"k\": ", " ", "\n", "\r\n", "\\", "\\u00",
                    "1", "-0.5e3", "true", "nul", "安", "\u{feff}", "\u{ff}",
                ]),
                0..40,
            ),
            bad_byte in proptest::option::of(0usize..40),
        ) {
            let mut bytes = pieces.concat().into_bytes();
            if let Some(i) = bad_byte {
                bytes.insert(i.min(bytes.len()), 0xFF);
            }
            let mut parsed = parse(0, &bytes);
            let serde_value = serde_json::from_slice::<Value>(&bytes).ok();
            if parsed.value.is_some() {
                proptest::prop_assert_eq!(&parsed.value, &serde_value);
            }
            if serde_value.as_ref().is_some_and(Value::is_object) && parsed.value.is_none() {
                proptest::prop_assert!(parsed.diagnostics.iter().any(|d| d.code == "S005"));
            }
            let mut diagnostics = std::mem::take(&mut parsed.diagnostics);
            diagnostics.push(Diagnostic::error("T001", Location::value(0, "/k/0"), "probe"));
            let mut files = crate::source::Files::default();
            files.add(SourceFile::new("t.json", parsed.text));
            locate::resolve(&files, &mut diagnostics);
            for format in [crate::render::Format::Human, crate::render::Format::Json, crate::render::Format::Github] {
                crate::render::render(format, &files, &diagnostics, &mut Vec::new(), false).unwrap();
            }
        }

        #[test]
        fn a_clean_value_reads_back_as_itself(value in json_value()) {
            for text in [serde_json::to_string(&value).unwrap(), serde_json::to_string_pretty(&value).unwrap()] {
                let parsed = parse(0, text.as_bytes());
                proptest::prop_assert!(parsed.diagnostics.is_empty());
                proptest::prop_assert_eq!(parsed.value.as_ref(), Some(&value));
            }
        }
    }

    fn json_value() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            (-1e6f64..1e6).prop_map(Value::from),
            "[a-z日本~/ \\\"]{0,6}".prop_map(Value::String),
        ];
        let tree = leaf.prop_recursive(4, 40, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::btree_map("[a-z~/]{0,3}", inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        });
        proptest::collection::btree_map("[a-z]{1,3}", tree, 0..4).prop_map(|m| Value::Object(m.into_iter().collect()))
    }
}
