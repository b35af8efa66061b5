"""The page visit mode shows: the family's children as large buttons, one child's screenings
and a screening's profile chart. Built afresh for each child and emptied on lock, so no
widget keeps record data after it is gone from view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.people import Child
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.household import RelatedChild
from safeguard_desktop.gui.screening_actions import ScreeningActions
from safeguard_desktop.gui.screening_chart import ProfileView
from safeguard_desktop.gui.screening_list import ScreeningListDialog
from safeguard_desktop.gui.widgets import ErrorLabel, fit_to_screen, heading, named, plain_label
from safeguard_desktop.vault.store import Stored

if TYPE_CHECKING:
    from safeguard_desktop.gui.visit_mode import VisitMode

TARGET = 48  # pixels: a comfortable target for a finger
NOT_HERE = "The family this visit was about is not in this vault. Leave visit mode to see the caseload."


CHOOSER_NOTE = (
    "Visit mode shows only the children ticked here, and nobody else, until you leave it with your "
    "passphrase. Ticked to start with: the children who live in the same home, sharing a parent or "
    "a parent's partner. Tick anyone else only if this visit is about them too."
)


def _big(button: QPushButton) -> QPushButton:
    button.setMinimumHeight(TARGET)
    button.setMinimumWidth(TARGET * 2)
    return button


def button_text(text: str) -> str:
    """A name as a button's text: an ampersand in it is shown, not taken as a shortcut key."""
    return text.replace("&", "&&")


class FamilyChooser(QDialog):
    """Before visit mode starts: which of the children linked to this child the visit is about."""

    def __init__(self, child: Stored[Child], related: list[RelatedChild], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.child = child
        self.setWindowTitle("Visit mode — safeguard-desktop")
        self.setAccessibleName("Who is in this family")
        note = plain_label(CHOOSER_NOTE)
        note.setAccessibleName("How visit mode chooses the family")
        first = named(
            QCheckBox(button_text(f"{child.data.title()} (the child chosen)")),
            f"{child.data.title()}, the child chosen",
            "Always shown in visit mode",
        )
        first.setChecked(True)
        first.setEnabled(False)
        self.checks: dict[UUID, QCheckBox] = {}
        rows = QVBoxLayout()
        first.setMinimumHeight(TARGET)
        rows.addWidget(first)
        for other in related:
            name = other.child.data.title()
            why = (
                "Lives in the same home"
                if other.same_home
                else "Not recorded in the same home; linked through: " + ", ".join(other.through).lower()
            )
            # Two lines, so a long name and its reason fit a small screen without scrolling sideways.
            check = named(QCheckBox(button_text(f"{name}\n{why}")), name, why)
            check.setMinimumHeight(TARGET)
            check.setChecked(other.same_home)
            rows.addWidget(check)
            self.checks[other.child.record_id] = check
        rows.addStretch(1)
        host = QWidget()
        host.setLayout(rows)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(host)
        scroll.setAccessibleName("Children linked to this child")
        self.enter_button = _big(named(QPushButton("&Enter visit mode"), "Enter visit mode"))
        self.enter_button.setDefault(True)
        self.cancel_button = _big(named(QPushButton("Cancel"), "Cancel"))
        self.enter_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.enter_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Who is this visit about?"))
        layout.addWidget(note)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 720, 520)
        (next(iter(self.checks.values())) if self.checks else self.enter_button).setFocus()

    def chosen_ids(self) -> list[UUID]:
        """The child chosen first, then those ticked, in the order listed."""
        return [self.child.record_id, *(rid for rid, check in self.checks.items() if check.isChecked())]


class FamilyPanel(QWidget):
    """One child of the family: their screenings on the left, a screening's profile on the right."""

    def __init__(self, visit: VisitMode, child: Stored[Child]) -> None:
        super().__init__()
        self.visit = visit
        self.child = child
        vault = visit.main.vault
        self.screenings = ScreeningListDialog(vault, child, self)
        # The list is a dialog elsewhere; here it is part of the page, with no Close of its own.
        self.screenings.setWindowFlags(Qt.WindowType.Widget)
        for box in self.screenings.findChildren(QDialogButtonBox):
            box.hide()
        self.screenings.finished.connect(self._list_closed)
        self.screenings.form_requested.connect(visit.open_form)
        self.screenings.record_requested.connect(self.open_screening)
        self.screenings.compare_requested.connect(visit.open_comparison)
        self.profile_title = heading("", level=2)
        self.profile_title.setAccessibleName("Screening shown")
        self.profile = ProfileView()
        # Printing the family's summary for the parents is what a visit needs most: the same
        # actions as the screening's own window, for the screening shown here.
        self.status = plain_label()
        self.status.setAccessibleName("Status")
        self.actions = ScreeningActions(self, vault, None, visit.page.error, self.status, visiting=True)
        actions_row = QHBoxLayout()
        for button in self.actions.buttons():
            actions_row.addWidget(button)
        actions_row.addStretch(1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.profile_title)
        right_layout.addLayout(actions_row)
        right_layout.addWidget(self.status)
        right_layout.addWidget(self.profile, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(right)
        scroll.setAccessibleName("Screening profile")
        # Tabs rather than side by side: on a 1366×768 screen at 125% each needs the full width.
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Screenings and profile")
        self.tabs.setStyleSheet("QTabBar::tab { min-height: 48px; padding: 0 18px; }")
        self.tabs.addTab(self.screenings, "Screenings")
        self.tabs.addTab(scroll, "Profile chart")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.show_latest()

    def _list_closed(self, _result: int) -> None:
        # The list closes itself when it hands a form to the window; on this page it stays.
        self.screenings.setVisible(True)

    def reload(self) -> None:
        """Read the child's screenings again (after a form closed or signed off)."""
        self.screenings.reload()
        self.show_latest()

    def show_latest(self) -> None:
        """Show the newest signed-off screening's profile, if there is one."""
        vault = self.visit.main.vault
        try:
            signed = [s for s in vault.screenings.list(linked_to=self.child.record_id, limit=1)]
        except SafeguardError as exc:
            self.visit.page.error.show_error(exc.message)
            return
        if signed:
            self.show_screening(signed[0].record_id)
        else:
            self.profile_title.setText("No signed-off screening yet")
            self.profile.set_screening(None)
            self.actions.set_record(None)

    def show_screening(self, record_id: object) -> None:
        """Show one signed-off screening's profile chart and table."""
        vault = self.visit.main.vault
        if vault is None or not isinstance(record_id, UUID):
            return
        try:
            self.actions.set_record(record_id)
        except SafeguardError as exc:
            self.visit.page.error.show_error(exc.message)
            return
        screening = self.actions.screening
        self.profile.pack = self.actions.pack
        self.profile_title.setText(f"Profile: {screening.title()}")
        self.profile.set_screening(screening)

    def open_screening(self, record_id: object) -> None:
        """The list's Open: show that screening's profile on its tab."""
        self.show_screening(record_id)
        self.tabs.setCurrentIndex(1)


class VisitPage(QWidget):
    """The page the window shows in visit mode: the family's children, one at a time."""

    def __init__(self, visit: VisitMode) -> None:
        super().__init__()
        self.visit = visit
        self.setAccessibleName("Visit mode")
        self.title = heading("Visit mode: this family only")
        self.lock_button = _big(named(QPushButton("&Lock"), "Lock", "Lock the vault; unlocking returns to this family"))
        self.leave_button = _big(
            named(QPushButton("Leave &visit mode…"), "Leave visit mode", "Asks for your passphrase")
        )
        self.lock_button.clicked.connect(lambda: visit.main.lock())
        self.leave_button.clicked.connect(visit.ask_to_leave)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.lock_button)
        top.addWidget(self.leave_button)
        self.children_row = QHBoxLayout()
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.error = ErrorLabel()
        self.body = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.children_row)
        layout.addWidget(self.error)
        layout.addLayout(self.body, 1)
        self.panel: FamilyPanel | None = None
        self.child_buttons: dict[UUID, QPushButton] = {}

    def clear(self) -> None:
        """Drop every widget that showed record data."""
        self.error.clear()
        for button in list(self.child_buttons.values()):
            self.group.removeButton(button)
            button.hide()
            button.deleteLater()
        self.child_buttons = {}
        while self.children_row.count():  # the stretch after the buttons too
            self.children_row.takeAt(0)
        if self.panel is not None:
            self.panel.actions.put_away()
            self.panel.hide()
            self.panel.deleteLater()
            self.panel = None

    def show_family(self, family: list[Stored[Child]], chosen: UUID) -> None:
        """A big button per child of the family; the chosen child's screenings below."""
        self.clear()
        if not family:
            self.error.show_error(NOT_HERE)
            return
        for child in family:
            button = _big(named(QPushButton(button_text(child.data.title())), f"Show {child.data.title()}"))
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, c=child: self.choose(c))
            self.group.addButton(button)
            self.children_row.addWidget(button)
            button.show()  # a widget added to a shown layout would otherwise appear only later
            self.child_buttons[child.record_id] = button
        self.children_row.addStretch(1)
        self.choose(next((c for c in family if c.record_id == chosen), family[0]))

    def choose(self, child: Stored[Child]) -> None:
        """Show one child of the family."""
        self.child_buttons[child.record_id].setChecked(True)
        if self.panel is not None:
            self.panel.actions.put_away()
            self.panel.hide()
            self.panel.deleteLater()
        self.error.clear()
        self.panel = FamilyPanel(self.visit, child)
        self.body.addWidget(self.panel)
        self.panel.show()
