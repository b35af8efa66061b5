"""A made-up family's journey through Early Help, Child in Need and Child Protection.

Each step is a status period for every child in the family (siblings share a plan, as they
do in practice) and the meetings that go with it: a strategy discussion, conferences, core
groups and reviews, with whether each parent came and the actions agreed.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from safeguard_desktop.demo_content import DECISIONS, MEETING_ACTIONS, PROFESSIONALS, STRATEGY_WORDS
from safeguard_desktop.demo_decisions import DecisionMaker
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.meeting import Attendee, Meeting, MeetingAction, MeetingType
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.status import ChildStatus, CPCategory, StatusPeriod
from safeguard_desktop.thresholds.decision import ThresholdDecision

__all__ = ["FamilyPlans", "Parents"]


@dataclass(frozen=True)
class Parents:
    """The family's parents, as meetings invite them."""

    mother: tuple[UUID, str]
    father: tuple[UUID, str]
    father_engaged: float  # how likely the father is to come to any one meeting


class FamilyPlans:
    """Writes one family's status periods and meetings through the callbacks given."""

    def __init__(
        self,
        rng: random.Random,
        today: date,
        dsl: Practitioner,
        add_period: Callable[[StatusPeriod], None],
        add_meeting: Callable[[Meeting], None],
        add_decision: Callable[[ThresholdDecision], None],
    ) -> None:
        self.rng, self.today, self.dsl = rng, today, dsl
        self._add_period, self._add_meeting = add_period, add_meeting
        self._decisions = DecisionMaker(rng, today, dsl, add_decision)

    def journey(self, children: list[UUID], parents: Parents, earliest: date) -> None:
        """Early Help, perhaps stepping up to Child in Need and Child Protection, and back down."""
        rng = self.rng
        start = earliest + timedelta(days=rng.randrange(0, max(1, (self.today - earliest).days - 60)))
        end = self._plan(children, parents, ChildStatus.EARLY_HELP, start, rng.randrange(90, 270))
        if end is None or rng.random() < 0.35:
            return
        end = self._plan(children, parents, ChildStatus.CHILD_IN_NEED, end, rng.randrange(120, 300))
        if end is None or rng.random() < 0.4:
            return
        category = rng.choice(list(CPCategory))
        self._meeting(children, parents, MeetingType.STRATEGY_DISCUSSION, end - timedelta(days=14))
        end = self._plan(children, parents, ChildStatus.CHILD_PROTECTION, end, rng.randrange(180, 540), category)
        if end is not None:
            # A step down is agreed at the conference, not referred: no new threshold decision.
            self._plan(children, parents, ChildStatus.CHILD_IN_NEED, end, rng.randrange(120, 360), step_down=True)

    def _plan(
        self,
        children: list[UUID],
        parents: Parents,
        status: ChildStatus,
        start: date,
        days: int,
        category: CPCategory | None = None,
        *,
        step_down: bool = False,
    ) -> date | None:
        """A plan with its meetings, after the decision that led to it; the day it ended, or None."""
        if not step_down:
            self._decisions.before(children, status, start)
        end = self._period(children, status, category, start, days)
        last = min(end or self.today, self.today - timedelta(days=1))
        if status is ChildStatus.CHILD_PROTECTION:
            self._meeting(children, parents, MeetingType.INITIAL_CP_CONFERENCE, start)
            every, kind = 42, MeetingType.CORE_GROUP
        elif status is ChildStatus.EARLY_HELP:
            self._meeting(children, parents, MeetingType.TEAM_AROUND_THE_FAMILY, start)
            every, kind = 91, MeetingType.TEAM_AROUND_THE_FAMILY
        else:
            every, kind = 91, MeetingType.CIN_REVIEW
        day = start + timedelta(days=every)
        while day <= last:
            self._meeting(children, parents, kind, day)
            if status is ChildStatus.CHILD_PROTECTION and (day - start).days % 182 < every:
                self._meeting(children, parents, MeetingType.REVIEW_CP_CONFERENCE, day + timedelta(days=3))
            day += timedelta(days=every)
        return end

    def _period(
        self, children: list[UUID], status: ChildStatus, category: CPCategory | None, start: date, days: int
    ) -> date | None:
        end: date | None = start + timedelta(days=days)
        if end is not None and end >= self.today:
            end = None
        start = min(start, self.today)
        note = self.rng.choice(["", "Agreed at the multi-agency meeting.", "Parents consented."])
        for child in children:
            self._add_period(
                StatusPeriod(
                    child_id=child,
                    status=status,
                    cp_category=category,
                    start=start,
                    end=end,
                    note=note,
                    recorded_by=self.dsl,
                )
            )
        return end

    def _meeting(self, children: list[UUID], parents: Parents, kind: MeetingType, day: date) -> None:
        rng = self.rng
        if day >= self.today:
            return
        (mother_id, mother), (father_id, father) = parents.mother, parents.father
        attendees = [
            Attendee(name=mother, role="Mother", is_parent=True, adult_id=mother_id, attended=rng.random() < 0.85),
            Attendee(
                name=father,
                role="Father",
                is_parent=True,
                adult_id=father_id,
                attended=rng.random() < parents.father_engaged,
            ),
            Attendee(name=self.dsl.name, role="DSL"),
            *(Attendee(name=n, role=r, attended=rng.random() < 0.9) for n, r in rng.sample(PROFESSIONALS, 2)),
        ]
        actions = []
        for action, owner in rng.sample(MEETING_ACTIONS, rng.randrange(1, 4)):
            due = day + timedelta(days=rng.randrange(7, 35))
            # Most actions due in the past were done; the rest show as overdue.
            actions.append(
                MeetingAction(action=action, owner=owner, due=due, done=due < self.today and rng.random() < 0.9)
            )
        decisions = rng.choice(STRATEGY_WORDS if kind is MeetingType.STRATEGY_DISCUSSION else DECISIONS)
        self._add_meeting(
            Meeting(
                meeting_type=kind,
                held=EventDate.on_day(day),
                child_ids=children,
                attendees=attendees,
                decisions=decisions,
                actions=actions,
                recorded_by=self.dsl,
            )
        )
