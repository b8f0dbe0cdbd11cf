//! The timeline's drawing: where each event's mark goes on an inline SVG, one row per
//! event in date order, on an axis from the part's first day to its last.
//!
//! A date is drawn as what it is: one day as a symbol, anything longer (a month, a year, a
//! season, a decade, an interval) as a bar from its first to its last day with the symbol
//! at its start; an open end (`../1966`) as an arrow to the edge of the axis, an unknown end
//! (`1966/`) as a dotted line to it; a qualified date (`~`, `?`, `%`) hollow and dashed.
//! Kinds of event are grouped into four families, each a shape and a colour (never colour
//! alone), explained by the page's legend. Only numbers are made here; the template writes
//! the SVG, escaping every text.

use super::dates::{day_number, month_name, year_month};
use crate::edtf::{Edtf, End};
use crate::model::EventKind;

/// The width of the drawing, in SVG user units (CSS pixels at 1:1).
pub const WIDTH: i64 = 1000;
const LEFT: i64 = 20;
const RIGHT: i64 = 20;
/// Where the first row starts: below the axis and its labels.
const TOP: i64 = 44;
pub const ROW: i64 = 28;

/// The families of event kinds, one shape and colour each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Family {
    Diplomacy,
    Law,
    Contest,
    Politics,
}

impl Family {
    pub const ALL: [Family; 4] = [Family::Diplomacy, Family::Law, Family::Contest, Family::Politics];

    pub fn of(kind: EventKind) -> Family {
        use EventKind::*;
        match kind {
            Negotiation | Signing | ExchangeOfRatifications | Agreement | Statement | Apology => Family::Diplomacy,
            Submission | LegislativeVote | Approval | CabinetDecision | Promulgation | EntryIntoForce | Renewal
            | Cancellation | EndOfOccupation | EndOfAid => Family::Law,
            Protest | Lawsuit | Crime | Curfew | Poll => Family::Contest,
            Death | Resignation | Election | Founding => Family::Politics,
        }
    }

    /// The CSS class of its marks (`style.css` gives the colour).
    pub fn class(self) -> &'static str {
        match self {
            Family::Diplomacy => "f-diplomacy",
            Family::Law => "f-law",
            Family::Contest => "f-contest",
            Family::Politics => "f-politics",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Family::Diplomacy => "Diplomacy: talks, signatures, agreements, statements",
            Family::Law => "Law and government: submissions, votes, approvals, entry into force, renewal",
            Family::Contest => "Contestation: protests, lawsuits, crimes, curfews, polls",
            Family::Politics => "Politics and people: elections, resignations, deaths, foundings",
        }
    }

    pub fn shape(self) -> &'static str {
        match self {
            Family::Diplomacy => "circle",
            Family::Law => "diamond",
            Family::Contest => "square",
            Family::Politics => "triangle",
        }
    }

    /// The symbol's outline centred on (`x`, `y`), as SVG polygon points; a circle has none.
    pub fn points(self, x: i64, y: i64) -> String {
        match self {
            Family::Diplomacy => String::new(),
            Family::Law => format!("{x},{} {},{y} {x},{} {},{y}", y - 7, x + 7, y + 7, x - 7),
            Family::Contest => {
                format!("{},{} {},{} {},{} {},{}", x - 6, y - 6, x + 6, y - 6, x + 6, y + 6, x - 6, y + 6)
            }
            Family::Politics => format!("{x},{} {},{} {},{}", y - 7, x + 7, y + 6, x - 7, y + 6),
        }
    }
}

/// How a mark ends on one side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// At a day the date gives.
    Day,
    /// `..`: no end; an arrow to the axis's edge.
    Open,
    /// Empty: an end the sources do not give; a dotted line to the axis's edge.
    Unknown,
}

/// One event to draw.
#[derive(Debug, Clone)]
pub struct Item {
    pub href: String,
    pub title: String,
    /// The date in words.
    pub when: String,
    pub kind: EventKind,
    pub first: Option<i64>,
    pub last: Option<i64>,
    pub start: Edge,
    pub end: Edge,
    pub qualified: bool,
}

impl Item {
    /// The geometry-relevant parts of an event's date.
    pub fn span(edtf: Option<&Edtf>) -> (Option<i64>, Option<i64>, Edge, Edge) {
        let day = |d: Option<String>| d.as_deref().and_then(day_number);
        let edge = |end: &End| match end {
            End::Date(_) => Edge::Day,
            End::Open => Edge::Open,
            End::Unknown => Edge::Unknown,
        };
        match edtf {
            Some(e @ Edtf::Date(_)) => (day(e.earliest()), day(e.latest()), Edge::Day, Edge::Day),
            Some(e @ Edtf::Interval { start, end }) => (day(e.earliest()), day(e.latest()), edge(start), edge(end)),
            None => (None, None, Edge::Unknown, Edge::Unknown),
        }
    }
}

/// One mark, placed.
#[derive(Debug, Clone)]
pub struct Mark {
    pub href: String,
    /// The accessible name: title, date and kind.
    pub name: String,
    pub label: String,
    pub class: &'static str,
    pub shape: &'static str,
    pub points: String,
    pub qualified: bool,
    /// The symbol's centre.
    pub cx: i64,
    pub cy: i64,
    /// The bar, from `x1` to `x2` (equal for one day: no bar).
    pub x1: i64,
    pub x2: i64,
    pub bar_y: i64,
    pub start: &'static str,
    pub end: &'static str,
    /// The arrow at an open end, as polygon points; empty for none.
    pub arrow: String,
    pub text_x: i64,
    pub text_y: i64,
    pub anchor: &'static str,
}

#[derive(Debug, Clone)]
pub struct Tick {
    pub x: i64,
    pub label: String,
}

/// A drawn part of the timeline.
#[derive(Debug, Clone)]
pub struct Chart {
    pub width: i64,
    pub height: i64,
    pub ticks: Vec<Tick>,
    pub marks: Vec<Mark>,
}

fn edge_name(edge: Edge) -> &'static str {
    match edge {
        Edge::Day => "day",
        Edge::Open => "open",
        Edge::Unknown => "unknown",
    }
}

/// Where a gap of more than this many days between an event and every event before it
/// (eight years) starts a new drawing: so that a lone event centuries before the rest (the
/// Peace of Westphalia) does not squeeze them into a sliver of the axis.
pub const GAP_DAYS: i64 = 8 * 365;

/// The runs of `items` (in date order) to draw on one axis each: a new run starts where an
/// event starts more than [`GAP_DAYS`] after the last day of every event before it.
pub fn runs(items: &[Item]) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let mut start = 0;
    let mut reach: Option<i64> = None;
    for (i, item) in items.iter().enumerate() {
        let (Some(first), Some(last)) = (item.first.or(item.last), item.last.or(item.first)) else { continue };
        if let Some(end) = reach
            && first > end + GAP_DAYS
        {
            runs.push(start..i);
            start = i;
            reach = None;
        }
        reach = Some(reach.map_or(last, |end| end.max(last)));
    }
    if start < items.len() {
        runs.push(start..items.len());
    }
    runs
}

/// Draws `items` (in date order) one per row.
pub fn chart(items: &[Item]) -> Chart {
    let days = items.iter().flat_map(|i| [i.first, i.last]).flatten();
    let (mut lo, mut hi) = days.fold((i64::MAX, i64::MIN), |(lo, hi), d| (lo.min(d), hi.max(d)));
    if lo > hi {
        (lo, hi) = (0, 0);
    }
    // A margin of a fortieth of the span (at least a fortnight) on each side, so that a
    // mark at either end and an open end's arrow stay clear of the border.
    let pad = ((hi - lo) / 40).max(15);
    let (lo, hi) = (lo - pad, hi + pad);
    let inner = WIDTH - LEFT - RIGHT;
    let x = |day: i64| LEFT + ((day - lo) as i128 * inner as i128 / (hi - lo) as i128) as i64;

    let mut marks = Vec::with_capacity(items.len());
    for (row, item) in items.iter().enumerate() {
        let top = TOP + row as i64 * ROW;
        let bar_y = top + 19;
        let family = Family::of(item.kind);
        let (x1, x2) = match (item.first, item.last) {
            (Some(f), Some(l)) => (x(f), x(l)),
            (None, Some(l)) => (LEFT, x(l)),
            (Some(f), None) => (x(f), WIDTH - RIGHT),
            (None, None) => (LEFT, LEFT),
        };
        let arrow = match (item.start, item.end) {
            (Edge::Open, _) => format!("{},{bar_y} {},{} {},{}", x1 - 2, x1 + 6, bar_y - 5, x1 + 6, bar_y + 5),
            (_, Edge::Open) => format!("{},{bar_y} {},{} {},{}", x2 + 2, x2 - 6, bar_y - 5, x2 - 6, bar_y + 5),
            _ => String::new(),
        };
        // The symbol sits at the first day, or at the last where the start is not known.
        let cx = if item.first.is_some() { x1 } else { x2 };
        // The whole title, never cut: the mark's accessible name starts with it, so what a
        // reader sees is what a screen reader says (a title longer than the drawing is
        // clipped at its edge; the list below the drawing has it in full).
        let label = item.title.clone();
        let (text_x, anchor) = if x1 <= WIDTH / 2 { (x1.max(LEFT), "start") } else { (x2, "end") };
        marks.push(Mark {
            href: item.href.clone(),
            name: format!("{}, {} ({})", item.title, item.when, item.kind.as_str()),
            label,
            class: family.class(),
            shape: family.shape(),
            points: family.points(cx, bar_y),
            qualified: item.qualified,
            cx,
            cy: bar_y,
            x1,
            x2,
            bar_y,
            start: edge_name(item.start),
            end: edge_name(item.end),
            arrow,
            text_x,
            text_y: top + 9,
            anchor,
        });
    }
    Chart { width: WIDTH, height: TOP + items.len() as i64 * ROW + 8, ticks: ticks(lo, hi, &x), marks }
}

/// Lines across the drawing at the start of years (or months, for a short span), no more
/// than twelve.
fn ticks(lo: i64, hi: i64, x: &dyn Fn(i64) -> i64) -> Vec<Tick> {
    const STEPS: [i64; 14] = [1, 3, 6, 12, 24, 60, 120, 240, 600, 1200, 2400, 6000, 12000, 24000];
    let (y0, m0) = year_month(lo);
    let (y1, m1) = year_month(hi);
    let months = |y: i64, m: u8| y * 12 + i64::from(m) - 1;
    let (from, to) = (months(y0, m0) + 1, months(y1, m1));
    let step = STEPS.into_iter().find(|s| (to - from) / s < 12).unwrap_or(120_000);
    let mut ticks = Vec::new();
    let mut month = from + (step - from.rem_euclid(step)) % step;
    while month <= to {
        let (year, m) = (month.div_euclid(12), (month.rem_euclid(12) + 1) as u8);
        let day = day_number(&format!("{year:04}-{m:02}-01")).unwrap_or(lo);
        let label = if step < 12 {
            format!("{} {year}", month_name(m).get(..3).unwrap_or_default())
        } else {
            format!("{year}")
        };
        ticks.push(Tick { x: x(day), label });
        month += step;
    }
    ticks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(date: &str) -> Item {
        let edtf = Edtf::parse(date).ok();
        let (first, last, start, end) = Item::span(edtf.as_ref());
        Item {
            href: format!("events/{date}.html"),
            title: date.to_string(),
            when: date.to_string(),
            kind: EventKind::Signing,
            first,
            last,
            start,
            end,
            qualified: false,
        }
    }

    #[test]
    fn a_day_is_a_point_and_a_year_a_bar_from_its_first_to_its_last_day() {
        let chart = chart(&[item("1950-01-01"), item("1960"), item("1970-12-31")]);
        let [day, year, last] = &chart.marks[..] else { panic!("three marks") };
        assert_eq!(day.x1, day.x2);
        assert!(year.x1 < year.x2);
        assert!(day.x1 < year.x1 && year.x2 < last.x1);
        // Rows go down in order.
        assert!(day.bar_y < year.bar_y && year.bar_y < last.bar_y);
    }

    #[test]
    fn open_ends_reach_the_edge_with_an_arrow() {
        let chart = chart(&[item("1950"), item("../1960"), item("1955/..")]);
        let (until, from) = (&chart.marks[1], &chart.marks[2]);
        assert_eq!(until.x1, LEFT);
        assert_eq!(until.start, "open");
        assert!(!until.arrow.is_empty());
        assert_eq!(from.x2, WIDTH - RIGHT);
        assert_eq!(from.end, "open");
        assert_eq!(chart.marks[0].arrow, "");
    }

    #[test]
    fn ticks_are_few_and_inside_the_drawing() {
        for dates in [vec!["1945", "2019"], vec!["1960-01-19", "1960-06-23"], vec!["0001", "9999"]] {
            let items: Vec<Item> = dates.iter().map(|d| item(d)).collect();
            let chart = chart(&items);
            assert!(!chart.ticks.is_empty() && chart.ticks.len() <= 12, "{dates:?}: {:?}", chart.ticks);
            assert!(chart.ticks.iter().all(|t| (LEFT..=WIDTH - RIGHT).contains(&t.x)), "{dates:?}");
        }
    }

    #[test]
    fn a_long_gap_starts_a_new_drawing() {
        let items: Vec<Item> = ["1648", "1951-09-08", "1951/1970", "1975", "1995"].iter().map(|d| item(d)).collect();
        // 1975 is within eight years of the 1951–1970 span's end; 1995 is not.
        assert_eq!(runs(&items), [0..1, 1..4, 4..5]);
        assert_eq!(runs(&items[..0]), Vec::<std::ops::Range<usize>>::new());
    }

    #[test]
    fn every_kind_has_a_family() {
        for &kind in EventKind::ALL {
            assert!(Family::ALL.contains(&Family::of(kind)));
        }
    }
}
