"""Clipboard: marked secret and cleared after a while. Crashes: no record text in any log."""

from __future__ import annotations

import logging

from PySide6.QtCore import QMessageLogContext, QtMsgType
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from safeguard_desktop.gui import clipboard, crash
from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import add_child_core, click

WINDOWS_MIME = 'application/x-qt-windows-mime;value="{}"'


def test_copied_text_is_marked_for_clipboard_managers(qtbot) -> None:
    clipboard.copy_text("943 476 5919", clear_after_ms=60_000)
    data = QApplication.clipboard().mimeData()
    assert data.text() == "943 476 5919"
    formats = set(data.formats())
    assert "x-kde-passwordManagerHint" in formats
    assert bytes(data.data("x-kde-passwordManagerHint")) == b"secret"
    made = clipboard.secret_mime_data("x")
    assert made.hasFormat(WINDOWS_MIME.format("ExcludeClipboardContentFromMonitorProcessing"))
    assert bytes(made.data(WINDOWS_MIME.format("CanIncludeInClipboardHistory"))) == b"\0\0\0\0"
    assert bytes(made.data(WINDOWS_MIME.format("CanUploadToCloudClipboard"))) == b"\0\0\0\0"
    clipboard.clear_if_ours()


def test_copied_text_is_cleared_after_the_delay(qtbot) -> None:
    clipboard.copy_text("Harvey Lindqvist", clear_after_ms=20)
    assert QApplication.clipboard().text() == "Harvey Lindqvist"
    qtbot.waitUntil(lambda: QApplication.clipboard().text() == "", timeout=5000)


def test_text_copied_since_is_not_cleared(qtbot) -> None:
    clipboard.copy_text("A123456789012", clear_after_ms=20)
    QApplication.clipboard().setText("a shopping list")  # the person copied something else
    timer = clipboard._timer
    qtbot.waitUntil(lambda: not timer.isActive(), timeout=5000)
    assert QApplication.clipboard().text() == "a shopping list"


def test_copy_buttons_in_the_record(qtbot, window: MainWindow, vault: Vault, monkeypatch) -> None:
    monkeypatch.setattr(clipboard, "CLEAR_AFTER_MS", 30)
    add_child_core(vault, "Harvey", "Lindqvist", nhs_number="9434765919", upn="A123456789012")
    window.model.refresh()
    window.table.selectRow(0)
    buttons = {b.accessibleName(): b for b in window.record_view.findChildren(QPushButton)}
    assert {"Copy name", "Copy NHS number", "Copy UPN"} <= set(buttons)
    click(qtbot, buttons["Copy NHS number"])
    assert QApplication.clipboard().text() == "9434765919"
    assert QApplication.clipboard().mimeData().hasFormat("x-kde-passwordManagerHint")
    click(qtbot, buttons["Copy name"])
    assert QApplication.clipboard().text() == "Harvey Lindqvist"
    qtbot.waitUntil(lambda: QApplication.clipboard().text() == "", timeout=5000)


def test_unhandled_error_logs_only_its_type_and_says_so_plainly(qtbot, caplog) -> None:
    caplog.set_level(logging.ERROR)
    try:
        raise ValueError("Harvey Lindqvist, 943 476 5919")
    except ValueError as exc:
        crash.excepthook(type(exc), exc, exc.__traceback__)
    assert "ValueError" in caplog.text
    assert "Lindqvist" not in caplog.text and "943" not in caplog.text
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
    qtbot.addWidget(box)
    assert box.text().startswith("Something went wrong; nothing you had already saved was lost")
    assert "Lindqvist" not in box.text()
    box.accept()


def test_qt_messages_lose_their_text(caplog) -> None:
    caplog.set_level(logging.DEBUG)
    context = QMessageLogContext()
    crash.message_handler(QtMsgType.QtDebugMsg, context, "debug about <b>Harvey</b>")
    crash.message_handler(QtMsgType.QtInfoMsg, context, "info about Harvey")
    assert caplog.records == []
    crash.message_handler(QtMsgType.QtWarningMsg, context, 'QLabel: text "Harvey Lindqvist" too long')
    assert len(caplog.records) == 1
    assert "Harvey" not in caplog.text and "warning" in caplog.text
