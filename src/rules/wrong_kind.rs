//! R203 reference to the wrong kind: a field names a record of another kind than it takes.
//!
//! Ids are unique across kinds, so a reference always finds at most one record; but
//! `places` naming an actor, or `evidence` naming a source, links the wrong things, and
//! exporters that follow the link expect the kind the schema's description promises. The
//! diagnostic says which kind the field takes and which it found, with a second label on
//! the record that was found. `figure.about` and the `concerns` of instruments, articles,
//! events and positions take any kind. A country is one record, an actor of kind `state`,
//! so the fields that take a place (`places`, `within`, `signed.place`) take a state too;
//! `parties` takes an actor, and an actor that is not a state is R209's.
//!
//! Which field takes which kind is listed once, in `references` in `rules/mod.rs`.
//!
//! Bad: a signatory given as the place of signing:
//! ```json
//! "actors": [{ "id": "kishi-nobusuke", "kind": "person", … }],
//! "instruments": [{ "id": "treaty-1960", "signed": { "date": "1960-01-19", "place": "kishi-nobusuke" }, … }]
//! ```
//! Fix: `"place": "washington"` and `"signatories": ["kishi-nobusuke"]`.

use super::{Context, Record, a};
use crate::diagnostic::Diagnostic;
use crate::model::RecordKind;

pub const CODE: &str = "R203";
pub const SUMMARY: &str = "reference to the wrong kind: a field names a record of another kind than it takes";

pub(super) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for &(reference, found) in &cx.wrong_kind {
        let field = reference.path.name();
        let (expected, found_kind) = (reference.takes.describe(), described(cx, found));
        out.push(
            Diagnostic::error(
                CODE,
                cx.origin(reference.from).at(&reference.path.pointer()),
                format!("`{field}` takes {expected}, but `{}` is {found_kind}", reference.id),
            )
            .with_label(format!("{found_kind}, not {}", reference.takes.short()))
            .with_related(cx.origin(found).at("/id"), format!("`{}` is defined here as {found_kind}", reference.id))
            .with_help(format!("name {expected} here, or move this id to a field that takes {found_kind}")),
        );
    }
}

/// "a place"; an actor with its kind, "an actor of kind `person`", where the kind of
/// actor is what decides.
pub(super) fn described(cx: &Context, record: Record) -> String {
    match record.kind {
        RecordKind::Actor => format!("an actor of kind `{}`", cx.dataset.actors[record.index].kind.as_str()),
        kind => a(kind),
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;

    #[test]
    fn says_which_kind_was_expected_and_which_was_found() {
        let mut signing = event("signing", "1960-01-19");
        signing.places = strings(&["kishi-nobusuke"]);
        let fixture = Fixture::new().with(0, source(SRC)).with(1, actor("kishi-nobusuke")).with(0, signing);
        let found = fixture.check(CODE);
        assert_eq!(found.len(), 1);
        let d = &found[0];
        assert_eq!(
            d.message,
            "`places` takes a place or a state (an actor of kind `state`), but `kishi-nobusuke` is an actor of kind `person`"
        );
        assert_eq!(d.label, "an actor of kind `person`, not a place or a state");
        assert_eq!(pointers(d), [(0, "/events/0/places/0"), (1, "/actors/0/id")]);
        assert_eq!(d.related[0].message, "`kishi-nobusuke` is defined here as an actor of kind `person`");
    }

    #[test]
    fn a_state_stands_wherever_a_place_does_and_a_place_is_no_party() {
        let mut japan = actor("japan");
        japan.kind = crate::model::ActorKind::State;
        let mut tokyo = place("tokyo");
        tokyo.within = Some("japan".to_string());
        let mut signing = event("signing", "1960-01-19");
        signing.places = strings(&["japan", "tokyo"]);
        let mut treaty = instrument("treaty");
        treaty.parties = strings(&["japan", "tokyo"]);
        let fixture =
            Fixture::new().with(0, source(SRC)).with(0, japan).with(0, tokyo).with(0, signing).with(0, treaty);
        let found: Vec<_> = fixture.check(CODE).iter().map(|d| d.message.clone()).collect();
        assert_eq!(
            found,
            ["`parties` takes a state or an organization of states (an actor of kind `state` or \
              `international-organization`), but `tokyo` is a place"]
        );
    }

    #[test]
    fn evidence_must_be_a_figure_and_sources_a_source() {
        let mut argument = position("argument");
        argument.evidence = strings(&["src"]);
        argument.sources = strings(&["other"]);
        let fixture = Fixture::new().with(0, source(SRC)).with(0, place("other")).with(0, argument);
        let found: Vec<_> = fixture.check(CODE).iter().map(|d| d.message.clone()).collect();
        assert_eq!(
            found,
            ["`evidence` takes a figure, but `src` is a source", "`sources` takes a source, but `other` is a place"]
        );
    }

    #[test]
    fn any_kind_fields_accept_every_kind() {
        let mut count = figure("count");
        count.about = strings(&["src", "tokyo"]);
        let mut argument = position("argument");
        argument.concerns = strings(&["count", "tokyo"]);
        let fixture = Fixture::new().with(0, source(SRC)).with(0, place("tokyo")).with(0, count).with(0, argument);
        assert!(fixture.check(CODE).is_empty());
    }
}
