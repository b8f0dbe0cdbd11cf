//! The JSON-LD exporter: the whole dataset as one linked-data graph.
//!
//! # Format
//!
//! Two files, both UTF-8 JSON, keys sorted, two-space indented, ending with a newline:
//!
//! - `anpo.jsonld`: `{"@context": …, "@graph": […]}`, one node per record and one for the
//!   dataset's metadata. The context is inline, so that a processor needs nothing from the
//!   network.
//! - `context.jsonld`: the same `@context`, for those who want to reference it rather than
//!   copy it, with a small `@graph` that documents it: a node for the context itself
//!   (`{base}context/1`, carrying `contextVersion`) and one `rdf:Property` node per term of
//!   our own namespace, whose `rdfs:comment` quotes the schema's description of every model
//!   field the term carries.
//!
//! The context is versioned by [`CONTEXT_VERSION`]: its identifier is
//! `{base}context/{version}`, and the dataset node says `"contextVersion": "1"`. Any change
//! to a term's IRI, type or container is a new version.
//!
//! ## Identifiers
//!
//! `{base}` is [`Settings::base_iri`](crate::export::Settings). Every record is the node
//! `{base}{kind}/{id}` (`https://w3id.org/anpo/event/treaty-1960-signing`); the dataset is
//! `{base}dataset/{id}`. Structures inside a record that are nodes of their own get a
//! fragment of the record's IRI, numbered from 1 in data order: `#participant-1` (an
//! event's participants), `#role-1` (an actor's roles), `#quotation-1` (the quotations of
//! an article or a position). Terms of our own namespace are `{base}ns#{term}`. Nodes come
//! in the order dataset, instruments, articles, events, actors, places, figures, positions,
//! sources, each kind sorted by id.
//!
//! ## Terms
//!
//! There is no `@vocab`: every key is a term of the context, so a JSON-LD processor drops
//! nothing. A term is named after the property it stands for: schema.org terms in
//! camelCase (`startDate`), ELI terms as ELI spells them (`first_date_entry_in_force`), and
//! ours in camelCase. [`TERMS`] is the whole list. Per kind:
//!
//! | record | `@type` | fields → terms |
//! | --- | --- | --- |
//! | dataset | `Dataset` | title → `name` (`en`), description → `description`, version → `version`, license → `spdxLicense`, license_url → `license`, publisher → `publisher`, keywords → `keywords`, modified → `dateModified` + `modifiedEdtf`; also `schemaVersion` (the schema's version), `contextVersion`, `citation` (every source) and `creditText` (below) |
//! | instrument | `Legislation`, `LegalResource` | kind → `legislationType`, title → `name` and `title` (language maps), short_name → `title_short`, aliases → `alternateName` (+ `aliasNote`), parties → `legislationPassedBy`, signed.date → `date_document` + `signedEdtf`, signed.place → `locationCreated`, signed.signatories → `signatory`, entry_into_force → `first_date_entry_in_force` + `entryIntoForceEdtf`, article_count → `articleCount`, term → `term`, termination → `termination`, relations → `repeals` / `supplements` / `applies` / `interprets` (below), concerns → `about`, summary → `abstract`; its articles → `has_part` |
//! | article | `Legislation`, `LegalResourceSubdivision` | instrument → `is_part_of`, number → `number` (a string, as ELI has it), heading → `headline`, summary → `abstract`, topics → `keywords`, concerns → `about`, quotations → `quotation` |
//! | event | `Event` | kind → `kind`, date → `startDate` / `endDate` + `dateEdtf`, date_phrase → `datePhrase`, title → `name` (`en`), summary → `description`, participants → `participant` (below), places → `location`, instruments and concerns → `about` (the instruments first, each IRI once) |
//! | actor | `Person`, `Organization` or `Country` | kind → `kind` (a state is a `Country`, a person a `Person`, any other an `Organization`), name → `name`, aliases → `alternateName` (+ `aliasNote`), description → `description`, part_of → `affiliation` (a person) or `parentOrganization`, roles → `memberOf` (below) |
//! | place | `Place` | kind → `kind`, name → `name`, within → `containedInPlace`, description → `description` |
//! | figure | `Observation` | value → `value` (an `xsd:decimal` written as a string, exactly as the data has it), unit → `unitText`, qualifier → `valueQualifier`, measure → `variableMeasured`, about → `observationAbout`, date → `observationDate` + `dateEdtf` |
//! | position | `Claim` | stance → `stance`, claim → `text`, holders → `holder`, holders_phrase → `holdersPhrase`, topics → `keywords`, concerns → `about`, evidence → `evidence`, quotations → `quotation` |
//! | source | `CreativeWork` | kind → `kind`, title → `headline` (its language is not known), publisher → `publisher`, author → `author`, url → `url` (left out where the data records none), published → `datePublished` + `publishedEdtf`, license → `spdxLicense`, license_url → `license`, attribution → `creditText` |
//!
//! Every record: sources → `citation`, notes → `editorialNote`.
//!
//! - **Names** (`name`, `title`) are language maps keyed `en`, `ja`, `ja-Latn`; aliases are
//!   a language map of arrays (`alternateName`). An alias's note has no place on a language
//!   string, so it becomes `aliasNote`, written `"{alias}: {note}"`. Other text, in our words
//!   or as a source has it, is a plain string.
//! - **References** are terms typed `@id`: the value is the target's IRI.
//! - **Participants** follow schema.org's role pattern: the event's `participant` is a
//!   `Role` node (`#participant-N`) with `roleName` and a `participant` that is the actor.
//!   **Roles** likewise: the actor's `memberOf` is an `OrganizationRole` node (`#role-N`)
//!   with `roleName`, `memberOf` (the organization, where the data names one) and dates.
//! - **Quotations** are `Quotation` nodes (`#quotation-N`) with `text`, `quotedFrom` and
//!   `citation` (the source).
//! - **Relations**: revises-and-replaces → `eli:repeals`, implements → `eli:applies` (ELI's
//!   successor to its deprecated `implements`), supplements and interprets → ours. Where a
//!   relation names an article of the instrument itself, the article makes the same link
//!   (ELI links subdivisions too); an article of any other instrument is linked from the
//!   instrument besides the target.
//! - **Credit**: the dataset's `creditText` is a list: first
//!   `"{title}, version {version}, {publisher}, {license}"`, then the attribution of every
//!   source, in order of source id, as a release must carry them.
//!
//! ## Dates
//!
//! Every date field gives two values. Its EDTF text, exactly as the data has it, is a
//! literal of datatype `http://id.loc.gov/datatypes/edtf/EDTF` under our own `…Edtf` term
//! (`signedEdtf`, `dateEdtf`, …). Beside it, the vocabulary's date property holds the date
//! typed by its precision: `xsd:date` (`1960-06-19`), `xsd:gYearMonth` (`1960-06`) or
//! `xsd:gYear` (`1960`). An approximate or uncertain date (`2008~`) keeps its typed value
//! at that precision (`2008`); only the EDTF text carries the qualifier. An interval has no
//! typed value where the property names one day (`date_document`, `datePublished`, a
//! role's `startDate` …); only an event's date is a span, so there an interval gives
//! `startDate` and `endDate`, an open end (`..`) giving neither.

use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value, json};

use crate::edtf::{Date, Edtf, Precision};
use crate::export::{Input, OutputFile};
use crate::model::{
    Actor, Alias, Article, COLLECTIONS, Dataset, DatasetMeta, Event, Figure, Instrument, Names, Place, Position,
    Quotation, RecordKind, Relation, Source,
};
use crate::schema::Dictionary;

/// The version of the context. A change to any term is a new version.
pub const CONTEXT_VERSION: &str = "1";

/// The datatype of EDTF literals, as the Library of Congress names it.
pub const EDTF_DATATYPE: &str = "http://id.loc.gov/datatypes/edtf/EDTF";

/// The vocabularies the context draws on, with their prefixes.
const PREFIXES: [(&str, &str); 5] = [
    ("schema", "https://schema.org/"),
    ("eli", "http://data.europa.eu/eli/ontology#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
];

/// The prefix of our own namespace, `{base}ns#`.
const OURS: &str = "anpo";

/// What the values of a term are; decides its definition in the context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A class, used as a value of `@type`.
    Class,
    /// A string or number, or a value object that carries its own type (dates).
    Plain,
    /// A language map: `{"en": …, "ja": …}`.
    Language,
    /// The IRI of another node (or an embedded node).
    Reference,
    /// An `xsd:decimal`, written as a string.
    Decimal,
    /// An EDTF text, of datatype [`EDTF_DATATYPE`].
    Edtf,
}

/// A term of the context.
#[derive(Debug, Clone, Copy)]
pub struct Term {
    /// The key as it appears in the graph.
    pub name: &'static str,
    /// The prefix of its vocabulary: `schema`, `eli`, `rdf`, `rdfs` or `anpo` (ours).
    pub prefix: &'static str,
    /// The name within the vocabulary; for ours, the term's own name.
    pub local: &'static str,
    pub shape: Shape,
    /// For our own terms: the model fields it carries, as `(definition, path)` in the
    /// schema, whose descriptions document the term in `context.jsonld`.
    pub fields: &'static [(&'static str, &'static str)],
    /// For our own terms: a sentence put before the fields' descriptions, where they alone
    /// would not say what the term is.
    pub lead: &'static str,
}

const fn t(name: &'static str, prefix: &'static str, local: &'static str, shape: Shape) -> Term {
    Term { name, prefix, local, shape, fields: &[], lead: "" }
}

const fn ours(name: &'static str, shape: Shape, fields: &'static [(&'static str, &'static str)]) -> Term {
    Term { name, prefix: OURS, local: name, shape, fields, lead: "" }
}

impl Term {
    const fn lead(mut self, lead: &'static str) -> Term {
        self.lead = lead;
        self
    }
}

use Shape::{Class, Decimal, Edtf as EdtfText, Language, Plain, Reference};

/// Every term of the context, in the order the context lists them.
pub const TERMS: &[Term] = &[
    // Classes.
    t("Claim", "schema", "Claim", Class),
    t("Country", "schema", "Country", Class),
    t("CreativeWork", "schema", "CreativeWork", Class),
    t("Dataset", "schema", "Dataset", Class),
    t("Event", "schema", "Event", Class),
    t("LegalResource", "eli", "LegalResource", Class),
    t("LegalResourceSubdivision", "eli", "LegalResourceSubdivision", Class),
    t("Legislation", "schema", "Legislation", Class),
    t("Observation", "schema", "Observation", Class),
    t("Organization", "schema", "Organization", Class),
    t("OrganizationRole", "schema", "OrganizationRole", Class),
    t("Person", "schema", "Person", Class),
    t("Place", "schema", "Place", Class),
    t("Property", "rdf", "Property", Class),
    t("Quotation", "schema", "Quotation", Class),
    t("Role", "schema", "Role", Class),
    // schema.org properties.
    t("about", "schema", "about", Reference),
    t("abstract", "schema", "abstract", Plain),
    t("affiliation", "schema", "affiliation", Reference),
    t("alternateName", "schema", "alternateName", Language),
    t("author", "schema", "author", Plain),
    t("citation", "schema", "citation", Reference),
    t("containedInPlace", "schema", "containedInPlace", Reference),
    t("creditText", "schema", "creditText", Plain),
    t("dateModified", "schema", "dateModified", Plain),
    t("datePublished", "schema", "datePublished", Plain),
    t("description", "schema", "description", Plain),
    t("endDate", "schema", "endDate", Plain),
    t("headline", "schema", "headline", Plain),
    t("keywords", "schema", "keywords", Plain),
    t("legislationPassedBy", "schema", "legislationPassedBy", Reference),
    t("legislationType", "schema", "legislationType", Plain),
    t("license", "schema", "license", Reference),
    t("location", "schema", "location", Reference),
    t("locationCreated", "schema", "locationCreated", Reference),
    t("memberOf", "schema", "memberOf", Reference),
    t("name", "schema", "name", Language),
    t("observationAbout", "schema", "observationAbout", Reference),
    t("observationDate", "schema", "observationDate", Plain),
    t("parentOrganization", "schema", "parentOrganization", Reference),
    t("publisher", "schema", "publisher", Plain),
    t("roleName", "schema", "roleName", Plain),
    t("schemaVersion", "schema", "schemaVersion", Plain),
    t("startDate", "schema", "startDate", Plain),
    t("text", "schema", "text", Plain),
    t("unitText", "schema", "unitText", Plain),
    t("url", "schema", "url", Reference),
    t("value", "schema", "value", Decimal),
    t("variableMeasured", "schema", "variableMeasured", Plain),
    t("version", "schema", "version", Plain),
    // ELI properties.
    t("applies", "eli", "applies", Reference),
    t("date_document", "eli", "date_document", Plain),
    t("first_date_entry_in_force", "eli", "first_date_entry_in_force", Plain),
    t("has_part", "eli", "has_part", Reference),
    t("is_part_of", "eli", "is_part_of", Reference),
    t("number", "eli", "number", Plain),
    t("repeals", "eli", "repeals", Reference),
    t("title", "eli", "title", Language),
    t("title_short", "eli", "title_short", Plain),
    // RDF Schema, for the documentation in `context.jsonld`.
    t("comment", "rdfs", "comment", Plain),
    t("label", "rdfs", "label", Plain),
    // Ours: what no vocabulary above covers.
    ours("aliasNote", Plain, &[("alias", "note")]),
    ours("articleCount", Plain, &[("instrument", "article_count")]),
    ours("contextVersion", Plain, &[])
        .lead("The version of the Anpo JSON-LD context that the document is written with."),
    ours("dateEdtf", EdtfText, &[("event", "date"), ("figure", "date")]),
    ours("datePhrase", Plain, &[("event", "date_phrase")]),
    ours(
        "editorialNote",
        Plain,
        &[
            ("instrument", "notes"),
            ("article", "notes"),
            ("event", "notes"),
            ("actor", "notes"),
            ("place", "notes"),
            ("figure", "notes"),
            ("position", "notes"),
            ("source", "notes"),
        ],
    ),
    ours("endEdtf", EdtfText, &[("actor", "roles/end")]),
    ours("entryIntoForceEdtf", EdtfText, &[("instrument", "entry_into_force")]),
    ours("evidence", Reference, &[("position", "evidence")]),
    ours("holder", Reference, &[("position", "holders")]),
    ours("holdersPhrase", Plain, &[("position", "holders_phrase")]),
    ours("interprets", Reference, &[("instrument", "relations/kind")])
        .lead("The relation `interprets`: this instrument interprets the target."),
    ours("kind", Plain, &[("event", "kind"), ("actor", "kind"), ("place", "kind"), ("source", "kind")]),
    ours("modifiedEdtf", EdtfText, &[("dataset", "modified")]),
    ours("participant", Reference, &[("event", "participants"), ("event", "participants/actor")]),
    ours("publishedEdtf", EdtfText, &[("source", "published")]),
    ours("quotation", Reference, &[("article", "quotations"), ("position", "quotations")]),
    ours("quotedFrom", Plain, &[("quotation", "quoted_from")]),
    ours("signatory", Reference, &[("instrument", "signed/signatories")]),
    ours("signedEdtf", EdtfText, &[("instrument", "signed/date")]),
    ours("spdxLicense", Plain, &[("dataset", "license"), ("source", "license")]),
    ours("stance", Plain, &[("position", "stance")]),
    ours("startEdtf", EdtfText, &[("actor", "roles/start")]),
    ours("supplements", Reference, &[("instrument", "relations/kind")])
        .lead("The relation `supplements`: this instrument supplements the target."),
    ours("term", Plain, &[("instrument", "term")]),
    ours("termination", Plain, &[("instrument", "termination")]),
    ours("valueQualifier", Plain, &[("figure", "qualifier")]),
];

/// The exporter: `anpo.jsonld` (the graph) and `context.jsonld` (its context).
pub fn export(input: &Input) -> Vec<OutputFile> {
    let base = input.settings.base_iri.as_str();
    let context = context(base);
    let graph = graph(input.dataset, input.dictionary, base);
    let documentation: Vec<Vec<u8>> = context_graph(input.dictionary, base).iter().map(graph_node).collect();
    vec![
        OutputFile { path: "anpo.jsonld".to_string(), bytes: document(&context, &graph) },
        OutputFile { path: "context.jsonld".to_string(), bytes: document(&context, &documentation) },
    ]
}

/// The `@context`, for the given base IRI.
pub fn context(base: &str) -> Value {
    let mut context = Map::new();
    context.insert("@version".to_string(), json!(1.1));
    for (prefix, iri) in PREFIXES {
        context.insert(prefix.to_string(), json!(iri));
    }
    context.insert(OURS.to_string(), json!(format!("{base}ns#")));
    for term in TERMS {
        let iri = format!("{}:{}", term.prefix, term.local);
        let definition = match term.shape {
            Class | Plain => json!(iri),
            Language => json!({ "@id": iri, "@container": "@language" }),
            Reference => json!({ "@id": iri, "@type": "@id" }),
            Decimal => json!({ "@id": iri, "@type": "xsd:decimal" }),
            EdtfText => json!({ "@id": iri, "@type": EDTF_DATATYPE }),
        };
        context.insert(term.name.to_string(), definition);
    }
    Value::Object(context)
}

/// The graph of `context.jsonld`: the context's own node, then our terms, documented.
fn context_graph(dictionary: &Dictionary, base: &str) -> Vec<Value> {
    let mut nodes = vec![json!({
        "@id": format!("{base}context/{CONTEXT_VERSION}"),
        "@type": ["CreativeWork"],
        "contextVersion": CONTEXT_VERSION,
        "name": { "en": "Anpo JSON-LD context" },
        "schemaVersion": dictionary.version(),
    })];
    for term in TERMS.iter().filter(|t| t.prefix == OURS) {
        let edtf = if term.shape == EdtfText { "The EDTF text of a date, beside its typed value." } else { "" };
        let fields = term_comment(dictionary, term);
        let comment: Vec<&str> = [edtf, term.lead, &fields].into_iter().filter(|s| !s.is_empty()).collect();
        nodes.push(json!({
            "@id": format!("{base}ns#{}", term.name),
            "@type": ["Property"],
            "comment": comment.join(" "),
            "label": term.name,
        }));
    }
    nodes
}

/// `"event.kind, place.kind: …"`: the fields a term carries, grouped by their description.
fn term_comment(dictionary: &Dictionary, term: &Term) -> String {
    let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
    for &(definition, path) in term.fields {
        let description = dictionary.field(definition, path).unwrap_or("");
        let field = format!("{definition}.{}", path.replace('/', "."));
        match groups.iter_mut().find(|(d, _)| *d == description) {
            Some((_, fields)) => fields.push(field),
            None => groups.push((description, vec![field])),
        }
    }
    let parts: Vec<String> = groups.into_iter().map(|(d, fields)| format!("{}: {d}", fields.join(", "))).collect();
    parts.join(" ")
}

/// The nodes of the graph, in order: the dataset, then each kind of record sorted by id;
/// each already written as an element of `@graph` (see [`graph_node`]), in runs of
/// records built and written on every core.
fn graph<'a>(dataset: &'a Dataset, dictionary: &Dictionary, base: &str) -> Vec<Vec<u8>> {
    let iris = Iris::new(dataset, base);
    let links = Links::new(dataset);
    let mut records: Vec<Record<'a>> = Vec::with_capacity(COLLECTIONS.iter().map(|&kind| dataset.count(kind)).sum());
    let mut add = |mut kind: Vec<(&'a str, Record<'a>)>| {
        kind.sort_by(|a, b| a.0.cmp(b.0));
        records.extend(kind.into_iter().map(|(_, record)| record));
    };
    add(dataset.instruments.iter().map(|r| (r.id.as_str(), Record::Instrument(r))).collect());
    add(dataset.articles.iter().map(|r| (r.id.as_str(), Record::Article(r))).collect());
    add(dataset.events.iter().map(|r| (r.id.as_str(), Record::Event(r))).collect());
    add(dataset.actors.iter().map(|r| (r.id.as_str(), Record::Actor(r))).collect());
    add(dataset.places.iter().map(|r| (r.id.as_str(), Record::Place(r))).collect());
    add(dataset.figures.iter().map(|r| (r.id.as_str(), Record::Figure(r))).collect());
    add(dataset.positions.iter().map(|r| (r.id.as_str(), Record::Position(r))).collect());
    add(dataset.sources.iter().map(|r| (r.id.as_str(), Record::Source(r))).collect());

    let mut nodes = Vec::new();
    if let Some(meta) = &dataset.dataset {
        nodes.push(graph_node(&dataset_node(meta, dataset, dictionary, &iris)));
    }
    let written: Vec<Vec<u8>> = records
        .par_chunks(NODES_PER_TASK)
        .map(|chunk| {
            let mut out = Vec::new();
            for record in chunk {
                out.extend(graph_node(&record.node(&links, &iris)));
            }
            out
        })
        .collect();
    nodes.extend(written);
    nodes
}

/// How many records one task of [`graph`] builds and writes.
const NODES_PER_TASK: usize = 2048;

/// A record, to become a node.
enum Record<'a> {
    Instrument(&'a Instrument),
    Article(&'a Article),
    Event(&'a Event),
    Actor(&'a Actor),
    Place(&'a Place),
    Figure(&'a Figure),
    Position(&'a Position),
    Source(&'a Source),
}

impl Record<'_> {
    fn node(&self, links: &Links, iris: &Iris) -> Value {
        let node = match *self {
            Record::Instrument(r) => instrument(r, links, iris),
            Record::Article(r) => article(r, links, iris),
            Record::Event(r) => event(r, iris),
            Record::Actor(r) => actor(r, iris),
            Record::Place(r) => place(r, iris),
            Record::Figure(r) => figure(r, iris),
            Record::Position(r) => position(r, iris),
            Record::Source(r) => source(r, iris),
        };
        node.into_value()
    }
}

/// The links between instruments and articles, found once rather than by a scan per record.
struct Links<'a> {
    /// The instrument of each article (the first article of an id, were there two).
    instrument_of: HashMap<&'a str, &'a str>,
    /// The ids of each instrument's articles, sorted.
    parts: HashMap<&'a str, Vec<&'a str>>,
    /// The relations an instrument makes through one of its articles, by (instrument, article).
    through_article: HashMap<(&'a str, &'a str), Vec<&'a Relation>>,
}

impl<'a> Links<'a> {
    fn new(dataset: &'a Dataset) -> Links<'a> {
        let mut instrument_of = HashMap::new();
        let mut parts: HashMap<&str, Vec<&str>> = HashMap::new();
        for article in &dataset.articles {
            instrument_of.entry(article.id.as_str()).or_insert(article.instrument.as_str());
            parts.entry(article.instrument.as_str()).or_default().push(article.id.as_str());
        }
        for ids in parts.values_mut() {
            ids.sort_unstable();
        }
        let mut through_article: HashMap<(&str, &str), Vec<&Relation>> = HashMap::new();
        for instrument in &dataset.instruments {
            for relation in &instrument.relations {
                if let Some(article) = &relation.article {
                    through_article.entry((instrument.id.as_str(), article.as_str())).or_default().push(relation);
                }
            }
        }
        Links { instrument_of, parts, through_article }
    }
}

/// Mints the IRIs of records.
struct Iris<'a> {
    base: &'a str,
    /// The kind of every record, for references that may point at any kind.
    kinds: HashMap<&'a str, RecordKind>,
}

impl<'a> Iris<'a> {
    fn new(dataset: &'a Dataset, base: &'a str) -> Iris<'a> {
        let mut kinds = HashMap::new();
        let mut add = |kind, ids: Vec<&'a str>| {
            for id in ids {
                kinds.entry(id).or_insert(kind);
            }
        };
        add(RecordKind::Instrument, dataset.instruments.iter().map(|r| r.id.as_str()).collect());
        add(RecordKind::Article, dataset.articles.iter().map(|r| r.id.as_str()).collect());
        add(RecordKind::Event, dataset.events.iter().map(|r| r.id.as_str()).collect());
        add(RecordKind::Actor, dataset.actors.iter().map(|r| r.id.as_str()).collect());
        add(RecordKind::Place, dataset.places.iter().map(|r| r.id.as_str()).collect());
        add(RecordKind::Figure, dataset.figures.iter().map(|r| r.id.as_str()).collect());
        add(RecordKind::Position, dataset.positions.iter().map(|r| r.id.as_str()).collect());
        add(RecordKind::Source, dataset.sources.iter().map(|r| r.id.as_str()).collect());
        Iris { base, kinds }
    }

    /// `{base}{kind}/{id}`.
    fn of(&self, kind: RecordKind, id: &str) -> String {
        format!("{}{}/{}", self.base, kind.name(), id)
    }

    /// The IRI of a record of any kind. A validated dataset has no dangling reference; were
    /// there one, it would point to `{base}missing/{id}`.
    fn any(&self, id: &str) -> String {
        match self.kinds.get(id) {
            Some(&kind) => self.of(kind, id),
            None => format!("{}missing/{}", self.base, id),
        }
    }

    fn all(&self, kind: RecordKind, ids: &[String]) -> Vec<Value> {
        ids.iter().map(|id| json!(self.of(kind, id))).collect()
    }

    /// The IRIs of records that may be of any kind.
    fn any_all(&self, ids: &[String]) -> Vec<Value> {
        ids.iter().map(|id| json!(self.any(id))).collect()
    }

    fn dataset(&self, id: &str) -> String {
        format!("{}dataset/{}", self.base, id)
    }
}

/// A node object under construction.
struct Node(Map<String, Value>);

impl Node {
    fn new(id: String, types: &[&str]) -> Node {
        let mut map = Map::new();
        map.insert("@id".to_string(), json!(id));
        map.insert("@type".to_string(), json!(types));
        Node(map)
    }

    fn set(&mut self, key: &str, value: impl Into<Value>) {
        self.0.insert(key.to_string(), value.into());
    }

    fn text(&mut self, key: &str, value: Option<&String>) {
        if let Some(value) = value {
            self.set(key, value.as_str());
        }
    }

    /// A multi-valued property: always an array, left out when empty.
    fn list(&mut self, key: &str, values: Vec<Value>) {
        if !values.is_empty() {
            self.set(key, values);
        }
    }

    /// Adds to a multi-valued property.
    fn push(&mut self, key: &str, value: Value) {
        match self.0.entry(key.to_string()).or_insert_with(|| json!([])) {
            Value::Array(values) => values.push(value),
            other => *other = json!([other.take(), value]),
        }
    }

    /// A date field whose property names one day: the typed date and the EDTF text.
    fn date(&mut self, key: &str, edtf_key: &str, text: &str) {
        self.set(edtf_key, text);
        if let Ok(Edtf::Date(date)) = Edtf::parse(text) {
            self.set(key, typed_date(&date));
        }
    }

    fn citations(&mut self, iris: &Iris, sources: &[String]) {
        self.list("citation", iris.all(RecordKind::Source, sources));
    }

    fn into_value(self) -> Value {
        Value::Object(self.0)
    }
}

/// A date as a literal typed by its precision; the qualifier is left to the EDTF text.
fn typed_date(date: &Date) -> Value {
    let (datatype, text) = match (date.precision(), date.month, date.day) {
        (Precision::Day, Some(m), Some(d)) => ("xsd:date", format!("{:04}-{m:02}-{d:02}", date.year)),
        (Precision::Month | Precision::Day, Some(m), _) => ("xsd:gYearMonth", format!("{:04}-{m:02}", date.year)),
        _ => ("xsd:gYear", format!("{:04}", date.year)),
    };
    json!({ "@type": datatype, "@value": text })
}

fn names(names: &Names) -> Value {
    let mut map = Map::new();
    map.insert("en".to_string(), json!(names.en));
    if let Some(ja) = &names.ja {
        map.insert("ja".to_string(), json!(ja));
    }
    if let Some(ja_latn) = &names.ja_latn {
        map.insert("ja-Latn".to_string(), json!(ja_latn));
    }
    Value::Object(map)
}

fn english(text: &str) -> Value {
    json!({ "en": text })
}

/// `alternateName` (a language map of arrays) and `aliasNote`.
fn aliases(node: &mut Node, aliases: &[Alias]) {
    if aliases.is_empty() {
        return;
    }
    let mut by_language: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for alias in aliases {
        by_language.entry(alias.lang.as_str()).or_default().push(&alias.name);
    }
    node.set("alternateName", json!(by_language));
    let notes: Vec<Value> =
        aliases.iter().filter_map(|a| a.note.as_ref().map(|note| json!(format!("{}: {note}", a.name)))).collect();
    node.list("aliasNote", notes);
}

fn quotations(node: &mut Node, iris: &Iris, quotations: &[Quotation]) {
    let id = node.0.get("@id").and_then(Value::as_str).unwrap_or_default().to_string();
    let values = quotations
        .iter()
        .enumerate()
        .map(|(i, q)| {
            json!({
                "@id": format!("{id}#quotation-{}", i + 1),
                "@type": ["Quotation"],
                "citation": [iris.of(RecordKind::Source, &q.source)],
                "quotedFrom": q.quoted_from,
                "text": q.text,
            })
        })
        .collect();
    node.list("quotation", values);
}

/// The term of a relation kind; `None` for a kind the schema does not know.
fn relation_term(kind: &str) -> Option<&'static str> {
    match kind {
        "revises-and-replaces" => Some("repeals"),
        "supplements" => Some("supplements"),
        "implements" => Some("applies"),
        "interprets" => Some("interprets"),
        _ => None,
    }
}

fn dataset_node(meta: &DatasetMeta, dataset: &Dataset, dictionary: &Dictionary, iris: &Iris) -> Value {
    let mut node = Node::new(iris.dataset(&meta.id), &["Dataset"]);
    node.set("name", english(&meta.title));
    node.set("description", meta.description.as_str());
    node.set("version", meta.version.as_str());
    node.set("spdxLicense", meta.license.as_str());
    node.set("license", meta.license_url.as_str());
    node.set("publisher", meta.publisher.as_str());
    node.list("keywords", meta.keywords.iter().map(|k| json!(k)).collect());
    node.date("dateModified", "modifiedEdtf", &meta.modified);
    node.set("schemaVersion", dictionary.version());
    node.set("contextVersion", CONTEXT_VERSION);
    let mut sources: Vec<&Source> = dataset.sources.iter().collect();
    sources.sort_by(|a, b| a.id.cmp(&b.id));
    node.list("citation", sources.iter().map(|s| json!(iris.of(RecordKind::Source, &s.id))).collect());
    let own = format!("{}, version {}, {}, {}", meta.title, meta.version, meta.publisher, meta.license);
    let mut credits = vec![json!(own)];
    credits.extend(sources.iter().map(|s| json!(s.attribution)));
    node.list("creditText", credits);
    node.into_value()
}

fn instrument(r: &Instrument, links: &Links, iris: &Iris) -> Node {
    let mut node = Node::new(iris.of(RecordKind::Instrument, &r.id), &["Legislation", "LegalResource"]);
    node.set("legislationType", r.kind.as_str());
    node.set("name", names(&r.title));
    node.set("title", names(&r.title));
    node.set("title_short", r.short_name.as_str());
    aliases(&mut node, &r.aliases);
    node.list("legislationPassedBy", iris.all(RecordKind::Actor, &r.parties));
    if let Some(signed) = &r.signed {
        node.date("date_document", "signedEdtf", &signed.date);
        if let Some(place) = &signed.place {
            node.set("locationCreated", iris.of(RecordKind::Place, place));
        }
        node.list("signatory", iris.all(RecordKind::Actor, &signed.signatories));
    }
    if let Some(date) = &r.entry_into_force {
        node.date("first_date_entry_in_force", "entryIntoForceEdtf", date);
    }
    if let Some(count) = r.article_count {
        node.set("articleCount", count);
    }
    node.text("term", r.term.as_ref());
    node.text("termination", r.termination.as_ref());
    for relation in &r.relations {
        let Some(term) = relation_term(&relation.kind) else {
            continue;
        };
        node.push(term, json!(iris.of(RecordKind::Instrument, &relation.target)));
        if let Some(article) = &relation.article
            && links.instrument_of.get(article.as_str()) != Some(&r.id.as_str())
        {
            node.push(term, json!(iris.of(RecordKind::Article, article)));
        }
    }
    node.list("about", iris.any_all(&r.concerns));
    node.set("abstract", r.summary.as_str());
    let parts = links.parts.get(r.id.as_str()).map(Vec::as_slice).unwrap_or_default();
    node.list("has_part", parts.iter().map(|id| json!(iris.of(RecordKind::Article, id))).collect());
    node.citations(iris, &r.sources);
    node.text("editorialNote", r.notes.as_ref());
    node
}

fn article(r: &Article, links: &Links, iris: &Iris) -> Node {
    let mut node = Node::new(iris.of(RecordKind::Article, &r.id), &["Legislation", "LegalResourceSubdivision"]);
    node.set("is_part_of", iris.of(RecordKind::Instrument, &r.instrument));
    if let Some(number) = r.number {
        node.set("number", number.to_string());
    }
    node.set("headline", r.heading.as_str());
    node.set("abstract", r.summary.as_str());
    node.list("keywords", r.topics.iter().map(|t| json!(t)).collect());
    node.list("about", iris.any_all(&r.concerns));
    quotations(&mut node, iris, &r.quotations);
    // Relations that this article makes for its own instrument.
    let relations = links.through_article.get(&(r.instrument.as_str(), r.id.as_str()));
    for relation in relations.map(Vec::as_slice).unwrap_or_default() {
        if let Some(term) = relation_term(&relation.kind) {
            node.push(term, json!(iris.of(RecordKind::Instrument, &relation.target)));
        }
    }
    node.citations(iris, &r.sources);
    node.text("editorialNote", r.notes.as_ref());
    node
}

fn event(r: &Event, iris: &Iris) -> Node {
    let id = iris.of(RecordKind::Event, &r.id);
    let mut node = Node::new(id.clone(), &["Event"]);
    node.set("kind", r.kind.as_str());
    node.set("dateEdtf", r.date.as_str());
    match Edtf::parse(&r.date) {
        Ok(Edtf::Date(date)) => node.set("startDate", typed_date(&date)),
        Ok(Edtf::Interval { start, end }) => {
            if let Some(start) = start {
                node.set("startDate", typed_date(&start));
            }
            if let Some(end) = end {
                node.set("endDate", typed_date(&end));
            }
        }
        Err(_) => {}
    }
    node.text("datePhrase", r.date_phrase.as_ref());
    node.set("name", english(&r.title));
    node.set("description", r.summary.as_str());
    let participants = r
        .participants
        .iter()
        .enumerate()
        .map(|(i, p)| {
            json!({
                "@id": format!("{id}#participant-{}", i + 1),
                "@type": ["Role"],
                "participant": iris.of(RecordKind::Actor, &p.actor),
                "roleName": p.role,
            })
        })
        .collect();
    node.list("participant", participants);
    node.list("location", iris.all(RecordKind::Place, &r.places));
    let mut about = iris.all(RecordKind::Instrument, &r.instruments);
    for concerned in iris.any_all(&r.concerns) {
        if !about.contains(&concerned) {
            about.push(concerned);
        }
    }
    node.list("about", about);
    node.citations(iris, &r.sources);
    node.text("editorialNote", r.notes.as_ref());
    node
}

fn actor(r: &Actor, iris: &Iris) -> Node {
    let id = iris.of(RecordKind::Actor, &r.id);
    let class = match r.kind.as_str() {
        "person" => "Person",
        "state" => "Country",
        _ => "Organization",
    };
    let mut node = Node::new(id.clone(), &[class]);
    node.set("kind", r.kind.as_str());
    node.set("name", names(&r.name));
    aliases(&mut node, &r.aliases);
    node.text("description", r.description.as_ref());
    if let Some(part_of) = &r.part_of {
        let key = if class == "Person" { "affiliation" } else { "parentOrganization" };
        node.set(key, iris.of(RecordKind::Actor, part_of));
    }
    let roles = r
        .roles
        .iter()
        .enumerate()
        .map(|(i, role)| {
            let mut role_node = Node::new(format!("{id}#role-{}", i + 1), &["OrganizationRole"]);
            role_node.set("roleName", role.title.as_str());
            if let Some(organization) = &role.organization {
                role_node.set("memberOf", iris.of(RecordKind::Actor, organization));
            }
            if let Some(start) = &role.start {
                role_node.date("startDate", "startEdtf", start);
            }
            if let Some(end) = &role.end {
                role_node.date("endDate", "endEdtf", end);
            }
            role_node.into_value()
        })
        .collect();
    node.list("memberOf", roles);
    node.citations(iris, &r.sources);
    node.text("editorialNote", r.notes.as_ref());
    node
}

fn place(r: &Place, iris: &Iris) -> Node {
    let mut node = Node::new(iris.of(RecordKind::Place, &r.id), &["Place"]);
    node.set("kind", r.kind.as_str());
    node.set("name", names(&r.name));
    if let Some(within) = &r.within {
        node.set("containedInPlace", iris.of(RecordKind::Place, within));
    }
    node.text("description", r.description.as_ref());
    node.citations(iris, &r.sources);
    node.text("editorialNote", r.notes.as_ref());
    node
}

/// A JSON number as an `xsd:decimal` lexical form: `0.5`, `-12.5`, `13500000`.
fn decimal(number: &serde_json::Number) -> String {
    match number.as_f64() {
        Some(f) if !(number.is_i64() || number.is_u64()) => format!("{f}"),
        _ => number.to_string(),
    }
}

fn figure(r: &Figure, iris: &Iris) -> Node {
    let mut node = Node::new(iris.of(RecordKind::Figure, &r.id), &["Observation"]);
    node.set("value", decimal(&r.value));
    node.set("unitText", r.unit.as_str());
    node.set("valueQualifier", r.qualifier.as_str());
    node.set("variableMeasured", r.measure.as_str());
    node.list("observationAbout", iris.any_all(&r.about));
    if let Some(date) = &r.date {
        node.date("observationDate", "dateEdtf", date);
    }
    node.citations(iris, &r.sources);
    node.text("editorialNote", r.notes.as_ref());
    node
}

fn position(r: &Position, iris: &Iris) -> Node {
    let mut node = Node::new(iris.of(RecordKind::Position, &r.id), &["Claim"]);
    node.set("stance", r.stance.as_str());
    node.set("text", r.claim.as_str());
    node.list("holder", iris.all(RecordKind::Actor, &r.holders));
    node.text("holdersPhrase", r.holders_phrase.as_ref());
    node.list("keywords", r.topics.iter().map(|t| json!(t)).collect());
    node.list("about", iris.any_all(&r.concerns));
    node.list("evidence", iris.all(RecordKind::Figure, &r.evidence));
    quotations(&mut node, iris, &r.quotations);
    node.citations(iris, &r.sources);
    node.text("editorialNote", r.notes.as_ref());
    node
}

fn source(r: &Source, iris: &Iris) -> Node {
    let mut node = Node::new(iris.of(RecordKind::Source, &r.id), &["CreativeWork"]);
    node.set("kind", r.kind.as_str());
    node.set("headline", r.title.as_str());
    node.set("publisher", r.publisher.as_str());
    node.text("author", r.author.as_ref());
    node.text("url", r.url.as_ref());
    if let Some(published) = &r.published {
        node.date("datePublished", "publishedEdtf", published);
    }
    node.text("spdxLicense", r.license.as_ref());
    node.text("license", r.license_url.as_ref());
    node.set("creditText", r.attribution.as_str());
    node.text("editorialNote", r.notes.as_ref());
    node
}

/// A document: `{"@context": …, "@graph": […]}` with the nodes already written by
/// [`graph_node`], two-space indented, every object's keys sorted, and a final newline:
/// the bytes `serde_json::to_vec_pretty` gives for the same value with sorted keys.
fn document(context: &Value, nodes: &[Vec<u8>]) -> Vec<u8> {
    let size: usize = nodes.iter().map(Vec::len).sum();
    let mut out = Vec::with_capacity(size + 64 * 1024);
    out.extend_from_slice(b"{\n  \"@context\": ");
    write_pretty(&mut out, context, 1);
    out.extend_from_slice(b",\n  \"@graph\": ");
    // Each node starts with `,`: all but the first keep it.
    let mut nodes = nodes.iter().filter(|bytes| !bytes.is_empty());
    match nodes.next() {
        None => out.extend_from_slice(b"[]"),
        Some(first) => {
            out.push(b'[');
            out.extend_from_slice(&first[1..]);
            for bytes in nodes {
                out.extend_from_slice(bytes);
            }
            out.extend_from_slice(b"\n  ]");
        }
    }
    out.extend_from_slice(b"\n}\n");
    out
}

/// A node as an element of `@graph`: a comma, a new line and the node, two levels deep.
fn graph_node(node: &Value) -> Vec<u8> {
    let mut out = b",\n    ".to_vec();
    write_pretty(&mut out, node, 2);
    out
}

/// `value` as `serde_json`'s pretty printer writes it, starting `depth` levels deep, with
/// every object's keys sorted (whatever `serde_json::Map` is backed by: a crate in the
/// build could switch on `preserve_order`).
fn write_pretty(out: &mut Vec<u8>, value: &Value, depth: usize) {
    let line = |out: &mut Vec<u8>, depth: usize| {
        out.push(b'\n');
        out.resize(out.len() + 2 * depth, b' ');
    };
    match value {
        Value::Array(items) if !items.is_empty() => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                line(out, depth + 1);
                write_pretty(out, item, depth + 1);
            }
            line(out, depth);
            out.push(b']');
        }
        Value::Object(map) if !map.is_empty() => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            out.push(b'{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                line(out, depth + 1);
                serde_json::to_writer(&mut *out, key.as_str()).expect("a string always serializes");
                out.extend_from_slice(b": ");
                write_pretty(out, item, depth + 1);
            }
            line(out, depth);
            out.push(b'}');
        }
        other => scalar(out, other),
    }
}

/// A value without members (or an empty array or object), as `serde_json` writes it.
fn scalar(out: &mut Vec<u8>, value: &Value) {
    serde_json::to_writer(out, value).expect("a JSON value always serializes");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> Value {
        match Edtf::parse(text).unwrap() {
            Edtf::Date(date) => typed_date(&date),
            Edtf::Interval { .. } => panic!("not one date"),
        }
    }

    #[test]
    fn dates_are_typed_by_precision_without_their_qualifier() {
        assert_eq!(typed("1960-06-19"), json!({"@type": "xsd:date", "@value": "1960-06-19"}));
        assert_eq!(typed("1960-06"), json!({"@type": "xsd:gYearMonth", "@value": "1960-06"}));
        assert_eq!(typed("1959"), json!({"@type": "xsd:gYear", "@value": "1959"}));
        assert_eq!(typed("2008~"), json!({"@type": "xsd:gYear", "@value": "2008"}));
        assert_eq!(typed("0800?"), json!({"@type": "xsd:gYear", "@value": "0800"}));
    }

    #[test]
    fn a_point_date_keeps_its_edtf_text_and_an_interval_only_that() {
        let mut node = Node::new("x".to_string(), &[]);
        node.date("date_document", "signedEdtf", "1960-01~");
        assert_eq!(node.0["signedEdtf"], "1960-01~");
        assert_eq!(node.0["date_document"]["@value"], "1960-01");
        let mut node = Node::new("x".to_string(), &[]);
        node.date("datePublished", "publishedEdtf", "../2008");
        assert_eq!(node.0["publishedEdtf"], "../2008");
        assert!(!node.0.contains_key("datePublished"));
        let mut node = Node::new("x".to_string(), &[]);
        node.date("datePublished", "publishedEdtf", "not a date");
        assert_eq!(node.0["publishedEdtf"], "not a date");
        assert!(!node.0.contains_key("datePublished"));
    }

    #[test]
    fn decimals_are_written_without_exponent() {
        let n = |text: &str| decimal(&serde_json::from_str(text).unwrap());
        assert_eq!(n("0.5"), "0.5");
        assert_eq!(n("-12.5"), "-12.5");
        assert_eq!(n("13500000"), "13500000");
        assert_eq!(n("1e21"), "1000000000000000000000");
        assert_eq!(n("2.0"), "2");
    }

    #[test]
    fn terms_are_unique_and_ours_are_documented_by_the_schema() {
        let dictionary = Dictionary::new();
        let mut seen = std::collections::HashSet::new();
        for term in TERMS {
            assert!(seen.insert(term.name), "{} defined twice", term.name);
            assert!(!PREFIXES.iter().any(|(p, _)| *p == term.name) && term.name != OURS);
            for &(definition, path) in term.fields {
                assert!(
                    dictionary.field(definition, path).is_some(),
                    "{}: no description for {definition}/{path}",
                    term.name
                );
            }
            // Ours, and only ours, are documented in `context.jsonld`.
            let documented = !term.fields.is_empty() || !term.lead.is_empty();
            assert_eq!(term.prefix == OURS, documented, "{}", term.name);
        }
    }

    #[test]
    fn relation_kinds_of_the_schema_all_have_a_term() {
        for kind in ["revises-and-replaces", "supplements", "implements", "interprets"] {
            assert!(relation_term(kind).is_some(), "{kind}");
        }
    }
}
