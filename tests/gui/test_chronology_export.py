"""Chronology export and print from the window: warnings, file names, the written file, the log."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QColor, QImage, QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMainWindow, QMessageBox

from safeguard_desktop.chronology.export_pdf import chronology_pdf
from safeguard_desktop.chronology.timeline import TimelineFilter
from safeguard_desktop.domain.categories import ChildRole, ConcernCategory, ConcernStatus
from safeguard_desktop.domain.concern import Concern, ConcernChild
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.gui.chronology_export import ChronologyExporter, save_error_text
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import WORKER_TIMEOUT_MS, add_child_core
from tests.gui.disclosure_answers import answer_disclosure

FAMILY = "<b>O'Brien & Sons</b>"
GIVEN = "=cmd()"
ACCOUNTS = ("=SUM(A1) was written on her hand", "Arrived hungry & cold, no coat")


@pytest.fixture
def child(vault: Vault):
    stored = add_child_core(vault, GIVEN, FAMILY, date_of_birth=date(2016, 9, 12))
    for n, account in enumerate(ACCOUNTS):
        vault.concerns.add(
            Concern(
                happened=EventDate.on_day(date(2023, 3, 6 + n)),
                children=[ConcernChild(child_id=stored.record_id, roles=frozenset({ChildRole.VICTIM}))],
                categories=frozenset({ConcernCategory.NEGLECT}),
                recorded_by=vault.practitioner,
                account=account,
                status=ConcernStatus.OPEN,
            )
        )
    return stored


@pytest.fixture(autouse=True)
def disclosed(monkeypatch) -> list:
    """Every export is first said to be for the MASH's strategy meeting (the disclosure log's question)."""
    return answer_disclosure(monkeypatch, "MASH", "Strategy meeting")


def _disclosures(vault: Vault) -> list[tuple[str, str, str]]:
    return vault._ctx.conn.execute("SELECT what, recipient, purpose FROM disclosures ORDER BY id").fetchall()


@pytest.fixture
def exporter(qtbot, vault: Vault, child) -> ChronologyExporter:
    window = QMainWindow()
    qtbot.addWidget(window)
    exp = ChronologyExporter(window, vault, child, lambda: TimelineFilter())
    for action in exp.actions:
        window.addAction(action)
    window.show()
    return exp


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    """The person reads the warning and presses Save; the warnings' texts are kept."""
    texts: list[str] = []

    def exec_(box: QMessageBox) -> int:
        texts.append(box.text())
        box.button(QMessageBox.StandardButton.Save).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return texts


def _choose(monkeypatch, path: Path) -> list[str]:
    offered: list[str] = []

    def get_save_file_name(_parent, _caption, default, _pattern):
        offered.append(default)
        return str(path), _pattern

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(get_save_file_name))
    return offered


def _last_audit(vault: Vault) -> tuple[str, str]:
    return tuple(vault._ctx.conn.execute("SELECT action, record_id FROM audit ORDER BY seq DESC LIMIT 1").fetchone())


def _wait_for_message(qtbot, exporter: ChronologyExporter) -> str:
    qtbot.waitUntil(lambda: exporter.message_box is not None and not exporter.busy, timeout=WORKER_TIMEOUT_MS)
    return exporter.message_box.text()


def _pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed, so the PDF's text cannot be checked")
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout
    return " ".join(out.decode("utf-8").split())


def test_actions_are_named_and_print_is_ctrl_p(exporter: ChronologyExporter) -> None:
    texts = [a.text() for a in exporter.actions]
    assert texts == [
        "Export &PDF…",
        "Export &CSV…",
        "Export for external partners (PDF)…",
        "Export for external partners (CSV)…",
        "&Print…",
    ]
    assert exporter.print_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    assert all(a.toolTip() for a in exporter.actions)


def test_export_pdf_warns_offers_initials_writes_privately_and_logs(
    qtbot, exporter, vault, child, asked, monkeypatch, tmp_path
) -> None:
    offered = _choose(monkeypatch, tmp_path / "for conference")  # typed without ".pdf"
    exporter.export_pdf_action.trigger()
    message = _wait_for_message(qtbot, exporter)
    saved = tmp_path / "for conference.pdf"
    assert message.startswith(f"The chronology was saved as {saved}.")
    assert "will NOT be encrypted" in asked[0] and "logged" in asked[0]
    # File names show up in recent-file lists: initials and date, never the name.
    assert Path(offered[0]).name == f"chronology-CB-{date.today().isoformat()}.pdf"
    text = _pdf_text(saved)
    assert f"{GIVEN} {FAMILY}" in text and "OFFICIAL-SENSITIVE" in text and "Page 1 of 1" in text
    assert ACCOUNTS[0] in text and vault.practitioner.name in text
    if os.name == "posix":
        assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert _last_audit(vault) == ("export.chronology.pdf", str(child.record_id))
    assert _disclosures(vault) == [("chronology.pdf", "MASH", "Strategy meeting")]
    assert vault.check().ok
    assert exporter.export_pdf_action.isEnabled()


def test_external_csv_has_no_staff_names(qtbot, exporter, vault, child, asked, monkeypatch, tmp_path) -> None:
    _choose(monkeypatch, tmp_path / "partners.csv")
    exporter.external_csv_action.trigger()
    _wait_for_message(qtbot, exporter)
    content = (tmp_path / "partners.csv").read_text("utf-8-sig")
    assert "free text is not redacted" in asked[0]
    assert vault.practitioner.name not in content and "Recorded by" not in content
    assert "'=SUM(A1) was written on her hand" in content and ACCOUNTS[1] in content
    assert _last_audit(vault) == ("export.chronology.external_csv", str(child.record_id))


def test_cancelling_the_warning_saves_and_logs_nothing(
    qtbot, exporter, vault, disclosed, monkeypatch, tmp_path
) -> None:
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)  # closed without pressing Save
    offered = _choose(monkeypatch, tmp_path / "x.pdf")
    before = vault.audit_head()
    exporter.export_pdf_action.trigger()
    assert offered == [] and list(tmp_path.glob("*.pdf")) == [] and disclosed == []
    assert vault.audit_head() == before


def test_invalid_filter_does_nothing(qtbot, vault, child, monkeypatch) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    exp = ChronologyExporter(window, vault, child.record_id, lambda: None)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail("no question while the filter is wrong"))
    exp.export_csv_action.trigger()
    assert exp.message_box is None and not exp.busy


def test_write_failure_is_a_sentence_and_not_logged(qtbot, exporter, vault, asked, monkeypatch, tmp_path) -> None:
    _choose(monkeypatch, tmp_path / "gone" / "chronology.csv")
    before = vault.audit_head()
    exporter.export_csv_action.trigger()
    message = _wait_for_message(qtbot, exporter)
    assert message == "The file could not be saved: that folder no longer exists. Please choose another."
    assert exporter.message_box.icon() == QMessageBox.Icon.Warning
    assert vault.audit_head() == before


def test_save_error_sentences() -> None:
    assert "not enough space" in save_error_text(OSError(errno.ENOSPC, "No space left on device"))
    assert "permission" in save_error_text(OSError(errno.EACCES, "Permission denied"))
    assert "Traceback" not in save_error_text(RuntimeError("boom"))


def test_locked_exporter_does_nothing(qtbot, exporter, monkeypatch) -> None:
    exporter.put_away()
    assert not any(a.isEnabled() for a in exporter.actions)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail("nothing to export once locked"))
    exporter.export("pdf", external=False)
    assert exporter.vault is None


def _render(content: bytes, size: QSize) -> QImage:
    buffer = QBuffer()
    buffer.setData(QByteArray(content))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    assert document.status() == QPdfDocument.Status.Ready
    image = document.render(0, size).convertToFormat(QImage.Format.Format_Grayscale8)
    document.close()
    return image


def _difference(a: QImage, b: QImage) -> float:
    total = 0
    for y in range(0, a.height(), 2):
        for x in range(0, a.width(), 2):
            total += abs(QColor(a.pixel(x, y)).value() - QColor(b.pixel(x, y)).value())
    return total / ((a.height() // 2) * (a.width() // 2))


def test_print_sends_the_same_pages_to_the_printer_and_logs(qtbot, exporter, vault, child, monkeypatch, tmp_path):
    printed = tmp_path / "printed.pdf"  # a test artefact of made-up data: the printer is a PDF file

    def exec_(dialog: QPrintDialog) -> int:
        printer = dialog.printer()
        assert printer.pageLayout().orientation().name == "Landscape"
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    exporter.print_action.trigger()
    message = _wait_for_message(qtbot, exporter)
    assert message == "1 page sent to the printer. The print has been logged."
    assert _last_audit(vault) == ("export.chronology.print", str(child.record_id))
    assert _disclosures(vault) == [("chronology.print", "MASH", "Strategy meeting")]
    # The printer receives page images (QtPdf renders pixels), so compare what is on the
    # paper with the export itself rather than extracting text.
    size = QSize(420, 297)
    expected = _render(chronology_pdf(vault, child.record_id).content, size)
    actual = _render(printed.read_bytes(), size)
    blank = QImage(size, QImage.Format.Format_Grayscale8)
    blank.fill(255)
    assert _difference(actual, expected) < 6
    assert _difference(actual, blank) > 3 * _difference(actual, expected)
