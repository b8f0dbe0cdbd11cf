//! The CSV exporter (`src/export/csv.rs`): golden tables for the shared export fixture (the
//! canonical data's are in tests/release.rs), a lossless round trip over both read back with the csv crate, the byte-level
//! promises (CRLF, no BOM, RFC 4180 quoting), the formula policy, and a property test over
//! generated datasets.

mod common;

use std::collections::BTreeMap;

use anpo::edtf::Edtf;
use anpo::export::{Format, Input, Settings, csv as csv_export};
use anpo::model::*;
use anpo::schema::{Dictionary, SCHEMA_TEXT};
use proptest::prelude::*;
use serde::Deserialize;
use serde_json::{Value, json};

/// The exporter's files by path.
fn export(dataset: &Dataset) -> BTreeMap<String, Vec<u8>> {
    let dictionary = Dictionary::new();
    let settings = Settings::default();
    let input = Input { dataset, dictionary: &dictionary, settings: &settings };
    csv_export::export(&input).into_iter().map(|f| (f.path, f.bytes)).collect()
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).expect("the export is UTF-8")
}

fn package(files: &BTreeMap<String, Vec<u8>>) -> Value {
    serde_json::from_slice(&files["datapackage.json"]).expect("datapackage.json is JSON")
}

/// Snapshots every file of an export, CSV records shown with `\n` endings (the CRLF
/// endings are tested byte by byte below).
fn snapshot_all(prefix: &str, files: &BTreeMap<String, Vec<u8>>) {
    insta::with_settings!({ snapshot_path => "../snapshots" }, {
        for (path, bytes) in files {
            let name = format!("{prefix}__{path}");
            insta::assert_snapshot!(name, text(bytes).replace("\r\n", "\n"));
        }
    });
}

#[test]
fn the_exporter_is_registered_as_csv() {
    let registered = anpo::export::EXPORTERS.iter().find(|(f, _)| *f == Format::Csv);
    let (_, exporter) = registered.expect("a CSV exporter in EXPORTERS");
    let dataset = common::fixture();
    let dictionary = Dictionary::new();
    let settings = Settings::default();
    let input = Input { dataset: &dataset, dictionary: &dictionary, settings: &settings };
    assert_eq!(exporter(&input), Ok(csv_export::export(&input)));
}

#[test]
fn fixture_tables_and_package_match_their_snapshots() {
    snapshot_all("fixture", &export(&common::fixture()));
}

#[test]
fn export_is_deterministic_and_lists_every_file_in_the_package() {
    let files = export(&common::fixture());
    assert_eq!(files, export(&common::fixture()));
    let package = package(&files);
    let mut listed: Vec<&str> = vec!["datapackage.json"];
    for resource in package["resources"].as_array().unwrap() {
        let path = resource["path"].as_str().unwrap();
        assert_eq!(resource["bytes"], files[path].len(), "{path}");
        listed.push(path);
    }
    listed.sort();
    assert_eq!(listed, files.keys().map(String::as_str).collect::<Vec<_>>());
}

#[test]
fn records_end_with_crlf_and_files_have_no_bom() {
    let files = export(&common::fixture());
    let mut embedded_line_breaks = 0;
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".csv")) {
        assert!(!bytes.starts_with(b"\xEF\xBB\xBF"), "{path} starts with a BOM");
        assert!(bytes.ends_with(b"\r\n"), "{path} does not end with CRLF");
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(bytes.as_slice());
        let mut records = 0;
        let mut in_values = 0;
        for record in reader.byte_records() {
            records += 1;
            in_values += record.unwrap().iter().filter(|f| f.contains(&b'\n')).count();
        }
        // Every CRLF ends a record; every other line break is inside a value.
        let crlf = bytes.windows(2).filter(|w| w == b"\r\n").count();
        let lf = bytes.iter().filter(|b| **b == b'\n').count();
        let cr = bytes.iter().filter(|b| **b == b'\r').count();
        assert_eq!((crlf, cr), (records, records), "{path}");
        assert_eq!(lf - crlf, in_values, "{path}");
        embedded_line_breaks += in_values;
    }
    // The fixture's instrument summary holds a line break, kept inside quotes.
    assert_eq!(embedded_line_breaks, 1);
    let instruments = text(&files["instruments.csv"]);
    assert!(instruments.contains(
        ",\"Binds each party to meet an armed attack on territories under Japan's administration,\nand grants"
    ));
}

#[test]
fn fields_are_quoted_only_when_rfc_4180_needs_it() {
    let files = export(&common::fixture());
    let positions = text(&files["positions.csv"]);
    assert!(
        positions
            .contains(r#","Foreign bases compromise Japan's sovereignty & risk drawing it into ""America's wars""","#)
    );
    let sources = text(&files["sources.csv"]);
    assert!(
        sources.contains(r#","Encyclopædia Britannica <https://www.britannica.com/>, used for the fixture only","#)
    );
    assert!(sources.contains(",Source: Ministry of Foreign Affairs of Japan 'Japan-U.S. Security Treaty',"));
    let articles = text(&files["articles.csv"]);
    assert!(articles.contains(",Armed attack <common danger>,"));
}

#[test]
fn every_table_and_column_is_described_from_the_dictionary() {
    let dictionary = Dictionary::new();
    let package = package(&export(&common::fixture()));
    for resource in package["resources"].as_array().unwrap() {
        let name = resource["name"].as_str().unwrap();
        assert!(!resource["description"].as_str().unwrap().is_empty(), "{name}");
        for field in resource["schema"]["fields"].as_array().unwrap() {
            let description = field["description"].as_str().unwrap();
            assert!(!description.is_empty(), "{name}.{}", field["name"]);
        }
    }
    let instruments = &package["resources"][3];
    assert_eq!(instruments["name"], "instruments");
    assert_eq!(instruments["description"], dictionary.definition("instrument").unwrap());
    let kind = &instruments["schema"]["fields"][1];
    assert_eq!(kind["description"], dictionary.field("instrument", "kind").unwrap());
}

#[test]
fn a_source_without_an_address_has_an_empty_url_cell_and_no_package_path() {
    let files = export(&common::fixture());
    let sources = text(&files["sources.csv"]);
    assert!(sources.contains(
        "\r\nnews-report-anpo-1960,news-report,Demonstrators surround the Diet,A newspaper of June 1960,,,1960-06-16,"
    ));
    let package = package(&files);
    let fields =
        &package["resources"].as_array().unwrap().iter().find(|r| r["name"] == "sources").unwrap()["schema"]["fields"];
    let url = fields.as_array().unwrap().iter().find(|f| f["name"] == "url").unwrap();
    assert_eq!(url["constraints"].get("required"), None, "url is optional");
    assert_eq!(url["format"], "uri");
    let listed = package["sources"].as_array().unwrap();
    assert_eq!(listed.len(), 3);
    assert_eq!(listed[2]["title"], "Demonstrators surround the Diet");
    assert!(listed[2].get("path").is_none());
    assert_eq!(listed[1]["path"], "https://www.mofa.go.jp/mofaj/area/usa/hosho/jyoyaku.html");
}

#[test]
fn concerns_of_instruments_articles_and_events_are_link_tables_to_records() {
    let files = export(&common::fixture());
    assert_eq!(text(&files["instrument_concerns.csv"]), "instrument,record\r\ntreaty-1960,okinawa\r\n");
    assert_eq!(
        text(&files["article_concerns.csv"]),
        "article,record\r\ntreaty-1960-article-10,security-treaty-1951\r\ntreaty-1960-article-5,un-security-council\r\n"
    );
    assert_eq!(text(&files["event_concerns.csv"]), "event,record\r\nanpo-protests-1960,position-sovereignty\r\n");
    let dictionary = Dictionary::new();
    let package = package(&files);
    for (table, owner, owners) in [
        ("instrument_concerns", "instrument", "instruments"),
        ("article_concerns", "article", "articles"),
        ("event_concerns", "event", "events"),
    ] {
        let resource = package["resources"].as_array().unwrap().iter().find(|r| r["name"] == table).unwrap();
        let description = dictionary.field(owner, "concerns").unwrap();
        assert_eq!(resource["description"], description);
        assert_eq!(resource["schema"]["fields"][1]["description"], description);
        assert_eq!(resource["schema"]["primaryKey"], json!([owner, "record"]));
        assert_eq!(
            resource["schema"]["foreignKeys"],
            json!([
                {"fields": [owner], "reference": {"resource": owners, "fields": ["id"]}},
                {"fields": ["record"], "reference": {"resource": "records", "fields": ["id"]}}
            ])
        );
    }
}

// ---------------------------------------------------------------------------------------
// Formula injection: the guard is the schema; the exporter keeps values intact.

fn schema_accepts_event_title(title: &str) -> bool {
    let schema: Value = serde_json::from_str(SCHEMA_TEXT).unwrap();
    let validator = jsonschema::draft202012::options()
        .should_validate_formats(false)
        .build(&schema)
        .expect("the embedded schema compiles");
    let file = json!({"$schema": "dataset.schema.json", "events": [{
        "id": "e", "kind": "protest", "date": "1960-06-15", "title": title,
        "summary": "A protest.", "sources": ["s"]
    }]});
    validator.is_valid(&file)
}

#[test]
fn the_schema_refuses_free_text_that_a_spreadsheet_would_run() {
    assert!(schema_accepts_event_title("Protest at the Diet"));
    assert!(schema_accepts_event_title("1+1 or a=b inside is fine"));
    for text in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "=HYPERLINK(\"x\")"] {
        assert!(!schema_accepts_event_title(text), "the schema accepts {text:?}");
    }
}

#[test]
fn negative_numbers_are_written_as_numbers() {
    let files = export(&common::fixture());
    let figures = text(&files["figures.csv"]);
    assert!(figures.contains("\r\nfigure-approval-change,-12.5,percent,"), "{figures}");
    let package = package(&files);
    let figures = package["resources"].as_array().unwrap().iter().find(|r| r["name"] == "figures");
    assert_eq!(
        figures.unwrap()["schema"]["fields"][1],
        json!({
            "name": "value",
            "type": "number",
            "description": Dictionary::new().field("figure", "value").unwrap(),
            "constraints": {"required": true}
        })
    );
}

#[test]
fn unvalidated_text_with_a_leading_equals_sign_is_written_verbatim() {
    let files = export(&common::fixture());
    let instruments = text(&files["instruments.csv"]);
    let note = common::fixture().instruments[1].notes.clone().unwrap();
    assert!(note.starts_with('='));
    assert!(instruments.contains(&format!(",{note}\r\n")), "{instruments}");
}

// ---------------------------------------------------------------------------------------
// Round trip: the tables, read back with the csv crate, rebuild the model.

#[derive(Deserialize)]
struct DatasetRow {
    id: String,
    title: String,
    description: String,
    version: String,
    license: String,
    license_url: String,
    publisher: String,
    modified_edtf: String,
    modified_first_day: Option<String>,
    modified_last_day: Option<String>,
}

#[derive(Deserialize)]
struct Pair(String, String);

#[derive(Deserialize)]
struct InstrumentRow {
    id: String,
    kind: String,
    title_en: String,
    title_ja: Option<String>,
    title_ja_latn: Option<String>,
    short_name: String,
    signed_date_edtf: Option<String>,
    signed_date_first_day: Option<String>,
    signed_date_last_day: Option<String>,
    signed_place: Option<String>,
    entry_into_force_edtf: Option<String>,
    entry_into_force_first_day: Option<String>,
    entry_into_force_last_day: Option<String>,
    article_count: Option<u32>,
    term: Option<String>,
    termination: Option<String>,
    summary: String,
    notes: Option<String>,
}

#[derive(Deserialize)]
struct AliasRow {
    owner: String,
    ordinal: usize,
    name: String,
    lang: String,
    note: Option<String>,
}

#[derive(Deserialize)]
struct RelationRow {
    instrument: String,
    ordinal: usize,
    kind: String,
    target: String,
    article: Option<String>,
}

#[derive(Deserialize)]
struct ArticleRow {
    id: String,
    instrument: String,
    number: Option<u32>,
    heading: String,
    summary: String,
    notes: Option<String>,
}

#[derive(Deserialize)]
struct EventRow {
    id: String,
    kind: String,
    date_edtf: String,
    date_first_day: Option<String>,
    date_last_day: Option<String>,
    date_phrase: Option<String>,
    title: String,
    summary: String,
    notes: Option<String>,
}

#[derive(Deserialize)]
struct ParticipantRow {
    event: String,
    actor: String,
    role: String,
}

#[derive(Deserialize)]
struct ActorRow {
    id: String,
    kind: String,
    name_en: String,
    name_ja: Option<String>,
    name_ja_latn: Option<String>,
    description: Option<String>,
    part_of: Option<String>,
    notes: Option<String>,
}

#[derive(Deserialize)]
struct RoleRow {
    actor: String,
    ordinal: usize,
    title: String,
    organization: Option<String>,
    start_edtf: Option<String>,
    start_first_day: Option<String>,
    start_last_day: Option<String>,
    end_edtf: Option<String>,
    end_first_day: Option<String>,
    end_last_day: Option<String>,
}

#[derive(Deserialize)]
struct PlaceRow {
    id: String,
    kind: String,
    name_en: String,
    name_ja: Option<String>,
    name_ja_latn: Option<String>,
    within: Option<String>,
    description: Option<String>,
    notes: Option<String>,
}

#[derive(Deserialize)]
struct FigureRow {
    id: String,
    value: serde_json::Number,
    unit: String,
    qualifier: String,
    measure: String,
    date_edtf: Option<String>,
    date_first_day: Option<String>,
    date_last_day: Option<String>,
    notes: Option<String>,
}

#[derive(Deserialize)]
struct PositionRow {
    id: String,
    stance: String,
    claim: String,
    holders_phrase: Option<String>,
    notes: Option<String>,
}

#[derive(Deserialize)]
struct QuotationRow {
    record: String,
    ordinal: usize,
    text: String,
    quoted_from: String,
    source: String,
}

#[derive(Deserialize)]
struct SourceRow {
    id: String,
    kind: String,
    title: String,
    publisher: String,
    author: Option<String>,
    url: Option<String>,
    published_edtf: Option<String>,
    published_first_day: Option<String>,
    published_last_day: Option<String>,
    license: Option<String>,
    license_url: Option<String>,
    attribution: String,
    notes: Option<String>,
}

/// Reads a table; checks that its header is the one the package declares.
fn read<T: for<'de> Deserialize<'de>>(files: &BTreeMap<String, Vec<u8>>, table: &str) -> Vec<T> {
    let bytes = &files[&format!("{table}.csv")];
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let package = package(files);
    let resource = package["resources"].as_array().unwrap().iter().find(|r| r["name"] == table);
    let declared: Vec<&str> =
        resource.unwrap()["schema"]["fields"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(header, declared, "{table}: header and Table Schema disagree");
    // Read by position: link tables share row types whatever their owner column's name.
    let mut rows = Vec::new();
    for record in reader.records() {
        rows.push(record.unwrap().deserialize(None).unwrap_or_else(|e| panic!("{table}: {e}")));
    }
    rows
}

/// Checks a date's `_start` and `_end` columns against the EDTF module.
fn check_span(date: Option<&str>, start: Option<String>, end: Option<String>) {
    let edtf = date.map(Edtf::parse);
    let (earliest, latest) = match edtf {
        Some(Ok(e)) => (e.earliest(), e.latest()),
        _ => (None, None),
    };
    assert_eq!((start, end), (earliest, latest), "the days of {date:?}");
}

/// The ids of a link table grouped by owner, in file order.
fn grouped(pairs: Vec<Pair>) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for Pair(owner, target) in pairs {
        out.entry(owner).or_default().push(target);
    }
    out
}

fn take<T>(map: &mut BTreeMap<String, Vec<T>>, owner: &str) -> Vec<T> {
    map.remove(owner).unwrap_or_default()
}

fn aliases(rows: Vec<AliasRow>) -> BTreeMap<String, Vec<Alias>> {
    let mut out: BTreeMap<String, Vec<Alias>> = BTreeMap::new();
    for r in rows {
        let list = out.entry(r.owner).or_default();
        assert_eq!(r.ordinal, list.len() + 1);
        list.push(Alias { name: r.name, lang: r.lang.parse().unwrap(), note: r.note });
    }
    out
}

/// Rebuilds a dataset from its CSV tables.
fn from_csv(files: &BTreeMap<String, Vec<u8>>) -> Dataset {
    let mut keywords = grouped(read(files, "dataset_keywords"));
    let datasets: Vec<DatasetRow> = read(files, "dataset");
    assert!(datasets.len() <= 1);
    let dataset = datasets.into_iter().next().map(|r| {
        check_span(Some(&r.modified_edtf), r.modified_first_day, r.modified_last_day);
        DatasetMeta {
            keywords: take(&mut keywords, &r.id),
            id: r.id,
            title: r.title,
            description: r.description,
            version: r.version,
            license: r.license,
            license_url: r.license_url,
            publisher: r.publisher,
            modified: r.modified_edtf,
        }
    });
    assert!(keywords.is_empty());

    let mut sources = grouped(read(files, "record_sources"));
    let mut quotations: BTreeMap<String, Vec<Quotation>> = BTreeMap::new();
    for r in read::<QuotationRow>(files, "quotations") {
        let list = quotations.entry(r.record).or_default();
        assert_eq!(r.ordinal, list.len() + 1);
        list.push(Quotation { text: r.text, quoted_from: r.quoted_from, source: r.source });
    }

    let mut instrument_aliases = aliases(read(files, "instrument_aliases"));
    let mut parties = grouped(read(files, "instrument_parties"));
    let mut signatories = grouped(read(files, "instrument_signatories"));
    let mut relations: BTreeMap<String, Vec<Relation>> = BTreeMap::new();
    for r in read::<RelationRow>(files, "instrument_relations") {
        let list = relations.entry(r.instrument).or_default();
        assert_eq!(r.ordinal, list.len() + 1);
        list.push(Relation { kind: r.kind.parse().unwrap(), target: r.target, article: r.article });
    }
    let mut instrument_concerns = grouped(read(files, "instrument_concerns"));
    let instruments = read::<InstrumentRow>(files, "instruments")
        .into_iter()
        .map(|r| {
            check_span(r.signed_date_edtf.as_deref(), r.signed_date_first_day, r.signed_date_last_day);
            check_span(r.entry_into_force_edtf.as_deref(), r.entry_into_force_first_day, r.entry_into_force_last_day);
            let signatories = take(&mut signatories, &r.id);
            assert!(r.signed_date_edtf.is_some() || (r.signed_place.is_none() && signatories.is_empty()));
            Instrument {
                kind: r.kind.parse().unwrap(),
                title: Names { en: r.title_en, ja: r.title_ja, ja_latn: r.title_ja_latn },
                short_name: r.short_name,
                aliases: take(&mut instrument_aliases, &r.id),
                parties: take(&mut parties, &r.id),
                signed: r.signed_date_edtf.map(|date| Signature { date, place: r.signed_place, signatories }),
                entry_into_force: r.entry_into_force_edtf,
                article_count: r.article_count,
                term: r.term,
                termination: r.termination,
                relations: take(&mut relations, &r.id),
                concerns: take(&mut instrument_concerns, &r.id),
                summary: r.summary,
                sources: take(&mut sources, &r.id),
                notes: r.notes,
                id: r.id,
            }
        })
        .collect();

    let mut topics = grouped(read(files, "article_topics"));
    let mut article_concerns = grouped(read(files, "article_concerns"));
    let articles = read::<ArticleRow>(files, "articles")
        .into_iter()
        .map(|r| Article {
            instrument: r.instrument,
            number: r.number,
            heading: r.heading,
            summary: r.summary,
            topics: take(&mut topics, &r.id),
            concerns: take(&mut article_concerns, &r.id),
            quotations: take(&mut quotations, &r.id),
            sources: take(&mut sources, &r.id),
            notes: r.notes,
            id: r.id,
        })
        .collect();

    let mut participants: BTreeMap<String, Vec<Participant>> = BTreeMap::new();
    for r in read::<ParticipantRow>(files, "event_participants") {
        participants.entry(r.event).or_default().push(Participant { actor: r.actor, role: r.role });
    }
    let mut event_places = grouped(read(files, "event_places"));
    let mut event_instruments = grouped(read(files, "event_instruments"));
    let mut event_concerns = grouped(read(files, "event_concerns"));
    let events = read::<EventRow>(files, "events")
        .into_iter()
        .map(|r| {
            check_span(Some(&r.date_edtf), r.date_first_day, r.date_last_day);
            Event {
                kind: r.kind.parse().unwrap(),
                date: r.date_edtf,
                date_phrase: r.date_phrase,
                title: r.title,
                summary: r.summary,
                participants: take(&mut participants, &r.id),
                places: take(&mut event_places, &r.id),
                instruments: take(&mut event_instruments, &r.id),
                concerns: take(&mut event_concerns, &r.id),
                sources: take(&mut sources, &r.id),
                notes: r.notes,
                id: r.id,
            }
        })
        .collect();

    let mut actor_aliases = aliases(read(files, "actor_aliases"));
    let mut roles: BTreeMap<String, Vec<Role>> = BTreeMap::new();
    for r in read::<RoleRow>(files, "actor_roles") {
        check_span(r.start_edtf.as_deref(), r.start_first_day, r.start_last_day);
        check_span(r.end_edtf.as_deref(), r.end_first_day, r.end_last_day);
        let list = roles.entry(r.actor).or_default();
        assert_eq!(r.ordinal, list.len() + 1);
        list.push(Role { title: r.title, organization: r.organization, start: r.start_edtf, end: r.end_edtf });
    }
    let actors = read::<ActorRow>(files, "actors")
        .into_iter()
        .map(|r| Actor {
            kind: r.kind.parse().unwrap(),
            name: Names { en: r.name_en, ja: r.name_ja, ja_latn: r.name_ja_latn },
            aliases: take(&mut actor_aliases, &r.id),
            description: r.description,
            part_of: r.part_of,
            roles: take(&mut roles, &r.id),
            sources: take(&mut sources, &r.id),
            notes: r.notes,
            id: r.id,
        })
        .collect();

    let places = read::<PlaceRow>(files, "places")
        .into_iter()
        .map(|r| Place {
            kind: r.kind.parse().unwrap(),
            name: Names { en: r.name_en, ja: r.name_ja, ja_latn: r.name_ja_latn },
            within: r.within,
            description: r.description,
            sources: take(&mut sources, &r.id),
            notes: r.notes,
            id: r.id,
        })
        .collect();

    let mut about = grouped(read(files, "figure_about"));
    let figures = read::<FigureRow>(files, "figures")
        .into_iter()
        .map(|r| {
            check_span(r.date_edtf.as_deref(), r.date_first_day, r.date_last_day);
            Figure {
                value: r.value,
                unit: r.unit.parse().unwrap(),
                qualifier: r.qualifier.parse().unwrap(),
                measure: r.measure,
                about: take(&mut about, &r.id),
                date: r.date_edtf,
                sources: take(&mut sources, &r.id),
                notes: r.notes,
                id: r.id,
            }
        })
        .collect();

    let mut holders = grouped(read(files, "position_holders"));
    let mut position_topics = grouped(read(files, "position_topics"));
    let mut concerns = grouped(read(files, "position_concerns"));
    let mut evidence = grouped(read(files, "position_evidence"));
    let positions = read::<PositionRow>(files, "positions")
        .into_iter()
        .map(|r| Position {
            stance: r.stance.parse().unwrap(),
            claim: r.claim,
            holders: take(&mut holders, &r.id),
            holders_phrase: r.holders_phrase,
            topics: take(&mut position_topics, &r.id),
            concerns: take(&mut concerns, &r.id),
            evidence: take(&mut evidence, &r.id),
            quotations: take(&mut quotations, &r.id),
            sources: take(&mut sources, &r.id),
            notes: r.notes,
            id: r.id,
        })
        .collect();

    let source_records = read::<SourceRow>(files, "sources")
        .into_iter()
        .map(|r| {
            check_span(r.published_edtf.as_deref(), r.published_first_day, r.published_last_day);
            Source {
                id: r.id,
                kind: r.kind.parse().unwrap(),
                title: r.title,
                publisher: r.publisher,
                author: r.author,
                url: r.url,
                published: r.published_edtf,
                license: r.license,
                license_url: r.license_url,
                attribution: r.attribution,
                notes: r.notes,
            }
        })
        .collect();

    // Every link row belonged to a record.
    for (table, left) in [
        ("record_sources", sources.len()),
        ("quotations", quotations.len()),
        ("instrument_aliases", instrument_aliases.len()),
        ("instrument_parties", parties.len()),
        ("instrument_signatories", signatories.len()),
        ("instrument_relations", relations.len()),
        ("instrument_concerns", instrument_concerns.len()),
        ("article_topics", topics.len()),
        ("article_concerns", article_concerns.len()),
        ("event_participants", participants.len()),
        ("event_places", event_places.len()),
        ("event_instruments", event_instruments.len()),
        ("event_concerns", event_concerns.len()),
        ("actor_aliases", actor_aliases.len()),
        ("actor_roles", roles.len()),
        ("figure_about", about.len()),
        ("position_holders", holders.len()),
        ("position_topics", position_topics.len()),
        ("position_concerns", concerns.len()),
        ("position_evidence", evidence.len()),
    ] {
        assert_eq!(left, 0, "{table} has rows for records that do not exist");
    }

    Dataset { dataset, instruments, articles, events, actors, places, figures, positions, sources: source_records }
}

/// The model in export order: records by id, lists of ids sorted, participants by actor
/// and role; lists of objects keep their order.
fn normalized(mut d: Dataset) -> Dataset {
    if let Some(meta) = &mut d.dataset {
        meta.keywords.sort();
    }
    d.instruments.sort_by(|a, b| a.id.cmp(&b.id));
    for r in &mut d.instruments {
        r.parties.sort();
        r.concerns.sort();
        r.sources.sort();
        if let Some(signed) = &mut r.signed {
            signed.signatories.sort();
        }
    }
    d.articles.sort_by(|a, b| a.id.cmp(&b.id));
    for r in &mut d.articles {
        r.topics.sort();
        r.concerns.sort();
        r.sources.sort();
    }
    d.events.sort_by(|a, b| a.id.cmp(&b.id));
    for r in &mut d.events {
        r.participants.sort_by(|a, b| (&a.actor, &a.role).cmp(&(&b.actor, &b.role)));
        r.places.sort();
        r.instruments.sort();
        r.concerns.sort();
        r.sources.sort();
    }
    d.actors.sort_by(|a, b| a.id.cmp(&b.id));
    for r in &mut d.actors {
        r.sources.sort();
    }
    d.places.sort_by(|a, b| a.id.cmp(&b.id));
    for r in &mut d.places {
        r.sources.sort();
    }
    d.figures.sort_by(|a, b| a.id.cmp(&b.id));
    for r in &mut d.figures {
        r.about.sort();
        r.sources.sort();
    }
    d.positions.sort_by(|a, b| a.id.cmp(&b.id));
    for r in &mut d.positions {
        r.holders.sort();
        r.topics.sort();
        r.concerns.sort();
        r.evidence.sort();
        r.sources.sort();
    }
    d.sources.sort_by(|a, b| a.id.cmp(&b.id));
    d
}

#[test]
fn the_fixture_round_trips_through_the_tables() {
    let dataset = common::fixture();
    assert_eq!(from_csv(&export(&dataset)), normalized(dataset));
}

#[test]
fn the_canonical_data_round_trips_through_the_tables() {
    let dataset = common::canonical();
    assert_eq!(from_csv(&export(&dataset)), normalized(dataset));
}

#[test]
fn fixture_dates_get_their_first_and_last_days() {
    let files = export(&common::fixture());
    let events: Vec<EventRow> = read(&files, "events");
    let days: Vec<_> = events
        .iter()
        .map(|e| (e.date_edtf.as_str(), e.date_first_day.as_deref(), e.date_last_day.as_deref()))
        .collect();
    assert_eq!(
        days,
        [
            ("1960-05/1960-06", Some("1960-05-01"), Some("1960-06-30")),
            ("1960-06-19", Some("1960-06-19"), Some("1960-06-19")),
            ("1960-01-19", Some("1960-01-19"), Some("1960-01-19")),
        ]
    );
    let figures: Vec<FigureRow> = read(&files, "figures");
    let days: Vec<_> = figures
        .iter()
        .map(|e| (e.date_edtf.as_deref(), e.date_first_day.as_deref(), e.date_last_day.as_deref()))
        .collect();
    assert_eq!(
        days,
        [
            (Some("1960-05"), Some("1960-05-01"), Some("1960-05-31")),
            (Some("1959"), Some("1959-01-01"), Some("1959-12-31")),
            (Some("2008~"), Some("2008-01-01"), Some("2008-12-31")),
        ]
    );
    let sources: Vec<SourceRow> = read(&files, "sources");
    let open = &sources[1];
    assert_eq!(
        (open.published_edtf.as_deref(), open.published_first_day.as_deref(), open.published_last_day.as_deref()),
        (Some("../2008"), None, Some("2008-12-31"))
    );
}

// ---------------------------------------------------------------------------------------
// Property: for any dataset, one row per record and per list item, and a lossless round
// trip, whatever the text holds (quotes, commas, line breaks, any Unicode).

fn any_text() -> impl Strategy<Value = String> {
    let chars = prop_oneof![
        3 => any::<char>(),
        1 => prop::sample::select(vec!['"', ',', '\n', '\r', '=', '-', ' ', '日', 'ō']),
    ];
    prop::collection::vec(chars, 1..8).prop_map(String::from_iter)
}

fn any_date() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "1959",
            "1960-05",
            "1960-05/1960-06",
            "2008~",
            "../2008",
            "1960-06-19",
            "1960/..",
            "1960-02-30",
        ])
        .prop_map(String::from),
        any_text(),
    ]
}

fn ids(prefix: &'static str, max: usize) -> impl Strategy<Value = Vec<String>> {
    prop::collection::btree_set(0u16..1000, 0..max)
        .prop_map(move |ns| ns.into_iter().rev().map(|n| format!("{prefix}-{n}")).collect())
}

fn list<T: std::fmt::Debug>(item: impl Strategy<Value = T>) -> impl Strategy<Value = Vec<T>> {
    prop::collection::vec(item, 0..3)
}

fn names() -> impl Strategy<Value = Names> {
    (any_text(), prop::option::of(any_text()), prop::option::of(any_text())).prop_map(|(en, ja, ja_latn)| Names {
        en,
        ja,
        ja_latn,
    })
}

fn alias() -> impl Strategy<Value = Alias> {
    (any_text(), any_text(), prop::option::of(any_text())).prop_map(|(name, lang, note)| Alias {
        name,
        lang: pick(Lang::ALL, &lang),
        note,
    })
}

fn quotation() -> impl Strategy<Value = Quotation> {
    (any_text(), any_text(), any_text()).prop_map(|(text, quoted_from, source)| Quotation { text, quoted_from, source })
}

fn opt() -> impl Strategy<Value = Option<String>> {
    prop::option::of(any_text())
}

fn any_dataset() -> impl Strategy<Value = Dataset> {
    let meta = prop::option::of((any_text(), any_text(), list(any_text()), any_date()).prop_map(
        |(id, title, keywords, modified)| DatasetMeta {
            id,
            title: title.clone(),
            description: title.clone(),
            version: "1.0.0".into(),
            license: "CC-BY-4.0".into(),
            license_url: "https://example.org/".into(),
            publisher: title,
            keywords,
            modified,
        },
    ));
    let instruments = ids("instrument", 4).prop_flat_map(|ids| {
        let n = ids.len();
        let fields = (
            any_text(),
            names(),
            list(alias()),
            list(any_text()),
            prop::option::of((any_date(), opt(), list(any_text()))),
            prop::option::of(any_date()),
            prop::option::of(1u32..50),
            (opt(), opt(), opt()),
            list((any_text(), any_text(), opt())),
            list(any_text()),
            list(any_text()),
        );
        (Just(ids), prop::collection::vec(fields, n))
    });
    let instruments = instruments.prop_map(|(ids, fields)| {
        ids.into_iter()
            .zip(fields)
            .map(
                |(
                    id,
                    (
                        kind,
                        title,
                        aliases,
                        parties,
                        signed,
                        entry,
                        count,
                        (term, termination, notes),
                        relations,
                        concerns,
                        sources,
                    ),
                )| Instrument {
                    id,
                    short_name: kind.clone(),
                    summary: kind.clone(),
                    kind: pick(InstrumentKind::ALL, &kind),
                    title,
                    aliases,
                    parties,
                    signed: signed.map(|(date, place, signatories)| Signature { date, place, signatories }),
                    entry_into_force: entry,
                    article_count: count,
                    term,
                    termination,
                    relations: relations
                        .into_iter()
                        .map(|(kind, target, article)| Relation {
                            kind: pick(RelationKind::ALL, &kind),
                            target,
                            article,
                        })
                        .collect(),
                    concerns,
                    sources,
                    notes,
                },
            )
            .collect::<Vec<_>>()
    });
    let articles = ids("article", 4).prop_flat_map(|ids| {
        let n = ids.len();
        let fields = (
            any_text(),
            prop::option::of(1u32..20),
            any_text(),
            list(any_text()),
            list(any_text()),
            list(quotation()),
            list(any_text()),
            opt(),
        );
        (Just(ids), prop::collection::vec(fields, n))
    });
    let articles = articles.prop_map(|(ids, fields)| {
        ids.into_iter()
            .zip(fields)
            .map(|(id, (instrument, number, heading, topics, concerns, quotations, sources, notes))| Article {
                id,
                instrument,
                number,
                summary: heading.clone(),
                heading,
                topics,
                concerns,
                quotations,
                sources,
                notes,
            })
            .collect::<Vec<_>>()
    });
    let events = ids("event", 4).prop_flat_map(|ids| {
        let n = ids.len();
        let fields = (
            any_text(),
            any_date(),
            opt(),
            any_text(),
            list((any_text(), any_text())),
            list(any_text()),
            list(any_text()),
            list(any_text()),
            list(any_text()),
            opt(),
        );
        (Just(ids), prop::collection::vec(fields, n))
    });
    let events = events.prop_map(|(ids, fields)| {
        ids.into_iter()
            .zip(fields)
            .map(
                |(
                    id,
                    (kind, date, date_phrase, title, participants, places, instruments, concerns, sources, notes),
                )| Event {
                    id,
                    kind: pick(EventKind::ALL, &kind),
                    date,
                    date_phrase,
                    summary: title.clone(),
                    title,
                    participants: participants.into_iter().map(|(actor, role)| Participant { actor, role }).collect(),
                    places,
                    instruments,
                    concerns,
                    sources,
                    notes,
                },
            )
            .collect::<Vec<_>>()
    });
    let actors = ids("actor", 4).prop_flat_map(|ids| {
        let n = ids.len();
        let role = (any_text(), opt(), prop::option::of(any_date()), prop::option::of(any_date()))
            .prop_map(|(title, organization, start, end)| Role { title, organization, start, end });
        let fields = (any_text(), names(), list(alias()), opt(), opt(), list(role), list(any_text()), opt());
        (Just(ids), prop::collection::vec(fields, n))
    });
    let actors = actors.prop_map(|(ids, fields)| {
        ids.into_iter()
            .zip(fields)
            .map(|(id, (kind, name, aliases, description, part_of, roles, sources, notes))| Actor {
                id,
                kind: pick(ActorKind::ALL, &kind),
                name,
                aliases,
                description,
                part_of,
                roles,
                sources,
                notes,
            })
            .collect::<Vec<_>>()
    });
    let places = ids("place", 4).prop_flat_map(|ids| {
        let n = ids.len();
        let fields = (any_text(), names(), opt(), opt(), list(any_text()), opt());
        (Just(ids), prop::collection::vec(fields, n))
    });
    let places = places.prop_map(|(ids, fields)| {
        ids.into_iter()
            .zip(fields)
            .map(|(id, (kind, name, within, description, sources, notes))| Place {
                id,
                kind: pick(PlaceKind::ALL, &kind),
                name,
                within,
                description,
                sources,
                notes,
            })
            .collect::<Vec<_>>()
    });
    let figures = ids("figure", 4).prop_flat_map(|ids| {
        let n = ids.len();
        let value = prop_oneof![
            any::<i64>().prop_map(serde_json::Number::from),
            any::<u64>().prop_map(serde_json::Number::from),
            any::<f64>().prop_filter_map("finite", serde_json::Number::from_f64),
        ];
        let fields =
            (value, any_text(), any_text(), list(any_text()), prop::option::of(any_date()), list(any_text()), opt());
        (Just(ids), prop::collection::vec(fields, n))
    });
    let figures = figures.prop_map(|(ids, fields)| {
        ids.into_iter()
            .zip(fields)
            .map(|(id, (value, unit, measure, about, date, sources, notes))| Figure {
                id,
                value,
                qualifier: pick(FigureQualifier::ALL, &unit),
                unit: pick(Unit::ALL, &unit),
                measure,
                about,
                date,
                sources,
                notes,
            })
            .collect::<Vec<_>>()
    });
    let positions = ids("position", 4).prop_flat_map(|ids| {
        let n = ids.len();
        let fields = (
            any_text(),
            list(any_text()),
            opt(),
            list(any_text()),
            list(any_text()),
            list(any_text()),
            list(quotation()),
            list(any_text()),
            opt(),
        );
        (Just(ids), prop::collection::vec(fields, n))
    });
    let positions = positions.prop_map(|(ids, fields)| {
        ids.into_iter()
            .zip(fields)
            .map(|(id, (claim, holders, holders_phrase, topics, concerns, evidence, quotations, sources, notes))| {
                Position {
                    id,
                    stance: pick(Stance::ALL, &claim),
                    claim,
                    holders,
                    holders_phrase,
                    topics,
                    concerns,
                    evidence,
                    quotations,
                    sources,
                    notes,
                }
            })
            .collect::<Vec<_>>()
    });
    let sources = ids("source", 4).prop_flat_map(|ids| {
        let n = ids.len();
        let fields =
            (any_text(), any_text(), opt(), opt(), prop::option::of(any_date()), opt(), opt(), any_text(), opt());
        (Just(ids), prop::collection::vec(fields, n))
    });
    let sources = sources.prop_map(|(ids, fields)| {
        ids.into_iter()
            .zip(fields)
            .map(|(id, (title, publisher, author, url, published, license, license_url, attribution, notes))| Source {
                id,
                kind: pick(SourceKind::ALL, &title),
                title,
                publisher,
                author,
                url,
                published,
                license,
                license_url,
                attribution,
                notes,
            })
            .collect::<Vec<_>>()
    });
    (meta, instruments, articles, events, actors, places, figures, positions, sources).prop_map(
        |(dataset, instruments, articles, events, actors, places, figures, positions, sources)| Dataset {
            dataset,
            instruments,
            articles,
            events,
            actors,
            places,
            figures,
            positions,
            sources,
        },
    )
}

/// The number of data rows of every table.
fn row_counts(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, usize> {
    let csv_files = files.iter().filter_map(|(p, b)| Some((p.strip_suffix(".csv")?, b)));
    csv_files
        .map(|(table, bytes)| {
            let rows = csv::Reader::from_reader(bytes.as_slice()).records().count();
            (table.to_string(), rows)
        })
        .collect()
}

fn expected_counts(d: &Dataset) -> BTreeMap<String, usize> {
    let sum = |lens: &mut dyn Iterator<Item = usize>| lens.sum::<usize>();
    let records = d.instruments.len()
        + d.articles.len()
        + d.events.len()
        + d.actors.len()
        + d.places.len()
        + d.figures.len()
        + d.positions.len()
        + d.sources.len();
    let sources = sum(&mut d.instruments.iter().map(|r| r.sources.len()))
        + sum(&mut d.articles.iter().map(|r| r.sources.len()))
        + sum(&mut d.events.iter().map(|r| r.sources.len()))
        + sum(&mut d.actors.iter().map(|r| r.sources.len()))
        + sum(&mut d.places.iter().map(|r| r.sources.len()))
        + sum(&mut d.figures.iter().map(|r| r.sources.len()))
        + sum(&mut d.positions.iter().map(|r| r.sources.len()));
    [
        ("dataset", d.dataset.iter().count()),
        ("dataset_keywords", sum(&mut d.dataset.iter().map(|m| m.keywords.len()))),
        ("records", records),
        ("instruments", d.instruments.len()),
        ("instrument_aliases", sum(&mut d.instruments.iter().map(|r| r.aliases.len()))),
        ("instrument_parties", sum(&mut d.instruments.iter().map(|r| r.parties.len()))),
        (
            "instrument_signatories",
            sum(&mut d.instruments.iter().map(|r| r.signed.as_ref().map_or(0, |s| s.signatories.len()))),
        ),
        ("instrument_relations", sum(&mut d.instruments.iter().map(|r| r.relations.len()))),
        ("instrument_concerns", sum(&mut d.instruments.iter().map(|r| r.concerns.len()))),
        ("articles", d.articles.len()),
        ("article_topics", sum(&mut d.articles.iter().map(|r| r.topics.len()))),
        ("article_concerns", sum(&mut d.articles.iter().map(|r| r.concerns.len()))),
        ("events", d.events.len()),
        ("event_participants", sum(&mut d.events.iter().map(|r| r.participants.len()))),
        ("event_places", sum(&mut d.events.iter().map(|r| r.places.len()))),
        ("event_instruments", sum(&mut d.events.iter().map(|r| r.instruments.len()))),
        ("event_concerns", sum(&mut d.events.iter().map(|r| r.concerns.len()))),
        ("actors", d.actors.len()),
        ("actor_aliases", sum(&mut d.actors.iter().map(|r| r.aliases.len()))),
        ("actor_roles", sum(&mut d.actors.iter().map(|r| r.roles.len()))),
        ("places", d.places.len()),
        ("figures", d.figures.len()),
        ("figure_about", sum(&mut d.figures.iter().map(|r| r.about.len()))),
        ("positions", d.positions.len()),
        ("position_holders", sum(&mut d.positions.iter().map(|r| r.holders.len()))),
        ("position_topics", sum(&mut d.positions.iter().map(|r| r.topics.len()))),
        ("position_concerns", sum(&mut d.positions.iter().map(|r| r.concerns.len()))),
        ("position_evidence", sum(&mut d.positions.iter().map(|r| r.evidence.len()))),
        ("sources", d.sources.len()),
        (
            "quotations",
            sum(&mut d.articles.iter().map(|r| r.quotations.len()))
                + sum(&mut d.positions.iter().map(|r| r.quotations.len())),
        ),
        ("record_sources", sources),
    ]
    .into_iter()
    .map(|(table, n)| (table.to_string(), n))
    .collect()
}

#[test]
fn the_fixture_has_a_row_in_every_table() {
    let counts = row_counts(&export(&common::fixture()));
    assert_eq!(counts, expected_counts(&common::fixture()));
    let empty: Vec<_> = counts.iter().filter(|(_, n)| **n == 0).collect();
    assert!(empty.is_empty(), "the fixture leaves tables empty: {empty:?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn each_table_has_one_row_per_record_or_list_item(dataset in any_dataset()) {
        let files = export(&dataset);
        prop_assert_eq!(row_counts(&files), expected_counts(&dataset));
    }

    #[test]
    fn any_dataset_round_trips_through_the_tables(dataset in any_dataset()) {
        let files = export(&dataset);
        prop_assert_eq!(from_csv(&files), normalized(dataset));
    }
}

/// A value of a closed list chosen by a generated text (its length), so that the
/// generators above keep their shape.
fn pick<T: Copy>(all: &[T], text: &str) -> T {
    all[text.len() % all.len()]
}
