"""The selected child's record: identifiers, the people around them, and their concerns.

Everything is built from plain-text labels (see forms.plain_label) and rebuilt from scratch
for each child, so that `clear()` on lock leaves no record data in any widget.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.concern import Concern, ordered
from safeguard_desktop.domain.people import Adult, Child, Relationship
from safeguard_desktop.domain.ukdates import format_date, format_datetime
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui import clipboard
from safeguard_desktop.gui.bodymap_combined import CombinedBodyMapDialog
from safeguard_desktop.gui.children_model import nhs_text
from safeguard_desktop.gui.concern_actions import concern_buttons, review_rows
from safeguard_desktop.gui.household import people_of
from safeguard_desktop.gui.level_of_need_view import LevelOfNeedSection
from safeguard_desktop.gui.screening_summary_view import ScreeningSummarySection
from safeguard_desktop.gui.status_meetings_view import StatusMeetingsSection
from safeguard_desktop.gui.widgets import grid_rows, heading, named, plain_label
from safeguard_desktop.screening import progress
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.store import Stored

NOT_RECORDED = "Not recorded"
EMPTY_HINT = "Choose a child from the list to see their record, or add a child with Child ▸ New child (Ctrl+N)."
PEOPLE_HEADERS = ("Name", "Relationship", "Parental responsibility", "Lives in the home", "Date of birth", "Address")
# A record view is for reading; beyond this many concerns the chronology view is the tool.
MAX_CONCERNS_SHOWN = 100


def _or_not_recorded(text: str | None) -> str:
    return text if text else NOT_RECORDED


def _yes_no(flag: bool) -> str:
    return "Yes" if flag else "No"


def with_copy(shown: QLabel, what: str, text: str) -> QWidget:
    """A value with a Copy button beside it; the copy is cleared from the clipboard later."""
    button = named(QPushButton("Copy"), f"Copy {what}", f"Copy the {what}; it is cleared from the clipboard soon after")
    button.setObjectName(f"copy {what}")
    button.clicked.connect(lambda: clipboard.copy_text(text))
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    # A wrapping label beside a stretch shrinks to its narrowest; keep the value on one line
    # while it fits (a long double-barrelled name broke after its hyphen).
    shown.setMinimumWidth(min(shown.fontMetrics().horizontalAdvance(text) + 8, 640))
    layout.addWidget(shown)
    layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
    layout.addStretch(1)
    return row


class ChildRecordView(QScrollArea):
    """A read-only view of one child, rebuilt whenever the selection changes."""

    # Buttons in the record ask the window to open a form; the window owns forms and their guards.
    status_change_requested = Signal()
    meeting_requested = Signal()
    end_period_requested = Signal(object)
    chronology_requested = Signal()
    level_of_need_requested = Signal()
    screenings_requested = Signal()
    visit_mode_requested = Signal()
    referrals_requested = Signal()
    refer_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setAccessibleName("Child's record")
        self.body_map_dialog: CombinedBodyMapDialog | None = None
        self.clear()

    def clear(self) -> None:
        """Drop every widget that held record data and show the empty hint."""
        self._shown: tuple[Vault, Stored[Child]] | None = None  # what the concern buttons act on
        if getattr(self, "body_map_dialog", None) is not None:
            self.body_map_dialog.close()  # it shows record data too; a lock must take it away
        page = QWidget()
        layout = QVBoxLayout(page)
        hint = plain_label(EMPTY_HINT)
        hint.setAccessibleName("No child chosen")
        layout.addWidget(hint)
        layout.addStretch(1)
        self._replace(page)

    def _replace(self, page: QWidget) -> None:
        old = self.takeWidget()
        if old is not None:
            old.hide()
            old.deleteLater()
        self.setWidget(page)

    def show_child(self, vault: Vault, stored: Stored[Child]) -> None:
        """Show one child's record, read fresh from the vault."""
        self._shown = (vault, stored)
        child = stored.data
        page = QWidget()
        layout = QVBoxLayout(page)
        title = heading(child.title())
        title.setObjectName("childName")
        title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(with_copy(title, "name", child.title()))
        chronology = named(QPushButton("Chronology…"), "Open chronology", "Open this child's chronology (Ctrl+Shift+H)")
        chronology.clicked.connect(self.chronology_requested)
        body_map = named(
            QPushButton("Body map…"), "Combined body map", "Every mark from this child's concerns on one body map"
        )
        body_map.clicked.connect(lambda: self.open_body_map(vault, stored))
        level_of_need = named(
            QPushButton("Level of need…"),
            "Consider the level of need",
            "Tick indicators from the threshold guide and record your decision on this child's level of need",
        )
        level_of_need.clicked.connect(self.level_of_need_requested)
        screenings = named(
            QPushButton("Screenings…"),
            "Neglect screenings",
            "Start, resume, correct or compare this child's neglect screenings",
        )
        screenings.clicked.connect(self.screenings_requested)
        visit = named(
            QPushButton("Visit mode…"),
            "Visit mode",
            "Show this child's family only, for a home visit (Ctrl+Shift+V); leaving asks for your passphrase",
        )
        visit.clicked.connect(self.visit_mode_requested)
        referrals = named(
            QPushButton("Referrals…"),
            "Referrals and consultations",
            "This child's MASH referrals and LCSS consultations: drafts, sent, decisions due and outcomes",
        )
        referrals.clicked.connect(self.referrals_requested)
        refer = named(
            QPushButton("Refer or consult…"),
            "Refer or consult",
            "Start a MASH referral or an LCSS consultation for this child, or continue one in progress",
        )
        refer.setObjectName("referButton")
        refer.clicked.connect(self.refer_requested)
        actions = QHBoxLayout()
        actions.addWidget(chronology)
        actions.addWidget(body_map)
        actions.addWidget(level_of_need)
        actions.addWidget(screenings)
        actions.addStretch(1)
        layout.addLayout(actions)
        # Two rows: five buttons in one still ran off the record at 150% on a 1366×768 screen.
        referral_actions = QHBoxLayout()
        referral_actions.addWidget(refer)
        referral_actions.addWidget(referrals)
        referral_actions.addWidget(visit)
        referral_actions.addStretch(1)
        layout.addLayout(referral_actions)
        for first, second in ((screenings, refer), (refer, referrals), (referrals, visit)):
            QWidget.setTabOrder(first, second)  # Tab follows the rows, not the order they were made in
        layout.addWidget(LevelOfNeedSection(vault, stored, lambda: self._reshow(vault, stored)))
        if vault.screenings.count(linked_to=stored.record_id) or progress.unfinished(vault, stored.record_id):
            layout.addWidget(ScreeningSummarySection(vault, stored))
        status = StatusMeetingsSection(vault, stored)
        status.status_change_requested.connect(self.status_change_requested)
        status.meeting_requested.connect(self.meeting_requested)
        status.end_period_requested.connect(self.end_period_requested)
        layout.addWidget(status)
        layout.addWidget(self._identifiers(child))
        layout.addWidget(self._people(people_of(vault, stored.record_id)))
        total = vault.concerns.count(linked_to=stored.record_id)
        concerns = vault.concerns.list(linked_to=stored.record_id, limit=MAX_CONCERNS_SHOWN)
        layout.addWidget(self._concerns(stored, concerns, total))
        layout.addStretch(1)
        self._replace(page)

    def open_body_map(self, vault: Vault, stored: Stored[Child]) -> CombinedBodyMapDialog:
        """Show every mark from the child's concerns, newer ones stronger, with save and print."""
        if self.body_map_dialog is not None:
            self.body_map_dialog.close()
        dialog = CombinedBodyMapDialog.from_vault(vault, stored.record_id, stored.data.title(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _=None: setattr(self, "body_map_dialog", None))
        self.body_map_dialog = dialog
        dialog.open()
        return dialog

    # -- sections --------------------------------------------------------------------------

    def _identifiers(self, child: Child) -> QGroupBox:
        box = QGroupBox("Identifiers")
        form = QFormLayout(box)
        if child.is_unborn() and child.expected_delivery is not None:
            form.addRow("Expected delivery", plain_label(format_date(child.expected_delivery)))
        else:
            dob = format_date(child.date_of_birth) if child.date_of_birth else None
            form.addRow("Date of birth", plain_label(_or_not_recorded(dob), selectable=True))
        if child.age_status != "known":
            note = f"Age {child.age_status}"
            if child.assessed_age_note:
                note += f": {child.assessed_age_note}"
            form.addRow("Age", plain_label(note))
        rows: list[tuple[str, str | None]] = [
            ("Other names", ", ".join(child.other_names)),
            ("NHS number", nhs_text(child.nhs_number)),
            ("UPN", child.upn),
            ("Gender", child.gender),
            ("Ethnicity", child.ethnicity),
            ("Religion", child.religion),
            ("First language", child.first_language),
            ("Interpreter needed", _yes_no(child.interpreter_needed)),
            ("Disability or SEND", child.disability_send),
            ("Address", child.address.one_line() if child.address else None),
            ("GP", child.gp),
            ("School or setting", child.school_or_setting),
        ]
        copyable = {"NHS number": child.nhs_number, "UPN": child.upn}
        for label, value in rows:
            shown = plain_label(_or_not_recorded(value), selectable=True)
            shown.setAccessibleName(label)
            raw = copyable.get(label)
            form.addRow(label, with_copy(shown, label, raw) if raw else shown)
        return box

    def _people(self, people: list[tuple[Stored[Relationship], Stored[Adult]]]) -> QGroupBox:
        box = QGroupBox(f"People and relationships ({len(people)})")
        layout = QVBoxLayout(box)
        if not people:
            layout.addWidget(
                plain_label(
                    "No adults recorded yet. Add both parents, and any other adult in the home, "
                    "with Child ▸ Add person."
                )
            )
            return box
        # A grid of labels rather than a table: it grows with the page and wraps long
        # addresses, so the record scrolls as one page with no box-in-a-box scroll bars.
        grid_host = QWidget()
        grid_host.setObjectName("people")
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        for column, text in enumerate(PEOPLE_HEADERS):
            header = plain_label(text)  # wraps: six headers in one line ran off the record at 150%
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            grid.addWidget(header, 0, column)
        for row, (rel, adult) in enumerate(people, start=1):
            a = adult.data
            cells = [
                a.title() + (f" (also known as {', '.join(a.aliases)})" if a.aliases else ""),
                rel.data.relationship.label(),
                _yes_no(rel.data.parental_responsibility),
                _yes_no(rel.data.lives_in_home),
                format_date(a.date_of_birth) if a.date_of_birth else "",
                a.current_address.one_line() if a.current_address else "",
            ]
            for column, text in enumerate(cells):
                cell = plain_label(text, selectable=True)
                cell.setAccessibleName(f"{PEOPLE_HEADERS[column]}, row {row}")
                grid.addWidget(cell, row, column, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(len(PEOPLE_HEADERS) - 1, 1)
        layout.addWidget(grid_host)
        return box

    def people_rows(self) -> list[list[str]]:
        """The people shown, as rows of text (header excluded)."""
        return grid_rows(self.findChild(QWidget, "people"))

    def _concerns(self, child: Stored[Child], concerns: list[Stored[Concern]], total: int) -> QGroupBox:
        box = QGroupBox(f"Concerns ({total})")
        layout = QVBoxLayout(box)
        if not concerns:
            layout.addWidget(plain_label("No concerns recorded for this child."))
            return box
        if total > len(concerns):
            layout.addWidget(plain_label(f"Showing the newest {len(concerns)} of {total}."))
        for stored in concerns:  # the repository returns the newest first
            layout.addWidget(self._concern(child, stored))
        return box

    def _concern(self, child: Stored[Child], stored: Stored[Concern]) -> QFrame:
        concern = stored.data
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame.setObjectName("concern")
        layout = QVBoxLayout(frame)
        title = heading(f"{concern.happened.display()} — {', '.join(concern.category_labels())}", level=2)
        layout.addWidget(title)
        form = QFormLayout()
        roles = next((c.roles for c in concern.children if c.child_id == child.record_id), None)
        rows: list[tuple[str, str]] = [
            ("Status", concern.status.label()),
            ("This child's role", ", ".join(r.label() for r in ordered(roles)) if roles else ""),
            ("Recorded", f"{format_datetime(stored.recorded_at)} by {concern.recorded_by.one_line()}"),
            ("Reported by", concern.reported_by),
            ("What happened", concern.account),
            ("The child's own words (verbatim)", concern.child_words),
            ("Action taken", concern.action_taken),
            (
                "Who was informed",
                "\n".join(
                    " — ".join(
                        p
                        for p in (
                            i.party.label(),
                            i.name,
                            format_datetime(i.when) if i.when else "",
                            i.note,
                        )
                        if p
                    )
                    for i in concern.informed
                ),
            ),
        ]
        if len(concern.children) > 1:
            rows.insert(2, ("Children involved", f"{len(concern.children)} children"))
        rows += review_rows(concern)
        for label, value in rows:
            if not value:
                continue
            shown = plain_label(value, selectable=True)
            shown.setAccessibleName(label)
            form.addRow(label, shown)
        layout.addLayout(form)
        if self._shown is not None:
            vault, shown_child = self._shown
            layout.addWidget(concern_buttons(self, vault, stored, lambda: self._reshow(vault, shown_child)))
        return frame

    def _reshow(self, vault: Vault, child: Stored[Child]) -> None:
        """Show the child again after a concern was corrected, reviewed or withdrawn."""
        try:
            self.show_child(vault, vault.children.get(child.record_id))
        except SafeguardError:
            self.clear()
