"""Importing a screening pack from the window: refused with the named problem, or used for new screenings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from safeguard_desktop.gui.screening_packs import ScreeningPacksDialog, open_screening_packs
from safeguard_desktop.screening.pack import shipped_pack
from safeguard_desktop.screening.packs import current_pack
from tests.gui.conftest import click
from tests.screening.test_packs import county_raw, encode, licensed_raw


def _write(tmp_path: Path, name: str, raw: object) -> Path:
    path = tmp_path / name
    path.write_bytes(encode(raw))
    return path


def _rows(dialog: ScreeningPacksDialog) -> list[list[str]]:
    table = dialog.table
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_a_valid_pack_imported_from_the_window_is_used_for_new_screenings(qtbot, window, vault, tmp_path, monkeypatch):
    dialog = open_screening_packs(window)
    assert dialog is not None and _rows(dialog)[0][4] == "Yes, for new screenings"
    raw = licensed_raw() | {"title": "<b>Brackenmoor</b> & O'Brien =cmd()"}
    path = _write(tmp_path, "licensed.json", raw)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))

    click(qtbot, dialog.import_button)

    assert not dialog.error.isVisible()
    assert "New GCP2 screenings use its prompts from now on" in dialog.outcome.text()
    assert "keep the pack they used" in dialog.outcome.text()
    rows = _rows(dialog)
    assert [(r[0], r[1], r[4]) for r in rows] == [
        ("<b>Brackenmoor</b> & O'Brien =cmd()", "2027.1", "Yes, for new screenings (licensed descriptors)"),
        (shipped_pack().title, "2026.1", ""),
    ]
    assert "shipped with the app" in rows[1][3] and rows[0][3].startswith("imported ")
    assert current_pack(vault).sub_area("housing")[1].prompt.startswith("Glimmerwick prompt")
    assert dialog.outcome.textFormat() == Qt.TextFormat.PlainText
    # The chosen pack's licence is on show, whose words they are and on what terms.
    assert dialog.licence.isVisible() and dialog.licence.textFormat() == Qt.TextFormat.PlainText
    assert dialog.licence.text() == (
        "Licence of <b>Brackenmoor</b> & O'Brien =cmd(), edition 2027.1, from Brackenmoor Community Health: "
        "Licensed words (made up for tests)."
    )
    dialog.table.setCurrentCell(1, 0)
    assert dialog.licence.text().startswith(f"Licence of {shipped_pack().ref().citation()}, from safeguard-desktop:")
    assert "NSPCC" in dialog.licence.text()


def test_an_invalid_pack_is_refused_with_the_problem_named_and_nothing_changes(qtbot, vault, tmp_path):
    dialog = ScreeningPacksDialog(vault)
    qtbot.addWidget(dialog)
    raw = licensed_raw()
    del raw["areas"][3]["sub_areas"][1]["prompt"]
    assert not dialog.import_file(_write(tmp_path, "broken.json", raw))
    message = dialog.error.text()
    assert dialog.error.isVisibleTo(dialog) and "broken.json was not imported" in message
    assert "areas → 3 → sub_areas → 1 → prompt: Field required" in message

    bad = tmp_path / "notes.json"
    bad.write_text("these are my notes", encoding="utf-8")
    assert not dialog.import_file(bad)
    assert "not valid JSON" in dialog.error.text()
    assert not dialog.import_file(tmp_path / "missing.json")
    assert "could not be read" in dialog.error.text()

    good = _write(tmp_path, "licensed.json", licensed_raw())
    assert dialog.import_file(good)
    assert not dialog.import_file(good)
    assert "already imported" in dialog.error.text()
    assert len(_rows(dialog)) == 2 and current_pack(vault).edition == "2027.1"


def test_the_county_tool_imports_with_a_warning_that_comparisons_will_not_line_up(qtbot, vault, tmp_path):
    dialog = ScreeningPacksDialog(vault)
    qtbot.addWidget(dialog)
    assert dialog.import_file(_write(tmp_path, "county.json", county_raw()))
    assert "will not line up" in dialog.outcome.text() and "'sleep'" in dialog.outcome.text()
    # It does not replace GCP2 for new screenings, and the window says so.
    outcome = dialog.outcome.text()
    assert "New screenings use" not in outcome
    assert "tool of its own (county-neglect-tool): New screening… now asks which tool to use, GCP2 first" in outcome
    assert [r[2] for r in _rows(dialog)] == ["county-neglect-tool", "gcp2-structure"]
    assert [r[4] for r in _rows(dialog)] == [
        "Yes, when chosen for a new screening",
        "Yes, for new GCP2 screenings",
    ]
    assert "will not line up" in dialog.table.item(0, 2).toolTip()
    assert current_pack(vault) == shipped_pack()


def test_the_packs_action_is_in_the_child_menu_and_follows_the_lock(qtbot, window):
    child_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Child")
    assert window.screening_packs_action in child_menu.actions()
    assert window.screening_packs_action.isEnabled()
    window.screening_packs_action.trigger()
    assert isinstance(window.active_dialog, ScreeningPacksDialog) or window.findChild(ScreeningPacksDialog)
    window.lock(ask=False)
    assert not window.screening_packs_action.isEnabled()
