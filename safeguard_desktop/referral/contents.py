"""What goes into a referral packet, before it is zipped, signed and perhaps encrypted.

Assembling the contents (from the vault) and packing them (manifest, signature, encryption)
are separate steps, so the packing can be tested, benchmarked and verified without a vault.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

__all__ = ["Attachment", "PacketContents", "Sender"]


@dataclass(frozen=True)
class Attachment:
    """One file the referrer chose to send, by the name it will have inside the packet."""

    name: str
    data: bytes
    media_type: str = "application/octet-stream"


@dataclass(frozen=True)
class Sender:
    """Who made the packet, as the manifest names them."""

    name: str
    role: str
    organisation: str
    contact: str = ""


@dataclass(frozen=True)
class PacketContents:
    """Everything a packet carries besides its manifest and signature."""

    referral_id: str
    destination: str  # Destination value, e.g. "mash"
    sender: Sender
    created_at: datetime  # UTC
    audit_head: tuple[int, str]  # the vault's audit-chain head (sequence, hash) when made
    referral_json: bytes  # the structured referral (docs/referral.schema.json)
    referral_pdf: bytes
    chronology_csv: bytes
    attachments: list[Attachment] = field(default_factory=list)
    demo: bool = False
