"""Backups: an encrypted copy of an open vault and its key file, and restoring one.

A backup is a consistent snapshot (`VACUUM INTO`, which SQLCipher encrypts with the vault's
own key) plus a copy of the key file as it stands, so it opens with the passphrase that was
current when it was made. The copy is built under a temporary name in the destination
folder and renamed into place only when complete and synced: a full disk or a crash leaves
no partial backup that someone might later trust.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

from safeguard_desktop.domain.ukdates import utc_now
from safeguard_desktop.errors import VaultDamaged, VaultError, VaultExists, WrongPassphrase
from safeguard_desktop.paths import PRIVATE_FILE_MODE, fsync_dir, header_path, write_private_file_atomically
from safeguard_desktop.vault import connection
from safeguard_desktop.vault.copies import _local_stamp, snapshot_into
from safeguard_desktop.vault.keys import read_header
from safeguard_desktop.vault.opening import check_openable
from safeguard_desktop.vault.session import Vault

# Room to spare beyond the database's size: the copy is never larger, but a disk filled to
# the last megabyte makes everything else on the computer fail too.
_MARGIN = 8 * 1024 * 1024
_CHUNK = 1024 * 1024
_FULL = "The disk is full, so no backup was made. Free some space or choose another folder and try again."


def backup_name(vault_path: Path) -> str:
    """`<stem>-backup-YYYYMMDD-HHMM.vault`, in UK local time."""
    return f"{vault_path.stem}-backup-{_local_stamp('%Y%m%d-%H%M')}.vault"


def _destination(vault_path: Path, dest: Path) -> Path:
    if dest.is_dir():
        # Two backups within a minute into one folder get distinct names rather than a refusal.
        name = backup_name(vault_path)
        target = dest / name
        n = 2
        while target.exists() or header_path(target).exists():
            target = dest / f"{Path(name).stem}-{n}.vault"
            n += 1
        return target
    if not dest.parent.is_dir():
        raise VaultError(f"The folder {dest.parent} does not exist; choose a folder for the backup.")
    if dest.exists() or header_path(dest).exists():
        raise VaultExists(f"{dest.name} already exists in {dest.parent}; nothing was overwritten. Choose another name.")
    return dest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _place(tmp: Path, dest: Path) -> None:
    """Rename `tmp` to `dest`, refusing (not replacing) if `dest` appeared meanwhile."""
    if os.name == "nt":
        os.rename(tmp, dest)  # Windows never lets a rename replace a file
        return
    try:
        os.link(tmp, dest)  # fails if dest exists: no window in which we could overwrite it
    except FileExistsError:
        raise VaultExists(f"{dest.name} appeared in {dest.parent} meanwhile; nothing was overwritten.") from None
    except OSError:
        # FAT and exFAT memory sticks have no hard links: check, then rename.
        if dest.exists():
            raise VaultExists(f"{dest.name} already exists in {dest.parent}; nothing was overwritten.") from None
        os.rename(tmp, dest)
        return
    tmp.unlink()


@contextlib.contextmanager
def _disk_errors(where: Path) -> Iterator[None]:
    """A full disk, however it surfaces, becomes one clear sentence."""
    try:
        yield
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            raise VaultError(_FULL) from exc
        raise VaultError(
            f"The backup could not be written to {where}: {exc.strerror or exc}. Nothing was left there."
        ) from exc
    except connection.DatabaseError as exc:
        error = connection.explain(exc, where)
        raise (VaultError(_FULL) if "disk is full" in error.message else error) from exc


def backup_vault(vault: Vault, dest: Path) -> Path:
    """Copy the open `vault` and its key file to `dest` (a folder, or a new file's path).

    Returns the backup's path. Records `last_backup_at` and a `vault.backup` audit event
    whose digest is the SHA-256 of the backup's database file.
    """
    conn = vault._ctx.conn
    target = _destination(vault.path, Path(dest))
    needed = vault.path.stat().st_size + _MARGIN
    if shutil.disk_usage(target.parent).free < needed:
        raise VaultError(
            f"There is not enough free space in {target.parent} for the backup (it needs about "
            f"{needed // 1_000_000 + 1} MB). Free some space or choose another folder; nothing was written."
        )
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    header_written = False
    try:
        with _disk_errors(target.parent):
            snapshot_into(conn, tmp)
            digest = _sha256(tmp)
            # The key file as it stands now: the backup opens with today's passphrase.
            write_private_file_atomically(header_path(target), header_path(vault.path).read_bytes())
            header_written = True
            _place(tmp, target)
            fsync_dir(target.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        if header_written and not target.exists():
            header_path(target).unlink(missing_ok=True)
        raise
    now = utc_now().isoformat(timespec="microseconds")
    with connection.transaction(conn, vault.path):
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('last_backup_at', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (now,),
        )
        # A later disposal names the backups that still hold the file it removed.
        conn.execute(
            "INSERT INTO backups (made_at, path, sha256) VALUES (?, ?, ?)", (now, str(target.resolve()), digest)
        )
        vault._audit(conn, "vault.backup", digest=digest)
    return target


def _copy_file(src: Path, dest: Path) -> None:
    """Copy `src` to the new owner-only file `dest`, synced; remove `dest` on failure."""
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), PRIVATE_FILE_MODE)
    try:
        with src.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                view = memoryview(chunk)
                while view:
                    view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        dest.unlink(missing_ok=True)
        raise
    os.close(fd)


def restore_backup(backup: Path, new_path: Path, passphrase: str) -> None:
    """Restore `backup` (and its key file) as a new vault at `new_path`, then check it.

    Never overwrites: VaultExists if `new_path` or its key file exists. The passphrase is
    the one current when the backup was made. If the restored copy is not sound it is
    removed again and VaultDamaged names the problem.
    """
    backup, new_path = Path(backup), Path(new_path)
    check_openable(backup)
    header = read_header(backup)
    if new_path.exists() or header_path(new_path).exists():
        raise VaultExists(f"{new_path.name} already exists; restore into a new name so nothing is overwritten.")
    if not new_path.parent.is_dir():
        raise VaultError(f"The folder {new_path.parent} does not exist; choose a folder to restore into.")
    try:
        header.unwrap(passphrase)  # before copying anything: a wrong passphrase leaves no trace
    except WrongPassphrase:
        raise WrongPassphrase(
            "That passphrase does not unlock this backup. Use the passphrase that was current when it was made."
        ) from None
    tmp = new_path.with_name(f".{new_path.name}.{secrets.token_hex(6)}.tmp")
    made: list[Path] = []
    try:
        with _disk_errors(new_path.parent):
            _copy_file(backup, tmp)
            write_private_file_atomically(header_path(new_path), header_path(backup).read_bytes())
            made.append(header_path(new_path))
            _place(tmp, new_path)
            made.append(new_path)
            fsync_dir(new_path.parent)
        # The diagnostic open: no upgrade, and damage is listed rather than refused.
        try:
            with Vault.open(new_path, passphrase, upgrade=False) as restored:
                report = restored.check()
            problem = report.faults[0] if report.faults else None
        except VaultDamaged:
            problem = "its database cannot be read"
        if problem is not None:
            raise VaultDamaged(
                f"The backup {backup.name} is damaged ({problem}), so nothing was restored. Try an older backup."
            )
    except BaseException:
        tmp.unlink(missing_ok=True)
        for leftover in (*made, Path(f"{new_path}-wal"), Path(f"{new_path}-shm")):
            leftover.unlink(missing_ok=True)
        raise
