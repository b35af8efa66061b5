"""The concern form's rules: dates, children's roles, categories, who was informed."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import QLabel

from safeguard_desktop.domain.bodymap import BodyMark, BodySide, MarkType
from safeguard_desktop.domain.categories import ChildRole, ConcernCategory, InformedParty
from safeguard_desktop.domain.eventdate import DatePrecision
from safeguard_desktop.errors import VaultError
from safeguard_desktop.gui.concern_dialog import ConcernDialog
from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import add_child_core, click, type_into


def _open_form(qtbot, window: MainWindow, vault: Vault):
    stored = add_child_core(vault, "Ruby", "Okonkwo-Hale")
    window.model.refresh()
    window.table.selectRow(0)
    window.log_concern_action.trigger()
    return window.active_dialog, stored


def test_future_date_is_refused_and_nothing_is_lost(qtbot, window: MainWindow, vault: Vault) -> None:
    form, child = _open_form(qtbot, window, vault)
    type_into(qtbot, form.happened.date, "01/01/2199")
    click(qtbot, form.children.role_box(child.record_id, ChildRole.WITNESS))
    form.categories.set_checked(ConcernCategory.DOMESTIC_ABUSE)
    type_into(qtbot, form.account, "Heard shouting through the wall.")
    click(qtbot, form.save_button)
    assert form.happened.error.text() == "01/01/2199 is in the future; please check the date."
    assert form.isVisible()
    assert vault.concerns.count() == 0
    assert form.account.toPlainText() == "Heard shouting through the wall."

    form.happened.date.clear()
    type_into(qtbot, form.happened.date, "01/01/2020")
    click(qtbot, form.save_button)
    assert not form.isVisible(), form.error.text()
    assert vault.concerns.count() == 1


def test_each_child_needs_a_role_and_a_category_is_needed(qtbot, window: MainWindow, vault: Vault) -> None:
    form, _ = _open_form(qtbot, window, vault)
    type_into(qtbot, form.happened.date, "01/01/2020")
    type_into(qtbot, form.account, "Disclosed at break time.")
    click(qtbot, form.save_button)
    assert form.children.error.text() == "Choose at least one role for Ruby Okonkwo-Hale."
    assert form.categories.error.text() == "Choose at least one category."
    assert vault.concerns.count() == 0


def test_month_precision_approximate_and_exact_time(qtbot, window: MainWindow, vault: Vault) -> None:
    form, child = _open_form(qtbot, window, vault)
    form.happened.precision.setCurrentIndex(form.happened.precision.findData(DatePrecision.MONTH.value))
    type_into(qtbot, form.happened.date, "03/2023")
    click(qtbot, form.happened.approximate)
    click(qtbot, form.children.role_box(child.record_id, ChildRole.VICTIM))
    click(qtbot, form.children.role_box(child.record_id, ChildRole.ALLEGED_PERPETRATOR))
    type_into(qtbot, form.categories.filter, "exploit")
    visible = [
        form.categories.list.item(r).text()
        for r in range(form.categories.list.count())
        if not form.categories.list.item(r).isHidden()
    ]
    assert visible == ["Child sexual exploitation", "Child criminal exploitation and county lines"]
    form.categories.set_checked(ConcernCategory.CHILD_CRIMINAL_EXPLOITATION)
    type_into(qtbot, form.account, "Seen with older youths and new trainers.")
    type_into(qtbot, form.child_words, "  I owe them, innit  ")
    click(qtbot, form.save_button)
    assert not form.isVisible(), form.error.text()
    stored = vault.concerns.list()[0]
    assert stored.data.happened.display() == "around March 2023"
    assert stored.data.child_words == "  I owe them, innit  "  # verbatim, spaces and all
    texts = [label.text() for label in window.record_view.findChildren(QLabel)]
    assert "Victim or subject, Alleged perpetrator" in texts

    window.log_concern_action.trigger()
    form = window.active_dialog
    form.happened.precision.setCurrentIndex(form.happened.precision.findData(DatePrecision.TIME.value))
    type_into(qtbot, form.happened.date, "30/06/2024")
    click(qtbot, form.save_button)
    assert form.happened.error.text().startswith("Please enter the time")
    type_into(qtbot, form.happened.time, "16:45")
    click(qtbot, form.children.role_box(child.record_id, ChildRole.OTHER))
    form.categories.set_checked(ConcernCategory.ONLINE_SAFETY)
    type_into(qtbot, form.account, "Shared a screenshot of messages.")
    click(qtbot, form.save_button)
    assert not form.isVisible(), form.error.text()
    # Newest first in the record view; BST shown as UK local time.
    titles = [
        label.text()
        for label in window.record_view.findChildren(QLabel)
        if " — " in label.text() and label.font().bold()
    ]
    assert titles == [
        "30/06/2024 16:45 — Online safety",
        "around March 2023 — Child criminal exploitation and county lines",
    ]


def test_informed_needs_date_and_time_together(qtbot, window: MainWindow, vault: Vault) -> None:
    form, child = _open_form(qtbot, window, vault)
    type_into(qtbot, form.happened.date, "01/01/2020")
    click(qtbot, form.children.role_box(child.record_id, ChildRole.VICTIM))
    form.categories.set_checked(ConcernCategory.NEGLECT)
    type_into(qtbot, form.account, "No lunch again.")
    click(qtbot, form.informed.add_button)
    _, name, when_date, _, _ = form.informed.rows[0]
    type_into(qtbot, name, "Head of Year")
    type_into(qtbot, when_date, "01/01/2020")
    click(qtbot, form.save_button)
    assert form.informed.error.text().startswith("Give both the date and the 24-hour time")
    assert vault.concerns.count() == 0


def test_recorded_by_defaults_to_the_practitioner_and_can_be_changed(qtbot, window: MainWindow, vault: Vault) -> None:
    form, child = _open_form(qtbot, window, vault)
    assert form.recorded_by.text() == "Aoife Brennan-Kaur, Designated Safeguarding Lead, Riverside Academy"
    assert form.recorded.text().startswith("Set automatically when you save")
    # A DSL entering a colleague's report records the colleague as the recorder.
    form.recorded_by.name.clear()
    form.recorded_by.role.clear()
    type_into(qtbot, form.recorded_by.name, "Tomasz Wiśniewski")
    type_into(qtbot, form.happened.date, "01/02/2024")
    click(qtbot, form.children.role_box(child.record_id, ChildRole.VICTIM))
    form.categories.set_checked(ConcernCategory.NEGLECT)
    type_into(qtbot, form.account, "Came in without a coat again.")
    click(qtbot, form.save_button)
    assert form.recorded_by.error.text() == "Give the role of the person who recorded this."
    assert vault.concerns.count() == 0
    type_into(qtbot, form.recorded_by.role, "Class teacher")
    click(qtbot, form.save_button)
    assert not form.isVisible(), form.error.text()
    recorder = vault.concerns.list()[0].data.recorded_by
    assert (recorder.name, recorder.role, recorder.organisation, recorder.contact) == (
        "Tomasz Wiśniewski",
        "Class teacher",
        "Riverside Academy",
        "",  # the DSL's own phone number is not the colleague's
    )


def test_implausible_year_is_explained(qtbot, window: MainWindow, vault: Vault) -> None:
    form, _ = _open_form(qtbot, window, vault)
    type_into(qtbot, form.happened.date, "01/01/2999")
    click(qtbot, form.save_button)
    assert form.happened.error.text() == "The year 2999 does not look right; please check it."


def test_another_child_can_be_added_with_their_own_role(qtbot, window: MainWindow, vault: Vault) -> None:
    other = add_child_core(vault, "Jake", "Whitfield")
    form, child = _open_form(qtbot, window, vault)
    click(qtbot, form.children.add_button)
    picker = form._child_picker
    type_into(qtbot, picker.search, "whit")
    assert picker.matches.count() == 1
    picker.matches.setCurrentRow(0)
    picker.accept()
    type_into(qtbot, form.happened.date, "05/05/2023")
    click(qtbot, form.children.role_box(child.record_id, ChildRole.VICTIM))
    click(qtbot, form.children.role_box(other.record_id, ChildRole.ALLEGED_PERPETRATOR))
    form.categories.set_checked(ConcernCategory.BULLYING)
    type_into(qtbot, form.account, "Pushed over in the lunch queue.")
    click(qtbot, form.save_button)
    assert not form.isVisible(), form.error.text()
    saved = vault.concerns.list(linked_to=other.record_id)
    assert len(saved) == 1
    roles = {c.child_id: c.roles for c in saved[0].data.children}
    assert roles == {child.record_id: {ChildRole.VICTIM}, other.record_id: {ChildRole.ALLEGED_PERPETRATOR}}


def test_informed_is_a_date_and_a_24_hour_time_with_a_note(qtbot, window: MainWindow, vault: Vault) -> None:
    form, child = _open_form(qtbot, window, vault)
    type_into(qtbot, form.happened.date, "01/07/2024")
    click(qtbot, form.children.role_box(child.record_id, ChildRole.VICTIM))
    form.categories.set_checked(ConcernCategory.NEGLECT)
    type_into(qtbot, form.account, "No lunch again.")
    click(qtbot, form.informed.add_button)
    click(qtbot, form.informed.add_button)
    party, name, when_date, when_time, _ = form.informed.rows[0]
    note = form.informed.note_of(0)
    assert when_time.accessibleName() == "Informed 1: time, 24-hour"
    party.setCurrentIndex(party.findData(InformedParty.SOCIAL_CARE.value))
    type_into(qtbot, name, "Duty social worker")
    type_into(qtbot, when_date, "01/07/2024")
    type_into(qtbot, when_time, "16:05")
    type_into(qtbot, note, "advised to monitor")
    click(qtbot, form.informed.rows[1][4])  # the second row is not needed after all
    qtbot.waitUntil(lambda: len(form.informed.rows) == 1)
    click(qtbot, form.save_button)
    assert not form.isVisible(), form.error.text()
    (informed,) = vault.concerns.list()[0].data.informed
    assert informed.party is InformedParty.SOCIAL_CARE
    assert informed.note == "advised to monitor"
    # 16:05 in British Summer Time is 15:05 UTC, and shows again as 16:05.
    assert informed.when == datetime(2024, 7, 1, 15, 5, tzinfo=UTC)
    texts = [label.text() for label in window.record_view.findChildren(QLabel)]
    assert "Children's social care — Duty social worker — 01/07/2024 16:05 — advised to monitor" in texts


def test_informed_time_must_be_a_24_hour_time(qtbot, window: MainWindow, vault: Vault) -> None:
    form, _ = _open_form(qtbot, window, vault)
    click(qtbot, form.informed.add_button)
    _, _, when_date, when_time, _ = form.informed.rows[0]
    type_into(qtbot, when_date, "01/07/2024")
    type_into(qtbot, when_time, "25:10")
    click(qtbot, form.save_button)
    assert form.informed.error.text() == "25:10 is not a time of day; please check it."
    assert vault.concerns.count() == 0


def _ready(qtbot, form, child) -> None:
    type_into(qtbot, form.happened.date, "01/02/2024")
    click(qtbot, form.children.role_box(child.record_id, ChildRole.VICTIM))
    form.categories.set_checked(ConcernCategory.PHYSICAL_ABUSE)
    type_into(qtbot, form.account, "Bruise on the forehead seen at registration.")


def test_body_marks_and_evidence_are_saved_with_the_concern(qtbot, tmp_path, window: MainWindow, vault: Vault) -> None:
    form, child = _open_form(qtbot, window, vault)
    _ready(qtbot, form, child)
    mark = BodyMark(side=BodySide.FRONT, x=0.5, y=0.08, region="front_forehead", mark_type=MarkType.BRUISE)
    form.body_map.set_value([mark])
    note = tmp_path / "note from class teacher.txt"
    note.write_bytes(b"Saw a bruise at 08:50.")
    assert form.evidence.add_files([note]) == 1
    click(qtbot, form.save_button)
    assert not form.isVisible(), form.error.text()
    stored = vault.concerns.list()[0]
    assert stored.data.body_marks == [mark]
    (attachment,) = vault.attachments.list(linked_to=child.record_id)
    assert attachment.data.linked_record_id == stored.record_id
    assert vault.attachments.read_bytes(attachment.record_id) == b"Saw a bruise at 08:50."

    correction = ConcernDialog.correct(vault, stored)
    qtbot.addWidget(correction)
    assert correction.body_map.value() == [mark]
    assert correction.evidence.rows() and "note from class teacher.txt" in correction.evidence.rows()[0]


def test_evidence_that_cannot_be_stored_saves_nothing(
    qtbot, tmp_path, window: MainWindow, vault: Vault, monkeypatch
) -> None:
    form, child = _open_form(qtbot, window, vault)
    _ready(qtbot, form, child)
    note = tmp_path / "note.txt"
    note.write_bytes(b"Saw a bruise.")
    form.evidence.add_files([note])

    def full_disk(*_args: object, **_kwargs: object) -> None:
        raise VaultError("The disk is full; free some space and try again.")

    monkeypatch.setattr(vault.attachments, "add_bytes", full_disk)
    click(qtbot, form.save_button)
    assert form.isVisible()
    assert form.error.text() == "The disk is full; free some space and try again."
    assert vault.concerns.count() == 0  # the concern went back with the file: no half-saved record
    assert len(form.evidence.pending()) == 1
    monkeypatch.undo()
    click(qtbot, form.save_button)
    assert not form.isVisible(), form.error.text()
    assert vault.concerns.count() == 1
    assert vault.attachments.count() == 1
