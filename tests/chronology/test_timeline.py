"""The chronology projection: every record kind shows in each child's timeline, in step."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from safeguard_desktop.chronology.timeline import TimelineFilter
from safeguard_desktop.domain.categories import ChildRole, ConcernCategory, Impact, Significance
from safeguard_desktop.domain.chronology import ChronologyEntry
from safeguard_desktop.domain.concern import Concern, ConcernChild, ConcernReview
from safeguard_desktop.domain.eventdate import DatePrecision, EventDate
from safeguard_desktop.domain.meeting import Attendee, Meeting, MeetingAction, MeetingType
from safeguard_desktop.domain.people import Child
from safeguard_desktop.domain.status import ChildStatus, CPCategory, StatusPeriod
from safeguard_desktop.domain.ukdates import uk_today, utc_now
from safeguard_desktop.vault.session import Vault
from tests.conftest import PASSPHRASE


def _child(vault: Vault, given: str, family: str = "Marchetti-Oduya") -> object:
    return vault.children.add(Child(given_names=given, family_name=family, date_of_birth=date(2014, 6, 1)))


@pytest.fixture
def siblings(vault: Vault) -> tuple[object, object]:
    return _child(vault, "Ottoline"), _child(vault, "Caspian")


def _concern(vault: Vault, victim, witness, **changes) -> Concern:
    fields = {
        "happened": EventDate.in_month(2024, 3, approximate=True),
        "children": [
            ConcernChild(child_id=victim.record_id, roles=frozenset({ChildRole.VICTIM})),
            ConcernChild(child_id=witness.record_id, roles=frozenset({ChildRole.WITNESS, ChildRole.OTHER})),
        ],
        "categories": frozenset({ConcernCategory.DOMESTIC_ABUSE, ConcernCategory.NEGLECT}),
        "recorded_by": vault.practitioner,
        "account": "Said the shouting at home kept her awake; came in without breakfast.",
    }
    fields.update(changes)
    return Concern(**fields)


def test_a_concern_shows_in_each_childs_chronology_with_that_childs_role(vault, siblings):
    victim, witness = siblings
    stored = vault.concerns.add(_concern(vault, victim, witness))
    (mine,) = vault.timeline.rows(victim.record_id)
    (theirs,) = vault.timeline.rows(witness.record_id)
    assert mine.record_id == theirs.record_id == stored.record_id
    assert mine.role == "Victim or subject"
    assert theirs.role == "Witness; Other"
    # Categories in the order the vocabulary declares them, and the date with its precision.
    assert mine.categories == ("Neglect", "Domestic abuse")
    assert mine.date_text == "around March 2024"
    assert mine.precision is DatePrecision.MONTH
    assert mine.recorded_by == vault.practitioner.name
    assert mine.kind == "concern"


def test_a_correction_replaces_the_rows_and_withdrawal_marks_them(vault, siblings):
    victim, witness = siblings
    stored = vault.concerns.add(_concern(vault, victim, witness))
    only_victim = [ConcernChild(child_id=victim.record_id, roles=frozenset({ChildRole.VICTIM}))]
    vault.concerns.amend(
        stored.record_id, _concern(vault, victim, witness, children=only_victim), "Brother was not there"
    )
    assert vault.timeline.rows(witness.record_id) == []
    assert len(vault.timeline.rows(victim.record_id)) == 1
    vault.concerns.withdraw(stored.record_id, "Logged against the wrong family")
    (row,) = vault.timeline.rows(victim.record_id)
    assert row.withdrawn
    assert vault.timeline.rows(victim.record_id, TimelineFilter(include_withdrawn=False)) == []


def test_every_kind_merges_in_date_order(vault, siblings):
    child, brother = siblings
    vault.concerns.add(_concern(vault, child, brother, happened=EventDate.on_day(date(2024, 5, 2))))
    vault.chronology.add(
        ChronologyEntry(
            child_id=child.record_id,
            happened=EventDate.in_year(2023),
            category="House move",
            description="Moved to a flat across town; changed GP.",
            impact=Impact.NEUTRAL,
            significance=Significance.BACKGROUND,
            recorded_by=vault.practitioner,
        )
    )
    vault.status_periods.add(
        StatusPeriod(
            child_id=child.record_id,
            status=ChildStatus.CHILD_PROTECTION,
            cp_category=CPCategory.NEGLECT,
            start=date(2024, 6, 10),
            end=date(2025, 1, 20),
            recorded_by=vault.practitioner,
        )
    )
    vault.meetings.add(
        Meeting(
            meeting_type=MeetingType.INITIAL_CP_CONFERENCE,
            held=EventDate.on_day(date(2024, 6, 10)),
            child_ids=[child.record_id, brother.record_id],
            attendees=[
                Attendee(name="Mother", role="Mother", is_parent=True, attended=True),
                Attendee(name="Father", role="Father", is_parent=True, attended=False),
                Attendee(name="Ms Vantongeren", role="Social worker"),
            ],
            decisions="Child Protection plan under neglect.",
            actions=[MeetingAction(action="Core group within ten days", owner="Social worker", due=uk_today())],
            recorded_by=vault.practitioner,
        )
    )
    rows = vault.timeline.rows(child.record_id)
    assert [r.kind for r in rows] == ["chronology_entry", "concern", "status_period", "meeting", "status_period"]
    assert "Child Protection plan (neglect) began." in rows[2].summary
    assert "(Mother) attended; Father (Father) did not attend" in rows[3].summary
    assert rows[4].summary == "Child Protection plan (neglect) ended."
    # The brother sees the meeting and the concern, not his sister's plan.
    assert [r.kind for r in vault.timeline.rows(brother.record_id)] == ["concern", "meeting"]
    newest_first = vault.timeline.rows(child.record_id, sort="date", descending=True)
    assert [r.kind for r in newest_first] == list(reversed([r.kind for r in rows]))


def test_filters_narrow_by_category_significance_dates_and_words(vault, siblings):
    child, brother = siblings
    for n, (year, category, significance) in enumerate(
        [(2021, "School exclusion", Significance.SIGNIFICANT), (2022, "House move", Significance.BACKGROUND)]
    ):
        vault.chronology.add(
            ChronologyEntry(
                child_id=child.record_id,
                happened=EventDate.on_day(date(year, 2, 1)),
                category=category,
                description=f"Entry number {n} about a trampoline",
                significance=significance,
                recorded_by=vault.practitioner,
            )
        )
    vault.concerns.add(_concern(vault, child, brother, happened=EventDate.on_day(date(2023, 9, 9))))
    count = vault.timeline.count
    cid = child.record_id
    assert count(cid) == 3
    assert count(cid, TimelineFilter(categories=frozenset({"Neglect"}))) == 1
    assert count(cid, TimelineFilter(categories=frozenset({"House move", "Neglect"}))) == 2
    assert count(cid, TimelineFilter().significant_only()) == 2
    assert count(cid, TimelineFilter(start=date(2022, 2, 1), end=date(2023, 9, 9))) == 2
    assert count(cid, TimelineFilter(end=date(2022, 1, 31))) == 1
    assert count(cid, TimelineFilter(text="trampol")) == 2
    assert count(cid, TimelineFilter(text="shouting breakfast")) == 1
    assert vault.timeline.categories(cid) == ["Domestic abuse", "House move", "Neglect", "School exclusion"]


def test_search_across_the_vault_names_the_children(vault, siblings):
    child, brother = siblings
    stored = vault.concerns.add(_concern(vault, child, brother, account="A quokka-shaped bruise on the forearm."))
    (hit,) = vault.timeline.search("quokka")
    assert hit.record_id == stored.record_id
    assert set(hit.child_ids) == {child.record_id, brother.record_id}
    blank = vault.timeline.search("   ")
    assert blank.hits == () and not blank.more


def _entry(vault: Vault, child, description: str) -> object:
    return vault.chronology.add(
        ChronologyEntry(
            child_id=child.record_id,
            happened=EventDate.on_day(date(2023, 5, 2)),
            description=description,
            recorded_by=vault.practitioner,
        )
    )


def test_search_puts_the_best_match_first_then_the_newest(vault, siblings):
    child, _ = siblings
    # The child's name sorts last by name, the old order's first place: relevance must win over it.
    named = _child(vault, "Zebedee", "Kumquat-Zylstra")
    best = _entry(vault, child, "Kumquat, kumquat, kumquat: she talked of nothing else.")
    older = _entry(vault, child, "Lunch in the hall, then the playground, then a kumquat from her bag, then maths.")
    newer = _entry(vault, child, "Lunch in the hall, then the playground, then a kumquat from her bag, then music.")
    found = vault.timeline.search("kumquat")
    assert not found.more
    order = [hit.record_id for hit in found]
    assert order.index(best.record_id) < order.index(newer.record_id) < order.index(older.record_id)
    assert set(order) == {named.record_id, best.record_id, older.record_id, newer.record_id}


def test_search_says_when_more_records_match_than_it_shows(vault, siblings):
    child, _ = siblings
    entries = [_entry(vault, child, f"Quince number {n} found in the playground.") for n in range(5)]
    newest_first = [e.record_id for e in reversed(entries)]
    shown = vault.timeline.search("quince", limit=3)
    assert shown.more and len(shown) == 3
    # Equally good matches, so the three most recently recorded, newest first; none of the others.
    assert [hit.record_id for hit in shown] == newest_first[:3]
    assert [hit.record_id for hit in vault.timeline.search("quince", limit=5)] == newest_first
    assert not vault.timeline.search("quince", limit=5).more
    assert not vault.timeline.search("quince playground", limit=100).more
    # A correction is recorded now, so the corrected entry is among the most recent again.
    oldest = entries[0]
    vault.chronology.amend(
        oldest.record_id,
        ChronologyEntry(**{**dict(oldest.data), "description": "Quince number 0 found by the gate."}),
        "Wrong place.",
    )
    assert oldest.record_id in {hit.record_id for hit in vault.timeline.search("quince", limit=3)}


def test_a_review_date_is_due_until_the_concern_closes(vault, siblings):
    child, brother = siblings
    soon = uk_today() + timedelta(days=3)
    review = ConcernReview(
        decision="Monitor; speak to mother",
        review_on=soon,
        reviewed_by=vault.practitioner,
        reviewed_at=utc_now(),
    )
    stored = vault.concerns.add(_concern(vault, child, brother, review=review))
    assert vault.timeline.due(uk_today()) == []
    (due,) = vault.timeline.due(soon)
    assert (due.record_id, due.due, due.child_id) == (stored.record_id, soon, child.record_id)
    vault.concerns.amend(
        stored.record_id, _concern(vault, child, brother, review=review, status="closed"), "Closed after review"
    )
    assert vault.timeline.due(soon) == []


def test_an_older_vault_gets_its_chronology_built_on_unlock(vault_path, practitioner):
    from tests.conftest import FAST_KDF

    with Vault.create(vault_path, PASSPHRASE, practitioner, kdf=FAST_KDF) as vault:
        child, brother = _child(vault, "Ottoline"), _child(vault, "Caspian")
        vault.concerns.add(_concern(vault, child, brother))
        # As a vault from before the projections would be: no rows, no projection version.
        vault._ctx.conn.execute("DELETE FROM timeline")
        vault._ctx.conn.execute("DELETE FROM meta WHERE key = 'projection_version'")
        assert vault.timeline.rows(child.record_id) == []
    with Vault.open(vault_path, PASSPHRASE) as vault:
        assert len(vault.timeline.rows(child.record_id)) == 1
        assert vault.check().ok


def test_check_proves_the_chronology_against_the_versions(vault, siblings):
    child, brother = siblings
    stored = vault.concerns.add(_concern(vault, child, brother))
    assert vault.check().ok
    # Someone with the key rewrites a summary straight in the table: exports would show it.
    vault._ctx.conn.execute(
        "UPDATE timeline SET summary = 'Nothing of note.' WHERE record_id = ?", (str(stored.record_id),)
    )
    (fault,) = vault.check().faults
    assert str(stored.record_id) in fault and "chronology" in fault


def test_free_text_categories_find_their_colour_family():
    from safeguard_desktop.domain.timeline import Theme, theme_of

    assert theme_of("Housing") is Theme.FAMILY
    assert theme_of("School exclusion") is Theme.EDUCATION
    assert theme_of("Referred to CAMHS") is Theme.WELLBEING
    assert theme_of("Neglect") is Theme.NEGLECT
    assert theme_of("Something else") is Theme.OTHER
