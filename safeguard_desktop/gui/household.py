"""A child's household read through the repositories: their adults, and siblings via them.

No Qt here; it lives in gui/ only because the record view and the forms are its users. It
could move to the core unchanged if the CLI or the referral builder need it.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from safeguard_desktop.domain.categories import RelationshipType
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


# The adults whose home is the child's family home when they live there: a grandparent, a carer or
# a family friend may be linked to children of several households, so they do not make a family.
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
class RelatedChild:
    """Another child linked to a child through a recorded adult, and whether they share a home."""

    child: Stored[Child]
    same_home: bool  # shares a parent-type adult who lives in the home of both children
    through: tuple[str, ...]  # how the shared adults are related to the first child, e.g. ("Grandparent",)


def _at_home(rel: Stored[Relationship]) -> bool:
    return rel.data.relationship in PARENT_TYPES and rel.data.lives_in_home


def related_children(vault: Vault, child_id: UUID) -> list[RelatedChild]:
    """Every other child sharing a recorded adult with this child: those in the same home first, then by name.

    Unlike `siblings_of`, a shared grandparent, carer, family friend or a parent who does not live
    with both children does not make them one household (`same_home` is False for those).
    """
    found: dict[UUID, RelatedChild] = {}
    for own, adult in people_of(vault, child_id):
        label = own.data.relationship.label()
        for rel in vault.relationships.list(linked_to=adult.record_id):
            other = rel.data.child_id
            if other == child_id or rel.data.adult_id != adult.record_id:
                continue
            same_home = _at_home(own) and _at_home(rel)
            known = found.get(other)
            if known is None:
                try:
                    child = vault.children.get(other)
                except RecordNotFound:
                    continue
                if child.withdrawn:
                    continue
                found[other] = RelatedChild(child, same_home, (label,))
            else:
                through = known.through if label in known.through else (*known.through, label)
                found[other] = RelatedChild(known.child, known.same_home or same_home, through)
    return sorted(found.values(), key=lambda r: (not r.same_home, r.child.data.title().casefold()))


def household_of(vault: Vault, child_id: UUID) -> list[Stored[Child]]:
    """The other children of this child's home: sharing a parent-type adult who lives with both."""
    return [related.child for related in related_children(vault, child_id) if related.same_home]
