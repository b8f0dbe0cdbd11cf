//! Dates in the Library of Congress Extended Date/Time Format (EDTF), levels 0 and 1,
//! within the years 0001 to 9999.
//!
//! | form | example | covers |
//! | --- | --- | --- |
//! | day, month, year | `1960-06-19`, `1960-06`, `1960` | that day, month or year |
//! | qualified | `1960~`, `1960-06?`, `1960-06-19%` | the same, approximate (`~`), uncertain (`?`) or both (`%`) |
//! | unspecified digits | `196X`, `19XX` | a decade (1960 to 1969), a century (1900 to 1999) |
//! | unspecified month or day | `1960-XX`, `1960-XX-XX`, `1960-06-XX` | the year; the year; the month |
//! | season | `1960-21` to `1960-24` | spring, summer, autumn, winter (below) |
//! | interval | `1960-05/1960-06`, `1960~/1961?` | from the first day of the start to the last day of the end |
//! | open end | `../2008`, `1960/..` | no start, or no end |
//! | unknown end | `/2008`, `1960/` | a start, or an end, that the sources do not give |
//!
//! That is level 1 of the specification (EDTF, Library of Congress, 2019), read exactly:
//!
//! - **Unspecified digits** stand only at the right end: the last one or two digits of a
//!   year given alone (`196X`, `19XX`; not `1XXX` or `19X0`), the month (`1960-XX`, and
//!   then the day too, `1960-XX-XX`) or the day (`1960-06-XX`; not `1960-XX-19`).
//! - **A qualifier** (`~`, `?`, `%`) follows a whole day, month or year ("qualification of
//!   a date (complete)"), not a season or unspecified digits: `1960-21~` and `196X?` are
//!   level 2 or beyond (EDTF.js puts qualified seasons at its non-standard level 3).
//! - **An interval's ends** are days, months or years, each possibly qualified, or `..`
//!   (open: there is none) or nothing (unknown: there is one, not given); not seasons or
//!   unspecified digits (`2004-06-XX/2004-07-03` is a level 2 example; EDTF.js puts
//!   seasons in intervals at level 3).
//!
//! What the exports cannot write is refused with that reason ([`EdtfError::YearOutOfRange`]):
//! years of five or more digits (`Y170000002`), years before the common era (`-1985`) and
//! the year `0000`. XML Schema 1.0's `xs:date`, which the Akoma Ntoso and JSON-LD exports
//! write, has no year zero, and the reference tools read a day as a Python date, 0001 to
//! 9999. An interval that names no date at either end (`../..`, `/`) is refused too
//! ([`EdtfError::NoDate`]): the specification neither defines nor excludes it, but it
//! gives the exports no day to write.
//!
//! **Seasons.** The specification names the seasons (21 spring, 22 summer, 23 autumn, 24
//! winter) but does not say which days they cover, and implementations differ
//! (python-edtf ends winter on 31 December; EDTF.js reads the seasons as the quarters of
//! the year). Here they are the meteorological seasons of the northern hemisphere, where
//! the dataset's events happen: whole months, so that a season's first and last days are
//! exact, and the ones weather records use. Spring is March to May, summer June to August,
//! autumn September to November, and winter December to February: a season begins in the
//! year it is named by, so winter 1960 (`1960-24`) runs from 1960-12-01 to 1961-02-28
//! (29 in a leap year). `9999-24` would end in the year 10000 and is refused.
//!
//! [`Edtf::parse`] checks the calendar (the proleptic Gregorian calendar, so `1900-02-29`
//! does not exist and `2000-02-29` does) and that an interval does not end before it
//! starts (its start's first day after its end's last day). Parsing is strict, so
//! `Display` writes back exactly the text that was parsed.
//!
//! ```
//! use anpo::edtf::Edtf;
//! let signed: Edtf = "1960-01~/1960-06-23".parse().unwrap();
//! assert_eq!(signed.earliest().as_deref(), Some("1960-01-01"));
//! assert_eq!(signed.latest().as_deref(), Some("1960-06-23"));
//! assert_eq!(signed.to_string(), "1960-01~/1960-06-23");
//! let sixties: Edtf = "196X".parse().unwrap();
//! assert_eq!((sixties.earliest().as_deref(), sixties.latest().as_deref()), (Some("1960-01-01"), Some("1969-12-31")));
//! ```

use std::fmt;
use std::str::FromStr;

/// The first year a date may have; the last is [`LAST_YEAR`].
pub const FIRST_YEAR: i32 = 1;
/// The last year a date may have, the largest of four digits.
pub const LAST_YEAR: i32 = 9999;

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

/// How much time a date covers. (Not quite the precision the specification names: it
/// calls `1960-XX` a month precision with the month not given, and `1960-XX-XX` a day
/// precision; each covers the whole year, so here each is [`Precision::Year`].)
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// `19XX`: a hundred years.
    Century,
    /// `196X`: ten years.
    Decade,
    /// `1960`, `1960-XX`, `1960-XX-XX`.
    Year,
    /// `1960-21` to `1960-24`: three months.
    Season,
    /// `1960-06`, `1960-06-XX`.
    Month,
    /// `1960-06-19`.
    Day,
}

/// A season of EDTF level 1 (21 to 24), as meteorological seasons of the northern
/// hemisphere (see the module's documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Season {
    Spring,
    Summer,
    Autumn,
    Winter,
}

impl Season {
    /// Its number in EDTF: 21 to 24.
    pub fn number(self) -> u8 {
        match self {
            Season::Spring => 21,
            Season::Summer => 22,
            Season::Autumn => 23,
            Season::Winter => 24,
        }
    }

    /// Its English name, lower case.
    pub fn name(self) -> &'static str {
        match self {
            Season::Spring => "spring",
            Season::Summer => "summer",
            Season::Autumn => "autumn",
            Season::Winter => "winter",
        }
    }

    fn from_number(n: u8) -> Option<Season> {
        match n {
            21 => Some(Season::Spring),
            22 => Some(Season::Summer),
            23 => Some(Season::Autumn),
            24 => Some(Season::Winter),
            _ => None,
        }
    }

    /// The months it covers, first and last: winter ends in the next year's February.
    fn months(self) -> (u8, u8) {
        match self {
            Season::Spring => (3, 5),
            Season::Summer => (6, 8),
            Season::Autumn => (9, 11),
            Season::Winter => (12, 2),
        }
    }
}

/// How a date is written beyond its year, month and day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Form {
    /// A day, month or year, possibly qualified.
    Plain,
    /// The last `digits` (1 or 2) digits of the year are `X`: `196X`, `19XX`. The year
    /// holds the first year covered (1960, 1900).
    UnspecifiedYear { digits: u8 },
    /// `1960-XX`: the month is not given.
    UnspecifiedMonth,
    /// `1960-XX-XX`: neither month nor day is given.
    UnspecifiedMonthAndDay,
    /// `1960-06-XX`: the day is not given.
    UnspecifiedDay,
    /// `1960-21` to `1960-24`.
    Season(Season),
}

/// One date: a year, a month or a day, with its qualifier, or one of the other forms of
/// EDTF level 1 ([`Form`]).
///
/// `month` and `day` are in use as [`Date::precision`] says; values made by
/// [`Edtf::parse`] always exist in the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
    pub qualifier: Qualifier,
    pub form: Form,
}

impl Date {
    /// A plain day, month or year.
    pub fn plain(year: i32, month: Option<u8>, day: Option<u8>, qualifier: Qualifier) -> Date {
        Date { year, month, day, qualifier, form: Form::Plain }
    }

    pub fn precision(&self) -> Precision {
        match self.form {
            Form::Plain => match (self.month, self.day) {
                (Some(_), Some(_)) => Precision::Day,
                (Some(_), None) => Precision::Month,
                (None, _) => Precision::Year,
            },
            Form::UnspecifiedYear { digits: 1 } => Precision::Decade,
            Form::UnspecifiedYear { .. } => Precision::Century,
            Form::UnspecifiedMonth | Form::UnspecifiedMonthAndDay => Precision::Year,
            Form::UnspecifiedDay => Precision::Month,
            Form::Season(_) => Precision::Season,
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
        match (self.precision(), self.form, self.month, self.day) {
            (Precision::Day, _, Some(m), Some(d)) => (self.year, m, d),
            (Precision::Month, _, Some(m), _) => (self.year, m, 1),
            (Precision::Season, Form::Season(season), _, _) => (self.year, season.months().0, 1),
            _ => (self.year, 1, 1),
        }
    }

    fn last(&self) -> (i32, u8, u8) {
        match (self.precision(), self.form, self.month, self.day) {
            (Precision::Day, _, Some(m), Some(d)) => (self.year, m, d),
            (Precision::Month, _, Some(m), _) => (self.year, m, days_in_month(self.year, m)),
            (Precision::Season, Form::Season(season), _, _) => {
                let (first, last) = season.months();
                let year = if last < first { self.year + 1 } else { self.year };
                (year, last, days_in_month(year, last))
            }
            (Precision::Decade, ..) => (self.year + 9, 12, 31),
            (Precision::Century, ..) => (self.year + 99, 12, 31),
            _ => (self.year, 12, 31),
        }
    }

    /// Reads one date. `end` is set for an interval's end, which level 1 allows to be only
    /// a day, month or year, possibly qualified.
    ///
    /// The grammar read here is the schema's pattern (`$defs/edtf`), which refuses only a
    /// leading `-` beyond it (see [`EdtfError::YearOutOfRange`]); a test holds the two to
    /// each other. What the grammar admits and the calendar, the years 0001 to 9999 or
    /// level 1 do not is an error other than [`EdtfError::Syntax`], which R204 reports
    /// with its reason.
    fn parse(s: &str, end: bool) -> Result<Date, EdtfError> {
        let bytes = s.as_bytes();
        if let Some(long) = bytes.strip_prefix(b"Y") {
            // `Y170000002`, `Y-170000002`: level 1's years of five or more digits, a whole
            // year only (no month, day or qualifier, and not an interval's end).
            let digits = long.strip_prefix(b"-").unwrap_or(long);
            let long_year = digits.len() > 4 && digits[0] != b'0' && digits.iter().all(u8::is_ascii_digit);
            return Err(if long_year && !end { EdtfError::YearOutOfRange } else { EdtfError::Syntax });
        }
        // `-1985`: level 1's years before the common era, in any form (`-1985-04-12~`,
        // `-196X`, `-1985-21`).
        let (negative, bytes) = match bytes.strip_prefix(b"-") {
            Some(rest) => (true, rest),
            None => (false, bytes),
        };
        let (body, qualifier) = match bytes.split_last() {
            Some((&last, body)) => match Qualifier::from_symbol(last) {
                Some(q) => (body, q),
                None => (bytes, Qualifier::Exact),
            },
            None => return Err(EdtfError::Syntax),
        };
        if !matches!(body.len(), 4 | 7 | 10)
            || body.get(4).is_some_and(|&c| c != b'-')
            || body.get(7).is_some_and(|&c| c != b'-')
        {
            return Err(EdtfError::Syntax);
        }
        let year = &body[0..4];
        let month = body.get(5..7);
        let day = body.get(8..10);
        let x = |part: &[u8]| part == b"XX";
        // Unspecified digits, at the right end only (level 1): the last one or two of a
        // year given alone, the month (and then the day), or the day.
        let form = match (year, month, day) {
            (y, None, None) if y[..3].iter().all(u8::is_ascii_digit) && y[3] == b'X' => {
                Form::UnspecifiedYear { digits: 1 }
            }
            (y, None, None) if y[..2].iter().all(u8::is_ascii_digit) && &y[2..] == b"XX" => {
                Form::UnspecifiedYear { digits: 2 }
            }
            (_, Some(m), None) if x(m) => Form::UnspecifiedMonth,
            (_, Some(m), Some(d)) if x(m) && x(d) => Form::UnspecifiedMonthAndDay,
            (_, Some(m), Some(d)) if !x(m) && x(d) => Form::UnspecifiedDay,
            _ => Form::Plain,
        };
        let digits = |part: &[u8]| -> Result<u32, EdtfError> {
            if part.iter().all(u8::is_ascii_digit) {
                Ok(part.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
            } else {
                Err(EdtfError::Syntax)
            }
        };
        // Four digits (or fewer, before the Xs), so the year fits in an i32 and the month
        // and day in a u8.
        let (year, month, day) = match form {
            Form::UnspecifiedYear { digits: n } => {
                let known = digits(&year[..4 - usize::from(n)])? as i32;
                (known * 10i32.pow(u32::from(n)), None, None)
            }
            Form::UnspecifiedMonth | Form::UnspecifiedMonthAndDay => (digits(year)? as i32, None, None),
            Form::UnspecifiedDay => (digits(year)? as i32, month.map(digits).transpose()?.map(|m| m as u8), None),
            Form::Plain | Form::Season(_) => (
                digits(year)? as i32,
                month.map(digits).transpose()?.map(|m| m as u8),
                day.map(digits).transpose()?.map(|d| d as u8),
            ),
        };
        if negative || year < FIRST_YEAR {
            return Err(EdtfError::YearOutOfRange);
        }
        // 21 to 24 in the month's place, with no day, is a season.
        let form = match (form, month, day) {
            (Form::Plain, Some(m), None) => Season::from_number(m).map_or(Form::Plain, Form::Season),
            (form, ..) => form,
        };
        let month = if matches!(form, Form::Season(_)) { None } else { month };
        let date = Date { year, month, day, qualifier, form };
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
        if date.last().0 > LAST_YEAR {
            return Err(EdtfError::YearOutOfRange);
        }
        match (form, qualifier) {
            (Form::Plain, _) => {}
            (_, Qualifier::Exact) if !end => {}
            (_, Qualifier::Exact) => return Err(EdtfError::NotLevel1(Level1::IntervalEnd)),
            (_, _) => return Err(EdtfError::NotLevel1(Level1::Qualifier)),
        }
        Ok(date)
    }
}

/// Writes the EDTF form: `1960`, `1960-06`, `1960-06-19` with their qualifier, `196X`,
/// `1960-XX`, `1960-06-XX`, `1960-21`.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.form {
            Form::UnspecifiedYear { digits } => {
                let year = format!("{:04}", self.year);
                let known = 4 - usize::from(digits);
                return write!(f, "{}{}", &year[..known], &"XX"[..usize::from(digits)]);
            }
            Form::UnspecifiedMonth => return write!(f, "{:04}-XX", self.year),
            Form::UnspecifiedMonthAndDay => return write!(f, "{:04}-XX-XX", self.year),
            Form::UnspecifiedDay => return write!(f, "{:04}-{:02}-XX", self.year, self.month.unwrap_or(0)),
            Form::Season(season) => return write!(f, "{:04}-{}", self.year, season.number()),
            Form::Plain => {}
        }
        write!(f, "{:04}", self.year)?;
        match (self.precision(), self.month, self.day) {
            (Precision::Day, Some(m), Some(d)) => write!(f, "-{m:02}-{d:02}")?,
            (Precision::Month, Some(m), _) => write!(f, "-{m:02}")?,
            _ => {}
        }
        f.write_str(self.qualifier.symbol())
    }
}

/// One end of an interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum End {
    /// A day, month or year, possibly qualified.
    Date(Date),
    /// `..`: there is none (an open end).
    Open,
    /// The empty string: there is one, but the sources do not give it.
    Unknown,
}

impl End {
    /// The date, for an end that is one.
    pub fn date(&self) -> Option<&Date> {
        match self {
            End::Date(date) => Some(date),
            End::Open | End::Unknown => None,
        }
    }
}

/// A parsed EDTF value: one date, or an interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Edtf {
    Date(Date),
    /// `start/end`; at least one end is a date.
    Interval {
        start: End,
        end: End,
    },
}

impl Edtf {
    /// Reads an EDTF value, checking that its dates exist and that an interval does not
    /// end before it starts.
    pub fn parse(s: &str) -> Result<Edtf, EdtfError> {
        let Some((start, end)) = s.split_once('/') else {
            return Date::parse(s, false).map(Edtf::Date);
        };
        let end_point = |s: &str| match s {
            ".." => Ok(End::Open),
            "" => Ok(End::Unknown),
            _ => Date::parse(s, true).map(End::Date),
        };
        let (start, end) = (end_point(start), end_point(end));
        // The grammar first: a text that is not EDTF at one end is a syntax error, whatever
        // the other end holds (so the schema's pattern and the parser agree).
        if start == Err(EdtfError::Syntax) || end == Err(EdtfError::Syntax) {
            return Err(EdtfError::Syntax);
        }
        match (start?, end?) {
            (End::Date(start), End::Date(end)) if start.first() > end.last() => Err(EdtfError::EndBeforeStart),
            (start @ End::Date(_), end) | (start, end @ End::Date(_)) => Ok(Edtf::Interval { start, end }),
            (End::Open | End::Unknown, End::Open | End::Unknown) => Err(EdtfError::NoDate),
        }
    }

    /// The first day covered, `YYYY-MM-DD`; `None` for an interval whose start is open or
    /// unknown.
    pub fn earliest(&self) -> Option<String> {
        match self {
            Edtf::Date(date) => Some(date.first_day()),
            Edtf::Interval { start, .. } => start.date().map(Date::first_day),
        }
    }

    /// The last day covered, `YYYY-MM-DD`; `None` for an interval whose end is open or
    /// unknown.
    pub fn latest(&self) -> Option<String> {
        match self {
            Edtf::Date(date) => Some(date.last_day()),
            Edtf::Interval { end, .. } => end.date().map(Date::last_day),
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
        let end = |f: &mut fmt::Formatter<'_>, end: &End| match end {
            End::Date(date) => date.fmt(f),
            End::Open => f.write_str(".."),
            End::Unknown => Ok(()),
        };
        match self {
            Edtf::Date(date) => date.fmt(f),
            Edtf::Interval { start, end: last } => {
                end(f, start)?;
                f.write_str("/")?;
                end(f, last)
            }
        }
    }
}

/// What EDTF level 1 does not allow, of what the schema's pattern lets through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level1 {
    /// A qualifier after a season or unspecified digits (`1960-21~`, `196X?`): level 1
    /// qualifies a whole day, month or year only.
    Qualifier,
    /// A season or unspecified digits as an interval's end (`1960-21/1960-23`,
    /// `196X/1970`): level 1's interval ends are days, months or years, possibly qualified.
    IntervalEnd,
}

/// Why a text is not an EDTF value accepted here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EdtfError {
    /// Not of any EDTF level 1 form.
    Syntax,
    /// A year outside 0001 to 9999: `0000`, `000X`, `Y170000002`, `9999-24`, and a year
    /// before the common era (`-1985`, `../-1985`). The schema's pattern refuses a text that
    /// starts with `-` (a spreadsheet would read the CSV cell as a formula), so there J105
    /// reports it, with this reason as its help; R204 reports the others.
    YearOutOfRange,
    /// A month outside 01–12 (and not a season, 21–24).
    NoSuchMonth { month: u8 },
    /// A day that month does not have.
    NoSuchDay { year: i32, month: u8, day: u8 },
    /// An interval whose start's first day is after its end's last day.
    EndBeforeStart,
    /// A combination of forms that level 1 does not have.
    NotLevel1(Level1),
    /// An interval with no date at either end: `../..`, `/`, `../`, `/..`. The
    /// specification neither defines nor excludes these (EDTF.js reads `../..` and `/`,
    /// python-edtf `../..`), but a date field that names no day gives the exports nothing
    /// to write (no first or last day, no `FRBRdate`), so the dataset refuses them.
    NoDate,
}

impl EdtfError {
    /// The variant's name, as the EDTF corpus (tests/fixtures/edtf/corpus.tsv) and
    /// `examples/edtf_check` write it: `Syntax`, `YearOutOfRange`, `NoSuchMonth`,
    /// `NoSuchDay`, `EndBeforeStart`, `NotLevel1` or `NoDate`.
    pub fn name(&self) -> &'static str {
        match self {
            EdtfError::Syntax => "Syntax",
            EdtfError::YearOutOfRange => "YearOutOfRange",
            EdtfError::NoSuchMonth { .. } => "NoSuchMonth",
            EdtfError::NoSuchDay { .. } => "NoSuchDay",
            EdtfError::EndBeforeStart => "EndBeforeStart",
            EdtfError::NotLevel1(_) => "NotLevel1",
            EdtfError::NoDate => "NoDate",
        }
    }
}

impl fmt::Display for EdtfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            EdtfError::Syntax => f.write_str(
                "expected an EDTF date such as `1960`, `1960-06` or `1960-06-19`, optionally followed by \
                 `~` (approximate), `?` (uncertain) or `%` (both); a decade `196X` or century `19XX`; \
                 `1960-XX` or `1960-06-XX` for a month or day not given; a season `1960-21` (spring) to \
                 `1960-24` (winter); or an interval such as `1960-05/1960-06`, with `..` for an open end \
                 and nothing for an unknown one (`/2008`)",
            ),
            EdtfError::YearOutOfRange => f.write_str(
                "the dataset's years run from 0001 to 9999, the days the exports write as `xs:date`: XML \
                 Schema 1.0 has no year 0000, and the reference tools (frictionless for the CSV, rdflib for \
                 JSON-LD) read a day only within 0001 to 9999; so no year before the common era (`-1985`), \
                 0000 or of five digits (`Y170000002`). Check the year against the source; a date outside \
                 these years cannot be recorded here, so give the source's wording in `date_phrase` or \
                 `notes` instead",
            ),
            EdtfError::NoSuchMonth { month } => {
                write!(f, "there is no month {month:02}: months run from 01 to 12 (and 21 to 24 are the seasons)")
            }
            EdtfError::NoSuchDay { year, month, day } => {
                let name = MONTH_NAMES.get(usize::from(month).wrapping_sub(1)).copied().unwrap_or("that month");
                let days = days_in_month(year, month);
                write!(f, "{name} {year:04} has no day {day:02}: its days run from 01 to {days:02}")
            }
            EdtfError::EndBeforeStart => {
                f.write_str("the interval ends before it starts: write the earlier date first")
            }
            EdtfError::NotLevel1(Level1::Qualifier) => f.write_str(
                "at EDTF level 1 a qualifier (`~`, `?`, `%`) follows only a day, month or year, not a season \
                 or unspecified digits: drop it, and give the source's wording in `date_phrase` or `notes`",
            ),
            EdtfError::NotLevel1(Level1::IntervalEnd) => f.write_str(
                "at EDTF level 1 an interval's ends are days, months or years (possibly qualified), not \
                 seasons or unspecified digits: write the months or years they cover (`1960-03/1960-08` for \
                 spring to summer 1960, `1960/1970` for the 1960s to 1970, `1960/1960-05` for 1960 to some \
                 day in May 1960)",
            ),
            EdtfError::NoDate => f.write_str(
                "an interval must name a day, month or year at one end at least (`../..`, `/`, `../` and `/..` \
                 name none, so no export could write a day for it): give the end the sources allow, as in \
                 `../1960` (by 1960), with their wording in `date_phrase`, or leave out a field that may be \
                 left out",
            ),
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
        Date::plain(year, month, day, qualifier)
    }

    fn form(year: i32, month: Option<u8>, form: Form) -> Date {
        Date { year, month, day: None, qualifier: Qualifier::Exact, form }
    }

    fn bounds(s: &str) -> (Option<String>, Option<String>) {
        let e = Edtf::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        (e.earliest(), e.latest())
    }

    fn some(s: &str) -> Option<String> {
        Some(s.to_string())
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
    fn parses_unspecified_digits_and_seasons() {
        let cases = [
            ("196X", form(1960, None, Form::UnspecifiedYear { digits: 1 }), Precision::Decade),
            ("19XX", form(1900, None, Form::UnspecifiedYear { digits: 2 }), Precision::Century),
            ("001X", form(10, None, Form::UnspecifiedYear { digits: 1 }), Precision::Decade),
            ("1960-XX", form(1960, None, Form::UnspecifiedMonth), Precision::Year),
            ("1960-XX-XX", form(1960, None, Form::UnspecifiedMonthAndDay), Precision::Year),
            ("1960-05-XX", form(1960, Some(5), Form::UnspecifiedDay), Precision::Month),
            ("1960-21", form(1960, None, Form::Season(Season::Spring)), Precision::Season),
            ("1960-24", form(1960, None, Form::Season(Season::Winter)), Precision::Season),
        ];
        for (text, expected, precision) in cases {
            assert_eq!(Edtf::parse(text), Ok(Edtf::Date(expected)), "{text}");
            assert_eq!(expected.precision(), precision, "{text}");
            assert_eq!(Edtf::parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn each_form_covers_its_first_and_last_day() {
        assert_eq!(bounds("1960"), (some("1960-01-01"), some("1960-12-31")));
        assert_eq!(bounds("1960-06~"), (some("1960-06-01"), some("1960-06-30")));
        assert_eq!(bounds("1960-06-19"), (some("1960-06-19"), some("1960-06-19")));
        assert_eq!(bounds("196X"), (some("1960-01-01"), some("1969-12-31")));
        assert_eq!(bounds("19XX"), (some("1900-01-01"), some("1999-12-31")));
        assert_eq!(bounds("1960-XX"), (some("1960-01-01"), some("1960-12-31")));
        assert_eq!(bounds("1960-XX-XX"), (some("1960-01-01"), some("1960-12-31")));
        assert_eq!(bounds("1960-02-XX"), (some("1960-02-01"), some("1960-02-29")));
        assert_eq!(bounds("1960-21"), (some("1960-03-01"), some("1960-05-31")));
        assert_eq!(bounds("1960-22"), (some("1960-06-01"), some("1960-08-31")));
        assert_eq!(bounds("1960-23"), (some("1960-09-01"), some("1960-11-30")));
        // Winter runs into the next year's February, a leap one here.
        assert_eq!(bounds("1963-24"), (some("1963-12-01"), some("1964-02-29")));
        assert_eq!(bounds("1959-11/1960-02"), (some("1959-11-01"), some("1960-02-29")));
        assert_eq!(bounds("../2008"), (None, some("2008-12-31")));
        assert_eq!(bounds("/2008"), (None, some("2008-12-31")));
        assert_eq!(bounds("1960-06-23/.."), (some("1960-06-23"), None));
        assert_eq!(bounds("1960-06-23/"), (some("1960-06-23"), None));
    }

    #[test]
    fn parses_intervals_with_open_and_unknown_ends() {
        let q = Qualifier::Exact;
        let end = |year, month| End::Date(date(year, month, None, q));
        assert_eq!(
            Edtf::parse("1960-05/1960-06"),
            Ok(Edtf::Interval { start: end(1960, Some(5)), end: end(1960, Some(6)) })
        );
        assert_eq!(Edtf::parse("../2008"), Ok(Edtf::Interval { start: End::Open, end: end(2008, None) }));
        assert_eq!(Edtf::parse("/2008"), Ok(Edtf::Interval { start: End::Unknown, end: end(2008, None) }));
        assert_eq!(Edtf::parse("1960/"), Ok(Edtf::Interval { start: end(1960, None), end: End::Unknown }));
        for text in ["1960-05~/1960-06?", "../2008", "/2008", "1960/..", "1960/", "1960/1960", "1960-06/1960"] {
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
            "+1960",
            "19X0",
            "1X60",
            "X960",
            "1XXX",
            "1960-X5",
            "1960-XX-05",
            "1960~~",
            "~1960",
            "1960-21x",
            "..",
            "1960//1961",
            "1960/1961/1962",
            "1960 ",
            " 1960",
            "1960-06-19-01",
            "１９６０",
            "-",
            "Y",
            "--1985",
            "-Y12345",
            "-196",
            "Y~",
            "Y-",
            "Y1234",
            "Y01234",
            "Y-01234",
            "Y12345~",
            "Y12345-06",
            "Y12345/..",
            "../Y12345",
            "y12345",
            "196x",
            "1960-xx",
            "XXXX",
            "XXXX-XX",
            "1960-0X",
            "1960-06-1X",
            "1960-21^southernHemisphere",
            // The grammar first: a syntax error at either end, whatever the other holds.
            "0000/196",
            "1960-13/1960-6",
            "196X?/x",
        ] {
            assert_eq!(Edtf::parse(text), Err(EdtfError::Syntax), "{text:?}");
        }
    }

    #[test]
    fn refuses_what_level_1_does_not_have() {
        use Level1::*;
        for (text, why) in [
            ("1960-21~", Qualifier),
            ("196X?", Qualifier),
            ("1960-XX~", Qualifier),
            ("1960-21/1960-23", IntervalEnd),
            ("196X/1970", IntervalEnd),
            ("1960/1960-05-XX", IntervalEnd),
            ("1960-24?", Qualifier),
            ("19XX%", Qualifier),
            ("1960-06-XX~", Qualifier),
            ("1960-XX-XX?", Qualifier),
            ("1960-21/1960-23", IntervalEnd),
            ("../1960-24", IntervalEnd),
            ("1960-22/", IntervalEnd),
            ("196X/1970", IntervalEnd),
            ("1950/19XX", IntervalEnd),
            ("1960-XX/..", IntervalEnd),
            ("1960/1960-05-XX", IntervalEnd),
            ("1960-21~/1960-23", Qualifier),
        ] {
            assert_eq!(Edtf::parse(text), Err(EdtfError::NotLevel1(why)), "{text}");
        }
        assert!(EdtfError::NotLevel1(Qualifier).to_string().contains("date_phrase"));
        assert!(EdtfError::NotLevel1(IntervalEnd).to_string().contains("`1960-03/1960-08`"));
    }

    #[test]
    fn an_interval_that_names_no_date_is_refused_and_says_what_to_write() {
        for text in ["../..", "/", "../", "/.."] {
            assert_eq!(Edtf::parse(text), Err(EdtfError::NoDate), "{text}");
        }
        let message = EdtfError::NoDate.to_string();
        assert!(message.contains("`../1960`") && message.contains("date_phrase"), "{message}");
    }

    #[test]
    fn rejects_months_and_days_that_do_not_exist() {
        assert_eq!(Edtf::parse("1960-13"), Err(EdtfError::NoSuchMonth { month: 13 }));
        assert_eq!(Edtf::parse("1960-00-01"), Err(EdtfError::NoSuchMonth { month: 0 }));
        assert_eq!(Edtf::parse("1960-25"), Err(EdtfError::NoSuchMonth { month: 25 }), "level 2 seasons");
        assert_eq!(Edtf::parse("1960-13-XX"), Err(EdtfError::NoSuchMonth { month: 13 }));
        assert_eq!(Edtf::parse("1960-21-01"), Err(EdtfError::NoSuchMonth { month: 21 }), "a season has no days");
        assert_eq!(Edtf::parse("1960-02-30"), Err(EdtfError::NoSuchDay { year: 1960, month: 2, day: 30 }));
        assert_eq!(Edtf::parse("1960-04-31~"), Err(EdtfError::NoSuchDay { year: 1960, month: 4, day: 31 }));
        assert_eq!(Edtf::parse("1960-06-00"), Err(EdtfError::NoSuchDay { year: 1960, month: 6, day: 0 }));
        assert_eq!(Edtf::parse("1959/1960-02-30"), Err(EdtfError::NoSuchDay { year: 1960, month: 2, day: 30 }));
    }

    #[test]
    fn years_outside_0001_to_9999_are_refused_in_every_form() {
        for text in [
            "0000",
            "0000-01",
            "0000-02-29",
            "0000~",
            "0000/1960",
            "../0000",
            "0000-12-31/0001",
            "000X",
            "00XX",
            "0000-XX",
            "0000-21",
            "9999-24",
            "Y170000002",
            "Y-170000002",
            "Y10000",
            "-1985",
            "-1985-04",
            "-1985-04-12~",
            "-1985-21",
            "-0000",
            "-196X",
            "-19XX",
            "-1985-XX",
            "-1985-04-XX",
            "-1985/1990",
            "../-1985",
            "1960/-0001-01",
        ] {
            assert_eq!(Edtf::parse(text), Err(EdtfError::YearOutOfRange), "{text}");
        }
        let message = EdtfError::YearOutOfRange.to_string();
        for part in ["0001 to 9999", "xs:date", "year 0000", "`-1985`", "`Y170000002`", "date_phrase"] {
            assert!(message.contains(part), "{part}: {message}");
        }
        assert_eq!(Edtf::parse("0001-01-01/9999-12-31").unwrap().earliest().as_deref(), Some("0001-01-01"));
        assert_eq!(bounds("999X"), (some("9990-01-01"), some("9999-12-31")));
        assert_eq!(bounds("9999-23"), (some("9999-09-01"), some("9999-11-30")));
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
        assert_eq!(bounds("1900-24"), (some("1900-12-01"), some("1901-02-28")));
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
        assert_eq!(
            EdtfError::NoSuchMonth { month: 13 }.to_string(),
            "there is no month 13: months run from 01 to 12 (and 21 to 24 are the seasons)"
        );
        assert!(EdtfError::Syntax.to_string().contains("`1960-06-19`"));
        assert!(EdtfError::Syntax.to_string().contains("`196X`"));
        assert!(EdtfError::EndBeforeStart.to_string().contains("earlier date first"));
    }

    fn qualifier() -> impl Strategy<Value = Qualifier> {
        prop_oneof![
            Just(Qualifier::Exact),
            Just(Qualifier::Approximate),
            Just(Qualifier::Uncertain),
            Just(Qualifier::ApproximateUncertain),
        ]
    }

    /// A plain day, month or year: what an interval's end may be.
    fn any_plain_date() -> impl Strategy<Value = Date> {
        (FIRST_YEAR..=LAST_YEAR, 1u8..=12, 1u8..=31, 0..3, qualifier()).prop_map(
            |(year, month, day, precision, qualifier)| {
                let day = day.min(days_in_month(year, month));
                match precision {
                    0 => date(year, None, None, qualifier),
                    1 => date(year, Some(month), None, qualifier),
                    _ => date(year, Some(month), Some(day), qualifier),
                }
            },
        )
    }

    /// Any date of level 1, the other forms included.
    fn any_date() -> impl Strategy<Value = Date> {
        let other = (1i32..=999, 1u8..=12, 0..6, 0usize..4).prop_map(|(n, month, which, season)| match which {
            0 => form(n * 10, None, Form::UnspecifiedYear { digits: 1 }),
            1 => form((n % 99 + 1) * 100, None, Form::UnspecifiedYear { digits: 2 }),
            2 => form(n, None, Form::UnspecifiedMonth),
            3 => form(n, None, Form::UnspecifiedMonthAndDay),
            4 => form(n, Some(month), Form::UnspecifiedDay),
            _ => form(n, None, Form::Season([Season::Spring, Season::Summer, Season::Autumn, Season::Winter][season])),
        });
        prop_oneof![any_plain_date(), other]
    }

    fn any_edtf() -> impl Strategy<Value = Edtf> {
        prop_oneof![
            any_date().prop_map(Edtf::Date),
            (any_plain_date(), any_plain_date(), 0..5).prop_map(|(a, b, ends)| {
                let (start, end) = if a.first() <= b.last() { (a, b) } else { (b, a) };
                let (start, end) = (End::Date(start), End::Date(end));
                match ends {
                    0 => Edtf::Interval { start: End::Open, end },
                    1 => Edtf::Interval { start, end: End::Open },
                    2 => Edtf::Interval { start: End::Unknown, end },
                    3 => Edtf::Interval { start, end: End::Unknown },
                    _ => Edtf::Interval { start, end },
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
        fn parsing_never_panics_and_what_parses_round_trips(text in "[0-9./~?%XY-]{0,24}") {
            if let Ok(value) = Edtf::parse(&text) {
                prop_assert_eq!(value.to_string(), text);
            }
        }
    }
}
