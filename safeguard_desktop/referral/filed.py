"""Which records chosen for a referral may still go in it.

A referral keeps the IDs of the concerns, chronology entries, screenings, decision and files
chosen when it was written. Until it is sent, any of them can change: a concern found to be
filed under the wrong child is moved to the right one, and must then leave this child's
referral, or another child's information would be shared. So every chosen record is checked
against its CURRENT version when the referral is read: it stays only while it still concerns
one of the referral's children. Restricted records (a dispute is open) are left out too; the
document says how many of each were left out, so a reader knows the picture is incomplete.
"""

from __future__ import annotations

from uuid import UUID

from safeguard_desktop.errors import RecordNotFound
from safeguard_desktop.governance.people_search import stored_record
from safeguard_desktop.governance.restriction import restricted_ids
from safeguard_desktop.referral.model import Referral
from safeguard_desktop.vault.session import Vault

__all__ = ["left_out", "moved_note", "not_filed_under"]


def _children_of(vault: Vault, record_id: UUID) -> set[UUID]:
    """The children the record's current version concerns (none when it is no longer in the vault)."""
    try:
        return set(stored_record(vault, record_id).data.linked_child_ids())
    except RecordNotFound:
        return set()


def not_filed_under(vault: Vault, referral: Referral) -> set[UUID]:
    """The chosen records that no longer concern any of the referral's children.

    A record counts when its current version links one of them. A file counts when it is filed
    under one of them, or attached to a record that concerns one of them; a file filed under no
    child and attached to nothing stays, as it always could.
    """
    children = set(referral.child_ids)
    chosen = {*referral.concern_ids, *referral.screening_ids, *(p.record_id for p in referral.chronology)}
    if referral.decision_id is not None:
        chosen.add(referral.decision_id)
    gone = {record_id for record_id in chosen if not _children_of(vault, record_id) & children}
    for attachment_id in referral.attachment_ids:
        try:
            meta = vault.attachments.get(attachment_id).data
        except RecordNotFound:
            gone.add(attachment_id)
            continue
        if meta.child_id is None and meta.linked_record_id is None:
            continue
        if meta.child_id in children:
            continue
        if meta.linked_record_id is not None and _children_of(vault, meta.linked_record_id) & children:
            continue
        gone.add(attachment_id)
    return gone


def left_out(vault: Vault, referral: Referral) -> tuple[set[UUID], set[UUID]]:
    """The records to leave out of the referral: (restricted ones, others no longer filed under its children).

    A record both restricted and moved is counted once, as restricted.
    """
    held = restricted_ids(vault)
    return held, not_filed_under(vault, referral) - held


def moved_note(count: int, what: str) -> str:
    """Say that `count` chosen records were left out of `what` because they were moved; empty when none were."""
    if count <= 0:
        return ""
    records, they = (
        ("1 record chosen for it was", "it is") if count == 1 else (f"{count} records chosen for it were", "they are")
    )
    return (
        f"{records} left out of {what}, because {they} no longer filed under the children it concerns "
        "(moved to another child's file after being filed in error, or no longer in the vault)."
    )
