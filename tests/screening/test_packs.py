"""Screening packs: the published format, refusals that name the problem, import, and the pack in use."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from safeguard_desktop.assets import resource
from safeguard_desktop.domain.people import Adult, Child, Relationship, RelationshipType
from safeguard_desktop.screening import progress
from safeguard_desktop.screening.pack import SHIPPED_PACK, ScreeningPack, shipped_pack
from safeguard_desktop.screening.packs import (
    MAX_PACK_BYTES,
    AlreadyImported,
    PackRefused,
    available_packs,
    current_pack,
    id_mismatches,
    import_pack,
    mismatch_note,
    pack_for,
    read_pack_file,
)
from safeguard_desktop.screening.schema import SCHEMA_PATH, pack_schema, schema_text
from safeguard_desktop.vault import audit
from safeguard_desktop.vault.session import Vault
from tests.screening.test_progress import _complete


def shipped_raw() -> dict[str, Any]:
    """The shipped pack as an organisation would start editing it."""
    data: dict[str, Any] = json.loads(resource(*SHIPPED_PACK).read_bytes())
    return data


def licensed_raw() -> dict[str, Any]:
    """A licensed-style pack: same IDs, a new edition, new prompts and made-up descriptors."""
    raw = shipped_raw()
    raw.update(
        edition="2027.1", publisher="Brackenmoor Community Health", licence="Licensed words (made up for tests)."
    )
    for area in raw["areas"]:
        for sub in area["sub_areas"]:
            sub["prompt"] = f"Glimmerwick prompt about {sub['name']} <b>&amp;</b>"
            sub["descriptors"] = {str(g): f"Quandorel descriptor {g} for {sub['id']}" for g in range(1, 6)}
    return raw


def county_raw() -> dict[str, Any]:
    """The county's newer tool: its own pack_id, and one sub-area the shipped pack lacks."""
    raw = shipped_raw()
    raw.update(pack_id="county-neglect-tool", title="County neglect screening tool", edition="1.0")
    raw["areas"][0]["sub_areas"].append({"id": "sleep", "name": "Sleep", "prompt": "Where and when the child sleeps."})
    return raw


@pytest.fixture
def family(vault: Vault) -> tuple[Any, Any]:
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


def encode(raw: Any) -> bytes:
    return json.dumps(raw, indent=2).encode("utf-8")


# -- the published format --------------------------------------------------------------------


def test_the_published_schema_is_generated_from_the_model_and_cannot_drift():
    assert json.loads(SCHEMA_PATH.read_text("utf-8")) == pack_schema()
    assert SCHEMA_PATH.read_text("utf-8") == schema_text()
    Draft202012Validator.check_schema(pack_schema())


def test_the_shipped_pack_and_a_licensed_pack_satisfy_the_published_schema():
    validator = Draft202012Validator(json.loads(SCHEMA_PATH.read_text("utf-8")))
    assert list(validator.iter_errors(shipped_raw())) == []
    assert list(validator.iter_errors(licensed_raw())) == []
    broken = shipped_raw()
    del broken["areas"][0]["sub_areas"][0]["prompt"]
    assert [e.message for e in validator.iter_errors(broken)] == ["'prompt' is a required property"]


# -- refusals that name the problem ----------------------------------------------------------


def _refusal(data: bytes) -> str:
    with pytest.raises(PackRefused) as caught:
        read_pack_file(data)
    assert "Traceback" not in caught.value.message
    return caught.value.message


def test_a_missing_field_is_named_by_where_it_is():
    raw = shipped_raw()
    del raw["areas"][2]["sub_areas"][0]["prompt"]
    assert "areas → 2 → sub_areas → 0 → prompt: Field required" in _refusal(encode(raw))


def test_descriptors_only_for_grades_one_to_five():
    raw = licensed_raw()
    raw["areas"][1]["sub_areas"][0]["descriptors"]["6"] = "Quandorel"
    message = _refusal(encode(raw))
    assert "areas → 1 → sub_areas → 0" in message and "descriptors for grades ['6']; grades are 1 to 5" in message


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"{ not json", "not valid JSON (line 1, column 3)"),
        (b"\xff\xfe\x00junk", "not text in UTF-8"),
        (b"[1, 2, 3]", "not an object with a pack's fields"),
        (b"{}", "format: Field required"),
        (b" " * (MAX_PACK_BYTES + 1), "too large to be a screening pack"),
    ],
)
def test_files_that_are_not_packs_are_refused_with_the_reason(data, words):
    assert words in _refusal(data)


def test_a_newer_format_asks_for_an_app_update():
    assert "Update the app" in _refusal(encode({**shipped_raw(), "format": 2}))


def test_duplicate_ids_and_missing_grade_meanings_are_named():
    raw = shipped_raw()
    raw["areas"][1]["sub_areas"][0]["id"] = "nutrition"
    raw["grade_meanings"] = raw["grade_meanings"][:4]
    message = _refusal(encode(raw))
    assert "the ID 'nutrition' is used twice" in message
    assert "grade_meanings must give each grade 1 to 5 once, not [1, 2, 3, 4]" in message


def test_many_problems_are_listed_five_at_a_time():
    raw = shipped_raw()
    for area in raw["areas"]:
        for sub in area["sub_areas"]:
            sub["name"] = ""
    message = _refusal(encode(raw))
    assert message.count("\n  - ") == 5
    assert "… and 8 more." in message  # the shipped pack has 13 sub-areas


# -- import and the pack in use --------------------------------------------------------------


def test_a_valid_pack_replaces_the_prompts_for_new_screenings_and_old_screenings_keep_theirs(vault: Vault, family):
    child, mother = family
    old = shipped_pack()
    work = progress.save(vault, _complete(progress.start(child.record_id, current_pack(vault)), mother.record_id))
    before = progress.sign_off(vault, work, old, signed_by=vault.practitioner)
    unfinished = progress.save(vault, progress.start(child.record_id, current_pack(vault)))

    ref = import_pack(vault, encode(licensed_raw()))
    assert ref.edition == "2027.1" and ref.pack_id == "gcp2-structure"

    new = current_pack(vault)
    assert new.ref() == ref and new.licensed
    assert new.sub_area("nutrition")[1].prompt == "Glimmerwick prompt about Nutrition <b>&amp;</b>"
    assert new.sub_area("nutrition")[1].descriptors["5"] == "Quandorel descriptor 5 for nutrition"
    assert progress.start(child.record_id, current_pack(vault)).pack == ref

    # A signed-off screening and one in progress both still find the exact pack they began with.
    assert pack_for(vault, before.data.pack) == old
    assert pack_for(vault, unfinished.pack) == old
    assert pack_for(vault, ref) == new
    assert id_mismatches(new) == [] and mismatch_note(new) is None

    listed = available_packs(vault)
    assert [(p.ref.edition, p.current, p.shipped) for p in listed] == [("2027.1", True, False), ("2026.1", False, True)]
    assert listed[0].origin.startswith("imported ") and vault.practitioner.name in listed[0].origin
    assert vault.check().ok


def test_every_import_is_audited_by_digest_in_the_same_transaction(vault: Vault):
    events = len(audit.events(vault._ctx.conn))
    ref = import_pack(vault, encode(licensed_raw()))
    event = audit.events(vault._ctx.conn)[-1]
    assert len(audit.events(vault._ctx.conn)) == events + 1
    assert event.action == "screening_pack.import" and event.record_id == ref.digest
    assert "Glimmerwick" not in json.dumps(event.body())  # the chain holds digests, never text
    (kept,) = vault.screening_packs.packs()
    assert vault.screening_packs.payload(kept.digest) == ScreeningPack.model_validate(licensed_raw()).canonical_bytes()
    assert audit.verify(vault._ctx.conn) == [] and vault.check().ok


def test_an_identical_pack_is_refused_and_nothing_changes(vault: Vault):
    data = encode(licensed_raw())
    import_pack(vault, data)
    head = vault.audit_head()
    # The same content laid out differently is the same pack.
    with pytest.raises(AlreadyImported, match=r"already imported: .*2027\.1"):
        import_pack(vault, json.dumps(licensed_raw(), separators=(",", ":")).encode())
    with pytest.raises(AlreadyImported, match="shipped with the app"):
        import_pack(vault, resource(*SHIPPED_PACK).read_bytes())
    assert vault.audit_head() == head and len(vault.screening_packs.packs()) == 1


def test_an_invalid_pack_is_refused_and_nothing_is_stored(vault: Vault):
    raw = licensed_raw()
    del raw["areas"][0]["sub_areas"][0]["prompt"]
    head = vault.audit_head()
    with pytest.raises(PackRefused, match="prompt: Field required"):
        import_pack(vault, encode(raw))
    assert vault.audit_head() == head and vault.screening_packs.packs() == []
    assert current_pack(vault) == shipped_pack()


def test_a_newer_import_of_the_same_pack_id_becomes_current(vault: Vault):
    first = import_pack(vault, encode(licensed_raw()))
    second_raw = licensed_raw() | {"edition": "2027.2"}
    second = import_pack(vault, encode(second_raw))
    assert current_pack(vault).ref() == second
    assert pack_for(vault, first) is not None and pack_for(vault, first).edition == "2027.1"
    assert [p.ref.edition for p in available_packs(vault) if p.current] == ["2027.2"]


def test_the_county_tool_has_its_own_pack_id_and_warns_that_comparisons_will_not_line_up(vault: Vault):
    ref = import_pack(vault, encode(county_raw()))
    assert current_pack(vault) == shipped_pack()  # the GCP2 pack in use is unchanged
    county = current_pack(vault, "county-neglect-tool")
    assert county.ref() == ref
    assert id_mismatches(county) == ["'sleep' (not in the shipped pack)"]
    note = mismatch_note(county)
    assert note and "'sleep'" in note and "will not line up" in note
    listed = available_packs(vault)
    assert [(p.ref.pack_id, p.current, p.note is not None) for p in listed] == [
        ("county-neglect-tool", True, True),
        ("gcp2-structure", True, False),
    ]
    with pytest.raises(PackRefused, match="No screening pack with the ID 'other-tool'"):
        current_pack(vault, "other-tool")


def test_a_pack_no_longer_held_is_none(vault: Vault):
    ref = ScreeningPack.model_validate(licensed_raw()).ref()
    assert pack_for(vault, ref) is None
