"""A referral to the MASH, or a consultation with LCSS: what the referrer answered, and what followed.

The record holds the referrer's answers and references to the records they chose (concerns,
chronology rows, screenings, the threshold decision, attachments). The child's and adults'
details are read from their own records when a packet is made, and the packet itself, kept
in the vault when sent, is the exact record of what was shared.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import ClassVar, Self
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from safeguard_desktop.domain.categories import Impact, Significance
from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.records import Record, join_words
from safeguard_desktop.domain.timeline import DueItem, Theme, TimelineItem
from safeguard_desktop.domain.ukdates import format_date, to_uk

__all__ = [
    "DECISION_DAYS",
    "ChronologyPick",
    "ConsentAnswer",
    "ConsentReason",
    "Destination",
    "LcssAdvice",
    "MashDecision",
    "NotKnown",
    "NotKnownField",
    "PhoneCall",
    "Referral",
    "ReferralChild",
    "ReferralStatus",
    "SentPacket",
    "Tristate",
    "working_days_after",
]

# Working days within which the MASH is expected to tell a professional referrer its
# decision; after this the Due list asks the referrer to chase it, then to escalate.
DECISION_DAYS = 3


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Destination(StrEnum):
    """Where the referral or consultation goes."""

    MASH = "mash"
    LCSS_NAMED = "lcss_named"
    LCSS_NO_NAMES = "lcss_no_names"

    def label(self) -> str:
        """Return the destination as practitioners name it."""
        return {
            Destination.MASH: "MASH referral",
            Destination.LCSS_NAMED: "LCSS: request for Early Help support (named)",
            Destination.LCSS_NO_NAMES: "LCSS: no-names consultation",
        }[self]


class ReferralStatus(StrEnum):
    """Where the referral is in its life."""

    DRAFT = "draft"
    SENT = "sent"
    OUTCOME = "outcome"

    def label(self) -> str:
        """Return the status in words."""
        return {ReferralStatus.DRAFT: "Draft", ReferralStatus.SENT: "Sent", ReferralStatus.OUTCOME: "Outcome recorded"}[
            self
        ]


class Tristate(StrEnum):
    """An answer that may honestly be "not known"."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"

    def label(self) -> str:
        """Return Yes, No or Not known."""
        return {Tristate.YES: "Yes", Tristate.NO: "No", Tristate.UNKNOWN: "Not known"}[self]


class PhoneCall(_Part):
    """A call made before or instead of a written referral: 999, or the MASH for a same-day response."""

    called_at: datetime  # UTC
    spoke_to: str = Field(min_length=1)
    advice: str = ""
    reference: str = ""


class ReferralChild(_Part):
    """One child referred, with what the MASH asks first about them."""

    child_id: UUID
    safe_tonight: Tristate = Tristate.UNKNOWN
    where_now: str = ""


class ConsentReason(StrEnum):
    """Why a parent or carer was not asked, or did not agree."""

    INCREASE_RISK = "increase_risk"
    NOT_CONTACTABLE = "not_contactable"
    REFUSED = "refused"
    OTHER = "other"

    def label(self) -> str:
        """Return the reason as the referral states it."""
        return {
            ConsentReason.INCREASE_RISK: "Seeking consent would increase the risk to the child",
            ConsentReason.NOT_CONTACTABLE: "Could not be contacted",
            ConsentReason.REFUSED: "Asked and did not agree",
            ConsentReason.OTHER: "Other (see note)",
        }[self]


class ConsentAnswer(_Part):
    """For one parent or carer with parental responsibility: aware, consented, and if not, why not.

    A practice question recorded as it stands: sharing to protect a child does not need consent.
    """

    adult_id: UUID
    aware: Tristate = Tristate.UNKNOWN
    consented: Tristate = Tristate.UNKNOWN
    reason_not: ConsentReason | None = None
    note: str = ""


class NotKnownField(StrEnum):
    """A detail of a child's record that may honestly be unknown when a referral must go."""

    ADDRESS = "address"
    NHS_NUMBER = "nhs_number"  # the NHS number or the UPN: either identifies the child
    GENDER = "gender"
    PARENTAL_RESPONSIBILITY = "parental_responsibility"

    def label(self) -> str:
        """Return the detail as the referral names it."""
        return {
            NotKnownField.ADDRESS: "Address",
            NotKnownField.NHS_NUMBER: "NHS number and UPN",
            NotKnownField.GENDER: "Gender",
            NotKnownField.PARENTAL_RESPONSIBILITY: "Who has parental responsibility",
        }[self]


class NotKnown(_Part):
    """The referrer's statement that a child's detail is not known, and why (sent with the referral)."""

    child_id: UUID
    field: NotKnownField
    reason: str = Field(min_length=1)


class ChronologyPick(_Part):
    """One chronology row chosen for the excerpt: the record it comes from and its item number."""

    record_id: UUID
    item: int = 0


class SentPacket(_Part):
    """The packet that recorded what was sent: its id, its digest and where the copy is kept."""

    packet_id: str = Field(min_length=1)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    sent_at: datetime  # UTC
    route: str = Field(min_length=1, description="How it went: MASH portal, secure email, upload…")
    portal_reference: str = ""
    # The packet's bytes, kept in the vault as an attachment of the referral.
    attachment_id: UUID | None = None
    encrypted_to: str = ""  # the recipient certificate's fingerprint, when encrypted


class MashDecision(_Part):
    """What the MASH decided, recorded when it tells the referrer."""

    received_on: date
    outcome: str = Field(min_length=1)
    reference: str = ""
    next_steps: str = ""


class LcssAdvice(_Part):
    """The advice given in an LCSS consultation, and what the practitioner did with it."""

    given_on: date
    adviser: str = ""
    advice: str = Field(min_length=1)
    outcome: str = ""


class Referral(Record):
    """A referral or consultation: draft, then sent, then outcome. Versioned like every record."""

    KIND: ClassVar[str] = "referral"

    destination: Destination
    status: ReferralStatus = ReferralStatus.DRAFT
    children: list[ReferralChild] = Field(min_length=1)
    # The referrer's part when it cannot wait: 999 for immediate danger, the MASH by phone
    # for a response today. The MASH rates the enquiry; the referrer records the call.
    immediate_danger: bool = False
    police_call: PhoneCall | None = None
    response_today: bool = False
    mash_call: PhoneCall | None = None
    risk_to_visitors: str = ""
    mental_health: Tristate = Tristate.UNKNOWN
    substance_misuse: Tristate = Tristate.UNKNOWN
    domestic_abuse: Tristate = Tristate.UNKNOWN
    parental_factors_note: str = ""
    concern_ids: list[UUID] = Field(default_factory=list)
    chronology: list[ChronologyPick] = Field(default_factory=list)
    screening_ids: list[UUID] = Field(default_factory=list)
    decision_id: UUID | None = None
    early_help: str = ""
    consents: list[ConsentAnswer] = Field(default_factory=list)
    family_told: str = ""
    family_response: str = ""
    child_voice: str = ""
    referrer_wants: str = ""
    referrer: Practitioner
    attachment_ids: list[UUID] = Field(default_factory=list)
    # Details of a child's record stated as not known (with why), so a gap that cannot be
    # filled does not stop a referral; the packet says so.
    not_known: list[NotKnown] = Field(default_factory=list)
    # After sending.
    sent: SentPacket | None = None
    decision_due: date | None = None
    mash_decision: MashDecision | None = None
    lcss_advice: LcssAdvice | None = None
    escalation: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        ids = [child.child_id for child in self.children]
        if len(set(ids)) != len(ids):
            raise DomainError("Each child is referred once.")
        if self.status is not ReferralStatus.DRAFT and self.sent is None:
            raise DomainError("A referral is marked sent only with the packet that recorded it.")
        if self.mash_decision is not None and self.status is not ReferralStatus.OUTCOME:
            raise DomainError("Recording the MASH's decision records the outcome.")
        stated = [(n.child_id, n.field) for n in self.not_known]
        if len(set(stated)) != len(stated):
            raise DomainError("Each detail is stated as not known once.")
        if any(n.child_id not in ids for n in self.not_known):
            raise DomainError("A detail stated as not known belongs to a child referred.")
        for answer in self.consents:
            if answer.consented is Tristate.NO and answer.reason_not is None:
                raise DomainError("Say why consent was not given or not sought.")
        return self

    @property
    def child_ids(self) -> list[UUID]:
        """Return the children referred, in the order given."""
        return [child.child_id for child in self.children]

    def not_known_of(self, child_id: UUID) -> dict[NotKnownField, str]:
        """Return the details stated as not known for one child, each with its reason."""
        return {n.field: n.reason for n in self.not_known if n.child_id == child_id}

    def title(self) -> str:
        """Return e.g. "MASH referral (sent 12/03/2026)"."""
        when = f" (sent {format_date(to_uk(self.sent.sent_at).date())})" if self.sent else f" ({self.status.label()})"
        return f"{self.destination.label()}{when}"

    def search_text(self) -> str:
        """Return the words the full-text index should find this referral by."""
        return join_words(
            "referral",
            self.destination.label(),
            self.risk_to_visitors,
            self.parental_factors_note,
            self.early_help,
            self.family_told,
            self.family_response,
            self.child_voice,
            self.referrer_wants,
            " ".join(child.where_now for child in self.children),
            self.sent.packet_id if self.sent else "",
            self.sent.portal_reference if self.sent else "",
            self.mash_decision.outcome if self.mash_decision else "",
            self.lcss_advice.advice if self.lcss_advice else "",
            self.referrer.name,
        )

    def linked_child_ids(self) -> set[UUID]:
        """Return every child referred."""
        return set(self.child_ids)

    def linked_adult_ids(self) -> set[UUID]:
        """Return the parents and carers whose consent is recorded."""
        return {answer.adult_id for answer in self.consents}

    def timeline_items(self) -> list[TimelineItem]:
        """The sending (with the packet's id and hash) and the outcome, in each child's chronology."""
        events: list[tuple[EventDate, str, str, str]] = []  # when, category, summary, source
        if self.sent is not None:
            sent = self.sent
            summary = f"{self.destination.label()} sent by {sent.route}. Packet {sent.packet_id}, "
            summary += f"SHA-256 {sent.sha256}."
            events.append((EventDate.exact(sent.sent_at), "Referral", summary, "Referral"))
        if self.mash_decision is not None:
            decision = self.mash_decision
            summary = f"MASH decision: {decision.outcome} {decision.next_steps}".strip()
            events.append((EventDate.on_day(decision.received_on), "Referral outcome", summary, "MASH"))
        if self.lcss_advice is not None:
            advice = self.lcss_advice
            summary = f"LCSS advice: {advice.advice} {advice.outcome}".strip()
            events.append((EventDate.on_day(advice.given_on), "LCSS consultation", summary, "LCSS"))
        return [
            TimelineItem(
                child_id=child,
                happened=when,
                categories=(category,),
                summary=summary,
                theme=Theme.PROFESSIONAL,
                significance=Significance.SIGNIFICANT,
                impact=Impact.NEUTRAL,
                source=source,
                recorded_by=self.referrer.name,
            )
            for child in self.child_ids
            for when, category, summary, source in events
        ]

    def due_items(self) -> list[DueItem]:
        """A sent MASH referral whose decision has not come asks to be chased, then escalated."""
        if self.destination is not Destination.MASH or self.sent is None or self.mash_decision is not None:
            return []
        due = self.decision_due or working_days_after(to_uk(self.sent.sent_at).date(), DECISION_DAYS)
        what = (
            "MASH decision not yet recorded: chase it, and if it does not come, escalate under the "
            "partnership's policy for resolving professional disagreements"
        )
        return [DueItem(due=due, what=what, child_id=child) for child in self.child_ids]


def working_days_after(start: date, days: int) -> date:
    """Return the date `days` working days (Monday to Friday) after `start`."""
    day = start
    left = days
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day
