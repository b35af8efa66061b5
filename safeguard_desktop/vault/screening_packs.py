"""Screening packs imported into the vault: every pack a screening may have used, kept as imported.

A pack is stored as its canonical JSON under the SHA-256 of those bytes, the digest a
screening's `PackRef` cites, so a screening can always be shown with the exact pack it used.
Packs are not signed (an organisation loads its own licensed pack), so which pack is current
is simply the newest import; every import is recorded in the audit chain in the same
transaction as its row. The chain holds the digest of the row, never the pack's text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.errors import RecordNotFound, VaultDamaged, VaultError
from safeguard_desktop.screening.pack import ScreeningPack
from safeguard_desktop.vault import audit
from safeguard_desktop.vault.connection import transaction
from safeguard_desktop.vault.store import Context

__all__ = ["IMPORT_ACTION", "ImportedPack", "ScreeningPackStore", "import_digest", "pack_row_problem"]

# Deliberately not '….install': that suffix belongs to signed content editions, which `check`
# matches one for one against their own table.
IMPORT_ACTION = "screening_pack.import"

# Every column but the payload, whose digest (the primary key) stands for it.
_BOUND = ("digest", "pack_id", "edition", "title", "imported_at", "imported_by")
_COLUMNS = ", ".join(_BOUND)
_DAMAGED = "Restore the vault from your latest backup, and keep this copy aside."


def import_digest(row: Mapping[str, Any]) -> str:
    """The digest an import's audit event records: SHA-256 of every column but the payload.

    The payload is bound through `digest` (its own SHA-256), so a change to any column breaks one or the other.
    """
    return audit.sha256_hex(audit.canonical_json({name: row[name] for name in _BOUND}))


def pack_row_problem(row: Mapping[str, Any]) -> str | None:
    """What is wrong with a stored pack row (payload included), or None if it is sound."""
    data = str(row["payload"]).encode("utf-8")
    if audit.sha256_hex(data) != row["digest"]:
        return "has been altered (its text no longer matches its digest)"
    try:
        pack = ScreeningPack.from_json(data)
    except ValueError:  # pydantic's ValidationError is a ValueError
        return "is not a valid screening pack for this version of the app"
    if pack.canonical_bytes() != data:
        return "has been altered (its text is not the pack's canonical form)"
    stated = {"pack_id": pack.pack_id, "edition": pack.edition, "title": pack.title}
    changed = sorted(name for name, value in stated.items() if row[name] != value)
    if changed:
        verb = "does" if len(changed) == 1 else "do"
        return f"has been altered (its stored {', '.join(changed)} {verb} not match its content)"
    return None


@dataclass(frozen=True)
class ImportedPack:
    """One pack kept in the vault, without its content (read that with `payload`)."""

    digest: str
    pack_id: str
    edition: str
    title: str
    imported_at: datetime
    imported_by: Practitioner


class ScreeningPackStore:
    """The screening packs of an unlocked vault. Append-only, like record versions."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def import_pack(self, pack: ScreeningPack) -> ImportedPack:
        """Keep a validated pack and log the import in the audit chain, in one transaction.

        VaultError when this exact pack (same digest) is already kept; nothing is changed then.
        """
        payload = pack.canonical_bytes()
        digest = audit.sha256_hex(payload)
        author = self._ctx.author()
        now = self._ctx.now()
        row: dict[str, Any] = {
            "digest": digest,
            "pack_id": pack.pack_id,
            "edition": pack.edition,
            "title": pack.title,
            "payload": payload.decode("utf-8"),
            "imported_at": now.isoformat(timespec="microseconds"),
            "imported_by": author.model_dump_json(),
        }
        conn = self._ctx.conn
        with transaction(conn):
            if conn.execute("SELECT 1 FROM screening_packs WHERE digest = ?", (digest,)).fetchone():
                raise VaultError("This screening pack is already imported in this vault; nothing was changed.")
            names = ", ".join(row)
            conn.execute(
                f"INSERT INTO screening_packs ({names}) VALUES ({', '.join('?' * len(row))})",  # nosec B608
                tuple(row.values()),
            )
            audit.append(
                conn,
                at=row["imported_at"],
                actor=self._ctx.actor_id(),
                action=IMPORT_ACTION,
                record_id=digest,
                digest=import_digest(row),
            )
        return ImportedPack(digest, pack.pack_id, pack.edition, pack.title, now, author)

    def packs(self) -> list[ImportedPack]:
        """Every imported pack, the newest import first."""
        rows = self._ctx.conn.execute(
            f"SELECT {_COLUMNS} FROM screening_packs ORDER BY imported_at DESC, rowid DESC"  # nosec B608
        ).fetchall()
        return [_imported(row) for row in rows]

    def payload(self, digest: str) -> bytes:
        """Return an imported pack's canonical JSON, checked against its digest as it is read.

        RecordNotFound when the vault holds no such pack; VaultDamaged when the row was altered.
        """
        found = self._ctx.conn.execute(
            f"SELECT payload, {_COLUMNS} FROM screening_packs WHERE digest = ?",  # nosec B608
            (digest,),
        ).fetchone()
        if found is None:
            raise RecordNotFound("That screening pack is not imported in this vault.")
        row = dict(zip(("payload", *_BOUND), found, strict=True))
        problem = pack_row_problem(row)
        if problem is not None:
            raise VaultDamaged(
                f"The screening pack {digest[:12]}… in this vault {problem}, so it cannot be used. {_DAMAGED}"
            )
        return str(row["payload"]).encode("utf-8")

    def faults(self) -> list[str]:
        """What `check` should report about imported packs: altered rows, rows without their audit event."""
        conn = self._ctx.conn
        # A vault checked without upgrading may predate the table.
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'screening_packs'").fetchone():
            return []
        logged: dict[str, list[str]] = {}
        for record_id, digest in conn.execute(
            "SELECT record_id, digest FROM audit WHERE action = ? ORDER BY seq", (IMPORT_ACTION,)
        ).fetchall():
            logged.setdefault(str(record_id), []).append(str(digest))
        found: list[str] = []
        cursor = conn.execute(f"SELECT payload, {_COLUMNS} FROM screening_packs ORDER BY rowid")  # nosec B608
        for values in cursor.fetchall():
            row = dict(zip(("payload", *_BOUND), values, strict=True))
            digest = str(row["digest"])
            problem = pack_row_problem(row)
            events = logged.pop(digest, [])
            if problem is not None:
                found.append(f"screening pack {digest} {problem}")
            elif events != [import_digest(row)]:
                found.append(
                    f"screening pack {digest} does not match what the audit chain recorded when it was imported"
                )
        found += [f"screening pack {digest} that the audit chain recorded as imported is missing" for digest in logged]
        return found


def _imported(row: tuple[Any, ...]) -> ImportedPack:
    """One stored row as an ImportedPack; VaultDamaged when a column cannot be read."""
    try:
        return ImportedPack(
            digest=str(row[0]),
            pack_id=str(row[1]),
            edition=str(row[2]),
            title=str(row[3]),
            imported_at=datetime.fromisoformat(str(row[4])),
            imported_by=Practitioner.model_validate_json(str(row[5])),
        )
    except (ValueError, TypeError, ValidationError) as exc:
        raise VaultDamaged(
            f"The record of an imported screening pack ({str(row[0])[:12]}…) in this vault is damaged and cannot "
            f"be read. {_DAMAGED}"
        ) from exc
