"""The append-only audit chain.

Each event's hash covers the previous event's hash and the event itself:
`hash = sha256(prev_hash || canonical_json(event))`. Events name records, versions and
content digests, never content, so a lawful disposal can remove a record and still leave a
chain that verifies. The head of the chain goes into every signed packet, which anchors the
vault's history outside the vault.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from safeguard_desktop.vault.connection import Connection

GENESIS = "0" * 64


def canonical_json(value: Any) -> bytes:
    """The one byte form of a JSON value that hashes and signatures are computed over."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    """Lower-case hex SHA-256 of `data`."""
    return hashlib.sha256(data).hexdigest()


def chain_hash(prev_hash: str, event: dict[str, Any]) -> str:
    """The hash of an event given the hash before it."""
    return sha256_hex(bytes.fromhex(prev_hash) + canonical_json(event))


@dataclass(frozen=True)
class AuditEvent:
    """One link of the chain as stored."""

    seq: int
    at: str
    actor: str
    action: str
    record_id: str | None
    version_id: str | None
    digest: str | None
    prev_hash: str
    hash: str

    def body(self) -> dict[str, Any]:
        """The fields the hash covers."""
        return {
            "seq": self.seq,
            "at": self.at,
            "actor": self.actor,
            "action": self.action,
            "record_id": self.record_id,
            "version_id": self.version_id,
            "digest": self.digest,
        }


# A constant column list, put into SQL by f-string (hence `nosec B608`); values are bound.
_COLUMNS = "seq, at, actor, action, record_id, version_id, digest, prev_hash, hash"


def head(conn: Connection) -> tuple[int, str]:
    """The last event's sequence number and hash (0 and the genesis hash when empty)."""
    row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return (0, GENESIS) if row is None else (int(row[0]), str(row[1]))


def append(
    conn: Connection,
    *,
    at: str,
    actor: str,
    action: str,
    record_id: str | None = None,
    version_id: str | None = None,
    digest: str | None = None,
) -> AuditEvent:
    """Append one event. Call inside the transaction that makes the change it records."""
    seq, prev = head(conn)
    draft = AuditEvent(seq + 1, at, actor, action, record_id, version_id, digest, prev, "")
    event = AuditEvent(**{**draft.__dict__, "hash": chain_hash(prev, draft.body())})
    conn.execute(
        f"INSERT INTO audit ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",  # nosec B608
        (
            event.seq,
            event.at,
            event.actor,
            event.action,
            event.record_id,
            event.version_id,
            event.digest,
            event.prev_hash,
            event.hash,
        ),
    )
    return event


def events(conn: Connection) -> list[AuditEvent]:
    """Every event, oldest first."""
    rows = conn.execute(f"SELECT {_COLUMNS} FROM audit ORDER BY seq").fetchall()  # nosec B608
    return [AuditEvent(*row) for row in rows]


def verify(conn: Connection) -> list[str]:
    """Re-walk the chain; return one line per fault found (empty when the chain is sound)."""
    faults: list[str] = []
    prev = GENESIS
    expected_seq = 1
    for event in events(conn):
        if event.seq != expected_seq:
            faults.append(f"audit event {expected_seq} is missing (found {event.seq} next)")
        if event.prev_hash != prev:
            faults.append(f"audit event {event.seq} does not follow the event before it")
        if chain_hash(event.prev_hash, event.body()) != event.hash:
            faults.append(f"audit event {event.seq} has been altered (its hash does not match)")
        prev = event.hash
        expected_seq = event.seq + 1
    return faults
