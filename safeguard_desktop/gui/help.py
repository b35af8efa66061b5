"""In-app help: a page per screen (Help ▸ How this app works…) and "What's this?" texts.

The pages live in resources/help/screens.md, one "# Title" section each, and are shown as
plain text. The "What's this?" texts are short and fixed; Shift+F1 then a click on a field
shows them (F1 stays with the threshold guide).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWhatsThis,
    QWidget,
)

from safeguard_desktop import __version__
from safeguard_desktop.assets import resource
from safeguard_desktop.gui.widgets import fit_to_screen, named

if TYPE_CHECKING:
    from safeguard_desktop.gui.main_window import MainWindow

WHATS_THIS: dict[str, str] = {
    "significance": (
        "Significance: how much this event matters to the child's story. Mark the events a reader "
        "must not miss as high; the chronology can then be filtered to show only those."
    ),
    "precision": (
        "How precisely the date is known: to the minute, the day, the month or only the year. "
        "Choose the precision you really know; never make up a day to fill the box."
    ),
    "approximate": (
        "Approximate: tick this when even the date you entered is a guess, for example "
        '"around Easter" entered as April. The record and the chronology show it as approximate.'
    ),
    "area_grade": (
        "The grade for this area as a whole, from 1 (the child's needs are met well) to 5 (not met). "
        "It is your judgement from the evidence, not an average of the sub-area grades."
    ),
    "spread": (
        "The spread shows how many sub-areas you graded 1, 2, 3, 4 and 5. Use it as a check on the "
        "area grade: a grade far from the spread needs a reason in the rationale."
    ),
    "period_observed": (
        "Period observed: the dates your grades are based on. Grade what you saw in this period, "
        "not what you have heard happened before it."
    ),
    "threshold_level": (
        "The level of need from the local threshold guide that the child's needs meet, from "
        "universal services to specialist (statutory) help. Press F1 to read each level."
    ),
    "consent": (
        "Consent position: whether the family agreed to this step. Without consent you may still "
        "act where a child is at risk of significant harm; record why."
    ),
    "safe_tonight": (
        "Safe tonight: whether you believe the child will be safe where they sleep tonight. If not, "
        "or if you do not know, phone the front door team now as well as sending the referral."
    ),
    "not_known": (
        'Not known: choose this when you do not know the answer. A plain "not known" is more '
        "useful to the receiving team than a guess."
    ),
    "fingerprint": (
        "The fingerprint is a short code that belongs to the certificate the packet is signed with. "
        "Read it to the receiving team by phone: if theirs matches, the packet came from you and "
        "nobody has changed it on the way."
    ),
    "guide_edition": (
        "The edition of the threshold guide this decision used. Guides are revised; a decision "
        "keeps the edition it was made under so it can be read as it was meant."
    ),
}


def whats_this(key: str) -> str:
    """The fixed "What's this?" text for a kind of field (KeyError for an unknown key)."""
    return WHATS_THIS[key]


@cache
def help_pages() -> tuple[tuple[str, str], ...]:
    """(title, body) for each screen, from resources/help/screens.md in file order."""
    text = resource("help", "screens.md").read_text(encoding="utf-8")
    pages: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if line.startswith("# "):
            pages.append((line[2:].strip(), []))
        elif pages:
            pages[-1][1].append(line)
    return tuple((title, "\n".join(body).strip()) for title, body in pages)


class HelpWindow(QDialog):
    """A page per screen: the list of screens on the left, the chosen page on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("How this app works — safeguard-desktop")
        self.pages = help_pages()
        self.contents = named(QListWidget(), "Help pages")
        self.contents.addItems([title for title, _ in self.pages])
        self.text = named(QPlainTextEdit(), "Help text")
        self.text.setReadOnly(True)  # plain text: nothing here is ever read as markup
        self.contents.currentRowChanged.connect(self.show_page)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        body = QHBoxLayout()
        body.addWidget(self.contents, 1)
        body.addWidget(self.text, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.contents.setCurrentRow(0)
        fit_to_screen(self, 760, 480)

    def show_page(self, row: int) -> None:
        """Show the page at `row` of the contents."""
        if 0 <= row < len(self.pages):
            self.text.setPlainText(self.pages[row][1])

    def show_title(self, title: str) -> None:
        """Open at the page with this title."""
        titles = [t for t, _ in self.pages]
        self.contents.setCurrentRow(titles.index(title))


class HelpMenu:
    """The main window's Help menu: How this app works…, What's this?, the guide, About."""

    def __init__(self, main: MainWindow) -> None:
        self.main = main
        self.window: HelpWindow | None = None
        self.how_action = QAction("&How this app works…", main)
        self.how_action.setStatusTip("A short guide to each screen")
        self.how_action.triggered.connect(self.open_guide)
        self.whats_this_action = QAction("&What's this?", main)
        self.whats_this_action.setShortcut(QKeySequence("Shift+F1"))
        self.whats_this_action.setStatusTip("Then click a field to read what it means")
        self.whats_this_action.triggered.connect(QWhatsThis.enterWhatsThisMode)
        self.about_action = QAction("&About safeguard-desktop", main)
        self.about_action.triggered.connect(self.about)
        main.addAction(self.whats_this_action)
        menu = main.menuBar().addMenu("&Help")
        menu.addAction(self.how_action)
        menu.addAction(self.whats_this_action)
        menu.addAction(main.guide_action)
        menu.addSeparator()
        menu.addAction(self.about_action)
        self.menu = menu

    def open_guide(self) -> HelpWindow:
        """Show the help window (one at a time), raised if already open."""
        if self.window is None:
            self.window = HelpWindow(self.main)
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        return self.window

    def about(self) -> None:
        QMessageBox.about(
            self.main,
            "About safeguard-desktop",
            f"safeguard-desktop {__version__}\n\nOffline safeguarding records, kept encrypted on this computer.",
        )
