//! R201 duplicate id: every id is used by one record only, across all kinds and files.
//!
//! References name records by id alone, and exporters build each record's IRI from it, so
//! two records with one id make every reference to it ambiguous. The first definition (in
//! file order, then in the order of the collections) stands; each later one is reported on
//! its `id`, with a second label on the first.
//!
//! The dataset's own metadata id (`dataset.id`) is not a record id and is not counted.
//!
//! Bad: a place and an actor both called `tokyo`:
//! ```json
//! "places": [{ "id": "tokyo", "kind": "city", … }],
//! "actors": [{ "id": "tokyo", "kind": "government", … }]
//! ```
//! Fix: give one of them another id (`tokyo-metropolitan-government`) and update the
//! references that meant it.

use super::{Context, a};
use crate::diagnostic::Diagnostic;

pub const CODE: &str = "R201";
pub const SUMMARY: &str = "duplicate id: an id is defined more than once";

pub(super) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for &again in &cx.duplicates {
        let id = cx.id(again);
        let first = cx.ids[id].record;
        let message = if first.kind == again.kind {
            format!("the id `{id}` is already used by another {}", first.kind.name())
        } else {
            format!("the id `{id}` is already used by {}", a(first.kind))
        };
        out.push(
            Diagnostic::error(CODE, cx.origin(again).at("/id"), message)
                .with_label("defined again here")
                .with_related(cx.origin(first).at("/id"), "first defined here")
                .with_help(format!(
                    "ids are unique across the whole dataset: give this {} another id, and update the references \
                     that mean it",
                    again.kind.name()
                )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;

    #[test]
    fn same_id_in_two_kinds_and_two_files() {
        let fixture = Fixture::new().with(0, place("tokyo")).with(1, actor("tokyo"));
        let found = fixture.check(CODE);
        assert_eq!(found.len(), 1);
        let d = &found[0];
        assert_eq!(pointers(d), [(1, "/actors/0/id"), (0, "/places/0/id")]);
        assert_eq!(d.related[0].message, "first defined here");
        assert_eq!(d.label, "defined again here");
        assert_eq!(d.message, "the id `tokyo` is already used by a place");
    }

    #[test]
    fn first_is_first_in_file_order_not_collection_order() {
        // Actors come before places in the collection order, but the place is in file 0.
        let fixture = Fixture::new().with(1, actor("tokyo")).with(0, place("tokyo"));
        let found = fixture.check(CODE);
        assert_eq!(pointers(&found[0]), [(1, "/actors/0/id"), (0, "/places/0/id")]);
    }

    #[test]
    fn every_later_definition_points_at_the_first() {
        let fixture = Fixture::new().with(0, source("s")).with(0, source("s")).with(1, source("s"));
        let found = fixture.check(CODE);
        let all: Vec<_> = found.iter().map(pointers).collect();
        assert_eq!(
            all,
            [vec![(0, "/sources/1/id"), (0, "/sources/0/id")], vec![(1, "/sources/0/id"), (0, "/sources/0/id")]]
        );
        assert_eq!(found[0].message, "the id `s` is already used by another source");
    }

    #[test]
    fn distinct_ids_are_fine() {
        let fixture = Fixture::new().with(0, place("tokyo")).with(0, place("kyoto")).with(1, actor("kishi"));
        assert!(fixture.check(CODE).is_empty());
    }
}
