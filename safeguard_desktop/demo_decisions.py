"""Made-up level-of-need decisions, one before each step a demo family takes.

A family stepping up to Early Help, Child in Need or Child Protection was first weighed
against the threshold guide, so each step gets a decision for each child, with indicators
drawn from the shipped guide at that level and the one below.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.status import ChildStatus
from safeguard_desktop.thresholds.decision import ChosenIndicator, Consent, ThresholdDecision
from safeguard_desktop.thresholds.guide import Action, ThresholdGuide
from safeguard_desktop.thresholds.library import shipped_guide

__all__ = ["DecisionMaker"]

# The level, the actions it may lead to, and the consent positions a practitioner might record.
_STEPS: dict[ChildStatus, tuple[int, tuple[Action, ...], tuple[Consent, ...]]] = {
    ChildStatus.EARLY_HELP: (2, (Action.EARLY_HELP, Action.EARLY_HELP, Action.LCSS_CONSULTATION), (Consent.AGREED,)),
    ChildStatus.CHILD_IN_NEED: (3, (Action.MASH_REFERRAL,), (Consent.AGREED, Consent.AWARE_NOT_AGREED)),
    ChildStatus.CHILD_PROTECTION: (4, (Action.MASH_REFERRAL,), (Consent.NOT_TOLD_RISK, Consent.AWARE_NOT_AGREED)),
}

_REASONS = {
    2: [
        "Needs are showing in more than one area, but the parents are open to help and want it. "
        "A Team Around the Family can meet them without social care.",
        "Attendance and presentation have slipped this term. Mum asked for support herself; "
        "Early Help is the right level and she agrees.",
    ],
    3: [
        "Early Help has been in place for months without enough change, and the needs now cross "
        "all three sides of the triangle. They need a social care assessment.",
        "Several level 2 needs together, with the home situation getting worse, point to complex "
        "needs that a single agency cannot meet.",
    ],
    4: [
        "An injury without a consistent explanation, and the child says they are frightened to go "
        "home: risk of significant harm.",
        "Disclosure today of harm at home. The MASH was phoned at once and the call recorded.",
    ],
}


class DecisionMaker:
    """Writes a decision for each child before each step of a family's journey."""

    def __init__(
        self, rng: random.Random, today: date, dsl: Practitioner, add: Callable[[ThresholdDecision], None]
    ) -> None:
        self.rng, self.today, self.dsl, self._add = rng, today, dsl, add
        self.guide: ThresholdGuide = shipped_guide()

    def before(self, children: list[UUID], status: ChildStatus, start: date) -> None:
        """Record the decision that led to `status` starting on `start`, for each child."""
        if status not in _STEPS:
            return
        level, actions, consents = _STEPS[status]
        day = start - timedelta(days=self.rng.randrange(3, 21))
        if day >= self.today:
            return
        action, consent = self.rng.choice(actions), self.rng.choice(consents)
        reasons = self.rng.choice(_REASONS[level])
        at = datetime.combine(day, time(self.rng.randrange(9, 16), self.rng.choice((0, 15, 30, 45))), UTC)
        for child in children:
            self._add(
                ThresholdDecision(
                    child_id=child,
                    decided=EventDate.exact(at),
                    decided_by=self.dsl,
                    guide=self.guide.edition(),
                    indicators=self._indicators(level),
                    level=level,
                    level_name=self.guide.level(level).name,
                    reasons=reasons,
                    consent=consent,
                    action=action,
                )
            )

    def _indicators(self, level: int) -> list[ChosenIndicator]:
        picked = self.rng.sample(self.guide.indicators_in(level=level), 2)
        picked += self.rng.sample(self.guide.indicators_in(level=level - 1), self.rng.randrange(1, 4))
        return [
            ChosenIndicator(
                indicator_id=item.id,
                domain_id=item.domain,
                domain_name=self.guide.domain(item.domain).name,
                level=item.level,
                text=item.text,
            )
            for item in picked
        ]
