//! Dates in the Library of Congress Extended Date/Time Format (EDTF), the subset of
//! levels 0 and 1 that the schema's `$defs/edtf` accepts.
//!
//! A date is `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (years 0001 to 9999), optionally followed
//! by a qualifier: `~` approximate, `?` uncertain, `%` both. An interval `A/B` joins two
//! such dates; one of its ends may be `..`, meaning open (`../2008`, `1960/..`). Not
//! accepted: seasons (months 21 to 24), unspecified digits (`19XX`), negative or
//! five-digit years, `../..`, and the empty end of an unknown interval (`/1960`).
//!
//! Year `0000` is refused although EDTF (like ISO 8601) has it: XML Schema 1.0's
//! `xs:date`, which the Akoma Ntoso and JSON-LD exports write and frictionless reads, has
//! no year zero, and every date the data accepts must export validly. So the years run
//! from 0001 to 9999, the four-digit years both formats share.
//!
//! [`Edtf::parse`] checks the calendar (the proleptic Gregorian calendar, so `1900-02-29`
//! does not exist and `2000-02-29` does) and that an interval does not end before it
//! starts. Parsing is strict, so `Display` writes back exactly the text that was parsed.
//!
//! ```
//! use anpo::edtf::Edtf;
//! let signed: Edtf = "1960-01~/1960-06-23".parse().unwrap();
//! assert_eq!(signed.earliest().as_deref(), Some("1960-01-01"));
//! assert_eq!(signed.latest().as_deref(), Some("1960-06-23"));
//! assert_eq!(signed.to_string(), "1960-01~/1960-06-23");
//! ```

use std::fmt;
use std::str::FromStr;

/// The first year a date may have; the last is 9999, the largest of four digits.
pub const FIRST_YEAR: i32 = 1;

/// How sure the sources are of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Qualifier {
    /// No qualifier.
    Exact,
    /// `~`: about that date.
    Approximate,
    /// `?`: possibly that date.
    Uncertain,
    /// `%`: about, and possibly, that date.
    ApproximateUncertain,
}

impl Qualifier {
    /// The qualifier as written after a date: `""`, `"~"`, `"?"` or `"%"`.
    pub fn symbol(self) -> &'static str {
        match self {
            Qualifier::Exact => "",
            Qualifier::Approximate => "~",
            Qualifier::Uncertain => "?",
            Qualifier::ApproximateUncertain => "%",
        }
    }

    fn from_symbol(c: u8) -> Option<Qualifier> {
        match c {
            b'~' => Some(Qualifier::Approximate),
            b'?' => Some(Qualifier::Uncertain),
            b'%' => Some(Qualifier::ApproximateUncertain),
            _ => None,
        }
    }
}

/// How much of a date is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// One date: a year, a month or a day, with its qualifier.
///
/// A `day` counts only together with a `month`; [`Date::precision`] says which fields
/// are in use. Values made by [`Edtf::parse`] always exist in the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
    pub qualifier: Qualifier,
}

impl Date {
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            (None, _) => Precision::Year,
        }
    }

    /// The first day the date covers, as ISO 8601 `YYYY-MM-DD` (`1960-06` → `1960-06-01`).
    pub fn first_day(&self) -> String {
        iso(self.first())
    }

    /// The last day the date covers, as ISO 8601 `YYYY-MM-DD` (`1960-02` → `1960-02-29`).
    pub fn last_day(&self) -> String {
        iso(self.last())
    }

    fn first(&self) -> (i32, u8, u8) {
        match (self.precision(), self.month, self.day) {
            (Precision::Day, Some(m), Some(d)) => (self.year, m, d),
            (Precision::Month, Some(m), _) => (self.year, m, 1),
            _ => (self.year, 1, 1),
        }
    }

    fn last(&self) -> (i32, u8, u8) {
        match (self.precision(), self.month, self.day) {
            (Precision::Day, Some(m), Some(d)) => (self.year, m, d),
            (Precision::Month, Some(m), _) => (self.year, m, days_in_month(self.year, m)),
            _ => (self.year, 12, 31),
        }
    }

    fn parse(s: &str) -> Result<Date, EdtfError> {
        let bytes = s.as_bytes();
        let (body, qualifier) = match bytes.split_last() {
            Some((&last, body)) => match Qualifier::from_symbol(last) {
                Some(q) => (body, q),
                None => (bytes, Qualifier::Exact),
            },
            None => return Err(EdtfError::Syntax),
        };
        let digits = |range: std::ops::Range<usize>| -> Result<u32, EdtfError> {
            let part = &body[range];
            if part.iter().all(u8::is_ascii_digit) {
                Ok(part.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
            } else {
                Err(EdtfError::Syntax)
            }
        };
        if !matches!(body.len(), 4 | 7 | 10)
            || body.get(4).is_some_and(|&c| c != b'-')
            || body.get(7).is_some_and(|&c| c != b'-')
        {
            return Err(EdtfError::Syntax);
        }
        // Four digits, so the year fits in an i32 and the month and day in a u8.
        let year = digits(0..4)? as i32;
        if year < FIRST_YEAR {
            return Err(EdtfError::NoYearZero);
        }
        let month = if body.len() >= 7 { Some(digits(5..7)? as u8) } else { None };
        let day = if body.len() == 10 { Some(digits(8..10)? as u8) } else { None };
        if let Some(month) = month {
            if !(1..=12).contains(&month) {
                return Err(EdtfError::NoSuchMonth { month });
            }
            if let Some(day) = day
                && !(1..=days_in_month(year, month)).contains(&day)
            {
                return Err(EdtfError::NoSuchDay { year, month, day });
            }
        }
        Ok(Date { year, month, day, qualifier })
    }
}

/// Writes the EDTF form: `1960`, `1960-06`, `1960-06-19`, each with its qualifier.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        match (self.precision(), self.month, self.day) {
            (Precision::Day, Some(m), Some(d)) => write!(f, "-{m:02}-{d:02}")?,
            (Precision::Month, Some(m), _) => write!(f, "-{m:02}")?,
            _ => {}
        }
        f.write_str(self.qualifier.symbol())
    }
}

/// A parsed EDTF value: one date, or an interval whose ends may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Edtf {
    Date(Date),
    /// `start/end`; `None` is an open end, written `..`. At least one end is a date.
    Interval {
        start: Option<Date>,
        end: Option<Date>,
    },
}

impl Edtf {
    /// Reads an EDTF value, checking that its dates exist and that an interval does not
    /// end before it starts.
    pub fn parse(s: &str) -> Result<Edtf, EdtfError> {
        let Some((start, end)) = s.split_once('/') else {
            return Date::parse(s).map(Edtf::Date);
        };
        let end_point = |s: &str| {
            if s == ".." { Ok(None) } else { Date::parse(s).map(Some) }
        };
        match (end_point(start)?, end_point(end)?) {
            (None, None) => Err(EdtfError::Syntax),
            (Some(start), Some(end)) if start.first() > end.last() => Err(EdtfError::EndBeforeStart),
            (start, end) => Ok(Edtf::Interval { start, end }),
        }
    }

    /// The first day covered, `YYYY-MM-DD`; `None` for an interval open at the start.
    pub fn earliest(&self) -> Option<String> {
        match self {
            Edtf::Date(date) => Some(date.first_day()),
            Edtf::Interval { start, .. } => start.as_ref().map(Date::first_day),
        }
    }

    /// The last day covered, `YYYY-MM-DD`; `None` for an interval open at the end.
    pub fn latest(&self) -> Option<String> {
        match self {
            Edtf::Date(date) => Some(date.last_day()),
            Edtf::Interval { end, .. } => end.as_ref().map(Date::last_day),
        }
    }
}

impl FromStr for Edtf {
    type Err = EdtfError;
    fn from_str(s: &str) -> Result<Edtf, EdtfError> {
        Edtf::parse(s)
    }
}

/// Writes the EDTF form back; for a parsed value, exactly the text that was parsed.
impl fmt::Display for Edtf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Edtf::Date(date) => date.fmt(f),
            Edtf::Interval { start, end } => {
                match start {
                    Some(date) => date.fmt(f)?,
                    None => f.write_str("..")?,
                }
                f.write_str("/")?;
                match end {
                    Some(date) => date.fmt(f),
                    None => f.write_str(".."),
                }
            }
        }
    }
}

/// Why a text is not an EDTF value accepted here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EdtfError {
    /// Not of the form `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (plus qualifier), or an interval of such.
    Syntax,
    /// The year `0000`, which EDTF has and XML Schema's `xs:date` does not.
    NoYearZero,
    /// A month outside 01–12.
    NoSuchMonth { month: u8 },
    /// A day that month does not have.
    NoSuchDay { year: i32, month: u8, day: u8 },
    /// An interval whose start's first day is after its end's last day.
    EndBeforeStart,
}

impl fmt::Display for EdtfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            EdtfError::Syntax => f.write_str(
                "expected an EDTF date such as `1960`, `1960-06` or `1960-06-19`, optionally followed by \
                 `~` (approximate), `?` (uncertain) or `%` (both), or an interval such as `1960-05/1960-06` \
                 with `..` for at most one open end",
            ),
            EdtfError::NoYearZero => f.write_str(
                "the dataset's years run from 0001 to 9999: XML Schema's `xs:date`, which the Akoma Ntoso and \
                 JSON-LD exports write, has no year 0000",
            ),
            EdtfError::NoSuchMonth { month } => {
                write!(f, "there is no month {month:02}: months run from 01 to 12")
            }
            EdtfError::NoSuchDay { year, month, day } => {
                let name = MONTH_NAMES.get(usize::from(month).wrapping_sub(1)).copied().unwrap_or("that month");
                let days = days_in_month(year, month);
                write!(f, "{name} {year:04} has no day {day:02}: its days run from 01 to {days:02}")
            }
            EdtfError::EndBeforeStart => {
                f.write_str("the interval ends before it starts: write the earlier date first")
            }
        }
    }
}

impl std::error::Error for EdtfError {}

/// English month names, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Leap years of the proleptic Gregorian calendar.
fn is_leap_year(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in `month` (1–12) of `year`; 0 for a month that does not exist.
fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

fn iso((year, month, day): (i32, u8, u8)) -> String {
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(year: i32, month: Option<u8>, day: Option<u8>, qualifier: Qualifier) -> Date {
        Date { year, month, day, qualifier }
    }

    #[test]
    fn parses_each_precision_and_qualifier() {
        use Qualifier::*;
        let cases = [
            ("1960", date(1960, None, None, Exact)),
            ("1960-06", date(1960, Some(6), None, Exact)),
            ("1960-06-19", date(1960, Some(6), Some(19), Exact)),
            ("2008~", date(2008, None, None, Approximate)),
            ("1959-11?", date(1959, Some(11), None, Uncertain)),
            ("1960-01-19%", date(1960, Some(1), Some(19), ApproximateUncertain)),
            ("0001", date(1, None, None, Exact)),
            ("9999-12-31", date(9999, Some(12), Some(31), Exact)),
        ];
        for (text, expected) in cases {
            assert_eq!(Edtf::parse(text), Ok(Edtf::Date(expected)), "{text}");
            assert_eq!(Edtf::parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn parses_intervals_with_open_ends() {
        let q = Qualifier::Exact;
        assert_eq!(
            Edtf::parse("1960-05/1960-06"),
            Ok(Edtf::Interval { start: Some(date(1960, Some(5), None, q)), end: Some(date(1960, Some(6), None, q)) })
        );
        assert_eq!(Edtf::parse("../2008"), Ok(Edtf::Interval { start: None, end: Some(date(2008, None, None, q)) }));
        assert_eq!(
            Edtf::parse("1960-06-23/.."),
            Ok(Edtf::Interval { start: Some(date(1960, Some(6), Some(23), q)), end: None })
        );
        for text in ["1960-05~/1960-06?", "../2008", "1960/..", "1960/1960", "1960-06/1960"] {
            assert_eq!(Edtf::parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn rejects_what_the_grammar_does_not_allow() {
        for text in [
            "",
            "196",
            "19600",
            "1960-6",
            "1960-06-1",
            "1960/06",
            "1960-06-19T00",
            "-1960",
            "+1960",
            "19X0",
            "1960~~",
            "~1960",
            "1960-21x",
            "..",
            "../..",
            "/1960",
            "1960/",
            "1960//1961",
            "1960/1961/1962",
            "1960 ",
            " 1960",
            "1960-06-19-01",
            "１９６０",
        ] {
            assert_eq!(Edtf::parse(text), Err(EdtfError::Syntax), "{text:?}");
        }
    }

    #[test]
    fn rejects_months_and_days_that_do_not_exist() {
        assert_eq!(Edtf::parse("1960-13"), Err(EdtfError::NoSuchMonth { month: 13 }));
        assert_eq!(Edtf::parse("1960-00-01"), Err(EdtfError::NoSuchMonth { month: 0 }));
        assert_eq!(Edtf::parse("1960-21"), Err(EdtfError::NoSuchMonth { month: 21 }), "seasons are not accepted");
        assert_eq!(Edtf::parse("1960-02-30"), Err(EdtfError::NoSuchDay { year: 1960, month: 2, day: 30 }));
        assert_eq!(Edtf::parse("1960-04-31~"), Err(EdtfError::NoSuchDay { year: 1960, month: 4, day: 31 }));
        assert_eq!(Edtf::parse("1960-06-00"), Err(EdtfError::NoSuchDay { year: 1960, month: 6, day: 0 }));
        assert_eq!(Edtf::parse("1959/1960-02-30"), Err(EdtfError::NoSuchDay { year: 1960, month: 2, day: 30 }));
    }

    #[test]
    fn year_zero_is_refused_in_every_form() {
        for text in ["0000", "0000-01", "0000-02-29", "0000~", "0000/1960", "../0000", "0000-12-31/0001"] {
            assert_eq!(Edtf::parse(text), Err(EdtfError::NoYearZero), "{text}");
        }
        assert!(EdtfError::NoYearZero.to_string().contains("0001 to 9999"));
        assert_eq!(Edtf::parse("0001-01-01/9999-12-31").unwrap().earliest().as_deref(), Some("0001-01-01"));
    }

    #[test]
    fn leap_years_follow_the_proleptic_gregorian_calendar() {
        for year in ["1960", "2000", "1600", "0400", "2024"] {
            assert!(Edtf::parse(&format!("{year}-02-29")).is_ok(), "{year} is a leap year");
        }
        for year in ["1900", "1959", "1700", "2100", "0100"] {
            assert!(Edtf::parse(&format!("{year}-02-29")).is_err(), "{year} is not a leap year");
        }
        assert_eq!(Edtf::parse("1900-02").unwrap().latest().as_deref(), Some("1900-02-28"));
        assert_eq!(Edtf::parse("2000-02").unwrap().latest().as_deref(), Some("2000-02-29"));
    }

    #[test]
    fn interval_must_not_end_before_it_starts() {
        assert_eq!(Edtf::parse("1960-06/1960-05"), Err(EdtfError::EndBeforeStart));
        assert_eq!(Edtf::parse("1961/1960-12-31"), Err(EdtfError::EndBeforeStart));
        // Overlapping precisions are fine: the start's first day is not after the end's last day.
        assert!(Edtf::parse("1960-12-31/1960").is_ok());
        assert!(Edtf::parse("1960/1960-01-01").is_ok());
        assert!(Edtf::parse("1960-06-19/1960-06-19").is_ok());
    }

    #[test]
    fn earliest_and_latest_cover_the_precision() {
        let bounds = |s: &str| {
            let e = Edtf::parse(s).unwrap();
            (e.earliest(), e.latest())
        };
        let some = |s: &str| Some(s.to_string());
        assert_eq!(bounds("1960"), (some("1960-01-01"), some("1960-12-31")));
        assert_eq!(bounds("1960-06~"), (some("1960-06-01"), some("1960-06-30")));
        assert_eq!(bounds("1960-06-19"), (some("1960-06-19"), some("1960-06-19")));
        assert_eq!(bounds("1959-11/1960-02"), (some("1959-11-01"), some("1960-02-29")));
        assert_eq!(bounds("../2008"), (None, some("2008-12-31")));
        assert_eq!(bounds("1960-06-23/.."), (some("1960-06-23"), None));
    }

    #[test]
    fn date_precision_and_days() {
        let d = date(1960, Some(2), None, Qualifier::Uncertain);
        assert_eq!(d.precision(), Precision::Month);
        assert_eq!((d.first_day(), d.last_day()), ("1960-02-01".to_string(), "1960-02-29".to_string()));
        assert_eq!(d.to_string(), "1960-02?");
        // A day without a month is not in use: the date is a year.
        let d = date(1960, None, Some(5), Qualifier::Exact);
        assert_eq!(d.precision(), Precision::Year);
        assert_eq!(d.to_string(), "1960");
        assert_eq!(d.first_day(), "1960-01-01");
    }

    #[test]
    fn error_messages_say_what_would_be_right() {
        assert_eq!(
            EdtfError::NoSuchDay { year: 1960, month: 2, day: 30 }.to_string(),
            "February 1960 has no day 30: its days run from 01 to 29"
        );
        assert_eq!(EdtfError::NoSuchMonth { month: 13 }.to_string(), "there is no month 13: months run from 01 to 12");
        assert!(EdtfError::Syntax.to_string().contains("`1960-06-19`"));
        assert!(EdtfError::EndBeforeStart.to_string().contains("earlier date first"));
    }

    fn any_date() -> impl Strategy<Value = Date> {
        let qualifier = prop_oneof![
            Just(Qualifier::Exact),
            Just(Qualifier::Approximate),
            Just(Qualifier::Uncertain),
            Just(Qualifier::ApproximateUncertain),
        ];
        (FIRST_YEAR..=9999, 1u8..=12, 1u8..=31, 0..3, qualifier).prop_map(|(year, month, day, precision, qualifier)| {
            let day = day.min(days_in_month(year, month));
            match precision {
                0 => date(year, None, None, qualifier),
                1 => date(year, Some(month), None, qualifier),
                _ => date(year, Some(month), Some(day), qualifier),
            }
        })
    }

    fn any_edtf() -> impl Strategy<Value = Edtf> {
        prop_oneof![
            any_date().prop_map(Edtf::Date),
            (any_date(), any_date(), 0..3).prop_map(|(a, b, open)| {
                let (start, end) = if a.first() <= b.last() { (a, b) } else { (b, a) };
                match open {
                    0 => Edtf::Interval { start: None, end: Some(end) },
                    1 => Edtf::Interval { start: Some(start), end: None },
                    _ => Edtf::Interval { start: Some(start), end: Some(end) },
                }
            }),
        ]
    }

    proptest! {
        #[test]
        fn every_valid_value_round_trips(value in any_edtf()) {
            let text = value.to_string();
            prop_assert_eq!(Edtf::parse(&text), Ok(value), "{}", text);
        }

        #[test]
        fn earliest_is_not_after_latest(value in any_edtf()) {
            if let (Some(earliest), Some(latest)) = (value.earliest(), value.latest()) {
                prop_assert!(earliest <= latest, "{} covers {}..{}", value, earliest, latest);
            }
        }

        #[test]
        fn parsing_never_panics_and_what_parses_round_trips(text in "[0-9./~?%-]{0,24}") {
            if let Ok(value) = Edtf::parse(&text) {
                prop_assert_eq!(value.to_string(), text);
            }
        }
    }
}
