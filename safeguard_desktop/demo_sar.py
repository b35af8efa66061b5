"""A demo subject access request: an invented parent asks for the records that name them.

The requester is one of the demo vault's made-up adults, the one linked to most records. A
chronology entry records their phone call naming a made-up neighbour, so the bundle editor has
a third party to redact. The request arrived
twelve days ago, so it is open with most of its month left.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from safeguard_desktop.domain.chronology import ChronologyEntry
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.ukdates import uk_today
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.governance.sar import log_request
from safeguard_desktop.vault.session import Vault

__all__ = ["DemoSar", "add_demo_sar"]

RECEIVED_DAYS_AGO = 12
NEIGHBOUR = "Tobin Ashworth-Vale"


@dataclass(frozen=True)
class DemoSar:
    """The request added and the adult it is about."""

    request_id: UUID
    adult_id: UUID


def add_demo_sar(vault: Vault) -> DemoSar:
    """Log one open request from a made-up adult in the demo vault (SafeguardError when it has no adults)."""
    if not vault.is_demo:
        raise SafeguardError("Demo requests are only added to a demo vault.")
    row = vault._ctx.conn.execute(
        "SELECT r.id FROM records r LEFT JOIN links l ON l.target_id = r.id "
        "WHERE r.kind = 'adult' AND r.state = 'active' GROUP BY r.id ORDER BY count(l.record_id) DESC, r.sort_key "
        "LIMIT 1"
    ).fetchone()
    if row is None:
        raise SafeguardError("The demo vault has no adults to make a request.")
    adult_id = UUID(str(row[0]))
    adult = vault.adults.get(adult_id).data
    # A phone call that names the adult and a neighbour, so the bundle has a third party to redact.
    links = vault.relationships.list(linked_to=adult_id, limit=1)
    if links:
        vault.chronology.add(
            ChronologyEntry(
                child_id=links[0].data.child_id,
                happened=EventDate.on_day(uk_today() - timedelta(days=RECEIVED_DAYS_AGO + 20)),
                source="Phone call",
                category="Family",
                description=(
                    f"{adult.full_name()} phoned to say a neighbour, {NEIGHBOUR}, had been shouting at the "
                    "children over the fence; advised to keep a note of any further incidents."
                ),
                recorded_by=vault.practitioner,
            )
        )
    request = log_request(vault, adult_id, "adult", adult.full_name(), uk_today() - timedelta(days=RECEIVED_DAYS_AGO))
    return DemoSar(request.id, adult_id)
