"""Shared made-up people for the domain tests."""

import pytest

from safeguard_desktop.domain.practitioner import Practitioner


@pytest.fixture
def practitioner() -> Practitioner:
    """A fictional Designated Safeguarding Lead."""
    return Practitioner(
        name="Morwenna Quillfeather",
        role="Designated Safeguarding Lead",
        organisation="Larkspur Primary School",
        contact="01234 000000",
    )
