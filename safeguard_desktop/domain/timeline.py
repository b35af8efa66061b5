"""How a record shows in a child's chronology and in the "due" list.

Each record kind says this once, in its own `timeline_items()` and `due_items()`; the
storage layer keeps a projection of those items in step with the current version, so the
chronology never needs to know which kinds exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from uuid import UUID

from safeguard_desktop.domain.categories import ConcernCategory, Impact, Significance
from safeguard_desktop.domain.eventdate import EventDate

__all__ = ["DueItem", "Theme", "TimelineItem", "theme_of"]


class Theme(StrEnum):
    """A small set of colour families for the visual timeline.

    Eight at most, so that each can have a colour-blind-safe colour *and* its own marker
    shape for greyscale print.
    """

    ABUSE = "abuse"
    NEGLECT = "neglect"
    EXPLOITATION = "exploitation"
    FAMILY = "family"
    WELLBEING = "wellbeing"
    EDUCATION = "education"
    PROFESSIONAL = "professional"
    OTHER = "other"

    def label(self) -> str:
        """Return the legend text."""
        return _THEME_LABELS[self]


_THEME_LABELS = {
    Theme.ABUSE: "Abuse and harm",
    Theme.NEGLECT: "Neglect",
    Theme.EXPLOITATION: "Exploitation and violence",
    Theme.FAMILY: "Home and family",
    Theme.WELLBEING: "Health and wellbeing",
    Theme.EDUCATION: "Education and attendance",
    Theme.PROFESSIONAL: "Status, meetings and referrals",
    Theme.OTHER: "Other",
}

_C = ConcernCategory
_CATEGORY_THEMES: dict[ConcernCategory, Theme] = {
    _C.PHYSICAL_ABUSE: Theme.ABUSE,
    _C.FABRICATED_OR_INDUCED_ILLNESS: Theme.ABUSE,
    _C.EMOTIONAL_ABUSE: Theme.ABUSE,
    _C.SEXUAL_ABUSE: Theme.ABUSE,
    _C.CHILD_ON_CHILD_ABUSE: Theme.ABUSE,
    _C.BULLYING: Theme.ABUSE,
    _C.HARMFUL_SEXUAL_BEHAVIOUR: Theme.ABUSE,
    _C.SEXUAL_HARASSMENT: Theme.ABUSE,
    _C.NUDE_IMAGE_SHARING: Theme.ABUSE,
    _C.UPSKIRTING: Theme.ABUSE,
    _C.INITIATION_VIOLENCE: Theme.ABUSE,
    _C.HONOUR_BASED_ABUSE: Theme.ABUSE,
    _C.FGM: Theme.ABUSE,
    _C.FORCED_MARRIAGE: Theme.ABUSE,
    _C.NEGLECT: Theme.NEGLECT,
    _C.HOMELESSNESS: Theme.NEGLECT,
    _C.CHILD_SEXUAL_EXPLOITATION: Theme.EXPLOITATION,
    _C.CHILD_CRIMINAL_EXPLOITATION: Theme.EXPLOITATION,
    _C.SERIOUS_VIOLENCE: Theme.EXPLOITATION,
    _C.MODERN_SLAVERY: Theme.EXPLOITATION,
    _C.RADICALISATION: Theme.EXPLOITATION,
    _C.ONLINE_SAFETY: Theme.EXPLOITATION,
    _C.MISSING_FROM_HOME_OR_CARE: Theme.EXPLOITATION,
    _C.DOMESTIC_ABUSE: Theme.FAMILY,
    _C.OPERATION_ENCOMPASS: Theme.FAMILY,
    _C.FAMILY_MEMBER_IN_PRISON: Theme.FAMILY,
    _C.PRIVATE_FOSTERING: Theme.FAMILY,
    _C.MENTAL_HEALTH: Theme.WELLBEING,
    _C.MISSING_FROM_EDUCATION: Theme.EDUCATION,
    _C.ATTENDANCE: Theme.EDUCATION,
    _C.OTHER: Theme.OTHER,
}

_LABEL_THEMES = {category.label().casefold(): theme for category, theme in _CATEGORY_THEMES.items()}

# Manual entries carry free-text categories ("Housing", "School exclusion"). The first word
# found decides, so the timeline groups them with the concerns they sit beside.
_WORD_THEMES: tuple[tuple[str, Theme], ...] = (
    ("neglect", Theme.NEGLECT),
    ("abuse", Theme.ABUSE),
    ("injur", Theme.ABUSE),
    ("exploit", Theme.EXPLOITATION),
    ("missing", Theme.EXPLOITATION),
    ("police", Theme.EXPLOITATION),
    ("offend", Theme.EXPLOITATION),
    ("violence", Theme.EXPLOITATION),
    ("family", Theme.FAMILY),
    ("home", Theme.FAMILY),
    ("housing", Theme.FAMILY),
    ("house", Theme.FAMILY),
    ("parent", Theme.FAMILY),
    ("bereave", Theme.FAMILY),
    ("health", Theme.WELLBEING),
    ("medical", Theme.WELLBEING),
    ("camhs", Theme.WELLBEING),
    ("wellbeing", Theme.WELLBEING),
    ("education", Theme.EDUCATION),
    ("school", Theme.EDUCATION),
    ("attendance", Theme.EDUCATION),
    ("exclusion", Theme.EDUCATION),
    ("status", Theme.PROFESSIONAL),
    ("meeting", Theme.PROFESSIONAL),
    ("conference", Theme.PROFESSIONAL),
    ("referral", Theme.PROFESSIONAL),
    ("plan", Theme.PROFESSIONAL),
    ("professional", Theme.PROFESSIONAL),
)


def theme_of(categories: list[ConcernCategory] | str) -> Theme:
    """The colour family for concern categories (the first one decides) or a free-text category."""
    if isinstance(categories, str):
        text = categories.strip().casefold()
        if text in _LABEL_THEMES:
            return _LABEL_THEMES[text]
        return next((theme for word, theme in _WORD_THEMES if word in text), Theme.OTHER)
    return _CATEGORY_THEMES[categories[0]] if categories else Theme.OTHER


@dataclass(frozen=True)
class TimelineItem:
    """One row of one child's chronology, as a record kind chooses to show it."""

    child_id: UUID
    happened: EventDate
    # Display labels; a record with several categories lists them all.
    categories: tuple[str, ...]
    summary: str
    theme: Theme = Theme.OTHER
    significance: Significance = Significance.SIGNIFICANT
    impact: Impact = Impact.NEGATIVE
    # Where the information came from, without staff names (it stays in external exports).
    source: str = ""
    # The member of staff who recorded it: removed from external exports.
    recorded_by: str = ""
    # The child's part in it, e.g. "Victim or subject; Witness", when the record says.
    role: str = ""


@dataclass(frozen=True)
class DueItem:
    """Something a record asks to be done or looked at again by a date."""

    due: date
    what: str
    child_id: UUID | None = None
