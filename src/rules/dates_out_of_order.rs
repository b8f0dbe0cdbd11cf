//! R205 dates out of order: a date that must come after another comes before it.
//!
//! Three cases, each a slip the schema cannot see:
//! - an interval that ends before it starts (`1960-06/1960-05`);
//! - an instrument whose `entry_into_force` is before its `signed.date`;
//! - a role whose `end` is before its `start`.
//!
//! Dates are compared by the days they cover ([`crate::edtf::Edtf::earliest`] and
//! [`latest`](crate::edtf::Edtf::latest)), at the precision given: a date is before another
//! only if the last day it covers is before the first day the other covers, so `1960` does
//! not conflict with `1960-01-19`. Every form of EDTF level 1 is compared so: a decade
//! `196X` covers 1960-01-01 to 1969-12-31, `1960-XX` the year, `1960-06-XX` the month, a
//! season its three months (winter `1960-24` to 1961-02-28, so an entry into force in
//! January 1961 is not before a signing in winter 1960), an interval from its start's first
//! day to its end's last day. An interval's own ends are ordered the same way, by the
//! start's first day against the end's last day (`Edtf::parse` refuses the interval when
//! the first is after the last, and that refusal is reported here): `1960-12-31/1960`
//! stands, `1961/1960-12-31` does not. An open or unknown end (`..`, or nothing) covers no
//! known day and conflicts with nothing (`/1960` as an entry into force is never before a
//! signing). For a pair of fields, the primary label is on the later field and a second
//! label on the earlier one. A date that is not in the calendar, or not one anpo reads, is
//! R204's and is not compared.
//!
//! Bad: `"signed": { "date": "1960-06-23" }, "entry_into_force": "1960-01-19"` (the
//! dates swapped). Fix: `"signed": { "date": "1960-01-19" }, "entry_into_force": "1960-06-23"`.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::edtf::EdtfError;

pub const CODE: &str = "R205";
pub const SUMMARY: &str = "dates out of order: an interval, entry into force or role ends before it starts";

pub(super) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for date in &cx.dates {
        if date.parsed == Err(EdtfError::EndBeforeStart) {
            // Both ends are dates here (an open end cannot be out of order).
            let swapped = date.text.split_once('/').map(|(start, end)| format!("{end}/{start}")).unwrap_or_default();
            out.push(
                Diagnostic::error(
                    CODE,
                    date.location(),
                    format!("`{}` is the interval `{}`, which ends before it starts", date.path.name(), date.text),
                )
                .with_label("ends before it starts")
                .with_help(format!("write the earlier date first: `{swapped}`")),
            );
        }
        let Some(earlier) = date.not_before.map(|i| &cx.dates[i]) else {
            continue;
        };
        let (Ok(this), Ok(that)) = (&date.parsed, &earlier.parsed) else {
            continue;
        };
        let (Some(last), Some(first)) = (this.latest(), that.earliest()) else {
            continue;
        };
        if last < first {
            let (field, earlier_field) = (date.path.name(), earlier.path.name());
            out.push(
                Diagnostic::error(
                    CODE,
                    date.location(),
                    format!("`{field}` is `{}`, before `{earlier_field}` `{}`", date.text, earlier.text),
                )
                .with_label(format!("before `{earlier_field}`"))
                .with_related(earlier.location(), format!("`{earlier_field}` is `{}`", earlier.text))
                .with_help(format!(
                    "`{field}` cannot be earlier than `{earlier_field}`: check both against the sources \
                     (were they swapped?)"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;
    use crate::model::{Role, Signature};

    fn treaty(signed: &str, in_force: &str) -> crate::model::Instrument {
        let mut treaty = instrument("treaty");
        treaty.signed = Some(Signature { date: signed.into(), place: None, signatories: Vec::new() });
        treaty.entry_into_force = Some(in_force.into());
        treaty
    }

    fn role(start: &str, end: &str) -> crate::model::Actor {
        let mut kishi = actor("kishi");
        kishi.roles = vec![
            Role { title: "Minister".into(), organization: None, start: None, end: Some("1900".into()) },
            Role {
                title: "Prime Minister".into(),
                organization: None,
                start: Some(start.into()),
                end: Some(end.into()),
            },
        ];
        kishi
    }

    #[test]
    fn entry_into_force_before_signing() {
        let fixture = Fixture::new().with(0, source(SRC)).with(0, treaty("1960-06-23", "1960-01-19"));
        let found = fixture.check(CODE);
        assert_eq!(found.len(), 1);
        let d = &found[0];
        assert_eq!(pointers(d), [(0, "/instruments/0/entry_into_force"), (0, "/instruments/0/signed/date")]);
        assert_eq!(d.message, "`entry_into_force` is `1960-01-19`, before `signed.date` `1960-06-23`");
        assert_eq!(d.related[0].message, "`signed.date` is `1960-06-23`");
    }

    #[test]
    fn role_ending_before_it_starts() {
        let fixture = Fixture::new().with(0, source(SRC)).with(1, role("1960-07-19", "1957-02-25"));
        let found = fixture.check(CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(pointers(&found[0]), [(1, "/actors/0/roles/1/end"), (1, "/actors/0/roles/1/start")]);
    }

    #[test]
    fn reversed_interval_suggests_the_swap() {
        let fixture = Fixture::new().with(0, source(SRC)).with(0, event("e", "1960-06~/1960-05"));
        let found = fixture.check(CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(pointers(&found[0]), [(0, "/events/0/date")]);
        assert_eq!(found[0].help.as_deref(), Some("write the earlier date first: `1960-05/1960-06~`"));
    }

    #[test]
    fn precision_and_open_ends_are_respected() {
        let fixture = Fixture::new()
            .with(0, treaty("1960-01-19", "1960"))
            .with(0, treaty("1960", "1960-01-01"))
            .with(0, treaty("1960-01-19", "1960-01-19"))
            .with(0, treaty("../1960-06", "1960-01"))
            .with(0, role("1957-02-25", "1960-07-19"))
            .with(0, role("1957", "1956/.."));
        assert!(fixture.check(CODE).is_empty());
    }

    #[test]
    fn level_1_forms_are_compared_by_the_days_they_cover() {
        // Not before: a season, a decade or an unspecified part overlaps the other date.
        let fine = Fixture::new()
            .with(0, treaty("1960-24", "1961-01-15"))
            .with(0, treaty("196X", "1960-01-19"))
            .with(0, treaty("1960-06-XX", "1960-06-01"))
            .with(0, treaty("1960-XX-XX", "1960-21"))
            .with(0, treaty("19XX", "/1960"))
            .with(0, role("1960-21", "1960-05"))
            .with(0, role("1960", "/1961"));
        assert!(fine.check(CODE).is_empty());
        // Before: the whole of one is before the whole of the other.
        let found = Fixture::new()
            .with(0, treaty("1960-24", "1960-11-30"))
            .with(0, treaty("197X", "1969-12"))
            .with(0, role("1960-23", "1960-21"))
            .with(0, event("e", "1961-03/1960-24"))
            .check(CODE);
        let pointers: Vec<_> = found.iter().map(|d| pointers(d)[0].1.to_string()).collect();
        assert_eq!(
            pointers,
            ["/instruments/0/entry_into_force", "/instruments/1/entry_into_force", "/actors/0/roles/1/end"]
        );
    }

    #[test]
    fn invalid_dates_are_not_compared() {
        let fixture = Fixture::new().with(0, treaty("1960-02-30", "1959-02-30"));
        assert!(fixture.check(CODE).is_empty());
    }
}
