"""A screening, and a comparison of screenings, as PDFs for the file.

The child's name is not part of a screening record (it belongs to the child's record), so the
caller passes it. Everything a user typed goes through `para()`; chart labels are graphics
Strings, which print as written. Grade meaning labels are printed only when the pack the
screening used is at hand (matched by digest), never taken from some other pack. A long name is
cut short with an ellipsis in the page header, where it would run into the dates (it is printed
in full in the title and details).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from safeguard_desktop.domain.ukdates import format_date, format_datetime
from safeguard_desktop.pdf.document import FONT, FONT_BOLD, MARGIN, PageFrame, build_pdf, para, styles
from safeguard_desktop.pdf.document import text as escaped
from safeguard_desktop.pdf.screening_charts import change_chart, grade_swatch, profile_chart
from safeguard_desktop.screening.chart import profile_rows, spread
from safeguard_desktop.screening.compare import Comparison
from safeguard_desktop.screening.pack import ScreeningPack
from safeguard_desktop.screening.record import Screening
from safeguard_desktop.screening.summary import WIDTH, matching_pack

__all__ = ["comparison_pdf", "family_summary_pdf", "fit_heading", "screening_pdf", "unwrap"]

SCALE = "Grades run from 1 (best) to 5 (worst)."
_TABLE_STYLE: list[tuple[Any, ...]] = [
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dddddd")),
    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
    ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#999999")),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
]


# How document.py's page furniture sets the header line: the heading left, the subheading right.
HEADING_FONT, HEADING_SIZE = FONT_BOLD, 9
SUBHEADING_FONT, SUBHEADING_SIZE = FONT, 8
_HEADER_GAP = 6 * mm
ELLIPSIS = "\u2026"


def fit_heading(heading: str, subheading: str = "", page_width: float = A4[0]) -> str:
    """`heading`, cut short with an ellipsis where it would run into `subheading` or off the page.

    The header is drawn as single strings, which never wrap, so a long name must be shortened.
    """
    styles()  # registers the fonts measured here
    room = page_width - 2 * MARGIN
    if subheading:
        room -= stringWidth(subheading, SUBHEADING_FONT, SUBHEADING_SIZE) + _HEADER_GAP
    if stringWidth(heading, HEADING_FONT, HEADING_SIZE) <= room:
        return heading
    # The longest start of the heading that fits with the ellipsis after it.
    low, high = 0, len(heading)
    while low < high:
        middle = (low + high + 1) // 2
        if stringWidth(heading[:middle].rstrip() + ELLIPSIS, HEADING_FONT, HEADING_SIZE) <= room:
            low = middle
        else:
            high = middle - 1
    return heading[:low].rstrip() + ELLIPSIS


def _indented(bold: bool = False) -> ParagraphStyle:
    """A table cell style set in from the left, for sub-areas under their area."""
    st = styles()
    return ParagraphStyle("sub_area", parent=st.cell_bold if bold else st.cell, leftIndent=3 * mm)


def _detail_table(pairs: list[tuple[str, str]], width: float, label_width: float = 38 * mm) -> Table:
    st = styles()
    rows = [[para(label, st.cell_bold), para(value, st.cell)] for label, value in pairs]
    table = Table(rows, colWidths=[label_width, width - label_width])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]))
    return table


def _section(heading: str, value: str, missing: str = "Not recorded.") -> list[Flowable]:
    st = styles()
    return [para(heading, st.heading), para(value or missing, st.body)]


def _legend(pack: ScreeningPack | None) -> Table:
    """The key to the bars: each grade's pattern, number and (when known) the pack's label."""
    st = styles()
    cells: list[Flowable] = []
    for grade in range(1, 6):
        words = pack.meaning(grade).label if pack is not None else {1: "best", 5: "worst"}.get(grade, "")
        cells += [grade_swatch(grade), para(f"{grade} {words}".strip(), st.cell)]
    table = Table([cells], colWidths=[10 * mm, 24.8 * mm] * 5)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 1)]))
    return table


def _spread_text(grades: list[int]) -> str:
    counts = spread(grades)
    parts = [f"{n} at grade {g}" for g, n in counts.items() if n]
    return (
        "Sub-area grades: "
        + (", ".join(parts) if parts else "none")
        + ". The area grade is a judgement, not an average."
    )


def _grades_table(screening: Screening, pack: ScreeningPack | None, width: float) -> Table:
    st = styles()
    widths = [44 * mm, 12 * mm, 34 * mm]
    widths.append(width - sum(widths))
    data: list[list[Flowable]] = [[para(h, st.cell_bold) for h in ("Area / sub-area", "Grade", "Meaning", "Evidence")]]
    commands = list(_TABLE_STYLE)
    for area in screening.areas:
        subs = [g for g in screening.sub_areas if g.area_id == area.area_id]
        label = pack.meaning(area.grade).label if pack is not None else ""
        commands.append(("BACKGROUND", (0, len(data)), (-1, len(data)), colors.HexColor("#eeeeee")))
        commands.append(("LINEABOVE", (0, len(data)), (-1, len(data)), 0.8, colors.black))
        data.append(
            [
                para(area.area_name, st.cell_bold),
                para(str(area.grade), st.cell_bold),
                para(label, st.cell_bold),
                para(_spread_text([g.grade for g in subs]), st.cell),
            ]
        )
        for sub in subs:
            label = pack.meaning(sub.grade).label if pack is not None else ""
            data.append(
                [
                    para(sub.sub_area_name, _indented()),
                    para(str(sub.grade), st.cell),
                    para(label, st.cell),
                    para(sub.evidence, st.cell),
                ]
            )
    return Table(data, colWidths=widths, repeatRows=1, style=TableStyle(commands), splitInRow=1)


def screening_pdf(
    screening: Screening,
    pack: ScreeningPack | None,
    child_name: str,
    child_dob: date | None = None,
    *,
    demo: bool = False,
    version: int | None = None,
    correction_reason: str = "",
    printed_by: str = "",
) -> bytes:
    """A marked, numbered A4 PDF of one signed-off screening, with its profile chart and grades.

    `printed_by` names who made this copy (the footer's "Printed … by"), who may not be the
    practitioner who signed the screening off; it defaults to them.

    `pack` supplies the grade meanings and licence text when it is the pack the screening used
    (the shipped pack is tried too); `version` and `correction_reason` come from the stored
    version and are printed on the signature line.
    """
    st = styles()
    s = screening
    known = matching_pack(s, pack)
    width = A4[0] - 2 * MARGIN
    carer = s.carer_name + (f" ({s.carer_relationship.lower()})" if s.carer_relationship else "")
    details = [
        ("Child", child_name),
        ("Date of birth", format_date(child_dob) if child_dob is not None else "Not recorded"),
        ("Period observed", s.period_text()),
        ("Carer", carer),
        ("Place", s.place),
        ("Practitioner", s.practitioner.one_line()),
        ("Pack", f"{s.pack.tool}: {s.pack.citation()}"),
    ]
    story: list[Flowable] = [
        para(f"Neglect screening: {child_name}", st.title),
        _detail_table(details, width),
        para(
            known.licence
            if known is not None
            else "The pack this screening used is not available here, so grade meanings are not printed.",
            st.small,
        ),
        para("Profile", st.heading),
        para(
            f"{SCALE} Each area's own grade (bold, on a grey band) is the practitioner's judgement with a "
            "rationale, shown above its sub-areas; it is never an average. Every bar carries its number.",
            st.small,
        ),
        Spacer(1, 1.5 * mm),
        profile_chart(profile_rows(s), width),
        Spacer(1, 1 * mm),
        _legend(known),
        CondPageBreak(40 * mm),
        para("Grades and evidence", st.heading),
        _grades_table(s, known, width),
        para("Why each area got its grade", st.heading),
    ]
    for area in s.areas:
        story.append(para(f"{area.area_name} (grade {area.grade})", st.cell_bold))
        story += [para(area.rationale, st.body), Spacer(1, 1.5 * mm)]
    story += _section("Strengths", s.strengths)
    story += _section("Parents' views", s.parents_views)
    story += _section("The child's view", s.child_view)
    story += _section("Summary shared with the family", s.family_summary)
    review = format_date(s.review_by) if s.review_by is not None else "Not set"
    story += _section("Next screening due by", review)
    signed = f"Signed off by {s.practitioner.one_line()} on {format_datetime(s.signed_off_at)}."
    if version is not None:
        signed += f" Version {version}."
    sign: list[Flowable] = [para("Signature", st.heading), para(signed, st.body)]
    if correction_reason:
        sign.append(para(f"Reason for this version: {correction_reason}", st.body))
    story.append(KeepTogether(sign))
    frame = PageFrame(
        heading=fit_heading(f"Neglect screening: {child_name}", s.period_text()),
        subheading=s.period_text(),
        demo=demo,
        generated_by=printed_by or s.practitioner.name,
    )
    # The PDF's title shows in viewers' tabs and recent lists: no name in it.
    return build_pdf(frame, story, title="Neglect screening")


def _comparison_table(comparison: Comparison, width: float) -> Table:
    st = styles()
    n = len(comparison.columns)
    label_w, change_w = 50 * mm, 24 * mm
    grade_w = (width - label_w - change_w) / n
    header: list[Flowable] = [para("Area / sub-area", st.cell_bold)]
    for number, column in enumerate(comparison.columns, 1):
        header.append(para(f"{number}. {column.period}", st.cell_bold))
    header.append(para("Change, first to last", st.cell_bold))
    data: list[list[Flowable]] = [header]
    commands = [*_TABLE_STYLE, ("ALIGN", (1, 0), (-2, -1), "CENTER")]
    for row in comparison.rows:
        style = st.cell_bold if row.is_area else st.cell
        if row.is_area:
            commands.append(("BACKGROUND", (0, len(data)), (-1, len(data)), colors.HexColor("#eeeeee")))
            commands.append(("LINEABOVE", (0, len(data)), (-1, len(data)), 0.8, colors.black))
        cells: list[Flowable] = [para(row.label, style if row.is_area else _indented())]
        cells += [para("\u2014" if g is None else str(g), style) for g in row.grades]
        cells.append(para(row.change, style))
        data.append(cells)
    return Table(
        data, colWidths=[label_w, *([grade_w] * n), change_w], repeatRows=1, style=TableStyle(commands), splitInRow=1
    )


def comparison_pdf(comparison: Comparison, child_name: str, *, demo: bool = False) -> bytes:
    """A marked, numbered A4 PDF comparing a child's screenings: grades side by side and change over time."""
    st = styles()
    c = comparison
    # Many screenings need the room of a landscape page for their columns.
    pagesize = landscape(A4) if len(c.columns) > 5 else A4
    width = pagesize[0] - 2 * MARGIN
    story: list[Flowable] = [para(f"Neglect screenings compared: {child_name}", st.title)]
    details = [
        (f"{number}.", f"{col.period}; carer {col.carer}; practitioner {col.practitioner}")
        for number, col in enumerate(c.columns, 1)
    ]
    story.append(_detail_table(details, width, 8 * mm))
    packs = "; ".join(f"{p.tool}: {p.citation()}" for p in c.packs)
    note = f"Pack{'s' if len(c.packs) > 1 else ''}: {packs}."
    if len(c.packs) > 1:
        note += " The screenings are compared where the area and sub-area IDs match."
    story.append(para(note, st.small))
    story.append(para(f"{SCALE} A lower grade is better. Nothing here is averaged.", st.small))
    story += [para("How each area changed", st.heading)]
    sentence = ParagraphStyle("sentence", parent=st.body, spaceAfter=3)
    story += [para(o.sentence, sentence) for o in c.overviews]
    story += [
        KeepTogether(
            [
                para("Area grades over time", st.heading),
                para("Each area has its own marker shape and line pattern; grade 1 (best) is at the top.", st.small),
                change_chart(c, width, 70 * mm if pagesize[0] > pagesize[1] else 78 * mm),
            ]
        ),
        CondPageBreak(40 * mm),
        para("Grades side by side", st.heading),
        _comparison_table(c, width),
    ]
    if c.only_in_some:
        story.append(para("Not graded in every screening", st.heading))
        story += [para(note, st.body) for note in c.only_in_some]
    period = f"{format_date(c.columns[0].observed_from)} to {format_date(c.columns[-1].observed_to)}"
    frame = PageFrame(
        heading=fit_heading(f"Neglect screenings compared: {child_name}", period, pagesize[0]),
        subheading=period,
        demo=demo,
    )
    return build_pdf(frame, story, title="Neglect screenings compared", pagesize=pagesize)


def unwrap(text: str, width: int = WIDTH) -> list[list[str]]:
    """Undo the line wrapping of a plain-text summary: blocks (between blank lines) of paragraphs.

    `summary.family_summary` wraps greedily at `width`, so a line is the continuation of the
    one before exactly when its first word would not have fitted on that line.
    """
    blocks: list[list[str]] = []
    block: list[str] = []
    previous = ""
    for line in text.splitlines():
        if not line.strip():
            if block:
                blocks.append(block)
            block, previous = [], ""
            continue
        stripped = line.strip()
        first = stripped.split()[0]
        # A list item's own lines are set in by two spaces; a prose line continues when its
        # first word would not have fitted on the line before.
        continues = bool(block) and (
            line.startswith("  ") or (len(previous) + 1 + len(first) > width and not stripped.startswith("- "))
        )
        if continues:
            block[-1] = f"{block[-1]} {stripped}"
        else:
            block.append(stripped)
        previous = line
    if block:
        blocks.append(block)
    return blocks


def family_summary_pdf(text: str, child_name: str, *, demo: bool = False) -> bytes:
    """The plain-language summary for the family as a marked A4 PDF, set in larger type to read together.

    `text` is `summary.family_summary`'s output (perhaps as shown on screen); its first line is
    the title, and the first paragraph of a section with more than one is that section's heading.
    """
    st = styles()
    body = ParagraphStyle("family_body", parent=st.body, fontSize=12, leading=16, spaceAfter=4)
    item = ParagraphStyle("family_item", parent=body, leftIndent=6 * mm, bulletIndent=1.5 * mm, spaceAfter=1)
    section = ParagraphStyle("family_heading", parent=st.heading, fontSize=14, leading=18, spaceBefore=10)
    story: list[Flowable] = []
    for number, block in enumerate(unwrap(text)):
        if number == 0:
            story += [para(block[0], st.title), *(para(p, body) for p in block[1:])]
            continue
        rest = block
        if len(block) > 1:
            story.append(para(block[0], section))
            rest = block[1:]
        for paragraph in rest:
            if paragraph.startswith("- "):
                story.append(Paragraph(escaped(paragraph[2:]), item, bulletText="\u2022"))
            else:
                story.append(para(paragraph, body))
    frame = PageFrame(heading=fit_heading(f"Summary for the family: {child_name}"), demo=demo)
    # The PDF's title shows in viewers' tabs and recent lists: no name in it.
    return build_pdf(frame, story, title="Summary for the family")
