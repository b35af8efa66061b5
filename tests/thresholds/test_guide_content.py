"""The shipped guide content: valid against its published schema, complete, and checked on load."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from pydantic import ValidationError

from safeguard_desktop.thresholds.guide import Action, ThresholdGuide
from safeguard_desktop.thresholds.library import shipped_guide
from safeguard_desktop.thresholds.schema import guide_schema, main, schema_text

ROOT = Path(__file__).resolve().parents[2]
GUIDE_JSON = ROOT / "resources" / "thresholds" / "guide.json"
SCHEMA_JSON = ROOT / "docs" / "threshold-guide.schema.json"


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    return json.loads(GUIDE_JSON.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_JSON.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_the_shipped_guide_validates_against_the_published_schema(raw, validator):
    errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(raw)]
    assert errors == []


def test_the_shipped_guide_loads_with_every_cross_reference_checked():
    guide = shipped_guide()
    assert guide == ThresholdGuide.from_json(GUIDE_JSON.read_bytes())
    assert guide.guide_id == "oxfordshire-threshold-of-needs"
    assert guide.source.publisher == "Oxfordshire Safeguarding Children Partnership"
    assert guide.edition().citation() == (
        "Threshold of Needs, Oxfordshire Safeguarding Children Partnership, July 2021 edition (01/07/2021)"
    )
    assert [level.number for level in guide.levels] == [1, 2, 3, 4]


def test_the_published_schema_is_the_one_the_model_generates():
    published = json.loads(SCHEMA_JSON.read_text(encoding="utf-8"))
    assert published == guide_schema(), (
        "docs/threshold-guide.schema.json is out of date: run `python -m safeguard_desktop.thresholds.schema`"
    )
    assert published["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert published["title"] and published["description"] and published["$id"]


def test_the_schema_command_writes_the_schema(tmp_path, capsys):
    target = tmp_path / "schema.json"
    assert main([str(target)]) == 0
    assert target.read_text(encoding="utf-8") == schema_text()
    assert str(target) in capsys.readouterr().out


def test_the_schema_refuses_content_of_the_wrong_shape(raw, validator):
    wrong_action = copy.deepcopy(raw)
    wrong_action["routes"][0]["action"] = "ring_someone"
    extra_field = copy.deepcopy(raw)
    extra_field["indicators"][0]["colour"] = "red"
    no_source = copy.deepcopy(raw)
    del no_source["source"]
    for content in (wrong_action, extra_field, no_source):
        assert not validator.is_valid(content)


def test_every_level_has_indicators_in_every_domain():
    guide = shipped_guide()
    for level in guide.levels:
        for domain in guide.domains:
            found = guide.indicators_in(domain=domain.id, level=level.number)
            assert len(found) >= 4, f"level {level.number} has only {len(found)} indicators in {domain.name}"


def test_indicators_are_spread_across_areas_and_ids_say_where_they_sit():
    guide = shipped_guide()
    prefixes = {"development": "dev", "parenting": "par", "family": "fam"}
    assert {domain.id for domain in guide.domains} == set(prefixes)
    for domain in guide.domains:
        used = {indicator.area for indicator in guide.indicators_in(domain=domain.id)}
        assert used == {area.id for area in domain.areas}, f"{domain.name} has areas with no indicators"
    for indicator in guide.indicators:
        assert indicator.id.startswith(f"{prefixes[indicator.domain]}.{indicator.area}.{indicator.level}")


def test_every_route_is_named_by_a_level_and_every_action_but_no_further_action_has_one():
    guide = shipped_guide()
    named = {route_id for level in guide.levels for route_id in level.routes}
    assert named == {route.id for route in guide.routes}
    actions = {route.action for route in guide.routes}
    assert actions == set(Action) - {Action.NO_FURTHER_ACTION}
    assert [route.id for route in guide.routes if route.urgent] == ["police-999"]


def test_level_two_and_three_can_together_point_higher():
    guide = shipped_guide()
    two, three = guide.level(2).cumulative, guide.level(3).cumulative
    assert two is not None and two.points_to == 3
    assert three is not None and three.points_to == 4
    assert guide.level(1).cumulative is None and guide.level(4).cumulative is None


def test_phone_first_numbers_are_on_the_mash_route():
    mash = shipped_guide().route("mash-referral")
    assert "0345 050 7666" in mash.contact and "0800 833 408" in mash.contact
    assert any("phone first" in step for step in mash.how)


def _refused(content: dict[str, Any]) -> str:
    with pytest.raises(ValidationError) as caught:
        ThresholdGuide.model_validate(content)
    return str(caught.value)


def test_a_level_naming_an_unknown_route_is_refused(raw):
    content = copy.deepcopy(raw)
    content["levels"][1]["routes"].append("carrier-pigeon")
    assert "level 2 names route 'carrier-pigeon', which is not in the guide" in _refused(content)


def test_an_indicator_in_an_unknown_domain_or_area_is_refused(raw):
    content = copy.deepcopy(raw)
    content["indicators"][0]["domain"] = "astrology"
    content["indicators"][1]["area"] = "horoscope"
    message = _refused(content)
    first, second = content["indicators"][0]["id"], content["indicators"][1]["id"]
    assert f"indicator '{first}' names domain 'astrology', which is not in the guide" in message
    assert f"indicator '{second}' names area 'horoscope', not in its domain" in message


def test_a_duplicate_id_is_refused(raw):
    content = copy.deepcopy(raw)
    content["indicators"][1]["id"] = content["indicators"][0]["id"]
    content["routes"][1]["id"] = content["routes"][0]["id"]
    message = _refused(content)
    assert f"indicator ID '{content['indicators'][0]['id']}' is used twice" in message
    assert f"route ID '{content['routes'][0]['id']}' is used twice" in message


def test_levels_with_a_gap_are_refused(raw):
    content = copy.deepcopy(raw)
    content["levels"] = [level for level in content["levels"] if level["number"] in (1, 3)]
    content["levels"][1]["cumulative"] = None
    content["indicators"] = [i for i in content["indicators"] if i["level"] in (1, 3)]
    assert "levels must be numbered 1, 2, 3… in order, not [1, 3]" in _refused(content)


def test_an_indicator_at_a_level_the_guide_lacks_is_refused(raw):
    content = copy.deepcopy(raw)
    content["indicators"][0]["level"] = 5
    assert f"indicator '{content['indicators'][0]['id']}' names level 5, which is not in the guide" in _refused(content)


def test_a_cumulative_hint_must_point_higher(raw):
    content = copy.deepcopy(raw)
    content["levels"][2]["cumulative"]["points_to"] = 2
    assert "level 3's cumulative hint must point to a higher level in the guide" in _refused(content)


def test_lookups_say_what_is_missing_with_a_key_error():
    guide = shipped_guide()
    assert guide.area_name("family", "housing") == "Housing"
    for lookup, args in (
        (guide.area_name, ("family", "astrology")),
        (guide.area_name, ("astrology", "housing")),
        (guide.level, (9,)),
        (guide.route, ("carrier-pigeon",)),
        (guide.indicator, ("dev.none.1z",)),
    ):
        with pytest.raises(KeyError):
            lookup(*args)
