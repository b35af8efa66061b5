"""What the chosen indicators suggest: counts by level and domain, and the routes they point to.

This informs and never decides. It reports the highest level any chosen indicator sits at,
and, separately, where several indicators at one level may together point higher, so the
practitioner sees both before choosing a level of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from safeguard_desktop.thresholds.decision import ChosenIndicator
from safeguard_desktop.thresholds.guide import Route, ThresholdGuide

__all__ = ["CumulativeWarning", "Suggestion", "suggest"]


@dataclass(frozen=True)
class CumulativeWarning:
    """Several indicators at one level, which together may point to a higher one."""

    level: int
    count: int
    domains: int
    points_to: int
    message: str


@dataclass(frozen=True)
class Suggestion:
    """A summary of the chosen indicators, for the practitioner to weigh."""

    # counts[(domain_id, level)] = how many indicators were chosen there.
    counts: dict[tuple[str, int], int]
    # The highest level any chosen indicator sits at; None when none are chosen.
    highest: int | None
    cumulative: list[CumulativeWarning]
    # The levels worth considering: the highest, and any a cumulative warning points to.
    levels_to_consider: list[int]
    # The routes those levels name, the highest level's first, without repeats.
    routes: list[Route]

    def count(self, domain_id: str, level: int) -> int:
        """Return how many indicators were chosen in one domain at one level."""
        return self.counts.get((domain_id, level), 0)

    def level_total(self, level: int) -> int:
        """Return how many indicators were chosen at a level across every domain."""
        return sum(count for (_, at), count in self.counts.items() if at == level)


def suggest(guide: ThresholdGuide, chosen: Sequence[ChosenIndicator]) -> Suggestion:
    """Summarise the chosen indicators against the guide's levels and routes."""
    counts: dict[tuple[str, int], int] = {}
    for indicator in chosen:
        key = (indicator.domain_id, indicator.level)
        counts[key] = counts.get(key, 0) + 1
    levels = {level for _, level in counts}
    highest = max(levels) if levels else None

    warnings: list[CumulativeWarning] = []
    for level in guide.levels:
        hint = level.cumulative
        if hint is None:
            continue
        at_level = [indicator for indicator in chosen if indicator.level == level.number]
        if len(at_level) >= hint.count:
            domains = len({indicator.domain_id for indicator in at_level})
            warnings.append(CumulativeWarning(level.number, len(at_level), domains, hint.points_to, hint.message))

    # A free-text indicator could name a level this edition lacks; it counts, but suggests no route.
    known = {level.number for level in guide.levels}
    to_consider = sorted({*([highest] if highest else []), *(w.points_to for w in warnings)} & known)
    # Highest level first, each in its own order: the most serious response is read first.
    route_ids: list[str] = []
    for number in reversed(to_consider):
        for route_id in guide.level(number).routes:
            if route_id not in route_ids:
                route_ids.append(route_id)
    routes = [guide.route(route_id) for route_id in route_ids]
    return Suggestion(counts, highest, warnings, to_consider, routes)
