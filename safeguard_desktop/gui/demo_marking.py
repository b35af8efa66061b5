"""Every window opened while a demo vault is open says DEMO in its title bar.

Marking each window where it is made would miss the next one someone adds, so one
application-wide filter does it: installed when a demo vault opens, it prefixes the title of
each top-level window as it is shown or retitled, and removes itself once the vault closes.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from safeguard_desktop.gui.main_window import MainWindow

PREFIX = "DEMO — "
_WINDOW_TYPES = (Qt.WindowType.Window, Qt.WindowType.Dialog, Qt.WindowType.Sheet)
_EVENTS = (QEvent.Type.Show, QEvent.Type.WindowTitleChange)


def demo_title(title: str) -> str:
    """`title` marked as a demo, once (an already marked title is left alone)."""
    return title if "DEMO" in title else PREFIX + (title or QApplication.applicationDisplayName())


class _DemoTitles(QObject):
    def __init__(self, main: MainWindow, parent: QObject) -> None:
        super().__init__(parent)  # owned by the application, so it outlives a call into it
        self._main = weakref.ref(main)

    def demo_open(self) -> bool:
        main = self._main()
        return main is not None and main.vault is not None and main.vault.is_demo

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in _EVENTS or not isinstance(watched, QWidget) or not watched.isWindow():
            return False
        if not self.demo_open():
            stop_marking()  # the demo vault was locked or closed: real records are not marked
            return False
        if watched.windowType() in _WINDOW_TYPES:
            title = watched.windowTitle()
            if "DEMO" not in title:
                watched.setWindowTitle(demo_title(title))
        return False


_filter: _DemoTitles | None = None


def mark_demo_windows(main: MainWindow) -> None:
    """While `main` holds a demo vault, mark the title of every window shown (and those open now)."""
    global _filter
    app = QApplication.instance()
    if app is None or main.vault is None or not main.vault.is_demo:
        return
    stop_marking()
    _filter = _DemoTitles(main, app)
    app.installEventFilter(_filter)
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible() and widget.windowType() in _WINDOW_TYPES and "DEMO" not in widget.windowTitle():
            widget.setWindowTitle(demo_title(widget.windowTitle()))


def stop_marking() -> None:
    """Remove the filter (a vault that is not a demo, or none, is open)."""
    global _filter
    app = QApplication.instance()
    if _filter is not None and app is not None:
        app.removeEventFilter(_filter)
        _filter.deleteLater()  # it may be the filter running now: deleted once that call returns
    _filter = None
