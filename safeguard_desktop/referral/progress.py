"""A referral in progress: kept in the vault's drafts as the referrer goes, saved as a record when they choose.

Why two places. Work in progress is replaced in place in `vault.drafts` (encrypted like
everything else) on every step, so a closed lid or a crash loses at most the field being
typed, without a new record version per keystroke or step: the record's history stays a
history of decisions. The `Referral` record (status DRAFT) is written only when the referrer
chooses "Save draft", or when the referral is exported (the packet is made from the record);
after that the work in progress amends the same record. Discarding the work in progress
never touches a saved record.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.domain.ukdates import utc_now
from safeguard_desktop.referral.model import Referral, ReferralStatus
from safeguard_desktop.referral.prefill import WizardContext
from safeguard_desktop.referral.steps import Step
from safeguard_desktop.referral.wizard import Wizard

if TYPE_CHECKING:
    from safeguard_desktop.vault.session import Vault
    from safeguard_desktop.vault.store import Stored

__all__ = [
    "DRAFT_PREFIX",
    "InProgress",
    "discard",
    "from_wizard",
    "load",
    "resume_record",
    "save",
    "save_draft_record",
    "unfinished",
    "wizard_for",
]

DRAFT_PREFIX = "referral-in-progress:"


class InProgress(BaseModel):
    """A referral being prepared: the referral as it stands and where the wizard was."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    draft_id: UUID = Field(default_factory=uuid4)
    referral: Referral
    step: str = ""  # the Step's name, so resuming puts the referrer back there
    choose_destination: bool = False
    urgency_answered: bool = False
    # The DRAFT record this work amends once saved with "Save draft" (None until then).
    record_id: UUID | None = None
    started_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)

    @property
    def key(self) -> str:
        """The drafts key this work is kept under."""
        return f"{DRAFT_PREFIX}{self.draft_id}"


def from_wizard(wizard: Wizard, previous: InProgress | None = None) -> InProgress:
    """The wizard's state as work in progress (keeping the draft ID and saved record of `previous`)."""
    fields = {
        "referral": wizard.referral,
        "step": wizard.step.name,
        "choose_destination": wizard.choose_destination,
        "urgency_answered": wizard.urgency_answered,
    }
    if previous is None:
        return InProgress.model_validate(fields)
    return previous.model_copy(update=fields)


def wizard_for(work: InProgress, context: WizardContext) -> Wizard:
    """A wizard that resumes the work where it stopped, with a freshly built context."""
    step = Step.__members__.get(work.step)
    return Wizard(
        work.referral,
        context,
        choose_destination=work.choose_destination,
        step=step,
        urgency_answered=work.urgency_answered,
    )


def save(vault: Vault, work: InProgress) -> InProgress:
    """Keep the work as it stands now (replacing the last save); return it with its new time."""
    work = work.model_copy(update={"updated_at": utc_now()})
    vault.drafts.save(work.key, work.model_dump(mode="json"))
    return work


def load(vault: Vault, draft_id: UUID) -> InProgress | None:
    """The work in progress with this ID, or None when there is none or it cannot be read back."""
    data = vault.drafts.load(f"{DRAFT_PREFIX}{draft_id}")
    return None if data is None else _readable(f"{DRAFT_PREFIX}{draft_id}", data)


def unfinished(vault: Vault, child_id: UUID | None = None) -> list[InProgress]:
    """Every referral in progress (of one child, if given), most recently touched first.

    Work that cannot be read back is left out rather than raising, so one damaged draft does
    not hide the rest.
    """
    found: list[InProgress] = []
    for key in vault.drafts.keys():
        if not key.startswith(DRAFT_PREFIX):
            continue
        try:
            data = vault.drafts.load(key)
        except ValueError:
            continue
        work = None if data is None else _readable(key, data)
        if work is not None and (child_id is None or child_id in work.referral.child_ids):
            found.append(work)
    found.sort(key=lambda w: w.updated_at, reverse=True)
    return found


def discard(vault: Vault, work: InProgress) -> None:
    """Throw the work in progress away. A draft record already saved from it stays."""
    vault.drafts.discard(work.key)


def save_draft_record(
    vault: Vault, work: InProgress, reason: str = "Draft updated"
) -> tuple[InProgress, Stored[Referral]]:
    """Write the referral as a DRAFT record (new, or a new version of the one saved before), in one transaction.

    Returns the work (now pointing at the record, and saved) and the stored record. Raises
    DomainError when the record was sent meanwhile: a sent referral is changed only by
    recording what followed, never by the wizard.
    """
    referral = work.referral
    if referral.status is not ReferralStatus.DRAFT:
        raise DomainError("Only a draft referral is saved from the wizard.")
    with vault.batch():
        if work.record_id is None:
            stored = vault.referrals.add(referral)
        else:
            current = vault.referrals.get(work.record_id)
            if current.data.status is not ReferralStatus.DRAFT:
                raise DomainError("This referral has been sent: it can no longer be changed as a draft.")
            stored = vault.referrals.amend(work.record_id, referral, reason)
        work = save(vault, work.model_copy(update={"record_id": stored.record_id}))
    return work, stored


def resume_record(stored: Stored[Referral]) -> InProgress:
    """Open a saved draft record as work in progress that amends it (nothing is saved until `save`)."""
    if stored.data.status is not ReferralStatus.DRAFT:
        raise DomainError("This referral has been sent: record what followed instead of changing it.")
    r = stored.data
    return InProgress(
        referral=r,
        record_id=stored.record_id,
        urgency_answered=r.immediate_danger or r.response_today,
    )


def _readable(key: str, data: dict[str, object]) -> InProgress | None:
    try:
        work = InProgress.model_validate(data, context={"stored": True})
    except (ValidationError, DomainError):
        return None
    return work if work.key == key else None
