"""The Governance menu: retention, holds, disposal, subject access and the disclosure log.

These are the information governance lead's tools rather than a practitioner's daily work,
so they sit in a menu of their own. Each window is opened by its own module; this one only
builds the actions, enables them with an open vault, and closes the windows when it locks,
because every one of them shows record data or its traces.
"""

from __future__ import annotations

import contextlib
import importlib
from typing import Any
from uuid import UUID

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

# (menu text, module, opener, status tip). Each opener takes the main window, opens its
# window without blocking, and returns it.
ENTRIES: tuple[tuple[str, str, str, str], ...] = (
    (
        "&Review queue…",
        "ig_review",
        "open_review_queue",
        "Files due for review: keep or dispose",
    ),
    (
        "&Holds…",
        "ig_holds",
        "open_holds",
        "Litigation, practice review and police holds: never disposed of",
    ),
    ("&Destruction log…", "ig_destruction", "open_destruction_log", "What was disposed of, under which rule, by whom"),
    ("Re&tention rules…", "ig_rules", "open_retention_rules", "The retention rules, their sources, and local changes"),
    ("&Subject access requests…", "sar_requests", "open_sar_requests", "Requests, deadlines, and disclosure bundles"),
    ("Disclosure &log…", "disclosure_log", "open_disclosure_log", "Every export, print and packet: what, to whom, why"),
)


class GovernanceActions:
    """Builds the Governance menu's actions on the main window and tracks the windows they open."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.open_windows: list[QWidget] = []
        self.actions: list[QAction] = []
        for text, module, opener, tip in ENTRIES:
            action = window._action(text, "", lambda _=False, m=module, o=opener: self.open(m, o), tip)
            self.actions.append(action)

    def open(self, module: str, opener: str) -> QWidget | None:
        """Open one governance window (raising it if one of that kind is already open)."""
        if self.window.vault is None:
            return None
        opened: QWidget = getattr(importlib.import_module(f"safeguard_desktop.gui.{module}"), opener)(self.window)
        self.open_windows = [w for w in self.open_windows if _alive(w)] + [opened]
        return opened

    def add_menu(self) -> None:
        """Add the Governance menu to the window's menu bar."""
        menu = self.window.menuBar().addMenu("&Governance")
        for action in self.actions:
            menu.addAction(action)

    def set_enabled(self, unlocked: bool) -> None:
        """Governance needs an unlocked vault."""
        for action in self.actions:
            action.setEnabled(unlocked)

    def file_disposed(self, child_id: UUID) -> None:
        """A child's file was disposed of: nothing on screen may go on showing it.

        The children list is read again (which also empties the record view if it showed
        that child), the child's chronology window closes, and the other windows re-read.
        """
        chronology = self.window.chronology
        gone = chronology.windows.pop(child_id, None)
        if gone is not None:
            gone.put_away()
        chronology.reload_all()
        self.window._apply_filter()

    def close_windows(self) -> None:
        """On lock: close every governance window; none of them keeps record data."""
        for widget in self.open_windows:
            with contextlib.suppress(RuntimeError):  # already deleted by Qt
                widget.close()
        self.open_windows = []


def _alive(widget: QWidget) -> bool:
    try:
        return widget.isVisible()
    except RuntimeError:
        return False
