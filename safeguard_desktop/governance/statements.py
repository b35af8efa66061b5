"""Statements of disagreement: a person's own words, attached to a record they dispute.

UK GDPR gives a person the right to have inaccurate data rectified. A safeguarding record
is usually a professional's account of what they saw or were told, so it is rarely simply
"wrong"; what the person is owed is that their disagreement is kept with it, in their words,
everywhere the record goes. A statement is never altered or removed, except when the record
itself is lawfully disposed of.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING
from uuid import UUID

from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.ukdates import format_date, utc_now
from safeguard_desktop.errors import RecordNotFound, SafeguardError
from safeguard_desktop.vault import audit
from safeguard_desktop.vault.connection import transaction

if TYPE_CHECKING:
    from safeguard_desktop.vault.session import Vault

__all__ = ["Statement", "add_statement", "statements_by_record", "statements_for"]


@dataclass(frozen=True)
class Statement:
    """A person's statement that they disagree with a record."""

    id: UUID
    record_id: UUID
    made_by: str
    received: date
    text: str
    recorded_by: Practitioner
    recorded_at: datetime

    def heading(self) -> str:
        """One line naming who disagrees and when it was received, for every view and export."""
        return f"Statement of disagreement from {self.made_by}, received {format_date(self.received)}"


_COLUMNS = "id, record_id, made_by, received, text, recorded_by, recorded_at"


def _row(row: tuple[object, ...]) -> Statement:
    sid, rid, made_by, received, text, by, at = (str(v) for v in row)
    return Statement(
        id=UUID(sid),
        record_id=UUID(rid),
        made_by=made_by,
        received=date.fromisoformat(received),
        text=text,
        recorded_by=Practitioner.model_validate_json(by),
        recorded_at=datetime.fromisoformat(at),
    )


def add_statement(vault: Vault, record_id: UUID, made_by: str, received: date, text: str) -> Statement:
    """Attach a person's statement to a record, in their words; logged in the audit chain.

    Raises SafeguardError when a part is missing or the date received is in the future, and
    RecordNotFound when the record is not in the vault.
    """
    made_by = " ".join(made_by.split())
    text = text.strip()
    if not made_by:
        raise SafeguardError("Say who the statement is from (for example, their name and relationship to the child).")
    if not text:
        raise SafeguardError("The statement is empty. Record the person's own words.")
    if received > utc_now().date():
        raise SafeguardError(f"The date received ({format_date(received)}) is in the future.")
    ctx = vault._ctx
    conn = ctx.conn
    statement = Statement(uuid.uuid4(), record_id, made_by, received, text, ctx.author(), ctx.now())
    with transaction(conn):
        if conn.execute("SELECT 1 FROM records WHERE id = ?", (str(record_id),)).fetchone() is None:
            raise RecordNotFound("That record is not in this vault, so no statement was attached.")
        conn.execute(
            f"INSERT INTO statements ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",  # nosec B608
            (
                str(statement.id),
                str(record_id),
                made_by,
                received.isoformat(),
                text,
                statement.recorded_by.model_dump_json(),
                statement.recorded_at.isoformat(timespec="microseconds"),
            ),
        )
        # The chain holds the digest of the words, never the words. (Its version_id names
        # record versions only, which `check` proves exist, so the statement's id goes in the digest.)
        audit.append(
            conn,
            at=statement.recorded_at.isoformat(timespec="microseconds"),
            actor=ctx.actor_id(),
            action="record.statement",
            record_id=str(record_id),
            digest=audit.sha256_hex(f"{statement.id}\n{text}".encode()),
        )
    return statement


def statements_for(vault: Vault, record_id: UUID) -> list[Statement]:
    """Every statement attached to a record, oldest first."""
    rows = vault._ctx.conn.execute(
        f"SELECT {_COLUMNS} FROM statements WHERE record_id = ? ORDER BY recorded_at, id",  # nosec B608
        (str(record_id),),
    ).fetchall()
    return [_row(tuple(r)) for r in rows]


def statements_by_record(vault: Vault, record_ids: list[UUID] | None = None) -> dict[UUID, list[Statement]]:
    """Statements grouped by record, for exports that show many records at once.

    Given `record_ids`, only those records' statements; otherwise every statement in the vault.
    """
    rows = vault._ctx.conn.execute(
        f"SELECT {_COLUMNS} FROM statements ORDER BY recorded_at, id"  # nosec B608
    ).fetchall()
    wanted = None if record_ids is None else {str(r) for r in record_ids}
    grouped: dict[UUID, list[Statement]] = {}
    for row in rows:
        if wanted is not None and str(row[1]) not in wanted:
            continue
        statement = _row(tuple(row))
        grouped.setdefault(statement.record_id, []).append(statement)
    return grouped
