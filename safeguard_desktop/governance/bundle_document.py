"""A bundle read out for the reviewer and the PDF: each record's text, redacted, and the schedule.

Building it is where stale redactions are found: a record's pinned version is read, its
sections made, and every redaction checked against them before any is applied. It is also
where records that no longer name the person (moved to another child, disposed of) are left
out, whatever the saved bundle chose, and listed for the reviewer in `dropped`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.ukdates import format_date, to_uk
from safeguard_desktop.errors import RecordNotFound
from safeguard_desktop.governance.bundle import (
    Bundle,
    Dropped,
    Exemption,
    Redaction,
    apply_redactions,
    drop_stale,
    exemption,
)
from safeguard_desktop.governance.people_search import kind_label, repository_for
from safeguard_desktop.governance.record_text import Section, people_names, record_sections
from safeguard_desktop.governance.sar import SarRequest

if TYPE_CHECKING:
    from safeguard_desktop.vault.session import Vault

__all__ = ["BundleDocument", "BundleRecord", "Flagged", "ScheduleRow", "WithheldRow", "bundle_document", "read_record"]


@dataclass(frozen=True)
class BundleRecord:
    """One record as it goes in the bundle."""

    record_id: UUID
    version_id: UUID
    kind: str
    title: str
    withdrawn: bool
    withdrawn_reason: str
    first_recorded: datetime
    version_recorded: datetime
    newer_version: bool
    sections: list[Section]
    redacted: list[Section]
    # Set once the bundle is in order. The heading is the kind and date, not the record's
    # title: a title can quote the record's words (a chronology entry's), redacted or not.
    number: int = 0
    heading: str = ""

    def kind_label(self) -> str:
        """The record's kind in words."""
        return kind_label(self.kind)


@dataclass(frozen=True)
class ScheduleRow:
    """One applied redaction, numbered, for the schedule of redactions."""

    number: int
    record_title: str
    section_label: str
    exemption: Exemption
    note: str


@dataclass(frozen=True)
class WithheldRow:
    """A record withheld entirely: its kind and date only, since its title may itself say too much."""

    kind: str
    recorded: datetime
    exemption: Exemption
    note: str

    def kind_label(self) -> str:
        """The record's kind in words."""
        return kind_label(self.kind)


@dataclass(frozen=True)
class Flagged:
    """A redaction that no longer fits its record, and why."""

    redaction: Redaction
    record_title: str
    problem: str


@dataclass(frozen=True)
class BundleDocument:
    """Everything the PDF shows."""

    request: SarRequest
    prepared_by: Practitioner
    records: list[BundleRecord]
    withheld: list[WithheldRow]
    schedule: list[ScheduleRow]
    flagged: list[Flagged]
    # Chosen records left out because they no longer name the person: for the reviewer, not the PDF.
    dropped: list[Dropped] = field(default_factory=list)

    def redactions_by_exemption(self) -> list[tuple[Exemption, int]]:
        """How many redactions each exemption accounts for, in the exemptions' order."""
        counts: dict[str, int] = {}
        order: dict[str, Exemption] = {}
        for row in self.schedule:
            counts[row.exemption.id] = counts.get(row.exemption.id, 0) + 1
            order[row.exemption.id] = row.exemption
        return [(order[k], n) for k, n in counts.items()]


def read_record(vault: Vault, record_id: UUID, version_id: UUID, *, names: Any = None) -> BundleRecord:
    """A record at a pinned version, as sections (not yet redacted)."""
    row = vault._ctx.conn.execute(
        "SELECT kind, current_version FROM records WHERE id = ?", (str(record_id),)
    ).fetchone()
    if row is None:
        raise RecordNotFound("A record in this bundle is no longer in the vault.")
    history = repository_for(vault, str(row[0])).history(record_id)
    pinned = next((s for s in history if s.version_id == version_id), None)
    if pinned is None:
        raise RecordNotFound("A version chosen for this bundle is no longer in the vault.")
    last = history[-1]
    sections = record_sections(vault, pinned, names=names)
    return BundleRecord(
        record_id=record_id,
        version_id=version_id,
        kind=str(row[0]),
        title=pinned.data.title(),
        withdrawn=last.withdrawn,
        withdrawn_reason=(last.reason or "") if last.action == "withdraw" else "",
        first_recorded=history[0].recorded_at,
        version_recorded=pinned.recorded_at,
        newer_version=str(row[1]) != str(version_id),
        sections=sections,
        redacted=sections,
    )


def _heading(record: BundleRecord, request: SarRequest) -> str:
    if record.record_id == request.person_id:
        return record.title
    return f"{record.kind_label()}, recorded {format_date(to_uk(record.first_recorded).date())}"


def bundle_document(vault: Vault, bundle: Bundle, request: SarRequest) -> BundleDocument:
    """The bundle's records (oldest first), redactions applied, the schedule, and any flagged redactions.

    A chosen or withheld record that no longer names the person is left out and listed in
    `dropped`; the bundle passed in is not changed.
    """
    bundle = Bundle(
        bundle.request_id, dict(bundle.chosen), list(bundle.redactions), list(bundle.withheld), list(bundle.dropped)
    )
    drop_stale(vault, bundle, request.person_id)
    names = people_names(vault)
    records: list[BundleRecord] = []
    schedule: list[ScheduleRow] = []
    flagged: list[Flagged] = []
    for record_id, version_id in bundle.chosen.items():
        record = read_record(vault, record_id, version_id, names=names)
        applied = []
        for redaction in bundle.redactions_of(record_id):
            problem = redaction.problem(version_id, record.sections)
            if problem:
                flagged.append(Flagged(redaction, record.title, problem))
            else:
                applied.append(redaction)
        records.append(BundleRecord(**{**record.__dict__, "redacted": apply_redactions(record.sections, applied)}))
    records.sort(key=lambda r: (r.first_recorded, str(r.record_id)))
    records = [
        BundleRecord(**{**r.__dict__, "number": n, "heading": _heading(r, request)})
        for n, r in enumerate(records, start=1)
    ]
    for record in records:
        for redaction in bundle.redactions_of(record.record_id):
            if any(f.redaction == redaction for f in flagged):
                continue
            schedule.append(
                ScheduleRow(
                    len(schedule) + 1,
                    f"{record.number}. {record.heading}",
                    record.sections[redaction.section][0],
                    exemption(redaction.exemption),
                    redaction.note,
                )
            )
    withheld = []
    for item in bundle.withheld:
        row = vault._ctx.conn.execute(
            "SELECT kind, created_at FROM records WHERE id = ?", (str(item.record_id),)
        ).fetchone()
        if row is not None:
            recorded = datetime.fromisoformat(str(row[1]))
            withheld.append(WithheldRow(str(row[0]), recorded, exemption(item.exemption), item.note))
    withheld.sort(key=lambda w: w.recorded)
    return BundleDocument(request, vault.practitioner, records, withheld, schedule, flagged, bundle.dropped)
