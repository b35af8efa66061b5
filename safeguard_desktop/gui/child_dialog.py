"""Add a child: every field a referral needs, each checked with the domain's own words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pydantic
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QWidget,
)

from safeguard_desktop.domain.errors import DomainError, first_error_message
from safeguard_desktop.domain.identifiers import normalise_nhs_number, normalise_upn
from safeguard_desktop.domain.people import Child
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.drafts import set_widget_values, widget_values
from safeguard_desktop.gui.forms import AddressInput, date_edit, optional_date, split_list
from safeguard_desktop.gui.widgets import Field, ScrollingFormDialog, line_edit, named
from safeguard_desktop.vault.session import Vault

AGE_STATUSES = (
    ("known", "Date of birth known"),
    ("assessed", "Age assessed (no reliable date of birth)"),
    ("disputed", "Age disputed"),
)


class ChildDialog(ScrollingFormDialog):
    """Add a child to the vault. Emits `saved(Stored[Child])` and accepts on success.

    A problem is shown next to the field it concerns and nothing typed is lost; nothing is
    written until every check passes.
    """

    saved = Signal(object)
    draft_key = "child:new"
    draft_noun = "new child"

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault = vault
        self.setWindowTitle("New child — safeguard-desktop")

        self.given_names = line_edit("Given names")
        self.family_name = line_edit("Family name")
        self.other_names = line_edit("Other names", "Separate several names with commas")
        self.date_of_birth = date_edit("Date of birth")
        self.unborn = named(QCheckBox("Not yet born"), "Not yet born")
        self.expected_delivery = date_edit("Expected date of delivery")
        self.age_status = named(QComboBox(), "Age status")
        for value, label in AGE_STATUSES:
            self.age_status.addItem(label, value)
        self.age_note = line_edit("Assessed age or note", "e.g. assessed as about 15 (03/2024)")
        self.gender = line_edit("Gender")
        self.ethnicity = line_edit("Ethnicity")
        self.religion = line_edit("Religion")
        self.first_language = line_edit("First language")
        self.interpreter = named(QCheckBox("An interpreter is needed"), "Interpreter needed")
        self.send = line_edit("Disability or SEND", "Special educational needs or disability")
        self.address = AddressInput("Address")
        self.gp = line_edit("GP", "Practice name")
        self.school = line_edit("School or setting")
        self.upn = line_edit("UPN", "13 characters, e.g. A123456789012", max_length=20)
        self.nhs_number = line_edit("NHS number", "10 digits, e.g. 943 476 5919", max_length=20)

        # Fields with their own inline error, keyed by the model's field name so pydantic's
        # errors land next to the right input.
        self.fields: dict[str, Field] = {
            name: Field(widget)
            for name, widget in (
                ("given_names", self.given_names),
                ("family_name", self.family_name),
                ("date_of_birth", self.date_of_birth),
                ("expected_delivery", self.expected_delivery),
                ("nhs_number", self.nhs_number),
                ("upn", self.upn),
            )
        }

        name_box = QGroupBox("Name")
        form = QFormLayout(name_box)
        form.addRow("&Given names", self.fields["given_names"])
        form.addRow("&Family name", self.fields["family_name"])
        form.addRow("&Other names", self.other_names)

        birth_box = QGroupBox("Birth and age")
        form = QFormLayout(birth_box)
        form.addRow("&Date of birth", self.fields["date_of_birth"])
        form.addRow("", self.unborn)
        form.addRow("&Expected delivery", self.fields["expected_delivery"])
        form.addRow("&Age", self.age_status)
        form.addRow("Age &note", self.age_note)

        about_box = QGroupBox("About the child")
        form = QFormLayout(about_box)
        form.addRow("Gende&r", self.gender)
        form.addRow("E&thnicity", self.ethnicity)
        form.addRow("Re&ligion", self.religion)
        form.addRow("First lang&uage", self.first_language)
        form.addRow("", self.interpreter)
        form.addRow("Disability or &SEND", self.send)

        where_box = QGroupBox("Where they live and who sees them")
        form = QFormLayout(where_box)
        form.addRow("Address", self.address)
        form.addRow("G&P", self.gp)
        form.addRow("S&chool or setting", self.school)

        ids_box = QGroupBox("Identifiers")
        form = QFormLayout(ids_box)
        form.addRow("&NHS number", self.fields["nhs_number"])
        form.addRow("UP&N", self.fields["upn"])

        self.finish_layout([name_box, birth_box, about_box, where_box, ids_box], "Save child", 620, 720)

        self.unborn.toggled.connect(self._birth_mode)
        self.age_status.currentIndexChanged.connect(self._birth_mode)
        # Identifiers are checked as soon as the person leaves the field, not only on Save.
        for name, check in self._checks().items():
            self.fields[name].editor.editingFinished.connect(lambda n=name, c=check: self._check(n, c))
        self._birth_mode()
        self.given_names.setFocus()

    # -- drafts (kept in the vault when it locks mid-form) ---------------------------------

    def _inputs(self) -> dict[str, QWidget]:
        names = (
            "given_names family_name other_names date_of_birth unborn expected_delivery age_status age_note "
            "gender ethnicity religion first_language interpreter send gp school upn nhs_number"
        ).split()
        inputs: dict[str, QWidget] = {name: getattr(self, name) for name in names}
        inputs.update(
            address_lines=self.address.lines, address_town=self.address.town, address_postcode=self.address.postcode
        )
        return inputs

    def draft_state(self) -> dict[str, Any]:
        """Everything typed or ticked so far, as JSON-friendly values."""
        return widget_values(self._inputs())

    def restore_draft(self, state: dict[str, Any]) -> None:
        """Put a draft back."""
        set_widget_values(self._inputs(), state)
        self._birth_mode()

    # -- checks ----------------------------------------------------------------------------

    def _checks(self) -> dict[str, Callable[[], Any]]:
        def nhs() -> str | None:
            text = self.nhs_number.text().strip()
            return normalise_nhs_number(text) if text else None

        def upn() -> str | None:
            text = self.upn.text().strip()
            return normalise_upn(text) if text else None

        return {
            "date_of_birth": lambda: optional_date(self.date_of_birth),
            "expected_delivery": lambda: optional_date(self.expected_delivery),
            "nhs_number": nhs,
            "upn": upn,
        }

    def _check(self, name: str, check: Callable[[], Any]) -> tuple[bool, Any]:
        field = self.fields[name]
        try:
            value = check()
        except DomainError as exc:
            field.error.show_error(exc.message)
            return False, None
        field.error.clear()
        return True, value

    def _birth_mode(self) -> None:
        unborn = self.unborn.isChecked()
        self.date_of_birth.setEnabled(not unborn)
        self.expected_delivery.setEnabled(unborn)
        self.age_note.setEnabled(self.age_status.currentData() != "known")

    # -- saving ----------------------------------------------------------------------------

    def values(self) -> dict[str, Any] | None:
        """The model's fields from the form, or None after showing every problem inline."""
        self.error.clear()
        for field in self.fields.values():
            field.error.clear()
        values: dict[str, Any] = {}
        ok = True
        for name, check in self._checks().items():
            good, value = self._check(name, check)
            ok = ok and good
            values[name] = value
        try:
            address = self.address.value()
        except (DomainError, pydantic.ValidationError):
            ok = False
            address = None
        if not ok:
            self.error.show_error("Please correct the problems shown above; nothing has been saved.")
            self._reveal_first_problem()
            return None
        unborn = self.unborn.isChecked()
        values.update(
            given_names=self.given_names.text(),
            family_name=self.family_name.text(),
            other_names=split_list(self.other_names.text()),
            date_of_birth=None if unborn else values["date_of_birth"],
            expected_delivery=values["expected_delivery"] if unborn else None,
            age_status=self.age_status.currentData(),
            assessed_age_note=self.age_note.text() if self.age_note.isEnabled() else "",
            gender=self.gender.text(),
            ethnicity=self.ethnicity.text(),
            religion=self.religion.text(),
            first_language=self.first_language.text(),
            interpreter_needed=self.interpreter.isChecked(),
            disability_send=self.send.text(),
            address=address,
            gp=self.gp.text(),
            school_or_setting=self.school.text(),
        )
        return values

    def save(self) -> None:
        """Check everything, then write the child; on any problem keep the form as typed."""
        values = self.values()
        if values is None:
            return
        try:
            child = Child(**values)
        except pydantic.ValidationError as exc:
            self._show_validation(exc)
            return
        try:
            stored = self._vault.children.add(child)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        self.saved.emit(stored)
        self.accept()

    def _reveal_first_problem(self) -> None:
        # The form is taller than the screen: bring the first problem into view and put the
        # cursor in it, so the message at the bottom never points at something hidden.
        fields = [*self.fields.values(), self.address.postcode_field]
        for field in fields:
            if field.error.text():
                self._scroll.ensureWidgetVisible(field)
                field.editor.setFocus()
                return

    def _show_validation(self, exc: pydantic.ValidationError) -> None:
        message = first_error_message(exc)
        errors = exc.errors()
        loc = errors[0].get("loc", ()) if errors else ()
        field = self.fields.get(str(loc[0])) if loc else None
        if field is not None:
            field.error.show_error(message)
            field.editor.setFocus()
        self.error.show_error(message)
