"""A made-up family referred to the MASH, rich in identifiers, for the referral document tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from safeguard_desktop.domain.categories import ChildRole, ConcernCategory, RelationshipType
from safeguard_desktop.domain.concern import Concern, ConcernChild
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.people import Address, Adult, Child, Professional, Relationship
from safeguard_desktop.domain.status import ChildStatus, StatusPeriod
from safeguard_desktop.referral.model import (
    ChronologyPick,
    ConsentAnswer,
    ConsentReason,
    Destination,
    PhoneCall,
    Referral,
    ReferralChild,
    Tristate,
)
from safeguard_desktop.screening.pack import shipped_pack
from safeguard_desktop.screening.record import AreaGrade, Screening, SubAreaGrade
from safeguard_desktop.thresholds.decision import Consent, ThresholdDecision
from safeguard_desktop.thresholds.guide import Action
from safeguard_desktop.thresholds.library import shipped_guide
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.store import Stored

POSY_NHS = "4010232137"
RAFE_NHS = "4857773457"
POSY_UPN = "K931200012345"
HOME = Address(lines=["14 Larch Close", "Cowley"], town="Oxford", postcode="OX4 7QZ")
OLD_FLAT = Address(lines=["Flat 3, 22 Mill Lane"], town="Banbury", postcode="OX16 5TN")
PARTNER_SURNAME = "<b>O'Brien & Sons</b>"
MOTHER_PHONE = "07700 900123"

# Free text as a practitioner types it: names, nicknames, addresses and numbers inside.
ACCOUNT = (
    "Posy said Kez shouted at Tammy and threw a plate at 14 Larch Close last night. Posy Ellingham "
    "came in hungry; Tamsin's old flat at 22 Mill Lane, Banbury, OX16 5TN was also mentioned. "
    "NHS 401 023 2137 (Posy), 4857773457 (Rafe), UPN K931200012345, born 01/05/2019, mum on "
    "07700 900123, dad Gaz Pennock lives in Cowley."
)
CHILD_WORDS = "Kieran hit mummy and Rafe cried. I don't want to go home to Kieran O'Brien."


@dataclass
class Family:
    posy: Stored[Child]
    rafe: Stored[Child]
    mother: Stored[Adult]
    father: Stored[Adult]
    partner: Stored[Adult]
    concern: Stored[Concern]
    screening: Stored[Screening]
    decision: Stored[ThresholdDecision]
    referral: Stored[Referral]


def _screening(child_id: Any, carer_id: Any, practitioner: Any) -> Screening:
    pack = shipped_pack()
    subs = [
        SubAreaGrade(area_id=a.id, sub_area_id=s.id, sub_area_name=s.name, grade=3, evidence=f"Seen: {s.name}.")
        for a in pack.areas
        for s in a.sub_areas
    ]
    areas = [AreaGrade(area_id=a.id, area_name=a.name, grade=3, rationale="Seen on two visits.") for a in pack.areas]
    return Screening(
        child_id=child_id,
        carer_id=carer_id,
        carer_name="Tamsin Ellingham",
        carer_relationship="Mother",
        observed_from=date(2026, 10, 5),
        observed_to=date(2026, 10, 12),
        place="Family home",
        practitioner=practitioner,
        pack=pack.ref(),
        sub_areas=subs,
        areas=areas,
        strengths="Tamsin is warm with Posy.",
        signed_off_at=datetime(2026, 10, 12, 15, 0, tzinfo=UTC),
    )


def make_family(vault: Vault) -> Family:
    """Two siblings, their mother (with an alias and a previous address), father, mother's partner."""
    posy = vault.children.add(
        Child(
            given_names="Posy",
            family_name="Ellingham",
            other_names=["Posy Ward"],
            date_of_birth=date(2019, 5, 1),
            gender="Female",
            ethnicity="White British",
            religion="None",
            first_language="English",
            disability_send="Speech and language support",
            address=HOME,
            gp="Hollybush Surgery",
            school_or_setting="Larkspur Community School",
            upn=POSY_UPN,
            nhs_number=POSY_NHS,
        )
    )
    rafe = vault.children.add(
        Child(
            given_names="Rafe",
            family_name="Ellingham",
            date_of_birth=date(2021, 9, 3),
            gender="Male",
            first_language="English and Polish",
            interpreter_needed=True,
            address=HOME,
            gp="Hollybush Surgery",
            school_or_setting="Acorn Day Nursery",
            nhs_number=RAFE_NHS,
        )
    )
    mother = vault.adults.add(
        Adult(
            given_names="Tamsin",
            family_name="Ellingham",
            aliases=["Tammy Ward"],
            date_of_birth=date(1992, 2, 14),
            current_address=HOME,
            previous_addresses=[OLD_FLAT],
            phone=MOTHER_PHONE,
        )
    )
    father = vault.adults.add(
        Adult(given_names="Gareth", family_name="Pennock", aliases=["Gaz"], date_of_birth=date(1989, 11, 23))
    )
    partner = vault.adults.add(
        Adult(given_names="Kieran", family_name=PARTNER_SURNAME, aliases=["Kez"], date_of_birth=date(1988, 7, 30))
    )
    for child in (posy, rafe):
        for adult, kind, pr, home in (
            (mother, RelationshipType.MOTHER, True, True),
            (father, RelationshipType.FATHER, True, False),
            (partner, RelationshipType.PARTNER_OF_PARENT, False, True),
        ):
            vault.relationships.add(
                Relationship(
                    adult_id=adult.record_id,
                    child_id=child.record_id,
                    relationship=kind,
                    parental_responsibility=pr,
                    lives_in_home=home,
                )
            )
    vault.professionals.add(
        Professional(
            child_id=posy.record_id,
            name="Dr Amara Osei",
            role="GP",
            organisation="Hollybush Surgery",
            phone="01865 240000",
            email="a.osei@example.nhs.uk",
        )
    )
    vault.status_periods.add(
        StatusPeriod(
            child_id=posy.record_id,
            status=ChildStatus.EARLY_HELP,
            start=date(2026, 3, 2),
            recorded_by=vault.practitioner,
        )
    )
    concern = vault.concerns.add(
        Concern(
            happened=EventDate.exact(datetime(2026, 11, 24, 9, 10, tzinfo=UTC)),
            children=[
                ConcernChild(child_id=posy.record_id, roles=frozenset({ChildRole.VICTIM})),
                ConcernChild(child_id=rafe.record_id, roles=frozenset({ChildRole.WITNESS})),
            ],
            categories=frozenset({ConcernCategory.DOMESTIC_ABUSE, ConcernCategory.NEGLECT}),
            recorded_by=vault.practitioner,
            account=ACCOUNT,
            child_words=CHILD_WORDS,
            action_taken="Spoke to Tamsin Ellingham at the gate; phoned the MASH.",
        )
    )
    screening = vault.screenings.add(_screening(rafe.record_id, mother.record_id, vault.practitioner))
    guide = shipped_guide()
    decision = vault.threshold_decisions.add(
        ThresholdDecision(
            child_id=posy.record_id,
            decided=EventDate.exact(datetime(2026, 11, 24, 10, 0, tzinfo=UTC)),
            decided_by=vault.practitioner,
            guide=guide.edition(),
            level=4,
            level_name=guide.level(4).name,
            reasons="Domestic abuse witnessed by Posy and Rafe; Kieran has moved back in.",
            consent=Consent.NOT_TOLD_RISK,
            action=Action.MASH_REFERRAL,
        )
    )
    attachment = vault.attachments.add_bytes(
        "letter.txt", b"A letter from the nursery.", "text/plain", child_id=rafe.record_id
    )
    picks = [
        ChronologyPick(record_id=row.record_id, item=row.item)
        for child in (posy,)
        for row in vault.timeline.rows(child.record_id)
    ]
    referral = vault.referrals.add(
        Referral(
            destination=Destination.MASH,
            children=[
                ReferralChild(child_id=posy.record_id, safe_tonight=Tristate.NO, where_now="At school until 15:15"),
                ReferralChild(child_id=rafe.record_id, safe_tonight=Tristate.UNKNOWN, where_now="Acorn Day Nursery"),
            ],
            response_today=True,
            mash_call=PhoneCall(
                called_at=datetime(2026, 11, 24, 10, 30, tzinfo=UTC),
                spoke_to="Duty social worker Priya",
                advice="Submit the portal referral today; keep Posy in school.",
                reference="MASH-2611-0042",
            ),
            risk_to_visitors="Kieran (Kez) has threatened staff; visit in pairs.",
            mental_health=Tristate.YES,
            substance_misuse=Tristate.UNKNOWN,
            domestic_abuse=Tristate.YES,
            parental_factors_note="Tammy Ward takes medication for depression.",
            concern_ids=[concern.record_id],
            chronology=picks,
            screening_ids=[screening.record_id],
            decision_id=decision.record_id,
            early_help="Team Around the Family since 02/03/2026; Gareth Pennock did not attend.",
            consents=[
                ConsentAnswer(
                    adult_id=mother.record_id,
                    aware=Tristate.YES,
                    consented=Tristate.NO,
                    reason_not=ConsentReason.INCREASE_RISK,
                    note="Tamsin fears Kieran will find out.",
                ),
                ConsentAnswer(
                    adult_id=father.record_id,
                    aware=Tristate.NO,
                    consented=Tristate.UNKNOWN,
                    reason_not=ConsentReason.NOT_CONTACTABLE,
                ),
            ],
            family_told="Tamsin was told at 09:30 that school would call the MASH.",
            family_response="Tamsin cried and said Kez would be angry.",
            child_voice="Posy said: 'I don't want to go home to Kieran.'",
            referrer_wants="A strategy discussion today; Posy and Rafe safe tonight away from Kieran O'Brien.",
            referrer=vault.practitioner,
            attachment_ids=[attachment.record_id],
        )
    )
    return Family(posy, rafe, mother, father, partner, concern, screening, decision, referral)
