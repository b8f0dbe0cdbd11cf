//! R209 party that is not a state: an instrument's `parties` names an actor that is neither
//! a state nor an organization of states.
//!
//! States make treaties and agreements; a government, an administration or a person acts
//! for one. A party named as "the Bush administration" splits the United States in two, so
//! that a query for the instruments the United States is party to misses the agreement.
//! The party is the state (an actor of kind `state`) or an organization of states (kind
//! `international-organization`); who negotiated or signed for it belongs in the signing
//! event's `participants` or the instrument's `signed.signatories`. A record of another
//! kind named as a party is R203's.
//!
//! Bad: `"parties": ["bush-administration", "government-of-japan"]`.
//! Fix: `"parties": ["united-states", "japan"]`, and the two governments as participants of
//! the event in which the agreement was reached.

use super::Context;
use super::wrong_kind::described;
use crate::diagnostic::Diagnostic;

pub const CODE: &str = "R209";
pub const SUMMARY: &str =
    "party that is not a state: an instrument's party is neither a state nor an organization of states";

pub(super) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for &(reference, found) in &cx.not_a_party {
        let found_kind = described(cx, found);
        out.push(
            Diagnostic::error(
                CODE,
                cx.origin(reference.from).at(&reference.path.pointer()),
                format!(
                    "`{}` is {found_kind}; a party to an instrument is a state or an organization of states",
                    reference.id
                ),
            )
            .with_label(format!("{found_kind}, not a state"))
            .with_related(cx.origin(found).at("/kind"), format!("`{}` is defined here as {found_kind}", reference.id))
            .with_help(
                "name the state it acts for (an actor of kind `state`) as the party, and record who acted as a \
                 participant of the signing or agreement event, or in `signed.signatories`",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;
    use crate::model::ActorKind;

    #[test]
    fn a_government_or_a_person_is_no_party_and_a_state_or_the_un_is() {
        let mut japan = actor("japan");
        japan.kind = ActorKind::State;
        let mut un = actor("un");
        un.kind = ActorKind::InternationalOrganization;
        let mut cabinet = actor("cabinet");
        cabinet.kind = ActorKind::Government;
        let mut agreement = instrument("agreement");
        agreement.parties = strings(&["japan", "un", "cabinet", "kishi"]);
        let fixture = Fixture::new()
            .with(0, source(SRC))
            .with(0, japan)
            .with(0, un)
            .with(0, cabinet)
            .with(1, actor("kishi"))
            .with(0, agreement);
        let found = fixture.check(CODE);
        let messages: Vec<_> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`cabinet` is an actor of kind `government`; a party to an instrument is a state or an organization of states",
                "`kishi` is an actor of kind `person`; a party to an instrument is a state or an organization of states",
            ]
        );
        assert_eq!(pointers(&found[0]), [(0, "/instruments/0/parties/2"), (0, "/actors/2/kind")]);
        assert_eq!(pointers(&found[1]), [(0, "/instruments/0/parties/3"), (1, "/actors/0/kind")]);
        assert_eq!(found[0].label, "an actor of kind `government`, not a state");
    }
}
