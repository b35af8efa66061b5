"""Work in progress that cannot be read back, and raw text typed into a field that does not parse."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

import pytest

from safeguard_desktop.domain.people import Child
from safeguard_desktop.domain.ukdates import format_date, uk_today
from safeguard_desktop.screening import progress
from safeguard_desktop.screening.pack import shipped_pack
from safeguard_desktop.screening.progress import DRAFT_PREFIX, ScreeningIncomplete
from safeguard_desktop.vault.session import Vault
from tests.screening.test_progress import _complete


@pytest.fixture
def other_child(vault: Vault):
    return vault.children.add(Child(given_names="Ossian", family_name="Thistlewood", date_of_birth=date(2021, 6, 9)))


def _damage(vault: Vault, key: str, payload: str) -> None:
    """Overwrite a draft's kept text, as a fault or a build with a different format might leave it."""
    vault._ctx.conn.execute("UPDATE drafts SET payload = ? WHERE key = ?", (payload, key))


def test_one_childs_damaged_draft_does_not_hide_another_childs_work(vault, family, other_child):
    child, _ = family
    good = progress.save(vault, progress.start(child.record_id, shipped_pack()))
    bad = progress.save(vault, progress.start(other_child.record_id, shipped_pack()))
    raw = vault.drafts.load(bad.key)
    vault.drafts.save(bad.key, raw | {"grades": {"nutrition": "not a grade"}})

    assert progress.unfinished(vault, child.record_id) == [good]
    assert progress.unfinished(vault) == [good]  # every child's: the damaged one is left out, not raised
    assert progress.unfinished(vault, other_child.record_id) == []

    (broken,) = progress.unreadable(vault, other_child.record_id)
    assert broken.key == bad.key and broken.child_id == other_child.record_id
    assert broken.saved_at is not None and abs(broken.saved_at - bad.updated_at) < timedelta(seconds=1)
    assert progress.unreadable(vault, child.record_id) == []
    assert progress.unreadable(vault) == [broken]

    progress.discard_key(vault, broken.key)
    assert progress.unreadable(vault) == [] and progress.unfinished(vault) == [good]


def test_a_draft_that_is_not_json_or_has_no_child_is_listed_only_without_a_child(vault, family):
    child, _ = family
    no_json = progress.save(vault, progress.start(child.record_id, shipped_pack()))
    _damage(vault, no_json.key, "{not json")
    no_child_key = f"{DRAFT_PREFIX}{uuid4()}"
    vault.drafts.save(no_child_key, {"child_id": "someone", "updated_at": "garbled"})

    assert progress.unfinished(vault) == [] and progress.unfinished(vault, child.record_id) == []
    assert progress.unreadable(vault, child.record_id) == []  # neither says whose it is
    found = {item.key: item for item in progress.unreadable(vault)}
    assert set(found) == {no_json.key, no_child_key}
    assert all(item.child_id is None and item.saved_at is None for item in found.values())
    for key in found:
        progress.discard_key(vault, key)
    assert progress.unreadable(vault) == []


def test_a_draft_filed_under_another_key_counts_as_unreadable(vault, family):
    child, _ = family
    work = progress.start(child.record_id, shipped_pack())
    stray = f"{DRAFT_PREFIX}{uuid4()}"
    vault.drafts.save(stray, work.model_dump(mode="json"))
    assert progress.unfinished(vault) == []  # discarding it would remove a different key
    assert [item.key for item in progress.unreadable(vault, child.record_id)] == [stray]


def test_discard_key_refuses_any_other_draft(vault):
    vault.drafts.save("concern:new", {"account": "kept"})
    with pytest.raises(ValueError):
        progress.discard_key(vault, "concern:new")
    assert vault.drafts.load("concern:new") == {"account": "kept"}


def test_an_older_draft_without_typed_texts_still_reads(vault, family):
    child, _ = family
    work = progress.save(vault, progress.start(child.record_id, shipped_pack()))
    raw = vault.drafts.load(work.key)
    del raw["typed"]
    vault.drafts.save(work.key, raw)
    assert progress.unfinished(vault) == [work]


def test_a_date_typed_that_does_not_parse_is_kept_and_named_at_sign_off(vault, family):
    child, mother = family
    tomorrow = format_date(uk_today() + timedelta(days=1))
    work = _complete(progress.start(child.record_id, shipped_pack()), mother.record_id)
    work = work.model_copy(
        update={
            "observed_from": None,
            "observed_to": None,
            "typed": {"observed_from": "31/02/2026", "observed_to": tomorrow},
        }
    )
    work = progress.save(vault, work)
    assert progress.load(vault, work.draft_id).typed == {"observed_from": "31/02/2026", "observed_to": tomorrow}

    problems = progress.missing(work, shipped_pack())
    assert (
        problems[0]
        == "check the start of the period observed: '31/02/2026' is not a date (February 2026 has no day 31)"
    )
    assert problems[1] == f"check the end of the period observed: '{tomorrow}' is in the future"
    assert "give the period observed" not in problems  # named once, by what was typed
    with pytest.raises(ScreeningIncomplete, match="31/02/2026"):
        progress.sign_off(vault, work, shipped_pack(), signed_by=vault.practitioner)
    assert vault.screenings.count() == 0 and progress.unfinished(vault) == [work]


def test_a_typed_text_is_named_even_beside_a_date_that_was_saved(vault, family):
    child, mother = family
    work = _complete(progress.start(child.record_id, shipped_pack()), mother.record_id)
    work = work.model_copy(update={"typed": {"review_by": "next spring"}})
    (problem,) = progress.missing(work, shipped_pack())
    assert problem.startswith("check the date to screen again by: 'next spring' is not a date")
    # Only an untyped, unset period is asked for in general words.
    half = work.model_copy(update={"observed_to": None, "typed": {"observed_from": "32/01/2026"}})
    assert "give the period observed" in progress.missing(half, shipped_pack())
