//! The static site: the dataset as web pages that read from disk (`file://`) or any static
//! host, with no server, no network and no script.
//!
//! # Format
//!
//! ```text
//! index.html               what the dataset is, counts per kind, licence, downloads, how to cite
//! timeline.html            every event on a time axis (inline SVG) and as a list, in date order;
//! timeline-2.html …        further parts of PART_SIZE events each, at scale
//! instruments.html …       one listing per kind (instruments, events, actors, places,
//!                          figures, positions, sources), PAGE_SIZE rows a page:
//!                          `events.html`, `events-2.html`, …; sources with their attributions
//! instruments/{id}.html …  one page per record of those kinds; an article is a section of its
//!                          instrument's page (`instruments/{id}.html#{article id}`)
//! style.css                the one stylesheet
//! context.jsonld           the JSON-LD context, which every record page's JSON-LD references
//! ```
//!
//! Every link is relative, so the folder can move. Every record page carries its record's
//! JSON-LD in `<script type="application/ld+json">`: the node the JSON-LD exporter writes
//! for it ([`jsonld::Nodes`]), with the same `@id`, and `"@context": "../context.jsonld"`.
//! Every reference in the data is a link to the page of what it names. Japanese names are
//! marked `lang="ja"`, romanizations `lang="ja-Latn"`, and an alias by its own language.
//!
//! In a release, [`write_each`] is also given the release's other files (from its
//! manifest): the index lists each with its size and SHA-256 (on `downloads.html`, paged,
//! when there are more than fit a page), links to it (`../csv/events.csv`) and shows
//! `CITATION.cff`.
//!
//! The pages are made with askama templates (`templates/site/`), checked when anpo is
//! compiled, which escape every value for HTML; JSON-LD goes through askama's `json`
//! filter, which escapes `<`, `>`, `&` and `'` for a script element. The same data gives
//! the same bytes.

mod dates;
mod timeline;

use crate::edtf::Edtf;
use crate::export::{ExportError, Format, Input, OutputFile, jsonld};
use crate::model::{Dataset, Lang, Names, Quotation, RecordKind};
use askama::Template;
use dates::Shown;
use rayon::prelude::*;
use serde_json::value::RawValue;
use std::collections::HashMap;
use std::sync::Mutex;

/// Rows on one listing page.
pub const PAGE_SIZE: usize = 1000;
/// Events on one part of the timeline.
pub const PART_SIZE: usize = 500;

/// The stylesheet, one small file.
pub const STYLE: &str = include_str!("../../templates/site/style.css");

/// The kinds that have a page per record, with their listing's file stem and heading.
const KINDS: [(RecordKind, &str); 7] = [
    (RecordKind::Instrument, "Instruments"),
    (RecordKind::Event, "Events"),
    (RecordKind::Actor, "Actors"),
    (RecordKind::Place, "Places"),
    (RecordKind::Figure, "Figures"),
    (RecordKind::Position, "Positions"),
    (RecordKind::Source, "Sources"),
];

/// One other file of a release, as its manifest lists it.
#[derive(Debug, Clone)]
pub struct Download<'a> {
    /// Relative to the release's folder, `/`-separated.
    pub path: &'a str,
    pub size: u64,
    pub sha256: &'a str,
    pub media_type: &'a str,
}

/// What the site shows of the release it is part of.
#[derive(Debug, Clone)]
pub struct Release<'a> {
    pub downloads: Vec<Download<'a>>,
    /// The path and text of its citation file (`CITATION.cff`).
    pub citation: Option<(&'a str, &'a str)>,
}

/// The exporter: every page, outside a release (no downloads), sorted by path.
pub fn export(input: &Input) -> Result<Vec<OutputFile>, ExportError> {
    let files = Mutex::new(front(input, None)?);
    write_pages(input, &|file| {
        files.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok::<(), ExportError>(())
    })?;
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Makes every page but the index and the list of downloads ([`front`]) and hands each to
/// `put` as soon as it is made (from any thread, in no fixed order), so that no more than a
/// few pages are held at once. None of them depends on the release's other files, so a
/// release makes them beside the other exporters.
pub fn write_pages<E: Send + From<ExportError>>(
    input: &Input,
    put: &(dyn Fn(OutputFile) -> Result<(), E> + Sync),
) -> Result<(), E> {
    let site = Site::new(input);
    put(OutputFile { path: "style.css".into(), bytes: STYLE.as_bytes().to_vec() })?;
    put(OutputFile { path: "context.jsonld".into(), bytes: jsonld::context_document() })?;
    let parts = site.event_order.len().div_ceil(PART_SIZE).max(1);
    (0..parts).into_par_iter().try_for_each(|part| put(site.timeline(part, parts)?))?;
    for (kind, heading) in KINDS {
        let order = site.order(kind);
        let pages = order.len().div_ceil(PAGE_SIZE).max(1);
        (0..pages).into_par_iter().try_for_each(|page| put(site.listing(kind, heading, &order, page, pages)?))?;
        (0..site.shell.dataset.count(kind))
            .into_par_iter()
            .with_min_len(64)
            .try_for_each(|index| put(site.record(kind, index)?))?;
    }
    Ok(())
}

/// `index.html`, and `downloads.html` with its further pages when the release's files do
/// not fit on the index: the pages that list the release's other files.
pub fn front(input: &Input, release: Option<&Release>) -> Result<Vec<OutputFile>, ExportError> {
    let shell = Shell::new(input.dataset);
    let mut files = vec![shell.index(release)?];
    files.extend(shell.downloads(release)?);
    Ok(files)
}

/// A link to a page of the site (or, for a reference the data does not resolve, which
/// validated data never has, plain text).
#[derive(Debug, Clone)]
struct Link {
    href: Option<String>,
    text: String,
    lang: Option<&'static str>,
}

/// A value on a record page.
#[derive(Debug, Clone)]
enum Value {
    Text(String),
    /// A name in a known language, with a note in English.
    Lang(String, &'static str, Option<String>),
    Date(Shown),
    Links(Vec<Link>),
    /// An address outside the site (a source's URL, a licence).
    External(String),
}

#[derive(Debug, Clone)]
struct Fact {
    label: &'static str,
    value: Value,
}

fn fact(label: &'static str, value: Value) -> Fact {
    Fact { label, value }
}

/// A quotation, as the source has it.
#[derive(Debug, Clone)]
struct Quote {
    text: String,
    lang: Option<&'static str>,
    quoted_from: String,
    source: Link,
}

/// One item of a section of a record page.
#[derive(Debug, Clone, Default)]
struct Entry {
    /// The item's own heading and anchor (an article).
    heading: Option<String>,
    anchor: Option<String>,
    link: Option<Link>,
    date: Option<Shown>,
    text: Option<String>,
    facts: Vec<Fact>,
    quotes: Vec<Quote>,
}

#[derive(Debug, Clone)]
struct Section {
    heading: &'static str,
    entries: Vec<Entry>,
}

/// What every page has: its title, the way to the site's root, its JSON-LD.
struct Common<'a> {
    site: &'a str,
    title: String,
    /// `""` for a page at the top, `"../"` for a record's page.
    root: &'static str,
    json_ld: Option<Box<RawValue>>,
    nav: &'static [(&'static str, &'static str)],
    footer: String,
}

const NAV: &[(&str, &str)] = &[
    ("timeline.html", "Timeline"),
    ("instruments.html", "Instruments"),
    ("events.html", "Events"),
    ("actors.html", "Actors"),
    ("places.html", "Places"),
    ("figures.html", "Figures"),
    ("positions.html", "Positions"),
    ("sources.html", "Sources"),
];

#[derive(Template)]
#[template(path = "site/record.html")]
struct RecordPage<'a> {
    page: Common<'a>,
    kind: &'static str,
    heading: String,
    names: Option<&'a Names>,
    facts: Vec<Fact>,
    summary: Option<String>,
    quotes: Vec<Quote>,
    sections: Vec<Section>,
    sources: Vec<Link>,
    notes: Option<&'a str>,
}

#[derive(Debug, Clone)]
struct PageLink {
    href: String,
    label: String,
    current: bool,
}

#[derive(Debug, Clone)]
struct Row {
    link: Link,
    date: Option<Shown>,
    detail: String,
    extra: Option<String>,
}

#[derive(Template)]
#[template(path = "site/listing.html")]
struct ListingPage<'a> {
    page: Common<'a>,
    heading: String,
    pages: Vec<PageLink>,
    rows: Vec<Row>,
    extra_heading: &'static str,
}

#[derive(Debug, Clone)]
struct Legend {
    class: &'static str,
    shape: &'static str,
    points: String,
    name: &'static str,
}

/// One drawing of the timeline: a run of events on an axis of their own.
#[derive(Debug, Clone)]
struct Drawing {
    range: String,
    count: usize,
    chart: timeline::Chart,
}

#[derive(Template)]
#[template(path = "site/timeline.html")]
struct TimelinePage<'a> {
    page: Common<'a>,
    heading: String,
    pages: Vec<PageLink>,
    charts: Vec<Drawing>,
    legend: Vec<Legend>,
    rows: Vec<Row>,
    range: String,
}

#[derive(Debug, Clone)]
struct Count {
    label: &'static str,
    count: usize,
    href: Option<String>,
}

#[derive(Debug, Clone)]
struct FileRow {
    href: String,
    path: String,
    size: String,
    sha256: String,
    media_type: String,
}

#[derive(Template)]
#[template(path = "site/index.html")]
struct IndexPage<'a> {
    page: Common<'a>,
    heading: String,
    description: Option<&'a str>,
    facts: Vec<Fact>,
    counts: Vec<Count>,
    in_release: bool,
    /// Every download, when they fit on the index.
    files: Vec<FileRow>,
    /// Otherwise, the pages that list them.
    file_pages: Vec<PageLink>,
    file_count: usize,
    citation: Option<String>,
    cff: Option<(&'a str, &'a str)>,
    sources: usize,
}

#[derive(Template)]
#[template(path = "site/downloads.html")]
struct DownloadsPage<'a> {
    page: Common<'a>,
    heading: String,
    pages: Vec<PageLink>,
    files: Vec<FileRow>,
}

/// An event's date, read once: as the pages show it, and what the timeline and the date
/// order need (its first and last days as day numbers, how its ends end, its qualifier).
struct EventDate {
    shown: Shown,
    first: Option<i64>,
    last: Option<i64>,
    start: timeline::Edge,
    end: timeline::Edge,
    qualified: bool,
}

impl EventDate {
    fn of(text: &str) -> EventDate {
        let edtf = Edtf::parse(text).ok();
        let (first, last, start, end) = timeline::Item::span(edtf.as_ref());
        EventDate {
            shown: dates::shown_parsed(text, edtf.as_ref()),
            first,
            last,
            start,
            end,
            qualified: edtf.as_ref().is_some_and(dates::is_qualified),
        }
    }
}

/// What every page shows of the dataset: its title, and the footer.
struct Shell<'a> {
    dataset: &'a Dataset,
    title: &'a str,
    footer: String,
}

/// The look-ups the pages of records need, built once.
struct Site<'a> {
    shell: Shell<'a>,
    /// Each id's kind and index (the first record of an id, were there two).
    ids: HashMap<&'a str, (RecordKind, usize)>,
    /// An instrument's articles, by number then id.
    articles_of: HashMap<&'a str, Vec<usize>>,
    /// The events that name an instrument, an actor (as participant) or a place, in date order.
    events_of: HashMap<&'a str, Vec<usize>>,
    /// The figures about a record, by id.
    figures_about: HashMap<&'a str, Vec<usize>>,
    /// The actors part of an actor, the places within a place.
    members: HashMap<&'a str, Vec<(RecordKind, usize)>>,
    /// Every event, in date order (first day, last day, id).
    event_order: Vec<usize>,
    event_dates: Vec<EventDate>,
    nodes: jsonld::Nodes<'a>,
}

fn internal(message: String) -> ExportError {
    ExportError { format: Format::Site, message }
}

fn render(template: &impl Template, path: String) -> Result<OutputFile, ExportError> {
    let text = template.render().map_err(|e| internal(format!("{path}: {e}")))?;
    Ok(OutputFile { path, bytes: text.into_bytes() })
}

/// The language of a free text the data does not tag: Japanese when it is written in
/// Japanese script alone (kana or kanji, with no Latin letter), else unknown.
fn text_lang(text: &str) -> Option<&'static str> {
    let japanese = |c: char| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}');
    (text.chars().any(japanese) && !text.chars().any(|c| c.is_ascii_alphabetic())).then_some("ja")
}

fn lang_tag(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Ja => "ja",
        Lang::JaLatn => "ja-Latn",
    }
}

fn sort_unique(list: &mut Vec<usize>, key: impl Fn(usize) -> usize) {
    list.sort_by_key(|&i| key(i));
    list.dedup();
}

impl<'a> Shell<'a> {
    fn file_rows(&self, release: Option<&Release>) -> Vec<FileRow> {
        let Some(release) = release else { return Vec::new() };
        release
            .downloads
            .iter()
            .map(|f| FileRow {
                href: format!("../{}", percent_path(f.path)),
                path: f.path.to_string(),
                size: size_text(f.size),
                sha256: f.sha256.to_string(),
                media_type: f.media_type.to_string(),
            })
            .collect()
    }

    /// `downloads.html` and its further pages, when the release has more files than fit on
    /// the index.
    fn downloads(&self, release: Option<&Release>) -> Result<Vec<OutputFile>, ExportError> {
        let rows = self.file_rows(release);
        if rows.len() <= PAGE_SIZE {
            return Ok(Vec::new());
        }
        let pages = rows.len().div_ceil(PAGE_SIZE);
        rows.chunks(PAGE_SIZE)
            .enumerate()
            .map(|(n, files)| {
                let heading = format!("Downloads, page {} of {pages}", n + 1);
                let page = DownloadsPage {
                    page: self.common(heading.clone(), "", None),
                    heading,
                    pages: page_links("downloads", n, pages, |n| (n + 1).to_string()),
                    files: files.to_vec(),
                };
                render(&page, page_file("downloads", n))
            })
            .collect()
    }

    fn index(&self, release: Option<&Release>) -> Result<OutputFile, ExportError> {
        let d = self.dataset;
        let meta = d.dataset.as_ref();
        let mut facts = Vec::new();
        let mut citation = None;
        if let Some(m) = meta {
            facts.push(fact("Version", Value::Text(m.version.clone())));
            facts.push(fact("Data as of", Value::Date(dates::shown(&m.modified))));
            facts.push(fact("Publisher", Value::Text(m.publisher.clone())));
            facts.push(fact("Licence", Value::Text(m.license.clone())));
            facts.push(fact("Licence text", Value::External(m.license_url.clone())));
            if !m.keywords.is_empty() {
                let words =
                    m.keywords.iter().map(|k| Link { href: None, text: k.clone(), lang: text_lang(k) }).collect();
                facts.push(fact("Keywords", Value::Links(words)));
            }
            let year = m.modified.get(..4).unwrap_or(&m.modified);
            citation = Some(format!("{} ({year}). {}, version {} [Data set].", m.publisher, m.title, m.version));
        }
        let mut counts: Vec<Count> = KINDS
            .iter()
            .map(|&(kind, label)| Count { label, count: d.count(kind), href: Some(page_file(kind.collection(), 0)) })
            .collect();
        counts.insert(1, Count { label: "Articles", count: d.articles.len(), href: None });
        let rows = self.file_rows(release);
        let file_count = rows.len();
        let (files, file_pages) = if rows.len() <= PAGE_SIZE {
            (rows, Vec::new())
        } else {
            let pages = rows.len().div_ceil(PAGE_SIZE);
            (
                Vec::new(),
                (0..pages)
                    .map(|n| PageLink { href: page_file("downloads", n), label: (n + 1).to_string(), current: false })
                    .collect(),
            )
        };
        let page = IndexPage {
            page: self.common(self.title.to_string(), "", None),
            heading: self.title.to_string(),
            description: meta.map(|m| m.description.as_str()),
            facts,
            counts,
            in_release: release.is_some(),
            files,
            file_pages,
            file_count,
            citation,
            cff: release.and_then(|r| r.citation),
            sources: d.sources.len(),
        };
        render(&page, "index.html".to_string())
    }

    fn new(d: &'a Dataset) -> Shell<'a> {
        let title = d.dataset.as_ref().map_or("Anpo dataset", |m| m.title.as_str());
        let footer = match &d.dataset {
            Some(m) => format!(
                "{}, version {} ({}), published by {} under {}.",
                m.title, m.version, m.modified, m.publisher, m.license
            ),
            None => String::from("Made with anpo."),
        };
        Shell { dataset: d, title, footer }
    }

    fn common(&self, title: String, root: &'static str, json_ld: Option<Box<RawValue>>) -> Common<'a> {
        Common { site: self.title, title, root, json_ld, nav: NAV, footer: self.footer.clone() }
    }
}

impl<'a> Site<'a> {
    fn new(input: &'a Input<'a>) -> Site<'a> {
        let d = input.dataset;
        let mut ids = HashMap::with_capacity(d.records().size_hint().0);
        for (kind, index, id) in d.records() {
            ids.entry(id).or_insert((kind, index));
        }
        let event_dates: Vec<EventDate> = d.events.par_iter().map(|e| EventDate::of(&e.date)).collect();
        let mut event_order: Vec<usize> = (0..d.events.len()).collect();
        event_order.par_sort_by(|&a, &b| {
            let key = |i: usize| {
                let EventDate { first, last, .. } = event_dates[i];
                (first.or(last), last.or(first), d.events[i].id.as_str())
            };
            key(a).cmp(&key(b))
        });
        let mut rank = vec![0; d.events.len()];
        for (position, &i) in event_order.iter().enumerate() {
            rank[i] = position;
        }

        let mut articles_of: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, a) in d.articles.iter().enumerate() {
            articles_of.entry(a.instrument.as_str()).or_default().push(i);
        }
        for list in articles_of.values_mut() {
            list.sort_by(|&a, &b| {
                let (a, b) = (&d.articles[a], &d.articles[b]);
                (a.number.is_none(), a.number, &a.id).cmp(&(b.number.is_none(), b.number, &b.id))
            });
        }
        let mut events_of: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, e) in d.events.iter().enumerate() {
            let named = e.instruments.iter().chain(e.places.iter()).chain(e.participants.iter().map(|p| &p.actor));
            for id in named {
                events_of.entry(id.as_str()).or_default().push(i);
            }
        }
        events_of.par_iter_mut().for_each(|(_, list)| sort_unique(list, |i| rank[i]));
        let mut figures_about: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, f) in d.figures.iter().enumerate() {
            for id in &f.about {
                figures_about.entry(id.as_str()).or_default().push(i);
            }
        }
        figures_about.par_iter_mut().for_each(|(_, list)| sort_unique(list, |i| i));
        let mut members: HashMap<&str, Vec<(RecordKind, usize)>> = HashMap::new();
        for (i, a) in d.actors.iter().enumerate() {
            if let Some(parent) = &a.part_of {
                members.entry(parent.as_str()).or_default().push((RecordKind::Actor, i));
            }
        }
        for (i, p) in d.places.iter().enumerate() {
            if let Some(parent) = &p.within {
                members.entry(parent.as_str()).or_default().push((RecordKind::Place, i));
            }
        }
        Site {
            shell: Shell::new(d),
            ids,
            articles_of,
            events_of,
            figures_about,
            members,
            event_order,
            event_dates,
            nodes: jsonld::Nodes::new(d, &input.settings.base_iri),
        }
    }

    fn common(&self, title: String, root: &'static str, json_ld: Option<Box<RawValue>>) -> Common<'a> {
        self.shell.common(title, root, json_ld)
    }

    /// The page of a record of a kind that has pages, relative to the site's root.
    fn path(&self, kind: RecordKind, index: usize) -> String {
        let d = self.shell.dataset;
        match kind {
            RecordKind::Article => {
                let article = &d.articles[index];
                format!("instruments/{}.html#{}", article.instrument, article.id)
            }
            _ => format!("{}/{}.html", kind.collection(), d.id_of(kind, index)),
        }
    }

    /// What a record is called in a link.
    fn label(&self, kind: RecordKind, index: usize) -> (String, Option<&'static str>) {
        let d = self.shell.dataset;
        let text = match kind {
            RecordKind::Instrument => d.instruments[index].title.en.clone(),
            RecordKind::Article => {
                let a = &d.articles[index];
                let instrument = match self.ids.get(a.instrument.as_str()) {
                    Some(&(RecordKind::Instrument, i)) => d.instruments[i].short_name.as_str(),
                    _ => a.instrument.as_str(),
                };
                match a.number {
                    Some(n) => format!("{instrument}, Article {n}: {}", a.heading),
                    None => format!("{instrument}: {}", a.heading),
                }
            }
            RecordKind::Event => d.events[index].title.clone(),
            RecordKind::Actor => d.actors[index].name.en.clone(),
            RecordKind::Place => d.places[index].name.en.clone(),
            RecordKind::Figure => {
                let f = &d.figures[index];
                format!("{}: {} {}", f.measure, f.value, f.unit.as_str())
            }
            RecordKind::Position => d.positions[index].claim.clone(),
            RecordKind::Source => d.sources[index].title.clone(),
        };
        let lang = text_lang(&text);
        (text, lang)
    }

    fn link_to(&self, kind: RecordKind, index: usize, root: &str) -> Link {
        let (text, lang) = self.label(kind, index);
        Link { href: Some(format!("{root}{}", self.path(kind, index))), text, lang }
    }

    /// A link to the record an id names.
    fn link(&self, id: &str, root: &str) -> Link {
        match self.ids.get(id) {
            Some(&(kind, index)) => self.link_to(kind, index, root),
            None => Link { href: None, text: id.to_string(), lang: None },
        }
    }

    fn links(&self, ids: &[String], root: &str) -> Vec<Link> {
        ids.iter().map(|id| self.link(id, root)).collect()
    }

    fn quotes(&self, quotations: &[Quotation], root: &str) -> Vec<Quote> {
        quotations
            .iter()
            .map(|q| Quote {
                text: q.text.clone(),
                lang: text_lang(&q.text),
                quoted_from: q.quoted_from.clone(),
                source: self.link(&q.source, root),
            })
            .collect()
    }

    fn json_ld(&self, kind: RecordKind, index: usize) -> Result<Box<RawValue>, ExportError> {
        let bytes = self.nodes.document(kind, index, "../context.jsonld");
        let text = String::from_utf8(bytes).map_err(|e| internal(e.to_string()))?;
        RawValue::from_string(text).map_err(|e| internal(e.to_string()))
    }

    fn event_entries(&self, id: &str, root: &str) -> Vec<Entry> {
        let Some(events) = self.events_of.get(id) else { return Vec::new() };
        events
            .iter()
            .map(|&i| Entry {
                link: Some(self.link_to(RecordKind::Event, i, root)),
                date: Some(self.event_dates[i].shown.clone()),
                text: Some(self.shell.dataset.events[i].kind.as_str().to_string()),
                ..Entry::default()
            })
            .collect()
    }

    fn figure_entries(&self, id: &str, root: &str) -> Vec<Entry> {
        let Some(figures) = self.figures_about.get(id) else { return Vec::new() };
        figures
            .iter()
            .map(|&i| Entry { link: Some(self.link_to(RecordKind::Figure, i, root)), ..Entry::default() })
            .collect()
    }

    fn member_entries(&self, id: &str, root: &str) -> Vec<Entry> {
        let Some(members) = self.members.get(id) else { return Vec::new() };
        members.iter().map(|&(k, i)| Entry { link: Some(self.link_to(k, i, root)), ..Entry::default() }).collect()
    }

    fn record(&self, kind: RecordKind, index: usize) -> Result<OutputFile, ExportError> {
        let d = self.shell.dataset;
        let root = "../";
        let id = d.id_of(kind, index);
        let links = |ids: &[String]| self.links(ids, root);
        let text = |t: &str| Value::Text(t.to_string());
        let mut facts = Vec::new();
        let mut sections: Vec<Section> = Vec::new();
        let mut section = |heading: &'static str, entries: Vec<Entry>| {
            if !entries.is_empty() {
                sections.push(Section { heading, entries });
            }
        };
        let (kind_name, heading, names, summary, quotes, sources, notes): (_, _, _, _, _, &[String], _) = match kind {
            RecordKind::Instrument => {
                let r = &d.instruments[index];
                facts.push(fact("Kind", text(r.kind.as_str())));
                facts.push(fact("Short name", text(&r.short_name)));
                for alias in &r.aliases {
                    let value = Value::Lang(alias.name.clone(), lang_tag(alias.lang), alias.note.clone());
                    facts.push(fact("Also called", value));
                }
                if !r.parties.is_empty() {
                    facts.push(fact("Parties", Value::Links(links(&r.parties))));
                }
                if let Some(signed) = &r.signed {
                    facts.push(fact("Signed", Value::Date(dates::shown(&signed.date))));
                    if let Some(place) = &signed.place {
                        facts.push(fact("Signed at", Value::Links(vec![self.link(place, root)])));
                    }
                    if !signed.signatories.is_empty() {
                        facts.push(fact("Signatories", Value::Links(links(&signed.signatories))));
                    }
                }
                if let Some(date) = &r.entry_into_force {
                    facts.push(fact("In force", Value::Date(dates::shown(date))));
                }
                if let Some(n) = r.article_count {
                    facts.push(fact("Articles", Value::Text(n.to_string())));
                }
                if let Some(term) = &r.term {
                    facts.push(fact("Term", text(term)));
                }
                if let Some(termination) = &r.termination {
                    facts.push(fact("Termination", text(termination)));
                }
                for relation in &r.relations {
                    let mut targets = vec![self.link(&relation.target, root)];
                    if let Some(article) = &relation.article {
                        targets.push(self.link(article, root));
                    }
                    let label = match relation.kind {
                        crate::model::RelationKind::RevisesAndReplaces => "Revises and replaces",
                        crate::model::RelationKind::Implements => "Implements",
                        crate::model::RelationKind::Supplements => "Supplements",
                        crate::model::RelationKind::Interprets => "Interprets",
                    };
                    facts.push(fact(label, Value::Links(targets)));
                }
                if !r.concerns.is_empty() {
                    facts.push(fact("Concerns", Value::Links(links(&r.concerns))));
                }
                let articles = self.articles_of.get(r.id.as_str()).map(Vec::as_slice).unwrap_or(&[]);
                section(
                    "Articles",
                    articles
                        .iter()
                        .map(|&i| {
                            let a = &d.articles[i];
                            let mut facts = Vec::new();
                            if !a.topics.is_empty() {
                                facts.push(fact("Topics", Value::Text(a.topics.join(", "))));
                            }
                            if !a.concerns.is_empty() {
                                facts.push(fact("Concerns", Value::Links(links(&a.concerns))));
                            }
                            if !a.sources.is_empty() {
                                facts.push(fact("Sources", Value::Links(links(&a.sources))));
                            }
                            if let Some(notes) = &a.notes {
                                facts.push(fact("Notes", text(notes)));
                            }
                            let heading = match a.number {
                                Some(n) => format!("Article {n}: {}", a.heading),
                                None => a.heading.clone(),
                            };
                            Entry {
                                heading: Some(heading),
                                anchor: Some(a.id.clone()),
                                text: Some(a.summary.clone()),
                                facts,
                                quotes: self.quotes(&a.quotations, root),
                                ..Entry::default()
                            }
                        })
                        .collect(),
                );
                section("Events", self.event_entries(&r.id, root));
                section("Figures about it", self.figure_entries(&r.id, root));
                (
                    "Instrument",
                    r.title.en.clone(),
                    Some(&r.title),
                    Some(r.summary.clone()),
                    vec![],
                    &r.sources,
                    &r.notes,
                )
            }
            RecordKind::Event => {
                let r = &d.events[index];
                facts.push(fact("Kind", text(r.kind.as_str())));
                facts.push(fact("Date", Value::Date(self.event_dates[index].shown.clone())));
                if let Some(phrase) = &r.date_phrase {
                    facts.push(fact("As the source dates it", text(phrase)));
                }
                if !r.places.is_empty() {
                    facts.push(fact("Places", Value::Links(links(&r.places))));
                }
                if !r.instruments.is_empty() {
                    facts.push(fact("Instruments", Value::Links(links(&r.instruments))));
                }
                if !r.concerns.is_empty() {
                    facts.push(fact("Concerns", Value::Links(links(&r.concerns))));
                }
                section(
                    "Participants",
                    r.participants
                        .iter()
                        .map(|p| Entry {
                            link: Some(self.link(&p.actor, root)),
                            text: Some(p.role.clone()),
                            ..Entry::default()
                        })
                        .collect(),
                );
                section("Figures about it", self.figure_entries(&r.id, root));
                ("Event", r.title.clone(), None, Some(r.summary.clone()), vec![], &r.sources, &r.notes)
            }
            RecordKind::Actor => {
                let r = &d.actors[index];
                facts.push(fact("Kind", text(r.kind.as_str())));
                for alias in &r.aliases {
                    let value = Value::Lang(alias.name.clone(), lang_tag(alias.lang), alias.note.clone());
                    facts.push(fact("Also called", value));
                }
                if let Some(parent) = &r.part_of {
                    facts.push(fact("Part of", Value::Links(vec![self.link(parent, root)])));
                }
                let mut roles: Vec<&crate::model::Role> = r.roles.iter().collect();
                let first = |role: &crate::model::Role| {
                    role.start.as_deref().and_then(|s| dates::shown(s).first).unwrap_or_default()
                };
                roles.sort_by_key(|role| first(role));
                section(
                    "Roles over time",
                    roles
                        .into_iter()
                        .map(|role| {
                            let mut facts = Vec::new();
                            if let Some(org) = &role.organization {
                                facts.push(fact("Organization", Value::Links(vec![self.link(org, root)])));
                            }
                            if let Some(start) = &role.start {
                                facts.push(fact("From", Value::Date(dates::shown(start))));
                            }
                            if let Some(end) = &role.end {
                                facts.push(fact("To", Value::Date(dates::shown(end))));
                            }
                            Entry { text: Some(role.title.clone()), facts, ..Entry::default() }
                        })
                        .collect(),
                );
                section("Events", self.event_entries(&r.id, root));
                section("Members", self.member_entries(&r.id, root));
                section("Figures about it", self.figure_entries(&r.id, root));
                ("Actor", r.name.en.clone(), Some(&r.name), r.description.clone(), vec![], &r.sources, &r.notes)
            }
            RecordKind::Place => {
                let r = &d.places[index];
                facts.push(fact("Kind", text(r.kind.as_str())));
                if let Some(within) = &r.within {
                    facts.push(fact("Within", Value::Links(vec![self.link(within, root)])));
                }
                section("Events here", self.event_entries(&r.id, root));
                section("Places within", self.member_entries(&r.id, root));
                section("Figures about it", self.figure_entries(&r.id, root));
                ("Place", r.name.en.clone(), Some(&r.name), r.description.clone(), vec![], &r.sources, &r.notes)
            }
            RecordKind::Figure => {
                let r = &d.figures[index];
                facts.push(fact("Value", Value::Text(format!("{} {}", r.value, r.unit.as_str()))));
                facts.push(fact("Qualifier", text(r.qualifier.as_str())));
                if let Some(date) = &r.date {
                    facts.push(fact("Date", Value::Date(dates::shown(date))));
                }
                if !r.about.is_empty() {
                    facts.push(fact("About", Value::Links(links(&r.about))));
                }
                let heading = format!("{} {}", r.value, r.unit.as_str());
                ("Figure", heading, None, Some(r.measure.clone()), vec![], &r.sources, &r.notes)
            }
            RecordKind::Position => {
                let r = &d.positions[index];
                facts.push(fact("Stance", text(r.stance.as_str())));
                if !r.holders.is_empty() {
                    facts.push(fact("Held by", Value::Links(links(&r.holders))));
                }
                if let Some(phrase) = &r.holders_phrase {
                    facts.push(fact("Held by, as the source says", text(phrase)));
                }
                if !r.topics.is_empty() {
                    facts.push(fact("Topics", Value::Text(r.topics.join(", "))));
                }
                if !r.concerns.is_empty() {
                    facts.push(fact("Concerns", Value::Links(links(&r.concerns))));
                }
                section(
                    "Evidence",
                    r.evidence.iter().map(|e| Entry { link: Some(self.link(e, root)), ..Entry::default() }).collect(),
                );
                section("Figures about it", self.figure_entries(&r.id, root));
                ("Position", r.claim.clone(), None, None, self.quotes(&r.quotations, root), &r.sources, &r.notes)
            }
            RecordKind::Source => {
                let r = &d.sources[index];
                facts.push(fact("Kind", text(r.kind.as_str())));
                facts.push(fact("Publisher", text(&r.publisher)));
                if let Some(author) = &r.author {
                    facts.push(fact("Author", text(author)));
                }
                if let Some(url) = &r.url {
                    facts.push(fact("Address", Value::External(url.clone())));
                }
                if let Some(published) = &r.published {
                    facts.push(fact("Published", Value::Date(dates::shown(published))));
                }
                if let Some(license) = &r.license {
                    facts.push(fact("Licence", text(license)));
                }
                if let Some(url) = &r.license_url {
                    facts.push(fact("Licence text", Value::External(url.clone())));
                }
                facts.push(fact("Attribution", text(&r.attribution)));
                ("Source", r.title.clone(), None, None, vec![], &[] as &[String], &r.notes)
            }
            RecordKind::Article => return Err(internal(format!("an article has no page of its own: {id}"))),
        };
        let json_ld = self.json_ld(kind, index)?;
        let page = RecordPage {
            page: self.common(heading.clone(), root, Some(json_ld)),
            kind: kind_name,
            heading,
            names,
            facts,
            summary,
            quotes,
            sections,
            sources: links(sources),
            notes: notes.as_deref(),
        };
        render(&page, format!("{}/{id}.html", kind.collection()))
    }

    /// The order of a kind's listing: events by date, the others by what their links say,
    /// then id.
    fn order(&self, kind: RecordKind) -> Vec<usize> {
        let d = self.shell.dataset;
        if kind == RecordKind::Event {
            return self.event_order.clone();
        }
        let mut order: Vec<usize> = (0..d.count(kind)).collect();
        let labels: Vec<String> = order.par_iter().map(|&i| self.label(kind, i).0).collect();
        order.par_sort_by(|&a, &b| (&labels[a], d.id_of(kind, a)).cmp(&(&labels[b], d.id_of(kind, b))));
        order
    }

    fn listing(
        &self,
        kind: RecordKind,
        heading: &str,
        order: &[usize],
        page: usize,
        pages: usize,
    ) -> Result<OutputFile, ExportError> {
        let d = self.shell.dataset;
        let stem = kind.collection();
        let chunk = order.chunks(PAGE_SIZE).nth(page).unwrap_or(&[]);
        let rows = chunk
            .iter()
            .map(|&i| {
                let (date, detail, extra) = match kind {
                    RecordKind::Event => {
                        (Some(self.event_dates[i].shown.clone()), d.events[i].kind.as_str().to_string(), None)
                    }
                    RecordKind::Instrument => (
                        d.instruments[i].signed.as_ref().map(|s| dates::shown(&s.date)),
                        d.instruments[i].kind.as_str().to_string(),
                        None,
                    ),
                    RecordKind::Actor => (None, d.actors[i].kind.as_str().to_string(), None),
                    RecordKind::Place => (None, d.places[i].kind.as_str().to_string(), None),
                    RecordKind::Figure => (d.figures[i].date.as_deref().map(dates::shown), String::new(), None),
                    RecordKind::Position => (None, d.positions[i].stance.as_str().to_string(), None),
                    RecordKind::Source => (
                        d.sources[i].published.as_deref().map(dates::shown),
                        d.sources[i].kind.as_str().to_string(),
                        Some(d.sources[i].attribution.clone()),
                    ),
                    RecordKind::Article => (None, String::new(), None),
                };
                Row { link: self.link_to(kind, i, ""), date, detail, extra }
            })
            .collect();
        let title = if pages > 1 { format!("{heading}, page {} of {pages}", page + 1) } else { heading.to_string() };
        let listing = ListingPage {
            page: self.common(title.clone(), "", None),
            heading: title,
            pages: page_links(stem, page, pages, |n| (n + 1).to_string()),
            rows,
            extra_heading: if kind == RecordKind::Source { "Attribution" } else { "" },
        };
        render(&listing, page_file(stem, page))
    }

    fn timeline(&self, part: usize, parts: usize) -> Result<OutputFile, ExportError> {
        let d = self.shell.dataset;
        let slice = self.event_order.chunks(PART_SIZE).nth(part).unwrap_or(&[]);
        let items: Vec<timeline::Item> = slice
            .iter()
            .map(|&i| {
                let date = &self.event_dates[i];
                timeline::Item {
                    href: self.path(RecordKind::Event, i),
                    title: d.events[i].title.clone(),
                    when: date.shown.words.clone(),
                    kind: d.events[i].kind,
                    first: date.first,
                    last: date.last,
                    start: date.start,
                    end: date.end,
                    qualified: date.qualified,
                }
            })
            .collect();
        let charts = timeline::runs(&items)
            .into_iter()
            .map(|run| {
                let (a, b) = (slice[run.start], slice[run.end - 1]);
                let (from, to) = (&self.event_dates[a].shown, &self.event_dates[b].shown);
                let range = if run.len() == 1 { from.words.clone() } else { format!("{} to {}", from.words, to.words) };
                let count = run.len();
                Drawing { range, count, chart: timeline::chart(&items[run]) }
            })
            .collect();
        let rows = slice
            .iter()
            .map(|&i| Row {
                link: self.link_to(RecordKind::Event, i, ""),
                date: Some(self.event_dates[i].shown.clone()),
                detail: d.events[i].kind.as_str().to_string(),
                extra: None,
            })
            .collect();
        let span = |slice: &[usize]| match (slice.first(), slice.last()) {
            (Some(&a), Some(&b)) => {
                format!("{} to {}", self.event_dates[a].shown.words, self.event_dates[b].shown.words)
            }
            _ => String::from("no events"),
        };
        let heading =
            if parts > 1 { format!("Timeline, part {} of {parts}", part + 1) } else { "Timeline".to_string() };
        let legend = timeline::Family::ALL
            .into_iter()
            .map(|f| Legend { class: f.class(), shape: f.shape(), points: f.points(10, 10), name: f.name() })
            .collect();
        let chunks: Vec<&[usize]> = self.event_order.chunks(PART_SIZE).collect();
        let page = TimelinePage {
            page: self.common(heading.clone(), "", None),
            heading,
            pages: page_links("timeline", part, parts, |n| span(chunks[n])),
            range: span(slice),
            charts,
            legend,
            rows,
        };
        render(&page, page_file("timeline", part))
    }
}

fn page_links(stem: &str, current: usize, count: usize, label: impl Fn(usize) -> String) -> Vec<PageLink> {
    if count < 2 {
        return Vec::new();
    }
    (0..count).map(|n| PageLink { href: page_file(stem, n), label: label(n), current: n == current }).collect()
}

/// The file of the `n`th page (from 0) of a paged list: `events.html`, `events-2.html`, ….
fn page_file(stem: &str, n: usize) -> String {
    if n == 0 { format!("{stem}.html") } else { format!("{stem}-{}.html", n + 1) }
}

/// A release path as a relative URL: each segment percent-encoded where a URL needs it
/// (`data/安保 #1 100%.json` → `data/%E5%AE%89%E4%BF%9D%20%231%20100%25.json`).
fn percent_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// A size in bytes, as people read it: `824 bytes`, `12.3 KB`, `1.7 GB` (powers of 1000).
fn size_text(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_paths_become_relative_urls() {
        assert_eq!(percent_path("csv/events.csv"), "csv/events.csv");
        assert_eq!(percent_path("data/安保 #1 100%.json"), "data/%E5%AE%89%E4%BF%9D%20%231%20100%25.json");
        assert_eq!(percent_path("a?b"), "a%3Fb");
    }

    #[test]
    fn sizes_read_in_powers_of_a_thousand() {
        assert_eq!(size_text(0), "0 bytes");
        assert_eq!(size_text(999), "999 bytes");
        assert_eq!(size_text(1_234), "1.2 KB");
        assert_eq!(size_text(1_690_000_000), "1.7 GB");
    }

    #[test]
    fn only_japanese_script_alone_is_tagged_japanese() {
        assert_eq!(text_lang("日米安全保障条約"), Some("ja"));
        assert_eq!(text_lang("デモを指揮した"), Some("ja"));
        assert_eq!(text_lang("Kishi (岸信介)"), None);
        assert_eq!(text_lang("Treaty"), None);
    }

    #[test]
    fn paged_files_are_numbered_from_two() {
        assert_eq!(page_file("events", 0), "events.html");
        assert_eq!(page_file("events", 1), "events-2.html");
    }
}
