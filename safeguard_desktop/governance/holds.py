"""Legal and practice holds: a file under a hold is never disposed of, whatever its review date.

A hold names its kind (litigation, a child safeguarding practice review, a police enquiry)
and a reference the organisation can trace (a claim number, a review name, a crime
reference). Lifting one needs a reason. Placing and lifting are both in the audit chain,
which holds IDs only: not the reference, nor a digest of it that could be confirmed by guessing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
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

__all__ = [
    "HOLD_KINDS",
    "Hold",
    "active_holds_for",
    "file_holds",
    "file_record_ids",
    "hold",
    "holds",
    "is_held",
    "lift_hold",
    "place_hold",
]

HOLD_KINDS: dict[str, str] = {
    "litigation": "Litigation",
    "practice_review": "Practice review",
    "police": "Police enquiry",
}

_COLUMNS = "h.id, h.record_id, r.kind, r.title, h.kind, h.reference, h.placed_by, h.placed_at, "
_COLUMNS += "h.lifted_at, h.lifted_by, h.lift_reason"
_SELECT = f"SELECT {_COLUMNS} FROM holds h JOIN records r ON r.id = h.record_id"  # nosec B608


@dataclass(frozen=True)
class Hold:
    """A hold on one record (usually a child, which holds the child's whole file)."""

    id: int
    record_id: UUID
    record_kind: str
    record_title: str
    kind: str
    reference: str
    placed_by: Practitioner
    placed_at: datetime
    lifted_at: datetime | None = None
    lifted_by: Practitioner | None = None
    lift_reason: str | None = None

    @property
    def kind_label(self) -> str:
        """``Litigation``, ``Practice review`` or ``Police enquiry``."""
        return HOLD_KINDS[self.kind]

    @property
    def active(self) -> bool:
        """True until the hold is lifted."""
        return self.lifted_at is None


def _hold(row: tuple[object, ...]) -> Hold:
    hid, rid, rkind, title, kind, reference, by, at, lifted_at, lifted_by, lift_reason = row
    return Hold(
        id=int(str(hid)),
        record_id=UUID(str(rid)),
        record_kind=str(rkind),
        record_title=str(title),
        kind=str(kind),
        reference=str(reference),
        placed_by=Practitioner.model_validate_json(str(by)),
        placed_at=datetime.fromisoformat(str(at)),
        lifted_at=datetime.fromisoformat(str(lifted_at)) if lifted_at else None,
        lifted_by=Practitioner.model_validate_json(str(lifted_by)) if lifted_by else None,
        lift_reason=str(lift_reason) if lift_reason is not None else None,
    )


def hold(vault: Vault, hold_id: int) -> Hold:
    """One hold by its number; SafeguardError when there is none."""
    row = vault._ctx.conn.execute(f"{_SELECT} WHERE h.id = ?", (hold_id,)).fetchone()  # nosec B608
    if row is None:
        raise SafeguardError("That hold is not in this vault.")
    return _hold(tuple(row))


def holds(vault: Vault, include_lifted: bool = False) -> list[Hold]:
    """Every hold, newest first; lifted ones too when asked."""
    where = "" if include_lifted else " WHERE h.lifted_at IS NULL"
    rows = vault._ctx.conn.execute(f"{_SELECT}{where} ORDER BY h.id DESC").fetchall()  # nosec B608
    return [_hold(tuple(row)) for row in rows]


def _active_holds(conn: Connection, record_ids: Iterable[UUID]) -> list[Hold]:
    ids = sorted({str(r) for r in record_ids})
    found: list[Hold] = []
    # In slices: SQLite limits the number of bound parameters, and a heavy file has thousands.
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        marks = ", ".join("?" for _ in part)
        rows = conn.execute(
            f"{_SELECT} WHERE h.lifted_at IS NULL AND h.record_id IN ({marks}) ORDER BY h.id",  # nosec B608
            part,
        ).fetchall()
        found += [_hold(tuple(row)) for row in rows]
    return sorted(found, key=lambda h: h.id)


def active_holds_for(vault: Vault, record_ids: Iterable[UUID]) -> list[Hold]:
    """The holds not lifted on any of `record_ids`."""
    return _active_holds(vault._ctx.conn, record_ids)


def file_record_ids(conn: Connection, child_id: UUID) -> set[UUID]:
    """The child, every record linked to it, the attachments of those, and the adults they name.

    Wider than the file that disposal removes (it includes shared records and adults): a hold
    on any of them protects this child's file, because holding too much is the safe mistake.
    """
    cid = str(child_id)
    linked = {str(r[0]) for r in conn.execute("SELECT record_id FROM links WHERE target_id = ?", (cid,))}
    ids = {cid, *linked}
    attachments = conn.execute(
        "SELECT r.id FROM records r JOIN versions v ON v.id = r.current_version "
        "WHERE r.kind = 'attachment' AND json_extract(v.payload, '$.linked_record_id') IN "
        "(SELECT record_id FROM links WHERE target_id = ? UNION SELECT ?)",
        (cid, cid),
    ).fetchall()
    ids |= {str(a[0]) for a in attachments}
    # A sent referral's kept packet goes with the referral's file, so a hold on it holds the file.
    packets = conn.execute(
        "SELECT json_extract(v.payload, '$.sent.attachment_id') FROM records r JOIN versions v ON v.record_id = r.id "
        "WHERE r.kind = 'referral' AND r.id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(ids)),),
    ).fetchall()
    ids |= {str(p[0]) for p in packets if p[0]}
    adults = conn.execute(
        "SELECT DISTINCT l.target_id FROM links l JOIN links c ON c.record_id = l.record_id "
        "WHERE c.target_id = ? AND l.target_kind = 'adult'",
        (cid,),
    ).fetchall()
    ids |= {str(a[0]) for a in adults}
    return {UUID(i) for i in ids}


def file_holds(conn: Connection, child_id: UUID) -> list[Hold]:
    """The holds not lifted that protect the child's file: the one test of whether a file is held.

    Counts holds on every record of `file_record_ids`, so the review queue and disposal (which
    calls this inside its own transaction, on the same connection) can never disagree.
    """
    return _active_holds(conn, file_record_ids(conn, child_id))


def is_held(vault: Vault, child_id: UUID) -> bool:
    """Whether the child's file is under any hold not lifted (on the child, a record linked to it, or an
    adult those records name)."""
    return bool(file_holds(vault._ctx.conn, child_id))


def place_hold(vault: Vault, record_id: UUID, kind: str, reference: str) -> Hold:
    """Place a hold on a record; SafeguardError for an unknown kind, no reference, or the same hold twice."""
    reference = " ".join(reference.split())
    if kind not in HOLD_KINDS:
        raise SafeguardError("Choose the kind of hold: litigation, practice review or police enquiry.")
    if not reference:
        raise SafeguardError("Give a reference for the hold (for example, a claim number or a crime reference).")
    ctx = vault._ctx
    conn = ctx.conn
    now = ctx.now().isoformat(timespec="microseconds")
    with transaction(conn):
        if conn.execute("SELECT 1 FROM records WHERE id = ?", (str(record_id),)).fetchone() is None:
            raise RecordNotFound("That record is not in this vault.")
        same = conn.execute(
            "SELECT 1 FROM holds WHERE record_id = ? AND kind = ? AND reference = ? AND lifted_at IS NULL",
            (str(record_id), kind, reference),
        ).fetchone()
        if same is not None:
            raise SafeguardError("This record already has that hold.")
        cursor = conn.execute(
            "INSERT INTO holds (record_id, kind, reference, placed_by, placed_at) VALUES (?, ?, ?, ?, ?)",
            (str(record_id), kind, reference, ctx.author().model_dump_json(), now),
        )
        hold_id = int(cursor.lastrowid or 0)
        audit.append(
            conn,
            at=now,
            actor=ctx.actor_id(),
            action="retention.hold",
            record_id=str(record_id),
            # No digest: one of a short reference could be confirmed by guessing once the hold row is gone.
        )
    return hold(vault, hold_id)


def lift_hold(vault: Vault, hold_id: int, reason: str) -> Hold:
    """Lift a hold, with the reason (for example, the case settled); SafeguardError if already lifted."""
    reason = reason.strip()
    if not reason:
        raise SafeguardError("Say why the hold is lifted (for example, the claim was settled or the review closed).")
    ctx = vault._ctx
    conn = ctx.conn
    now = ctx.now().isoformat(timespec="microseconds")
    with transaction(conn):
        current = hold(vault, hold_id)
        if not current.active:
            raise SafeguardError("This hold was already lifted.")
        conn.execute(
            "UPDATE holds SET lifted_at = ?, lifted_by = ?, lift_reason = ? WHERE id = ?",
            (now, ctx.author().model_dump_json(), reason, hold_id),
        )
        audit.append(
            conn,
            at=now,
            actor=ctx.actor_id(),
            action="retention.hold_lifted",
            record_id=str(current.record_id),
            # No digest: a short reason could be confirmed by guessing once disposal removes the row.
        )
    return hold(vault, hold_id)
