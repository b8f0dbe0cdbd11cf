//! W302 unreferenced record (warning): a place, actor or figure that nothing refers to.
//!
//! Places and actors are in the dataset to be named by the history: an event's `places`
//! and `participants`, an instrument's `parties` and `signed`, a position's `holders`,
//! another record's `within`, `part_of`, `roles.organization`, `about` or `concerns` (an
//! instrument, article, event or position says what it is about beyond those). One
//! that nothing names is left over from an edit, or a link someone forgot to add. A
//! figure is in the dataset as evidence for a position or as a number about something: it
//! is reported only when no position cites it and its own `about` is empty.
//!
//! Instruments, articles, events and positions stand on their own (they are the history
//! itself) and are never reported; sources are W301's. A record that names only itself
//! (`within` itself, R207) is still unreferenced; a later definition of a duplicate id is
//! R201's.
//!
//! Bad: `"places": [{ "id": "kyoto", … }]` with no event, instrument or place naming `kyoto`.
//! Fix: name it where it belongs (`"places": ["kyoto"]` on the event that happened
//! there), or remove it.

use super::{Context, Record};
use crate::diagnostic::Diagnostic;
use crate::model::RecordKind;

pub const CODE: &str = "W302";
pub const SUMMARY: &str = "unreferenced record: no record refers to this place, actor or figure";

pub(super) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let places = (0..cx.dataset.places.len()).map(|index| Record { kind: RecordKind::Place, index });
    let actors = (0..cx.dataset.actors.len()).map(|index| Record { kind: RecordKind::Actor, index });
    let figures = cx
        .dataset
        .figures
        .iter()
        .enumerate()
        .filter(|(_, figure)| figure.about.is_empty())
        .map(|(index, _)| Record { kind: RecordKind::Figure, index });
    for record in places.chain(actors).chain(figures) {
        if !cx.is_unreferenced(record) {
            continue;
        }
        let help = match record.kind {
            RecordKind::Place => {
                "name it where it belongs (an event's `places`, an instrument's `signed.place`, another place's \
                 `within`, the `concerns` of a record about it), or remove it"
            }
            RecordKind::Actor => {
                "name it where it belongs (an event's `participants`, an instrument's `parties` or \
                 `signed.signatories`, a position's `holders`, the `concerns` of a record about it), or remove it"
            }
            _ => "cite it in a position's `evidence`, say what it is `about`, or remove it",
        };
        out.push(
            Diagnostic::warning(
                CODE,
                cx.origin(record).at("/id"),
                format!("the {} `{}` is not referred to by any record", record.kind.name(), cx.id(record)),
            )
            .with_label("referred to nowhere")
            .with_help(help),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;
    use crate::diagnostic::Severity;

    #[test]
    fn places_actors_and_figures_nothing_names() {
        let fixture = Fixture::new()
            .with(0, source(SRC))
            .with(0, place("kyoto"))
            .with(1, actor("nobody"))
            .with(1, figure("loose-number"));
        let found = fixture.check(CODE);
        let all: Vec<_> = found.iter().map(|d| (pointers(d)[0], d.message.as_str())).collect();
        assert_eq!(
            all,
            [
                ((0, "/places/0/id"), "the place `kyoto` is not referred to by any record"),
                ((1, "/actors/0/id"), "the actor `nobody` is not referred to by any record"),
                ((1, "/figures/0/id"), "the figure `loose-number` is not referred to by any record"),
            ]
        );
        assert!(found.iter().all(|d| d.severity == Severity::Warning));
    }

    #[test]
    fn naming_itself_does_not_count() {
        let mut tokyo = place("tokyo");
        tokyo.within = Some("tokyo".into());
        let fixture = Fixture::new().with(0, source(SRC)).with(0, tokyo);
        assert_eq!(fixture.check(CODE).len(), 1);
    }

    #[test]
    fn referred_records_and_standalone_kinds_are_fine() {
        let mut signing = event("signing", "1960-01-19");
        signing.places = strings(&["washington"]);
        let mut kishi = actor("kishi");
        kishi.part_of = Some("japan".into());
        let mut count = figure("protesters");
        count.about = strings(&["signing"]);
        let mut argument = position("argument");
        argument.evidence = strings(&["share"]);
        argument.holders = strings(&["kishi"]);
        let fixture = Fixture::new()
            .with(0, source(SRC))
            .with(0, signing)
            .with(0, place("washington"))
            .with(0, actor("japan"))
            .with(0, kishi)
            .with(0, count)
            .with(0, figure("share"))
            .with(0, argument)
            .with(0, instrument("lonely-treaty"));
        assert_eq!(fixture.check(CODE), Vec::new());
    }

    #[test]
    fn concerns_of_instruments_articles_and_events_count_as_references() {
        let mut treaty = instrument("treaty-1960");
        treaty.concerns = strings(&["ryukyu-islands"]);
        let mut article_5 = article("treaty-1960-art-5", "treaty-1960");
        article_5.concerns = strings(&["un-security-council"]);
        let mut statement = event("statement-2012", "2012");
        statement.concerns = strings(&["senkaku-islands", "share"]);
        let fixture = Fixture::new()
            .with(0, source(SRC))
            .with(0, treaty)
            .with(0, article_5)
            .with(0, statement)
            .with(1, place("ryukyu-islands"))
            .with(1, place("senkaku-islands"))
            .with(1, actor("un-security-council"))
            .with(1, figure("share"));
        assert_eq!(fixture.check(CODE), Vec::new());
    }
}
