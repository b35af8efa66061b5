"""The screening form in a family's home: by keyboard alone, saved as it goes, resumed, signed off, corrected."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QWidget,
)

from safeguard_desktop.domain.people import Adult, Child, Relationship, RelationshipType
from safeguard_desktop.domain.ukdates import format_date, uk_today
from safeguard_desktop.errors import VaultError
from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.gui.record_detail import RecordDetailDialog
from safeguard_desktop.gui.screening_form import ScreeningForm
from safeguard_desktop.gui.screening_grades import GradeButtons
from safeguard_desktop.gui.screening_list import ScreeningListDialog
from safeguard_desktop.screening import progress
from safeguard_desktop.screening.pack import shipped_pack
from safeguard_desktop.screening.packs import current_pack, import_pack
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import FAST_KDF, PASSPHRASE, type_into
from tests.screening.test_packs import encode, licensed_raw

MARKUP = "<b>O'Brien & Sons</b> =cmd()"


@pytest.fixture
def family(vault: Vault):
    child = vault.children.add(Child(given_names="Wren", family_name="Falconbridge", date_of_birth=date(2024, 3, 2)))
    mother = vault.adults.add(Adult(given_names="Juno", family_name="Falconbridge"))
    vault.relationships.add(
        Relationship(
            adult_id=mother.record_id,
            child_id=child.record_id,
            relationship=RelationshipType.MOTHER,
            parental_responsibility=True,
            lives_in_home=True,
        )
    )
    return child, mother


def _focused(form: QWidget) -> QWidget:
    widget = form.focusWidget()
    assert widget is not None
    return widget


def _key(qtbot, form: QWidget, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(_focused(form), key, modifier)


def _type(qtbot, form: QWidget, text: str) -> None:
    type_into(qtbot, _focused(form), text)


def _open_list(qtbot, window: MainWindow) -> ScreeningListDialog:
    window.model.refresh()
    window.table.selectRow(0)
    dialog = window.open_screenings()
    assert isinstance(dialog, ScreeningListDialog)
    return dialog


def _new_form(qtbot, window: MainWindow) -> ScreeningForm:
    listing = _open_list(qtbot, window)
    listing.new_button.setFocus()
    qtbot.keyClick(listing.new_button, Qt.Key.Key_Space)
    form = window.active_dialog
    assert isinstance(form, ScreeningForm)
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    return form


def _grade_area_by_keyboard(qtbot, form: ScreeningForm, page_index: int, grade: str) -> None:
    """From the first sub-area's grade buttons: digit, Tab, evidence, Tab … then the area grade and rationale."""
    page = form.area_pages[page_index]
    for block in page.blocks:
        assert _focused(form) in block.grades.buttons.values(), _focused(form).accessibleName()
        _key(qtbot, form, getattr(Qt.Key, f"Key_{grade}"))
        _key(qtbot, form, Qt.Key.Key_Tab)
        assert _focused(form) is block.evidence
        _type(qtbot, form, f"Seen on the visit: {block.sub.name}")
        _key(qtbot, form, Qt.Key.Key_Tab)
    assert _focused(form) in page.area_block.grades.buttons.values()
    assert page.area_block.grades.grade() is None  # never preselected
    assert f"{grade} ×{len(page.blocks)}" in page.area_block.spread.text()
    _key(qtbot, form, getattr(Qt.Key, f"Key_{grade}"))
    _key(qtbot, form, Qt.Key.Key_Tab)
    assert _focused(form) is page.area_block.rationale
    _type(qtbot, form, f"Judged from the evidence for {page.area.name}")


def test_a_screening_completed_by_keyboard_alone(qtbot, window: MainWindow, vault: Vault, family) -> None:
    _, mother = family
    form = _new_form(qtbot, window)
    assert form.about.place.currentText() == "Family home"  # suggested; can be typed over
    assert _focused(form) is form.about.carer
    _key(qtbot, form, Qt.Key.Key_Down)
    assert form.about.carer.currentData() == str(mother.record_id)
    _key(qtbot, form, Qt.Key.Key_Tab)
    week_ago, today = uk_today() - timedelta(days=7), uk_today()
    _type(qtbot, form, format_date(week_ago))
    _key(qtbot, form, Qt.Key.Key_Tab)
    _type(qtbot, form, format_date(today))
    _key(qtbot, form, Qt.Key.Key_Tab)
    assert _focused(form) is form.about.place or form.about.place.isAncestorOf(_focused(form))
    assert form.sections.item(0).text().startswith("✓")

    for index, grade in enumerate("3223"):
        _key(qtbot, form, Qt.Key.Key_PageDown)
        assert form.stack.currentIndex() == index + 1
        _grade_area_by_keyboard(qtbot, form, index, grade)
        assert form.sections.item(index + 1).text().startswith("✓")

    _key(qtbot, form, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Tab, the other way on
    assert _focused(form) is form.views.strengths
    _type(qtbot, form, "Juno reads to Wren every night.")
    _key(qtbot, form, Qt.Key.Key_Tab)
    _type(qtbot, form, MARKUP)
    for _ in range(3):
        _key(qtbot, form, Qt.Key.Key_Tab)
    assert _focused(form) is form.views.review_by
    _type(qtbot, form, format_date(today + timedelta(days=90)))

    _key(qtbot, form, Qt.Key.Key_PageDown)
    assert _focused(form) is form.sign_off_button
    assert "Everything needed is done" in form.sign_off_page.missing.text()
    _key(qtbot, form, Qt.Key.Key_Space)
    confirm = form.sign_off_dialog
    assert confirm is not None and not confirm.reason_field.isVisibleTo(confirm)
    with qtbot.waitSignal(form.signed_off) as signal:
        qtbot.keyClick(confirm.confirm_button, Qt.Key.Key_Space)

    stored = signal.args[0]
    screening = stored.data
    assert vault.screenings.count() == 1 and progress.unfinished(vault) == []
    assert screening.carer_id == mother.record_id and screening.carer_relationship == "Mother"
    assert (screening.observed_from, screening.observed_to) == (week_ago, today)
    assert screening.place == "Family home"
    assert screening.grades_text() == "Physical care 3; Care of safety 2; Emotional care 2; Developmental care 3"
    assert screening.parents_views == MARKUP
    assert screening.review_by == today + timedelta(days=90)
    assert not form.isVisible()
    assert window.active_dialog is None


def test_closed_part_way_and_the_app_restarted_resumes_with_nothing_lost(qtbot, tmp_path: Path, practitioner) -> None:
    # A vault of its own: the test closes and reopens it, as quitting and starting the app would.
    path = tmp_path / "restart.vault"
    vault = Vault.create(path, PASSPHRASE, practitioner, kdf=FAST_KDF)
    child = vault.children.add(Child(given_names="Ivo", family_name="Marchetti-Lund", date_of_birth=date(2023, 1, 5)))
    father = vault.adults.add(Adult(given_names="Tomas", family_name="Marchetti-Lund"))
    vault.relationships.add(
        Relationship(adult_id=father.record_id, child_id=child.record_id, relationship=RelationshipType.FATHER)
    )
    window = MainWindow(vault)
    qtbot.addWidget(window)
    window.show()
    form = _new_form(qtbot, window)
    _key(qtbot, form, Qt.Key.Key_Down)
    _key(qtbot, form, Qt.Key.Key_PageDown)
    _key(qtbot, form, Qt.Key.Key_4)
    _key(qtbot, form, Qt.Key.Key_Tab)
    _type(qtbot, form, MARKUP)
    _key(qtbot, form, Qt.Key.Key_Tab)  # leaving the field saves it at once
    _key(qtbot, form, Qt.Key.Key_2)
    _key(qtbot, form, Qt.Key.Key_Tab)
    assert form.status.text().startswith("Saved ")
    # The power goes: no close, no save. Only the field being typed may be lost.
    window.vault = None
    vault.close()
    form.hide()

    again = Vault.open(path, PASSPHRASE)
    try:
        window2 = MainWindow(again)
        qtbot.addWidget(window2)
        window2.show()
        listing = _open_list(qtbot, window2)
        assert any("2 sub-area(s) graded" in label.text() for label in listing.findChildren(QLabel))
        (work,) = progress.unfinished(again, child.record_id)
        assert work.position == "evidence:housing"
        listing.resume(work)
        resumed = window2.active_dialog
        assert isinstance(resumed, ScreeningForm)
        resumed.activateWindow()
        physical = resumed.area_pages[0]
        assert resumed.about.carer.currentData() == str(father.record_id)
        assert physical.blocks[0].grades.grade() == 4
        assert physical.blocks[0].evidence.toPlainText() == MARKUP
        assert physical.blocks[1].grades.grade() == 2
        assert resumed.stack.currentIndex() == 1
        assert resumed.focusWidget() is physical.blocks[1].evidence
        assert physical.area_block.spread.text() == "Sub-area grades: 1 ×0, 2 ×1, 3 ×0, 4 ×1, 5 ×0 (2 of 5 graded)"
        # Typing on after the restart, then closing normally, keeps the half-typed field too.
        type_into(qtbot, resumed.focusWidget(), "Warm, tidy flat")
        qtbot.mouseClick(resumed.close_button, Qt.MouseButton.LeftButton)
        (work,) = progress.unfinished(again, child.record_id)
        assert work.evidence["housing"] == "Warm, tidy flat"
    finally:
        again.close()


def test_sign_off_is_refused_with_what_is_missing(qtbot, window: MainWindow, vault: Vault, family) -> None:
    form = _new_form(qtbot, window)
    _key(qtbot, form, Qt.Key.Key_Down)
    form.area_pages[0].blocks[0].grades.choose(5)
    assert form.ask_sign_off() is None
    assert form.sections.currentRow() == form.sections.count() - 1
    missing = form.sign_off_page.missing.text()
    assert "Give the period observed" in missing
    assert "Give the evidence for Nutrition (Physical care)" in missing
    assert "Choose a grade for Physical care as a whole" in missing
    assert "Not signed off" in form.error.text()
    assert form.isVisible() and vault.screenings.count() == 0
    assert len(progress.unfinished(vault)) == 1

    form.about.observed_from.setFocus()
    type_into(qtbot, form.about.observed_from, "01/01/2199")
    _key(qtbot, form, Qt.Key.Key_Tab)
    assert form.about.from_field.error.text() == "01/01/2199 is in the future; please check the date."


def test_correction_with_a_reason_makes_version_two(qtbot, window: MainWindow, vault: Vault, family) -> None:
    child, mother = family
    pack = shipped_pack()
    today = uk_today()
    work = progress.start(child.record_id, pack).model_copy(
        update={
            "carer_id": mother.record_id,
            "observed_from": today - timedelta(days=3),
            "observed_to": today,
            "place": "Family home",
            "grades": {sub.id: 2 for area in pack.areas for sub in area.sub_areas},
            "evidence": {sub.id: f"Seen: {sub.name}" for area in pack.areas for sub in area.sub_areas},
            "area_grades": {area.id: 2 for area in pack.areas},
            "rationales": {area.id: "From the evidence" for area in pack.areas},
        }
    )
    first = progress.sign_off(vault, work, pack, signed_by=vault.practitioner)

    listing = _open_list(qtbot, window)
    listing.correct(first.record_id)
    form = window.active_dialog
    assert isinstance(form, ScreeningForm)
    assert form.area_pages[0].area_block.grades.grade() == 2  # a correction starts from what was signed off
    form.area_pages[0].blocks[0].grades.choose(4)
    form.area_pages[0].area_block.grades.choose(3)
    confirm = form.ask_sign_off()
    assert confirm is not None and confirm.reason_field.isVisibleTo(confirm)
    qtbot.mouseClick(confirm.confirm_button, Qt.MouseButton.LeftButton)
    assert "Give the reason" in confirm.reason_field.error.text()
    assert vault.screenings.history(first.record_id)[-1].seq == 1
    type_into(qtbot, confirm.reason, "Nutrition graded before the fridge was checked")
    with qtbot.waitSignal(form.signed_off):
        qtbot.mouseClick(confirm.confirm_button, Qt.MouseButton.LeftButton)

    history = vault.screenings.history(first.record_id)
    assert [v.seq for v in history] == [1, 2]
    assert history[-1].reason == "Nutrition graded before the fridge was checked"
    assert history[-1].data.area_grade("physical").grade == 3  # type: ignore[union-attr]
    assert progress.unfinished(vault) == []


def test_spread_shown_no_area_grade_preselected_large_buttons_markup_literal(
    qtbot, window: MainWindow, vault: Vault, family
) -> None:
    form = _new_form(qtbot, window)
    form.resize(1093, 614)
    page = form.area_pages[0]
    page.blocks[0].grades.choose(3)
    page.blocks[1].grades.choose(3)
    page.blocks[2].grades.choose(1)
    assert page.area_block.spread.text() == "Sub-area grades: 1 ×1, 2 ×0, 3 ×2, 4 ×0, 5 ×0 (3 of 5 graded)"
    assert page.area_block.grades.grade() is None
    assert not any(b.isChecked() for b in page.area_block.grades.buttons.values())
    form.move_section(1)
    form.show()
    QApplication.processEvents()
    for grades in form.findChildren(GradeButtons):
        for button in grades.buttons.values():
            assert button.height() >= 44, button.accessibleName()
    # The meaning of the chosen grade is in words, on screen (not a tooltip).
    assert "Some essential needs unmet" in page.blocks[0].grades.meaning.text()
    assert page.blocks[0].grades.meaning.isVisible()

    page.blocks[0].evidence.setFocus()
    type_into(qtbot, page.blocks[0].evidence, MARKUP)
    form.save_now()
    assert progress.unfinished(vault)[0].evidence["nutrition"] == MARKUP
    for widget in form.findChildren(QWidget):
        if isinstance(widget, QAbstractButton | QLineEdit | QPlainTextEdit | QComboBox | QListWidget):
            assert widget.accessibleName() or isinstance(widget.parentWidget(), QComboBox), widget
    shown = [label for label in form.findChildren(QLabel) if "<" in label.text()]
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in shown)
    assert page.blocks[0].evidence.toPlainText() == MARKUP


def test_a_save_failure_is_explained_and_the_form_keeps_its_values(
    qtbot, window: MainWindow, vault: Vault, family, monkeypatch
) -> None:
    form = _new_form(qtbot, window)

    def disk_full(*_: object) -> None:
        raise VaultError("The disk is full.")

    monkeypatch.setattr(progress, "save", disk_full)
    evidence = form.area_pages[0].blocks[0].evidence
    evidence.setFocus()
    type_into(qtbot, evidence, "Cupboards bare")
    assert not form.save_now()
    assert "Not saved: The disk is full." in form.error.text()
    qtbot.mouseClick(form.close_button, Qt.MouseButton.LeftButton)
    assert form.isVisible() and evidence.toPlainText() == "Cupboards bare"
    monkeypatch.undo()
    assert form.save_now() and form.error.text() == ""


def test_locking_closes_the_form_with_its_work_kept(qtbot, window: MainWindow, vault: Vault, family) -> None:
    child, _ = family
    form = _new_form(qtbot, window)
    evidence = form.area_pages[1].blocks[0].evidence
    form.go_to("evidence:safety-presence")
    type_into(qtbot, evidence, "Stair gate fitted")  # still within the typing pause
    path = vault.path
    window.lock(ask=False)
    assert window.active_dialog is None and not form.isVisible()
    again = Vault.open(path, PASSPHRASE)
    try:
        (work,) = progress.unfinished(again, child.record_id)
        assert work.evidence["safety-presence"] == "Stair gate fitted"
        assert work.position == "evidence:safety-presence"
    finally:
        again.close()


def test_a_signed_off_screening_reads_as_plain_rows(qtbot, vault: Vault, family) -> None:
    child, mother = family
    pack = shipped_pack()
    today = uk_today()
    work = progress.start(child.record_id, pack).model_copy(
        update={
            "carer_id": mother.record_id,
            "observed_from": today,
            "observed_to": today,
            "place": MARKUP,
            "grades": {sub.id: 1 for area in pack.areas for sub in area.sub_areas},
            "evidence": {sub.id: MARKUP for area in pack.areas for sub in area.sub_areas},
            "area_grades": {area.id: 1 for area in pack.areas},
            "rationales": {area.id: "Fine" for area in pack.areas},
        }
    )
    stored = progress.sign_off(vault, work, pack, signed_by=vault.practitioner)
    dialog = RecordDetailDialog(vault, stored.record_id, "screening")
    qtbot.addWidget(dialog)
    rows = dict(dialog.current_rows())
    assert rows["Place"] == MARKUP
    assert rows["Carer"] == "Juno Falconbridge (Mother)"
    assert rows["Physical care: Nutrition"] == f"Grade 1.\nEvidence: {MARKUP}"
    assert "Physical care 1" in rows["Area grades"]


def test_each_section_draws_at_both_sizes(qtbot, window: MainWindow, vault: Vault, family, tmp_path: Path) -> None:
    """Each section paints at a laptop and a small screen's size: the whole window, with real content drawn."""
    form = _new_form(qtbot, window)
    form.area_pages[0].blocks[0].grades.choose(3)
    form.area_pages[0].blocks[1].grades.choose(2)
    for width, height in ((1366, 768), (1093, 614)):
        form.resize(width, height)
        for row in range(form.sections.count()):
            form.sections.setCurrentRow(row)
            QApplication.processEvents()
            image = form.grab().toImage()
            assert (image.width(), image.height()) == (form.width(), form.height())
            # Not a blank or single-colour window: text, buttons and fields were painted.
            colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
            assert len(colours) > 8, (width, row, len(colours))
            # Kept only in the test's own folder, for a person to look at.
            assert image.save(str(tmp_path / f"screening-{width}x{height}-{row}.png"))


def test_typing_is_saved_after_a_short_pause_without_leaving_the_field(
    qtbot, window: MainWindow, vault: Vault, family
) -> None:
    form = _new_form(qtbot, window)
    form.go_to("evidence:clothing")
    type_into(qtbot, form.area_pages[0].blocks[2].evidence, "Coat too small for the weather")
    assert progress.unfinished(vault) == []  # not on every keystroke
    qtbot.waitUntil(lambda: bool(progress.unfinished(vault)), timeout=3000)
    (work,) = progress.unfinished(vault)
    assert work.evidence == {"clothing": "Coat too small for the weather"}
    assert work.position == "evidence:clothing"
    assert form.status.text().startswith("Saved ")


def _complete(work, carer_id, pack=None):
    pack = pack or shipped_pack()
    today = uk_today()
    return work.model_copy(
        update={
            "carer_id": carer_id,
            "observed_from": today - timedelta(days=2),
            "observed_to": today,
            "place": "Family home",
            "grades": {sub.id: 2 for area in pack.areas for sub in area.sub_areas},
            "evidence": {sub.id: f"Seen: {sub.name}" for area in pack.areas for sub in area.sub_areas},
            "area_grades": {area.id: 2 for area in pack.areas},
            "rationales": {area.id: "From the evidence" for area in pack.areas},
        }
    )


def test_sign_off_after_a_failed_save_is_refused_and_what_is_on_screen_stays(
    qtbot, window: MainWindow, vault: Vault, family, monkeypatch
) -> None:
    child, mother = family
    saved = progress.save(vault, _complete(progress.start(child.record_id, shipped_pack()), mother.record_id))
    listing = _open_list(qtbot, window)
    listing.resume(saved)
    form = window.active_dialog
    assert isinstance(form, ScreeningForm)

    def disk_full(*_: object) -> None:
        raise VaultError("The disk is full.")

    monkeypatch.setattr(progress, "save", disk_full)
    form.area_pages[0].blocks[0].grades.choose(5)  # changed on screen; the save fails
    assert form.ask_sign_off() is None
    assert form.sign_off_dialog is None and form.isVisible()
    assert "Not saved: The disk is full." in form.error.text()
    assert vault.screenings.count() == 0
    assert form.area_pages[0].blocks[0].grades.grade() == 5
    monkeypatch.undo()
    confirm = form.ask_sign_off()
    assert confirm is not None
    with qtbot.waitSignal(form.signed_off) as signal:
        qtbot.mouseClick(confirm.confirm_button, Qt.MouseButton.LeftButton)
    assert signal.args[0].data.sub_area_grade("nutrition").grade == 5  # what was on screen, not the last save


def test_a_date_that_cannot_be_used_is_kept_as_typed_and_comes_back_with_its_error(
    qtbot, window: MainWindow, vault: Vault, family
) -> None:
    child, _ = family
    form = _new_form(qtbot, window)
    for key, text in (("observed_from", "31/02/2026"), ("observed_to", "01/01/2199"), ("review_by", "next March")):
        form.go_to(key)
        type_into(qtbot, _focused(form), text)
        _key(qtbot, form, Qt.Key.Key_Tab)
    assert form.save_now()
    (work,) = progress.unfinished(vault, child.record_id)
    assert (work.observed_from, work.observed_to, work.review_by) == (None, None, None)
    assert work.typed == {"observed_from": "31/02/2026", "observed_to": "01/01/2199", "review_by": "next March"}
    missing = form.sign_off_page.missing.text()
    assert "'01/01/2199' is in the future" in missing and "'next March' is not a date" in missing
    form.close()

    listing = _open_list(qtbot, window)
    listing.resume(work)
    again = window.active_dialog
    assert isinstance(again, ScreeningForm)
    assert again.about.observed_from.text() == "31/02/2026"
    assert again.about.observed_to.text() == "01/01/2199"
    assert again.views.review_by.text() == "next March"
    assert again.about.to_field.error.text() == "01/01/2199 is in the future; please check the date."
    assert again.about.from_field.error.text() and again.views.review_field.error.text()
    # Put right, the raw text is no longer kept.
    again.about.observed_to.clear()
    again.about.observed_to.setFocus()
    type_into(qtbot, again.about.observed_to, format_date(uk_today()))
    assert again.save_now()
    assert progress.load(vault, work.draft_id).typed == {  # type: ignore[union-attr]
        "observed_from": "31/02/2026",
        "review_by": "next March",
    }


def _click_section(qtbot, form: ScreeningForm, row: int) -> None:
    rect = form.sections.visualItemRect(form.sections.item(row))
    qtbot.mouseClick(form.sections.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_choosing_a_section_puts_the_focus_in_its_first_unfinished_field(
    qtbot, window: MainWindow, vault: Vault, family
) -> None:
    form = _new_form(qtbot, window)
    physical = form.area_pages[0]
    # What a practitioner did: click "Physical care", then "4".
    _click_section(qtbot, form, 1)
    assert form.stack.currentIndex() == 1
    assert _focused(form) is physical.blocks[0].grades.buttons[1]
    _key(qtbot, form, Qt.Key.Key_4)
    assert physical.blocks[0].grades.grade() == 4
    # Back to About and to Physical care again: the focus goes to what is still to do.
    _click_section(qtbot, form, 0)
    assert _focused(form) is form.about.carer
    _click_section(qtbot, form, 1)
    assert _focused(form) is physical.blocks[0].evidence
    # Arrowing through the list only shows each section; Tab then goes into the one shown.
    form.sections.setFocus()
    _key(qtbot, form, Qt.Key.Key_Down)
    assert form.stack.currentIndex() == 2 and _focused(form) is form.sections
    _key(qtbot, form, Qt.Key.Key_Tab)
    assert _focused(form) is form.area_pages[1].blocks[0].grades.buttons[1]
    _key(qtbot, form, Qt.Key.Key_2)
    assert form.area_pages[1].blocks[0].grades.grade() == 2
    # Enter on a section goes into it too; a section with nothing to fill in reaches its button.
    form.sections.setFocus()
    form.sections.setCurrentRow(form.sections.count() - 1)
    _key(qtbot, form, Qt.Key.Key_Return)
    assert _focused(form) is form.sign_off_button
    # Page Down goes into the first unfinished field as well.
    form.go_to("carer")
    _key(qtbot, form, Qt.Key.Key_PageDown)
    assert _focused(form) is physical.blocks[0].evidence


def test_every_field_is_a_finger_sized_target_on_a_small_screen(qtbot, window: MainWindow, vault: Vault, family):
    form = _new_form(qtbot, window)
    form.resize(1093, 614)
    for row in (0, len(form.area_pages) + 1):
        form.sections.setCurrentRow(row)
        QApplication.processEvents()
    for key in ("carer", "observed_from", "observed_to", "place", "review_by"):
        assert form.fields[key].height() >= 44, (key, form.fields[key].height())


def test_a_licensed_pack_names_its_licence_beside_its_descriptors(qtbot, window: MainWindow, vault: Vault, family):
    import_pack(vault, encode(licensed_raw()))
    pack = current_pack(vault)
    child, _ = family
    form = ScreeningForm(vault, progress.start(child.record_id, pack), pack)
    qtbot.addWidget(form)
    form.show()
    form.move_section(1)
    licence = form.area_pages[0].licence
    assert licence is not None and licence.isVisible()
    assert licence.text().endswith("Licensed words (made up for tests).")
    assert "edition 2027.1" in licence.text() and licence.textFormat() == Qt.TextFormat.PlainText
    shipped = ScreeningForm(vault, progress.start(child.record_id, shipped_pack()), shipped_pack())
    qtbot.addWidget(shipped)
    assert shipped.area_pages[0].licence is None  # the app's own prompts: no licensed words to credit
