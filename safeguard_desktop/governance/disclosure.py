"""The disclosure log: what left the vault, to whom, why, by whom and when.

The audit chain already proves each export by its digest; it holds no words, so that a
lawful disposal leaves it verifiable. The disclosure log adds what an information governance
lead must be able to show a data protection officer: the recipient and the purpose. It is
written in the same transaction as the audit event, so the two never disagree.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.ukdates import UK_ZONE, format_datetime
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.vault import audit

if TYPE_CHECKING:
    from safeguard_desktop.vault.connection import Connection
    from safeguard_desktop.vault.session import Vault

__all__ = [
    "COMMON_RECIPIENTS",
    "EXPORT_NAMES",
    "NOT_STATED",
    "OWN_RECORDS",
    "Disclosure",
    "DisclosureEntry",
    "describe_export",
    "disclosure_log",
    "disclosure_log_csv",
    "recent_recipients",
    "write_disclosure",
]

NOT_STATED = "Not stated"
OWN_RECORDS = "Own records (not shared)"

# Who things usually go to; the dialog offers these after the recipients already in the log.
COMMON_RECIPIENTS = (
    OWN_RECORDS,
    "MASH",
    "LCSS",
    "Police",
    "Children's social care",
    "Health visitor / school nurse",
    "GP",
    "Another school",
    "Parent or carer",
    "Court",
)

# Export names as the audit chain keeps them, in words for the log and its CSV.
EXPORT_NAMES = {
    "chronology.pdf": "Chronology (PDF)",
    "chronology.csv": "Chronology (CSV spreadsheet)",
    "chronology.external_pdf": "Chronology for external partners, staff names removed (PDF)",
    "chronology.external_csv": "Chronology for external partners, staff names removed (CSV spreadsheet)",
    "chronology.print": "Chronology (printed)",
    "body_map.pdf": "Body map (PDF)",
    "body_map.print": "Body map (printed)",
    "screening.pdf": "Neglect screening (PDF)",
    "screening.print": "Neglect screening (printed)",
    "family_summary.pdf": "Screening summary for the family (PDF)",
    "family_summary.print": "Screening summary for the family (printed)",
    "screening_comparison.pdf": "Screening comparison (PDF)",
    "screening_comparison.print": "Screening comparison (printed)",
    "screening.health_record_copy": "Neglect screening summary copied for the health record",
    "family_summary.copy": "Screening summary for the family (copied)",
    "screening_comparison.health_record_copy": "Screening comparison summary copied for the health record",
    "referral.packet": "Referral packet as sent",
    "referral.packet.kept_copy": "Copy of a referral packet already sent",
    "referral.no_names_summary": "No-names consultation summary",
    "referral.portal_copy": "Referral field copied into a portal",
    "attachment": "Copy of an attachment",
    "sar.bundle.pdf": "Subject access request bundle (PDF)",
    "destruction_log.csv": "Destruction log (CSV spreadsheet)",
    "disclosure_log.csv": "Disclosure log (CSV spreadsheet)",
}

_EXPORT_NAME = re.compile(r"[a-z_]+(\.[a-z_]+)*")
CSV_COLUMNS = ("Date and time", "What", "About", "To whom", "Why", "By whom", "SHA-256", "Audit event")


@dataclass(frozen=True)
class Disclosure:
    """To whom something is being disclosed, and why."""

    recipient: str
    purpose: str

    def __post_init__(self) -> None:
        # Frozen, so normalise through object.__setattr__: the log keeps what was meant, trimmed.
        object.__setattr__(self, "recipient", " ".join(self.recipient.split()))
        object.__setattr__(self, "purpose", " ".join(self.purpose.split()))
        if not self.recipient:
            raise SafeguardError("Say who this is for, so the disclosure log shows it.")
        if not self.purpose:
            raise SafeguardError("Say why it is being shared, so the disclosure log shows it.")


@dataclass(frozen=True)
class DisclosureEntry:
    """One row of the disclosure log, ready to show: the export in words and the record by name."""

    id: int
    at: datetime
    what: str
    what_text: str
    record_id: UUID | None
    about: str
    recipient: str
    purpose: str
    disclosed_by: Practitioner
    digest: str
    audit_seq: int

    def when(self) -> str:
        """The date and time as dd/mm/yyyy HH:MM, UK local time."""
        return format_datetime(self.at)


def describe_export(what: str) -> str:
    """An export name (``chronology.pdf``) in plain English; an unknown name is shown as it is."""
    return EXPORT_NAMES.get(what, what)


def write_disclosure(
    conn: Connection,
    *,
    at: str,
    actor: str,
    by: Practitioner,
    what: str,
    digest: str,
    record_id: UUID | None,
    disclosure: Disclosure | None,
) -> int:
    """Append the export's audit event and its disclosure-log row; return the event's number.

    Call inside the transaction that writes the file or sends the print, so that a failure
    rolls both back and a log that cannot be committed stops the export. Every export in the
    app, whatever writes it, goes through here. Without `disclosure` the row says the
    recipient and purpose were not stated.
    """
    if not _EXPORT_NAME.fullmatch(what):
        raise ValueError(f"export names are dotted lower-case words, not {what!r}")
    shared = disclosure or Disclosure(NOT_STATED, NOT_STATED)
    rid = str(record_id) if record_id else None
    event = audit.append(conn, at=at, actor=actor, action=f"export.{what}", record_id=rid, digest=digest)
    conn.execute(
        "INSERT INTO disclosures (at, what, record_id, recipient, purpose, disclosed_by, digest, audit_seq) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (at, what, rid, shared.recipient, shared.purpose, by.model_dump_json(), digest, event.seq),
    )
    return event.seq


def _utc_bound(day: date) -> str:
    """Midnight at the start of a UK day, as the UTC ISO text the log is stored in."""
    return datetime.combine(day, time(), UK_ZONE).astimezone(UTC).isoformat(timespec="microseconds")


def _about(conn: Connection, record_id: str | None) -> str:
    """The record the export came from, by name; said plainly when it has since been disposed of."""
    if record_id is None:
        return ""
    row = conn.execute("SELECT kind, title FROM records WHERE id = ?", (record_id,)).fetchone()
    if row is None:
        return "A record no longer in the vault"
    kind, title = str(row[0]), str(row[1])
    if kind in ("child", "adult"):
        return title
    children = [
        str(r[0])
        for r in conn.execute(
            "SELECT c.title FROM links l JOIN records c ON c.id = l.target_id "
            "WHERE l.record_id = ? AND l.target_kind = 'child' ORDER BY c.sort_key",
            (record_id,),
        ).fetchall()
    ]
    return f"{', '.join(children)}: {title}" if children else title


def disclosure_log(vault: Vault, *, since: date | None = None, until: date | None = None) -> list[DisclosureEntry]:
    """The disclosure log, newest first, optionally limited to UK dates `since`..`until` inclusive."""
    conn = vault._ctx.conn
    where, params = [], []
    if since is not None:
        where.append("at >= ?")
        params.append(_utc_bound(since))
    if until is not None:
        where.append("at < ?")
        params.append(_utc_bound(until + timedelta(days=1)))
    clause = f"WHERE {' AND '.join(where)} " if where else ""
    rows = conn.execute(
        "SELECT id, at, what, record_id, recipient, purpose, disclosed_by, digest, audit_seq "  # nosec B608
        f"FROM disclosures {clause}ORDER BY at DESC, id DESC",
        params,
    ).fetchall()
    entries = []
    for rid_, at, what, record_id, recipient, purpose, by, digest, seq in rows:
        rid = None if record_id is None else str(record_id)
        entries.append(
            DisclosureEntry(
                id=int(rid_),
                at=datetime.fromisoformat(str(at)),
                what=str(what),
                what_text=describe_export(str(what)),
                record_id=UUID(rid) if rid else None,
                about=_about(conn, rid),
                recipient=str(recipient),
                purpose=str(purpose),
                disclosed_by=Practitioner.model_validate_json(str(by)),
                digest=str(digest),
                audit_seq=int(seq),
            )
        )
    return entries


def recent_recipients(vault: Vault, limit: int = 10) -> list[str]:
    """Recipients already in the log, most recently used first, for the dialog to offer."""
    rows = vault._ctx.conn.execute(
        "SELECT recipient FROM disclosures WHERE recipient != ? GROUP BY recipient ORDER BY MAX(id) DESC LIMIT ?",
        (NOT_STATED, limit),
    ).fetchall()
    return [str(r[0]) for r in rows]


def disclosure_log_csv(entries: list[DisclosureEntry]) -> bytes:
    """The log as UTF-8 CSV with a byte-order mark, every typed cell neutralised against formulas."""
    # Imported here: chronology.export needs the vault session, which needs this module.
    from safeguard_desktop.chronology.export import neutralise_formula

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        by = e.disclosed_by.name + (f" ({e.disclosed_by.role})" if e.disclosed_by.role else "")
        writer.writerow(
            [neutralise_formula(v) for v in (e.when(), e.what_text, e.about, e.recipient, e.purpose, by, e.digest)]
            + [e.audit_seq]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
