"""The disclosure log: what left the vault, to whom, why, by whom and when.

The audit chain already proves each export by its digest; it holds no words, so that a
lawful disposal leaves it verifiable. The disclosure log adds what an information governance
lead must be able to show a data protection officer: the recipient and the purpose. It is
written in the same transaction as the audit event, so the two never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from safeguard_desktop.errors import SafeguardError

__all__ = ["NOT_STATED", "Disclosure"]

NOT_STATED = "Not stated"


@dataclass(frozen=True)
class Disclosure:
    """To whom something is being disclosed, and why."""

    recipient: str
    purpose: str

    def __post_init__(self) -> None:
        # Frozen, so normalise through object.__setattr__: the log keeps what was meant, trimmed.
        object.__setattr__(self, "recipient", " ".join(self.recipient.split()))
        object.__setattr__(self, "purpose", " ".join(self.purpose.split()))
        if not self.recipient:
            raise SafeguardError("Say who this is for, so the disclosure log shows it.")
        if not self.purpose:
            raise SafeguardError("Say why it is being shared, so the disclosure log shows it.")
