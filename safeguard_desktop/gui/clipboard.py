"""Clipboard hygiene: record text copied from the app does not stay behind.

Two ways text gets there: `copy_text` (the app's own copy buttons) and a person selecting
text in a record label and pressing Ctrl+C. The first is remembered by digest (never the
text itself), marked so that clipboard managers and Windows' clipboard history skip it,
and cleared after `CLEAR_AFTER_MS` if it is still there; on lock both are cleared, the
second because this application then owns the clipboard. Text another program put there
is left alone.
"""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QMimeData, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

CLEAR_AFTER_MS = 30_000
DWORD_ZERO = b"\x00\x00\x00\x00"


def _windows(name: str) -> str:
    # Qt's name for a registered Windows clipboard format.
    return f'application/x-qt-windows-mime;value="{name}"'


# Formats that tell clipboard managers to leave the text out of their history:
# KDE Klipper (and several others) read the first; Windows 10+ clipboard history and cloud
# clipboard read the other three.
SECRET_FORMATS: dict[str, bytes] = {
    "x-kde-passwordManagerHint": b"secret",
    _windows("ExcludeClipboardContentFromMonitorProcessing"): b"\x01",
    _windows("CanIncludeInClipboardHistory"): DWORD_ZERO,
    _windows("CanUploadToCloudClipboard"): DWORD_ZERO,
}

_copied: set[str] = set()
_timer: QTimer | None = None
_pending: str | None = None  # digest of the text the timer will clear


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def secret_mime_data(text: str) -> QMimeData:
    """The text as clipboard data marked "do not keep" for clipboard managers."""
    data = QMimeData()
    data.setText(text)
    for mime, value in SECRET_FORMATS.items():
        data.setData(mime, value)
    return data


def copy_text(text: str, *, clear_after_ms: int | None = None) -> None:
    """Put `text` on the clipboard, remember it came from the app, clear it after a while."""
    global _timer, _pending
    digest = _digest(text)
    _copied.add(digest)
    QGuiApplication.clipboard().setMimeData(secret_mime_data(text))
    if _timer is None:
        _timer = QTimer(QGuiApplication.instance(), singleShot=True)
        _timer.timeout.connect(_clear_pending)
    _pending = digest
    _timer.start(CLEAR_AFTER_MS if clear_after_ms is None else clear_after_ms)


def _clear_pending() -> None:
    """The timer ran out: clear the clipboard if it still holds the text copied last."""
    global _pending
    digest, _pending = _pending, None
    clipboard = QGuiApplication.clipboard()
    text = clipboard.text()
    if digest is not None and text and _digest(text) == digest:
        clipboard.clear()


def clear_if_ours() -> bool:
    """Empty the clipboard if it holds text the app put there; say whether it did."""
    global _pending
    if _timer is not None:
        _timer.stop()
    _pending = None
    clipboard = QGuiApplication.clipboard()
    ours = False
    for mode in (QClipboard.Mode.Clipboard, QClipboard.Mode.Selection):
        if mode == QClipboard.Mode.Selection and not clipboard.supportsSelection():
            continue
        text = clipboard.text(mode)
        owns = clipboard.ownsSelection() if mode == QClipboard.Mode.Selection else clipboard.ownsClipboard()
        if text and (owns or _digest(text) in _copied):
            clipboard.clear(mode)
            ours = True
    _copied.clear()
    return ours
