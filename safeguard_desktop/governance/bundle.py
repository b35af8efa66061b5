"""A subject access bundle: the records chosen for a request, and the reviewer's redactions.

Each record is pinned to the version the reviewer read, so the bundle sent is the bundle
reviewed. A redaction names a span of one section's text and the exemption that allows it to
be withheld; applying it REMOVES the words and puts "[Redacted: <exemption>]" in their place.
A redaction remembers the version it was made on and a digest of the words it removes: if the
record has changed since (a correction, a new statement shifting the text), it is flagged
instead of being applied to words it was never meant for, and the bundle cannot be exported
until the reviewer removes or redoes it. A record may also be withheld entirely.

A saved bundle can outlive the records in it: one moved to another child's file (it was
filed under this person in error) or disposed of no longer names the person, so it is taken
out when the bundle is opened or read out, and the reviewer is told which and why (`Dropped`).

The exemptions are data (`resources/governance/exemptions.json`): summaries of the Data
Protection Act 2018 provisions, each with a note to confirm its use with the DPO.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from safeguard_desktop.assets import resource
from safeguard_desktop.domain.ukdates import format_date, to_uk
from safeguard_desktop.errors import RecordNotFound, SafeguardError
from safeguard_desktop.governance.people_search import kind_label, records_naming
from safeguard_desktop.governance.record_text import Section
from safeguard_desktop.vault import audit
from safeguard_desktop.vault.connection import transaction

if TYPE_CHECKING:
    from safeguard_desktop.governance.sar import SarRequest
    from safeguard_desktop.vault.session import Vault

__all__ = [
    "Bundle",
    "Dropped",
    "Exemption",
    "Redaction",
    "Withheld",
    "apply_redactions",
    "drop_stale",
    "exemption",
    "exemptions",
    "load_bundle",
    "new_bundle",
    "open_bundle",
    "save_bundle",
]

FORMAT = 1


@dataclass(frozen=True)
class Exemption:
    """A ground for withholding information from a subject access response."""

    id: str
    short_name: str
    provision: str
    explanation: str
    dpo_note: str

    def placeholder(self) -> str:
        """What replaces the redacted words in the bundle."""
        return f"[Redacted: {self.short_name}]"


@functools.cache
def exemptions() -> tuple[Exemption, ...]:
    """The shipped exemptions, in the order a reviewer is offered them."""
    data = json.loads(resource("governance", "exemptions.json").read_text(encoding="utf-8"))
    return tuple(Exemption(**item) for item in data["exemptions"])


def exemption(exemption_id: str) -> Exemption:
    """The exemption with this ID (SafeguardError when this build does not know it)."""
    for found in exemptions():
        if found.id == exemption_id:
            return found
    raise SafeguardError(f"This version of the app does not know the exemption {exemption_id!r}.")


def _excerpt_digest(text: str) -> str:
    return audit.sha256_hex(text.encode("utf-8"))


@dataclass(frozen=True)
class Redaction:
    """Words withheld from one section of one record, and why."""

    record_id: UUID
    section: int
    start: int
    end: int
    exemption: str
    note: str
    version_id: UUID
    excerpt_digest: str

    def problem(self, version_id: UUID | None, sections: list[Section]) -> str:
        """Why this redaction cannot be applied to the text now ("" when it can)."""
        if version_id != self.version_id:
            return "The record has changed since this redaction was made. Check the text and redact it again."
        if self.section >= len(sections) or self.end > len(sections[self.section][1]):
            return "The record's text has changed since this redaction was made. Redact it again."
        if _excerpt_digest(sections[self.section][1][self.start : self.end]) != self.excerpt_digest:
            return "The words this redaction covered have changed. Check the text and redact it again."
        return ""


@dataclass(frozen=True)
class Withheld:
    """A record withheld entirely, under an exemption."""

    record_id: UUID
    exemption: str
    note: str


@dataclass(frozen=True)
class Dropped:
    """A record taken out of a saved bundle because it no longer names the person, and why."""

    record_id: UUID
    kind: str  # "" when the record is no longer in the vault
    recorded: datetime | None
    why: str

    def describe(self) -> str:
        """The record and the reason, in words for the reviewer (kind and date only: the title may say too much)."""
        if not self.kind:
            return f"A record was taken out of the bundle: {self.why}."
        when = format_date(to_uk(self.recorded).date()) if self.recorded else "an unknown date"
        return f"{kind_label(self.kind)}, recorded {when}, was taken out of the bundle: {self.why}."


MOVED = "it was moved to another child's file, having been filed under this person in error"
DISPOSED = "it has since been disposed of under the retention rules"
CHANGED = "it was corrected and no longer names this person"


@dataclass
class Bundle:
    """The reviewer's work on one request: records chosen (pinned versions), redactions, withheld records."""

    request_id: UUID
    chosen: dict[UUID, UUID] = field(default_factory=dict)
    redactions: list[Redaction] = field(default_factory=list)
    withheld: list[Withheld] = field(default_factory=list)
    # Records taken out since the bundle was saved (see `drop_stale`); said to the reviewer, never saved.
    dropped: list[Dropped] = field(default_factory=list)

    def include(self, record_id: UUID, version_id: UUID) -> None:
        """Put a record (at this version) in the bundle; it is no longer withheld."""
        self.chosen[record_id] = version_id
        self.withheld = [w for w in self.withheld if w.record_id != record_id]

    def exclude(self, record_id: UUID) -> None:
        """Leave a record out (it is not about the person). Its redactions are kept, unused."""
        self.chosen.pop(record_id, None)

    def withhold(self, record_id: UUID, exemption_id: str, note: str) -> Withheld:
        """Withhold a whole record under an exemption; it is listed as withheld, its text is not sent."""
        exemption(exemption_id)
        self.chosen.pop(record_id, None)
        withheld = Withheld(record_id, exemption_id, note.strip())
        self.withheld = [w for w in self.withheld if w.record_id != record_id] + [withheld]
        return withheld

    def withheld_for(self, record_id: UUID) -> Withheld | None:
        """The record's withholding, if it is withheld."""
        return next((w for w in self.withheld if w.record_id == record_id), None)

    def redactions_of(self, record_id: UUID) -> list[Redaction]:
        """The record's redactions, in reading order."""
        return sorted((r for r in self.redactions if r.record_id == record_id), key=lambda r: (r.section, r.start))

    def redact(
        self, record_id: UUID, sections: list[Section], section: int, start: int, end: int, exemption_id: str, note: str
    ) -> Redaction:
        """Redact `sections[section][start:end]` of a chosen record under an exemption.

        Raises SafeguardError when the record is not in the bundle, nothing is selected, or the
        span overlaps a redaction already made.
        """
        if record_id not in self.chosen:
            raise SafeguardError("Include the record in the bundle before redacting it.")
        exemption(exemption_id)
        if not 0 <= section < len(sections):
            raise SafeguardError("Select the words to redact within one part of the record.")
        text = sections[section][1]
        start, end = max(0, min(start, end)), min(len(text), max(start, end))
        if not text[start:end].strip():
            raise SafeguardError("Select the words to redact first.")
        for existing in self.redactions_of(record_id):
            if existing.section == section and start < existing.end and existing.start < end:
                raise SafeguardError("Those words overlap a redaction already made. Remove that one first.")
        redaction = Redaction(
            record_id,
            section,
            start,
            end,
            exemption_id,
            note.strip(),
            self.chosen[record_id],
            _excerpt_digest(text[start:end]),
        )
        self.redactions.append(redaction)
        return redaction

    def remove(self, redaction: Redaction) -> None:
        """Take a redaction off; the words are shown again."""
        self.redactions = [r for r in self.redactions if r != redaction]

    def to_json(self) -> str:
        """The bundle as JSON for `sar_bundles.payload`."""
        return json.dumps(
            {
                "format": FORMAT,
                "chosen": [[str(r), str(v)] for r, v in self.chosen.items()],
                "redactions": [
                    {
                        "record_id": str(r.record_id),
                        "section": r.section,
                        "start": r.start,
                        "end": r.end,
                        "exemption": r.exemption,
                        "note": r.note,
                        "version_id": str(r.version_id),
                        "excerpt_digest": r.excerpt_digest,
                    }
                    for r in self.redactions
                ],
                "withheld": [
                    {"record_id": str(w.record_id), "exemption": w.exemption, "note": w.note} for w in self.withheld
                ],
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, request_id: UUID, payload: str) -> Bundle:
        """A bundle saved by `to_json`."""
        data: dict[str, Any] = json.loads(payload)
        if data.get("format") != FORMAT:
            raise SafeguardError("This bundle was saved by a newer version of the app. Update the app to open it.")
        return cls(
            request_id=request_id,
            chosen={UUID(r): UUID(v) for r, v in data["chosen"]},
            redactions=[
                Redaction(
                    UUID(r["record_id"]),
                    int(r["section"]),
                    int(r["start"]),
                    int(r["end"]),
                    str(r["exemption"]),
                    str(r["note"]),
                    UUID(r["version_id"]),
                    str(r["excerpt_digest"]),
                )
                for r in data["redactions"]
            ],
            withheld=[Withheld(UUID(w["record_id"]), str(w["exemption"]), str(w["note"])) for w in data["withheld"]],
        )


def apply_redactions(sections: list[Section], redactions: list[Redaction]) -> list[Section]:
    """The sections with each redaction's words removed and its placeholder in their place.

    The caller passes only redactions that apply (no `problem`); overlapping ones cannot exist.
    """
    out = list(sections)
    for redaction in sorted(redactions, key=lambda r: (r.section, r.start), reverse=True):
        label, text = out[redaction.section]
        placeholder = exemption(redaction.exemption).placeholder()
        out[redaction.section] = (label, text[: redaction.start] + placeholder + text[redaction.end :])
    return out


def new_bundle(vault: Vault, request: SarRequest) -> Bundle:
    """A first bundle for a request: every record naming the person, at its current version."""
    bundle = Bundle(request.id)
    conn = vault._ctx.conn
    for found in records_naming(vault, request.person_id):
        row = conn.execute("SELECT current_version FROM records WHERE id = ?", (str(found.record_id),)).fetchone()
        bundle.include(found.record_id, UUID(str(row[0])))
    return bundle


def _dropped(vault: Vault, record_id: UUID, person_id: UUID) -> Dropped:
    conn = vault._ctx.conn
    row = conn.execute("SELECT kind, created_at FROM records WHERE id = ?", (str(record_id),)).fetchone()
    if row is None:
        return Dropped(record_id, "", None, DISPOSED)
    moved = conn.execute(
        "SELECT 1 FROM moves WHERE record_id = ? AND from_child = ?", (str(record_id), str(person_id))
    ).fetchone()
    return Dropped(record_id, str(row[0]), datetime.fromisoformat(str(row[1])), MOVED if moved else CHANGED)


def drop_stale(vault: Vault, bundle: Bundle, person_id: UUID) -> list[Dropped]:
    """Take out of the bundle every chosen or withheld record that no longer names the person.

    A record moved to another child's file, disposed of, or corrected so it no longer names
    them is not theirs to receive. Returns what was taken out now (also added to `bundle.dropped`).
    Redactions of those records are kept, unused, like an excluded record's.
    """
    try:
        naming = {found.record_id for found in records_naming(vault, person_id)}
    except RecordNotFound:  # the person's own record has gone: nothing names them any more
        naming = set()
    listed = dict.fromkeys([*bundle.chosen, *(w.record_id for w in bundle.withheld)])
    stale = [record_id for record_id in listed if record_id not in naming]
    if not stale:
        return []
    already = {d.record_id for d in bundle.dropped}
    dropped = [_dropped(vault, record_id, person_id) for record_id in stale if record_id not in already]
    for record_id in stale:
        bundle.chosen.pop(record_id, None)
    bundle.withheld = [w for w in bundle.withheld if w.record_id in naming]
    bundle.dropped = [*bundle.dropped, *dropped]
    return dropped


def payload_without(payload: str, ids: set[str]) -> str | None:
    """A saved bundle's JSON with the records `ids` taken out of it (chosen, redactions, withheld).

    Used when those records are disposed of: the rest of the reviewer's work stays. None when
    the result would still name one of them (a payload this code cannot read), so the caller
    deletes it rather than keep it.
    """
    try:
        data = json.loads(payload)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("chosen"), list):
        data["chosen"] = [c for c in data["chosen"] if not (isinstance(c, list) and c and str(c[0]) in ids)]
    for key in ("redactions", "withheld"):
        if isinstance(data.get(key), list):
            data[key] = [i for i in data[key] if not (isinstance(i, dict) and str(i.get("record_id")) in ids)]
    text = json.dumps(data, sort_keys=True)
    return None if any(rid in text for rid in ids) else text


def load_bundle(vault: Vault, request_id: UUID) -> Bundle | None:
    """The request's saved bundle, or None when none has been saved."""
    row = vault._ctx.conn.execute("SELECT payload FROM sar_bundles WHERE request_id = ?", (str(request_id),)).fetchone()
    return Bundle.from_json(request_id, str(row[0])) if row else None


def open_bundle(vault: Vault, request: SarRequest) -> Bundle:
    """The request's saved bundle, or a new one.

    Records in a saved bundle that no longer name the person (moved to another child, disposed
    of) are taken out; `bundle.dropped` says which, for the reviewer.
    """
    saved = load_bundle(vault, request.id)
    if saved is None:
        return new_bundle(vault, request)
    drop_stale(vault, saved, request.person_id)
    return saved


def save_bundle(vault: Vault, bundle: Bundle) -> None:
    """Save the reviewer's work; logged in the audit chain by its digest."""
    ctx = vault._ctx
    conn = ctx.conn
    payload = bundle.to_json()
    now = ctx.now().isoformat(timespec="microseconds")
    with transaction(conn):
        if conn.execute("SELECT 1 FROM sar_requests WHERE id = ?", (str(bundle.request_id),)).fetchone() is None:
            raise SafeguardError("That subject access request is not in this vault, so the bundle was not saved.")
        conn.execute(
            "INSERT OR REPLACE INTO sar_bundles (request_id, payload, saved_at) VALUES (?, ?, ?)",
            (str(bundle.request_id), payload, now),
        )
        audit.append(
            conn,
            at=now,
            actor=ctx.actor_id(),
            action="sar.bundle.save",
            record_id=str(bundle.request_id),
            digest=audit.sha256_hex(payload.encode("utf-8")),
        )
