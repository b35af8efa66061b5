"""Encrypted copies of an open vault, written beside it: backups' snapshots and pre-upgrade copies.

A copy is the only way a record's content is ever written to a second file, so how it is
made (one consistent snapshot, still encrypted, owner-only, synced, removed if cut short)
lives in one place; the backup module and the schema upgrade both use it. The message for a
damaged vault is here too, because what it tells the practitioner is which copy to restore.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from datetime import datetime
from pathlib import Path

from safeguard_desktop.domain.ukdates import to_uk, utc_now
from safeguard_desktop.paths import PRIVATE_FILE_MODE, fsync_dir, header_path
from safeguard_desktop.vault import connection
from safeguard_desktop.vault.keys import KeyHeader, write_header


def _local_stamp(fmt: str) -> str:
    """The current UK local time in `fmt`, for names a person reads in a folder."""
    return to_uk(utc_now()).strftime(fmt)


def snapshot_into(conn: connection.Connection, dest: Path) -> None:
    """Write a consistent copy of the open database to the new file `dest`, then sync it.

    `VACUUM INTO` reads one snapshot (so writes made meanwhile are either all in or all out)
    and SQLCipher encrypts its output with the same key: the copy never holds plaintext.
    The file is created owner-only and empty first, because SQLite would otherwise create it
    with the default permissions. A failure removes the partial file.
    """
    os.close(os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), PRIVATE_FILE_MODE))
    try:
        conn.execute("VACUUM INTO ?", (str(dest),))
        fd = os.open(dest, os.O_RDWR | getattr(os, "O_BINARY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        with contextlib.suppress(OSError):
            dest.unlink()
        raise


def damaged_message(conn: connection.Connection, path: Path) -> str:
    """Say the vault is damaged, naming the latest backup when the vault still knows it."""
    made = None
    with contextlib.suppress(connection.DatabaseError, ValueError):
        row = conn.execute("SELECT value FROM meta WHERE key = 'last_backup_at'").fetchone()
        made = datetime.fromisoformat(row[0]) if row else None
    if made is None:
        return (
            f"The vault {path.name} is damaged: some of its pages fail their check. Nothing was changed; "
            "restore it from your latest backup."
        )
    return (
        f"The vault {path.name} is damaged: some of its pages fail their check. Nothing was changed; "
        f"restore the backup made on {to_uk(made).strftime('%d/%m/%Y %H:%M')}."
    )


def pre_migration_path(path: Path, version: int) -> Path:
    """Where the copy made before upgrading from schema `version` goes (beside the vault)."""
    return path.with_name(f"{path.stem}.pre-migration-v{version}-{_local_stamp('%Y%m%d-%H%M%S')}.vault")


def copy_before_migration(conn: connection.Connection, path: Path, header: KeyHeader, version: int) -> Path:
    """Copy the vault and its key file aside before its schema is upgraded.

    A migration runs in one transaction and rolls back whole, but a copy also covers a
    migration that succeeds and turns out wrong. The copy is encrypted with the same key, and
    its key file is the vault's own, so it opens with the same passphrase.
    """
    dest = pre_migration_path(path, version)
    tmp = dest.with_name(f".{dest.name}.{secrets.token_hex(6)}.tmp")
    snapshot_into(conn, tmp)
    try:
        write_header(dest, header)
        os.replace(tmp, dest)
    except BaseException:
        for leftover in (tmp, header_path(dest)):
            leftover.unlink(missing_ok=True)
        raise
    fsync_dir(dest.parent)
    return dest
