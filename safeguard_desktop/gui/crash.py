"""What the app says and logs when something breaks: never record data.

An exception's text and traceback can carry a child's name (a validation message, a value
in a format string), and a Qt warning can quote a widget's text; stderr often ends up in a
desktop session log. So the log gets the exception's type only, and Qt's messages are cut
to their category; debug and info messages are dropped.
"""

from __future__ import annotations

import logging
import sys
import threading
from types import TracebackType

from PySide6.QtCore import QMessageLogContext, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger("safeguard_desktop")

CRASH_TEXT = (
    "Something went wrong; nothing you had already saved was lost, and any form you had "
    "open is still open: check what you typed and save it again.\n\n"
    "If this keeps happening, note what you were doing and tell your IT support. "
    "No record details were written to any log."
)
_shown: list[QMessageBox] = []  # kept alive while on screen


def excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Log the exception's type (never its text) and tell the person plainly."""
    log.error("Unhandled error: %s", kind.__name__)
    if QApplication.instance() is None:
        return
    box = QMessageBox(QMessageBox.Icon.Critical, "Something went wrong — safeguard-desktop", CRASH_TEXT)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAccessibleName("Something went wrong")
    box.finished.connect(lambda _: _shown.remove(box) if box in _shown else None)
    _shown.append(box)
    box.open()


def message_handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's own messages: drop debug and info; for the rest keep the category, not the text."""
    if mode in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg):
        return
    level = {
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }.get(mode, logging.WARNING)
    category = getattr(context, "category", None) or "default"
    log.log(level, "Qt %s message (category %s)", mode.name.removeprefix("Qt").removesuffix("Msg").lower(), category)


def thread_excepthook(args: threading.ExceptHookArgs) -> None:
    """A background thread's unhandled error: its type only (workers report their own)."""
    log.error("Unhandled error in a background thread: %s", args.exc_type.__name__)


def install() -> None:
    """Install all three, for the running app (tests call the functions directly)."""
    sys.excepthook = excepthook
    threading.excepthook = thread_excepthook
    qInstallMessageHandler(message_handler)
