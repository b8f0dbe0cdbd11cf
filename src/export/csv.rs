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
//!   `title_ja_latn`. A nested object's fields are prefixed with its name (`signed_place`).
//! - An EDTF date is three columns named after its field, whatever the field is called
//!   (`tables::DATE_SUFFIXES`): the EDTF text as in the data (`date_edtf`, Table Schema type
//!   `string`, so that no reader takes `1960` for a number or `1960-06` for a day), and the
//!   first and last day it can denote as ISO 8601 dates (`date_first_day`, `date_last_day`,
//!   type `date`). The `date` of `signed` gives `signed_date_edtf`, `signed_date_first_day`
//!   and `signed_date_last_day`; a role's `start` and `end` give `start_edtf` … `end_last_day`.
//!   An open or unknown end (`../2008`, `/2008`) leaves its day empty, as does a value that is
//!   not valid EDTF (the exporter receives validated data, so this does not happen in a release).
//! - No table or column is named with an SQL keyword that SQLite or DuckDB would need
//!   quoted (`no_table_or_column_is_named_with_an_sql_keyword`, in `tables.rs`, against the
//!   lists in tests/fixtures/sql-keywords/), so every name can be written bare in a query.
//! - Absent values are empty cells, declared as the only missing value (`missingValues:
//!   [""]`). The schema's `text` refuses the empty string, so no present value is empty.
//!
//! The Table Schemas declare the type of every column (`string`, `integer`, `number`,
//! `date`), its description (read from the data dictionary, never written here, except for
//! the columns this export adds: `ordinal`, `records.kind` and the `_first_day`/`_last_day` days),
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

use super::tables::{Cell, Field, ForeignKey, Table, tables};
use super::{Input, OutputFile};
use crate::model::Dataset;

/// The record terminator, as declared in every resource's dialect.
pub const LINE_TERMINATOR: &str = "\r\n";

const DATA_PACKAGE_PROFILE: &str = "https://datapackage.org/profiles/2.0/datapackage.json";

/// Writes the tables and `datapackage.json`.
pub fn export(input: &Input) -> Vec<OutputFile> {
    let tables = tables(input.dataset, input.dictionary);
    let files: Vec<OutputFile> = tables.iter().map(|t| OutputFile { path: path(t), bytes: csv_bytes(t) }).collect();
    let package = package(input.dataset, &tables, &files);
    let mut json = serde_json::to_vec_pretty(&package).expect("a data package serializes");
    json.push(b'\n');
    let mut files = files;
    files.push(OutputFile { path: "datapackage.json".to_string(), bytes: json });
    files
}

/// The table's file name.
fn path(table: &Table) -> String {
    format!("{}.csv", table.name)
}

/// The table as CSV: a header of its column names, then its rows, each ended with CRLF.
fn csv_bytes(table: &Table) -> Vec<u8> {
    let mut writer =
        csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).has_headers(false).from_writer(Vec::new());
    writer.write_record(table.fields.iter().map(|f| &f.name)).expect("writing to memory");
    for row in table.rows() {
        for cell in row {
            let written = match cell {
                Cell::Text(text) => writer.write_field(text),
                Cell::Owned(text) | Cell::Number(text) => writer.write_field(text),
                Cell::Null => writer.write_field(""),
                Cell::Integer(n) => writer.write_field(n.to_string()),
            };
            written.expect("writing to memory");
        }
        writer.write_record(None::<&[u8]>).expect("writing to memory");
    }
    writer.into_inner().expect("writing to memory")
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

fn package<'a>(dataset: &'a Dataset, tables: &'a [Table], files: &[OutputFile]) -> Package<'a> {
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
            .zip(files)
            .map(|(t, file)| Resource {
                name: t.name,
                kind: "table",
                path: file.path.clone(),
                format: "csv",
                mediatype: "text/csv",
                encoding: "utf-8",
                bytes: file.bytes.len(),
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
