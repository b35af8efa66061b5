"""What chosen indicators suggest: counts, the highest level, cumulative warnings and routes."""

from __future__ import annotations

from safeguard_desktop.thresholds.decision import ChosenIndicator
from safeguard_desktop.thresholds.guide import Indicator, ThresholdGuide
from safeguard_desktop.thresholds.library import shipped_guide
from safeguard_desktop.thresholds.suggest import suggest


def chosen(guide: ThresholdGuide, indicator: Indicator) -> ChosenIndicator:
    return ChosenIndicator(
        indicator_id=indicator.id,
        domain_id=indicator.domain,
        domain_name=guide.domain(indicator.domain).name,
        level=indicator.level,
        text=indicator.text,
    )


def pick(guide: ThresholdGuide, *indicator_ids: str) -> list[ChosenIndicator]:
    return [chosen(guide, guide.indicator(indicator_id)) for indicator_id in indicator_ids]


def routes_of(guide: ThresholdGuide, *levels: int) -> list[str]:
    """The routes of these levels, the highest level's first, each level in its own order."""
    ordered = [route_id for number in sorted(levels, reverse=True) for route_id in guide.level(number).routes]
    return list(dict.fromkeys(ordered))


def test_nothing_chosen_suggests_nothing():
    result = suggest(shipped_guide(), [])
    assert result.counts == {}
    assert result.highest is None
    assert result.cumulative == []
    assert result.levels_to_consider == []
    assert result.routes == []
    assert result.count("development", 2) == 0 and result.level_total(2) == 0


def test_counts_by_domain_and_level_and_the_highest_level():
    guide = shipped_guide()
    result = suggest(guide, pick(guide, "dev.health.2a", "dev.education.2a", "par.safety.3a", "fam.housing.1a"))
    assert result.count("development", 2) == 2
    assert result.count("parenting", 3) == 1
    assert result.count("family", 1) == 1
    assert result.count("family", 4) == 0
    assert result.level_total(2) == 2 and result.level_total(3) == 1
    assert result.highest == 3
    assert result.cumulative == []
    assert result.levels_to_consider == [3]
    assert [route.id for route in result.routes] == routes_of(guide, 3)


def test_free_text_indicators_count_too():
    guide = shipped_guide()
    own = ChosenIndicator(domain_id="family", domain_name="Family and environmental factors", level=4, text="Mine")
    result = suggest(guide, [*pick(guide, "dev.health.2a"), own])
    assert result.count("family", 4) == 1
    assert result.highest == 4


def test_enough_level_two_indicators_together_point_to_level_three():
    guide = shipped_guide()
    hint = guide.level(2).cumulative
    assert hint is not None
    below = suggest(guide, pick(guide, "dev.health.2a", "par.basic-care.2a")[: hint.count - 1])
    assert below.cumulative == []

    picked = pick(guide, "dev.health.2a", "par.basic-care.2a", "fam.housing.2a", "dev.education.2a")[: hint.count]
    result = suggest(guide, picked)
    (warning,) = result.cumulative
    assert (warning.level, warning.count, warning.points_to) == (2, hint.count, 3)
    assert warning.domains == len({indicator.domain_id for indicator in picked})
    assert warning.message == hint.message
    # The suggestion names both the highest level chosen and the one the warning points to.
    assert result.highest == 2
    assert result.levels_to_consider == [2, 3]
    assert [route.id for route in result.routes] == routes_of(guide, 2, 3)


def test_routes_come_highest_level_first_in_each_levels_order_without_repeats():
    guide = shipped_guide()
    hint = guide.level(3).cumulative
    assert hint is not None
    level_three = [indicator.id for indicator in guide.indicators_in(level=3)][: hint.count]
    result = suggest(guide, pick(guide, *level_three, "dev.health.2a", "par.safety.2a", "fam.income.2a"))
    assert result.levels_to_consider == [3, 4]
    assert [warning.points_to for warning in result.cumulative] == [3, 4]
    route_ids = [route.id for route in result.routes]
    assert len(route_ids) == len(set(route_ids))
    assert route_ids == routes_of(guide, 3, 4)
    assert route_ids[: len(guide.level(4).routes)] == guide.level(4).routes
    # Level 2's routes are not suggested: a level-2 warning points to 3, and 3 is already the highest.
    assert "early-help" not in route_ids


def test_a_free_text_level_the_edition_lacks_counts_but_suggests_no_route():
    guide = shipped_guide()
    beyond = len(guide.levels) + 1
    chosen = [ChosenIndicator(domain_id="family", domain_name="Family", level=beyond, text="Something new")]
    result = suggest(guide, chosen)
    assert result.highest == beyond and result.count("family", beyond) == 1
    assert result.levels_to_consider == [] and result.routes == []
