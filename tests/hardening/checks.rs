//! Properties that must hold for any input, shared by the property tests
//! (`tests/hardening.rs`, run by `cargo test`) and the fuzz targets (`fuzz/`, run with
//! cargo-fuzz). Each function panics when its property fails.
//!
//! - [`reader`]: any bytes are read and checked without a panic; every diagnostic and every
//!   label is located inside its file, on character boundaries, and renders in every format.
//! - [`span_map`]: the span `locate` gives for a pointer holds exactly the value (or key)
//!   that `serde_json` finds at that pointer.
//! - [`exporters`]: for a valid dataset, the Akoma Ntoso files are well-formed XML, the CSV
//!   tables parse back with one row per record, the JSON-LD files parse, and the SQLite
//!   database passes SQLite's integrity and foreign-key checks with one row per record.

#![allow(dead_code)]

use anpo::check::{Checked, check_bytes};
use anpo::diagnostic::{Diagnostic, Location};
use anpo::export::{EXPORTERS, Format, Input, Settings};
use anpo::model::{COLLECTIONS, Dataset};
use anpo::pointer::escape as escape_pointer;
use anpo::render::{self, Format as Render};
use anpo::schema::Dictionary;
use anpo::source::{Files, SourceFile};
use serde_json::Value;

/// Read and check `bytes` as one data file.
pub fn reader(bytes: &[u8]) {
    let parsed = anpo::syntax::parse(0, bytes);
    if let Some(value) = &parsed.value {
        // A clean file reads as serde_json reads it (but for an object keyed with serde_json's
        // number marker, which serde_json takes for a number and anpo keeps as an object).
        if !bytes.windows(8).any(|w| w == b"private:") {
            assert_eq!(serde_json::from_slice::<Value>(bytes).ok().as_ref(), Some(value));
        }
    }
    let checked = check_bytes(vec![("fuzz.json".to_string(), bytes.to_vec())]).expect("no I/O in memory");
    located(&checked);
    if parsed.diagnostics.is_empty() && parsed.value.as_ref().is_some_and(Value::is_object) {
        // Syntax passed: whatever the later stages said came from them, not from the reader.
        assert!(checked.diagnostics.iter().all(|d| !d.code.starts_with('S')));
    } else {
        assert!(checked.diagnostics.iter().any(|d| d.code.starts_with('S')), "a refused file has a syntax code");
    }
}

/// Every location of every diagnostic has a span inside its file, on character
/// boundaries, with a line and column; and every renderer accepts them.
pub fn located(checked: &Checked) {
    for d in &checked.diagnostics {
        for location in std::iter::once(&d.location).chain(d.related.iter().map(|l| &l.location)) {
            let file = checked.files.get(location.file);
            let span = location.span.unwrap_or_else(|| panic!("{} at {:?} is not located", d.code, location.pointer));
            assert!(
                span.start <= span.end && span.end <= file.text.len(),
                "{}: span {span:?} outside the file",
                d.code
            );
            assert!(file.text.is_char_boundary(span.start) && file.text.is_char_boundary(span.end));
            let (line, column) = file.line_col(span.start);
            assert!(line >= 1 && line <= file.line_count() && column >= 1);
        }
    }
    for format in [Render::Human, Render::Json, Render::Github] {
        let mut out = Vec::new();
        render::render(format, &checked.files, &checked.diagnostics, &mut out, false).expect("renders");
        if format == Render::Json {
            let decoded: Value = serde_json::from_slice(&out).expect("JSON output parses");
            assert_eq!(decoded.as_array().map(Vec::len), Some(checked.diagnostics.len()));
        }
    }
}

/// Every pointer into `value` written as `text` (pretty or compact) resolves to the span
/// of that value, and to the span of its key.
pub fn span_map(value: &Value, pretty: bool) {
    let text = if pretty { serde_json::to_string_pretty(value) } else { serde_json::to_string(value) }.expect("JSON");
    let mut pointers = Vec::new();
    walk(value, String::new(), None, &mut pointers);
    let mut diagnostics: Vec<Diagnostic> = pointers
        .iter()
        .flat_map(|(pointer, _, _)| {
            [
                Diagnostic::error("T000", Location::value(0, pointer.clone()), "value"),
                Diagnostic::error("T000", Location::key(0, pointer.clone()), "key"),
            ]
        })
        .collect();
    let mut files = Files::default();
    files.add(SourceFile::new("t.json", text.clone()));
    anpo::locate::resolve(&files, &mut diagnostics);
    for ((pointer, expected, key), found) in pointers.iter().zip(diagnostics.chunks(2)) {
        let value_span = found[0].location.span.expect("located");
        let at = &text[value_span.start..value_span.end];
        let parsed: Value = serde_json::from_str(at).unwrap_or_else(|e| panic!("{pointer:?}: {at:?}: {e}"));
        assert_eq!(&parsed, *expected, "the span of {pointer:?}");
        let key_span = found[1].location.span.expect("located");
        match key {
            Some(name) => {
                let quoted: String = serde_json::from_str(&text[key_span.start..key_span.end]).expect("a key");
                assert_eq!(&quoted, name, "the key of {pointer:?}");
            }
            None => assert_eq!(key_span, value_span, "an element or the root has no key: its value"),
        }
    }
}

fn walk<'v>(
    value: &'v Value,
    pointer: String,
    key: Option<String>,
    out: &mut Vec<(String, &'v Value, Option<String>)>,
) {
    match value {
        Value::Object(members) => {
            for (name, member) in members {
                walk(member, format!("{pointer}/{}", escape_pointer(name)), Some(name.clone()), out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, format!("{pointer}/{i}"), None, out);
            }
        }
        _ => {}
    }
    out.push((pointer, value, key));
}

/// Run every exporter on a valid dataset and check what each wrote.
pub fn exporters(dataset: &Dataset) {
    let dictionary = Dictionary::new();
    let settings = Settings::default();
    let input = Input { dataset, dictionary: &dictionary, settings: &settings };
    for (format, exporter) in EXPORTERS {
        let files = exporter(&input).unwrap_or_else(|e| panic!("{e}"));
        assert!(!files.is_empty(), "{} wrote nothing", format.name());
        for file in &files {
            if *format == Format::Sqlite {
                sqlite_database(dataset, &file.bytes);
                continue;
            }
            let text = std::str::from_utf8(&file.bytes).unwrap_or_else(|_| panic!("{} is not UTF-8", file.path));
            match format {
                Format::Akn if file.path.ends_with(".xml") => well_formed_xml(&file.path, text),
                Format::Csv if file.path.ends_with(".csv") => {
                    let rows = csv_rows(&file.path, text);
                    let table = file.path.trim_end_matches(".csv");
                    for kind in COLLECTIONS {
                        if table == kind.collection() {
                            assert_eq!(rows, dataset.count(kind), "{}: one row per {}", file.path, kind.name());
                        }
                    }
                }
                _ if file.path.ends_with(".json") || file.path.ends_with(".jsonld") => {
                    serde_json::from_str::<Value>(text).unwrap_or_else(|e| panic!("{}: {e}", file.path));
                }
                _ => {}
            }
        }
    }
}

/// A sound SQLite database (integrity and foreign keys checked by SQLite) with one row per
/// record in each record table.
fn sqlite_database(dataset: &Dataset, bytes: &[u8]) {
    let mut db = rusqlite::Connection::open_in_memory().expect("SQLite");
    db.deserialize_read_exact(rusqlite::MAIN_DB, bytes, bytes.len(), true).expect("a database");
    let integrity: String = db.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("integrity_check");
    assert_eq!(integrity, "ok");
    let mut check = db.prepare("PRAGMA foreign_key_check").expect("foreign_key_check");
    let broken: Vec<String> = check
        .query_map([], |r| {
            Ok(format!("{}#{:?} -> {}", r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?, r.get::<_, String>(2)?))
        })
        .expect("foreign_key_check")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert!(broken.is_empty(), "foreign keys: {broken:?}");
    for kind in COLLECTIONS {
        let sql = format!("SELECT count(*) FROM \"{}\"", kind.collection());
        let rows: i64 = db.query_row(&sql, [], |r| r.get(0)).expect("a record table");
        assert_eq!(
            usize::try_from(rows).ok(),
            Some(dataset.count(kind)),
            "{}: one row per {}",
            kind.collection(),
            kind.name()
        );
    }
}

/// Well-formed XML: quick-xml reads it to the end with matching tags, and every character
/// is one XML 1.0 allows.
fn well_formed_xml(path: &str, text: &str) {
    if let Some(bad) = text.chars().find(|&c| {
        !matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
    }) {
        panic!("{path}: U+{:04X} is not an XML character", bad as u32);
    }
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut depth = 0i64;
    let mut roots = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(_)) => {
                roots += usize::from(depth == 0);
                depth += 1;
            }
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Empty(_)) => roots += usize::from(depth == 0),
            Ok(_) => {}
            Err(e) => panic!("{path}: not well-formed at byte {}: {e}", reader.buffer_position()),
        }
    }
    assert_eq!((depth, roots), (0, 1), "{path}: one root element, every element closed");
}

/// The number of data rows of a CSV table, each with as many fields as the header.
fn csv_rows(path: &str, text: &str) -> usize {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
    let width = reader.headers().unwrap_or_else(|e| panic!("{path}: {e}")).len();
    let mut rows = 0;
    for record in reader.records() {
        let record = record.unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(record.len(), width, "{path}: row {rows} has another number of fields");
        rows += 1;
    }
    rows
}

/// Free text as the schema's `text` definition wants it, made from any string: control
/// characters and the non-characters U+FFFE and U+FFFF removed, no white space at either
/// end, no leading `=`, `+`, `-` or `@`.
pub fn as_text(raw: &str) -> String {
    let kept: String = raw.chars().filter(|c| !matches!(*c as u32, 0..=0x1f | 0x7f | 0xfffe | 0xffff)).collect();
    let space = |c: char| c.is_whitespace() || c == '\u{feff}';
    let trimmed = kept.trim_matches(space);
    if trimmed.is_empty() || trimmed.starts_with(['=', '+', '-', '@']) {
        format!("x{trimmed}")
    } else {
        trimmed.to_string()
    }
}

/// Generates a dataset from (seed, records), handing each file to the callback.
pub type Generate<'g> = &'g dyn Fn(u64, usize, &mut dyn FnMut(&str, Vec<u8>));

/// The fields of generated records whose text [`hostile_dataset`] replaces.
const TEXT_FIELDS: &[&str] =
    &["summary", "title", "heading", "claim", "measure", "attribution", "description", "notes", "short_name", "en"];

/// A valid dataset: generated from `seed` with `records` records, with the text fields
/// chosen by `texts` (index, text) replaced by hostile text. `None` if the replacements
/// made it invalid (a text that [`as_text`] could not make acceptable).
pub fn hostile_dataset(generate: Generate, seed: u64, records: usize, texts: &[(usize, String)]) -> Option<Dataset> {
    let mut files: Vec<(String, Value)> = Vec::new();
    generate(seed, records, &mut |path, bytes| {
        files.push((path.to_string(), serde_json::from_slice(&bytes).expect("JSON")))
    });
    let mut slots: Vec<&mut Value> = Vec::new();
    for (_, value) in &mut files {
        collect_texts(value, &mut slots);
    }
    if !slots.is_empty() {
        for (index, text) in texts {
            let n = slots.len();
            *slots[index % n] = Value::String(as_text(text));
        }
    }
    let inputs =
        files.into_iter().map(|(path, value)| (path, serde_json::to_vec_pretty(&value).expect("JSON"))).collect();
    let checked = check_bytes(inputs).expect("in memory");
    located(&checked);
    checked.valid_dataset(true).cloned()
}

fn collect_texts<'v>(value: &'v mut Value, out: &mut Vec<&'v mut Value>) {
    match value {
        Value::Object(members) => {
            for (name, member) in members.iter_mut() {
                if member.is_string() && TEXT_FIELDS.contains(&name.as_str()) {
                    out.push(member);
                } else {
                    collect_texts(member, out);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| collect_texts(item, out)),
        _ => {}
    }
}
