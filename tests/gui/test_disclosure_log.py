"""Governance ▸ Disclosure log…: the log in a read-only table, filtered, and exported as a logged CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QMessageBox, QWidget

from safeguard_desktop.governance.disclosure import Disclosure
from safeguard_desktop.gui.disclosure_log import COLUMNS, DisclosureLogWindow
from safeguard_desktop.vault import session
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import add_child_core, click, type_into
from tests.gui.disclosure_answers import answer_disclosure, cancel_disclosure

FAMILY = "<b>O'Brien & Sons</b>"


def _at(monkeypatch: pytest.MonkeyPatch, when: datetime) -> None:
    monkeypatch.setattr(session, "utc_now", lambda: when)


@pytest.fixture
def logged(vault: Vault):
    """Three exports on three days, one about a child whose name is typed as markup."""
    child = add_child_core(vault, "Perpetua", FAMILY)
    other = add_child_core(vault, "Ignatius", "Pemberton-Osei")
    with pytest.MonkeyPatch.context() as clock:  # only the clock, and only while logging
        _at(clock, datetime(2026, 3, 2, 9, 5, tzinfo=UTC))
        vault.log_export("chronology.pdf", b"1", child.record_id, Disclosure("MASH", "Referral"))
        _at(clock, datetime(2026, 7, 1, 23, 30, tzinfo=UTC))  # 02/07/2026 00:30 in London
        vault.log_export(
            "body_map.print", b"2", other.record_id, Disclosure("=HYPERLINK(1)", "Strategy <i>meeting</i>")
        )
        _at(clock, datetime(2026, 9, 14, 14, 0, tzinfo=UTC))
        vault.log_export("attachment", b"3", child.record_id, Disclosure("GP", "Health review"))
    return child, other


def _open(window) -> DisclosureLogWindow:
    log = window.governance.open("disclosure_log", "open_disclosure_log")
    assert isinstance(log, DisclosureLogWindow) and log.isVisible() and not log.isModal()
    return log


def test_the_log_shows_what_about_whom_to_whom_why_by_whom_and_when(qtbot, window, vault, logged) -> None:
    log = _open(window)
    headers = [log.table.horizontalHeaderItem(c).text() for c in range(log.table.columnCount())]
    assert headers == list(COLUMNS)
    by = f"{vault.practitioner.name} ({vault.practitioner.role})"
    assert log.rows() == [
        ["14/09/2026 15:00", "Copy of an attachment", f"Perpetua {FAMILY}", "GP", "Health review", by],
        [
            "02/07/2026 00:30",
            "Body map (printed)",
            "Ignatius Pemberton-Osei",
            "=HYPERLINK(1)",
            "Strategy <i>meeting</i>",
            by,
        ],
        ["02/03/2026 09:05", "Chronology (PDF)", f"Perpetua {FAMILY}", "MASH", "Referral", by],
    ]
    assert log.table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert log.count.text() == "3 entries"
    # A second open raises the same window rather than making another.
    assert _open(window) is log


def test_dates_and_text_narrow_the_log(qtbot, window, vault, logged) -> None:
    log = _open(window)
    type_into(qtbot, log.since, "2/7/2026")
    type_into(qtbot, log.until, "14/09/2026")
    click(qtbot, log.apply_button)
    assert [r[0] for r in log.rows()] == ["14/09/2026 15:00", "02/07/2026 00:30"]
    type_into(qtbot, log.text, "perpetua gp")
    assert [r[3] for r in log.rows()] == ["GP"]
    assert log.count.text() == "1 of 2 entries shown"
    log.text.clear()
    log.until.setText("31/13/2026")
    click(qtbot, log.apply_button)
    assert "There is no month 13" in log.problem.text()
    assert len(log.rows()) == 2  # what was shown stays until the dates make sense
    log.until.setText("01/07/2026")
    click(qtbot, log.apply_button)
    assert "after the to date" in log.problem.text()


def test_export_csv_writes_what_is_shown_and_is_itself_logged(qtbot, window, vault, logged, tmp_path, monkeypatch):
    log = _open(window)
    type_into(qtbot, log.text, "hyperlink")
    target = tmp_path / "for the DPO"
    warned: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _p, _t, text, *a: warned.append(text) or QMessageBox.StandardButton.Save
    )
    offered: list[str] = []

    def save_dialog(_parent: QWidget, _caption: str, suggested: str, _pattern: str) -> tuple[str, str]:
        offered.append(Path(suggested).name)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    asked = answer_disclosure(monkeypatch, "Own records (not shared)", "Annual audit for the DPO")
    saved = log.export_csv()
    assert saved == tmp_path / "for the DPO.csv" and len(asked) == 1 and "NOT be encrypted" in warned[0]
    assert offered[0].startswith("disclosure-log-") and offered[0].endswith(".csv")
    rows = list(csv.reader(io.StringIO(saved.read_text("utf-8-sig"))))
    assert rows[0][:6] == list(COLUMNS)
    assert len(rows) == 2 and rows[1][:5] == [
        "02/07/2026 00:30",
        "Body map (printed)",
        "Ignatius Pemberton-Osei",
        "'=HYPERLINK(1)",  # a spreadsheet shows it, never runs it
        "Strategy <i>meeting</i>",
    ]
    shared = vault._ctx.conn.execute(
        "SELECT what, record_id, recipient, purpose FROM disclosures ORDER BY id"
    ).fetchall()
    assert shared[-1] == ("disclosure_log.csv", None, "Own records (not shared)", "Annual audit for the DPO")
    log.text.clear()
    assert log.rows()[0][1:] == [
        "Disclosure log (CSV spreadsheet)",
        "",
        "Own records (not shared)",
        "Annual audit for the DPO",
        f"{vault.practitioner.name} ({vault.practitioner.role})",
    ]


def test_cancelling_who_it_is_for_exports_nothing(qtbot, window, vault, logged, tmp_path, monkeypatch) -> None:
    log = _open(window)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: QMessageBox.StandardButton.Save)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: pytest.fail("no file dialog after Cancel"))
    cancel_disclosure(monkeypatch)
    assert log.export_csv() is None
    assert vault._ctx.conn.execute("SELECT count(*) FROM disclosures").fetchone()[0] == 3


def test_the_who_and_why_dialog_needs_both_answers_and_shows_typed_text_plainly(qtbot, vault, logged) -> None:
    from safeguard_desktop.gui.disclosure_dialog import DisclosureDialog, recipients_to_offer

    offered = recipients_to_offer(vault)
    assert offered[:3] == ["GP", "=HYPERLINK(1)", "MASH"]  # recent first, then the common ones once each
    assert offered.count("GP") == 1 and "Court" in offered and "Not stated" not in offered
    dialog = DisclosureDialog("a copy of <b>note</b>.txt", offered)
    qtbot.addWidget(dialog)
    assert "<b>note</b>" in dialog.what.text()
    click(qtbot, dialog.ok_button)
    assert dialog.result() == 0 and "who this is for" in dialog.problem.text()
    dialog.recipient.setEditText("Court")
    click(qtbot, dialog.ok_button)
    assert dialog.result() == 0 and "why it is being shared" in dialog.problem.text()
    type_into(qtbot, dialog.purpose, "Care proceedings")
    click(qtbot, dialog.ok_button)
    assert dialog.result() == 1 and dialog.disclosure == Disclosure("Court", "Care proceedings")
    for widget in (dialog.recipient, dialog.purpose, dialog.ok_button, dialog.cancel_button):
        assert widget.accessibleName()


def test_locking_closes_the_log(qtbot, window, vault, logged) -> None:
    log = _open(window)
    window.lock(ask=False)
    assert not log.isVisible()
