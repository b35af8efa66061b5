"""The screening and comparison PDFs: grades, evidence and typed text print literally, pages numbered."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from html import unescape as html_unescape
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from safeguard_desktop.pdf.document import FONT, FONT_BOLD, MARGIN
from safeguard_desktop.pdf.screening import comparison_pdf, family_summary_pdf, fit_heading, screening_pdf
from safeguard_desktop.screening.compare import compare
from safeguard_desktop.screening.pack import PackRef, shipped_pack
from safeguard_desktop.screening.summary import family_summary
from tests.screening.test_compare import FIRST, SECOND, THIRD, screening_of

LITERAL = "<b>O'Brien & Sons</b> =cmd()"


def _pdftotext(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed, so the PDF's text cannot be checked")
    # Test output only: a made-up record in pytest's temporary folder.
    path = tmp_path / "screening.pdf"
    path.write_bytes(pdf)
    # -raw keeps the order things were drawn: a table row reads as one run of text.
    args = ["pdftotext", "-enc", "UTF-8", "-raw", str(path), "-"]
    return subprocess.run(args, capture_output=True, check=True).stdout.decode("utf-8")


def _squash(text: str) -> str:
    return " ".join(text.split())


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def test_screening_pdf_prints_grades_evidence_and_typed_text_literally(tmp_path: Path) -> None:
    s = screening_of(
        observed=THIRD,
        areas={"physical": 3, "safety": 4, "emotional": 1, "developmental": 5},
        subs={"nutrition": 4, "housing": 5, "clothing": 1},
        place=LITERAL,
        parents_views="Juno says the flat is damp and the council has not come.",
        child_view=f"Wren showed me her bed. {LITERAL}",
        family_summary="You love Wren very much and it shows.",
        review_by=date(2026, 12, 14),
    )
    evidence = [
        g.model_copy(update={"evidence": f"Fridge empty on two visits {LITERAL}"})
        if g.sub_area_id == "nutrition"
        else g
        for g in s.sub_areas
    ]
    s = s.model_copy(update={"sub_areas": evidence})
    pdf = screening_pdf(
        s,
        shipped_pack(),
        "Wren <i>Falconbridge</i>",
        date(2024, 3, 2),
        version=2,
        correction_reason="Date typed wrongly",
    )
    assert pdf.startswith(b"%PDF")
    raw = _pdftotext(pdf, tmp_path)
    text = _squash(raw)
    assert "OFFICIAL-SENSITIVE" in text and f"Page 1 of {_pages(pdf)}" in text
    assert "Neglect screening: Wren <i>Falconbridge</i>" in text
    assert "Date of birth 02/03/2024" in text
    assert "Period observed 07/09/2026 to 14/09/2026" in text
    assert f"Place {LITERAL}" in text
    assert "edition 2026.1" in text and "licensed by the NSPCC" in text
    assert "Grade: 1 best … 5 worst" in text  # the chart's scale
    # The table behind the chart: grade, meaning label and evidence on the sub-area's row.
    assert f"Nutrition 4 Most essential needs unmet Fridge empty on two visits {LITERAL}" in text
    assert "Housing 5 Essential needs unmet, or hostile care" in text
    assert "Physical care 3 Some essential needs unmet Sub-area grades: 1 at grade 1, 2 at grade 2" in text
    assert "Judged from what I saw of physical care." in text
    assert "Juno says the flat is damp" in text and f"Wren showed me her bed. {LITERAL}" in text
    assert "You love Wren very much and it shows." in text
    assert "Next screening due by 14/12/2026" in text
    assert "Signed off by Tamsin Achebe-Lowe, Health visitor, Made-up NHS Trust on 14/09/2026 16:00. Version 2." in text
    assert "Reason for this version: Date typed wrongly" in text
    assert "DEMO" not in text.replace(" ", "")


def test_screening_pdf_without_its_pack_prints_numbers_and_says_why(tmp_path: Path) -> None:
    unknown = PackRef(pack_id="county", tool="County screening", title="County tool", edition="1", digest="c" * 64)
    text = _squash(
        _pdftotext(screening_pdf(screening_of(pack=unknown), None, "Wren Falconbridge", demo=True), tmp_path)
    )
    assert "grade meanings are not printed" in text
    assert "Essential needs met" not in text
    assert "Date of birth Not recorded" in text
    # The watermark's letters come out spaced.
    assert "DEMO—MADE-UPRECORDS" in text.replace(" ", "")


def test_comparison_pdf_side_by_side_with_change_words(tmp_path: Path) -> None:
    screenings = [
        screening_of(observed=FIRST, areas={"physical": 4, "developmental": 3}, subs={"nutrition": 5}),
        screenings_b := screening_of(observed=SECOND, areas={"physical": 3, "developmental": 4}),
        screening_of(observed=THIRD, areas={"physical": 2, "developmental": 5}, subs={"housing": 4}),
    ]
    assert screenings_b.observed_to == SECOND[1]
    pdf = comparison_pdf(compare(list(reversed(screenings))), LITERAL, demo=False)
    text = _squash(_pdftotext(pdf, tmp_path))
    assert f"Neglect screenings compared: {LITERAL}" in text
    assert "1 best" in text and "5 worst" in text and "Grade (1 best … 5 worst)" in text
    assert "Physical care was graded 4, then 3, then 2 (09/03/2026 to 14/09/2026): better by 2." in text
    assert "Developmental care was graded 3, then 4, then 5" in text
    assert "Physical care 4 3 2 better by 2" in text
    assert "Developmental care 3 4 5 worse by 2" in text
    assert "Nutrition 5 2 2 better by 3" in text
    assert "Housing 2 2 4 worse by 2" in text
    assert "Health 2 2 2 no change" in text
    assert f"Page 1 of {_pages(pdf)}" in text


def test_many_screenings_compare_on_landscape_pages(tmp_path: Path) -> None:
    days = [(date(2025, m, 1), date(2025, m, 8)) for m in range(1, 8)]
    screenings = [screening_of(observed=d, areas={"safety": 1 + i % 5}) for i, d in enumerate(days)]
    pdf = comparison_pdf(compare(screenings), "Wren Falconbridge")
    text = _squash(_pdftotext(pdf, tmp_path))
    assert "Care of safety 1 2 3 4 5 1 2 worse by 1" in text  # 1 to 2 is worse: 1 is best
    assert re.search(rb"/MediaBox\s*\[\s*0 0 841\.8", pdf)


# A made-up name far longer than the header line has room for.
LONG_NAME = "Wren Aurelia Persephone Montgomery-Featherstonehaugh-Cholmondeley-Fitzwilliam Vandersteen-Falconbridge"


def _header_words(pdf: bytes, tmp_path: Path) -> tuple[list[tuple[float, float, str]], float]:
    """The words on page 1's header line (x from, x to, text), left to right, and the page's width."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed, so the PDF's layout cannot be checked")
    path = tmp_path / "header.pdf"
    path.write_bytes(pdf)
    args = ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"]
    html = subprocess.run(args, capture_output=True, check=True).stdout.decode("utf-8")
    width = float(re.search(r'<page width="([\d.]+)"', html).group(1))
    words = [
        (float(x0), float(x1), html_unescape(word))
        for x0, y0, x1, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', html
        )
        if 33 < float(y0) < 40  # the heading line, 15 mm down; the marking sits above it, the title below
    ]
    return sorted(words), width


@pytest.mark.parametrize("kind", ["screening", "comparison", "landscape comparison"])
def test_a_long_name_is_cut_short_in_the_header_and_never_runs_into_the_dates(kind: str, tmp_path: Path) -> None:
    if kind == "screening":
        s = screening_of(observed=THIRD)
        pdf, dates = screening_pdf(s, shipped_pack(), LONG_NAME), s.period_text()
    else:
        many = 7 if kind.startswith("landscape") else 2
        screenings = [screening_of(observed=(date(2025, m, 1), date(2025, m, 8))) for m in range(1, many + 1)]
        pdf, dates = comparison_pdf(compare(screenings), LONG_NAME), f"01/0{1}/2025 to 08/0{many}/2025"
    words, _ = _header_words(pdf, tmp_path)
    shown = [text for *_, text in words]
    assert " ".join(shown[-3:]) == dates
    heading_end = max(x1 for x0, x1, _ in words[:-3])
    assert heading_end + 10 < words[-3][0]  # a clear gap before the dates
    assert shown[-4].endswith("\u2026") and LONG_NAME not in " ".join(shown)
    assert LONG_NAME.split()[0] in shown  # the start of the name is still there to read
    # In full in the title (a word too long for a line is split across two).
    assert LONG_NAME.replace(" ", "") in _pdftotext(pdf, tmp_path).replace(" ", "").replace("\n", "")


def test_the_family_summary_header_stays_on_the_page_with_a_long_name(tmp_path: Path) -> None:
    text = family_summary(screening_of(observed=THIRD), shipped_pack(), child_name=LONG_NAME)
    pdf = family_summary_pdf(text, LONG_NAME)
    words, width = _header_words(pdf, tmp_path)
    assert words[-1][2].endswith("\u2026") and words[-1][1] <= width - MARGIN + 0.5


def test_a_short_heading_is_left_whole_and_a_long_one_fits_exactly() -> None:
    assert fit_heading("Neglect screening: Wren Falconbridge", "07/09/2026 to 14/09/2026") == (
        "Neglect screening: Wren Falconbridge"
    )
    cut = fit_heading(f"Neglect screening: {LONG_NAME}", "07/09/2026 to 14/09/2026")
    room = A4[0] - 2 * MARGIN - stringWidth("07/09/2026 to 14/09/2026", FONT, 8)
    assert cut.endswith("\u2026") and stringWidth(cut, FONT_BOLD, 9) < room
    assert LONG_NAME.startswith(cut.removeprefix("Neglect screening: ").removesuffix("\u2026"))
    # The longest start that fits: one more character would not.
    longer = f"Neglect screening: {LONG_NAME}"[: len(cut)] + "\u2026"
    assert stringWidth(longer, FONT_BOLD, 9) > room - 6 * mm


def test_the_footer_names_who_printed_the_copy_not_only_who_signed_it_off(tmp_path: Path) -> None:
    screening = screening_of()
    signed_by = _squash(_pdftotext(screening_pdf(screening, shipped_pack(), "Wren Falconbridge"), tmp_path))
    assert f"by {screening.practitioner.name}" in signed_by
    printed = screening_pdf(screening, shipped_pack(), "Wren Falconbridge", printed_by="Ottilie Marchbank")
    text = _squash(_pdftotext(printed, tmp_path))
    assert "by Ottilie Marchbank" in text
    assert f"Signed off by {screening.practitioner.name}" in text
