"""What changed between two versions of a record, in words a practitioner reads.

A correction is a new version with a reason; the history view shows, for each version,
which fields changed and their text before and after. Everything here works on any
Record kind by walking its fields, so a new kind needs no code here: only a label for a
field name whose plain form ("next_steps" -> "Next steps") would read badly.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from typing import NamedTuple
from uuid import UUID

from pydantic import BaseModel

from safeguard_desktop.domain.ukdates import format_date, format_datetime

__all__ = ["Change", "NameLookup", "diff_records", "field_label", "record_fields", "value_text"]

# How a field refers to another record: the caller turns the ID into a name when it can.
NameLookup = Callable[[UUID], str]

# Field names whose plain form reads badly or is ambiguous out of context.
LABELS: dict[str, str] = {
    "happened": "When it happened",
    "account": "Factual account",
    "child_words": "The child's own words (verbatim)",
    "informed": "Who was informed",
    "status_history": "Status changes",
    "body_marks": "Body map marks",
    "review": "DSL review",
    "review_on": "Review date",
    "child_id": "Child",
    "child_ids": "Child",
    "adult_ids": "Adult",
    "adult_id": "Adult",
    "party": "Who",
    "on": "From",
    "x": "Position across",
    "y": "Position down",
    "mark_type": "Type of mark",
    "baby_mobile": "Baby mobile",
    "linked_record_id": "Linked record",
    "nhs_number": "NHS number",
    "upn": "UPN",
    "gp": "GP",
    "disability_send": "Disability or SEND",
    "date_of_birth": "Date of birth",
    "expected_delivery": "Expected date of delivery",
}

SEPARATOR = " › "
EMPTY = ""


class Change(NamedTuple):
    """One changed field: its readable path, and its text before and after ("" for none)."""

    label: str
    before: str
    after: str


def field_label(name: str) -> str:
    """Return a readable label for a field name."""
    return LABELS.get(name, name.replace("_", " ").capitalize())


def _uuid_text(value: UUID, names: NameLookup | None) -> str:
    if names is not None:
        try:
            found = names(value)
        except (LookupError, ValueError):
            found = ""
        if found:
            return found
    return f"record {str(value)[:8]}"


def value_text(value: object, names: NameLookup | None = None) -> str:
    """Return one field value as plain text: UK dates, labels for choices, names for IDs."""
    if value is None:
        return EMPTY
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Enum):
        label = getattr(value, "label", None)
        return str(label()) if callable(label) else str(value.value)
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, UUID):
        return _uuid_text(value, names)
    if isinstance(value, float):
        # Positions on an outline are fractions; a percentage reads more naturally.
        return f"{value * 100:.0f}%" if 0.0 <= value <= 1.0 else f"{value:g}"
    if isinstance(value, frozenset | set):
        texts = [value_text(v, names) for v in _declared_order(value)]
        return ", ".join(t for t in texts if t)
    if isinstance(value, list | tuple):
        return "; ".join(t for t in (value_text(v, names) for v in value) if t)
    if isinstance(value, BaseModel):
        return _model_text(value, names)
    return str(value)


def _declared_order(values: frozenset[object] | set[object]) -> list[object]:
    items = list(values)
    first = items[0] if items else None
    if isinstance(first, Enum) and all(isinstance(v, Enum) for v in items):
        declared: list[object] = list(type(first))
        return sorted(items, key=declared.index)
    return sorted(items, key=str)


def _model_text(model: BaseModel, names: NameLookup | None) -> str:
    """A nested value on one line. Kinds with their own wording (dates, people) use it."""
    for method in ("display", "one_line"):
        own = getattr(model, method, None)
        if callable(own):
            return str(own())
    parts = []
    for name in type(model).model_fields:
        text = _field_text(model, name, names)
        if text:
            parts.append(f"{field_label(name)}: {text}")
    return "; ".join(parts)


def _field_text(model: BaseModel, name: str, names: NameLookup | None) -> str:
    """A field's text; a model with a `<field>_label()` method (a body region's key) words it itself."""
    own = getattr(model, f"{name}_label", None)
    if callable(own) and getattr(model, name) is not None:
        try:
            return str(own())
        except (LookupError, ValueError):
            pass
    return value_text(getattr(model, name), names)


def _has_own_wording(model: BaseModel) -> bool:
    # Only a date-like value is shown whole: a person (one_line) is split into name, role,
    # organisation and contact, so that a corrected role shows as the one change it is.
    return callable(getattr(model, "display", None))


def _flatten(model: BaseModel, names: NameLookup | None, prefix: str = "") -> dict[str, str | list[str]]:
    """Field path label -> text; a list field keeps one text per item, for matching."""
    out: dict[str, str | list[str]] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        label = prefix + field_label(name)
        if isinstance(value, BaseModel) and not _has_own_wording(value):
            out.update(_flatten(value, names, label + SEPARATOR))
        elif isinstance(value, list | tuple):
            out[label] = [value_text(item, names) for item in value]
        else:
            out[label] = _field_text(model, name, names)
    return out


def record_fields(record: BaseModel, names: NameLookup | None = None) -> list[tuple[str, str]]:
    """Every field of a record as (label, text), list items numbered, empty fields left out."""
    rows: list[tuple[str, str]] = []
    for label, text in _flatten(record, names).items():
        if isinstance(text, list):
            many = len(text) > 1
            rows += [(f"{label} {n}" if many else label, item) for n, item in enumerate(text, start=1) if item]
        elif text:
            rows.append((label, text))
    return rows


def _list_changes(label: str, before: list[str], after: list[str]) -> list[Change]:
    """Items present in both drop out; what is left is paired in order, the rest added or removed.

    Matching by text first means adding someone at the top of a list does not show every
    later item as changed.
    """
    left = list(before)
    right = list(after)
    for text in before:
        if text in right:
            left.remove(text)
            right.remove(text)
    changes: list[Change] = []
    for n in range(max(len(left), len(right))):
        old = left[n] if n < len(left) else EMPTY
        new = right[n] if n < len(right) else EMPTY
        changes.append(Change(label, old, new))
    return changes


def diff_records(before: BaseModel | None, after: BaseModel, names: NameLookup | None = None) -> list[Change]:
    """Return the fields that differ between two versions, in field order.

    `before` None means `after` is the first version: every recorded field is "added".
    """
    new = _flatten(after, names)
    old = _flatten(before, names) if before is not None else {}
    changes: list[Change] = []
    for label in list(new) + [k for k in old if k not in new]:
        was, now = old.get(label, EMPTY), new.get(label, EMPTY)
        if isinstance(was, list) or isinstance(now, list):
            was_items = was if isinstance(was, list) else ([was] if was else [])
            now_items = now if isinstance(now, list) else ([now] if now else [])
            changes += _list_changes(label, was_items, now_items)
        elif was != now:
            changes.append(Change(label, was, now))
    return changes
