"""The main window's actions for what the vault holds besides records: the threshold guide,
its editions, screening packs, and the practitioner's signing and encryption certificates.

They open and close with the vault like the rest; keeping them here keeps the main window
to laying out its own actions.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, QKeySequence

from safeguard_desktop.gui.guide_editions import open_editions
from safeguard_desktop.gui.guide_window import open_guide
from safeguard_desktop.gui.screening_packs import open_screening_packs
from safeguard_desktop.gui.signing_dialog import open_signing


class ContentActions:
    """Builds the four actions on the window (as `guide_action`, `editions_action`, …)."""

    def __init__(self, window: Any) -> None:
        make = window._action
        self.guide = make(
            "Threshold &guide", "F1", lambda: open_guide(window), "Read the threshold guide: levels, indicators, routes"
        )
        self.guide.setShortcuts([QKeySequence("F1"), QKeySequence("Ctrl+Shift+G")])
        self.editions = make(
            "Guide &editions…",
            "",
            lambda: open_editions(window),
            "The threshold guide's editions, and installing a signed update from the partnership",
        )
        self.screening_packs = make(
            "Screening pac&ks…",
            "",
            lambda: open_screening_packs(window),
            "The screening packs new screenings use, and importing an organisation's own pack",
        )
        self.signing = make(
            "Si&gning and encryption…",
            "",
            lambda: open_signing(window),
            "Your signing certificate and its fingerprint, and the teams' certificates packets are encrypted to",
        )
        window.guide_action, window.editions_action = self.guide, self.editions
        window.screening_packs_action, window.signing_action = self.screening_packs, self.signing

    @property
    def actions(self) -> tuple[QAction, ...]:
        """Every action here, to enable with an open vault and disable when locked."""
        return (self.guide, self.editions, self.screening_packs, self.signing)
