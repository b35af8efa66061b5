"""The screening form's pages: about the screening, one per area, and the family's views.

Each input is registered under a field key (``carer``, ``grade:nutrition``,
``evidence:nutrition``, ``area:physical``, ``rationale:physical``…) so that the form can save
where the practitioner was and put them back there. Everything a person typed is shown in
inputs or plain labels, never as markup.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.domain.ukdates import format_date, parse_date, uk_today
from safeguard_desktop.errors import RecordNotFound
from safeguard_desktop.gui.forms import date_edit
from safeguard_desktop.gui.help import whats_this
from safeguard_desktop.gui.household import people_of
from safeguard_desktop.gui.screening_grades import MIN_TARGET, GradeButtons
from safeguard_desktop.gui.widgets import Field, heading, named, plain_label, text_edit
from safeguard_desktop.screening.chart import spread
from safeguard_desktop.screening.pack import Area, ScreeningPack, SubArea
from safeguard_desktop.screening.progress import InProgress
from safeguard_desktop.vault.session import Vault

PLACES = ("Family home", "Health clinic", "Children's centre", "Nursery or school", "A relative's home")
AREA_NOTE = (
    "Your grade for the area as a whole is your judgement from the evidence. The spread of the "
    "sub-area grades is shown to help; it is never averaged into the area's grade."
)

FieldWidget = QWidget  # a QLineEdit, QPlainTextEdit, QComboBox or GradeButtons


def scrolling(page: QWidget, name: str) -> QScrollArea:
    """A section that scrolls on a short screen; focus moving by Tab keeps the field in sight."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(page)
    scroll.setAccessibleName(name)
    return scroll


def spread_text(grades: list[int], total: int) -> str:
    """E.g. "Sub-area grades: 1 ×0, 2 ×2, 3 ×1, 4 ×0, 5 ×0 (3 of 5 graded)": counts, never an average."""
    counts = spread(grades)
    shown = ", ".join(f"{grade} ×{count}" for grade, count in counts.items())
    return f"Sub-area grades: {shown} ({len(grades)} of {total} graded)"


class AboutPage(QWidget):
    """Who and what was observed, when, and where."""

    def __init__(self, carers: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        """`carers` are (record ID, "Name (relationship)") for each of the child's people."""
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("About this screening"))
        layout.addWidget(
            plain_label(
                "One screening covers one carer's care of this child over a short period you observed. "
                "Everything is saved as you go."
            )
        )
        self.carer = named(QComboBox(), "Carer", "The carer whose care of the child this screening covers")
        self.carer.addItem("Choose the carer…", None)
        for record_id, text in carers:
            self.carer.addItem(text, record_id)
        self.carer.setMinimumHeight(MIN_TARGET)
        self.no_carers = plain_label(
            "No adults are recorded for this child yet. Close this form, add the carer with Child ▸ Add person, "
            "then resume this screening from Screenings…: nothing typed here is lost."
        )
        self.no_carers.setVisible(not carers)
        self.observed_from = date_edit("Period observed from")
        self.observed_to = date_edit("Period observed to")
        for edit in (self.observed_from, self.observed_to):
            edit.setMinimumHeight(MIN_TARGET)
            edit.setWhatsThis(whats_this("period_observed"))
        self.from_field = Field(self.observed_from)
        self.to_field = Field(self.observed_to)
        self.place = named(QComboBox(), "Place", "Where the screening took place; choose or type")
        self.place.setEditable(True)
        self.place.addItems(PLACES)
        self.place.setCurrentIndex(-1)
        self.place.setMinimumHeight(MIN_TARGET)
        line = self.place.lineEdit()
        assert line is not None
        line.setMaxLength(200)
        line.setPlaceholderText("e.g. Family home")
        form = QFormLayout()
        form.addRow("&Carer", self.carer)
        form.addRow("", self.no_carers)
        form.addRow("Period observed &from", self.from_field)
        form.addRow("Period observed &to", self.to_field)
        form.addRow("&Place", self.place)
        layout.addLayout(form)
        layout.addStretch(1)

    def fields(self) -> dict[str, FieldWidget]:
        return {
            "carer": self.carer,
            "observed_from": self.observed_from,
            "observed_to": self.observed_to,
            "place": self.place,
        }


class SubAreaBlock(QGroupBox):
    """One sub-area: what to look at, five grade buttons, and the evidence box."""

    def __init__(self, pack: ScreeningPack, sub: SubArea, parent: QWidget | None = None) -> None:
        super().__init__(sub.name, parent)
        self.sub = sub
        self.setAccessibleName(sub.name)
        prompt = plain_label(f"What to look at: {sub.prompt}")
        prompt.setAccessibleName(f"{sub.name}: what to look at")
        self.grades = GradeButtons(pack, sub.name, sub.descriptors)
        self.evidence = text_edit(f"{sub.name}: evidence", "What you saw and heard that tells you this grade", rows=3)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.grades)
        layout.addWidget(plain_label("Evidence"))
        layout.addWidget(self.evidence)


class AreaGradeBlock(QGroupBox):
    """The area's own grade: the spread of its sub-area grades beside five buttons and a rationale."""

    def __init__(self, pack: ScreeningPack, area: Area, parent: QWidget | None = None) -> None:
        super().__init__(f"{area.name} as a whole", parent)
        self.area = area
        self.setAccessibleName(f"{area.name} as a whole")
        self.spread = plain_label(spread_text([], len(area.sub_areas)))
        self.spread.setAccessibleName(f"{area.name}: spread of sub-area grades")
        self.spread.setWhatsThis(whats_this("spread"))
        font = self.spread.font()
        font.setBold(True)
        self.spread.setFont(font)
        self.grades = GradeButtons(pack, f"{area.name} as a whole")
        self.grades.setWhatsThis(whats_this("area_grade"))
        self.rationale = text_edit(
            f"{area.name}: rationale for the area grade", "Why this grade for the area as a whole", rows=3
        )
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(AREA_NOTE))
        layout.addWidget(self.spread)
        layout.addWidget(self.grades)
        layout.addWidget(plain_label("Rationale"))
        layout.addWidget(self.rationale)

    def show_spread(self, grades: list[int]) -> None:
        text = spread_text(grades, len(self.area.sub_areas))
        self.spread.setText(text)
        self.spread.setAccessibleDescription(text)


class AreaPage(QWidget):
    """One area: each sub-area in turn, then the area's own grade."""

    def __init__(self, pack: ScreeningPack, area: Area, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.area = area
        layout = QVBoxLayout(self)
        title = area.name + (f" ({area.also_called.lower()})" if area.also_called else "")
        layout.addWidget(heading(f"Area {number} of {len(pack.areas)}: {title}"))
        layout.addWidget(
            plain_label(
                "Grade each sub-area from 1 (best) to 5 (worst) and write the evidence, then grade the area "
                "as a whole. With a grade button focused, the keys 1 to 5 choose."
            )
        )
        self.licence: QLabel | None = None
        if any(sub.descriptors for sub in area.sub_areas):
            # Licensed words on this page: whose they are, and on what terms, beside them.
            self.licence = plain_label(f"Grade descriptors from {pack.ref().citation()}. {pack.licence}")
            self.licence.setAccessibleName("Licence of the grade descriptors")
            self.licence.setFrameShape(QFrame.Shape.StyledPanel)
            self.licence.setMargin(6)
            layout.addWidget(self.licence)
        self.blocks = [SubAreaBlock(pack, sub) for sub in area.sub_areas]
        for block in self.blocks:
            layout.addWidget(block)
        self.area_block = AreaGradeBlock(pack, area)
        layout.addWidget(self.area_block)
        layout.addStretch(1)

    def fields(self) -> dict[str, FieldWidget]:
        found: dict[str, FieldWidget] = {}
        for block in self.blocks:
            found[f"grade:{block.sub.id}"] = block.grades
            found[f"evidence:{block.sub.id}"] = block.evidence
        found[f"area:{self.area.id}"] = self.area_block.grades
        found[f"rationale:{self.area.id}"] = self.area_block.rationale
        return found

    def update_spread(self) -> None:
        grades = [g for block in self.blocks if (g := block.grades.grade()) is not None]
        self.area_block.show_spread(grades)


class ViewsPage(QWidget):
    """The family's strengths and views, a plain-language summary, and when to screen again."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Strengths and views"))
        layout.addWidget(plain_label("Recorded beside the grades. The summary is written to share with the family."))
        self.strengths = text_edit("Family's strengths", "What is going well for this child and family", rows=3)
        self.parents_views = text_edit("Parents' views", "What the parents or carers say, in their words", rows=3)
        self.child_view = text_edit(
            "Child's view", "What the child says or shows, in their words; or how you observed them", rows=3
        )
        self.family_summary = text_edit(
            "Summary for the family",
            "Plain words the family can read: what is going well, what needs to change",
            rows=4,
        )
        self.review_by = date_edit("Screen again by")
        self.review_by.setMinimumHeight(MIN_TARGET)
        self.review_field = Field(self.review_by)
        form = QFormLayout()
        form.addRow("Family's &strengths", self.strengths)
        form.addRow("&Parents' views", self.parents_views)
        form.addRow("C&hild's view", self.child_view)
        form.addRow("Summary for the\n&family (plain words)", self.family_summary)
        form.addRow("Screen again &by", self.review_field)
        layout.addLayout(form)
        layout.addStretch(1)

    def fields(self) -> dict[str, FieldWidget]:
        return {
            "strengths": self.strengths,
            "parents_views": self.parents_views,
            "child_view": self.child_view,
            "family_summary": self.family_summary,
            "review_by": self.review_by,
        }


class SignOffPage(QWidget):
    """What is still missing, and the sign-off button."""

    def __init__(self, correction: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Check and sign off"))
        layout.addWidget(
            plain_label(
                "Signing off makes the screening a record in the child's chronology. After that it changes only "
                "by a new version, with a reason."
                + (" This is a correction: it will be saved as a new version." if correction else "")
            )
        )
        self.missing = plain_label(selectable=True)
        self.missing.setAccessibleName("Still to do before signing off")
        self.missing.setFrameShape(QFrame.Shape.StyledPanel)
        self.missing.setMargin(8)
        layout.addWidget(self.missing)
        self.button = named(
            QPushButton("&Sign off…"), "Sign off the screening", "Checks it is complete, then asks you to confirm"
        )
        self.button.setMinimumHeight(MIN_TARGET)
        layout.addWidget(self.button)
        self.pack_note = plain_label()
        self.pack_note.setAccessibleName("The screening pack")
        layout.addWidget(self.pack_note)
        layout.addStretch(1)

    def show_missing(self, problems: list[str]) -> None:
        if problems:
            text = "Still to do before signing off:\n" + "\n".join(f"• {p[0].upper()}{p[1:]}" for p in problems)
        else:
            text = "Everything needed is done. Check the record over, then sign it off."
        self.missing.setText(text)
        self.missing.setAccessibleDescription(text)


def text_of(widget: QWidget) -> str:
    """The text in a line, text box or editable combo box."""
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    return ""


def field_empty(widget: QWidget) -> bool:
    """Whether a field has nothing in it yet: no grade, no text, or (a list to choose from) no choice."""
    if isinstance(widget, GradeButtons):
        return widget.grade() is None
    if isinstance(widget, QComboBox) and not widget.isEditable():
        return widget.currentData() is None
    return not text_of(widget).strip()


def focus_target(widget: QWidget) -> QWidget:
    """The widget that takes the focus for a field (a grade's chosen button, say)."""
    if isinstance(widget, GradeButtons):
        return widget.buttons[widget.grade() or 1]
    return widget


def carers_of(vault: Vault, work: InProgress) -> list[tuple[str, str]]:
    """(record ID, "Name (relationship)") for each of the child's people, and the carer already chosen."""
    carers = [
        (str(adult.record_id), f"{adult.data.title()} ({rel.data.relationship.label()})")
        for rel, adult in people_of(vault, work.child_id)
    ]
    chosen = work.carer_id
    if chosen is not None and str(chosen) not in {c for c, _ in carers}:
        try:  # screened as carer, since unlinked: kept, so a correction does not lose them
            carers.append((str(chosen), f"{vault.adults.get(chosen).data.title()} (no longer linked)"))
        except RecordNotFound:
            pass
    return carers


def area_done(work: InProgress, area: Area) -> bool:
    """Whether every sub-area of `area` is graded with evidence, and the area itself with a rationale."""
    subs_done = all(s.id in work.grades and work.evidence.get(s.id, "").strip() for s in area.sub_areas)
    return subs_done and area.id in work.area_grades and bool(work.rationales.get(area.id, "").strip())


def typed_date(edit: QLineEdit, *, past_only: bool = False) -> date | None:
    """The date typed, or None when blank, unreadable or (if `past_only`) in the future (see `unusable_text`)."""
    return None if date_error(edit, past_only=past_only) or not edit.text().strip() else parse_date(edit.text())


def unusable_text(edit: QLineEdit, *, past_only: bool = False) -> str | None:
    """The raw text of a date that cannot be used (kept so that nothing typed is lost), else None."""
    return edit.text() if date_error(edit, past_only=past_only) else None


def date_error(edit: QLineEdit, *, past_only: bool = False) -> str:
    """What is wrong with the date typed, in words; empty when it is fine or blank."""
    text = edit.text().strip()
    if not text:
        return ""
    try:
        value = parse_date(text)
    except DomainError as exc:
        return exc.message
    if past_only and value > uk_today():
        return f"{format_date(value)} is in the future; please check the date."
    return ""
