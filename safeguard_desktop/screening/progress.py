"""A screening in progress: saved as the practitioner goes, resumed where they stopped, signed off.

Work in progress is kept in the vault's drafts (encrypted like everything else), replaced in
place on every change, so a closed lid, a crash or a flat battery loses at most the field
being typed. Signing off turns it into a `Screening` record, and removes the work in
progress, in one transaction. A correction of a signed-off screening is work in progress
too, which signs off as a new version with a reason.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.ukdates import utc_now
from safeguard_desktop.errors import RecordNotFound, VaultDamaged
from safeguard_desktop.screening.pack import PackRef, ScreeningPack
from safeguard_desktop.screening.record import AreaGrade, Screening, SubAreaGrade

if TYPE_CHECKING:
    from safeguard_desktop.vault.session import Vault
    from safeguard_desktop.vault.store import Stored

__all__ = [
    "DRAFT_PREFIX",
    "InProgress",
    "ScreeningIncomplete",
    "discard",
    "for_correction",
    "load",
    "missing",
    "save",
    "sign_off",
    "start",
    "unfinished",
]

DRAFT_PREFIX = "screening-in-progress:"


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


def unfinished(vault: Vault, child_id: UUID | None = None) -> list[InProgress]:
    """Return every unfinished screening (of one child, if given), most recently touched first."""
    found: list[InProgress] = []
    for key in vault.drafts.keys():
        if not key.startswith(DRAFT_PREFIX):
            continue
        data = vault.drafts.load(key)
        if data is None:
            continue
        work = _parse(data)
        if child_id is None or work.child_id == child_id:
            found.append(work)
    found.sort(key=lambda work: work.updated_at, reverse=True)
    return found


def discard(vault: Vault, work: InProgress) -> None:
    """Throw the work in progress away (the practitioner chose to; nothing was signed off)."""
    vault.drafts.discard(work.key)


def missing(work: InProgress, pack: ScreeningPack) -> list[str]:
    """Return, in words, what still needs doing before the work can be signed off."""
    problems: list[str] = []
    if work.carer_id is None:
        problems.append("choose the carer")
    if work.observed_from is None or work.observed_to is None:
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


def _parse(data: dict[str, object]) -> InProgress:
    try:
        return InProgress.model_validate(data)
    except ValidationError as exc:
        raise VaultDamaged("A screening in progress could not be read back; restore the vault from a backup.") from exc
