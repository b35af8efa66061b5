"""Record that a referral packet was sent: the one step the window and the command line share.

Sending changes three things that must land together or not at all: the packet's exact bytes
are kept in the vault (an attachment of the referral, so the packet sent can be shown again
byte for byte), the referral becomes SENT with the packet's id and digest (which puts the
packet id in the child's chronology), and the disclosure is logged in the audit chain and the
disclosure log (to the MASH or the LCSS, as the referral's destination says). A
packet is only ever recorded against the very version of the draft it was made from: if the
referral was changed, sent or withdrawn meanwhile (another window, a second export), the
packet no longer describes the record and nothing is kept.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from safeguard_desktop.chronology.export import ExportedFile, save_export
from safeguard_desktop.domain.ukdates import utc_now
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.governance.disclosure import Disclosure
from safeguard_desktop.referral.model import Destination, Referral, ReferralStatus, SentPacket
from safeguard_desktop.referral.packet import BuiltPacket

if TYPE_CHECKING:
    from safeguard_desktop.vault.session import Vault
    from safeguard_desktop.vault.store import Stored

__all__ = ["EXPORT_NAME", "ReferralChanged", "kept_packet", "record_sent", "referral_disclosure"]

EXPORT_NAME = "referral.packet"  # how the audit chain names a packet leaving the vault


class ReferralChanged(SafeguardError):
    """The referral is no longer the draft the packet was made from, so the packet was not recorded."""


def _media_type(built: BuiltPacket) -> str:
    return "application/pkcs7-mime" if built.encrypted else "application/zip"


def referral_disclosure(referral: Referral) -> Disclosure:
    """To whom a referral's packet goes and why, for the disclosure log: its destination says both."""
    if referral.destination is Destination.MASH:
        return Disclosure("MASH", "Referral")
    return Disclosure("LCSS", "Consultation")


def record_sent(
    vault: Vault,
    stored: Stored[Referral],
    built: BuiltPacket,
    *,
    route: str,
    portal_reference: str = "",
    encrypted_to: str = "",
    path: Path | None = None,
) -> Stored[Referral]:
    """Keep `built` in the vault, mark the referral SENT and log the disclosure, in one transaction.

    `stored` is the version of the referral the packet was built from; the packet is refused
    (ReferralChanged, nothing kept) unless that is still the referral's current version and it
    is still a draft. Given `path`, the packet is also written there (owner-only, atomically)
    inside the same transaction, and the file is removed again if anything after it fails.
    Returns the SENT version.
    """
    if not route.strip():
        raise SafeguardError("Say how the packet is being sent (the route), so the record shows it.")
    record_id = stored.record_id
    with vault.batch():
        current = vault.referrals.get(record_id)
        if current.withdrawn:
            raise ReferralChanged("This referral was withdrawn, so the packet was not recorded as sent.")
        if current.data.status is not ReferralStatus.DRAFT:
            raise ReferralChanged(
                "This referral has already been sent, so this packet was not recorded. "
                "The packet that was sent is kept with the referral."
            )
        if current.version_id != stored.version_id or current.seq != stored.seq:
            raise ReferralChanged(
                "The referral was changed after this packet was made, so the packet no longer matches it "
                "and was not recorded. Make the packet again."
            )
        children = current.data.child_ids
        kept = vault.attachments.add_bytes(
            built.file_name,
            built.data,
            _media_type(built),
            child_id=children[0] if children else None,
            linked_record_id=record_id,
            description=f"The referral packet {built.packet_id} exactly as sent",
        )
        sent = SentPacket(
            packet_id=built.packet_id,
            sha256=built.sha256,
            sent_at=utc_now(),
            route=route.strip(),
            portal_reference=portal_reference.strip(),
            attachment_id=kept.record_id,
            encrypted_to=encrypted_to if built.encrypted else "",
        )
        referral = Referral.model_validate(
            {**current.data.model_dump(), "status": ReferralStatus.SENT, "sent": sent.model_dump()}
        )
        result = vault.referrals.amend(record_id, referral, "Sent")
        disclosure = referral_disclosure(referral)
        if path is None:
            vault.log_export(EXPORT_NAME, built.data, record_id, disclosure)
        else:
            exported = ExportedFile(child_id=record_id, what=EXPORT_NAME, content=built.data, file_name=built.file_name)
            save_export(vault, exported, path, disclosure)  # removes the file itself if the log cannot be kept
    return result


def kept_packet(vault: Vault, stored: Stored[Referral]) -> tuple[str, bytes]:
    """The packet a sent referral was recorded with: (file name, exact bytes).

    Raises SafeguardError when the referral was never sent or its kept copy is missing or
    no longer matches the digest recorded when it was sent.
    """
    sent = stored.data.sent
    if sent is None or sent.attachment_id is None:
        raise SafeguardError("This referral has not been sent, so there is no kept packet.")
    meta = vault.attachments.get(sent.attachment_id)
    data = vault.attachments.read_bytes(sent.attachment_id)  # checked against the attachment's own digest
    if hashlib.sha256(data).hexdigest() != sent.sha256:
        raise SafeguardError("The kept copy of the packet does not match the digest recorded when it was sent.")
    return meta.data.filename, data
