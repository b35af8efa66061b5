"""The screening and comparison PDFs: grades, evidence and typed text print literally, pages numbered."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from safeguard_desktop.pdf.screening import comparison_pdf, screening_pdf
from safeguard_desktop.screening.compare import compare
from safeguard_desktop.screening.pack import PackRef, shipped_pack
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
