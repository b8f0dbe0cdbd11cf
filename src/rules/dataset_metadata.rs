//! R206 dataset metadata: exactly one file carries the `dataset` metadata object.
//!
//! A dataset is a set of files, and each may hold metadata and/or records, so the schema
//! of one file cannot say that the set has exactly one `dataset` object. Without one a
//! release has no title, version, licence or modification date; with two, nothing says
//! which is right (the first found is used).
//!
//! None is reported at the root of the first file; each extra one on its `dataset` key,
//! with a second label on the first.
//!
//! Bad: `treaties.json` and `people.json` both begin with `"dataset": { "id": "anpo", … }`.
//! Fix: keep the metadata in one file (say `dataset.json`) and delete it from the others.

use super::Context;
use crate::diagnostic::{Diagnostic, Location};

pub const CODE: &str = "R206";
pub const SUMMARY: &str = "dataset metadata: exactly one file must carry the `dataset` object";

pub(super) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let Some((first, extra)) = cx.origins.dataset.split_first() else {
        out.push(
            Diagnostic::error(CODE, Location::open(0, ""), "the dataset has no `dataset` metadata object")
                .with_label("no file has a `dataset` object")
                .with_help(
                    "add a `dataset` object (id, title, description, version, license, license_url, publisher, \
                     modified) to exactly one data file",
                ),
        );
        return;
    };
    for again in extra {
        out.push(
            Diagnostic::error(CODE, again.key_at(""), "the dataset's metadata is given more than once")
                .with_label("given again here")
                .with_related(first.key_at(""), "first given here")
                .with_help("keep the `dataset` object in one file only, and delete it from the others"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;
    use crate::diagnostic::Target;
    use crate::origin::Origin;

    #[test]
    fn exactly_one_is_fine() {
        assert!(Fixture::new().check(CODE).is_empty());
    }

    #[test]
    fn none_is_reported_at_the_first_file_root() {
        let mut fixture = Fixture::new().with(1, place("tokyo"));
        fixture.dataset.dataset = None;
        fixture.origins.dataset.clear();
        let found = fixture.check(CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].location, Location::open(0, ""));
        assert!(found[0].related.is_empty());
    }

    #[test]
    fn each_extra_points_at_the_first() {
        let mut fixture = Fixture::new();
        for file in [2, 3] {
            fixture.origins.dataset.push(Origin { file, pointer: "/dataset".into() });
        }
        let found = fixture.check(CODE);
        let all: Vec<_> = found.iter().map(pointers).collect();
        assert_eq!(all, [vec![(2, "/dataset"), (0, "/dataset")], vec![(3, "/dataset"), (0, "/dataset")]]);
        assert!(found.iter().all(|d| d.location.target == Target::Key && d.related[0].message == "first given here"));
    }
}
