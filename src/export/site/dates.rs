//! Dates as a reader of the site sees them: an EDTF text in words ("about June 1960",
//! "March 1959 – 23 June 1960"), and the days it covers as numbers for the timeline.

use crate::edtf::{Date, Edtf, End, Form, MONTH_NAMES, Qualifier};

/// A date field as the pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// In words.
    pub words: String,
    /// The EDTF text, as the data has it.
    pub edtf: String,
    /// The first and last days it covers (`YYYY-MM-DD`), where it has them.
    pub first: Option<String>,
    pub last: Option<String>,
    /// A value for `<time datetime>`: a day, month or year, where the date is one of
    /// those, exact.
    pub datetime: Option<String>,
}

impl Shown {
    /// Whether the first and last days differ: a date that is not one day.
    pub fn is_span(&self) -> bool {
        self.first != self.last
    }
}

/// How the pages show an EDTF text. Text that is not EDTF (which validated data never
/// has) is shown as it is.
pub fn shown(text: &str) -> Shown {
    shown_parsed(text, Edtf::parse(text).ok().as_ref())
}

/// [`shown`], for a text already parsed (`parsed`, `None` when it is not EDTF).
pub fn shown_parsed(text: &str, parsed: Option<&Edtf>) -> Shown {
    let words = parsed.map_or_else(|| text.to_string(), words);
    let datetime = match parsed {
        Some(Edtf::Date(date)) if date.qualifier == Qualifier::Exact && date.form == Form::Plain => {
            Some(match (date.month, date.day) {
                (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", date.year),
                (Some(m), None) => format!("{:04}-{m:02}", date.year),
                _ => format!("{:04}", date.year),
            })
        }
        _ => None,
    };
    Shown {
        words,
        edtf: text.to_string(),
        first: parsed.and_then(Edtf::earliest),
        last: parsed.and_then(Edtf::latest),
        datetime,
    }
}

/// An EDTF value in words.
pub fn words(edtf: &Edtf) -> String {
    match edtf {
        Edtf::Date(date) => date_words(date),
        Edtf::Interval { start, end } => match (start, end) {
            (End::Date(s), End::Date(e)) => format!("{} – {}", date_words(s), date_words(e)),
            (End::Date(s), End::Open) => format!("from {} on", date_words(s)),
            (End::Date(s), End::Unknown) => format!("from {} (end unknown)", date_words(s)),
            (End::Open, End::Date(e)) => format!("until {}", date_words(e)),
            (End::Unknown, End::Date(e)) => format!("(start unknown) until {}", date_words(e)),
            // Parsing refuses an interval with no date at either end.
            (_, _) => String::from("unknown"),
        },
    }
}

fn month(m: u8) -> &'static str {
    MONTH_NAMES.get(usize::from(m).wrapping_sub(1)).copied().unwrap_or("")
}

fn date_words(date: &Date) -> String {
    let y = date.year;
    let plain = match (date.form, date.month, date.day) {
        (Form::Plain, Some(m), Some(d)) => format!("{d} {} {y}", month(m)),
        (Form::Plain, Some(m), None) => format!("{} {y}", month(m)),
        (Form::Plain, None, _) => format!("{y}"),
        (Form::UnspecifiedYear { .. }, ..) => format!("the {y}s"),
        (Form::UnspecifiedMonth | Form::UnspecifiedMonthAndDay, ..) => format!("{y} (month not given)"),
        (Form::UnspecifiedDay, Some(m), _) => format!("{} {y} (day not given)", month(m)),
        (Form::UnspecifiedDay, None, _) => format!("{y}"),
        (Form::Season(season), ..) => format!("{} {y}", season.name()),
    };
    match date.qualifier {
        Qualifier::Exact => plain,
        Qualifier::Approximate => format!("about {plain}"),
        Qualifier::Uncertain => format!("{plain} (uncertain)"),
        Qualifier::ApproximateUncertain => format!("about {plain} (uncertain)"),
    }
}

/// Whether any date of the value is qualified (`~`, `?`, `%`).
pub fn is_qualified(edtf: &Edtf) -> bool {
    let qualified = |d: &Date| d.qualifier != Qualifier::Exact;
    match edtf {
        Edtf::Date(date) => qualified(date),
        Edtf::Interval { start, end } => start.date().is_some_and(qualified) || end.date().is_some_and(qualified),
    }
}

/// The day number of `YYYY-MM-DD` (days since 1970-01-01; before it negative), for
/// drawing. `None` for any other text.
pub fn day_number(day: &str) -> Option<i64> {
    let mut parts = day.splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146097 + doe - 719468)
}

/// The year and month (1 to 12) of a day number.
pub fn year_month(day: i64) -> (i64, u8) {
    let z = day + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m as u8)
}

/// The month's English name (1 to 12).
pub fn month_name(m: u8) -> &'static str {
    month(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str) -> String {
        shown(text).words
    }

    #[test]
    fn dates_read_as_words_at_their_precision() {
        assert_eq!(w("1960-01-19"), "19 January 1960");
        assert_eq!(w("1960-06"), "June 1960");
        assert_eq!(w("1960"), "1960");
        assert_eq!(w("1960-06~"), "about June 1960");
        assert_eq!(w("1960?"), "1960 (uncertain)");
        assert_eq!(w("1960%"), "about 1960 (uncertain)");
        assert_eq!(w("196X"), "the 1960s");
        assert_eq!(w("1960-21"), "spring 1960");
        assert_eq!(w("1959-03/1960-06-23"), "March 1959 – 23 June 1960");
        assert_eq!(w("../1966"), "until 1966");
        assert_eq!(w("1966/.."), "from 1966 on");
        assert_eq!(w("1966/"), "from 1966 (end unknown)");
        assert_eq!(w("1960-06-XX"), "June 1960 (day not given)");
    }

    #[test]
    fn only_exact_plain_dates_get_a_datetime() {
        assert_eq!(shown("1960-01-19").datetime.as_deref(), Some("1960-01-19"));
        assert_eq!(shown("0001").datetime.as_deref(), Some("0001"));
        assert_eq!(shown("1960~").datetime, None);
        assert_eq!(shown("196X").datetime, None);
        assert_eq!(shown("1960/1961").datetime, None);
    }

    #[test]
    fn day_numbers_round_trip_through_the_calendar() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("1960-01-19"), Some(-3635));
        for day in ["0001-01-01", "1600-02-29", "1960-12-31", "9999-12-31"] {
            let n = day_number(day).unwrap();
            let (y, m) = year_month(n);
            assert_eq!(format!("{y:04}-{m:02}"), day[..7], "{day}");
        }
        assert_eq!(day_number("1960"), None);
    }
}
