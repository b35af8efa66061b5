"""Vocabularies and their labels."""

from typing import Any

import pytest

from safeguard_desktop.domain.categories import (
    CATEGORY_LABELS,
    ChildRole,
    ConcernCategory,
    ConcernStatus,
    Impact,
    InformedParty,
    RelationshipType,
    Significance,
)


def test_every_category_has_a_label() -> None:
    assert set(CATEGORY_LABELS) == set(ConcernCategory)
    assert all(label and label[0].isupper() for label in CATEGORY_LABELS.values())
    assert ConcernCategory.NEGLECT.label() == "Neglect"
    assert ConcernCategory.DOMESTIC_ABUSE.label() == "Domestic abuse"


def test_allegations_against_staff_are_not_a_child_category() -> None:
    text = " ".join(CATEGORY_LABELS.values()).lower()
    assert "staff" not in text and "lado" not in text and "allegation" not in text


def test_kcsie_coverage() -> None:
    labels = " ".join(CATEGORY_LABELS.values()).lower()
    for phrase in [
        "fabricated or induced illness",
        "county lines",
        "upskirting",
        "prevent",
        "honour-based",
        "fgm",
        "forced marriage",
        "modern slavery",
        "self-harm",
        "private fostering",
        "operation encompass",
        "cyberbullying",
    ]:
        assert phrase in labels


def test_child_on_child_kinds() -> None:
    assert ConcernCategory.UPSKIRTING.is_child_on_child()
    assert not ConcernCategory.NEGLECT.is_child_on_child()


@pytest.mark.parametrize(
    "enum_type",
    [ChildRole, ConcernStatus, RelationshipType, Impact, Significance, InformedParty],
)
def test_every_small_enum_member_has_a_label(enum_type: Any) -> None:
    for member in enum_type:
        assert member.label()


def test_labels_do_not_collide_across_enums() -> None:
    # "other" is a value in several enums; each must keep its own label.
    assert ChildRole.VICTIM.label() == "Victim or subject"
    assert ChildRole.OTHER.label() == "Other"
    assert InformedParty.DSL.label() == "Designated Safeguarding Lead"
    assert RelationshipType.STEP_PARENT.label() == "Step-parent"


def test_values_are_stable_strings() -> None:
    assert ChildRole("alleged_perpetrator") is ChildRole.ALLEGED_PERPETRATOR
    assert Significance.BACKGROUND.value == "background"
