"""An app update that changes the shipped pack, and the choice of tool when more than one is held."""

from __future__ import annotations

from typing import Any

import pytest

from safeguard_desktop.screening import packs, progress
from safeguard_desktop.screening.pack import ScreeningPack, shipped_pack
from safeguard_desktop.screening.packs import available_packs, current_pack, current_packs, import_pack, pack_for
from safeguard_desktop.vault.session import Vault
from tests.screening.test_packs import county_raw, encode, licensed_raw
from tests.screening.test_progress import _complete


@pytest.fixture
def earlier_release(tmp_path, monkeypatch) -> Any:
    """The pack the release before this one shipped, kept in the earlier packs folder."""
    shipped = shipped_pack()
    area = shipped.areas[0]
    sub = area.sub_areas[0].model_copy(update={"prompt": "An older prompt, worded by the release before."})
    older_area = area.model_copy(update={"sub_areas": [sub, *area.sub_areas[1:]]})
    older = shipped.model_copy(update={"edition": "2025.1", "areas": [older_area, *shipped.areas[1:]]})
    older = ScreeningPack.model_validate(older.model_dump())
    (tmp_path / "2025.1.json").write_bytes(older.canonical_bytes())
    (tmp_path / "README.md").write_text("not a pack")  # only *.json is read
    real_resource = packs.resource
    packs._earlier_packs.cache_clear()
    monkeypatch.setattr(
        packs, "resource", lambda *parts: tmp_path if parts == packs.EARLIER_PACKS else real_resource(*parts)
    )
    yield older
    packs._earlier_packs.cache_clear()


def test_the_shipped_folder_of_earlier_packs_exists_and_holds_only_valid_packs():
    packs._earlier_packs.cache_clear()
    folder = packs.resource(*packs.EARLIER_PACKS)
    assert "Never edit or delete" in (folder / "README.md").read_text("utf-8")
    assert shipped_pack().ref().digest not in packs._earlier_packs()  # the current one is not "earlier"


def test_work_begun_and_screenings_signed_with_an_earlier_shipped_pack_still_find_it(
    vault: Vault, family, earlier_release
):
    child, mother = family
    older = earlier_release
    assert older.ref().digest != shipped_pack().ref().digest
    signed = progress.sign_off(
        vault,
        progress.save(vault, _complete(progress.start(child.record_id, older), mother.record_id)),
        older,
        signed_by=vault.practitioner,
    )
    begun = progress.save(vault, progress.start(child.record_id, older))

    # After the update: the shipped pack is the new one, the earlier one is still found by digest.
    assert current_pack(vault) == shipped_pack()
    assert pack_for(vault, begun.pack) == older
    assert pack_for(vault, signed.data.pack) == older
    finished = progress.sign_off(
        vault, _complete(begun, mother.record_id), pack_for(vault, begun.pack), signed_by=vault.practitioner
    )
    assert finished.data.pack == older.ref()

    fix = progress.for_correction(signed)
    fix = fix.model_copy(update={"area_grades": fix.area_grades | {"physical": 4}})
    corrected = progress.sign_off(
        vault, fix, pack_for(vault, fix.pack), signed_by=vault.practitioner, reason="Grade typed wrongly"
    )
    assert corrected.data.pack == older.ref() and corrected.data.area_grade("physical").grade == 4


def test_without_the_earlier_folder_an_old_pack_is_not_found(vault: Vault, tmp_path, monkeypatch):
    real_resource = packs.resource

    def missing(*parts: str):
        if parts == packs.EARLIER_PACKS:
            raise FileNotFoundError("resources/screening/earlier is missing from this installation")
        return real_resource(*parts)

    packs._earlier_packs.cache_clear()
    monkeypatch.setattr(packs, "resource", missing)
    try:
        ref = ScreeningPack.model_validate(licensed_raw()).ref()
        assert pack_for(vault, ref) is None and pack_for(vault, shipped_pack().ref()) == shipped_pack()
    finally:
        packs._earlier_packs.cache_clear()


def test_each_tool_has_its_own_current_pack_and_the_listing_says_which_tool(vault: Vault):
    assert current_packs(vault) == [shipped_pack()]
    (only,) = available_packs(vault)
    assert only.current_for_tool and only.in_use_words() == "Current pack for GCP2 neglect screening (gcp2-structure)"

    import_pack(vault, encode(licensed_raw()))
    county_data = county_raw() | {"tool": "County neglect screening"}
    county = import_pack(vault, encode(county_data))
    newer_county = import_pack(vault, encode(county_data | {"edition": "1.1"}))

    assert [p.ref() for p in current_packs(vault)] == [current_pack(vault).ref(), newer_county]
    assert current_packs(vault)[0].edition == "2027.1"  # the shipped tool first, with its newest import

    listed = available_packs(vault)
    rows = [(p.pack_id, p.tool, p.ref.edition, p.current_for_tool, p.in_use_words()) for p in listed]
    assert rows == [
        (
            "county-neglect-tool",
            "County neglect screening",
            "1.1",
            True,
            "Current pack for County neglect screening (county-neglect-tool)",
        ),
        ("county-neglect-tool", "County neglect screening", "1.0", False, ""),
        (
            "gcp2-structure",
            "GCP2 neglect screening",
            "2027.1",
            True,
            "Current pack for GCP2 neglect screening (gcp2-structure)",
        ),
        ("gcp2-structure", "GCP2 neglect screening", "2026.1", False, ""),
    ]
    assert all("new screenings" not in p.in_use_words() for p in listed)
    assert county != newer_county and [p.current for p in listed] == [p.current_for_tool for p in listed]
