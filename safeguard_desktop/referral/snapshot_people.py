"""The people in a referral document: the referred children, their adults and professionals.

Each is copied from its record as it stands when the document is made, with what only the
referral knows added (whether the child is safe tonight, where they are now, and the
details stated as not known). Building the rest of the document (concerns, chronology rows,
screenings, the decision, attachments) stays in `snapshot`, which calls these.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from safeguard_desktop.domain.people import Adult, Child
from safeguard_desktop.referral.model import NotKnownField, Referral
from safeguard_desktop.referral.snapshot_model import (
    AddressDoc,
    AdultDoc,
    AdultLinkDoc,
    ChildDoc,
    NotKnownDoc,
    ProfessionalDoc,
    StatusDoc,
)
from safeguard_desktop.referral.wizard_checks import child_details_missing
from safeguard_desktop.vault.session import Vault


def child_doc(vault: Vault, child_id: UUID, child: Child, safe: str, where: str, on: date) -> ChildDoc:
    """The child's details, with the statuses current on `on` and the referrer's answers about today."""
    periods = vault.status_periods.list(linked_to=child_id)
    current = sorted((p.data for p in periods if p.data.is_current(on)), key=lambda p: p.start)
    return ChildDoc(
        child_id=child_id,
        name=child.title(),
        given_names=child.given_names,
        family_name=child.family_name,
        other_names=child.other_names,
        date_of_birth=child.date_of_birth,
        expected_delivery=child.expected_delivery,
        age_status=child.age_status,
        assessed_age_note=child.assessed_age_note,
        gender=child.gender,
        ethnicity=child.ethnicity,
        religion=child.religion,
        first_language=child.first_language,
        interpreter_needed=child.interpreter_needed,
        disability_send=child.disability_send,
        address=AddressDoc.of(child.address),
        gp=child.gp,
        school_or_setting=child.school_or_setting,
        upn=child.upn,
        nhs_number=child.nhs_number,
        current_status=[StatusDoc(status=p.status_label(), since=p.start, note=p.note) for p in current],
        safe_tonight=safe,
        where_now=where,
    )


def not_known(referral: Referral, child_id: UUID, child: Child, adults: list[AdultDoc]) -> list[NotKnownDoc]:
    """The details stated as not known that the record still lacks (one filled in since is simply shown)."""
    lacking = {field for field, _ in child_details_missing(child, referral.destination)}
    if not any(link.child_id == child_id and link.parental_responsibility for a in adults for link in a.relationships):
        lacking.add(NotKnownField.PARENTAL_RESPONSIBILITY.value)
    stated = referral.not_known_of(child_id)
    return [
        NotKnownDoc(field=field.value, label=field.label(), reason=stated[field])
        for field in NotKnownField
        if field in stated and field.value in lacking
    ]


def _adult_doc(adult_id: UUID, adult: Adult, links: list[AdultLinkDoc]) -> AdultDoc:
    return AdultDoc(
        adult_id=adult_id,
        name=adult.full_name(),
        given_names=adult.given_names,
        family_name=adult.family_name,
        aliases=adult.aliases,
        date_of_birth=adult.date_of_birth,
        gender=adult.gender,
        phone=adult.phone,
        current_address=AddressDoc.of(adult.current_address),
        previous_addresses=[
            AddressDoc(lines=a.lines, town=a.town, postcode=a.postcode) for a in adult.previous_addresses
        ],
        relationships=links,
    )


def people(vault: Vault, referral: Referral) -> tuple[list[AdultDoc], list[ProfessionalDoc]]:
    """The adults related to any referred child (and any whose consent is recorded), and the professionals."""
    links: dict[UUID, list[AdultLinkDoc]] = {}
    professionals: list[ProfessionalDoc] = []
    for child_id in referral.child_ids:
        for rel in vault.relationships.list(linked_to=child_id):
            r = rel.data
            if r.child_id != child_id:
                continue
            links.setdefault(r.adult_id, []).append(
                AdultLinkDoc(
                    child_id=child_id,
                    relationship=r.relationship.label(),
                    parental_responsibility=r.parental_responsibility,
                    lives_in_home=r.lives_in_home,
                )
            )
        for stored in vault.professionals.list(linked_to=child_id):
            p = stored.data
            professionals.append(
                ProfessionalDoc(
                    child_id=child_id,
                    name=p.name,
                    role=p.role,
                    organisation=p.organisation,
                    phone=p.phone,
                    email=p.email,
                )
            )
    for answer in referral.consents:
        links.setdefault(answer.adult_id, [])
    adults = [_adult_doc(adult_id, vault.adults.get(adult_id).data, found) for adult_id, found in links.items()]
    return adults, professionals
