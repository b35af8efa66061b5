"""Log a concern, or correct one: what happened and when, who was involved, what was done.

"When it happened" is typed by the practitioner; "when it was recorded" is set by the
system on save and only shown here, because the two must never be confused. A correction
loads every field of the stored concern and saves a new version with a reason: the
earlier text stays readable in the record's history.
"""

from __future__ import annotations

from typing import Any

import pydantic
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QWidget

from safeguard_desktop.domain.bodymap import is_baby
from safeguard_desktop.domain.categories import ChildRole
from safeguard_desktop.domain.concern import Concern, ConcernChild
from safeguard_desktop.domain.errors import DomainError, first_error_message
from safeguard_desktop.domain.people import Child
from safeguard_desktop.domain.ukdates import format_datetime, uk_today, utc_now
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui import concern_drafts
from safeguard_desktop.gui.attachments_panel import AttachmentsPanel
from safeguard_desktop.gui.bodymap_editor import BodyMapEditor
from safeguard_desktop.gui.concern_parts import (
    CategoryPicker,
    ChildPicker,
    ChildrenRoles,
    EventDateInput,
    PractitionerInput,
)
from safeguard_desktop.gui.household import siblings_of
from safeguard_desktop.gui.informed_rows import InformedRows, StatusInput
from safeguard_desktop.gui.widgets import (
    Field,
    ScrollingFormDialog,
    heading,
    line_edit,
    plain_label,
    text_edit,
)
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.store import Stored

REASON_NEEDED = "Give the reason for the correction, so the record shows why it changed."


class ConcernDialog(ScrollingFormDialog):
    """The concern form. Emits `saved(Stored[Concern])`.

    New: `ConcernDialog(vault, child)` with that child ticked. Correction:
    `ConcernDialog.correct(vault, stored_concern)`, which saves with `vault.concerns.amend`.
    """

    saved = Signal(object)

    def __init__(
        self,
        vault: Vault,
        child: Stored[Child] | None,
        parent: QWidget | None = None,
        *,
        correcting: Stored[Concern] | None = None,
    ) -> None:
        super().__init__(parent)
        if child is None and correcting is None:
            raise ValueError("A new concern needs the child it is about")
        self._vault = vault
        self._correcting = correcting
        # Children named in the stored concern that cannot be shown (not found): kept as they were.
        self._kept_children: list[ConcernChild] = []
        self._child_picker: ChildPicker | None = None
        self.draft_noun = "correction" if correcting else "concern"
        if correcting is not None:
            self.draft_key = f"concern-correction:{correcting.record_id}"
            self.setWindowTitle("Correct concern — safeguard-desktop")
        else:
            assert child is not None
            self.draft_key = f"concern:{child.record_id}"
            self.setWindowTitle("Log concern — safeguard-desktop")

        self.happened = EventDateInput()
        self.recorded = plain_label(f"Set automatically when you save (it is now {format_datetime(utc_now())}).")
        self.recorded.setAccessibleName("Recorded at")
        self.children = ChildrenRoles()
        self.categories = CategoryPicker()
        self.recorded_by = PractitionerInput(vault.practitioner)
        self.reported_by = line_edit(
            "Reported by", "Who told you, if not you (name and role); blank if you saw or heard it"
        )
        self.account = text_edit("Factual account", "What happened, in plain factual words", rows=5)
        self.child_words = text_edit(
            "The child's own words, verbatim",
            "Exactly what the child said, in their words; do not tidy or summarise",
            rows=3,
        )
        self.action_taken = text_edit("Action taken", rows=3)
        self.informed = InformedRows()
        self.status = StatusInput()
        self.reason = text_edit(
            "Reason for the correction", "Why this is being corrected, e.g. wrong date typed", rows=2
        )
        self.reason_field = Field(self.reason)
        self.body_map = BodyMapEditor()
        self.children.changed.connect(self._children_changed)
        self.evidence = AttachmentsPanel()
        primary = child or self._first_child(correcting)
        if primary is not None:
            self.body_map.set_baby(is_baby(primary.data.date_of_birth, uk_today()))
        self._evidence_child = primary.record_id if primary is not None else None

        sections: list[QWidget] = []
        if correcting is not None:
            title = heading(f"Correct the concern of {correcting.data.happened.display()}", level=2)
            why_box = QGroupBox("Correction")
            form = QFormLayout(why_box)
            form.addRow(
                plain_label(
                    "Your correction is saved as a new version. The earlier version stays readable "
                    "in the record's history, with your reason."
                )
            )
            form.addRow("&Reason for the\ncorrection", self.reason_field)
            sections += [title, why_box]
        else:
            assert child is not None
            sections.append(heading(f"Log a concern about {child.data.title()}", level=2))

        when_box = QGroupBox("When")
        form = QFormLayout(when_box)
        form.addRow("&Happened", self.happened)
        form.addRow("Recorded", self.recorded)

        who_box = QGroupBox("Who")
        form = QFormLayout(who_box)
        form.addRow("Children", self.children)
        form.addRow("Recor&ded by", self.recorded_by)
        form.addRow("Re&ported by", self.reported_by)

        what_box = QGroupBox("What")
        form = QFormLayout(what_box)
        form.addRow("Ca&tegories", self.categories)
        form.addRow("&Account", self.account)
        form.addRow("The child's own\nwords (&verbatim)", self.child_words)
        form.addRow("A&ction taken", self.action_taken)

        after_box = QGroupBox("Who was informed, and the status")
        form = QFormLayout(after_box)
        form.addRow("Informed", self.informed)
        form.addRow("&Status", self.status)

        seen_box = QGroupBox("What was seen (body map)")
        QFormLayout(seen_box).addRow(self.body_map)
        evidence_box = QGroupBox("Evidence (attachments)")
        QFormLayout(evidence_box).addRow(self.evidence)
        if correcting is not None:
            # A saved concern's files are stored as they are added: evidence is never held back.
            self.evidence.show_for(vault, correcting.record_id, child_id=self._evidence_child)

        sections += [when_box, who_box, what_box, seen_box, evidence_box, after_box]
        save_name = "Save correction" if correcting else "Save concern"
        self.finish_layout(sections, save_name, 820, 860)

        if correcting is not None:
            self._load(correcting)
            self.reason.setFocus()
        else:
            assert child is not None
            self.children.add_child(child, involved=True)
            for sibling in siblings_of(vault, child.record_id):
                self.children.add_child(sibling, involved=False)
            self.status.set_previous(None)
            self.happened.setFocus()
        self.children.add_requested.connect(self._pick_child)

    @classmethod
    def correct(cls, vault: Vault, stored: Stored[Concern], parent: QWidget | None = None) -> ConcernDialog:
        """The form for correcting a stored concern, every field loaded."""
        return cls(vault, None, parent, correcting=stored)

    def _first_child(self, stored: Stored[Concern] | None) -> Stored[Child] | None:
        for named_child in stored.data.children if stored is not None else []:
            try:
                return self._vault.children.get(named_child.child_id)
            except SafeguardError:
                continue
        return None

    @property
    def is_correction(self) -> bool:
        """Whether this form corrects a stored concern (rather than logging a new one)."""
        return self._correcting is not None

    def _load(self, stored: Stored[Concern]) -> None:
        concern = stored.data
        first = self._vault.concerns.history(stored.record_id)[0]
        self.recorded.setText(
            f"First recorded {format_datetime(first.recorded_at)}; "
            f"this correction is dated when you save (it is now {format_datetime(utc_now())})."
        )
        self.happened.set_value(concern.happened)
        for named_child in concern.children:
            try:
                child = self._vault.children.get(named_child.child_id)
            except SafeguardError:
                self._kept_children.append(named_child)
                continue
            self.children.add_child(child, involved=True)
            for role in named_child.roles:
                self.children.role_box(named_child.child_id, role).setChecked(True)
        if self._kept_children:
            self.show_note(
                f"{len(self._kept_children)} child(ren) named in this concern could not be found in the vault; "
                "they stay in the concern unchanged."
            )
        for category in concern.categories:
            self.categories.set_checked(category)
        self.recorded_by.set_value(concern.recorded_by)
        self.reported_by.setText(concern.reported_by)
        self.account.setPlainText(concern.account)
        self.child_words.setPlainText(concern.child_words)
        self.action_taken.setPlainText(concern.action_taken)
        self.informed.set_value(concern.informed)
        self.body_map.set_value(concern.body_marks)
        self.status.set_previous(concern.status)

    def _children_changed(self) -> None:
        """Tell the body map which children are ticked, so a mark says whose body it is on."""
        ticked = [(stored, roles) for stored, tick, roles in self.children.rows() if tick.isChecked()]
        # A new mark starts on the (first) victim's body; the practitioner can change it.
        victim = next((s.record_id for s, roles in ticked if roles[ChildRole.VICTIM].isChecked()), None)
        self.body_map.set_children([(s.record_id, s.data.title()) for s, _ in ticked], default=victim)

    def _pick_child(self) -> None:
        picker = ChildPicker(self._vault.children, self.children.ids(), self)
        picker.accepted.connect(lambda: self._child_picked(picker))
        self._child_picker = picker
        picker.open()

    def _child_picked(self, picker: ChildPicker) -> None:
        if picker.chosen is not None:
            self.children.add_child(picker.chosen, involved=True)

    # -- drafts (kept in the vault when it locks mid-form) ---------------------------------

    @property
    def vault(self) -> Vault:
        """The vault this form writes to."""
        return self._vault

    def draft_state(self) -> dict[str, Any]:
        """Everything typed or ticked so far, as JSON-friendly values."""
        return concern_drafts.draft_state(self)

    def restore_draft(self, state: dict[str, Any]) -> None:
        """Put a draft back, re-reading any extra child it names from the vault."""
        concern_drafts.restore_draft(self, state)

    # -- saving ----------------------------------------------------------------------------

    def values(self) -> dict[str, Any] | None:
        """The concern's fields, or None after showing every problem next to its part."""
        self.error.clear()
        values: dict[str, Any] = {}
        ok = True
        parts: tuple[tuple[str, Any], ...] = (
            ("happened", self.happened),
            ("children", self.children),
            ("recorded_by", self.recorded_by),
            ("categories", self.categories),
            ("informed", self.informed),
        )
        for name, part in parts:
            try:
                values[name] = part.value()
            except (DomainError, pydantic.ValidationError):
                ok = False
        try:
            # A mark on a child unticked since is flagged, never dropped: it is evidence.
            values["body_marks"] = self.body_map.checked_value({c.child_id for c in self._kept_children})
        except DomainError:
            ok = False
        previous = self._correcting.data if self._correcting is not None else None
        try:
            values["status_history"] = self.status.history(previous.status_history if previous else [])
        except DomainError:
            ok = False
        if not ok:
            self.error.show_error("Please correct the problems shown above; nothing has been saved.")
            # Bring the first part with a problem into view, with the cursor in it.
            for _, part in (*parts, ("body_marks", self.body_map), ("status", self.status)):
                if part.error.text():
                    self._scroll.ensureWidgetVisible(part)
                    part.setFocus()
                    break
            return None
        values["children"] = [*values["children"], *self._kept_children]
        values.update(
            reported_by=self.reported_by.text(),
            account=self.account.toPlainText(),
            # The child's words are evidence: passed on exactly as typed.
            child_words=self.child_words.toPlainText(),
            action_taken=self.action_taken.toPlainText(),
            status=self.status.current(),
        )
        if previous is not None:
            # The review is the DSL's, made in its own form: a correction carries it on unchanged.
            values.update(review=previous.review)
        return values

    def _reason(self) -> str | None:
        self.reason_field.error.clear()
        reason = self.reason.toPlainText().strip()
        if not reason:
            self.reason_field.error.show_error(REASON_NEEDED)
            self.error.show_error(REASON_NEEDED + " Nothing has been saved.")
            self._scroll.ensureWidgetVisible(self.reason_field)
            self.reason.setFocus()
            return None
        return reason

    def save(self) -> None:
        """Write the concern (or the correction); on any problem, say so and keep everything typed."""
        values = self.values()
        if values is None:
            return
        try:
            concern = Concern(**values)
        except pydantic.ValidationError as exc:
            self.error.show_error(first_error_message(exc))
            return
        try:
            if self._correcting is None:
                stored = self._add_with_evidence(concern)
            else:
                if concern == self._correcting.data:
                    self.error.show_error("Nothing has been changed, so there is no correction to save.")
                    return
                reason = self._reason()
                if reason is None:
                    return
                stored = self._vault.concerns.amend(self._correcting.record_id, concern, reason)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        self.saved.emit(stored)
        self.accept()

    def _add_with_evidence(self, concern: Concern) -> Stored[Concern]:
        """Store the concern and its chosen files in one transaction: all of them, or none.

        If any file cannot be stored, neither is the concern, and the form stays open with
        everything in it, so pressing Save again can never make a second copy.
        """
        pending = self.evidence.pending()
        try:
            with self._vault.batch():
                stored = self._vault.concerns.add(concern)
                for filename, data, media_type, description in pending:
                    self._vault.attachments.add_bytes(
                        filename,
                        data,
                        media_type,
                        child_id=self._evidence_child,
                        linked_record_id=stored.record_id,
                        description=description,
                    )
        except (DomainError, pydantic.ValidationError) as exc:
            text = exc.message if isinstance(exc, DomainError) else first_error_message(exc)
            raise SafeguardError(f"An attached file could not be stored, so nothing has been saved: {text}") from exc
        self.evidence.show_for(self._vault, stored.record_id, child_id=self._evidence_child)
        return stored
