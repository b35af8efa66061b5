"""Operations on a vault's keys: change the passphrase, recover, set the recovery certificate.

Each re-wraps the same vault key and replaces the header atomically, so it is quick and a
crash part-way leaves the old header or the new one. The database itself is not rewritten.

Each takes the vault's single-writer lock, as opening does, so another window or program
cannot be changing the same header. A window of this process that has the vault open is
the owner of that lock, and its own passphrase change goes ahead beside it.
"""

from __future__ import annotations

from pathlib import Path

from safeguard_desktop.vault.keys import KeyHeader, RecoveryCertificate, read_header
from safeguard_desktop.vault.opening import Unwrap, check_openable
from safeguard_desktop.vault.session import Vault, require_strong


def verify_passphrase(path: Path, passphrase: str) -> None:
    """Raise WrongPassphrase unless `passphrase` unlocks the vault's key file.

    For asking the passphrase again before a sensitive action. It runs only the key
    derivation (about half a second) and never touches the database, so it works, and
    changes nothing, while the vault is open.
    """
    path = Path(path)
    check_openable(path)
    read_header(path).unwrap(passphrase)


def _reseal(
    path: Path,
    unwrap: Unwrap,
    passphrase: str,
    action: str,
    *,
    new_recovery: RecoveryCertificate | None = None,
    check_strength: bool = True,
    digest: str | None = None,
) -> None:
    # Open with the key first: a header that unwraps but a database that does not open must
    # not get a new header written over it.
    vault, header, key = Vault._unlock(path, unwrap, borrow=True)
    try:
        if check_strength:
            require_strong(passphrase, vault.practitioner)
        recovery = new_recovery or header.recovery
        new = KeyHeader.seal(key, passphrase, vault_id=header.vault_id, kdf=header.kdf, recovery=recovery)
        vault.replace_key_header(header, new, action, digest)
    finally:
        vault.close()


def change_passphrase(path: Path, old: str, new: str) -> None:
    """Re-wrap the vault key under `new`; `old` must unlock the vault.

    Copies of the old key file (in backups) still open the vault with the old passphrase,
    because the vault key itself is unchanged; rotating the vault key is what shuts those out.
    """
    _reseal(Path(path), lambda header, i: header.unwrap(old, i), new, "keys.passphrase_changed")


def recover(path: Path, private_key_pem: bytes, new_passphrase: str, key_password: bytes | None = None) -> None:
    """Set a new passphrase using the organisation's private recovery key."""
    _reseal(
        Path(path),
        lambda header, i: header.unwrap_with_recovery_key(private_key_pem, key_password, i),
        new_passphrase,
        "keys.recovered",
    )


def set_recovery_certificate(path: Path, passphrase: str, certificate: RecoveryCertificate) -> None:
    """Wrap the vault key for the organisation's recovery certificate (replacing any earlier one)."""
    _reseal(
        Path(path),
        lambda header, i: header.unwrap(passphrase, i),
        passphrase,
        "keys.recovery_certificate_set",
        new_recovery=certificate,
        check_strength=False,
        digest=certificate.fingerprint(),
    )
