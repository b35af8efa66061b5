"""Holds: placed with a kind and reference, lifted with a reason, and they hold the whole file."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from safeguard_desktop.domain.categories import ChildRole, ConcernCategory, ConcernStatus
from safeguard_desktop.domain.concern import Concern, ConcernChild
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.people import Child
from safeguard_desktop.errors import RecordNotFound, SafeguardError
from safeguard_desktop.governance.holds import active_holds_for, holds, is_held, lift_hold, place_hold
from safeguard_desktop.governance.review import review_queue
from safeguard_desktop.vault.session import Vault


def add_child(vault: Vault, given: str, family: str) -> UUID:
    return vault.children.add(Child(given_names=given, family_name=family, date_of_birth=date(1998, 4, 3))).record_id


def add_concern(vault: Vault, *child_ids: UUID) -> UUID:
    return vault.concerns.add(
        Concern(
            happened=EventDate.on_day(date(2012, 5, 14)),
            children=[ConcernChild(child_id=c, roles=frozenset({ChildRole.VICTIM})) for c in child_ids],
            categories=frozenset({ConcernCategory.NEGLECT}),
            recorded_by=vault.practitioner,
            account="Said there was no food at home.",
            status=ConcernStatus.CLOSED,
        )
    ).record_id


def test_a_hold_on_the_child_holds_the_file_until_lifted(vault: Vault) -> None:
    child = add_child(vault, "Tamsin", "Pendleby")
    other = add_child(vault, "Jago", "Pendleby")
    placed = place_hold(vault, child, "litigation", "Claim <b>HQ26X01234</b>")
    assert (placed.kind_label, placed.reference, placed.active) == ("Litigation", "Claim <b>HQ26X01234</b>", True)
    assert placed.record_title == "Tamsin Pendleby"
    assert is_held(vault, child) and not is_held(vault, other)
    assert [h.id for h in active_holds_for(vault, [child, other])] == [placed.id]
    held = {d.child_id: d.held for d in review_queue(vault, date(2026, 11, 26))}
    assert held == {child: True, other: False}

    with pytest.raises(SafeguardError, match="Say why"):
        lift_hold(vault, placed.id, " ")
    lifted = lift_hold(vault, placed.id, "Claim settled on 01/10/2026")
    assert not lifted.active and lifted.lift_reason == "Claim settled on 01/10/2026"
    assert not is_held(vault, child)
    assert holds(vault) == []
    assert [h.id for h in holds(vault, include_lifted=True)] == [placed.id]
    with pytest.raises(SafeguardError, match="already lifted"):
        lift_hold(vault, placed.id, "again")
    actions = [r[0] for r in vault._ctx.conn.execute("SELECT action FROM audit WHERE action LIKE 'retention.%'")]
    assert actions == ["retention.hold", "retention.hold_lifted"]
    assert not vault._ctx.conn.execute("SELECT 1 FROM audit WHERE digest LIKE '%HQ26%'").fetchone()


def test_a_hold_on_a_linked_record_or_its_attachment_holds_the_file(vault: Vault) -> None:
    child = add_child(vault, "Tamsin", "Pendleby")
    sibling = add_child(vault, "Jago", "Pendleby")
    concern = add_concern(vault, child)
    shared = add_concern(vault, child, sibling)
    place_hold(vault, concern, "police", "Crime ref 44/123456/26")
    assert is_held(vault, child) and not is_held(vault, sibling)
    # A hold on a record shared by both children holds both files.
    place_hold(vault, shared, "practice_review", "CSPR Harbourside 2026")
    assert is_held(vault, sibling)
    assert {h.kind_label for h in holds(vault)} == {"Police enquiry", "Practice review"}


def test_a_hold_on_an_attachment_of_a_concern_holds_the_file(vault: Vault) -> None:
    child = add_child(vault, "Tamsin", "Pendleby")
    concern = add_concern(vault, child)
    stored = vault.attachments.add_bytes("note.txt", b"A scanned note.", "text/plain", linked_record_id=concern)
    place_hold(vault, stored.record_id, "litigation", "Claim 7")
    assert is_held(vault, child)


def test_bad_holds_are_refused(vault: Vault) -> None:
    child = add_child(vault, "Tamsin", "Pendleby")
    with pytest.raises(SafeguardError, match="kind of hold"):
        place_hold(vault, child, "whim", "x")
    with pytest.raises(SafeguardError, match="reference"):
        place_hold(vault, child, "police", "   ")
    with pytest.raises(RecordNotFound):
        place_hold(vault, UUID(int=7), "police", "x")
    place_hold(vault, child, "police", "Ref 1")
    with pytest.raises(SafeguardError, match="already has that hold"):
        place_hold(vault, child, "police", "Ref 1")
    assert len(holds(vault)) == 1
