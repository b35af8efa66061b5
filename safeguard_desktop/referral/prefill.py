"""What the referral wizard knows from the vault, read once for the chosen children and their siblings.

The wizard itself never touches the vault: it is given a `WizardContext`, so every step can be
tested with no database and no widgets. The context covers the chosen children and the
siblings offered with them (children sharing a parent-type adult who lives with both), so
adding a sibling in the wizard needs no second read. After a child's record is corrected the
caller builds a new context and hands it to `Wizard.refresh`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from safeguard_desktop.chronology.timeline import TimelineFilter, TimelineRow
from safeguard_desktop.domain.attachment import AttachmentMeta
from safeguard_desktop.domain.categories import ConcernStatus, RelationshipType, Significance
from safeguard_desktop.domain.concern import Concern
from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.domain.people import Adult, Child, Professional, Relationship
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.records import Record
from safeguard_desktop.domain.status import ChildStatus, StatusPeriod
from safeguard_desktop.domain.ukdates import format_date, to_uk, uk_today
from safeguard_desktop.errors import RecordNotFound
from safeguard_desktop.referral.model import (
    ChronologyPick,
    ConsentAnswer,
    Destination,
    Referral,
    ReferralChild,
    ReferralStatus,
)
from safeguard_desktop.screening.record import Screening
from safeguard_desktop.thresholds.decision import ThresholdDecision

if TYPE_CHECKING:
    from safeguard_desktop.vault.session import Vault
    from safeguard_desktop.vault.store import Stored

__all__ = [
    "CHRONOLOGY_OFFERED",
    "CHRONOLOGY_PRESELECTED",
    "PARENT_TYPES",
    "PREVIOUS_WITHIN_DAYS",
    "ChronologyOption",
    "PersonLink",
    "WizardContext",
    "build_context",
    "early_help_text",
    "new_referral",
    "previous_referrals",
    "related_children",
]

_R = TypeVar("_R", bound=Record)

# A re-referral is one within twelve months of the last (about one referral in five is).
PREVIOUS_WITHIN_DAYS = 365
# The newest rows offered per child: enough for any excerpt, few enough for a list to stay quick.
CHRONOLOGY_OFFERED = 300
# Preselected: the significant rows of the last twelve months, at most this many (newest kept).
# A short excerpt is read; a long one is skimmed.
CHRONOLOGY_PRESELECTED = 25

# Adults whose home is the child's family home when they live there. A grandparent or a family
# friend may be linked to children of several households, so they do not make siblings.
PARENT_TYPES = frozenset(
    {
        RelationshipType.MOTHER,
        RelationshipType.FATHER,
        RelationshipType.PARENT,
        RelationshipType.STEP_PARENT,
        RelationshipType.PARTNER_OF_PARENT,
    }
)


@dataclass(frozen=True)
class PersonLink:
    """An adult in a child's life, with how they are related to that child."""

    adult: Stored[Adult]
    relationship: Stored[Relationship]

    @property
    def adult_id(self) -> UUID:
        """The adult's record ID."""
        return self.adult.record_id

    @property
    def has_pr(self) -> bool:
        """Whether the adult holds parental responsibility for the child."""
        return self.relationship.data.parental_responsibility

    @property
    def label(self) -> str:
        """The relationship in words, e.g. "Mother"."""
        return self.relationship.data.relationship.label()


@dataclass(frozen=True)
class ChronologyOption:
    """A chronology row offered for the excerpt: whose chronology it is in, and whether it starts ticked."""

    row: TimelineRow
    child_ids: tuple[UUID, ...]  # every chosen or offered child whose chronology holds the row
    preselected: bool  # significant and of the last twelve months (see `preselected_chronology` for the cap)

    @property
    def pick(self) -> ChronologyPick:
        """The row as the referral records it."""
        return ChronologyPick(record_id=self.row.record_id, item=self.row.item)


@dataclass(frozen=True)
class WizardContext:
    """Everything the wizard shows or checks that lives in other records. Read-only.

    Keyed by child ID, it covers the children chosen and the siblings offered (`siblings`).
    Lists are newest first.
    """

    children: dict[UUID, Stored[Child]]
    siblings: tuple[UUID, ...]  # same-home children not chosen at the start, offered to add
    people: dict[UUID, list[PersonLink]] = field(default_factory=dict)  # parents first
    professionals: dict[UUID, list[Stored[Professional]]] = field(default_factory=dict)
    statuses: dict[UUID, list[Stored[StatusPeriod]]] = field(default_factory=dict)  # every period
    concerns: list[Stored[Concern]] = field(default_factory=list)
    chronology: list[ChronologyOption] = field(default_factory=list)  # newest first
    screenings: list[Stored[Screening]] = field(default_factory=list)
    decisions: list[Stored[ThresholdDecision]] = field(default_factory=list)
    previous: list[Stored[Referral]] = field(default_factory=list)  # sent within 12 months
    # Each child's files that may travel in the packet (not withdrawn; no earlier packets), newest first.
    attachments: dict[UUID, list[Stored[AttachmentMeta]]] = field(default_factory=dict)
    practitioner: Practitioner | None = None
    today: date = field(default_factory=uk_today)

    def child_name(self, child_id: UUID) -> str:
        """The child's name as titled in their record (or "a child no longer in the vault")."""
        stored = self.children.get(child_id)
        return stored.data.title() if stored is not None else "a child no longer in the vault"

    def parents_with_pr(self, child_ids: Iterable[UUID]) -> list[PersonLink]:
        """The adults with parental responsibility for any of these children, each adult once."""
        seen: set[UUID] = set()
        found: list[PersonLink] = []
        for child_id in child_ids:
            for link in self.people.get(child_id, []):
                if link.has_pr and link.adult_id not in seen:
                    seen.add(link.adult_id)
                    found.append(link)
        return found

    def concerns_of(self, child_ids: Iterable[UUID]) -> list[Stored[Concern]]:
        """The concerns naming any of these children, newest first."""
        wanted = set(child_ids)
        return [c for c in self.concerns if wanted & c.data.linked_child_ids()]

    def chronology_of(self, child_ids: Iterable[UUID]) -> list[ChronologyOption]:
        """The rows offered from these children's chronologies, newest first."""
        wanted = set(child_ids)
        return [option for option in self.chronology if wanted & set(option.child_ids)]

    def preselected_chronology(self, child_ids: Iterable[UUID]) -> list[ChronologyOption]:
        """The rows to tick at the start: significant, of the last twelve months, the newest few."""
        return [o for o in self.chronology_of(child_ids) if o.preselected][:CHRONOLOGY_PRESELECTED]

    def screenings_of(self, child_ids: Iterable[UUID]) -> list[Stored[Screening]]:
        """The screenings of these children, newest first."""
        wanted = set(child_ids)
        return [s for s in self.screenings if s.data.child_id in wanted]

    def decisions_of(self, child_ids: Iterable[UUID]) -> list[Stored[ThresholdDecision]]:
        """The threshold decisions about these children, newest first."""
        wanted = set(child_ids)
        return [d for d in self.decisions if d.data.child_id in wanted]

    def attachments_of(self, child_ids: Iterable[UUID]) -> list[Stored[AttachmentMeta]]:
        """The files of these children that can be attached, each once, in the children's order."""
        found: dict[UUID, Stored[AttachmentMeta]] = {}
        for child_id in child_ids:
            for stored in self.attachments.get(child_id, []):
                found.setdefault(stored.record_id, stored)
        return list(found.values())

    def previous_of(self, child_ids: Iterable[UUID]) -> list[Stored[Referral]]:
        """The referrals of any of these children sent within the last twelve months, newest first."""
        wanted = set(child_ids)
        return [r for r in self.previous if wanted & set(r.data.child_ids)]

    def current_statuses(self, child_id: UUID) -> list[StatusPeriod]:
        """The statuses the child holds today (Early Help, Child in Need, …)."""
        return [p.data for p in self.statuses.get(child_id, []) if p.data.is_current(self.today)]


def related_children(vault: Vault, child_id: UUID) -> list[Stored[Child]]:
    """The child's siblings at home: children sharing a parent-type adult who lives with both, by name.

    The GUI's household view has the fuller picture (shared grandparents and so on); a referral
    offers only the children of the same home, who are referred together.
    """
    own = [
        rel
        for rel in vault.relationships.list(linked_to=child_id)
        if rel.data.child_id == child_id and _at_home(rel.data)
    ]
    found: dict[UUID, Stored[Child]] = {}
    for rel in own:
        for other in vault.relationships.list(linked_to=rel.data.adult_id):
            other_id = other.data.child_id
            if other_id == child_id or other_id in found or other.data.adult_id != rel.data.adult_id:
                continue
            if not _at_home(other.data):
                continue
            child = _get(vault, other_id)
            if child is not None:
                found[other_id] = child
    return sorted(found.values(), key=lambda s: s.data.title().casefold())


def build_context(vault: Vault, child_ids: Sequence[UUID], *, today: date | None = None) -> WizardContext:
    """Read what the wizard needs for these children, and the siblings offered with them.

    Raises DomainError when no child is given or a child is not in the vault.
    """
    if not child_ids:
        raise DomainError("Choose at least one child to refer.")
    day = today or uk_today()
    children: dict[UUID, Stored[Child]] = {}
    for child_id in child_ids:
        child = _get(vault, child_id)
        if child is None:
            raise DomainError("One of the children chosen is no longer in the vault; please choose again.")
        children[child_id] = child
    siblings: list[UUID] = []
    for child_id in child_ids:
        for sibling in related_children(vault, child_id):
            if sibling.record_id not in children:
                children[sibling.record_id] = sibling
                siblings.append(sibling.record_id)
    everyone = list(children)
    return WizardContext(
        children=children,
        siblings=tuple(siblings),
        people={c: _people(vault, c) for c in everyone},
        professionals={c: [p for p in vault.professionals.list(linked_to=c) if p.data.child_id == c] for c in everyone},
        statuses={c: [p for p in vault.status_periods.list(linked_to=c) if p.data.child_id == c] for c in everyone},
        concerns=_newest_first(
            (vault.concerns.list(linked_to=c) for c in everyone), lambda c: (c.data.happened.sort_key(), c.recorded_at)
        ),
        chronology=_chronology(vault, everyone, day),
        screenings=_newest_first(
            (vault.screenings.list(linked_to=c) for c in everyone), lambda s: (s.data.observed_to, s.data.signed_off_at)
        ),
        decisions=_newest_first(
            (vault.threshold_decisions.list(linked_to=c) for c in everyone),
            lambda d: (d.data.decided.sort_key(), d.recorded_at),
        ),
        previous=previous_referrals(vault, everyone, today=day),
        attachments={c: _attachments(vault, c) for c in everyone},
        practitioner=vault.practitioner,
        today=day,
    )


def new_referral(
    vault: Vault,
    child_ids: Sequence[UUID],
    destination: Destination,
    decision_id: UUID | None = None,
    *,
    context: WizardContext | None = None,
) -> Referral:
    """A new draft referral of these children, prefilled from their records (nothing is saved).

    Preselected: the children's open concerns (or the newest one when none is open), the
    significant chronology rows of the last twelve months, each child's latest screening, the
    threshold decision given (else the latest about these children), Early Help already tried
    (from the children's Early Help periods), a consent line for each parent or carer with
    parental responsibility, and the vault's practitioner as the referrer.
    """
    ctx = context or build_context(vault, child_ids)
    chosen = list(dict.fromkeys(child_ids))
    concerns = ctx.concerns_of(chosen)
    open_ones = [c.record_id for c in concerns if c.data.status is not ConcernStatus.CLOSED]
    concern_ids = open_ones or [c.record_id for c in concerns[:1]]
    latest: dict[UUID, UUID] = {}
    for screening in ctx.screenings_of(chosen):
        latest.setdefault(screening.data.child_id, screening.record_id)
    decisions = ctx.decisions_of(chosen)
    if decision_id is None and decisions:
        decision_id = decisions[0].record_id
    return Referral(
        destination=destination,
        children=[ReferralChild(child_id=c) for c in chosen],
        concern_ids=concern_ids,
        chronology=[option.pick for option in ctx.preselected_chronology(chosen)],
        screening_ids=[latest[c] for c in chosen if c in latest],
        decision_id=decision_id,
        early_help=early_help_text(ctx, chosen),
        consents=[ConsentAnswer(adult_id=link.adult_id) for link in ctx.parents_with_pr(chosen)],
        referrer=vault.practitioner,
    )


def previous_referrals(
    vault: Vault, child_ids: Iterable[UUID], within_days: int = PREVIOUS_WITHIN_DAYS, *, today: date | None = None
) -> list[Stored[Referral]]:
    """The referrals of any of these children sent in the last `within_days` days, newest sent first.

    Drafts never sent are not referrals yet, so they are not counted.
    """
    since = (today or uk_today()) - timedelta(days=within_days)
    found: dict[UUID, Stored[Referral]] = {}
    for child_id in child_ids:
        for stored in vault.referrals.list(linked_to=child_id):
            sent = stored.data.sent
            if stored.data.status is ReferralStatus.DRAFT or sent is None:
                continue
            if to_uk(sent.sent_at).date() >= since:
                found[stored.record_id] = stored
    return sorted(found.values(), key=lambda s: s.data.sent.sent_at if s.data.sent else s.recorded_at, reverse=True)


def early_help_text(context: WizardContext, child_ids: Iterable[UUID]) -> str:
    """The Early Help periods of these children in words, oldest first, e.g. for the referral's Early Help answer."""
    lines: list[str] = []
    for child_id in child_ids:
        periods = [p.data for p in context.statuses.get(child_id, []) if p.data.status is ChildStatus.EARLY_HELP]
        for period in sorted(periods, key=lambda p: p.start):
            until = f" to {format_date(period.end)}" if period.end else " (continuing)"
            line = f"{context.child_name(child_id)}: Early Help from {format_date(period.start)}{until}."
            for extra in (period.note, period.end_reason):
                if extra:
                    line += f" {extra}"
            lines.append(line)
    return "\n".join(lines)


def _at_home(rel: Relationship) -> bool:
    return rel.relationship in PARENT_TYPES and rel.lives_in_home


def _get(vault: Vault, child_id: UUID) -> Stored[Child] | None:
    try:
        child = vault.children.get(child_id)
    except RecordNotFound:
        return None
    return None if child.withdrawn else child


def _people(vault: Vault, child_id: UUID) -> list[PersonLink]:
    found: list[PersonLink] = []
    for rel in vault.relationships.list(linked_to=child_id):
        if rel.data.child_id != child_id:
            continue
        try:
            adult = vault.adults.get(rel.data.adult_id)
        except RecordNotFound:
            continue
        if not adult.withdrawn:
            found.append(PersonLink(adult=adult, relationship=rel))
    order = list(RelationshipType)
    found.sort(key=lambda link: (order.index(link.relationship.data.relationship), link.adult.data.title()))
    return found


def _attachments(vault: Vault, child_id: UUID) -> list[Stored[AttachmentMeta]]:
    """The child's files, newest first, leaving out the packets of earlier referrals (kept, not re-sent)."""
    packets = {r.record_id for r in vault.referrals.list(linked_to=child_id, include_withdrawn=True)}
    files = [
        a
        for a in vault.attachments.list(linked_to=child_id)
        if not a.withdrawn and a.data.linked_record_id not in packets
    ]
    return sorted(files, key=lambda a: a.recorded_at, reverse=True)


def _newest_first(lists: Iterable[list[Stored[_R]]], key: Callable[[Stored[_R]], Any]) -> list[Stored[_R]]:
    """Merge per-child lists into one, each record once (siblings share concerns), newest first by `key`."""
    found: dict[UUID, Stored[_R]] = {}
    for items in lists:
        for item in items:
            found.setdefault(item.record_id, item)
    return sorted(found.values(), key=key, reverse=True)


def _chronology(vault: Vault, child_ids: list[UUID], today: date) -> list[ChronologyOption]:
    """The newest rows of each child's chronology, merged; the recent significant ones preselected."""
    flt = TimelineFilter(include_withdrawn=False)
    rows: dict[tuple[UUID, int], tuple[TimelineRow, list[UUID]]] = {}
    for child_id in child_ids:
        for row in vault.timeline.rows(child_id, flt, descending=True, limit=CHRONOLOGY_OFFERED):
            key = (row.record_id, row.item)
            if key in rows:
                rows[key][1].append(child_id)
            else:
                rows[key] = (row, [child_id])
    ordered = sorted(rows.values(), key=lambda pair: pair[0].at, reverse=True)
    since = today - timedelta(days=PREVIOUS_WITHIN_DAYS)
    return [
        ChronologyOption(
            row=row,
            child_ids=tuple(owners),
            preselected=row.significance is Significance.SIGNIFICANT and to_uk(row.at).date() >= since,
        )
        for row, owners in ordered
    ]
