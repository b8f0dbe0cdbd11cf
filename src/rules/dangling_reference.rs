//! R202 dangling reference: a field names an id that no record has.
//!
//! The schema checks only that a reference looks like an id; a typo or a record that was
//! never added leaves the reference pointing nowhere, and every export would carry a broken
//! link. The help names the closest existing id of the kind the field takes (of any kind
//! for `figure.about` and every `concerns`).
//!
//! The search for the closest id runs only for a reference that dangles, once per
//! misspelling and kind, and within a budget of [`SUGGESTION_BUDGET`] candidates per run
//! (each search is charged every id of the kind it searches): a huge dataset with
//! thousands of different dangling ids is still checked in linear time, and its later
//! dangling references get the help without a suggestion. The ids of a kind are indexed
//! once ([`Candidates`]), so that a search scores only the few ids that could be close,
//! and the searches run on every core; which searches run, and what they find, does not
//! depend on either.
//!
//! Which field takes which kind is listed once, in `references` in `rules/mod.rs`.
//!
//! Bad: an event held in a place that was never added, or misspelt:
//! ```json
//! "places": [{ "id": "tokyo", … }],
//! "events": [{ "id": "signing", "places": ["tokio"], … }]
//! ```
//! Fix: `"places": ["tokyo"]`, or add a place record `tokio` if that is what was meant.

use super::{Context, a};
use crate::diagnostic::Diagnostic;
use crate::model::RecordKind;
use crate::suggest::Candidates;
use rayon::prelude::*;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

pub const CODE: &str = "R202";
pub const SUMMARY: &str = "dangling reference: a field names an id that no record has";

/// How many ids one run may compare in search of "did you mean" suggestions (a few
/// seconds' work).
pub const SUGGESTION_BUDGET: usize = 10_000_000;

pub(super) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    report(cx, out, SUGGESTION_BUDGET);
}

fn report(cx: &Context, out: &mut Vec<Diagnostic>, budget: usize) {
    let suggestions = suggestions(cx, budget);
    for reference in &cx.dangling {
        let suggestion = suggestions[&(reference.id, reference.takes.kind())];
        let field = reference.path.name();
        let help = match (suggestion, reference.takes.kind()) {
            (Some(id), Some(_)) => format!("did you mean `{id}`?"),
            (Some(id), None) => format!("did you mean `{id}` ({})?", a(cx.ids[id].record.kind)),
            (None, Some(kind)) => format!(
                "`{field}` takes the id of {}: name an existing one, or add {} with the id `{}`",
                a(kind),
                a(kind),
                reference.id
            ),
            (None, None) => format!("`{field}` takes the id of an existing record of any kind"),
        };
        let what = reference.takes.kind().map_or_else(|| "record".to_string(), |kind| kind.name().to_string());
        out.push(
            Diagnostic::error(
                CODE,
                cx.origin(reference.from).at(&reference.path.pointer()),
                format!("`{field}` names `{}`, but there is no {what} with that id", reference.id),
            )
            .with_label(format!("no {what} has this id"))
            .with_help(help),
        );
    }
}

/// The closest id for each dangling id and the kind its field takes (`None`: any kind),
/// `None` where no id is close enough or the budget was spent.
///
/// The same misspelling is often repeated: it is searched for once per kind. Which
/// searches fit in the budget is settled first, in the order of the references, as if
/// they ran one after the other; then the ids of each kind searched are indexed once, and
/// the searches run in parallel.
fn suggestions<'a>(cx: &Context<'a>, mut budget: usize) -> HashMap<(&'a str, Option<RecordKind>), Option<&'a str>> {
    let mut suggestions = HashMap::new();
    let mut searches = Vec::new();
    for reference in &cx.dangling {
        if let Entry::Vacant(slot) = suggestions.entry((reference.id, reference.takes.kind())) {
            slot.insert(None);
            let candidates = reference.takes.kind().map_or(cx.ids.len(), |kind| cx.dataset.count(kind));
            if let Some(left) = budget.checked_sub(candidates) {
                budget = left;
                searches.push((reference.id, reference.takes.kind()));
            }
        }
    }
    let mut kinds: Vec<Option<RecordKind>> = searches.iter().map(|&(_, kind)| kind).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let indexes: HashMap<Option<RecordKind>, Candidates<'a>> = kinds
        .into_par_iter()
        .map(|kind| match kind {
            Some(kind) => (Some(kind), Candidates::new(cx.ids_of(kind))),
            None => (None, Candidates::new(cx.ids.keys().copied())),
        })
        .collect();
    let found: Vec<Option<&'a str>> = searches.par_iter().map(|&(id, kind)| indexes[&kind].closest(id)).collect();
    suggestions.extend(searches.into_iter().zip(found));
    suggestions
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;
    use crate::model::Signature;

    #[test]
    fn names_the_field_and_suggests_the_closest_id_of_the_expected_kind() {
        let mut signing = event("signing", "1960-01-19");
        signing.places = strings(&["tokyo", "tokio"]);
        // `tokio-x` is closer in spelling, but an actor.
        let fixture =
            Fixture::new().with(0, source(SRC)).with(0, place("tokyo")).with(0, actor("tokio-x")).with(1, signing);
        let found = fixture.check(CODE);
        assert_eq!(found.len(), 1);
        let d = &found[0];
        assert_eq!(pointers(d), [(1, "/events/0/places/1")]);
        assert_eq!(d.message, "`places` names `tokio`, but there is no place with that id");
        assert_eq!(d.help.as_deref(), Some("did you mean `tokyo`?"));
    }

    #[test]
    fn without_a_close_id_the_help_says_what_the_field_takes() {
        let mut treaty = instrument("treaty");
        treaty.signed =
            Some(Signature { date: "1960".into(), place: Some("washington".into()), signatories: Vec::new() });
        let fixture = Fixture::new().with(0, source(SRC)).with(0, place("tokyo")).with(0, treaty);
        let found = fixture.check(CODE);
        assert_eq!(pointers(&found[0]), [(0, "/instruments/0/signed/place")]);
        assert_eq!(found[0].message, "`signed.place` names `washington`, but there is no place with that id");
        assert_eq!(
            found[0].help.as_deref(),
            Some(
                "`signed.place` takes the id of a place: name an existing one, or add a place with the id `washington`"
            )
        );
    }

    #[test]
    fn any_kind_fields_suggest_from_every_kind() {
        let mut count = figure("count");
        count.about = strings(&["signin"]);
        let fixture = Fixture::new().with(0, source(SRC)).with(0, event("signing", "1960")).with(0, count);
        let found = fixture.check(CODE);
        assert_eq!(pointers(&found[0]), [(0, "/figures/0/about/0")]);
        assert_eq!(found[0].message, "`about` names `signin`, but there is no record with that id");
        assert_eq!(found[0].help.as_deref(), Some("did you mean `signing` (an event)?"));
    }

    #[test]
    fn sources_and_quotations_are_references_too() {
        let mut art = article("article-6", "treaty");
        art.quotations = vec![crate::model::Quotation {
            text: "words".into(),
            quoted_from: "the treaty".into(),
            source: "missing".into(),
        }];
        let fixture = Fixture::new().with(0, instrument("treaty")).with(0, art);
        let found: Vec<_> = fixture.check(CODE).iter().map(|d| pointers(d)[0].1.to_string()).collect();
        assert_eq!(found, ["/instruments/0/sources/0", "/articles/0/quotations/0/source", "/articles/0/sources/0"]);
    }

    #[test]
    fn suggestions_stop_when_the_budget_is_spent() {
        let mut signing = event("signing", "1960-01-19");
        signing.places = strings(&["tokio", "tokio", "kyotoo"]);
        let fixture =
            Fixture::new().with(0, source(SRC)).with(0, place("tokyo")).with(0, place("kyoto")).with(1, signing);
        let cx = Context::build(&fixture.dataset, &fixture.origins, &Default::default());
        let mut found = Vec::new();
        // Enough for one search among the two places; the repeated `tokio` costs nothing.
        report(&cx, &mut found, 3);
        let helps: Vec<_> = found.iter().map(|d| d.help.as_deref().unwrap()).collect();
        assert_eq!(helps[..2], ["did you mean `tokyo`?", "did you mean `tokyo`?"]);
        assert!(helps[2].starts_with("`places` takes the id of a place"), "{}", helps[2]);
    }

    #[test]
    fn existing_references_are_fine() {
        let fixture = Fixture::new().with(0, source(SRC)).with(0, instrument("treaty")).with(1, article("a", "treaty"));
        assert!(fixture.check(CODE).is_empty());
    }
}
