"""Body-map marks: what was seen on a child's body, placed on a front or back outline."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from safeguard_desktop.domain.errors import DomainError

__all__ = ["BodyMark", "BodySide", "MarkType"]


class BodySide(StrEnum):
    """Which outline a mark is on."""

    FRONT = "front"
    BACK = "back"

    def label(self) -> str:
        """Return the outline's name."""
        return "Front" if self is BodySide.FRONT else "Back"


class MarkType(StrEnum):
    """What kind of mark was seen."""

    BRUISE = "bruise"
    CUT_OR_GRAZE = "cut_or_graze"
    BURN_OR_SCALD = "burn_or_scald"
    BITE = "bite"
    SCAR = "scar"
    RASH_OR_SKIN = "rash_or_skin"
    SWELLING = "swelling"
    OTHER = "other"

    def label(self) -> str:
        """Return the British-English label."""
        return _MARK_LABELS[self]


_MARK_LABELS = {
    MarkType.BRUISE: "Bruise",
    MarkType.CUT_OR_GRAZE: "Cut or graze",
    MarkType.BURN_OR_SCALD: "Burn or scald",
    MarkType.BITE: "Bite mark",
    MarkType.SCAR: "Scar",
    MarkType.RASH_OR_SKIN: "Rash or skin condition",
    MarkType.SWELLING: "Swelling",
    MarkType.OTHER: "Other",
}


class BodyMark(BaseModel):
    """One mark on the outline. Position is a fraction of the outline's width and height.

    `region` names the body region (a key of the outline's region list), so that a mark
    placed by keyboard and one placed by clicking are described the same way.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    side: BodySide
    x: float = Field(ge=0.0, le=1.0)
    y: float = Field(ge=0.0, le=1.0)
    region: str
    mark_type: MarkType
    size: str = ""
    colour: str = ""
    description: str = ""
    # For a baby: whether they are mobile yet (rolling, crawling, cruising). None when not asked.
    baby_mobile: bool | None = None

    @field_validator("region")
    @classmethod
    def _region(cls, value: str) -> str:
        if not value:
            raise DomainError("Say where on the body the mark is.")
        return value
