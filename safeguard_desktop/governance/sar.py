"""The subject access request log: who asked, about whom, when, and the deadline.

UK GDPR article 12(3): respond without undue delay and within one month of receipt, extendable
by up to two further months where requests are complex or numerous. The ICO counts a month as
ending on the corresponding calendar date of the next month, or on its last day when there is
no such date (received 31 January, due 28 February, or 29 February in a leap year).

The log holds the requester's name as typed (a member of the public, not staff) in the vault;
the audit chain holds only the request's ID and what happened: no digest, since one of a name and
a few dates could be confirmed by guessing after the request is disposed of.
"""

from __future__ import annotations

import calendar
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal
from uuid import UUID

from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.ukdates import format_date, uk_today
from safeguard_desktop.errors import RecordNotFound, SafeguardError
from safeguard_desktop.governance.people_search import PersonKind, person
from safeguard_desktop.vault import audit
from safeguard_desktop.vault.connection import transaction

if TYPE_CHECKING:
    from safeguard_desktop.vault.session import Vault

__all__ = [
    "MAX_EXTENSION_MONTHS",
    "SarRequest",
    "add_months",
    "close",
    "deadline_for",
    "extend",
    "get_request",
    "log_request",
    "requests",
]

MAX_EXTENSION_MONTHS = 2
Status = Literal["open", "responded", "withdrawn"]
STATUS_LABELS = {"open": "Open", "responded": "Responded", "withdrawn": "Withdrawn"}


def add_months(start: date, months: int) -> date:
    """The corresponding date `months` later, or the last day of that month when there is none."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def deadline_for(received: date) -> date:
    """The response deadline for a request received on `received`: one calendar month."""
    return add_months(received, 1)


@dataclass(frozen=True)
class SarRequest:
    """One subject access request and where it stands."""

    id: UUID
    person_id: UUID
    person_kind: PersonKind
    person_name: str
    requester: str
    received: date
    deadline: date
    extended_to: date | None
    extension_reason: str
    status: Status
    closed_on: date | None
    created_by: Practitioner
    created_at: datetime

    def due(self) -> date:
        """The date the response is due, extension included."""
        return self.extended_to or self.deadline

    def extension_months(self) -> int:
        """How many months the deadline has been extended by (0, 1 or 2)."""
        if self.extended_to is None:
            return 0
        for months in range(1, MAX_EXTENSION_MONTHS + 1):
            if add_months(self.received, 1 + months) == self.extended_to:
                return months
        return MAX_EXTENSION_MONTHS

    def days_left(self, today: date | None = None) -> int:
        """Days until the response is due (negative when overdue)."""
        return (self.due() - (today or uk_today())).days

    def days_left_text(self, today: date | None = None) -> str:
        """Days left in words: "12 days", "Due today", "3 days overdue", or the status when closed."""
        if self.status != "open":
            return STATUS_LABELS[self.status]
        left = self.days_left(today)
        if left == 0:
            return "Due today"
        if left < 0:
            return f"{-left} day{'' if left == -1 else 's'} overdue"
        return f"{left} day{'' if left == 1 else 's'}"

    def status_label(self) -> str:
        """The status in words, with the closing date."""
        label = STATUS_LABELS[self.status]
        return f"{label} {format_date(self.closed_on)}" if self.closed_on else label


_COLUMNS = (
    "id, person_id, person_kind, requester, received, deadline, extended_to, extension_reason, "
    "status, closed_on, created_by, created_at"
)


def _row(vault: Vault, row: tuple[object, ...]) -> SarRequest:
    rid, pid, kind, requester, received, deadline, ext, reason, status, closed, by, at = row
    try:
        name = person(vault, UUID(str(pid))).name
    except RecordNotFound:
        name = "(record no longer held)"
    return SarRequest(
        id=UUID(str(rid)),
        person_id=UUID(str(pid)),
        person_kind="child" if kind == "child" else "adult",
        person_name=name,
        requester=str(requester),
        received=date.fromisoformat(str(received)),
        deadline=date.fromisoformat(str(deadline)),
        extended_to=date.fromisoformat(str(ext)) if ext else None,
        extension_reason=str(reason or ""),
        status="responded" if status == "responded" else "withdrawn" if status == "withdrawn" else "open",
        closed_on=date.fromisoformat(str(closed)) if closed else None,
        created_by=Practitioner.model_validate_json(str(by)),
        created_at=datetime.fromisoformat(str(at)),
    )


def _not_future(on: date, what: str) -> None:
    if on > uk_today():
        raise SafeguardError(f"The {what} ({format_date(on)}) is in the future; please check the date.")


def log_request(vault: Vault, person_id: UUID, person_kind: PersonKind, requester: str, received: date) -> SarRequest:
    """Log a request about a child or adult; the deadline is one calendar month from receipt.

    Refused when the date received is in the future or before the person was born (a mistyped
    year); a date long past is allowed, since a request may be logged late.
    """
    requester = " ".join(requester.split())
    if not requester:
        raise SafeguardError("Say who made the request (the person, or who asks on their behalf).")
    _not_future(received, "date the request was received")
    found = person(vault, person_id)
    if found.kind != person_kind:
        raise SafeguardError(f"{found.name} is recorded as {'a child' if found.kind == 'child' else 'an adult'}.")
    if found.born is not None and received < found.born:
        raise SafeguardError(
            f"The date the request was received ({format_date(received)}) is before {found.name} was born "
            f"({format_date(found.born)}); please check the date."
        )
    ctx = vault._ctx
    conn = ctx.conn
    request_id = uuid.uuid4()
    now = ctx.now().isoformat(timespec="microseconds")
    deadline = deadline_for(received)
    with transaction(conn):
        conn.execute(
            "INSERT INTO sar_requests (id, person_id, person_kind, requester, received, deadline, created_by, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                str(request_id),
                str(person_id),
                person_kind,
                requester,
                received.isoformat(),
                deadline.isoformat(),
                ctx.author().model_dump_json(),
                now,
            ),
        )
        audit.append(
            conn,
            at=now,
            actor=ctx.actor_id(),
            action="sar.request",
            record_id=str(request_id),
            # No digest: the person, a name and two dates could be confirmed by guessing once disposal
            # removes the request; the row has no column for a secret nonce that would prevent it.
        )
    return get_request(vault, request_id)


def get_request(vault: Vault, request_id: UUID) -> SarRequest:
    """One request (RecordNotFound when it is not in the log)."""
    row = vault._ctx.conn.execute(
        f"SELECT {_COLUMNS} FROM sar_requests WHERE id = ?",  # nosec B608
        (str(request_id),),
    ).fetchone()
    if row is None:
        raise RecordNotFound("That subject access request is not in this vault.")
    return _row(vault, tuple(row))


def requests(vault: Vault) -> list[SarRequest]:
    """Every request: open ones first, soonest due first; then closed ones, newest first."""
    rows = vault._ctx.conn.execute(f"SELECT {_COLUMNS} FROM sar_requests").fetchall()  # nosec B608
    found = [_row(vault, tuple(r)) for r in rows]
    open_ = sorted((r for r in found if r.status == "open"), key=lambda r: (r.due(), r.received))
    closed = sorted((r for r in found if r.status != "open"), key=lambda r: r.received, reverse=True)
    return open_ + closed


def extension_refusal(vault: Vault, request: SarRequest) -> str:
    """Why the request's deadline cannot be extended now ("" when it can), by the vault's clock."""
    if request.status != "open":
        return "This request is closed, so its deadline cannot be extended."
    if uk_today(vault._ctx.now()) > request.deadline:
        return (
            "An extension has to be decided, and the requester told, within the first month "
            f"(by {format_date(request.deadline)}). That time has passed, so the deadline cannot be extended now."
        )
    return ""


def extend(vault: Vault, request_id: UUID, months: int, reason: str) -> SarRequest:
    """Extend an open request's deadline by 1 or 2 months (at most 2 in all), with the reason.

    The requester must be told within the first month, with the reason; the log keeps it. So an
    extension is refused once (UK) today is after the original one-month deadline.
    """
    reason = reason.strip()
    if months not in (1, 2):
        raise SafeguardError("A deadline can be extended by one or two months.")
    if not reason:
        raise SafeguardError("Say why more time is needed (for example, the request is complex).")
    request = get_request(vault, request_id)
    refusal = extension_refusal(vault, request)
    if refusal:
        raise SafeguardError(refusal)
    total = request.extension_months() + months
    if total > MAX_EXTENSION_MONTHS:
        already = request.extension_months()
        raise SafeguardError(
            f"The deadline has already been extended by {already} month{'' if already == 1 else 's'}; "
            f"the law allows at most {MAX_EXTENSION_MONTHS} further months in all."
        )
    extended_to = add_months(request.received, 1 + total)
    reasons = f"{request.extension_reason}\n{reason}" if request.extension_reason else reason
    ctx = vault._ctx
    conn = ctx.conn
    now = ctx.now().isoformat(timespec="microseconds")
    with transaction(conn):
        conn.execute(
            "UPDATE sar_requests SET extended_to = ?, extension_reason = ? WHERE id = ?",
            (extended_to.isoformat(), reasons, str(request_id)),
        )
        audit.append(
            conn,
            at=now,
            actor=ctx.actor_id(),
            action="sar.extend",
            record_id=str(request_id),
            # No digest: a date and a short reason are guessable (see log_request).
        )
    return get_request(vault, request_id)


def close(vault: Vault, request_id: UUID, status: Literal["responded", "withdrawn"], on: date) -> SarRequest:
    """Close a request: responded to, or withdrawn by the requester, on a date."""
    if status not in ("responded", "withdrawn"):
        raise SafeguardError("A request is closed as responded to or withdrawn.")
    request = get_request(vault, request_id)
    if request.status != "open":
        raise SafeguardError("This request is already closed.")
    if on < request.received:
        raise SafeguardError(f"{format_date(on)} is before the request was received ({format_date(request.received)}).")
    _not_future(on, "closing date")
    ctx = vault._ctx
    conn = ctx.conn
    now = ctx.now().isoformat(timespec="microseconds")
    with transaction(conn):
        conn.execute(
            "UPDATE sar_requests SET status = ?, closed_on = ? WHERE id = ? AND status = 'open'",
            (status, on.isoformat(), str(request_id)),
        )
        audit.append(
            conn,
            at=now,
            actor=ctx.actor_id(),
            action=f"sar.{status}",
            record_id=str(request_id),
            # No digest: a status and a date are guessable (see log_request).
        )
    return get_request(vault, request_id)
