"""Add an adult to a child's record: a new person, or one already recorded (a sibling's parent).

Adults are records of their own, shared across siblings, so choosing an existing adult links
the same person instead of typing a duplicate.
"""

from __future__ import annotations

from typing import Any

import pydantic
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.categories import RelationshipType
from safeguard_desktop.domain.errors import DomainError, first_error_message
from safeguard_desktop.domain.people import Adult, Child, Relationship
from safeguard_desktop.domain.ukdates import format_date
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.forms import AddressInput, date_edit, optional_date, split_list
from safeguard_desktop.gui.household import people_of
from safeguard_desktop.gui.widgets import ErrorLabel, Field, fit_to_screen, heading, line_edit, named, text_edit
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.store import Stored

PICK_LIMIT = 50


class PersonDialog(QDialog):
    """Link an adult to `child` with a relationship. Emits `saved(Stored[Relationship])`."""

    saved = Signal(object)

    def __init__(self, vault: Vault, child: Stored[Child], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault = vault
        self._child = child
        self._already = {adult.record_id for _, adult in people_of(vault, child.record_id)}
        self.setWindowTitle("Add person — safeguard-desktop")

        self.new_choice = named(QRadioButton("&Someone new"), "Someone new")
        self.existing_choice = named(
            QRadioButton("Someone &already recorded (for example a sibling's parent)"),
            "Someone already recorded",
        )
        self.new_choice.setChecked(True)
        choice = QButtonGroup(self)
        choice.addButton(self.new_choice)
        choice.addButton(self.existing_choice)

        # -- a new adult
        self.given_names = line_edit("Given names")
        self.family_name = line_edit("Family name")
        self.aliases = line_edit("Other names or aliases", "Separate several names with commas")
        self.date_of_birth = date_edit("Date of birth")
        self.dob_field = Field(self.date_of_birth)
        self.gender = line_edit("Gender")
        self.address = AddressInput("Current address")
        self.phone = line_edit("Phone")
        self.notes = text_edit("Notes", rows=2)
        self.new_box = QGroupBox("The person")
        form = QFormLayout(self.new_box)
        form.addRow("&Given names", self.given_names)
        form.addRow("&Family name", self.family_name)
        form.addRow("Other names or a&liases", self.aliases)
        form.addRow("&Date of birth", self.dob_field)
        form.addRow("Gende&r", self.gender)
        form.addRow("Current address", self.address)
        form.addRow("P&hone", self.phone)
        form.addRow("N&otes", self.notes)

        # -- an adult already in the vault
        self.search = line_edit("Find a recorded person", "Type a name")
        self.matches = named(QListWidget(), "Recorded people")
        self.existing_box = QGroupBox("Recorded people")
        pick = QVBoxLayout(self.existing_box)
        pick.addWidget(self.search)
        pick.addWidget(self.matches)

        # -- the relationship
        self.relationship = named(QComboBox(), "Relationship to the child")
        for kind in RelationshipType:
            self.relationship.addItem(kind.label(), kind.value)
        self.parental_responsibility = named(QCheckBox("Has parental responsibility"), "Has parental responsibility")
        self.lives_in_home = named(QCheckBox("Lives in the child's home"), "Lives in the home")
        rel_box = QGroupBox("Relationship to the child")
        form = QFormLayout(rel_box)
        form.addRow("Rela&tionship", self.relationship)
        form.addRow("", self.parental_responsibility)
        form.addRow("", self.lives_in_home)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(heading(f"Add a person for {child.data.title()}", level=2))
        body_layout.addWidget(self.new_choice)
        body_layout.addWidget(self.existing_choice)
        body_layout.addWidget(self.new_box)
        body_layout.addWidget(self.existing_box)
        body_layout.addWidget(rel_box)
        body_layout.addStretch(1)  # spare height goes below the form, not into it
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)

        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = named(self.buttons.button(QDialogButtonBox.StandardButton.Save), "Save person")
        named(self.buttons.button(QDialogButtonBox.StandardButton.Cancel), "Cancel")
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self._find)
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self.new_choice.toggled.connect(self._mode)
        self.relationship.currentIndexChanged.connect(self._default_pr)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._mode()
        self._default_pr()
        self._find()
        fit_to_screen(self, 600, 720)
        self.given_names.setFocus()

    def _mode(self) -> None:
        new = self.new_choice.isChecked()
        self.new_box.setVisible(new)
        self.existing_box.setVisible(not new)
        (self.given_names if new else self.search).setFocus()

    def _default_pr(self) -> None:
        # A mother always has parental responsibility; anyone else depends on the family's
        # circumstances, so the box is left for the practitioner to decide.
        if self.relationship.currentData() == RelationshipType.MOTHER.value:
            self.parental_responsibility.setChecked(True)

    def _find(self) -> None:
        self.matches.clear()
        try:
            found = self._vault.adults.list(text=self.search.text(), limit=PICK_LIMIT)
        except SafeguardError as exc:  # locked while the search was pending
            self.error.show_error(exc.message)
            return
        for adult in found:
            if adult.record_id in self._already:
                continue
            a = adult.data
            extra = format_date(a.date_of_birth) if a.date_of_birth else ""
            if a.current_address:
                extra = ", ".join(p for p in (extra, a.current_address.one_line()) if p)
            # List items are drawn as plain text, so markup in a name shows as typed.
            item = QListWidgetItem(f"{a.title()} ({extra})" if extra else a.title())
            item.setData(Qt.ItemDataRole.UserRole, adult)
            self.matches.addItem(item)

    # -- saving ----------------------------------------------------------------------------

    def _new_adult(self) -> Adult | None:
        self.dob_field.error.clear()
        try:
            dob = optional_date(self.date_of_birth)
        except DomainError as exc:
            self.dob_field.error.show_error(exc.message)
            return None
        try:
            address = self.address.value()
        except (DomainError, pydantic.ValidationError):
            return None
        values: dict[str, Any] = dict(
            given_names=self.given_names.text(),
            family_name=self.family_name.text(),
            aliases=split_list(self.aliases.text()),
            date_of_birth=dob,
            gender=self.gender.text(),
            current_address=address,
            phone=self.phone.text(),
            notes=self.notes.toPlainText(),
        )
        return Adult(**values)

    def save(self) -> None:
        """Write the adult (if new) and the relationship; keep the form on any problem."""
        self.error.clear()
        kind = RelationshipType(self.relationship.currentData())
        existing: Stored[Adult] | None = None
        adult: Adult | None = None
        try:
            if self.new_choice.isChecked():
                adult = self._new_adult()
                if adult is None:
                    self.error.show_error("Please correct the problems shown above; nothing has been saved.")
                    return
            else:
                item = self.matches.currentItem()
                if item is None:
                    self.error.show_error("Choose the person from the list, or choose Someone new.")
                    return
                existing = item.data(Qt.ItemDataRole.UserRole)
        except pydantic.ValidationError as exc:
            self.error.show_error(first_error_message(exc))
            return
        try:
            # One transaction: a new adult is never left behind without the link to the child.
            with self._vault.batch():
                if existing is None:
                    assert adult is not None
                    existing = self._vault.adults.add(adult)
                stored = self._vault.relationships.add(
                    Relationship(
                        adult_id=existing.record_id,
                        child_id=self._child.record_id,
                        relationship=kind,
                        parental_responsibility=self.parental_responsibility.isChecked(),
                        lives_in_home=self.lives_in_home.isChecked(),
                    )
                )
        except pydantic.ValidationError as exc:
            self.error.show_error(first_error_message(exc))
            return
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        self.saved.emit(stored)
        self.accept()
