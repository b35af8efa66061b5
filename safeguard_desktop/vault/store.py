"""Versioned, append-only record storage.

A record is never edited in place. Creating, amending and withdrawing each write a new row
in `versions` that names the version it replaces, with its author, time and reason; the
earlier text stays readable. Every write also appends to the audit chain, in the same
transaction, so a record and its audit event land together or not at all.
"""

from __future__ import annotations

import builtins
import json
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar
from uuid import UUID

from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.records import STORED, Record
from safeguard_desktop.errors import RecordNotFound, RecordRestricted, RecordWithdrawn, SafeguardError, VaultLocked
from safeguard_desktop.vault import audit, projection
from safeguard_desktop.vault.connection import Connection, transaction

T = TypeVar("T", bound=Record)


@dataclass(frozen=True)
class Stored(Generic[T]):
    """One version of a record, with its provenance."""

    record_id: UUID
    version_id: UUID
    seq: int
    replaces: UUID | None
    action: str
    reason: str | None
    author: Practitioner
    recorded_at: datetime
    digest: str
    data: T
    withdrawn: bool = False


class Context:
    """What repositories share: the open connection, the author, and a clock.

    `conn` is looked up on every use, so that once the vault is locked any repository a
    caller kept refuses to work instead of reading a closed handle.
    """

    def __init__(
        self,
        get_conn: Callable[[], Connection | None],
        author: Callable[[], Practitioner],
        actor_id: Callable[[], str],
        now: Callable[[], datetime],
    ) -> None:
        self._get_conn = get_conn
        self.author = author
        self.actor_id = actor_id
        self.now = now

    @property
    def conn(self) -> Connection:
        """The open connection, or VaultLocked."""
        conn = self._get_conn()
        if conn is None:
            raise VaultLocked("The vault is locked. Unlock it to continue.")
        return conn


def _iso(dt: datetime) -> str:
    return dt.isoformat(timespec="microseconds")


def _payload(data: Record) -> str:
    return audit.canonical_json(data.model_dump(mode="json")).decode("utf-8")


def fts_query(text: str) -> str:
    """Turn what a person typed into a safe FTS5 prefix query (every word must match).

    Digits typed in groups ("943 476 59") are joined first, because identifiers such as
    NHS numbers are indexed as one unbroken word but written with spaces.
    """
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = re.sub(r"(?<=\d)[ -](?=\d)", "", text)
    words = [w for w in text.replace('"', " ").split() if w]
    return " ".join(f'"{w}"*' for w in words)


def _refuse_if_restricted(conn: Connection, record_id: UUID, doing: str) -> None:
    """Refuse (RecordRestricted) while a dispute about the record is open (UK GDPR article 18):
    a restricted record is kept exactly as it is until the restriction is lifted."""
    if conn.execute(
        "SELECT 1 FROM restrictions WHERE record_id = ? AND lifted_at IS NULL", (str(record_id),)
    ).fetchone():
        raise RecordRestricted(
            f"This record is restricted while a dispute about it is open, so it cannot be {doing}. "
            "Lift the restriction first, saying how the dispute ended."
        )


class Repository(Generic[T]):
    """Append-only storage of one kind of record."""

    def __init__(
        self,
        ctx: Context,
        model: type[T],
        sort_key: Callable[[T], str] | None = None,
        *,
        newest_first: bool = False,
    ) -> None:
        self._ctx = ctx
        self._order = "r.sort_key DESC, r.id" if newest_first else "r.sort_key, r.id"
        self.model = model
        self.kind = model.KIND
        self._sort_key = sort_key or (lambda data: data.title().casefold())

    # -- writing ---------------------------------------------------------------------------

    def add(self, data: T) -> Stored[T]:
        """Store a new record and return its first version."""
        self._check_type(data)
        conn = self._ctx.conn
        with transaction(conn):
            return self._insert(conn, data)

    def _insert(self, conn: Connection, data: T) -> Stored[T]:
        """Write a new record's first version; the caller holds the transaction."""
        record_id = uuid.uuid4()
        now = self._ctx.now()
        conn.execute(
            "INSERT INTO records (id, kind, created_at, current_version, title, sort_key) VALUES (?, ?, ?, '', ?, ?)",
            (str(record_id), self.kind, _iso(now), data.title(), self._sort_key(data)),
        )
        return self._write_version(conn, record_id, None, 1, "create", None, data, now)

    def amend(self, record_id: UUID, data: T, reason: str) -> Stored[T]:
        """Correct a record: a new version with the reason; the old one stays readable."""
        self._check_type(data)
        reason = self._require_reason(reason, "correction")
        conn = self._ctx.conn
        with transaction(conn):
            current = self._current(conn, record_id)
            if current.withdrawn:
                raise RecordWithdrawn("This record was withdrawn in error and cannot be changed.")
            _refuse_if_restricted(conn, record_id, "changed")
            stored = self._write_version(
                conn, record_id, current.version_id, current.seq + 1, "amend", reason, data, self._ctx.now()
            )
        return stored

    def withdraw(self, record_id: UUID, reason: str) -> Stored[T]:
        """Mark a record withdrawn in error. Nothing is deleted; the reason is kept."""
        reason = self._require_reason(reason, "withdrawal")
        conn = self._ctx.conn
        with transaction(conn):
            current = self._current(conn, record_id)
            if current.withdrawn:
                raise RecordWithdrawn("This record has already been withdrawn.")
            _refuse_if_restricted(conn, record_id, "withdrawn")
            stored = self._write_version(
                conn,
                record_id,
                current.version_id,
                current.seq + 1,
                "withdraw",
                reason,
                current.data,
                self._ctx.now(),
            )
            conn.execute("UPDATE records SET state = 'withdrawn' WHERE id = ?", (str(record_id),))
        return Stored(**{**stored.__dict__, "withdrawn": True})

    def _write_version(
        self,
        conn: Connection,
        record_id: UUID,
        replaces: UUID | None,
        seq: int,
        action: str,
        reason: str | None,
        data: T,
        now: datetime,
    ) -> Stored[T]:
        version_id = uuid.uuid4()
        payload = _payload(data)
        digest = audit.sha256_hex(payload.encode("utf-8"))
        author = self._ctx.author()
        conn.execute(
            "INSERT INTO versions (id, record_id, seq, replaces, kind, payload, digest, action, "
            "reason, author, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                str(version_id),
                str(record_id),
                seq,
                str(replaces) if replaces else None,
                self.kind,
                payload,
                digest,
                action,
                reason,
                author.model_dump_json(),
                _iso(now),
            ),
        )
        conn.execute(
            "UPDATE records SET current_version = ?, title = ?, sort_key = ? WHERE id = ?",
            (str(version_id), data.title(), self._sort_key(data), str(record_id)),
        )
        self._index(conn, record_id, data, first=replaces is None)
        audit.append(
            conn,
            at=_iso(now),
            actor=self._ctx.actor_id(),
            action=f"{self.kind}.{action}",
            record_id=str(record_id),
            version_id=str(version_id),
            digest=digest,
        )
        return Stored(record_id, version_id, seq, replaces, action, reason, author, now, digest, data)

    def _index(self, conn: Connection, record_id: UUID, data: T, *, first: bool = False) -> None:
        rid = str(record_id)
        # A first version has nothing to replace; skipping the deletes keeps adding cheap.
        if not first:
            conn.execute("DELETE FROM links WHERE record_id = ?", (rid,))
            conn.execute(
                "DELETE FROM search WHERE rowid = (SELECT fts_rowid FROM search_rows WHERE record_id = ?)", (rid,)
            )
        links = [(rid, str(c), "child") for c in data.linked_child_ids()]
        links += [(rid, str(a), "adult") for a in data.linked_adult_ids()]
        conn.executemany("INSERT INTO links (record_id, target_id, target_kind) VALUES (?, ?, ?)", links)
        cursor = conn.execute(
            "INSERT INTO search (record_id, kind, body) VALUES (?, ?, ?)",
            (rid, self.kind, data.search_text()),
        )
        conn.execute("INSERT OR REPLACE INTO search_rows (record_id, fts_rowid) VALUES (?, ?)", (rid, cursor.lastrowid))
        projection.project(conn, rid, self.kind, data)

    def projection_faults(self, conn: Connection) -> builtins.list[str]:
        """Name every record of this kind whose chronology or due rows differ from its current version.

        The projections are what chronologies and their exports show, so `check` proves them
        against the versions (whose digests the audit chain holds) rather than trusting them.
        """
        faults = []
        rows = conn.execute(
            "SELECT r.id, v.payload FROM records r JOIN versions v ON v.id = r.current_version WHERE r.kind = ?",
            (self.kind,),
        ).fetchall()
        for rid, payload in rows:
            data = self.model.model_validate(json.loads(str(payload)), context=STORED)
            if not projection.matches(conn, str(rid), self.kind, data):
                faults.append(f"record {rid} shows in the chronology differently from its current version")
        return faults

    def reproject(self, conn: Connection) -> int:
        """Rebuild the timeline and due projections of every record of this kind.

        Returns how many records were projected. Used when a new build changes how a kind
        shows in the chronology; the caller holds the transaction.
        """
        rows = conn.execute(
            "SELECT r.id, v.payload FROM records r JOIN versions v ON v.id = r.current_version WHERE r.kind = ?",
            (self.kind,),
        ).fetchall()
        for rid, payload in rows:
            projection.project(
                conn, str(rid), self.kind, self.model.model_validate(json.loads(str(payload)), context=STORED)
            )
        return len(rows)

    # -- reading ---------------------------------------------------------------------------

    def get(self, record_id: UUID) -> Stored[T]:
        """The current version of a record."""
        return self._current(self._ctx.conn, record_id)

    def history(self, record_id: UUID) -> builtins.list[Stored[T]]:
        """Every version of a record, oldest first."""
        conn = self._ctx.conn
        withdrawn = self._state(conn, record_id) == "withdrawn"
        rows = conn.execute(
            f"SELECT {_VCOLS} FROM versions WHERE record_id = ? ORDER BY seq",  # nosec B608
            (str(record_id),),
        ).fetchall()
        return [self._row(row, withdrawn) for row in rows]

    def list(
        self,
        *,
        text: str = "",
        linked_to: UUID | None = None,
        include_withdrawn: bool = False,
        offset: int = 0,
        limit: int | None = None,
    ) -> builtins.list[Stored[T]]:
        """Current versions, in sort order, optionally filtered by words or by a linked person."""
        where, params = self._filter(text, linked_to, include_withdrawn)
        sql = (
            f"SELECT {_VCOLS_V}, r.state FROM records r JOIN versions v ON v.id = r.current_version "  # nosec B608
            f"WHERE {where} ORDER BY {self._order} LIMIT ? OFFSET ?"
        )
        rows = self._ctx.conn.execute(sql, (*params, -1 if limit is None else limit, offset)).fetchall()
        return [self._row(row[:-1], row[-1] == "withdrawn") for row in rows]

    def count(self, *, text: str = "", linked_to: UUID | None = None, include_withdrawn: bool = False) -> int:
        """How many records `list` would return without a limit."""
        where, params = self._filter(text, linked_to, include_withdrawn)
        row = self._ctx.conn.execute(f"SELECT count(*) FROM records r WHERE {where}", params).fetchone()  # nosec B608
        return int(row[0])

    def _filter(self, text: str, linked_to: UUID | None, include_withdrawn: bool) -> tuple[str, builtins.list[str]]:
        clauses, params = ["r.kind = ?"], [self.kind]
        if not include_withdrawn:
            clauses.append("r.state = 'active'")
        query = fts_query(text)
        if query:
            clauses.append("r.id IN (SELECT record_id FROM search WHERE search MATCH ? AND kind = ?)")
            params += [query, self.kind]
        if linked_to is not None:
            clauses.append("r.id IN (SELECT record_id FROM links WHERE target_id = ?)")
            params.append(str(linked_to))
        return " AND ".join(clauses), params

    def _state(self, conn: Connection, record_id: UUID) -> str:
        row = conn.execute(
            "SELECT state FROM records WHERE id = ? AND kind = ?", (str(record_id), self.kind)
        ).fetchone()
        if row is None:
            raise RecordNotFound(f"No {self.kind.replace('_', ' ')} with that ID is in this vault.")
        return str(row[0])

    def _current(self, conn: Connection, record_id: UUID) -> Stored[T]:
        row = conn.execute(
            f"SELECT {_VCOLS_V}, r.state FROM records r JOIN versions v ON v.id = r.current_version "  # nosec B608
            "WHERE r.id = ? AND r.kind = ?",
            (str(record_id), self.kind),
        ).fetchone()
        if row is None:
            raise RecordNotFound(f"No {self.kind.replace('_', ' ')} with that ID is in this vault.")
        return self._row(row[:-1], row[-1] == "withdrawn")

    def _row(self, row: Sequence[object], withdrawn: bool) -> Stored[T]:
        vid, rid, seq, replaces, payload, digest, action, reason, author, recorded_at = row
        return Stored(
            record_id=UUID(str(rid)),
            version_id=UUID(str(vid)),
            seq=int(str(seq)),
            replaces=UUID(str(replaces)) if replaces else None,
            action=str(action),
            reason=str(reason) if reason is not None else None,
            author=Practitioner.model_validate_json(str(author)),
            recorded_at=datetime.fromisoformat(str(recorded_at)),
            digest=str(digest),
            data=self.model.model_validate(json.loads(str(payload)), context=STORED),
            withdrawn=withdrawn,
        )

    # -- checks ----------------------------------------------------------------------------

    def _check_type(self, data: Record) -> None:
        if not isinstance(data, self.model):
            raise TypeError(f"expected {self.model.__name__}, got {type(data).__name__}")

    @staticmethod
    def _require_reason(reason: str, what: str) -> str:
        reason = (reason or "").strip()
        if not reason:
            raise SafeguardError(f"A {what} needs a reason, so the record shows why it changed.")
        return reason


# Queries here are f-strings only over these constants and fixed clauses; every value is a
# bound parameter. That is why bandit's B608 is marked `nosec` where they are used.
_VCOLS = "id, record_id, seq, replaces, payload, digest, action, reason, author, recorded_at"
_VCOLS_V = ", ".join(f"v.{c.strip()}" for c in _VCOLS.split(","))
