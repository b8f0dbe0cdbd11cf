//! W301 unused source (warning): a source record that no record cites.
//!
//! Every fact cites its sources, and a release must carry each source's attribution; a
//! source nothing cites is either left over from an edit or a citation someone forgot to
//! add. A source counts as cited when any record names it in `sources` or in a
//! quotation's `source`. A later definition of a duplicate id is R201's, not reported here.
//!
//! Bad: `"sources": [{ "id": "usembassy-60th", … }]` and no record with
//! `"sources": [… "usembassy-60th" …]`.
//! Fix: cite it from the records it supports (`"sources": ["usembassy-60th"]` on the
//! entry-into-force event), or remove it.

use super::{Context, Record};
use crate::diagnostic::Diagnostic;
use crate::model::RecordKind;

pub const CODE: &str = "W301";
pub const SUMMARY: &str = "unused source: no record cites this source";

pub(super) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (index, source) in cx.dataset.sources.iter().enumerate() {
        let record = Record { kind: RecordKind::Source, index };
        if cx.is_unreferenced(record) {
            out.push(
                Diagnostic::warning(
                    CODE,
                    cx.origin(record).at("/id"),
                    format!("the source `{}` is not cited by any record", source.id),
                )
                .with_label("cited nowhere")
                .with_help("cite it in the `sources` of the records it supports, or remove it"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;
    use crate::diagnostic::Severity;
    use crate::model::Quotation;

    #[test]
    fn a_source_nothing_cites() {
        let fixture = Fixture::new().with(0, source(SRC)).with(1, source("unused")).with(0, place("tokyo"));
        let found = fixture.check(CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(pointers(&found[0]), [(1, "/sources/0/id")]);
        assert_eq!(found[0].message, "the source `unused` is not cited by any record");
    }

    #[test]
    fn a_quotation_counts_as_citing() {
        let mut art = article("article-6", "treaty");
        art.quotations =
            vec![Quotation { text: "words".into(), quoted_from: "the treaty".into(), source: "quoted".into() }];
        let fixture =
            Fixture::new().with(0, source(SRC)).with(0, source("quoted")).with(0, instrument("treaty")).with(0, art);
        assert!(fixture.check(CODE).is_empty());
    }

    #[test]
    fn a_duplicate_is_left_to_r201() {
        let fixture = Fixture::new().with(0, source(SRC)).with(1, source(SRC)).with(0, place("tokyo"));
        assert!(fixture.check(CODE).is_empty());
    }
}
