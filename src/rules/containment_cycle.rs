//! R207 containment cycle: a place is `within` itself, or an actor `part_of` itself,
//! directly or through others.
//!
//! `place.within` and `actor.part_of` build hierarchies (a gate within a building within a
//! city; a chamber part of a legislature). A loop has no top: exporters that walk up the
//! chain would never end, and the data says something impossible. Each loop is reported
//! once, on the link of its first member in file order, with a second label on every other
//! link of the loop. Links that dangle or name another kind are R202's and R203's and end
//! the chain here.
//!
//! Each record has at most one parent, so one walk up from every record, never revisiting
//! a record, finds every loop in time linear in the number of records.
//!
//! Bad: `{ "id": "tokyo", "within": "japan" }` and `{ "id": "japan", "within": "tokyo" }`.
//! Fix: `japan` is within nothing (or within `east-asia`): remove or correct one link.

use super::{Context, Record, a};
use crate::diagnostic::Diagnostic;
use crate::model::RecordKind;

pub const CODE: &str = "R207";
pub const SUMMARY: &str = "containment cycle: a place is within itself or an actor part of itself";

pub(super) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let places = |i: usize| cx.dataset.places[i].within.as_deref();
    find_loops(cx, RecordKind::Place, "/within", "within", &places, out);
    let actors = |i: usize| cx.dataset.actors[i].part_of.as_deref();
    find_loops(cx, RecordKind::Actor, "/part_of", "part of", &actors, out);
}

fn find_loops<'a>(
    cx: &Context<'a>,
    kind: RecordKind,
    pointer: &str,
    relation: &str,
    parent_id: &dyn Fn(usize) -> Option<&'a str>,
    out: &mut Vec<Diagnostic>,
) {
    let parent = |i: usize| {
        let definition = cx.ids.get(parent_id(i)?)?;
        (definition.record.kind == kind).then_some(definition.record.index)
    };
    // 0: not yet walked; otherwise 1 + the record the walk that reached it started from.
    let mut walk = vec![0; cx.dataset.count(kind)];
    for start in 0..walk.len() {
        let mut i = start;
        while walk[i] == 0 {
            walk[i] = start + 1;
            let Some(next) = parent(i) else { break };
            if walk[next] == start + 1 {
                report(cx, kind, pointer, relation, loop_from(next, &parent), out);
                break;
            }
            i = next;
        }
    }
}

/// The members of the loop through `member`, beginning with the first in file order.
fn loop_from(member: usize, parent: &dyn Fn(usize) -> Option<usize>) -> Vec<usize> {
    let mut members = vec![member];
    let mut i = member;
    while let Some(next) = parent(i).filter(|&next| next != member) {
        members.push(next);
        i = next;
    }
    let first = (0..members.len()).min_by_key(|&k| members[k]).unwrap_or(0);
    members.rotate_left(first);
    members
}

fn report(
    cx: &Context,
    kind: RecordKind,
    pointer: &str,
    relation: &str,
    members: Vec<usize>,
    out: &mut Vec<Diagnostic>,
) {
    let record = |index| Record { kind, index };
    let ids: Vec<&str> = members.iter().map(|&i| cx.id(record(i))).collect();
    let name = kind.name();
    let (message, label) = if ids.len() == 1 {
        (format!("the {name} `{}` is {relation} itself", ids[0]), format!("`{}` names itself", ids[0]))
    } else {
        let chain: Vec<String> = ids.iter().chain(&ids[..1]).map(|id| format!("`{id}`")).collect();
        (
            format!("the {name} `{}` is {relation} itself: {}", ids[0], chain.join(" → ")),
            format!("`{}` is {relation} `{}`", ids[0], ids[1]),
        )
    };
    let field = pointer.trim_start_matches('/');
    let mut diagnostic = Diagnostic::error(CODE, cx.origin(record(members[0])).at(pointer), message)
        .with_label(label)
        .with_help(format!("{} cannot be {relation} itself: remove or correct one `{field}` in the loop", a(kind)));
    for (k, &member) in members.iter().enumerate().skip(1) {
        let next = ids[(k + 1) % ids.len()];
        diagnostic = diagnostic
            .with_related(cx.origin(record(member)).at(pointer), format!("`{}` is {relation} `{next}`", ids[k]));
    }
    out.push(diagnostic);
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;

    fn within(id: &str, parent: &str) -> crate::model::Place {
        let mut p = place(id);
        p.within = Some(parent.into());
        p
    }

    fn part_of(id: &str, parent: &str) -> crate::model::Actor {
        let mut a = actor(id);
        a.part_of = Some(parent.into());
        a
    }

    #[test]
    fn self_reference() {
        let fixture = Fixture::new().with(0, within("tokyo", "tokyo"));
        let found = fixture.check(CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(pointers(&found[0]), [(0, "/places/0/within")]);
        assert_eq!(found[0].message, "the place `tokyo` is within itself");
    }

    #[test]
    fn a_loop_through_others_is_reported_once_from_its_first_member() {
        let fixture = Fixture::new()
            .with(0, within("gate", "tokyo"))
            .with(0, within("tokyo", "japan"))
            .with(1, within("japan", "honshu"))
            .with(1, within("honshu", "tokyo"));
        let found = fixture.check(CODE);
        assert_eq!(found.len(), 1);
        let d = &found[0];
        assert_eq!(d.message, "the place `tokyo` is within itself: `tokyo` → `japan` → `honshu` → `tokyo`");
        assert_eq!(pointers(d), [(0, "/places/1/within"), (1, "/places/0/within"), (1, "/places/1/within")]);
        assert_eq!(d.related[1].message, "`honshu` is within `tokyo`");
    }

    #[test]
    fn actors_part_of_themselves() {
        let fixture = Fixture::new().with(0, part_of("house", "diet")).with(0, part_of("diet", "house"));
        let found = fixture.check(CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "the actor `house` is part of itself: `house` → `diet` → `house`");
        assert_eq!(pointers(&found[0]), [(0, "/actors/0/part_of"), (0, "/actors/1/part_of")]);
        assert_eq!(
            found[0].help.as_deref(),
            Some("an actor cannot be part of itself: remove or correct one `part_of` in the loop")
        );
    }

    #[test]
    fn chains_that_end_are_fine() {
        let fixture = Fixture::new()
            .with(0, within("gate", "building"))
            .with(0, within("building", "tokyo"))
            .with(0, within("tokyo", "japan"))
            .with(0, place("japan"))
            .with(0, within("lost", "nowhere"))
            .with(0, within("odd", "diet"))
            .with(0, part_of("diet", "odd"));
        assert!(fixture.check(CODE).is_empty());
    }

    #[test]
    fn a_long_chain_into_a_loop_is_walked_once() {
        let n = 100_000;
        let mut fixture = Fixture::new();
        for i in 0..n {
            fixture = fixture.with(0, within(&format!("p{i}"), &format!("p{}", (i + 1) % n)));
        }
        fixture = fixture.with(0, within("tail", "p0"));
        let found = fixture.check(CODE);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].related.len(), n - 1);
    }
}
