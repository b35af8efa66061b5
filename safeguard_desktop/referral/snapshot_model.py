"""The structured referral document's models (format version 1): what `referral.json` holds.

See `snapshot.build_document` for how a document is read from the vault, and
`referral.schema` for the published JSON Schema generated from these models.
"""

from __future__ import annotations

import json
from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from safeguard_desktop.domain.people import Address
from safeguard_desktop.domain.ukdates import UtcDatetime
from safeguard_desktop.referral.model import PhoneCall

__all__ = [
    "FORMAT_VERSION",
    "AddressDoc",
    "AdultDoc",
    "AdultLinkDoc",
    "AreaDoc",
    "AttachmentDoc",
    "CallDoc",
    "ChildDoc",
    "ChronologyRowDoc",
    "ConcernChildDoc",
    "ConcernDoc",
    "ConsentDoc",
    "DecisionDoc",
    "IndicatorDoc",
    "NotKnownDoc",
    "ProfessionalDoc",
    "ReferralDocument",
    "ReferrerDoc",
    "ScreeningDoc",
    "StatementDoc",
    "StatusDoc",
    "canonical_json",
]

FORMAT_VERSION = 1


class _Doc(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AddressDoc(_Doc):
    """A postal address as recorded."""

    lines: list[str]
    town: str
    postcode: str | None

    @classmethod
    def of(cls, address: Address | None) -> AddressDoc | None:
        """The address, or None when none is recorded."""
        return None if address is None else cls(lines=address.lines, town=address.town, postcode=address.postcode)

    def one_line(self) -> str:
        """The address on one line, parts separated by commas."""
        return ", ".join([*self.lines, *(p for p in (self.town, self.postcode) if p)])


class StatusDoc(_Doc):
    """A statutory status the child holds on the day the referral is made."""

    status: str
    since: date
    note: str


class NotKnownDoc(_Doc):
    """A detail of the child the referrer stated as not known, and why."""

    field: str = Field(description="address, nhs_number (NHS number and UPN), gender or parental_responsibility")
    label: str
    reason: str


class ChildDoc(_Doc):
    """One child referred: every detail the MASH asks for, and where they are now."""

    child_id: UUID
    name: str
    given_names: str
    family_name: str
    other_names: list[str]
    date_of_birth: date | None
    expected_delivery: date | None
    age_status: str = Field(description="known, assessed or disputed")
    assessed_age_note: str
    gender: str
    ethnicity: str
    religion: str
    first_language: str
    interpreter_needed: bool
    disability_send: str
    address: AddressDoc | None
    gp: str
    school_or_setting: str
    upn: str | None
    nhs_number: str | None = Field(description="10 digits, no spaces")
    current_status: list[StatusDoc]
    safe_tonight: str = Field(description="yes, no or unknown")
    where_now: str
    not_known: list[NotKnownDoc] = Field(
        default_factory=list, description="Details the record lacks, stated by the referrer as not known"
    )


class AdultLinkDoc(_Doc):
    """How an adult is related to one referred child."""

    child_id: UUID
    relationship: str
    parental_responsibility: bool
    lives_in_home: bool


class AdultDoc(_Doc):
    """A household member or significant adult, with the history police checks need."""

    adult_id: UUID
    name: str
    given_names: str
    family_name: str
    aliases: list[str]
    date_of_birth: date | None
    gender: str
    phone: str
    current_address: AddressDoc | None
    previous_addresses: list[AddressDoc]
    relationships: list[AdultLinkDoc]


class ProfessionalDoc(_Doc):
    """Another professional involved with a referred child."""

    child_id: UUID
    name: str
    role: str
    organisation: str
    phone: str
    email: str


class CallDoc(_Doc):
    """A call made before the written referral: 999, or the MASH for a response today."""

    called_at: UtcDatetime
    spoke_to: str
    advice: str
    reference: str

    @classmethod
    def of(cls, call: PhoneCall | None) -> CallDoc | None:
        """The call, or None when none was recorded."""
        if call is None:
            return None
        return cls(called_at=call.called_at, spoke_to=call.spoke_to, advice=call.advice, reference=call.reference)


class ConcernChildDoc(_Doc):
    """A child named in a concern and the part they played."""

    child_id: UUID
    roles: list[str]


class ConcernDoc(_Doc):
    """A concern chosen for the referral, as recorded."""

    concern_id: UUID
    happened: str = Field(description="as precisely as known, UK format")
    categories: list[str]
    children: list[ConcernChildDoc]
    reported_by: str
    recorded_by: str
    account: str
    child_words: str
    action_taken: str
    status: str


class ChronologyRowDoc(_Doc):
    """One row of the chronology excerpt."""

    record_id: UUID
    item: int
    date: str
    categories: list[str]
    summary: str
    role: str
    significance: str
    impact: str
    source: str
    recorded_by: str


class AreaDoc(_Doc):
    """One area's grade in a screening."""

    area: str
    grade: int


class ScreeningDoc(_Doc):
    """A signed-off screening: its area grades and the plain-text summary for records."""

    screening_id: UUID
    child_id: UUID
    period: str
    tool: str
    carer_name: str
    areas: list[AreaDoc]
    summary: str


class IndicatorDoc(_Doc):
    """An indicator the practitioner chose in the threshold decision."""

    domain: str
    level: int
    text: str
    evidence: str


class DecisionDoc(_Doc):
    """The threshold decision: the level judged, why, and the guide edition that informed it."""

    decision_id: UUID
    child_id: UUID
    decided: str
    decided_by: str
    level: int
    level_name: str
    reasons: str
    action: str
    indicators: list[IndicatorDoc]
    guide: str = Field(description="the edition's citation")
    guide_digest: str


class ConsentDoc(_Doc):
    """Consent for one parent or carer: aware, consented, and if not, why not."""

    adult_id: UUID
    name: str
    parental_responsibility: bool
    aware: str = Field(description="yes, no or unknown")
    consented: str = Field(description="yes, no or unknown")
    reason_not: str | None
    reason_not_text: str
    note: str


class StatementDoc(_Doc):
    """A person's statement that they disagree with a record the referral includes, in their words."""

    record_id: UUID
    about: str = Field(description="the disputed record, as titled in the vault")
    heading: str = Field(description="who disagrees and when the statement was received, in words")
    made_by: str
    received: date
    text: str


class ReferrerDoc(_Doc):
    """Who made the referral and how to reach them."""

    name: str
    role: str
    organisation: str
    contact: str


class AttachmentDoc(_Doc):
    """A file sent with the referral."""

    attachment_id: UUID
    filename: str
    media_type: str
    size: int
    sha256: str
    description: str


class ReferralDocument(_Doc):
    """The structured referral as sent (format version 1)."""

    format_version: int = FORMAT_VERSION
    referral_id: UUID
    version_id: UUID
    destination: str = Field(description="mash, lcss_named or lcss_no_names")
    destination_label: str
    created: UtcDatetime
    children: list[ChildDoc]
    adults: list[AdultDoc]
    professionals: list[ProfessionalDoc]
    immediate_danger: bool
    police_call: CallDoc | None
    response_today: bool
    mash_call: CallDoc | None
    risk_to_visitors: str
    mental_health: str
    substance_misuse: str
    domestic_abuse: str
    parental_factors_note: str
    concerns: list[ConcernDoc]
    chronology: list[ChronologyRowDoc]
    screenings: list[ScreeningDoc]
    decision: DecisionDoc | None
    early_help: str
    consents: list[ConsentDoc]
    family_told: str
    family_response: str
    child_voice: str
    referrer_wants: str
    referrer: ReferrerDoc
    attachments: list[AttachmentDoc]
    statements: list[StatementDoc] = Field(
        default_factory=list, description="Statements of disagreement with the records included; they travel with them"
    )
    restricted_left_out: int = Field(
        default=0, description="How many chosen records were left out because they are restricted while disputed"
    )
    moved_left_out: int = Field(
        default=0,
        description=(
            "How many chosen records were left out because they are no longer filed under the referred children"
        ),
    )

    def child_name(self, child_id: UUID) -> str:
        """The name of a referred child, or "" when the id is not one of them."""
        return next((c.name for c in self.children if c.child_id == child_id), "")

    def adult(self, adult_id: UUID) -> AdultDoc | None:
        """The adult with this id, if listed."""
        return next((a for a in self.adults if a.adult_id == adult_id), None)


def canonical_json(document: ReferralDocument) -> bytes:
    """The document as canonical JSON: sorted keys, no spaces, UTF-8, so equal content gives equal bytes."""
    data = document.model_dump(mode="json")
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
