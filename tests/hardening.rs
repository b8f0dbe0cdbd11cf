//! Hardening: the bad inputs of README.md's "Bad input" table, and property tests that
//! cover in seconds what the fuzz targets in `fuzz/` cover for hours: the reader on any
//! bytes, the span map, and the exporters on hostile valid datasets.

#[path = "hardening/checks.rs"]
mod checks;
#[path = "../examples/gen/generate.rs"]
mod generate;

use anpo::check::{Checked, check_bytes};
use proptest::prelude::*;
use serde_json::{Value, json};

fn check(text: impl Into<Vec<u8>>) -> Checked {
    let checked = check_bytes(vec![("bad.json".to_string(), text.into())]).expect("in memory");
    checks::located(&checked);
    checked
}

/// The codes of the reading and schema stages (the rules also run on what the schema
/// accepts, and report that these one-file datasets lack metadata and sources).
fn codes(checked: &Checked) -> Vec<&'static str> {
    checked.diagnostics.iter().map(|d| d.code).filter(|c| c.starts_with('S') || c.starts_with('J')).collect()
}

/// A file with one event whose fields are `fields` (over a minimal valid event).
fn event_file(fields: Value) -> String {
    let mut event = json!({
        "id": "e", "kind": "protest", "date": "1960-06-15", "title": "A protest",
        "summary": "A protest.", "sources": ["s"]
    });
    for (key, value) in fields.as_object().expect("fields") {
        event[key] = value.clone();
    }
    json!({ "events": [event], "$schema": "dataset.schema.json" }).to_string()
}

fn generated(seed: u64, records: usize, emit: &mut dyn FnMut(&str, Vec<u8>)) {
    let config = generate::Config { records, seed, chunk: 40, ..generate::Config::default() };
    generate::generate(&config, emit).expect("generates");
}

// --- Bad inputs (README.md, "Bad input") -------------------------------------------------

#[test]
fn other_dialects_of_json_are_syntax_errors() {
    // JSON5, JavaScript and Python habits: comments, NaN, hex, leading zeros and plus
    // signs, single quotes, trailing commas.
    for text in [
        "{\"events\": [] // none yet\n}",
        "{/* c */ \"events\": []}",
        "{\"figures\": [{\"value\": NaN}]}",
        "{\"figures\": [{\"value\": Infinity}]}",
        "{\"figures\": [{\"value\": 0x10}]}",
        "{\"figures\": [{\"value\": 010}]}",
        "{\"figures\": [{\"value\": +1}]}",
        "{'events': []}",
        "{\"events\": [],}",
        "{\"events\": [None]}",
    ] {
        assert_eq!(codes(&check(text)), ["S003"], "{text}");
    }
}

#[test]
fn huge_string_values_are_read_and_judged_by_the_schema() {
    // 21 MB of text in one title is read like any title; 20 MB in an id breaks its limit.
    let normal = codes(&check(event_file(json!({ "title": "A protest" }))));
    let big = "安保".repeat(3_500_000);
    assert_eq!(codes(&check(event_file(json!({ "title": big })))), normal);
    let checked = check(event_file(json!({ "id": "a".repeat(20_000_000) })));
    assert_eq!(codes(&checked), ["J106"]);
}

#[test]
fn huge_tiny_and_long_numbers_are_read_exactly_and_judged_by_the_schema() {
    // JSON sets no range: `1e400`, `1e-400` and three hundred digits are read as written
    // (no "out of range", no underflow to 0) and judged by the schema like any number.
    let digits = "9".repeat(300);
    for number in ["1e400", "1e-400", "-1e-999999999999", digits.as_str()] {
        let checked = check(format!(r#"{{"figures": [{{"value": {number}}}]}}"#));
        assert!(codes(&checked).iter().all(|c| c.starts_with('J')), "{number}: {:?}", codes(&checked));
    }
}

#[test]
fn ids_that_look_like_paths_are_refused_before_any_export() {
    for id in ["../../etc/passwd", "a/b", "C:\\x", "/abs", "a..b", "con.xml", "%2e%2e"] {
        let checked = check(event_file(json!({ "id": id })));
        assert!(codes(&checked).contains(&"J105"), "{id}: {:?}", codes(&checked));
        assert!(checked.dataset.is_none(), "{id}: a refused record reached the model");
    }
}

#[test]
fn control_characters_raw_are_syntax_errors_and_escaped_are_refused_by_the_schema() {
    let raw = event_file(json!({})).replace("A protest.", "A\u{7}protest.");
    assert_eq!(codes(&check(raw)), ["S003"]);
    // At the start, inside and at the end; and the non-characters XML cannot carry.
    for text in
        ["A\u{7}protest", "line\nbreak", "tab\there", "nul\u{0}", "del\u{7f}", "\u{1b}[31m", "x\u{fffe}", "\u{ffff}"]
    {
        assert_eq!(codes(&check(event_file(json!({ "summary": text })))), ["J105"], "{text:?}");
    }
}

#[test]
fn addresses_with_spaces_or_control_characters_are_refused() {
    let source = |url: &str| {
        let source = json!({ "id": "s", "kind": "news-report", "title": "A title", "publisher": "A publisher", "url": url, "attribution": "An attribution" });
        json!({ "sources": [source], "$schema": "dataset.schema.json" }).to_string()
    };
    assert_eq!(codes(&check(source("https://example.org/a?b=c#d"))), Vec::<&str>::new());
    for url in [
        "https://example.org/a b",
        "https://example.org/\u{7}",
        "https://x/\u{0}",
        "https://x/\u{1b}[31m",
        "https://x/\u{7f}",
    ] {
        assert_eq!(codes(&check(source(url))), ["J105"], "{url:?}");
    }
}

#[test]
fn messages_name_a_huge_value_without_repeating_it() {
    let huge = "X".repeat(1_000_000);
    let files = [
        json!({ "$schema": "s", "events": { "a": huge } }).to_string(),
        json!({ "$schema": "s", "events": [{ "id": huge, "kind": huge }] }).to_string(),
        json!({ "events": [] }).to_string().replace("[]", &format!("[\"{huge}\"]")),
    ];
    for text in files {
        let checked = check(text);
        assert!(!checked.diagnostics.is_empty());
        for d in &checked.diagnostics {
            assert!(d.message.len() < 400, "{}: {} bytes", d.code, d.message.len());
        }
    }
}

#[test]
fn formula_prefixes_are_refused_in_every_free_text_field() {
    for text in ["=1+1", "+1", "-1", "@SUM(A1)", " =1", "=HYPERLINK(\"http://x\")"] {
        for field in ["title", "summary", "date_phrase", "notes"] {
            assert_eq!(codes(&check(event_file(json!({ field: text })))), ["J105"], "{field}: {text:?}");
        }
    }
}

#[test]
fn utf16_files_are_refused_with_a_hint() {
    let text = "{\"events\": []}";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let checked = check(bytes);
    assert!(codes(&checked).contains(&"S001"));
    assert!(checked.diagnostics[0].help.as_deref().unwrap_or_default().contains("UTF-16"));
}

#[test]
fn latin1_and_shift_jis_files_are_refused_at_each_bad_byte() {
    let latin1 = b"{\"events\": [{\"title\": \"caf\xe9\"}]}".to_vec();
    assert_eq!(codes(&check(latin1))[0], "S001");
    let shift_jis = b"{\"events\": [{\"title\": \"\x88\xc0\x95\xdb\"}]}".to_vec();
    assert_eq!(codes(&check(shift_jis))[0], "S001");
}

#[test]
fn a_thousand_duplicate_keys_are_each_reported_once() {
    let members: Vec<String> = (0..1000).map(|i| format!("\"k\": {i}")).collect();
    let checked = check(format!("{{{}}}", members.join(", ")));
    assert_eq!(codes(&checked).iter().filter(|c| **c == "S005").count(), 999);
}

#[test]
fn many_errors_on_one_line_stay_linear() {
    // One line, 50 000 unknown properties: every one located, columns counted fast. This
    // covers reading and locating; drawing them (a window of the line each, output linear
    // in the errors) is held by `human_output_grows_with_the_diagnostics_not_with_the_line`
    // (tests/hostile.rs), on output size, not time.
    let members: Vec<String> = (0..50_000).map(|i| format!("\"x{i}\": 1")).collect();
    let checked = check(format!("{{\"events\": [], {}}}", members.join(",")));
    assert_eq!(codes(&checked).len(), 50_000);
}

// --- Properties (the fuzz targets' ground, in seconds) ----------------------------------

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e300f64..1e300).prop_map(Value::from),
        "[a-z日本~/\\\\\"\u{7}\u{2028} ]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map("[a-z~/\"\\\\日 ]{0,4}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Text a hostile contributor might write: markup, quotes, separators, non-characters,
/// line separators, right-to-left marks, combining characters, astral characters.
fn hostile_text() -> impl Strategy<Value = String> {
    "[<>&\"';,\\\\/ a-z日本é\u{301}\u{200f}\u{2028}\u{85}\u{fffe}\u{ffff}\u{1f600}\u{a0}=+@-]{1,24}"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_are_read_without_panic_and_every_diagnostic_is_located(
        bytes in proptest::collection::vec(any::<u8>(), 0..300),
        pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                "{", "}", "[", "]", ",", ":", "\"", "\"events\": [", "\"id\": ", "\"e\"", "{\"id\": \"a\"}",
                " ", "\n", "\r\n", "\\u0000", "\\ud800", "1e999", "-0", "true", "安", "\u{feff}", "\u{0}",
            ]),
            0..30,
        ),
        splice in any::<bool>(),
    ) {
        let mut input = pieces.concat().into_bytes();
        if splice {
            let at = input.len() / 2;
            input.splice(at..at, bytes);
        }
        checks::reader(&input);
    }

    #[test]
    fn every_pointer_resolves_to_its_value_and_key(value in json_value(), pretty in any::<bool>()) {
        checks::span_map(&value, pretty);
    }

    #[test]
    fn exporters_write_well_formed_files_for_hostile_valid_datasets(
        seed in any::<u64>(),
        records in 30usize..70,
        texts in proptest::collection::vec((any::<usize>(), hostile_text()), 0..12),
    ) {
        if let Some(dataset) = checks::hostile_dataset(&|seed, n, emit| generated(seed, n, emit), seed, records, &texts) {
            checks::exporters(&dataset);
        }
    }
}

#[test]
fn hostile_datasets_are_mostly_valid() {
    // The exporter property would prove nothing if `as_text` let most datasets fail.
    let texts: Vec<(usize, String)> =
        ["<a>&amp;\"'", "=SUM(A1)", " \u{2028}x\u{85} ", "\u{fffe}\u{ffff}", "a,b;\"c\"\r\n"]
            .iter()
            .enumerate()
            .map(|(i, t)| (i * 7, t.to_string()))
            .collect();
    let dataset = checks::hostile_dataset(&|seed, n, emit| generated(seed, n, emit), 1, 40, &texts);
    checks::exporters(&dataset.expect("a valid dataset"));
}
