"""Bringing a vault's encrypted database file into use: making a new one, or opening one.

`Vault` (in session) is an unlocked vault and its repositories; the steps here come before
it exists. Creating writes a new key file and database owner-only and leaves nothing behind
if any step fails. Opening tells a vault file apart from anything else before any key work,
finds which key in the header opens the database, finishes a key rotation that was cut
short, and checks every page and the schema (copying the vault aside before an upgrade).
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable
from pathlib import Path

from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.ukdates import utc_now
from safeguard_desktop.errors import NotAVault, VaultDamaged, VaultNotFound
from safeguard_desktop.paths import PRIVATE_FILE_MODE, header_path
from safeguard_desktop.vault import audit, connection, migrate
from safeguard_desktop.vault.copies import copy_before_migration, damaged_message
from safeguard_desktop.vault.keys import (
    KdfParams,
    KeyHeader,
    RecoveryCertificate,
    calibrate,
    new_vault_key,
    write_header,
)
from safeguard_desktop.vault.lock import VaultLock

# Raise when a build changes how any record kind shows in the chronology or the due list:
# the next unlock rebuilds those projections from the stored versions.
PROJECTION_VERSION = "2"

# SQLCipher pages are 4 KiB; a file of another size was never one of our databases.
_PAGE = 4096
_PLAIN_SQLITE = b"SQLite format 3\x00"
# Beside the vault while its key is being rotated: the database under the new key.
ROTATING_SUFFIX = ".rotating"

# Given the header and an entry's index, return that entry's vault key (or raise).
Unwrap = Callable[[KeyHeader, int], bytes]


def check_openable(path: Path) -> None:
    """Tell apart a missing file, a folder, a plain database and a stranger, before any key work."""
    if not path.exists():
        raise VaultNotFound(f"There is no vault at {path}.")
    if not path.is_file():
        raise NotAVault(f"{path} is a folder, not a vault file.")
    size = path.stat().st_size
    with path.open("rb") as fh:
        start = fh.read(len(_PLAIN_SQLITE))
    if start == _PLAIN_SQLITE:
        raise NotAVault(f"{path.name} is an unencrypted SQLite database, not a safeguard-desktop vault.")
    if size == 0 or size % _PAGE:
        raise NotAVault(f"{path.name} is not a safeguard-desktop vault.")


def create_database(
    path: Path,
    passphrase: str,
    practitioner: Practitioner,
    *,
    recovery: RecoveryCertificate | None,
    kdf: KdfParams | None,
    demo: bool,
    schema_version: int | None,
) -> tuple[connection.Connection, KeyHeader, VaultLock]:
    """Make the new vault's database and key file at `path`, holding its lock; undo all on failure.

    `schema_version` stops the schema at an earlier version (for the migration tests).
    """
    lock = VaultLock.acquire(path)
    try:
        key = new_vault_key()
        vault_id = str(uuid.uuid4())
        header = KeyHeader.seal(key, passphrase, vault_id=vault_id, kdf=kdf or calibrate(), recovery=recovery)
        # Create the file owner-only before SQLite opens it; the WAL and shared-memory files
        # SQLite makes later take the database file's permissions.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
    except BaseException:
        lock.release()
        raise
    try:
        conn = connection.connect(path, key)
        migrate.migrate(conn, schema_version)
        now = utc_now().isoformat(timespec="microseconds")
        with connection.transaction(conn):
            conn.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?)",
                [
                    ("vault_id", vault_id),
                    ("created_at", now),
                    ("practitioner", practitioner.model_dump_json()),
                    ("practitioner_id", str(uuid.uuid4())),
                    ("demo", "1" if demo else "0"),
                    # An older test schema has no projections yet: its first unlock builds them.
                    ("projection_version", PROJECTION_VERSION if schema_version is None else "0"),
                ],
            )
            actor = conn.execute("SELECT value FROM meta WHERE key = 'practitioner_id'").fetchone()[0]
            audit.append(conn, at=now, actor=actor, action="vault.create", record_id=vault_id)
        write_header(path, header)
    except BaseException:
        with contextlib.suppress(NameError):
            connection.close(conn)
        for leftover in (path, header_path(path), Path(f"{path}-wal"), Path(f"{path}-shm")):
            with contextlib.suppress(OSError):
                leftover.unlink()
        lock.release()
        raise
    return conn, header, lock


def connect_any(path: Path, header: KeyHeader, unwrap: Unwrap) -> tuple[connection.Connection, int, bytes]:
    """Open the database with whichever of the header's keys opens it; return it, that key's index and the key."""
    # A header holds two keys only while a rotation is under way (or was cut short): the
    # database on disk is under one of them. The first that opens it is the right one.
    failure: VaultDamaged | None = None
    for index in range(len(header.entries)):
        key = unwrap(header, index)
        try:
            return connection.connect(path, key), index, key
        except VaultDamaged as exc:
            failure = exc
    assert failure is not None
    raise failure


def settle(path: Path, header: KeyHeader, index: int, key: bytes) -> KeyHeader:
    """Finish what a key rotation cut short, now that we know which key the database needs."""
    rotating = path.with_name(path.name + ROTATING_SUFFIX)
    for leftover in (rotating, *(Path(f"{rotating}{s}") for s in ("-journal", "-wal", "-shm"))):
        leftover.unlink(missing_ok=True)
    if len(header.entries) == 1:
        return header
    settled = header.only(index, key)
    write_header(path, settled)
    return settled


def check_and_upgrade(conn: connection.Connection, path: Path, header: KeyHeader, *, upgrade: bool) -> None:
    """Check the opened database belongs with its header and is whole; upgrade it if older.

    Raises the database's own errors untranslated: the caller explains them.
    """
    row = conn.execute("SELECT value FROM meta WHERE key = 'vault_id'").fetchone()
    if row is None or row[0] != header.vault_id:
        raise VaultDamaged(
            f"{path.name} does not belong with its key file {header_path(path).name}. "
            "Restore both from the same backup."
        )
    # Every page's authentication code, at every open: 0.23 s warm, 0.36 s cold, for a
    # 2,000-child vault (54 MB, two-core EPYC), beside 0.5 s of Argon2id, and unlocking
    # runs off the GUI thread. Worth it: damage is found the day it happens, while the
    # latest backup still holds those pages whole. (`quick_check` would cost more: 0.53 s.)
    # A diagnostic open (`check`) goes on, so that it can list every fault it finds.
    damaged = conn.execute("PRAGMA cipher_integrity_check").fetchall()
    if damaged and upgrade:
        raise VaultDamaged(damaged_message(conn, path))
    current = migrate.schema_version(conn)
    if upgrade:
        if current < migrate.latest_version():
            copy_before_migration(conn, path, header, current)
        migrate.migrate(conn)  # also refuses a schema newer than this app
