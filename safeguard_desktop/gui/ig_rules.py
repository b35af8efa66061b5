"""The retention rules: each with its period, published source and any local adjustment.

The IG lead can adjust a rule (years, days, what happens at the end) with a reason, and say
whether this vault belongs to a school or an NHS service, which decides the rule for a
child's file. Every change is kept with its reason and shown in the history below.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.ukdates import format_datetime
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.governance.rules import (
    ORGANISATION_LABELS,
    Rule,
    adjust_rule,
    effective_rules,
    organisation_history,
    organisation_is_set,
    organisation_type,
    rule_history,
    set_organisation_type,
)
from safeguard_desktop.gui.governance_widgets import action_button, fill, form_dialog, reuse_window, stretch
from safeguard_desktop.gui.widgets import (
    ErrorLabel,
    fit_to_screen,
    heading,
    listing_table,
    named,
    plain_label,
    text_edit,
)

HEADERS = ("Rule", "Applies to", "Period", "Source", "Local adjustment")
HISTORY_HEADERS = ("Changed", "By", "Years", "Days", "Then", "Reason")
ORG_HISTORY_HEADERS = ("Changed", "By", "Organisation", "Reason")
APPLIES = {"school": "Schools", "nhs": "NHS services", "any": "Every vault"}
THEN = {"review": "Review", "delete": "Delete"}


def _reason_box(name: str, placeholder: str) -> Any:
    return text_edit(name, placeholder, rows=3)


class AdjustRuleDialog(QDialog):
    """Change a rule's years, days or then-action, with the reason."""

    def __init__(self, vault: Any, rule: Rule, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault, self.rule = vault, rule
        self.setWindowTitle("Adjust retention rule — safeguard-desktop")
        self.years = named(QSpinBox(), "Years")
        self.years.setRange(0, 150)
        self.years.setValue(rule.period.years)
        self.days = named(QSpinBox(), "Days")
        self.days.setRange(0, 3650)
        self.days.setValue(rule.period.days)
        self.then = named(QComboBox(), "Then")
        for key, label in THEN.items():
            self.then.addItem(label, key)
        self.then.setCurrentIndex(list(THEN).index(rule.then))
        self.reason = _reason_box("Reason for the change", "e.g. the governors' records policy of March 2026")
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = named(self.buttons.button(QDialogButtonBox.StandardButton.Save), "Save adjustment")
        named(self.buttons.button(QDialogButtonBox.StandardButton.Cancel), "Cancel")
        form_dialog(
            self,
            f"Adjust: {rule.title}",
            f"Shipped source: {rule.source}",
            [("&Years", self.years), ("&Days", self.days), ("&Then", self.then), ("&Reason", self.reason)],
        )
        self.years.setFocus()

    def accept(self) -> None:
        """Save the adjustment; stay open with the problem shown when it is refused."""
        try:
            adjust_rule(
                self.vault,
                self.rule.id,
                years=self.years.value(),
                days=self.days.value(),
                then=str(self.then.currentData()),
                reason=self.reason.toPlainText(),
            )
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        super().accept()


class OrganisationDialog(QDialog):
    """Say whether this vault belongs to a school or an NHS service, with the reason."""

    def __init__(self, vault: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.setWindowTitle("Organisation type — safeguard-desktop")
        self.kind = named(QComboBox(), "Organisation type")
        for key, label in ORGANISATION_LABELS.items():
            self.kind.addItem(label, key)
        self.kind.setCurrentIndex(list(ORGANISATION_LABELS).index(organisation_type(vault)))
        self.reason = _reason_box("Reason for the change", "e.g. this vault is used by the school nursing team")
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = named(self.buttons.button(QDialogButtonBox.StandardButton.Save), "Save organisation type")
        named(self.buttons.button(QDialogButtonBox.StandardButton.Cancel), "Cancel")
        form_dialog(
            self,
            "Which kind of organisation holds this vault?",
            "It decides which rule a child's file is kept under.",
            [("&Organisation", self.kind), ("&Reason", self.reason)],
        )
        self.kind.setFocus()

    def accept(self) -> None:
        """Save it; stay open with the problem shown when it is refused."""
        try:
            set_organisation_type(self.vault, str(self.kind.currentData()), self.reason.toPlainText())
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        super().accept()


class RulesWindow(QDialog):
    """The rules, the organisation type, and the history of changes to the chosen rule."""

    def __init__(self, vault: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.rules: list[Rule] = []
        self.setWindowTitle("Retention rules — safeguard-desktop")
        self.organisation = plain_label()
        self.organisation.setAccessibleName("Organisation type")
        self.organisation_button = action_button(
            "Change &organisation type…", "Change organisation type", self.change_org
        )
        self.table = listing_table("Retention rules", HEADERS)
        # Every column shares the width and wraps: the sources are long and must be read whole.
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.itemSelectionChanged.connect(self._show_history)
        self.adjust_button = action_button("&Adjust…", "Adjust rule", self.adjust)
        self.history = stretch(listing_table("Changes to the chosen rule", HISTORY_HEADERS), 5)
        self.org_history = stretch(listing_table("Changes to the organisation type", ORG_HISTORY_HEADERS), 3)
        self.error = ErrorLabel()
        org_row = QHBoxLayout()
        org_row.addWidget(self.organisation, 1)
        org_row.addWidget(self.organisation_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.adjust_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Retention rules", level=2))
        layout.addLayout(org_row)
        layout.addWidget(self.table, 3)
        layout.addLayout(buttons)
        layout.addWidget(heading("Changes to the chosen rule", level=2))
        layout.addWidget(self.history, 1)
        layout.addWidget(heading("Changes to the organisation type", level=2))
        layout.addWidget(self.org_history, 1)
        layout.addWidget(self.error)
        fit_to_screen(self, 1000, 680)
        self.refresh()
        self.table.setFocus()

    def refresh(self) -> None:
        """Read the rules and their history again."""
        self.error.clear()
        if self.vault is None:
            return
        current = self.table.currentRow()
        try:
            self.rules = effective_rules(self.vault)
            kind = organisation_type(self.vault)
            chosen = organisation_is_set(self.vault)
            org_changes = organisation_history(self.vault)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        label = ORGANISATION_LABELS[kind]
        self.organisation.setText(
            f"This vault keeps records as: {label}."
            if chosen
            else f"This vault keeps records as: {label} (guessed from your role; change it if that is wrong)."
        )
        fill(self.table, [_rule_row(r) for r in self.rules])
        fill(
            self.org_history,
            [
                (format_datetime(c.changed_at), c.changed_by.name, ORGANISATION_LABELS[c.organisation], c.reason)
                for c in org_changes
            ],
        )
        self.table.selectRow(current if 0 <= current < len(self.rules) else 0)
        self._show_history()

    def selected(self) -> Rule | None:
        """The rule chosen in the table."""
        rows = self.table.selectionModel().selectedRows()
        return self.rules[rows[0].row()] if rows and rows[0].row() < len(self.rules) else None

    def _show_history(self) -> None:
        chosen = self.selected()
        self.adjust_button.setEnabled(chosen is not None)
        if chosen is None or self.vault is None:
            fill(self.history, [])
            return
        try:
            changes = rule_history(self.vault, chosen.id)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        fill(
            self.history,
            [
                (format_datetime(c.changed_at), c.changed_by.name, str(c.years), str(c.days), THEN[c.then], c.reason)
                for c in changes
            ],
        )

    def adjust(self) -> None:
        """Ask for the new period and the reason."""
        chosen = self.selected()
        if chosen is not None and self.vault is not None:
            if AdjustRuleDialog(self.vault, chosen, self).exec() == QDialog.DialogCode.Accepted:
                self.refresh()

    def change_org(self) -> None:
        """Ask which kind of organisation this is, and why."""
        if self.vault is not None and OrganisationDialog(self.vault, self).exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def closeEvent(self, event: Any) -> None:
        """Forget the vault when closed, as on lock."""
        self.vault = None
        super().closeEvent(event)


def _rule_row(rule: Rule) -> tuple[str, ...]:
    kind = "A child's file" if rule.record_kind == "child_file" else "A vault backup"
    adjusted = rule.adjustment.note() if rule.adjustment else "As shipped"
    return (
        f"{rule.title}\n{rule.covers}",
        f"{kind}, {APPLIES[rule.organisation]}",
        rule.describe(),
        rule.source,
        adjusted,
    )


def open_retention_rules(window: Any) -> RulesWindow:
    """Open (or raise) the retention rules for the main window's vault."""
    return reuse_window(window, "_ig_rules_window", lambda: RulesWindow(window.vault, window))


__all__ = ["AdjustRuleDialog", "OrganisationDialog", "RulesWindow", "open_retention_rules"]
