"""Rotating the vault key: re-encrypt the whole database under a new random key.

Changing the passphrase only re-wraps the same key, so an old key file (in a backup, on a
lost laptop) still opens the database. Rotation is what shuts those out. It rewrites every
page, so it must survive a crash at any instant. The steps:

a. copy the database page by page into `<vault>.rotating`, encrypted with the new key
   (SQLite's backup API re-encrypts as it writes), add the audit event there, and sync it;
b. replace the key file with one holding both keys, new first: whichever database is on
   disk from now on, the passphrase finds its key;
c. rename `<vault>.rotating` over the vault, and sync the folder;
d. replace the key file with one holding only the new key.

A crash before (b) leaves the old header and the old database; one between (b) and (d)
leaves a header that opens either, and the next open keeps just the key the database needs
(see `opening.settle`). Old backups keep their own key files and keep opening.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

import sqlcipher3

from safeguard_desktop.domain.ukdates import utc_now
from safeguard_desktop.errors import VaultDamaged, VaultError
from safeguard_desktop.paths import PRIVATE_FILE_MODE, fsync_dir
from safeguard_desktop.vault import audit, connection
from safeguard_desktop.vault.keys import KeyHeader, new_vault_key, write_header
from safeguard_desktop.vault.opening import ROTATING_SUFFIX
from safeguard_desktop.vault.session import Vault, _iso

Progress = Callable[[int, int], None]
# Pages copied per step: small enough for a smooth progress bar, large enough to be quick.
_PAGES_PER_STEP = 512


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _build_rotated(source: connection.Connection, dest: Path, key: bytes, progress: Progress | None) -> None:
    """Step a: a page-by-page copy of `source` at `dest`, encrypted with `key`."""
    os.close(os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), PRIVATE_FILE_MODE))
    target = sqlcipher3.connect(str(dest), isolation_level=None)
    try:
        target.execute("PRAGMA cipher_log_level = NONE")
        target.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        target.execute("PRAGMA temp_store = MEMORY")

        def step(_status: int, remaining: int, total: int) -> None:
            if progress is not None:
                progress(total - remaining, total)

        source.backup(target, pages=_PAGES_PER_STEP, progress=step)
    finally:
        target.close()


def rotate_vault_key(path: Path, passphrase: str, *, progress: Progress | None = None) -> None:
    """Re-encrypt the vault at `path` under a new random key, re-wrapped under `passphrase`.

    The vault must not be open (lock it first): rotation holds the single-writer lock
    throughout. The recovery certificate, if any, wraps the new key too. `progress(done,
    total)` reports pages copied. Crash-safe at every step (see the module's description).
    """
    path = Path(path)
    vault, header, old_key = Vault._unlock(path, lambda h, i: h.unwrap(passphrase, i))
    rotating = path.with_name(path.name + ROTATING_SUFFIX)
    lock = None
    swapped = False
    try:
        new_key = new_vault_key()
        # Wrap the new key before copying: the slow key derivation comes first, and a
        # recovery certificate that no longer loads stops us before any page is written.
        sealed = KeyHeader.seal(new_key, passphrase, vault_id=header.vault_id, kdf=header.kdf, recovery=header.recovery)
        both = sealed.with_older(new_key, header, old_key)
        actor = vault._actor_id
        try:
            _build_rotated(vault._ctx.conn, rotating, new_key, progress)
            conn = connection.connect(rotating, new_key)
            try:
                if conn.execute("PRAGMA cipher_integrity_check").fetchall():
                    raise VaultDamaged("The re-encrypted copy failed its check; the vault was left as it was.")
                with connection.transaction(conn, path):
                    audit.append(conn, at=_iso(utc_now()), actor=actor, action="keys.rotated")
            finally:
                connection.close(conn)
            _sync(rotating)
        except connection.DatabaseError as exc:
            raise connection.explain(exc, path) from exc
        # The old database closes cleanly (its write-ahead log folded in and removed), so no
        # log written under the old key can sit beside the new database.
        lock = vault._close_keeping_lock()
        for stale in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            if stale.exists() and stale.stat().st_size and stale.name.endswith("-wal"):
                raise VaultError(f"{path.name} is still in use elsewhere; its key was not changed. Try again.")
            stale.unlink(missing_ok=True)
        try:
            write_header(path, both)  # step b
            os.replace(rotating, path)  # step c
            swapped = True
            fsync_dir(path.parent)
            write_header(path, both.only(0, new_key))  # step d
        except OSError as exc:
            # Antivirus holding the file, a full disk: say which side of the swap we stopped on,
            # because "nothing changed" would be untrue once the database was replaced.
            if swapped:
                raise VaultError(
                    f"{path.name} was re-encrypted under the new key, but its key file could not be "
                    f"tidied ({exc.strerror or exc}). Open the vault again to finish; the passphrase is unchanged."
                ) from exc
            raise VaultError(
                f"The vault key of {path.name} was not changed ({exc.strerror or exc}); the vault is as it "
                "was. Try again."
            ) from exc
    finally:
        vault.close()
        if not swapped:
            for leftover in (rotating, *(Path(f"{rotating}{s}") for s in ("-journal", "-wal", "-shm"))):
                with contextlib.suppress(OSError):
                    leftover.unlink()
        if lock is not None:
            lock.release()
