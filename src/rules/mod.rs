//! Semantic rules: what the schema cannot express.
//!
//! [`run`] takes a dataset that passed schema validation, builds one shared index (the
//! private `Context`: ids, references, dates) and runs every rule of [`RULES`] on it. Each
//! rule lives in its own file, with a stable code, a header that documents it and its
//! tests; a code is never reused for another rule. Which field refers to which kind, and
//! which fields hold dates, is written once, here (`references`, `dates`).
//!
//! Invariants: the rules see only the model and [`Origins`] (a file and a JSON pointer per
//! record), never JSON text; a rule reports and never stops the others. Everything is
//! linear in the size of the dataset: each id is hashed once, and each reference and each
//! date is looked at once while indexing; the "did you mean" search over ids runs only for
//! a reference that dangles, within a fixed budget (R202). `origins.of(kind)` must run
//! parallel to the dataset's lists (as the reader builds them); a mismatch is a bug and
//! panics.

use crate::diagnostic::{Diagnostic, Location};
use crate::edtf::{Edtf, EdtfError};
use crate::model::{ActorKind, COLLECTIONS, Dataset, Quotation, RecordKind};
use crate::origin::{Origin, Origins};
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

mod containment_cycle;
mod dangling_reference;
mod dataset_metadata;
mod dates_out_of_order;
mod duplicate_id;
mod invalid_date;
mod party_not_a_state;
mod unreferenced_record;
mod unused_source;
mod wrong_kind;

/// A semantic rule: its stable code, what it checks, and the check itself.
pub struct Rule {
    pub code: &'static str,
    pub summary: &'static str,
    check: fn(&Context, &mut Vec<Diagnostic>),
}

/// Every rule, in the order they run.
pub const RULES: &[Rule] = &[
    Rule { code: duplicate_id::CODE, summary: duplicate_id::SUMMARY, check: duplicate_id::check },
    Rule { code: dangling_reference::CODE, summary: dangling_reference::SUMMARY, check: dangling_reference::check },
    Rule { code: wrong_kind::CODE, summary: wrong_kind::SUMMARY, check: wrong_kind::check },
    Rule { code: party_not_a_state::CODE, summary: party_not_a_state::SUMMARY, check: party_not_a_state::check },
    Rule { code: invalid_date::CODE, summary: invalid_date::SUMMARY, check: invalid_date::check },
    Rule { code: dates_out_of_order::CODE, summary: dates_out_of_order::SUMMARY, check: dates_out_of_order::check },
    Rule { code: dataset_metadata::CODE, summary: dataset_metadata::SUMMARY, check: dataset_metadata::check },
    Rule { code: containment_cycle::CODE, summary: containment_cycle::SUMMARY, check: containment_cycle::check },
    Rule { code: unused_source::CODE, summary: unused_source::SUMMARY, check: unused_source::check },
    Rule { code: unreferenced_record::CODE, summary: unreferenced_record::SUMMARY, check: unreferenced_record::check },
];

/// Runs every rule on a dataset that passed schema validation.
pub fn run(dataset: &Dataset, origins: &Origins) -> Vec<Diagnostic> {
    run_partial(dataset, origins, &Withheld::default())
}

/// Records the schema refused, and that were therefore left out of the dataset the rules
/// see. The rules still run on the rest, so that one run shows every problem, but they
/// must not blame the gap: a reference to a withheld id is not dangling, and the rules that
/// need the whole dataset (unused sources, unreferenced records, the one metadata object)
/// are skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Withheld {
    /// The ids of the withheld records (those that had a string `id`).
    pub ids: HashSet<String>,
    /// Whether any record or collection was withheld.
    pub any: bool,
    /// Whether a `dataset` metadata object was withheld.
    pub dataset: bool,
    /// Whether only part of the dataset was given (some of its files): any id may be
    /// defined in a file not given, so no reference dangles, and the rules that need the
    /// whole dataset are skipped.
    pub part: bool,
    /// Whether the whole dataset was read but only some of its files are being checked
    /// (`validate data/events.json`): references resolve against every file, but the rules
    /// that judge the whole dataset (unused sources, unreferenced records) are skipped.
    pub focus: bool,
}

/// Runs the rules on a dataset from which the schema withheld some records.
pub fn run_partial(dataset: &Dataset, origins: &Origins, withheld: &Withheld) -> Vec<Diagnostic> {
    let cx = Context::build(dataset, origins, withheld);
    let mut diagnostics = Vec::new();
    for rule in RULES {
        let needs_whole = [unused_source::CODE, unreferenced_record::CODE].contains(&rule.code);
        let part = withheld.part && (needs_whole || rule.code == dataset_metadata::CODE);
        if part
            || (withheld.any && needs_whole)
            || (withheld.focus && needs_whole)
            || (withheld.dataset && rule.code == dataset_metadata::CODE)
        {
            continue;
        }
        (rule.check)(&cx, &mut diagnostics);
    }
    diagnostics
}

/// One record: its kind and its position in that kind's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Record {
    kind: RecordKind,
    index: usize,
}

/// Where an id is defined first, and whether another record refers to it.
#[derive(Debug, Clone, Copy)]
struct Definition {
    record: Record,
    referenced: bool,
}

/// A field below a record, such as `/relations/*/target`, with the index that stands for
/// `*` (every field the rules name has at most one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Path {
    template: &'static str,
    index: usize,
}

impl Path {
    fn at(template: &'static str) -> Path {
        Path { template, index: 0 }
    }
    fn item(template: &'static str, index: usize) -> Path {
        Path { template, index }
    }
    /// The JSON pointer below the record: `/relations/3/target`.
    fn pointer(self) -> String {
        self.template.replace('*', &self.index.to_string())
    }
    /// The field as messages name it: `relations.target`.
    fn name(self) -> String {
        self.template.trim_start_matches('/').replace("/*", "").replace('/', ".")
    }
}

/// A reference from one record to another by id.
#[derive(Debug, Clone, Copy)]
struct Reference<'a> {
    from: Record,
    path: Path,
    id: &'a str,
    /// What the field may name.
    takes: Takes,
}

/// What a reference field may name: the one list is `references`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Takes {
    /// Any record (`concerns`, `about`).
    Any,
    /// A record of one kind.
    Kind(RecordKind),
    /// A place, or a state: a country is one record, an actor of kind `state`, named
    /// wherever the data takes a place (`places`, `within`, `signed.place`).
    PlaceOrState,
    /// A state or an organization of states (`parties`): an actor of kind `state` or
    /// `international-organization`. Another record kind is R203's; another actor, R209's.
    Party,
}

/// Whether a record fits what a field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    Yes,
    /// A record of another kind (R203).
    WrongKind,
    /// An actor that is not a state or an organization of states (R209).
    NotAParty,
}

impl Takes {
    /// The record kind the field names, where it names one: the kind "did you mean"
    /// searches (states among actors are found by their own kind's search).
    fn kind(self) -> Option<RecordKind> {
        match self {
            Takes::Any => None,
            Takes::Kind(kind) => Some(kind),
            Takes::PlaceOrState => Some(RecordKind::Place),
            Takes::Party => Some(RecordKind::Actor),
        }
    }

    /// What the field takes, as labels say it: "a place or a state".
    fn short(self) -> String {
        match self {
            Takes::Any => "any record".to_string(),
            Takes::Kind(kind) => a(kind),
            Takes::PlaceOrState => "a place or a state".to_string(),
            Takes::Party => "a state or an organization of states".to_string(),
        }
    }

    /// What the field takes, as messages say it, with the actor kinds that count.
    fn describe(self) -> String {
        match self {
            Takes::PlaceOrState => format!("{} (an actor of kind `state`)", self.short()),
            Takes::Party => format!("{} (an actor of kind `state` or `international-organization`)", self.short()),
            Takes::Any | Takes::Kind(_) => self.short(),
        }
    }

    fn fit(self, dataset: &Dataset, record: Record) -> Fit {
        let actor_kind = || (record.kind == RecordKind::Actor).then(|| dataset.actors[record.index].kind);
        match self {
            Takes::Any => Fit::Yes,
            Takes::Kind(kind) if kind == record.kind => Fit::Yes,
            Takes::PlaceOrState if record.kind == RecordKind::Place => Fit::Yes,
            Takes::PlaceOrState if actor_kind() == Some(ActorKind::State) => Fit::Yes,
            Takes::Party => match actor_kind() {
                None => Fit::WrongKind,
                Some(ActorKind::State | ActorKind::InternationalOrganization) => Fit::Yes,
                Some(_) => Fit::NotAParty,
            },
            Takes::Kind(_) | Takes::PlaceOrState => Fit::WrongKind,
        }
    }
}

/// A date field and what parsing it gave.
#[derive(Debug, Clone)]
struct DateField<'a> {
    owner: &'a Origin,
    path: Path,
    text: &'a str,
    parsed: Result<Edtf, EdtfError>,
    /// The date field this one must not be earlier than (an index into `Context::dates`).
    not_before: Option<usize>,
}

impl DateField<'_> {
    fn location(&self) -> Location {
        self.owner.at(&self.path.pointer())
    }
}

/// The shared index the rules read.
struct Context<'a> {
    dataset: &'a Dataset,
    origins: &'a Origins,
    /// Every id, with its first definition in file order.
    ids: HashMap<&'a str, Definition>,
    /// Every later definition of an id already defined.
    duplicates: Vec<Record>,
    /// References to ids that do not exist.
    dangling: Vec<Reference<'a>>,
    /// References to a record of another kind than the field takes, with the record found.
    wrong_kind: Vec<(Reference<'a>, Record)>,
    /// Parties that are actors but not states or organizations of states, with the actor.
    not_a_party: Vec<(Reference<'a>, Record)>,
    /// Every date field of the dataset, parsed.
    dates: Vec<DateField<'a>>,
}

impl<'a> Context<'a> {
    fn build(dataset: &'a Dataset, origins: &'a Origins, withheld: &Withheld) -> Context<'a> {
        let mut cx = Context {
            dataset,
            origins,
            ids: HashMap::with_capacity(COLLECTIONS.iter().map(|&k| dataset.count(k)).sum()),
            duplicates: Vec::new(),
            dangling: Vec::new(),
            wrong_kind: Vec::new(),
            not_a_party: Vec::new(),
            dates: dates(dataset, origins),
        };
        // "First" is first in file order; within a file, in the order of `COLLECTIONS`.
        let order = |r: Record| (origins.of(r.kind)[r.index].file, r.kind, r.index);
        for kind in COLLECTIONS {
            for index in 0..dataset.count(kind) {
                let record = Record { kind, index };
                match cx.ids.entry(id(dataset, record)) {
                    Entry::Vacant(slot) => {
                        slot.insert(Definition { record, referenced: false });
                    }
                    Entry::Occupied(mut slot) => {
                        let first = &mut slot.get_mut().record;
                        if order(record) < order(*first) {
                            cx.duplicates.push(std::mem::replace(first, record));
                        } else {
                            cx.duplicates.push(record);
                        }
                    }
                }
            }
        }
        references(dataset, &mut |reference| match cx.ids.get_mut(reference.id) {
            None if withheld.part || withheld.ids.contains(reference.id) => {}
            None => cx.dangling.push(reference),
            Some(definition) => {
                // A record naming itself (a place `within` itself) does not make it used.
                if id(dataset, reference.from) != reference.id {
                    definition.referenced = true;
                }
                match reference.takes.fit(dataset, definition.record) {
                    Fit::Yes => {}
                    Fit::WrongKind => cx.wrong_kind.push((reference, definition.record)),
                    Fit::NotAParty => cx.not_a_party.push((reference, definition.record)),
                }
            }
        });
        cx
    }

    fn origin(&self, record: Record) -> &'a Origin {
        &self.origins.of(record.kind)[record.index]
    }

    fn id(&self, record: Record) -> &'a str {
        id(self.dataset, record)
    }

    /// The ids of every record of one kind.
    fn ids_of(&self, kind: RecordKind) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.dataset.count(kind)).map(move |index| self.id(Record { kind, index }))
    }

    /// Whether `record` is where its id is first defined and no other record refers to it.
    /// (A later duplicate is R201's business, not reported as unused.)
    fn is_unreferenced(&self, record: Record) -> bool {
        self.ids.get(self.id(record)).is_some_and(|d| d.record == record && !d.referenced)
    }
}

fn id(dataset: &Dataset, Record { kind, index }: Record) -> &str {
    dataset.id_of(kind, index)
}

/// "a place", "an actor".
fn a(kind: RecordKind) -> String {
    let name = kind.name();
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {name}")
}

/// Calls `visit` with every reference by id in the dataset: the one list of which field
/// names which kind.
fn references<'a>(dataset: &'a Dataset, visit: &mut dyn FnMut(Reference<'a>)) {
    use RecordKind::*;
    let mut walk = Walk { visit, from: Record { kind: Instrument, index: 0 } };
    for (index, x) in dataset.instruments.iter().enumerate() {
        walk.from = Record { kind: Instrument, index };
        walk.each("/parties/*", &x.parties, Takes::Party);
        if let Some(signed) = &x.signed {
            walk.opt(Path::at("/signed/place"), &signed.place, Takes::PlaceOrState);
            walk.each("/signed/signatories/*", &signed.signatories, Takes::Kind(Actor));
        }
        for (i, relation) in x.relations.iter().enumerate() {
            walk.one(Path::item("/relations/*/target", i), &relation.target, Takes::Kind(Instrument));
            walk.opt(Path::item("/relations/*/article", i), &relation.article, Takes::Kind(Article));
        }
        walk.each("/concerns/*", &x.concerns, Takes::Any);
        walk.each("/sources/*", &x.sources, Takes::Kind(Source));
    }
    for (index, x) in dataset.articles.iter().enumerate() {
        walk.from = Record { kind: Article, index };
        walk.one(Path::at("/instrument"), &x.instrument, Takes::Kind(Instrument));
        walk.each("/concerns/*", &x.concerns, Takes::Any);
        walk.quotations(&x.quotations);
        walk.each("/sources/*", &x.sources, Takes::Kind(Source));
    }
    for (index, x) in dataset.events.iter().enumerate() {
        walk.from = Record { kind: Event, index };
        for (i, participant) in x.participants.iter().enumerate() {
            walk.one(Path::item("/participants/*/actor", i), &participant.actor, Takes::Kind(Actor));
        }
        walk.each("/places/*", &x.places, Takes::PlaceOrState);
        walk.each("/instruments/*", &x.instruments, Takes::Kind(Instrument));
        walk.each("/concerns/*", &x.concerns, Takes::Any);
        walk.each("/sources/*", &x.sources, Takes::Kind(Source));
    }
    for (index, x) in dataset.actors.iter().enumerate() {
        walk.from = Record { kind: Actor, index };
        walk.opt(Path::at("/part_of"), &x.part_of, Takes::Kind(Actor));
        for (i, role) in x.roles.iter().enumerate() {
            walk.opt(Path::item("/roles/*/organization", i), &role.organization, Takes::Kind(Actor));
        }
        walk.each("/sources/*", &x.sources, Takes::Kind(Source));
    }
    for (index, x) in dataset.places.iter().enumerate() {
        walk.from = Record { kind: Place, index };
        walk.opt(Path::at("/within"), &x.within, Takes::PlaceOrState);
        walk.each("/sources/*", &x.sources, Takes::Kind(Source));
    }
    for (index, x) in dataset.figures.iter().enumerate() {
        walk.from = Record { kind: Figure, index };
        walk.each("/about/*", &x.about, Takes::Any);
        walk.each("/sources/*", &x.sources, Takes::Kind(Source));
    }
    for (index, x) in dataset.positions.iter().enumerate() {
        walk.from = Record { kind: Position, index };
        walk.each("/holders/*", &x.holders, Takes::Kind(Actor));
        walk.each("/concerns/*", &x.concerns, Takes::Any);
        walk.each("/evidence/*", &x.evidence, Takes::Kind(Figure));
        walk.quotations(&x.quotations);
        walk.each("/sources/*", &x.sources, Takes::Kind(Source));
    }
}

/// The references of one record at a time, passed on to a visitor.
struct Walk<'v, 'a> {
    visit: &'v mut dyn FnMut(Reference<'a>),
    from: Record,
}

impl<'a> Walk<'_, 'a> {
    fn one(&mut self, path: Path, id: &'a str, takes: Takes) {
        (self.visit)(Reference { from: self.from, path, id, takes });
    }
    fn opt(&mut self, path: Path, id: &'a Option<String>, takes: Takes) {
        if let Some(id) = id {
            self.one(path, id, takes);
        }
    }
    fn each(&mut self, template: &'static str, ids: &'a [String], takes: Takes) {
        for (i, id) in ids.iter().enumerate() {
            self.one(Path::item(template, i), id, takes);
        }
    }
    fn quotations(&mut self, quotations: &'a [Quotation]) {
        for (i, quotation) in quotations.iter().enumerate() {
            self.one(Path::item("/quotations/*/source", i), &quotation.source, Takes::Kind(RecordKind::Source));
        }
    }
}

/// Every date field of the dataset, parsed once: the one list of which fields hold dates
/// and which must not be earlier than which.
fn dates<'a>(dataset: &'a Dataset, origins: &'a Origins) -> Vec<DateField<'a>> {
    let mut dates = Vec::new();
    let mut add = |owner, path, text: &'a String, not_before| {
        dates.push(DateField { owner, path, text, parsed: Edtf::parse(text), not_before });
        dates.len() - 1
    };
    for (x, owner) in dataset.instruments.iter().zip(origins.of(RecordKind::Instrument)) {
        let signed = x.signed.as_ref().map(|signed| add(owner, Path::at("/signed/date"), &signed.date, None));
        if let Some(date) = &x.entry_into_force {
            add(owner, Path::at("/entry_into_force"), date, signed);
        }
    }
    for (x, owner) in dataset.events.iter().zip(origins.of(RecordKind::Event)) {
        add(owner, Path::at("/date"), &x.date, None);
    }
    for (x, owner) in dataset.actors.iter().zip(origins.of(RecordKind::Actor)) {
        for (i, role) in x.roles.iter().enumerate() {
            let start = role.start.as_ref().map(|date| add(owner, Path::item("/roles/*/start", i), date, None));
            if let Some(date) = &role.end {
                add(owner, Path::item("/roles/*/end", i), date, start);
            }
        }
    }
    for (x, owner) in dataset.figures.iter().zip(origins.of(RecordKind::Figure)) {
        if let Some(date) = &x.date {
            add(owner, Path::at("/date"), date, None);
        }
    }
    for (x, owner) in dataset.sources.iter().zip(origins.of(RecordKind::Source)) {
        if let Some(date) = &x.published {
            add(owner, Path::at("/published"), date, None);
        }
    }
    // The merged metadata is the first `dataset` object found.
    if let (Some(meta), Some(owner)) = (&dataset.dataset, origins.dataset.first()) {
        add(owner, Path::at("/modified"), &meta.modified, None);
    }
    dates
}

#[cfg(test)]
pub(crate) mod fixture {
    //! Small datasets built in Rust for the rules' tests.

    use super::*;
    use crate::diagnostic::FileId;
    use crate::model::*;

    /// A dataset with the origins a reader would give it: each record at
    /// `/{collection}/{n}` in the file it is added to.
    #[derive(Debug, Default)]
    pub struct Fixture {
        pub dataset: Dataset,
        pub origins: Origins,
        counts: HashMap<(FileId, RecordKind), usize>,
    }

    impl Fixture {
        /// The metadata, in file 0 at `/dataset`, and no records.
        pub fn new() -> Fixture {
            let mut fixture = Fixture::default();
            fixture.dataset.dataset = Some(meta());
            fixture.origins.dataset.push(Origin { file: 0, pointer: "/dataset".to_string() });
            fixture
        }

        /// Adds a record to the end of its collection in `file`.
        pub fn with<R: crate::model::Record>(mut self, file: FileId, record: R) -> Fixture {
            let n = self.counts.entry((file, R::KIND)).or_default();
            self.origins.push(R::KIND, Origin { file, pointer: format!("/{}/{}", R::KIND.collection(), n) });
            *n += 1;
            R::list_mut(&mut self.dataset).push(record);
            self
        }

        /// Every diagnostic `run` gives with this code.
        pub fn check(&self, code: &str) -> Vec<Diagnostic> {
            run(&self.dataset, &self.origins).into_iter().filter(|d| d.code == code).collect()
        }
    }

    pub fn meta() -> DatasetMeta {
        DatasetMeta {
            id: "anpo".into(),
            title: "Anpo".into(),
            description: "The 1960 treaty".into(),
            version: "0.1.0".into(),
            license: "CC-BY-4.0".into(),
            license_url: "https://creativecommons.org/licenses/by/4.0/".into(),
            publisher: "Anpo project".into(),
            keywords: Vec::new(),
            modified: "2024-01-01".into(),
        }
    }

    fn names(en: &str) -> Names {
        Names { en: en.into(), ja: None, ja_latn: None }
    }

    /// The source every other minimal record cites.
    pub const SRC: &str = "src";

    pub fn source(id: &str) -> Source {
        Source {
            id: id.into(),
            kind: SourceKind::EncyclopediaArticle,
            title: "A source".into(),
            publisher: "A publisher".into(),
            author: None,
            url: Some("https://example.org/".into()),
            published: None,
            license: None,
            license_url: None,
            attribution: "A source".into(),
            notes: None,
        }
    }

    pub fn instrument(id: &str) -> Instrument {
        Instrument {
            id: id.into(),
            kind: InstrumentKind::Treaty,
            title: names("A treaty"),
            short_name: "Treaty".into(),
            aliases: Vec::new(),
            parties: Vec::new(),
            signed: None,
            entry_into_force: None,
            article_count: None,
            term: None,
            termination: None,
            relations: Vec::new(),
            concerns: Vec::new(),
            summary: "What it does".into(),
            sources: vec![SRC.into()],
            notes: None,
        }
    }

    pub fn article(id: &str, instrument: &str) -> Article {
        Article {
            id: id.into(),
            instrument: instrument.into(),
            number: None,
            heading: "Heading".into(),
            summary: "What it provides".into(),
            topics: Vec::new(),
            concerns: Vec::new(),
            quotations: Vec::new(),
            sources: vec![SRC.into()],
            notes: None,
        }
    }

    pub fn event(id: &str, date: &str) -> Event {
        Event {
            id: id.into(),
            kind: EventKind::Signing,
            date: date.into(),
            date_phrase: None,
            title: "An event".into(),
            summary: "What happened".into(),
            participants: Vec::new(),
            places: Vec::new(),
            instruments: Vec::new(),
            concerns: Vec::new(),
            sources: vec![SRC.into()],
            notes: None,
        }
    }

    pub fn actor(id: &str) -> Actor {
        Actor {
            id: id.into(),
            kind: ActorKind::Person,
            name: names("Someone"),
            aliases: Vec::new(),
            description: None,
            part_of: None,
            roles: Vec::new(),
            sources: vec![SRC.into()],
            notes: None,
        }
    }

    /// An actor of kind `state`.
    pub fn state(id: &str) -> Actor {
        Actor { kind: ActorKind::State, ..actor(id) }
    }

    pub fn place(id: &str) -> Place {
        Place {
            id: id.into(),
            kind: PlaceKind::City,
            name: names("Somewhere"),
            within: None,
            description: None,
            sources: vec![SRC.into()],
            notes: None,
        }
    }

    pub fn figure(id: &str) -> Figure {
        Figure {
            id: id.into(),
            value: 1.into(),
            unit: Unit::Count,
            qualifier: FigureQualifier::Exact,
            measure: "Something counted".into(),
            about: Vec::new(),
            date: None,
            sources: vec![SRC.into()],
            notes: None,
        }
    }

    pub fn position(id: &str) -> Position {
        Position {
            id: id.into(),
            stance: Stance::For,
            claim: "An argument".into(),
            holders: Vec::new(),
            holders_phrase: None,
            topics: Vec::new(),
            concerns: Vec::new(),
            evidence: Vec::new(),
            quotations: Vec::new(),
            sources: vec![SRC.into()],
            notes: None,
        }
    }

    pub fn strings(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|&s| s.to_string()).collect()
    }

    /// The pointers of a diagnostic: its primary location, then its related labels.
    pub fn pointers(d: &Diagnostic) -> Vec<(FileId, &str)> {
        std::iter::once(&d.location)
            .chain(d.related.iter().map(|l| &l.location))
            .map(|l| (l.file, l.pointer.as_str()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::*;
    use super::*;
    use crate::model::{ActorKind, Participant, PlaceKind, Relation, RelationKind, Role, Signature};

    /// A small dataset in two files where every record is used and every reference holds.
    fn connected() -> Fixture {
        let mut treaty = instrument("treaty-1960");
        treaty.parties = strings(&["japan", "usa"]);
        treaty.signed = Some(Signature {
            date: "1960-01-19".into(),
            place: Some("washington".into()),
            signatories: strings(&["kishi"]),
        });
        treaty.entry_into_force = Some("1960-06-23".into());
        let mut old = instrument("treaty-1951");
        old.signed = Some(Signature { date: "1951-09-08".into(), place: None, signatories: Vec::new() });
        treaty.relations =
            vec![Relation { kind: RelationKind::RevisesAndReplaces, target: "treaty-1951".into(), article: None }];
        treaty.concerns = strings(&["okinawa"]);
        let mut kishi = actor("kishi");
        kishi.part_of = Some("japan".into());
        kishi.roles = vec![Role {
            title: "Prime Minister of Japan".into(),
            organization: Some("japan".into()),
            start: Some("1957-02-25".into()),
            end: Some("1960-07-19".into()),
        }];
        let mut washington = place("washington");
        washington.within = Some("united-states".into());
        let mut signing = event("signing", "1960-01-19");
        signing.participants = vec![Participant { actor: "kishi".into(), role: "signed".into() }];
        signing.places = strings(&["washington"]);
        signing.instruments = strings(&["treaty-1960"]);
        signing.concerns = strings(&["treaty-1951"]);
        let mut count = figure("protesters");
        count.about = strings(&["signing"]);
        let mut against = position("against");
        against.holders = strings(&["usa"]);
        against.concerns = strings(&["article-6", "signing"]);
        against.evidence = strings(&["protesters"]);
        Fixture::new()
            .with(0, treaty)
            .with(0, old)
            .with(0, {
                let mut article_5 = article("article-5", "treaty-1960");
                article_5.concerns = strings(&["un-security-council"]);
                article_5
            })
            .with(0, article("article-6", "treaty-1960"))
            .with(0, signing)
            .with(1, state("japan"))
            .with(1, state("usa"))
            .with(1, {
                let mut council = actor("un-security-council");
                council.kind = ActorKind::InternationalOrganization;
                council
            })
            .with(1, kishi)
            .with(1, washington)
            .with(1, {
                let mut okinawa = place("okinawa");
                okinawa.kind = PlaceKind::Island;
                okinawa
            })
            .with(1, state("united-states"))
            .with(1, count)
            .with(1, against)
            .with(1, source(SRC))
    }

    #[test]
    fn a_connected_dataset_has_no_diagnostics() {
        let fixture = connected();
        assert_eq!(run(&fixture.dataset, &fixture.origins), Vec::new());
    }

    #[test]
    fn withheld_records_are_not_blamed() {
        // The schema refused `usa` and the metadata: the treaty's party is not dangling,
        // and the rules that need the whole dataset stay quiet.
        let mut fixture = connected();
        let at = fixture.dataset.actors.iter().position(|a| a.id == "usa").expect("usa");
        fixture.dataset.actors.remove(at);
        fixture.origins.records.get_mut(&RecordKind::Actor).expect("actors").remove(at);
        fixture.dataset.dataset = None;
        fixture.origins.dataset.clear();
        let withheld = Withheld { ids: ["usa".to_string()].into(), any: true, dataset: true, ..Withheld::default() };
        assert_eq!(run_partial(&fixture.dataset, &fixture.origins, &withheld), Vec::new());
        // Without knowing what was withheld, the gap shows as errors.
        let codes: Vec<_> = run(&fixture.dataset, &fixture.origins).iter().map(|d| d.code).collect();
        assert!(codes.contains(&"R202") && codes.contains(&"R206"), "{codes:?}");
    }

    #[test]
    fn codes_are_distinct_and_well_formed() {
        let mut codes: Vec<_> = RULES.iter().map(|r| r.code).collect();
        assert!(codes.iter().all(|c| c.len() == 4 && (c.starts_with('R') || c.starts_with('W'))));
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), RULES.len());
    }

    #[test]
    fn paths_give_pointer_and_field_name() {
        let path = Path::item("/relations/*/target", 3);
        assert_eq!(path.pointer(), "/relations/3/target");
        assert_eq!(path.name(), "relations.target");
        assert_eq!(Path::item("/signed/signatories/*", 0).name(), "signed.signatories");
        assert_eq!(Path::at("/signed/place").pointer(), "/signed/place");
    }

    #[test]
    fn every_reference_field_is_visited_with_its_kind() {
        let fixture = connected();
        let mut seen = Vec::new();
        references(&fixture.dataset, &mut |r| {
            if r.path.name() != "sources" {
                seen.push((r.path.pointer(), r.id, r.takes));
            }
        });
        use RecordKind::*;
        use Takes::*;
        let expected = [
            ("/parties/0", "japan", Party),
            ("/parties/1", "usa", Party),
            ("/signed/place", "washington", PlaceOrState),
            ("/signed/signatories/0", "kishi", Kind(Actor)),
            ("/relations/0/target", "treaty-1951", Kind(Instrument)),
            ("/concerns/0", "okinawa", Any),
            ("/instrument", "treaty-1960", Kind(Instrument)),
            ("/concerns/0", "un-security-council", Any),
            ("/instrument", "treaty-1960", Kind(Instrument)),
            ("/participants/0/actor", "kishi", Kind(Actor)),
            ("/places/0", "washington", PlaceOrState),
            ("/instruments/0", "treaty-1960", Kind(Instrument)),
            ("/concerns/0", "treaty-1951", Any),
            ("/part_of", "japan", Kind(Actor)),
            ("/roles/0/organization", "japan", Kind(Actor)),
            ("/within", "united-states", PlaceOrState),
            ("/about/0", "signing", Any),
            ("/holders/0", "usa", Kind(Actor)),
            ("/concerns/0", "article-6", Any),
            ("/concerns/1", "signing", Any),
            ("/evidence/0", "protesters", Kind(Figure)),
        ];
        let expected: Vec<_> = expected.into_iter().map(|(p, id, k)| (p.to_string(), id, k)).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn article_before_kind_name() {
        assert_eq!(a(RecordKind::Actor), "an actor");
        assert_eq!(a(RecordKind::Instrument), "an instrument");
        assert_eq!(a(RecordKind::Place), "a place");
    }
}
