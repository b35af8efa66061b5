"""Unsaved forms survive a lock: their state goes into the vault as a draft.

A form that takes part has `draft_key` (for example ``concern:<child id>``),
`draft_state() -> dict` (JSON-friendly values only) and `restore_draft(dict)`. Drafts are
kept inside the encrypted vault by the core (`vault.drafts`), never on disk beside it.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, Protocol

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from safeguard_desktop.domain.ukdates import format_datetime, utc_now
from safeguard_desktop.errors import SafeguardError

log = logging.getLogger(__name__)


class DraftForm(Protocol):
    draft_key: str
    draft_noun: str  # "concern", "child": for the note shown when a draft is restored

    def draft_state(self) -> dict[str, Any]: ...

    def restore_draft(self, state: dict[str, Any]) -> None: ...


def save_draft(vault: Any, form: DraftForm) -> bool:
    """Store the form's state in the vault; say whether it was stored."""
    try:
        vault.drafts.save(form.draft_key, {"saved_at": utc_now().isoformat(), "form": form.draft_state()})
    except (SafeguardError, AttributeError, TypeError, ValueError) as exc:
        log.warning("Draft not saved: %s", type(exc).__name__)
        return False
    return True


def restore_draft(vault: Any, form: DraftForm) -> str | None:
    """Fill the form from its draft, if there is one; return the note to show, or None."""
    try:
        draft = vault.drafts.load(form.draft_key)
    except (SafeguardError, AttributeError) as exc:
        log.warning("Draft not read: %s", type(exc).__name__)
        return None
    if not draft or not isinstance(draft.get("form"), dict):
        return None
    form.restore_draft(draft["form"])
    when = ""
    try:
        when = f" from {format_datetime(datetime.fromisoformat(draft['saved_at']))}"
    except (KeyError, TypeError, ValueError):
        pass
    return (
        f"Continued: the unsaved {form.draft_noun}{when}, kept when the vault locked. "
        "Save it to keep it, or Cancel to discard it."
    )


def discard_draft(vault: Any, key: str) -> None:
    """Forget a draft (after the form was saved or deliberately cancelled)."""
    try:
        vault.drafts.discard(key)
    except (SafeguardError, AttributeError) as exc:
        log.warning("Draft not discarded: %s", type(exc).__name__)


def offer_draft(vault: Any, dialog: QWidget) -> None:
    """Fill a form that takes part in drafts from its draft, with a note saying so."""
    if vault is not None and hasattr(dialog, "draft_key"):
        note = restore_draft(vault, dialog)  # type: ignore[arg-type]
        if note and hasattr(dialog, "show_note"):
            dialog.show_note(note)


def forget_draft(vault: Any, dialog: QWidget) -> None:
    """The form was saved or cancelled by the person: its draft is done with."""
    if vault is not None and hasattr(dialog, "draft_key"):
        discard_draft(vault, dialog.draft_key)


def widget_values(widgets: dict[str, QWidget]) -> dict[str, Any]:
    """The state of simple inputs, by name: text, ticks and combo-box choices."""
    state: dict[str, Any] = {}
    for name, widget in widgets.items():
        if isinstance(widget, QLineEdit):
            state[name] = widget.text()
        elif isinstance(widget, QPlainTextEdit):
            state[name] = widget.toPlainText()
        elif isinstance(widget, QCheckBox):
            state[name] = widget.isChecked()
        elif isinstance(widget, QComboBox):
            state[name] = widget.currentData()
    return state


def set_widget_values(widgets: dict[str, QWidget], state: dict[str, Any]) -> None:
    """Put `widget_values` back; unknown or mistyped entries are skipped."""
    for name, widget in widgets.items():
        value = state.get(name)
        if value is None:
            continue
        if isinstance(widget, QLineEdit) and isinstance(value, str):
            widget.setText(value)
        elif isinstance(widget, QPlainTextEdit) and isinstance(value, str):
            widget.setPlainText(value)
        elif isinstance(widget, QCheckBox) and isinstance(value, bool):
            widget.setChecked(value)
        elif isinstance(widget, QComboBox):
            index = widget.findData(value)
            if index >= 0:
                widget.setCurrentIndex(index)
