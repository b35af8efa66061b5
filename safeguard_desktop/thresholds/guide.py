"""The threshold guide's content model: levels, domains, indicators and routes.

The partnership revises its guide from time to time and may rename its levels, so nothing
here names a level or an indicator: all of that is content, validated by this model and
published as a JSON Schema under `docs/`. The only fixed vocabulary is the set of actions a
practitioner can record, because the app behaves differently for each (a MASH referral
starts the referral wizard; a no-names consultation strips identifiers).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from enum import StrEnum
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from safeguard_desktop.domain.ukdates import format_date

__all__ = [
    "FORMAT_VERSION",
    "Action",
    "Area",
    "CumulativeHint",
    "Domain",
    "GuideEdition",
    "Indicator",
    "Level",
    "Route",
    "Source",
    "ThresholdGuide",
]

FORMAT_VERSION = 1


class Action(StrEnum):
    """What a practitioner decides to do; each route in the guide leads to one of these."""

    NO_FURTHER_ACTION = "no_further_action"
    UNIVERSAL = "universal"
    EARLY_HELP = "early_help"
    LCSS_CONSULTATION = "lcss_consultation"
    MASH_REFERRAL = "mash_referral"
    POLICE_999 = "police_999"
    LADO = "lado"

    def label(self) -> str:
        """Return the action as the practitioner reads it."""
        return _ACTION_LABELS[self]


_ACTION_LABELS = {
    Action.NO_FURTHER_ACTION: "No further action",
    Action.UNIVERSAL: "Universal services",
    Action.EARLY_HELP: "Early Help",
    Action.LCSS_CONSULTATION: "LCSS consultation",
    Action.MASH_REFERRAL: "MASH referral",
    Action.POLICE_999: "Police on 999",
    Action.LADO: "LADO",
}


class _Content(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Source(_Content):
    """The partnership document this content summarises in our own words."""

    document: str = Field(min_length=1, description="The source document's title.")
    publisher: str = Field(min_length=1, description="Who publishes the source document.")
    edition: str = Field(min_length=1, description="The edition as the publisher names it, e.g. 'July 2021'.")
    published: date = Field(description="The edition's date.")


class CumulativeHint(_Content):
    """Several indicators at one level can together point to a higher one."""

    count: int = Field(ge=2, description="How many indicators at this level make the hint appear.")
    points_to: int = Field(ge=1, description="The level they may together point to.")
    message: str = Field(min_length=1, description="What the practitioner is asked to weigh.")


class Level(_Content):
    """One level of need, with its name as this edition gives it and its response."""

    number: int = Field(ge=1)
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    response: str = Field(min_length=1, description="What response this level calls for.")
    routes: list[str] = Field(min_length=1, description="IDs of the routes this level suggests.")
    cumulative: CumulativeHint | None = None


class Area(_Content):
    """A dimension within a domain, e.g. 'Health' within the child's developmental needs."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)


class Domain(_Content):
    """A side of the Assessment Framework triangle."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    areas: list[Area] = Field(min_length=1)


class Indicator(_Content):
    """One illustrative example of need at a level, in a domain and area."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9.-]*$")
    domain: str
    area: str
    level: int
    text: str = Field(min_length=1)


class Route(_Content):
    """A response and the way to it: who to contact, how and when."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)
    action: Action
    when: str = Field(min_length=1, description="When this route is the right one.")
    how: list[str] = Field(min_length=1, description="The steps, in order.")
    contact: str = ""
    urgent: bool = Field(default=False, description="True for routes that must be taken now, e.g. 999.")


class ThresholdGuide(_Content):
    """A whole edition of the guide. Every cross-reference is checked on load."""

    format: Literal[1] = Field(description="The content format version.")
    guide_id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="Packs replace only a guide with this ID.")
    title: str = Field(min_length=1)
    source: Source
    revision: int = Field(ge=1, description="Our revision of the summary of this source edition.")
    note: str = Field(min_length=1, description="Shown on every page: how to use the guide.")
    levels: list[Level] = Field(min_length=2)
    domains: list[Domain] = Field(min_length=1)
    routes: list[Route] = Field(min_length=1)
    indicators: list[Indicator] = Field(min_length=1)

    @model_validator(mode="after")
    def _references(self) -> Self:
        problems: list[str] = []
        numbers = [level.number for level in self.levels]
        if numbers != list(range(1, len(numbers) + 1)):
            problems.append(f"levels must be numbered 1, 2, 3… in order, not {numbers}")
        route_ids = _unique("route", [route.id for route in self.routes], problems)
        domain_ids = _unique("domain", [domain.id for domain in self.domains], problems)
        _unique("indicator", [indicator.id for indicator in self.indicators], problems)
        areas = {domain.id: {area.id for area in domain.areas} for domain in self.domains}
        for domain in self.domains:
            _unique(f"area in domain '{domain.id}'", [area.id for area in domain.areas], problems)
        for level in self.levels:
            for route in level.routes:
                if route not in route_ids:
                    problems.append(f"level {level.number} names route '{route}', which is not in the guide")
            hint = level.cumulative
            if hint is not None and not level.number < hint.points_to <= len(numbers):
                problems.append(f"level {level.number}'s cumulative hint must point to a higher level in the guide")
        for indicator in self.indicators:
            if indicator.domain not in domain_ids:
                problems.append(
                    f"indicator '{indicator.id}' names domain '{indicator.domain}', which is not in the guide"
                )
            elif indicator.area not in areas[indicator.domain]:
                problems.append(f"indicator '{indicator.id}' names area '{indicator.area}', not in its domain")
            if indicator.level not in numbers:
                problems.append(f"indicator '{indicator.id}' names level {indicator.level}, which is not in the guide")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def level(self, number: int) -> Level:
        """Return the level with this number (KeyError if the edition has none)."""
        for level in self.levels:
            if level.number == number:
                return level
        raise KeyError(number)

    def domain(self, domain_id: str) -> Domain:
        """Return the domain with this ID (KeyError if absent)."""
        for domain in self.domains:
            if domain.id == domain_id:
                return domain
        raise KeyError(domain_id)

    def area_name(self, domain_id: str, area_id: str) -> str:
        """Return an area's display name (KeyError if the domain or area is absent)."""
        for area in self.domain(domain_id).areas:
            if area.id == area_id:
                return area.name
        raise KeyError(area_id)

    def route(self, route_id: str) -> Route:
        """Return the route with this ID (KeyError if absent)."""
        for route in self.routes:
            if route.id == route_id:
                return route
        raise KeyError(route_id)

    def indicator(self, indicator_id: str) -> Indicator:
        """Return the indicator with this ID (KeyError if absent)."""
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        raise KeyError(indicator_id)

    def indicators_in(self, *, domain: str | None = None, level: int | None = None) -> list[Indicator]:
        """Return the indicators in a domain and/or at a level, in content order."""
        return [
            indicator
            for indicator in self.indicators
            if (domain is None or indicator.domain == domain) and (level is None or indicator.level == level)
        ]

    def canonical_bytes(self) -> bytes:
        """Return the content as canonical JSON, the bytes its digest is taken over."""
        data = self.model_dump(mode="json")
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")

    def edition(self) -> GuideEdition:
        """Return the reference a decision keeps to the edition that informed it."""
        return GuideEdition(
            guide_id=self.guide_id,
            title=self.title,
            document=self.source.document,
            publisher=self.source.publisher,
            edition=self.source.edition,
            published=self.source.published,
            revision=self.revision,
            digest=hashlib.sha256(self.canonical_bytes()).hexdigest(),
        )

    @classmethod
    def from_json(cls, raw: bytes | str) -> ThresholdGuide:
        """Parse and validate JSON content (pydantic's ValidationError on any problem)."""
        return cls.model_validate_json(raw)


class GuideEdition(_Content):
    """Which edition of which guide, with the digest of its exact content."""

    guide_id: str
    title: str
    document: str
    publisher: str
    edition: str
    published: date
    revision: int
    digest: str = Field(pattern=r"^[0-9a-f]{64}$")

    def order(self) -> tuple[date, int]:
        """Return the key that says which of two editions is newer."""
        return (self.published, self.revision)

    def citation(self) -> str:
        """Return the line every page of the guide shows, e.g. "Threshold of Needs, July 2021 (01/07/2021)"."""
        revision = f", summary revision {self.revision}" if self.revision > 1 else ""
        return f"{self.document}, {self.publisher}, {self.edition} edition ({format_date(self.published)}){revision}"


def _unique(what: str, ids: list[str], problems: list[str]) -> set[str]:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            problems.append(f"{what} ID '{item}' is used twice")
        seen.add(item)
    return seen
