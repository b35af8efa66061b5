"""Controlled vocabularies: concern categories, roles, statuses and relationships."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "CATEGORY_LABELS",
    "ChildRole",
    "ConcernCategory",
    "ConcernStatus",
    "Impact",
    "InformedParty",
    "RelationshipType",
    "Significance",
]


class ConcernCategory(StrEnum):
    """Kinds of concern about a child, after Keeping Children Safe in Education.

    Allegations against staff are deliberately absent: they are kept in separate files,
    never in a child's record.
    """

    PHYSICAL_ABUSE = "physical_abuse"
    FABRICATED_OR_INDUCED_ILLNESS = "fabricated_or_induced_illness"
    EMOTIONAL_ABUSE = "emotional_abuse"
    SEXUAL_ABUSE = "sexual_abuse"
    NEGLECT = "neglect"
    DOMESTIC_ABUSE = "domestic_abuse"
    CHILD_SEXUAL_EXPLOITATION = "child_sexual_exploitation"
    CHILD_CRIMINAL_EXPLOITATION = "child_criminal_exploitation"
    SERIOUS_VIOLENCE = "serious_violence"
    CHILD_ON_CHILD_ABUSE = "child_on_child_abuse"
    BULLYING = "bullying"
    HARMFUL_SEXUAL_BEHAVIOUR = "harmful_sexual_behaviour"
    SEXUAL_HARASSMENT = "sexual_harassment"
    NUDE_IMAGE_SHARING = "nude_image_sharing"
    UPSKIRTING = "upskirting"
    INITIATION_VIOLENCE = "initiation_violence"
    ONLINE_SAFETY = "online_safety"
    RADICALISATION = "radicalisation"
    HONOUR_BASED_ABUSE = "honour_based_abuse"
    FGM = "fgm"
    FORCED_MARRIAGE = "forced_marriage"
    MODERN_SLAVERY = "modern_slavery"
    MENTAL_HEALTH = "mental_health"
    MISSING_FROM_EDUCATION = "missing_from_education"
    MISSING_FROM_HOME_OR_CARE = "missing_from_home_or_care"
    PRIVATE_FOSTERING = "private_fostering"
    HOMELESSNESS = "homelessness"
    FAMILY_MEMBER_IN_PRISON = "family_member_in_prison"
    OPERATION_ENCOMPASS = "operation_encompass"
    ATTENDANCE = "attendance"
    OTHER = "other"

    def label(self) -> str:
        """Return the category's British-English label."""
        return CATEGORY_LABELS[self]

    def is_child_on_child(self) -> bool:
        """Say whether this is child-on-child abuse or one of its kinds."""
        return self in _CHILD_ON_CHILD


CATEGORY_LABELS: dict[ConcernCategory, str] = {
    ConcernCategory.PHYSICAL_ABUSE: "Physical abuse",
    ConcernCategory.FABRICATED_OR_INDUCED_ILLNESS: "Fabricated or induced illness",
    ConcernCategory.EMOTIONAL_ABUSE: "Emotional abuse",
    ConcernCategory.SEXUAL_ABUSE: "Sexual abuse",
    ConcernCategory.NEGLECT: "Neglect",
    ConcernCategory.DOMESTIC_ABUSE: "Domestic abuse",
    ConcernCategory.CHILD_SEXUAL_EXPLOITATION: "Child sexual exploitation",
    ConcernCategory.CHILD_CRIMINAL_EXPLOITATION: "Child criminal exploitation and county lines",
    ConcernCategory.SERIOUS_VIOLENCE: "Serious violence",
    ConcernCategory.CHILD_ON_CHILD_ABUSE: "Child-on-child abuse",
    ConcernCategory.BULLYING: "Bullying and cyberbullying",
    ConcernCategory.HARMFUL_SEXUAL_BEHAVIOUR: "Harmful sexual behaviour",
    ConcernCategory.SEXUAL_HARASSMENT: "Sexual harassment",
    ConcernCategory.NUDE_IMAGE_SHARING: "Sharing nude or semi-nude images",
    ConcernCategory.UPSKIRTING: "Upskirting",
    ConcernCategory.INITIATION_VIOLENCE: "Initiation or hazing violence",
    ConcernCategory.ONLINE_SAFETY: "Online safety",
    ConcernCategory.RADICALISATION: "Radicalisation (Prevent)",
    ConcernCategory.HONOUR_BASED_ABUSE: "So-called honour-based abuse",
    ConcernCategory.FGM: "Female genital mutilation (FGM)",
    ConcernCategory.FORCED_MARRIAGE: "Forced marriage",
    ConcernCategory.MODERN_SLAVERY: "Modern slavery and trafficking",
    ConcernCategory.MENTAL_HEALTH: "Mental health and self-harm",
    ConcernCategory.MISSING_FROM_EDUCATION: "Absent or missing from education",
    ConcernCategory.MISSING_FROM_HOME_OR_CARE: "Missing from home or care",
    ConcernCategory.PRIVATE_FOSTERING: "Private fostering",
    ConcernCategory.HOMELESSNESS: "Homelessness",
    ConcernCategory.FAMILY_MEMBER_IN_PRISON: "Family member in prison",
    ConcernCategory.OPERATION_ENCOMPASS: "Operation Encompass notification",
    ConcernCategory.ATTENDANCE: "Attendance",
    ConcernCategory.OTHER: "Other",
}

_CHILD_ON_CHILD = frozenset(
    {
        ConcernCategory.CHILD_ON_CHILD_ABUSE,
        ConcernCategory.BULLYING,
        ConcernCategory.HARMFUL_SEXUAL_BEHAVIOUR,
        ConcernCategory.SEXUAL_HARASSMENT,
        ConcernCategory.NUDE_IMAGE_SHARING,
        ConcernCategory.UPSKIRTING,
        ConcernCategory.INITIATION_VIOLENCE,
    }
)


class _Labelled(StrEnum):
    """A StrEnum whose members carry a display label in ``_LABELS``."""

    def label(self) -> str:
        """Return the British-English label shown to practitioners."""
        return _LABELS[type(self)][self]


class ChildRole(_Labelled):
    """A child's part in a concern (KCSIE's words); a child can hold several."""

    VICTIM = "victim"
    ALLEGED_PERPETRATOR = "alleged_perpetrator"
    WITNESS = "witness"
    OTHER = "other"


class ConcernStatus(_Labelled):
    """Where a concern stands."""

    OPEN = "open"
    MONITORING = "monitoring"
    REFERRED = "referred"
    CLOSED = "closed"


class RelationshipType(_Labelled):
    """How an adult is related to a child."""

    MOTHER = "mother"
    FATHER = "father"
    PARENT = "parent"
    STEP_PARENT = "step_parent"
    PARTNER_OF_PARENT = "partner_of_parent"
    GRANDPARENT = "grandparent"
    SIBLING = "sibling"
    CARER = "carer"
    OTHER = "other"


class Impact(_Labelled):
    """The effect of a chronology event on the child."""

    POSITIVE = "positive"
    NEGATIVE = "negative"
    NEUTRAL = "neutral"


class Significance(_Labelled):
    """Whether a chronology event is significant or background context."""

    SIGNIFICANT = "significant"
    BACKGROUND = "background"


class InformedParty(_Labelled):
    """Who was told about a concern."""

    PARENT_OR_CARER = "parent_or_carer"
    DSL = "dsl"
    POLICE = "police"
    SOCIAL_CARE = "social_care"
    MASH = "mash"
    LCSS = "lcss"
    OTHER = "other"


# Keyed by enum class first: StrEnum members are strings, so ChildRole.OTHER and
# RelationshipType.OTHER are equal and would collide as keys of a single table.
_LABELS: dict[type[_Labelled], dict[str, str]] = {
    ChildRole: {
        ChildRole.VICTIM: "Victim or subject",
        ChildRole.ALLEGED_PERPETRATOR: "Alleged perpetrator",
        ChildRole.WITNESS: "Witness",
        ChildRole.OTHER: "Other",
    },
    ConcernStatus: {
        ConcernStatus.OPEN: "Open",
        ConcernStatus.MONITORING: "Monitoring",
        ConcernStatus.REFERRED: "Referred",
        ConcernStatus.CLOSED: "Closed",
    },
    RelationshipType: {
        RelationshipType.MOTHER: "Mother",
        RelationshipType.FATHER: "Father",
        RelationshipType.PARENT: "Parent",
        RelationshipType.STEP_PARENT: "Step-parent",
        RelationshipType.PARTNER_OF_PARENT: "Partner of a parent",
        RelationshipType.GRANDPARENT: "Grandparent",
        RelationshipType.SIBLING: "Sibling",
        RelationshipType.CARER: "Carer",
        RelationshipType.OTHER: "Other",
    },
    Impact: {
        Impact.POSITIVE: "Positive",
        Impact.NEGATIVE: "Negative",
        Impact.NEUTRAL: "Neutral",
    },
    Significance: {
        Significance.SIGNIFICANT: "Significant",
        Significance.BACKGROUND: "Background",
    },
    InformedParty: {
        InformedParty.PARENT_OR_CARER: "Parent or carer",
        InformedParty.DSL: "Designated Safeguarding Lead",
        InformedParty.POLICE: "Police",
        InformedParty.SOCIAL_CARE: "Children's social care",
        InformedParty.MASH: "MASH",
        InformedParty.LCSS: "LCSS",
        InformedParty.OTHER: "Other",
    },
}
