//! The SQLite exporter (`src/export/sqlite.rs`): the database read back with rusqlite, on
//! the shared export fixture and on the canonical data. SQLite's own checks (integrity,
//! foreign keys), every table of `tables.rs` with the CSV's columns and rows, types, keys,
//! an index on every foreign key, the full-text table, the views, the data dictionary, the
//! same bytes for the same data, the schema as a snapshot, the CLI, and README's queries.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use anpo::export::tables::{Table, tables};
use anpo::export::{EXPORTERS, Format, Input, Settings, csv as csv_export, sqlite};
use anpo::model::Dataset;
use anpo::schema::Dictionary;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, MAIN_DB};
use serde_json::Value;

/// The exporter's one file's bytes.
fn export(dataset: &Dataset) -> Vec<u8> {
    let dictionary = Dictionary::new();
    let settings = Settings::default();
    let input = Input { dataset, dictionary: &dictionary, settings: &settings };
    let files = sqlite::export(&input).expect("the SQLite export");
    assert_eq!(files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(), [sqlite::FILE]);
    files.into_iter().next().expect("one file").bytes
}

/// The database in `bytes`, read-only in memory.
fn open(bytes: &[u8]) -> Connection {
    let mut db = Connection::open_in_memory().expect("SQLite");
    db.deserialize_read_exact(MAIN_DB, bytes, bytes.len(), true).expect("a database");
    db
}

/// The rows of a query, each value as text (`NULL` as `None`).
fn query(db: &Connection, sql: &str) -> Vec<Vec<Option<String>>> {
    let mut statement = db.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    let width = statement.column_count();
    let rows = statement
        .query_map([], |row| {
            (0..width)
                .map(|i| {
                    Ok(match row.get_ref(i)? {
                        ValueRef::Null => None,
                        ValueRef::Integer(n) => Some(n.to_string()),
                        ValueRef::Real(x) => Some(x.to_string()),
                        ValueRef::Text(t) | ValueRef::Blob(t) => Some(String::from_utf8_lossy(t).into_owned()),
                    })
                })
                .collect()
        })
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    rows.collect::<Result<_, _>>().unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// The first column of a query's rows, as text.
fn column(db: &Connection, sql: &str) -> Vec<String> {
    query(db, sql).into_iter().map(|row| row.into_iter().next().flatten().unwrap_or_default()).collect()
}

fn one(db: &Connection, sql: &str) -> String {
    let rows = column(db, sql);
    assert_eq!(rows.len(), 1, "{sql}: {rows:?}");
    rows.into_iter().next().unwrap_or_default()
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The tables of `tables.rs` for `dataset`.
fn declared(dataset: &Dataset) -> Vec<Table<'_>> {
    tables(dataset, &Dictionary::new())
}

/// Both datasets the tests run on.
fn datasets() -> [(&'static str, Dataset); 2] {
    [("fixture", common::fixture()), ("canonical", common::canonical())]
}

#[test]
fn the_exporter_is_registered_as_sqlite() {
    let (_, exporter) = EXPORTERS.iter().find(|(f, _)| *f == Format::Sqlite).expect("an SQLite exporter");
    let dataset = common::fixture();
    let dictionary = Dictionary::new();
    let settings = Settings::default();
    let input = Input { dataset: &dataset, dictionary: &dictionary, settings: &settings };
    assert_eq!(exporter(&input), sqlite::export(&input));
    assert_eq!(Format::Sqlite.name(), "sqlite");
}

#[test]
fn integrity_and_foreign_key_checks_are_clean() {
    for (name, dataset) in datasets() {
        let db = open(&export(&dataset));
        assert_eq!(column(&db, "PRAGMA integrity_check"), ["ok"], "{name}");
        assert_eq!(query(&db, "PRAGMA foreign_key_check"), Vec::<Vec<Option<String>>>::new(), "{name}");
        // With enforcement on, as a reader may set it, nothing changes either.
        db.execute_batch("PRAGMA foreign_keys = ON").expect("pragma");
        assert!(query(&db, "PRAGMA foreign_key_check").is_empty(), "{name}");
    }
}

/// Every table of `tables.rs` is here with the CSV's columns, in order, and the CSV's rows,
/// in order, value for value (a `NULL` where the CSV cell is empty).
#[test]
fn every_table_holds_the_csv_columns_and_rows() {
    for (name, dataset) in datasets() {
        let db = open(&export(&dataset));
        let dictionary = Dictionary::new();
        let settings = Settings::default();
        let input = Input { dataset: &dataset, dictionary: &dictionary, settings: &settings };
        let csv: BTreeMap<String, Vec<u8>> =
            csv_export::export(&input).into_iter().map(|f| (f.path, f.bytes)).collect();
        let tables = declared(&dataset);
        assert_eq!(tables.len(), csv.len() - 1, "{name}: a table per CSV file (and datapackage.json)");
        for table in &tables {
            let mut reader = csv::Reader::from_reader(csv[&format!("{}.csv", table.name)].as_slice());
            let header: Vec<String> = reader.headers().expect("header").iter().map(String::from).collect();
            let columns = column(&db, &format!("SELECT name FROM pragma_table_info({})", quote(table.name)));
            assert_eq!(columns, header, "{name}: {}", table.name);
            let csv_rows: Vec<Vec<String>> =
                reader.records().map(|r| r.expect("a record").iter().map(String::from).collect()).collect();
            let rows = query(&db, &format!("SELECT * FROM {} ORDER BY rowid", quote(table.name)));
            let rows: Vec<Vec<String>> =
                rows.into_iter().map(|row| row.into_iter().map(Option::unwrap_or_default).collect()).collect();
            assert_eq!(rows.len(), table.rows().len(), "{name}: {}", table.name);
            assert_eq!(rows, csv_rows, "{name}: {} has the CSV's rows", table.name);
        }
        assert!(tables.iter().any(|t| t.rows().len() > 0), "{name}: some rows");
    }
}

/// `STRICT` tables; `integer` columns `INTEGER`, every other `TEXT`; a number keeps its
/// text; a date column holds ISO dates only; the primary keys are the declared ones.
#[test]
fn columns_are_typed_and_keyed_as_declared() {
    let dataset = common::fixture();
    let db = open(&export(&dataset));
    for table in declared(&dataset) {
        let strict = one(&db, &format!("SELECT strict FROM pragma_table_list WHERE name = '{}'", table.name));
        assert_eq!(strict, "1", "{} is STRICT", table.name);
        let info =
            query(&db, &format!("SELECT name, type, \"notnull\", pk FROM pragma_table_info({})", quote(table.name)));
        for (field, row) in table.fields.iter().zip(&info) {
            let expected = if field.kind == "integer" { "INTEGER" } else { "TEXT" };
            assert_eq!(row[1].as_deref(), Some(expected), "{}.{}", table.name, field.name);
            let required = if field.constraints.required { "1" } else { "0" };
            assert_eq!(row[2].as_deref(), Some(required), "{}.{} NOT NULL", table.name, field.name);
            let key = table.primary_key.iter().position(|k| *k == field.name).map_or(0, |i| i + 1);
            assert_eq!(row[3], Some(key.to_string()), "{}.{} in the primary key", table.name, field.name);
            if field.kind == "date" {
                // A check refuses anything but an ISO date.
                let sql = format!(
                    "SELECT count(*) FROM {} WHERE {1} IS NOT date({1})",
                    quote(table.name),
                    quote(&field.name)
                );
                assert_eq!(one(&db, &sql), "0");
                assert!(
                    db.prepare(&format!(
                        "SELECT 1 FROM sqlite_master WHERE name = '{}' AND sql LIKE '%{} IS date(%'",
                        table.name,
                        quote(&field.name)
                    ))
                    .and_then(|mut s| s.exists([]))
                    .expect("query"),
                    "{}.{} has its check",
                    table.name,
                    field.name
                );
            }
        }
    }
    // A number is its exact text: `figures.value`, as the fixture writes it.
    let values = column(&db, "SELECT value || ' ' || typeof(value) FROM figures ORDER BY id");
    assert!(values.contains(&"-12.5 text".to_string()), "{values:?}");
    assert!(values.contains(&"13500000 text".to_string()), "{values:?}");
    let dates = column(&db, "SELECT date_first_day FROM events WHERE id = 'anpo-protests-1960'");
    assert_eq!(dates, ["1960-05-01"]);
}

#[test]
fn foreign_keys_are_declared_and_each_has_an_index() {
    let dataset = common::fixture();
    let db = open(&export(&dataset));
    let mut checked = 0;
    for table in declared(&dataset) {
        let declared: BTreeSet<(String, String, String)> = table
            .foreign_keys
            .iter()
            .map(|fk| (fk.fields[0].to_string(), fk.reference.resource.to_string(), fk.reference.fields[0].to_string()))
            .collect();
        let sql = format!("SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list({})", quote(table.name));
        let found: BTreeSet<(String, String, String)> = query(&db, &sql)
            .into_iter()
            .map(|r| (r[0].clone().unwrap(), r[1].clone().unwrap(), r[2].clone().unwrap()))
            .collect();
        assert_eq!(found, declared, "{}", table.name);
        // An index whose first column is the foreign key's column.
        let sql = format!(
            "SELECT i.name FROM pragma_index_list({0}) AS l, pragma_index_info(l.name) AS i WHERE i.seqno = 0",
            quote(table.name)
        );
        let leading: BTreeSet<String> = column(&db, &sql).into_iter().collect();
        for (column, _, _) in &declared {
            assert!(leading.contains(column), "{}.{} has no index: {leading:?}", table.name, column);
            checked += 1;
        }
    }
    assert!(checked >= 30, "{checked} foreign keys");
}

#[test]
fn full_text_search_finds_known_records() {
    let db = open(&export(&common::fixture()));
    let found = query(
        &db,
        "SELECT table_name, column_name, record FROM search WHERE search MATCH 'demonstrations' ORDER BY rowid",
    );
    assert_eq!(found, [[Some("events".into()), Some("summary".into()), Some("anpo-protests-1960".into())]]);
    // Diacritics removed: `hosho` finds `Hoshō`, in a title and in an alias's note.
    let found =
        column(&db, "SELECT table_name || '.' || column_name || ' ' || record FROM search WHERE search MATCH 'hosho'");
    assert!(found.contains(&"instruments.title_ja_latn treaty-1960".to_string()), "{found:?}");
    assert!(found.contains(&"instrument_aliases.note treaty-1960".to_string()), "{found:?}");
    // Every free-text cell, and only those, is in the index.
    let dataset = common::fixture();
    let mut cells = 0;
    for table in declared(&dataset) {
        let free: Vec<usize> = (0..table.fields.len()).filter(|&i| table.fields[i].is_free_text()).collect();
        cells += table.rows().map(|row| free.iter().filter(|&&i| !row[i].text().is_empty()).count()).sum::<usize>();
    }
    assert_eq!(one(&db, "SELECT count(*) FROM search"), cells.to_string());
    // Titles, summaries and notes among them.
    let columns = column(&db, "SELECT DISTINCT column_name FROM search ORDER BY 1");
    for wanted in ["title", "title_en", "summary", "notes", "description", "claim", "text"] {
        assert!(columns.iter().any(|c| c == wanted), "{wanted} not indexed: {columns:?}");
    }
}

#[test]
fn every_view_answers() {
    let dataset = common::fixture();
    let db = open(&export(&dataset));
    let views = column(&db, "SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name");
    assert_eq!(views, ["event_details", "instrument_details"]);
    for (view, table) in [("event_details", "events"), ("instrument_details", "instruments")] {
        assert_eq!(
            one(&db, &format!("SELECT count(*) FROM {view}")),
            one(&db, &format!("SELECT count(*) FROM {table}")),
            "{view}: a row per {table}"
        );
    }
    let row = query(&db, "SELECT participants, places FROM event_details WHERE id = 'anpo-protests-1960'");
    let participants: Value = serde_json::from_str(row[0][0].as_deref().unwrap()).unwrap();
    assert_eq!(
        participants,
        serde_json::json!([{"actor": "kishi-nobusuke", "name": "Kishi Nobusuke", "role": "target of the protests"}])
    );
    let places: Value = serde_json::from_str(row[0][1].as_deref().unwrap()).unwrap();
    let ids: Vec<&str> = places.as_array().unwrap().iter().map(|p| p["place"].as_str().unwrap()).collect();
    assert_eq!(ids, ["national-diet-building", "tokyo"]);
    assert!(places.as_array().unwrap().iter().all(|p| p["name"].is_string()), "{places}");

    let row = query(&db, "SELECT parties, signatories FROM instrument_details WHERE id = 'treaty-1960'");
    let parties: Value = serde_json::from_str(row[0][0].as_deref().unwrap()).unwrap();
    let ids: Vec<&str> = parties.as_array().unwrap().iter().map(|p| p["actor"].as_str().unwrap()).collect();
    assert_eq!(ids, ["japan", "united-states"]);
    assert_eq!(parties[0]["name"], "Japan");
    let signatories: Value = serde_json::from_str(row[0][1].as_deref().unwrap()).unwrap();
    assert!(signatories.is_array());
    // On the canonical data too, with the dates of `instruments` in the view.
    let db = open(&export(&common::canonical()));
    let rows = query(&db, "SELECT id, parties FROM instrument_details WHERE parties <> '[]'");
    assert!(rows.len() >= 3, "{rows:?}");
    let with_participants = one(&db, "SELECT count(*) FROM event_details WHERE participants <> '[]'");
    assert!(with_participants.parse::<u32>().unwrap() > 0);
}

/// `data_tables` names every table and view with its description; `data_dictionary` every
/// column of every table, in order, with its description (the data package's for the
/// tables of `tables.rs`).
#[test]
fn the_data_dictionary_describes_every_table_and_column() {
    let dataset = common::fixture();
    let db = open(&export(&dataset));
    let objects = column(
        &db,
        "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'view', 'virtual') \
         AND name NOT LIKE 'sqlite_%' ORDER BY name",
    );
    let described = column(&db, "SELECT table_name FROM data_tables ORDER BY table_name");
    assert_eq!(described, objects);
    assert_eq!(one(&db, "SELECT count(*) FROM data_tables WHERE description = ''"), "0");
    for name in objects.iter().filter(|n| !["event_details", "instrument_details"].contains(&n.as_str())) {
        let columns = column(&db, &format!("SELECT name FROM pragma_table_info({}) ORDER BY cid", quote(name)));
        let listed = column(
            &db,
            &format!("SELECT column_name FROM data_dictionary WHERE table_name = '{name}' ORDER BY ordinal"),
        );
        assert_eq!(listed, columns, "{name}");
    }
    assert_eq!(one(&db, "SELECT count(*) FROM data_dictionary WHERE description = ''"), "0");
    for table in declared(&dataset) {
        let description = one(&db, &format!("SELECT description FROM data_tables WHERE table_name = '{}'", table.name));
        assert_eq!(description, table.description);
        let rows = query(
            &db,
            &format!(
                "SELECT column_name, field_type, required, description, refers_to FROM data_dictionary \
                 WHERE table_name = '{}' ORDER BY ordinal",
                table.name
            ),
        );
        for (field, row) in table.fields.iter().zip(&rows) {
            let refers =
                table.foreign_keys.iter().find(|fk| fk.fields[0] == field.name).map(|fk| fk.reference.resource);
            let expected = [
                Some(field.name.clone()),
                Some(field.kind.to_string()),
                Some(u8::from(field.constraints.required).to_string()),
                Some(field.description.clone()),
                refers.map(String::from),
            ];
            assert_eq!(row.as_slice(), expected.as_slice(), "{}.{}", table.name, field.name);
        }
    }
}

#[test]
fn the_same_data_gives_the_same_bytes_and_no_time_in_the_header() {
    let dataset = common::canonical();
    let first = export(&dataset);
    // A second apart: a time stamp anywhere would show.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = export(&dataset);
    assert!(first == second, "two exports of the same data differ");
    assert!(export(&common::fixture()) == export(&common::fixture()));
    // The header: magic, page size 4096, and the database size in pages.
    assert_eq!(&first[..16], b"SQLite format 3\0");
    assert_eq!(u16::from_be_bytes([first[16], first[17]]), 4096);
    assert_eq!(first.len() % 4096, 0);
    let pages = u32::from_be_bytes(first[28..32].try_into().unwrap());
    assert_eq!(pages as usize * 4096, first.len());
    // VACUUM leaves no free page.
    assert_eq!(one(&open(&first), "PRAGMA freelist_count"), "0");
}

#[test]
fn schema_matches_its_snapshot() {
    let db = open(&export(&common::fixture()));
    let schema: Vec<String> =
        query(&db, "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
            .into_iter()
            .map(|r| {
                format!(
                    "-- {} {}\n{};",
                    r[0].as_deref().unwrap(),
                    r[1].as_deref().unwrap(),
                    r[2].as_deref().unwrap_or("")
                )
            })
            .collect();
    insta::with_settings!({ snapshot_path => "../snapshots" }, {
        insta::assert_snapshot!("schema", schema.join("\n\n"));
    });
}

#[test]
fn export_format_sqlite_writes_anpo_sqlite_and_all_includes_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sqlite-only");
    common::anpo()
        .args(["export", "--format", "sqlite", "--out"])
        .arg(&out)
        .arg(common::root().join("data"))
        .assert()
        .success();
    let names: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["sqlite"]);
    let bytes = std::fs::read(out.join("sqlite").join(sqlite::FILE)).expect("sqlite/anpo.sqlite");
    assert!(bytes == export(&common::canonical()), "the CLI writes the exporter's bytes");

    let out = dir.path().join("all");
    common::anpo()
        .args(["export", "--format", "all", "--out"])
        .arg(&out)
        .arg(common::root().join("data"))
        .assert()
        .success();
    for (format, _) in EXPORTERS {
        assert!(out.join(format.name()).is_dir(), "--format all writes {}", format.name());
    }
    assert!(out.join("sqlite").join(sqlite::FILE).is_file());
}

/// README.md's SQL under "Query with SQLite or Datasette" runs on the canonical export, and
/// every query answers.
#[test]
fn readme_sqlite_queries_answer() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).expect("README.md");
    let section = readme.split("### Query with SQLite or Datasette").nth(1).expect("the section");
    let block = section.split("```sql\n").nth(1).and_then(|b| b.split("```").next()).expect("an sql block");
    let db = open(&export(&common::canonical()));
    let queries: Vec<&str> = block.split(';').map(str::trim).filter(|q| !q.is_empty()).collect();
    assert!(queries.len() >= 3, "{queries:?}");
    for sql in queries {
        assert!(!query(&db, sql).is_empty(), "no answer to {sql}");
    }
}

/// A release holds `sqlite/anpo.sqlite`, listed in `manifest.json` (size, SHA-256, media type
/// `application/vnd.sqlite3`) and `SHA256SUMS`, with the bytes `export` writes.
#[test]
fn a_release_lists_the_database_in_its_manifest_and_sha256sums() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("1.0.0");
    common::anpo().args(["release", "--out"]).arg(&out).arg(common::root().join("data")).assert().success();
    let bytes = std::fs::read(out.join("sqlite").join(sqlite::FILE)).expect("sqlite/anpo.sqlite");
    assert!(bytes == export(&common::canonical()), "the release holds the exporter's bytes");
    let sha256 = anpo::release::sha256_hex(&bytes);
    let manifest: Value = serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let entry = manifest["files"].as_array().unwrap().iter().find(|f| f["path"] == "sqlite/anpo.sqlite");
    let entry = entry.expect("manifest.json lists sqlite/anpo.sqlite");
    assert_eq!(entry["size"], bytes.len());
    assert_eq!(entry["sha256"], sha256.as_str());
    assert_eq!(entry["media_type"], "application/vnd.sqlite3");
    let sums = std::fs::read_to_string(out.join("SHA256SUMS")).unwrap();
    assert!(sums.lines().any(|l| l == format!("{sha256}  sqlite/anpo.sqlite")), "{sums}");
}

/// Every table and column can be named bare in a query to the SQLite anpo bundles, as
/// `no_table_or_column_is_named_with_an_sql_keyword` (src/export/tables.rs) promises from
/// SQLite's keyword list.
#[test]
fn every_table_and_column_can_be_named_unquoted() {
    let dataset = common::fixture();
    let db = open(&export(&dataset));
    let mut named = 0;
    for table in declared(&dataset) {
        for field in &table.fields {
            let sql = format!("SELECT {} FROM {} LIMIT 0", field.name, table.name);
            db.prepare(&sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
            named += 1;
        }
    }
    assert!(named > 100, "{named} columns");
}
