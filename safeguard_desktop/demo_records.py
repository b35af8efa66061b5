"""Writing a made-up child's concerns, chronology entries, plans and meetings into a vault.

Some concerns name more than one child (siblings who saw domestic abuse, a pupil from
another family who hurt them), some were reviewed with a review date in the coming weeks
(so the due list has content), a few were corrected, and a few withdrawn in error.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from safeguard_desktop.demo_content import ACTIONS, EVENTS, STAFF, concern_text, fill
from safeguard_desktop.domain.bodymap import BodyMark, BodySide, MarkType, regions
from safeguard_desktop.domain.categories import (
    ChildRole,
    ConcernCategory,
    ConcernStatus,
    InformedParty,
    Significance,
)
from safeguard_desktop.domain.chronology import ChronologyEntry
from safeguard_desktop.domain.concern import Concern, ConcernChild, ConcernReview, InformedRecord, StatusChange
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.meeting import Meeting
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.status import StatusPeriod
from safeguard_desktop.domain.ukdates import uk_local_to_utc
from safeguard_desktop.screening.record import Screening
from safeguard_desktop.thresholds.decision import ThresholdDecision
from safeguard_desktop.vault.session import Vault

__all__ = ["RecordWriter", "body_regions"]

_WITNESSED = (ConcernCategory.DOMESTIC_ABUSE, ConcernCategory.OPERATION_ENCOMPASS)
_BETWEEN_PUPILS = (ConcernCategory.CHILD_ON_CHILD_ABUSE, ConcernCategory.BULLYING)
_LATER = [ConcernStatus.CLOSED] * 6 + [ConcernStatus.REFERRED] * 2 + [ConcernStatus.MONITORING, ConcernStatus.OPEN]


def body_regions() -> dict[BodySide, list[tuple[str, tuple[float, float]]]]:
    """Each side's body-region keys with their centres, from the shipped outlines."""
    return {side: [(r.key, (r.centre[0], r.centre[1])) for r in regions(side)] for side in BodySide}


class RecordWriter:
    """Counts what it writes; subclasses supply the families."""

    def __init__(self, vault: Vault, rng: random.Random, today: date, dsl: Practitioner, planned: int) -> None:
        self.vault, self.rng, self.today, self.dsl = vault, rng, today, dsl
        # About 1% of concerns and entries are corrected or withdrawn, but at most about a
        # hundred in all: each rewrites a row of the full-text index, which the store finds
        # by scanning the whole index, so at school scale every one costs about 0.25 s.
        self.correction_rate = min(0.01, 100 / max(1, planned))
        self.concerns = self.entries = self.periods = self.meetings = self.decisions = self.screened = self.written = 0
        # Children already written, for concerns between pupils of different families.
        self.others: list[UUID] = []
        self.regions = body_regions()
        self._now = datetime.now(UTC)

    def _day_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randrange(max(1, (end - start).days)))

    def add_period(self, period: StatusPeriod) -> None:
        """Store one status period."""
        self.vault.status_periods.add(period)
        self.periods += 1
        self.written += 1

    def add_decision(self, decision: ThresholdDecision) -> None:
        """Store one level-of-need decision."""
        self.vault.threshold_decisions.add(decision)
        self.decisions += 1
        self.written += 1

    def add_screening(self, screening: Screening) -> None:
        """Store one signed-off screening."""
        self.vault.screenings.add(screening)
        self.screened += 1
        self.written += 1

    def add_meeting(self, meeting: Meeting) -> None:
        """Store one meeting."""
        self.vault.meetings.add(meeting)
        self.meetings += 1
        self.written += 1

    def concerns_for(self, child_id: UUID, born: date, siblings: list[UUID], count: int) -> None:
        """Write `count` concerns about the child over the last four years (or since birth)."""
        rng = self.rng
        since = max(born, self.today - timedelta(days=365 * 4))
        for _ in range(count):
            category, account, words = concern_text(rng)
            day = self._day_between(since, self.today)
            happened = (
                EventDate.exact(uk_local_to_utc(day, time(rng.randrange(8, 16), rng.choice([0, 15, 30, 45]))))
                if rng.random() < 0.6 and day < self.today
                else EventDate.on_day(day)
            )
            children = [ConcernChild(child_id=child_id, roles=frozenset({ChildRole.VICTIM}))]
            if siblings and category in _WITNESSED:
                children += [ConcernChild(child_id=s, roles=frozenset({ChildRole.WITNESS})) for s in siblings]
            elif self.others and category in _BETWEEN_PUPILS and rng.random() < 0.5:
                other = rng.choice(self.others)
                roles = {ChildRole.ALLEGED_PERPETRATOR} | ({ChildRole.VICTIM} if rng.random() < 0.2 else set())
                children.append(ConcernChild(child_id=other, roles=frozenset(roles)))
            # Older concerns have mostly been closed or referred on; recent ones are still open.
            status = rng.choice(_LATER) if day < self.today - timedelta(days=42) else ConcernStatus.OPEN
            concern = Concern(
                happened=happened,
                children=children,
                categories=frozenset({category, *([ConcernCategory.MENTAL_HEALTH] if rng.random() < 0.05 else [])}),
                recorded_by=self.dsl,
                reported_by=rng.choice(["", *STAFF]),
                account=account,
                child_words=words,
                action_taken=rng.choice(ACTIONS),
                informed=self._informed(day),
                status=status,
                status_history=[StatusChange(status=ConcernStatus.OPEN, on=day)]
                if status != ConcernStatus.OPEN
                else [],
                body_marks=self._marks(child_id) if category is ConcernCategory.PHYSICAL_ABUSE else [],
                review=self._review(day, status),
            )
            stored = self.vault.concerns.add(concern)
            self.concerns += 1
            self.written += 1
            self._maybe_correct(stored.record_id, concern)

    def _informed(self, day: date) -> list[InformedRecord]:
        when = uk_local_to_utc(day, time(16, 30))
        told = [InformedRecord(party=InformedParty.DSL, name=self.dsl.name, when=when if when < self._now else None)]
        if self.rng.random() < 0.3:
            told.append(InformedRecord(party=InformedParty.PARENT_OR_CARER, name="Mother", note="By phone."))
        if self.rng.random() < 0.1:
            told.append(InformedRecord(party=InformedParty.SOCIAL_CARE, name="Maud Enright", note="Allocated worker."))
        return told

    def _review(self, day: date, status: ConcernStatus) -> ConcernReview | None:
        rng = self.rng
        if rng.random() > 0.15:
            return None
        reviewed = min(day + timedelta(days=rng.randrange(0, 3)), self.today)
        # The DSL looks again two to six weeks on: concerns of recent weeks fill the due list,
        # and an older one's review date is left out once it has passed (the review was done).
        again = reviewed + timedelta(days=rng.randrange(14, 43))
        open_now = status in (ConcernStatus.OPEN, ConcernStatus.MONITORING) and again > self.today
        return ConcernReview(
            decision=rng.choice(
                ["Monitor in school", "Refer to Early Help", "Consult social care", "No further action"]
            ),
            rationale=rng.choice(["First concern of its kind.", "Pattern with earlier concerns.", ""]),
            next_steps=rng.choice(["Check in with the child weekly.", "Speak to the parent at pick-up.", ""]),
            review_on=again if open_now else None,
            reviewed_by=self.dsl,
            reviewed_at=min(uk_local_to_utc(reviewed, time(15, 0)), self._now),
        )

    def _marks(self, child_id: UUID) -> list[BodyMark]:
        rng = self.rng
        if rng.random() > 0.5:
            return []
        side = rng.choice(list(self.regions))
        region, (x, y) = rng.choice(self.regions[side])
        return [
            BodyMark(
                side=side,
                x=x,
                y=y,
                region=region,
                mark_type=rng.choice([MarkType.BRUISE, MarkType.BRUISE, MarkType.CUT_OR_GRAZE, MarkType.SWELLING]),
                size=f"about {rng.randrange(1, 6)} cm",
                colour=rng.choice(["purple", "yellowish-green", "red", "blue-black"]),
                description=rng.choice(["Oval, clear edges.", "Three small round marks in a line.", "Faded."]),
                child_id=child_id,  # on the victim's body, never a sibling witness's
            )
        ]

    def _maybe_correct(self, record_id: UUID, concern: Concern) -> None:
        roll = self.rng.random() / self.correction_rate * 0.01
        if roll < 0.004:
            self.vault.concerns.withdraw(record_id, "Recorded against the wrong child in error.")
            self.written += 1
        elif roll < 0.01:
            corrected = concern.model_copy(update={"action_taken": concern.action_taken + " Parent informed next day."})
            self.vault.concerns.amend(record_id, corrected, "Added what was done the next day.")
            self.written += 1

    def entries_for(self, child_id: UUID, born: date, count: int) -> None:
        """Write `count` chronology entries, anywhere in the child's life so far."""
        rng = self.rng
        for _ in range(count):
            description, source, impact, category = rng.choice(EVENTS)
            day = self._day_between(born, self.today)
            roll = rng.random()
            happened = (
                EventDate.in_month(day.year, day.month, approximate=roll < 0.3)
                if roll < 0.45
                else EventDate.in_year(day.year, approximate=True)
                if roll < 0.55
                else EventDate.on_day(day)
            )
            stored = self.vault.chronology.add(
                ChronologyEntry(
                    child_id=child_id,
                    happened=happened,
                    source=source,
                    category=category,
                    description=fill(description, rng),
                    impact=impact,
                    significance=Significance.SIGNIFICANT if rng.random() < 0.6 else Significance.BACKGROUND,
                    recorded_by=self.dsl,
                )
            )
            self.entries += 1
            self.written += 1
            if rng.random() < self.correction_rate * 0.3:
                self.vault.chronology.withdraw(stored.record_id, "Duplicate of an earlier entry.")
                self.written += 1
