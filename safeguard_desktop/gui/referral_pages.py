"""The referral wizard's middle pages: concerns and chronology, work so far, consent, the family, you.

Like referral_steps.py, every page is drawn from the core `Wizard` and gives each answer straight
back to it; nothing here decides what a referral needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
)

from safeguard_desktop.domain.attachment import describe_media_type
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.ukdates import format_date, to_uk
from safeguard_desktop.gui.attachment_viewer import format_size
from safeguard_desktop.gui.help import whats_this
from safeguard_desktop.gui.referral_steps import StepPage, literal, tristate, tristate_combo
from safeguard_desktop.gui.widgets import heading, line_edit, named, plain_label, text_edit
from safeguard_desktop.referral.model import ConsentReason, Destination, Tristate
from safeguard_desktop.referral.prefill import early_help_text
from safeguard_desktop.referral.steps import Step
from safeguard_desktop.screening.summary import record_summary

if TYPE_CHECKING:
    from safeguard_desktop.gui.referral_wizard import ReferralWizard

CONSENT_NOTE = (
    "Consent is a practice question, recorded here as it stands. Sharing information to protect a child "
    "does not need anyone's consent."
)
ATTACHMENTS_NOTE = "Files ticked travel in the packet exactly as stored: nothing is redacted or converted."
CHRONOLOGY_HEADERS = ("Include", "Date", "Child", "What happened", "Category", "Source")


class ConcernsPage(StepPage):
    """The concerns to include, and the chronology excerpt with the significant rows ticked."""

    def __init__(self, host: ReferralWizard) -> None:
        super().__init__(host)
        r = self.w.referral
        ctx = self.w.context
        self.box.addWidget(heading("Concerns to include"))
        self.concerns: dict[UUID, QCheckBox] = {}
        concerns = ctx.concerns_of(r.child_ids)
        if not concerns:
            self.box.addWidget(plain_label("No concern is logged for these children: log the concern first."))
        for stored in concerns:
            c = stored.data
            summary = " ".join(c.account.split())
            summary = summary if len(summary) <= 160 else summary[:157] + "…"
            tick = named(QCheckBox(literal(f"{c.title()} — {summary}")), f"Include the concern {c.title()}")
            tick.setChecked(stored.record_id in r.concern_ids)
            tick.toggled.connect(lambda _on: self._concerns_changed())
            self.concerns[stored.record_id] = tick
            self.box.addWidget(tick)
        self.box.addWidget(heading("Chronology excerpt", level=2))
        self.box.addWidget(plain_label("Significant entries of the last twelve months are ticked. Keep it short."))
        self.options = ctx.chronology_of(r.child_ids)
        picked = {(p.record_id, p.item) for p in r.chronology}
        table = QTableWidget(len(self.options), len(CHRONOLOGY_HEADERS))
        table.setAccessibleName("Chronology entries to include")
        table.setHorizontalHeaderLabels(CHRONOLOGY_HEADERS)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().hide()
        for row, option in enumerate(self.options):
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            on = (option.row.record_id, option.row.item) in picked
            tick.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            table.setItem(row, 0, tick)
            whose = ", ".join(ctx.child_name(c).split(" ")[0] for c in option.child_ids if c in r.child_ids)
            values = (option.row.date_text, whose, option.row.summary, option.row.category_text, option.row.source)
            for column, value in enumerate(values, 1):
                # QTableWidgetItem text is never interpreted as markup.
                table.setItem(row, column, QTableWidgetItem(value))
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        table.setMinimumHeight(200)
        table.itemChanged.connect(lambda _item: self._rows_changed())
        table.itemActivated.connect(self._toggle)
        self.table = table
        self.box.addWidget(table, 1)
        self.attachments: dict[UUID, QCheckBox] = {}
        if r.destination is not Destination.LCSS_NO_NAMES:  # a no-names packet carries only its summary
            self._attachment_picker()
        self.box.addWidget(self.problem)

    def _attachment_picker(self) -> None:
        r = self.w.referral
        ctx = self.w.context
        self.box.addWidget(heading("Attachments", level=2))
        self.box.addWidget(plain_label(ATTACHMENTS_NOTE))
        files = ctx.attachments_of(r.child_ids)
        if not files:
            self.box.addWidget(plain_label("No files are attached to these children's records."))
        for stored in files:
            a = stored.data
            whose = ctx.child_name(a.child_id) if a.child_id is not None else ""
            added = format_date(to_uk(stored.recorded_at).date())
            text = f"{a.filename} — {describe_media_type(a.media_type)}, {format_size(a.size)}, added {added}"
            text += f" ({whose})" if whose else ""
            tick = named(QCheckBox(literal(text)), f"Attach {a.filename}")
            tick.setChecked(stored.record_id in r.attachment_ids)
            tick.toggled.connect(lambda _on: self._attachments_changed())
            self.attachments[stored.record_id] = tick
            self.box.addWidget(tick)

    def _attachments_changed(self) -> None:
        ids = [a for a, tick in self.attachments.items() if tick.isChecked()]
        self.apply(lambda: self.w.update(attachment_ids=ids))

    def _toggle(self, item: QTableWidgetItem) -> None:
        # Enter on a row ticks or unticks it, so the excerpt is chosen by keyboard too.
        tick = self.table.item(item.row(), 0)
        on = tick.checkState() == Qt.CheckState.Checked
        tick.setCheckState(Qt.CheckState.Unchecked if on else Qt.CheckState.Checked)

    def _concerns_changed(self) -> None:
        ids = [c for c, tick in self.concerns.items() if tick.isChecked()]
        self.apply(lambda: self.w.update(concern_ids=ids))

    def _rows_changed(self) -> None:
        picks = [
            option.pick
            for row, option in enumerate(self.options)
            if self.table.item(row, 0).checkState() == Qt.CheckState.Checked
        ]
        self.apply(lambda: self.w.update(chronology=picks))


class WorkSoFarPage(StepPage):
    """Screenings (their summaries go into the packet), the threshold decision, Early Help tried."""

    def __init__(self, host: ReferralWizard) -> None:
        super().__init__(host)
        r = self.w.referral
        ctx = self.w.context
        self.box.addWidget(heading("Screenings"))
        self.screenings: dict[UUID, QCheckBox] = {}
        screenings = ctx.screenings_of(r.child_ids)
        if not screenings:
            self.box.addWidget(plain_label("No screening is recorded for these children."))
        for stored in screenings:
            s = stored.data
            title = f"{ctx.child_name(s.child_id)}, screening of {format_date(s.observed_to)}"
            tick = named(QCheckBox(literal(f"Include: {title}")), f"Include the screening: {title}")
            tick.setChecked(stored.record_id in r.screening_ids)
            tick.toggled.connect(lambda _on: self._screenings_changed())
            self.screenings[stored.record_id] = tick
            self.box.addWidget(tick)
            # Read-only plain text of a few lines: a summary runs to forty, and the decision follows.
            summary = text_edit(f"Summary: {title}", rows=6)
            summary.setPlainText(record_summary(s))
            summary.setReadOnly(True)
            self.box.addWidget(summary)
        self.box.addWidget(heading("Threshold decision", level=2))
        self.decision = named(QComboBox(), "Threshold decision")
        self.decision.addItem("None", None)
        for stored in ctx.decisions_of(r.child_ids):
            d = stored.data
            self.decision.addItem(f"{ctx.child_name(d.child_id)}, {d.decided.display()}: {d.title()}", stored.record_id)
        self.decision.setCurrentIndex(max(self.decision.findData(r.decision_id), 0))
        self.decision.currentIndexChanged.connect(
            lambda _i: self.apply(lambda: self.w.update(decision_id=self.decision.currentData()))
        )
        self.box.addWidget(self.decision)
        form = QFormLayout()
        self.early_help = self.text_field(form, "Early Help already tried", "early_help", rows=4)
        self.box.addLayout(form)
        if not r.early_help and early_help_text(ctx, r.child_ids):
            self.box.addWidget(plain_label("The children's Early Help periods can be added from their records."))
        self.finish()

    def _screenings_changed(self) -> None:
        ids = [s for s, tick in self.screenings.items() if tick.isChecked()]
        self.apply(lambda: self.w.update(screening_ids=ids))


class ConsentPage(StepPage):
    """For each parent or carer with parental responsibility: aware, consented, and if not, why not."""

    def __init__(self, host: ReferralWizard) -> None:
        super().__init__(host)
        self.box.addWidget(heading("Consent"))
        note = plain_label(CONSENT_NOTE)
        note.setObjectName("consentNote")
        self.box.addWidget(note)
        if self.w.referral.destination is Destination.LCSS_NO_NAMES:
            self.box.addWidget(plain_label("A no-names consultation names nobody; recording consent is optional."))
        if self.w.referral.destination is Destination.LCSS_NAMED:
            self.box.addWidget(plain_label("A named request for Early Help support is made with the family's consent."))
        self.rows: dict[UUID, tuple[QComboBox, QComboBox, QComboBox, QLineEdit]] = {}
        parties = self.w.consent_parties()
        if not parties:
            self.box.addWidget(plain_label("Nobody with parental responsibility is recorded for these children."))
        for party in parties:
            a = party.answer
            group = QGroupBox(literal(party.label))
            form = QFormLayout(group)
            aware = tristate_combo(f"Is {party.label} aware of the referral?", a.aware)
            consented = tristate_combo(f"Has {party.label} consented?", a.consented)
            consented.setWhatsThis(whats_this("consent"))
            reason = named(QComboBox(), f"Why not ({party.label})")
            reason.addItem("Choose a reason…", None)
            for choice in ConsentReason:
                reason.addItem(choice.label(), choice)
            reason.setCurrentIndex(max(reason.findData(a.reason_not), 0))
            note_edit = line_edit(f"Note about consent ({party.label})")
            note_edit.setText(a.note)
            form.addRow("Aware?", aware)
            form.addRow("Consented?", consented)
            form.addRow("If not, why not?", reason)
            form.addRow("Note", note_edit)
            self.rows[party.adult_id] = (aware, consented, reason, note_edit)
            for combo in (aware, consented, reason):
                combo.currentIndexChanged.connect(lambda _i, p=party.adult_id: self._changed(p))
            note_edit.textChanged.connect(lambda _t, p=party.adult_id: self._changed(p))
            self.box.addWidget(group)
        self.finish()

    def _changed(self, adult_id: UUID) -> None:
        aware, consented, reason, note = self.rows[adult_id]
        given = tristate(consented)
        why = ConsentReason(reason.currentData()) if reason.currentData() else None
        reason.setEnabled(given is not Tristate.YES)
        # "No" needs its reason: until one is chosen the answer is kept as "not known", never as
        # anything the screen does not show, and the step says what is still needed.
        kept = Tristate.UNKNOWN if given is Tristate.NO and why is None else given
        done = self.apply(
            lambda: self.w.set_consent(
                adult_id, aware=tristate(aware), consented=kept, reason_not=why, note=note.text()
            )
        )
        if done and kept is not given:
            self.problem.show_error("Say why consent was not given or not sought: choose the reason.")


class FamilyPage(StepPage):
    """What the family was told and said, the child's voice, what the referrer wants to happen."""

    def __init__(self, host: ReferralWizard) -> None:
        super().__init__(host)
        self.box.addWidget(heading("The family and the child"))
        form = QFormLayout()
        self.family_told = self.text_field(form, "What the family has been told", "family_told", rows=3)
        self.family_response = self.text_field(form, "How they responded", "family_response", rows=3)
        self.child_voice = self.text_field(form, "The child's voice: what they said and want", "child_voice", rows=3)
        self.referrer_wants = self.text_field(form, "What you want to happen", "referrer_wants", rows=3)
        self.box.addLayout(form)
        self.finish()


class ReferrerPage(StepPage):
    """The referrer's details, from the vault's practitioner; a contact is required."""

    def __init__(self, host: ReferralWizard) -> None:
        super().__init__(host)
        who = self.w.referral.referrer
        self.box.addWidget(heading("Your details"))
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        for field, label in (
            ("name", "Your name"),
            ("role", "Your role"),
            ("organisation", "Your organisation"),
            ("contact", "Phone or email you can be reached on"),
        ):
            edit = line_edit(label)
            edit.setText(getattr(who, field))
            edit.textChanged.connect(lambda _t: self._changed())
            self.fields[field] = edit
            form.addRow(label, edit)
        self.box.addLayout(form)
        self.finish()

    def _changed(self) -> None:
        values = {field: edit.text() for field, edit in self.fields.items()}
        self.apply(lambda: self.w.update(referrer=Practitioner(**values)))


def build_middle_pages() -> dict[Step, type[StepPage]]:
    """The page class for each of the middle steps."""
    return {
        Step.CONCERNS_AND_CHRONOLOGY: ConcernsPage,
        Step.WORK_SO_FAR: WorkSoFarPage,
        Step.CONSENT: ConsentPage,
        Step.FAMILY_AND_CHILD: FamilyPage,
        Step.REFERRER: ReferrerPage,
    }
