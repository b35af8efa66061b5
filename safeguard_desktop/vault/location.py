"""Is the vault somewhere that cannot keep it safe? Network shares and cloud-synced folders.

A network share may not honour the locks and the write-ahead log that keep a crash from
damaging the vault; a sync client (OneDrive, Dropbox, ...) may upload a half-written file,
or bring back an old copy beside the current one. Neither is forbidden, because an
organisation may have good reasons, but the practitioner is told plainly.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path, PurePath

# GNOME's file manager mounts SMB and WebDAV shares through gvfs's FUSE daemon; rclone and
# davfs2 are the other common ways a network drive appears as a folder.
NETWORK_FSTYPES = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "fuse.sshfs",
        "sshfs",
        "9p",
        "afs",
        "afpfs",
        "fuse.gvfsd-fuse",
        "davfs",
        "fuse.davfs",
        "fuse.rclone",
    }
)
# Folder names the common sync clients create; compared without regard to case.
CLOUD_FOLDERS = (
    "onedrive",
    "dropbox",
    "google drive",
    "googledrive",
    "my drive",
    "icloud drive",
    "iclouddrive",
    "mobile documents",
    "box",
    "box sync",
    "nextcloud",
    "owncloud",
)

_NETWORK = (
    "{name} is on a network drive. A network drive can lose or damage the vault if the connection "
    "drops while it is being written; keep the vault on this computer's own disk and back it up to the "
    "network drive instead."
)
_CLOUD = (
    "{name} is inside a folder that a cloud service ({service}) keeps in sync. Syncing can copy a "
    "half-written vault or bring back an old one; keep the vault in a folder that is not synced and make "
    "backups instead."
)


def _unescape_mount(field: str) -> str:
    # /proc/mounts writes spaces, tabs, newlines and backslashes in paths as octal escapes.
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def parse_mounts(text: str) -> list[tuple[str, str]]:
    """(mount point, file-system type) pairs from the text of /proc/mounts, in order."""
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            mounts.append((_unescape_mount(fields[1]), fields[2]))
    return mounts


def fstype_of(path: PurePath, mounts: list[tuple[str, str]]) -> str | None:
    """The file-system type of the deepest mount point holding `path` (the last such mount wins)."""
    best: tuple[int, str] | None = None
    for point, fstype in mounts:
        mount = PurePath(point)
        if path == mount or mount in path.parents:
            depth = len(mount.parts)
            if best is None or depth >= best[0]:
                best = (depth, fstype)
    return best[1] if best else None


def cloud_service(path: PurePath) -> str | None:
    """The sync service whose folder holds `path`, judged by folder names, or None."""
    for part in path.parts[:-1]:
        lowered = part.casefold()
        for folder in CLOUD_FOLDERS:
            # "OneDrive - Larkspur Trust" is how OneDrive for Business names its folder.
            if lowered == folder or (folder in ("onedrive", "dropbox") and lowered.startswith(folder + " ")):
                return part.split(" - ")[0]
    return None


def _is_remote_windows(path: Path) -> bool:
    if str(path).startswith(("\\\\", "//")):
        return True  # a UNC path: \\server\share\...
    if sys.platform != "win32":
        return False
    import ctypes

    drive_remote = 4
    root = path.drive + "\\"
    return bool(ctypes.windll.kernel32.GetDriveTypeW(root) == drive_remote)


def _linux_mounts() -> list[tuple[str, str]]:
    try:
        with open("/proc/mounts", encoding="utf-8", errors="replace") as fh:
            return parse_mounts(fh.read())
    except OSError:
        return []


def location_warning(path: Path, *, mounts: list[tuple[str, str]] | None = None) -> str | None:
    """A clear sentence when the vault at `path` is on a network share or in a synced folder.

    None when the place looks safe. `mounts` replaces /proc/mounts (for tests).
    """
    path = Path(os.path.abspath(path))
    name = path.name
    if os.name == "nt" or str(path).startswith(("\\\\", "//")):
        if _is_remote_windows(path):
            return _NETWORK.format(name=name)
    else:
        if mounts is None:
            mounts = _linux_mounts() if sys.platform.startswith("linux") else []
        if (fstype_of(path, mounts) or "") in NETWORK_FSTYPES:
            return _NETWORK.format(name=name)
    service = cloud_service(path)
    if service is not None:
        return _CLOUD.format(name=name, service=service)
    return None
