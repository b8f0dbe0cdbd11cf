//! The static site (`src/export/site.rs`): golden pages for the shared export fixture, and
//! what the pages promise, checked on the fixture, the canonical data and hostile or large
//! datasets: links that resolve, one timeline mark per event, each record's JSON-LD node
//! the JSON-LD export's, text escaped, paging, the same bytes every time.
//! The real browser, axe-core and the screenshots are in tests/conformance/site.py.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use anpo::export::site::{self, PAGE_SIZE, PART_SIZE};
use anpo::export::{Input, OutputFile, Settings, jsonld};
use anpo::model::{Dataset, RecordKind};
use anpo::schema::Dictionary;
use serde_json::Value;

fn export(dataset: &Dataset) -> BTreeMap<String, String> {
    let dictionary = Dictionary::new();
    let settings = Settings::default();
    let files = site::export(&Input { dataset, dictionary: &dictionary, settings: &settings }).expect("the site");
    as_text(files)
}

fn as_text(files: Vec<OutputFile>) -> BTreeMap<String, String> {
    files.into_iter().map(|f| (f.path, String::from_utf8(f.bytes).expect("UTF-8"))).collect()
}

/// Every value of an attribute (`href="…"`) on a page, as written (entities undone).
fn attributes(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&needle) {
        rest = &rest[at + needle.len()..];
        let end = rest.find('"').expect("a closing quote");
        out.push(unescape(&rest[..end]));
        rest = &rest[end..];
    }
    out
}

/// Character references undone: `&#60;` and `&lt;` forms.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').expect("a reference ends with ;");
        let name = &rest[1..end];
        let c = match name {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let n = name.strip_prefix('#').expect("a numeric reference");
                let n = match n.strip_prefix('x') {
                    Some(hex) => u32::from_str_radix(hex, 16),
                    None => n.parse(),
                };
                char::from_u32(n.expect("a number")).expect("a character")
            }
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// `a/b/../c.html` → `a/c.html`; `None` when it leaves the site.
fn resolve(page: &str, href: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for segment in href.split('/') {
        match segment {
            ".." => {
                parts.pop()?;
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Every link of every page resolves to a page of the site, and every `#fragment` to an
/// element of that page; returns how many links were checked. Links out of the site
/// (`../csv/…`, a release's downloads) are returned apart, as are external addresses.
fn check_links(site: &BTreeMap<String, String>) -> (usize, Vec<String>) {
    let mut checked = 0;
    let mut outside = Vec::new();
    let ids: BTreeMap<&str, BTreeSet<String>> =
        site.iter().map(|(path, html)| (path.as_str(), attributes(html, "id").into_iter().collect())).collect();
    for (path, html) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        for href in attributes(html, "href") {
            if href.starts_with("https://") || href.starts_with("http://") {
                continue;
            }
            let (file, fragment) = href.split_once('#').map_or((href.as_str(), None), |(f, x)| (f, Some(x)));
            let target = resolve(path, file);
            match target {
                Some(target) if site.contains_key(&target) => {
                    if let Some(fragment) = fragment {
                        assert!(ids[target.as_str()].contains(fragment), "{path}: {href}: no element with that id");
                    }
                    checked += 1;
                }
                Some(target) => panic!("{path}: {href} → {target}: no such page"),
                None => outside.push(href),
            }
        }
        assert!(attributes(html, "href").iter().any(|h| h.ends_with("index.html")), "{path} links to the index");
        assert!(attributes(html, "href").iter().any(|h| h.ends_with("timeline.html")), "{path} links to the timeline");
    }
    (checked, outside)
}

/// The JSON-LD a page carries.
fn json_ld(html: &str) -> Option<Value> {
    let start = html.find("<script type=\"application/ld+json\">")? + "<script type=\"application/ld+json\">".len();
    let end = start + html[start..].find("</script>").expect("the script ends");
    Some(serde_json::from_str(&html[start..end]).expect("the script is JSON"))
}

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn fixture_golden_pages() {
    let site = export(&common::fixture());
    for (path, text) in &site {
        if path.ends_with(".html") {
            snapshot(&format!("site__fixture__{}", path.replace('/', "__")), text);
        }
    }
    snapshot("site__style.css", &site["style.css"]);
}

#[test]
fn every_link_resolves_and_every_page_links_home_and_to_the_timeline() {
    for dataset in [common::fixture(), common::canonical()] {
        let site = export(&dataset);
        let (checked, outside) = check_links(&site);
        assert!(checked > 100, "{checked} links");
        assert_eq!(outside, Vec::<String>::new(), "an export on its own links nothing outside the site");
    }
}

#[test]
fn every_record_of_a_kind_with_pages_has_one_and_every_article_a_section() {
    let dataset = common::canonical();
    let site = export(&dataset);
    for (kind, index, id) in dataset.records() {
        match kind {
            RecordKind::Article => {
                let instrument = &dataset.articles[index].instrument;
                let page = &site[&format!("instruments/{instrument}.html")];
                assert!(page.contains(&format!("<li id=\"{id}\">")), "{id} on {instrument}'s page");
            }
            _ => assert!(site.contains_key(&format!("{}/{id}.html", kind.collection())), "{id}"),
        }
    }
}

#[test]
fn each_page_carries_its_record_s_node_from_the_json_ld_export() {
    let dataset = common::canonical();
    let dictionary = Dictionary::new();
    let settings = Settings::default();
    let input = Input { dataset: &dataset, dictionary: &dictionary, settings: &settings };
    let graph: Value = serde_json::from_slice(&jsonld::export(&input)[0].bytes).expect("JSON");
    let nodes: BTreeMap<&str, &Value> =
        graph["@graph"].as_array().expect("@graph").iter().map(|n| (n["@id"].as_str().expect("@id"), n)).collect();
    let site = export(&dataset);
    let mut pages = 0;
    for (path, html) in site.iter().filter(|(p, _)| p.contains('/')) {
        let mut node = json_ld(html).unwrap_or_else(|| panic!("{path} carries no JSON-LD"));
        assert_eq!(node["@context"], "../context.jsonld", "{path}");
        node.as_object_mut().expect("an object").remove("@context");
        let id = node["@id"].as_str().expect("@id").to_string();
        let (collection, file) = path.split_once('/').expect("a record page");
        let kind = anpo::model::RecordKind::from_collection(collection).expect("a kind");
        assert_eq!(id, format!("https://w3id.org/anpo/{}/{}", kind.name(), file.trim_end_matches(".html")));
        assert_eq!(&&node, nodes.get(id.as_str()).expect("the node is in the export"), "{path}");
        pages += 1;
    }
    assert_eq!(pages, dataset.records().filter(|(k, _, _)| *k != RecordKind::Article).count());
    // The context the pages reference is the export's.
    let context: Value = serde_json::from_str(&site["context.jsonld"]).expect("JSON");
    assert_eq!(context["@context"], jsonld::context());
}

/// The dated events and the timeline's marks, by href.
fn marks(site: &BTreeMap<String, String>) -> Vec<String> {
    let mut marks = Vec::new();
    for (path, html) in site.iter().filter(|(p, _)| p.starts_with("timeline")) {
        let mut rest = html.as_str();
        while let Some(at) = rest.find("<a class=\"mark ") {
            rest = &rest[at..];
            let tag = &rest[..rest.find('>').expect("tag end")];
            let href = attributes(tag, "href").pop().unwrap_or_else(|| panic!("{path}: a mark without a link"));
            marks.push(href);
            rest = &rest[1..];
        }
    }
    marks.sort();
    marks
}

#[test]
fn the_timeline_has_one_linked_mark_per_event() {
    let dataset = common::canonical();
    let site = export(&dataset);
    let mut expected: Vec<String> = dataset.events.iter().map(|e| format!("events/{}.html", e.id)).collect();
    expected.sort();
    assert_eq!(marks(&site), expected);
    // A year is drawn as a bar, a day as a symbol alone; a qualified date is marked so.
    let timeline = &site["timeline.html"];
    assert!(timeline.contains("<rect class=\"bar\""));
    assert!(timeline.contains("class=\"mark f-") && timeline.contains("qualified\""));
    assert!(timeline.contains("<ol class=\"events\">"), "the text alternative");
}

/// `n` copies of the canonical events, and of its actors, with new ids.
fn large(n: usize) -> Dataset {
    let mut dataset = common::canonical();
    let (events, actors) = (dataset.events.clone(), dataset.actors.clone());
    for i in 0..n {
        let mut event = events[i % events.len()].clone();
        event.id = format!("copy-{i}-{}", event.id);
        dataset.events.push(event);
        let mut actor = actors[i % actors.len()].clone();
        actor.id = format!("copy-{i}-{}", actor.id);
        dataset.actors.push(actor);
    }
    dataset
}

#[test]
fn listings_and_the_timeline_are_paged_at_scale() {
    let dataset = large(2 * PAGE_SIZE);
    let site = export(&dataset);
    let events = dataset.events.len();
    let pages = events.div_ceil(PAGE_SIZE);
    assert_eq!(pages, 3);
    for n in 0..pages {
        let file = if n == 0 { "events.html".to_string() } else { format!("events-{}.html", n + 1) };
        let html = &site[&file];
        assert!(html.contains(&format!("Events, page {} of {pages}", n + 1)), "{file}");
        assert!(html.contains("aria-current=\"page\""), "{file}");
    }
    assert!(!site.contains_key(&format!("events-{}.html", pages + 1)));
    let parts = events.div_ceil(PART_SIZE);
    assert!(
        site.contains_key(&format!("timeline-{parts}.html"))
            && !site.contains_key(&format!("timeline-{}.html", parts + 1))
    );
    assert_eq!(marks(&site).len(), events);
    let rows = |file: &str| site[file].matches("<tr><td>").count();
    assert_eq!(
        (0..pages)
            .map(|n| rows(&if n == 0 { "events.html".into() } else { format!("events-{}.html", n + 1) }))
            .sum::<usize>(),
        events
    );
    check_links(&site);
}

#[test]
fn the_same_data_gives_the_same_bytes_on_any_number_of_threads() {
    let dataset = large(300);
    let one_thread = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a pool");
    let alone = one_thread.install(|| export(&dataset));
    assert_eq!(alone, export(&dataset));
}

/// Text that would be markup, a script, or break out of an attribute, a script element or
/// JSON, in every kind of field a page shows.
const HOSTILE: &str = "</script><script>alert(1)</script><img src=x onerror=alert(2)> \"' & <!-- ]]> \u{202e}";

#[test]
fn hostile_text_is_text_on_every_page() {
    let mut dataset = common::fixture();
    for instrument in &mut dataset.instruments {
        instrument.title.en = format!("{HOSTILE} title");
        instrument.title.ja = Some(format!("{HOSTILE} 題"));
        instrument.summary = HOSTILE.to_string();
    }
    for event in &mut dataset.events {
        event.title = format!("{HOSTILE} event");
        event.summary = HOSTILE.to_string();
    }
    for actor in &mut dataset.actors {
        actor.name.en = HOSTILE.to_string();
    }
    for source in &mut dataset.sources {
        source.attribution = HOSTILE.to_string();
        source.title = HOSTILE.to_string();
    }
    if let Some(meta) = &mut dataset.dataset {
        meta.title = HOSTILE.to_string();
        meta.description = HOSTILE.to_string();
    }
    let site = export(&dataset);
    for (path, html) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        let scripts = html.matches("<script").count();
        let record_page = path.contains('/');
        assert_eq!(scripts, usize::from(record_page), "{path}: only the page's own JSON-LD is a script");
        assert_eq!(html.matches("</script>").count(), scripts, "{path}");
        assert!(!html.contains("<img"), "{path}");
        assert!(!html.contains("<!--"), "{path}");
        if record_page {
            // The JSON-LD still reads back as the data's text.
            let node = json_ld(html).expect("JSON-LD");
            if path.starts_with("events/") {
                assert_eq!(node["description"], HOSTILE, "{path}");
            }
        }
    }
    // An attribute holds the text whole: the quotes in it did not end the attribute.
    let marks = attributes(&site["timeline.html"], "aria-label");
    assert!(
        marks.iter().filter(|label| label.starts_with(&format!("{HOSTILE} event, "))).count() == dataset.events.len()
    );
    // The text appears, escaped, where it is shown.
    let event = site.iter().find(|(p, _)| p.starts_with("events/")).expect("an event page").1;
    let shown = &event[event.find("<h1>").expect("a heading")..];
    assert!(!shown.contains("</script><script>alert(1)"));
    assert!(unescape(shown).contains(&format!("<h1>{HOSTILE} event</h1>")));
}

#[test]
fn japanese_is_marked_as_such() {
    let site = export(&common::canonical());
    let treaty = &site["instruments/treaty-1960.html"];
    assert!(
        treaty.contains("<p class=\"name-ja\" lang=\"ja\">日本国とアメリカ合衆国との間の相互協力及び安全保障条約</p>")
    );
    assert!(treaty.contains("lang=\"ja-Latn\""));
    assert!(treaty.contains("<span lang=\"ja\">安保条約</span> (Common short name in Japan)"));
    assert!(site["index.html"].starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
}
