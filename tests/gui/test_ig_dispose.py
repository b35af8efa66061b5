"""The disposal confirmation (ig_dispose) and the destruction log window (ig_destruction)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QMessageBox

from safeguard_desktop.domain.categories import ChildRole, ConcernCategory, ConcernStatus
from safeguard_desktop.domain.concern import Concern, ConcernChild
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.governance.holds import place_hold
from safeguard_desktop.gui import ig_dispose
from safeguard_desktop.gui.ig_destruction import COLUMNS, DestructionLogWindow
from safeguard_desktop.gui.ig_dispose import DisposeDialog, confirm_and_dispose
from safeguard_desktop.vault.backup import backup_vault
from tests.gui.conftest import add_child_core, click, type_into
from tests.gui.disclosure_answers import answer_disclosure

RULE = "school-child-protection-file"
SOURCE = "IRMS Information Management Toolkit for Schools (2019)"
MARKUP = "<b>O'Brien & Sons</b>"


def _concern(vault, *children, account="Zebedee Quillfeather came in without a coat."):
    return vault.concerns.add(
        Concern(
            happened=EventDate.on_day(date(2014, 1, 15)),
            children=[ConcernChild(child_id=c, roles=frozenset({ChildRole.VICTIM})) for c in children],
            categories=frozenset({ConcernCategory.NEGLECT}),
            recorded_by=vault.practitioner,
            account=account,
            status=ConcernStatus.OPEN,
        )
    )


@pytest.fixture
def family(vault, tmp_path):
    child = add_child_core(vault, "Zebedee", "Quillfeather", date_of_birth=date(2001, 4, 2))
    sister = add_child_core(vault, "Marigold", "Quillfeather", date_of_birth=date(2003, 8, 1))
    own = _concern(vault, child.record_id)
    both = _concern(vault, child.record_id, sister.record_id, account="Both children were left alone.")
    backup = backup_vault(vault, tmp_path)
    return child, sister, own, both, backup


@pytest.fixture
def told(monkeypatch):
    """Every message box shown: (title, text, text format); none blocks."""
    shown: list[tuple[str, str, Qt.TextFormat]] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append((box.windowTitle(), box.text(), box.textFormat()))
        return int(QMessageBox.StandardButton.Ok.value)

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown


def test_the_dialog_shows_what_goes_what_stays_and_the_backups_and_needs_the_family_name(qtbot, vault, family):
    child, _sister, _own, both, backup = family
    dialog = DisposeDialog(vault, child.record_id, RULE, SOURCE)
    qtbot.addWidget(dialog)
    assert dialog.removed.text().startswith("1 child, 1 concern")
    assert "1 concern: shared with another child" in dialog.kept.text()
    assert str(backup.resolve()) in dialog.backups.text() and "ages out on" in dialog.backups.text()
    assert SOURCE in dialog.rule.text()
    assert not dialog.dispose_button.isEnabled()
    assert dialog.cancel_button.isDefault()
    type_into(qtbot, dialog.confirm, "Quill")
    assert not dialog.dispose_button.isEnabled()
    dialog.confirm.clear()
    type_into(qtbot, dialog.confirm, " quillfeather ")
    assert dialog.dispose_button.isEnabled()
    click(qtbot, dialog.dispose_button)
    assert dialog.result() == QDialog.DialogCode.Accepted.value
    assert dialog.entry is not None and len(dialog.entry.backups) == 1
    assert vault.children.count() == 1 and vault.concerns.count() == 1
    assert vault.concerns.get(both.record_id).data.account == "Both children were left alone."


def test_confirm_and_dispose_disposes_and_says_so(qtbot, vault, family, told, monkeypatch):
    child, *_ = family

    def fake_exec(self: DisposeDialog) -> int:
        type_into(qtbot, self.confirm, "Quillfeather")
        click(qtbot, self.dispose_button)
        return int(self.result())

    monkeypatch.setattr(DisposeDialog, "exec", fake_exec)
    assert confirm_and_dispose(None, vault, child.record_id, RULE, SOURCE) is True
    title, text, fmt = told[-1]
    assert title == "File disposed of" and "2 records" in text and "1 backup made before today" in text
    assert fmt == Qt.TextFormat.PlainText
    assert vault.children.count() == 1


def test_a_hold_is_reported_and_nothing_changes(qtbot, vault, family, told, monkeypatch):
    child, _sister, own, *_ = family
    seen: list[str] = []

    def fake_exec(self: DisposeDialog) -> int:
        type_into(qtbot, self.confirm, "Quillfeather")
        click(qtbot, self.dispose_button)
        seen.append(self.error.text())
        assert not self.dispose_button.isEnabled()
        click(qtbot, self.cancel_button)
        return int(self.result())

    monkeypatch.setattr(DisposeDialog, "exec", fake_exec)
    # Placed after the dialog opened (by another window, say): found at the last moment.
    original = DisposeDialog.__init__

    def opened_then_held(self, *args, **kwargs):
        original(self, *args, **kwargs)
        place_hold(vault, own.record_id, "police", "Op Heron")

    monkeypatch.setattr(DisposeDialog, "__init__", opened_then_held)
    assert confirm_and_dispose(None, vault, child.record_id, RULE, SOURCE) is False
    assert "hold on it has not been lifted" in seen[0] and "Nothing was changed" in seen[0]
    assert told == []
    assert vault.children.count() == 2 and vault.concerns.count() == 2


def test_no_such_child_is_said_in_words(qtbot, vault, family, told):
    _child, _sister, own, *_ = family
    assert confirm_and_dispose(None, vault, own.record_id, RULE, SOURCE) is False
    assert told == [
        ("The file cannot be disposed of", "No child with that ID is in this vault.", Qt.TextFormat.PlainText)
    ]


def test_a_file_that_may_not_be_disposed_of_says_why_at_once_and_cannot_be_confirmed(qtbot, vault, family):
    _child, sister, *_ = family  # born 01/08/2003: due 01/08/2028
    dialog = DisposeDialog(vault, sister.record_id, RULE, SOURCE)
    qtbot.addWidget(dialog)
    assert "not due for review until 01/08/2028" in dialog.error.text()
    type_into(qtbot, dialog.confirm, "Quillfeather")
    assert not dialog.dispose_button.isEnabled()
    dialog.dispose_now()
    assert dialog.entry is None and vault.children.count() == 2


def test_a_name_typed_as_markup_is_shown_and_matched_as_typed(qtbot, vault):
    child = add_child_core(vault, "Kit", MARKUP, date_of_birth=date(1990, 5, 5))
    dialog = DisposeDialog(vault, child.record_id, RULE, SOURCE)
    qtbot.addWidget(dialog)
    labels = [w for w in dialog.findChildren(QLabel) if MARKUP in w.text()]
    assert labels and all(w.textFormat() == Qt.TextFormat.PlainText for w in labels)
    type_into(qtbot, dialog.confirm, MARKUP)
    assert dialog.dispose_button.isEnabled()


def test_the_destruction_log_window_lists_disposals_without_names_and_exports_csv(
    qtbot, window, family, told, monkeypatch, tmp_path
):
    vault = window.vault
    child, *_ = family
    empty = window.governance.open("ig_destruction", "open_destruction_log")
    assert isinstance(empty, DestructionLogWindow) and empty.rows() == []
    assert not empty.export_button.isEnabled() and "No file" in empty.count.text()
    empty.close()

    def fake_exec(self: DisposeDialog) -> int:
        self.confirm.setText("Quillfeather")
        click(qtbot, self.dispose_button)
        return int(self.result())

    monkeypatch.setattr(DisposeDialog, "exec", fake_exec)
    assert ig_dispose.confirm_and_dispose(window, vault, child.record_id, RULE, SOURCE)
    log = window.governance.open("ig_destruction", "open_destruction_log")
    assert window.governance.open("ig_destruction", "open_destruction_log") is log  # raised, not a second
    assert log.isVisible() and not log.isModal()
    [row] = log.rows()
    assert len(row) == len(COLUMNS)
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", row[0])
    assert row[1:3] == ["child", str(child.record_id)]
    assert row[3].startswith(RULE) and SOURCE in row[3]
    assert row[4].startswith(vault.practitioner.name)
    assert "2 records: 1 child, 1 concern" in row[5]
    assert "until" in row[6]
    assert not any("quillfeather" in cell.casefold() or "zebedee" in cell.casefold() for cell in row)

    asked = answer_disclosure(monkeypatch, "Data Protection Officer", "Annual records audit")
    target = tmp_path / "log.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV files (*.csv)"))
    click(qtbot, log.export_button)
    assert len(asked) == 1 and target.exists()
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows[0][:3] == ["Disposed of", "Kind", "ID"] and rows[1][2] == str(child.record_id)
    assert "quillfeather" not in target.read_text(encoding="utf-8-sig").casefold()
    logged = vault._ctx.conn.execute("SELECT what, recipient, purpose FROM disclosures").fetchall()
    assert ("destruction_log.csv", "Data Protection Officer", "Annual records audit") in [tuple(r) for r in logged]
    assert "Saved as" in log.count.text()
