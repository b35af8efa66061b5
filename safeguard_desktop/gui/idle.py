"""Lock after a spell without keyboard or mouse input anywhere in the app.

An application-wide event filter restarts one single-shot timer on every input event; when
the timer runs out `idle` is emitted. The timeout is given in milliseconds so tests can use
a few instead of minutes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.InputMethod,
    }
)


class IdleWatcher(QObject):
    """Emits `idle` after `timeout_ms` with no input; `start()`/`stop()` follow lock state."""

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self, singleShot=True)
        self._timer.setInterval(timeout_ms)
        self._timer.timeout.connect(self.idle)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def timeout_ms(self) -> int:
        """The idle time allowed before `idle` is emitted."""
        return self._timer.interval()

    def set_timeout_ms(self, timeout_ms: int) -> None:
        """Change the idle time; a running countdown starts again with the new length."""
        self._timer.setInterval(timeout_ms)
        if self._timer.isActive():
            self._timer.start()

    def start(self) -> None:
        """Start (or restart) the countdown."""
        self._timer.start()

    def stop(self) -> None:
        """Stop counting (while locked there is nothing to lock)."""
        self._timer.stop()

    def is_running(self) -> bool:
        """Whether a countdown is under way."""
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._timer.isActive() and event.type() in INPUT_EVENTS:
            self._timer.start()
        return False  # only watching: every event goes on to its widget
