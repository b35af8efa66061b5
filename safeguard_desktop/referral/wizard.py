"""The referral wizard as a state machine: which steps apply, what each still needs, where we are.

No Qt and no vault: the wizard holds an immutable `Referral` and a read-only `WizardContext`
(see prefill.py), and every change returns a new, validated Referral. The window draws the
current step and calls `update`, `advance`, `back` and `go`.

Safety rules kept here rather than in the window:
- Urgency comes first, for a MASH referral (or when the destination is still to choose):
  immediate danger means call 999 NOW, a response needed today means phone the MASH NOW.
  The wizard says so (`urgent_instruction`) before anything else and only then asks for the
  call to be recorded; the call is never held up by form-filling.
- The MASH rates the enquiry, not the referrer: there is no RAG rating anywhere.
- Consent is a practice question: it is recorded for each parent or carer with parental
  responsibility, and a MASH referral can be sent whatever the answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from pydantic import ValidationError

from safeguard_desktop.domain.errors import DomainError, first_error_message
from safeguard_desktop.domain.people import Child
from safeguard_desktop.domain.ukdates import utc_now
from safeguard_desktop.referral.model import (
    ConsentAnswer,
    ConsentReason,
    Destination,
    NotKnown,
    NotKnownField,
    Referral,
    ReferralChild,
    Tristate,
)
from safeguard_desktop.referral.prefill import PersonLink, WizardContext
from safeguard_desktop.referral.steps import (
    CALL_999,
    CALL_MASH,
    CLOCK_SLACK,
    CallKind,
    ConsentParty,
    MissingField,
    Step,
    StepIncomplete,
    Urgency,
)
from safeguard_desktop.referral.wizard_checks import missing_fields

if TYPE_CHECKING:
    from safeguard_desktop.vault.store import Stored

__all__ = [
    "CALL_999",
    "CALL_MASH",
    "CallKind",
    "ConsentParty",
    "MissingField",
    "Step",
    "StepIncomplete",
    "Urgency",
    "Wizard",
]


class Wizard:
    """One referral being prepared. Mutable only in where it is and which Referral it holds.

    `choose_destination` adds the DESTINATION step (the destination given at the start is then
    a provisional answer). `urgency_answered` is kept with work in progress, because a
    referral that is not urgent looks the same as one whose urgency has not been asked yet.
    """

    def __init__(
        self,
        referral: Referral,
        context: WizardContext,
        *,
        choose_destination: bool = False,
        step: Step | None = None,
        urgency_answered: bool | None = None,
    ) -> None:
        self._referral = referral
        self._context = context
        self.choose_destination = choose_destination
        urgent = referral.immediate_danger or referral.response_today
        self._urgency_answered = urgent if urgency_answered is None else urgency_answered
        self._step = self.steps()[0]
        if step is not None:
            self._step = step if step in self.steps() else self._step

    # -- state -------------------------------------------------------------------------

    @property
    def referral(self) -> Referral:
        """The referral as it stands (immutable; each change makes a new one)."""
        return self._referral

    @property
    def context(self) -> WizardContext:
        """What the wizard knows from other records."""
        return self._context

    @property
    def step(self) -> Step:
        """The step shown now."""
        return self._step

    @property
    def urgency_answered(self) -> bool:
        """Whether the referrer has answered the urgency question."""
        return self._urgency_answered

    @property
    def urgency(self) -> Urgency | None:
        """The urgency answer, or None while it has not been given."""
        r = self._referral
        if r.immediate_danger:
            return Urgency.IMMEDIATE_DANGER
        if r.response_today:
            return Urgency.TODAY
        return Urgency.NOT_URGENT if self._urgency_answered or not self._asks_urgency() else None

    def steps(self) -> list[Step]:
        """The steps that apply to this referral, in order (they change as answers change)."""
        r = self._referral
        found: list[Step] = []
        for step in Step:
            if step is Step.URGENCY and not self._asks_urgency():
                continue
            if step is Step.CALL and not (r.immediate_danger or r.response_today):
                continue
            if step is Step.DESTINATION and not self.choose_destination:
                continue
            found.append(step)
        return found

    def refresh(self, context: WizardContext) -> None:
        """Use a newly read context (after a child's record was corrected, say)."""
        self._context = context

    # -- moving ------------------------------------------------------------------------

    def can_advance(self) -> list[str]:
        """What the current step still needs before moving on (empty when it can be left forwards)."""
        return self._problems(self._step)

    def advance(self) -> Step:
        """Move to the next step; raise StepIncomplete (naming what is missing) when this one is not done.

        DONE is the last step: advancing from it stays there.
        """
        problems = self.can_advance()
        if problems:
            raise StepIncomplete(self._step, problems)
        steps = self.steps()
        if self._step is not Step.DONE:
            self._step = steps[steps.index(self._step) + 1]
        return self._step

    def back(self) -> Step:
        """Move to the previous step (answers are kept); stay at the first."""
        steps = self.steps()
        index = steps.index(self._step)
        self._step = steps[max(index - 1, 0)]
        return self._step

    def go(self, step: Step) -> Step:
        """Jump to a step: backwards always; forwards only past steps that could each be left forwards.

        Raises DomainError when the step does not apply to this referral, and StepIncomplete for
        the first step in the way.
        """
        steps = self.steps()
        if step not in steps:
            raise DomainError(f"{step.label()} is not part of this {self._referral.destination.label()}.")
        for between in steps[steps.index(self._step) : steps.index(step)]:
            problems = self._problems(between)
            if problems:
                self._step = between
                raise StepIncomplete(between, problems)
        self._step = step
        return self._step

    # -- answering ---------------------------------------------------------------------

    def update(self, **fields: Any) -> Referral:
        """Change fields of the referral (validated); return the new referral.

        Raises DomainError with one clear sentence when the result would not be valid; the
        referral is then unchanged. A RAG rating is not a field: the MASH rates enquiries.
        """
        try:
            referral = Referral.model_validate({**self._referral.model_dump(), **_dumped(fields)})
        except ValidationError as exc:
            raise DomainError(first_error_message(exc)) from exc
        self._referral = referral
        self._clamp_step()
        return referral

    def set_urgency(self, urgency: Urgency) -> Referral:
        """Answer the urgency question. Urgent answers make this a MASH referral and add the CALL step."""
        fields: dict[str, Any] = {
            "immediate_danger": urgency is Urgency.IMMEDIATE_DANGER,
            "response_today": urgency is Urgency.TODAY,
        }
        if urgency is not Urgency.NOT_URGENT:
            fields["destination"] = Destination.MASH
        referral = self.update(**fields)
        self._urgency_answered = True
        return referral

    def urgent_instruction(self) -> str | None:
        """What to do before anything else ("Call 999 now…"), or None when nothing is urgent."""
        if self._referral.immediate_danger:
            return CALL_999
        if self._referral.response_today:
            return CALL_MASH
        return None

    def record_call(
        self, kind: CallKind, *, called_at: datetime, spoke_to: str, advice: str = "", reference: str = ""
    ) -> Referral:
        """Record the 999 call or the call to the MASH: when, who you spoke to, the advice, the reference.

        `called_at` must carry its time zone (the window gives UK local time); it is kept as UTC.
        A call recorded stays recorded if the urgency answer changes later: it was made.
        """
        if called_at.tzinfo is None:
            raise DomainError("The time of the call needs its time zone; please enter it again.")
        called_at = called_at.astimezone(UTC)
        if called_at > utc_now() + CLOCK_SLACK:
            raise DomainError("The time of the call is in the future; please check it.")
        if not spoke_to.strip():
            raise DomainError("Say who you spoke to (a name, a role or a call handler's number).")
        return self.update(
            **{
                "police_call" if kind is CallKind.POLICE else "mash_call": {
                    "called_at": called_at,
                    "spoke_to": spoke_to,
                    "advice": advice,
                    "reference": reference,
                }
            }
        )

    def set_children(self, child_ids: Iterable[UUID]) -> Referral:
        """Choose the children (from the context's), keeping each one's answers; consent lines follow."""
        ids = list(dict.fromkeys(child_ids))
        unknown = [c for c in ids if c not in self._context.children]
        if unknown:
            raise DomainError("Only the children offered here can be added; start a new referral for another child.")
        kept = {child.child_id: child for child in self._referral.children}
        children = [kept.get(c, ReferralChild(child_id=c)) for c in ids]
        if not children:
            raise DomainError("A referral needs at least one child.")
        answers = {a.adult_id: a for a in self._referral.consents}
        consents = [answers.get(p.adult_id, ConsentAnswer(adult_id=p.adult_id)) for p in self._parents(ids)]
        concerns = {c.record_id for c in self._context.concerns_of(ids)}
        screenings = {s.record_id for s in self._context.screenings_of(ids)}
        rows = {(o.row.record_id, o.row.item) for o in self._context.chronology_of(ids)}
        # A file stays chosen while a child still referred holds it; one only a removed child held goes.
        files = {a.record_id for a in self._context.attachments_of(ids)}
        decision = self._referral.decision_id
        if decision is not None and decision not in {d.record_id for d in self._context.decisions_of(ids)}:
            decision = None
        return self.update(
            children=children,
            consents=consents,
            concern_ids=[c for c in self._referral.concern_ids if c in concerns],
            screening_ids=[s for s in self._referral.screening_ids if s in screenings],
            chronology=[p for p in self._referral.chronology if (p.record_id, p.item) in rows],
            decision_id=decision,
            attachment_ids=[a for a in self._referral.attachment_ids if a in files],
            not_known=[n for n in self._referral.not_known if n.child_id in ids],
        )

    def offered_siblings(self) -> list[Child]:
        """Siblings at home not yet in the referral, to offer adding (children are referred together)."""
        chosen = set(self._referral.child_ids)
        return [self._context.children[c].data for c in self._context.siblings if c not in chosen]

    def offered_sibling_ids(self) -> list[UUID]:
        """The IDs of `offered_siblings`, in the same order."""
        chosen = set(self._referral.child_ids)
        return [c for c in self._context.siblings if c not in chosen]

    def set_child(
        self, child_id: UUID, *, safe_tonight: Tristate | None = None, where_now: str | None = None
    ) -> Referral:
        """Answer "safe tonight?" and "where now?" for one child referred."""
        children = []
        for child in self._referral.children:
            if child.child_id == child_id:
                update: dict[str, Any] = {}
                if safe_tonight is not None:
                    update["safe_tonight"] = safe_tonight
                if where_now is not None:
                    update["where_now"] = where_now
                child = ReferralChild.model_validate({**child.model_dump(), **update})
            children.append(child)
        return self.update(children=children)

    def set_consent(
        self,
        adult_id: UUID,
        *,
        aware: Tristate,
        consented: Tristate,
        reason_not: ConsentReason | None = None,
        note: str = "",
    ) -> Referral:
        """Record one parent's or carer's consent position (a reason is needed when consent was not given)."""
        answer = ConsentAnswer(adult_id=adult_id, aware=aware, consented=consented, reason_not=None, note=note)
        if consented is Tristate.NO and reason_not is None:
            raise DomainError("Say why consent was not given or not sought.")
        answer = answer.model_copy(update={"reason_not": reason_not if consented is not Tristate.YES else None})
        consents = [a for a in self._referral.consents if a.adult_id != adult_id]
        order = [p.adult_id for p in self._parents(self._referral.child_ids)]
        consents.append(answer)
        consents.sort(key=lambda a: order.index(a.adult_id) if a.adult_id in order else len(order))
        return self.update(consents=consents)

    def set_not_known(self, child_id: UUID, field: NotKnownField, reason: str) -> Referral:
        """State that a child's detail is not known, and why; the referral then goes without it.

        Raises DomainError when no reason is given or the child is not referred.
        """
        if not reason.strip():
            raise DomainError(f"Say why it is not known: {field.label()}.")
        if child_id not in self._referral.child_ids:
            raise DomainError("Only a child referred can have a detail stated as not known.")
        kept = [n for n in self._referral.not_known if (n.child_id, n.field) != (child_id, field)]
        return self.update(not_known=[*kept, NotKnown(child_id=child_id, field=field, reason=reason)])

    def clear_not_known(self, child_id: UUID, field: NotKnownField) -> Referral:
        """Withdraw a "not known" statement: the detail is needed again (from the record)."""
        kept = [n for n in self._referral.not_known if (n.child_id, n.field) != (child_id, field)]
        return self.update(not_known=kept)

    def consent_parties(self) -> list[ConsentParty]:
        """Each parent or carer with parental responsibility for the children referred, with their answer.

        For a no-names consultation they are named by relationship only ("Mother of child 1").
        """
        anonymous = self._referral.destination is Destination.LCSS_NO_NAMES
        answers = {a.adult_id: a for a in self._referral.consents}
        numbers = {c: n for n, c in enumerate(self._referral.child_ids, 1)}
        parties: list[ConsentParty] = []
        for link in self._parents(self._referral.child_ids):
            roles = []
            for child_id in self._referral.child_ids:
                for other in self._context.people.get(child_id, []):
                    if other.adult_id == link.adult_id and other.has_pr:
                        whose = f"child {numbers[child_id]}" if anonymous else self._context.child_name(child_id)
                        roles.append(f"{other.label} of {whose}")
            name = "" if anonymous else link.adult.data.title()
            label = "; ".join(roles) if anonymous else f"{name} ({'; '.join(roles)})"
            answer = answers.get(link.adult_id, ConsentAnswer(adult_id=link.adult_id))
            parties.append(ConsentParty(adult_id=link.adult_id, name=name, label=label, answer=answer))
        return parties

    # -- checking ----------------------------------------------------------------------

    def missing(self) -> list[MissingField]:
        """Everything required before export, in step order."""
        return missing_fields(self._referral, self._context, self.urgency, self.steps())

    def is_complete(self) -> bool:
        """True when nothing required is missing: the referral can be exported."""
        return not self.missing()

    def previous_referrals(self) -> list[Stored[Referral]]:
        """Referrals of these children sent within the last twelve months (shown before sending)."""
        return self._context.previous_of(self._referral.child_ids)

    # -- inside ------------------------------------------------------------------------

    def _asks_urgency(self) -> bool:
        return self.choose_destination or self._referral.destination is Destination.MASH

    def _parents(self, child_ids: Iterable[UUID]) -> list[PersonLink]:
        return self._context.parents_with_pr(child_ids)

    def _problems(self, step: Step) -> list[str]:
        if step is Step.URGENCY and self.urgency is None:
            return ["say whether a child is in immediate danger or the concern needs a response today"]
        if step is Step.REVIEW:
            return [m.message for m in self.missing()]
        if step is Step.DONE:
            return []
        return [m.message for m in self.missing() if m.step is step and m.record_id is None]

    def _clamp_step(self) -> None:
        """Stay on a step that still applies after an answer changed which steps do.

        DONE holds only while nothing is missing: a change that leaves a gap goes back to REVIEW.
        """
        steps = self.steps()
        if self._step is Step.DONE and self.missing():
            self._step = Step.REVIEW
        elif self._step not in steps:
            earlier = [s for s in steps if s.value < self._step.value]
            self._step = earlier[-1] if earlier else steps[0]


def _dumped(fields: dict[str, Any]) -> dict[str, Any]:
    """Field values as plain data, so a whole referral validates from one dict."""
    return {name: _plain(value) for name, value in fields.items()}


def _plain(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
