"""Prefilling a referral from the vault: siblings, parents with PR, chronology, screenings, decision, history."""

from __future__ import annotations

import pytest

from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.referral import prefill
from safeguard_desktop.referral.model import Destination, Referral, ReferralChild, Tristate
from safeguard_desktop.referral.prefill import build_context, new_referral, previous_referrals, related_children
from safeguard_desktop.vault.session import Vault
from tests.referral.wizard_family import add_sent_referral, make_family


@pytest.fixture
def family(vault: Vault):
    return make_family(vault)


def test_siblings_at_home_are_offered_but_a_cousin_through_the_grandmother_is_not(vault, family):
    assert [s.record_id for s in related_children(vault, family.posy)] == [family.rafe]
    ctx = build_context(vault, [family.posy])
    assert ctx.siblings == (family.rafe,)
    assert family.ivo not in ctx.children

    referral = new_referral(vault, [family.posy], Destination.MASH, context=ctx)
    assert referral.child_ids == [family.posy]  # offered, not added without asking
    # One consent line per adult with parental responsibility: not the grandmother.
    assert [c.adult_id for c in referral.consents] == [family.mother, family.father]
    assert all(c.consented is Tristate.UNKNOWN for c in referral.consents)
    assert referral.referrer == vault.practitioner


def test_siblings_together_share_one_consent_line_per_parent(vault, family):
    referral = new_referral(vault, [family.posy, family.rafe], Destination.MASH)
    assert referral.child_ids == [family.posy, family.rafe]
    assert sorted(str(c.adult_id) for c in referral.consents) == sorted(str(a) for a in (family.mother, family.father))


def test_the_recent_significant_chronology_entries_are_preselected(vault, family):
    ctx = build_context(vault, [family.posy])
    options = {o.row.record_id: o for o in ctx.chronology}
    assert options[family.recent_significant].preselected
    assert not options[family.recent_background].preselected  # background, however recent
    assert not options[family.old_significant].preselected  # older than twelve months
    dates = [o.row.at for o in ctx.chronology]
    assert dates == sorted(dates, reverse=True)

    referral = new_referral(vault, [family.posy], Destination.MASH, context=ctx)
    picked = {p.record_id for p in referral.chronology}
    assert family.recent_significant in picked
    assert family.recent_background not in picked and family.old_significant not in picked


def test_the_preselection_is_capped_to_the_newest_few(vault, family, monkeypatch):
    monkeypatch.setattr(prefill, "CHRONOLOGY_PRESELECTED", 2)
    ctx = build_context(vault, [family.posy])
    assert len([o for o in ctx.chronology_of([family.posy]) if o.preselected]) > 2
    picked = ctx.preselected_chronology([family.posy])
    assert len(picked) == 2 and picked == [o for o in ctx.chronology_of([family.posy]) if o.preselected][:2]


def test_a_concern_about_siblings_offers_each_childs_own_row(vault, family):
    ctx = build_context(vault, [family.posy])
    shared = [o for o in ctx.chronology if o.row.record_id == family.recent_concern]
    assert sorted((o.child_ids, o.row.item) for o in shared) == sorted([((family.posy,), 0), ((family.rafe,), 1)])
    assert [o.row.record_id for o in ctx.chronology_of([family.rafe])].count(family.recent_concern) == 1


def test_the_latest_screening_and_decision_and_the_open_concerns_are_preselected(vault, family):
    ctx = build_context(vault, [family.posy])
    assert [c.record_id for c in ctx.concerns] == [family.recent_concern, family.old_concern]  # newest first
    referral = new_referral(vault, [family.posy], Destination.MASH, context=ctx)
    assert referral.screening_ids == [family.newer_screening]
    assert referral.decision_id == family.newer_decision
    assert referral.concern_ids == [family.recent_concern]  # the closed one is offered, not ticked

    chosen = new_referral(vault, [family.posy], Destination.MASH, decision_id=family.older_decision, context=ctx)
    assert chosen.decision_id == family.older_decision


def test_early_help_already_tried_is_prefilled_from_the_status_periods(vault, family):
    referral = new_referral(vault, [family.posy], Destination.LCSS_NAMED)
    assert referral.early_help.startswith("Posy Ellingham: Early Help from ")
    assert "Team Around the Family met monthly." in referral.early_help
    assert "Closed: family stopped engaging." in referral.early_help
    assert new_referral(vault, [family.rafe], Destination.MASH).early_help == ""


def test_a_previous_referral_within_twelve_months_is_found_and_an_older_one_is_not(vault, family):
    recent = add_sent_referral(vault, family.posy, 100)
    add_sent_referral(vault, family.posy, 400)
    vault.referrals.add(  # a draft never sent is not a referral yet
        Referral(
            destination=Destination.MASH, children=[ReferralChild(child_id=family.posy)], referrer=vault.practitioner
        )
    )
    assert [r.record_id for r in previous_referrals(vault, [family.posy])] == [recent]
    assert previous_referrals(vault, [family.rafe]) == []
    longer = previous_referrals(vault, [family.posy], within_days=500)
    assert len(longer) == 2 and longer[0].record_id == recent  # newest sent first

    ctx = build_context(vault, [family.rafe])  # Posy is offered with Rafe, so her history is at hand
    assert ctx.previous_of([family.rafe]) == []
    assert [r.record_id for r in ctx.previous_of([family.posy])] == [recent]


def test_no_children_or_a_missing_child_is_refused_in_words(vault, family):
    with pytest.raises(DomainError, match="at least one child"):
        build_context(vault, [])
    vault.children.withdraw(family.ivo, "Added in error")
    with pytest.raises(DomainError, match="no longer in the vault"):
        build_context(vault, [family.ivo])


def test_the_childrens_files_are_offered_but_withdrawn_ones_and_earlier_packets_are_not(vault, family):
    note = vault.attachments.add_bytes("note.txt", b"Posy's note", "text/plain", child_id=family.posy)
    letter = vault.attachments.add_bytes("letter.txt", b"Rafe's letter", "text/plain", child_id=family.rafe)
    gone = vault.attachments.add_bytes("wrong.txt", b"Wrong child", "text/plain", child_id=family.posy)
    vault.attachments.withdraw(gone.record_id, "Attached to the wrong child")
    sent = add_sent_referral(vault, family.posy, 30)
    vault.attachments.add_bytes(
        "SGP-0030.zip", b"PK packet", "application/zip", child_id=family.posy, linked_record_id=sent
    )
    ctx = build_context(vault, [family.posy])
    assert [a.record_id for a in ctx.attachments[family.posy]] == [note.record_id]
    assert [a.record_id for a in ctx.attachments_of([family.posy, family.rafe])] == [note.record_id, letter.record_id]
    assert ctx.attachments_of([family.ivo]) == []
