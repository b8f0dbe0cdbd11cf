//! The dataset as flat tables, each declared once: its name, description, columns (name,
//! Table Schema type, description, constraints, and how each cell is read from the
//! record), primary key and foreign keys.
//!
//! A table is declared by one chain of [`Declare`] calls, column by column, so a column
//! cannot be in the data and missing from the description or the other way round. The
//! result, [`Table`], holds the typed cells of every row, sorted by the columns in order
//! (so a record table by `id`, a link table by its key), and the column descriptions as
//! Table Schema fields. The CSV exporter (`csv.rs`) renders tables as CSV files and a
//! Frictionless Data Package; any other tabular format reads the same tables. Which
//! tables there are, and why, is documented in `csv.rs`.

use serde::Serialize;
use serde_json::Value;
use std::cmp::Ordering;

use crate::edtf::Edtf;
use crate::model::{Alias, Dataset, RecordKind};
use crate::schema::Dictionary;

/// The endings of the three columns of a date field, after the field's name: its EDTF text,
/// the first day and the last day it can denote (`date_edtf`, `date_first_day`,
/// `date_last_day`; `signed_date_edtf` for the `date` of `signed`). No name is left bare,
/// so none is an SQL keyword (`end`) or reads as a day when it holds EDTF.
pub const DATE_SUFFIXES: [&str; 3] = ["_edtf", "_first_day", "_last_day"];

/// One typed cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell<'a> {
    /// Absent: an empty cell.
    Null,
    /// Text from the data.
    Text(&'a str),
    /// Text made by the export (a first or last day).
    Owned(String),
    /// A whole number.
    Integer(u64),
    /// A number exactly as the data writes it (JSON number syntax).
    Number(String),
}

impl Cell<'_> {
    /// The cell as text, as it is written in a text format: empty when absent.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Cell::Null => "".into(),
            Cell::Text(text) => (*text).into(),
            Cell::Owned(text) | Cell::Number(text) => text.as_str().into(),
            Cell::Integer(n) => n.to_string().into(),
        }
    }
}

/// Rows sort column by column: an absent cell first, whole numbers by value, the rest by
/// their text's bytes (a column holds one kind of cell).
impl Ord for Cell<'_> {
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Cell::Text(a), Cell::Text(b)) => a.as_bytes().cmp(b.as_bytes()),
            (Cell::Integer(a), Cell::Integer(b)) => a.cmp(b),
            _ => self.cmp_other(other),
        }
    }
}

impl Cell<'_> {
    /// [`Ord::cmp`] for the cells that are not both text from the data or both numbers.
    #[cold]
    fn cmp_other(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Cell::Null, Cell::Null) => Ordering::Equal,
            (Cell::Null, _) => Ordering::Less,
            (_, Cell::Null) => Ordering::Greater,
            (a, b) => a.text().cmp(&b.text()),
        }
    }
}

impl PartialOrd for Cell<'_> {
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(text: &'a str) -> Self {
        Cell::Text(text)
    }
}

impl<'a> From<&'a String> for Cell<'a> {
    fn from(text: &'a String) -> Self {
        Cell::Text(text)
    }
}

impl<'a> From<Option<&'a str>> for Cell<'a> {
    fn from(text: Option<&'a str>) -> Self {
        text.map_or(Cell::Null, Cell::Text)
    }
}

impl<'a> From<&'a Option<String>> for Cell<'a> {
    fn from(text: &'a Option<String>) -> Self {
        text.as_deref().into()
    }
}

impl From<Option<String>> for Cell<'_> {
    fn from(text: Option<String>) -> Self {
        text.map_or(Cell::Null, Cell::Owned)
    }
}

impl From<Option<u32>> for Cell<'_> {
    fn from(n: Option<u32>) -> Self {
        n.map_or(Cell::Null, |n| Cell::Integer(n.into()))
    }
}

/// A table: its description, and its rows as typed cells in column order, sorted.
pub struct Table<'a> {
    pub name: &'static str,
    pub description: String,
    pub fields: Vec<Field>,
    pub primary_key: Vec<&'static str>,
    pub foreign_keys: Vec<ForeignKey>,
    rows: Vec<Vec<Cell<'a>>>,
}

impl<'a> Table<'a> {
    /// The rows, sorted, each a slice of cells in column order.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = &[Cell<'a>]> + '_ {
        self.rows.iter().map(Vec::as_slice)
    }
}

/// How the cells of one or more adjacent columns are read from an item of a table's rows
/// (a date's three columns are read together, so that the date is parsed once).
type Read<'a, R> = Box<dyn Fn(&R, &mut Vec<Cell<'a>>) + 'a>;

/// A table being declared, column by column, over items of type `R` (a record, or a record
/// with an item of one of its lists).
pub struct Declare<'a, R> {
    name: &'static str,
    description: String,
    fields: Vec<Field>,
    reads: Vec<Read<'a, R>>,
    primary_key: Vec<&'static str>,
    foreign_keys: Vec<ForeignKey>,
}

impl<'a, R> Declare<'a, R> {
    fn new(name: &'static str, description: Option<&str>) -> Self {
        Declare {
            name,
            description: description.unwrap_or_default().to_string(),
            fields: Vec::new(),
            reads: Vec::new(),
            primary_key: Vec::new(),
            foreign_keys: Vec::new(),
        }
    }

    /// A column and how its cell is read.
    fn column(mut self, field: Field, read: impl Fn(&R) -> Cell<'a> + 'a) -> Self {
        self.fields.push(field);
        self.reads.push(Box::new(move |item, row| row.push(read(item))));
        self
    }

    /// An EDTF date: three columns named after the field, [`DATE_SUFFIXES`]: its EDTF text
    /// (`name_edtf`, type `string`), and the first and last day it can denote
    /// (`name_first_day`, `name_last_day`, type `date`; empty for an open or unknown end).
    fn date(
        self,
        name: &str,
        description: Option<impl Into<String>>,
        required: bool,
        read: impl Fn(&R) -> Option<&'a str> + 'a,
    ) -> Self {
        let [edtf_suffix, first_suffix, last_suffix] = DATE_SUFFIXES;
        let text = format!("{name}{edtf_suffix}");
        let mut edtf = string(text.clone(), description).pattern(schema_pattern("edtf"));
        edtf.constraints.required = required;
        let first = Field::new(
            format!("{name}{first_suffix}"),
            "date",
            Some(format!("First day that `{text}` can denote; empty where it is absent or open at the start.")),
        );
        let last = Field::new(
            format!("{name}{last_suffix}"),
            "date",
            Some(format!("Last day that `{text}` can denote; empty where it is absent or open at the end.")),
        );
        let mut declared = self;
        declared.fields.extend([edtf, first, last]);
        declared.reads.push(Box::new(move |item, row| {
            let text = read(item);
            let value = text.and_then(|d| Edtf::parse(d).ok());
            row.push(text.into());
            row.push(value.as_ref().and_then(Edtf::earliest).into());
            row.push(value.as_ref().and_then(Edtf::latest).into());
        }));
        declared
    }

    /// `<field>_en` (required), `<field>_ja`, `<field>_ja_latn`: a name in its languages.
    fn names(self, d: &Dictionary, def: &str, field: &str, read: impl Fn(&R) -> &'a crate::model::Names + 'a) -> Self {
        let name = d.field(def, field);
        let lang = |lang: &str| join(name, d.field(def, &format!("{field}/{lang}")));
        let read = std::rc::Rc::new(read);
        let (en, ja, latn) = (read.clone(), read.clone(), read);
        self.column(string(format!("{field}_en"), lang("en")).required(), move |r| (&en(r).en).into())
            .column(string(format!("{field}_ja"), lang("ja")), move |r| (&ja(r).ja).into())
            .column(string(format!("{field}_ja_latn"), lang("ja-Latn")), move |r| (&latn(r).ja_latn).into())
    }

    /// The primary key.
    fn key(mut self, columns: &[&'static str]) -> Self {
        self.primary_key = columns.to_vec();
        self
    }

    /// A foreign key from `column` to the `id` of `resource`.
    fn refers(mut self, column: &'static str, resource: &'static str) -> Self {
        self.foreign_keys.push(ForeignKey { fields: [column], reference: Reference { resource, fields: ["id"] } });
        self
    }

    /// The table with its rows, one per item, sorted.
    fn rows(self, items: impl IntoIterator<Item = R>) -> Table<'a> {
        let width = self.fields.len();
        let mut rows: Vec<Vec<Cell<'a>>> = items
            .into_iter()
            .map(|item| {
                let mut row = Vec::with_capacity(width);
                for read in &self.reads {
                    read(&item, &mut row);
                }
                row
            })
            .collect();
        // By the primary key, which is unique and made of the leading columns (a test holds
        // that), so this is the order of whole rows. A stable sort finds the runs already
        // in order: canonical data lists each file's records by id.
        match self.primary_key.len() {
            1 => rows.sort_by(|a, b| a[0].cmp(&b[0])),
            key => rows.sort_by(|a, b| a[..key].cmp(&b[..key])),
        }
        Table {
            name: self.name,
            description: self.description,
            fields: self.fields,
            primary_key: self.primary_key,
            foreign_keys: self.foreign_keys,
            rows,
        }
    }
}

/// An item of a list with its owner and its place in the list, counted from 1.
type Item<'a, T> = (&'a str, u64, &'a T);

/// The items of a list field of every record, with their owner and ordinal.
fn items<'a, X: 'a, T: 'a>(
    records: &'a [X],
    id: impl Fn(&'a X) -> &'a str + 'a,
    list: impl Fn(&'a X) -> &'a [T] + 'a,
) -> impl Iterator<Item = Item<'a, T>> + 'a {
    records.iter().flat_map(move |r| {
        let owner = id(r);
        list(r).iter().zip(1..).map(move |(item, ordinal)| (owner, ordinal, item))
    })
}

/// A link table of a list of ids: (owner, id) pairs, keyed by both, each column a foreign
/// key.
fn pairs<'a>(
    name: &'static str,
    description: Option<&str>,
    (owner, owner_description, owner_table): (&'static str, Option<&str>, &'static str),
    (target, target_description, target_table): (&'static str, Option<&str>, Option<&'static str>),
    items: impl Iterator<Item = Item<'a, String>>,
) -> Table<'a> {
    let declared = Declare::new(name, description)
        .column(ref_field(owner, owner_description), |(owner, _, _): &Item<'a, String>| (*owner).into())
        .column(
            match target_table {
                Some(_) => ref_field(target, target_description),
                // A free slug (a topic), not a reference.
                None => string(target, target_description).required().id(),
            },
            |(_, _, id)| (*id).into(),
        )
        .key(&[owner, target])
        .refers(owner, owner_table);
    let declared = match target_table {
        Some(table) => declared.refers(target, table),
        None => declared,
    };
    declared.rows(items)
}

/// The tables in package order: metadata, record tables in collection order each followed
/// by its link tables, then the tables shared by several kinds.
pub fn tables<'a>(dataset: &'a Dataset, d: &Dictionary) -> Vec<Table<'a>> {
    let mut out = Vec::with_capacity(32);
    let field = |def: &str, path: &str| d.field(def, path);

    // `dataset` and `dataset_keywords`: the metadata, one row or none.
    let meta = dataset.dataset.as_ref();
    out.push(
        Declare::new("dataset", d.definition("dataset"))
            .column(id_field(d, "dataset"), |m: &&crate::model::DatasetMeta| (&m.id).into())
            .column(string("title", field("dataset", "title")).required(), |m| (&m.title).into())
            .column(string("description", field("dataset", "description")).required(), |m| (&m.description).into())
            .column(string("version", field("dataset", "version")).required(), |m| (&m.version).into())
            .column(string("license", field("dataset", "license")).required(), |m| (&m.license).into())
            .column(string("license_url", field("dataset", "license_url")).required().uri(), |m| {
                (&m.license_url).into()
            })
            .column(string("publisher", field("dataset", "publisher")).required(), |m| (&m.publisher).into())
            .date("modified", field("dataset", "modified"), true, |m| Some(m.modified.as_str()))
            .key(&["id"])
            .rows(meta),
    );
    out.push(
        Declare::new("dataset_keywords", field("dataset", "keywords"))
            .column(ref_field("dataset", field("dataset", "id")), |(id, _): &(&'a str, &'a String)| (*id).into())
            .column(string("keyword", field("dataset", "keywords")).required(), |(_, keyword)| (*keyword).into())
            .key(&["dataset", "keyword"])
            .refers("dataset", "dataset")
            .rows(meta.iter().flat_map(|m| m.keywords.iter().map(|k| (m.id.as_str(), k)))),
    );

    // `records`: every id with its kind.
    out.push(
        Declare::new(
            "records",
            Some(
                "Every record of the dataset with its kind: the target of references that may point at records of \
                 several kinds.",
            ),
        )
        .column(string("id", d.definition("id")).required().unique().id(), |(_, id): &(RecordKind, &'a str)| {
            (*id).into()
        })
        .column(
            string("kind", Some("The kind of the record, which names its table (`instrument`: `instruments`)."))
                .required()
                .one_of(crate::model::COLLECTIONS.iter().map(|k| k.name().to_string()).collect()),
            |(kind, _)| kind.name().into(),
        )
        .key(&["id"])
        .rows(dataset.records().map(|(kind, _, id)| (kind, id))),
    );

    // `instruments` and its link tables.
    let signed = field("instrument", "signed");
    out.push(
        Declare::new("instruments", d.definition("instrument"))
            .column(id_field(d, "instrument"), |r: &&crate::model::Instrument| (&r.id).into())
            .column(enum_field(d, "instrument", "kind"), |r| r.kind.as_str().into())
            .names(d, "instrument", "title", |r| &r.title)
            .column(string("short_name", field("instrument", "short_name")).required(), |r| (&r.short_name).into())
            .date("signed_date", join(signed, field("instrument", "signed/date")), false, |r| {
                r.signed.as_ref().map(|s| s.date.as_str())
            })
            .column(string("signed_place", join(signed, field("instrument", "signed/place"))).id(), |r| {
                r.signed.as_ref().and_then(|s| s.place.as_deref()).into()
            })
            .date("entry_into_force", field("instrument", "entry_into_force"), false, |r| r.entry_into_force.as_deref())
            .column(integer("article_count", "instrument", d), |r| r.article_count.into())
            .column(string("term", field("instrument", "term")), |r| (&r.term).into())
            .column(string("termination", field("instrument", "termination")), |r| (&r.termination).into())
            .column(string("summary", field("instrument", "summary")).required(), |r| (&r.summary).into())
            .column(string("notes", field("instrument", "notes")), |r| (&r.notes).into())
            .key(&["id"])
            // A place or a state (a country is one record, an actor of kind `state`): `records`.
            .refers("signed_place", "records")
            .rows(&dataset.instruments),
    );
    out.push(aliases(
        "instrument_aliases",
        d,
        ("instrument", "instruments"),
        items(&dataset.instruments, |r| &r.id, |r| &r.aliases),
    ));
    out.push(pairs(
        "instrument_parties",
        field("instrument", "parties"),
        ("instrument", field("instrument", "id"), "instruments"),
        ("actor", field("instrument", "parties"), Some("actors")),
        items(&dataset.instruments, |r| &r.id, |r| &r.parties),
    ));
    out.push(pairs(
        "instrument_signatories",
        field("instrument", "signed/signatories"),
        ("instrument", field("instrument", "id"), "instruments"),
        ("actor", field("instrument", "signed/signatories"), Some("actors")),
        items(&dataset.instruments, |r| &r.id, |r| r.signed.as_ref().map_or(&[][..], |s| &s.signatories)),
    ));
    out.push(
        Declare::new("instrument_relations", field("instrument", "relations"))
            .column(
                ref_field("instrument", field("instrument", "id")),
                |(owner, _, _): &Item<'a, crate::model::Relation>| (*owner).into(),
            )
            .column(ordinal_field(), |(_, ordinal, _)| Cell::Integer(*ordinal))
            .column(enum_field(d, "instrument", "relations/kind"), |(_, _, rel)| rel.kind.as_str().into())
            .column(ref_field("target", field("instrument", "relations/target")), |(_, _, rel)| (&rel.target).into())
            .column(string("article", field("instrument", "relations/article")).id(), |(_, _, rel)| {
                (&rel.article).into()
            })
            .key(&["instrument", "ordinal"])
            .refers("instrument", "instruments")
            .refers("target", "instruments")
            .refers("article", "articles")
            .rows(items(&dataset.instruments, |r| &r.id, |r| &r.relations)),
    );
    out.push(pairs(
        "instrument_concerns",
        field("instrument", "concerns"),
        ("instrument", field("instrument", "id"), "instruments"),
        ("record", field("instrument", "concerns"), Some("records")),
        items(&dataset.instruments, |r| &r.id, |r| &r.concerns),
    ));

    // `articles` and its link tables.
    out.push(
        Declare::new("articles", d.definition("article"))
            .column(id_field(d, "article"), |r: &&crate::model::Article| (&r.id).into())
            .column(ref_field("instrument", field("article", "instrument")), |r| (&r.instrument).into())
            .column(integer("number", "article", d), |r| r.number.into())
            .column(string("heading", field("article", "heading")).required(), |r| (&r.heading).into())
            .column(string("summary", field("article", "summary")).required(), |r| (&r.summary).into())
            .column(string("notes", field("article", "notes")), |r| (&r.notes).into())
            .key(&["id"])
            .refers("instrument", "instruments")
            .rows(&dataset.articles),
    );
    out.push(pairs(
        "article_topics",
        field("article", "topics"),
        ("article", field("article", "id"), "articles"),
        ("topic", field("article", "topics"), None),
        items(&dataset.articles, |r| &r.id, |r| &r.topics),
    ));
    out.push(pairs(
        "article_concerns",
        field("article", "concerns"),
        ("article", field("article", "id"), "articles"),
        ("record", field("article", "concerns"), Some("records")),
        items(&dataset.articles, |r| &r.id, |r| &r.concerns),
    ));

    // `events` and its link tables.
    out.push(
        Declare::new("events", d.definition("event"))
            .column(id_field(d, "event"), |r: &&crate::model::Event| (&r.id).into())
            .column(enum_field(d, "event", "kind"), |r| r.kind.as_str().into())
            .date("date", field("event", "date"), true, |r| Some(r.date.as_str()))
            .column(string("date_phrase", field("event", "date_phrase")), |r| (&r.date_phrase).into())
            .column(string("title", field("event", "title")).required(), |r| (&r.title).into())
            .column(string("summary", field("event", "summary")).required(), |r| (&r.summary).into())
            .column(string("notes", field("event", "notes")), |r| (&r.notes).into())
            .key(&["id"])
            .rows(&dataset.events),
    );
    out.push(
        Declare::new("event_participants", field("event", "participants"))
            .column(ref_field("event", field("event", "id")), |(owner, _, _): &Item<'a, crate::model::Participant>| {
                (*owner).into()
            })
            .column(ref_field("actor", field("event", "participants/actor")), |(_, _, p)| (&p.actor).into())
            .column(string("role", field("event", "participants/role")).required(), |(_, _, p)| (&p.role).into())
            .key(&["event", "actor", "role"])
            .refers("event", "events")
            .refers("actor", "actors")
            .rows(items(&dataset.events, |r| &r.id, |r| &r.participants)),
    );
    out.push(pairs(
        "event_places",
        field("event", "places"),
        ("event", field("event", "id"), "events"),
        // A place or a state: the key is into `records`, which holds both.
        ("place", field("event", "places"), Some("records")),
        items(&dataset.events, |r| &r.id, |r| &r.places),
    ));
    out.push(pairs(
        "event_instruments",
        field("event", "instruments"),
        ("event", field("event", "id"), "events"),
        ("instrument", field("event", "instruments"), Some("instruments")),
        items(&dataset.events, |r| &r.id, |r| &r.instruments),
    ));
    out.push(pairs(
        "event_concerns",
        field("event", "concerns"),
        ("event", field("event", "id"), "events"),
        ("record", field("event", "concerns"), Some("records")),
        items(&dataset.events, |r| &r.id, |r| &r.concerns),
    ));

    // `actors` and its link tables.
    out.push(
        Declare::new("actors", d.definition("actor"))
            .column(id_field(d, "actor"), |r: &&crate::model::Actor| (&r.id).into())
            .column(enum_field(d, "actor", "kind"), |r| r.kind.as_str().into())
            .names(d, "actor", "name", |r| &r.name)
            .column(string("description", field("actor", "description")), |r| (&r.description).into())
            .column(string("part_of", field("actor", "part_of")).id(), |r| (&r.part_of).into())
            .column(string("notes", field("actor", "notes")), |r| (&r.notes).into())
            .key(&["id"])
            .refers("part_of", "actors")
            .rows(&dataset.actors),
    );
    out.push(aliases("actor_aliases", d, ("actor", "actors"), items(&dataset.actors, |r| &r.id, |r| &r.aliases)));
    out.push(
        Declare::new("actor_roles", field("actor", "roles"))
            .column(ref_field("actor", field("actor", "id")), |(owner, _, _): &Item<'a, crate::model::Role>| {
                (*owner).into()
            })
            .column(ordinal_field(), |(_, ordinal, _)| Cell::Integer(*ordinal))
            .column(string("title", field("actor", "roles/title")).required(), |(_, _, role)| (&role.title).into())
            .column(string("organization", field("actor", "roles/organization")).id(), |(_, _, role)| {
                (&role.organization).into()
            })
            .date("start", field("actor", "roles/start"), false, |(_, _, role)| role.start.as_deref())
            .date("end", field("actor", "roles/end"), false, |(_, _, role)| role.end.as_deref())
            .key(&["actor", "ordinal"])
            .refers("actor", "actors")
            .refers("organization", "actors")
            .rows(items(&dataset.actors, |r| &r.id, |r| &r.roles)),
    );

    // `places`.
    out.push(
        Declare::new("places", d.definition("place"))
            .column(id_field(d, "place"), |r: &&crate::model::Place| (&r.id).into())
            .column(enum_field(d, "place", "kind"), |r| r.kind.as_str().into())
            .names(d, "place", "name", |r| &r.name)
            .column(string("within", field("place", "within")).id(), |r| (&r.within).into())
            .column(string("description", field("place", "description")), |r| (&r.description).into())
            .column(string("notes", field("place", "notes")), |r| (&r.notes).into())
            .key(&["id"])
            // A place or a state: the key is into `records`, which holds both.
            .refers("within", "records")
            .rows(&dataset.places),
    );

    // `figures` and its link tables.
    out.push(
        Declare::new("figures", d.definition("figure"))
            .column(id_field(d, "figure"), |r: &&crate::model::Figure| (&r.id).into())
            // The number exactly as in the data (JSON number syntax is Table Schema
            // `number` syntax).
            .column(Field::new("value", "number", field("figure", "value")).required(), |r| {
                Cell::Number(r.value.to_string())
            })
            .column(enum_field(d, "figure", "unit"), |r| r.unit.as_str().into())
            .column(enum_field(d, "figure", "qualifier"), |r| r.qualifier.as_str().into())
            .column(string("measure", field("figure", "measure")).required(), |r| (&r.measure).into())
            .date("date", field("figure", "date"), false, |r| r.date.as_deref())
            .column(string("notes", field("figure", "notes")), |r| (&r.notes).into())
            .key(&["id"])
            .rows(&dataset.figures),
    );
    out.push(pairs(
        "figure_about",
        field("figure", "about"),
        ("figure", field("figure", "id"), "figures"),
        ("record", field("figure", "about"), Some("records")),
        items(&dataset.figures, |r| &r.id, |r| &r.about),
    ));

    // `positions` and its link tables.
    out.push(
        Declare::new("positions", d.definition("position"))
            .column(id_field(d, "position"), |r: &&crate::model::Position| (&r.id).into())
            .column(enum_field(d, "position", "stance"), |r| r.stance.as_str().into())
            .column(string("claim", field("position", "claim")).required(), |r| (&r.claim).into())
            .column(string("holders_phrase", field("position", "holders_phrase")), |r| (&r.holders_phrase).into())
            .column(string("notes", field("position", "notes")), |r| (&r.notes).into())
            .key(&["id"])
            .rows(&dataset.positions),
    );
    type List = for<'r> fn(&'r crate::model::Position) -> &'r [String];
    let lists: [(&'static str, &str, &'static str, Option<&'static str>, List); 4] = [
        ("position_holders", "holders", "actor", Some("actors"), |r| &r.holders),
        ("position_topics", "topics", "topic", None, |r| &r.topics),
        ("position_concerns", "concerns", "record", Some("records"), |r| &r.concerns),
        ("position_evidence", "evidence", "figure", Some("figures"), |r| &r.evidence),
    ];
    for (name, list, target, table, read) in lists {
        out.push(pairs(
            name,
            field("position", list),
            ("position", field("position", "id"), "positions"),
            (target, field("position", list), table),
            items(&dataset.positions, |r| &r.id, read),
        ));
    }

    // `sources`.
    out.push(
        Declare::new("sources", d.definition("source"))
            .column(id_field(d, "source"), |r: &&crate::model::Source| (&r.id).into())
            .column(enum_field(d, "source", "kind"), |r| r.kind.as_str().into())
            .column(string("title", field("source", "title")).required(), |r| (&r.title).into())
            .column(string("publisher", field("source", "publisher")).required(), |r| (&r.publisher).into())
            .column(string("author", field("source", "author")), |r| (&r.author).into())
            .column(string("url", field("source", "url")).uri(), |r| (&r.url).into())
            .date("published", field("source", "published"), false, |r| r.published.as_deref())
            .column(string("license", field("source", "license")), |r| (&r.license).into())
            .column(string("license_url", field("source", "license_url")).uri(), |r| (&r.license_url).into())
            .column(string("attribution", field("source", "attribution")).required(), |r| (&r.attribution).into())
            .column(string("notes", field("source", "notes")), |r| (&r.notes).into())
            .key(&["id"])
            .rows(&dataset.sources),
    );

    // The lists that several kinds share: `quotations` and `record_sources`.
    let quoting = items(&dataset.articles, |r| &r.id, |r| &r.quotations).chain(items(
        &dataset.positions,
        |r| &r.id,
        |r| &r.quotations,
    ));
    out.push(
        Declare::new("quotations", d.definition("quotation"))
            .column(
                ref_field(
                    "record",
                    Some("Id of the record (an article or a position) whose list holds the quotation."),
                ),
                |(owner, _, _): &Item<'a, crate::model::Quotation>| (*owner).into(),
            )
            .column(ordinal_field(), |(_, ordinal, _)| Cell::Integer(*ordinal))
            .column(string("text", field("quotation", "text")).required(), |(_, _, q)| (&q.text).into())
            .column(string("quoted_from", field("quotation", "quoted_from")).required(), |(_, _, q)| {
                (&q.quoted_from).into()
            })
            .column(ref_field("source", field("quotation", "source")), |(_, _, q)| (&q.source).into())
            .key(&["record", "ordinal"])
            .refers("record", "records")
            .refers("source", "sources")
            .rows(quoting),
    );
    let supported = dataset
        .records()
        .flat_map(|(kind, index, id)| dataset.sources_of(kind, index).iter().zip(1..).map(move |(s, n)| (id, n, s)));
    out.push(pairs(
        "record_sources",
        field("instrument", "sources"),
        ("record", Some("Id of the record that the source supports."), "records"),
        ("source", field("instrument", "sources"), Some("sources")),
        supported,
    ));
    out
}

/// `<owner>_aliases`: an alias list, keyed by owner and ordinal.
fn aliases<'a>(
    name: &'static str,
    d: &Dictionary,
    (owner, owner_table): (&'static str, &'static str),
    items: impl Iterator<Item = Item<'a, Alias>>,
) -> Table<'a> {
    let def = owner;
    Declare::new(name, d.field(def, "aliases"))
        .column(ref_field(owner, d.field(def, "id")), |(owner, _, _): &Item<'a, Alias>| (*owner).into())
        .column(ordinal_field(), |(_, ordinal, _)| Cell::Integer(*ordinal))
        .column(string("name", d.field(def, "aliases/name")).required(), |(_, _, a)| (&a.name).into())
        .column(
            string("lang", d.field(def, "aliases/lang")).required().one_of(schema_enum(def, "aliases/lang")),
            |(_, _, a)| a.lang.as_str().into(),
        )
        .column(string("note", d.field(def, "aliases/note")), |(_, _, a)| (&a.note).into())
        .key(&[owner, "ordinal"])
        .refers(owner, owner_table)
        .rows(items)
}

// ---------------------------------------------------------------------------------------
// Table Schema fields.

/// A column as Table Schema describes it.
#[derive(Debug, Serialize)]
pub struct Field {
    pub name: String,
    /// `string`, `integer`, `number` or `date`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<&'static str>,
    pub description: String,
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
}

#[derive(Debug, Default, Serialize)]
pub struct Constraints {
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unique: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(rename = "enum", skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
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

/// A foreign key from one column to the `id` of a table.
#[derive(Debug, Serialize)]
pub struct ForeignKey {
    pub fields: [&'static str; 1],
    pub reference: Reference,
}

#[derive(Debug, Serialize)]
pub struct Reference {
    pub resource: &'static str,
    pub fields: [&'static str; 1],
}

impl Field {
    /// Whether the column holds free text (titles, summaries, notes, names, descriptions):
    /// a string with no pattern, no enumeration and no format, so not an id, a date, a
    /// closed value or an address. What a full-text index covers.
    pub fn is_free_text(&self) -> bool {
        self.kind == "string"
            && self.format.is_none()
            && self.constraints.pattern.is_none()
            && self.constraints.values.is_empty()
    }

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

/// A nested field's description after its parent's.
fn join(parent: Option<&str>, child: Option<&str>) -> Option<String> {
    match (parent, child) {
        (Some(p), Some(c)) => Some(format!("{p} {c}")),
        (p, c) => p.or(c).map(String::from),
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn all() -> Vec<Table<'static>> {
        let dataset: &'static Dataset = Box::leak(Box::new(Dataset::default()));
        tables(dataset, &Dictionary::new())
    }

    #[test]
    fn every_column_is_described_named_once_and_typed() {
        for table in all() {
            assert!(!table.description.is_empty(), "{}", table.name);
            let mut names = HashSet::new();
            for field in &table.fields {
                assert!(names.insert(field.name.as_str()), "{}.{} twice", table.name, field.name);
                assert!(!field.description.is_empty(), "{}.{} has no description", table.name, field.name);
                assert!(["string", "integer", "number", "date"].contains(&field.kind), "{}.{}", table.name, field.name);
            }
        }
    }

    #[test]
    fn keys_name_columns_and_tables_that_exist() {
        let tables = all();
        let columns = |name: &str| -> HashSet<String> {
            let table = tables.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("no table {name}"));
            table.fields.iter().map(|f| f.name.clone()).collect()
        };
        for table in &tables {
            let own = columns(table.name);
            assert!(!table.primary_key.is_empty(), "{} has a primary key", table.name);
            // The leading columns, in order: rows are sorted by the key alone.
            let leading: Vec<&str> =
                table.fields.iter().take(table.primary_key.len()).map(|f| f.name.as_str()).collect();
            assert_eq!(leading, table.primary_key, "{}: the primary key is the leading columns", table.name);
            for fk in &table.foreign_keys {
                assert!(own.contains(fk.fields[0]), "{}: foreign key {}", table.name, fk.fields[0]);
                assert!(
                    columns(fk.reference.resource).contains(fk.reference.fields[0]),
                    "{} -> {}",
                    table.name,
                    fk.reference.resource
                );
            }
        }
        let names: HashSet<_> = tables.iter().map(|t| t.name).collect();
        assert_eq!(names.len(), tables.len(), "table names are unique");
    }

    /// The keywords of a list in tests/fixtures/sql-keywords/, lower case, less those that
    /// `usable` says may name a column unquoted.
    fn keywords(list: &str, usable: &[&str]) -> HashSet<String> {
        let lines = list.lines().filter(|l| !l.starts_with('#') && !l.is_empty());
        let words = lines.filter_map(|l| {
            let mut parts = l.split('\t');
            let word = parts.next()?;
            let category = parts.next().unwrap_or_default();
            (!usable.contains(&category)).then(|| word.to_ascii_lowercase())
        });
        words.collect()
    }

    #[test]
    fn no_table_or_column_is_named_with_an_sql_keyword() {
        let sqlite = keywords(include_str!("../../tests/fixtures/sql-keywords/sqlite.txt"), &[]);
        let duckdb =
            keywords(include_str!("../../tests/fixtures/sql-keywords/duckdb.tsv"), &["unreserved", "column_name"]);
        assert!(sqlite.contains("end") && sqlite.len() >= 147, "SQLite's list is read");
        assert!(
            duckdb.contains("end") && duckdb.contains("select") && !duckdb.contains("name"),
            "DuckDB's list is read"
        );
        let mut seen = 0;
        for table in all() {
            let names = std::iter::once(table.name).chain(table.fields.iter().map(|f| f.name.as_str()));
            for name in names {
                seen += 1;
                assert!(!sqlite.contains(name), "{}: `{name}` is an SQLite keyword", table.name);
                assert!(!duckdb.contains(name), "{}: `{name}` is a reserved DuckDB keyword", table.name);
            }
        }
        assert!(seen > 100);
    }

    #[test]
    fn every_date_is_its_edtf_text_and_two_days_named_after_the_field() {
        let mut dates = 0;
        for table in all() {
            for (i, field) in table.fields.iter().enumerate() {
                let Some(name) = field.name.strip_suffix(DATE_SUFFIXES[0]) else { continue };
                dates += 1;
                assert_eq!(field.kind, "string", "{}.{}: EDTF is text to every reader", table.name, field.name);
                let days: Vec<_> = table.fields[i + 1..i + 3].iter().map(|f| (f.name.as_str(), f.kind)).collect();
                let first = format!("{name}{}", DATE_SUFFIXES[1]);
                let last = format!("{name}{}", DATE_SUFFIXES[2]);
                assert_eq!(days, [(first.as_str(), "date"), (last.as_str(), "date")], "{}", table.name);
            }
            let days = table.fields.iter().filter(|f| f.kind == "date").count();
            let texts = table.fields.iter().filter(|f| f.name.ends_with(DATE_SUFFIXES[0])).count();
            assert_eq!(days, 2 * texts, "{}: every day column belongs to a date", table.name);
        }
        assert_eq!(dates, 8, "the schema's eight date fields");
    }

    #[test]
    fn cells_sort_absent_first_numbers_by_value_and_text_by_bytes() {
        let mut cells = vec![Cell::Integer(10), Cell::Null, Cell::Integer(9)];
        cells.sort();
        assert_eq!(cells, [Cell::Null, Cell::Integer(9), Cell::Integer(10)]);
        assert!(Cell::Text("a") < Cell::Owned("b".to_string()));
        assert!(Cell::Text("Z") < Cell::Text("a"));
    }
}
