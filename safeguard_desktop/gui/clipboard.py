"""Clipboard hygiene: on lock, record text copied from the app must not stay behind.

Two ways text gets there: `copy_text` (the app's own copy actions) and a person selecting
text in a record label and pressing Ctrl+C. The first is remembered by digest (never the
text itself); the second is caught because this application then owns the clipboard.
Text another program put there is left alone.
"""

from __future__ import annotations

import hashlib

from PySide6.QtGui import QClipboard, QGuiApplication

_copied: set[str] = set()


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def copy_text(text: str) -> None:
    """Put `text` on the clipboard and remember that it came from the app."""
    _copied.add(_digest(text))
    QGuiApplication.clipboard().setText(text)


def clear_if_ours() -> bool:
    """Empty the clipboard if it holds text the app put there; say whether it did."""
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
