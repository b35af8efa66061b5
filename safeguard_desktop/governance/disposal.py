"""Lawful disposal of a child's file, when its retention period has ended and a review agreed.

A child's file is the child record and every record about that child only, the attachments
of those records (a sent referral's kept packet too), and the adults linked to nothing else.
Records shared with another child stay, because that child's file needs them.

Disposal is the one deliberate exception to append-only storage. In one transaction it
lists the file in `disposal_pending` (which lets the triggers allow the deletes), removes
every row that holds the file's words, writes one `retention.dispose` audit event (IDs and a
digest only, so the chain still verifies) and a destruction log entry, then empties
`disposal_pending` again. Afterwards the full-text index is merged and the database vacuumed,
so the deleted words leave the index and the file's pages (overwritten by secure_delete) are
gone from the file and its write-ahead log.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from uuid import UUID

from safeguard_desktop.domain.ukdates import format_date, uk_today
from safeguard_desktop.errors import RecordNotFound, SafeguardError
from safeguard_desktop.governance.bundle import payload_without
from safeguard_desktop.governance.destruction import BackupHolding, DestructionEntry, backups_holding, destruction_log
from safeguard_desktop.governance.holds import file_holds
from safeguard_desktop.governance.review import DueFile, file_review
from safeguard_desktop.vault import audit
from safeguard_desktop.vault.connection import Connection, DatabaseError, explain, transaction

if TYPE_CHECKING:
    from safeguard_desktop.vault.session import Vault

__all__ = [
    "REMOVED",
    "ChildFile",
    "DisposalRefused",
    "FileNotDue",
    "FileOnHold",
    "FileRestricted",
    "dispose",
    "file_of",
    "refusal",
]

# What the disclosure log says, after disposal, in place of to whom and why a record was shared.
REMOVED = "Removed when the record was disposed of"

# Lists of IDs are bound as one JSON parameter and read with `json_each`, so any length binds.


class DisposalRefused(SafeguardError):
    """The file may not be disposed of now; nothing was changed."""


class FileOnHold(DisposalRefused):
    """A hold not lifted protects the file (see `holds.file_holds`), so nothing may be disposed of."""


class FileNotDue(DisposalRefused):
    """The file's review date (the rule's, or a later keep decision's) has not come, or cannot be worked out."""


class FileRestricted(DisposalRefused):
    """A record in the file is restricted while a dispute about it is open."""


@dataclass(frozen=True)
class ChildFile:
    """Everything a disposal of one child's file would remove, and what it would keep."""

    child_id: UUID
    records: tuple[tuple[str, UUID], ...]  # (kind, id), the child first
    # About this child and another still in the vault, or an adult linked elsewhere: kept.
    shared: tuple[tuple[str, UUID], ...]
    professionals: tuple[UUID, ...]  # never part of a file: kept
    blobs: tuple[str, ...]  # attachment bytes (SHA-256) that no remaining attachment uses
    versions: int
    backups: tuple[BackupHolding, ...]  # made since the file began, not yet aged out

    @property
    def ids(self) -> list[str]:
        """Every record ID in the file, as text."""
        return [str(rid) for _kind, rid in self.records]

    def counts_by_kind(self) -> dict[str, int]:
        """How many records of each kind the file holds."""
        counts: dict[str, int] = {}
        for kind, _rid in self.records:
            counts[kind] = counts.get(kind, 0) + 1
        return counts


def _j(values: object) -> str:
    return json.dumps(sorted(values) if isinstance(values, set) else values)


def _gather(conn: Connection, child_id: UUID, vault_path: Path) -> ChildFile:
    cid = str(child_id)
    row = conn.execute("SELECT kind FROM records WHERE id = ?", (cid,)).fetchone()
    if row is None or row[0] != "child":
        raise RecordNotFound("No child with that ID is in this vault.")
    children = {str(r[0]) for r in conn.execute("SELECT id FROM records WHERE kind = 'child'").fetchall()}
    kinds: dict[str, str] = {cid: "child"}
    shared: dict[str, str] = {}
    professionals: list[str] = []
    linked = conn.execute(
        "SELECT r.id, r.kind FROM links l JOIN records r ON r.id = l.record_id "
        "WHERE l.target_id = ? AND l.target_kind = 'child' AND r.kind != 'child' ORDER BY r.kind, r.id",
        (cid,),
    ).fetchall()
    for rid, kind in linked:
        rid, kind = str(rid), str(kind)
        if kind == "professional":
            professionals.append(rid)
            continue
        others = {
            str(r[0])
            for r in conn.execute(
                "SELECT target_id FROM links WHERE record_id = ? AND target_kind = 'child' AND target_id != ?",
                (rid, cid),
            ).fetchall()
        }
        (shared if others & children else kinds)[rid] = kind
    _add_attachments(conn, cid, children, kinds, shared)
    _add_adults(conn, kinds, shared)
    ids = list(kinds)
    blobs = _unused_blobs(conn, ids)
    versions = int(
        conn.execute(
            "SELECT count(*) FROM versions WHERE record_id IN (SELECT value FROM json_each(?))", (_j(ids),)
        ).fetchone()[0]
    )
    return ChildFile(
        child_id=child_id,
        records=tuple((kind, UUID(rid)) for rid, kind in kinds.items()),
        shared=tuple((kind, UUID(rid)) for rid, kind in shared.items()),
        professionals=tuple(UUID(p) for p in professionals),
        blobs=tuple(blobs),
        versions=versions,
        backups=backups_holding(conn, ids, vault_path),
    )


def _add_attachments(
    conn: Connection, cid: str, children: set[str], kinds: dict[str, str], shared: dict[str, str]
) -> None:
    """Attachments of the file's records, and the packets its referrals kept, unless about another child."""
    packets = {
        str(r[0])
        for r in conn.execute(
            "SELECT json_extract(v.payload, '$.sent.attachment_id') FROM records r "
            "JOIN versions v ON v.record_id = r.id "
            "WHERE r.kind = 'referral' AND r.id IN (SELECT value FROM json_each(?))",
            (_j(list(kinds)),),
        ).fetchall()
        if r[0]
    }
    rows = conn.execute(
        "SELECT r.id, json_extract(v.payload, '$.linked_record_id'), json_extract(v.payload, '$.child_id') "
        "FROM records r JOIN versions v ON v.id = r.current_version WHERE r.kind = 'attachment' ORDER BY r.id"
    ).fetchall()
    for rid, linked_record, child in rows:
        rid = str(rid)
        if rid in kinds or rid in shared:
            continue
        if (linked_record and str(linked_record) in kinds) or rid in packets:
            about_other = child is not None and str(child) != cid and str(child) in children
            (shared if about_other else kinds)[rid] = "attachment"


def _add_adults(conn: Connection, kinds: dict[str, str], shared: dict[str, str]) -> None:
    """Adults whom only records of this file name; the others are kept and listed as shared."""
    adults = conn.execute(
        "SELECT DISTINCT l.target_id FROM links l JOIN records r ON r.id = l.target_id AND r.kind = 'adult' "
        "WHERE l.target_kind = 'adult' AND l.record_id IN (SELECT value FROM json_each(?)) ORDER BY l.target_id",
        (_j(list(kinds)),),
    ).fetchall()
    for (adult,) in adults:
        naming = {str(r[0]) for r in conn.execute("SELECT record_id FROM links WHERE target_id = ?", (adult,))}
        (kinds if naming <= kinds.keys() else shared)[str(adult)] = "adult"


def _unused_blobs(conn: Connection, ids: list[str]) -> list[str]:
    """Bytes of the file's attachments that no attachment outside the file uses (any version)."""
    rows = conn.execute(
        "SELECT DISTINCT json_extract(v.payload, '$.sha256') FROM versions v "
        "WHERE v.kind = 'attachment' AND v.record_id IN (SELECT value FROM json_each(?)) "
        "AND NOT EXISTS (SELECT 1 FROM versions o WHERE o.kind = 'attachment' "
        "AND o.record_id NOT IN (SELECT value FROM json_each(?)) "
        "AND json_extract(o.payload, '$.sha256') = json_extract(v.payload, '$.sha256'))",
        (_j(ids), _j(ids)),
    ).fetchall()
    return sorted(str(r[0]) for r in rows if r[0])


def file_of(vault: Vault, child_id: UUID) -> ChildFile:
    """What disposing of the child's file would remove and keep (RecordNotFound if no such child)."""
    return _gather(vault._ctx.conn, child_id, Path(vault.path))


def refusal(vault: Vault, child_id: UUID) -> DisposalRefused | None:
    """Why the child's file may not be disposed of today, or None when it may.

    Held (by any hold `holds.file_holds` counts), not yet due for review (a later keep decision
    counts), no review date, or a record in it restricted while a dispute is open.
    """
    conn = vault._ctx.conn
    file = _gather(conn, child_id, Path(vault.path))
    if file_holds(conn, child_id):
        return FileOnHold(
            "This file cannot be disposed of: a hold on it has not been lifted. Lift the hold first, "
            "if the reason for it has ended. Nothing was changed."
        )
    review = file_review(vault, child_id)
    today = uk_today(vault._ctx.now())
    if not isinstance(review, DueFile):
        return FileNotDue(f"This file has no review date, so it cannot be disposed of. {review.why}")
    if review.due > today:
        why = "it was kept at review until then" if review.keep is not None else f"under {review.rule.id}"
        return FileNotDue(
            f"This file is not due for review until {format_date(review.due)} ({why}), so it cannot be "
            "disposed of yet. Nothing was changed."
        )
    restricted = int(
        conn.execute(
            "SELECT count(DISTINCT record_id) FROM restrictions WHERE lifted_at IS NULL "
            "AND record_id IN (SELECT value FROM json_each(?))",
            (_j(file.ids),),
        ).fetchone()[0]
    )
    if restricted:
        return FileRestricted(
            f"This file cannot be disposed of while a dispute is open: {restricted} "
            f"{'record in it is' if restricted == 1 else 'records in it are'} restricted. Settle the dispute "
            "and lift the restriction first. Nothing was changed."
        )
    return None


# Every row that holds a file's words, rows that refer to a record before the record itself
# (the foreign keys need that). Each statement takes the file's record IDs as one JSON list.
# Versions refer to the versions they replace: one statement removes a record's chain whole.
_DELETES = (
    "DELETE FROM search WHERE rowid IN "
    "(SELECT fts_rowid FROM search_rows WHERE record_id IN (SELECT value FROM json_each(?)))",
    "DELETE FROM search_rows WHERE record_id IN (SELECT value FROM json_each(?))",
    "DELETE FROM links WHERE record_id IN (SELECT value FROM json_each(?))",
    "DELETE FROM timeline WHERE record_id IN (SELECT value FROM json_each(?))",
    "DELETE FROM due WHERE record_id IN (SELECT value FROM json_each(?))",
    "DELETE FROM statements WHERE record_id IN (SELECT value FROM json_each(?))",
    "DELETE FROM restrictions WHERE record_id IN (SELECT value FROM json_each(?))",
    "DELETE FROM moves WHERE record_id IN (SELECT value FROM json_each(?))",
    "DELETE FROM holds WHERE record_id IN (SELECT value FROM json_each(?))",
    "DELETE FROM retention_facts WHERE child_id IN (SELECT value FROM json_each(?))",
    "DELETE FROM retention_reviews WHERE child_id IN (SELECT value FROM json_each(?))",
    "DELETE FROM versions WHERE record_id IN (SELECT value FROM json_each(?))",
    "DELETE FROM records WHERE id IN (SELECT value FROM json_each(?))",
    "DELETE FROM sar_bundles WHERE request_id IN "
    "(SELECT id FROM sar_requests WHERE person_id IN (SELECT value FROM json_each(?)))",
    "DELETE FROM sar_requests WHERE person_id IN (SELECT value FROM json_each(?))",
)


def _remove(conn: Connection, file: ChildFile) -> None:
    """Delete every row that holds the file; the caller holds the transaction and disposal_pending."""
    ids = _j(file.ids)
    for sql in _DELETES:
        conn.execute(sql, (ids,))
    conn.execute("DELETE FROM blobs WHERE sha256 IN (SELECT value FROM json_each(?))", (_j(list(file.blobs)),))
    conn.execute(
        "UPDATE disclosures SET recipient = ?, purpose = ? WHERE record_id IN (SELECT value FROM json_each(?))",
        (REMOVED, REMOVED, ids),
    )
    # A record moved to or from this file's child stays with the other child; its typed reason may name this one.
    conn.execute(
        "UPDATE moves SET reason = ? WHERE from_child IN (SELECT value FROM json_each(?)) "
        "OR to_child IN (SELECT value FROM json_each(?))",
        (REMOVED, ids, ids),
    )
    # A draft that names a disposed record would carry its words.
    for key, payload in conn.execute("SELECT key, payload FROM drafts").fetchall():
        if any(rid in str(payload) or rid in str(key) for rid in file.ids):
            conn.execute("DELETE FROM drafts WHERE key = ?", (key,))
    _prune_bundles(conn, set(file.ids))


def _prune_bundles(conn: Connection, ids: set[str]) -> None:
    """Take the disposed records out of other people's saved SAR bundles, keeping the rest of the work."""
    for request, payload in conn.execute("SELECT request_id, payload FROM sar_bundles").fetchall():
        if not any(rid in str(payload) for rid in ids):
            continue
        kept = payload_without(str(payload), ids)
        if kept is None:
            conn.execute("DELETE FROM sar_bundles WHERE request_id = ?", (request,))
        else:
            conn.execute("UPDATE sar_bundles SET payload = ? WHERE request_id = ?", (kept, request))


def removed_digest(items: list[tuple[str, str]]) -> str:
    """The digest the `retention.dispose` audit event keeps: of the sorted [kind, id] list removed."""
    return audit.sha256_hex(audit.canonical_json(sorted([kind, rid] for kind, rid in items)))


def dispose(vault: Vault, child_id: UUID, *, rule_id: str, rule_source: str) -> DestructionEntry:
    """Dispose of the child's file under the retention rule `rule_id`, and return the destruction log entry.

    Refused, changing nothing, with the `refusal` (FileOnHold, FileNotDue, FileRestricted),
    checked inside the disposal's own transaction. Records shared with another child are kept;
    other people's SAR bundles lose only the disposed records. Backups (and pre-migration
    copies) made before now still hold the file; the entry names them until they age out.
    """
    rule_id, rule_source = rule_id.strip(), rule_source.strip()
    if not rule_id or not rule_source:
        raise SafeguardError("Name the retention rule, and its source, under which the file is disposed of.")
    ctx = vault._ctx
    conn = ctx.conn
    with transaction(conn, vault.path):
        refused = refusal(vault, child_id)
        if refused is not None:
            raise refused
        file = _gather(conn, child_id, Path(vault.path))
        items = [(kind, str(rid)) for kind, rid in file.records]
        attachments = sum(1 for kind, _rid in items if kind == "attachment")
        conn.execute("DELETE FROM disposal_pending")
        conn.executemany(
            "INSERT INTO disposal_pending (record_id) VALUES (?)",
            [(rid,) for _kind, rid in items] + [(f"blob:{sha}",) for sha in file.blobs],
        )
        _remove(conn, file)
        now = ctx.now().isoformat(timespec="microseconds")
        event = audit.append(
            conn,
            at=now,
            actor=ctx.actor_id(),
            action="retention.dispose",
            record_id=str(child_id),
            digest=removed_digest(items),
        )
        backups = [{"path": b.path, "made_at": b.made_at.isoformat(timespec="microseconds")} for b in file.backups]
        cursor = conn.execute(
            "INSERT INTO destruction_log (disposed_at, record_kind, record_id, rule_id, rule_source, decided_by, "
            "records_removed, versions_removed, attachments_removed, audit_seq, backups) "
            "VALUES (?, 'child', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                now,
                str(child_id),
                rule_id,
                rule_source,
                ctx.author().model_dump_json(),
                len(items),
                file.versions,
                attachments,
                event.seq,
                json.dumps(backups),
            ),
        )
        conn.executemany(
            "INSERT INTO destruction_items (destruction_id, record_id, kind) VALUES (?, ?, ?)",
            [(cursor.lastrowid, rid, kind) for kind, rid in items],
        )
        conn.execute("DELETE FROM disposal_pending")
        entry_id = int(cursor.lastrowid)
    compact(vault)
    return next(e for e in destruction_log(vault, only_holding=False) if e.id == entry_id)


def compact(vault: Vault) -> None:
    """Merge the full-text index and rebuild the database file, so deleted words leave the vault's files.

    Deleting from an FTS5 table only marks its entries deleted until its segments merge;
    `optimize` merges them all. (FTS5's secure-delete option is not enough: the words of a
    record's earlier versions, deleted at each correction, stay in older segments until a
    merge.) VACUUM rewrites the file without the freed pages (which
    secure_delete has already overwritten) and the checkpoint empties the write-ahead log.
    """
    conn = vault._ctx.conn
    try:
        conn.execute("INSERT INTO search (search) VALUES ('optimize')")
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    except DatabaseError as exc:
        error = explain(exc, vault.path)
        raise SafeguardError(
            f"The file was disposed of and logged, but the vault could not be tidied afterwards: {error.message}"
        ) from exc
