"""Timeline.points: the few fields a visual timeline draws, under the same filter as the rows."""

from __future__ import annotations

from datetime import date

from safeguard_desktop.chronology.timeline import TimelineFilter
from safeguard_desktop.domain.categories import Significance
from safeguard_desktop.domain.chronology import ChronologyEntry
from safeguard_desktop.domain.eventdate import DatePrecision, EventDate
from safeguard_desktop.domain.people import Child
from safeguard_desktop.domain.timeline import Theme
from safeguard_desktop.vault.session import Vault


def _entry(vault: Vault, child_id, day: date, category: str, significance: Significance) -> ChronologyEntry:
    return ChronologyEntry(
        child_id=child_id,
        happened=EventDate.on_day(day),
        category=category,
        description=f"{category} noted on {day:%d/%m/%Y}",
        significance=significance,
        recorded_by=vault.practitioner,
    )


def test_points_follow_the_rows_filter_and_order(vault: Vault) -> None:
    child = vault.children.add(Child(given_names="Tamsin", family_name="Ashdown-Mbeki", date_of_birth=date(2014, 2, 3)))
    other = vault.children.add(Child(given_names="Ruaridh", family_name="Ashdown", date_of_birth=date(2016, 5, 9)))
    late = vault.chronology.add(_entry(vault, child.record_id, date(2024, 6, 1), "Neglect", Significance.SIGNIFICANT))
    early = vault.chronology.add(
        _entry(vault, child.record_id, date(2023, 2, 1), "House move", Significance.BACKGROUND)
    )
    vault.chronology.add(_entry(vault, other.record_id, date(2023, 5, 1), "Neglect", Significance.SIGNIFICANT))
    vault.chronology.withdraw(late.record_id, "Entered against the wrong child.")

    points = vault.timeline.points(child.record_id)
    assert [(p[4], p[5]) for p in points] == [(early.record_id, 0), (late.record_id, 0)]
    at, theme, significance, withdrawn, _, _, precision = points[1]
    assert (at.year, theme, significance, withdrawn) == (2024, Theme.NEGLECT, Significance.SIGNIFICANT, True)
    assert precision is DatePrecision.DAY
    assert points[0][1:4] == (Theme.FAMILY, Significance.BACKGROUND, False)
    # The same filter as rows(): the points and the table can never disagree.
    flt = TimelineFilter(significance=Significance.SIGNIFICANT)
    assert [p[4] for p in vault.timeline.points(child.record_id, flt)] == [late.record_id]
    assert [p[4] for p in vault.timeline.points(child.record_id, TimelineFilter(text="house"))] == [early.record_id]
    assert len(vault.timeline.points(child.record_id)) == vault.timeline.count(child.record_id)
