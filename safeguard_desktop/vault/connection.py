"""Opening the SQLCipher database with a raw key, and the pragmas every connection needs."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlcipher3

from safeguard_desktop.errors import VaultDamaged, VaultError, VaultInUse

Connection = Any  # sqlcipher3 ships no type information
DatabaseError = sqlcipher3.DatabaseError


def explain(exc: Exception, path: Path) -> VaultError:
    """Turn a database error into the sentence a practitioner needs, by SQLite's error code.

    Only a file that fails to decrypt or whose structure is broken is "damaged": telling
    someone to restore a backup when the vault is merely busy would lose today's records.
    """
    code = str(getattr(exc, "sqlite_errorname", "") or "")
    name = path.name
    if code.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
        return VaultDamaged(
            f"The vault {name} could not be read: its database is damaged or does not belong with "
            "its key file. Restore it from your latest backup."
        )
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return VaultInUse(f"The vault {name} is busy: another window or program is using it. Close it and try again.")
    if code.startswith("SQLITE_READONLY"):
        return VaultError(f"The vault {name} cannot be written: the file or its folder is read-only.")
    if code.startswith("SQLITE_FULL"):
        return VaultError("The disk is full, so nothing was saved. Free some space and try again.")
    if code.startswith(("SQLITE_CANTOPEN", "SQLITE_IOERR")):
        return VaultError(
            f"The vault {name} could not be read or written ({code}). Check that its drive is "
            "connected and that you may use the folder."
        )
    return VaultError(f"The vault {name} reported an unexpected database error ({code or exc}).")


def connect(path: Path, key: bytes) -> Connection:
    """Open the encrypted database at `path` with the raw 256-bit `key`.

    Raises VaultDamaged when the key is right (the header's AEAD already proved it) but the
    database does not decrypt: a damaged or mismatched file.
    """
    # The GUI opens the vault on a worker thread (Argon2id is slow) and then uses it on the
    # GUI thread only; SQLite itself is built thread-safe, so the handle may move once.
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        # SQLCipher logs page failures to stderr; they carry no data but alarm people, and we
        # report the same fact in words.
        conn.execute("PRAGMA cipher_log_level = NONE")
        # A raw key skips SQLCipher's own PBKDF2: Argon2id has already done the slow part.
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        # Sorts and temporary tables stay in memory, so no plaintext spills to a temp file.
        conn.execute("PRAGMA temp_store = MEMORY")
        # Deleted content is overwritten, which lawful disposal will rely on.
        conn.execute("PRAGMA secure_delete = ON")
    except DatabaseError as exc:
        conn.close()
        raise explain(exc, path) from exc
    if str(mode).lower() != "wal":
        # WAL is what makes a crash mid-write safe; some network shares silently refuse it.
        conn.close()
        raise VaultError(
            f"The vault {path.name} is in a place that cannot keep it safe (the database could not use "
            "its write-ahead log). Keep vaults on this computer's own disk, not a network share."
        )
    return conn


@contextlib.contextmanager
def transaction(conn: Connection, path: Path | None = None) -> Iterator[Connection]:
    """Run a block in one write transaction: all of it lands, or none of it.

    Nested use becomes a savepoint, so a caller can group many writes (a batch import)
    into one transaction while each write still rolls back cleanly on its own failure.
    Database errors come out as VaultError with a clear message (busy, disk full, ...).
    """
    nested = conn.in_transaction
    where = path or Path("vault")
    try:
        conn.execute("SAVEPOINT nested" if nested else "BEGIN IMMEDIATE")
    except DatabaseError as exc:
        raise explain(exc, where) from exc
    try:
        yield conn
        conn.execute("RELEASE nested" if nested else "COMMIT")
    except BaseException as exc:
        # SQLite may already have rolled back (a full disk does that); a second error from
        # our ROLLBACK must not hide the first, and the connection must leave the transaction.
        with contextlib.suppress(DatabaseError):
            conn.execute("ROLLBACK TO nested" if nested else "ROLLBACK")
            if nested:
                conn.execute("RELEASE nested")
        if isinstance(exc, DatabaseError):
            raise explain(exc, where) from exc
        raise


def close(conn: Connection) -> None:
    """Checkpoint the write-ahead log into the database and close."""
    with contextlib.suppress(DatabaseError):
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
