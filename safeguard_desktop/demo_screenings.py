"""Made-up neglect screenings of the demo's younger children, by a made-up health visitor.

Children under six in about half the families get one to three screenings a few months
apart, each with the mother, whose grades drift better or worse together, so that the
comparison shows whether a plan is working.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.screening.pack import ScreeningPack, shipped_pack
from safeguard_desktop.screening.record import AreaGrade, Screening, SubAreaGrade

__all__ = ["HEALTH_VISITOR", "ScreeningMaker"]

HEALTH_VISITOR = Practitioner(
    name="Joel Abimbola", role="Health visitor", organisation="Oxford Health (made-up demo team)"
)

# What a health visitor might write, by how well the need is met (grades 1-2, 3, 4-5).
_EVIDENCE = {
    "well": [
        "Seen and discussed during the visit; no worries here.",
        "Consistent with what nursery and the GP report.",
        "Mum described the routine and it matched what I saw.",
    ],
    "mixed": [
        "Better on some days than others; mum says money is tight this month.",
        "Met when reminded; slipped when things at home were difficult.",
        "Improving since the last visit, but not yet every day.",
    ],
    "poor": [
        "Not met on either visit; mum did not see it as a worry.",
        "Seen on both visits despite the advice given last time.",
        "Nursery report the same; the child's needs come second most days.",
    ],
}
_RATIONALE = [
    "Judged on both visits and what nursery reported; the sub-areas vary, but this is the child's day.",
    "The most important sub-area here weighs most: it shapes every day for the child.",
    "Mum is engaging with the plan, but the child's experience has not changed enough yet.",
]
_STRENGTHS = [
    "Mum is warm with the children and open about what is hard.",
    "Grandmother helps most days; the children are clearly attached to her.",
    "The family kept every appointment since the last review.",
]


def _band(grade: int) -> str:
    return "well" if grade <= 2 else "mixed" if grade == 3 else "poor"


class ScreeningMaker:
    """Writes a few screenings for each young child through the callback given."""

    def __init__(self, rng: random.Random, today: date, add: Callable[[Screening], None]) -> None:
        self.rng, self.today, self._add = rng, today, add
        self.pack: ScreeningPack = shipped_pack()

    def screen(self, child_id: UUID, born: date, carer: tuple[UUID, str]) -> None:
        """One to three screenings since the child was six months old, a few months apart."""
        rng = self.rng
        if (self.today - born).days > 6 * 365 or rng.random() < 0.5:
            return
        start = max(born + timedelta(days=180), self.today - timedelta(days=540))
        if start >= self.today - timedelta(days=14):
            return
        base = rng.choice((2, 3, 3, 4))
        drift = rng.choice((-1, 0, 1))  # the plan working, stuck, or care getting worse
        day = start + timedelta(days=rng.randrange(0, 60))
        for visit in range(rng.randrange(1, 4)):
            if day >= self.today:
                break
            level = max(1, min(5, base + drift * visit))
            self._add(self._screening(child_id, carer, day, level))
            day += timedelta(days=rng.randrange(90, 160))

    def _screening(self, child_id: UUID, carer: tuple[UUID, str], day: date, level: int) -> Screening:
        rng = self.rng
        subs = [
            SubAreaGrade(
                area_id=area.id,
                sub_area_id=sub.id,
                sub_area_name=sub.name,
                grade=(grade := max(1, min(5, level + rng.choice((-1, 0, 0, 1))))),
                evidence=rng.choice(_EVIDENCE[_band(grade)]),
            )
            for area in self.pack.areas
            for sub in area.sub_areas
        ]
        areas = [
            # The practitioner's judgement: here the worst sub-area or one better, never a mean.
            AreaGrade(
                area_id=area.id,
                area_name=area.name,
                grade=max(1, max(g.grade for g in subs if g.area_id == area.id) - rng.choice((0, 1))),
                rationale=rng.choice(_RATIONALE),
            )
            for area in self.pack.areas
        ]
        return Screening(
            child_id=child_id,
            carer_id=carer[0],
            carer_name=carer[1],
            carer_relationship="Mother",
            observed_from=day - timedelta(days=7),
            observed_to=day,
            place="Family home",
            practitioner=HEALTH_VISITOR,
            pack=self.pack.ref(),
            sub_areas=subs,
            areas=areas,
            strengths=rng.choice(_STRENGTHS),
            parents_views="Mum agreed with most of the grades and wants help with routines.",
            child_view="Too young to say; settled and playing during the visit.",
            family_summary="We looked together at how the children's needs are met day to day.",
            signed_off_at=datetime.combine(day, time(15, 30), UTC),
            review_by=day + timedelta(days=120),
        )
