"""A child's status periods and meetings: recorded by keyboard, checked, and seen in the chronology."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from safeguard_desktop.domain.categories import RelationshipType
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.meeting import Attendee, Meeting, MeetingType
from safeguard_desktop.domain.people import Adult, Relationship
from safeguard_desktop.domain.status import ChildStatus, CPCategory, StatusPeriod
from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.gui.meeting_dialog import MeetingDialog
from safeguard_desktop.gui.status_dialog import EndPeriodDialog, StatusDialog
from safeguard_desktop.gui.status_meetings_view import StatusMeetingsSection
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import add_child_core, click, type_into
from tests.gui.test_accessibility import _unnamed

MARKUP = "<b>O'Brien & Sons</b>"
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _family(vault: Vault, father_family: str = "Hart"):
    child = add_child_core(vault, "Mia", "Hart")
    people = {}
    for given, family, kind in (("Kelly", "Hart", RelationshipType.MOTHER), ("Dean", father_family, "father")):
        adult = vault.adults.add(Adult(given_names=given, family_name=family))
        vault.relationships.add(
            Relationship(
                adult_id=adult.record_id, child_id=child.record_id, relationship=kind, parental_responsibility=True
            )
        )
        people[given] = adult
    return child, people


def _select(window: MainWindow) -> None:
    window.model.refresh()
    window.table.selectRow(0)


def _key(qtbot, widget, key: Qt.Key, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(widget, key)


def _period(vault: Vault, child, status: ChildStatus, start: date, **extra) -> object:
    return vault.status_periods.add(
        StatusPeriod(child_id=child.record_id, status=status, start=start, recorded_by=vault.practitioner, **extra)
    )


def _summaries(vault: Vault, child) -> list[str]:
    return [row.summary for row in vault.timeline.rows(child.record_id)]


def _section(window: MainWindow) -> StatusMeetingsSection:
    return window.record_view.findChild(StatusMeetingsSection)


def test_cp_plan_and_initial_conference_by_keyboard_appear_in_the_chronology(
    qtbot, window: MainWindow, vault: Vault
) -> None:
    child, people = _family(vault)
    _select(window)

    qtbot.keyClick(window, Qt.Key.Key_S, CTRL_SHIFT)
    form = window.active_dialog
    assert isinstance(form, StatusDialog)
    assert not form.category.isEnabled()
    _key(qtbot, form.status, Qt.Key.Key_Down, 2)  # Early Help, Child in Need plan, Child Protection plan
    assert form.status.currentText() == "Child Protection plan"
    assert form.category.isEnabled()
    _key(qtbot, form.category, Qt.Key.Key_Down)
    assert form.category.currentText() == "Neglect"
    type_into(qtbot, form.start, "02/04/2024")
    type_into(qtbot, form.status_note, "Decided at the initial child protection conference.")
    qtbot.keyClick(form.start, Qt.Key.Key_Return)
    assert not form.isVisible(), form.error.text()

    qtbot.keyClick(window, Qt.Key.Key_M, CTRL_SHIFT)
    form = window.active_dialog
    assert isinstance(form, MeetingDialog)
    _key(qtbot, form.meeting_type, Qt.Key.Key_Down)
    assert form.meeting_type.currentText() == "Initial child protection conference"
    type_into(qtbot, form.held.date, "02/04/2024")
    type_into(qtbot, form.held.time, "10:00")
    mother = form.people.row_for(people["Kelly"].record_id)
    father = form.people.row_for(people["Dean"].record_id)
    assert mother.parent.isChecked() and father.parent.isChecked()
    assert father.attendance.currentText() == "— choose —"
    _key(qtbot, mother.attendance, Qt.Key.Key_Down)  # Attended
    _key(qtbot, father.attendance, Qt.Key.Key_Down, 2)  # Did not attend
    qtbot.keyClick(form.professionals.add_button, Qt.Key.Key_Space)
    pro = form.professionals.rows[0]
    type_into(qtbot, pro.fields["name"], "Priya Shah")
    type_into(qtbot, pro.fields["role"], "Social worker, Children's Services")
    type_into(qtbot, form.decisions, "Child Protection plan, neglect. Core group within 10 working days.")
    for action, owner, due in (
        ("Arrange core group", "Priya Shah", "16/04/2024"),
        ("Home visit", "Health visitor", ""),
    ):
        qtbot.keyClick(form.action_rows.add_button, Qt.Key.Key_Space)
        row = form.action_rows.rows[-1]
        type_into(qtbot, row.fields["action"], action)
        type_into(qtbot, row.fields["owner"], owner)
        type_into(qtbot, row.fields["due"], due)
    qtbot.keyClick(form.action_rows.rows[-1].fields["owner"], Qt.Key.Key_Return)
    assert not form.isVisible(), form.error.text()

    assert _summaries(vault, child) == [
        "Child Protection plan (neglect) began. Decided at the initial child protection conference.",
        "Initial child protection conference. Parents and carers: Kelly Hart (Mother) attended; "
        "Dean Hart (Father) did not attend. 1 other attendee. Decisions: Child Protection plan, neglect. "
        "Core group within 10 working days. 2 actions agreed.",
    ]
    rows = vault.timeline.rows(child.record_id)
    assert [r.date_text for r in rows] == ["02/04/2024", "02/04/2024 10:00"]
    assert [r.category_text for r in rows] == ["Status change", "Meeting"]
    assert [d.what for d in vault.timeline.due(date(2099, 1, 1), child_id=child.record_id)] == [
        "Arrange core group (Priya Shah) — from Initial child protection conference — 02/04/2024 10:00"
    ]
    meeting = vault.meetings.list()[0].data
    assert [(a.name, a.is_parent, a.attended, a.adult_id) for a in meeting.attendees] == [
        ("Kelly Hart", True, True, people["Kelly"].record_id),
        ("Dean Hart", True, False, people["Dean"].record_id),
        ("Priya Shah", False, True, None),
    ]

    section = _section(window)
    assert section.findChild(QLabel, "currentStatus").text() == "Child Protection plan (neglect) since 02/04/2024"
    texts = [label.text() for label in section.findChildren(QLabel)]
    assert "Parents and carers: Kelly Hart (Mother) attended; Dean Hart (Father) did not attend." in texts
    assert "Arrange core group — Priya Shah — due 16/04/2024 (overdue)\nHome visit — Health visitor" in texts


def test_each_parent_must_be_answered_for_and_nothing_is_half_saved(qtbot, window: MainWindow, vault: Vault) -> None:
    child, people = _family(vault)
    _select(window)
    form = window.record_meeting()
    type_into(qtbot, form.held.date, "02/04/2024")
    type_into(qtbot, form.held.time, "10:00")
    form.people.row_for(people["Kelly"].record_id).attendance.setCurrentText("Attended")
    click(qtbot, form.action_rows.add_button)
    type_into(qtbot, form.action_rows.rows[0].fields["action"], "Visit")
    click(qtbot, form.save_button)
    assert form.people.error.text() == (
        "Say whether each parent or carer attended, did not attend or was not invited: Dean Hart (Father)."
    )
    assert form.action_rows.error.text() == "Action 1 needs both what is to be done and who owns it."
    assert form.isVisible() and vault.meetings.count() == 0

    form.people.row_for(people["Dean"].record_id).attendance.setCurrentText("Not invited")
    type_into(qtbot, form.action_rows.rows[0].fields["owner"], "DSL")
    type_into(qtbot, form.action_rows.rows[0].fields["due"], "01/03/2024")
    click(qtbot, form.save_button)
    assert "due on 01/03/2024, before the meeting" in form.error.text()
    assert vault.meetings.count() == 0
    form.action_rows.rows[0].fields["due"].clear()
    click(qtbot, form.save_button)
    assert not form.isVisible(), form.error.text()
    assert "Dean Hart (Father) was not invited" in _summaries(vault, child)[0]


def test_a_sibling_is_offered_and_their_own_father_listed_when_ticked(qtbot, window: MainWindow, vault: Vault) -> None:
    child, people = _family(vault)
    sibling = add_child_core(vault, "Leo", "Hart")
    vault.relationships.add(
        Relationship(adult_id=people["Kelly"].record_id, child_id=sibling.record_id, relationship="mother")
    )
    leo_dad = vault.adults.add(Adult(given_names="Marcus", family_name="Reid"))
    vault.relationships.add(Relationship(adult_id=leo_dad.record_id, child_id=sibling.record_id, relationship="father"))
    window.model.refresh()
    window.table.selectRow(window.model.row_of(child.record_id))
    form = window.record_meeting()
    tick = form.child_ticks.tick_box(sibling.record_id)
    assert not tick.isChecked()
    row = form.people.row_for(leo_dad.record_id)
    assert row.parent.isHidden()
    click(qtbot, tick)
    assert not row.parent.isHidden() and row.relationship.text() == "Father of Leo Hart"
    for adult in (people["Kelly"], people["Dean"], leo_dad):
        form.people.row_for(adult.record_id).attendance.setCurrentText("Attended")
    type_into(qtbot, form.held.date, "02/04/2024")
    type_into(qtbot, form.held.time, "10:00")
    click(qtbot, form.save_button)
    assert not form.isVisible(), form.error.text()
    assert len(vault.timeline.rows(sibling.record_id)) == 1
    assert "Marcus Reid (Father of Leo Hart) attended" in _summaries(vault, sibling)[0]


def test_overlapping_periods_of_one_status_are_refused(qtbot, window: MainWindow, vault: Vault) -> None:
    child = add_child_core(vault, "Mia", "Hart")
    _period(vault, child, ChildStatus.EARLY_HELP, date(2023, 9, 1))
    _select(window)
    form = window.record_status_change()
    type_into(qtbot, form.start, "01/02/2024")
    click(qtbot, form.save_button)
    assert form.error.text() == (
        "Early Help from 01/09/2023 (still open) is already recorded for this child and covers some of the "
        "same days. End or correct that period first: the same status cannot be recorded twice for one day."
    )
    assert vault.status_periods.count() == 1 and form.isVisible()

    form.status.setCurrentIndex(form.status.findData(ChildStatus.CHILD_PROTECTION.value))
    click(qtbot, form.save_button)
    assert form.category_field.error.text() == "Choose the category of the Child Protection plan."
    assert vault.status_periods.count() == 1


def test_cp_plan_offers_to_end_the_current_cin_plan_the_day_before(qtbot, window: MainWindow, vault: Vault) -> None:
    child = add_child_core(vault, "Mia", "Hart")
    cin = _period(vault, child, ChildStatus.CHILD_IN_NEED, date(2024, 1, 10))
    _select(window)
    form = window.record_status_change()
    form.status.setCurrentIndex(form.status.findData(ChildStatus.CHILD_PROTECTION.value))
    form.category.setCurrentIndex(form.category.findData(CPCategory.PHYSICAL.value))
    type_into(qtbot, form.start, "02/04/2024")
    click(qtbot, form.save_button)
    box = form.step_up_box
    assert box is not None and box.isVisible()
    assert "current Child in Need plan from 10/01/2024" in box.text()
    assert form.end_button.text() == "End it on 01/04/2024"
    assert vault.status_periods.count() == 1  # nothing written while the question is open

    box.done(0)  # Escape / Cancel: back to the form, still nothing written
    assert form.isVisible() and vault.status_periods.count() == 1
    click(qtbot, form.save_button)
    click(qtbot, form.end_button)
    assert not form.isVisible(), form.error.text()

    ended = vault.status_periods.get(cin.record_id)
    assert ended.data.end == date(2024, 4, 1)
    assert ended.reason == (
        "Period ended on 01/04/2024: Replaced by a Child Protection plan (physical abuse) from 02/04/2024."
    )
    assert _summaries(vault, child) == [
        "Child in Need plan began.",
        "Child in Need plan ended. Replaced by a Child Protection plan (physical abuse) from 02/04/2024.",
        "Child Protection plan (physical abuse) began.",
    ]
    assert _section(window).history_rows()[0][:3] == [
        "Child Protection plan (physical abuse)",
        "02/04/2024",
        "Continuing",
    ]


def test_ending_a_period_is_an_amendment_with_its_reason(qtbot, window: MainWindow, vault: Vault) -> None:
    child = add_child_core(vault, "Mia", "Hart")
    cp = _period(vault, child, ChildStatus.CHILD_PROTECTION, date(2024, 4, 2), cp_category=CPCategory.NEGLECT)
    _select(window)
    end_button = next(
        b for b in _section(window).findChildren(QPushButton) if b.text() == "End this period…" and b.isVisible()
    )
    click(qtbot, end_button)
    form = window.active_dialog
    assert isinstance(form, EndPeriodDialog)
    form.end.clear()
    type_into(qtbot, form.end, "01/10/2024")
    click(qtbot, form.save_button)
    assert form.reason_field.error.text() == "Say why the period ended; it is kept with the record."
    form.end.clear()
    type_into(qtbot, form.end, "01/01/2024")
    type_into(qtbot, form.reason, "Plan ended at the review conference; risk reduced.")
    click(qtbot, form.save_button)
    assert "before the start date" in form.end_field.error.text()
    form.end.clear()
    type_into(qtbot, form.end, "01/10/2024")
    qtbot.keyClick(form.end, Qt.Key.Key_Return)
    assert not form.isVisible(), form.error.text()

    history = vault.status_periods.history(cp.record_id)
    assert [h.action for h in history] == ["create", "amend"]
    assert history[1].reason == "Period ended on 01/10/2024: Plan ended at the review conference; risk reduced."
    assert [(r.date_text, r.summary) for r in vault.timeline.rows(child.record_id)] == [
        ("02/04/2024", "Child Protection plan (neglect) began."),
        ("01/10/2024", "Child Protection plan (neglect) ended. Plan ended at the review conference; risk reduced."),
    ]
    section = _section(window)
    assert section.findChild(QLabel, "currentStatus").text() == "No current status recorded"
    assert section.history_rows() == [
        [
            "Child Protection plan (neglect)",
            "02/04/2024",
            "01/10/2024",
            "Ended: Plan ended at the review conference; risk reduced.",
        ]
    ]


def test_names_with_markup_are_shown_literally(qtbot, window: MainWindow, vault: Vault) -> None:
    child, people = _family(vault, father_family=MARKUP)
    vault.meetings.add(
        Meeting(
            meeting_type=MeetingType.CORE_GROUP,
            held=EventDate.on_day(date(2024, 5, 1)),
            child_ids=[child.record_id],
            attendees=[
                Attendee(name=f"Dean {MARKUP}", role="Father", is_parent=True, adult_id=people["Dean"].record_id),
                Attendee(name=MARKUP, role="=cmd()"),
            ],
            decisions=f"Refer to {MARKUP}",
            recorded_by=vault.practitioner,
        )
    )
    _select(window)
    labels = _section(window).findChildren(QLabel)
    shown = {label.text(): label for label in labels}
    assert f"Parents and carers: Dean {MARKUP} (Father) attended." in shown
    assert f"{MARKUP} (=cmd())" in shown
    assert f"Refer to {MARKUP}" in shown
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
    form = window.record_meeting()
    row = form.people.row_for(people["Dean"].record_id)
    assert row.name.text() == f"Dean {MARKUP}" and row.name.textFormat() == Qt.TextFormat.PlainText


def test_the_forms_name_every_input_and_lock_keeps_a_draft(qtbot, window: MainWindow, vault: Vault) -> None:
    _family(vault)
    _select(window)
    status = window.record_status_change()
    assert _unnamed(status) == []
    status.reject()
    meeting = window.record_meeting()
    meeting.professionals.add_row()
    meeting.action_rows.add_row()
    assert _unnamed(meeting) == []
    assert _unnamed(_section(window)) == []
    type_into(qtbot, meeting.decisions, "Kept while locked")
    meeting.professionals.rows[0].fields["name"].setText("Priya Shah")
    again = MeetingDialog(vault, window.current_child)
    qtbot.addWidget(again)
    again.restore_draft(meeting.draft_state())
    assert again.decisions.toPlainText() == "Kept while locked"
    assert again.professionals.rows[0].fields["name"].text() == "Priya Shah"
    assert len(again.action_rows.rows) == 1
    window.lock(ask=False)
    assert window.active_dialog is None and not meeting.isVisible()
