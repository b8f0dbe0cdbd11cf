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
//! an article or a position). Terms of our own namespace are `https://w3id.org/anpo/ns#{term}`
//! ([`VOCABULARY`](crate::export::VOCABULARY)), whatever the base: a base moves the records,
//! never the properties. Nodes come
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
//! | instrument | `Legislation`, `LegalResource` | kind → `legislationType`, title → `name` and `title` (language maps), short_name → `title_short`, aliases → `alternateName` (+ `aliasNote`), parties → `legislationPassedBy`, signed.date → `date_document` (a day only) + `signedEdtf`, signed.place → `locationCreated`, signed.signatories → `signatory`, entry_into_force → `first_date_entry_in_force` (a day only) + `entryIntoForceEdtf`, article_count → `articleCount`, term → `term`, termination → `termination`, relations → `repeals` / `supplements` / `applies` / `interprets` (below), concerns → `about`, summary → `abstract`; its articles → `has_part` |
//! | article | `Legislation`, `LegalResourceSubdivision` | instrument → `is_part_of`, number → `number` (a string, as ELI has it), heading → `headline`, summary → `abstract`, topics → `keywords`, concerns → `about`, quotations → `quotation` |
//! | event | `Event` | kind → `kind`, date → `startDate` / `endDate` (its first and last days) + `dateEdtf`, date_phrase → `datePhrase`, title → `name` (`en`), summary → `description`, participants → `participant` (below), places → `location`, instruments and concerns → `about` (the instruments first, each IRI once) |
//! | actor | `Person`, `Organization` or `Country` | kind → `kind` (a state is a `Country`, a person a `Person`, any other an `Organization`), name → `name`, aliases → `alternateName` (+ `aliasNote`), description → `description`, part_of → `affiliation` (a person) or `parentOrganization`, roles → `memberOf` (below) |
//! | place | `Place` | kind → `kind`, name → `name`, within → `containedInPlace`, description → `description` |
//! | figure | `Observation` | value → `value` (its text exactly as the data has it: an `xsd:decimal` written as a string, or, when written with an exponent, a literal typed `xsd:double`), unit → `unitText`, qualifier → `valueQualifier`, measure → `variableMeasured`, about → `observationAbout`, date → `observationDate` + `dateEdtf` |
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
//! Every date field gives its EDTF text, exactly as the data has it, as a literal of
//! datatype `http://id.loc.gov/datatypes/edtf/EDTF` under our own `…Edtf` term
//! (`signedEdtf`, `dateEdtf`, …), and the first and last days it can denote, each an
//! `xsd:date`, under our `…FirstDay` and `…LastDay` terms (`signedFirstDay`,
//! `dateLastDay`, …): every form has them (`196X`: 1960-01-01 and 1969-12-31; `1960-24`,
//! winter 1960: 1960-12-01 and 1961-02-28), but an open or unknown end (`../2008`,
//! `1960/`) has no day.
//!
//! Beside them, the vocabulary's date property holds the date typed by its precision,
//! where XML Schema has a type for it and the property's range allows it (`Range`):
//! `xsd:date` (`1960-06-19`), `xsd:gYearMonth` (`1960-06`, and `1960-06-XX`, a day of June
//! 1960 not given) or `xsd:gYear` (`1960`, and `1960-XX` and `1960-XX-XX`, a month or day
//! of 1960 not given). A decade (`196X`), a century (`19XX`) and a season (`1960-21`) have
//! no XML Schema type (`xsd:gYear` would claim one year, `xsd:gYearMonth` one month), so
//! they have no typed value: their days and EDTF text say what they are. An approximate
//! or uncertain date (`2008~`) keeps its typed value at that precision (`2008`); only the
//! EDTF text carries the qualifier. An interval has no typed value where the property
//! names one day (`date_document`, `datePublished`, a role's `startDate` …).
//!
//! ELI declares its dates (`eli:date_document`, `eli:first_date_entry_in_force`) as
//! `xsd:date`: they hold a date given to the day, and nothing for a month or a year (a
//! first day there would claim a day no source gives); `signedFirstDay` and the others
//! still carry the days.
//!
//! An **event** spans its days: `startDate` is the first day its date can denote and
//! `endDate` the last, each an `xsd:date`, whatever the precision (`1960`: 1960-01-01 to
//! 1960-12-31; `1959-03/1960-06-23`: 1959-03-01 to 1960-06-23; an open or unknown end
//! gives no date on that side). So a SPARQL query by year (`YEAR(?start) <= 1960 &&
//! YEAR(?end) >= 1960`) or by a range of days (`?start <= "1960-06-30"^^xsd:date &&
//! ?end >= "1960-06-01"^^xsd:date`) finds every event that overlaps it; the EDTF text
//! says how precise the date is.

use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::Write;

use serde_json::{Map, Value, json};

use crate::edtf::{Date, Edtf, Precision};
use crate::export::{Input, OutputFile, VOCABULARY};
use crate::model::{
    Actor, ActorKind, Alias, Article, COLLECTIONS, Dataset, DatasetMeta, Event, Figure, Instrument, Names, Place,
    Position, Quotation, RecordKind, Relation, RelationKind, Source,
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

/// The prefix of our own namespace, [`VOCABULARY`] (`https://w3id.org/anpo/ns#`).
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
    /// A day, `YYYY-MM-DD`, of datatype `xsd:date`: the first or last day of a date.
    Day,
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

use Shape::{Class, Day, Decimal, Edtf as EdtfText, Language, Plain, Reference};

/// The terms of one date field: its EDTF text, and its first and last days.
#[derive(Debug, Clone, Copy)]
struct DateTerms {
    edtf: &'static str,
    first: &'static str,
    last: &'static str,
}

const fn date_terms(edtf: &'static str, first: &'static str, last: &'static str) -> DateTerms {
    DateTerms { edtf, first, last }
}

const SIGNED: DateTerms = date_terms("signedEdtf", "signedFirstDay", "signedLastDay");
const ENTRY_INTO_FORCE: DateTerms = date_terms("entryIntoForceEdtf", "entryIntoForceFirstDay", "entryIntoForceLastDay");
const DATE: DateTerms = date_terms("dateEdtf", "dateFirstDay", "dateLastDay");
const START: DateTerms = date_terms("startEdtf", "startFirstDay", "startLastDay");
const END: DateTerms = date_terms("endEdtf", "endFirstDay", "endLastDay");
const MODIFIED: DateTerms = date_terms("modifiedEdtf", "modifiedFirstDay", "modifiedLastDay");
const PUBLISHED: DateTerms = date_terms("publishedEdtf", "publishedFirstDay", "publishedLastDay");

/// What the documentation of a first-day and a last-day term begins with.
const FIRST_DAY: &str = "The first day a date can denote (`xsd:date`; `1960-01-01` for `1960`, `1960-12-01` for \
    `1960-24`, winter 1960), given for every date but one whose start is open or unknown (`../1960`, `/1960`).";
const LAST_DAY: &str = "The last day a date can denote (`xsd:date`; `1960-12-31` for `1960`, `1961-02-28` for \
    `1960-24`, winter 1960), given for every date but one whose end is open or unknown (`1960/..`, `1960/`).";

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
    ours("dateFirstDay", Day, &[("event", "date"), ("figure", "date")]).lead(FIRST_DAY),
    ours("dateLastDay", Day, &[("event", "date"), ("figure", "date")]).lead(LAST_DAY),
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
    ours("endFirstDay", Day, &[("actor", "roles/end")]).lead(FIRST_DAY),
    ours("endLastDay", Day, &[("actor", "roles/end")]).lead(LAST_DAY),
    ours("entryIntoForceEdtf", EdtfText, &[("instrument", "entry_into_force")]),
    ours("entryIntoForceFirstDay", Day, &[("instrument", "entry_into_force")]).lead(FIRST_DAY),
    ours("entryIntoForceLastDay", Day, &[("instrument", "entry_into_force")]).lead(LAST_DAY),
    ours("evidence", Reference, &[("position", "evidence")]),
    ours("holder", Reference, &[("position", "holders")]),
    ours("holdersPhrase", Plain, &[("position", "holders_phrase")]),
    ours("interprets", Reference, &[("instrument", "relations/kind")])
        .lead("The relation `interprets`: this instrument interprets the target."),
    ours("kind", Plain, &[("event", "kind"), ("actor", "kind"), ("place", "kind"), ("source", "kind")]),
    ours("modifiedEdtf", EdtfText, &[("dataset", "modified")]),
    ours("modifiedFirstDay", Day, &[("dataset", "modified")]).lead(FIRST_DAY),
    ours("modifiedLastDay", Day, &[("dataset", "modified")]).lead(LAST_DAY),
    ours("participant", Reference, &[("event", "participants"), ("event", "participants/actor")]),
    ours("publishedEdtf", EdtfText, &[("source", "published")]),
    ours("publishedFirstDay", Day, &[("source", "published")]).lead(FIRST_DAY),
    ours("publishedLastDay", Day, &[("source", "published")]).lead(LAST_DAY),
    ours("quotation", Reference, &[("article", "quotations"), ("position", "quotations")]),
    ours("quotedFrom", Plain, &[("quotation", "quoted_from")]),
    ours("signatory", Reference, &[("instrument", "signed/signatories")]),
    ours("signedEdtf", EdtfText, &[("instrument", "signed/date")]),
    ours("signedFirstDay", Day, &[("instrument", "signed/date")]).lead(FIRST_DAY),
    ours("signedLastDay", Day, &[("instrument", "signed/date")]).lead(LAST_DAY),
    ours("spdxLicense", Plain, &[("dataset", "license"), ("source", "license")]),
    ours("stance", Plain, &[("position", "stance")]),
    ours("startEdtf", EdtfText, &[("actor", "roles/start")]),
    ours("startFirstDay", Day, &[("actor", "roles/start")]).lead(FIRST_DAY),
    ours("startLastDay", Day, &[("actor", "roles/start")]).lead(LAST_DAY),
    ours("supplements", Reference, &[("instrument", "relations/kind")])
        .lead("The relation `supplements`: this instrument supplements the target."),
    ours("term", Plain, &[("instrument", "term")]),
    ours("termination", Plain, &[("instrument", "termination")]),
    ours("valueQualifier", Plain, &[("figure", "qualifier")]),
];

/// The exporter: `anpo.jsonld` (the graph) and `context.jsonld` (its context).
pub fn export(input: &Input) -> Vec<OutputFile> {
    let base = input.settings.base_iri.as_str();
    let context = context();
    let graph = graph(input.dataset, input.dictionary, base);
    let mut documentation = Vec::new();
    for node in context_graph(input.dictionary, base) {
        graph_node(&mut documentation, node);
    }
    vec![
        OutputFile { path: "anpo.jsonld".to_string(), bytes: document(&context, &graph) },
        OutputFile { path: "context.jsonld".to_string(), bytes: document(&context, &[documentation]) },
    ]
}

/// The `@context`: the same for every base IRI, as it names only vocabularies.
pub fn context() -> Value {
    let mut context = Map::new();
    context.insert("@version".to_string(), json!(1.1));
    for (prefix, iri) in PREFIXES {
        context.insert(prefix.to_string(), json!(iri));
    }
    context.insert(OURS.to_string(), json!(VOCABULARY));
    for term in TERMS {
        let iri = format!("{}:{}", term.prefix, term.local);
        let definition = match term.shape {
            Class | Plain => json!(iri),
            Language => json!({ "@id": iri, "@container": "@language" }),
            Reference => json!({ "@id": iri, "@type": "@id" }),
            Decimal => json!({ "@id": iri, "@type": "xsd:decimal" }),
            EdtfText => json!({ "@id": iri, "@type": EDTF_DATATYPE }),
            Day => json!({ "@id": iri, "@type": "xsd:date" }),
        };
        context.insert(term.name.to_string(), definition);
    }
    Value::Object(context)
}

/// A document that holds only the `@context` (`{"@context": …}`), for documents that
/// reference the context rather than carry it (the static site's `context.jsonld`).
pub fn context_document() -> Vec<u8> {
    let context = context();
    let mut node = Node(Vec::new());
    node.set("@context", &context);
    let mut out = Vec::new();
    node.write(&mut out, 0);
    out.push(b'\n');
    out
}

/// The graph of `context.jsonld`: the context's own node, then our terms, documented.
fn context_graph<'a>(dictionary: &'a Dictionary, base: &str) -> Vec<Node<'a>> {
    let mut context = Node::new(format!("{base}context/{CONTEXT_VERSION}"), &["CreativeWork"]);
    context.set("contextVersion", CONTEXT_VERSION);
    context.set("name", english("Anpo JSON-LD context"));
    context.set("schemaVersion", dictionary.version());
    let mut nodes = vec![context];
    for term in TERMS.iter().filter(|t| t.prefix == OURS) {
        let edtf = if term.shape == EdtfText {
            "The EDTF text of a date, beside its first and last days and, where XML Schema has a type for it, \
             its typed value."
        } else {
            ""
        };
        let fields = term_comment(dictionary, term);
        let comment: Vec<&str> = [edtf, term.lead, &fields].into_iter().filter(|s| !s.is_empty()).collect();
        let mut node = Node::new(format!("{VOCABULARY}{}", term.name), &["Property"]);
        node.set("comment", comment.join(" "));
        node.set("label", term.name);
        nodes.push(node);
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
/// written as elements of `@graph` (see [`graph_node`]), in runs of records built and
/// written on every core.
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

    let mut runs = Vec::new();
    if let Some(meta) = &dataset.dataset {
        let mut out = Vec::new();
        graph_node(&mut out, dataset_node(meta, dataset, dictionary, &iris));
        runs.push(out);
    }
    let written: Vec<Vec<u8>> = records
        .par_chunks(NODES_PER_TASK)
        .map(|chunk| {
            let mut out = Vec::with_capacity(chunk.len() * NODE_BYTES);
            for record in chunk {
                graph_node(&mut out, record.node(&links, &iris));
            }
            out
        })
        .collect();
    runs.extend(written);
    runs
}

/// The node of one record at a time, as the JSON-LD export writes it, for documents that
/// carry their own record (the static site's pages): the same `@id`s, types and terms as
/// `anpo.jsonld`, built by the same functions.
pub struct Nodes<'a> {
    dataset: &'a Dataset,
    iris: Iris<'a>,
    links: Links<'a>,
}

impl<'a> Nodes<'a> {
    pub fn new(dataset: &'a Dataset, base: &'a str) -> Nodes<'a> {
        Nodes { dataset, iris: Iris::new(dataset, base), links: Links::new(dataset) }
    }

    /// The `index`th record of `kind` as a JSON-LD document: its node, with `@context` set
    /// to `context` (an IRI, or a reference relative to the document, of a file holding
    /// [`context`]). Keys sorted, on one line: no space between tokens, no final newline
    /// (a page of the site per record carries one; at a million records, the layout alone
    /// would be a gigabyte).
    pub fn document(&self, kind: RecordKind, index: usize, context: &'a str) -> Vec<u8> {
        let d = self.dataset;
        let record = match kind {
            RecordKind::Instrument => Record::Instrument(&d.instruments[index]),
            RecordKind::Article => Record::Article(&d.articles[index]),
            RecordKind::Event => Record::Event(&d.events[index]),
            RecordKind::Actor => Record::Actor(&d.actors[index]),
            RecordKind::Place => Record::Place(&d.places[index]),
            RecordKind::Figure => Record::Figure(&d.figures[index]),
            RecordKind::Position => Record::Position(&d.positions[index]),
            RecordKind::Source => Record::Source(&d.sources[index]),
        };
        let mut node = record.node(&self.links, &self.iris);
        node.set("@context", context);
        let mut out = Vec::with_capacity(NODE_BYTES);
        node.write(&mut out, 0);
        compact(&out)
    }
}

/// JSON text as this module writes it, without the layout: the spaces and line breaks
/// between tokens go, every byte of every string stays (a string's own line break is
/// written `\n`, so the only white space outside strings is layout).
fn compact(pretty: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(pretty.len());
    let (mut in_string, mut escaped) = (false, false);
    for &byte in pretty {
        if in_string {
            out.push(byte);
            if escaped {
                escaped = false;
            } else if byte == b'\\' {
                escaped = true;
            } else if byte == b'"' {
                in_string = false;
            }
        } else if !matches!(byte, b' ' | b'\n') {
            in_string = byte == b'"';
            out.push(byte);
        }
    }
    out
}

/// How many records one task of [`graph`] builds and writes.
const NODES_PER_TASK: usize = 2048;

/// Room for a written node, to size a task's buffer so that it rarely grows: more than
/// nodes take (those of the generated data about 1 KB, of the canonical data less). Room
/// not written is never touched.
const NODE_BYTES: usize = 2048;

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

impl<'a> Record<'a> {
    fn node(&self, links: &Links<'a>, iris: &Iris<'a>) -> Node<'a> {
        match *self {
            Record::Instrument(r) => instrument(r, links, iris),
            Record::Article(r) => article(r, links, iris),
            Record::Event(r) => event(r, iris),
            Record::Actor(r) => actor(r, iris),
            Record::Place(r) => place(r, iris),
            Record::Figure(r) => figure(r, iris),
            Record::Position(r) => position(r, iris),
            Record::Source(r) => source(r, iris),
        }
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
        let mut kinds = HashMap::with_capacity(COLLECTIONS.iter().map(|&kind| dataset.count(kind)).sum());
        for (kind, _, id) in dataset.records() {
            kinds.entry(id).or_insert(kind);
        }
        Iris { base, kinds }
    }

    /// `{base}{kind}/{id}`.
    fn of(&self, kind: RecordKind, id: &'a str) -> Iri<'a> {
        Iri { base: self.base, kind: kind.name(), id, fragment: None }
    }

    /// The IRI of a record of any kind. A validated dataset has no dangling reference; were
    /// there one, it would point to `{base}missing/{id}`.
    fn any(&self, id: &'a str) -> Iri<'a> {
        match self.kinds.get(id) {
            Some(&kind) => self.of(kind, id),
            None => Iri { base: self.base, kind: "missing", id, fragment: None },
        }
    }

    fn all(&self, kind: RecordKind, ids: &'a [String]) -> Vec<Json<'a>> {
        ids.iter().map(|id| Json::Iri(self.of(kind, id))).collect()
    }

    /// The IRIs of records that may be of any kind.
    fn any_all(&self, ids: &'a [String]) -> Vec<Json<'a>> {
        ids.iter().map(|id| Json::Iri(self.any(id))).collect()
    }

    /// `{base}dataset/{id}`.
    fn dataset(&self, id: &'a str) -> Iri<'a> {
        Iri { base: self.base, kind: "dataset", id, fragment: None }
    }
}

/// The IRI of a record, `{base}{kind}/{id}`, or of a node within it, `…#{fragment}-{n}`:
/// kept in pieces and written out without being put together first.
///
/// Two IRIs of one graph are equal exactly when their texts are: a kind holds no `/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Iri<'a> {
    base: &'a str,
    /// A record kind's name, or `dataset`, or `missing`.
    kind: &'static str,
    id: &'a str,
    /// The name and number of the fragment: `("participant", 1)`.
    fragment: Option<(&'static str, usize)>,
}

impl<'a> Iri<'a> {
    /// `{self}#{name}-{n}`.
    fn fragment(self, name: &'static str, n: usize) -> Iri<'a> {
        Iri { fragment: Some((name, n)), ..self }
    }

    /// Writes the IRI as a JSON string. Where a piece needs escaping (only a strange base or
    /// id can), the IRI is put together and escaped whole.
    fn write(&self, out: &mut Vec<u8>) {
        if !(escape_free(self.base) && escape_free(self.id)) {
            string(out, &self.to_string());
            return;
        }
        out.push(b'"');
        out.extend_from_slice(self.base.as_bytes());
        out.extend_from_slice(self.kind.as_bytes());
        out.push(b'/');
        out.extend_from_slice(self.id.as_bytes());
        if let Some((name, n)) = self.fragment {
            write!(out, "#{name}-{n}").expect("writing to a Vec never fails");
        }
        out.push(b'"');
    }
}

impl fmt::Display for Iri<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}/{}", self.base, self.kind, self.id)?;
        match self.fragment {
            Some((name, n)) => write!(f, "#{name}-{n}"),
            None => Ok(()),
        }
    }
}

/// A JSON value of the graph, as this module builds it: text borrowed from the dataset
/// where it can be, IRIs in pieces. Written by [`Json::write`].
#[derive(Debug)]
enum Json<'a> {
    /// A string, as the data (or this module) has it.
    Str(&'a str),
    /// A string made here: a typed date's value, a decimal, an alias note, a credit.
    String(String),
    Iri(Iri<'a>),
    /// A whole number (`articleCount`).
    Number(u32),
    /// A number, `true`, `false` or `null` of a `serde_json` value (the context's).
    Scalar(&'a Value),
    Array(Vec<Json<'a>>),
    Object(Node<'a>),
}

/// A `serde_json` value (the context, see [`context`]) to be written like the graph: keys
/// sorted whatever `serde_json::Map` is backed by (a crate in the build could switch on
/// `preserve_order`).
impl<'a> From<&'a Value> for Json<'a> {
    fn from(value: &'a Value) -> Json<'a> {
        match value {
            Value::String(text) => Json::Str(text),
            Value::Array(items) => Json::Array(items.iter().map(Json::from).collect()),
            Value::Object(map) => Json::Object(Node(map.iter().map(|(k, v)| (k.as_str(), Json::from(v))).collect())),
            scalar => Json::Scalar(scalar),
        }
    }
}

impl<'a> From<&'a str> for Json<'a> {
    fn from(text: &'a str) -> Json<'a> {
        Json::Str(text)
    }
}

impl From<String> for Json<'_> {
    fn from(text: String) -> Self {
        Json::String(text)
    }
}

impl<'a> From<Iri<'a>> for Json<'a> {
    fn from(iri: Iri<'a>) -> Json<'a> {
        Json::Iri(iri)
    }
}

impl From<u32> for Json<'_> {
    fn from(number: u32) -> Self {
        Json::Number(number)
    }
}

impl<'a> From<Vec<Json<'a>>> for Json<'a> {
    fn from(items: Vec<Json<'a>>) -> Json<'a> {
        Json::Array(items)
    }
}

impl<'a> From<Node<'a>> for Json<'a> {
    fn from(node: Node<'a>) -> Json<'a> {
        Json::Object(node)
    }
}

// Why a printer of its own rather than `Serialize` and a `serde_json::ser::Formatter`:
// both were measured (BENCHMARKS.md, "JSON-LD through serde: measured"), writing the same
// bytes. Through serde (`Serialize` for `Json`, `Node` sorting its keys at write time, IRIs
// by `collect_str`, a Formatter with serde_json's pretty layout starting two levels deep),
// `export --format jsonld` of 100,000 records took 5.45 G instructions against 4.74 G
// here (+15%), and `release` of 1,000,000 records 23.2 s and 25.9 s against 20.8 s and
// 23.7 s (+11%): more than the 5% the change was allowed, so the printer stays. What it
// saves: no second pass to sort each node's keys, and IRIs and escape-free strings copied
// without a formatter in between.
impl Json<'_> {
    /// Writes the value as `serde_json`'s pretty printer does, starting `depth` levels
    /// deep: two spaces a level, `"key": value`, `[]` and `{}` when empty, strings escaped
    /// by `serde_json` itself; and every object's keys sorted (see [`Node::write`]).
    fn write(self, out: &mut Vec<u8>, depth: usize) {
        match self {
            Json::Str(text) => string(out, text),
            Json::String(text) => string(out, &text),
            Json::Iri(iri) => iri.write(out),
            Json::Number(number) => serde_json::to_writer(out, &number).expect("a number always serializes"),
            Json::Scalar(value) => serde_json::to_writer(out, value).expect("a JSON value always serializes"),
            Json::Array(items) if items.is_empty() => out.extend_from_slice(b"[]"),
            Json::Array(items) => {
                out.push(b'[');
                for (i, item) in items.into_iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    line(out, depth + 1);
                    item.write(out, depth + 1);
                }
                line(out, depth);
                out.push(b']');
            }
            Json::Object(node) => node.write(out, depth),
        }
    }
}

/// A JSON object under construction: a node of the graph, or an object within one (a
/// language map, a typed date). Its entries stay in the order they were set until it is
/// written; every key is set once.
#[derive(Debug)]
struct Node<'a>(Vec<(&'a str, Json<'a>)>);

impl<'a> Node<'a> {
    fn new(id: impl Into<Json<'a>>, types: &[&'static str]) -> Node<'a> {
        // Room for the properties of most records without growing.
        let mut entries = Vec::with_capacity(16);
        entries.push(("@id", id.into()));
        entries.push(("@type", Json::Array(types.iter().map(|&class| Json::Str(class)).collect())));
        Node(entries)
    }

    fn set(&mut self, key: &'a str, value: impl Into<Json<'a>>) {
        debug_assert!(self.0.iter().all(|(k, _)| *k != key), "{key} set twice");
        self.0.push((key, value.into()));
    }

    fn text(&mut self, key: &'a str, value: Option<&'a String>) {
        if let Some(value) = value {
            self.set(key, value.as_str());
        }
    }

    /// A multi-valued property: always an array, left out when empty.
    fn list(&mut self, key: &'a str, values: Vec<Json<'a>>) {
        if !values.is_empty() {
            self.set(key, values);
        }
    }

    /// Adds to a multi-valued property.
    fn push(&mut self, key: &'a str, value: Json<'a>) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, Json::Array(values))) => values.push(value),
            Some((_, other)) => {
                let first = std::mem::replace(other, Json::Array(Vec::new()));
                *other = Json::Array(vec![first, value]);
            }
            None => self.0.push((key, Json::Array(vec![value]))),
        }
    }

    /// A date field whose property names one day: the EDTF text, the first and last days,
    /// and the date typed by its precision under `key` where it is one date of a precision
    /// XML Schema has a type for and the property's range allows.
    fn date(&mut self, key: &'a str, range: Range, terms: DateTerms, text: &'a str) {
        let parsed = Edtf::parse(text);
        self.edtf(terms, text, parsed.as_ref().ok());
        if let Ok(Edtf::Date(date)) = parsed
            && let Some(typed) = typed_date(&date, range)
        {
            self.set(key, typed);
        }
    }

    /// A date field's EDTF text and, for a date the data holds (every one, once
    /// validated), its first and last days (none for an open or unknown end).
    fn edtf(&mut self, terms: DateTerms, text: &'a str, parsed: Option<&Edtf>) {
        self.set(terms.edtf, text);
        if let Some(first) = parsed.and_then(Edtf::earliest) {
            self.set(terms.first, first);
        }
        if let Some(last) = parsed.and_then(Edtf::latest) {
            self.set(terms.last, last);
        }
    }

    fn citations(&mut self, iris: &Iris<'a>, sources: &'a [String]) {
        self.list("citation", iris.all(RecordKind::Source, sources));
    }

    /// Writes the object as [`Json::write`] does, its keys sorted by their bytes.
    fn write(mut self, out: &mut Vec<u8>, depth: usize) {
        if self.0.is_empty() {
            out.extend_from_slice(b"{}");
            return;
        }
        self.0.sort_unstable_by(|a, b| a.0.cmp(b.0));
        out.push(b'{');
        for (i, (key, value)) in self.0.into_iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            line(out, depth + 1);
            string(out, key);
            out.extend_from_slice(b": ");
            value.write(out, depth + 1);
        }
        line(out, depth);
        out.push(b'}');
    }
}

/// A new line, indented `depth` levels.
fn line(out: &mut Vec<u8>, depth: usize) {
    out.push(b'\n');
    out.resize(out.len() + 2 * depth, b' ');
}

/// A JSON string, escaped as `serde_json` escapes it: most need nothing, and are copied.
fn string(out: &mut Vec<u8>, text: &str) {
    if escape_free(text) {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    } else {
        serde_json::to_writer(out, text).expect("a string always serializes");
    }
}

/// Whether `serde_json` writes `text` as it is: no control character, `"` or `\`. (Every
/// byte is looked at, without stopping early, so that the loop is vectorized.)
fn escape_free(text: &str) -> bool {
    !text.bytes().fold(false, |escape, b| escape | (b < 0x20) | (b == b'"') | (b == b'\\'))
}

/// A date as a literal typed by its precision; the qualifier is left to the EDTF text.
/// XML Schema has no type for a decade, a century or a season, so those have none: the
/// EDTF text says what they are.
fn typed_date<'a>(date: &Date, range: Range) -> Option<Node<'a>> {
    let (datatype, text) = match (date.precision(), date.month, date.day, range) {
        (Precision::Day, Some(m), Some(d), _) => ("xsd:date", format!("{:04}-{m:02}-{d:02}", date.year)),
        (Precision::Month, Some(m), _, Range::AnyPrecision) => ("xsd:gYearMonth", format!("{:04}-{m:02}", date.year)),
        (Precision::Year, _, _, Range::AnyPrecision) => ("xsd:gYear", format!("{:04}", date.year)),
        (Precision::Month | Precision::Year, _, _, Range::Day) => return None,
        // A parsed day has its month and day, and a month its month.
        (Precision::Decade | Precision::Century | Precision::Season | Precision::Month | Precision::Day, ..) => {
            return None;
        }
    };
    Some(Node(vec![("@type", Json::Str(datatype)), ("@value", Json::String(text))]))
}

/// The values a date property takes, as its vocabulary declares them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Range {
    /// schema.org's `Date`: an ISO 8601 date at the source's precision (`xsd:date`,
    /// `xsd:gYearMonth`, `xsd:gYear`).
    AnyPrecision,
    /// ELI's dates (`date_document`, `first_date_entry_in_force`): `xsd:date` only, so a
    /// date less precise than a day has no value there (its days and EDTF text have it).
    Day,
}

/// A day as an `xsd:date` literal, under a term that does not coerce its type.
fn day_literal<'a>(day: String) -> Node<'a> {
    Node(vec![("@type", Json::Str("xsd:date")), ("@value", Json::String(day))])
}

fn names(names: &Names) -> Node<'_> {
    let mut map = Node(Vec::with_capacity(3));
    map.set("en", names.en.as_str());
    map.text("ja", names.ja.as_ref());
    map.text("ja-Latn", names.ja_latn.as_ref());
    map
}

fn english(text: &str) -> Node<'_> {
    Node(vec![("en", Json::Str(text))])
}

/// `alternateName` (a language map of arrays) and `aliasNote`.
fn aliases<'a>(node: &mut Node<'a>, aliases: &'a [Alias]) {
    if aliases.is_empty() {
        return;
    }
    let mut by_language: BTreeMap<&str, Vec<Json>> = BTreeMap::new();
    for alias in aliases {
        by_language.entry(alias.lang.as_str()).or_default().push(Json::Str(&alias.name));
    }
    node.set("alternateName", Node(by_language.into_iter().map(|(lang, names)| (lang, Json::Array(names))).collect()));
    let notes: Vec<Json> = aliases
        .iter()
        .filter_map(|a| a.note.as_ref().map(|note| Json::String(format!("{}: {note}", a.name))))
        .collect();
    node.list("aliasNote", notes);
}

/// `quotation`: the quotations of the record `id`, as nodes of their own.
fn quotations<'a>(node: &mut Node<'a>, iris: &Iris<'a>, id: Iri<'a>, quotations: &'a [Quotation]) {
    let values = quotations
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let mut quotation = Node::new(id.fragment("quotation", i + 1), &["Quotation"]);
            quotation.set("citation", vec![Json::Iri(iris.of(RecordKind::Source, &q.source))]);
            quotation.set("quotedFrom", q.quoted_from.as_str());
            quotation.set("text", q.text.as_str());
            Json::Object(quotation)
        })
        .collect();
    node.list("quotation", values);
}

/// The term of a relation kind. Exhaustive: a kind added to the schema must be given one.
fn relation_term(kind: RelationKind) -> &'static str {
    match kind {
        RelationKind::RevisesAndReplaces => "repeals",
        RelationKind::Supplements => "supplements",
        RelationKind::Implements => "applies",
        RelationKind::Interprets => "interprets",
    }
}

fn dataset_node<'a>(
    meta: &'a DatasetMeta,
    dataset: &'a Dataset,
    dictionary: &'a Dictionary,
    iris: &Iris<'a>,
) -> Node<'a> {
    let mut node = Node::new(iris.dataset(&meta.id), &["Dataset"]);
    node.set("name", english(&meta.title));
    node.set("description", meta.description.as_str());
    node.set("version", meta.version.as_str());
    node.set("spdxLicense", meta.license.as_str());
    node.set("license", meta.license_url.as_str());
    node.set("publisher", meta.publisher.as_str());
    node.list("keywords", meta.keywords.iter().map(|k| Json::Str(k)).collect());
    node.date("dateModified", Range::AnyPrecision, MODIFIED, &meta.modified);
    node.set("schemaVersion", dictionary.version());
    node.set("contextVersion", CONTEXT_VERSION);
    let mut sources: Vec<&Source> = dataset.sources.iter().collect();
    sources.sort_by(|a, b| a.id.cmp(&b.id));
    node.list("citation", sources.iter().map(|s| Json::Iri(iris.of(RecordKind::Source, &s.id))).collect());
    let own = format!("{}, version {}, {}, {}", meta.title, meta.version, meta.publisher, meta.license);
    let mut credits = vec![Json::String(own)];
    credits.extend(sources.iter().map(|s| Json::Str(&s.attribution)));
    node.list("creditText", credits);
    node
}

fn instrument<'a>(r: &'a Instrument, links: &Links<'a>, iris: &Iris<'a>) -> Node<'a> {
    let mut node = Node::new(iris.of(RecordKind::Instrument, &r.id), &["Legislation", "LegalResource"]);
    node.set("legislationType", r.kind.as_str());
    node.set("name", names(&r.title));
    node.set("title", names(&r.title));
    node.set("title_short", r.short_name.as_str());
    aliases(&mut node, &r.aliases);
    node.list("legislationPassedBy", iris.all(RecordKind::Actor, &r.parties));
    if let Some(signed) = &r.signed {
        node.date("date_document", Range::Day, SIGNED, &signed.date);
        if let Some(place) = &signed.place {
            // A place or a state (a country is one record, an actor of kind `state`).
            node.set("locationCreated", iris.any(place));
        }
        node.list("signatory", iris.all(RecordKind::Actor, &signed.signatories));
    }
    if let Some(date) = &r.entry_into_force {
        node.date("first_date_entry_in_force", Range::Day, ENTRY_INTO_FORCE, date);
    }
    if let Some(count) = r.article_count {
        node.set("articleCount", count);
    }
    node.text("term", r.term.as_ref());
    node.text("termination", r.termination.as_ref());
    for relation in &r.relations {
        let term = relation_term(relation.kind);
        node.push(term, Json::Iri(iris.of(RecordKind::Instrument, &relation.target)));
        if let Some(article) = &relation.article
            && links.instrument_of.get(article.as_str()) != Some(&r.id.as_str())
        {
            node.push(term, Json::Iri(iris.of(RecordKind::Article, article)));
        }
    }
    node.list("about", iris.any_all(&r.concerns));
    node.set("abstract", r.summary.as_str());
    let parts = links.parts.get(r.id.as_str()).map(Vec::as_slice).unwrap_or_default();
    node.list("has_part", parts.iter().map(|id| Json::Iri(iris.of(RecordKind::Article, id))).collect());
    node.citations(iris, &r.sources);
    node.text("editorialNote", r.notes.as_ref());
    node
}

fn article<'a>(r: &'a Article, links: &Links<'a>, iris: &Iris<'a>) -> Node<'a> {
    let id = iris.of(RecordKind::Article, &r.id);
    let mut node = Node::new(id, &["Legislation", "LegalResourceSubdivision"]);
    node.set("is_part_of", iris.of(RecordKind::Instrument, &r.instrument));
    if let Some(number) = r.number {
        node.set("number", number.to_string());
    }
    node.set("headline", r.heading.as_str());
    node.set("abstract", r.summary.as_str());
    node.list("keywords", r.topics.iter().map(|t| Json::Str(t)).collect());
    node.list("about", iris.any_all(&r.concerns));
    quotations(&mut node, iris, id, &r.quotations);
    // Relations that this article makes for its own instrument.
    let relations = links.through_article.get(&(r.instrument.as_str(), r.id.as_str()));
    for relation in relations.map(Vec::as_slice).unwrap_or_default() {
        node.push(relation_term(relation.kind), Json::Iri(iris.of(RecordKind::Instrument, &relation.target)));
    }
    node.citations(iris, &r.sources);
    node.text("editorialNote", r.notes.as_ref());
    node
}

fn event<'a>(r: &'a Event, iris: &Iris<'a>) -> Node<'a> {
    let id = iris.of(RecordKind::Event, &r.id);
    let mut node = Node::new(id, &["Event"]);
    node.set("kind", r.kind.as_str());
    let parsed = Edtf::parse(&r.date);
    node.edtf(DATE, &r.date, parsed.as_ref().ok());
    // An event spans its days: from the first it can fall on to the last, each an
    // `xsd:date`, so that a query by date or by year finds it whatever its precision.
    if let Some(first) = parsed.as_ref().ok().and_then(Edtf::earliest) {
        node.set("startDate", day_literal(first));
    }
    if let Some(last) = parsed.as_ref().ok().and_then(Edtf::latest) {
        node.set("endDate", day_literal(last));
    }
    node.text("datePhrase", r.date_phrase.as_ref());
    node.set("name", english(&r.title));
    node.set("description", r.summary.as_str());
    let participants = r
        .participants
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut role = Node::new(id.fragment("participant", i + 1), &["Role"]);
            role.set("participant", iris.of(RecordKind::Actor, &p.actor));
            role.set("roleName", p.role.as_str());
            Json::Object(role)
        })
        .collect();
    node.list("participant", participants);
    node.list("location", iris.any_all(&r.places));
    let mut about: Vec<Iri> = r.instruments.iter().map(|id| iris.of(RecordKind::Instrument, id)).collect();
    for concerned in r.concerns.iter().map(|id| iris.any(id)) {
        if !about.contains(&concerned) {
            about.push(concerned);
        }
    }
    node.list("about", about.into_iter().map(Json::Iri).collect());
    node.citations(iris, &r.sources);
    node.text("editorialNote", r.notes.as_ref());
    node
}

fn actor<'a>(r: &'a Actor, iris: &Iris<'a>) -> Node<'a> {
    let id = iris.of(RecordKind::Actor, &r.id);
    // Exhaustive: a kind added to the schema must be given its schema.org class.
    let class = match r.kind {
        ActorKind::Person => "Person",
        ActorKind::State => "Country",
        ActorKind::PoliticalParty
        | ActorKind::Coalition
        | ActorKind::Group
        | ActorKind::Newspaper
        | ActorKind::Government
        | ActorKind::Legislature
        | ActorKind::Chamber
        | ActorKind::Military
        | ActorKind::Police
        | ActorKind::University
        | ActorKind::InternationalOrganization => "Organization",
    };
    let mut node = Node::new(id, &[class]);
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
            let mut role_node = Node::new(id.fragment("role", i + 1), &["OrganizationRole"]);
            role_node.set("roleName", role.title.as_str());
            if let Some(organization) = &role.organization {
                role_node.set("memberOf", iris.of(RecordKind::Actor, organization));
            }
            if let Some(start) = &role.start {
                role_node.date("startDate", Range::AnyPrecision, START, start);
            }
            if let Some(end) = &role.end {
                role_node.date("endDate", Range::AnyPrecision, END, end);
            }
            Json::Object(role_node)
        })
        .collect();
    node.list("memberOf", roles);
    node.citations(iris, &r.sources);
    node.text("editorialNote", r.notes.as_ref());
    node
}

fn place<'a>(r: &'a Place, iris: &Iris<'a>) -> Node<'a> {
    let mut node = Node::new(iris.of(RecordKind::Place, &r.id), &["Place"]);
    node.set("kind", r.kind.as_str());
    node.set("name", names(&r.name));
    if let Some(within) = &r.within {
        node.set("containedInPlace", iris.any(within));
    }
    node.text("description", r.description.as_ref());
    node.citations(iris, &r.sources);
    node.text("editorialNote", r.notes.as_ref());
    node
}

/// A figure's value: its exact text as the data has it, never converted to a float. Written
/// without an exponent it is an `xsd:decimal` (the `value` term's type, so a plain string);
/// with one (`1.1e1`, `1e-400`), whose text `xsd:decimal` cannot hold, a literal typed
/// `xsd:double` with the same text (see [`crate::number::Lexical`]).
fn figure_value(number: &serde_json::Number) -> Json<'_> {
    let text = number.as_str();
    match crate::number::lexical(text) {
        crate::number::Lexical::Decimal => Json::Str(text),
        crate::number::Lexical::Double => {
            Json::Object(Node(vec![("@type", Json::Str("xsd:double")), ("@value", Json::Str(text))]))
        }
    }
}

fn figure<'a>(r: &'a Figure, iris: &Iris<'a>) -> Node<'a> {
    let mut node = Node::new(iris.of(RecordKind::Figure, &r.id), &["Observation"]);
    node.set("value", figure_value(&r.value));
    node.set("unitText", r.unit.as_str());
    node.set("valueQualifier", r.qualifier.as_str());
    node.set("variableMeasured", r.measure.as_str());
    node.list("observationAbout", iris.any_all(&r.about));
    if let Some(date) = &r.date {
        node.date("observationDate", Range::AnyPrecision, DATE, date);
    }
    node.citations(iris, &r.sources);
    node.text("editorialNote", r.notes.as_ref());
    node
}

fn position<'a>(r: &'a Position, iris: &Iris<'a>) -> Node<'a> {
    let id = iris.of(RecordKind::Position, &r.id);
    let mut node = Node::new(id, &["Claim"]);
    node.set("stance", r.stance.as_str());
    node.set("text", r.claim.as_str());
    node.list("holder", iris.all(RecordKind::Actor, &r.holders));
    node.text("holdersPhrase", r.holders_phrase.as_ref());
    node.list("keywords", r.topics.iter().map(|t| Json::Str(t)).collect());
    node.list("about", iris.any_all(&r.concerns));
    node.list("evidence", iris.all(RecordKind::Figure, &r.evidence));
    quotations(&mut node, iris, id, &r.quotations);
    node.citations(iris, &r.sources);
    node.text("editorialNote", r.notes.as_ref());
    node
}

fn source<'a>(r: &'a Source, iris: &Iris<'a>) -> Node<'a> {
    let mut node = Node::new(iris.of(RecordKind::Source, &r.id), &["CreativeWork"]);
    node.set("kind", r.kind.as_str());
    node.set("headline", r.title.as_str());
    node.set("publisher", r.publisher.as_str());
    node.text("author", r.author.as_ref());
    node.text("url", r.url.as_ref());
    if let Some(published) = &r.published {
        node.date("datePublished", Range::AnyPrecision, PUBLISHED, published);
    }
    node.text("spdxLicense", r.license.as_ref());
    node.text("license", r.license_url.as_ref());
    node.set("creditText", r.attribution.as_str());
    node.text("editorialNote", r.notes.as_ref());
    node
}

/// A document: `{"@context": …, "@graph": […]}` with the nodes already written by
/// [`graph_node`] (in runs, some perhaps empty), two-space indented, every object's keys
/// sorted, and a final newline: the bytes `serde_json::to_vec_pretty` gives for the same
/// value with sorted keys.
fn document(context: &Value, runs: &[Vec<u8>]) -> Vec<u8> {
    let size: usize = runs.iter().map(Vec::len).sum();
    let mut out = Vec::with_capacity(size + 64 * 1024);
    out.extend_from_slice(b"{\n  \"@context\": ");
    Json::from(context).write(&mut out, 1);
    out.extend_from_slice(b",\n  \"@graph\": ");
    // Each node starts with `,`: all but the first keep it.
    let mut runs = runs.iter().filter(|bytes| !bytes.is_empty());
    match runs.next() {
        None => out.extend_from_slice(b"[]"),
        Some(first) => {
            out.push(b'[');
            out.extend_from_slice(&first[1..]);
            for bytes in runs {
                out.extend_from_slice(bytes);
            }
            out.extend_from_slice(b"\n  ]");
        }
    }
    out.extend_from_slice(b"\n}\n");
    out
}

/// Writes a node as an element of `@graph`: a comma, a new line and the node, two levels
/// deep.
fn graph_node(out: &mut Vec<u8>, node: Node) {
    out.extend_from_slice(b",\n    ");
    node.write(out, 2);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value as written, read back.
    fn written<'a>(value: impl Into<Json<'a>>) -> Value {
        let mut out = Vec::new();
        value.into().write(&mut out, 0);
        serde_json::from_slice(&out).expect("JSON")
    }

    fn typed(text: &str) -> Value {
        match Edtf::parse(text).unwrap() {
            Edtf::Date(date) => written(typed_date(&date, Range::AnyPrecision).expect("a day, month or year")),
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
        let mut node = Node::new("x", &[]);
        node.date("date_document", Range::AnyPrecision, SIGNED, "1960-01~");
        let node = written(node);
        assert_eq!(node["signedEdtf"], "1960-01~");
        assert_eq!(node["date_document"]["@value"], "1960-01");
        assert_eq!((&node["signedFirstDay"], &node["signedLastDay"]), (&json!("1960-01-01"), &json!("1960-01-31")));
        let mut node = Node::new("x", &[]);
        node.date("datePublished", Range::AnyPrecision, PUBLISHED, "../2008");
        let node = written(node);
        assert_eq!(node["publishedEdtf"], "../2008");
        assert!(node.get("datePublished").is_none());
        assert!(node.get("publishedFirstDay").is_none(), "an open start has no day");
        assert_eq!(node["publishedLastDay"], "2008-12-31");
        let mut node = Node::new("x", &[]);
        node.date("datePublished", Range::AnyPrecision, PUBLISHED, "not a date");
        let node = written(node);
        assert_eq!(node["publishedEdtf"], "not a date");
        assert!(node.get("datePublished").is_none());
        assert!(node.get("publishedFirstDay").is_none());
    }

    #[test]
    fn every_form_has_its_first_and_last_days_and_a_type_only_where_xml_schema_has_one() {
        let date = |text: &'static str| {
            let mut node = Node::new("x", &[]);
            node.date("datePublished", Range::AnyPrecision, SIGNED, text);
            let node = written(node);
            let day = |key: &str| node.get(key).and_then(Value::as_str).map(str::to_string);
            let typed = node.get("datePublished").map(|t| (t["@type"].clone(), t["@value"].clone()));
            (day("signedFirstDay"), day("signedLastDay"), typed)
        };
        let some = |s: &str| Some(s.to_string());
        let typed = |t: &str, v: &str| Some((json!(t), json!(v)));
        let cases = [
            ("1960-06-19", some("1960-06-19"), some("1960-06-19"), typed("xsd:date", "1960-06-19")),
            ("1960-06", some("1960-06-01"), some("1960-06-30"), typed("xsd:gYearMonth", "1960-06")),
            ("1960%", some("1960-01-01"), some("1960-12-31"), typed("xsd:gYear", "1960")),
            ("196X", some("1960-01-01"), some("1969-12-31"), None),
            ("19XX", some("1900-01-01"), some("1999-12-31"), None),
            ("1960-XX", some("1960-01-01"), some("1960-12-31"), typed("xsd:gYear", "1960")),
            ("1960-XX-XX", some("1960-01-01"), some("1960-12-31"), typed("xsd:gYear", "1960")),
            ("1960-02-XX", some("1960-02-01"), some("1960-02-29"), typed("xsd:gYearMonth", "1960-02")),
            ("1960-21", some("1960-03-01"), some("1960-05-31"), None),
            ("1960-24", some("1960-12-01"), some("1961-02-28"), None),
            ("1959-11~/1960-02", some("1959-11-01"), some("1960-02-29"), None),
            ("/1960", None, some("1960-12-31"), None),
            ("1960-06-23/..", some("1960-06-23"), None, None),
        ];
        for (text, first, last, typed) in cases {
            assert_eq!(date(text), (first, last, typed), "{text}");
        }
    }

    #[test]
    fn eli_dates_are_days_or_absent() {
        for (text, typed) in [
            ("1960-01-19", Some("1960-01-19")),
            ("1960-01-19~", Some("1960-01-19")),
            ("1960-01", None),
            ("2012", None),
            ("196X", None),
        ] {
            let mut node = Node::new("x", &[]);
            node.date("date_document", Range::Day, SIGNED, text);
            let node = written(node);
            let value = node.get("date_document").map(|t| {
                assert_eq!(t["@type"], "xsd:date", "{text}");
                t["@value"].as_str().unwrap().to_string()
            });
            assert_eq!(value.as_deref(), typed, "{text}");
            assert_eq!(node["signedEdtf"], text, "the EDTF text is always there");
            assert!(node.get("signedFirstDay").is_some() && node.get("signedLastDay").is_some(), "{text}");
        }
    }

    #[test]
    fn compact_json_drops_the_layout_and_keeps_every_string() {
        let value = json!({"a": [1, {"b": "x y\n\"z\\\" ]"}], "c d": " "});
        let pretty = serde_json::to_vec_pretty(&value).unwrap();
        let compacted = compact(&pretty);
        assert_eq!(compacted, serde_json::to_vec(&value).unwrap());
        assert_eq!(serde_json::from_slice::<Value>(&compacted).unwrap(), value);
    }

    #[test]
    fn an_event_starts_on_its_first_day_and_ends_on_its_last() {
        let event_of = |date: &str| {
            let mut dataset = Dataset::default();
            let json =
                json!({"id": "e", "kind": "protest", "date": date, "title": "T", "summary": "S", "sources": ["s"]});
            dataset.events.push(serde_json::from_value(json).unwrap());
            let dataset: &'static Dataset = Box::leak(Box::new(dataset));
            let iris = Iris::new(dataset, "https://example.org/");
            written(event(&dataset.events[0], &iris))
        };
        let days = |node: &Value| {
            let day = |key: &str| {
                node.get(key).map(|t| {
                    assert_eq!(t["@type"], "xsd:date", "{key}");
                    t["@value"].as_str().unwrap().to_string()
                })
            };
            (day("startDate"), day("endDate"))
        };
        let some = |s: &str| Some(s.to_string());
        for (date, start, end) in [
            ("1960-06-19", some("1960-06-19"), some("1960-06-19")),
            ("1960", some("1960-01-01"), some("1960-12-31")),
            ("196X", some("1960-01-01"), some("1969-12-31")),
            ("1960-24", some("1960-12-01"), some("1961-02-28")),
            ("1959-03/1960-06-23", some("1959-03-01"), some("1960-06-23")),
            ("/2008", None, some("2008-12-31")),
            ("1960/..", some("1960-01-01"), None),
        ] {
            let node = event_of(date);
            assert_eq!(days(&node), (start, end), "{date}");
            assert_eq!(node["dateEdtf"], date);
        }
    }

    #[test]
    fn values_are_written_as_serde_json_writes_them_pretty_with_keys_sorted() {
        let iri = |base, id| Iri { base, kind: "event", id, fragment: None };
        let mut node = Node::new(iri("https://example.org/", "e-1"), &["Event"]);
        node.set("zeta", "tab\tquote\"backslash\\nul\u{0}del\u{7f}é日本");
        node.set("Zeta", Node(Vec::new()));
        node.set("a-b", 7_u32);
        node.set("a", vec![]);
        node.set("ab", vec![Json::Iri(iri("odd \"base\"/", "x\ny").fragment("role", 12))]);
        node.push("list", Json::Str("one"));
        node.push("list", Json::Object(english("two")));
        node.set("ja-Latn", Json::String("Anpo".to_string()));
        let mut out = b"[\n  ".to_vec();
        node.write(&mut out, 1);
        out.extend_from_slice(b"\n]");
        // Literal keys in sorted order, whatever backs `serde_json::Map`.
        let expected = json!([{
            "@id": "https://example.org/event/e-1",
            "@type": ["Event"],
            "Zeta": {},
            "a": [],
            "a-b": 7,
            "ab": ["odd \"base\"/event/x\ny#role-12"],
            "ja-Latn": "Anpo",
            "list": ["one", {"en": "two"}],
            "zeta": "tab\tquote\"backslash\\nul\u{0}del\u{7f}é日本",
        }]);
        assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string_pretty(&expected).unwrap());
    }

    #[test]
    fn figure_values_keep_their_text_typed_by_its_form() {
        let written = |text: &str| {
            let number: serde_json::Number = serde_json::from_str(text).unwrap();
            let mut out = Vec::new();
            figure_value(&number).write(&mut out, 0);
            serde_json::from_slice::<Value>(&out).unwrap()
        };
        for plain in ["0.5", "-12.5", "13500000", "2.0", "-0", "12345678901234567890123", "0.000000000000000000001"] {
            assert_eq!(written(plain), json!(plain), "{plain} is an xsd:decimal as written");
        }
        // serde_json keeps the digits and writes the exponent marker as `e` with a sign.
        let exponents = [("1e21", "1e+21"), ("1.1e1", "1.1e+1"), ("110E-1", "110e-1"), ("1e-400", "1e-400")];
        for (exponent, text) in exponents.into_iter().chain([("1e400", "1e+400"), ("-2.5E+3", "-2.5e+3")]) {
            assert_eq!(written(exponent), json!({"@type": "xsd:double", "@value": text}));
        }
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
    fn record_iris_are_the_ones_every_exporter_builds() {
        let dataset = Dataset::default();
        let iris = Iris::new(&dataset, "https://example.org/a/");
        for kind in COLLECTIONS {
            let mut written = Vec::new();
            iris.of(kind, "some-id").write(&mut written);
            let expected = crate::export::record_iri("https://example.org/a/", kind, "some-id");
            assert_eq!(iris.of(kind, "some-id").to_string(), expected);
            assert_eq!(written, format!("\"{expected}\"").into_bytes());
        }
    }
}
