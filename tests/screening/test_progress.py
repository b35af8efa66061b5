"""A screening saved as it goes, resumed, signed off, and corrected by a new version."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.domain.people import Adult, Child, Relationship, RelationshipType
from safeguard_desktop.domain.ukdates import uk_today
from safeguard_desktop.screening import progress
from safeguard_desktop.screening.pack import shipped_pack
from safeguard_desktop.screening.progress import ScreeningIncomplete
from safeguard_desktop.vault.session import Vault
from tests.conftest import PASSPHRASE


@pytest.fixture
def family(vault: Vault):
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


def _complete(work: progress.InProgress, carer_id) -> progress.InProgress:
    pack = shipped_pack()
    today = uk_today()
    return work.model_copy(
        update={
            "carer_id": carer_id,
            "observed_from": today - timedelta(days=7),
            "observed_to": today,
            "place": "Family home",
            "grades": {sub.id: 2 for area in pack.areas for sub in area.sub_areas} | {"nutrition": 4},
            "evidence": {sub.id: f"Seen: {sub.name}" for area in pack.areas for sub in area.sub_areas},
            "area_grades": {area.id: 2 for area in pack.areas} | {"physical": 3},
            "rationales": {area.id: f"Judged from what I saw of {area.name}" for area in pack.areas},
            "strengths": "Juno is warm with Wren and asks for help.",
        }
    )


def test_work_in_progress_survives_closing_the_vault_and_resumes_where_it_stopped(vault_path, vault, family):
    child, _ = family
    work = progress.start(child.record_id, shipped_pack())
    work = progress.save(
        vault,
        work.model_copy(
            update={
                "grades": {"nutrition": 4},
                "evidence": {"nutrition": "Empty fridge"},
                "position": "evidence:housing",
            }
        ),
    )
    assert not vault.timeline.search("fridge").hits  # work in progress is not indexed or in any chronology
    vault.close()

    again = Vault.open(vault_path, PASSPHRASE)
    try:
        (resumed,) = progress.unfinished(again, child.record_id)
        assert resumed == work and resumed.position == "evidence:housing"
        assert progress.load(again, work.draft_id) == work
        assert again.screenings.count() == 0  # nothing is a record until signed off
    finally:
        again.close()


def test_sign_off_names_everything_missing_and_keeps_the_work(vault, family):
    child, _ = family
    work = progress.save(vault, progress.start(child.record_id, shipped_pack()))
    with pytest.raises(ScreeningIncomplete) as caught:
        progress.sign_off(vault, work, shipped_pack(), signed_by=vault.practitioner)
    text = caught.value.message
    assert "choose the carer" in text and "Nutrition" in text and "Physical care as a whole" in text
    assert progress.unfinished(vault) == [work]


def test_signed_off_screening_is_a_record_in_the_chronology_and_its_work_is_gone(vault, family):
    child, mother = family
    work = progress.save(vault, _complete(progress.start(child.record_id, shipped_pack()), mother.record_id))
    stored = progress.sign_off(vault, work, shipped_pack(), signed_by=vault.practitioner)

    screening = stored.data
    assert screening.carer_name == "Juno Falconbridge" and screening.carer_relationship == "Mother"
    assert screening.pack == shipped_pack().ref()
    assert screening.area_grade("physical").grade == 3  # the practitioner's choice, not an average
    assert progress.unfinished(vault) == []
    (row,) = vault.timeline.rows(child.record_id)
    assert row.kind == "screening" and "Physical care 3" in row.summary
    assert vault.timeline.search("Juno warm").hits


def test_a_correction_signs_off_as_a_new_version_with_a_reason(vault, family):
    child, mother = family
    work = _complete(progress.start(child.record_id, shipped_pack()), mother.record_id)
    stored = progress.sign_off(vault, progress.save(vault, work), shipped_pack(), signed_by=vault.practitioner)

    fix = progress.for_correction(stored)
    fix = fix.model_copy(update={"area_grades": fix.area_grades | {"physical": 4}})
    with pytest.raises(DomainError, match="reason"):
        progress.sign_off(vault, fix, shipped_pack(), signed_by=vault.practitioner)
    progress.sign_off(vault, fix, shipped_pack(), signed_by=vault.practitioner, reason="Grade typed wrongly")

    versions = vault.screenings.history(stored.record_id)
    assert [v.data.area_grade("physical").grade for v in versions] == [3, 4]
    assert versions[-1].reason == "Grade typed wrongly"
    assert vault.check().ok
