//! CSV export: the dataset as a Frictionless Data Package of flat tables.
//!
//! # Format
//!
//! The output is `datapackage.json` (Frictionless Data Package v2) and one CSV file per
//! table, each a resource of the package with its Table Schema. Every table loads into a
//! spreadsheet, pandas, R or SQL as it is: one row type per table, each cell a scalar.
//!
//! - **Record tables**, one row per record, ordered by `id`: `instruments`, `articles`,
//!   `events`, `actors`, `places`, `figures`, `positions`, `sources`; `dataset` (one row,
//!   the dataset's metadata, none when no data file carries it) and `records` (every id of
//!   the dataset with its kind; see *References to any kind*).
//! - **Link tables**, one row per item of a list field, ordered by their key columns:
//!   lists of ids become pairs (`instrument_parties`: `instrument`, `actor`), keyed by both
//!   columns; lists of objects (`instrument_aliases`, `instrument_relations`, `actor_aliases`,
//!   `actor_roles`, `quotations`) carry an `ordinal`, the item's place in its record's list
//!   counted from 1, and are keyed by owner and ordinal, so the model's order survives.
//!   `event_participants` is keyed by `event`, `actor` and `role` (a participant is exactly
//!   those two fields, and the schema makes them unique).
//! - A name in several languages is one column per language: `title_en`, `title_ja`,
//!   `title_ja_latn`. A nested object's fields are prefixed with its name (`signed_date`,
//!   `signed_place`).
//! - An EDTF date is three columns: the EDTF text as in the data (`date`), and the first and
//!   last day it can denote as ISO 8601 dates (`date_start`, `date_end`, Table Schema type
//!   `date`). An open end (`../2008`) leaves its column empty, as does a value that is not
//!   valid EDTF (the exporter receives validated data, so this does not happen in a release).
//! - Absent values are empty cells, declared as the only missing value (`missingValues:
//!   [""]`). The schema's `text` refuses the empty string, so no present value is empty.
//!
//! The Table Schemas declare the type of every column (`string`, `integer`, `number`,
//! `date`), its description (read from the data dictionary, never written here, except for
//! the columns this export adds: `ordinal`, `records.kind` and the `_start`/`_end` days),
//! the schema's enumerations and id pattern as constraints, the primary key, and a foreign
//! key for every reference.
//!
//! # References to any kind
//!
//! A Table Schema foreign key names one resource, but some fields may point at records of
//! several kinds: `figure_about.record` and the `record` of `instrument_concerns`,
//! `article_concerns`, `event_concerns` and `position_concerns` (any kind),
//! `record_sources.record` and `quotations.record` (the record that carries the list). These are foreign keys to `records`, the table of every id with
//! its kind: ids are unique across the whole dataset, so `records.id` is a key, and a join
//! on `records.kind` leads to the right table. That checks that the id exists; that it is
//! of an allowed kind is the validator's job (rule R203), as for every other reference.
//!
//! # Bytes
//!
//! UTF-8 without a byte order mark. Fields are separated by `,` and quoted with `"` only
//! when they hold a `,`, a `"` or a line break, a `"` inside being doubled (RFC 4180).
//! **Records end with CRLF** (`\r\n`), as RFC 4180 prescribes and as the Frictionless CSV
//! dialect assumes by default; the dialect in `datapackage.json` says so explicitly. A
//! line break inside a value is kept as it is, inside quotes (canonical data has none: the
//! schema's `text` allows no control characters). Output is deterministic: rows sorted,
//! JSON keys in a fixed order, no time stamps.
//!
//! # Formula injection
//!
//! A spreadsheet may run a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
//! return as a formula. One rule keeps every such string out of the data: no string the
//! schema accepts starts with one. Free text (`text`) must start with a character other
//! than white space, `=`, `+`, `-` and `@`; ids are lower-case slugs, enumerated values
//! words, dates start with a digit or `..`, versions with a digit, licence identifiers with
//! a letter or digit, and addresses with `http` (a source without a recorded `url` has an
//! empty cell there). `no_string_the_schema_accepts_starts_a_spreadsheet_formula`
//! (tests/standards.rs) walks every string property of the schema and holds the rule to
//! it. So the exporter writes every value exactly as it is in the data and escapes
//! nothing, which keeps the tables exact for pandas, R and SQL. Numbers stay numbers: a
//! negative `figures.value` is written `-12.5`, typed `number` in the Table Schema.
//!
//! The exporter does not re-validate its input. Given text the schema would refuse (the
//! shared fixture's note that starts with `=`), it writes it verbatim as well: prefixing
//! a `'` would silently change the data for every reader that is not a spreadsheet, and the
//! guard belongs to validation, which `export` runs first.

use serde::Serialize;
use serde_json::Value;

use super::{Input, OutputFile};
use crate::edtf::Edtf;
use crate::model::{Alias, Dataset, RecordKind};
use crate::schema::Dictionary;

/// The record terminator, as declared in every resource's dialect.
pub const LINE_TERMINATOR: &str = "\r\n";

const DATA_PACKAGE_PROFILE: &str = "https://datapackage.org/profiles/2.0/datapackage.json";

/// Writes the tables and `datapackage.json`.
pub fn export(input: &Input) -> Vec<OutputFile> {
    let tables = tables(input.dataset, input.dictionary);
    let mut files: Vec<OutputFile> =
        tables.iter().map(|t| OutputFile { path: t.path(), bytes: t.bytes.clone() }).collect();
    let package = package(input.dataset, &tables);
    let mut json = serde_json::to_vec_pretty(&package).expect("a data package serializes");
    json.push(b'\n');
    files.push(OutputFile { path: "datapackage.json".to_string(), bytes: json });
    files
}

// ---------------------------------------------------------------------------------------
// Rows: one flat struct per table. Field order is column order; the derived `Ord` follows
// it, so sorting a table orders it by id, or by its key columns for link tables.

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct DatasetRow<'a> {
    id: &'a str,
    title: &'a str,
    description: &'a str,
    version: &'a str,
    license: &'a str,
    license_url: &'a str,
    publisher: &'a str,
    modified: &'a str,
    modified_start: Option<String>,
    modified_end: Option<String>,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct DatasetKeywordRow<'a> {
    dataset: &'a str,
    keyword: &'a str,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct RecordRow<'a> {
    id: &'a str,
    kind: &'static str,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct InstrumentRow<'a> {
    id: &'a str,
    kind: &'a str,
    title_en: &'a str,
    title_ja: Option<&'a str>,
    title_ja_latn: Option<&'a str>,
    short_name: &'a str,
    signed_date: Option<&'a str>,
    signed_date_start: Option<String>,
    signed_date_end: Option<String>,
    signed_place: Option<&'a str>,
    entry_into_force: Option<&'a str>,
    entry_into_force_start: Option<String>,
    entry_into_force_end: Option<String>,
    article_count: Option<u32>,
    term: Option<&'a str>,
    termination: Option<&'a str>,
    summary: &'a str,
    notes: Option<&'a str>,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct InstrumentAliasRow<'a> {
    instrument: &'a str,
    ordinal: usize,
    name: &'a str,
    lang: &'a str,
    note: Option<&'a str>,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct InstrumentPartyRow<'a> {
    instrument: &'a str,
    actor: &'a str,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct InstrumentSignatoryRow<'a> {
    instrument: &'a str,
    actor: &'a str,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct InstrumentRelationRow<'a> {
    instrument: &'a str,
    ordinal: usize,
    kind: &'a str,
    target: &'a str,
    article: Option<&'a str>,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct InstrumentConcernRow<'a> {
    instrument: &'a str,
    record: &'a str,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct ArticleRow<'a> {
    id: &'a str,
    instrument: &'a str,
    number: Option<u32>,
    heading: &'a str,
    summary: &'a str,
    notes: Option<&'a str>,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct ArticleTopicRow<'a> {
    article: &'a str,
    topic: &'a str,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct ArticleConcernRow<'a> {
    article: &'a str,
    record: &'a str,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct EventRow<'a> {
    id: &'a str,
    kind: &'a str,
    date: &'a str,
    date_start: Option<String>,
    date_end: Option<String>,
    date_phrase: Option<&'a str>,
    title: &'a str,
    summary: &'a str,
    notes: Option<&'a str>,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct EventParticipantRow<'a> {
    event: &'a str,
    actor: &'a str,
    role: &'a str,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct EventPlaceRow<'a> {
    event: &'a str,
    place: &'a str,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct EventInstrumentRow<'a> {
    event: &'a str,
    instrument: &'a str,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct EventConcernRow<'a> {
    event: &'a str,
    record: &'a str,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct ActorRow<'a> {
    id: &'a str,
    kind: &'a str,
    name_en: &'a str,
    name_ja: Option<&'a str>,
    name_ja_latn: Option<&'a str>,
    description: Option<&'a str>,
    part_of: Option<&'a str>,
    notes: Option<&'a str>,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct ActorAliasRow<'a> {
    actor: &'a str,
    ordinal: usize,
    name: &'a str,
    lang: &'a str,
    note: Option<&'a str>,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct ActorRoleRow<'a> {
    actor: &'a str,
    ordinal: usize,
    title: &'a str,
    organization: Option<&'a str>,
    start: Option<&'a str>,
    start_start: Option<String>,
    start_end: Option<String>,
    end: Option<&'a str>,
    end_start: Option<String>,
    end_end: Option<String>,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct PlaceRow<'a> {
    id: &'a str,
    kind: &'a str,
    name_en: &'a str,
    name_ja: Option<&'a str>,
    name_ja_latn: Option<&'a str>,
    within: Option<&'a str>,
    description: Option<&'a str>,
    notes: Option<&'a str>,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct FigureRow<'a> {
    id: &'a str,
    /// The number exactly as in the data (JSON number syntax is Table Schema `number`
    /// syntax).
    value: String,
    unit: &'a str,
    qualifier: &'a str,
    measure: &'a str,
    date: Option<&'a str>,
    date_start: Option<String>,
    date_end: Option<String>,
    notes: Option<&'a str>,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct FigureAboutRow<'a> {
    figure: &'a str,
    record: &'a str,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct PositionRow<'a> {
    id: &'a str,
    stance: &'a str,
    claim: &'a str,
    holders_phrase: Option<&'a str>,
    notes: Option<&'a str>,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct PositionHolderRow<'a> {
    position: &'a str,
    actor: &'a str,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct PositionTopicRow<'a> {
    position: &'a str,
    topic: &'a str,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct PositionConcernRow<'a> {
    position: &'a str,
    record: &'a str,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct PositionEvidenceRow<'a> {
    position: &'a str,
    figure: &'a str,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct QuotationRow<'a> {
    record: &'a str,
    ordinal: usize,
    text: &'a str,
    quoted_from: &'a str,
    source: &'a str,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct SourceRow<'a> {
    id: &'a str,
    kind: &'a str,
    title: &'a str,
    publisher: &'a str,
    author: Option<&'a str>,
    url: Option<&'a str>,
    published: Option<&'a str>,
    published_start: Option<String>,
    published_end: Option<String>,
    license: Option<&'a str>,
    license_url: Option<&'a str>,
    attribution: &'a str,
    notes: Option<&'a str>,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct RecordSourceRow<'a> {
    record: &'a str,
    source: &'a str,
}

// ---------------------------------------------------------------------------------------
// Building the tables.

/// One CSV file and its description in the package.
struct Table {
    name: &'static str,
    description: String,
    fields: Vec<Field>,
    primary_key: Vec<&'static str>,
    foreign_keys: Vec<ForeignKey>,
    bytes: Vec<u8>,
}

impl Table {
    fn path(&self) -> String {
        format!("{}.csv", self.name)
    }
}

/// The tables in package order: metadata, record tables in collection order each followed
/// by its link tables, then the tables shared by several kinds.
fn tables(dataset: &Dataset, d: &Dictionary) -> Vec<Table> {
    let mut out = Vec::new();
    dataset_tables(dataset, d, &mut out);
    record_table(dataset, d, &mut out);
    instrument_tables(dataset, d, &mut out);
    article_tables(dataset, d, &mut out);
    event_tables(dataset, d, &mut out);
    actor_tables(dataset, d, &mut out);
    place_tables(dataset, d, &mut out);
    figure_tables(dataset, d, &mut out);
    position_tables(dataset, d, &mut out);
    source_tables(dataset, d, &mut out);
    shared_tables(dataset, d, &mut out);
    out
}

/// The first and last day an EDTF date can denote; `None` for an open end, an absent date
/// or one that does not parse.
fn span(date: Option<&str>) -> (Option<String>, Option<String>) {
    match date.map(Edtf::parse) {
        Some(Ok(edtf)) => (edtf.earliest(), edtf.latest()),
        _ => (None, None),
    }
}

/// `dataset` and `dataset_keywords`: the metadata, one row or none.
fn dataset_tables(dataset: &Dataset, d: &Dictionary, out: &mut Vec<Table>) {
    let meta = dataset.dataset.as_ref();
    let rows = meta
        .map(|m| {
            let (modified_start, modified_end) = span(Some(&m.modified));
            DatasetRow {
                id: &m.id,
                title: &m.title,
                description: &m.description,
                version: &m.version,
                license: &m.license,
                license_url: &m.license_url,
                publisher: &m.publisher,
                modified: &m.modified,
                modified_start,
                modified_end,
            }
        })
        .into_iter()
        .collect();
    out.push(table(
        "dataset",
        text(d.definition("dataset")),
        vec![
            id_field(d, "dataset"),
            string("title", d.field("dataset", "title")).required(),
            string("description", d.field("dataset", "description")).required(),
            string("version", d.field("dataset", "version")).required(),
            string("license", d.field("dataset", "license")).required(),
            string("license_url", d.field("dataset", "license_url")).required().uri(),
            string("publisher", d.field("dataset", "publisher")).required(),
        ]
        .into_iter()
        .chain(date_fields("modified", d.field("dataset", "modified"), true))
        .collect(),
        vec!["id"],
        vec![],
        rows,
    ));
    let rows =
        meta.iter().flat_map(|m| m.keywords.iter().map(|k| DatasetKeywordRow { dataset: &m.id, keyword: k })).collect();
    out.push(table(
        "dataset_keywords",
        text(d.field("dataset", "keywords")),
        vec![
            ref_field("dataset", d.field("dataset", "id")),
            string("keyword", d.field("dataset", "keywords")).required(),
        ],
        vec!["dataset", "keyword"],
        vec![fk("dataset", "dataset")],
        rows,
    ));
}

/// `records`: every id with its kind.
fn record_table(dataset: &Dataset, d: &Dictionary, out: &mut Vec<Table>) {
    let rows = every_record(dataset).into_iter().map(|(kind, id, _)| RecordRow { id, kind: kind.name() }).collect();
    out.push(table(
        "records",
        "Every record of the dataset with its kind: the target of references that may point \
         at records of several kinds."
            .to_string(),
        vec![
            string("id", d.definition("id")).required().unique().id(),
            string("kind", Some("The kind of the record, which names its table (`instrument`: `instruments`)."))
                .required()
                .one_of(crate::model::COLLECTIONS.iter().map(|k| k.name().to_string()).collect()),
        ],
        vec!["id"],
        vec![],
        rows,
    ));
}

/// `instruments` and its link tables.
fn instrument_tables(dataset: &Dataset, d: &Dictionary, out: &mut Vec<Table>) {
    let rows = dataset
        .instruments
        .iter()
        .map(|r| {
            let signed_date = r.signed.as_ref().map(|s| s.date.as_str());
            let (signed_date_start, signed_date_end) = span(signed_date);
            let (entry_into_force_start, entry_into_force_end) = span(r.entry_into_force.as_deref());
            InstrumentRow {
                id: &r.id,
                kind: r.kind.as_str(),
                title_en: &r.title.en,
                title_ja: r.title.ja.as_deref(),
                title_ja_latn: r.title.ja_latn.as_deref(),
                short_name: &r.short_name,
                signed_date,
                signed_date_start,
                signed_date_end,
                signed_place: r.signed.as_ref().and_then(|s| s.place.as_deref()),
                entry_into_force: r.entry_into_force.as_deref(),
                entry_into_force_start,
                entry_into_force_end,
                article_count: r.article_count,
                term: r.term.as_deref(),
                termination: r.termination.as_deref(),
                summary: &r.summary,
                notes: r.notes.as_deref(),
            }
        })
        .collect();
    let signed = d.field("instrument", "signed");
    out.push(table(
        "instruments",
        text(d.definition("instrument")),
        [id_field(d, "instrument"), enum_field(d, "instrument", "kind")]
            .into_iter()
            .chain(name_fields(d, "instrument", "title"))
            .chain([string("short_name", d.field("instrument", "short_name")).required()])
            .chain(date_fields("signed_date", join(signed, d.field("instrument", "signed/date")), false))
            .chain([string("signed_place", join(signed, d.field("instrument", "signed/place"))).id()])
            .chain(date_fields("entry_into_force", d.field("instrument", "entry_into_force"), false))
            .chain([
                integer("article_count", "instrument", d),
                string("term", d.field("instrument", "term")),
                string("termination", d.field("instrument", "termination")),
                string("summary", d.field("instrument", "summary")).required(),
                string("notes", d.field("instrument", "notes")),
            ])
            .collect(),
        vec!["id"],
        // A place or a state (a country is one record, an actor of kind `state`): `records`.
        vec![fk("signed_place", "records")],
        rows,
    ));
    let rows = dataset
        .instruments
        .iter()
        .flat_map(|r| {
            r.aliases.iter().zip(1..).map(|(a, ordinal)| {
                let Alias { name, lang, note } = a;
                InstrumentAliasRow { instrument: &r.id, ordinal, name, lang: lang.as_str(), note: note.as_deref() }
            })
        })
        .collect();
    out.push(table(
        "instrument_aliases",
        text(d.field("instrument", "aliases")),
        [ref_field("instrument", d.field("instrument", "id")), ordinal_field()]
            .into_iter()
            .chain(alias_fields(d, "instrument"))
            .collect(),
        vec!["instrument", "ordinal"],
        vec![fk("instrument", "instruments")],
        rows,
    ));
    let rows = dataset
        .instruments
        .iter()
        .flat_map(|r| r.parties.iter().map(|actor| InstrumentPartyRow { instrument: &r.id, actor }))
        .collect();
    out.push(table(
        "instrument_parties",
        text(d.field("instrument", "parties")),
        vec![
            ref_field("instrument", d.field("instrument", "id")),
            ref_field("actor", d.field("instrument", "parties")),
        ],
        vec!["instrument", "actor"],
        vec![fk("instrument", "instruments"), fk("actor", "actors")],
        rows,
    ));
    let rows = dataset
        .instruments
        .iter()
        .flat_map(|r| {
            let signatories = r.signed.iter().flat_map(|s| &s.signatories);
            signatories.map(|actor| InstrumentSignatoryRow { instrument: &r.id, actor })
        })
        .collect();
    out.push(table(
        "instrument_signatories",
        text(d.field("instrument", "signed/signatories")),
        vec![
            ref_field("instrument", d.field("instrument", "id")),
            ref_field("actor", d.field("instrument", "signed/signatories")),
        ],
        vec!["instrument", "actor"],
        vec![fk("instrument", "instruments"), fk("actor", "actors")],
        rows,
    ));
    let rows = dataset
        .instruments
        .iter()
        .flat_map(|r| {
            r.relations.iter().zip(1..).map(|(rel, ordinal)| InstrumentRelationRow {
                instrument: &r.id,
                ordinal,
                kind: rel.kind.as_str(),
                target: &rel.target,
                article: rel.article.as_deref(),
            })
        })
        .collect();
    out.push(table(
        "instrument_relations",
        text(d.field("instrument", "relations")),
        vec![
            ref_field("instrument", d.field("instrument", "id")),
            ordinal_field(),
            enum_field(d, "instrument", "relations/kind"),
            ref_field("target", d.field("instrument", "relations/target")),
            string("article", d.field("instrument", "relations/article")).id(),
        ],
        vec!["instrument", "ordinal"],
        vec![fk("instrument", "instruments"), fk("target", "instruments"), fk("article", "articles")],
        rows,
    ));
    let rows = dataset
        .instruments
        .iter()
        .flat_map(|r| r.concerns.iter().map(|record| InstrumentConcernRow { instrument: &r.id, record }))
        .collect();
    out.push(table(
        "instrument_concerns",
        text(d.field("instrument", "concerns")),
        vec![
            ref_field("instrument", d.field("instrument", "id")),
            ref_field("record", d.field("instrument", "concerns")),
        ],
        vec!["instrument", "record"],
        vec![fk("instrument", "instruments"), fk("record", "records")],
        rows,
    ));
}

/// `articles` and its link tables.
fn article_tables(dataset: &Dataset, d: &Dictionary, out: &mut Vec<Table>) {
    let rows = dataset
        .articles
        .iter()
        .map(|r| ArticleRow {
            id: &r.id,
            instrument: &r.instrument,
            number: r.number,
            heading: &r.heading,
            summary: &r.summary,
            notes: r.notes.as_deref(),
        })
        .collect();
    out.push(table(
        "articles",
        text(d.definition("article")),
        vec![
            id_field(d, "article"),
            ref_field("instrument", d.field("article", "instrument")),
            integer("number", "article", d),
            string("heading", d.field("article", "heading")).required(),
            string("summary", d.field("article", "summary")).required(),
            string("notes", d.field("article", "notes")),
        ],
        vec!["id"],
        vec![fk("instrument", "instruments")],
        rows,
    ));
    let rows = dataset
        .articles
        .iter()
        .flat_map(|r| r.topics.iter().map(|topic| ArticleTopicRow { article: &r.id, topic }))
        .collect();
    out.push(table(
        "article_topics",
        text(d.field("article", "topics")),
        vec![
            ref_field("article", d.field("article", "id")),
            string("topic", d.field("article", "topics")).required().id(),
        ],
        vec!["article", "topic"],
        vec![fk("article", "articles")],
        rows,
    ));
    let rows = dataset
        .articles
        .iter()
        .flat_map(|r| r.concerns.iter().map(|record| ArticleConcernRow { article: &r.id, record }))
        .collect();
    out.push(table(
        "article_concerns",
        text(d.field("article", "concerns")),
        vec![ref_field("article", d.field("article", "id")), ref_field("record", d.field("article", "concerns"))],
        vec!["article", "record"],
        vec![fk("article", "articles"), fk("record", "records")],
        rows,
    ));
}

/// `events` and its link tables.
fn event_tables(dataset: &Dataset, d: &Dictionary, out: &mut Vec<Table>) {
    let rows = dataset
        .events
        .iter()
        .map(|r| {
            let (date_start, date_end) = span(Some(&r.date));
            EventRow {
                id: &r.id,
                kind: r.kind.as_str(),
                date: &r.date,
                date_start,
                date_end,
                date_phrase: r.date_phrase.as_deref(),
                title: &r.title,
                summary: &r.summary,
                notes: r.notes.as_deref(),
            }
        })
        .collect();
    out.push(table(
        "events",
        text(d.definition("event")),
        [id_field(d, "event"), enum_field(d, "event", "kind")]
            .into_iter()
            .chain(date_fields("date", d.field("event", "date"), true))
            .chain([
                string("date_phrase", d.field("event", "date_phrase")),
                string("title", d.field("event", "title")).required(),
                string("summary", d.field("event", "summary")).required(),
                string("notes", d.field("event", "notes")),
            ])
            .collect(),
        vec!["id"],
        vec![],
        rows,
    ));
    let rows = dataset
        .events
        .iter()
        .flat_map(|r| {
            r.participants.iter().map(|p| EventParticipantRow { event: &r.id, actor: &p.actor, role: &p.role })
        })
        .collect();
    out.push(table(
        "event_participants",
        text(d.field("event", "participants")),
        vec![
            ref_field("event", d.field("event", "id")),
            ref_field("actor", d.field("event", "participants/actor")),
            string("role", d.field("event", "participants/role")).required(),
        ],
        vec!["event", "actor", "role"],
        vec![fk("event", "events"), fk("actor", "actors")],
        rows,
    ));
    let rows = dataset
        .events
        .iter()
        .flat_map(|r| r.places.iter().map(|place| EventPlaceRow { event: &r.id, place }))
        .collect();
    out.push(table(
        "event_places",
        text(d.field("event", "places")),
        vec![ref_field("event", d.field("event", "id")), ref_field("place", d.field("event", "places"))],
        vec!["event", "place"],
        // A place or a state: the key is into `records`, which holds both.
        vec![fk("event", "events"), fk("place", "records")],
        rows,
    ));
    let rows = dataset
        .events
        .iter()
        .flat_map(|r| r.instruments.iter().map(|instrument| EventInstrumentRow { event: &r.id, instrument }))
        .collect();
    out.push(table(
        "event_instruments",
        text(d.field("event", "instruments")),
        vec![ref_field("event", d.field("event", "id")), ref_field("instrument", d.field("event", "instruments"))],
        vec!["event", "instrument"],
        vec![fk("event", "events"), fk("instrument", "instruments")],
        rows,
    ));
    let rows = dataset
        .events
        .iter()
        .flat_map(|r| r.concerns.iter().map(|record| EventConcernRow { event: &r.id, record }))
        .collect();
    out.push(table(
        "event_concerns",
        text(d.field("event", "concerns")),
        vec![ref_field("event", d.field("event", "id")), ref_field("record", d.field("event", "concerns"))],
        vec!["event", "record"],
        vec![fk("event", "events"), fk("record", "records")],
        rows,
    ));
}

/// `actors` and its link tables.
fn actor_tables(dataset: &Dataset, d: &Dictionary, out: &mut Vec<Table>) {
    let rows = dataset
        .actors
        .iter()
        .map(|r| ActorRow {
            id: &r.id,
            kind: r.kind.as_str(),
            name_en: &r.name.en,
            name_ja: r.name.ja.as_deref(),
            name_ja_latn: r.name.ja_latn.as_deref(),
            description: r.description.as_deref(),
            part_of: r.part_of.as_deref(),
            notes: r.notes.as_deref(),
        })
        .collect();
    out.push(table(
        "actors",
        text(d.definition("actor")),
        [id_field(d, "actor"), enum_field(d, "actor", "kind")]
            .into_iter()
            .chain(name_fields(d, "actor", "name"))
            .chain([
                string("description", d.field("actor", "description")),
                string("part_of", d.field("actor", "part_of")).id(),
                string("notes", d.field("actor", "notes")),
            ])
            .collect(),
        vec!["id"],
        vec![fk("part_of", "actors")],
        rows,
    ));
    let rows = dataset
        .actors
        .iter()
        .flat_map(|r| {
            r.aliases.iter().zip(1..).map(|(a, ordinal)| {
                let Alias { name, lang, note } = a;
                ActorAliasRow { actor: &r.id, ordinal, name, lang: lang.as_str(), note: note.as_deref() }
            })
        })
        .collect();
    out.push(table(
        "actor_aliases",
        text(d.field("actor", "aliases")),
        [ref_field("actor", d.field("actor", "id")), ordinal_field()]
            .into_iter()
            .chain(alias_fields(d, "actor"))
            .collect(),
        vec!["actor", "ordinal"],
        vec![fk("actor", "actors")],
        rows,
    ));
    let rows = dataset
        .actors
        .iter()
        .flat_map(|r| {
            r.roles.iter().zip(1..).map(|(role, ordinal)| {
                let (start_start, start_end) = span(role.start.as_deref());
                let (end_start, end_end) = span(role.end.as_deref());
                ActorRoleRow {
                    actor: &r.id,
                    ordinal,
                    title: &role.title,
                    organization: role.organization.as_deref(),
                    start: role.start.as_deref(),
                    start_start,
                    start_end,
                    end: role.end.as_deref(),
                    end_start,
                    end_end,
                }
            })
        })
        .collect();
    out.push(table(
        "actor_roles",
        text(d.field("actor", "roles")),
        [
            ref_field("actor", d.field("actor", "id")),
            ordinal_field(),
            string("title", d.field("actor", "roles/title")).required(),
            string("organization", d.field("actor", "roles/organization")).id(),
        ]
        .into_iter()
        .chain(date_fields("start", d.field("actor", "roles/start"), false))
        .chain(date_fields("end", d.field("actor", "roles/end"), false))
        .collect(),
        vec!["actor", "ordinal"],
        vec![fk("actor", "actors"), fk("organization", "actors")],
        rows,
    ));
}

/// `places`.
fn place_tables(dataset: &Dataset, d: &Dictionary, out: &mut Vec<Table>) {
    let rows = dataset
        .places
        .iter()
        .map(|r| PlaceRow {
            id: &r.id,
            kind: r.kind.as_str(),
            name_en: &r.name.en,
            name_ja: r.name.ja.as_deref(),
            name_ja_latn: r.name.ja_latn.as_deref(),
            within: r.within.as_deref(),
            description: r.description.as_deref(),
            notes: r.notes.as_deref(),
        })
        .collect();
    out.push(table(
        "places",
        text(d.definition("place")),
        [id_field(d, "place"), enum_field(d, "place", "kind")]
            .into_iter()
            .chain(name_fields(d, "place", "name"))
            .chain([
                string("within", d.field("place", "within")).id(),
                string("description", d.field("place", "description")),
                string("notes", d.field("place", "notes")),
            ])
            .collect(),
        vec!["id"],
        // A place or a state: the key is into `records`, which holds both.
        vec![fk("within", "records")],
        rows,
    ));
}

/// `figures` and its link tables.
fn figure_tables(dataset: &Dataset, d: &Dictionary, out: &mut Vec<Table>) {
    let rows = dataset
        .figures
        .iter()
        .map(|r| {
            let (date_start, date_end) = span(r.date.as_deref());
            FigureRow {
                id: &r.id,
                value: r.value.to_string(),
                unit: r.unit.as_str(),
                qualifier: r.qualifier.as_str(),
                measure: &r.measure,
                date: r.date.as_deref(),
                date_start,
                date_end,
                notes: r.notes.as_deref(),
            }
        })
        .collect();
    out.push(table(
        "figures",
        text(d.definition("figure")),
        [
            id_field(d, "figure"),
            Field::new("value", "number", d.field("figure", "value")).required(),
            enum_field(d, "figure", "unit"),
            enum_field(d, "figure", "qualifier"),
            string("measure", d.field("figure", "measure")).required(),
        ]
        .into_iter()
        .chain(date_fields("date", d.field("figure", "date"), false))
        .chain([string("notes", d.field("figure", "notes"))])
        .collect(),
        vec!["id"],
        vec![],
        rows,
    ));
    let rows = dataset
        .figures
        .iter()
        .flat_map(|r| r.about.iter().map(|record| FigureAboutRow { figure: &r.id, record }))
        .collect();
    out.push(table(
        "figure_about",
        text(d.field("figure", "about")),
        vec![ref_field("figure", d.field("figure", "id")), ref_field("record", d.field("figure", "about"))],
        vec!["figure", "record"],
        vec![fk("figure", "figures"), fk("record", "records")],
        rows,
    ));
}

/// `positions` and its link tables.
fn position_tables(dataset: &Dataset, d: &Dictionary, out: &mut Vec<Table>) {
    let rows = dataset
        .positions
        .iter()
        .map(|r| PositionRow {
            id: &r.id,
            stance: r.stance.as_str(),
            claim: &r.claim,
            holders_phrase: r.holders_phrase.as_deref(),
            notes: r.notes.as_deref(),
        })
        .collect();
    out.push(table(
        "positions",
        text(d.definition("position")),
        vec![
            id_field(d, "position"),
            enum_field(d, "position", "stance"),
            string("claim", d.field("position", "claim")).required(),
            string("holders_phrase", d.field("position", "holders_phrase")),
            string("notes", d.field("position", "notes")),
        ],
        vec!["id"],
        vec![],
        rows,
    ));
    let rows = dataset
        .positions
        .iter()
        .flat_map(|r| r.holders.iter().map(|actor| PositionHolderRow { position: &r.id, actor }))
        .collect();
    out.push(table(
        "position_holders",
        text(d.field("position", "holders")),
        vec![ref_field("position", d.field("position", "id")), ref_field("actor", d.field("position", "holders"))],
        vec!["position", "actor"],
        vec![fk("position", "positions"), fk("actor", "actors")],
        rows,
    ));
    let rows = dataset
        .positions
        .iter()
        .flat_map(|r| r.topics.iter().map(|topic| PositionTopicRow { position: &r.id, topic }))
        .collect();
    out.push(table(
        "position_topics",
        text(d.field("position", "topics")),
        vec![
            ref_field("position", d.field("position", "id")),
            string("topic", d.field("position", "topics")).required().id(),
        ],
        vec!["position", "topic"],
        vec![fk("position", "positions")],
        rows,
    ));
    let rows = dataset
        .positions
        .iter()
        .flat_map(|r| r.concerns.iter().map(|record| PositionConcernRow { position: &r.id, record }))
        .collect();
    out.push(table(
        "position_concerns",
        text(d.field("position", "concerns")),
        vec![ref_field("position", d.field("position", "id")), ref_field("record", d.field("position", "concerns"))],
        vec!["position", "record"],
        vec![fk("position", "positions"), fk("record", "records")],
        rows,
    ));
    let rows = dataset
        .positions
        .iter()
        .flat_map(|r| r.evidence.iter().map(|figure| PositionEvidenceRow { position: &r.id, figure }))
        .collect();
    out.push(table(
        "position_evidence",
        text(d.field("position", "evidence")),
        vec![ref_field("position", d.field("position", "id")), ref_field("figure", d.field("position", "evidence"))],
        vec!["position", "figure"],
        vec![fk("position", "positions"), fk("figure", "figures")],
        rows,
    ));
}

/// `sources`.
fn source_tables(dataset: &Dataset, d: &Dictionary, out: &mut Vec<Table>) {
    let rows = dataset
        .sources
        .iter()
        .map(|r| {
            let (published_start, published_end) = span(r.published.as_deref());
            SourceRow {
                id: &r.id,
                kind: r.kind.as_str(),
                title: &r.title,
                publisher: &r.publisher,
                author: r.author.as_deref(),
                url: r.url.as_deref(),
                published: r.published.as_deref(),
                published_start,
                published_end,
                license: r.license.as_deref(),
                license_url: r.license_url.as_deref(),
                attribution: &r.attribution,
                notes: r.notes.as_deref(),
            }
        })
        .collect();
    out.push(table(
        "sources",
        text(d.definition("source")),
        [
            id_field(d, "source"),
            enum_field(d, "source", "kind"),
            string("title", d.field("source", "title")).required(),
            string("publisher", d.field("source", "publisher")).required(),
            string("author", d.field("source", "author")),
            string("url", d.field("source", "url")).uri(),
        ]
        .into_iter()
        .chain(date_fields("published", d.field("source", "published"), false))
        .chain([
            string("license", d.field("source", "license")),
            string("license_url", d.field("source", "license_url")).uri(),
            string("attribution", d.field("source", "attribution")).required(),
            string("notes", d.field("source", "notes")),
        ])
        .collect(),
        vec!["id"],
        vec![],
        rows,
    ));
}

/// The lists that several kinds share: `quotations` and `record_sources`.
fn shared_tables(dataset: &Dataset, d: &Dictionary, out: &mut Vec<Table>) {
    let quoting = (dataset.articles.iter().map(|r| (&r.id, &r.quotations)))
        .chain(dataset.positions.iter().map(|r| (&r.id, &r.quotations)));
    let rows = quoting
        .flat_map(|(record, quotations)| {
            quotations.iter().zip(1..).map(move |(q, ordinal)| QuotationRow {
                record,
                ordinal,
                text: &q.text,
                quoted_from: &q.quoted_from,
                source: &q.source,
            })
        })
        .collect();
    out.push(table(
        "quotations",
        text(d.definition("quotation")),
        vec![
            ref_field("record", Some("Id of the record (an article or a position) whose list holds the quotation.")),
            ordinal_field(),
            string("text", d.field("quotation", "text")).required(),
            string("quoted_from", d.field("quotation", "quoted_from")).required(),
            ref_field("source", d.field("quotation", "source")),
        ],
        vec!["record", "ordinal"],
        vec![fk("record", "records"), fk("source", "sources")],
        rows,
    ));
    let rows = every_record(dataset)
        .into_iter()
        .flat_map(|(_, record, sources)| sources.iter().map(move |source| RecordSourceRow { record, source }))
        .collect();
    out.push(table(
        "record_sources",
        text(d.field("instrument", "sources")),
        vec![
            ref_field("record", Some("Id of the record that the source supports.")),
            ref_field("source", d.field("instrument", "sources")),
        ],
        vec!["record", "source"],
        vec![fk("record", "records"), fk("source", "sources")],
        rows,
    ));
}

/// Every record's kind, id and sources (a source record has none), in collection order.
fn every_record(d: &Dataset) -> Vec<(RecordKind, &str, &[String])> {
    d.records().map(|(kind, index, id)| (kind, id, d.sources_of(kind, index))).collect()
}

/// Sorts the rows and writes them under a header made from the fields.
fn table<R: Serialize + Ord>(
    name: &'static str,
    description: String,
    fields: Vec<Field>,
    primary_key: Vec<&'static str>,
    foreign_keys: Vec<ForeignKey>,
    mut rows: Vec<R>,
) -> Table {
    rows.sort();
    let mut writer =
        csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).has_headers(false).from_writer(Vec::new());
    writer.write_record(fields.iter().map(|f| &f.name)).expect("writing to memory");
    for row in &rows {
        writer.serialize(row).expect("a row of scalars serializes");
    }
    let bytes = writer.into_inner().expect("writing to memory");
    if let Some(first) = rows.first() {
        debug_assert_eq!(
            serde_header(first),
            fields.iter().map(|f| f.name.clone()).collect::<Vec<_>>(),
            "the row type of `{name}` and its fields disagree"
        );
    }
    Table { name, description, fields, primary_key, foreign_keys, bytes }
}

/// The column names serde gives a row type.
fn serde_header<R: Serialize>(row: &R) -> Vec<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.serialize(row).expect("a row of scalars serializes");
    let bytes = writer.into_inner().expect("writing to memory");
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    reader.headers().expect("a header").iter().map(String::from).collect()
}

// ---------------------------------------------------------------------------------------
// Table Schema fields.

#[derive(Debug, Serialize)]
struct Field {
    name: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
    description: String,
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    constraints: Constraints,
}

#[derive(Debug, Default, Serialize)]
struct Constraints {
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    required: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    unique: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    minimum: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    maximum: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pattern: Option<String>,
    #[serde(rename = "enum", skip_serializing_if = "Vec::is_empty")]
    values: Vec<String>,
}

impl Constraints {
    fn is_empty(&self) -> bool {
        !self.required
            && !self.unique
            && self.minimum.is_none()
            && self.maximum.is_none()
            && self.pattern.is_none()
            && self.values.is_empty()
    }
}

impl Field {
    fn new(name: impl Into<String>, kind: &'static str, description: Option<impl Into<String>>) -> Field {
        Field {
            name: name.into(),
            kind,
            format: None,
            description: description.map(Into::into).unwrap_or_default(),
            constraints: Constraints::default(),
        }
    }
    fn required(mut self) -> Field {
        self.constraints.required = true;
        self
    }
    fn unique(mut self) -> Field {
        self.constraints.unique = true;
        self
    }
    fn pattern(mut self, pattern: String) -> Field {
        self.constraints.pattern = Some(pattern);
        self
    }
    /// Holds an id: the schema's id pattern.
    fn id(self) -> Field {
        self.pattern(schema_pattern("id"))
    }
    fn one_of(mut self, values: Vec<String>) -> Field {
        self.constraints.values = values;
        self
    }
    fn uri(mut self) -> Field {
        self.format = Some("uri");
        self
    }
}

fn string(name: impl Into<String>, description: Option<impl Into<String>>) -> Field {
    Field::new(name, "string", description)
}

/// A whole-number column, with the bounds the schema gives the field (`minimum`,
/// `maximum`), so that the package refuses what the schema refuses.
fn integer(name: &str, def: &str, d: &Dictionary) -> Field {
    let mut field = Field::new(name, "integer", d.field(def, name));
    let property = &crate::schema::embedded()["$defs"][def]["properties"][name];
    let bound = |keyword: &str| property[keyword].as_u64().and_then(|n| u32::try_from(n).ok());
    field.constraints.minimum = bound("minimum");
    field.constraints.maximum = bound("maximum");
    field
}

/// A record table's own id.
fn id_field(d: &Dictionary, def: &str) -> Field {
    string("id", d.field(def, "id")).required().unique().id()
}

/// A required reference to a record.
fn ref_field(name: &str, description: Option<&str>) -> Field {
    string(name, description).required().id()
}

/// The place of an item in its record's list.
fn ordinal_field() -> Field {
    let mut field = Field::new("ordinal", "integer", Some("Place of the item in its record's list, counted from 1."));
    field.constraints.minimum = Some(1);
    field.required()
}

/// A required field whose values the schema enumerates; named after the path's last part.
fn enum_field(d: &Dictionary, def: &str, path: &str) -> Field {
    let name = path.rsplit('/').next().unwrap_or(path);
    string(name, d.field(def, path)).required().one_of(schema_enum(def, path))
}

/// `<field>_en` (required), `<field>_ja`, `<field>_ja_latn`.
fn name_fields(d: &Dictionary, def: &str, field: &str) -> [Field; 3] {
    let name = d.field(def, field);
    let lang = |lang: &str| join(name, d.field(def, &format!("{field}/{lang}")));
    [
        string(format!("{field}_en"), lang("en")).required(),
        string(format!("{field}_ja"), lang("ja")),
        string(format!("{field}_ja_latn"), lang("ja-Latn")),
    ]
}

/// `name`, `lang` and `note` of an alias.
fn alias_fields(d: &Dictionary, def: &str) -> [Field; 3] {
    [
        string("name", d.field(def, "aliases/name")).required(),
        string("lang", d.field(def, "aliases/lang")).required().one_of(schema_enum(def, "aliases/lang")),
        string("note", d.field(def, "aliases/note")),
    ]
}

/// An EDTF date: its text, and the first and last day it can denote.
fn date_fields(name: &str, description: Option<impl Into<String>>, required: bool) -> [Field; 3] {
    let mut edtf = string(name, description).pattern(schema_pattern("edtf"));
    edtf.constraints.required = required;
    [
        edtf,
        Field::new(
            format!("{name}_start"),
            "date",
            Some(format!("First day that `{name}` can denote; empty where it is absent or open at the start.")),
        ),
        Field::new(
            format!("{name}_end"),
            "date",
            Some(format!("Last day that `{name}` can denote; empty where it is absent or open at the end.")),
        ),
    ]
}

/// A nested field's description after its parent's.
fn join(parent: Option<&str>, child: Option<&str>) -> Option<String> {
    match (parent, child) {
        (Some(p), Some(c)) => Some(format!("{p} {c}")),
        (p, c) => p.or(c).map(String::from),
    }
}

fn text(description: Option<&str>) -> String {
    description.unwrap_or_default().to_string()
}

/// The `enum` of a property of a schema definition, following the path as
/// [`Dictionary::field`] does.
fn schema_enum(def: &str, path: &str) -> Vec<String> {
    let resolve = |node: &'static Value| -> &'static Value {
        let node = crate::schema::follow_ref(crate::schema::embedded(), node);
        if node["type"] == "array" { &node["items"] } else { node }
    };
    let mut node = &crate::schema::embedded()["$defs"][def];
    for part in path.split('/') {
        node = &resolve(resolve(node))["properties"][part];
    }
    let values = node["enum"].as_array().into_iter().flatten();
    values.filter_map(Value::as_str).map(String::from).collect()
}

/// The `pattern` of a schema definition, as a Table Schema pattern: Table Schema patterns
/// follow XML Schema, which anchors them implicitly and has no `(?:` groups.
fn schema_pattern(def: &str) -> String {
    let pattern = crate::schema::embedded()["$defs"][def]["pattern"].as_str().unwrap_or_default();
    let pattern = pattern.strip_prefix('^').unwrap_or(pattern);
    let pattern = pattern.strip_suffix('$').unwrap_or(pattern);
    pattern.replace("(?:", "(")
}

// ---------------------------------------------------------------------------------------
// The Data Package descriptor. Field order is key order in `datapackage.json`.

#[derive(Serialize)]
struct Package<'a> {
    #[serde(rename = "$schema")]
    profile: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    keywords: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    licenses: Vec<License<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    contributors: Vec<Contributor<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sources: Vec<PackageSource<'a>>,
    resources: Vec<Resource<'a>>,
}

#[derive(Serialize)]
struct License<'a> {
    name: &'a str,
    path: &'a str,
}

#[derive(Serialize)]
struct Contributor<'a> {
    title: &'a str,
    roles: [&'static str; 1],
}

/// A source record, with the attribution a release must carry for it (a property of our
/// own: Data Package sources have none). `path` is left out for a source whose address is
/// not recorded.
#[derive(Serialize)]
struct PackageSource<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    attribution: &'a str,
}

#[derive(Serialize)]
struct Resource<'a> {
    name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    path: String,
    format: &'static str,
    mediatype: &'static str,
    encoding: &'static str,
    bytes: usize,
    description: &'a str,
    dialect: Dialect,
    schema: TableSchema<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Dialect {
    header: bool,
    delimiter: &'static str,
    line_terminator: &'static str,
    quote_char: &'static str,
    double_quote: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TableSchema<'a> {
    fields: &'a [Field],
    missing_values: [&'static str; 1],
    primary_key: &'a [&'static str],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    foreign_keys: &'a [ForeignKey],
}

#[derive(Debug, Serialize)]
struct ForeignKey {
    fields: [&'static str; 1],
    reference: Reference,
}

#[derive(Debug, Serialize)]
struct Reference {
    resource: &'static str,
    fields: [&'static str; 1],
}

/// A foreign key from `field` to the `id` of `resource`.
fn fk(field: &'static str, resource: &'static str) -> ForeignKey {
    ForeignKey { fields: [field], reference: Reference { resource, fields: ["id"] } }
}

fn package<'a>(dataset: &'a Dataset, tables: &'a [Table]) -> Package<'a> {
    let meta = dataset.dataset.as_ref();
    Package {
        profile: DATA_PACKAGE_PROFILE,
        name: meta.map_or("anpo", |m| &m.id),
        title: meta.map(|m| m.title.as_str()),
        description: meta.map(|m| m.description.as_str()),
        version: meta.map(|m| m.version.as_str()),
        keywords: meta.iter().flat_map(|m| &m.keywords).map(String::as_str).collect(),
        licenses: meta.iter().map(|m| License { name: &m.license, path: &m.license_url }).collect(),
        contributors: meta.iter().map(|m| Contributor { title: &m.publisher, roles: ["publisher"] }).collect(),
        sources: sorted_sources(dataset),
        resources: tables
            .iter()
            .map(|t| Resource {
                name: t.name,
                kind: "table",
                path: t.path(),
                format: "csv",
                mediatype: "text/csv",
                encoding: "utf-8",
                bytes: t.bytes.len(),
                description: &t.description,
                dialect: Dialect {
                    header: true,
                    delimiter: ",",
                    line_terminator: LINE_TERMINATOR,
                    quote_char: "\"",
                    double_quote: true,
                },
                schema: TableSchema {
                    fields: &t.fields,
                    missing_values: [""],
                    primary_key: &t.primary_key,
                    foreign_keys: &t.foreign_keys,
                },
            })
            .collect(),
    }
}

fn sorted_sources(dataset: &Dataset) -> Vec<PackageSource<'_>> {
    let mut sources: Vec<_> = dataset
        .sources
        .iter()
        .map(|s| (&s.id, PackageSource { title: &s.title, path: s.url.as_deref(), attribution: &s.attribution }))
        .collect();
    sources.sort_by(|a, b| a.0.cmp(b.0));
    sources.into_iter().map(|(_, s)| s).collect()
}
