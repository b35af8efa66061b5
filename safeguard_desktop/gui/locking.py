"""The pieces of locking the main window uses: what triggers it, what it puts away first,
and the page shown while locked."""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from safeguard_desktop.gui import worker
from safeguard_desktop.gui.drafts import save_draft
from safeguard_desktop.gui.idle import IdleWatcher
from safeguard_desktop.gui.settings import idle_minutes
from safeguard_desktop.gui.system_lock import SystemLockWatcher
from safeguard_desktop.gui.widgets import heading, named

TASK_WAIT_MS = 30_000  # how long a lock waits for background work (a backup) to finish


class LockTriggers(QObject):
    """Idle time and the system's own lock or sleep, as one `lock_requested` signal.

    `idle_ms` overrides the minutes from the settings (tests use a few milliseconds).
    """

    lock_requested = Signal()

    def __init__(self, window: QWidget, idle_ms: int | None = None) -> None:
        super().__init__(window)
        self._idle_override = idle_ms
        self.idle = IdleWatcher(self.idle_ms(), self)
        self.idle.idle.connect(self.lock_requested)
        self.system = SystemLockWatcher(self)
        self.system.lock_requested.connect(self.lock_requested)
        self.system.start(int(window.winId()) if sys.platform == "win32" else None)

    def idle_ms(self) -> int:
        """The idle time before locking, in milliseconds."""
        return self._idle_override if self._idle_override is not None else idle_minutes() * 60_000

    def reload_settings(self) -> None:
        """The idle minutes may have changed."""
        self.idle.set_timeout_ms(self.idle_ms())


def put_away_form(vault: Any, dialog: QDialog) -> None:
    """Keep an open form as a draft in the vault (if it can be), then close it."""
    if vault is not None and hasattr(dialog, "draft_state"):
        save_draft(vault, dialog)  # type: ignore[arg-type]
    dialog.done(QDialog.DialogCode.Rejected)
    dialog.deleteLater()


def stop_background_work(timeout_ms: int = TASK_WAIT_MS) -> bool:
    """Ask running tasks to stop and wait for them (bounded) before the vault closes."""
    worker.cancel_all()
    return worker.wait_for_all(timeout_ms)


class LockedPage(QWidget):
    """What the window shows while locked: no record data, an Unlock button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = heading("The vault is locked")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        note = QLabel("Records are hidden until you type your passphrase.")
        note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(note)
        self.unlock_button = named(QPushButton("Unlock…"), "Unlock")
        layout.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
