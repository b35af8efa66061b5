"""Finding a person, and every record that names them, for a subject access request.

A person is named by a record in two ways: the record links to them (a concern about a child,
a relationship to an adult), or its words mention them (an account that names the mother's
partner without linking him). A subject access request must answer both, so the search takes
the union: the links of each record's current version, and the full-text index of current
versions. A statement of disagreement attached to a record is not in that index, so statements
are searched too: a record whose only mention of the person is a statement about it (or by
them) still names them. Records withdrawn in error are included and marked, because they are
still held.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal
from uuid import UUID

from safeguard_desktop.domain.people import Adult, Child
from safeguard_desktop.domain.ukdates import format_date
from safeguard_desktop.errors import RecordNotFound, SafeguardError
from safeguard_desktop.vault.store import Repository, Stored, fts_query

if TYPE_CHECKING:
    from safeguard_desktop.vault.session import Vault

__all__ = [
    "KIND_LABELS",
    "NamingRecord",
    "Person",
    "PersonKind",
    "find_people",
    "kind_label",
    "person",
    "records_naming",
    "repository_for",
    "stored_record",
]

PersonKind = Literal["child", "adult"]

KIND_LABELS: dict[str, str] = {
    "child": "Child",
    "adult": "Adult",
    "relationship": "Relationship",
    "professional": "Professional",
    "concern": "Concern",
    "chronology_entry": "Chronology entry",
    "attachment": "Attachment",
    "status_period": "Status period",
    "meeting": "Meeting",
    "threshold_decision": "Threshold decision",
    "screening": "Screening",
    "referral": "Referral",
}


def kind_label(kind: str) -> str:
    """A record kind in words ("chronology_entry" -> "Chronology entry")."""
    return KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())


@dataclass(frozen=True)
class Person:
    """A child or adult who may make (or be the subject of) a request."""

    id: UUID
    kind: PersonKind
    name: str
    born: date | None
    other_names: tuple[str, ...]
    withdrawn: bool = False

    def label(self) -> str:
        """One line to tell people of the same name apart: name, child or adult, date of birth."""
        parts = ["child" if self.kind == "child" else "adult"]
        if self.born is not None:
            parts.append(f"born {format_date(self.born)}")
        if self.withdrawn:
            parts.append("withdrawn in error")
        return f"{self.name} ({', '.join(parts)})"


def _person(stored: Stored[Child] | Stored[Adult]) -> Person:
    data = stored.data
    if isinstance(data, Child):
        return Person(stored.record_id, "child", data.full_name(), data.date_of_birth, tuple(data.other_names))
    return Person(stored.record_id, "adult", data.full_name(), data.date_of_birth, tuple(data.aliases))


def find_people(vault: Vault, text: str, *, limit: int = 50) -> list[Person]:
    """Children and adults whose names (or other names) contain every word typed; children first."""
    if not fts_query(text):
        return []
    found: list[Person] = []
    for repository in (vault.children, vault.adults):
        for stored in repository.list(text=text, include_withdrawn=True, limit=limit):
            found.append(_person(stored))
    return found[:limit]


def person(vault: Vault, person_id: UUID) -> Person:
    """The child or adult with this ID (RecordNotFound when neither)."""
    try:
        return _person(vault.children.get(person_id))
    except RecordNotFound:
        pass
    stored = vault.adults.get(person_id)
    return _person(stored)


def repository_for(vault: Vault, kind: str) -> Repository[Any]:
    """The vault's repository for a record kind."""
    for repository in vault.repositories():
        if repository.kind == kind:
            return repository
    raise SafeguardError(f"This vault has no records of the kind {kind!r}.")


def stored_record(vault: Vault, record_id: UUID, version_id: UUID | None = None) -> Stored[Any]:
    """A record's current version, or the given version of it (RecordNotFound when absent)."""
    row = vault._ctx.conn.execute("SELECT kind FROM records WHERE id = ?", (str(record_id),)).fetchone()
    if row is None:
        raise RecordNotFound("That record is no longer in this vault.")
    repository = repository_for(vault, str(row[0]))
    if version_id is None:
        return repository.get(record_id)
    for stored in repository.history(record_id):
        if stored.version_id == version_id:
            return stored
    raise RecordNotFound("That version of the record is no longer in this vault.")


@dataclass(frozen=True)
class NamingRecord:
    """A record that names the person: how (linked, mentioned or both), its kind and state."""

    record_id: UUID
    kind: str
    title: str
    withdrawn: bool
    linked: bool
    mentioned: bool
    created_at: datetime

    def kind_label(self) -> str:
        """The record's kind in words."""
        return kind_label(self.kind)

    def how(self) -> str:
        """Why the record is listed, in words."""
        if self.linked and self.mentioned:
            return "Linked and named in the text"
        return "Linked to them" if self.linked else "Named in the text"


def _words(text: str) -> set[str]:
    """Whole words as the search index sees them: case and accents ignored, punctuation separates."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return set(re.findall(r"\w+", plain))


def _statements_naming(vault: Vault, names: tuple[str, ...]) -> set[str]:
    """IDs of records with a statement whose words or author contain every word of one of the names."""
    wanted = [w for w in (_words(name) for name in names) if w]
    if not wanted:
        return set()
    found: set[str] = set()
    for record_id, made_by, text in vault._ctx.conn.execute("SELECT record_id, made_by, text FROM statements"):
        words = _words(f"{made_by}\n{text}")
        if any(name <= words for name in wanted):
            found.add(str(record_id))
    return found


def records_naming(vault: Vault, person_id: UUID) -> list[NamingRecord]:
    """Every record that names the person, oldest first: their own record, records linked to them,
    and records whose words mention any of their names. Withdrawn records are included, marked.
    """
    subject = person(vault, person_id)
    conn = vault._ctx.conn
    linked = {str(r[0]) for r in conn.execute("SELECT record_id FROM links WHERE target_id = ?", (str(person_id),))}
    linked.add(str(person_id))
    mentioned: set[str] = set()
    for name in (subject.name, *subject.other_names):
        # Whole words, not the prefixes fts_query makes for typing: an alias "R. Elphick"
        # must not match a record that says "Road" and "Elphick".
        query = fts_query(name).replace('"*', '"')
        if query:
            rows = conn.execute("SELECT record_id FROM search WHERE search MATCH ?", (query,)).fetchall()
            mentioned.update(str(r[0]) for r in rows)
    mentioned.update(_statements_naming(vault, (subject.name, *subject.other_names)))
    # A person's own record matches its own name; that is a link, not a mention.
    mentioned.discard(str(person_id))
    wanted = linked | mentioned
    if not wanted:
        return []
    marks = ", ".join("?" * len(wanted))
    rows = conn.execute(
        f"SELECT id, kind, title, state, created_at FROM records WHERE id IN ({marks}) ORDER BY created_at, id",  # nosec B608
        sorted(wanted),
    ).fetchall()
    return [
        NamingRecord(
            record_id=UUID(str(rid)),
            kind=str(kind),
            title=str(title),
            withdrawn=state == "withdrawn",
            linked=str(rid) in linked,
            mentioned=str(rid) in mentioned,
            created_at=datetime.fromisoformat(str(created)),
        )
        for rid, kind, title, state, created in rows
    ]
