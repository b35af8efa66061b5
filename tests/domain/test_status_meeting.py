"""A child's status periods and the meetings about them: the rules and how they read in the chronology."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pydantic
import pytest

from safeguard_desktop.domain.errors import first_error_message
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.meeting import Attendee, Meeting, MeetingAction, MeetingType
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.status import (
    ChildStatus,
    CPCategory,
    OverlappingPeriod,
    StatusPeriod,
    check_no_overlap,
    ended,
    steps_up_from,
)
from safeguard_desktop.domain.ukdates import uk_today

CHILD = uuid4()
SIBLING = uuid4()


def period(practitioner: Practitioner, status: ChildStatus, start: date, end: date | None = None, **extra: object):
    if status is ChildStatus.CHILD_PROTECTION:
        extra.setdefault("cp_category", CPCategory.NEGLECT)
    return StatusPeriod(child_id=CHILD, status=status, start=start, end=end, recorded_by=practitioner, **extra)


def test_cp_plan_needs_its_category_and_only_it_has_one(practitioner: Practitioner) -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        StatusPeriod(child_id=CHILD, status="child_protection", start=date(2024, 1, 5), recorded_by=practitioner)
    assert (
        first_error_message(caught.value) == "A Child Protection plan needs its category, and other statuses have none."
    )
    with pytest.raises(pydantic.ValidationError) as caught:
        period(practitioner, ChildStatus.EARLY_HELP, date(2024, 1, 5), cp_category=CPCategory.SEXUAL)
    assert first_error_message(caught.value) == "Only a Child Protection plan has a category."


def test_dates_must_be_in_order_and_not_in_the_future(practitioner: Practitioner) -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        period(practitioner, ChildStatus.CHILD_IN_NEED, date(2024, 3, 1), date(2024, 2, 1))
    assert "end date is before the start date" in first_error_message(caught.value)
    with pytest.raises(pydantic.ValidationError):
        period(practitioner, ChildStatus.CHILD_IN_NEED, uk_today() + timedelta(days=1))
    with pytest.raises(pydantic.ValidationError) as caught:
        period(practitioner, ChildStatus.CHILD_IN_NEED, date(2024, 3, 1), end_reason="Closed")
    assert "reason for ending needs the end date" in first_error_message(caught.value)


def test_same_status_cannot_overlap_but_different_statuses_can(practitioner: Practitioner) -> None:
    cin = period(practitioner, ChildStatus.CHILD_IN_NEED, date(2024, 1, 10))
    early_help = period(practitioner, ChildStatus.EARLY_HELP, date(2023, 6, 1), date(2024, 6, 1))
    later_cin = period(practitioner, ChildStatus.CHILD_IN_NEED, date(2024, 5, 1))
    with pytest.raises(OverlappingPeriod) as caught:
        check_no_overlap(later_cin, [early_help, cin])
    assert caught.value.message.startswith(
        "Child in Need plan from 10/01/2024 (still open) is already recorded for this child"
    )
    # Ending the first on the day before the second starts leaves no shared day.
    check_no_overlap(later_cin, [ended(cin, date(2024, 4, 30), "Stepped down")])
    # Both ends count: a period ending on the day the next begins shares that day.
    with pytest.raises(OverlappingPeriod):
        check_no_overlap(later_cin, [ended(cin, date(2024, 5, 1), "Stepped down")])
    # Another child's plan is no conflict.
    other = StatusPeriod(child_id=SIBLING, status="child_in_need", start=date(2024, 1, 1), recorded_by=practitioner)
    check_no_overlap(later_cin, [other])


def test_cp_plan_steps_up_from_a_current_cin_plan(practitioner: Practitioner) -> None:
    cin = period(practitioner, ChildStatus.CHILD_IN_NEED, date(2024, 1, 10))
    cp = period(practitioner, ChildStatus.CHILD_PROTECTION, date(2024, 4, 2))
    assert steps_up_from(cp, cin)
    assert not steps_up_from(cin, cp)
    assert not steps_up_from(cp, ended(cin, date(2024, 3, 1), "Closed"))
    assert not steps_up_from(cp, period(practitioner, ChildStatus.CHILD_IN_NEED, date(2024, 4, 2)))


def test_status_rows_in_the_chronology(practitioner: Practitioner) -> None:
    cp = period(practitioner, ChildStatus.CHILD_PROTECTION, date(2024, 4, 2), note="Conference chaired by the IRO")
    finished = ended(cp, date(2024, 10, 1), "risk reduced at the review conference")
    items = finished.timeline_items()
    assert [i.summary for i in items] == [
        "Child Protection plan (neglect) began. Conference chaired by the IRO",
        "Child Protection plan (neglect) ended. risk reduced at the review conference.",
    ]
    assert [i.happened.display() for i in items] == ["02/04/2024", "01/10/2024"]
    assert finished.title() == "Child Protection plan (neglect) from 02/04/2024 to 01/10/2024"


def meeting(practitioner: Practitioner, **overrides: object) -> Meeting:
    fields: dict[str, object] = {
        "meeting_type": MeetingType.INITIAL_CP_CONFERENCE,
        "held": EventDate.exact(datetime(2024, 4, 2, 9, 30, tzinfo=UTC)),
        "child_ids": [CHILD, SIBLING],
        "attendees": [
            Attendee(name="Kelly Hart", role="Mother", is_parent=True, attended=True),
            Attendee(name="Dean Hart", role="Father", is_parent=True, attended=False),
            Attendee(name="Lee Marsh", role="Step-parent", is_parent=True, attended=False, invited=False),
            Attendee(name="Priya Shah", role="Social worker, Children's Services"),
        ],
        "decisions": "Child Protection plan under neglect.\nCore group within 10 working days",
        "actions": [
            MeetingAction(action="Arrange core group", owner="Priya Shah", due=date(2024, 4, 16)),
            MeetingAction(action="Share attendance data", owner="DSL", due=date(2024, 4, 9), done=True),
            MeetingAction(action="Health review", owner="Health visitor"),
        ],
        "recorded_by": practitioner,
    }
    fields.update(overrides)
    return Meeting(**fields)


def test_meeting_row_says_whether_each_parent_attended(practitioner: Practitioner) -> None:
    items = meeting(practitioner).timeline_items()
    assert {i.child_id for i in items} == {CHILD, SIBLING}
    assert items[0].summary == (
        "Initial child protection conference. Parents and carers: Kelly Hart (Mother) attended; "
        "Dean Hart (Father) did not attend; Lee Marsh (Step-parent) was not invited. 1 other attendee. "
        "Decisions: Child Protection plan under neglect. Core group within 10 working days. 3 actions agreed."
    )
    assert items[0].happened.display() == "02/04/2024 10:30"  # BST


def test_only_open_dated_actions_are_due(practitioner: Practitioner) -> None:
    due = meeting(practitioner).due_items()
    assert [(d.due, d.what) for d in due] == [
        (
            date(2024, 4, 16),
            "Arrange core group (Priya Shah) — from Initial child protection conference — 02/04/2024 10:30",
        )
    ]


def test_meeting_rules(practitioner: Practitioner) -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        meeting(practitioner, actions=[MeetingAction(action="Visit", owner="SW", due=date(2024, 3, 1))])
    assert "due on 01/03/2024, before the meeting" in first_error_message(caught.value)
    with pytest.raises(pydantic.ValidationError) as caught:
        meeting(practitioner, child_ids=[])
    assert first_error_message(caught.value) == "Child ids: a meeting must be about at least one child."
    with pytest.raises(pydantic.ValidationError):
        Attendee(name="Kelly Hart", invited=False)  # cannot attend uninvited
    with pytest.raises(pydantic.ValidationError) as caught:
        MeetingAction(action="", owner="DSL")
    assert "needs what is to be done and who owns it" in first_error_message(caught.value)
    with pytest.raises(pydantic.ValidationError) as caught:
        Attendee.model_validate({"name": "  "})
    assert first_error_message(caught.value) == "Name: give each attendee's name."
    assert meeting(practitioner, attendees=[]).parents_line() == "No parent or carer was recorded."
