"""Settings: non-personal preferences kept with QSettings (no names, no paths of records).

Only how many idle minutes lock the vault is stored for now.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QSpinBox, QVBoxLayout, QWidget

from safeguard_desktop.gui.widgets import heading, named, plain_label

IDLE_KEY = "lock/idle_minutes"
DEFAULT_IDLE_MINUTES = 5
MIN_IDLE_MINUTES = 1
MAX_IDLE_MINUTES = 60  # a vault left open for hours is what idle locking is there to prevent


def idle_minutes() -> int:
    """The idle minutes after which the vault locks (the default when unset or unreadable)."""
    value = QSettings().value(IDLE_KEY, DEFAULT_IDLE_MINUTES)
    try:
        minutes = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return DEFAULT_IDLE_MINUTES
    return min(max(minutes, MIN_IDLE_MINUTES), MAX_IDLE_MINUTES)


def set_idle_minutes(minutes: int) -> None:
    """Store the idle minutes."""
    settings = QSettings()
    settings.setValue(IDLE_KEY, int(minutes))
    settings.sync()


class SettingsDialog(QDialog):
    """Edit ▸ Settings…: OK stores the values; Cancel leaves them as they were."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings — safeguard-desktop")
        self.idle = named(QSpinBox(), "Minutes without use before the vault locks")
        self.idle.setRange(MIN_IDLE_MINUTES, MAX_IDLE_MINUTES)
        self.idle.setSuffix(" min")
        self.idle.setValue(idle_minutes())
        form = QFormLayout()
        form.addRow("&Lock after", self.idle)
        note = plain_label(
            "The vault also locks when this computer's screen locks or it goes to sleep. "
            "These settings hold no record data."
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = named(buttons.button(QDialogButtonBox.StandardButton.Ok), "Save settings")
        named(buttons.button(QDialogButtonBox.StandardButton.Cancel), "Cancel")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Settings", level=2))
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.setMinimumWidth(420)
        self.idle.setFocus()

    def accept(self) -> None:
        """Store the settings, then close."""
        set_idle_minutes(self.idle.value())
        super().accept()
