"""Opening the SQLCipher database with a raw key, and the pragmas every connection needs."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlcipher3

from safeguard_desktop.errors import VaultDamaged

Connection = Any  # sqlcipher3 ships no type information
DatabaseError = sqlcipher3.DatabaseError


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
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        # Sorts and temporary tables stay in memory, so no plaintext spills to a temp file.
        conn.execute("PRAGMA temp_store = MEMORY")
        # Deleted content is overwritten, which lawful disposal will rely on.
        conn.execute("PRAGMA secure_delete = ON")
    except DatabaseError as exc:
        conn.close()
        raise VaultDamaged(
            f"The vault {path.name} could not be read: its database is damaged or does not belong "
            "with its key file. Restore it from your latest backup."
        ) from exc
    return conn


@contextlib.contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """Run a block in one write transaction: all of it lands, or none of it.

    Nested use becomes a savepoint, so a caller can group many writes (a batch import)
    into one transaction while each write still rolls back cleanly on its own failure.
    """
    nested = conn.in_transaction
    conn.execute("SAVEPOINT nested" if nested else "BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK TO nested" if nested else "ROLLBACK")
        if nested:
            conn.execute("RELEASE nested")
        raise
    conn.execute("RELEASE nested" if nested else "COMMIT")


def close(conn: Connection) -> None:
    """Checkpoint the write-ahead log into the database and close."""
    with contextlib.suppress(DatabaseError):
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
