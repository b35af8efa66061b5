"""The referral wizard's steps, the urgency answer, and what a step can report missing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import Enum, StrEnum
from uuid import UUID

from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.referral.model import ConsentAnswer

__all__ = [
    "CALL_999",
    "CALL_MASH",
    "CLOCK_SLACK",
    "CallKind",
    "ConsentParty",
    "MissingField",
    "Step",
    "StepIncomplete",
    "Urgency",
]


class Step(Enum):
    """The wizard's steps, in order. Not every step applies to every referral (see `Wizard.steps`)."""

    URGENCY = 1  # immediate danger → 999 now; a response needed today → phone the MASH now
    CALL = 2  # record the 999 or MASH call made
    DESTINATION = 3  # MASH, LCSS named, LCSS no-names (when not chosen before starting)
    CHILDREN = 4  # one or more children; siblings at home offered together
    SAFETY = 5  # safe tonight and where now; risk to visitors; parental factors
    CONCERNS_AND_CHRONOLOGY = 6  # concerns to include; the chronology excerpt
    WORK_SO_FAR = 7  # screenings, the threshold decision, Early Help already tried
    CONSENT = 8  # for each parent or carer with parental responsibility
    FAMILY_AND_CHILD = 9  # what the family were told and said; the child's voice; what the referrer wants
    REFERRER = 10  # the referrer's name, role, organisation and contact
    REVIEW = 11  # everything still missing; a previous referral within 12 months
    DONE = 12  # complete: ready to save, show in portal order, or export

    def label(self) -> str:
        """The step's heading."""
        return _STEP_LABELS[self]


_STEP_LABELS = {
    Step.URGENCY: "Urgency",
    Step.CALL: "The call you made",
    Step.DESTINATION: "Where it goes",
    Step.CHILDREN: "Children",
    Step.SAFETY: "Safety now",
    Step.CONCERNS_AND_CHRONOLOGY: "Concerns and chronology",
    Step.WORK_SO_FAR: "Work so far",
    Step.CONSENT: "Consent",
    Step.FAMILY_AND_CHILD: "The family and the child",
    Step.REFERRER: "Your details",
    Step.REVIEW: "Check before export",
    Step.DONE: "Ready",
}


class Urgency(StrEnum):
    """The referrer's answer at the first step. It decides who to phone; the MASH still rates the enquiry."""

    IMMEDIATE_DANGER = "immediate_danger"  # call 999 now
    TODAY = "today"  # phone the MASH now
    NOT_URGENT = "not_urgent"  # a written referral is enough

    def label(self) -> str:
        """The choice as offered."""
        return {
            Urgency.IMMEDIATE_DANGER: "A child is in immediate danger",
            Urgency.TODAY: "The concern needs a response today",
            Urgency.NOT_URGENT: "Neither: a written referral is enough",
        }[self]


@dataclass(frozen=True)
class MissingField:
    """Something required before export: the step where it is answered, the field, and what to do.

    `record_id` is set when the answer lives in another record (a child's NHS number, say):
    the wizard cannot fill it, so it does not stop moving between steps, only exporting.
    """

    step: Step
    field: str
    message: str
    record_id: UUID | None = None


class CallKind(StrEnum):
    """Which call is being recorded."""

    POLICE = "police"  # 999
    MASH = "mash"


# A call typed as "now" on a machine whose clock is a little behind is not "in the future".
CLOCK_SLACK = timedelta(minutes=10)

CALL_999 = (
    "Call 999 now. Do not fill in this form first. When you have made the call, come back and record it: "
    "the time, who you spoke to, the advice given and any reference number."
)
CALL_MASH = (
    "Phone the MASH now. Do not wait to finish this form. When you have made the call, come back and "
    "record it: the time, who you spoke to, the advice given and any reference number."
)


@dataclass(frozen=True)
class ConsentParty:
    """A parent or carer with parental responsibility whose consent position is recorded."""

    adult_id: UUID
    name: str  # empty for a no-names consultation
    label: str  # how to show them: "Joan Smith (Mother of Posy Smith)", or "Mother of child 1" with no names
    answer: ConsentAnswer


class StepIncomplete(DomainError):
    """The step cannot be left forwards yet; `problems` says what it still needs."""

    def __init__(self, step: Step, problems: list[str]) -> None:
        self.step = step
        self.problems = problems
        super().__init__(f"Before moving on from {step.label()}: " + "; ".join(problems))
