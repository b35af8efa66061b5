"""A made-up family for the wizard and prefill tests: two children at home, parents, a cousin, their records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from safeguard_desktop.domain.categories import (
    ChildRole,
    ConcernCategory,
    ConcernStatus,
    RelationshipType,
    Significance,
)
from safeguard_desktop.domain.chronology import ChronologyEntry
from safeguard_desktop.domain.concern import Concern, ConcernChild
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.people import Address, Adult, Child, Relationship
from safeguard_desktop.domain.status import ChildStatus, StatusPeriod
from safeguard_desktop.domain.ukdates import uk_today
from safeguard_desktop.referral.model import Destination, Referral, ReferralChild, ReferralStatus, SentPacket
from safeguard_desktop.screening.pack import shipped_pack
from safeguard_desktop.screening.record import AreaGrade, Screening, SubAreaGrade
from safeguard_desktop.thresholds.decision import Consent, ThresholdDecision
from safeguard_desktop.thresholds.guide import Action
from safeguard_desktop.thresholds.library import shipped_guide
from safeguard_desktop.vault.session import Vault

HOME = Address(lines=["14 Quarry Lane"], town="Oxford", postcode="OX4 1AA")


def days_ago(n: int) -> date:
    return uk_today() - timedelta(days=n)


def noon_utc(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=UTC)


@dataclass
class Family:
    posy: UUID  # full details
    rafe: UUID  # Posy's brother at home; no NHS number, UPN or gender recorded
    ivo: UUID  # a cousin: shares only the grandmother
    mother: UUID  # PR, lives at home
    father: UUID  # PR, lives elsewhere
    grandmother: UUID  # no PR
    recent_concern: UUID
    old_concern: UUID
    recent_significant: UUID  # a manual chronology entry
    recent_background: UUID
    old_significant: UUID
    older_screening: UUID
    newer_screening: UUID
    older_decision: UUID
    newer_decision: UUID


def _link(vault: Vault, adult: UUID, child: UUID, kind: RelationshipType, pr: bool, home: bool) -> None:
    vault.relationships.add(
        Relationship(adult_id=adult, child_id=child, relationship=kind, parental_responsibility=pr, lives_in_home=home)
    )


def _screening(vault: Vault, child: UUID, carer: UUID, ended: date) -> UUID:
    pack = shipped_pack()
    screening = Screening(
        child_id=child,
        carer_id=carer,
        carer_name="Tamsin Ellingham",
        carer_relationship="Mother",
        observed_from=ended - timedelta(days=7),
        observed_to=ended,
        place="Family home",
        practitioner=vault.practitioner,
        pack=pack.ref(),
        sub_areas=[
            SubAreaGrade(area_id=a.id, sub_area_id=s.id, sub_area_name=s.name, grade=3, evidence=f"Seen: {s.name}")
            for a in pack.areas
            for s in a.sub_areas
        ],
        areas=[AreaGrade(area_id=a.id, area_name=a.name, grade=3, rationale=f"Judged: {a.name}") for a in pack.areas],
        signed_off_at=noon_utc(ended),
    )
    return vault.screenings.add(screening).record_id


def _decision(vault: Vault, child: UUID, day: date, level: int) -> UUID:
    guide = shipped_guide()
    decision = ThresholdDecision(
        child_id=child,
        decided=EventDate.on_day(day),
        decided_by=vault.practitioner,
        guide=guide.edition(),
        level=level,
        level_name=guide.level(level).name,
        reasons=f"Level {level}: needs across two domains.",
        consent=Consent.AGREED,
        action=Action.MASH_REFERRAL if level >= 3 else Action.EARLY_HELP,
    )
    return vault.threshold_decisions.add(decision).record_id


def _entry(vault: Vault, child: UUID, day: date, text: str, significance: Significance) -> UUID:
    entry = ChronologyEntry(
        child_id=child,
        happened=EventDate.on_day(day),
        description=text,
        significance=significance,
        recorded_by=vault.practitioner,
    )
    return vault.chronology.add(entry).record_id


def _concern(vault: Vault, children: list[UUID], day: date, account: str, status: ConcernStatus) -> UUID:
    concern = Concern(
        happened=EventDate.on_day(day),
        children=[ConcernChild(child_id=c, roles=frozenset({ChildRole.VICTIM})) for c in children],
        categories=frozenset({ConcernCategory.NEGLECT}),
        recorded_by=vault.practitioner,
        account=account,
        status=status,
    )
    return vault.concerns.add(concern).record_id


def make_family(vault: Vault) -> Family:
    """Add the family and their records to the vault."""
    posy = vault.children.add(
        Child(
            given_names="Posy",
            family_name="Ellingham",
            date_of_birth=date(2019, 5, 1),
            gender="Female",
            address=HOME,
            nhs_number="943 476 5919",
        )
    ).record_id
    rafe = vault.children.add(
        Child(given_names="Rafe", family_name="Ellingham", date_of_birth=date(2021, 9, 3))
    ).record_id
    ivo = vault.children.add(Child(given_names="Ivo", family_name="Pennock", date_of_birth=date(2018, 1, 20))).record_id
    mother = vault.adults.add(Adult(given_names="Tamsin", family_name="Ellingham")).record_id
    father = vault.adults.add(Adult(given_names="Gideon", family_name="Ellingham")).record_id
    grandmother = vault.adults.add(Adult(given_names="Maud", family_name="Pennock")).record_id
    for child in (posy, rafe):
        _link(vault, mother, child, RelationshipType.MOTHER, pr=True, home=True)
        _link(vault, father, child, RelationshipType.FATHER, pr=True, home=False)
    _link(vault, grandmother, posy, RelationshipType.GRANDPARENT, pr=False, home=False)
    _link(vault, grandmother, ivo, RelationshipType.GRANDPARENT, pr=False, home=True)
    vault.status_periods.add(
        StatusPeriod(
            child_id=posy,
            status=ChildStatus.EARLY_HELP,
            start=days_ago(300),
            end=days_ago(120),
            note="Team Around the Family met monthly.",
            end_reason="Closed: family stopped engaging.",
            recorded_by=vault.practitioner,
        )
    )
    return Family(
        posy=posy,
        rafe=rafe,
        ivo=ivo,
        mother=mother,
        father=father,
        grandmother=grandmother,
        recent_concern=_concern(vault, [posy, rafe], days_ago(6), "Came in hungry again.", ConcernStatus.OPEN),
        old_concern=_concern(vault, [posy], days_ago(700), "Head lice untreated.", ConcernStatus.CLOSED),
        recent_significant=_entry(vault, posy, days_ago(30), "Missed the dentist twice.", Significance.SIGNIFICANT),
        recent_background=_entry(vault, posy, days_ago(10), "Changed class teacher.", Significance.BACKGROUND),
        old_significant=_entry(vault, posy, days_ago(500), "Moved house.", Significance.SIGNIFICANT),
        older_screening=_screening(vault, posy, mother, days_ago(200)),
        newer_screening=_screening(vault, posy, mother, days_ago(40)),
        older_decision=_decision(vault, posy, days_ago(150), 2),
        newer_decision=_decision(vault, posy, days_ago(5), 3),
    )


def add_sent_referral(vault: Vault, child: UUID, sent_days_ago: int) -> UUID:
    """A MASH referral of the child sent that many days ago."""
    draft = vault.referrals.add(
        Referral(destination=Destination.MASH, children=[ReferralChild(child_id=child)], referrer=vault.practitioner)
    )
    packet = SentPacket(
        packet_id=f"SGP-{sent_days_ago:04d}",
        sha256="cd" * 32,
        sent_at=noon_utc(days_ago(sent_days_ago)),
        route="Portal",
    )
    sent = draft.data.model_copy(update={"status": ReferralStatus.SENT, "sent": packet})
    vault.referrals.amend(draft.record_id, sent, "Sent")
    return draft.record_id
