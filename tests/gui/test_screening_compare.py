"""Two screenings of one child side by side, with the change in words; copying and logging."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QLabel

from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.gui import screening_compare
from safeguard_desktop.gui.screening_compare import ComparisonWindow
from safeguard_desktop.vault.session import Vault
from tests.gui.disclosure_answers import answer_disclosure
from tests.gui.test_screening_chart import add_family, make_screening


@pytest.fixture(autouse=True)
def disclosed(monkeypatch) -> list:
    """Each export or print is first said to be for someone, for a reason (the disclosure log's question)."""
    return answer_disclosure(monkeypatch, "Health visitor / school nurse", "Core group meeting")


@pytest.fixture
def two_screenings(vault: Vault):
    (child, sibling), carer = add_family(vault, "Wren", "Falconbridge", "Juno", "Ash")
    first = vault.screenings.add(
        make_screening(
            child.record_id, carer.record_id, date(2026, 3, 1), {"nutrition": 4, "housing": 3}, {"physical": 4}
        )
    )
    second = vault.screenings.add(
        make_screening(
            child.record_id, carer.record_id, date(2026, 6, 1), {"nutrition": 2, "housing": 3}, {"physical": 2}
        )
    )
    other = vault.screenings.add(make_screening(sibling.record_id, carer.record_id, date(2026, 6, 2)))
    return first, second, other


def test_two_screenings_side_by_side_oldest_first_with_the_change_in_words(qtbot, vault, two_screenings):
    first, second, _ = two_screenings
    window = ComparisonWindow(vault, [second.record_id, first.record_id])  # any order in, oldest first out
    qtbot.addWidget(window)
    window.show()
    headers = [window.table.horizontalHeaderItem(c).text() for c in range(window.table.columnCount())]
    assert headers[1].startswith("22/02/2026 to 01/03/2026")
    assert headers[2].startswith("25/05/2026 to 01/06/2026")
    assert headers[-1] == "Change"
    rows = {row[0]: row[1:] for row in window.grade_rows()}
    assert rows["Physical care"] == ["4", "2", "better by 2"]
    assert rows["Nutrition"] == ["4", "2", "better by 2"]
    assert rows["Housing"] == ["3", "3", "no change"]
    assert window.chart.dates() == [date(2026, 3, 1), date(2026, 6, 1)]
    texts = " ".join(label.text() for label in window.findChildren(QLabel))
    assert "Wren Falconbridge" in texts
    assert "better by 2" in window.overviews.text()


def test_copy_summary_puts_the_comparison_on_the_clipboard(qtbot, vault, two_screenings):
    first, second, _ = two_screenings
    window = ComparisonWindow(vault, [first.record_id, second.record_id])
    qtbot.addWidget(window)
    window.copy_button.click()
    text = QGuiApplication.clipboard().text()
    assert "Comparison of 2 neglect screenings" in text
    assert "better by 2" in text
    assert window.copy_button.text().startswith("Copied")


def test_screenings_of_two_children_are_refused(qtbot, vault, two_screenings):
    first, _, other = two_screenings
    with pytest.raises(DomainError):
        ComparisonWindow(vault, [first.record_id, other.record_id])


def test_saving_the_pdf_is_logged(qtbot, vault, two_screenings, tmp_path, monkeypatch):
    first, second, _ = two_screenings
    window = ComparisonWindow(vault, [first.record_id, second.record_id])
    qtbot.addWidget(window)
    target = tmp_path / "out" / "comparison"
    target.parent.mkdir()
    monkeypatch.setattr(
        screening_compare.QMessageBox, "warning", lambda *a, **k: screening_compare.QMessageBox.StandardButton.Save
    )
    monkeypatch.setattr(screening_compare.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(screening_compare, "tell", lambda *a, **k: None)
    saved = window.save_pdf()
    assert saved == target.with_name("comparison.pdf")
    assert saved.read_bytes().startswith(b"%PDF")
    action, record_id = vault._ctx.conn.execute(
        "SELECT action, record_id FROM audit ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    assert (action, record_id) == ("export.screening_comparison.pdf", str(first.data.child_id))


def test_printing_is_logged_and_a_cancelled_print_is_not(qtbot, vault, two_screenings, tmp_path, monkeypatch):
    first, second, _ = two_screenings
    window = ComparisonWindow(vault, [first.record_id, second.record_id])
    qtbot.addWidget(window)
    monkeypatch.setattr(screening_compare, "tell", lambda *a, **k: None)
    before = vault._ctx.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    monkeypatch.setattr(QPrintDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected.value)
    assert window.print_() == 0
    assert vault._ctx.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == before

    printed = tmp_path / "printed.pdf"  # made-up data; the printer is a PDF file

    def exec_(dialog: QPrintDialog) -> int:
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(printed))
        assert dialog.printer().docName() == "Screening comparison"  # no name in the print queue
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    assert window.print_() >= 1
    assert printed.read_bytes().startswith(b"%PDF")
    action, record_id = vault._ctx.conn.execute(
        "SELECT action, record_id FROM audit ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    assert (action, record_id) == ("export.screening_comparison.print", str(first.data.child_id))


def test_in_visit_mode_saving_waits_for_the_visit_and_no_save_dialog_opens(qtbot, vault, two_screenings, monkeypatch):
    # A save dialog shows the practitioner's folders and recent files to a family watching the screen.
    first, second, _ = two_screenings
    asked: list[str] = []
    monkeypatch.setattr(screening_compare.QMessageBox, "warning", lambda *a, **k: asked.append("warning"))
    monkeypatch.setattr(screening_compare.QFileDialog, "getSaveFileName", lambda *a, **k: asked.append("file") or "")
    window = ComparisonWindow(vault, [first.record_id, second.record_id], visiting=True)
    qtbot.addWidget(window)
    window.show()
    assert not window.save_button.isEnabled()
    assert window.save_button.text() == "Save PDF after the visit"  # the reason is on the button, not in a tooltip
    assert window.print_button.isEnabled() and window.copy_button.isEnabled()
    save = QKeySequence(QKeySequence.StandardKey.Save)
    for shortcut in [s for s in window.findChildren(QShortcut) if s.key() == save]:
        shortcut.activated.emit()  # Ctrl+S as delivered (an offscreen window is never the active one)
    assert window.save_pdf() is None
    assert asked == []
    assert "after the visit" in window.error.text()


def test_outside_visit_mode_save_pdf_is_offered(qtbot, vault, two_screenings) -> None:
    first, second, _ = two_screenings
    window = ComparisonWindow(vault, [first.record_id, second.record_id])
    qtbot.addWidget(window)
    assert window.save_button.isEnabled() and window.save_button.text() == "Save PDF…"
