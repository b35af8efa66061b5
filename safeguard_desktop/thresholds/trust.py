"""Which keys this computer trusts to sign threshold guide packs, and how keys are named.

Trust is set outside the app: by a key shipped in `resources/trust/threshold-guide/` (none in
the public build), or by the organisation's IT placing the partnership's public key in a
machine-wide folder that users cannot write to. Nothing inside the app adds trust, and no
setting a user controls (such as `XDG_CONFIG_DIRS`) moves the folder.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import platformdirs
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from safeguard_desktop.assets import resource
from safeguard_desktop.paths import APP_AUTHOR, APP_NAME
from safeguard_desktop.vault.content import key_fingerprint

__all__ = [
    "fingerprint",
    "format_fingerprint",
    "managed_trust_dir",
    "public_key_from_pem",
    "public_key_pem",
    "raw_key",
    "shipped_trust_dir",
    "trust_report",
    "trusted_keys",
]

_SHIPPED_FOLDER = ("trust", "threshold-guide")
_SUBFOLDER = ("trusted-keys", "threshold-guide")
# Fixed paths, not platformdirs: on Linux it follows XDG_CONFIG_DIRS, which any user may set.
_LINUX_CONFIG = Path("/etc/xdg") / APP_NAME
_MACOS_CONFIG = Path("/Library/Application Support") / APP_NAME
# Who may own a trusted key file and its folder on POSIX systems: root only.
_TRUSTED_OWNERS: frozenset[int] = frozenset({0})
_MAX_KEY_FILE = 64 * 1024


def raw_key(key: Ed25519PublicKey) -> bytes:
    """Return a public key's raw 32 bytes."""
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(key: Ed25519PublicKey) -> str:
    """Return a public key's fingerprint: SHA-256 of its raw 32 bytes, lower-case hex."""
    return key_fingerprint(raw_key(key))


def format_fingerprint(hex_digest: str) -> str:
    """Group a fingerprint in fours for reading aloud or comparing by eye."""
    return " ".join(hex_digest[i : i + 4] for i in range(0, len(hex_digest), 4))


def public_key_pem(key: Ed25519PublicKey) -> bytes:
    """Return a public key as SubjectPublicKeyInfo PEM (what openssl's `-pubin` reads)."""
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def public_key_from_pem(pem: bytes) -> Ed25519PublicKey | None:
    """Return the Ed25519 public key in a PEM file's bytes, or None if it holds none.

    Never raises for bad input: a key of an algorithm or curve the cryptography library does
    not support (UnsupportedAlgorithm) is simply not an Ed25519 key.
    """
    try:
        key = serialization.load_pem_public_key(pem)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        return None
    return key if isinstance(key, Ed25519PublicKey) else None


def managed_trust_dir() -> Path:
    """The folder where the organisation's IT places the partnership's public key.

    Machine-wide, and never taken from the environment: `/etc/xdg/safeguard-desktop/…` on
    Linux, `/Library/Application Support/safeguard-desktop/…` on macOS, and
    `C:\\ProgramData\\safeguard-desktop\\safeguard-desktop\\…` on Windows (found through the
    Windows API, whose permissions IT must set as docs/threshold-packs.md explains).
    """
    if sys.platform == "win32":
        base = platformdirs.site_config_path(APP_NAME, APP_AUTHOR)
    elif sys.platform == "darwin":
        base = _MACOS_CONFIG
    else:
        base = _LINUX_CONFIG
    return base.joinpath(*_SUBFOLDER)


def shipped_trust_dir() -> Path | None:
    """The folder of keys shipped with this build (None if the installation lacks it)."""
    try:
        return resource(*_SHIPPED_FOLDER)
    except FileNotFoundError:
        return None


def _unsafe(path: Path, what: str) -> str | None:
    """Why a key file or its folder could have been changed by someone other than root, if so."""
    if os.name != "posix":
        return None  # Windows: the folder's ACL, set by IT, is what protects it (see the docs)
    info = path.stat()
    if info.st_uid not in _TRUSTED_OWNERS:
        return f"{path}: ignored, because the {what} is not owned by root."
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"{path}: ignored, because users other than root can change the {what}."
    return None


def _folder_keys(folder: Path, keys: list[Ed25519PublicKey], problems: list[str]) -> None:
    try:
        problem = _unsafe(folder, "folder")
        paths = sorted(folder.glob("*.pem"))
    except OSError as exc:
        problems.append(f"{folder}: could not be read ({exc.strerror or exc}).")
        return
    if problem is not None:
        if paths:  # an unsafe folder with no keys in it changes nothing; say nothing
            problems.append(problem)
        return
    for path in paths:
        try:
            problem = _unsafe(path, "key file")
            if problem is None and not path.is_file():
                problem = f"{path}: ignored, because it is not a file."
            key = None if problem else public_key_from_pem(path.read_bytes()[:_MAX_KEY_FILE])
        except OSError as exc:
            problems.append(f"{path}: could not be read ({exc.strerror or exc}).")
            continue
        if problem is not None:
            problems.append(problem)
        elif key is None:
            problems.append(f"{path}: not an Ed25519 public key in PEM form; ignored.")
        elif all(raw_key(key) != raw_key(known) for known in keys):
            keys.append(key)


def trust_report() -> tuple[list[Ed25519PublicKey], list[str]]:
    """Return the trusted keys, and one line naming each key file that was skipped, and why.

    A file that is not an Ed25519 public key, cannot be read, or (on Linux and macOS) that
    anyone but root owns or could change, is skipped; it never stops the other keys working.
    """
    keys: list[Ed25519PublicKey] = []
    problems: list[str] = []
    for folder in (shipped_trust_dir(), managed_trust_dir()):
        if folder is not None and folder.is_dir():
            _folder_keys(folder, keys, problems)
    return keys, problems


def trusted_keys() -> list[Ed25519PublicKey]:
    """Return every key this computer trusts to sign threshold guide packs."""
    return trust_report()[0]
