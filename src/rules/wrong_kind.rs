//! R203 reference to the wrong kind: a field names a record of another kind than it takes.
//!
//! Ids are unique across kinds, so a reference always finds at most one record; but
//! `places` naming an actor, or `evidence` naming a source, links the wrong things, and
//! exporters that follow the link expect the kind the schema's description promises. The
//! diagnostic says which kind the field takes and which it found, with a second label on
//! the record that was found. `figure.about` and the `concerns` of instruments, articles,
//! events and positions take any kind.
//!
//! Which field takes which kind is listed once, in `references` in `rules/mod.rs`.
//!
//! Bad: a signatory given as the place of signing:
//! ```json
//! "actors": [{ "id": "kishi-nobusuke", "kind": "person", … }],
//! "instruments": [{ "id": "treaty-1960", "signed": { "date": "1960-01-19", "place": "kishi-nobusuke" }, … }]
//! ```
//! Fix: `"place": "washington"` and `"signatories": ["kishi-nobusuke"]`.

use super::{Context, a};
use crate::diagnostic::Diagnostic;

pub const CODE: &str = "R203";
pub const SUMMARY: &str = "reference to the wrong kind: a field names a record of another kind than it takes";

pub(super) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for &(reference, expected, found) in &cx.wrong_kind {
        let field = reference.path.name();
        let (expected, found_kind) = (a(expected), a(found.kind));
        out.push(
            Diagnostic::error(
                CODE,
                cx.origin(reference.from).at(&reference.path.pointer()),
                format!("`{field}` takes {expected}, but `{}` is {found_kind}", reference.id),
            )
            .with_label(format!("{found_kind}, not {expected}"))
            .with_related(cx.origin(found).at("/id"), format!("`{}` is defined here as {found_kind}", reference.id))
            .with_help(format!("name {expected} here, or move this id to the field that takes {found_kind}")),
        );
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
        assert_eq!(d.message, "`places` takes a place, but `kishi-nobusuke` is an actor");
        assert_eq!(d.label, "an actor, not a place");
        assert_eq!(pointers(d), [(0, "/events/0/places/0"), (1, "/actors/0/id")]);
        assert_eq!(d.related[0].message, "`kishi-nobusuke` is defined here as an actor");
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
