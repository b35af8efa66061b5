"""A signed-off screening on a screen of its own: who, when and where, the profile, each area's
grade with its rationale and the spread of its sub-area grades, and the family's words.

From here it leaves the app as a PDF (Save PDF…, Print…, both logged), as a short text for the
health record, or as a summary in plain words for the family; History… shows every version and
Correct… opens it as a new version. Opened through the main window's `open_form`, so a lock
closes it. Everything shown is plain text: typed evidence or strengths never render as markup.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from safeguard_desktop.domain.ukdates import format_date, format_datetime
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.record_detail import RecordDetailDialog
from safeguard_desktop.gui.screening_actions import ScreeningActions, touch_button
from safeguard_desktop.gui.screening_chart import SCALE_TEXT, ProfileView, spread_text
from safeguard_desktop.gui.screening_list import correction_work, open_screening_form
from safeguard_desktop.gui.widgets import ErrorLabel, fit_to_screen, heading, named, plain_label
from safeguard_desktop.screening.record import Screening

NO_PACK = (
    "This screening used {citation}, which this app does not hold. Its grades are shown as numbers, "
    "without the pack's words for what each grade means."
)


def _label(text: str, name: str) -> QLabel:
    label = plain_label(text, selectable=True)
    label.setAccessibleName(name)
    return label


def _section(text: str) -> QLabel:
    """A level-2 heading with space above it, so each part reads as a block."""
    label = heading(text, level=2)
    label.setContentsMargins(0, 10, 0, 0)
    return label


def _grade_label(actions: ScreeningActions, grade: int) -> str:
    return f" ({actions.pack.meaning(grade).label})" if actions.pack is not None else ""


def header_rows(actions: ScreeningActions) -> list[tuple[str, str]]:
    """The header's label and text pairs, in reading order."""
    s = actions.screening
    carer = s.carer_name + (f" ({s.carer_relationship})" if s.carer_relationship else "")
    signed = format_datetime(s.signed_off_at)
    rows = [
        ("Child", actions.child_name),
        ("Period observed", s.period_text()),
        ("Carer", carer),
        ("Place", s.place),
        ("Practitioner", s.practitioner.one_line()),
        ("Pack", f"{s.pack.tool}: {s.pack.citation()}"),
        ("Version", f"Version {actions.stored.seq} of {len(actions.versions)}"),
        ("Signed off", signed),
        ("Review by", format_date(s.review_by) if s.review_by is not None else "Not set"),
    ]
    reason = actions.correction_reason()
    if reason:
        rows.insert(7, ("Reason for this version", reason))
    if actions.stored.withdrawn:
        rows.append(("Withdrawn", f"Withdrawn in error: {actions.stored.reason or 'no reason recorded'}"))
    return rows


def area_widgets(actions: ScreeningActions, screening: Screening) -> list[QWidget]:
    """Each area: its grade with the rationale and the spread beside it, then its sub-areas' evidence."""
    widgets: list[QWidget] = []
    for area in screening.areas:
        title = _section(f"{area.area_name}: grade {area.grade}{_grade_label(actions, area.grade)}")
        title.setAccessibleName(f"{area.area_name} grade")
        widgets.append(title)
        spread = spread_text(screening, area.area_id) or "none"
        widgets.append(
            _label(f"Sub-area grades: {spread}. The area grade is a judgement, not an average.", "Sub-area grades")
        )
        widgets.append(_label(f"Rationale: {area.rationale}", f"{area.area_name} rationale"))
        for sub in screening.sub_areas:
            if sub.area_id == area.area_id:
                grade = f"grade {sub.grade}{_grade_label(actions, sub.grade)}"
                text = f"{sub.sub_area_name}: {grade}. Evidence: {sub.evidence}"
                label = _label(text, f"{sub.sub_area_name} evidence")
                label.setIndent(24)
                widgets.append(label)
    return widgets


class ScreeningWindow(QDialog):
    """One signed-off screening, read-only, with what can be done with it.

    Signals: `form_requested(InProgress, ScreeningPack)` for Correct… (the window that opens
    forms opens it), `changed()` after the record was withdrawn from History….
    """

    form_requested = Signal(object, object)
    changed = Signal()

    def __init__(self, vault: Any, record_id: UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault: Any = vault
        self.record_id = record_id
        self.history_dialog: RecordDetailDialog | None = None
        self.setWindowTitle("Neglect screening — safeguard-desktop")
        self.setAccessibleName("Neglect screening")
        self.error = ErrorLabel()
        self.status = plain_label()
        self.status.setAccessibleName("Status")
        self.actions = ScreeningActions(self, vault, record_id, self.error, self.status)  # SafeguardError if gone
        self.title = heading("")
        self.title.setAccessibleName("Screening")
        self.body = QScrollArea()
        self.body.setWidgetResizable(True)
        self.body.setAccessibleName("The screening")
        self.history_button = touch_button("&History…", "History", "Every version of this screening", self.history)
        self.correct_button = touch_button(
            "C&orrect…", "Correct", "Opens it as a new version; a reason is asked when signing off", self.correct
        )
        self.close_button = touch_button("Close", "Close", "Close the screening", self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.actions.save_pdf)
        QShortcut(QKeySequence.StandardKey.Print, self, self.actions.print_)
        # One row, so that a 1366×768 screen at 125% keeps its height for the screening itself.
        buttons = QHBoxLayout()
        for button in [*self.actions.buttons(), self.history_button, self.correct_button]:
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        fit_to_screen(self, 1000, 760)
        self.show_screening()

    def show_screening(self) -> None:
        """Build the page from the screening as read."""
        a = self.actions
        s = a.screening
        self.title.setText(f"Neglect screening: {a.child_name}" + (" (withdrawn)" if a.stored.withdrawn else ""))
        self.correct_button.setEnabled(not a.stored.withdrawn)
        page = QWidget()
        layout = QVBoxLayout(page)
        form = QFormLayout()
        for label, text in header_rows(a):
            form.addRow(plain_label(label, wrap=False), _label(text, label))
        layout.addLayout(form)
        if a.pack is None:
            self.pack_note: QLabel | None = _label(NO_PACK.format(citation=s.pack.citation()), "About the pack")
            layout.addWidget(self.pack_note)
        else:
            self.pack_note = None
        layout.addWidget(_section("Profile"))
        self.profile = ProfileView(pack=a.pack)
        self.profile.set_screening(s)
        layout.addWidget(self.profile)
        layout.addWidget(_section("Grades, rationale and evidence"))
        layout.addWidget(_label(f"{SCALE_TEXT}.", "How to read the grades"))
        for widget in area_widgets(a, s):
            layout.addWidget(widget)
        for title, text in (
            ("Strengths", s.strengths),
            ("Parents' views", s.parents_views),
            ("The child's view", s.child_view),
            ("Summary for the family, in the practitioner's words", s.family_summary),
        ):
            layout.addWidget(_section(title))
            layout.addWidget(_label(text or "Not recorded.", title))
        layout.addStretch(1)
        old = self.body.takeWidget()
        if old is not None:
            old.deleteLater()
        self.body.setWidget(page)

    def reload(self) -> None:
        """Read the screening again (after a withdrawal from History…)."""
        self.error.clear()
        try:
            self.actions.load()
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        self.show_screening()

    def texts(self) -> list[str]:
        """Every label's text on the page, in order (what a reader sees)."""
        page = self.body.widget()
        return [label.text() for label in page.findChildren(QLabel)] if page is not None else []

    # -- acting ----------------------------------------------------------------------------

    def history(self) -> RecordDetailDialog | None:
        """Every version and what each changed, on the record window's History tab."""
        try:
            dialog = RecordDetailDialog(self.vault, self.record_id, Screening.KIND, self)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return None
        dialog.tabs.setCurrentIndex(1)
        dialog.changed.connect(self.reload)
        dialog.changed.connect(self.changed.emit)
        self.history_dialog = named(dialog, "History of the screening")
        dialog.open()
        return dialog

    def correct(self) -> None:
        """Open the screening as a new version (resuming a correction left unfinished)."""
        self.error.clear()
        try:
            work, pack = correction_work(self.vault, self.record_id)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        self.form_requested.emit(work, pack)
        # The form takes the window's place; this one would show the old version behind it.
        self.accept()

    def done(self, result: int) -> None:
        """Closing (or a lock) takes the family summary and the history with it."""
        self.actions.close_dialogs()
        if self.history_dialog is not None:
            try:
                self.history_dialog.done(QDialog.DialogCode.Rejected)
            except RuntimeError:  # already deleted by Qt
                pass
            self.history_dialog = None
        super().done(result)


def open_screening_window(window: Any, record_id: UUID) -> ScreeningWindow | None:
    """Open a screening over the main window through `open_form`, so that a lock closes it."""
    if window.vault is None:
        return None
    try:
        dialog = ScreeningWindow(window.vault, record_id, window)
    except SafeguardError as exc:
        window.error.show_error(exc.message)
        return None
    dialog.form_requested.connect(lambda work, pack: open_screening_form(window, work, pack))
    dialog.changed.connect(window.refresh_child)
    chronology = getattr(window, "chronology", None)
    if chronology is not None:
        dialog.changed.connect(chronology.reload_all)
    window.open_form(dialog)
    return dialog
