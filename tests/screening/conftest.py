"""Fixtures shared by the screening tests."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from safeguard_desktop.domain.people import Adult, Child, Relationship, RelationshipType
from safeguard_desktop.vault.session import Vault


@pytest.fixture
def family(vault: Vault) -> tuple[Any, Any]:
    """A made-up child and her mother, who lives with her."""
    child = vault.children.add(Child(given_names="Wren", family_name="Falconbridge", date_of_birth=date(2024, 3, 2)))
    mother = vault.adults.add(Adult(given_names="Juno", family_name="Falconbridge"))
    vault.relationships.add(
        Relationship(
            adult_id=mother.record_id,
            child_id=child.record_id,
            relationship=RelationshipType.MOTHER,
            parental_responsibility=True,
            lives_in_home=True,
        )
    )
    return child, mother
