//! The Akoma Ntoso exporter (`src/export/akn.rs`): golden files for the shared export
//! fixture (the canonical data's are in tests/release.rs), and checks on both the XML schema cannot make: every internal
//! reference resolves, eIds are unique, the FRBR IRIs agree with the metadata, and what
//! is written reads back. Schema validity itself is `tests/conformance/akn.py`.

mod common;

use anpo::export::{Input, OutputFile, Settings, akn};
use anpo::model::{
    ActorKind, Alias, Article, Dataset, Event, EventKind, Instrument, Lang, Names, Participant, Quotation, Relation,
    Signature,
};
use anpo::schema::Dictionary;
use quick_xml::events::Event as XmlEvent;
use quick_xml::{Reader, XmlVersion};
use std::collections::{BTreeMap, BTreeSet, HashSet};

fn export_with(dataset: &Dataset, settings: &Settings) -> Vec<OutputFile> {
    let dictionary = Dictionary::new();
    akn::export(&Input { dataset, dictionary: &dictionary, settings })
}

fn export(dataset: &Dataset) -> Vec<OutputFile> {
    export_with(dataset, &Settings::default())
}

fn text(file: &OutputFile) -> &str {
    std::str::from_utf8(&file.bytes).expect("the export is UTF-8")
}

fn file<'a>(files: &'a [OutputFile], id: &str) -> &'a OutputFile {
    let path = format!("{id}.xml");
    files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("{path} is exported"))
}

// ---------------------------------------------------------------------------------------
// A small tree read back with quick-xml.

#[derive(Debug)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
}

#[derive(Debug)]
enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    fn descendants(&self) -> Vec<&Element> {
        let mut all = vec![self];
        for child in self.elements() {
            all.extend(child.descendants());
        }
        all
    }

    fn all(&self, name: &str) -> Vec<&Element> {
        self.descendants().into_iter().filter(|e| e.name == name).collect()
    }

    fn text(&self) -> String {
        self.children
            .iter()
            .map(|n| match n {
                Node::Element(e) => e.text(),
                Node::Text(t) => t.clone(),
            })
            .collect()
    }
}

fn parse(xml: &str) -> Element {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Element> = vec![Element { name: String::new(), attrs: vec![], children: vec![] }];
    let element = |e: &quick_xml::events::BytesStart| Element {
        name: e.name().as_ref().to_string(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.expect("well-formed attribute");
                (a.key.as_ref().to_string(), a.normalized_value(XmlVersion::Explicit1_0).expect("escaped").into_owned())
            })
            .collect(),
        children: vec![],
    };
    loop {
        match reader.read_event().expect("the export is well-formed XML") {
            XmlEvent::Start(e) => stack.push(element(&e)),
            XmlEvent::Empty(e) => {
                let e = element(&e);
                stack.last_mut().unwrap().children.push(Node::Element(e));
            }
            XmlEvent::End(_) => {
                let done = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(Node::Element(done));
            }
            XmlEvent::Text(t) => {
                let t = t.xml10_content().into_owned();
                stack.last_mut().unwrap().children.push(Node::Text(t));
            }
            XmlEvent::GeneralRef(r) => {
                let name = r.xml10_content().into_owned();
                let resolved = match r.resolve_char_ref().expect("char ref") {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&name).expect("predefined").to_string(),
                };
                stack.last_mut().unwrap().children.push(Node::Text(resolved));
            }
            XmlEvent::Eof => break,
            _ => {}
        }
    }
    let mut root = stack.pop().unwrap();
    assert!(stack.is_empty(), "every element is closed");
    match root.children.iter().position(|n| matches!(n, Node::Element(_))) {
        Some(i) => match root.children.swap_remove(i) {
            Node::Element(e) => e,
            Node::Text(_) => unreachable!(),
        },
        None => panic!("no root element"),
    }
}

/// The document element (`act` or `doc`) of a parsed file.
fn document(root: &Element) -> &Element {
    assert_eq!(root.name, "akomaNtoso");
    assert_eq!(root.attr("xmlns"), Some("http://docs.oasis-open.org/legaldocml/ns/akn/3.0"));
    root.elements().next().expect("a document type")
}

// ---------------------------------------------------------------------------------------
// Checks the schema cannot make, applied to every file of every dataset we test.

/// Attributes whose value is a reference (`#eId`), or a list of them.
const REFERENCE_ATTRS: [&str; 12] = [
    "href",
    "source",
    "refersTo",
    "start",
    "end",
    "by",
    "as",
    "period",
    "for",
    "placementBase",
    "alternativeTo",
    "outcome",
];

/// Elements the exporter writes whose type in akomantoso30.xsd takes the attribute group
/// `idreq` (the eId the naming convention requires); TLCs too, by their prefix. The
/// conformance script (tests/conformance/akn.py) reads the whole list from the schema.
const IDREQ: [&str; 14] = [
    "organization",
    "person",
    "location",
    "event",
    "activeRef",
    "passiveRef",
    "article",
    "heading",
    "content",
    "hcontainer",
    "longTitle",
    "note",
    "temporalGroup",
    "role",
];

/// Inline elements, named `{block}__{element}_{n}` after the block they stand in.
const INLINE: [&str; 4] = ["organization", "person", "location", "event"];

/// Every element that needs an eId has one; an inline one is numbered in its block, in
/// document order from 1 per element name.
fn check_eids(name: &str, e: &Element, block: Option<&str>, counts: &mut BTreeMap<(String, String), usize>) {
    let needs = IDREQ.contains(&e.name.as_str()) || e.name.starts_with("TLC");
    let eid = e.attr("eId");
    assert!(!needs || eid.is_some(), "{name}: <{}> has no eId", e.name);
    if INLINE.contains(&e.name.as_str()) {
        let block = block.unwrap_or_else(|| panic!("{name}: <{}> stands in no block with an eId", e.name));
        let n = counts.entry((block.to_string(), e.name.clone())).or_default();
        *n += 1;
        assert_eq!(eid, Some(format!("{block}__{}_{n}", e.name).as_str()), "{name}: inline <{}>", e.name);
    }
    let block = eid.or(block);
    for child in e.elements() {
        check_eids(name, child, block, counts);
    }
}

fn check_references(name: &str, root: &Element) {
    check_eids(name, root, None, &mut BTreeMap::new());
    let mut eids = HashSet::new();
    for e in root.descendants() {
        if let Some(eid) = e.attr("eId") {
            assert!(eids.insert(eid.to_string()), "{name}: eId {eid} is used twice");
            assert!(!eid.is_empty() && !eid.contains(char::is_whitespace), "{name}: eId {eid:?}");
        }
    }
    let mut used = HashSet::new();
    for e in root.descendants() {
        for (key, value) in &e.attrs {
            if !REFERENCE_ATTRS.contains(&key.as_str()) {
                continue;
            }
            for token in value.split_whitespace() {
                if let Some(target) = token.strip_prefix('#') {
                    assert!(eids.contains(target), "{name}: <{} {key}=\"{token}\"> points nowhere", e.name);
                    used.insert(target.to_string());
                }
            }
        }
    }
    let doc = document(root);
    let references = doc.child("meta").and_then(|m| m.child("references")).expect("meta/references");
    for tlc in references.elements().filter(|e| e.name.starts_with("TLC")) {
        let eid = tlc.attr("eId").expect("a TLC has an eId");
        assert!(used.contains(eid), "{name}: {} {eid} is listed but never referred to", tlc.name);
        let href = tlc.attr("href").expect("a TLC has an href");
        assert!(href.starts_with("https://") || href.starts_with("http://"), "{name}: {eid} href {href} is absolute");
        assert!(!tlc.attr("showAs").unwrap_or_default().is_empty(), "{name}: {eid} has showAs");
    }
    if let Some(notes) = doc.child("meta").and_then(|m| m.child("notes")) {
        for note in notes.elements() {
            let eid = note.attr("eId").unwrap();
            assert!(used.contains(eid), "{name}: note {eid} has no noteRef");
        }
    }
    // Every AKN date is a full xs:date.
    for e in root.descendants() {
        if let Some(date) = e.attr("date") {
            let ok = date.len() == 10
                && date.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
            assert!(ok, "{name}: <{} date=\"{date}\"> is not YYYY-MM-DD", e.name);
        }
    }
}

/// The FRBR IRIs of a document, and the Work's parts they are made of.
struct Frbr {
    work: String,
    country: String,
    subtype: String,
    name: String,
    /// The date component of the Work IRI: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    uri_date: String,
    /// The Work's `FRBRdate`: its `date` and `name`.
    date: String,
    date_name: String,
}

/// The smallest calendar day, month or year that holds the days from `first` to `last`
/// (`YYYY-MM-DD` each), as a Work IRI writes it; `None` when no year holds them.
fn covering(first: &str, last: &str) -> Option<String> {
    let cut = [10, 7, 4].into_iter().find(|&len| first[..len] == last[..len])?;
    Some(first[..cut].to_string())
}

/// The date component a Work IRI gets for an EDTF date, by [`covering`] its first and last
/// days; `None` for an open or unknown end, or when no year holds it.
fn uri_date(edtf: &str) -> Option<String> {
    let parsed = anpo::edtf::Edtf::parse(edtf).ok()?;
    covering(&parsed.earliest()?, &parsed.latest()?)
}

/// What names an instrument's Work: the first of its signature and entry into force that
/// a Work IRI can hold, with its name and date component.
fn naming(instrument: &Instrument) -> Option<(&'static str, &str, String)> {
    let signed = instrument.signed.as_ref().map(|s| ("signature", s.date.as_str()));
    let in_force = instrument.entry_into_force.as_deref().map(|d| ("entryIntoForce", d));
    signed.into_iter().chain(in_force).find_map(|(what, edtf)| Some((what, edtf, uri_date(edtf)?)))
}

fn check_frbr(name: &str, root: &Element) -> Frbr {
    let doc = document(root);
    let id = doc.child("meta").and_then(|m| m.child("identification")).expect("identification");
    let value = |level: &str, element: &str| -> String {
        let e = id.child(level).and_then(|l| l.child(element)).unwrap_or_else(|| panic!("{name}: {level}/{element}"));
        e.attr("value").or_else(|| e.attr("date")).or_else(|| e.attr("language")).unwrap().to_string()
    };
    let work = value("FRBRWork", "FRBRuri");
    let frbr_date = |level: &str| {
        let e = id.child(level).and_then(|l| l.child("FRBRdate")).unwrap();
        (e.attr("date").unwrap().to_string(), e.attr("name").unwrap().to_string())
    };
    let (date, date_name) = frbr_date("FRBRWork");
    let frbr = Frbr {
        uri_date: work.split('/').nth(5).unwrap_or_else(|| panic!("{name}: {work} has a date")).to_string(),
        work,
        country: value("FRBRWork", "FRBRcountry"),
        subtype: value("FRBRWork", "FRBRsubtype"),
        name: value("FRBRWork", "FRBRname"),
        date,
        date_name,
    };
    assert_eq!(doc.attr("name"), Some(frbr.subtype.as_str()), "{name}: the document's name is its subtype");
    let built = format!("/akn/{}/{}/{}/{}/{}", frbr.country, doc.name, frbr.subtype, frbr.uri_date, frbr.name);
    assert_eq!(frbr.work, built, "{name}: FRBRuri agrees with country, type, subtype, date and name");
    // The FRBRdate is the first day of the day, month or year the IRI names, and says so.
    let (first_day, prefix) = match frbr.uri_date.len() {
        4 => (format!("{}-01-01", frbr.uri_date), Some("Year")),
        7 => (format!("{}-01", frbr.uri_date), Some("Month")),
        10 => (frbr.uri_date.clone(), None),
        _ => panic!("{name}: {} is no YYYY, YYYY-MM or YYYY-MM-DD", frbr.uri_date),
    };
    assert_eq!(frbr.date, first_day, "{name}: FRBRdate is the first day of the IRI's date");
    match prefix {
        Some(period) => assert!(
            frbr.date_name.starts_with("firstDayOf") && frbr.date_name.ends_with(period),
            "{name}: FRBRdate name {} for a {period}",
            frbr.date_name
        ),
        None => assert!(["signature", "entryIntoForce"].contains(&frbr.date_name.as_str()), "{name}"),
    }
    assert!(!frbr.work.contains("-01-01/") || frbr.uri_date.ends_with("-01-01"), "{name}: no invented day");
    assert_eq!(value("FRBRWork", "FRBRthis"), format!("{}/!main", frbr.work));
    let language = value("FRBRExpression", "FRBRlanguage");
    assert_eq!(language, "eng");
    let expression = format!("{}/{language}@", frbr.work);
    assert_eq!(value("FRBRExpression", "FRBRuri"), expression);
    assert_eq!(value("FRBRExpression", "FRBRthis"), format!("{expression}/!main"));
    let (date, date_name) = frbr_date("FRBRExpression");
    assert_eq!(
        (date, date_name),
        (frbr.date.clone(), frbr.date_name.clone()),
        "{name}: the original expression has the work's date"
    );
    assert_eq!(value("FRBRManifestation", "FRBRuri"), format!("{expression}.xml"));
    assert_eq!(value("FRBRManifestation", "FRBRthis"), format!("{expression}/!main.xml"));
    frbr
}

/// The day an AKN `date` attribute holds for an EDTF date: its first day (its last for
/// an open or unknown start).
fn first_day(edtf: &str) -> String {
    let parsed = anpo::edtf::Edtf::parse(edtf).unwrap();
    parsed.earliest().or_else(|| parsed.latest()).unwrap()
}

/// Everything a dataset's export must satisfy; returns the files.
fn check_dataset(dataset: &Dataset, settings: &Settings) -> Vec<OutputFile> {
    let files = export_with(dataset, settings);
    let expected: BTreeSet<String> = dataset
        .instruments
        .iter()
        .filter(|i| i.signed.is_some() || dataset.articles.iter().any(|a| a.instrument == i.id))
        .filter(|i| naming(i).is_some())
        .map(|i| format!("{}.xml", i.id))
        .collect();
    let paths: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
    assert_eq!(
        paths.iter().cloned().collect::<BTreeSet<_>>(),
        expected,
        "one file per instrument with articles or a signature, and a date to name it by"
    );
    assert!(paths.windows(2).all(|w| w[0] < w[1]), "files in order of id");

    for f in &files {
        let xml = text(f);
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<akomaNtoso"));
        assert!(xml.ends_with("</akomaNtoso>\n") && !xml.contains('\r'), "{}: \\n line endings", f.path);
        let root = parse(xml);
        check_references(&f.path, &root);
        let frbr = check_frbr(&f.path, &root);
        let id = f.path.trim_end_matches(".xml");
        let instrument = dataset.instruments.iter().find(|i| i.id == id).unwrap();
        assert_eq!(frbr.name, instrument.id);
        assert_eq!(frbr.country, settings.akn_country);
        assert_eq!(frbr.subtype, instrument.kind.as_str());
        let (what, edtf, uri) = naming(instrument).unwrap();
        assert_eq!(frbr.uri_date, uri, "{}: the work is named by its {what}, {edtf}", f.path);
        let named = frbr.date_name.to_lowercase().contains(&what.to_lowercase());
        assert!(named, "{}: FRBRdate {} for the {what}", f.path, frbr.date_name);
        check_round_trip(dataset, instrument, &root, settings);
    }
    assert_eq!(files, export_with(dataset, settings), "the export is deterministic");
    files
}

/// What was written reads back: articles, events, references.
fn check_round_trip(dataset: &Dataset, instrument: &Instrument, root: &Element, settings: &Settings) {
    let doc = document(root);
    let name = &instrument.id;
    let base = &settings.base_iri;

    // Articles: number and heading, unnumbered first, then by number.
    let mut expected: Vec<&Article> = dataset.articles.iter().filter(|a| a.instrument == instrument.id).collect();
    expected.sort_by_key(|a| a.number);
    let body = doc.child("body").or_else(|| doc.child("mainBody")).expect("a body");
    let articles: Vec<&Element> = body.elements().filter(|e| e.name == "article").collect();
    let read: Vec<(Option<String>, String)> =
        articles.iter().map(|a| (a.child("num").map(Element::text), a.child("heading").unwrap().text())).collect();
    let want: Vec<(Option<String>, String)> =
        expected.iter().map(|a| (a.number.map(|n| format!("Article {n}")), a.heading.clone())).collect();
    assert_eq!(read, want, "{name}: articles read back");
    for (element, article) in articles.iter().zip(&expected) {
        let eid = element.attr("eId").unwrap();
        match article.number {
            Some(n) => assert!(eid.starts_with(&format!("art_{n}")), "{name}: {eid} for article {n}"),
            None => assert!(eid.starts_with("art_nn_"), "{name}: {eid} for an unnumbered article"),
        }
        let quotes: Vec<(String, String)> =
            element.all("embeddedText").into_iter().map(|q| (q.text(), q.attr("href").unwrap().to_string())).collect();
        let want: Vec<(String, String)> =
            article.quotations.iter().map(|q| (q.text.clone(), format!("{base}source/{}", q.source))).collect();
        assert_eq!(quotes, want, "{name}: quotations of {eid} read back");
    }

    // Notes: every summary in our words is an editorial note.
    let notes: Vec<String> = doc
        .child("meta")
        .and_then(|m| m.child("notes"))
        .map(|n| n.elements().map(|note| note.child("p").unwrap().text()).collect())
        .unwrap_or_default();
    assert!(notes.contains(&instrument.summary), "{name}: the summary is a note");
    for article in &expected {
        assert!(notes.contains(&article.summary), "{name}: {} summary is a note", article.id);
    }

    // Events: the signature and entry into force where the data has them, then the
    // approvals and ratification.
    let meta = doc.child("meta").unwrap();
    let lifecycle: Vec<&Element> = meta.child("lifecycle").map(|l| l.elements().collect()).unwrap_or_default();
    if let Some(signed) = &instrument.signed {
        let generation = lifecycle.iter().find(|e| e.attr("type") == Some("generation")).expect("a generation event");
        assert_eq!(generation.attr("date"), Some(first_day(&signed.date).as_str()));
        let exact = matches!(anpo::edtf::Edtf::parse(&signed.date), Ok(anpo::edtf::Edtf::Date(d))
            if d.precision() == anpo::edtf::Precision::Day && d.qualifier == anpo::edtf::Qualifier::Exact);
        assert_eq!(generation.attr("anpo:edtf").is_none(), exact, "{name}: anpo:edtf only on imprecise dates");
    }
    if let Some(in_force) = &instrument.entry_into_force {
        let eif = lifecycle.iter().find(|e| e.attr("eId") == Some("e_entryIntoForce")).expect("entry into force");
        assert_eq!(eif.attr("date"), Some(first_day(in_force).as_str()));
        let interval = meta.all("timeInterval");
        assert_eq!(interval.len(), 1);
        assert_eq!(interval[0].attr("start"), Some("#e_entryIntoForce"));
    }
    let concerns = |e: &&Event| e.instruments.contains(&instrument.id);
    let making: Vec<&Event> = dataset
        .events
        .iter()
        .filter(concerns)
        .filter(|e| {
            matches!(
                e.kind.as_str(),
                "legislative-vote" | "approval" | "cabinet-decision" | "exchange-of-ratifications" | "promulgation"
            )
        })
        .collect();
    let mut want_events: BTreeSet<&str> = making.iter().map(|e| e.id.as_str()).collect();
    // A step for each event of its making whose actor the data names, done by that actor
    // (its first participant) in its role; a lifecycle event for each of the others. Never
    // the dataset's publisher.
    let references = meta.child("references").unwrap();
    let steps: Vec<&Element> = meta.child("workflow").map(|w| w.elements().collect()).unwrap_or_default();
    let (attributed, unattributed): (Vec<&Event>, Vec<&Event>) =
        making.iter().partition(|e| e.participants.iter().any(|p| dataset.actors.iter().any(|a| a.id == p.actor)));
    assert_eq!(steps.len(), attributed.len(), "{name}: one workflow step per event of its making with an actor");
    for step in &steps {
        let target = step.attr("refersTo").unwrap().trim_start_matches('#');
        let event = attributed.iter().find(|e| e.id == target).expect("a step refers to its event");
        let by = step.attr("by").expect("a step has its actor").trim_start_matches('#');
        assert_ne!(by, "anpo", "{name}: the dataset's publisher did not do {target}");
        let participant = event.participants.iter().find(|p| dataset.actors.iter().any(|a| a.id == p.actor)).unwrap();
        assert_eq!(by, participant.actor, "{name}: {target} is done by its first participant");
        let tlc = references.elements().find(|t| t.attr("eId") == Some(by)).expect("the actor's TLC");
        assert!(["TLCPerson", "TLCOrganization"].contains(&tlc.name.as_str()), "{name}: by={by} is an agent");
        let role = step.attr("as").unwrap().trim_start_matches('#');
        let role = references.elements().find(|t| t.attr("eId") == Some(role)).expect("the role's TLC");
        assert_eq!((role.name.as_str(), role.attr("showAs")), ("TLCRole", Some(participant.role.as_str())));
    }
    for event in &unattributed {
        let target = format!("#{}", event.id);
        let found = lifecycle.iter().any(|e| e.attr("refersTo") == Some(target.as_str()) && e.attr("type").is_none());
        assert!(found, "{name}: {} has no actor in the data, and is a lifecycle event", event.id);
    }
    for event in dataset.events.iter().filter(concerns) {
        let own = match event.kind.as_str() {
            "signing" | "statement" | "agreement" => instrument.signed.as_ref().is_some_and(|s| s.date == event.date),
            "entry-into-force" => instrument.entry_into_force.as_ref() == Some(&event.date),
            _ => false,
        };
        if own {
            want_events.insert(&event.id);
        }
    }
    // Events that the instrument or one of its articles is about are named in the text.
    let concerned: Vec<&str> =
        (instrument.concerns.iter()).chain(expected.iter().flat_map(|a| &a.concerns)).map(String::as_str).collect();
    want_events.extend(dataset.events.iter().map(|e| e.id.as_str()).filter(|id| concerned.contains(id)));
    let tlc = |kind: &str| -> BTreeMap<String, (String, String)> {
        references
            .elements()
            .filter(|e| e.name == kind)
            .map(|e| {
                let eid = e.attr("eId").unwrap().to_string();
                (eid, (e.attr("href").unwrap().to_string(), e.attr("showAs").unwrap().to_string()))
            })
            .collect()
    };
    let events = tlc("TLCEvent");
    assert_eq!(events.keys().map(String::as_str).collect::<BTreeSet<_>>(), want_events, "{name}: events read back");
    for (id, (href, show_as)) in &events {
        let event = dataset.events.iter().find(|e| &e.id == id).unwrap();
        assert_eq!((href.as_str(), show_as.as_str()), (format!("{base}event/{id}").as_str(), event.title.as_str()));
    }

    // References: actors and places by their record's IRI and English name.
    for kind in ["TLCPerson", "TLCOrganization"] {
        for (id, (href, show_as)) in tlc(kind) {
            let Some(actor) = dataset.actors.iter().find(|a| a.id == id) else {
                assert_eq!(href, *base, "{name}: {id} is the dataset itself");
                continue;
            };
            assert_eq!(kind == "TLCPerson", actor.kind == ActorKind::Person, "{name}: {id} is a {kind}");
            assert_eq!((href, show_as), (format!("{base}actor/{id}"), actor.name.en.clone()));
        }
    }
    for (id, (href, show_as)) in tlc("TLCLocation") {
        let place = dataset.places.iter().find(|p| p.id == id).expect("a place record");
        assert_eq!((href, show_as), (format!("{base}place/{id}"), place.name.en.clone()));
    }
    let mut parties = tlc("TLCOrganization");
    parties.extend(tlc("TLCPerson"));
    for party in &instrument.parties {
        assert!(parties.contains_key(party), "{name}: party {party} is referenced");
    }
    if let Some(place) = instrument.signed.as_ref().and_then(|s| s.place.as_ref()) {
        assert!(tlc("TLCLocation").contains_key(place), "{name}: the signing place is referenced");
    }
    for role in tlc("TLCRole").values() {
        assert!(role.0.starts_with(&format!("{base}role/")));
    }
}

// ---------------------------------------------------------------------------------------

fn snapshot_all(prefix: &str, files: &[OutputFile]) {
    for f in files {
        let name = format!("{prefix}__{}", f.path.trim_end_matches(".xml"));
        insta::with_settings!({ snapshot_path => "../snapshots", omit_expression => true }, {
            insta::assert_snapshot!(name, text(f));
        });
    }
}

#[test]
fn fixture_exports_checked_documents() {
    let files = check_dataset(&common::fixture(), &Settings::default());
    assert_eq!(
        files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(),
        ["security-treaty-1951.xml", "treaty-1960.xml"]
    );
    snapshot_all("fixture", &files);
}

#[test]
fn canonical_data_exports_checked_documents() {
    let dataset = common::canonical();
    let files = check_dataset(&dataset, &Settings::default());
    let treaty = dataset.instruments.iter().find(|i| i.signed.as_ref().is_some_and(|s| s.date == "1960-01-19"));
    let treaty = treaty.expect("the data holds the treaty signed on 19 January 1960");
    assert!(files.iter().any(|f| f.path == format!("{}.xml", treaty.id)), "the 1960 treaty is exported");
    // Its bytes are snapshotted once, in tests/release.rs.
}

#[test]
fn settings_set_the_country_and_the_base_iri() {
    let settings = Settings { base_iri: "https://example.org/x/".to_string(), akn_country: "qz".to_string() };
    let files = check_dataset(&common::fixture(), &settings);
    let xml = text(file(&files, "treaty-1960"));
    assert!(xml.contains(r#"<FRBRuri value="/akn/qz/act/treaty/1960-01-19/treaty-1960"/>"#));
    assert!(xml.contains(r#"href="https://example.org/x/actor/kishi-nobusuke""#));
    assert!(!xml.contains("w3id.org/anpo/actor"));
    // Our own concepts stay in our namespace, which no base moves.
    assert!(xml.contains(r#"href="https://w3id.org/anpo/ns/akn#inForce""#), "{xml}");
    assert!(!xml.contains("example.org/x/ns/"));
}

#[test]
fn the_default_country_is_a_user_assigned_iso_code() {
    // Not `us-jp`: the naming convention reads `{country}-{locality}`.
    let country = Settings::default().akn_country;
    assert_eq!(country.len(), 2);
    let upper = country.to_ascii_uppercase();
    assert!(upper == "AA" || upper == "ZZ" || ("QM"..="QZ").contains(&upper.as_str()) || upper.starts_with('X'));
}

#[test]
fn the_1960_treaty_has_its_history() {
    let files = export(&common::fixture());
    let root = parse(text(file(&files, "treaty-1960")));
    let doc = document(&root);
    assert_eq!((doc.name.as_str(), doc.attr("name")), ("act", Some("treaty")));
    let meta = doc.child("meta").unwrap();
    let generation = meta.child("lifecycle").unwrap().child("eventRef").unwrap();
    assert_eq!(generation.attr("type"), Some("generation"));
    assert_eq!(generation.attr("refersTo"), Some("#treaty-1960-signing"));
    // The approval names no participant: no step credits anyone with it (the schema
    // wants a step's `by`), and it is a lifecycle event, between signature and entry into
    // force.
    assert!(meta.child("workflow").is_none());
    let lifecycle: Vec<(Option<&str>, Option<&str>)> =
        meta.child("lifecycle").unwrap().elements().map(|e| (e.attr("eId"), e.attr("refersTo"))).collect();
    assert_eq!(
        lifecycle,
        [
            (Some("e_signature"), Some("#treaty-1960-signing")),
            (Some("e_approval"), Some("#treaty-1960-approval")),
            (Some("e_entryIntoForce"), None)
        ]
    );
    // The protests concern the treaty but are no step of its making.
    assert!(!text(file(&files, "treaty-1960")).contains("anpo-protests-1960"));
    // The 1951 treaty's signing event is not the 1960 signing it is also tagged with.
    let old = text(file(&files, "security-treaty-1951"));
    assert!(!old.contains("treaty-1960-signing") && old.contains(r#"type="generation""#));
    // Relations both ways.
    assert!(text(file(&files, "treaty-1960")).contains(
        r#"<activeRef eId="activeRef_1" href="/akn/xa/act/treaty/1951-09-08/security-treaty-1951" showAs="1951 Security Treaty" anpo:relation="revises-and-replaces"/>"#
    ));
    assert!(old.contains(r#"<passiveRef eId="passiveRef_1" href="/akn/xa/act/treaty/1960-01-19/treaty-1960""#));
}

#[test]
fn an_unnumbered_article_gets_no_invented_number() {
    let files = export(&common::fixture());
    let root = parse(text(file(&files, "treaty-1960")));
    let body = document(&root).child("body").unwrap();
    let first = body.child("article").unwrap();
    assert_eq!(first.attr("eId"), Some("art_nn_1"));
    assert!(first.child("num").is_none());
    assert_eq!(first.child("heading").unwrap().text(), "Preamble");
    let eids: Vec<&str> = body.elements().filter_map(|a| a.attr("eId")).collect();
    assert_eq!(eids, ["art_nn_1", "art_5", "art_10"]);
}

fn instrument(id: &str, kind: &str, signed: Option<&str>) -> Instrument {
    Instrument {
        id: id.to_string(),
        kind: kind.parse().expect("an instrument kind"),
        title: Names { en: format!("Title of {id}"), ja: None, ja_latn: None },
        short_name: format!("Short {id}"),
        aliases: vec![],
        parties: vec![],
        signed: signed.map(|d| Signature { date: d.to_string(), place: None, signatories: vec![] }),
        entry_into_force: None,
        article_count: None,
        term: None,
        termination: None,
        relations: vec![],
        concerns: vec![],
        summary: format!("Summary of {id}"),
        sources: vec![],
        notes: None,
    }
}

fn article(id: &str, instrument: &str, number: Option<u32>, heading: &str) -> Article {
    Article {
        id: id.to_string(),
        instrument: instrument.to_string(),
        number,
        heading: heading.to_string(),
        summary: format!("Summary of {id}"),
        topics: vec![],
        concerns: vec![],
        quotations: vec![],
        sources: vec![],
        notes: None,
    }
}

#[test]
fn each_kind_gets_its_document_type() {
    let mut d = common::fixture();
    d.instruments.push(instrument("joint-statement", "statement", Some("1960-01")));
    d.instruments.push(instrument("minutes", "agreed-minutes", None));
    d.articles.push(article("minutes-1", "minutes", Some(1), "Prior consultation"));
    d.instruments.last_mut().unwrap().entry_into_force = Some("1960-06-23".to_string());
    d.instruments.push(instrument("sofa", "status-of-forces-agreement", Some("1960-01-19")));
    d.instruments.push(instrument("undated", "agreement", None));
    d.instruments.push(instrument("no-articles-no-signature", "agreement", None));
    d.articles.push(article("undated-1", "undated", Some(1), "Never named"));
    let files = check_dataset(&d, &Settings::default());

    assert!(!files.iter().any(|f| f.path.starts_with("undated") || f.path.starts_with("no-articles")));
    let kinds: BTreeMap<&str, (String, String)> = files
        .iter()
        .map(|f| {
            let root = parse(text(f));
            let doc = document(&root);
            let body = doc.elements().last().unwrap().name.clone();
            (f.path.as_str(), (doc.name.clone(), body))
        })
        .collect();
    assert_eq!(kinds["joint-statement.xml"], ("doc".to_string(), "mainBody".to_string()));
    assert_eq!(kinds["minutes.xml"], ("doc".to_string(), "mainBody".to_string()));
    assert_eq!(kinds["sofa.xml"], ("act".to_string(), "body".to_string()));

    let statement = text(file(&files, "joint-statement"));
    assert!(statement.contains(r#"<doc name="statement">"#));
    assert!(statement.contains(r#"<FRBRuri value="/akn/xa/doc/statement/1960-01/joint-statement"/>"#));
    assert!(statement.contains(
        r#"<FRBRdate date="1960-01-01" anpo:edtf="1960-01" anpo:firstDay="1960-01-01" anpo:lastDay="1960-01-31" name="firstDayOfSignatureMonth"/>"#
    ));
    assert!(statement.contains(
        r#"<docDate date="1960-01-01" anpo:edtf="1960-01" anpo:firstDay="1960-01-01" anpo:lastDay="1960-01-31">January 1960</docDate>"#
    ));
    assert!(statement.contains(r##"<p eId="p_1"><noteRef href="#note_1" marker="1" placement="bottom"/></p>"##));
    // Named by its entry into force when it has no signature.
    let minutes = text(file(&files, "minutes"));
    assert!(minutes.contains(r#"<FRBRuri value="/akn/xa/doc/agreed-minutes/1960-06-23/minutes"/>"#));
    assert!(minutes.contains("Entered into force on <docDate"));
    assert!(statement.contains("Issued in <docDate"));
    // An act without articles still has a body the schema accepts.
    let sofa = text(file(&files, "sofa"));
    assert!(sofa.contains(r#"<hcontainer eId="hcontainer_1" name="summary">"#));
}

#[test]
fn imprecise_dates_keep_their_edtf() {
    let mut d = common::fixture();
    let event = Event {
        id: "vote".to_string(),
        kind: EventKind::LegislativeVote,
        date: "1960-05/1960-06".to_string(),
        date_phrase: None,
        title: "Vote".to_string(),
        summary: "A vote.".to_string(),
        participants: vec![Participant { actor: "japan".to_string(), role: "voted in favour".to_string() }],
        places: vec![],
        instruments: vec!["treaty-1960".to_string()],
        concerns: vec![],
        sources: vec![],
        notes: None,
    };
    d.events.push(event);
    let files = check_dataset(&d, &Settings::default());
    let xml = text(file(&files, "treaty-1960"));
    assert!(xml.contains(
        r##"<step eId="step_1" date="1960-05-01" anpo:edtf="1960-05/1960-06" anpo:firstDay="1960-05-01" anpo:lastDay="1960-06-30" by="#japan" as="#role-voted-in-favour" refersTo="#vote"/>"##
    ));
    assert!(xml.contains(r##"<TLCRole eId="role-voted-in-favour" href="https://w3id.org/anpo/role/voted-in-favour" showAs="voted in favour"/>"##));
    // The vote is the one step: the approval (19 June) names no actor.
    let steps: Vec<&str> = xml.lines().filter(|l| l.contains("<step ")).collect();
    assert_eq!(steps.len(), 1);
}

#[test]
fn a_work_is_named_at_the_precision_its_date_has() {
    let mut d = common::fixture();
    d.instruments.push(instrument("year-statement", "statement", Some("2012")));
    d.instruments.push(instrument("spring-statement", "statement", Some("1960-21")));
    d.instruments.push(instrument("unspecified-day", "agreement", Some("1960-06-XX")));
    let mut sixties = instrument("sixties", "agreement", Some("196X"));
    sixties.entry_into_force = Some("1964-05-01".to_string());
    d.instruments.push(sixties);
    d.instruments.push(instrument("winter", "agreement", Some("1960-24")));
    d.instruments.push(instrument("open-start", "agreement", Some("../1960")));
    let treaty = d.instruments.iter_mut().find(|i| i.id == "treaty-1960").unwrap();
    treaty.relations.push(Relation {
        kind: "supplements".parse().unwrap(),
        target: "year-statement".to_string(),
        article: None,
    });
    let files = check_dataset(&d, &Settings::default());

    // A year: the year, and no invented day anywhere the Work or Expression is named.
    let year = text(file(&files, "year-statement"));
    assert!(year.contains(r#"<FRBRthis value="/akn/xa/doc/statement/2012/year-statement/!main"/>"#));
    assert!(year.contains(r#"<FRBRuri value="/akn/xa/doc/statement/2012/year-statement/eng@"/>"#));
    assert!(year.contains(r#"<FRBRthis value="/akn/xa/doc/statement/2012/year-statement/eng@/!main.xml"/>"#));
    assert!(!year.contains("2012-01-01/"), "{year}");
    assert_eq!(year.matches(r#"name="firstDayOfSignatureYear"/>"#).count(), 2, "the Work's and the Expression's");
    let treaty = text(file(&files, "treaty-1960"));
    assert!(treaty.contains(r#"href="/akn/xa/doc/statement/2012/year-statement" showAs="Short year-statement""#));
    // A season within a year: that year; an unspecified day: the month.
    assert!(
        text(file(&files, "spring-statement"))
            .contains(r#"<FRBRuri value="/akn/xa/doc/statement/1960/spring-statement"/>"#)
    );
    let month = text(file(&files, "unspecified-day"));
    assert!(month.contains(r#"<FRBRuri value="/akn/xa/act/agreement/1960-06/unspecified-day"/>"#));
    assert!(month.contains(r#"name="firstDayOfSignatureMonth"/>"#));
    // A decade fits no year: the entry into force names the Work, and the preface still
    // gives the signature.
    let sixties = text(file(&files, "sixties"));
    assert!(sixties.contains(r#"<FRBRuri value="/akn/xa/act/agreement/1964-05-01/sixties"/>"#));
    assert!(sixties.contains(r#"<FRBRdate date="1964-05-01" name="entryIntoForce"/>"#));
    assert!(sixties.contains(r#"Signed in <docDate date="1960-01-01" anpo:edtf="196X" anpo:firstDay="1960-01-01" anpo:lastDay="1969-12-31">the 1960s</docDate>."#), "{sixties}");
    // Nothing else to name them by: no document, rather than an invented year.
    assert!(!files.iter().any(|f| f.path == "winter.xml" || f.path == "open-start.xml"));
}

#[test]
fn a_step_is_credited_to_the_actor_the_data_names_or_is_no_step() {
    let mut d = common::fixture();
    let event = |id: &str, kind: EventKind, participants: Vec<Participant>| Event {
        id: id.to_string(),
        kind,
        date: "1960-06-22".to_string(),
        date_phrase: None,
        title: id.to_string(),
        summary: "S.".to_string(),
        participants,
        places: vec![],
        instruments: vec!["treaty-1960".to_string()],
        concerns: vec![],
        sources: vec![],
        notes: None,
    };
    let participant = |actor: &str, role: &str| Participant { actor: actor.to_string(), role: role.to_string() };
    d.events.push(event(
        "exchange",
        EventKind::ExchangeOfRatifications,
        vec![participant("united-states", "Exchanged ratifications"), participant("japan", "Exchanged ratifications")],
    ));
    d.events.push(event("promulgation", EventKind::Promulgation, vec![]));
    d.events.push(event("promulgation-2", EventKind::Promulgation, vec![]));
    let files = check_dataset(&d, &Settings::default());
    let xml = text(file(&files, "treaty-1960"));
    assert!(xml.contains(
        r##"<step eId="step_1" date="1960-06-22" by="#united-states" as="#role-exchanged-ratifications" refersTo="#exchange"/>"##
    ));
    assert!(
        xml.contains(r##"<eventRef eId="e_promulgation" date="1960-06-22" source="#anpo" refersTo="#promulgation"/>"##)
    );
    assert!(xml.contains(
        r##"<eventRef eId="e_promulgation_2" date="1960-06-22" source="#anpo" refersTo="#promulgation-2"/>"##
    ));
    assert!(!xml.contains(r##"by="#anpo""##));
}

const NASTY: &str = "A & B < C > D \"E\" 'F'";

#[test]
fn markup_characters_are_escaped_and_read_back() {
    let mut d = common::fixture();
    let treaty = d.instruments.iter_mut().find(|i| i.id == "treaty-1960").unwrap();
    treaty.title.en = NASTY.to_string();
    treaty.short_name = NASTY.to_string();
    treaty.aliases.push(Alias { name: NASTY.to_string(), lang: Lang::En, note: Some(NASTY.to_string()) });
    treaty.summary = format!("{NASTY}\nsecond line");
    let art = d.articles.iter_mut().find(|a| a.id == "treaty-1960-article-5").unwrap();
    art.heading = NASTY.to_string();
    art.quotations.push(Quotation {
        text: NASTY.to_string(),
        quoted_from: NASTY.to_string(),
        source: "britannica-anpo".to_string(),
    });
    d.events.iter_mut().find(|e| e.id == "treaty-1960-signing").unwrap().participants[1].role = NASTY.to_string();
    let files = check_dataset(&d, &Settings::default());
    let xml = text(file(&files, "treaty-1960"));

    assert!(!xml.contains(NASTY), "no raw markup characters");
    assert!(xml.contains("A &amp; B &lt; C &gt; D \"E\" 'F'"), "text escapes what it must");
    assert!(xml.contains("A &amp; B &lt; C &gt; D &quot;E&quot; &apos;F&apos;"), "attributes escape quotes too");
    let root = parse(xml);
    let doc = document(&root);
    let aliases: Vec<(&str, &str)> = doc
        .all("FRBRalias")
        .into_iter()
        .map(|a| (a.attr("value").unwrap(), a.attr("anpo:note").unwrap_or("")))
        .collect();
    assert!(aliases.contains(&(NASTY, NASTY)));
    assert_eq!(doc.all("docTitle")[0].text(), NASTY);
    assert_eq!(doc.all("shortTitle")[0].text(), NASTY);
    assert!(doc.all("heading").iter().any(|h| h.text() == NASTY));
    assert!(doc.all("embeddedText").iter().any(|q| q.text() == NASTY));
    assert!(doc.all("p").iter().any(|p| p.text() == format!("{NASTY}: {NASTY}")));
    assert!(
        doc.all("note").iter().any(|n| n.child("p").unwrap().text() == format!("{NASTY}\nsecond line")),
        "newlines survive in text"
    );
    assert!(doc.all("TLCRole").iter().any(|r| r.attr("showAs") == Some(NASTY)));
    assert!(doc.all("TLCRole").iter().any(|r| r.attr("eId") == Some("role-a-b-c-d-e-f")));
}

#[test]
fn newlines_in_attributes_survive() {
    let mut d = common::fixture();
    d.instruments.iter_mut().find(|i| i.id == "treaty-1960").unwrap().short_name = "one\ntwo".to_string();
    let files = export(&d);
    let xml = text(file(&files, "treaty-1960"));
    assert!(xml.contains(r#"value="one&#10;two""#));
    let root = parse(xml);
    let alias = document(&root).all("FRBRalias").into_iter().find(|a| a.attr("name") == Some("shortName")).unwrap();
    assert_eq!(alias.attr("value"), Some("one\ntwo"));
}

#[test]
fn concerned_actors_places_and_events_are_named_in_the_text() {
    let files = export(&common::fixture());
    let xml = text(file(&files, "treaty-1960"));
    // The instrument's concerns close its preface.
    assert!(xml.contains(
        r##"<p eId="preface__p_4">Concerns: <location eId="preface__p_4__location_1" refersTo="#okinawa">Okinawa</location>.</p>
    </preface>"##
    ));
    assert!(
        xml.contains(r#"<TLCLocation eId="okinawa" href="https://w3id.org/anpo/place/okinawa" showAs="Okinawa"/>"#)
    );
    // An article's close its content, after the quotations.
    assert!(xml.contains(
        r##"<p eId="art_5__content__p_3">Concerns: <organization eId="art_5__content__p_3__organization_1" refersTo="#un-security-council">United Nations Security Council</organization>.</p>"##
    ));
    // Article 10 concerns only an instrument, which has no TLC: no line at all.
    let root = parse(xml);
    let body = document(&root).child("body").unwrap();
    let article_10 = body.elements().find(|a| a.attr("eId") == Some("art_10")).unwrap();
    assert!(!article_10.text().contains("Concerns"));

    // Events, people and several at once; kinds without a TLC are left out.
    let mut d = common::fixture();
    let treaty = d.instruments.iter_mut().find(|i| i.id == "treaty-1960").unwrap();
    treaty.concerns =
        ["anpo-protests-1960", "figure-us-personnel", "kishi-nobusuke", "okinawa"].map(String::from).to_vec();
    let files = check_dataset(&d, &Settings::default());
    let xml = text(file(&files, "treaty-1960"));
    assert!(xml.contains(
        r##"Concerns: <event eId="preface__p_4__event_1" refersTo="#anpo-protests-1960">Anpo protests</event>, <person eId="preface__p_4__person_1" refersTo="#kishi-nobusuke">Kishi Nobusuke</person> and <location eId="preface__p_4__location_1" refersTo="#okinawa">Okinawa</location>.</p>"##
    ));
    assert!(xml.contains(r#"<TLCEvent eId="anpo-protests-1960" href="https://w3id.org/anpo/event/anpo-protests-1960" showAs="Anpo protests"/>"#));
    assert!(!xml.contains("figure-us-personnel"));
}
