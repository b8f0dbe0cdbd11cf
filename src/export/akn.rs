//! Akoma Ntoso 3.0 export: one XML document per instrument the dataset describes well
//! enough to name.
//!
//! # Format
//!
//! Each file is `<instrument-id>.xml`, an `<akomaNtoso>` document in the namespace
//! `http://docs.oasis-open.org/legaldocml/ns/akn/3.0` that is valid against the strict
//! OASIS schema `akomantoso30.xsd` (checked by `tests/conformance/akn.py`). Bytes are
//! deterministic: UTF-8, `\n` line endings, two-space indentation, no time stamps; records
//! appear in a fixed order.
//!
//! **Which instruments.** An instrument gets a document when it has at least one article
//! or a signing date (`signed.date`), and a date to name it by: the first of its signing
//! date and entry into force that a Work IRI can hold without an invented part (see
//! "Dates in IRIs"). Others are left out, since the naming convention needs a date; their
//! records are in the CSV and JSON-LD exports.
//!
//! **Document type.** `treaty`, `agreement`, `status-of-forces-agreement` and
//! `constitution` are normative texts: `<act name="{kind}">` with a `body`. Agreed minutes,
//! statements and any other kind are `<doc name="{kind}">` with a `mainBody`. The kind is
//! also the `FRBRsubtype`.
//!
//! **IRIs** (naming convention): Work `/akn/{country}/{act|doc}/{kind}/{date}/{id}`,
//! Expression `{work}/eng@` (the original version, in English), Manifestation
//! `{work}/eng@.xml`; `FRBRthis` adds `/!main` (`/!main.xml` for the manifestation).
//! `{country}` is [`Settings::akn_country`](super::Settings::akn_country), `{date}` the
//! naming date at the precision the data gives it (below), `{id}` the instrument's stable
//! id (`FRBRname`). An `activeRef` or `passiveRef` to another instrument's document points
//! to its Work IRI.
//! The Work's authors are the parties; the Expression and Manifestation are this
//! dataset's (`FRBRauthoritative` is false: the text is a description, not the treaty).
//! Titles in each language, the short name and every alias are `FRBRalias` entries with
//! `xml:lang`.
//!
//! **Dates in IRIs.** The naming convention (OASIS AKN-NC v1.0) writes a Work's date in
//! ISO 8601 as a day (`YYYY-MM-DD`) or, where that is all that is known or needed, a year
//! (`YYYY`); cobalt, the reference reader, also reads a month (`YYYY-MM`), and nothing else
//! (four digits, no `X`, `~`, `?`, `%` or `/`, which an IRI would read as a portion, a
//! query, an escape or a path). The `{date}` of a Work IRI is therefore the smallest
//! calendar day, month or year that holds every day the naming date covers, from its
//! first day to its last (`Edtf::earliest`, `Edtf::latest`), so that it claims nothing
//! the data does not say:
//!
//! | the data's date | `{date}` |
//! | --- | --- |
//! | a day, month or year: `1960-01-19`, `1960-05`, `2012` | the same |
//! | qualified: `1960-01-19~`, `1960-05?`, `2008%` | the same without the qualifier: it says how sure the sources are, not which days (`anpo:edtf` keeps it) |
//! | unspecified month or day: `1960-XX`, `1960-XX-XX`, `1960-06-XX` | what is given: `1960`, `1960`, `1960-06` |
//! | spring, summer, autumn: `1960-21` to `1960-23` | the year: `1960` |
//! | an interval within one month or year: `1960-01-19/1960-01-25`, `1960-05/1960-06` | that month or year: `1960-01`, `1960` |
//! | what no calendar year holds: a decade `196X`, a century `19XX`, winter `1960-24` (December to February), an interval across a year's end `1959-11/1960-02`, an open or unknown end `../2008`, `1960/..`, `/2008` | none: the Work is named by the instrument's other date (the entry into force), else it gets no document |
//!
//! A decade or a century has no coarser form the convention can write: `196X` is no
//! ISO 8601 calendar date, and ISO 8601's decade `196` and century `19` are no dates
//! cobalt or the convention reads; any four-digit year (`1960`) would be an invented
//! one, the very fault of a made-up first day (`2012-01-01` for `2012`), which is why
//! such a document is left out rather than misnamed. The Expression and Manifestation
//! IRIs extend the Work's, so they carry the same date.
//!
//! `FRBRdate` must be a full `xs:date`: the Work's and the Expression's hold the first day
//! of the period in the IRI, and their `name` says so. A day keeps the name of what it is,
//! `signature` or `entryIntoForce`; a month is `firstDayOfSignatureMonth` (or
//! `firstDayOfEntryIntoForceMonth`), a year `firstDayOfSignatureYear` (or
//! `firstDayOfEntryIntoForceYear`): `<FRBRdate date="2012-01-01" anpo:edtf="2012"
//! anpo:firstDay="2012-01-01" anpo:lastDay="2012-12-31" name="firstDayOfSignatureYear"/>`.
//! The Manifestation's is the dataset's `modified` (else the naming date), named
//! `generation` or `firstDayOfGenerationMonth`/`Year` alike; a `modified` no year holds
//! keeps its first day under `generation`. cobalt's `work_date` reads a year-only IRI
//! date the same way, as its first day.
//!
//! **Dates.** Every other AKN date is a full `xs:date`: the first day the EDTF value covers
//! (`1960-05/1960-06` → `1960-05-01`, `196X` → `1960-01-01`, `1960-24` → `1960-12-01`; an
//! interval with an open or unknown start, `../2008` or `/2008`, gives its last day).
//! Where that day is not the whole value (anything but a plain exact day), the element
//! also carries `anpo:edtf` with the EDTF text as the data gives it, and `anpo:firstDay`
//! and `anpo:lastDay` with the first and last days it covers (each left out for an open or
//! unknown end): `<docDate date="1960-12-01" anpo:edtf="1960-24" anpo:firstDay="1960-12-01"
//! anpo:lastDay="1961-02-28">winter 1960–1961</docDate>`. The schema allows such
//! attributes from other namespaces on `FRBRdate`, `eventRef`, `step` and `docDate`. The
//! words of a `docDate` name the form: "the 1960s", "the years 1900 to 1999", "spring
//! 1960", "winter 1960–1961", "June 1960" (also for `1960-06-XX`), "1960" (also for
//! `1960-XX`).
//!
//! **History.** The signature is a `lifecycle` `eventRef` of type `generation`; the entry
//! into force a second `eventRef`, which a `temporalGroup` interval starts from (the
//! body's `period` points to that group). An `eventRef` refers to the dataset's event of
//! that instrument on that same date where there is one: of kind `signing` (else
//! `statement`, else `agreement`) for the signature, `entry-into-force` for the other.
//! Events of kind `legislative-vote`, `approval`, `cabinet-decision`,
//! `exchange-of-ratifications` and `promulgation` that concern the instrument are its
//! making, in the order of their `date` (the first day, by the date rule above; ties by
//! event id). Each is a `workflow` `step` done `by` the actor the data names for it, its
//! first participant (the data lists the actor that acted first: the chamber that voted,
//! the cabinet that decided), `as` that participant's role, a `TLCPerson` or
//! `TLCOrganization` and a `TLCRole` of the references. An event with no participant is
//! no step, since the schema requires a step's `by` and nobody else did it (not the
//! dataset's publisher, who only describes it): it is a `lifecycle` `eventRef` with no
//! type, `e_{kind}` (`e_promulgation`, then `e_promulgation_2`, …). The lifecycle lists
//! its events by date; on one day the signature first and the entry into force last.
//!
//! **Text.** The preface holds the titles (`docTitle`, the Japanese in `xml:lang="ja"`),
//! the short title, the parties, and the signature (`docDate`, place, signatories; a
//! statement is "issued" rather than "signed").
//! Articles are `article` elements, unnumbered ones first (in data order), then by
//! number; a numbered article has `eId="art_{n}"` and `<num>Article {n}</num>`, an
//! unnumbered one `eId="art_nn_{k}"` (k counts the unnumbered articles) and no `num`.
//! Summaries, notes and the instrument's summary are in our words, so they are editorial
//! notes in `meta/notes`, each referenced by a `noteRef`; quotations are `embeddedText`
//! with typographic quotes in `startQuote`/`endQuote` and `href` to the source's record.
//! Without articles, the summary's `noteRef` stands in a `p` of the body (an `hcontainer
//! name="summary"` in an act) instead of in the preface.
//!
//! **Concerns.** What an instrument `concerns` is the last `p` of its preface,
//! "Concerns: …", naming each concerned actor, place or event inline (`organization` or
//! `person`, `location`, `event`), referring to its TLC; an article's `concerns` are the
//! last `p` of its `content`. A concerned record of another kind (instrument, article,
//! figure, position, source) has no Top Level Class and is left out, as is the `p` when
//! nothing in it can be named; the CSV and JSON-LD exports carry every one. An event's
//! own `concerns` have no place here: events appear only as TLCs, which hold no content.
//!
//! **References.** `meta/references` holds one TLC per actor, place, event and role the
//! document refers to (parties, signatories, milestones, workflow steps, concerns):
//! `TLCPerson` (actors of kind person) or `TLCOrganization` at `{base}actor/{id}`,
//! `TLCLocation` at `{base}place/{id}`, `TLCEvent` at `{base}event/{id}`, `TLCRole` at
//! `{base}role/{slug of the role's words}`; each `eId` is the record's id (`role-{slug}`
//! for a role). The dataset itself is the
//! `TLCOrganization` `#anpo` at `{base}` (the `source` of every metadata block), and "in
//! force" the `TLCConcept` `#inForce` at `https://w3id.org/anpo/ns/akn#inForce` (our own
//! namespace, which no base moves). Relations between instruments are `activeRef` (this instrument acts on the target) and `passiveRef`
//! (another acts on this one), pointing to the other document's Work IRI, with the
//! relation in `anpo:relation` (an instrument without a document of its own: its
//! record's IRI, `{base}instrument/{id}`).
//!
//! **eIds** are unique in the whole document: `art_5`, `art_5__num`, `art_5__heading`,
//! `art_5__content`, `art_5__content__p_1`; `preface__p_1`, `preface__longTitle_1`;
//! `note_1`…; `e_signature`, `e_entryIntoForce`, `e_promulgation`, `step_1`…,
//! `tg_inForce`; `activeRef_1`…, `passiveRef_1`… An inline `organization`, `person`,
//! `location` or `event` is numbered in its block, per element:
//! `preface__p_2__organization_2`, `art_5__content__p_3__location_1`. Every element whose
//! type in the schema takes the `idreq` attributes (the eId the naming convention
//! requires) has one, and every `#…` reference resolves to one of them.
//!
//! **Own namespace.** `anpo` is `https://w3id.org/anpo/ns/akn#`: the `edtf`, `firstDay`,
//! `lastDay`, `relation` and alias `note` attributes, and in `meta/proprietary` the `anpo:instrument` element
//! (the record's IRI, kind and article count), `anpo:term`, `anpo:termination` and one
//! `anpo:source` per source the document draws on (its record IRI; the text is the
//! attribution a release must carry).

use super::record_iri;
use super::{Input, OutputFile};
use crate::edtf::{Edtf, Precision, Qualifier};
use crate::model::{
    Actor, ActorKind, Article, Dataset, Event, EventKind, Instrument, InstrumentKind, Participant, RecordKind,
};
use quick_xml::Writer;
use quick_xml::escape::partial_escape;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event as XmlEvent};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// The Akoma Ntoso 3.0 namespace.
pub const AKN_NS: &str = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";
/// This project's namespace for what Akoma Ntoso has no place for.
pub const ANPO_NS: &str = "https://w3id.org/anpo/ns/akn#";

/// Whether an event of this kind becomes a `workflow` step. Exhaustive: a kind added to
/// the schema must be placed here.
fn is_workflow_step(kind: EventKind) -> bool {
    use EventKind::*;
    match kind {
        LegislativeVote | Approval | CabinetDecision | ExchangeOfRatifications | Promulgation => true,
        Negotiation | Signing | Submission | EntryIntoForce | Protest | Death | Resignation | Election
        | Cancellation | Renewal | Founding | Lawsuit | Crime | Apology | Curfew | Agreement | Statement | Poll
        | EndOfOccupation | EndOfAid => false,
    }
}

/// Event kinds that can be an instrument's making (its signature or issue), by preference.
const GENERATION_KINDS: [EventKind; 3] = [EventKind::Signing, EventKind::Statement, EventKind::Agreement];

/// The document type an instrument is written as: `<act>` for what binds, `<doc>` for
/// the rest. Exhaustive: a kind added to the schema must be placed here.
fn doc_type(kind: InstrumentKind) -> &'static str {
    match kind {
        InstrumentKind::Treaty
        | InstrumentKind::Agreement
        | InstrumentKind::StatusOfForcesAgreement
        | InstrumentKind::Constitution => "act",
        InstrumentKind::AgreedMinutes | InstrumentKind::Statement => "doc",
    }
}

/// Whether an actor is written as a person or as an organization. Exhaustive: a kind
/// added to the schema must be placed here.
fn is_person(kind: ActorKind) -> bool {
    use ActorKind::*;
    match kind {
        Person => true,
        State
        | PoliticalParty
        | Coalition
        | Group
        | Newspaper
        | Government
        | Legislature
        | Chamber
        | Military
        | Police
        | University
        | InternationalOrganization => false,
    }
}

/// One document per instrument that has articles or a signing date, and a date to name it.
pub fn export(input: &Input) -> Vec<OutputFile> {
    let index = Index::new(input.dataset);
    let mut instruments: Vec<&Instrument> = input.dataset.instruments.iter().collect();
    instruments.sort_by(|a, b| a.id.cmp(&b.id));
    instruments
        .into_iter()
        .filter_map(|instrument| Plan::new(instrument, &index, input))
        .map(|plan| OutputFile { path: format!("{}.xml", plan.instrument.id), bytes: plan.write(&index, input) })
        .collect()
}

/// The Work IRI of an instrument's document, or `None` when it gets no document.
fn work_iri(index: &Index, input: &Input, instrument_id: &str) -> Option<String> {
    let instrument = index.instruments.get(instrument_id)?;
    Plan::new(instrument, index, input).map(|plan| plan.work)
}

/// A date as Akoma Ntoso needs it (`xs:date`), with the EDTF text and the first and last
/// days when the day is not all of it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct AknDate {
    day: String,
    /// For a date that is not one exact day: its EDTF text, first day and last day (none
    /// for an open or unknown end).
    edtf: Option<(String, Option<String>, Option<String>)>,
    /// For a reader: `19 January 1960`, `June 1960`, `May 1960 and June 1960`, `1960?`.
    human: String,
    /// The word before `human`: `on` a day, `in` a month or year, `around` an
    /// approximate date, `between`, `by` or `from` for intervals.
    preposition: &'static str,
}

impl AknDate {
    fn new(text: &str) -> Option<AknDate> {
        let parsed = Edtf::parse(text).ok()?;
        let (first, last) = (parsed.earliest(), parsed.latest());
        let day = first.clone().or_else(|| last.clone())?;
        let exact =
            matches!(parsed, Edtf::Date(d) if d.precision() == Precision::Day && d.qualifier == Qualifier::Exact);
        let (preposition, human) = match parsed {
            Edtf::Date(date) => {
                use Precision::{Century, Day, Decade, Month, Season, Year};
                let preposition = match (date.qualifier, date.precision()) {
                    (Qualifier::Approximate | Qualifier::ApproximateUncertain, _) => "around",
                    (Qualifier::Exact | Qualifier::Uncertain, Day) => "on",
                    (Qualifier::Exact | Qualifier::Uncertain, Month | Season | Year | Decade | Century) => "in",
                };
                (preposition, describe(&date))
            }
            Edtf::Interval { start, end } => match (start.date(), end.date()) {
                (Some(a), Some(b)) => ("between", format!("{} and {}", describe(a), describe(b))),
                (None, Some(b)) => ("by", describe(b)),
                (Some(a), None) => ("from", describe(a)),
                (None, None) => return None,
            },
        };
        Some(AknDate { day, edtf: (!exact).then(|| (text.to_string(), first, last)), human, preposition })
    }

    /// The date component of a Work IRI named by this date: the smallest day, month or
    /// year that holds its first and last days; `None` for an open or unknown end, or
    /// days no calendar year holds.
    fn uri_date(&self) -> Option<UriDate> {
        match &self.edtf {
            None => UriDate::covering(&self.day, &self.day),
            Some((_, first, last)) => UriDate::covering(first.as_deref()?, last.as_deref()?),
        }
    }

    /// `date`, plus `anpo:edtf`, `anpo:firstDay` and `anpo:lastDay` where needed, for an
    /// element's attributes.
    fn attrs(&self) -> Vec<(&'static str, String)> {
        self.attrs_with_day(&self.day)
    }

    /// [`AknDate::attrs`] with another `date` (an `FRBRdate`'s first day of a year or month).
    fn attrs_with_day(&self, day: &str) -> Vec<(&'static str, String)> {
        let mut attrs = vec![("date", day.to_string())];
        if let Some((edtf, first, last)) = &self.edtf {
            attrs.push(("anpo:edtf", edtf.clone()));
            attrs.extend(first.iter().map(|day| ("anpo:firstDay", day.clone())));
            attrs.extend(last.iter().map(|day| ("anpo:lastDay", day.clone())));
        }
        attrs
    }
}

/// The calendar period a Work IRI names its work by: a day, a month or a year (the forms
/// of ISO 8601 the naming convention and cobalt read in that place).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Year,
    Month,
    Day,
}

/// The date component of a Work IRI, `2012`, `1960-05` or `1960-01-19`: the smallest
/// calendar period that holds every day a date covers (see the module's documentation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UriDate {
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub text: String,
    pub period: Period,
}

impl UriDate {
    /// The smallest day, month or year that holds every day from `first` to `last`
    /// (`YYYY-MM-DD` each); `None` when no calendar year holds them all.
    fn covering(first: &str, last: &str) -> Option<UriDate> {
        let (text, period) = if first == last {
            (first, Period::Day)
        } else if first.get(..7) == last.get(..7) {
            (first.get(..7)?, Period::Month)
        } else if first.get(..4) == last.get(..4) {
            (first.get(..4)?, Period::Year)
        } else {
            return None;
        };
        Some(UriDate { text: text.to_string(), period })
    }

    /// The first day of the period, as `xs:date`: what `FRBRdate` holds.
    fn first_day(&self) -> String {
        match self.period {
            Period::Year => format!("{}-01-01", self.text),
            Period::Month => format!("{}-01", self.text),
            Period::Day => self.text.clone(),
        }
    }
}

/// The date component a Work IRI gets for an EDTF date (`2012` for `2012`, `1960-05` for
/// `1960-05`, `1960` for `1960-21` or `1960-05/1960-06`), or `None` for a date that no
/// calendar year holds (`196X`, `19XX`, `1960-24`, `1959-11/1960-02`, an open or unknown
/// end) or that is not EDTF. The rule is the module's "Dates in IRIs".
pub fn work_date(edtf: &str) -> Option<String> {
    AknDate::new(edtf)?.uri_date().map(|d| d.text)
}

/// The `name` of an `FRBRdate` standing for `what` (`signature`, `entryIntoForce`,
/// `generation`) by a date of that period: `what` itself for a day, else
/// `firstDayOf{What}Year` or `firstDayOf{What}Month`, since the date is then the first
/// day of that year or month.
fn frbr_date_name(what: &str, period: Period) -> String {
    let mut chars = what.chars();
    let capitalized: String = chars.next().map(|c| c.to_ascii_uppercase()).into_iter().chain(chars).collect();
    match period {
        Period::Day => what.to_string(),
        Period::Month => format!("firstDayOf{capitalized}Month"),
        Period::Year => format!("firstDayOf{capitalized}Year"),
    }
}

/// A date for a reader: `19 January 1960`, `June 1960`, `1960` (also for `1960-XX`, a
/// month of 1960 not given), `spring 1960`, `winter 1960–1961` (December to February),
/// `the 1960s`, `the years 1900 to 1999`; `?` after an uncertain one (an approximate one
/// gets "around" before it, from the caller).
fn describe(date: &crate::edtf::Date) -> String {
    use crate::edtf::{Form, Season};
    let month = |m: u8| crate::edtf::MONTH_NAMES[usize::from(m) - 1];
    let year = date.year;
    let text = match (date.precision(), date.form, date.month, date.day) {
        (Precision::Day, _, Some(m), Some(d)) => format!("{d} {} {year:04}", month(m)),
        (Precision::Month, _, Some(m), _) => format!("{} {year:04}", month(m)),
        (Precision::Season, Form::Season(Season::Winter), ..) => format!("winter {year:04}–{:04}", year + 1),
        (Precision::Season, Form::Season(season), ..) => format!("{} {year:04}", season.name()),
        (Precision::Decade, ..) => format!("the {year:04}s"),
        (Precision::Century, ..) => format!("the years {year:04} to {:04}", year + 99),
        // A parsed day has its month and day, a month its month, a season its season.
        (Precision::Year | Precision::Season | Precision::Month | Precision::Day, ..) => format!("{year:04}"),
    };
    match date.qualifier {
        Qualifier::Uncertain | Qualifier::ApproximateUncertain => format!("{text}?"),
        Qualifier::Exact | Qualifier::Approximate => text,
    }
}

/// Look-ups over the dataset, built once per export.
struct Index<'a> {
    dataset: &'a Dataset,
    instruments: HashMap<&'a str, &'a Instrument>,
    actors: HashMap<&'a str, &'a Actor>,
    places: HashMap<&'a str, &'a crate::model::Place>,
    events: HashMap<&'a str, &'a Event>,
    sources: HashMap<&'a str, &'a crate::model::Source>,
    /// Events by the instruments they concern, in data order.
    events_by_instrument: HashMap<&'a str, Vec<&'a Event>>,
    /// Articles by their instrument, in data order.
    articles_by_instrument: HashMap<&'a str, Vec<&'a Article>>,
    /// Relations by their target: the instrument that makes each and its kind, in data order.
    relations_to: HashMap<&'a str, Vec<(&'a str, &'a Instrument)>>,
    /// Every record id, so that made-up eIds avoid them.
    ids: HashSet<&'a str>,
}

impl<'a> Index<'a> {
    fn new(dataset: &'a Dataset) -> Index<'a> {
        let d = dataset;
        let ids = d.records().map(|(_, _, id)| id).collect();
        let mut events_by_instrument: HashMap<&str, Vec<&Event>> = HashMap::new();
        for event in &d.events {
            for instrument in &event.instruments {
                let events = events_by_instrument.entry(instrument.as_str()).or_default();
                // An event that names an instrument twice is still one event of it.
                if events.last().is_none_or(|last| !std::ptr::eq(*last, event)) {
                    events.push(event);
                }
            }
        }
        let mut articles_by_instrument: HashMap<&str, Vec<&Article>> = HashMap::new();
        for article in &d.articles {
            articles_by_instrument.entry(article.instrument.as_str()).or_default().push(article);
        }
        let mut relations_to: HashMap<&str, Vec<(&str, &Instrument)>> = HashMap::new();
        for instrument in &d.instruments {
            for relation in &instrument.relations {
                relations_to.entry(relation.target.as_str()).or_default().push((relation.kind.as_str(), instrument));
            }
        }
        Index {
            dataset,
            events_by_instrument,
            articles_by_instrument,
            relations_to,
            instruments: d.instruments.iter().map(|r| (r.id.as_str(), r)).collect(),
            actors: d.actors.iter().map(|r| (r.id.as_str(), r)).collect(),
            places: d.places.iter().map(|r| (r.id.as_str(), r)).collect(),
            events: d.events.iter().map(|r| (r.id.as_str(), r)).collect(),
            sources: d.sources.iter().map(|r| (r.id.as_str(), r)).collect(),
            ids,
        }
    }

    /// Events that concern an instrument.
    fn events_of(&self, instrument: &str) -> &[&'a Event] {
        self.events_by_instrument.get(instrument).map(Vec::as_slice).unwrap_or_default()
    }

    /// Articles of an instrument, in data order.
    fn articles_of(&self, instrument: &str) -> Vec<&'a Article> {
        self.articles_by_instrument.get(instrument).cloned().unwrap_or_default()
    }
}

/// A dated point in the instrument's history: the date and, where the dataset has one,
/// the event record.
struct Milestone<'a> {
    date: AknDate,
    event: Option<&'a Event>,
}

/// The date a Work is named by.
struct Naming {
    date: AknDate,
    /// Its date component in the Work IRI.
    uri: UriDate,
    /// What the date is: `signature` or `entryIntoForce`.
    what: &'static str,
}

/// Everything one document holds, decided before any writing.
struct Plan<'a> {
    instrument: &'a Instrument,
    /// `act` or `doc`.
    doc_type: &'static str,
    work: String,
    work_date: Naming,
    signature: Option<Milestone<'a>>,
    in_force: Option<Milestone<'a>>,
    /// Events of the instrument's making done by an actor the data names: each with
    /// that actor (its first participant) and role.
    steps: Vec<(AknDate, &'a Event, &'a Participant)>,
    /// Events of its making whose actor the data does not name: `lifecycle` events.
    unattributed: Vec<(AknDate, &'a Event)>,
    articles: Vec<&'a Article>,
}

impl<'a> Plan<'a> {
    fn new(instrument: &'a Instrument, index: &Index<'a>, input: &Input) -> Option<Plan<'a>> {
        let id = instrument.id.as_str();
        // The event of a milestone: the first of `kinds` (in that order of preference)
        // among the events of this instrument on exactly that date.
        let milestone = |date: Option<&str>, kinds: &[EventKind]| -> Option<Milestone<'a>> {
            let date = date?;
            let event = kinds
                .iter()
                .find_map(|&kind| index.events_of(id).iter().copied().find(|e| e.kind == kind && e.date == date));
            Some(Milestone { date: AknDate::new(date)?, event })
        };
        let signature = milestone(instrument.signed.as_ref().map(|s| s.date.as_str()), &GENERATION_KINDS);
        let in_force = milestone(instrument.entry_into_force.as_deref(), &[EventKind::EntryIntoForce]);

        let mut articles = index.articles_of(id);
        if articles.is_empty() && signature.is_none() {
            return None;
        }
        // Unnumbered first, in data order; then by number (the sort is stable).
        articles.sort_by_key(|a| a.number);

        // Named by the first of its signature and entry into force that a Work IRI can
        // hold without an invented part.
        let naming = |milestone: &Option<Milestone>, what| {
            let date = &milestone.as_ref()?.date;
            Some(Naming { date: date.clone(), uri: date.uri_date()?, what })
        };
        let work_date = naming(&signature, "signature").or_else(|| naming(&in_force, "entryIntoForce"))?;
        let mut events: Vec<(AknDate, &Event)> = index
            .events_of(id)
            .iter()
            .copied()
            .filter(|e| is_workflow_step(e.kind))
            .filter_map(|e| Some((AknDate::new(&e.date)?, e)))
            .collect();
        events.sort_by(|(a, x), (b, y)| (&a.day, &x.id).cmp(&(&b.day, &y.id)));
        // A step is done by an actor: the event's first participant that the dataset
        // holds. Where the data names none, the event is no step (the schema wants its
        // `by`), and nobody else is credited with it.
        let (mut steps, mut unattributed) = (Vec::new(), Vec::new());
        for (date, event) in events {
            match event.participants.iter().find(|p| index.actors.contains_key(p.actor.as_str())) {
                Some(participant) => steps.push((date, event, participant)),
                None => unattributed.push((date, event)),
            }
        }

        let doc_type = doc_type(instrument.kind);
        let work =
            format!("/akn/{}/{doc_type}/{}/{}/{id}", input.settings.akn_country, instrument.kind, work_date.uri.text);
        Some(Plan { instrument, doc_type, work, work_date, signature, in_force, steps, unattributed, articles })
    }

    fn write(&self, index: &Index, input: &Input) -> Vec<u8> {
        let mut refs = Refs::new(index, input);
        // The preface and body come first, so that they register the notes and TLCs
        // that the metadata then lists.
        let preface = self.preface(&mut refs);
        let body = self.body(&mut refs);
        let meta = self.meta(&mut refs, index, input);

        let mut doc = Xml::new(0);
        doc.event(XmlEvent::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        doc.open("akomaNtoso", &[("xmlns", AKN_NS), ("xmlns:anpo", ANPO_NS)]);
        doc.open(self.doc_type, &[("name", self.instrument.kind.as_str())]);
        let mut bytes = doc.finish();
        for part in [meta, preface, body] {
            bytes.extend(part);
        }
        let mut end = Xml::new(2);
        end.close(self.doc_type);
        end.close("akomaNtoso");
        bytes.extend(end.finish());
        bytes.push(b'\n');
        bytes
    }

    fn preface(&self, refs: &mut Refs) -> Vec<u8> {
        let i = self.instrument;
        let mut x = Xml::new(2);
        x.open("preface", &[]);
        x.open("longTitle", &[("eId", "preface__longTitle_1")]);
        let titles = [("en", Some(&i.title.en)), ("ja", i.title.ja.as_ref()), ("ja-Latn", i.title.ja_latn.as_ref())];
        for (n, (lang, title)) in titles.into_iter().filter_map(|(l, t)| Some((l, t?))).enumerate() {
            x.begin_line("p", &[("eId", &format!("preface__longTitle_1__p_{}", n + 1))]);
            let lang_attrs: &[(&str, &str)] = if lang == "en" { &[] } else { &[("xml:lang", lang)] };
            x.inline_leaf("docTitle", lang_attrs, title);
            if lang == "en" {
                if !self.articles.is_empty() {
                    refs.note_ref(&mut x, &i.summary);
                }
                if let Some(notes) = &i.notes {
                    refs.note_ref(&mut x, notes);
                }
            }
            x.end_line("p");
        }
        x.close("longTitle");

        let mut p = 0;
        let mut next_p = || {
            p += 1;
            format!("preface__p_{p}")
        };
        x.begin_line("p", &[("eId", &next_p())]);
        x.inline_leaf("shortTitle", &[], &i.short_name);
        x.end_line("p");

        // A statement is issued, by its parties; anything else is signed between them.
        let issued = i.kind == InstrumentKind::Statement;
        let parties: Vec<&str> = i.parties.iter().map(String::as_str).filter(|p| refs.has_actor(p)).collect();
        if !parties.is_empty() {
            let eid = next_p();
            let mut inline = Inline::new(&eid);
            x.begin_line("p", &[("eId", &eid)]);
            x.text(if issued { "Issued by: " } else { "Parties: " });
            for (n, party) in parties.iter().enumerate() {
                if n > 0 {
                    x.text(if n + 1 == parties.len() { " and " } else { ", " });
                }
                refs.actor_inline(&mut x, &mut inline, party, None);
            }
            x.text(".");
            x.end_line("p");
        }

        // The signature where there is one, whether or not it names the Work.
        let eid = next_p();
        let mut inline = Inline::new(&eid);
        x.begin_line("p", &[("eId", &eid)]);
        match (&self.signature, &i.signed) {
            (Some(Milestone { date, .. }), Some(signed)) => {
                x.text(if issued { "Issued" } else { "Signed" });
                if let Some(place) = signed.place.as_deref().filter(|p| refs.has_place(p) || refs.has_actor(p)) {
                    x.text(" at ");
                    refs.place_inline(&mut x, &mut inline, place);
                }
                x.text(&format!(" {} ", date.preposition));
                doc_date(&mut x, date);
                let signatories: Vec<&str> =
                    signed.signatories.iter().map(String::as_str).filter(|s| refs.has_actor(s)).collect();
                for (n, signatory) in signatories.iter().enumerate() {
                    x.text(match n {
                        0 => " by ",
                        n if n + 1 == signatories.len() => " and ",
                        _ => ", ",
                    });
                    let role =
                        self.signature.as_ref().and_then(|s| s.event).and_then(|e| {
                            e.participants.iter().find(|p| p.actor == *signatory).map(|p| p.role.as_str())
                        });
                    refs.actor_inline(&mut x, &mut inline, signatory, role);
                }
            }
            _ => {
                let date = &self.work_date.date;
                x.text(&format!("Entered into force {} ", date.preposition));
                doc_date(&mut x, date);
            }
        }
        x.text(".");
        x.end_line("p");
        let concerns = refs.nameable(&i.concerns);
        if !concerns.is_empty() {
            write_concerns(&mut x, refs, &next_p(), &concerns);
        }
        x.close("preface");
        x.finish()
    }

    fn body(&self, refs: &mut Refs) -> Vec<u8> {
        let mut x = Xml::new(2);
        let body = if self.doc_type == "act" { "body" } else { "mainBody" };
        let period: &[(&str, &str)] = if self.in_force.is_some() { &[("period", "#tg_inForce")] } else { &[] };
        x.open(body, period);
        if self.articles.is_empty() {
            // The schema wants a hierarchy in an act's body; a doc's takes a plain p.
            let prefix = if body == "body" {
                x.open("hcontainer", &[("eId", "hcontainer_1"), ("name", "summary")]);
                x.open("content", &[("eId", "hcontainer_1__content")]);
                "hcontainer_1__content__"
            } else {
                ""
            };
            x.begin_line("p", &[("eId", &format!("{prefix}p_1"))]);
            refs.note_ref(&mut x, &self.instrument.summary);
            x.end_line("p");
            if body == "body" {
                x.close("content");
                x.close("hcontainer");
            }
        }
        let mut unnumbered = 0;
        let mut taken = HashSet::new();
        for article in &self.articles {
            let mut eid = match article.number {
                Some(n) => format!("art_{n}"),
                None => {
                    unnumbered += 1;
                    format!("art_nn_{unnumbered}")
                }
            };
            // Two articles with one number are a data error; keep the eIds unique anyway.
            let mut instance = 1;
            while !taken.insert(eid.clone()) {
                instance += 1;
                eid = format!("{}_inst{instance}", eid.split("_inst").next().unwrap_or_default());
            }
            write_article(&mut x, refs, article, &eid);
        }
        x.close(body);
        x.finish()
    }

    fn meta(&self, refs: &mut Refs, index: &Index, input: &Input) -> Vec<u8> {
        let i = self.instrument;
        let src = refs.editor();
        let mut x = Xml::new(2);
        x.open("meta", &[]);
        x.open("identification", &[("source", &src)]);

        let naming = &self.work_date;
        let expression = format!("{}/eng@", self.work);
        x.open("FRBRWork", &[]);
        x.empty("FRBRthis", &[("value", &format!("{}/!main", self.work))]);
        x.empty("FRBRuri", &[("value", &self.work)]);
        let mut aliases = vec![("title", "en", i.title.en.as_str(), None)];
        if let Some(ja) = &i.title.ja {
            aliases.push(("title", "ja", ja, None));
        }
        if let Some(latn) = &i.title.ja_latn {
            aliases.push(("title", "ja-Latn", latn, None));
        }
        aliases.push(("shortName", "en", &i.short_name, None));
        for alias in &i.aliases {
            aliases.push(("alias", alias.lang.as_str(), &alias.name, alias.note.as_deref()));
        }
        for (name, lang, value, note) in aliases {
            let mut attrs = vec![("name", name), ("value", value), ("xml:lang", lang)];
            if let Some(note) = note {
                attrs.push(("anpo:note", note));
            }
            x.empty("FRBRalias", &attrs);
        }
        frbr_date(&mut x, &naming.date, naming.what);
        let mut authors: Vec<String> = i.parties.iter().filter_map(|p| refs.actor(p)).collect();
        if authors.is_empty() {
            authors.push(src.clone());
        }
        for author in &authors {
            x.empty("FRBRauthor", &[("href", author)]);
        }
        x.empty("FRBRcountry", &[("value", &input.settings.akn_country)]);
        x.empty("FRBRsubtype", &[("value", i.kind.as_str())]);
        x.empty("FRBRname", &[("value", &i.id), ("showAs", &i.short_name)]);
        x.close("FRBRWork");

        x.open("FRBRExpression", &[]);
        x.empty("FRBRthis", &[("value", &format!("{expression}/!main"))]);
        x.empty("FRBRuri", &[("value", &expression)]);
        frbr_date(&mut x, &naming.date, naming.what);
        x.empty("FRBRauthor", &[("href", &src)]);
        x.empty("FRBRauthoritative", &[("value", "false")]);
        x.empty("FRBRlanguage", &[("language", "eng")]);
        x.close("FRBRExpression");

        x.open("FRBRManifestation", &[]);
        x.empty("FRBRthis", &[("value", &format!("{expression}/!main.xml"))]);
        x.empty("FRBRuri", &[("value", &format!("{expression}.xml"))]);
        let modified = index.dataset.dataset.as_ref().and_then(|d| AknDate::new(&d.modified));
        frbr_date(&mut x, modified.as_ref().unwrap_or(&naming.date), "generation");
        x.empty("FRBRauthor", &[("href", &src)]);
        x.empty("FRBRformat", &[("value", "application/akn+xml")]);
        x.close("FRBRManifestation");
        x.close("identification");

        // The signature, the entry into force and the events of the instrument's making
        // whose actor the data does not name, in the order of their dates (on one day:
        // signature, events, entry into force).
        let mut lifecycle: Vec<(&AknDate, u8, String, Option<&Event>)> = Vec::new();
        if let Some(m) = &self.signature {
            lifecycle.push((&m.date, 0, "e_signature".to_string(), m.event));
        }
        let mut kinds: HashMap<EventKind, usize> = HashMap::new();
        for (date, event) in &self.unattributed {
            let n = kinds.entry(event.kind).or_default();
            *n += 1;
            let eid = match *n {
                1 => format!("e_{}", camel(event.kind.as_str())),
                n => format!("e_{}_{n}", camel(event.kind.as_str())),
            };
            lifecycle.push((date, 1, eid, Some(event)));
        }
        if let Some(m) = &self.in_force {
            lifecycle.push((&m.date, 2, "e_entryIntoForce".to_string(), m.event));
        }
        lifecycle.sort_by(|a, b| (&a.0.day, a.1).cmp(&(&b.0.day, b.1)));
        if !lifecycle.is_empty() {
            x.open("lifecycle", &[("source", &src)]);
            for (date, rank, eid, event) in lifecycle {
                let mut attrs: Vec<(&str, String)> = vec![("eId", eid)];
                attrs.extend(date.attrs());
                attrs.push(("source", src.clone()));
                if rank == 0 {
                    attrs.push(("type", "generation".to_string()));
                }
                if let Some(event) = event {
                    attrs.push(("refersTo", refs.event(event)));
                }
                x.empty("eventRef", &borrow(&attrs));
            }
            x.close("lifecycle");
        }

        if !self.steps.is_empty() {
            x.open("workflow", &[("source", &src)]);
            for (n, (date, event, participant)) in self.steps.iter().enumerate() {
                let mut attrs: Vec<(&str, String)> = vec![("eId", format!("step_{}", n + 1))];
                attrs.extend(date.attrs());
                if let Some(by) = refs.actor(&participant.actor) {
                    attrs.push(("by", by));
                    attrs.push(("as", refs.role(&participant.role)));
                }
                attrs.push(("refersTo", refs.event(event)));
                x.empty("step", &borrow(&attrs));
            }
            x.close("workflow");
        }

        if self.in_force.is_some() {
            let concept = refs.in_force();
            x.open("temporalData", &[("source", &src)]);
            x.open("temporalGroup", &[("eId", "tg_inForce")]);
            x.empty("timeInterval", &[("start", "#e_entryIntoForce"), ("refersTo", &concept)]);
            x.close("temporalGroup");
            x.close("temporalData");
        }

        // References last among what registers TLCs, notes after them.
        x.open("references", &[("source", &src)]);
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for (element, kind, other) in self.relations(index) {
            let href = work_iri(index, input, &other.id)
                .unwrap_or_else(|| record_iri(&input.settings.base_iri, RecordKind::Instrument, &other.id));
            let n = counts.entry(element).or_default();
            *n += 1;
            let eid = format!("{element}_{n}");
            x.empty(element, &[("eId", &eid), ("href", &href), ("showAs", &other.short_name), ("anpo:relation", kind)]);
        }
        for tlc in refs.tlcs.values() {
            x.empty(tlc.element, &[("eId", &tlc.eid), ("href", &tlc.href), ("showAs", &tlc.show_as)]);
        }
        x.close("references");

        if !refs.notes.is_empty() {
            x.open("notes", &[("source", &src)]);
            for (n, text) in refs.notes.iter().enumerate() {
                let eid = format!("note_{}", n + 1);
                let marker = (n + 1).to_string();
                x.open("note", &[("eId", &eid), ("marker", &marker), ("placement", "bottom")]);
                x.leaf("p", &[("eId", &format!("{eid}__p_1"))], text);
                x.close("note");
            }
            x.close("notes");
        }

        x.open("proprietary", &[("source", &src)]);
        let record = record_iri(&input.settings.base_iri, RecordKind::Instrument, &i.id);
        let count = i.article_count.map(|n| n.to_string());
        let mut attrs = vec![("href", record.as_str()), ("kind", i.kind.as_str())];
        if let Some(count) = &count {
            attrs.push(("articleCount", count));
        }
        x.empty("anpo:instrument", &attrs);
        if let Some(term) = &i.term {
            x.leaf("anpo:term", &[], term);
        }
        if let Some(termination) = &i.termination {
            x.leaf("anpo:termination", &[], termination);
        }
        let mut sources: BTreeSet<&str> = i.sources.iter().map(String::as_str).collect();
        for article in &self.articles {
            sources.extend(article.sources.iter().map(String::as_str));
            sources.extend(article.quotations.iter().map(|q| q.source.as_str()));
        }
        for id in sources {
            let Some(source) = index.sources.get(id) else {
                continue;
            };
            let href = record_iri(&input.settings.base_iri, RecordKind::Source, id);
            x.leaf("anpo:source", &[("href", &href)], &source.attribution);
        }
        x.close("proprietary");
        x.close("meta");
        x.finish()
    }

    /// Relations from this instrument (`activeRef`) and to it (`passiveRef`), with the
    /// other instrument, in data order.
    fn relations<'b>(&self, index: &Index<'b>) -> Vec<(&'static str, &'b str, &'b Instrument)> {
        let id = &self.instrument.id;
        let own = index.instruments.get(id.as_str()).map(|i| i.relations.as_slice()).unwrap_or_default();
        let active =
            own.iter().filter_map(|r| Some(("activeRef", r.kind.as_str(), *index.instruments.get(r.target.as_str())?)));
        let incoming = index.relations_to.get(id.as_str()).map(Vec::as_slice).unwrap_or_default();
        let passive = incoming.iter().map(|&(kind, other)| ("passiveRef", kind, other));
        active.chain(passive).collect()
    }
}

fn write_article(x: &mut Xml, refs: &mut Refs, article: &Article, eid: &str) {
    x.open("article", &[("eId", eid)]);
    if let Some(n) = article.number {
        x.leaf("num", &[("eId", &format!("{eid}__num"))], &format!("Article {n}"));
    }
    x.leaf("heading", &[("eId", &format!("{eid}__heading"))], &article.heading);
    let content = format!("{eid}__content");
    x.open("content", &[("eId", &content)]);
    x.begin_line("p", &[("eId", &format!("{content}__p_1"))]);
    refs.note_ref(x, &article.summary);
    if let Some(notes) = &article.notes {
        refs.note_ref(x, notes);
    }
    x.end_line("p");
    for (n, quotation) in article.quotations.iter().enumerate() {
        x.begin_line("p", &[("eId", &format!("{content}__p_{}", n + 2))]);
        x.text(&quotation.quoted_from);
        x.text(": ");
        let href = record_iri(&refs.base, RecordKind::Source, &quotation.source);
        x.inline_leaf("embeddedText", &[("startQuote", "“"), ("endQuote", "”"), ("href", &href)], &quotation.text);
        x.end_line("p");
    }
    let concerns = refs.nameable(&article.concerns);
    if !concerns.is_empty() {
        let eid = format!("{content}__p_{}", article.quotations.len() + 2);
        write_concerns(x, refs, &eid, &concerns);
    }
    x.close("content");
    x.close("article");
}

/// "Concerns: A, B and C." as a `p` of its own, each record named inline; `ids` are the
/// ones [`Refs::nameable`] kept.
fn write_concerns(x: &mut Xml, refs: &mut Refs, eid: &str, ids: &[&str]) {
    let mut inline = Inline::new(eid);
    x.begin_line("p", &[("eId", eid)]);
    x.text("Concerns: ");
    for (n, id) in ids.iter().enumerate() {
        if n > 0 {
            x.text(if n + 1 == ids.len() { " and " } else { ", " });
        }
        refs.record_inline(x, &mut inline, id);
    }
    x.text(".");
    x.end_line("p");
}

fn doc_date(x: &mut Xml, date: &AknDate) {
    let attrs = date.attrs();
    x.inline_leaf("docDate", &borrow(&attrs), &date.human);
}

/// An `FRBRdate` for `what` (`signature`, `entryIntoForce`, `generation`): the first day
/// of the day, month or year a Work IRI names by `date`, with a `name` that says which
/// ([`frbr_date_name`]); for a date no year holds (only a manifestation's can be one),
/// its first day (its last for an open start) under the name `what`.
fn frbr_date(x: &mut Xml, date: &AknDate, what: &str) {
    let (mut attrs, name) = match date.uri_date() {
        Some(uri) => (date.attrs_with_day(&uri.first_day()), frbr_date_name(what, uri.period)),
        None => (date.attrs(), what.to_string()),
    };
    attrs.push(("name", name));
    x.empty("FRBRdate", &borrow(&attrs));
}

/// `exchange-of-ratifications` → `exchangeOfRatifications`.
fn camel(kebab: &str) -> String {
    let mut out = String::with_capacity(kebab.len());
    let mut upper = false;
    for c in kebab.chars() {
        match c {
            '-' => upper = true,
            c if upper => {
                out.push(c.to_ascii_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}

fn borrow<'a>(attrs: &'a [(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    attrs.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// A Top Level Class entry of `meta/references`.
struct Tlc {
    element: &'static str,
    eid: String,
    href: String,
    show_as: String,
}

/// What a document refers to, collected while it is written: TLCs (keyed by element
/// order, then eId, which is the order they are listed in) and editorial notes.
struct Refs<'a, 'i> {
    index: &'i Index<'a>,
    base: String,
    publisher: String,
    /// `#eId` of the dataset's own TLC, once coined.
    editor: Option<String>,
    tlcs: BTreeMap<(u8, String), Tlc>,
    /// Role words → eId.
    roles: HashMap<String, String>,
    /// Made-up eIds in use (the editor, concepts, roles).
    coined: HashSet<String>,
    notes: Vec<String>,
}

impl<'a, 'i> Refs<'a, 'i> {
    fn new(index: &'i Index<'a>, input: &Input) -> Refs<'a, 'i> {
        let publisher = index.dataset.dataset.as_ref().map_or("Anpo dataset", |d| d.publisher.as_str());
        Refs {
            index,
            base: input.settings.base_iri.clone(),
            publisher: publisher.to_string(),
            editor: None,
            tlcs: BTreeMap::new(),
            roles: HashMap::new(),
            coined: HashSet::new(),
            notes: Vec::new(),
        }
    }

    /// An eId not used by any record id nor coined before: `wanted`, else `wanted-2`, ….
    fn coin(&mut self, wanted: &str) -> String {
        let mut eid = wanted.to_string();
        let mut n = 1;
        while self.index.ids.contains(eid.as_str()) || self.coined.contains(&eid) {
            n += 1;
            eid = format!("{wanted}-{n}");
        }
        self.coined.insert(eid.clone());
        eid
    }

    fn add(&mut self, element: &'static str, eid: String, href: String, show_as: &str) -> String {
        let order = match element {
            "TLCOrganization" => 0,
            "TLCPerson" => 1,
            "TLCLocation" => 2,
            "TLCEvent" => 3,
            "TLCRole" => 4,
            _ => 5,
        };
        let target = format!("#{eid}");
        self.tlcs.entry((order, eid.clone())).or_insert(Tlc { element, eid, href, show_as: show_as.to_string() });
        target
    }

    /// The dataset as the source of every metadata block: `#anpo`.
    fn editor(&mut self) -> String {
        if let Some(editor) = &self.editor {
            return editor.clone();
        }
        let eid = self.coin("anpo");
        let (href, publisher) = (self.base.clone(), self.publisher.clone());
        let editor = self.add("TLCOrganization", eid, href, &publisher);
        self.editor = Some(editor.clone());
        editor
    }

    fn in_force(&mut self) -> String {
        let eid = self.coin("inForce");
        let href = format!("{ANPO_NS}inForce");
        self.add("TLCConcept", eid, href, "In force")
    }

    fn has_actor(&self, id: &str) -> bool {
        self.index.actors.contains_key(id)
    }

    fn has_place(&self, id: &str) -> bool {
        self.index.places.contains_key(id)
    }

    /// `#id` of an actor's TLC, or `None` for an id the dataset does not hold.
    fn actor(&mut self, id: &str) -> Option<String> {
        let actor = *self.index.actors.get(id)?;
        let element = if is_person(actor.kind) { "TLCPerson" } else { "TLCOrganization" };
        let href = record_iri(&self.base, RecordKind::Actor, id);
        Some(self.add(element, id.to_string(), href, &actor.name.en))
    }

    fn event(&mut self, event: &Event) -> String {
        let href = record_iri(&self.base, RecordKind::Event, &event.id);
        self.add("TLCEvent", event.id.clone(), href, &event.title)
    }

    fn role(&mut self, words: &str) -> String {
        if let Some(eid) = self.roles.get(words) {
            return format!("#{eid}");
        }
        let slug = slug(words);
        let eid = self.coin(&format!("role-{slug}"));
        self.roles.insert(words.to_string(), eid.clone());
        let href = format!("{}role/{}", self.base, &eid["role-".len()..]);
        self.add("TLCRole", eid, href, words)
    }

    /// An actor named inline: `<person>` or `<organization>` referring to its TLC.
    fn actor_inline(&mut self, x: &mut Xml, inline: &mut Inline, id: &str, role: Option<&str>) {
        let Some(target) = self.actor(id) else { return };
        let actor = self.index.actors[id];
        let element = if is_person(actor.kind) { "person" } else { "organization" };
        // Only `person` takes a role (`as`).
        let role = role.filter(|_| element == "person").map(|r| self.role(r));
        let eid = inline.eid(element);
        let mut attrs = vec![("eId", eid.as_str()), ("refersTo", target.as_str())];
        if let Some(role) = &role {
            attrs.push(("as", role));
        }
        x.inline_leaf(element, &attrs, &actor.name.en);
    }

    /// A place named inline: `<location>` referring to its TLC. A state named as a place
    /// (a country is one record, an actor of kind `state`) keeps its one TLC, a
    /// `TLCOrganization`, so that its eId stays unique where it is also a party.
    fn place_inline(&mut self, x: &mut Xml, inline: &mut Inline, id: &str) {
        if let Some(place) = self.index.places.get(id) {
            let href = record_iri(&self.base, RecordKind::Place, id);
            let target = self.add("TLCLocation", id.to_string(), href, &place.name.en);
            x.inline_leaf("location", &[("eId", &inline.eid("location")), ("refersTo", &target)], &place.name.en);
        } else if let Some(target) = self.actor(id) {
            let name = &self.index.actors[id].name.en;
            x.inline_leaf("location", &[("eId", &inline.eid("location")), ("refersTo", &target)], name);
        }
    }

    /// The ids among `ids` that a TLC can stand for (actors, places and events), in order.
    fn nameable<'s>(&self, ids: &'s [String]) -> Vec<&'s str> {
        let index = self.index;
        let known =
            |id: &&str| index.actors.contains_key(id) || index.places.contains_key(id) || index.events.contains_key(id);
        ids.iter().map(String::as_str).filter(known).collect()
    }

    /// An actor, place or event named inline, referring to its TLC; nothing for an id of
    /// any other kind.
    fn record_inline(&mut self, x: &mut Xml, inline: &mut Inline, id: &str) {
        if self.has_actor(id) {
            self.actor_inline(x, inline, id, None);
        } else if self.has_place(id) {
            self.place_inline(x, inline, id);
        } else if let Some(event) = self.index.events.get(id).copied() {
            let target = self.event(event);
            x.inline_leaf("event", &[("eId", &inline.eid("event")), ("refersTo", &target)], &event.title);
        }
    }

    /// Files `text` as an editorial note and writes its `noteRef`.
    fn note_ref(&mut self, x: &mut Xml, text: &str) {
        self.notes.push(text.to_string());
        let n = self.notes.len();
        let href = format!("#note_{n}");
        x.inline_empty("noteRef", &[("href", &href), ("marker", &n.to_string()), ("placement", "bottom")]);
    }
}

/// The eIds of the inline elements of one block, by the naming convention:
/// `{block}__{element}_{n}`, `n` counting that element in the block from 1
/// (`preface__p_2__organization_1`).
struct Inline<'p> {
    block: &'p str,
    counts: HashMap<&'static str, usize>,
}

impl<'p> Inline<'p> {
    fn new(block: &'p str) -> Inline<'p> {
        Inline { block, counts: HashMap::new() }
    }

    fn eid(&mut self, element: &'static str) -> String {
        let n = self.counts.entry(element).or_default();
        *n += 1;
        format!("{}__{element}_{n}", self.block)
    }
}

/// Lower-case ASCII letters and digits of `words`, runs joined by `-`.
fn slug(words: &str) -> String {
    let lower = words.to_lowercase();
    let parts: Vec<&str> = lower.split(|c: char| !c.is_ascii_alphanumeric()).filter(|p| !p.is_empty()).collect();
    if parts.is_empty() { "unnamed".to_string() } else { parts.join("-") }
}

/// An XML writer that indents element-only content by two spaces per level and writes
/// mixed content (a `p` with text and inline elements) on one line. Escaping is
/// quick-xml's: text and attribute values are never concatenated raw.
struct Xml {
    out: Writer<Vec<u8>>,
    depth: usize,
}

const WRITE: &str = "writing XML into memory cannot fail";

impl Xml {
    fn new(depth: usize) -> Xml {
        Xml { out: Writer::new(Vec::new()), depth }
    }

    fn finish(self) -> Vec<u8> {
        self.out.into_inner()
    }

    fn event(&mut self, event: XmlEvent) {
        self.out.write_event(event).expect(WRITE);
    }

    fn break_line(&mut self) {
        let out = self.out.get_mut();
        out.push(b'\n');
        out.extend(std::iter::repeat_n(b' ', 2 * self.depth));
    }

    fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.break_line();
        self.event(XmlEvent::Start(start(name, attrs)));
        self.depth += 1;
    }

    fn close(&mut self, name: &str) {
        self.depth -= 1;
        self.break_line();
        self.event(XmlEvent::End(BytesEnd::new(name)));
    }

    fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.break_line();
        self.event(XmlEvent::Empty(start(name, attrs)));
    }

    /// An element holding only text, on its own line.
    fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.break_line();
        self.inline_leaf(name, attrs, text);
    }

    /// Starts a line of mixed content; end it with [`Xml::end_line`].
    fn begin_line(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.break_line();
        self.event(XmlEvent::Start(start(name, attrs)));
    }

    fn end_line(&mut self, name: &str) {
        self.event(XmlEvent::End(BytesEnd::new(name)));
    }

    /// Text content, with `&`, `<` and `>` escaped (quotes need no escaping outside
    /// attributes, and apostrophes are frequent in English).
    fn text(&mut self, text: &str) {
        self.event(XmlEvent::Text(BytesText::from_escaped(partial_escape(text))));
    }

    fn inline_leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.event(XmlEvent::Start(start(name, attrs)));
        self.text(text);
        self.event(XmlEvent::End(BytesEnd::new(name)));
    }

    fn inline_empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.event(XmlEvent::Empty(start(name, attrs)));
    }
}

fn start<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
    BytesStart::new(name).with_attributes(attrs.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exact_day_needs_no_edtf() {
        let d = AknDate::new("1960-01-19").unwrap();
        assert_eq!((d.day.as_str(), &d.edtf, d.human.as_str()), ("1960-01-19", &None, "19 January 1960"));
        assert_eq!(d.attrs(), [("date", "1960-01-19".to_string())]);
    }

    #[test]
    fn an_imprecise_date_is_its_first_day_and_keeps_its_edtf() {
        let d = AknDate::new("1960-05/1960-06").unwrap();
        assert_eq!((d.day.as_str(), d.edtf.map(|e| e.0).as_deref()), ("1960-05-01", Some("1960-05/1960-06")));
        let d = AknDate::new("1960-06").unwrap();
        let edtf = d.edtf.map(|e| e.0);
        assert_eq!((d.day.as_str(), edtf.as_deref(), d.human.as_str()), ("1960-06-01", Some("1960-06"), "June 1960"));
        let d = AknDate::new("1960-06-19~").unwrap();
        assert_eq!((d.day.as_str(), d.edtf.map(|e| e.0).as_deref()), ("1960-06-19", Some("1960-06-19~")));
    }

    #[test]
    fn every_form_gives_its_first_day_and_keeps_its_edtf_and_days() {
        let attrs = |text: &str| AknDate::new(text).unwrap().attrs();
        let owned = |pairs: &[(&'static str, &str)]| -> Vec<(&'static str, String)> {
            pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
        };
        assert_eq!(attrs("1960-06-19"), owned(&[("date", "1960-06-19")]));
        for (text, first, last) in [
            ("1960-06-19%", "1960-06-19", "1960-06-19"),
            ("1960", "1960-01-01", "1960-12-31"),
            ("196X", "1960-01-01", "1969-12-31"),
            ("19XX", "1900-01-01", "1999-12-31"),
            ("1960-XX", "1960-01-01", "1960-12-31"),
            ("1960-XX-XX", "1960-01-01", "1960-12-31"),
            ("1960-02-XX", "1960-02-01", "1960-02-29"),
            ("1960-21", "1960-03-01", "1960-05-31"),
            ("1963-24", "1963-12-01", "1964-02-29"),
            ("1959-11?/1960-02~", "1959-11-01", "1960-02-29"),
        ] {
            let want = [("date", first), ("anpo:edtf", text), ("anpo:firstDay", first), ("anpo:lastDay", last)];
            assert_eq!(attrs(text), owned(&want), "{text}");
        }
        assert_eq!(
            attrs("/2008"),
            owned(&[("date", "2008-12-31"), ("anpo:edtf", "/2008"), ("anpo:lastDay", "2008-12-31")])
        );
        assert_eq!(
            attrs("1960-06-23/.."),
            owned(&[("date", "1960-06-23"), ("anpo:edtf", "1960-06-23/.."), ("anpo:firstDay", "1960-06-23")])
        );
    }

    #[test]
    fn readers_get_words_for_imprecise_dates() {
        let words = |edtf: &str| {
            let d = AknDate::new(edtf).unwrap();
            format!("{} {}", d.preposition, d.human)
        };
        assert_eq!(words("1960-06-19"), "on 19 June 1960");
        assert_eq!(words("1960-06"), "in June 1960");
        assert_eq!(words("1960~"), "around 1960");
        assert_eq!(words("1960-06?"), "in June 1960?");
        assert_eq!(words("1960-05/1960-06"), "between May 1960 and June 1960");
        assert_eq!(words("../2008"), "by 2008");
        assert_eq!(words("1960/.."), "from 1960");
        assert_eq!(words("/2008"), "by 2008");
        assert_eq!(words("196X"), "in the 1960s");
        assert_eq!(words("19XX"), "in the years 1900 to 1999");
        assert_eq!(words("1960-XX"), "in 1960");
        assert_eq!(words("1960-XX-XX"), "in 1960");
        assert_eq!(words("1960-06-XX"), "in June 1960");
        assert_eq!(words("1960-21"), "in spring 1960");
        assert_eq!(words("1960-23"), "in autumn 1960");
        assert_eq!(words("1960-24"), "in winter 1960–1961");
    }

    #[test]
    fn an_interval_open_at_the_start_falls_back_to_its_last_day() {
        let d = AknDate::new("../2008").unwrap();
        let last = Some("2008-12-31".to_string());
        assert_eq!((d.day.as_str(), d.edtf), ("2008-12-31", Some(("../2008".to_string(), None, last))));
    }

    #[test]
    fn a_work_iri_keeps_the_date_at_the_precision_the_source_gives() {
        for (edtf, uri) in [
            ("1960-01-19", Some("1960-01-19")),
            ("1960-05", Some("1960-05")),
            ("2012", Some("2012")),
            ("0001", Some("0001")),
            ("9999-12-31", Some("9999-12-31")),
            // A qualifier says how sure the sources are, not which days.
            ("1960-06-19~", Some("1960-06-19")),
            ("1960-06-19%", Some("1960-06-19")),
            ("1960-05?", Some("1960-05")),
            ("2008~", Some("2008")),
            // Unspecified parts: what is given, no more.
            ("1960-XX", Some("1960")),
            ("1960-XX-XX", Some("1960")),
            ("1960-06-XX", Some("1960-06")),
            // Seasons and intervals: the smallest month or year that holds them.
            ("1960-21", Some("1960")),
            ("1960-22", Some("1960")),
            ("1960-23", Some("1960")),
            ("1960-05/1960-06", Some("1960")),
            ("1960-01-19/1960-01-25", Some("1960-01")),
            ("1960-06-19/1960-06-19", Some("1960-06-19")),
            // From a year to its first day: that day is all it can be.
            ("0001/0001-01-01", Some("0001-01-01")),
            ("0001/0001", Some("0001")),
            // Nothing a calendar year holds: no date to name a Work by.
            ("1960-24", None),
            ("196X", None),
            ("19XX", None),
            ("1959-11?/1960-02~", None),
            ("1960-12-31/1961-01-01", None),
            ("../2008", None),
            ("2008/..", None),
            ("/2008", None),
            ("2008/", None),
            ("not a date", None),
        ] {
            assert_eq!(work_date(edtf).as_deref(), uri, "{edtf}");
        }
    }

    #[test]
    fn an_frbr_date_stands_for_the_first_day_of_its_year_or_month() {
        assert_eq!(frbr_date_name("signature", Period::Day), "signature");
        assert_eq!(frbr_date_name("signature", Period::Month), "firstDayOfSignatureMonth");
        assert_eq!(frbr_date_name("signature", Period::Year), "firstDayOfSignatureYear");
        assert_eq!(frbr_date_name("entryIntoForce", Period::Year), "firstDayOfEntryIntoForceYear");
        assert_eq!(frbr_date_name("generation", Period::Month), "firstDayOfGenerationMonth");
        let frbr = |edtf: &str| {
            let mut x = Xml::new(0);
            frbr_date(&mut x, &AknDate::new(edtf).unwrap(), "signature");
            String::from_utf8(x.finish()).unwrap().trim().to_string()
        };
        assert_eq!(frbr("1960-01-19"), r#"<FRBRdate date="1960-01-19" name="signature"/>"#);
        assert_eq!(
            frbr("2012"),
            r#"<FRBRdate date="2012-01-01" anpo:edtf="2012" anpo:firstDay="2012-01-01" anpo:lastDay="2012-12-31" name="firstDayOfSignatureYear"/>"#
        );
        assert_eq!(
            frbr("1960-21"),
            r#"<FRBRdate date="1960-01-01" anpo:edtf="1960-21" anpo:firstDay="1960-03-01" anpo:lastDay="1960-05-31" name="firstDayOfSignatureYear"/>"#
        );
        assert_eq!(
            frbr("1960-06-XX"),
            r#"<FRBRdate date="1960-06-01" anpo:edtf="1960-06-XX" anpo:firstDay="1960-06-01" anpo:lastDay="1960-06-30" name="firstDayOfSignatureMonth"/>"#
        );
        // Only a manifestation's date (the dataset's `modified`) can be one no year holds.
        assert_eq!(
            frbr("196X"),
            r#"<FRBRdate date="1960-01-01" anpo:edtf="196X" anpo:firstDay="1960-01-01" anpo:lastDay="1969-12-31" name="signature"/>"#
        );
    }

    #[test]
    fn kinds_become_camel_case_eids() {
        assert_eq!(camel("exchange-of-ratifications"), "exchangeOfRatifications");
        assert_eq!(camel("promulgation"), "promulgation");
    }

    #[test]
    fn inline_elements_are_numbered_in_their_block() {
        let mut inline = Inline::new("preface__p_3");
        assert_eq!(inline.eid("person"), "preface__p_3__person_1");
        assert_eq!(inline.eid("organization"), "preface__p_3__organization_1");
        assert_eq!(inline.eid("person"), "preface__p_3__person_2");
    }

    #[test]
    fn slugs_keep_ascii_words() {
        assert_eq!(slug("signed for Japan"), "signed-for-japan");
        assert_eq!(slug("  & <x> "), "x");
        assert_eq!(slug("署名"), "unnamed");
    }
}
