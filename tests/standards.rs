//! What the data accepts, every export writes validly: the years the dataset supports, web
//! addresses that are IRIs, a base IRI that is one, no string a spreadsheet would run, and
//! the edge dataset (`examples/edges`), which validates and exports with exit 0 here and
//! passes the reference validators in tests/conformance/run.sh.

#[path = "../examples/edges/dataset.rs"]
mod edges;

use anpo::check::{Checked, check_bytes};
use anpo::edtf::Season;
use assert_cmd::Command;
use proptest::prelude::*;
use serde_json::{Value, json};
use std::path::Path;

fn anpo() -> Command {
    let mut cmd = Command::cargo_bin("anpo").expect("binary");
    cmd.env_remove("NO_COLOR");
    cmd
}

fn check(text: String) -> Checked {
    check_bytes(vec![("bad.json".to_string(), text.into_bytes())]).expect("in memory")
}

/// (code, pointer) of every diagnostic of the reading, schema and date stages.
fn found(checked: &Checked) -> Vec<(&'static str, String)> {
    checked
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with('S') || d.code.starts_with('J') || d.code == "R204")
        .map(|d| (d.code, d.location.pointer.clone()))
        .collect()
}

fn source(fields: Value) -> Value {
    let mut source = json!({
        "id": "s", "kind": "news-report", "title": "A title", "publisher": "A publisher", "attribution": "An attribution"
    });
    for (key, value) in fields.as_object().expect("fields") {
        source[key] = value.clone();
    }
    source
}

fn sources_file(source: Value) -> String {
    json!({ "$schema": "dataset.schema.json", "sources": [source] }).to_string()
}

// --- Years ------------------------------------------------------------------------------

#[test]
fn year_0000_is_refused_with_a_located_diagnostic() {
    // Valid EDTF, but not an xs:date: the Akoma Ntoso export would fail the strict XSD.
    let text = json!({
        "$schema": "dataset.schema.json",
        "events": [
            { "id": "e", "kind": "protest", "date": "0000-06-15", "title": "T", "summary": "S", "sources": ["s"] },
            { "id": "f", "kind": "protest", "date": "../0000~", "title": "T", "summary": "S", "sources": ["s"] },
            { "id": "g", "kind": "protest", "date": "0001-01-01/9999-12-31", "title": "T", "summary": "S", "sources": ["s"] }
        ],
        "sources": [source(json!({ "published": "0000" }))]
    })
    .to_string();
    let checked = check(text);
    let codes = found(&checked);
    assert_eq!(
        codes,
        [
            ("R204", "/events/0/date".to_string()),
            ("R204", "/events/1/date".to_string()),
            ("R204", "/sources/0/published".to_string())
        ]
    );
    let first = checked.diagnostics.iter().find(|d| d.code == "R204").unwrap();
    assert!(first.location.span.is_some(), "located");
    assert!(first.help.as_deref().unwrap_or_default().contains("0001 to 9999"), "{:?}", first.help);
}

#[test]
fn years_before_0001_and_after_9999_are_refused_with_a_located_reason() {
    // EDTF level 1 has them; no export can write them. `-1985` is refused by the schema's
    // pattern (a leading `-` would run as a spreadsheet formula), the others by R204; each
    // diagnostic is located and its help says why (xs:date, 0001 to 9999).
    let event = |id: &str, date: &str| json!({ "id": id, "kind": "protest", "date": date, "title": "T", "summary": "S", "sources": ["s"] });
    let text = json!({
        "$schema": "dataset.schema.json",
        "events": [
            event("a", "-1985"), event("b", "-1985-04-12~"), event("c", "-1985/1990"), event("d", "../-1985"),
            event("e", "Y170000002"), event("f", "Y-170000002"), event("g", "9999-24"),
        ],
        "sources": [source(json!({}))]
    })
    .to_string();
    let checked = check(text);
    let pointer = |i: usize| format!("/events/{i}/date");
    assert_eq!(
        found(&checked),
        [
            ("J105", pointer(0)),
            ("J105", pointer(1)),
            ("J105", pointer(2)),
            ("R204", pointer(3)),
            ("R204", pointer(4)),
            ("R204", pointer(5)),
            ("R204", pointer(6)),
        ]
    );
    for d in checked.diagnostics.iter().filter(|d| d.code == "J105" || d.code == "R204") {
        let help = d.help.as_deref().unwrap_or_default();
        assert!(d.location.span.is_some(), "{}: located", d.code);
        assert_eq!(d.label, "outside the years 0001 to 9999", "{}", d.location.pointer);
        assert!(help.contains("0001 to 9999") && help.contains("xs:date"), "{}: {help}", d.location.pointer);
    }
}

// --- Web addresses ----------------------------------------------------------------------

/// Addresses no IRI may be: each refused (`J105`) as a source's `url` and `license_url`.
const NOT_IRIS: &[&str] = &[
    "https://example.org/l|x<b>bold</b>",
    "https://example.org/\"q\"",
    "https://example.org/<a>",
    "https://example.org/{x}",
    "https://example.org/a\\b",
    "https://example.org/a^b",
    "https://example.org/a`b`",
    "https://example.org/a b",
    "https://example.org/\u{7}",
    "https://example.org/\u{85}",
    "https://example.org/\u{a0}",
    "https://example.org/\u{2028}",
    "https://example.org/\u{202e}evil",
    "https://example.org/\u{e000}",
    "https://example.org/\u{fdd0}",
    "https://example.org/%zz",
    "https://example.org/%4",
    "https://example.org/a#b#c",
    "https://[::1]/",
    "https://exa[mple.org/",
    "https://",
    "https:///path",
    "https://:80/",
    "ftp://example.org/",
    "HTTPS://example.org/",
    "example.org",
    "//example.org/",
];

/// Valid IRIs the pattern accepts, at its edges.
const IRIS: &[&str] = &[
    "http://a",
    "https://example.org/",
    "https://example.org:8080/a/b;c=d?e=f&g=h#i",
    "https://user:p%C3%A4ss@例え.jp:8080/パス/%E3%81%82;p=1!$&'()*+,=:@-._~?q=値&r=/?#断片/?",
    "https://example.org/!$&'()*+,;=:@-._~%20%7C?a=b;c#f",
    "https://xn--r8jz45g.jp/",
    "https://192.0.2.1/",
    "https://example.org:/",
    "https://example.org/a//b",
    "https://é.example/ü?ö#ß",
];

#[test]
fn addresses_that_are_not_iris_are_refused_in_every_address_field() {
    for iri in IRIS {
        let checked = check(sources_file(source(json!({ "url": iri, "license_url": iri }))));
        assert_eq!(found(&checked), [], "{iri}");
        let parsed = oxiri::Iri::parse(*iri).unwrap_or_else(|e| panic!("{iri}: {e}"));
        assert!(matches!(parsed.scheme(), "http" | "https"));
    }
    for bad in NOT_IRIS {
        for field in ["url", "license_url"] {
            let checked = check(sources_file(source(json!({ field: bad }))));
            assert_eq!(found(&checked), [("J105", format!("/sources/0/{field}"))], "{field}: {bad:?}");
        }
    }
    let dataset = json!({
        "$schema": "dataset.schema.json",
        "dataset": {
            "id": "d", "title": "T", "description": "D", "version": "1.0.0", "license": "CC-BY-4.0",
            "license_url": "https://example.org/l|x",
            "publisher": "P", "modified": "2024-01-01"
        }
    });
    assert_eq!(found(&check(dataset.to_string())), [("J105", "/dataset/license_url".to_string())]);
}

/// A validator for one definition of the embedded schema.
fn validator_for(definition: &str) -> jsonschema::Validator {
    let schema: Value = anpo::schema::embedded().clone();
    let node = json!({ "$defs": schema["$defs"], "$ref": format!("#/$defs/{definition}") });
    jsonschema::draft202012::options().build(&node).expect("compiles")
}

/// Characters an address might hold: ASCII (every printable one, space, controls), and
/// beyond it letters, white space, bidirectional controls, private use and non-characters.
fn address_char() -> impl Strategy<Value = char> {
    prop_oneof![
        8 => (0x20u8..0x7f).prop_map(char::from),
        1 => Just('\u{7}'),
        1 => prop::sample::select(vec!['é', '例', '\u{85}', '\u{a0}', '\u{2028}', '\u{200f}', '\u{202e}', '\u{e000}', '\u{fdd0}', '\u{fffe}', '𠮷', '\u{feff}']),
        4 => prop::sample::select(vec!['a', '0', '%', '/', '?', '#', ':', '@', '.']),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Whatever the `iri` pattern accepts, an RFC 3987 parser (oxiri) reads as an absolute
    /// `http` or `https` IRI; so rdflib and every N-Quads reader accept it too.
    #[test]
    fn the_address_pattern_accepts_only_absolute_iris(
        scheme in prop::sample::select(vec!["http://", "https://", "https:", "http:/", "ftp://"]),
        rest in prop::collection::vec(address_char(), 0..24),
    ) {
        thread_local!(static IRI: jsonschema::Validator = validator_for("iri"));
        let text: String = scheme.chars().chain(rest).collect();
        if IRI.with(|v| v.is_valid(&Value::from(text.as_str()))) {
            let parsed = oxiri::Iri::parse(text.as_str());
            prop_assert!(parsed.is_ok(), "{:?}: {:?}", text, parsed.err());
            let parsed = parsed.unwrap();
            prop_assert!(matches!(parsed.scheme(), "http" | "https"));
            prop_assert!(parsed.authority().is_some_and(|a| !a.is_empty()), "{:?}", text);
            for c in ['"', '<', '>', '{', '}', '|', '\\', '^', '`', ' ', '[', ']'] {
                prop_assert!(!text.contains(c), "{:?}", text);
            }
        }
    }
}

// --- The base IRI -----------------------------------------------------------------------

#[test]
fn a_base_iri_that_is_not_absolute_or_does_not_end_in_a_slash_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let cases = [
        ("relative/", "not an absolute IRI"),
        ("https://example.org/anpo", "does not end in `/`"),
        ("https://example.org/a b/", "not an absolute IRI"),
        ("https://example.org/?x/", "query or fragment"),
        ("https://example.org/#x/", "query or fragment"),
        ("https://example.org/\u{1b}]0;x\u{7}/", "not an absolute IRI"),
        ("", "not an absolute IRI"),
    ];
    for (base, why) in cases {
        for command in ["export", "release"] {
            let out = dir.path().join("out");
            let mut cmd = anpo();
            cmd.arg(command).arg("--out").arg(&out).arg("--base-iri").arg(base).arg(&data);
            let output = cmd.output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{command} {base:?}: {stderr}");
            assert!(stderr.contains("--base-iri") && stderr.contains(why), "{command} {base:?}: {stderr}");
            assert!(!stderr.contains('\u{1b}') && !stderr.contains('\u{7}'), "{stderr:?}");
            assert!(output.stdout.is_empty(), "refused before the data is read");
            assert!(!out.exists(), "{command} {base:?}: nothing written");
        }
    }
    let out = dir.path().join("ok");
    anpo()
        .args(["export", "--format", "jsonld", "--base-iri", "https://example.org/anpo/", "--out"])
        .arg(&out)
        .arg(&data)
        .assert()
        .code(0);
    let graph = std::fs::read_to_string(out.join("jsonld/anpo.jsonld")).unwrap();
    assert!(graph.contains("\"https://example.org/anpo/instrument/treaty-1960\""));
    assert!(graph.contains("\"anpo\": \"https://w3id.org/anpo/ns#\""), "the vocabulary does not move");
}

// --- Spreadsheet formulas ---------------------------------------------------------------

/// What a spreadsheet may run when a cell starts with it.
const FORMULA_STARTS: [&str; 8] = ["=", "+", "-", "@", "\t", "\r", "\n", " "];

/// Every place the schema holds a string: (schema path, the subschema as written).
fn string_properties(schema: &Value, node: &Value, path: String, out: &mut Vec<(String, Value)>) {
    let resolved = match node["$ref"].as_str().and_then(|r| r.strip_prefix("#/")) {
        Some(target) => schema.pointer(&format!("/{target}")).expect("the $ref resolves"),
        None => node,
    };
    if resolved["type"] == "string" || node["type"] == "string" {
        out.push((path, node.clone()));
        return;
    }
    for (keyword, children) in [("properties", &resolved["properties"]), ("properties", &node["properties"])] {
        for (key, child) in children.as_object().into_iter().flatten() {
            let child_path = format!("{path}/{keyword}/{key}");
            if !out.iter().any(|(p, _)| p == &child_path) {
                string_properties(schema, child, child_path, out);
            }
        }
    }
    for child in [&resolved["items"], &node["items"]] {
        if child.is_object() && !out.iter().any(|(p, _)| p == &format!("{path}/items")) {
            string_properties(schema, child, format!("{path}/items"), out);
        }
    }
}

#[test]
fn no_string_the_schema_accepts_starts_a_spreadsheet_formula() {
    // One rule for every string that can reach a CSV cell (free text, licences, ids, codes,
    // dates, versions, addresses): the schema refuses it when it starts with `=`, `+`, `-`,
    // `@`, a tab, a line break or a space. The exporter then writes values verbatim.
    let schema: Value = anpo::schema::embedded().clone();
    let mut leaves = Vec::new();
    string_properties(&schema, &schema, String::new(), &mut leaves);
    // `$schema` names the file's schema for editors; it is not in the model, so no export
    // writes it.
    leaves.retain(|(path, _)| path != "/properties/$schema");
    for expected in [
        "/properties/dataset/properties/license",
        "/properties/sources/items/properties/license",
        "/properties/sources/items/properties/url",
        "/properties/dataset/properties/keywords/items",
        "/properties/events/items/properties/participants/items/properties/role",
        "/properties/instruments/items/properties/title/properties/ja-Latn",
        "/properties/actors/items/properties/aliases/items/properties/lang",
    ] {
        assert!(leaves.iter().any(|(p, _)| p == expected), "{expected} not walked: {leaves:#?}");
    }
    assert!(leaves.len() > 60, "{} string properties", leaves.len());

    let bodies = [
        "a",
        "A",
        "x y",
        "0",
        "1960",
        "1960-06-19",
        "..",
        "../1960",
        "1.0.0",
        "CC-BY-4.0",
        "treaty-1960",
        "https://example.org/x",
        "1+1",
        "SUM(A1:A2)",
        "cmd|' /C calc'!A0",
    ];
    for (path, property) in &leaves {
        let validator = jsonschema::draft202012::options()
            .build(&json!({ "$defs": schema["$defs"], "allOf": [property] }))
            .expect("compiles");
        let members: Vec<&str> = property["enum"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        let resolved_enum = property["$ref"]
            .as_str()
            .and_then(|r| schema.pointer(&r[1..]))
            .and_then(|d| d["enum"].as_array())
            .into_iter()
            .flatten()
            .filter_map(Value::as_str);
        let candidates: Vec<&str> =
            bodies.iter().copied().chain(members.iter().copied()).chain(resolved_enum).collect();
        let valid: Vec<&str> = candidates.iter().copied().filter(|b| validator.is_valid(&Value::from(*b))).collect();
        assert!(!valid.is_empty(), "{path}: no probe is valid, so the test would prove nothing");
        for start in FORMULA_STARTS {
            for body in valid.iter().copied().chain(["", "1+1", "HYPERLINK(\"x\")"]) {
                let cell = format!("{start}{body}");
                assert!(!validator.is_valid(&Value::from(cell.as_str())), "{path} accepts {cell:?}");
            }
        }
    }
}

#[test]
fn a_licence_that_starts_a_formula_is_refused() {
    for license in ["+B1+C1", "-1+1", "=1", "@SUM(A1)"] {
        let checked = check(sources_file(source(json!({ "license": license }))));
        assert_eq!(found(&checked), [("J105", "/sources/0/license".to_string())], "{license}");
        let dataset = json!({
            "$schema": "dataset.schema.json",
            "dataset": {
                "id": "d", "title": "T", "description": "D", "version": "1.0.0", "license": license,
                "license_url": "https://example.org/", "publisher": "P", "modified": "2024-01-01"
            }
        });
        assert_eq!(found(&check(dataset.to_string())), [("J105", "/dataset/license".to_string())], "{license}");
    }
    for license in ["CC-BY-SA-4.0", "0BSD", "GPL-2.0+", "MIT"] {
        assert_eq!(found(&check(sources_file(source(json!({ "license": license }))))), [], "{license}");
    }
}

// --- The edge dataset -------------------------------------------------------------------

fn write_edges(dir: &Path) -> std::path::PathBuf {
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    for (name, text) in edges::files() {
        std::fs::write(data.join(name), text).unwrap();
    }
    data
}

#[test]
fn the_edge_dataset_validates_and_exports_with_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let data = write_edges(dir.path());
    anpo().args(["validate", "--deny-warnings"]).arg(&data).assert().code(0);
    let out = dir.path().join("out");
    anpo().args(["export", "--format", "all", "--out"]).arg(&out).arg(&data).assert().code(0);
    // A release too (no archive: its time stamp, from `modified` 9999-12-31, would be past
    // what tar readers accept, which `release --archive` refuses with exit 2).
    anpo().args(["release", "--out"]).arg(dir.path().join("release")).arg(&data).assert().code(0);

    // Every form is there, exactly as written, in the events table and the JSON-LD.
    let forms = edges::edtf_forms();
    // Every precision (day to century) and every season.
    let dates: Vec<anpo::edtf::Date> = forms
        .iter()
        .filter_map(|f| match anpo::edtf::Edtf::parse(f) {
            Ok(anpo::edtf::Edtf::Date(date)) => Some(date),
            _ => None,
        })
        .collect();
    let precisions: std::collections::BTreeSet<_> = dates.iter().map(|d| d.precision()).collect();
    assert_eq!(precisions.len(), 6, "{precisions:?}");
    let seasons: std::collections::HashSet<_> = dates.iter().map(|d| d.form).collect();
    for season in [Season::Spring, Season::Summer, Season::Autumn, Season::Winter] {
        assert!(seasons.contains(&anpo::edtf::Form::Season(season)), "{season:?}");
    }
    let events = std::fs::read_to_string(out.join("csv/events.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(events.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let date = headers.iter().position(|h| h == "date_edtf").unwrap();
    let written: Vec<String> = reader.records().map(|r| r.unwrap()[date].to_string()).collect();
    for form in &forms {
        assert!(written.contains(form), "{form} missing from events.csv");
    }
    // The longest text comes through whole.
    fn holds(value: &Value, text: &str) -> bool {
        match value {
            Value::String(s) => s == text,
            Value::Array(items) => items.iter().any(|v| holds(v, text)),
            Value::Object(members) => members.values().any(|v| holds(v, text)),
            _ => false,
        }
    }
    let graph: Value = serde_json::from_str(&std::fs::read_to_string(out.join("jsonld/anpo.jsonld")).unwrap()).unwrap();
    let long = edges::long_text();
    assert_eq!(long.chars().count(), edges::LONG_TEXT);
    assert!(holds(&graph, &long), "the longest text is in the JSON-LD, whole");
    let sources = std::fs::read_to_string(out.join("csv/sources.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(sources.as_bytes());
    assert!(reader.records().any(|r| r.unwrap().iter().any(|cell| cell == long)), "and in sources.csv");

    // Every Akoma Ntoso date is an xs:date of a year from 0001 to 9999 (one per form).
    let akn = std::fs::read_dir(out.join("akn")).unwrap().count();
    let named = forms.iter().filter(|f| anpo::export::akn::work_date(f).is_some()).count();
    assert!(named > 40 && named < forms.len(), "{named} of {} forms name a Work", forms.len());
    assert_eq!(akn, named + 1, "a document per signing date a Work IRI can hold, and the marker");
    // Every form reaches the schema all the same, as a step of instrument-0's making.
    let first = std::fs::read_to_string(out.join("akn/instrument-0.xml")).unwrap();
    for form in &forms {
        let edtf = format!("anpo:edtf=\"{form}\"");
        let day = format!("date=\"{form}\"");
        assert!(first.contains(&edtf) || first.contains(&day), "{form} is no date in instrument-0.xml");
    }
    for entry in std::fs::read_dir(out.join("akn")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "xml") {
            continue;
        }
        let xml = std::fs::read_to_string(&path).unwrap();
        let days = |attribute: &'static str| xml.split(attribute).skip(1).map(|rest| &rest[..rest.find('"').unwrap()]);
        // `date`, and `anpo:firstDay` and `anpo:lastDay` beside an imprecise one.
        for date in days(" date=\"").chain(days("Day=\"")) {
            let bytes = date.as_bytes();
            assert!(
                date.len() == 10 && bytes[4] == b'-' && bytes[7] == b'-' && &date[..4] != "0000",
                "{}: date=\"{date}\"",
                path.display()
            );
        }
    }
}

/// Whether the schema's `$defs/edtf` pattern should accept a text, by what
/// `Edtf::parse` makes of it: the pattern is the parser's grammar, so it accepts exactly
/// what the parser reads (a date, or an error the grammar recognizes in order to name it,
/// which R204 reports), less a text that starts with `-` (a year before the common era,
/// `-1985`), which the pattern refuses as a spreadsheet formula and J105 reports with the
/// parser's reason.
fn pattern_should_accept(text: &str, parsed: &Result<anpo::edtf::Edtf, anpo::edtf::EdtfError>) -> bool {
    !matches!(parsed, Err(anpo::edtf::EdtfError::Syntax)) && !text.starts_with('-')
}

/// The EDTF corpus (tests/fixtures/edtf/corpus.tsv, also read by the conformance script's
/// comparison with the `edtf` package): anpo accepts exactly its valid lines, with their
/// first and last days, and refuses its invalid lines for the reason given; the schema's
/// pattern accepts what [`pattern_should_accept`] says.
#[test]
fn the_edtf_corpus_holds_for_the_parser_and_the_schema_pattern() {
    use anpo::edtf::Edtf;
    let corpus = std::fs::read_to_string("tests/fixtures/edtf/corpus.tsv").expect("the corpus");
    let pattern = validator_for("edtf");
    let mut lines = 0;
    for line in corpus.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        let fields: Vec<&str> = line.split('\t').collect();
        let text = fields[1];
        let parsed = Edtf::parse(text);
        let matches = pattern.is_valid(&json!(text));
        assert_eq!(matches, pattern_should_accept(text, &parsed), "{text:?}: the pattern and the parser disagree");
        match fields[0] {
            "valid" => {
                let value = parsed.unwrap_or_else(|e| panic!("{text:?}: {e}"));
                let day = |s: &str| (!s.is_empty()).then(|| s.to_string());
                assert_eq!((value.earliest(), value.latest()), (day(fields[2]), day(fields[3])), "{text:?}");
                assert_eq!(value.to_string(), text);
            }
            "invalid" => {
                let error = parsed.expect_err(text);
                assert_eq!(error.name(), fields[2], "{text:?}: {error}");
            }
            other => panic!("{other:?}: valid or invalid"),
        }
        lines += 1;
    }
    assert!(lines > 150, "{lines} lines");
}

/// Pieces of EDTF texts and of near misses, for [`the_pattern_and_the_parser_read_one_grammar`].
fn edtf_piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "1960", "0000", "0001", "9999", "196", "19", "1", "0", "06", "12", "13", "00", "02", "29", "30", "31", "21",
        "24", "25", "X", "XX", "x", "-", "-", "-", "/", "/", "..", ".", "~", "?", "%", "Y", "12345", "01234", "T", "Z",
        " ", "^",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    /// The schema's pattern and `Edtf::parse` read one grammar: for texts built from
    /// pieces of dates, the pattern accepts exactly what [`pattern_should_accept`] says.
    #[test]
    fn the_pattern_and_the_parser_read_one_grammar(pieces in prop::collection::vec(edtf_piece(), 0..9)) {
        static PATTERN: std::sync::LazyLock<jsonschema::Validator> = std::sync::LazyLock::new(|| validator_for("edtf"));
        let text = pieces.concat();
        let parsed = anpo::edtf::Edtf::parse(&text);
        prop_assert_eq!(
            PATTERN.is_valid(&json!(text)),
            pattern_should_accept(&text, &parsed),
            "{:?} reads as {:?}", text, parsed
        );
    }
}
