"""Which keys this computer trusts to sign threshold guide packs, and how keys are named.

Trust is set outside the app: by a key shipped in `resources/trust/threshold-guide/` (none in
the public build), or by the organisation's IT placing the partnership's public key in a
machine-wide folder that users cannot write to. Nothing inside the app adds trust.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
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
    """Return the Ed25519 public key in a PEM file's bytes, or None if it holds none."""
    try:
        key = serialization.load_pem_public_key(pem)
    except (ValueError, TypeError):
        return None
    return key if isinstance(key, Ed25519PublicKey) else None


def managed_trust_dir() -> Path:
    """The folder where the organisation's IT places the partnership's public key.

    It lies under the machine-wide configuration folder, which users cannot write to:
    `C:\\ProgramData\\safeguard-desktop\\safeguard-desktop\\trusted-keys\\threshold-guide` on
    Windows, `/Library/Application Support/safeguard-desktop/…` on macOS, `/etc/xdg/…` on Linux.
    """
    return platformdirs.site_config_path(APP_NAME, APP_AUTHOR) / "trusted-keys" / "threshold-guide"


def shipped_trust_dir() -> Path | None:
    """The folder of keys shipped with this build (None if the installation lacks it)."""
    try:
        return resource(*_SHIPPED_FOLDER)
    except FileNotFoundError:
        return None


def trust_report() -> tuple[list[Ed25519PublicKey], list[str]]:
    """Return the trusted keys, and one line for each key file that could not be used."""
    keys: list[Ed25519PublicKey] = []
    problems: list[str] = []
    for folder in (shipped_trust_dir(), managed_trust_dir()):
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.pem")):
            try:
                key = public_key_from_pem(path.read_bytes())
            except OSError as exc:
                problems.append(f"{path}: could not be read ({exc.strerror}).")
                continue
            if key is None:
                problems.append(f"{path}: not an Ed25519 public key in PEM form; ignored.")
            elif all(raw_key(key) != raw_key(known) for known in keys):
                keys.append(key)
    return keys, problems


def trusted_keys() -> list[Ed25519PublicKey]:
    """Return every key this computer trusts to sign threshold guide packs."""
    return trust_report()[0]
