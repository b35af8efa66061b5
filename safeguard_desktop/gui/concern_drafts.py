"""The concern form's drafts: what is typed is kept inside the vault when it locks mid-form.

Split from concern_dialog to keep each module readable; the dialog's `draft_state` and
`restore_draft` call these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

import pydantic
from PySide6.QtWidgets import QWidget

from safeguard_desktop.domain.bodymap import BodyMark
from safeguard_desktop.domain.categories import ConcernCategory
from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.drafts import set_widget_values, widget_values

if TYPE_CHECKING:
    from safeguard_desktop.gui.concern_dialog import ConcernDialog


def simple_inputs(form: ConcernDialog) -> dict[str, QWidget]:
    """The form's one-widget inputs, by draft name."""
    return {
        "precision": form.happened.precision,
        "date": form.happened.date,
        "time": form.happened.time,
        "approximate": form.happened.approximate,
        "recorded_by_name": form.recorded_by.name,
        "recorded_by_role": form.recorded_by.role,
        "recorded_by_organisation": form.recorded_by.organisation,
        "reported_by": form.reported_by,
        "account": form.account,
        "child_words": form.child_words,
        "action_taken": form.action_taken,
        "status": form.status.status,
        "status_on": form.status.changed_on,
        "status_note": form.status.note,
        "reason": form.reason,
    }


def draft_state(form: ConcernDialog) -> dict[str, Any]:
    """Everything typed or ticked so far, as JSON-friendly values."""
    state = widget_values(simple_inputs(form))
    state["children"] = [
        {
            "id": str(stored.record_id),
            "involved": tick.isChecked(),
            "roles": [r.value for r, b in roles.items() if b.isChecked()],
        }
        for stored, tick, roles in form.children.rows()
    ]
    state["categories"] = [c.value for c in form.categories.selected()]
    state["informed"] = form.informed.texts()
    state["body_marks"] = [mark.model_dump(mode="json") for mark in form.body_map.value()]
    # Files chosen but not yet saved are not kept in a draft: evidence is added once, on purpose.
    return state


def restore_draft(form: ConcernDialog, state: dict[str, Any]) -> None:
    """Put a draft back, re-reading any extra child it names from the vault."""
    set_widget_values(simple_inputs(form), state)
    for entry in state.get("children", []):
        try:
            record_id = UUID(entry["id"])
            if record_id not in form.children.ids():
                form.children.add_child(form.vault.children.get(record_id), involved=False)
        except (SafeguardError, KeyError, TypeError, ValueError):
            continue  # withdrawn since, or a damaged entry: leave it out
        for stored, tick, roles in form.children.rows():
            if stored.record_id == record_id:
                tick.setChecked(bool(entry.get("involved")))
                for role, box in roles.items():
                    box.setChecked(role.value in entry.get("roles", []))
    if isinstance(state.get("categories"), list):
        # A correction starts with the stored categories ticked: the draft replaces them.
        for category in ConcernCategory:
            form.categories.set_checked(category, category.value in state["categories"])
    if isinstance(state.get("informed"), list):
        form.informed.restore_texts([row for row in state["informed"] if isinstance(row, list)])
    if isinstance(state.get("body_marks"), list):
        marks = []
        for entry in state["body_marks"]:
            try:
                marks.append(BodyMark.model_validate(entry))
            except (pydantic.ValidationError, DomainError):
                continue  # a region renamed since: the rest come back
        form.body_map.set_value(marks)
    (form.reason if form.is_correction else form.happened).setFocus()
