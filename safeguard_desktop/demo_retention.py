"""Demo records for retention: a former pupil's file past its review date, and a file under a hold.

Both young people are invented. They left school long ago, so their files have reached the
school rule's review date (date of birth + 25 years) and show in the review queue; one of
them is under a litigation hold, so the queue shows why it cannot be disposed of.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from uuid import UUID

from safeguard_desktop.domain.categories import ChildRole, ConcernCategory, ConcernStatus
from safeguard_desktop.domain.concern import Concern, ConcernChild
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.people import Address, Child
from safeguard_desktop.governance.holds import place_hold
from safeguard_desktop.vault.session import Vault

__all__ = ["DemoRetention", "add_demo_retention"]


@dataclass(frozen=True)
class DemoRetention:
    """The children added: one simply due for review, one due but held."""

    due_child_id: UUID
    held_child_id: UUID


def _concern(vault: Vault, child_id: UUID, on: date, category: ConcernCategory, account: str, action: str) -> None:
    vault.concerns.add(
        Concern(
            happened=EventDate.on_day(on),
            children=[ConcernChild(child_id=child_id, roles=frozenset({ChildRole.VICTIM}))],
            categories=frozenset({category}),
            recorded_by=vault.practitioner,
            account=account,
            action_taken=action,
            status=ConcernStatus.CLOSED,
        )
    )


def add_demo_retention(vault: Vault) -> DemoRetention:
    """Add the two made-up former pupils and their records; returns their IDs."""
    town = Address(lines=["14 Wrenfield Terrace"], town="Abingford", postcode="OX14 9ZZ")
    due = vault.children.add(
        Child(
            given_names="Demelza",
            family_name="Harcourt-Obi",
            date_of_birth=date(1998, 2, 17),
            gender="Female",
            address=town,
            school_or_setting="Fernhill Academy (left 2014)",
        )
    ).record_id
    _concern(
        vault,
        due,
        date(2012, 3, 6),
        ConcernCategory.NEGLECT,
        "Came to school without a coat for the third day running in cold weather; said the heating at home "
        "is off and she is looking after her younger brother in the evenings.",
        "Spoke with mother at the gate; gave a coat from lost property. Logged for the DSL.",
    )
    _concern(
        vault,
        due,
        date(2012, 11, 19),
        ConcernCategory.EMOTIONAL_ABUSE,
        "Told her form tutor she does not want to go home because of the shouting. Tearful in PSHE.",
        "DSL spoke with Demelza; early help offered to the family and accepted.",
    )
    held = vault.children.add(
        Child(
            given_names="Caspian",
            family_name="Leventhorpe",
            date_of_birth=date(1999, 7, 8),
            gender="Male",
            school_or_setting="Fernhill Academy (left 2015)",
        )
    ).record_id
    _concern(
        vault,
        held,
        date(2013, 5, 14),
        ConcernCategory.PHYSICAL_ABUSE,
        "Bruising to the upper arm seen in PE; said he 'fell off his bike'.",
        "Referred to children's social care the same day; police informed by the social worker.",
    )
    place_hold(vault, held, "litigation", f"Civil claim DEMO-{datetime.now(UTC).year}-0042 (made-up)")
    return DemoRetention(due_child_id=due, held_child_id=held)
