"""Operations on a vault's keys: change the passphrase, recover, set the recovery certificate.

Each re-wraps the same vault key and replaces the header atomically, so it is quick and a
crash part-way leaves the old header or the new one. The database itself is not rewritten.
"""

from __future__ import annotations

from pathlib import Path

from safeguard_desktop.vault.keys import KeyHeader, RecoveryCertificate, read_header
from safeguard_desktop.vault.session import Vault, _check_openable, require_strong


def _rewrap(path: Path, header: KeyHeader, key: bytes, new_passphrase: str, action: str) -> None:
    # Open with the key first: a header that unwraps but a database that does not open must
    # not get a new header written over it.
    vault = Vault._open_with_key(path, header, key)
    try:
        require_strong(new_passphrase, vault.practitioner)
        new = KeyHeader.seal(key, new_passphrase, vault_id=header.vault_id, kdf=header.kdf, recovery=header.recovery)
        vault.replace_key_header(header, new, action)
    finally:
        vault.close()


def change_passphrase(path: Path, old: str, new: str) -> None:
    """Re-wrap the vault key under `new`; `old` must unlock the vault.

    Copies of the old key file (in backups) still open the vault with the old passphrase,
    because the vault key itself is unchanged; rotating the vault key is what shuts those out.
    """
    path = Path(path)
    _check_openable(path)
    header = read_header(path)
    key = header.unwrap(old)
    _rewrap(path, header, key, new, "keys.passphrase_changed")


def recover(path: Path, private_key_pem: bytes, new_passphrase: str, key_password: bytes | None = None) -> None:
    """Set a new passphrase using the organisation's private recovery key."""
    path = Path(path)
    _check_openable(path)
    header = read_header(path)
    key = header.unwrap_with_recovery_key(private_key_pem, key_password)
    _rewrap(path, header, key, new_passphrase, "keys.recovered")


def set_recovery_certificate(path: Path, passphrase: str, certificate: RecoveryCertificate) -> None:
    """Wrap the vault key for the organisation's recovery certificate (replacing any earlier one)."""
    path = Path(path)
    _check_openable(path)
    header = read_header(path)
    key = header.unwrap(passphrase)
    vault = Vault._open_with_key(path, header, key)
    try:
        new = KeyHeader.seal(key, passphrase, vault_id=header.vault_id, kdf=header.kdf, recovery=certificate)
        vault.replace_key_header(header, new, "keys.recovery_certificate_set", certificate.fingerprint())
    finally:
        vault.close()
