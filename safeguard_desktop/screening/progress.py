"""A screening in progress: saved as the practitioner goes, resumed where they stopped, signed off.

Work in progress is kept in the vault's drafts (encrypted like everything else), replaced in
place on every change, so a closed lid, a crash or a flat battery loses at most the field
being typed. Signing off turns it into a `Screening` record, and removes the work in
progress, in one transaction. A correction of a signed-off screening is work in progress
too, which signs off as a new version with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.ukdates import MONTH_NAMES, parse_date, uk_today, utc_now
from safeguard_desktop.errors import RecordNotFound, VaultDamaged
from safeguard_desktop.screening.pack import PackRef, ScreeningPack
from safeguard_desktop.screening.record import AreaGrade, Screening, SubAreaGrade

if TYPE_CHECKING:
    from safeguard_desktop.vault.session import Vault
    from safeguard_desktop.vault.store import Stored

__all__ = [
    "DRAFT_PREFIX",
    "TYPED_FIELDS",
    "InProgress",
    "ScreeningIncomplete",
    "UnreadableWork",
    "discard",
    "discard_key",
    "for_correction",
    "load",
    "missing",
    "save",
    "sign_off",
    "start",
    "unfinished",
    "unreadable",
]

DRAFT_PREFIX = "screening-in-progress:"

# The fields whose raw text `InProgress.typed` may keep, by key, with how `missing` names them.
TYPED_FIELDS = {
    "observed_from": "the start of the period observed",
    "observed_to": "the end of the period observed",
    "review_by": "the date to screen again by",
}
# Of those, the ones that cannot be in the future (a period observed has happened).
_PAST_ONLY = frozenset({"observed_from", "observed_to"})


class ScreeningIncomplete(DomainError):
    """What still needs doing before a screening can be signed off."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("Before signing off: " + "; ".join(problems) + ".")


class InProgress(BaseModel):
    """Everything typed so far. Any field may still be empty; nothing here is checked yet."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    draft_id: UUID = Field(default_factory=uuid4)
    child_id: UUID
    pack: PackRef
    carer_id: UUID | None = None
    observed_from: date | None = None
    observed_to: date | None = None
    place: str = ""
    grades: dict[str, int] = Field(default_factory=dict)
    evidence: dict[str, str] = Field(default_factory=dict)
    area_grades: dict[str, int] = Field(default_factory=dict)
    rationales: dict[str, str] = Field(default_factory=dict)
    strengths: str = ""
    parents_views: str = ""
    child_view: str = ""
    family_summary: str = ""
    review_by: date | None = None
    # Where the practitioner was (a field's key), so resuming puts them back there.
    position: str = ""
    started_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)
    # Set when this work corrects a signed-off screening: the record it will amend.
    corrects: UUID | None = None
    # What the practitioner typed into a field that does not (yet) parse, by the field's key
    # (see TYPED_FIELDS): a date such as "31/02/2026", or one in the future. Kept so that
    # nothing typed is lost on a save; `missing` names each, so sign-off never drops one.
    typed: dict[str, str] = Field(default_factory=dict)

    @property
    def key(self) -> str:
        """Return the drafts key this work is kept under."""
        return f"{DRAFT_PREFIX}{self.draft_id}"


def start(child_id: UUID, pack: ScreeningPack) -> InProgress:
    """Begin a new screening of one child with a pack (nothing is saved until `save`)."""
    return InProgress(child_id=child_id, pack=pack.ref())


def for_correction(stored: Stored[Screening]) -> InProgress:
    """Open a signed-off screening as work in progress that will sign off as a new version."""
    s = stored.data
    return InProgress(
        child_id=s.child_id,
        pack=s.pack,
        carer_id=s.carer_id,
        observed_from=s.observed_from,
        observed_to=s.observed_to,
        place=s.place,
        grades={g.sub_area_id: g.grade for g in s.sub_areas},
        evidence={g.sub_area_id: g.evidence for g in s.sub_areas},
        area_grades={g.area_id: g.grade for g in s.areas},
        rationales={g.area_id: g.rationale for g in s.areas},
        strengths=s.strengths,
        parents_views=s.parents_views,
        child_view=s.child_view,
        family_summary=s.family_summary,
        review_by=s.review_by,
        corrects=stored.record_id,
    )


def save(vault: Vault, work: InProgress) -> InProgress:
    """Keep the work as it stands now (one small transaction); return it with its new time."""
    work = work.model_copy(update={"updated_at": utc_now()})
    vault.drafts.save(work.key, work.model_dump(mode="json"))
    return work


def load(vault: Vault, draft_id: UUID) -> InProgress | None:
    """Return the work in progress with this ID, or None when there is none."""
    data = vault.drafts.load(f"{DRAFT_PREFIX}{draft_id}")
    return None if data is None else _parse(data)


@dataclass(frozen=True)
class UnreadableWork:
    """A screening in progress that could not be read back, so it can be named and discarded."""

    key: str  # the drafts key it is kept under (always starts with DRAFT_PREFIX)
    child_id: UUID | None  # the child it is about, when that much can still be read
    saved_at: datetime | None  # when it was last saved, when that much can still be read


def unfinished(vault: Vault, child_id: UUID | None = None) -> list[InProgress]:
    """Return every unfinished screening (of one child, if given), most recently touched first.

    Work that cannot be read back is left out rather than raising, so one damaged draft
    does not hide every other child's work: `unreadable` lists it, `discard_key` removes it.
    """
    found: list[InProgress] = []
    for key, data in _drafts(vault):
        # Another child's draft is passed over before it is validated, so its damage is not our concern here.
        if data is None or (child_id is not None and _raw_child_id(data) != child_id):
            continue
        work = _readable(key, data)
        if work is not None and (child_id is None or work.child_id == child_id):
            found.append(work)
    found.sort(key=lambda work: work.updated_at, reverse=True)
    return found


def unreadable(vault: Vault, child_id: UUID | None = None) -> list[UnreadableWork]:
    """Return the screenings in progress that cannot be read back (of one child, if given).

    With `child_id`, only those whose child can still be read from what is kept; without it,
    every one, including those whose child cannot be known.
    """
    found: list[UnreadableWork] = []
    for key, data in _drafts(vault):
        if data is not None and _readable(key, data) is not None:
            continue
        raw_child = None if data is None else _raw_child_id(data)
        if child_id is not None and raw_child != child_id:
            continue
        found.append(UnreadableWork(key=key, child_id=raw_child, saved_at=None if data is None else _raw_saved(data)))
    return found


def discard(vault: Vault, work: InProgress) -> None:
    """Throw the work in progress away (the practitioner chose to; nothing was signed off)."""
    vault.drafts.discard(work.key)


def discard_key(vault: Vault, key: str) -> None:
    """Throw away the screening in progress kept under `key` (one `unreadable` named), readable or not.

    Refuses (ValueError) any key that is not a screening's, so no other draft can be removed this way.
    """
    if not key.startswith(DRAFT_PREFIX):
        raise ValueError(f"Not the key of a screening in progress: {key!r}")
    vault.drafts.discard(key)


def missing(work: InProgress, pack: ScreeningPack) -> list[str]:
    """Return, in words, what still needs doing before the work can be signed off."""
    problems: list[str] = []
    if work.carer_id is None:
        problems.append("choose the carer")
    typed = [_typed_problem(key, text) for key, text in work.typed.items() if text.strip()]
    problems.extend(typed)
    # A date typed but not usable is named above; only a date not given at all is asked for here.
    if any(getattr(work, key) is None and not work.typed.get(key, "").strip() for key in _PAST_ONLY):
        problems.append("give the period observed")
    if not work.place.strip():
        problems.append("say where the screening took place")
    for area in pack.areas:
        ungraded = [sub.name for sub in area.sub_areas if sub.id not in work.grades]
        if ungraded:
            problems.append(f"grade {', '.join(ungraded)} ({area.name})")
        no_evidence = [
            sub.name for sub in area.sub_areas if sub.id in work.grades and not work.evidence.get(sub.id, "").strip()
        ]
        if no_evidence:
            problems.append(f"give the evidence for {', '.join(no_evidence)} ({area.name})")
        if area.id not in work.area_grades:
            problems.append(f"choose a grade for {area.name} as a whole")
        elif not work.rationales.get(area.id, "").strip():
            problems.append(f"give your rationale for the {area.name} grade")
    return problems


def sign_off(
    vault: Vault, work: InProgress, pack: ScreeningPack, *, signed_by: Practitioner, reason: str = ""
) -> Stored[Screening]:
    """Turn finished work into a record (or a new version of the one it corrects), in one transaction.

    Raises ScreeningIncomplete naming everything still to do, DomainError for a period that
    makes no sense, and VaultError if the vault cannot be written; the work in progress is
    kept in every one of those cases.
    """
    if pack.ref() != work.pack:
        raise DomainError("This screening was started with a different pack from the one given to sign it off.")
    problems = missing(work, pack)
    if problems:
        raise ScreeningIncomplete(problems)
    if work.corrects is not None and not reason.strip():
        raise DomainError("Please give the reason for this correction: the earlier version stays readable.")
    assert work.carer_id is not None and work.observed_from is not None and work.observed_to is not None
    carer_name, relationship = _carer(vault, work.child_id, work.carer_id)
    screening = Screening(
        child_id=work.child_id,
        carer_id=work.carer_id,
        carer_name=carer_name,
        carer_relationship=relationship,
        observed_from=work.observed_from,
        observed_to=work.observed_to,
        place=work.place.strip(),
        practitioner=signed_by,
        pack=work.pack,
        sub_areas=[
            SubAreaGrade(
                area_id=area.id,
                sub_area_id=sub.id,
                sub_area_name=sub.name,
                grade=work.grades[sub.id],
                evidence=work.evidence[sub.id],
            )
            for area in pack.areas
            for sub in area.sub_areas
        ],
        areas=[
            AreaGrade(
                area_id=area.id,
                area_name=area.name,
                grade=work.area_grades[area.id],
                rationale=work.rationales[area.id],
            )
            for area in pack.areas
        ],
        strengths=work.strengths.strip(),
        parents_views=work.parents_views.strip(),
        child_view=work.child_view.strip(),
        family_summary=work.family_summary.strip(),
        signed_off_at=utc_now(),
        review_by=work.review_by,
    )
    with vault.batch():
        if work.corrects is None:
            stored = vault.screenings.add(screening)
        else:
            stored = vault.screenings.amend(work.corrects, screening, reason.strip())
        vault.drafts.discard(work.key)
    return stored


def _carer(vault: Vault, child_id: UUID, carer_id: UUID) -> tuple[str, str]:
    try:
        adult = vault.adults.get(carer_id)
    except RecordNotFound as exc:
        raise DomainError("The carer chosen is no longer in the vault; please choose the carer again.") from exc
    relationship = next(
        (
            rel.data.relationship.label()
            for rel in vault.relationships.list(linked_to=child_id)
            if rel.data.child_id == child_id and rel.data.adult_id == carer_id
        ),
        "",
    )
    return adult.data.title(), relationship


def _typed_problem(key: str, text: str) -> str:
    """What is wrong with a field's raw text, in words, e.g. "check the start of the period observed: …"."""
    shown = text.strip()
    if len(shown) > 40:
        shown = shown[:39] + "…"
    name = TYPED_FIELDS.get(key, f"the field '{key}'")
    try:
        value = parse_date(text)
    except DomainError as exc:
        # parse_date says why ("February 2026 has no day 31"); a text in no date form gets the form to use.
        why = exc.message.split(";")[0].split(":")[0].rstrip(".") if not exc.message.startswith("\u201c") else ""
        if why and why.split()[0] not in MONTH_NAMES:
            why = why[0].lower() + why[1:]
        return f"check {name}: '{shown}' is not a date ({why or 'write it as day/month/year, e.g. 14/03/2026'})"
    if key in _PAST_ONLY and value > uk_today():
        return f"check {name}: '{shown}' is in the future"
    return f"check {name}: '{shown}' was typed but not taken as the date; please type it again"


def _drafts(vault: Vault) -> list[tuple[str, dict[str, object] | None]]:
    """Each screening draft's key with its raw content (None when it is not even a JSON object)."""
    found: list[tuple[str, dict[str, object] | None]] = []
    for key in vault.drafts.keys():
        if not key.startswith(DRAFT_PREFIX):
            continue
        try:
            data = vault.drafts.load(key)
        except ValueError:  # the kept text is not JSON at all
            data = None
        found.append((key, data))
    return found


def _readable(key: str, data: dict[str, object]) -> InProgress | None:
    """The work kept under `key`, or None when it does not validate or is not the work its key names."""
    try:
        work = InProgress.model_validate(data)
    except ValidationError:
        return None
    # Discarding goes by the work's own key, so a draft filed under another key counts as damaged.
    return work if work.key == key else None


def _raw_child_id(data: dict[str, object]) -> UUID | None:
    try:
        return UUID(str(data["child_id"]))
    except (KeyError, ValueError):
        return None


def _raw_saved(data: dict[str, object]) -> datetime | None:
    value = data.get("updated_at")
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _parse(data: dict[str, object]) -> InProgress:
    try:
        return InProgress.model_validate(data)
    except ValidationError as exc:
        raise VaultDamaged("A screening in progress could not be read back; restore the vault from a backup.") from exc
