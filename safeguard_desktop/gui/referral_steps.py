"""The referral wizard's first pages: urgency, the call made, where it goes, the children, safety now.

Each page is rebuilt from the core `Wizard` whenever its step is shown, and hands every answer
straight back to the wizard (which validates it), so going back and forth keeps the answers and
the rules live in one place: safeguard_desktop/referral/wizard.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.ukdates import format_date, parse_date, to_uk, uk_local_to_utc, utc_now
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.forms import parse_time
from safeguard_desktop.gui.help import whats_this
from safeguard_desktop.gui.widgets import ErrorLabel, heading, line_edit, named, plain_label, text_edit
from safeguard_desktop.gui.worker import error_text
from safeguard_desktop.referral.model import Destination, Tristate
from safeguard_desktop.referral.steps import CallKind, Urgency
from safeguard_desktop.thresholds.guide import Action

if TYPE_CHECKING:
    from safeguard_desktop.gui.referral_wizard import ReferralWizard
    from safeguard_desktop.referral.wizard import Wizard

CALL_TIME_HINT = "dd/mm/yyyy HH:MM"


def tristate_combo(name: str, value: Tristate) -> QComboBox:
    """Yes / No / Not known, with the answer given chosen."""
    combo = named(QComboBox(), name)
    for answer in (Tristate.UNKNOWN, Tristate.YES, Tristate.NO):
        combo.addItem(answer.label(), answer)
    combo.setCurrentIndex(combo.findData(value))
    combo.setWhatsThis(whats_this("not_known"))
    return combo


def tristate(combo: QComboBox) -> Tristate:
    """The answer chosen (Qt hands enum data back as plain strings)."""
    return Tristate(combo.currentData())


def literal(text: str) -> str:
    """Text for a button, tick box or group title exactly as typed: "&" is not a shortcut marker."""
    return text.replace("&", "&&")


def text_of(widget: QLineEdit | QPlainTextEdit) -> str:
    """What was typed, as typed."""
    return widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()


class StepPage(QWidget):
    """One step's page. Answers go to the wizard at once; `commit` pushes what could not yet go."""

    def __init__(self, host: ReferralWizard) -> None:
        super().__init__()
        self.host = host
        self.box = QVBoxLayout(self)
        self.problem = ErrorLabel()

    @property
    def w(self) -> Wizard:
        return self.host.wizard

    def apply(self, change: Callable[[], object]) -> bool:
        """Give an answer to the wizard; a refusal is shown in words and nothing changes."""
        try:
            change()
        except (SafeguardError, ValueError) as exc:  # pydantic's ValidationError is a ValueError
            self.problem.show_error(error_text(exc))
            return False
        self.problem.clear()
        self.host.answer_changed()
        return True

    def text_field(self, layout: QFormLayout, label: str, field: str, *, rows: int = 0) -> QLineEdit | QPlainTextEdit:
        """A text answer kept in the referral's `field` as it is typed."""
        edit: QLineEdit | QPlainTextEdit = text_edit(label, rows=rows) if rows else line_edit(label, max_length=2000)
        value = getattr(self.w.referral, field)
        if isinstance(edit, QLineEdit):
            edit.setText(value)
            edit.textChanged.connect(lambda _t: self.apply(lambda: self.w.update(**{field: text_of(edit)})))
        else:
            edit.setPlainText(value)
            edit.textChanged.connect(lambda: self.apply(lambda: self.w.update(**{field: text_of(edit)})))
        layout.addRow(label, edit)
        return edit

    def commit(self) -> None:
        """Keep anything typed that is only kept as a whole (a call); raise SafeguardError when it cannot be."""

    def finish(self) -> None:
        """End the page's layout: the problem line, then spare space."""
        self.box.addWidget(self.problem)
        self.box.addStretch(1)


class UrgencyPage(StepPage):
    """Three large choices. An urgent one shows what to do NOW, before anything else."""

    def __init__(self, host: ReferralWizard) -> None:
        super().__init__(host)
        self.box.addWidget(heading("Does this need action now?"))
        self.box.addWidget(plain_label("The MASH decides how urgent the enquiry is; you say what you know now."))
        self.group = QButtonGroup(self)
        self.choices: dict[Urgency, QRadioButton] = {}
        for n, urgency in enumerate(Urgency, 1):
            button = named(QRadioButton(f"&{n}  {urgency.label()}"), urgency.label())
            font = button.font()
            font.setPointSizeF(font.pointSizeF() * 1.25)
            button.setFont(font)
            button.setMinimumHeight(button.sizeHint().height() + 16)
            button.setChecked(self.w.urgency is urgency)
            self.group.addButton(button)
            self.choices[urgency] = button
            button.toggled.connect(lambda on, u=urgency: on and self._chosen(u))
            self.box.addWidget(button)
        self.instruction = plain_label()
        self.instruction.setObjectName("urgentInstruction")
        self.instruction.setAccessibleName("What to do now")
        font = self.instruction.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self.instruction.setFont(font)
        self.instruction.setFrameShape(QFrame.Shape.Box)
        self.instruction.setLineWidth(3)
        self.instruction.setMargin(12)
        self.instruction.setStyleSheet("QLabel#urgentInstruction { border: 3px solid #b00020; }")
        self.box.addWidget(self.instruction)
        self._show_instruction()
        self.finish()

    def _chosen(self, urgency: Urgency) -> None:
        if self.apply(lambda: self.w.set_urgency(urgency)):
            self._show_instruction()

    def _show_instruction(self) -> None:
        text = self.w.urgent_instruction()
        if text:
            action = Action.POLICE_999 if self.w.referral.immediate_danger else Action.MASH_REFERRAL
            contact = self.host.route_contact(action)
            text = f"{text}\n\nNumber to call: {contact}" if contact else text
        self.instruction.setText(text or "")
        self.instruction.setVisible(bool(text))


class CallPage(StepPage):
    """The 999 call or the call to the MASH: when, who, the advice, the reference."""

    def __init__(self, host: ReferralWizard) -> None:
        super().__init__(host)
        r = self.w.referral
        self.kind = CallKind.POLICE if r.immediate_danger else CallKind.MASH
        call = r.police_call if self.kind is CallKind.POLICE else r.mash_call
        title = "The 999 call you made" if self.kind is CallKind.POLICE else "Your call to the MASH"
        self.box.addWidget(heading(title))
        self.box.addWidget(plain_label("Record it once the call is made. The call comes first."))
        form = QFormLayout()
        self.when = line_edit("Time of the call", CALL_TIME_HINT, max_length=16)
        self.when.setAccessibleDescription("Day/month/year and 24-hour time, for example 14/03/2026 09:05")
        self.when.setText(to_uk(call.called_at if call else utc_now()).strftime("%d/%m/%Y %H:%M"))
        self.spoke_to = line_edit("Who you spoke to", "A name, role or call handler's number")
        self.advice = text_edit("Advice given", rows=3)
        self.reference = line_edit("Reference number")
        if call is not None:
            self.spoke_to.setText(call.spoke_to)
            self.advice.setPlainText(call.advice)
            self.reference.setText(call.reference)
        form.addRow(f"Time ({CALL_TIME_HINT})", self.when)
        form.addRow("Who you spoke to", self.spoke_to)
        form.addRow("Advice given", self.advice)
        form.addRow("Reference number", self.reference)
        self.box.addLayout(form)
        for edit in (self.when, self.spoke_to, self.reference):
            edit.textChanged.connect(lambda _t: self._quietly())
        self.advice.textChanged.connect(self._quietly)
        self.finish()

    def called_at(self) -> datetime:
        day, _, clock = self.when.text().strip().partition(" ")
        return uk_local_to_utc(parse_date(day), parse_time(clock or "?"))

    def commit(self) -> None:
        self.w.record_call(
            self.kind,
            called_at=self.called_at(),
            spoke_to=self.spoke_to.text(),
            advice=self.advice.toPlainText(),
            reference=self.reference.text(),
        )
        self.host.answer_changed()

    def _quietly(self) -> None:
        # Kept as typed whenever it is whole, so a lock part-way loses nothing that could be kept.
        try:
            self.commit()
        except SafeguardError:
            pass


class DestinationPage(StepPage):
    """MASH, LCSS named or LCSS no-names (when not chosen before starting)."""

    def __init__(self, host: ReferralWizard) -> None:
        super().__init__(host)
        self.box.addWidget(heading("Where does it go?"))
        self.group = QButtonGroup(self)
        for destination in Destination:
            button = named(QRadioButton(destination.label()), destination.label())
            button.setChecked(self.w.referral.destination is destination)
            button.toggled.connect(lambda on, d=destination: on and self.apply(lambda: self.w.update(destination=d)))
            self.group.addButton(button)
            self.box.addWidget(button)
        self.finish()


class ChildrenPage(StepPage):
    """The children referred (ticked), and siblings at home offered to add: siblings go together."""

    def __init__(self, host: ReferralWizard) -> None:
        super().__init__(host)
        ctx = self.w.context
        self.box.addWidget(heading("The children"))
        self.box.addWidget(plain_label("Children living together are referred together. Tick every child to include."))
        self.ticks: dict[UUID, QCheckBox] = {}
        chosen = self.w.referral.child_ids
        for child_id in [*chosen, *self.w.offered_sibling_ids()]:
            child = ctx.children[child_id].data
            born = format_date(child.date_of_birth) if child.date_of_birth else "date of birth not recorded"
            extra = "" if child_id in chosen else " — a sibling at home, not yet included"
            tick = named(QCheckBox(literal(f"{child.title()} (born {born}){extra}")), f"Include {child.title()}")
            tick.setChecked(child_id in chosen)
            tick.toggled.connect(lambda _on: self._changed())
            self.ticks[child_id] = tick
            self.box.addWidget(tick)
            people = [f"{p.adult.data.title()}: {p.label}{' (PR)' if p.has_pr else ''}" for p in ctx.people[child_id]]
            line = plain_label("    People: " + ("; ".join(people) if people else "none recorded"))
            self.box.addWidget(line)
        self.finish()

    def _changed(self) -> None:
        ids = [c for c, tick in self.ticks.items() if tick.isChecked()]
        if not self.apply(lambda: self.w.set_children(ids)):
            # Keep the screen true to the referral (a referral needs one child at least).
            for child_id, tick in self.ticks.items():
                tick.blockSignals(True)
                tick.setChecked(child_id in self.w.referral.child_ids)
                tick.blockSignals(False)


class SafetyPage(StepPage):
    """Safe tonight and where now for each child; risk to visitors; parental factors."""

    def __init__(self, host: ReferralWizard) -> None:
        super().__init__(host)
        r = self.w.referral
        self.box.addWidget(heading("Safety now"))
        self.children: dict[UUID, tuple[QComboBox, QLineEdit]] = {}
        for child in r.children:
            name = self.w.context.child_name(child.child_id)
            group = QGroupBox(literal(name))
            form = QFormLayout(group)
            safe = tristate_combo(f"Is {name} safe tonight?", child.safe_tonight)
            safe.setWhatsThis(whats_this("safe_tonight"))
            where = line_edit(f"Where is {name} now?", "At school, at home with mother…")
            where.setText(child.where_now)
            safe.currentIndexChanged.connect(
                lambda _i, c=child.child_id, s=safe: self.apply(lambda: self.w.set_child(c, safe_tonight=tristate(s)))
            )
            where.textChanged.connect(
                lambda text, c=child.child_id: self.apply(lambda: self.w.set_child(c, where_now=text))
            )
            form.addRow("Safe tonight?", safe)
            form.addRow("Where now?", where)
            self.children[child.child_id] = (safe, where)
            self.box.addWidget(group)
        form = QFormLayout()
        self.risk = self.text_field(form, "Any risk to professionals visiting", "risk_to_visitors", rows=2)
        self.factors: dict[str, QComboBox] = {}
        for field, label in (
            ("mental_health", "Parental mental health"),
            ("substance_misuse", "Parental substance misuse"),
            ("domestic_abuse", "Domestic abuse"),
        ):
            combo = tristate_combo(label, getattr(r, field))
            combo.currentIndexChanged.connect(
                lambda _i, f=field, c=combo: self.apply(lambda: self.w.update(**{f: tristate(c)}))
            )
            self.factors[field] = combo
            form.addRow(label, combo)
        self.note = self.text_field(form, "About these factors", "parental_factors_note", rows=2)
        self.box.addLayout(form)
        self.finish()


def build_first_pages() -> dict[Any, type[StepPage]]:
    """The page class for each of the first steps."""
    from safeguard_desktop.referral.steps import Step

    return {
        Step.URGENCY: UrgencyPage,
        Step.CALL: CallPage,
        Step.DESTINATION: DestinationPage,
        Step.CHILDREN: ChildrenPage,
        Step.SAFETY: SafetyPage,
    }
