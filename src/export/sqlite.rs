//! SQLite export: the dataset as one database file, `anpo.sqlite`, made from the same table
//! declarations as the CSV export (`tables.rs`).
//!
//! # Format
//!
//! One SQLite 3 database (page size 4096, UTF-8) that any SQLite from 3.37 on reads (it
//! uses `STRICT` tables, and FTS5 and the JSON functions, which every common build has):
//!
//! - **The data tables**: every table of `tables.rs` (which and why is documented in
//!   `csv.rs`), with the same name, the same columns in the same order, the
//!   same rows in the same order (by primary key), so a table here and its CSV file hold the
//!   same values. Each is a `STRICT` table:
//!   - a Table Schema `integer` is `INTEGER`; `string` is `TEXT`; `date` (the first and last
//!     days of an EDTF date) is `TEXT` holding an ISO 8601 date (`1960-01-19`, which
//!     SQLite's date functions read), checked by `CHECK (col IS date(col))`;
//!   - a `number` (`figures.value`) is `TEXT` holding the number exactly as the data writes
//!     it (`1.50`, `2e3`, `-12.5`). The data keeps every number's text, and neither SQLite
//!     type that computes keeps it: `REAL` is a binary double (`0.1` is not exact, and a
//!     long figure loses digits), and `INTEGER` holds only whole numbers within 64 bits;
//!     `NUMERIC` turns `1.50` into `1.5`, and `STRICT` tables do not have it. So the exact
//!     text is stored and nothing lossy beside it: compute with `CAST(value AS REAL)` when
//!     a double is good enough, and sort by it too (the text sorts as text);
//!   - a required column is `NOT NULL`; an absent value is `NULL` (an empty CSV cell);
//!   - the schema's enumerations and an integer's bounds are `CHECK` constraints;
//!   - the primary key is the CSV's; every foreign key of the data package is a
//!     `FOREIGN KEY … REFERENCES` (references to a record of any kind go to `records`, as in
//!     the CSV), and `PRAGMA foreign_key_check` finds nothing in valid data. SQLite enforces
//!     foreign keys only with `PRAGMA foreign_keys = ON`, a setting of the reader;
//!   - every foreign key's column has an index: `{table}_by_{column}`, unless it is the
//!     first column of the primary key, whose own index serves it.
//! - **`search`**: one FTS5 table over every free-text column of every table (titles,
//!   summaries, notes, descriptions, names, claims, quotations: a string with no pattern,
//!   enumeration or format, [`Field::is_free_text`]): one row per non-empty cell, with
//!   `table_name` and `column_name` (where the text is), `record` (the row's first key
//!   column: a record table's `id`, a list's owner) and `text`. Only `text` is indexed,
//!   with the `unicode61` tokenizer, diacritics removed (`Kono` finds `Kōno`). Japanese is
//!   not split into words: a run of kana and kanji is one token. For example
//!   `SELECT record, table_name FROM search WHERE search MATCH 'consultation'`.
//! - **Views** for the common questions, each every column of its table and JSON arrays of
//!   the related records (`json_each` reads them):
//!   - `event_details`: every column of `events`, `participants` (`actor`, `name`,
//!     `role`, by actor and role) and `places` (`place`, `name`: a place's or a state's
//!     English name, by id);
//!   - `instrument_details`: every column of `instruments` (its dates among them),
//!     `parties` and `signatories` (`actor`, `name`, by id).
//! - **The data dictionary**, in two tables: `data_tables` (`table_name`, `kind`: `table`
//!   or `view`, `description`) names every table and view of the file, and
//!   `data_dictionary` (`table_name`, `ordinal`, `column_name`, `field_type`: the Table
//!   Schema type, `sql_type`, `required`, `refers_to`: the table a foreign key points to,
//!   `description`) every column of every table, with the descriptions of the data package.
//!
//! # Bytes
//!
//! The database is built in memory (no file, no temporary file: `temp_store = MEMORY`) with
//! `journal_mode = OFF` and `synchronous = OFF`, in one transaction, rows inserted in key
//! order through one prepared statement per table; then the full-text index is merged into
//! one segment (`optimize`), the file rebuilt (`VACUUM`) and serialized
//! (`sqlite3_serialize`). The same data gives the same bytes: SQLite writes no time stamp,
//! path or random value into a database file (its header holds a change counter, which
//! counts the same steps every time, and the version of the SQLite compiled in, so a new
//! version of `rusqlite` may change the bytes, as a new version of anpo may), and nothing
//! here depends on threads, the clock or the locale.
//!
//! # Errors
//!
//! Every SQLite call can fail; on valid data none does, so a failure is a bug in anpo (an
//! SQL statement the engine refuses), or the machine is out of memory. It is returned as an
//! [`ExportError`], never a panic; the commands report it as an internal error (exit 2)
//! and write nothing.

use rusqlite::serialize::Data;
use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{Connection, MAIN_DB, ToSql, params_from_iter};

use super::tables::{Cell, Field, Table, tables};
use super::{ExportError, Format, Input, OutputFile};

/// The file's name.
pub const FILE: &str = "anpo.sqlite";

/// The database's page size, set before anything is written.
pub const PAGE_SIZE: u32 = 4096;

/// The full-text table.
pub const SEARCH: &str = "search";

/// The table of tables and views, with their descriptions.
pub const DATA_TABLES: &str = "data_tables";

/// The table of every column of every table, with its description.
pub const DATA_DICTIONARY: &str = "data_dictionary";

/// The views, by name, with their descriptions and SQL. They name columns of `tables.rs`,
/// the one place this exporter does; `every_view_answers` (tests/export_sqlite.rs) runs them.
pub const VIEWS: &[(&str, &str, &str)] = &[
    (
        "event_details",
        "Every event (every column of `events`) with its participants (`participants`: a JSON array of \
         `{actor, name, role}`, by actor and role) and places (`places`: a JSON array of `{place, name}`, a \
         place's or a state's English name, by id).",
        "SELECT e.*,
  (SELECT json_group_array(json_object('actor', x.actor, 'name', x.name, 'role', x.role))
     FROM (SELECT p.actor, a.name_en AS name, p.role
             FROM event_participants AS p LEFT JOIN actors AS a ON a.id = p.actor
            WHERE p.event = e.id ORDER BY p.actor, p.role) AS x) AS participants,
  (SELECT json_group_array(json_object('place', x.place, 'name', x.name))
     FROM (SELECT p.place, coalesce(l.name_en, a.name_en) AS name
             FROM event_places AS p LEFT JOIN places AS l ON l.id = p.place LEFT JOIN actors AS a ON a.id = p.place
            WHERE p.event = e.id ORDER BY p.place) AS x) AS places
FROM events AS e",
    ),
    (
        "instrument_details",
        "Every instrument (every column of `instruments`, its dates among them) with its parties (`parties`) and \
         signatories (`signatories`), each a JSON array of `{actor, name}` by id.",
        "SELECT i.*,
  (SELECT json_group_array(json_object('actor', x.actor, 'name', x.name))
     FROM (SELECT p.actor, a.name_en AS name
             FROM instrument_parties AS p LEFT JOIN actors AS a ON a.id = p.actor
            WHERE p.instrument = i.id ORDER BY p.actor) AS x) AS parties,
  (SELECT json_group_array(json_object('actor', x.actor, 'name', x.name))
     FROM (SELECT s.actor, a.name_en AS name
             FROM instrument_signatories AS s LEFT JOIN actors AS a ON a.id = s.actor
            WHERE s.instrument = i.id ORDER BY s.actor) AS x) AS signatories
FROM instruments AS i",
    ),
];

/// Writes `anpo.sqlite`.
pub fn export(input: &Input) -> Result<Vec<OutputFile>, ExportError> {
    let tables = tables(input.dataset, input.dictionary);
    let bytes = database(tables).map_err(|Failed(message)| ExportError { format: Format::Sqlite, message })?;
    Ok(vec![OutputFile { path: FILE.to_string(), bytes }])
}

/// Why the database could not be made: what was being done, and SQLite's message.
#[derive(Debug)]
struct Failed(String);

/// Context for an SQLite error, as a closure for `map_err`.
fn doing(what: impl std::fmt::Display) -> impl FnOnce(rusqlite::Error) -> Failed {
    move |error| Failed(format!("{what}: {error}"))
}

/// A table as this file declares it: the data tables from `tables.rs`, the dictionary's
/// two tables from [`dictionary_shapes`].
struct Shape<'t> {
    name: &'t str,
    description: &'t str,
    columns: Vec<Column<'t>>,
    primary_key: Vec<&'t str>,
    /// Column, referenced table, referenced column.
    foreign_keys: Vec<(&'t str, &'t str, &'t str)>,
}

struct Column<'t> {
    name: &'t str,
    /// The Table Schema type.
    field_type: &'t str,
    sql_type: &'static str,
    required: bool,
    unique: bool,
    check: Option<String>,
    description: &'t str,
}

impl<'t> Shape<'t> {
    /// A table of `tables.rs`, typed for SQLite.
    fn of(table: &'t Table) -> Result<Shape<'t>, Failed> {
        let columns = table.fields.iter().map(column).collect::<Result<_, _>>()?;
        Ok(Shape {
            name: table.name,
            description: &table.description,
            columns,
            primary_key: table.primary_key.clone(),
            foreign_keys: table
                .foreign_keys
                .iter()
                .map(|fk| (fk.fields[0], fk.reference.resource, fk.reference.fields[0]))
                .collect(),
        })
    }

    /// `CREATE TABLE`: typed, `STRICT`, with its keys and checks.
    fn create(&self) -> String {
        let mut lines: Vec<String> = self
            .columns
            .iter()
            .map(|c| {
                let mut line = format!("{} {}", quote(c.name), c.sql_type);
                if c.required {
                    line.push_str(" NOT NULL");
                }
                if c.unique && self.primary_key != [c.name] {
                    line.push_str(" UNIQUE");
                }
                if let Some(check) = &c.check {
                    line.push_str(&format!(" CHECK ({check})"));
                }
                line
            })
            .collect();
        lines.push(format!("PRIMARY KEY ({})", names(&self.primary_key)));
        for (column, table, target) in &self.foreign_keys {
            lines.push(format!("FOREIGN KEY ({}) REFERENCES {} ({})", quote(column), quote(table), quote(target)));
        }
        format!("CREATE TABLE {} (\n  {}\n) STRICT", quote(self.name), lines.join(",\n  "))
    }

    /// An index on every foreign key's column but the primary key's first, which the
    /// primary key's own index serves.
    fn indexes(&self) -> Vec<String> {
        let mut columns: Vec<&str> = Vec::new();
        for (column, _, _) in &self.foreign_keys {
            if !columns.contains(column) && self.primary_key.first() != Some(column) {
                columns.push(column);
            }
        }
        columns
            .into_iter()
            .map(|column| {
                let index = format!("{}_by_{column}", self.name);
                format!("CREATE INDEX {} ON {} ({})", quote(&index), quote(self.name), quote(column))
            })
            .collect()
    }

    /// `INSERT INTO` with a parameter per column.
    fn insert(&self) -> String {
        let parameters = vec!["?"; self.columns.len()].join(", ");
        format!("INSERT INTO {} VALUES ({parameters})", quote(self.name))
    }
}

/// A column of `tables.rs`, typed for SQLite (see the module documentation).
fn column(field: &Field) -> Result<Column<'_>, Failed> {
    let name = quote(&field.name);
    let mut checks = Vec::new();
    let sql_type = match field.kind {
        "integer" => "INTEGER",
        "string" | "number" => "TEXT",
        "date" => {
            checks.push(format!("{name} IS date({name})"));
            "TEXT"
        }
        other => return Err(Failed(format!("column {} has the unknown type {other:?}", field.name))),
    };
    if !field.constraints.values.is_empty() {
        let values: Vec<String> = field.constraints.values.iter().map(|v| literal(v)).collect();
        checks.push(format!("{name} IN ({})", values.join(", ")));
    }
    if let Some(minimum) = field.constraints.minimum {
        checks.push(format!("{name} >= {minimum}"));
    }
    if let Some(maximum) = field.constraints.maximum {
        checks.push(format!("{name} <= {maximum}"));
    }
    Ok(Column {
        name: &field.name,
        field_type: field.kind,
        sql_type,
        required: field.constraints.required,
        unique: field.constraints.unique,
        check: (!checks.is_empty()).then(|| checks.join(" AND ")),
        description: &field.description,
    })
}

/// `data_tables` and `data_dictionary`, declared here: they describe the file, not the data.
fn dictionary_shapes() -> [Shape<'static>; 2] {
    let text = |name, description| Column {
        name,
        field_type: "string",
        sql_type: "TEXT",
        required: true,
        unique: false,
        check: None,
        description,
    };
    let tables = Shape {
        name: DATA_TABLES,
        description: "Every table and view of this file, with what it holds.",
        columns: vec![
            text("table_name", "Name of the table or view."),
            Column {
                check: Some("\"kind\" IN ('table', 'view')".to_string()),
                ..text("kind", "`table` (the full-text table `search` among them) or `view`.")
            },
            text("description", "What the table or view holds."),
        ],
        primary_key: vec!["table_name"],
        foreign_keys: vec![],
    };
    let dictionary = Shape {
        name: DATA_DICTIONARY,
        description: "Every column of every table of this file, with its type and description (the data \
                      package's, for the tables the CSV export has too).",
        columns: vec![
            text("table_name", "Name of the table."),
            Column {
                field_type: "integer",
                sql_type: "INTEGER",
                check: Some("\"ordinal\" >= 1".to_string()),
                ..text("ordinal", "Place of the column in its table, counted from 1.")
            },
            text("column_name", "Name of the column."),
            Column {
                check: Some("\"field_type\" IN ('string', 'integer', 'number', 'date')".to_string()),
                ..text(
                    "field_type",
                    "Table Schema type of the column, as in the data package: `string`, `integer`, `number` \
                     (here the exact text of the number) or `date` (an ISO 8601 date).",
                )
            },
            Column {
                required: false,
                ..text("sql_type", "Declared SQLite type of the column; none for the columns of the full-text table.")
            },
            Column {
                field_type: "integer",
                sql_type: "INTEGER",
                check: Some("\"required\" IN (0, 1)".to_string()),
                ..text("required", "1 when the column holds a value in every row, else 0.")
            },
            Column {
                required: false,
                ..text("refers_to", "Table whose key the column refers to (a foreign key), if any.")
            },
            text("description", "What the column holds."),
        ],
        primary_key: vec!["table_name", "ordinal"],
        foreign_keys: vec![("table_name", DATA_TABLES, "table_name")],
    };
    [tables, dictionary]
}

/// The full-text table: only `text` is indexed.
const SEARCH_TABLE: &str = "CREATE VIRTUAL TABLE \"search\" USING fts5(\"table_name\" UNINDEXED, \"column_name\" UNINDEXED, \
     \"record\" UNINDEXED, \"text\", tokenize = 'unicode61 remove_diacritics 2')";

/// The columns of `search`, described in `data_dictionary`.
const SEARCH_COLUMNS: [(&str, &str); 4] = [
    ("table_name", "Table that holds the text."),
    ("column_name", "Column that holds the text."),
    ("record", "Id of the record the text belongs to: the row's first key column (a record's `id`, a list's owner)."),
    ("text", "The text, indexed for full-text search (FTS5, unicode61 tokenizer, diacritics removed)."),
];

const SEARCH_DESCRIPTION: &str = "Full-text index (FTS5) over every free-text column of every table (titles, \
     summaries, notes, descriptions, names, claims, quotations): one row per non-empty cell. Query it with \
     `WHERE search MATCH '…'`; only `text` is indexed.";

/// The database's bytes. The tables' cells are freed once the rows are in, and the database
/// once SQLite has serialized it, before the copy into the returned vector (whose bytes
/// must be Rust's): the serialization and the vector are the two copies held at the end.
/// Whether the freed pages shrink the process is the C allocator's choice (measured: the
/// whole `export --format sqlite` of 100 000 generated records peaks at 770 MB for a file
/// of 165 MB, 2.9 s of CPU).
fn database(tables: Vec<Table>) -> Result<Vec<u8>, Failed> {
    let mut connection = build(&tables)?;
    drop(tables);
    connection.execute_batch("VACUUM").map_err(doing("rebuilding the file (VACUUM)"))?;
    let serialized = match connection.serialize(MAIN_DB).map_err(doing("serializing the database"))? {
        Data::Owned(owned) => owned,
        // A database that is its own serialization (not the case in memory): one copy.
        Data::Shared(shared) => return Ok(shared.to_vec()),
    };
    drop(connection);
    Ok(serialized.to_vec())
}

/// The database, filled and committed: the data tables and their rows, their indexes, the
/// dictionary, the full-text table and the views.
fn build(tables: &[Table]) -> Result<Connection, Failed> {
    let mut connection = Connection::open_in_memory().map_err(doing("opening an in-memory database"))?;
    connection
        .execute_batch(&format!(
            "PRAGMA page_size = {PAGE_SIZE}; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; \
             PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = OFF;"
        ))
        .map_err(doing("setting up the database"))?;
    let shapes: Vec<Shape> = tables.iter().map(Shape::of).collect::<Result<_, _>>()?;
    let [tables_shape, dictionary_shape] = dictionary_shapes();

    let transaction = connection.transaction().map_err(doing("beginning the transaction"))?;
    let db = &transaction;
    // The data tables, each filled in key order (the order of its rows).
    for (shape, table) in shapes.iter().zip(tables) {
        db.execute_batch(&shape.create()).map_err(doing(format_args!("creating table {}", shape.name)))?;
        let mut insert = db.prepare(&shape.insert()).map_err(doing(format_args!("preparing {}", shape.name)))?;
        for row in table.rows() {
            insert
                .execute(params_from_iter(row.iter().map(Sql)))
                .map_err(doing(format_args!("inserting into {}", shape.name)))?;
        }
    }

    // Indexes once the rows are in.
    for shape in &shapes {
        for index in shape.indexes() {
            db.execute_batch(&index).map_err(doing(format_args!("indexing {}", shape.name)))?;
        }
    }

    // The dictionary.
    for shape in [&tables_shape, &dictionary_shape] {
        db.execute_batch(&shape.create()).map_err(doing(format_args!("creating table {}", shape.name)))?;
    }
    let mut described: Vec<(&str, &str, &str)> = shapes
        .iter()
        .chain([&tables_shape, &dictionary_shape])
        .map(|s| (s.name, "table", s.description))
        .chain([(SEARCH, "table", SEARCH_DESCRIPTION)])
        .chain(VIEWS.iter().map(|(name, description, _)| (*name, "view", *description)))
        .collect();
    described.sort();
    let mut insert = db.prepare(&tables_shape.insert()).map_err(doing("preparing data_tables"))?;
    for (name, kind, description) in described {
        insert.execute((name, kind, description)).map_err(doing("inserting into data_tables"))?;
    }
    drop(insert);
    let mut columns: Vec<Described> = Vec::new();
    for shape in shapes.iter().chain([&tables_shape, &dictionary_shape]) {
        for (ordinal, c) in (1..).zip(&shape.columns) {
            let refers_to = shape.foreign_keys.iter().find(|(column, _, _)| *column == c.name).map(|(_, t, _)| *t);
            let sql_type = Some(c.sql_type);
            columns.push(Described {
                table: shape.name,
                ordinal,
                column: c.name,
                field_type: c.field_type,
                sql_type,
                required: c.required,
                refers_to,
                description: c.description,
            });
        }
    }
    for (ordinal, (column, description)) in (1..).zip(SEARCH_COLUMNS) {
        let (field_type, sql_type, required, refers_to) = ("string", None, true, None);
        columns.push(Described {
            table: SEARCH,
            ordinal,
            column,
            field_type,
            sql_type,
            required,
            refers_to,
            description,
        });
    }
    columns.sort_by(|a, b| (a.table, a.ordinal).cmp(&(b.table, b.ordinal)));
    let mut insert = db.prepare(&dictionary_shape.insert()).map_err(doing("preparing data_dictionary"))?;
    for c in columns {
        let row = (c.table, c.ordinal, c.column, c.field_type, c.sql_type, c.required, c.refers_to, c.description);
        insert.execute(row).map_err(doing("inserting into data_dictionary"))?;
    }
    drop(insert);

    // The full-text index: every free-text cell, table by table, row by row.
    db.execute_batch(SEARCH_TABLE).map_err(doing("creating the full-text table"))?;
    let mut insert = db
        .prepare(&format!("INSERT INTO {} VALUES (?, ?, ?, ?)", quote(SEARCH)))
        .map_err(doing("preparing the full-text table"))?;
    for table in tables {
        let free: Vec<(usize, &str)> =
            table.fields.iter().enumerate().filter(|(_, f)| f.is_free_text()).map(|(i, f)| (i, &*f.name)).collect();
        if free.is_empty() {
            continue;
        }
        for row in table.rows() {
            let record = row.first().map(Cell::text).unwrap_or_default();
            for &(position, column) in &free {
                match &row[position] {
                    Cell::Null => {}
                    cell => {
                        insert
                            .execute((table.name, column, &*record, &*cell.text()))
                            .map_err(doing("filling the full-text table"))?;
                    }
                }
            }
        }
    }
    drop(insert);
    db.execute_batch(&format!("INSERT INTO {0}({0}) VALUES ('optimize')", quote(SEARCH)))
        .map_err(doing("merging the full-text index"))?;

    for (name, _, select) in VIEWS {
        db.execute_batch(&format!("CREATE VIEW {} AS {select}", quote(name)))
            .map_err(doing(format_args!("creating view {name}")))?;
    }
    transaction.commit().map_err(doing("committing"))?;
    Ok(connection)
}

/// A row of `data_dictionary`.
struct Described<'t> {
    table: &'t str,
    ordinal: u32,
    column: &'t str,
    field_type: &'t str,
    sql_type: Option<&'t str>,
    required: bool,
    refers_to: Option<&'t str>,
    description: &'t str,
}

/// A cell bound to a parameter: text as `TEXT`, whole numbers as `INTEGER`, a number as its
/// exact text, absent as `NULL`.
struct Sql<'c, 'a>(&'c Cell<'a>);

impl ToSql for Sql<'_, '_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self.0 {
            Cell::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Cell::Text(text) => ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes())),
            Cell::Owned(text) | Cell::Number(text) => ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes())),
            Cell::Integer(n) => ToSqlOutput::Owned(Value::Integer(
                i64::try_from(*n).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?,
            )),
        })
    }
}

/// An identifier, quoted.
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Identifiers, quoted, separated by commas.
fn names(columns: &[&str]) -> String {
    columns.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ")
}

/// A string literal.
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tables::Constraints;

    #[test]
    fn a_column_of_an_unknown_type_is_an_error_not_a_panic() {
        let field = Field {
            name: "x".to_string(),
            kind: "money",
            format: None,
            description: "A column of a type this exporter does not know.".to_string(),
            constraints: Constraints::default(),
        };
        let Err(Failed(message)) = column(&field) else { panic!("an unknown type is refused") };
        assert!(message.contains("money"), "{message}");
    }

    #[test]
    fn a_whole_number_past_64_bits_is_an_error_not_a_panic() {
        assert!(Sql(&Cell::Integer(u64::MAX)).to_sql().is_err());
        let stored = Sql(&Cell::Integer(u64::from(u32::MAX))).to_sql().map(|s| format!("{s:?}"));
        assert!(stored.is_ok_and(|s| s.contains("4294967295")));
    }

    #[test]
    fn identifiers_and_literals_are_quoted() {
        assert_eq!(quote("end"), "\"end\"");
        assert_eq!(quote("a\"b"), "\"a\"\"b\"");
        assert_eq!(literal("it's"), "'it''s'");
    }
}
