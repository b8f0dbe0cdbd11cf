//! R204 invalid date: a date field holds a value that is not a date of the calendar.
//!
//! The schema's pattern admits any digits in the EDTF shapes, so `1960-02-30` and
//! `1960-13` pass it; exporters that turn dates into `xsd:date` or spreadsheet cells would
//! then write days that never were. Every date field is checked: `signed.date`,
//! `entry_into_force`, event and figure `date`, role `start` and `end`, source
//! `published` and the metadata's `modified`. The help says what the calendar allows
//! (the message of [`crate::edtf::EdtfError`]). The pattern is the grammar that
//! [`crate::edtf::Edtf::parse`] reads, so what fails here is never a matter of syntax (a
//! test holds the two together). An interval that ends before it starts is R205's.
//!
//! Years outside 0001 to 9999 are refused here too (`0000`, `000X`, `Y170000002`,
//! `../-1985`, `9999-24`, whose winter ends in 10000): the exports write days as
//! `xs:date`, which has no year zero, and the reference tools read them only within 0001
//! to 9999 (see [`crate::edtf`]; a date that starts with `-` is refused by the pattern
//! first, J105, with the same reason). So are the combinations that EDTF level 1 does not
//! have but the grammar recognizes in order to name them: a qualified season or decade
//! (`1960-21~`, `196X?`), a season or unspecified digits as an interval's end
//! (`1960-21/1960-23`), and an interval that names no date (`../..`, `/`).
//!
//! Bad: `"date": "1960-02-30"` (February 1960 has 29 days).
//! Fix: the day the sources give, such as `"date": "1960-02-29"`, or `"date": "1960-02"`
//! when they give only the month.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::edtf::EdtfError;

pub const CODE: &str = "R204";
pub const SUMMARY: &str = "invalid date: a date field holds a day or month the calendar does not have";

pub(super) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for date in &cx.dates {
        let Err(error) = date.parsed else { continue };
        let label = match error {
            EdtfError::EndBeforeStart => continue,
            EdtfError::YearOutOfRange => "outside the years 0001 to 9999",
            EdtfError::NoSuchMonth { .. } => "no such month",
            EdtfError::NoSuchDay { .. } => "no such day",
            EdtfError::Syntax => "not an EDTF date",
            EdtfError::NotLevel1(_) => "not EDTF level 1",
            EdtfError::NoDate => "names no date",
        };
        let what = match error {
            EdtfError::NoSuchMonth { .. } | EdtfError::NoSuchDay { .. } => "a date in the calendar",
            EdtfError::YearOutOfRange | EdtfError::NoDate => "a date the exports can write",
            EdtfError::Syntax | EdtfError::NotLevel1(_) | EdtfError::EndBeforeStart => "a date anpo reads",
        };
        out.push(
            Diagnostic::error(
                CODE,
                date.location(),
                format!("`{}` is `{}`, which is not {what}", date.path.name(), date.text),
            )
            .with_label(label)
            .with_help(error.to_string()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;
    use crate::model::{Role, Signature};

    #[test]
    fn a_day_the_month_does_not_have() {
        let fixture = Fixture::new().with(0, source(SRC)).with(1, event("e", "1960-02-30"));
        let found = fixture.check(CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(pointers(&found[0]), [(1, "/events/0/date")]);
        assert_eq!(found[0].message, "`date` is `1960-02-30`, which is not a date in the calendar");
        assert_eq!(found[0].label, "no such day");
        assert_eq!(found[0].help.as_deref(), Some("February 1960 has no day 30: its days run from 01 to 29"));
    }

    #[test]
    fn every_date_field_is_checked() {
        let mut treaty = instrument("treaty");
        treaty.signed = Some(Signature { date: "1960-13".into(), place: None, signatories: Vec::new() });
        treaty.entry_into_force = Some("1960-06-31".into());
        let mut kishi = actor("kishi");
        kishi.roles = vec![Role {
            title: "Prime Minister".into(),
            organization: None,
            start: Some("1957-00".into()),
            end: Some("1960-07-19/1959-13".into()),
        }];
        let mut count = figure("count");
        count.date = Some("1959-02-29".into());
        let mut src = source(SRC);
        src.published = Some("..".into());
        let mut fixture =
            Fixture::new().with(0, treaty).with(0, kishi).with(0, count).with(0, src).with(0, event("ok", "1960"));
        fixture.dataset.dataset.as_mut().unwrap().modified = "2024-04-31".into();
        let found: Vec<_> =
            fixture.check(CODE).iter().map(|d| (pointers(d)[0].1.to_string(), d.label.clone())).collect();
        let expected = [
            ("/instruments/0/signed/date", "no such month"),
            ("/instruments/0/entry_into_force", "no such day"),
            ("/actors/0/roles/0/start", "no such month"),
            ("/actors/0/roles/0/end", "no such month"),
            ("/figures/0/date", "no such day"),
            ("/sources/0/published", "not an EDTF date"),
            ("/dataset/modified", "no such day"),
        ];
        assert_eq!(found, expected.map(|(p, l)| (p.to_string(), l.to_string())));
    }

    #[test]
    fn years_outside_0001_to_9999_are_refused() {
        let fixture = Fixture::new()
            .with(0, source(SRC))
            .with(1, event("zero", "0000-01-01"))
            .with(1, event("open", "../0000~"))
            .with(1, event("first", "0001-01-01/9999-12-31"))
            .with(1, event("long", "Y170000002"))
            .with(1, event("winter", "9999-24"))
            .with(1, event("before", "../-1985"))
            .with(1, event("decade", "000X"));
        let found = fixture.check(CODE);
        let pointers: Vec<_> = found.iter().map(|d| pointers(d)[0].1.to_string()).collect();
        assert_eq!(
            pointers,
            [
                "/events/0/date",
                "/events/1/date",
                "/events/3/date",
                "/events/4/date",
                "/events/5/date",
                "/events/6/date"
            ]
        );
        assert!(found.iter().all(|d| d.label == "outside the years 0001 to 9999"));
        assert_eq!(found[0].message, "`date` is `0000-01-01`, which is not a date the exports can write");
        assert_eq!(found[0].label, "outside the years 0001 to 9999");
        assert!(found[0].help.as_deref().unwrap().contains("years run from 0001 to 9999"), "{:?}", found[0].help);
    }

    #[test]
    fn level_1_forms_pass_and_combinations_level_1_lacks_are_named() {
        let fixture = Fixture::new()
            .with(0, source(SRC))
            .with(0, event("decade", "196X"))
            .with(0, event("spring", "1960-21"))
            .with(0, event("unknown", "/1960-06"))
            .with(0, event("day", "1960-06-XX"))
            .with(0, event("qualified-season", "1960-21~"))
            .with(0, event("nothing", "../.."))
            .with(0, event("winter-end", "1960/1960-24"))
            .with(0, event("unknown-both", "/"));
        let found = fixture.check(CODE);
        let messages: Vec<_> = found.iter().map(|d| (d.message.as_str(), d.label.as_str())).collect();
        assert_eq!(
            messages,
            [
                ("`date` is `1960-21~`, which is not a date anpo reads", "not EDTF level 1"),
                ("`date` is `../..`, which is not a date the exports can write", "names no date"),
                ("`date` is `1960/1960-24`, which is not a date anpo reads", "not EDTF level 1"),
                ("`date` is `/`, which is not a date the exports can write", "names no date"),
            ]
        );
        assert!(found[0].help.as_deref().unwrap().contains("date_phrase"), "{:?}", found[0].help);
    }

    #[test]
    fn real_dates_and_reversed_intervals_are_not_reported_here() {
        let fixture = Fixture::new()
            .with(0, event("leap", "1960-02-29"))
            .with(0, event("interval", "1960-05~/1960-06?"))
            .with(0, event("reversed", "1960-06/1960-05"));
        assert!(fixture.check(CODE).is_empty());
    }
}
