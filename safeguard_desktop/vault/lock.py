"""One writer per vault: an operating-system lock on `<vault>.lock` while the vault is open.

SQLite's own locks only serialise single transactions; they do not stop two windows (or a
window and the command line) from each holding the vault open and interleaving work such as
a key rotation. This lock does. The operating system drops it when the holding process
ends, however it ends, so a crash never leaves a vault that cannot be opened again.

The lock file holds the holder's process ID and computer name, only so that the refusal can
say where the vault is open. It holds nothing about the records.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import threading
from pathlib import Path

from safeguard_desktop.errors import VaultError, VaultInUse
from safeguard_desktop.paths import PRIVATE_FILE_MODE

LOCK_SUFFIX = ".lock"
# Windows locks byte ranges, and a locked range cannot be read by anyone else; lock one byte
# far past the text so that a refused opener can still read who holds it.
_WINDOWS_LOCK_OFFSET = 1 << 30

# Locks this process holds, by resolved vault path: a second open in the same process must
# be refused as firmly as one from another process, and key operations may borrow it.
_held: dict[str, VaultLock] = {}
_held_guard = threading.Lock()


def lock_path(vault_path: Path) -> Path:
    """Where the lock file of the vault at `vault_path` lives (beside it)."""
    return vault_path.with_name(vault_path.name + LOCK_SUFFIX)


def _key(vault_path: Path) -> str:
    return str(Path(vault_path).resolve())


def held_here(vault_path: Path) -> bool:
    """True when this process holds the vault's lock (the vault is open in this process)."""
    with _held_guard:
        return _key(vault_path) in _held


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def _holder(path: Path) -> str:
    """`process 1234 on this computer`, from the lock file, or a vaguer phrase."""
    try:
        pid, _, host = path.read_text("utf-8").strip().partition(" ")
    except (OSError, UnicodeDecodeError):
        return ""
    if not pid.isdigit():
        return ""
    where = "this computer" if host == socket.gethostname() else f"the computer {host}" if host else "some computer"
    return f" (process {pid} on {where})"


def _in_use(vault_path: Path, lock_file: Path) -> VaultInUse:
    return VaultInUse(
        f"{vault_path.name} is already open in another window or program{_holder(lock_file)}. Close it there first."
    )


class VaultLock:
    """An exclusive hold on one vault. Release it with `release()` (safe to call twice)."""

    def __init__(self, vault_path: Path, fd: int, lock_file: Path) -> None:
        self.vault_path = vault_path
        self._fd: int | None = fd
        self._file = lock_file

    @classmethod
    def acquire(cls, vault_path: Path) -> VaultLock:
        """Take the vault's lock, or raise VaultInUse naming the process that holds it."""
        vault_path = Path(vault_path)
        lock_file = lock_path(vault_path)
        key = _key(vault_path)
        with _held_guard:
            if key in _held:
                raise _in_use(vault_path, lock_file)
            while True:
                try:
                    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), PRIVATE_FILE_MODE)
                except OSError as exc:
                    raise VaultError(
                        f"{vault_path.name} cannot be opened for writing here: its folder is read-only or "
                        "unavailable. Copy the vault to a folder of your own first."
                    ) from exc
                if not _try_lock(fd):
                    os.close(fd)
                    raise _in_use(vault_path, lock_file)
                # Whoever held the lock before may have removed the file while we waited on
                # it; a lock on a removed file guards nothing, so take the new file instead.
                try:
                    same = os.path.samestat(os.fstat(fd), os.stat(lock_file))
                except FileNotFoundError:
                    same = False
                if same:
                    break
                os.close(fd)
            info = f"{os.getpid()} {socket.gethostname()}\n".encode()
            os.lseek(fd, 0, os.SEEK_SET)
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
                os.write(fd, info)
            lock = cls(vault_path, fd, lock_file)
            _held[key] = lock
            return lock

    def release(self) -> None:
        """Give the lock up and remove the lock file."""
        with _held_guard:
            if self._fd is None:
                return
            fd, self._fd = self._fd, None
            if _held.get(_key(self.vault_path)) is self:
                del _held[_key(self.vault_path)]
            # Remove the file while still holding the lock, so nobody is left holding a lock
            # on a file that is gone (acquire re-checks for exactly that). Windows refuses to
            # remove an open file; there the file simply stays, empty of meaning.
            with contextlib.suppress(OSError):
                os.unlink(self._file)
            _unlock(fd)
            os.close(fd)
