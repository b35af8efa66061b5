"""Why a threshold guide pack was refused: one exception class per reason.

Each has a one-word `reason` (for the window to choose how to explain it) and a `message`
in plain British English. `packs` re-exports them all.
"""

from __future__ import annotations

from typing import ClassVar

from safeguard_desktop.errors import SafeguardError

__all__ = [
    "AlreadyInstalled",
    "DifferentGuide",
    "FutureEdition",
    "InvalidContent",
    "NoTrustedKey",
    "NotAPack",
    "OlderEdition",
    "PackParts",
    "PackRefused",
    "Tampered",
    "UntrustedSigner",
]


class PackRefused(SafeguardError):
    """A pack was not installed; `reason` says why in one word, `message` in a sentence."""

    reason: ClassVar[str] = "refused"


class NotAPack(PackRefused):
    """The file is not a readable ZIP, or is damaged."""

    reason = "not_a_pack"


class PackParts(PackRefused):
    """Parts are missing, extra, repeated, too large, or named with an unsafe path."""

    reason = "parts"


class Tampered(PackRefused):
    """The signature does not match the content: it was changed after signing."""

    reason = "tampered"


class UntrustedSigner(PackRefused):
    """Correctly signed, but by a key this computer does not trust."""

    reason = "untrusted"


class NoTrustedKey(UntrustedSigner):
    """No key at all is trusted on this computer, so no pack can be installed yet."""

    reason = "no_trusted_key"


class InvalidContent(PackRefused):
    """Signed by a trusted key, but not a valid guide for this version of the app."""

    reason = "invalid"


class DifferentGuide(PackRefused):
    """An edition of some other guide than the one this app uses."""

    reason = "different_guide"


class FutureEdition(PackRefused):
    """Dated after today: once in use, it would make every correctly dated edition 'older'."""

    reason = "future"


class OlderEdition(PackRefused):
    """Older than the edition in use: installing it would silently turn the clock back."""

    reason = "older"


class AlreadyInstalled(PackRefused):
    """This edition (or another with the same date and revision) is already in use."""

    reason = "same"
