//! The typed dataset: what the schema describes, as Rust values.
//!
//! Invariants: the model knows nothing about JSON text, source positions or output
//! formats. Field names and order follow `schema/dataset.schema.json`; a test checks
//! that every data file both validates and deserializes, and that what the model
//! serializes validates again. Optional fields are skipped when absent, so that a
//! serialized record is exactly what a contributor would write.

use serde::{Deserialize, Deserializer, Serialize};

mod vocab;
pub use vocab::{
    ActorKind, EventKind, FigureQualifier, InstrumentKind, LISTS, Lang, PlaceKind, RelationKind, SourceKind, Stance,
    Unit, UnknownValue,
};

/// A whole dataset: the records of every file merged, each list in file order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dataset: Option<DatasetMeta>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instruments: Vec<Instrument>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub articles: Vec<Article>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<Actor>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<Place>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<Figure>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub positions: Vec<Position>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
}

/// One record of the dataset, whatever its kind: its kind, its id, the sources it cites,
/// and where its kind's records are kept in a [`Dataset`]. (Where a record stood in its
/// file is kept beside the model, in [`crate::origin::Origins`].)
pub trait Record: Sized {
    const KIND: RecordKind;
    fn id(&self) -> &str;
    /// The ids of the source records it cites (none for a source itself).
    fn sources(&self) -> &[String];
    fn list(dataset: &Dataset) -> &Vec<Self>;
    fn list_mut(dataset: &mut Dataset) -> &mut Vec<Self>;
}

/// The one list of the eight kinds: each record type, its [`RecordKind`] and its field in
/// [`Dataset`]. Everything that goes through every kind by its `RecordKind` is made here;
/// a ninth kind is one more line (and the schema, and each exporter's mapping).
macro_rules! records {
    ($($type:ident => $kind:ident, $field:ident, $sources:expr;)*) => {
        $(impl Record for $type {
            const KIND: RecordKind = RecordKind::$kind;
            fn id(&self) -> &str {
                &self.id
            }
            fn sources(&self) -> &[String] {
                let sources: fn(&$type) -> &[String] = $sources;
                sources(self)
            }
            fn list(dataset: &Dataset) -> &Vec<$type> {
                &dataset.$field
            }
            fn list_mut(dataset: &mut Dataset) -> &mut Vec<$type> {
                &mut dataset.$field
            }
        })*

        impl Dataset {
            /// The number of records of one kind.
            pub fn count(&self, kind: RecordKind) -> usize {
                match kind {
                    $(RecordKind::$kind => self.$field.len(),)*
                }
            }

            /// The id of the `index`th record of a kind.
            pub fn id_of(&self, kind: RecordKind, index: usize) -> &str {
                match kind {
                    $(RecordKind::$kind => &self.$field[index].id,)*
                }
            }

            /// The sources the `index`th record of a kind cites.
            pub fn sources_of(&self, kind: RecordKind, index: usize) -> &[String] {
                match kind {
                    $(RecordKind::$kind => self.$field[index].sources(),)*
                }
            }

            /// Every record, kind by kind in the order of [`COLLECTIONS`] as the
            /// fields are declared: `(kind, index, id)`.
            pub fn records(&self) -> impl Iterator<Item = (RecordKind, usize, &str)> + '_ {
                COLLECTIONS.into_iter().flat_map(move |kind| {
                    (0..self.count(kind)).map(move |index| (kind, index, self.id_of(kind, index)))
                })
            }

            /// Move the records of one kind from `from` onto the end of this dataset's;
            /// returns how many moved.
            pub fn append_kind(&mut self, kind: RecordKind, from: &mut Dataset) -> usize {
                match kind {
                    $(RecordKind::$kind => {
                        let count = from.$field.len();
                        self.$field.append(&mut from.$field);
                        count
                    })*
                }
            }

            /// Reserve room for `additional` more records of one kind.
            pub fn reserve(&mut self, kind: RecordKind, additional: usize) {
                match kind {
                    $(RecordKind::$kind => self.$field.reserve_exact(additional),)*
                }
            }

            /// Add a record of one kind from its JSON value.
            pub fn push_value(&mut self, kind: RecordKind, value: serde_json::Value) -> serde_json::Result<()> {
                match kind {
                    $(RecordKind::$kind => self.$field.push(serde_json::from_value(value)?),)*
                }
                Ok(())
            }
        }
    };
}

records! {
    Instrument => Instrument, instruments, |r| &r.sources;
    Article => Article, articles, |r| &r.sources;
    Event => Event, events, |r| &r.sources;
    Actor => Actor, actors, |r| &r.sources;
    Place => Place, places, |r| &r.sources;
    Figure => Figure, figures, |r| &r.sources;
    Position => Position, positions, |r| &r.sources;
    Source => Source, sources, |_| &[];
}

/// The collections of a dataset file, in the order `fmt` writes them.
pub const COLLECTIONS: [RecordKind; 8] = [
    RecordKind::Instrument,
    RecordKind::Article,
    RecordKind::Event,
    RecordKind::Actor,
    RecordKind::Place,
    RecordKind::Figure,
    RecordKind::Position,
    RecordKind::Source,
];

/// The kinds of record, one per collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecordKind {
    Instrument,
    Article,
    Event,
    Actor,
    Place,
    Figure,
    Position,
    Source,
}

impl RecordKind {
    /// The singular name, as in messages ("an event").
    pub fn name(self) -> &'static str {
        match self {
            RecordKind::Instrument => "instrument",
            RecordKind::Article => "article",
            RecordKind::Event => "event",
            RecordKind::Actor => "actor",
            RecordKind::Place => "place",
            RecordKind::Figure => "figure",
            RecordKind::Position => "position",
            RecordKind::Source => "source",
        }
    }

    /// The key of the collection in a data file (`"events"`).
    pub fn collection(self) -> &'static str {
        match self {
            RecordKind::Instrument => "instruments",
            RecordKind::Article => "articles",
            RecordKind::Event => "events",
            RecordKind::Actor => "actors",
            RecordKind::Place => "places",
            RecordKind::Figure => "figures",
            RecordKind::Position => "positions",
            RecordKind::Source => "sources",
        }
    }

    pub fn from_collection(key: &str) -> Option<RecordKind> {
        COLLECTIONS.into_iter().find(|k| k.collection() == key)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetMeta {
    pub id: String,
    pub title: String,
    pub description: String,
    pub version: String,
    pub license: String,
    pub license_url: String,
    pub publisher: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    pub modified: String,
}

/// A name in several languages (BCP 47 tags as keys).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Names {
    pub en: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ja: Option<String>,
    #[serde(rename = "ja-Latn", default, skip_serializing_if = "Option::is_none")]
    pub ja_latn: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alias {
    pub name: String,
    pub lang: Lang,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quotation {
    pub text: String,
    pub quoted_from: String,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    pub id: String,
    pub kind: InstrumentKind,
    pub title: Names,
    pub short_name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Alias>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed: Option<Signature>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry_into_force: Option<String>,
    #[serde(default, deserialize_with = "whole_number", skip_serializing_if = "Option::is_none")]
    pub article_count: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Relation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub concerns: Vec<String>,
    pub summary: String,
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signatories: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    pub kind: RelationKind,
    pub target: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    pub id: String,
    pub instrument: String,
    #[serde(default, deserialize_with = "whole_number", skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    pub heading: String,
    pub summary: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub concerns: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quotations: Vec<Quotation>,
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub id: String,
    pub kind: EventKind,
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_phrase: Option<String>,
    pub title: String,
    pub summary: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<Participant>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instruments: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub concerns: Vec<String>,
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    pub actor: String,
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    pub id: String,
    pub kind: ActorKind,
    pub name: Names,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Alias>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    pub id: String,
    pub kind: PlaceKind,
    pub name: Names,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub id: String,
    #[serde(deserialize_with = "exact_number")]
    pub value: serde_json::Number,
    pub unit: Unit,
    pub qualifier: FigureQualifier,
    pub measure: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub about: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Position {
    pub id: String,
    pub stance: Stance,
    pub claim: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holders: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holders_phrase: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub concerns: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quotations: Vec<Quotation>,
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    pub kind: SourceKind,
    pub title: String,
    pub publisher: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license_url: Option<String>,
    pub attribution: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A number field, read from its text: every digit as written (`0.000000000000000000001`,
/// `12345678901234567890123`, `1e-400`). Deserialized directly, a `serde_json::Number`
/// taken from a `Value` is rewritten wherever a float or an integer reads back to the same
/// text (`0.000000000000000000001` would become `1e-21`, `-0` become `0`); read through
/// `RawValue` it is the text the data has.
fn exact_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<serde_json::Number, D::Error> {
    let raw = Box::<serde_json::value::RawValue>::deserialize(deserializer)?;
    raw.get().parse().map_err(serde::de::Error::custom)
}

/// A whole-number field (`article_count`, `number`) in any form JSON Schema calls an
/// integer: `11`, `11.0`, `1.1e1`, `110E-1`. The schema bounds these fields to `u32`'s
/// range (`maximum: 4294967295`), and its validator judges integers exactly, so whatever
/// it accepts loads here; `1.00000000000000001` is refused by both.
fn whole_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
    let number = exact_number(deserializer)?;
    match crate::number::Decimal::parse(number.as_str()).and_then(|d| d.to_u32()) {
        Some(n) => Ok(Some(n)),
        None => Err(serde::de::Error::custom(format!("{number} is not a whole number from 0 to {}", u32::MAX))),
    }
}
