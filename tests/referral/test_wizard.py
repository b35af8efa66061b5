"""The referral wizard as a state machine, walked step by step with no widgets."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.referral import progress
from safeguard_desktop.referral.model import ConsentReason, Destination, ReferralStatus, Tristate
from safeguard_desktop.referral.prefill import build_context, new_referral
from safeguard_desktop.referral.wizard import CallKind, Step, StepIncomplete, Urgency, Wizard
from safeguard_desktop.vault.session import Vault
from tests.referral.wizard_family import add_sent_referral, make_family

CALLED = datetime(2026, 11, 26, 9, 5, tzinfo=UTC)


@pytest.fixture
def family(vault: Vault):
    return make_family(vault)


def _wizard(vault: Vault, children, destination: Destination, **kw) -> Wizard:
    ctx = build_context(vault, children)
    return Wizard(new_referral(vault, children, destination, context=ctx), ctx, **kw)


def _answer_rest(w: Wizard, family, *, consent: bool = True) -> None:
    """From CHILDREN on, answer every step and advance to DONE, checking each step on the way."""
    assert w.step is Step.CHILDREN
    w.advance()
    assert w.step is Step.SAFETY
    for child in w.referral.child_ids:
        w.set_child(child, safe_tonight=Tristate.YES, where_now="At school until 15:15")
    w.update(domestic_abuse=Tristate.YES, risk_to_visitors="A large dog at the address.")
    assert w.advance() is Step.CONCERNS_AND_CHRONOLOGY
    assert w.advance() is Step.WORK_SO_FAR  # prefilled concerns are enough
    assert w.advance() is Step.CONSENT
    if consent:
        w.set_consent(family.mother, aware=Tristate.YES, consented=Tristate.YES)
        w.set_consent(family.father, aware=Tristate.NO, consented=Tristate.NO, reason_not=ConsentReason.INCREASE_RISK)
    assert w.advance() is Step.FAMILY_AND_CHILD
    w.update(family_told="Mum was told today.", family_response="Upset but agreed.", child_voice="'I'm hungry.'")
    assert w.can_advance() == ["say what you want to happen"]
    w.update(referrer_wants="An assessment of the children's needs.")
    assert w.advance() is Step.REFERRER
    assert w.advance() is Step.REVIEW


def test_immediate_danger_says_call_999_first_then_records_the_call(vault, family):
    w = _wizard(vault, [family.posy], Destination.MASH)
    assert w.step is Step.URGENCY and w.urgency is None
    assert Step.CALL not in w.steps()
    assert w.can_advance()  # the question must be answered, not assumed
    with pytest.raises(StepIncomplete):
        w.advance()

    w.set_urgency(Urgency.IMMEDIATE_DANGER)
    assert w.urgent_instruction().startswith("Call 999 now. Do not fill in this form first.")
    assert w.steps()[:2] == [Step.URGENCY, Step.CALL]
    assert w.advance() is Step.CALL
    assert w.can_advance() == ["record the 999 call: the time, who you spoke to, the advice and any reference"]
    w.record_call(CallKind.POLICE, called_at=CALLED, spoke_to="Call handler 4471", reference="TV-2611-0042")
    assert w.advance() is Step.CHILDREN

    _answer_rest(w, family)
    assert w.missing() == [] and w.is_complete()
    assert w.advance() is Step.DONE
    r = w.referral
    assert r.immediate_danger and r.police_call.reference == "TV-2611-0042" and r.mash_call is None
    assert "rag" not in " ".join(type(r).model_fields).lower()  # the MASH rates enquiries, not the referrer


def test_a_response_needed_today_means_phoning_the_mash_and_recording_that_call(vault, family):
    w = _wizard(vault, [family.posy], Destination.MASH)
    w.set_urgency(Urgency.TODAY)
    assert w.urgent_instruction().startswith("Phone the MASH now.")
    w.advance()
    assert w.can_advance() == ["record your call to the MASH: the time, who you spoke to, the advice and reference"]
    w.record_call(CallKind.MASH, called_at=CALLED, spoke_to="Duty social worker", advice="Keep her at school.")
    _ = w.advance()
    _answer_rest(w, family)
    assert w.is_complete() and w.referral.mash_call.spoke_to == "Duty social worker"

    w.go(Step.URGENCY)  # changing the answer takes the CALL step away, and the calls with no urgency do not block
    w.set_urgency(Urgency.NOT_URGENT)
    assert Step.CALL not in w.steps() and w.is_complete()


def test_lcss_named_has_no_urgency_step_and_needs_the_familys_consent(vault, family):
    w = _wizard(vault, [family.posy], Destination.LCSS_NAMED)
    assert w.steps()[0] is Step.CHILDREN and Step.URGENCY not in w.steps() and Step.CALL not in w.steps()
    w.advance()
    w.set_child(family.posy, safe_tonight=Tristate.YES)
    assert w.advance() is Step.CONCERNS_AND_CHRONOLOGY  # where now is asked by the MASH, not needed here
    w.advance()
    w.advance()
    assert w.step is Step.CONSENT
    assert len(w.can_advance()) == 2  # one line per parent with PR
    w.set_consent(family.mother, aware=Tristate.YES, consented=Tristate.NO, reason_not=ConsentReason.REFUSED)
    w.set_consent(family.father, aware=Tristate.NO, consented=Tristate.NO, reason_not=ConsentReason.NOT_CONTACTABLE)
    assert w.can_advance() == [
        "a named request for Early Help support needs the family's consent: record it, "
        "or ask LCSS for a no-names consultation instead"
    ]
    w.set_consent(family.mother, aware=Tristate.YES, consented=Tristate.YES)
    assert w.advance() is Step.FAMILY_AND_CHILD
    w.update(referrer_wants="Early Help support for the family.")
    w.advance()
    w.advance()
    assert w.step is Step.REVIEW and w.is_complete()
    assert {a.adult_id: a.consented for a in w.referral.consents} == {
        family.mother: Tristate.YES,
        family.father: Tristate.NO,
    }


def test_a_no_names_consultation_names_nobody_and_needs_no_consent_or_identifiers(vault, family):
    w = _wizard(vault, [family.rafe], Destination.LCSS_NO_NAMES)
    parties = w.consent_parties()
    assert [p.label for p in parties] == ["Mother of child 1", "Father of child 1"]
    assert all(p.name == "" for p in parties)
    # What is still missing is said without naming the child either.
    assert [m.message for m in w.missing()] == [
        "say whether child 1 is safe tonight",
        "say what you want to happen",
    ]
    w.set_child(family.rafe, safe_tonight=Tristate.YES)
    w.update(referrer_wants="Advice on whether this meets the threshold for Early Help.")
    assert w.missing() == []  # Rafe's record lacks his NHS number, which a no-names consultation must not carry
    w.go(Step.REVIEW)
    assert w.advance() is Step.DONE


def test_the_step_cannot_be_left_with_problems_and_go_stops_at_the_first(vault, family):
    w = _wizard(vault, [family.posy], Destination.MASH)
    w.set_urgency(Urgency.NOT_URGENT)
    w.advance()
    assert w.step is Step.CHILDREN
    w.advance()
    with pytest.raises(StepIncomplete) as raised:
        w.advance()
    assert raised.value.problems == ["say whether Posy Ellingham is safe tonight", "say where Posy Ellingham is now"]
    assert w.step is Step.SAFETY
    w.back()
    with pytest.raises(StepIncomplete) as raised:
        w.go(Step.REVIEW)
    assert raised.value.step is Step.SAFETY and w.step is Step.SAFETY
    with pytest.raises(DomainError, match="not part of"):
        w.go(Step.CALL)


def test_back_and_forward_keep_the_answers(vault, family):
    w = _wizard(vault, [family.posy], Destination.MASH)
    w.set_urgency(Urgency.NOT_URGENT)
    w.go(Step.SAFETY)
    w.set_child(family.posy, safe_tonight=Tristate.YES, where_now="With her grandmother")
    w.update(mental_health=Tristate.YES, parental_factors_note="Mum's depression, by her own account.")
    w.advance()
    w.back()
    w.back()
    w.back()
    assert w.step is Step.URGENCY and w.urgency is Urgency.NOT_URGENT
    w.go(Step.CONCERNS_AND_CHRONOLOGY)
    assert w.referral.children[0].where_now == "With her grandmother"
    assert w.referral.parental_factors_note == "Mum's depression, by her own account."


def test_missing_fields_are_listed_by_step_including_the_childs_record(vault, family):
    w = _wizard(vault, [family.posy, family.rafe], Destination.MASH)
    w.update(concern_ids=[], referrer=Practitioner(name="Ada Quell", role="DSL", organisation="Larkspur School"))
    missing = w.missing()
    order = list(Step)
    assert [order.index(m.step) for m in missing] == sorted(order.index(m.step) for m in missing)
    by_field = {(m.step, m.field): m for m in missing}
    assert set(by_field) >= {
        (Step.URGENCY, "urgency"),
        (Step.CHILDREN, "nhs_number"),
        (Step.CHILDREN, "address"),
        (Step.CHILDREN, "gender"),
        (Step.SAFETY, "safe_tonight"),
        (Step.SAFETY, "where_now"),
        (Step.CONCERNS_AND_CHRONOLOGY, "concern_ids"),
        (Step.FAMILY_AND_CHILD, "referrer_wants"),
        (Step.REFERRER, "referrer.contact"),
    }
    nhs = by_field[(Step.CHILDREN, "nhs_number")]
    assert nhs.record_id == family.rafe and "Rafe Ellingham" in nhs.message
    assert [m.field for m in missing if m.step is Step.CONSENT] == [
        f"consent.{family.mother}",
        f"consent.{family.father}",
    ]
    # The child's record is fixed elsewhere: it does not hold up the CHILDREN step, only export.
    w.set_urgency(Urgency.NOT_URGENT)
    assert w.advance() is Step.CHILDREN and w.can_advance() == []
    assert w.advance() is Step.SAFETY
    with pytest.raises(StepIncomplete):
        w.go(Step.DONE)


def test_a_child_not_safe_tonight_sends_the_referrer_to_the_phone(vault, family):
    w = _wizard(vault, [family.posy], Destination.MASH)
    w.set_urgency(Urgency.NOT_URGENT)
    w.go(Step.SAFETY)
    w.set_child(family.posy, safe_tonight=Tristate.NO, where_now="At school")
    assert w.can_advance() == [
        "Posy Ellingham is not safe tonight: phone the MASH now, then go back to Urgency and record the call"
    ]
    lcss = _wizard(vault, [family.posy], Destination.LCSS_NAMED)
    lcss.set_child(family.posy, safe_tonight=Tristate.NO)
    assert "not LCSS" in lcss.missing()[0].message


def test_siblings_are_offered_and_added_with_their_answers_kept(vault, family):
    w = _wizard(vault, [family.posy], Destination.MASH)
    assert [c.given_names for c in w.offered_siblings()] == ["Rafe"]
    w.set_child(family.posy, safe_tonight=Tristate.YES, where_now="At school")
    w.set_consent(family.mother, aware=Tristate.YES, consented=Tristate.YES)
    w.set_children([family.posy, *w.offered_sibling_ids()])
    assert w.referral.child_ids == [family.posy, family.rafe] and w.offered_siblings() == []
    assert w.referral.children[0].where_now == "At school"
    assert w.referral.consents[0].consented is Tristate.YES
    assert "Posy Ellingham; Mother of Rafe Ellingham" in w.consent_parties()[0].label
    with pytest.raises(DomainError, match="Only the children offered"):
        w.set_children([family.ivo])


def test_bad_answers_are_refused_in_words_and_leave_the_referral_unchanged(vault, family):
    w = _wizard(vault, [family.posy], Destination.MASH)
    before = w.referral
    with pytest.raises(DomainError, match="not recognised"):
        w.update(rag_rating="red")
    with pytest.raises(DomainError, match="why consent"):
        w.set_consent(family.mother, aware=Tristate.YES, consented=Tristate.NO)
    assert w.referral is before


def test_urgency_when_the_destination_is_still_to_choose(vault, family):
    w = _wizard(vault, [family.posy], Destination.LCSS_NAMED, choose_destination=True)
    assert w.steps()[:2] == [Step.URGENCY, Step.DESTINATION]
    w.set_urgency(Urgency.TODAY)
    assert w.referral.destination is Destination.MASH
    w.update(destination=Destination.LCSS_NAMED)
    (wrong,) = [m for m in w.missing() if m.field == "destination"]
    assert "referred to the MASH, not LCSS" in wrong.message and wrong.step is Step.DESTINATION


def test_a_previous_referral_is_shown_at_review(vault, family):
    earlier = add_sent_referral(vault, family.rafe, 60)
    w = _wizard(vault, [family.posy], Destination.MASH)
    assert w.previous_referrals() == []
    w.set_children([family.posy, family.rafe])
    assert [r.record_id for r in w.previous_referrals()] == [earlier]


def test_work_in_progress_is_kept_resumed_and_saved_as_a_draft_record_when_chosen(vault, family):
    w = _wizard(vault, [family.posy], Destination.MASH)
    w.set_urgency(Urgency.NOT_URGENT)
    w.go(Step.SAFETY)
    w.set_child(family.posy, safe_tonight=Tristate.YES, where_now="At home")
    work = progress.save(vault, progress.from_wizard(w))
    assert vault.referrals.count() == 0  # steps do not make record versions

    again = progress.load(vault, work.draft_id)
    assert [u.draft_id for u in progress.unfinished(vault, family.posy)] == [work.draft_id]
    assert progress.unfinished(vault, family.ivo) == []
    resumed = progress.wizard_for(again, build_context(vault, [family.posy]))
    assert resumed.step is Step.SAFETY and resumed.urgency is Urgency.NOT_URGENT
    assert resumed.referral == w.referral

    work, stored = progress.save_draft_record(vault, work)
    assert stored.data.status is ReferralStatus.DRAFT and work.record_id == stored.record_id
    resumed.update(child_voice="She said she likes school.")
    work, stored = progress.save_draft_record(vault, progress.from_wizard(resumed, work))
    assert len(vault.referrals.history(stored.record_id)) == 2
    assert progress.resume_record(stored).record_id == stored.record_id

    progress.discard(vault, work)
    assert progress.unfinished(vault) == [] and vault.referrals.count() == 1


def test_a_call_needs_who_was_spoken_to_and_a_real_time(vault, family):
    w = _wizard(vault, [family.posy], Destination.MASH)
    w.set_urgency(Urgency.IMMEDIATE_DANGER)
    with pytest.raises(DomainError, match="who you spoke to"):
        w.record_call(CallKind.POLICE, called_at=CALLED, spoke_to="  ")
    with pytest.raises(DomainError, match="time zone"):
        w.record_call(CallKind.POLICE, called_at=CALLED.replace(tzinfo=None), spoke_to="Call handler")
    with pytest.raises(DomainError, match="in the future"):
        w.record_call(CallKind.POLICE, called_at=datetime(2099, 1, 1, tzinfo=UTC), spoke_to="Call handler")
    assert w.referral.police_call is None
    london = CALLED.astimezone(ZoneInfo("Europe/London"))
    w.record_call(CallKind.POLICE, called_at=london, spoke_to="<b>O'Brien & Sons</b>")
    assert w.referral.police_call.called_at == CALLED and w.referral.police_call.called_at.tzinfo == UTC
    assert w.referral.police_call.spoke_to == "<b>O'Brien & Sons</b>"  # kept exactly as typed


def test_a_change_that_leaves_a_gap_takes_done_back_to_review(vault, family):
    w = _wizard(vault, [family.posy], Destination.MASH)
    w.set_urgency(Urgency.NOT_URGENT)
    w.advance()
    _answer_rest(w, family)
    assert w.advance() is Step.DONE and w.advance() is Step.DONE
    w.update(referrer_wants="")
    assert w.step is Step.REVIEW and not w.is_complete()


def test_a_detail_genuinely_not_known_is_stated_with_a_reason_instead_of_blocking_export(vault, family):
    from safeguard_desktop.referral.model import NotKnownField

    w = _wizard(vault, [family.posy, family.rafe], Destination.MASH)
    rafe_gaps = {m.field for m in w.missing() if m.record_id == family.rafe}
    assert rafe_gaps == {"address", "nhs_number", "gender"}
    with pytest.raises(DomainError, match="why it is not known: Address"):
        w.set_not_known(family.rafe, NotKnownField.ADDRESS, "  ")
    with pytest.raises(DomainError, match="child referred"):
        w.set_not_known(family.ivo, NotKnownField.ADDRESS, "Not ours")
    for field in (NotKnownField.ADDRESS, NotKnownField.NHS_NUMBER, NotKnownField.GENDER):
        w.set_not_known(family.rafe, field, "Arrived last week; the family gave no details")
    assert not [m for m in w.missing() if m.record_id == family.rafe]
    # Stated again, the reason is replaced, not doubled.
    w.set_not_known(family.rafe, NotKnownField.GENDER, "Not yet told")
    assert w.referral.not_known_of(family.rafe)[NotKnownField.GENDER] == "Not yet told"
    assert len(w.referral.not_known) == 3
    w.clear_not_known(family.rafe, NotKnownField.GENDER)
    assert [m.field for m in w.missing() if m.record_id == family.rafe] == ["gender"]
    # A child removed takes their statements with them.
    w.set_children([family.posy])
    assert w.referral.not_known == []


def test_nobody_with_parental_responsibility_can_be_stated_not_known(vault, family):
    from safeguard_desktop.referral.model import NotKnownField

    w = _wizard(vault, [family.ivo], Destination.LCSS_NAMED)
    assert "parental_responsibility" in {m.field for m in w.missing()}
    w.set_not_known(family.ivo, NotKnownField.PARENTAL_RESPONSIBILITY, "Lives with his grandmother; no order known")
    assert "parental_responsibility" not in {m.field for m in w.missing()}


def test_files_chosen_for_a_child_who_is_removed_leave_the_referral(vault, family):
    posy_file = vault.attachments.add_bytes("note.txt", b"Posy's note", "text/plain", child_id=family.posy).record_id
    rafe_file = vault.attachments.add_bytes("letter.txt", b"Rafe's letter", "text/plain", child_id=family.rafe)
    w = _wizard(vault, [family.posy], Destination.MASH)
    w.set_children([family.posy, family.rafe])
    w.update(attachment_ids=[posy_file, rafe_file.record_id])
    w.set_children([family.posy])
    assert w.referral.attachment_ids == [posy_file]
    w.set_children([family.posy, family.rafe])
    assert w.referral.attachment_ids == [posy_file]  # removal is not undone by adding the child back
