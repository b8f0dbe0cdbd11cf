//! The schema's closed lists as Rust enums: each value of an `enum` in
//! `schema/dataset.schema.json` is one variant, serialized as the schema spells it, so
//! the data files do not change and a typo does not compile. `ALL` lists the variants in
//! the schema's order; a test holds every list against the embedded schema, so a value
//! added to the schema without the code (or the reverse) fails.

use std::fmt;
use std::str::FromStr;

/// Defines a closed list: the enum, its serde names, `ALL`, `as_str`, `Display` and
/// `FromStr`, and the schema location of its `enum`.
macro_rules! closed_list {
    ($(#[$doc:meta])* $name:ident at $pointer:literal { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant,)+
        }

        impl $name {
            /// Every value, in the schema's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Where the schema lists the values (a JSON pointer into the schema).
            pub const SCHEMA_POINTER: &'static str = $pointer;

            /// The value as the schema and the data spell it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;
            fn from_str(text: &str) -> Result<Self, UnknownValue> {
                match text {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownValue { list: stringify!($name), value: text.to_string() }),
                }
            }
        }
    };
}

/// A value that is not in a closed list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    pub list: &'static str,
    pub value: String,
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a {}", self.value, self.list)
    }
}

impl std::error::Error for UnknownValue {}

closed_list! {
    /// The language of an alias (BCP 47).
    Lang at "/$defs/alias/properties/lang" { En = "en", Ja = "ja", JaLatn = "ja-Latn" }
}

closed_list! {
    /// What kind of instrument a text is.
    InstrumentKind at "/$defs/instrument/properties/kind" {
        Treaty = "treaty",
        Agreement = "agreement",
        AgreedMinutes = "agreed-minutes",
        StatusOfForcesAgreement = "status-of-forces-agreement",
        Statement = "statement",
        Constitution = "constitution",
    }
}

closed_list! {
    /// How one instrument stands to another.
    RelationKind at "/$defs/instrument/properties/relations/items/properties/kind" {
        RevisesAndReplaces = "revises-and-replaces",
        Supplements = "supplements",
        Implements = "implements",
        Interprets = "interprets",
    }
}

closed_list! {
    /// What happened.
    EventKind at "/$defs/event/properties/kind" {
        Negotiation = "negotiation",
        Signing = "signing",
        Submission = "submission",
        LegislativeVote = "legislative-vote",
        Approval = "approval",
        CabinetDecision = "cabinet-decision",
        ExchangeOfRatifications = "exchange-of-ratifications",
        Promulgation = "promulgation",
        EntryIntoForce = "entry-into-force",
        Protest = "protest",
        Death = "death",
        Resignation = "resignation",
        Election = "election",
        Cancellation = "cancellation",
        Renewal = "renewal",
        Founding = "founding",
        Lawsuit = "lawsuit",
        Crime = "crime",
        Apology = "apology",
        Curfew = "curfew",
        Agreement = "agreement",
        Statement = "statement",
        Poll = "poll",
        EndOfOccupation = "end-of-occupation",
        EndOfAid = "end-of-aid",
    }
}

closed_list! {
    /// What kind of person or body an actor is.
    ActorKind at "/$defs/actor/properties/kind" {
        State = "state",
        Person = "person",
        PoliticalParty = "political-party",
        Coalition = "coalition",
        Group = "group",
        Newspaper = "newspaper",
        Government = "government",
        Legislature = "legislature",
        Chamber = "chamber",
        Military = "military",
        Police = "police",
        University = "university",
        InternationalOrganization = "international-organization",
    }
}

closed_list! {
    /// What kind of place a place is.
    PlaceKind at "/$defs/place/properties/kind" {
        Region = "region",
        Prefecture = "prefecture",
        Island = "island",
        IslandGroup = "island-group",
        Territory = "territory",
        City = "city",
        Building = "building",
        Gate = "gate",
        MilitaryBase = "military-base",
    }
}

closed_list! {
    /// The unit of a figure.
    Unit at "/$defs/figure/properties/unit" {
        Percent = "percent",
        Fraction = "fraction",
        Count = "count",
        Usd = "USD",
        Years = "years",
        Days = "days",
        Hours = "hours",
        AgeYears = "age-years",
        Year = "year",
    }
}

closed_list! {
    /// How the source qualifies a figure.
    FigureQualifier at "/$defs/figure/properties/qualifier" {
        Exact = "exact",
        About = "about",
        AtLeast = "at-least",
        AtMost = "at-most",
        LessThan = "less-than",
    }
}

closed_list! {
    /// For or against.
    Stance at "/$defs/position/properties/stance" { For = "for", Against = "against" }
}

closed_list! {
    /// What kind of publication a source is.
    SourceKind at "/$defs/source/properties/kind" {
        EncyclopediaArticle = "encyclopedia-article",
        DatabaseRecord = "database-record",
        GovernmentWebPage = "government-web-page",
        PrimarySourceReader = "primary-source-reader",
        Glossary = "glossary",
        NewsReport = "news-report",
    }
}

/// A closed list: its name, where the schema lists its values, and its values as spelled.
pub type ClosedList = (&'static str, &'static str, fn() -> Vec<&'static str>);

/// Every closed list: its name, where the schema lists its values, and its values as
/// spelled. The test below, and anything that documents the lists, reads this.
pub const LISTS: &[ClosedList] = &[
    ("Lang", Lang::SCHEMA_POINTER, || Lang::ALL.iter().map(|v| v.as_str()).collect()),
    ("InstrumentKind", InstrumentKind::SCHEMA_POINTER, || InstrumentKind::ALL.iter().map(|v| v.as_str()).collect()),
    ("RelationKind", RelationKind::SCHEMA_POINTER, || RelationKind::ALL.iter().map(|v| v.as_str()).collect()),
    ("EventKind", EventKind::SCHEMA_POINTER, || EventKind::ALL.iter().map(|v| v.as_str()).collect()),
    ("ActorKind", ActorKind::SCHEMA_POINTER, || ActorKind::ALL.iter().map(|v| v.as_str()).collect()),
    ("PlaceKind", PlaceKind::SCHEMA_POINTER, || PlaceKind::ALL.iter().map(|v| v.as_str()).collect()),
    ("Unit", Unit::SCHEMA_POINTER, || Unit::ALL.iter().map(|v| v.as_str()).collect()),
    ("FigureQualifier", FigureQualifier::SCHEMA_POINTER, || FigureQualifier::ALL.iter().map(|v| v.as_str()).collect()),
    ("Stance", Stance::SCHEMA_POINTER, || Stance::ALL.iter().map(|v| v.as_str()).collect()),
    ("SourceKind", SourceKind::SCHEMA_POINTER, || SourceKind::ALL.iter().map(|v| v.as_str()).collect()),
];

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn schema() -> Value {
        crate::schema::embedded().clone()
    }

    /// Every `enum` of the embedded schema, by its pointer.
    fn schema_enums(value: &Value, pointer: &str, out: &mut Vec<(String, Vec<String>)>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::Array(values)) = map.get("enum") {
                    out.push((
                        pointer.to_string(),
                        values.iter().map(|v| v.as_str().unwrap_or("").to_string()).collect(),
                    ));
                }
                for (key, child) in map {
                    schema_enums(child, &format!("{pointer}/{}", crate::pointer::escape(key)), out);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    schema_enums(child, &format!("{pointer}/{i}"), out);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn every_closed_list_matches_the_schema_enum_and_every_enum_has_a_list() {
        let mut enums = Vec::new();
        schema_enums(&schema(), "", &mut enums);
        for (pointer, values) in &enums {
            let list = LISTS.iter().find(|(_, at, _)| at == pointer);
            let Some((name, _, variants)) = list else {
                panic!("the schema's enum at {pointer} ({values:?}) has no closed list in src/model/vocab.rs");
            };
            assert_eq!(&variants(), values, "{name} differs from the schema's enum at {pointer}");
        }
        assert_eq!(enums.len(), LISTS.len(), "a closed list names an enum the schema does not have");
    }

    #[test]
    fn values_read_and_write_as_the_schema_spells_them() {
        for kind in ActorKind::ALL {
            let json = serde_json::to_string(kind).unwrap();
            assert_eq!(json, format!("\"{kind}\""));
            assert_eq!(serde_json::from_str::<ActorKind>(&json).unwrap(), *kind);
            assert_eq!(kind.as_str().parse::<ActorKind>(), Ok(*kind));
        }
        assert!("nation".parse::<ActorKind>().is_err());
        assert!(serde_json::from_str::<Unit>("\"usd\"").is_err());
        assert_eq!(Unit::Usd.as_str(), "USD");
    }
}
