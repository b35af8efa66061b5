"""Where the app keeps its files, and how it writes them.

Every file the app creates is readable by its owner only. Small files that must never be
half-written (the key header, the list of recent vaults) are replaced atomically.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from pathlib import Path

import platformdirs

APP_NAME = "safeguard-desktop"
APP_AUTHOR = "safeguard-desktop"
DEFAULT_VAULT_NAME = "records.vault"
RECENT_LIMIT = 8
PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700


HEADER_SUFFIX = ".keys"


def header_path(vault_path: Path) -> Path:
    """Where the key header of the vault at `vault_path` lives (beside it)."""
    return vault_path.with_name(vault_path.name + HEADER_SUFFIX)


def data_dir() -> Path:
    """The per-user data folder (honours SAFEGUARD_DATA_DIR, which tests use)."""
    override = os.environ.get("SAFEGUARD_DATA_DIR")
    base = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    ensure_private_dir(base)
    return base


def default_vault_path() -> Path:
    """The vault opened when no `--vault` is given."""
    return data_dir() / DEFAULT_VAULT_NAME


def ensure_private_dir(path: Path) -> None:
    """Create `path` (and parents) if missing; a folder we create is owner-only."""
    if not path.exists():
        path.mkdir(parents=True, mode=PRIVATE_DIR_MODE, exist_ok=True)


def fsync_dir(path: Path) -> None:
    """Make a rename inside `path` durable (POSIX; Windows has no directory fsync)."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_private_file_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never a mix.

    The temporary file is created owner-only *before* any byte is written, flushed to disk,
    then renamed over the target, and the folder is synced so the rename survives a crash.
    """
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), PRIVATE_FILE_MODE)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    os.close(fd)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def _recent_file() -> Path:
    return data_dir() / "recent-vaults.json"


def recent_vaults() -> list[Path]:
    """Vaults opened before, most recent first, skipping any that no longer exist."""
    try:
        raw = json.loads(_recent_file().read_text("utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(raw, list):
        return []
    paths = [Path(p) for p in raw if isinstance(p, str)]
    return [p for p in paths if p.exists()]


def remember_vault(path: Path) -> None:
    """Put `path` at the top of the recent-vaults list (paths only, never contents)."""
    resolved = path.resolve()
    entries = [resolved, *(p for p in recent_vaults() if p.resolve() != resolved)]
    payload = json.dumps([str(p) for p in entries[:RECENT_LIMIT]], indent=1).encode("utf-8")
    write_private_file_atomically(_recent_file(), payload)
