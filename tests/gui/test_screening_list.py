"""A child's screenings: opened from the record, unfinished ones resumed or discarded, signed-off ones compared."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QMessageBox, QPushButton

from safeguard_desktop.domain.people import Adult, Child, Relationship, RelationshipType
from safeguard_desktop.domain.ukdates import uk_today
from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.gui.screening_form import ScreeningForm
from safeguard_desktop.gui.screening_list import ScreeningListDialog
from safeguard_desktop.gui.screening_packs import ToolChoiceDialog
from safeguard_desktop.gui.screening_view import ScreeningWindow
from safeguard_desktop.screening import progress
from safeguard_desktop.screening.pack import shipped_pack
from safeguard_desktop.screening.packs import import_pack
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import click
from tests.screening.test_packs import county_raw, encode


@pytest.fixture
def family(vault: Vault):
    child = vault.children.add(Child(given_names="Wren", family_name="Falconbridge", date_of_birth=date(2024, 3, 2)))
    mother = vault.adults.add(Adult(given_names="Juno", family_name="<b>Falconbridge</b>"))
    vault.relationships.add(
        Relationship(adult_id=mother.record_id, child_id=child.record_id, relationship=RelationshipType.MOTHER)
    )
    return child, mother


def _signed(vault: Vault, child, mother, days_ago: int, grade: int):
    pack = shipped_pack()
    day = uk_today() - timedelta(days=days_ago)
    work = progress.start(child.record_id, pack).model_copy(
        update={
            "carer_id": mother.record_id,
            "observed_from": day,
            "observed_to": day,
            "place": "Family home",
            "grades": {sub.id: grade for area in pack.areas for sub in area.sub_areas},
            "evidence": {sub.id: "Seen" for area in pack.areas for sub in area.sub_areas},
            "area_grades": {area.id: grade for area in pack.areas},
            "rationales": {area.id: "From the evidence" for area in pack.areas},
        }
    )
    return progress.sign_off(vault, work, pack, signed_by=vault.practitioner)


def _open_list(qtbot, window: MainWindow) -> ScreeningListDialog:
    window.model.refresh()
    window.table.selectRow(0)
    button = next(b for b in window.record_view.findChildren(QPushButton) if b.text() == "Screenings…")
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)  # keyboard-reachable from the record
    dialog = window.active_dialog
    assert isinstance(dialog, ScreeningListDialog)
    return dialog


def test_unfinished_work_is_discarded_only_when_confirmed(qtbot, window: MainWindow, vault: Vault, family) -> None:
    child, _ = family
    work = progress.save(vault, progress.start(child.record_id, shipped_pack()).model_copy(update={"place": "Clinic"}))
    listing = _open_list(qtbot, window)
    box = listing.ask_discard(work)
    click(qtbot, box.button(QMessageBox.StandardButton.Cancel))
    assert progress.unfinished(vault, child.record_id) == [work]
    box = listing.ask_discard(work)
    discard = next(b for b in box.buttons() if b.text() == "&Discard")
    click(qtbot, discard)
    assert progress.unfinished(vault, child.record_id) == []
    assert "Unfinished (0)" in [g.title() for g in listing.findChildren(QGroupBox)]


def test_resume_opens_the_form_where_it_stopped(qtbot, window: MainWindow, vault: Vault, family) -> None:
    child, _ = family
    work = progress.save(
        vault,
        progress.start(child.record_id, shipped_pack()).model_copy(
            update={"grades": {"hygiene": 3}, "position": "grade:hygiene"}
        ),
    )
    listing = _open_list(qtbot, window)
    resume = next(b for b in listing.findChildren(QPushButton) if b.text() == "&Resume")
    click(qtbot, resume)
    form = window.active_dialog
    assert isinstance(form, ScreeningForm) and form.work.draft_id == work.draft_id
    assert form.focusWidget() is form.area_pages[0].blocks[3].grades.buttons[3]
    assert not listing.isVisible()


def test_two_chosen_screenings_are_asked_to_be_compared(qtbot, window: MainWindow, vault: Vault, family) -> None:
    child, mother = family
    older = _signed(vault, child, mother, 60, 4)
    newer = _signed(vault, child, mother, 2, 2)
    listing = _open_list(qtbot, window)
    assert not listing.compare_button.isEnabled()
    for record_id in (older.record_id, newer.record_id):
        click(qtbot, listing.checks[record_id])
    assert listing.compare_button.isEnabled()
    with qtbot.waitSignal(listing.compare_requested) as signal:
        click(qtbot, listing.compare_button)
    assert set(signal.args[0]) == {older.record_id, newer.record_id}
    # The carer's name, as typed, is shown literally.
    texts = [label.text() for label in listing.findChildren(type(listing.title))]
    assert "Juno <b>Falconbridge</b> (Mother)" in texts


def test_open_shows_the_record_and_correct_opens_a_correction(qtbot, window: MainWindow, vault: Vault, family) -> None:
    child, mother = family
    stored = _signed(vault, child, mother, 5, 3)
    listing = _open_list(qtbot, window)
    with qtbot.waitSignal(listing.record_requested):
        click(qtbot, next(b for b in listing.findChildren(QPushButton) if b.text() == "Open"))
    view = window.active_dialog
    assert isinstance(view, ScreeningWindow) and view.actions.record_id == stored.record_id
    assert "Physical care: grade 3 (" in " ".join(view.texts())
    view.close()

    listing = _open_list(qtbot, window)
    click(qtbot, next(b for b in listing.findChildren(QPushButton) if b.text() == "Correct…"))
    form = window.active_dialog
    assert isinstance(form, ScreeningForm) and form.work.corrects == stored.record_id
    # Left part-way, the correction is listed as unfinished and resumes, not started twice.
    form.area_pages[0].blocks[0].grades.choose(4)
    click(qtbot, form.close_button)
    (work,) = progress.unfinished(vault, child.record_id)
    assert work.corrects == stored.record_id
    listing = _open_list(qtbot, window)
    listing.correct(stored.record_id)
    again = window.active_dialog
    assert isinstance(again, ScreeningForm) and again.work.draft_id == work.draft_id
    assert again.area_pages[0].blocks[0].grades.grade() == 4


def test_locking_closes_the_list(qtbot, window: MainWindow, vault: Vault, family) -> None:
    listing = _open_list(qtbot, window)
    window.lock(ask=False)
    assert not listing.isVisible() and window.active_dialog is None


def test_the_record_shows_the_latest_screening_and_unfinished_work(qtbot, window: MainWindow, vault: Vault, family):
    child, mother = family
    window.model.refresh()
    window.table.selectRow(0)
    assert window.record_view.findChild(QGroupBox, "screeningSummary") is None  # nothing to say yet

    _signed(vault, child, mother, 120, 4)
    _signed(vault, child, mother, 10, 2)
    progress.save(vault, progress.start(child.record_id, shipped_pack()).model_copy(update={"place": "Clinic"}))
    window.refresh_child()

    section = window.record_view.findChild(QGroupBox, "screeningSummary")
    texts = [label.text() for label in section.findChildren(QLabel)]
    assert texts[0].startswith("Latest: ") and "with Juno <b>Falconbridge</b>: Physical care 2;" in texts[0]
    assert texts[1].startswith("1 earlier; 1 unfinished (last saved ")


def test_an_unreadable_unfinished_screening_is_shown_and_can_be_discarded(
    qtbot, window: MainWindow, vault: Vault, family
) -> None:
    child, _ = family
    other = vault.children.add(Child(given_names="Ash", family_name="Penhallow", date_of_birth=date(2022, 6, 1)))
    good = progress.save(vault, progress.start(child.record_id, shipped_pack()).model_copy(update={"place": "Clinic"}))
    damaged = f"{progress.DRAFT_PREFIX}{uuid4()}"
    vault.drafts.save(damaged, {"child_id": str(child.record_id), "pack": "not a pack", "grades": "?"})
    vault.drafts.save(f"{progress.DRAFT_PREFIX}{uuid4()}", {"child_id": str(other.record_id), "pack": 7})

    listing = _open_list(qtbot, window)
    assert not listing.error.isVisible()
    assert "Unfinished (2)" in [g.title() for g in listing.findChildren(QGroupBox)]
    shown = [label.text() for label in listing.findChildren(QLabel)]
    assert sum("An unfinished screening could not be read" in text for text in shown) == 1  # not the other child's
    assert any("Started " in text for text in shown)  # the readable one is still there to resume
    discard = next(b for b in listing.findChildren(QPushButton) if b.accessibleName().startswith("Discard: An unf"))
    click(qtbot, discard)
    box = listing.confirm
    assert box is not None
    click(qtbot, box.button(QMessageBox.StandardButton.Cancel))
    assert [bad.key for bad in progress.unreadable(vault, child.record_id)] == [damaged]
    click(qtbot, next(b for b in listing.findChildren(QPushButton) if b.accessibleName().startswith("Discard: An unf")))
    click(qtbot, next(b for b in listing.confirm.buttons() if b.text() == "&Discard"))
    assert progress.unreadable(vault, child.record_id) == []
    assert progress.unfinished(vault, child.record_id) == [good]
    assert len(progress.unreadable(vault)) == 1  # the other child's is left alone
    assert "Unfinished (1)" in [g.title() for g in listing.findChildren(QGroupBox)]


def test_with_a_second_tool_held_new_screening_asks_which_gcp2_first(
    qtbot, window: MainWindow, vault: Vault, family
) -> None:
    import_pack(vault, encode(county_raw()))
    listing = _open_list(qtbot, window)
    click(qtbot, listing.new_button)
    choice = listing.tool_choice
    assert isinstance(choice, ToolChoiceDialog) and choice.isVisible()
    assert list(choice.options) == ["gcp2-structure", "county-neglect-tool"]
    assert choice.pack_id() == "gcp2-structure"  # the default
    assert "(GCP2)" in choice.options["gcp2-structure"].text()
    assert all(option.height() >= 44 for option in choice.options.values())
    click(qtbot, choice.options["county-neglect-tool"])
    click(qtbot, choice.start_button)
    form = window.active_dialog
    assert isinstance(form, ScreeningForm) and form.work.pack.pack_id == "county-neglect-tool"
    assert [b.sub.id for b in form.area_pages[0].blocks][-1] == "sleep"
    form.close()

    listing = _open_list(qtbot, window)
    click(qtbot, listing.new_button)
    assert listing.tool_choice is not None
    qtbot.keyClick(listing.tool_choice.start_button, Qt.Key.Key_Space)  # keyboard: the default, GCP2
    form = window.active_dialog
    assert isinstance(form, ScreeningForm) and form.work.pack == shipped_pack().ref()
    form.close()

    # A lock while the question is open closes it with the list: nothing is left over the lock screen.
    listing = _open_list(qtbot, window)
    click(qtbot, listing.new_button)
    choice = listing.tool_choice
    assert choice is not None and choice.isVisible()
    window.lock(ask=False)
    assert not listing.isVisible() and not choice.isVisible()
