"""Restricting a record while a dispute about it is open (UK GDPR article 18).

A restricted record is kept and still shown to the practitioner, marked, but it is not
changed and not shared: chronology exports and referral packets leave it out and say so.
Lifting the restriction needs a reason. Placing and lifting are both in the audit chain.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.errors import RecordNotFound, SafeguardError
from safeguard_desktop.vault import audit
from safeguard_desktop.vault.connection import Connection, transaction

if TYPE_CHECKING:
    from safeguard_desktop.vault.session import Vault

__all__ = ["Restriction", "lift_restriction", "restrict", "restricted_ids", "restriction_of"]


@dataclass(frozen=True)
class Restriction:
    """An open restriction on a record."""

    id: int
    record_id: UUID
    reason: str
    placed_by: Practitioner
    placed_at: datetime


def _open_row(conn: Connection, record_id: UUID) -> tuple[object, ...] | None:
    row = conn.execute(
        "SELECT id, record_id, reason, placed_by, placed_at FROM restrictions "
        "WHERE record_id = ? AND lifted_at IS NULL ORDER BY id DESC LIMIT 1",
        (str(record_id),),
    ).fetchone()
    return tuple(row) if row else None


def restriction_of(vault: Vault, record_id: UUID) -> Restriction | None:
    """The record's open restriction, or None when it is not restricted."""
    row = _open_row(vault._ctx.conn, record_id)
    if row is None:
        return None
    rid, record, reason, by, at = row
    return Restriction(
        id=int(str(rid)),
        record_id=UUID(str(record)),
        reason=str(reason),
        placed_by=Practitioner.model_validate_json(str(by)),
        placed_at=datetime.fromisoformat(str(at)),
    )


def restricted_ids(vault: Vault) -> set[UUID]:
    """Every record restricted now, for exports that must leave them out."""
    rows = vault._ctx.conn.execute("SELECT DISTINCT record_id FROM restrictions WHERE lifted_at IS NULL").fetchall()
    return {UUID(str(r[0])) for r in rows}


def restrict(vault: Vault, record_id: UUID, reason: str) -> Restriction:
    """Restrict a record while a dispute is open. Refused (SafeguardError) without a reason or if already restricted."""
    reason = reason.strip()
    if not reason:
        raise SafeguardError("Say why the record is restricted (for example, the dispute it waits on).")
    ctx = vault._ctx
    conn = ctx.conn
    now = ctx.now().isoformat(timespec="microseconds")
    with transaction(conn):
        if conn.execute("SELECT 1 FROM records WHERE id = ?", (str(record_id),)).fetchone() is None:
            raise RecordNotFound("That record is not in this vault.")
        if _open_row(conn, record_id) is not None:
            raise SafeguardError("This record is already restricted.")
        conn.execute(
            "INSERT INTO restrictions (record_id, reason, placed_by, placed_at) VALUES (?, ?, ?, ?)",
            (str(record_id), reason, ctx.author().model_dump_json(), now),
        )
        audit.append(conn, at=now, actor=ctx.actor_id(), action="record.restrict", record_id=str(record_id))
    found = restriction_of(vault, record_id)
    assert found is not None
    return found


def lift_restriction(vault: Vault, record_id: UUID, reason: str) -> None:
    """Lift a record's restriction, with the reason (the dispute's outcome)."""
    reason = reason.strip()
    if not reason:
        raise SafeguardError("Say why the restriction is lifted (for example, how the dispute ended).")
    ctx = vault._ctx
    conn = ctx.conn
    now = ctx.now().isoformat(timespec="microseconds")
    with transaction(conn):
        row = _open_row(conn, record_id)
        if row is None:
            raise SafeguardError("This record is not restricted.")
        conn.execute(
            "UPDATE restrictions SET lifted_at = ?, lifted_by = ?, lift_reason = ? WHERE id = ?",
            (now, ctx.author().model_dump_json(), reason, row[0]),
        )
        audit.append(conn, at=now, actor=ctx.actor_id(), action="record.unrestrict", record_id=str(record_id))
