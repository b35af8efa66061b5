"""The review queue: files past their retention date appear, keep decisions move them on."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

import pytest

from safeguard_desktop.domain.categories import ChildRole, ConcernCategory, ConcernStatus
from safeguard_desktop.domain.concern import Concern, ConcernChild
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.people import Child
from safeguard_desktop.domain.ukdates import uk_today
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.governance.review import (
    DueFile,
    care_ended,
    file_review,
    keep,
    review_history,
    review_queue,
    set_care_ended,
    undated_files,
)
from safeguard_desktop.governance.rules import adjust_rule, set_organisation_type
from safeguard_desktop.vault.session import Vault


def add_child(vault: Vault, given: str, family: str, **extra: object) -> UUID:
    return vault.children.add(Child(given_names=given, family_name=family, **extra)).record_id


def add_concern(vault: Vault, child_id: UUID, on: date) -> None:
    vault.concerns.add(
        Concern(
            happened=EventDate.on_day(on),
            children=[ConcernChild(child_id=child_id, roles=frozenset({ChildRole.VICTIM}))],
            categories=frozenset({ConcernCategory.NEGLECT}),
            recorded_by=vault.practitioner,
            account="Arrived without a coat in the snow.",
            status=ConcernStatus.CLOSED,
        )
    )


def ids(queue: list[DueFile]) -> list[UUID]:
    return [d.child_id for d in queue]


def test_a_file_past_its_date_is_due_and_one_not_yet_due_is_not(vault: Vault) -> None:
    old = add_child(vault, "Tamsin", "Pendleby", date_of_birth=date(1998, 4, 3))
    add_concern(vault, old, date(2012, 5, 14))
    young = add_child(vault, "Oisín", "Delacourt-Nye", date_of_birth=date(2015, 6, 1))
    queue = review_queue(vault, date(2026, 11, 26))
    assert ids(queue) == [old]
    due = queue[0]
    assert due.due == date(2023, 4, 3)  # date of birth + 25 years
    assert due.rule.id == "school-child-protection-file"
    assert (due.name, due.date_of_birth, due.keep, due.held) == ("Tamsin Pendleby", date(1998, 4, 3), None, False)
    # The day before it is due it is not listed; on the day it is.
    assert review_queue(vault, date(2023, 4, 2)) == []
    assert ids(review_queue(vault, date(2023, 4, 3))) == [old]
    assert young not in ids(review_queue(vault, date(2040, 5, 31)))
    assert young in ids(review_queue(vault, date(2040, 6, 1)))


def test_a_keep_decision_moves_the_file_out_until_its_new_date(vault: Vault) -> None:
    child = add_child(vault, "Tamsin", "Pendleby", date_of_birth=date(1998, 4, 3))
    today = uk_today()
    next_review = today + timedelta(days=365)
    decision = keep(vault, child, "Civil claim expected; <b>keep</b>", next_review)
    assert decision.reason == "Civil claim expected; <b>keep</b>"
    assert review_queue(vault, today) == []
    assert review_queue(vault, next_review - timedelta(days=1)) == []
    back = review_queue(vault, next_review)
    assert ids(back) == [child] and back[0].keep == decision and back[0].due == next_review
    assert [d.next_review for d in review_history(vault, child)] == [next_review]
    actions = [r[0] for r in vault._ctx.conn.execute("SELECT action FROM audit ORDER BY seq DESC LIMIT 1")]
    assert actions == ["retention.keep"]


def test_keep_needs_a_reason_and_a_future_date(vault: Vault) -> None:
    child = add_child(vault, "Tamsin", "Pendleby", date_of_birth=date(1998, 4, 3))
    today = uk_today()
    with pytest.raises(SafeguardError, match="Say why"):
        keep(vault, child, "  ", today + timedelta(days=30))
    with pytest.raises(SafeguardError, match=r"must be after today \(\d\d/\d\d/\d{4}\)"):
        keep(vault, child, "Open enquiry", today)
    assert review_history(vault, child) == []


def test_the_nhs_rule_adds_a_year_when_care_ended_at_17(vault: Vault) -> None:
    set_organisation_type(vault, "nhs", "School nursing service")
    at17 = add_child(vault, "Rhiannon", "Achterberg", date_of_birth=date(2000, 9, 10))
    at16 = add_child(vault, "Kwabena", "Fairweather", date_of_birth=date(2000, 9, 10))
    set_care_ended(vault, at17, date(2018, 3, 1))  # aged 17
    set_care_ended(vault, at16, date(2017, 3, 1))  # aged 16
    assert care_ended(vault, at17) == date(2018, 3, 1)
    on_25th = review_queue(vault, date(2025, 9, 10))
    assert ids(on_25th) == [at16]
    assert on_25th[0].rule.id == "nhs-childrens-record"
    assert review_queue(vault, date(2026, 9, 9)) == on_25th
    assert set(ids(review_queue(vault, date(2026, 9, 10)))) == {at16, at17}
    the_review = file_review(vault, at17)
    assert isinstance(the_review, DueFile) and the_review.due == date(2026, 9, 10)


def test_care_ended_is_checked_and_audited(vault: Vault) -> None:
    child = add_child(vault, "Rhiannon", "Achterberg", date_of_birth=date(2000, 9, 10))
    with pytest.raises(SafeguardError, match="in the future"):
        set_care_ended(vault, child, uk_today() + timedelta(days=2))
    with pytest.raises(SafeguardError, match="before the date of birth"):
        set_care_ended(vault, child, date(1999, 1, 1))
    set_care_ended(vault, child, date(2018, 3, 1))
    set_care_ended(vault, child, date(2018, 4, 1))
    assert care_ended(vault, child) == date(2018, 4, 1)
    actions = [r[0] for r in vault._ctx.conn.execute("SELECT action FROM audit WHERE action LIKE 'retention.%'")]
    assert actions == ["retention.care_ended", "retention.care_ended"]


def test_adjusting_the_rule_changes_the_queue(vault: Vault) -> None:
    child = add_child(vault, "Tamsin", "Pendleby", date_of_birth=date(2000, 1, 20))
    today = date(2026, 11, 26)
    assert ids(review_queue(vault, today)) == [child]
    adjust_rule(vault, "school-child-protection-file", years=30, reason="Local authority policy")
    assert review_queue(vault, today) == []
    assert review_queue(vault, date(2030, 1, 20))[0].rule.adjustment is not None
    adjust_rule(vault, "school-child-protection-file", years=25, days=400, reason="Back to 25 years and a bit")
    assert review_queue(vault, date(2026, 2, 23)) == []
    assert ids(review_queue(vault, date(2026, 2, 24))) == [child]


def test_files_without_a_date_of_birth_are_listed_with_why(vault: Vault) -> None:
    unborn = add_child(vault, "Baby", "Quillfeather", expected_delivery=date(2026, 1, 5))
    assessed = add_child(vault, "Yonas", "Haile", age_status="assessed", assessed_age_note="Assessed as about 16")
    queue_ids = ids(review_queue(vault, date(2100, 1, 1)))
    assert unborn not in queue_ids and assessed not in queue_ids
    undated = {u.child_id: u for u in undated_files(vault)}
    assert set(undated) == {unborn, assessed}
    assert "Unborn baby (expected 05/01/2026)" in undated[unborn].why
    assert "assessed" in undated[assessed].why
    # A keep decision gives it a date, and it leaves the undated list.
    keep(vault, assessed, "Age assessment under appeal", uk_today() + timedelta(days=90))
    assert [u.child_id for u in undated_files(vault)] == [unborn]
    assert assessed in ids(review_queue(vault, uk_today() + timedelta(days=90)))


def test_withdrawn_children_are_still_reviewed(vault: Vault) -> None:
    child = add_child(vault, "Tamsin", "Pendleby", date_of_birth=date(1998, 4, 3))
    vault.children.withdraw(child, "Duplicate record")
    queue = review_queue(vault, date(2026, 11, 26))
    assert ids(queue) == [child] and queue[0].withdrawn


def test_the_demo_adds_a_file_due_for_review_and_a_held_one(vault: Vault) -> None:
    from safeguard_desktop.demo_retention import add_demo_retention

    made = add_demo_retention(vault)
    queue = {d.child_id: d for d in review_queue(vault)}
    assert set(queue) == {made.due_child_id, made.held_child_id}
    assert not queue[made.due_child_id].held and queue[made.held_child_id].held
    assert vault.concerns.count(linked_to=made.due_child_id) == 2
