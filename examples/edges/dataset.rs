//! A small valid dataset at the edges of what the schema accepts, for the conformance
//! script (tests/conformance/run.sh exports it and runs the reference validators on it)
//! and tests/standards.rs (it validates with no warning and exports with exit 0).
//!
//! - **Dates**: every EDTF form anpo accepts (a year, a month, a day, each bare and
//!   with `~`, `?` and `%`; intervals of every pair of precisions; open and unknown starts
//!   and ends, beside qualified dates; decades, centuries, unspecified months and days,
//!   every season, winter into a leap February and into 9999),
//!   at the first and last years the dataset supports (0001 and 9999) and at leap days.
//!   Each form is an event's date, an instrument's signing date and entry into force (so
//!   an Akoma Ntoso document per form a Work IRI can hold: a day, a month or a year; see
//!   src/export/akn.rs), the date of a step in the making of `instrument-0` (so every form
//!   reaches the Akoma Ntoso schema, as a workflow step done by a participant, or as a
//!   lifecycle event where the step names none), a figure's date, a role's start and end,
//!   and a source's publication date.
//! - **Texts**: a text of [`LONG_TEXT`] characters in every script the data uses, with
//!   the characters that need care in CSV, XML, JSON-LD and N-Quads (quotes, commas,
//!   `<&>`, `]]>`, backslashes, U+0085, U+2028, U+2029, right-to-left marks, combining
//!   and astral characters); an id of 80 characters (the schema's limit) and of one.
//! - **Numbers**: counts and article numbers of 1 and 4294967295 (the schema's bounds),
//!   figures of `0`, `-0`, negative, huge, tiny and exponent forms.
//! - **Addresses**: IRIs with userinfo, port, every sub-delimiter, percent-encoding and
//!   non-ASCII letters in host, path, query and fragment.

use serde_json::{Value, json};

/// The length in characters of the longest text.
pub const LONG_TEXT: usize = 100_000;

/// Every date form the schema accepts, at the edges.
pub fn edtf_forms() -> Vec<String> {
    let mut forms = Vec::new();
    for base in ["0001", "0001-01", "0001-01-01", "9999", "9999-12", "9999-12-31", "0004-02-29", "9996-02-29"] {
        for qualifier in ["", "~", "?", "%"] {
            forms.push(format!("{base}{qualifier}"));
        }
    }
    // Intervals of every pair of precisions, qualifiers on either end.
    let starts = ["0001", "0001-01", "0001-01-01"];
    let ends = ["9999", "9999-12", "9999-12-31"];
    let qualifiers = ["", "~", "?", "%"];
    for (i, start) in starts.iter().enumerate() {
        for (j, end) in ends.iter().enumerate() {
            let (a, b) = (qualifiers[(i + j) % 4], qualifiers[(i + 2 * j + 1) % 4]);
            forms.push(format!("{start}{a}/{end}{b}"));
        }
    }
    forms.extend(
        [
            "../0001",
            "../0001-01-01",
            "../9999-12-31%",
            "0001/..",
            "9999/..",
            "9999-12-31~/..",
            "0001/0001",
            "9999-12-31/9999-12-31",
            "9999-12-31/9999",
            "0001/0001-01-01",
            "1960-02-29?/1960-03",
            // Level 1's other forms: unknown ends, unspecified digits, seasons.
            "/0001",
            "/9999-12-31~",
            "0001/",
            "9999-12/",
            "001X",
            "999X",
            "01XX",
            "99XX",
            "0001-XX",
            "9999-XX-XX",
            "0001-01-XX",
            "9999-12-XX",
            "0001-21",
            "0001-24",
            "9999-23",
            // Every season, winter into a leap February and into the last year.
            "0001-22",
            "0001-23",
            "0003-24",
            "9998-24",
            "0001-XX-XX",
            "9999-XX",
            // Qualified ends beside unknown and open ones.
            "0001-01?/",
            "/0001%",
            "0001-01-01~/..",
        ]
        .map(String::from),
    );
    forms
}

/// The data files: (file name, JSON text), each naming the dataset schema.
pub fn files() -> Vec<(String, String)> {
    let forms = edtf_forms();
    let long = long_text();
    let long_id = format!("id{}", "-x9".repeat(26));
    assert_eq!(long_id.len(), 80);

    let sources = json!([
        {
            "id": "s",
            "kind": "database-record",
            "title": "Edges",
            "publisher": "P",
            "attribution": "A",
        },
        {
            "id": "source-first",
            "kind": "encyclopedia-article",
            "title": long,
            "publisher": "出版社 \"Publisher\", <Ltd> & Co.",
            "author": "Ōe, \u{200f}مؤلف\u{200f}; 著者",
            "url": "https://user:p%C3%A4ss@例え.jp:8080/パス/%E3%81%82;p=1!$&'()*+,=:@-._~?q=値&r=/?#断片/?",
            "published": "0001",
            "license": "0BSD",
            "license_url": "http://a",
            "attribution": long,
            "notes": "x\u{2028}y\u{2029}z\u{85}",
        },
        {
            "id": "source-last",
            "kind": "news-report",
            "title": "Last",
            "publisher": "P",
            "url": "https://example.org/!$&'()*+,;=:@-._~%20%7C?a=b;c#f",
            "published": "9999-12-31",
            "license": "CC-BY-SA-4.0",
            "license_url": "https://creativecommons.org/licenses/by-sa/4.0/",
            "attribution": "\u{5d0}\u{5d1} \u{1f600} e\u{301} 𠮷",
        },
    ]);

    let places = json!([
        { "id": "p", "kind": "region", "name": { "en": "P", "ja": "場所", "ja-Latn": "Basho" }, "within": "a", "sources": ["s"] },
        {
            "id": "q", "kind": "city", "name": { "en": long }, "within": "p",
            "description": long, "sources": ["s", "source-first"], "notes": "]]>"
        },
    ]);

    let mut actors = vec![json!({
        "id": "a", "kind": "state", "name": { "en": "A" },
        "aliases": [{ "name": "\"A\", <a>", "lang": "en", "note": long }],
        "sources": ["s"]
    })];
    actors.push(json!({
        "id": long_id, "kind": "person", "name": { "en": "B", "ja": "ビー" },
        "description": long, "part_of": "a",
        "roles": forms.iter().map(|f| json!({ "title": "Role", "organization": "a", "start": f, "end": f })).collect::<Vec<_>>(),
        "sources": ["s"]
    }));
    actors.push(json!({ "id": "0", "kind": "newspaper", "name": { "en": "0" }, "sources": ["s"] }));

    let instrument_kinds =
        ["treaty", "agreement", "agreed-minutes", "status-of-forces-agreement", "statement", "constitution"];
    let mut instruments = Vec::new();
    for (n, form) in forms.iter().enumerate() {
        let mut instrument = json!({
            "id": format!("instrument-{n}"),
            "kind": instrument_kinds[n % instrument_kinds.len()],
            "title": { "en": format!("Instrument {n}") },
            "short_name": format!("I{n}"),
            "signed": { "date": form },
            "entry_into_force": form,
            "summary": format!("Signed {form}."),
            "sources": ["s"]
        });
        if n == 0 {
            instrument["title"] = json!({ "en": long, "ja": "条約", "ja-Latn": "Jōyaku" });
            instrument["aliases"] = json!([{ "name": long, "lang": "ja" }, { "name": "&amp;", "lang": "en" }]);
            instrument["parties"] = json!(["a"]);
            instrument["signed"] = json!({ "date": form, "place": "q", "signatories": [long_id] });
            instrument["article_count"] = json!(4294967295u32);
            instrument["term"] = json!(long);
            instrument["termination"] = json!("<termination/>");
            instrument["relations"] = json!([
                { "kind": "revises-and-replaces", "target": "instrument-1" },
                { "kind": "supplements", "target": "instrument-2", "article": "article-max" },
                { "kind": "implements", "target": "instrument-3" },
                { "kind": "interprets", "target": "instrument-4" }
            ]);
            instrument["concerns"] = json!(["p", "event-0"]);
            instrument["summary"] = json!(long);
            instrument["notes"] = json!(long);
        }
        if n == 1 {
            instrument["article_count"] = json!(1);
        }
        instruments.push(instrument);
    }
    let articles = json!([
        {
            "id": "article-min", "instrument": "instrument-0", "number": 1, "heading": long, "summary": long,
            "topics": ["t"], "concerns": ["a"],
            "quotations": [{ "text": long, "quoted_from": "«»", "source": "source-first" }],
            "sources": ["s"], "notes": long
        },
        {
            "id": "article-max", "instrument": "instrument-2", "number": 4294967295u32, "heading": "H",
            "summary": "S", "sources": ["s"]
        },
    ]);

    let event_kinds = ["signing", "protest", "election", "death", "poll", "statement"];
    let mut events = Vec::new();
    for (n, form) in forms.iter().enumerate() {
        let mut event = json!({
            "id": format!("event-{n}"),
            "kind": event_kinds[n % event_kinds.len()],
            "date": form,
            "title": format!("Event {n}"),
            "summary": format!("On {form}."),
            "sources": ["s"]
        });
        if n == 0 {
            event["date_phrase"] = json!(long);
            event["title"] = json!(long);
            event["summary"] = json!(long);
            event["participants"] = json!([{ "actor": "a", "role": long }, { "actor": long_id, "role": "R" }]);
            event["places"] = json!(["p", "q", "a"]);
            event["instruments"] = json!(["instrument-0"]);
            event["concerns"] = json!(["article-min", "figure-0"]);
            event["notes"] = json!(long);
        }
        events.push(event);
    }
    // Every form as a step in the making of instrument-0: every other one done by an actor.
    let step_kinds = ["legislative-vote", "approval", "cabinet-decision", "exchange-of-ratifications", "promulgation"];
    for (n, form) in forms.iter().enumerate() {
        let mut event = json!({
            "id": format!("step-{n}"),
            "kind": step_kinds[n % step_kinds.len()],
            "date": form,
            "title": format!("Step {n}"),
            "summary": format!("On {form}."),
            "instruments": ["instrument-0"],
            "sources": ["s"]
        });
        if n % 2 == 0 {
            event["participants"] = json!([{ "actor": "a", "role": "Acted" }]);
        }
        events.push(event);
    }

    const QUALIFIERS: [&str; 5] = ["exact", "about", "at-least", "at-most", "less-than"];
    let values = ["0", "-0", "-12.5", "4294967295", "12345678901234567890123", "1e-400", "1E2", "-1.5e+3", "0.000001"];
    let mut figures = Vec::new();
    for (n, value) in values.iter().enumerate() {
        // Numbers keep their text: each value is spliced into the JSON as written.
        let mut figure = json!({
            "id": format!("figure-{n}"),
            "value": "VALUE",
            "unit": "count",
            "qualifier": QUALIFIERS[n % QUALIFIERS.len()],
            "measure": format!("Measure {n}"),
            "about": ["a"],
            "date": forms[n % forms.len()],
            "sources": ["s"]
        });
        if n == 0 {
            figure["measure"] = json!(long);
            figure["notes"] = json!(long);
        }
        figures.push((figure, *value));
    }
    let figures_text = {
        let items: Vec<String> =
            figures.iter().map(|(figure, value)| figure.to_string().replace("\"VALUE\"", value)).collect();
        format!("[{}]", items.join(","))
    };

    let positions = json!([
        {
            "id": "position-for", "stance": "for", "claim": long, "holders": ["a", long_id], "holders_phrase": long,
            "topics": ["t"], "concerns": ["instrument-0"],
            "evidence": (0..values.len()).map(|n| format!("figure-{n}")).collect::<Vec<_>>(),
            "quotations": [{ "text": "\"", "quoted_from": "'", "source": "source-last" }],
            "sources": ["s"], "notes": long
        },
        { "id": "position-against", "stance": "against", "claim": "C", "holders": ["0"], "sources": ["s"] },
    ]);

    let dataset = json!({
        "id": "anpo-edges",
        "title": long,
        "description": long,
        "version": "0.0.0-0.a-b",
        "license": "CC-BY-SA-4.0",
        "license_url": "https://creativecommons.org/licenses/by-sa/4.0/",
        "publisher": "P, \"Q\" & <R>",
        "keywords": [long, "k"],
        "modified": "9999-12-31"
    });

    let schema = "../schema/dataset.schema.json";
    let file = |key: &str, value: &Value| json!({ "$schema": schema, key: value }).to_string();
    let mut out = vec![
        ("dataset.json".to_string(), file("dataset", &dataset)),
        ("sources.json".to_string(), file("sources", &sources)),
        ("places.json".to_string(), file("places", &places)),
        ("actors.json".to_string(), file("actors", &Value::Array(actors))),
        ("instruments.json".to_string(), file("instruments", &Value::Array(instruments))),
        ("articles.json".to_string(), file("articles", &articles)),
        ("events.json".to_string(), file("events", &Value::Array(events))),
        ("positions.json".to_string(), file("positions", &positions)),
    ];
    out.push((
        "figures.json".to_string(),
        format!(r#"{{"$schema":{},"figures":{figures_text}}}"#, Value::from(schema)),
    ));
    out
}

/// [`LONG_TEXT`] characters of valid free text: it starts and ends with a letter, and holds
/// every character that needs care in some export.
///
/// The quotes come once, at the start: Python's `csv.Sniffer`, which frictionless runs on
/// the first lines of every table, takes time quadratic in the length of a line for each
/// quote in it (five minutes for this dataset with a quote every hundred characters).
pub fn long_text() -> String {
    let hostile = "Anpo \"quoted\", 'single' <b>&amp;</b> ]]> \\ {x}|y^`z` ";
    let piece = "安保条約 <b>&amp;</b> ]]> \\ {x}|y^ \u{85}\u{2028}\u{2029} \u{200f}עברית\u{200e} e\u{301} 𠮷 \
                 \u{1f1ef}\u{1f1f5} \u{fffd}, ; ";
    let mut text = String::from(hostile);
    while text.chars().count() < LONG_TEXT - 1 {
        text.push_str(piece);
    }
    let mut text: String = text.chars().take(LONG_TEXT - 1).collect();
    text = text.trim_end().to_string();
    while text.chars().count() < LONG_TEXT {
        text.push('z');
    }
    text
}
