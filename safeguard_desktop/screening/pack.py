"""A screening pack: the areas and sub-areas a screening grades, and what each grade means.

The structure is content, not code, so that the county's newer screening tool, or a licensed
organisation's own GCP2 descriptors, load in the same format. GCP2's own item descriptors
are licensed by the NSPCC and are never shipped: the shipped pack carries our own short
prompts (what to look at), and `descriptors` stay empty until a licensed pack fills them.
"""

from __future__ import annotations

import hashlib
import json
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from safeguard_desktop.assets import resource

__all__ = ["GRADES", "SHIPPED_PACK", "Area", "GradeMeaning", "PackRef", "ScreeningPack", "SubArea", "shipped_pack"]

# Grades run from 1 (best) to 5 (worst) in GCP2 and in the tools that mirror it.
GRADES = (1, 2, 3, 4, 5)


class _Content(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class GradeMeaning(_Content):
    """What a grade means in general terms, shown beside every grading control."""

    grade: int = Field(ge=1, le=5)
    label: str = Field(min_length=1, description="A few words, e.g. 'All needs met'.")
    meaning: str = Field(min_length=1, description="One or two sentences in plain words.")


class SubArea(_Content):
    """One thing graded within an area, with what to look at."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)
    prompt: str = Field(min_length=1, description="What to look at: the app's own words, or a licensed pack's.")
    # Licensed packs only: the descriptor for each grade, keyed "1".."5".
    descriptors: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _descriptors(self) -> Self:
        unknown = sorted(set(self.descriptors) - {str(g) for g in GRADES})
        if unknown:
            raise ValueError(f"sub-area '{self.id}' has descriptors for grades {unknown}; grades are 1 to 5")
        return self


class Area(_Content):
    """One of the areas of care (GCP2 has four, after Maslow)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)
    also_called: str = Field(default="", description="Another name the training uses, e.g. 'love and belonging'.")
    sub_areas: list[SubArea] = Field(min_length=1)


class ScreeningPack(_Content):
    """A whole screening structure. Every ID is unique; every grade 1 to 5 has a meaning."""

    format: Literal[1] = Field(description="The pack format version.")
    pack_id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="A pack replaces only a pack with this ID.")
    tool: str = Field(min_length=1, description="The tool's name, e.g. 'GCP2 neglect screening'.")
    title: str = Field(min_length=1)
    edition: str = Field(min_length=1, description="The pack's own edition, e.g. '2026.1'.")
    publisher: str = Field(min_length=1)
    licence: str = Field(min_length=1, description="Whose words these are and on what terms; shown on the form.")
    grade_meanings: list[GradeMeaning]
    areas: list[Area] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problems: list[str] = []
        grades = sorted(meaning.grade for meaning in self.grade_meanings)
        if grades != list(GRADES):
            problems.append(f"grade_meanings must give each grade 1 to 5 once, not {grades}")
        seen: set[str] = set()
        for area in self.areas:
            for item in (area.id, *(sub.id for sub in area.sub_areas)):
                if item in seen:
                    problems.append(f"the ID '{item}' is used twice")
                seen.add(item)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def meaning(self, grade: int) -> GradeMeaning:
        """Return what a grade means in this pack."""
        return next(m for m in self.grade_meanings if m.grade == grade)

    def area(self, area_id: str) -> Area:
        """Return an area by ID (KeyError if absent)."""
        for area in self.areas:
            if area.id == area_id:
                return area
        raise KeyError(area_id)

    def sub_area(self, sub_area_id: str) -> tuple[Area, SubArea]:
        """Return a sub-area and its area by the sub-area's ID (KeyError if absent)."""
        for area in self.areas:
            for sub in area.sub_areas:
                if sub.id == sub_area_id:
                    return area, sub
        raise KeyError(sub_area_id)

    @property
    def licensed(self) -> bool:
        """True when the pack carries grade descriptors (only licensed packs may)."""
        return any(sub.descriptors for area in self.areas for sub in area.sub_areas)

    def canonical_bytes(self) -> bytes:
        """Return the pack as canonical JSON, the bytes its digest is taken over."""
        data = self.model_dump(mode="json")
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")

    def ref(self) -> PackRef:
        """Return the reference a screening keeps to the pack it used."""
        return PackRef(
            pack_id=self.pack_id,
            tool=self.tool,
            title=self.title,
            edition=self.edition,
            digest=hashlib.sha256(self.canonical_bytes()).hexdigest(),
        )

    @classmethod
    def from_json(cls, raw: bytes | str) -> ScreeningPack:
        """Parse and validate a pack (pydantic's ValidationError on any problem)."""
        return cls.model_validate_json(raw)


class PackRef(_Content):
    """Which pack a screening used, with the digest of its exact content."""

    pack_id: str
    tool: str
    title: str
    edition: str
    digest: str = Field(pattern=r"^[0-9a-f]{64}$")

    def citation(self) -> str:
        """Return e.g. "GCP2 neglect screening: structure and prompts, edition 2026.1"."""
        return f"{self.title}, edition {self.edition}"


SHIPPED_PACK = ("screening", "gcp2-structure.json")


def shipped_pack() -> ScreeningPack:
    """Return the structure and prompts shipped with the app (our own words, no licensed text)."""
    return ScreeningPack.from_json(resource(*SHIPPED_PACK).read_bytes())
