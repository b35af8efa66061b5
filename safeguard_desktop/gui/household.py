"""A child's household read through the repositories: their adults, and siblings via them.

No Qt here; it lives in gui/ only because the record view and the forms are its users. It
could move to the core unchanged if the CLI or the referral builder need it.
"""

from __future__ import annotations

from uuid import UUID

from safeguard_desktop.domain.people import Adult, Child, Relationship
from safeguard_desktop.errors import RecordNotFound
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.store import Stored


def people_of(vault: Vault, child_id: UUID) -> list[tuple[Stored[Relationship], Stored[Adult]]]:
    """The child's relationships, each with its adult, parents first."""
    found: list[tuple[Stored[Relationship], Stored[Adult]]] = []
    for rel in vault.relationships.list(linked_to=child_id):
        if rel.data.child_id != child_id:
            continue
        try:
            adult = vault.adults.get(rel.data.adult_id)
        except RecordNotFound:
            continue
        if not adult.withdrawn:
            found.append((rel, adult))
    order = list(type(found[0][0].data.relationship)) if found else []
    found.sort(key=lambda pair: (order.index(pair[0].data.relationship), pair[1].data.title()))
    return found


def siblings_of(vault: Vault, child_id: UUID) -> list[Stored[Child]]:
    """Other children who share at least one recorded adult with this child."""
    seen = {child_id}
    siblings: list[Stored[Child]] = []
    for _, adult in people_of(vault, child_id):
        for rel in vault.relationships.list(linked_to=adult.record_id):
            other = rel.data.child_id
            if other in seen:
                continue
            seen.add(other)
            try:
                child = vault.children.get(other)
            except RecordNotFound:
                continue
            if not child.withdrawn:
                siblings.append(child)
    siblings.sort(key=lambda s: s.data.title().casefold())
    return siblings
