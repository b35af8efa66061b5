"""Searching the guide as you type: words inside texts, any case or accent, every word a prefix."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from safeguard_desktop.thresholds.guide import Indicator, Level, Route, ThresholdGuide
from safeguard_desktop.thresholds.library import shipped_guide
from safeguard_desktop.thresholds.search import GuideIndex, fold

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def index() -> GuideIndex:
    return GuideIndex(shipped_guide())


def ids(hits) -> list[str]:
    return [hit.item.id if hit.kind != "level" else f"level-{hit.item.number}" for hit in hits]


def highlighted(hit) -> list[str]:
    return [hit.text[start:end] for start, end in hit.spans]


def test_finds_indicators_by_words_inside_them_not_only_at_the_start(index):
    hits = index.search("county lines")
    assert ids(hits) == ["dev.relationships.4a"]
    assert not hits[0].text.lower().startswith("county")
    assert highlighted(hits[0]) == ["county", "lines"]


def test_every_query_word_is_a_word_prefix(index):
    (hit,) = index.search("sleep rough")
    assert hit.item.id == "fam.housing.4a"
    assert highlighted(hit) == ["sleep", "rough"]
    assert "dev.health.2c" in ids(index.search("alco"))
    # A piece from the middle of a word is not a word prefix.
    assert index.search("cohol") == []


def test_every_word_must_match_somewhere_in_the_entry(index):
    both = ids(index.search("alcohol overdose"))
    assert both == ["dev.health.4b"]
    assert set(both) < set(ids(index.search("alcohol")))
    assert index.search("alcohol zebra") == []


def test_case_and_accents_do_not_matter(index):
    plain = ids(index.search("domestic abuse"))
    assert plain
    assert ids(index.search("DOMESTIC Abuse")) == plain
    assert ids(index.search("dómëstic ABÜSE")) == plain


def test_accented_content_is_found_by_plain_words_and_highlighted_in_the_original():
    raw = json.loads((ROOT / "resources" / "thresholds" / "guide.json").read_text(encoding="utf-8"))
    raw["indicators"][0]["text"] = "Spends nights at the Café Zoë with older men; STRAßE"
    guide = ThresholdGuide.model_validate(raw)
    index = GuideIndex(guide)
    (hit,) = index.search("cafe zoe")
    assert hit.item.id == raw["indicators"][0]["id"]
    assert highlighted(hit) == ["Café", "Zoë"]
    # Folding can lengthen a character ("ß" → "ss"); the span still covers the original letters.
    (hit,) = index.search("strasse")
    assert highlighted(hit) == ["STRAßE"]


def test_finds_levels_and_routes_through_any_of_their_text(index):
    assert ids(index.search("0345")) == ["mash-referral"]
    assert ids(index.search("section 47")) == ["level-4"]
    hits = index.search("Emergency Duty Team")
    assert {hit.kind for hit in hits} == {"level", "route"}
    assert "mash-referral" in ids(hits) and "police-999" in ids(hits)
    (lado,) = [hit for hit in index.search("lado") if hit.kind == "route"]
    assert isinstance(lado.item, Route)
    assert lado.title_spans == ((0, 4),)


def test_indicators_are_found_by_their_area_and_domain_names(index):
    guide = shipped_guide()
    housing = ids(index.search("housing"))
    for indicator in guide.indicators_in(domain="family"):
        if indicator.area == "housing":
            assert indicator.id in housing
    parenting = [hit for hit in index.search("parenting capacity") if hit.kind == "indicator"]
    assert len(parenting) == len(guide.indicators_in(domain="parenting"))


def test_hits_come_by_kind_then_in_the_guides_order(index):
    guide = shipped_guide()
    hits = index.search("e")
    kinds = [hit.kind for hit in hits]
    assert kinds == sorted(kinds, key=["indicator", "level", "route"].index)
    order = {indicator.id: number for number, indicator in enumerate(guide.indicators)}
    found = [order[hit.item.id] for hit in hits if isinstance(hit.item, Indicator)]
    assert found == sorted(found) and len(found) > 10
    levels = [hit.item.number for hit in hits if isinstance(hit.item, Level)]
    assert levels == sorted(levels)


@pytest.mark.parametrize("query", ["", "   ", "!?", "—"])
def test_a_query_with_no_words_finds_nothing(index, query):
    assert index.search(query) == []


def _reference(guide: ThresholdGuide, query: str) -> list[str]:
    """A slow scan of every field, to check the index against."""

    def folded(text: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()

    words = re.findall(r"\w+", folded(query))
    entries: list[tuple[str, list[str]]] = []
    for i in guide.indicators:
        entries.append((i.id, [i.text, guide.area_name(i.domain, i.area), guide.domain(i.domain).name]))
    for lv in guide.levels:
        entries.append((f"level-{lv.number}", [lv.name, lv.description, lv.response]))
    for r in guide.routes:
        entries.append((r.id, [r.name, r.when, *r.how, r.contact]))
    found = []
    for entry_id, fields in entries:
        have = re.findall(r"\w+", folded(" ".join(fields)))
        if words and all(any(word.startswith(w) for word in have) for w in words):
            found.append(entry_id)
    return found


@pytest.mark.parametrize(
    "query",
    ["a", "ch", "neglect", "school attend", "young carer", "MASH phone", "mental health parent", "999", "baby bruise"],
)
def test_the_index_finds_exactly_what_a_scan_of_every_field_finds(index, query):
    assert ids(index.search(query)) == _reference(shipped_guide(), query)


def test_fold_removes_accents_and_case():
    assert fold("Naïve CAFÉ Zoë") == "naive cafe zoe"


def test_the_search_benchmark_runs_and_prints_its_figures():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "guide_search.py"), "--repeat", "2"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    for line in ("build the index:", "per query: median", "target p95 < 1 ms:"):
        assert line in proc.stdout
