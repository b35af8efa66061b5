"""Sending a made-up referral for the GUI tests: a real signed packet, kept in the vault as the app keeps it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from safeguard_desktop.domain.records import STORED
from safeguard_desktop.referral.assemble import assemble
from safeguard_desktop.referral.identity import identity
from safeguard_desktop.referral.model import Referral, ReferralStatus, SentPacket
from safeguard_desktop.referral.packet import build_packet
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.store import Stored


def send(vault: Vault, stored: Stored[Referral], *, days_ago: int = 0) -> Stored[Referral]:
    """Make the referral's packet, keep it in the vault, and record the referral as sent `days_ago` days ago."""
    contents = assemble(vault, stored)
    signing = identity(vault)
    built = build_packet(contents, signer_key=signing.private_key, signer_cert=signing.certificate)
    kept = vault.attachments.add_bytes(
        built.file_name, built.data, "application/zip", child_id=stored.data.child_ids[0]
    )
    sent = SentPacket(
        packet_id=built.packet_id,
        sha256=built.sha256,
        sent_at=datetime.now(UTC) - timedelta(days=days_ago),
        route="MASH portal",
        portal_reference="PORTAL-77",
        attachment_id=kept.record_id,
    )
    data = stored.data.model_dump() | {"status": ReferralStatus.SENT, "sent": sent}
    return vault.referrals.amend(stored.record_id, Referral.model_validate(data, context=STORED), "Referral sent")
