"""The printed threshold guide: the source on every page, levels, indicators, literal text, no marking."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from safeguard_desktop.pdf.guide import domain_groups, guide_pdf, level_groups
from safeguard_desktop.thresholds.guide import ThresholdGuide
from safeguard_desktop.thresholds.library import shipped_guide

MARKUP = "<b>markup</b> & =cmd()"


@pytest.fixture
def guide() -> ThresholdGuide:
    return shipped_guide()


def markup_guide(guide: ThresholdGuide) -> ThresholdGuide:
    """The shipped guide with markup-like text in a level name, an indicator, a route and the note."""
    data = guide.model_dump(mode="json")
    data["note"] = f"Note {MARKUP}"
    data["levels"][-1]["name"] = f"Acute {MARKUP}"
    data["indicators"][0]["text"] = f"An indicator with {MARKUP} in it"
    data["routes"][0]["how"][0] = f"<i>Step</i> {MARKUP}"
    return ThresholdGuide.model_validate(data)


def _pages_text(pdf: bytes, tmp_path: Path) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed, so the PDF's text cannot be checked")
    path = tmp_path / "guide.pdf"  # the guide is published content, not personal data
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout
    pages = out.decode("utf-8").split("\f")
    return [re.sub(r"\s+", " ", page) for page in pages if page.strip()]


def test_every_page_names_the_source_edition_and_date_and_is_numbered(guide, tmp_path) -> None:
    pages = _pages_text(guide_pdf(guide), tmp_path)
    citation = guide.edition().citation()
    assert "01/07/2021" in citation and guide.source.edition in citation
    assert len(pages) >= len(guide.levels) + 1  # an overview, then a section per level
    for number, page in enumerate(pages, 1):
        assert citation in page, f"page {number} does not name the source"
        assert f"Page {number} of {len(pages)}" in page
        assert "OFFICIAL-SENSITIVE" not in page  # the guide holds no personal data


def test_the_whole_guide_has_every_level_route_and_indicator(guide, tmp_path) -> None:
    text = " ".join(_pages_text(guide_pdf(guide), tmp_path))
    for level in guide.levels:
        assert f"Level {level.number}: {level.name}" in text
        assert level.response.split(".")[0] in text
    top = guide.levels[-1]
    assert f"Level {top.number}: {top.name} (highest level)" in text
    urgent = [route for route in guide.routes if route.urgent]
    assert urgent and all(f"URGENT — {route.name}" in text for route in urgent)
    for indicator in guide.indicators:
        assert indicator.text in text, indicator.id
    assert guide.note.split(".")[0] in text


def test_one_level_only(guide, tmp_path) -> None:
    pages = _pages_text(guide_pdf(guide, only_level=3), tmp_path)
    text = " ".join(pages)
    assert f"Level 3: {guide.level(3).name}" in text
    assert all(i.text in text for i in guide.indicators_in(level=3))
    assert not any(i.text in text for i in guide.indicators_in(level=1))
    assert all(guide.edition().citation() in page for page in pages)


def test_one_domain_only_level_by_level(guide, tmp_path) -> None:
    domain = guide.domains[1]
    text = " ".join(_pages_text(guide_pdf(guide, only_domain=domain.id), tmp_path))
    assert domain.name in text
    headings = [f"Level {group.level}:" for group in domain_groups(guide, domain.id)]
    positions = [text.index(head) for head in headings]
    assert positions == sorted(positions) and len(headings) == len(guide.levels)
    assert all(i.text in text for i in guide.indicators_in(domain=domain.id))
    other = guide.domains[0]
    assert not any(i.text in text for i in guide.indicators_in(domain=other.id))


def test_markup_in_the_content_prints_literally(guide, tmp_path) -> None:
    text = " ".join(_pages_text(guide_pdf(markup_guide(guide)), tmp_path))
    assert f"Note {MARKUP}" in text
    assert f"Acute {MARKUP} (highest level)" in text
    assert f"An indicator with {MARKUP} in it" in text
    assert f"<i>Step</i> {MARKUP}" in text


def test_groups_leave_out_empty_areas(guide) -> None:
    for group in level_groups(guide, 2):
        assert group.count() == sum(len(items) for _, items in group.areas)
        assert all(items for _, items in group.areas)
    assert sum(group.count() for group in level_groups(guide, 2)) == len(guide.indicators_in(level=2))


def test_one_level_and_one_domain_at_once_is_refused(guide) -> None:
    with pytest.raises(ValueError, match="not both"):
        guide_pdf(guide, only_level=1, only_domain=guide.domains[0].id)
    with pytest.raises(KeyError):
        guide_pdf(guide, only_level=99)
