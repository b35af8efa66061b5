"""The printed body map: legend rows and numbers, literal text, one page for twenty marks."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from safeguard_desktop.domain.bodymap import BodyMark, BodySide, MarkInContext, MarkType, region, regions
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.pdf.bodymap import body_map_pdf
from safeguard_desktop.pdf.document import PageFrame

FRAME = PageFrame(heading="Body map", subheading="Made-up child for tests")


def _pdftotext(pdf: bytes, tmp_path: Path, *, layout: bool = True) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed, so the PDF's text cannot be checked")
    # Test output only: a made-up record in pytest's temporary folder.
    path = tmp_path / "bodymap.pdf"
    path.write_bytes(pdf)
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, check=True).stdout.decode("utf-8")


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def _entry(key: str, day: date, **extra: object) -> MarkInContext:
    reg = region(key)
    mark = BodyMark(side=reg.side, x=reg.centre[0], y=reg.centre[1], region=key, **extra)  # type: ignore[arg-type]
    return MarkInContext(EventDate.on_day(day), "Physical abuse", mark)


def test_legend_rows_numbers_and_literal_text(tmp_path: Path) -> None:
    marks = [
        _entry(
            "front_upper_arm_right",
            date(2024, 3, 14),
            mark_type=MarkType.BRUISE,
            size="2 cm",
            colour="blue-purple",
            description="<b>O'Brien & Sons</b>",
            baby_mobile=False,
        ),
        _entry("back_buttocks", date(2024, 3, 14), mark_type=MarkType.BURN_OR_SCALD, size="=cmd()", colour="red"),
    ]
    pdf = body_map_pdf(marks, "Ruby <i>Okonkwo</i>-Hale", FRAME)
    assert pdf.startswith(b"%PDF")
    text = _pdftotext(pdf, tmp_path)
    assert "Body map: Ruby <i>Okonkwo</i>-Hale" in text
    assert "Child's right" in text and "Child's left" in text
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert any(
        # The region may wrap onto a second line within its cell.
        line.startswith("1 14/03/2024 Front Right upper arm")
        and line.endswith("Bruise 2 cm blue-purple <b>O'Brien & Sons</b> Not yet")
        for line in lines
    ), text
    assert any(line.startswith("2 14/03/2024 Back Buttocks Burn or scald =cmd() red") for line in lines), text
    assert "Right upper arm (child's right)" in " ".join(_pdftotext(pdf, tmp_path, layout=False).split())
    assert "Mobile" in text
    assert _pages(pdf) == 1


def test_twenty_marks_fit_one_page_and_more_flow_on(tmp_path: Path) -> None:
    keys = [r.key for side in BodySide for r in regions(side)]
    many = [
        _entry(
            keys[i * 2], date(2023, 1 + i % 12, 1 + i), mark_type=MarkType.BRUISE, size="about 2 cm", colour="purple"
        )
        for i in range(26)
    ]
    assert _pages(body_map_pdf(many[:20], "Amara Nwosu", FRAME)) == 1
    pdf = body_map_pdf(many, "Amara Nwosu", FRAME)
    assert _pages(pdf) == 2
    text = _pdftotext(pdf, tmp_path, layout=False)
    assert "Page 2 of 2" in text
    assert "Newer marks are printed stronger." in text
    assert "Mobile" not in text  # nobody was asked: no empty column
    for number in range(1, 27):
        assert re.search(rf"^{number}$", text, re.MULTILINE), number


def test_no_marks(tmp_path: Path) -> None:
    text = _pdftotext(body_map_pdf([], "Amara Nwosu", FRAME), tmp_path)
    assert "No marks were recorded." in text
