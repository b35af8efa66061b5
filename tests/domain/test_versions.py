"""Field-level differences between two versions of a record, in readable words."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from safeguard_desktop.domain.bodymap import BodyMark, BodySide, MarkType, region_label
from safeguard_desktop.domain.categories import ChildRole, ConcernCategory, ConcernStatus, InformedParty
from safeguard_desktop.domain.chronology import ChronologyEntry
from safeguard_desktop.domain.concern import (
    Concern,
    ConcernChild,
    ConcernReview,
    InformedRecord,
    StatusChange,
    with_status_change,
)
from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.people import Child
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.ukdates import uk_today
from safeguard_desktop.domain.versions import Change, diff_records, record_fields, value_text

RUBY, JAKE = uuid4(), uuid4()
NAMES = {RUBY: "Ruby Okonkwo-Hale", JAKE: "Jake Whitfield"}


def names(record_id: UUID) -> str:
    return NAMES.get(record_id, "")


def concern(practitioner: Practitioner, **changes: object) -> Concern:
    fields: dict[str, object] = {
        "happened": EventDate.on_day(date(2023, 3, 14)),
        "children": [
            ConcernChild(child_id=RUBY, roles=frozenset({ChildRole.VICTIM})),
            ConcernChild(child_id=JAKE, roles=frozenset({ChildRole.ALLEGED_PERPETRATOR})),
        ],
        "categories": frozenset({ConcernCategory.BULLYING, ConcernCategory.ONLINE_SAFETY}),
        "recorded_by": practitioner,
        "account": "Pushed over in the lunch queue.",
        "informed": [
            InformedRecord(
                party=InformedParty.PARENT_OR_CARER,
                name="Mrs Okonkwo",
                when=datetime(2023, 3, 14, 15, 5, tzinfo=UTC),
            )
        ],
    }
    fields.update(changes)
    return Concern.model_validate(fields)


def test_unchanged_versions_have_no_differences(practitioner: Practitioner) -> None:
    assert diff_records(concern(practitioner), concern(practitioner), names) == []


def test_changed_fields_are_named_with_their_text_before_and_after(practitioner: Practitioner) -> None:
    before = concern(practitioner)
    after = concern(
        practitioner,
        happened=EventDate.on_day(date(2023, 3, 13), approximate=True),
        account="Pushed over in the lunch queue; knee grazed.",
        categories=frozenset({ConcernCategory.BULLYING, ConcernCategory.PHYSICAL_ABUSE}),
    )
    assert diff_records(before, after, names) == [
        Change("When it happened", "14/03/2023", "around 13/03/2023"),
        Change("Categories", "Bullying and cyberbullying, Online safety", "Physical abuse, Bullying and cyberbullying"),
        Change("Factual account", "Pushed over in the lunch queue.", "Pushed over in the lunch queue; knee grazed."),
    ]


def test_children_and_roles_are_shown_by_name(practitioner: Practitioner) -> None:
    before = concern(practitioner)
    after = concern(
        practitioner,
        children=[
            ConcernChild(child_id=RUBY, roles=frozenset({ChildRole.VICTIM})),
            ConcernChild(child_id=JAKE, roles=frozenset({ChildRole.WITNESS, ChildRole.ALLEGED_PERPETRATOR})),
        ],
    )
    # Ruby's row did not change, so only Jake's shows: the unchanged item drops out.
    assert diff_records(before, after, names) == [
        Change(
            "Children",
            "Child: Jake Whitfield; Roles: Alleged perpetrator",
            "Child: Jake Whitfield; Roles: Alleged perpetrator, Witness",
        )
    ]


def test_an_item_added_at_the_top_does_not_show_the_others_as_changed(practitioner: Practitioner) -> None:
    police = InformedRecord(party=InformedParty.POLICE, name="PC Hale", note="by phone, ref 123")
    before = concern(practitioner)
    after = concern(practitioner, informed=[police, *before.informed])
    assert diff_records(before, after, names) == [
        Change("Who was informed", "", "Who: Police; Name: PC Hale; Note: by phone, ref 123")
    ]
    assert diff_records(after, before, names) == [
        Change("Who was informed", "Who: Police; Name: PC Hale; Note: by phone, ref 123", "")
    ]


def test_nested_values_get_a_path_and_an_unknown_id_is_not_shown_as_a_name(practitioner: Practitioner) -> None:
    before = concern(practitioner)
    colleague = Practitioner(name="Tomasz Wiśniewski", role="Class teacher", organisation="Riverside Academy")
    review = ConcernReview(
        decision="Monitor",
        review_on=date(2030, 1, 31),
        reviewed_by=practitioner,
        reviewed_at=datetime(2023, 3, 15, 9, 0, tzinfo=UTC),
    )
    stranger = uuid4()
    after = concern(
        practitioner,
        recorded_by=colleague,
        review=review,
        children=[ConcernChild(child_id=stranger, roles=frozenset({ChildRole.OTHER}))],
    )
    changes = {c.label: (c.before, c.after) for c in diff_records(before, after, names)}
    assert changes["Recorded by › Name"] == (practitioner.name, "Tomasz Wiśniewski")
    assert changes["Recorded by › Role"] == ("Designated Safeguarding Lead", "Class teacher")
    assert changes["DSL review › Decision"] == ("", "Monitor")
    assert changes["DSL review › Review date"] == ("", "31/01/2030")
    assert changes["DSL review › Reviewed at"] == ("", "15/03/2023 09:00")
    assert changes["Recorded by › Organisation"] == ("Larkspur Community School", "Riverside Academy")
    assert changes["Recorded by › Contact"] == ("01865 000000", "")
    child_rows = [c for c in diff_records(before, after, names) if c.label == "Children"]
    assert (child_rows[0].after) == f"Child: record {str(stranger)[:8]}; Roles: Other"


def test_body_marks_and_status_history_read_naturally(practitioner: Practitioner) -> None:
    mark = BodyMark(
        side=BodySide.FRONT,
        x=0.42,
        y=0.3,
        region="front_forehead",
        mark_type=MarkType.BRUISE,
        colour="purple",
        child_id=RUBY,
    )
    after = concern(
        practitioner,
        body_marks=[mark],
        status=ConcernStatus.REFERRED,
        status_history=[StatusChange(status=ConcernStatus.REFERRED, on=date(2023, 3, 15), note="MASH")],
    )
    changes = diff_records(concern(practitioner), after, names)
    assert Change("Status", "Open", "Referred") in changes
    assert Change("Status changes", "", "Status: Referred; From: 15/03/2023; Note: MASH") in changes
    body = next(c for c in changes if c.label == "Body map marks")
    assert body.after.startswith("Side: Front; Position across: 42%; Position down: 30%; Region: ")
    assert f"Region: {region_label('front_forehead')}; Type of mark: Bruise; Colour: purple" in body.after
    assert "front_forehead" not in body.after  # the region's name, not its key
    assert body.after.endswith("Child: Ruby Okonkwo-Hale")  # whose body, by name


def test_first_version_lists_every_recorded_field(practitioner: Practitioner) -> None:
    changes = diff_records(None, concern(practitioner), names)
    labels = [c.label for c in changes]
    assert labels[:3] == ["When it happened", "Children", "Children"]
    assert all(c.before == "" for c in changes)
    assert "Reported by" not in labels  # blank in both: nothing to show


def test_any_record_kind_works(practitioner: Practitioner) -> None:
    child = Child(given_names="Ruby", family_name="Okonkwo-Hale", date_of_birth=date(2015, 6, 1))
    older = Child(given_names="Ruby", family_name="Okonkwo", date_of_birth=date(2015, 6, 1), interpreter_needed=True)
    assert diff_records(older, child) == [
        Change("Family name", "Okonkwo", "Okonkwo-Hale"),
        Change("Interpreter needed", "Yes", "No"),
    ]
    entry = ChronologyEntry(
        child_id=RUBY, happened=EventDate.in_month(2022, 9), description="Moved house", recorded_by=practitioner
    )
    fields = dict(record_fields(entry, names))
    assert fields["Child"] == "Ruby Okonkwo-Hale"
    assert fields["When it happened"] == "September 2022"
    assert fields["Recorded by › Organisation"] == practitioner.organisation


def test_text_is_passed_through_literally(practitioner: Practitioner) -> None:
    after = concern(practitioner, reported_by="<b>O'Brien & Sons</b>", account="=SUM(1)")
    changes = diff_records(concern(practitioner), after, names)
    assert Change("Reported by", "", "<b>O'Brien & Sons</b>") in changes
    assert Change("Factual account", "Pushed over in the lunch queue.", "=SUM(1)") in changes
    assert value_text(None) == ""


def test_status_change_appended_only_when_the_status_changes() -> None:
    today = uk_today()
    assert with_status_change([], None, ConcernStatus.OPEN, today) == []
    history = with_status_change([], ConcernStatus.OPEN, ConcernStatus.MONITORING, today, "weekly check-ins")
    assert history == [StatusChange(status=ConcernStatus.MONITORING, on=today, note="weekly check-ins")]
    assert with_status_change(history, ConcernStatus.MONITORING, ConcernStatus.MONITORING, today) == history
    with pytest.raises(DomainError, match="in the future"):
        with_status_change([], ConcernStatus.OPEN, ConcernStatus.CLOSED, today + timedelta(days=1))
    with pytest.raises(DomainError, match="cannot be dated before"):
        with_status_change(history, ConcernStatus.MONITORING, ConcernStatus.CLOSED, today - timedelta(days=1))


def test_status_history_must_be_in_date_order_and_not_ahead(practitioner: Practitioner) -> None:
    from pydantic import ValidationError

    from safeguard_desktop.domain.errors import first_error_message

    late = StatusChange(status=ConcernStatus.REFERRED, on=date(2023, 3, 20))
    early = StatusChange(status=ConcernStatus.MONITORING, on=date(2023, 3, 15))
    with pytest.raises(ValidationError) as caught:
        concern(practitioner, status_history=[late, early])
    assert first_error_message(caught.value) == (
        "Status history: the status change on 15/03/2023 is dated before the one on 20/03/2023; "
        "status changes must be in date order."
    )
    ahead = StatusChange(status=ConcernStatus.CLOSED, on=uk_today() + timedelta(days=2))
    with pytest.raises(ValidationError) as caught:
        concern(practitioner, status_history=[early, ahead])
    assert "is in the future" in first_error_message(caught.value)
