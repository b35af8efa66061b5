"""Moving a record filed under the wrong child to the right one.

A concern logged against the wrong child is a data-protection breach waiting to happen: the
first child's chronology, searches, packets and subject access bundles would all carry
another child's information. Withdrawing and retyping it would lose its history, so the
record is instead corrected: a new version in which the wrong child's ID is replaced by the
right child's, with the reason. The earlier versions stay readable (they show where it was
filed), and because links, chronology rows and search are rebuilt from the current version,
the record leaves everything built for the first child. Files attached to the record about
the first child move with it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

import pydantic

from safeguard_desktop.domain.attachment import AttachmentMeta
from safeguard_desktop.domain.errors import first_error_message
from safeguard_desktop.domain.people import Child
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.records import STORED, Record
from safeguard_desktop.errors import RecordNotFound, RecordRestricted, SafeguardError
from safeguard_desktop.governance.restriction import restriction_of
from safeguard_desktop.vault import audit
from safeguard_desktop.vault.connection import transaction
from safeguard_desktop.vault.store import Repository, Stored

if TYPE_CHECKING:
    from safeguard_desktop.vault.session import Vault

__all__ = ["MOVE_REASON", "Move", "MovePlan", "move_record", "moves_of", "plan_move"]

# The version's reason is generic: typed words often name the first child, and a version of a
# record that stays (filed under the right child) would keep that name after the first child's
# file is disposed of. The typed reason is kept in the move log, which disposal clears.
MOVE_REASON = "Moved from the wrong child; the reason is in the move log"
REFERRAL_KIND = "referral"  # by name: the referral package builds on governance, not the other way round


@dataclass(frozen=True)
class Move:
    """A record moved from the child it was wrongly filed under to the right one."""

    id: int
    record_id: UUID
    from_child: UUID
    to_child: UUID
    reason: str
    moved_by: Practitioner
    moved_at: datetime


@dataclass(frozen=True)
class MovePlan:
    """What a move would change, checked but not yet written: for a confirmation to show."""

    record_id: UUID
    kind: str
    title: str
    from_child: UUID
    from_name: str
    to_child: UUID
    to_name: str
    data: Record
    attachments: tuple[Stored[AttachmentMeta], ...]
    chronology_rows: int

    def summary(self) -> str:
        """The move in plain words, for the person about to confirm it."""
        what = self.kind.replace("_", " ")
        lines = [f"The {what} “{self.title}” moves from {self.from_name} to {self.to_name}."]
        rows = self.chronology_rows
        if rows:
            lines.append(
                f"{rows} chronology {'entry leaves' if rows == 1 else 'entries leave'} {self.from_name}'s chronology "
                f"and {'appears' if rows == 1 else 'appear'} in {self.to_name}'s."
            )
        if self.attachments:
            names = ", ".join(a.data.filename for a in self.attachments)
            count = len(self.attachments)
            lines.append(f"{count} attached {'file moves' if count == 1 else 'files move'} with it: {names}.")
        lines.append(
            f"It will no longer be found when searching {self.from_name}'s records, nor be included in "
            f"{self.from_name}'s chronology exports, referrals or subject access bundles. The earlier "
            "version, showing where it was filed, stays in the record's history."
        )
        return "\n".join(lines)


def _swap(value: Any, old: str, new: str) -> Any:
    """The JSON value with every occurrence of the ID `old` (as a value or a key) replaced by `new`."""
    if isinstance(value, str):
        return new if value == old else value
    if isinstance(value, list):
        return [_swap(v, old, new) for v in value]
    if isinstance(value, dict):
        return {(new if k == old else k): _swap(v, old, new) for k, v in value.items()}
    return value


def _repository(vault: Vault, kind: str) -> Repository[Any]:
    for repository in vault.repositories():
        if repository.kind == kind:
            return repository
    raise SafeguardError(f"This vault has no records of the kind {kind!r}.")


def _child(vault: Vault, child_id: UUID, which: str) -> Stored[Child]:
    try:
        child = vault.children.get(child_id)
    except RecordNotFound:
        raise SafeguardError(f"The {which} child is not in this vault.") from None
    return child


def plan_move(vault: Vault, record_id: UUID, from_child: UUID, to_child: UUID) -> MovePlan:
    """Check that a record can be moved between two children, and say what would move.

    Refused (SafeguardError, or RecordRestricted) when the target is the same child or not in
    the vault, the record does not concern `from_child`, already concerns `to_child`, is a
    child's own record or a referral, was withdrawn, or is restricted (or has a restricted file attached).
    """
    if from_child == to_child:
        raise SafeguardError("Choose a different child: the record is already filed under this one.")
    row = vault._ctx.conn.execute("SELECT kind FROM records WHERE id = ?", (str(record_id),)).fetchone()
    if row is None:
        raise RecordNotFound("That record is not in this vault.")
    kind = str(row[0])
    if kind == Child.KIND:
        raise SafeguardError("A child's own record cannot be moved to another child.")
    if kind == REFERRAL_KIND:
        # A referral concerns several children and may already have gone out as a packet; moving
        # it would rewrite what was sent. A wrong one is withdrawn and made again for the right child.
        raise SafeguardError(
            "A referral cannot be moved to another child: it may concern several children and may already "
            "have been sent. If it was made for the wrong child, withdraw it as recorded in error and make "
            "a new referral for the right child."
        )
    source = _child(vault, from_child, "first")
    target = _child(vault, to_child, "chosen")
    if target.withdrawn:
        raise SafeguardError("The chosen child's record was withdrawn in error; choose another child.")
    repository = _repository(vault, kind)
    current = repository.get(record_id)
    if current.withdrawn:
        raise SafeguardError("This record was withdrawn in error, so it cannot be moved.")
    linked = current.data.linked_child_ids()
    if from_child not in linked:
        raise SafeguardError(f"This record is not filed under {source.data.title()}, so it cannot be moved from there.")
    if to_child in linked:
        raise SafeguardError(
            f"This record already concerns {target.data.title()}. Correct it instead, to take "
            f"{source.data.title()} out of it."
        )
    if restriction_of(vault, record_id) is not None:
        raise RecordRestricted(
            "This record is restricted while a dispute about it is open, so it cannot be moved. "
            "Lift the restriction first."
        )
    payload = _swap(json.loads(json.dumps(current.data.model_dump(mode="json"))), str(from_child), str(to_child))
    try:
        moved = repository.model.model_validate(payload, context=STORED)
    except pydantic.ValidationError as exc:
        raise SafeguardError(f"The record cannot be moved: {first_error_message(exc)}") from None
    now_linked = moved.linked_child_ids()
    if from_child in now_linked or to_child not in now_linked:
        raise SafeguardError("This record cannot be moved automatically; correct it by hand instead.")
    attachments = tuple(
        a
        for a in vault.attachments.list(linked_to=from_child)
        if a.data.linked_record_id == record_id and a.data.child_id == from_child
    )
    for attachment in attachments:
        if restriction_of(vault, attachment.record_id) is not None:
            raise RecordRestricted(
                f"The attached file “{attachment.data.filename}” is restricted while a dispute is open, "
                "so the record cannot be moved with it. Lift that restriction first."
            )
    rows = sum(1 for item in current.data.timeline_items() if item.child_id == from_child)
    return MovePlan(
        record_id=record_id,
        kind=kind,
        title=current.data.title(),
        from_child=from_child,
        from_name=source.data.title(),
        to_child=to_child,
        to_name=target.data.title(),
        data=moved,
        attachments=attachments,
        chronology_rows=rows,
    )


def move_record(vault: Vault, record_id: UUID, from_child: UUID, to_child: UUID, reason: str) -> Move:
    """Move a record filed under the wrong child to the right one, with its attached files.

    The record is amended (reason `MOVE_REASON`) so that every place it named `from_child`
    names `to_child`; the move, with the typed reason, is logged in `moves` and the audit chain,
    all in one transaction. Refusals are those of `plan_move`, and a missing reason.
    """
    reason = " ".join((reason or "").split())
    if not reason:
        raise SafeguardError("Say why the record is moved (for example, how it came to be filed under this child).")
    ctx = vault._ctx
    conn = ctx.conn
    amend_reason = MOVE_REASON
    with transaction(conn):
        plan = plan_move(vault, record_id, from_child, to_child)
        _repository(vault, plan.kind).amend(record_id, plan.data, amend_reason)
        for attachment in plan.attachments:
            meta = attachment.data.model_copy(update={"child_id": to_child})
            vault.attachments.amend(attachment.record_id, meta, amend_reason)
        now = ctx.now().isoformat(timespec="microseconds")
        cursor = conn.execute(
            "INSERT INTO moves (record_id, from_child, to_child, reason, moved_by, moved_at) VALUES (?, ?, ?, ?, ?, ?)",
            (str(record_id), str(from_child), str(to_child), reason, ctx.author().model_dump_json(), now),
        )
        # IDs only in the chain: the digest binds the two children without naming them.
        audit.append(
            conn,
            at=now,
            actor=ctx.actor_id(),
            action="record.move",
            record_id=str(record_id),
            digest=audit.sha256_hex(f"{from_child}>{to_child}".encode()),
        )
        move_id = int(cursor.lastrowid or 0)
    return next(m for m in moves_of(vault, record_id) if m.id == move_id)


def moves_of(vault: Vault, record_id: UUID) -> list[Move]:
    """Every move of a record, oldest first."""
    rows = vault._ctx.conn.execute(
        "SELECT id, record_id, from_child, to_child, reason, moved_by, moved_at FROM moves "
        "WHERE record_id = ? ORDER BY id",
        (str(record_id),),
    ).fetchall()
    return [
        Move(
            id=int(str(mid)),
            record_id=UUID(str(rid)),
            from_child=UUID(str(src)),
            to_child=UUID(str(dst)),
            reason=str(why),
            moved_by=Practitioner.model_validate_json(str(by)),
            moved_at=datetime.fromisoformat(str(at)),
        )
        for mid, rid, src, dst, why, by, at in rows
    ]
