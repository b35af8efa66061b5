"""Any record as readable sections, for a subject access bundle.

A bundle is read by the person who asked, not by the app: every field gets a label in plain
British English, dates are dd/mm/yyyy, and a child or adult the record refers to is named.
Fingerprints, packet numbers and references to other records by ID mean nothing to a reader
and are left out. A statement of disagreement travels with its record, as two sections: who
it is from, then their words. Labels are printed as they are and listed in the schedule of
redactions, so a label never holds personal data: a name goes in a section's text, where it
can be redacted (the person who disagrees may be a third party to the requester).

Sections are the unit a reviewer redacts within, so their order must be stable for one
version of a record: fields in their declared order, then statements oldest first.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from uuid import UUID

from safeguard_desktop.domain.ukdates import format_date
from safeguard_desktop.domain.versions import SEPARATOR, field_label, record_fields
from safeguard_desktop.governance.statements import statements_for
from safeguard_desktop.vault.store import Stored

if TYPE_CHECKING:
    from safeguard_desktop.vault.session import Vault

__all__ = ["Section", "people_names", "record_sections"]

Section = tuple[str, str]

# Fields a reader has no use for: fingerprints, packet numbers, guide and pack internals.
_INTERNAL_FIELDS = (
    "sha256",
    "digest",
    "packet_id",
    "encrypted_to",
    "indicator_id",
    "domain_id",
    "area_id",
    "sub_area_id",
    "item",
    "x",
    "y",
)
_INTERNAL_LABELS = {field_label(name) for name in _INTERNAL_FIELDS}
# How domain.versions words an ID it could not name (a record that is not a person).
_UNNAMED_ID = re.compile(r"(?:[^:;]+: )?record [0-9a-f]{8}")


def people_names(vault: Vault) -> Any:
    """A lookup from a child's or adult's ID to their name; any other ID is not named (LookupError)."""
    cache: dict[UUID, str] = {}
    conn = vault._ctx.conn

    def lookup(record_id: UUID) -> str:
        if record_id not in cache:
            row = conn.execute(
                "SELECT title FROM records WHERE id = ? AND kind IN ('child', 'adult')", (str(record_id),)
            ).fetchone()
            if row is None:
                raise LookupError(record_id)
            cache[record_id] = str(row[0])
        return cache[record_id]

    return lookup


def _internal(label: str) -> bool:
    return any(part.rstrip(" 0123456789") in _INTERNAL_LABELS for part in label.split(SEPARATOR))


def _without_ids(text: str) -> str:
    """Drop the parts of a value that are only unnamed record IDs or internal fields."""
    parts = text.split("; ")
    kept = [
        part
        for part in parts
        if not _UNNAMED_ID.fullmatch(part) and not any(part.startswith(f"{label}: ") for label in _INTERNAL_LABELS)
    ]
    return "; ".join(kept)


def record_sections(vault: Vault, stored: Stored[Any], *, names: Any = None) -> list[Section]:
    """The record's fields as (label, text), then each statement of disagreement as two sections:
    who it is from, then the words ("Statement of disagreement N, received dd/mm/yyyy").

    `names` is a lookup from `people_names` to share between records; one is made when not given.
    """
    lookup = names if names is not None else people_names(vault)
    sections: list[Section] = []
    for label, text in record_fields(stored.data, lookup):
        if _internal(label):
            continue
        cleaned = _without_ids(text)
        if cleaned.strip():
            sections.append((label, cleaned))
    for number, statement in enumerate(statements_for(vault, stored.record_id), start=1):
        # Not Statement.heading(): it names who disagrees, and a label cannot be redacted.
        sections.append((f"Statement of disagreement {number} — from", statement.made_by))
        sections.append(
            (f"Statement of disagreement {number}, received {format_date(statement.received)}", statement.text)
        )
    return sections
