"""The retention review queue: which children's files have reached their review date.

Each child's file has a review date under the rule that applies to this organisation: a
school keeps a child protection file until the child's date of birth + 25 years; an NHS
service until the 25th birthday, or the 26th when the young person was 17 when care ended.
At the review the lead either keeps the file, with a reason and the next review date (which
then replaces the rule's date), or disposes of it. A file whose date cannot be worked out
(an unborn baby, an assessed age with no date of birth) is listed apart with the reason,
never quietly left out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from safeguard_desktop.domain.people import Child
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.ukdates import format_date, uk_today
from safeguard_desktop.errors import RecordNotFound, SafeguardError
from safeguard_desktop.governance.holds import is_held
from safeguard_desktop.governance.rules import Rule, add_years, child_file_rule
from safeguard_desktop.vault import audit
from safeguard_desktop.vault.connection import transaction

if TYPE_CHECKING:
    from safeguard_desktop.vault.session import Vault

__all__ = [
    "MAX_KEEP_YEARS",
    "DueFile",
    "FileReview",
    "KeepDecision",
    "UndatedFile",
    "care_ended",
    "file_review",
    "keep",
    "review_history",
    "review_queue",
    "rule_date",
    "set_care_ended",
    "undated_files",
]

MAX_KEEP_YEARS = 25


@dataclass(frozen=True)
class KeepDecision:
    """A review's decision to keep a file, with the reason and when to look again."""

    id: int
    child_id: UUID
    reason: str
    next_review: date
    decided_by: Practitioner
    decided_at: datetime


@dataclass(frozen=True)
class DueFile:
    """A child's file and its review date (the latest keep decision's, or else the rule's)."""

    child_id: UUID
    name: str
    date_of_birth: date | None
    due: date
    rule: Rule
    keep: KeepDecision | None
    held: bool
    withdrawn: bool = False


@dataclass(frozen=True)
class UndatedFile:
    """A child's file whose review date cannot be worked out, and why."""

    child_id: UUID
    name: str
    why: str
    rule: Rule
    held: bool


FileReview = DueFile | UndatedFile


def _age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def rule_date(rule: Rule, born: date, care_ended_on: date | None = None) -> date:
    """The date a rule puts a file up for review, from the date of birth (and when care ended)."""
    years = rule.period.years
    extension = rule.extension
    if (
        extension is not None
        and care_ended_on is not None
        and _age_on(born, care_ended_on) == extension.care_ended_at_age
    ):
        years += extension.extra_years
    return add_years(born, years) + timedelta(days=rule.period.days)


def _why_undated(child: Child) -> str:
    if child.expected_delivery is not None:
        return (
            f"Unborn baby (expected {format_date(child.expected_delivery)}): there is no date of birth to count "
            "from. Record the date of birth once the baby is born, or keep the file with a review date."
        )
    return (
        f"The age is {child.age_status} and no date of birth is recorded, so the review date cannot be worked "
        "out. Record an assessed date of birth, or keep the file with a review date."
    )


def _latest_keeps(vault: Vault) -> dict[UUID, KeepDecision]:
    rows = vault._ctx.conn.execute(
        "SELECT id, child_id, reason, next_review, decided_by, decided_at FROM retention_reviews "
        "WHERE id IN (SELECT max(id) FROM retention_reviews GROUP BY child_id)"
    ).fetchall()
    return {decision.child_id: decision for decision in (_keep_row(tuple(r)) for r in rows)}


def _keep_row(row: tuple[object, ...]) -> KeepDecision:
    rid, child, reason, next_review, by, at = row
    return KeepDecision(
        id=int(str(rid)),
        child_id=UUID(str(child)),
        reason=str(reason),
        next_review=date.fromisoformat(str(next_review)),
        decided_by=Practitioner.model_validate_json(str(by)),
        decided_at=datetime.fromisoformat(str(at)),
    )


def _care_ended_all(vault: Vault) -> dict[UUID, date]:
    rows = vault._ctx.conn.execute(
        "SELECT child_id, care_ended FROM retention_facts WHERE care_ended IS NOT NULL"
    ).fetchall()
    return {UUID(str(c)): date.fromisoformat(str(d)) for c, d in rows}


def _review(
    vault: Vault,
    child_id: UUID,
    child: Child,
    withdrawn: bool,
    rule: Rule,
    decision: KeepDecision | None,
    ended: date | None,
    with_hold: bool,
) -> FileReview:
    held = is_held(vault, child_id) if with_hold else False
    name = child.title()
    born = child.date_of_birth
    if decision is not None:
        due = decision.next_review
    elif born is not None:
        due = rule_date(rule, born, ended)
    else:
        return UndatedFile(child_id, name, _why_undated(child), rule, held)
    return DueFile(child_id, name, born, due, rule, decision, held, withdrawn)


def file_review(vault: Vault, child_id: UUID) -> FileReview:
    """One child's file: its review date and rule, or why its date cannot be worked out."""
    stored = vault.children.get(child_id)
    keeps = review_history(vault, child_id)
    return _review(
        vault,
        child_id,
        stored.data,
        stored.withdrawn,
        child_file_rule(vault),
        keeps[-1] if keeps else None,
        care_ended(vault, child_id),
        with_hold=True,
    )


def _all_reviews(vault: Vault) -> list[FileReview]:
    rule = child_file_rule(vault)
    keeps = _latest_keeps(vault)
    ended = _care_ended_all(vault)
    reviews = []
    for stored in vault.children.list(include_withdrawn=True):
        cid = stored.record_id
        reviews.append(_review(vault, cid, stored.data, stored.withdrawn, rule, keeps.get(cid), ended.get(cid), False))
    return reviews


def review_queue(vault: Vault, today: date | None = None) -> list[DueFile]:
    """Files due for review on or before `today` (UK today by default), earliest first, with holds marked."""
    today = today or uk_today()
    due = [r for r in _all_reviews(vault) if isinstance(r, DueFile) and r.due <= today]
    # Holds are looked up only for the few files due, not for every child in the vault.
    marked = [replace(d, held=is_held(vault, d.child_id)) for d in due]
    return sorted(marked, key=lambda d: (d.due, d.name.casefold()))


def undated_files(vault: Vault) -> list[UndatedFile]:
    """Files whose review date cannot be worked out (no date of birth and no keep decision), with why."""
    undated = [r for r in _all_reviews(vault) if isinstance(r, UndatedFile)]
    marked = [replace(u, held=is_held(vault, u.child_id)) for u in undated]
    return sorted(marked, key=lambda u: u.name.casefold())


def _require_child(vault: Vault, child_id: UUID) -> Child:
    try:
        return vault.children.get(child_id).data
    except RecordNotFound:
        raise RecordNotFound("That child is not in this vault.") from None


def keep(vault: Vault, child_id: UUID, reason: str, next_review: date) -> KeepDecision:
    """Decide at review to keep a child's file, with the reason and the next review date.

    The next review must be after today and at most `MAX_KEEP_YEARS` years away: a file is
    looked at again within a working lifetime, and a later date is almost always a mistyped year.
    """
    reason = reason.strip()
    if not reason:
        raise SafeguardError("Say why the file is kept beyond its review date (for example, an open case).")
    today = uk_today(vault._ctx.now())
    if next_review <= today:
        raise SafeguardError(
            f"The next review date ({format_date(next_review)}) must be after today ({format_date(today)})."
        )
    if next_review > add_years(today, MAX_KEEP_YEARS):
        raise SafeguardError(
            f"The next review date ({format_date(next_review)}) is more than {MAX_KEEP_YEARS} years away; "
            "check the year."
        )
    _require_child(vault, child_id)
    ctx = vault._ctx
    conn = ctx.conn
    now = ctx.now().isoformat(timespec="microseconds")
    with transaction(conn):
        cursor = conn.execute(
            "INSERT INTO retention_reviews (child_id, decision, reason, next_review, decided_by, decided_at) "
            "VALUES (?, 'keep', ?, ?, ?, ?)",
            (str(child_id), reason, next_review.isoformat(), ctx.author().model_dump_json(), now),
        )
        audit.append(
            conn,
            at=now,
            actor=ctx.actor_id(),
            action="retention.keep",
            record_id=str(child_id),
            # No digest: a date and a short reason could be confirmed by guessing after disposal.
        )
        decision_id = int(cursor.lastrowid or 0)
    return next(d for d in review_history(vault, child_id) if d.id == decision_id)


def review_history(vault: Vault, child_id: UUID) -> list[KeepDecision]:
    """Every keep decision on a child's file, oldest first."""
    rows = vault._ctx.conn.execute(
        "SELECT id, child_id, reason, next_review, decided_by, decided_at FROM retention_reviews "
        "WHERE child_id = ? ORDER BY id",
        (str(child_id),),
    ).fetchall()
    return [_keep_row(tuple(r)) for r in rows]


def care_ended(vault: Vault, child_id: UUID) -> date | None:
    """When the service's involvement with the child ended, if recorded."""
    row = vault._ctx.conn.execute(
        "SELECT care_ended FROM retention_facts WHERE child_id = ?", (str(child_id),)
    ).fetchone()
    return date.fromisoformat(str(row[0])) if row is not None and row[0] else None


def set_care_ended(vault: Vault, child_id: UUID, ended: date | None) -> None:
    """Record (or clear, with None) when care ended; the NHS rule adds a year if the young person was 17."""
    child = _require_child(vault, child_id)
    today = uk_today(vault._ctx.now())
    if ended is not None and ended > today:
        raise SafeguardError(f"The date care ended ({format_date(ended)}) is in the future.")
    if ended is not None and child.date_of_birth is not None and ended < child.date_of_birth:
        raise SafeguardError(
            f"The date care ended ({format_date(ended)}) is before the date of birth "
            f"({format_date(child.date_of_birth)})."
        )
    ctx = vault._ctx
    conn = ctx.conn
    now = ctx.now().isoformat(timespec="microseconds")
    value = ended.isoformat() if ended else None
    with transaction(conn):
        conn.execute(
            "INSERT INTO retention_facts (child_id, care_ended, recorded_by, recorded_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (child_id) DO UPDATE SET care_ended = excluded.care_ended, "
            "recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
            (str(child_id), value, ctx.author().model_dump_json(), now),
        )
        audit.append(
            conn,
            at=now,
            actor=ctx.actor_id(),
            action="retention.care_ended",
            record_id=str(child_id),
            # No digest: a digest of a date is confirmed by trying a few thousand dates.
        )
