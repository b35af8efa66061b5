"""A signed-off screening on its own screen: opened from the list and the chronology, sent out
as a logged PDF or print, copied for the health record, summarised for the family, corrected."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QPushButton

from safeguard_desktop.domain.people import Adult, Child, Relationship, RelationshipType
from safeguard_desktop.domain.ukdates import format_date, format_datetime, uk_today
from safeguard_desktop.gui import screening_compare
from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.gui.record_detail import RecordDetailDialog
from safeguard_desktop.gui.screening_actions import FamilySummaryDialog
from safeguard_desktop.gui.screening_form import ScreeningForm
from safeguard_desktop.gui.screening_list import ScreeningListDialog
from safeguard_desktop.gui.screening_view import ScreeningWindow
from safeguard_desktop.screening import progress
from safeguard_desktop.screening.pack import shipped_pack
from safeguard_desktop.screening.summary import record_summary
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import click
from tests.gui.disclosure_answers import answer_disclosure
from tests.gui.test_visit_mode import OTHERS, on_screen


@pytest.fixture(autouse=True)
def disclosed(monkeypatch) -> list:
    """Each export or print is first said to be for someone, for a reason (the disclosure log's question)."""
    return answer_disclosure(monkeypatch, "GP", "Health review")


EVIDENCE = "<b>Fridge</b> full & =cmd()"
STRENGTHS = "<i>Warm</i> & O'Brien's help"
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) is not installed")


@pytest.fixture
def family(vault: Vault):
    child = vault.children.add(Child(given_names="Wren", family_name="Falconbridge", date_of_birth=date(2024, 3, 2)))
    mother = vault.adults.add(Adult(given_names="Juno", family_name="<b>Falconbridge</b>"))
    vault.relationships.add(
        Relationship(adult_id=mother.record_id, child_id=child.record_id, relationship=RelationshipType.MOTHER)
    )
    # Another family, whose names must never show in visit mode.
    other = vault.children.add(Child(given_names="Tobi", family_name="Okonkwo-Hale", date_of_birth=date(2021, 1, 5)))
    return child, mother, other


def _work(vault: Vault, child, mother):
    pack = shipped_pack()
    day = uk_today() - timedelta(days=3)
    grades = {sub.id: 2 for area in pack.areas for sub in area.sub_areas} | {"nutrition": 4, "housing": 3}
    return pack, progress.start(child.record_id, pack).model_copy(
        update={
            "carer_id": mother.record_id,
            "observed_from": day - timedelta(days=7),
            "observed_to": day,
            "place": "Family home",
            "grades": grades,
            "evidence": {sub: (EVIDENCE if sub == "nutrition" else "Seen at the visit") for sub in grades},
            "area_grades": {area.id: (4 if area.id == "physical" else 2) for area in pack.areas},
            "rationales": {area.id: f"From the evidence for {area.name}" for area in pack.areas},
            "strengths": STRENGTHS,
            "parents_views": "Juno says mornings are hard.",
            "child_view": "Wren showed us her toys.",
            "review_by": uk_today() + timedelta(days=90),
        }
    )


@pytest.fixture
def signed(vault: Vault, family):
    child, mother, _ = family
    pack, work = _work(vault, child, mother)
    return progress.sign_off(vault, work, pack, signed_by=vault.practitioner)


def _open_list(qtbot, window: MainWindow, child) -> ScreeningListDialog:
    window.model.refresh()
    window.table.selectRow(window.model.row_of(child.record_id))
    button = next(b for b in window.record_view.findChildren(QPushButton) if b.text() == "Screenings…")
    click(qtbot, button)
    assert isinstance(window.active_dialog, ScreeningListDialog)
    return window.active_dialog


def _last_audit(vault: Vault) -> tuple[str, str]:
    return vault._ctx.conn.execute("SELECT action, record_id FROM audit ORDER BY seq DESC LIMIT 1").fetchone()


def _saving_to(monkeypatch, target: Path) -> None:
    monkeypatch.setattr(
        screening_compare.QMessageBox, "warning", lambda *a, **k: screening_compare.QMessageBox.StandardButton.Save
    )
    monkeypatch.setattr(screening_compare.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(screening_compare, "tell", lambda *a, **k: None)


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def test_open_in_the_list_shows_the_screening_with_its_header_and_grades(qtbot, window, vault, family, signed) -> None:
    child, _, _ = family
    listing = _open_list(qtbot, window, child)
    click(qtbot, next(b for b in listing.findChildren(QPushButton) if b.text() == "Open"))
    view = window.active_dialog
    assert isinstance(view, ScreeningWindow) and view.isVisible()
    assert not listing.isVisible()  # the screen takes the list's place, inside a lock's reach
    s = signed.data
    header = dict(_header(view))
    assert header["Child"] == "Wren Falconbridge"
    assert header["Period observed"] == s.period_text()
    assert header["Carer"] == "Juno <b>Falconbridge</b> (Mother)"
    assert header["Place"] == "Family home"
    assert header["Practitioner"] == vault.practitioner.one_line()
    assert header["Pack"].endswith(shipped_pack().ref().citation())
    assert header["Version"] == "Version 1 of 1"
    assert header["Signed off"] == format_datetime(s.signed_off_at)
    assert header["Review by"] == format_date(uk_today() + timedelta(days=90))
    texts = view.texts()
    meaning = shipped_pack().meaning(4).label
    assert f"Physical care: grade 4 ({meaning})" in texts
    assert "Sub-area grades: 2, 2, 2, 3, 4. The area grade is a judgement, not an average." in texts
    assert "Rationale: From the evidence for Physical care" in texts
    assert view.profile.table_grades()[0] == ("Physical care", 4)
    window.lock(ask=False)
    assert not view.isVisible() and window.active_dialog is None


def _header(view: ScreeningWindow) -> list[tuple[str, str]]:
    from safeguard_desktop.gui.screening_view import header_rows

    shown = view.texts()
    rows = header_rows(view.actions)
    for _, text in rows:  # every header row is on the page, as a plain label
        assert text in shown
    return rows


def test_the_chronologys_open_record_opens_the_same_screen(qtbot, window, vault, signed) -> None:
    chronology = window.chronology.open_chronology(signed.data.child_id)
    chronology.open_record_requested.emit(signed.record_id, "screening")  # Enter on the screening's row
    view = window.active_dialog
    assert isinstance(view, ScreeningWindow) and view.isVisible()
    assert view.actions.record_id == signed.record_id
    click(qtbot, view.history_button)
    history = view.history_dialog
    assert isinstance(history, RecordDetailDialog) and history.tabs.currentIndex() == 1
    view.close()
    assert not history.isVisible()


def test_typed_text_shows_literally(qtbot, window, vault, signed) -> None:
    view = window.open_record(signed.record_id, "screening")
    labels = view.body.widget().findChildren(QLabel)
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
    texts = view.texts()
    assert any(EVIDENCE in text for text in texts)
    assert STRENGTHS in texts


@needs_pdftotext
def test_save_pdf_writes_the_screening_and_logs_it(qtbot, window, vault, family, signed, tmp_path, monkeypatch) -> None:
    child, _, _ = family
    view = window.open_record(signed.record_id, "screening")
    target = tmp_path / "screening"
    _saving_to(monkeypatch, target)
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view, timeout=5000)
    qtbot.keyClick(view.actions.save_button, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S
    saved = target.with_name("screening.pdf")
    assert saved.read_bytes().startswith(b"%PDF")
    text = _pdf_text(saved)
    assert "Wren Falconbridge" in text and "OFFICIAL-SENSITIVE" in text
    assert "Physical care" in text and "Nutrition" in text
    assert EVIDENCE in " ".join(text.split())
    assert _last_audit(vault) == ("export.screening.pdf", str(child.record_id))


def test_printing_is_logged(qtbot, window, vault, family, signed, tmp_path, monkeypatch) -> None:
    child, _, _ = family
    view = window.open_record(signed.record_id, "screening")
    monkeypatch.setattr(screening_compare, "tell", lambda *a, **k: None)
    printed = tmp_path / "printed.pdf"

    def exec_(dialog: QPrintDialog) -> int:
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(printed))
        assert dialog.printer().docName() == "Neglect screening"  # no name in the print queue
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    assert view.actions.print_() >= 2
    assert printed.read_bytes().startswith(b"%PDF")
    assert _last_audit(vault) == ("export.screening.print", str(child.record_id))


def test_copy_for_the_health_record(qtbot, window, vault, signed) -> None:
    view = window.open_record(signed.record_id, "screening")
    click(qtbot, view.actions.copy_button)
    assert QGuiApplication.clipboard().text() == record_summary(signed.data, shipped_pack())
    assert "health record" in view.status.text() and "cleared from the clipboard in 30 seconds" in view.status.text()


@needs_pdftotext
def test_family_summary_begins_with_strengths_and_prints_for_the_family(
    qtbot, window, vault, family, signed, tmp_path, monkeypatch
) -> None:
    child, _, _ = family
    view = window.open_record(signed.record_id, "screening")
    click(qtbot, view.actions.family_button)
    dialog = view.actions.family_dialog
    assert isinstance(dialog, FamilySummaryDialog) and dialog.isVisible()
    assert dialog.text.isReadOnly()
    text = dialog.text.toPlainText()
    assert text.startswith("Looking at how Wren is cared for")
    sections = text.split("\n\n")
    assert sections[2].startswith("What is going well\n" + STRENGTHS)  # strengths before any grade
    assert text.index(STRENGTHS) < text.index("Physical care")
    click(qtbot, dialog.copy_button)
    assert QGuiApplication.clipboard().text() == text
    target = tmp_path / "for-the-family.pdf"
    _saving_to(monkeypatch, target)
    assert dialog.save_pdf() == target
    pdf = " ".join(_pdf_text(target).split())
    assert "Summary for the family: Wren Falconbridge" in pdf and "OFFICIAL-SENSITIVE" in pdf
    assert f"What is going well {STRENGTHS}" in pdf
    assert _last_audit(vault) == ("export.family_summary.pdf", str(child.record_id))
    view.close()  # closing the screening takes its family summary with it
    assert not dialog.isVisible()


def test_correct_opens_the_form_as_a_correction_and_the_new_version_shows(qtbot, window, vault, signed) -> None:
    view = window.open_record(signed.record_id, "screening")
    click(qtbot, view.correct_button)
    form = window.active_dialog
    assert isinstance(form, ScreeningForm) and form.work.corrects == signed.record_id
    assert not view.isVisible()
    form.area_pages[0].blocks[0].grades.choose(3)  # saved as it goes
    click(qtbot, form.close_button)
    (work,) = progress.unfinished(vault, signed.data.child_id)
    corrected = progress.sign_off(
        vault,
        work.model_copy(update={"area_grades": {**work.area_grades, "physical": 3}}),
        shipped_pack(),
        signed_by=vault.practitioner,
        reason="Grade <b>typed</b> wrongly",
    )
    again = window.open_record(corrected.record_id, "screening")
    header = dict(_header(again))
    assert header["Version"] == "Version 2 of 2"
    assert header["Reason for this version"] == "Grade <b>typed</b> wrongly"


def test_a_screening_whose_pack_is_not_held_still_shows(qtbot, window, vault, signed, tmp_path, monkeypatch) -> None:
    gone = signed.data.pack.model_copy(update={"edition": "2031.9", "digest": "0" * 64})
    stored = vault.screenings.add(signed.data.model_copy(update={"pack": gone}))
    view = window.open_record(stored.record_id, "screening")
    assert view.actions.pack is None and view.pack_note is not None
    assert "edition 2031.9" in view.pack_note.text() and "numbers" in view.pack_note.text()
    assert "Physical care: grade 4" in view.texts()
    click(qtbot, view.actions.family_button)
    assert view.actions.family_dialog is None and "does not hold" in view.error.text()
    click(qtbot, view.correct_button)
    assert window.active_dialog is view and "no longer holds" in view.error.text()
    click(qtbot, view.actions.copy_button)
    assert "Physical care: 4\n" in QGuiApplication.clipboard().text()
    _saving_to(monkeypatch, tmp_path / "gone.pdf")
    assert view.actions.save_pdf() == tmp_path / "gone.pdf"


def test_visit_mode_prints_the_family_summary_and_names_no_one_else(
    qtbot, window, vault, family, signed, tmp_path, monkeypatch
) -> None:
    child, _, _ = family
    window.model.refresh()
    window.table.selectRow(window.model.row_of(child.record_id))
    click(qtbot, next(b for b in window.record_view.findChildren(QPushButton) if b.text() == "Visit mode…"))
    panel = window.visit.page.panel
    panel.tabs.setCurrentIndex(1)
    assert panel.actions.record_id == signed.record_id
    click(qtbot, panel.actions.family_button)
    dialog = panel.actions.family_dialog
    assert dialog is not None and dialog.isVisible()
    text = on_screen()
    assert "Wren" in text and not [name for name in (*OTHERS, "Tobi", "Okonkwo") if name in text]
    monkeypatch.setattr(screening_compare, "tell", lambda *a, **k: None)
    monkeypatch.setattr(QPrintDialog, "exec", lambda d: _to_file(d, tmp_path / "family.pdf"))
    assert dialog.print_() >= 1
    assert _last_audit(vault) == ("export.family_summary.print", str(child.record_id))
    window.lock_action.trigger()
    assert not dialog.isVisible()


def _to_file(dialog: QPrintDialog, path: Path) -> int:
    dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    dialog.printer().setOutputFileName(str(path))
    return QDialog.DialogCode.Accepted.value
