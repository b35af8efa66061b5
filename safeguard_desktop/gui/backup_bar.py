"""A bar at the top of the main window when the vault has not been backed up lately."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QStyle, QWidget

from safeguard_desktop.domain.ukdates import format_date, to_uk, uk_today
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.widgets import named, plain_label

REMIND_AFTER_DAYS = 7
NEVER = "No backup has been made of this vault yet."


def backup_reminder(last: datetime | None, today: date | None = None) -> str | None:
    """The reminder to show, or None when the last backup is recent enough."""
    if last is None:
        return NEVER
    today = today or uk_today()
    made = to_uk(last).date()
    days = (today - made).days
    if days <= REMIND_AFTER_DAYS:
        return None
    return f"Your last backup was on {format_date(made)} ({days} days ago)."


class BackupBar(QFrame):
    """The reminder and a "Back up now" button; hidden when there is nothing to say."""

    backup_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Backup reminder")
        icon = plain_label(wrap=False)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation).pixmap(size, size))
        self.message = plain_label()
        self.message.setAccessibleName("Backup reminder")
        self.button = named(QPushButton("&Back up now…"), "Back up now")
        self.button.clicked.connect(self.backup_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(icon)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.button)
        self.hide()

    def show_for(self, last: datetime | None, today: date | None = None) -> None:
        """Show the reminder for a vault last backed up at `last` (or hide the bar)."""
        text = backup_reminder(last, today)
        self.message.setText(text or "")
        self.setVisible(text is not None)

    def show_for_vault(self, vault: Any) -> None:
        """Show the reminder for an open vault; hide the bar when it cannot tell."""
        try:
            last = vault.last_backup_at
        except (SafeguardError, AttributeError):
            self.hide()
            return
        self.show_for(last)

    def text(self) -> str:
        """The reminder shown, or an empty string."""
        return "" if self.isHidden() else self.message.text()
