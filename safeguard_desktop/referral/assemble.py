"""Gather a referral's packet contents from the vault: JSON, PDF, chronology CSV, attachments.

Everything is read at one moment and built in memory; nothing touches the disk. Packing
(manifest, signature, encryption) is a separate step that needs no vault.
"""

from __future__ import annotations

import json
from datetime import datetime

from safeguard_desktop.chronology.export import ChronologySnapshot, render_csv
from safeguard_desktop.chronology.timeline import TimelineFilter
from safeguard_desktop.domain.ukdates import format_datetime, to_uk, utc_now
from safeguard_desktop.governance.statements import statements_by_record
from safeguard_desktop.pdf.referral import no_names_pdf, referral_pdf
from safeguard_desktop.referral.contents import Attachment, PacketContents, Sender
from safeguard_desktop.referral.filed import left_out
from safeguard_desktop.referral.model import Destination, Referral
from safeguard_desktop.referral.nonames import no_names_summary
from safeguard_desktop.referral.packet import safe_attachment_names
from safeguard_desktop.referral.snapshot import ReferralDocument, build_document, canonical_json, picked_rows
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.store import Stored

__all__ = ["assemble"]


def assemble(vault: Vault, stored: Stored[Referral]) -> PacketContents:
    """Read the referral and everything it points at, and return the packet's contents.

    The JSON and CSV show the same chronology rows, read once. A chosen record that has
    since been withdrawn is refused (DomainError) rather than sent; one restricted, or no longer
    filed under the referral's children (moved to another child), is left out and counted.
    """
    referral = stored.data
    now = utc_now()
    # Restricted records (a dispute is open) are not shared, nor records since moved to another
    # child; the document says how many of each were left out.
    held, gone = left_out(vault, referral)
    skip = held | gone
    rows = picked_rows(vault, [p for p in referral.chronology if p.record_id not in skip])
    attachment_ids = [a for a in referral.attachment_ids if a not in skip]
    document = build_document(vault, stored, rows=rows, now=now)
    if referral.destination is Destination.LCSS_NO_NAMES:
        return _no_names(vault, stored, document, now)
    first = referral.children[0].child_id
    snapshot = ChronologySnapshot(
        child_id=first,
        child=vault.children.get(first).data,
        rows=tuple(rows),
        flt=TimelineFilter(),
        # Leaving the organisation: staff names go, as in every external chronology export.
        external=True,
        demo=vault.is_demo,
        practitioner=referral.referrer,
        made_at_text=format_datetime(now),
        made_on=to_uk(now).date(),
        statements=statements_by_record(vault, [row.record_id for row in rows]),
        restricted_left_out=len({p.record_id for p in referral.chronology} & held),
    )
    metas = [vault.attachments.get(attachment_id).data for attachment_id in attachment_ids]
    names = safe_attachment_names([meta.filename for meta in metas])
    attachments = [
        Attachment(name=name, data=vault.attachments.read_bytes(attachment_id), media_type=meta.media_type)
        for name, attachment_id, meta in zip(names, attachment_ids, metas, strict=True)
    ]
    # The referral lists each attachment under the name it has in the ZIP, so a receiver can
    # match the PDF's list to the files in front of them.
    document = document.model_copy(
        update={
            "attachments": [
                doc.model_copy(update={"filename": name}) for doc, name in zip(document.attachments, names, strict=True)
            ]
        }
    )
    who = referral.referrer
    return PacketContents(
        referral_id=str(stored.record_id),
        destination=referral.destination.value,
        sender=Sender(name=who.name, role=who.role, organisation=who.organisation, contact=who.contact),
        created_at=now,
        audit_head=vault.audit_head(),
        referral_json=canonical_json(document),
        referral_pdf=referral_pdf(document, demo=vault.is_demo),
        chronology_csv=render_csv(snapshot).content,
        attachments=attachments,
        demo=vault.is_demo,
    )


def _no_names(vault: Vault, stored: Stored[Referral], document: ReferralDocument, now: datetime) -> PacketContents:
    """A no-names consultation's packet carries the checked summary only: no names, no chronology
    rows (their summaries name people), no attachments. What was shared is exactly that summary."""
    summary = no_names_summary(document)  # refuses itself if any identifier survives
    who = stored.data.referrer
    body = {"format": 1, "kind": "lcss_no_names_consultation", "created": now.isoformat(), "summary": summary}
    return PacketContents(
        referral_id=str(stored.record_id),
        destination=Destination.LCSS_NO_NAMES.value,
        sender=Sender(name=who.name, role=who.role, organisation=who.organisation, contact=who.contact),
        created_at=now,
        audit_head=vault.audit_head(),
        referral_json=json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8"),
        referral_pdf=no_names_pdf(summary, prepared_by=who.name, organisation=who.organisation, demo=vault.is_demo),
        chronology_csv="\ufeffA no-names consultation carries no chronology.\r\n".encode(),
        attachments=[],
        demo=vault.is_demo,
    )
