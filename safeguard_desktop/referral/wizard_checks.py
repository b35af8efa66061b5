"""What a referral still needs before export, step by step (the wizard's `missing`).

Kept apart from the state machine so the rules read as one list: what the MASH needs to act
at once, what LCSS needs for a named request, and what no consultation can go without.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from uuid import UUID

from safeguard_desktop.domain.people import Child
from safeguard_desktop.referral.model import Destination, NotKnownField, Referral, Tristate
from safeguard_desktop.referral.steps import MissingField, Step, Urgency

if TYPE_CHECKING:
    from safeguard_desktop.referral.prefill import WizardContext

__all__ = ["child_details_missing", "missing_fields"]


def missing_fields(
    referral: Referral, context: WizardContext, urgency: Urgency | None, steps: list[Step]
) -> list[MissingField]:
    """Everything required before export, in step order (see `Wizard.missing`)."""
    found: list[MissingField] = []
    r = referral
    anonymous = r.destination is Destination.LCSS_NO_NAMES
    numbers = {c: n for n, c in enumerate(r.child_ids, 1)}

    def who(child_id: UUID) -> str:
        return f"child {numbers[child_id]}" if anonymous else context.child_name(child_id)

    def add(step: Step, field: str, message: str, record_id: UUID | None = None) -> None:
        found.append(MissingField(step, field, message, record_id))

    if Step.URGENCY in steps and urgency is None:
        add(Step.URGENCY, "urgency", "say whether a child is in immediate danger or the concern needs a response today")
    if r.immediate_danger and r.police_call is None:
        add(Step.CALL, "police_call", "record the 999 call: the time, who you spoke to, the advice and any reference")
    if r.response_today and r.mash_call is None:
        add(
            Step.CALL, "mash_call", "record your call to the MASH: the time, who you spoke to, the advice and reference"
        )
    if (r.immediate_danger or r.response_today) and r.destination is not Destination.MASH:
        where = next((s for s in (Step.DESTINATION, Step.URGENCY) if s in steps), Step.CALL)
        add(where, "destination", "a child in danger or needing a response today is referred to the MASH, not LCSS")

    for child_id in r.child_ids:
        stored = context.children.get(child_id)
        if stored is None:
            add(Step.CHILDREN, "children", f"{who(child_id)} is no longer in the vault: remove them from the referral")
            continue
        stated = r.not_known_of(child_id)
        for field, what in child_details_missing(stored.data, r.destination):
            if field in stated:  # stated as not known, with a reason the referral carries
                continue
            add(Step.CHILDREN, field, f"{what} for {who(child_id)} (add it to their record)", child_id)

    for child in r.children:
        if child.safe_tonight is Tristate.UNKNOWN:
            add(Step.SAFETY, "safe_tonight", f"say whether {who(child.child_id)} is safe tonight")
        elif child.safe_tonight is Tristate.NO and urgency in (None, Urgency.NOT_URGENT):
            if r.destination is Destination.MASH:
                message = (
                    f"{who(child.child_id)} is not safe tonight: phone the MASH now, then go back to "
                    "Urgency and record the call"
                )
            else:
                message = (
                    f"{who(child.child_id)} is not safe tonight: that is for the MASH, today, not LCSS; "
                    "phone the MASH now and make a MASH referral"
                )
            add(Step.SAFETY, "safe_tonight", message)
        if r.destination is Destination.MASH and not child.where_now:
            add(Step.SAFETY, "where_now", f"say where {who(child.child_id)} is now")

    if not r.concern_ids:
        add(
            Step.CONCERNS_AND_CHRONOLOGY,
            "concern_ids",
            "choose the concerns to include"
            if context.concerns_of(r.child_ids)
            else "log the concern first, then choose it here",
        )

    if r.destination is not Destination.LCSS_NO_NAMES:
        found.extend(_consent(r, context, who))

    if not r.referrer_wants:
        add(Step.FAMILY_AND_CHILD, "referrer_wants", "say what you want to happen")
    if not r.referrer.contact:
        add(Step.REFERRER, "referrer.contact", "give a phone number or email address the MASH can reach you on")
    order = list(Step)
    found.sort(key=lambda m: order.index(m.step))
    return found


def child_details_missing(child: Child, destination: Destination) -> list[tuple[str, str]]:
    """The child's details the destination needs and the record lacks, as (field, "give the …") pairs.

    Every field but the date of birth (which has the assessed age instead) is a `NotKnownField`
    value: the referrer may state it as not known, with a reason, rather than leave it a gap.
    """
    if destination is Destination.LCSS_NO_NAMES:
        return []
    found: list[tuple[str, str]] = []
    if child.date_of_birth is None and child.expected_delivery is None and not child.assessed_age_note:
        found.append(("date_of_birth", "give the date of birth (or the assessed age)"))
    if child.address is None:
        found.append(("address", "give the address"))
    if destination is Destination.MASH and not child.is_unborn():
        if not (child.nhs_number or child.upn):
            found.append(("nhs_number", "give the NHS number or the UPN"))
        if not child.gender:
            found.append(("gender", "give the gender"))
    return found


def _consent(r: Referral, context: WizardContext, name_of: Callable[[UUID], str]) -> list[MissingField]:
    found: list[MissingField] = []
    answers = {a.adult_id: a for a in r.consents}
    parents = context.parents_with_pr(r.child_ids)
    for child_id in r.child_ids:
        if (
            child_id in context.children
            and NotKnownField.PARENTAL_RESPONSIBILITY not in r.not_known_of(child_id)
            and not any(link.has_pr for link in context.people.get(child_id, []))
        ):
            found.append(
                MissingField(
                    Step.CONSENT,
                    "parental_responsibility",
                    f"record who has parental responsibility for {name_of(child_id)} (in their record)",
                    child_id,
                )
            )
    for link in parents:
        answer = answers.get(link.adult_id)
        if answer is None or answer.consented is Tristate.UNKNOWN:
            found.append(
                MissingField(
                    Step.CONSENT,
                    f"consent.{link.adult_id}",
                    f"record {link.adult.data.title()}'s consent: aware, consented, and if not, why not",
                )
            )
    # Said once every parent's position is known, so the referrer is not told twice at once.
    positions = [answers[p.adult_id].consented if p.adult_id in answers else Tristate.UNKNOWN for p in parents]
    if (
        r.destination is Destination.LCSS_NAMED
        and positions
        and Tristate.UNKNOWN not in positions
        and Tristate.YES not in positions
    ):
        found.append(
            MissingField(
                Step.CONSENT,
                "consents",
                "a named request for Early Help support needs the family's consent: record it, "
                "or ask LCSS for a no-names consultation instead",
            )
        )
    return found
