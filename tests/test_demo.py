"""The demo vault: uneven volume, plans and meetings, siblings, reviews, corrections, body marks."""

from __future__ import annotations

import random
import statistics
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from safeguard_desktop import demo as demo_module
from safeguard_desktop.demo import DEMO_PASSPHRASE, build_demo_vault, child_volumes
from safeguard_desktop.demo_records import body_regions
from safeguard_desktop.domain.categories import ChildRole, ConcernCategory
from safeguard_desktop.domain.status import ChildStatus
from safeguard_desktop.domain.ukdates import uk_today
from safeguard_desktop.vault.session import Vault
from tests.conftest import FAST_KDF


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, demo_module.DemoResult]:
    path = tmp_path_factory.mktemp("demo") / "demo.vault"
    return path, build_demo_vault(path, kdf=FAST_KDF, children=12)


@pytest.fixture
def vault(built: tuple[Path, demo_module.DemoResult]):
    with Vault.open(built[0], DEMO_PASSPHRASE) as opened:
        yield opened


def test_counts_reported_match_what_is_stored(built, vault):
    _, result = built
    assert vault.is_demo
    # The 12 asked for, and two former pupils whose files are due for review (the governance demo).
    assert vault.children.count() == result.children + result.former_pupils == 12 + 2
    assert vault.concerns.count(include_withdrawn=True) == result.concerns
    assert vault.chronology.count(include_withdrawn=True) == result.entries
    assert vault.status_periods.count() == result.status_periods > 0
    assert vault.meetings.count() == result.meetings > 0
    assert "status periods" in result.summary() and "Every person in it is made up" in result.summary()


def test_every_concern_shows_in_each_of_its_childrens_chronologies(vault):
    shown = {c.record_id: {r.record_id for r in vault.timeline.rows(c.record_id)} for c in vault.children.list()}
    concerns = vault.concerns.list(include_withdrawn=True)
    assert concerns
    for stored in concerns:
        for child in stored.data.children:
            assert stored.record_id in shown[child.child_id]
        rows = vault.timeline.items_of(stored.record_id)
        assert len(rows) == len(stored.data.children)
        assert all(r.withdrawn == stored.withdrawn for r in rows)


def test_some_concerns_name_several_children_in_different_roles(vault):
    several = [c.data for c in vault.concerns.list() if len(c.data.children) > 1]
    assert several
    roles = {role for concern in several for child in concern.children for role in child.roles}
    assert ChildRole.VICTIM in roles and (ChildRole.WITNESS in roles or ChildRole.ALLEGED_PERPETRATOR in roles)


def test_plans_and_meetings_are_shared_by_siblings_and_record_parents(vault):
    periods = [p.data for p in vault.status_periods.list()]
    statuses = {p.status for p in periods}
    assert ChildStatus.EARLY_HELP in statuses
    for period in periods:
        assert (period.cp_category is not None) == (period.status is ChildStatus.CHILD_PROTECTION)
        assert period.end is None or period.start <= period.end <= uk_today()
    meetings = [m.data for m in vault.meetings.list()]
    assert all(m.parents_line().startswith("Parents and carers:") for m in meetings)
    assert any(a.is_parent and a.role == "Father" for m in meetings for a in m.attendees)
    # Each meeting shows in every child's chronology it was about.
    for stored in vault.meetings.list(limit=20):
        assert len(vault.timeline.items_of(stored.record_id)) == len(stored.data.child_ids)


def test_reviews_fill_the_due_list_for_the_coming_weeks(vault):
    due = vault.timeline.due(uk_today() + timedelta(weeks=6))
    assert any(row.kind == "concern" and row.due > uk_today() for row in due)


def test_some_records_were_corrected_or_withdrawn(vault):
    withdrawn = vault.concerns.count(include_withdrawn=True) - vault.concerns.count()
    withdrawn += vault.chronology.count(include_withdrawn=True) - vault.chronology.count()
    assert withdrawn > 0


def test_physical_abuse_concerns_carry_body_marks_on_known_regions(vault):
    regions = body_regions()
    physical = [c.data for c in vault.concerns.list(include_withdrawn=True)]
    physical = [c for c in physical if ConcernCategory.PHYSICAL_ABUSE in c.categories]
    marked = [c for c in physical if c.body_marks]
    assert marked and len(marked) < len(physical)  # a few, not all
    for concern in marked:
        for mark in concern.body_marks:
            assert mark.region in {key for key, _ in regions[mark.side]}
            assert mark.child_id in concern.linked_child_ids()


def test_search_finds_made_up_words_in_many_records_and_rare_ones_in_few(vault):
    common, rare = vault.timeline.search("school", limit=10_000), vault.timeline.search("allotment", limit=10_000)
    assert len(common) > len(rare) > 0


def test_volume_is_uneven_and_scales_with_the_number_of_children():
    for children in (20, 200, 2000):
        volumes = child_volumes(children, random.Random(7))
        assert len(volumes) == children
        assert abs(sum(volumes) - 150 * children) < 0.1 * 150 * children
    volumes = child_volumes(2000, random.Random(2026))
    heavy = [v for v in volumes if v >= 1000]
    assert 5 <= len(heavy) <= 20 and max(volumes) <= 2500
    assert statistics.median(volumes) < 40  # most children have few records
    # Small demos have no outliers at all.
    assert max(child_volumes(5, random.Random(1))) < 1000


def test_more_children_make_more_records(tmp_path):
    small = build_demo_vault(tmp_path / "s.vault", kdf=FAST_KDF, children=2)
    large = build_demo_vault(tmp_path / "l.vault", kdf=FAST_KDF, children=6)
    assert large.concerns > small.concerns and large.entries > small.entries


def test_long_builds_report_progress(tmp_path, monkeypatch):
    monkeypatch.setattr(demo_module, "PROGRESS_FROM", 0)
    lines: list[str] = []
    build_demo_vault(tmp_path / "p.vault", kdf=FAST_KDF, children=3, progress=lines.append)
    assert lines and lines[-1].startswith("Demo vault: 100%")
    percents = [int(line.split()[2].rstrip("%")) for line in lines]
    assert percents == sorted(percents)
    assert Counter(percents).most_common(1)[0][1] == 1
