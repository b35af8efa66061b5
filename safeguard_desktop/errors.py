"""Errors the core raises for a person to read.

Every error that can reach a practitioner carries one clear sentence in `message`. The
command line prints it and exits non-zero; the window shows it in a dialog. Neither shows a
traceback.
"""

from __future__ import annotations


class SafeguardError(Exception):
    """Base of errors that carry a message fit to show a practitioner."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class VaultError(SafeguardError):
    """Something is wrong with a vault file or its keys."""


class VaultNotFound(VaultError):
    """No vault exists at the path given."""


class NotAVault(VaultError):
    """The file exists but is not a safeguard-desktop vault."""


class WrongPassphrase(VaultError):
    """The passphrase does not unlock the vault."""


class WrongRecoveryKey(VaultError):
    """The recovery key does not match the vault's recovery certificate."""


class VaultDamaged(VaultError):
    """The vault's keys unwrapped but its database is damaged or does not match."""


class VaultInUse(VaultError):
    """Another window or program holds the vault's lock."""


class VaultExists(VaultError):
    """Refusing to overwrite an existing vault."""


class VaultLocked(VaultError):
    """The vault was used after it was locked."""


class WeakPassphrase(SafeguardError):
    """A new passphrase was refused, with the reasons."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("That passphrase is too weak: " + " ".join(reasons))
        self.reasons = reasons


class RecordNotFound(SafeguardError):
    """A record ID that the vault does not hold."""


class RecordWithdrawn(SafeguardError):
    """A change was attempted on a record withdrawn in error."""


class RecordRestricted(SafeguardError):
    """A change was attempted on a record restricted while a dispute about it is open."""
