"""The referral as the MASH portal asks for it: one value per portal question, in the portal's order.

The values come from the referral document (the structured referral a packet carries), so
what is typed into the portal is exactly what the packet records. For a sent referral whose
packet is kept in the vault unencrypted, the document is read back from that packet itself.
No Qt here: plain functions that the portal view lays out, testable on their own.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from safeguard_desktop.domain.ukdates import format_date, format_datetime
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.referral.model import Referral, ReferralStatus
from safeguard_desktop.referral.snapshot import (
    AddressDoc,
    AdultDoc,
    CallDoc,
    ChildDoc,
    ReferralDocument,
    build_document,
)
from safeguard_desktop.referral.verify import PacketRefused, verify_packet
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.store import Stored

ORDER_NOTE = (
    "The fields follow the order of the MASH portal's questions as published. If the portal asks them "
    "in a different order, or asks for something not listed here, please report it so this view can be "
    "corrected. Copy a field, paste it into the portal, then move on: each copied field is marked."
)
FROM_PACKET = "Values are read from the packet kept when this referral was sent: exactly what was sent."
FROM_RECORDS = "Values are read from the records now, as the packet for this referral will record them."
FROM_RECORDS_ENCRYPTED = (
    "The packet kept for this referral is encrypted to the destination, so the values are read from the "
    "records now; anything corrected since it was sent will show as corrected."
)
YES_NO = {"yes": "Yes", "no": "No", "unknown": "Not known"}


@dataclass(frozen=True)
class PortalField:
    """One portal question: the section it sits in, its label and the exact value to paste."""

    section: str
    label: str
    value: str


def referral_document(vault: Vault, stored: Stored[Referral]) -> tuple[ReferralDocument, str]:
    """The document to show for a referral, and a sentence saying where its values came from.

    A sent referral whose packet is in the vault as a ZIP is read from that packet, after
    checking it; otherwise the document is built from the records (SafeguardError explains
    anything that stops it, such as a chosen record withdrawn since).
    """
    sent = stored.data.sent
    if stored.data.status is not ReferralStatus.DRAFT and sent is not None and sent.attachment_id is not None:
        data = vault.attachments.read_bytes(sent.attachment_id)
        if data.startswith(b"PK\x03\x04"):
            try:
                verify_packet(data)
            except PacketRefused as exc:
                raise SafeguardError(f"The packet kept for this referral does not verify: {exc.message}") from exc
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                raw = zf.read("referral.json")
            return ReferralDocument.model_validate_json(raw), FROM_PACKET
        return build_document(vault, stored), FROM_RECORDS_ENCRYPTED
    return build_document(vault, stored), FROM_RECORDS


def _yes_no(value: str) -> str:
    return YES_NO.get(value, value)


def _flag(value: bool) -> str:
    return "Yes" if value else "No"


def _address(address: AddressDoc | None) -> str:
    if address is None:
        return ""
    return ", ".join([*address.lines, address.town] if address.town else address.lines)


def _call(call: CallDoc | None) -> str:
    if call is None:
        return ""
    parts = [f"Called {format_datetime(call.called_at)}; spoke to {call.spoke_to}."]
    if call.advice:
        parts.append(f"Advice: {call.advice}")
    if call.reference:
        parts.append(f"Reference: {call.reference}")
    return "\n".join(parts)


def _child_fields(doc: ReferralDocument, child: ChildDoc, number: int) -> list[PortalField]:
    section = f"Child {number} of {len(doc.children)}: {child.name}"
    born = (
        ("Expected date of delivery", format_date(child.expected_delivery))
        if child.expected_delivery is not None
        else ("Date of birth", format_date(child.date_of_birth) if child.date_of_birth else "")
    )
    age = f"Age {child.age_status}" + (f": {child.assessed_age_note}" if child.assessed_age_note else "")
    status = "\n".join(
        f"{s.status} since {format_date(s.since)}" + (f" ({s.note})" if s.note else "") for s in child.current_status
    )
    pairs = [
        ("Given names", child.given_names),
        ("Family name", child.family_name),
        ("Other names", ", ".join(child.other_names)),
        born,
        *([("Age (assessed or disputed)", age)] if child.age_status != "known" else []),
        ("Gender", child.gender),
        ("Ethnicity", child.ethnicity),
        ("Religion", child.religion),
        ("First language", child.first_language),
        ("Interpreter needed", _flag(child.interpreter_needed)),
        ("Disability or SEND", child.disability_send),
        ("Address", _address(child.address)),
        ("Postcode", child.address.postcode or "" if child.address else ""),
        ("GP", child.gp),
        ("School or setting", child.school_or_setting),
        ("UPN", child.upn or ""),
        ("NHS number", child.nhs_number or ""),
        ("Current status", status),
        ("Is the child safe tonight?", _yes_no(child.safe_tonight)),
        ("Where is the child now?", child.where_now),
    ]
    return [PortalField(section, label, value) for label, value in pairs]


def _adult_fields(doc: ReferralDocument, adult: AdultDoc, number: int) -> list[PortalField]:
    section = f"Family member or household {number} of {len(doc.adults)}: {adult.name}"
    links = "\n".join(
        f"{link.relationship} of {doc.child_name(link.child_id)}: "
        f"{'has' if link.parental_responsibility else 'no'} parental responsibility; "
        f"{'lives in the home' if link.lives_in_home else 'lives elsewhere'}"
        for link in adult.relationships
    )
    pairs = [
        ("Given names", adult.given_names),
        ("Family name", adult.family_name),
        ("Also known as", ", ".join(adult.aliases)),
        ("Date of birth", format_date(adult.date_of_birth) if adult.date_of_birth else ""),
        ("Gender", adult.gender),
        ("Relationship to the child", links),
        ("Phone", adult.phone),
        ("Current address", _address(adult.current_address)),
        ("Postcode", adult.current_address.postcode or "" if adult.current_address else ""),
        ("Previous addresses", "\n".join(a.one_line() for a in adult.previous_addresses)),
    ]
    return [PortalField(section, label, value) for label, value in pairs]


def portal_fields(doc: ReferralDocument) -> list[PortalField]:
    """Every portal question with its value, in the portal's order (blank values included, as "")."""
    fields: list[PortalField] = []
    who = doc.referrer
    section = "Referrer details"
    fields += [
        PortalField(section, "Name", who.name),
        PortalField(section, "Role", who.role),
        PortalField(section, "Organisation", who.organisation),
        PortalField(section, "Contact details", who.contact),
    ]
    for number, child in enumerate(doc.children, 1):
        fields += _child_fields(doc, child, number)
    for number, adult in enumerate(doc.adults, 1):
        fields += _adult_fields(doc, adult, number)
    for number, p in enumerate(doc.professionals, 1):
        section = f"Other professional {number} of {len(doc.professionals)}"
        fields += [
            PortalField(section, "Name", p.name),
            PortalField(section, "Role", p.role),
            PortalField(section, "Organisation", p.organisation),
            PortalField(section, "Phone", p.phone),
            PortalField(section, "Email", p.email),
            PortalField(section, "Involved with", doc.child_name(p.child_id)),
        ]
    section = "Concerns: the reason for the referral"
    for number, c in enumerate(doc.concerns, 1):
        who_roles = "; ".join(f"{doc.child_name(ch.child_id)} ({', '.join(ch.roles)})" for ch in c.children)
        text = [f"{c.happened}: {', '.join(c.categories)}.", f"Children: {who_roles}.", f"What happened: {c.account}"]
        if c.action_taken:
            text.append(f"Action taken: {c.action_taken}")
        text.append(f"Reported by {c.reported_by or 'the recorder'}; recorded by {c.recorded_by}.")
        fields.append(PortalField(section, f"Concern {number} of {len(doc.concerns)}", "\n".join(text)))
    if doc.decision is not None:
        d = doc.decision
        fields.append(
            PortalField(section, "Level of need judged", f"Level {d.level} ({d.level_name}). Reasons: {d.reasons}")
        )
    fields.append(
        PortalField(
            section,
            "Chronology (significant events)",
            "\n".join(f"{r.date}: {', '.join(r.categories)}: {r.summary}" for r in doc.chronology),
        )
    )
    fields.append(PortalField(section, "Early Help and support already tried", doc.early_help))
    for s in doc.screenings:
        fields.append(PortalField(section, f"Screening: {s.tool}, {s.period}", s.summary))
    section = "What the child says"
    fields.append(PortalField(section, "The child's voice", doc.child_voice))
    words = "\n".join(f"{c.happened}: {c.child_words}" for c in doc.concerns if c.child_words)
    fields.append(PortalField(section, "The child's own words (from the concerns)", words))
    section = "Parental factors and safety"
    fields += [
        PortalField(section, "Parental mental health", _yes_no(doc.mental_health)),
        PortalField(section, "Parental substance misuse", _yes_no(doc.substance_misuse)),
        PortalField(section, "Domestic abuse", _yes_no(doc.domestic_abuse)),
        PortalField(section, "About these factors", doc.parental_factors_note),
        PortalField(section, "Any risk to professionals visiting", doc.risk_to_visitors),
    ]
    for consent in doc.consents:
        section = f"Consent: {consent.name}"
        fields += [
            PortalField(section, "Parental responsibility", _flag(consent.parental_responsibility)),
            PortalField(section, "Aware of the referral", _yes_no(consent.aware)),
            PortalField(section, "Consented", _yes_no(consent.consented)),
            PortalField(section, "If not, why not", consent.reason_not_text),
            PortalField(section, "Note", consent.note),
        ]
    section = "What the family has been told"
    fields += [
        PortalField(section, "What the family has been told", doc.family_told),
        PortalField(section, "How they responded", doc.family_response),
    ]
    fields.append(PortalField("What you want to happen", "What the referrer wants to happen", doc.referrer_wants))
    section = "Urgency and calls made"
    fields += [
        PortalField(section, "Immediate danger (police called on 999)", _flag(doc.immediate_danger)),
        PortalField(section, "Call to the police", _call(doc.police_call)),
        PortalField(section, "A response is needed today (MASH phoned)", _flag(doc.response_today)),
        PortalField(section, "Call to the MASH", _call(doc.mash_call)),
        PortalField(section, "MASH call reference", doc.mash_call.reference if doc.mash_call else ""),
    ]
    return fields
