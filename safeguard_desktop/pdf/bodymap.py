"""The printed body map: both outlines with numbered marks, and a legend, on A4 portrait.

The outlines are drawn from the same data as the screen (`resources/bodymap/outlines.json`).
Everything typed (size, colour, description, the child's name) goes through `para()`, so it
prints literally. Up to about twenty marks fit on one page; a longer legend flows on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from safeguard_desktop.domain.bodymap import (
    BodySide,
    MarkInContext,
    aspect,
    outline,
    recency_strengths,
    unsaid_note,
)
from safeguard_desktop.pdf.document import FONT, FONT_BOLD, MARGIN, PageFrame, build_pdf, para, styles

__all__ = ["BodyMapDrawing", "body_map_pdf"]

MARK_COLOUR = colors.HexColor("#c62828")
INK = colors.HexColor("#222222")
PAPER = colors.HexColor("#fdfaf6")
DRAWING_HEIGHT = 88 * mm
LEGEND_HEADER = ["No.", "Date", "Side", "Region", "Type", "Size", "Colour", "Description", "Mobile"]
# Millimetres; they add up to the frame's width (A4 less both margins: 174 mm). The last is
# "Mobile", asked only for babies: without it the description takes its room.
LEGEND_WIDTHS = [7, 17, 10, 37, 20, 19, 16, 35, 13]


def _mobile_text(value: bool | None) -> str:
    if value is None:
        return "—"
    return "Yes" if value else "Not yet"


class BodyMapDrawing(Flowable):
    """Front and back outlines side by side, labelled with the child's left and right, with numbered marks."""

    def __init__(self, marks: Sequence[MarkInContext], width: float, height: float = DRAWING_HEIGHT) -> None:
        super().__init__()
        self.marks = list(marks)
        self.strengths = recency_strengths(self.marks)
        self.width = width
        self.height = height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        for side in BodySide:
            self._draw_side(side)

    def _box(self, side: BodySide) -> tuple[float, float, float, float]:
        """Left, top, width and height of one outline box, in points from the flowable's origin."""
        box_h = self.height - 10 * mm
        box_w = box_h / aspect()
        half = self.width / 2
        left = (0 if side is BodySide.FRONT else half) + (half - box_w) / 2
        return left, box_h, box_w, box_h

    def _draw_side(self, side: BodySide) -> None:
        canvas = self.canv
        left, top, box_w, box_h = self._box(side)
        half = self.width / 2
        centre_x = (0 if side is BodySide.FRONT else half) + half / 2
        canvas.setFillColor(INK)
        canvas.setFont(FONT_BOLD, 11)
        canvas.drawCentredString(centre_x, self.height - 4 * mm, side.label())
        first, second = ("Child's right", "Child's left")
        if side is BodySide.BACK:
            # Seen from behind, the child's right is on the viewer's right.
            first, second = second, first
        canvas.setFont(FONT, 8)
        canvas.drawRightString(left + box_w * 0.1, self.height - 9 * mm, first)
        canvas.drawString(left + box_w * 0.9, self.height - 9 * mm, second)

        def point(x: float, y: float) -> tuple[float, float]:
            return left + x * box_w, top - y * box_h

        drawing = outline(side)
        canvas.setLineWidth(0.9)
        canvas.setStrokeColor(INK)
        canvas.setFillColor(PAPER)
        for shape in drawing.shapes:
            path = canvas.beginPath()
            path.moveTo(*point(*shape[0]))
            for x, y in shape[1:]:
                path.lineTo(*point(x, y))
            path.close()
            canvas.drawPath(path, stroke=1, fill=1)
        canvas.setLineWidth(0.5)
        canvas.setStrokeColor(colors.HexColor("#999999"))
        for detail in drawing.details:
            path = canvas.beginPath()
            path.moveTo(*point(*detail[0]))
            for x, y in detail[1:]:
                path.lineTo(*point(x, y))
            canvas.drawPath(path, stroke=1, fill=0)
        self._draw_marks(side, point)

    def _draw_marks(self, side: BodySide, point: Callable[[float, float], tuple[float, float]]) -> None:
        canvas = self.canv
        radius = 2.4 * mm
        # Strongest last, so the newest marks sit on top of older ones.
        for number, (entry, strength) in sorted(
            enumerate(zip(self.marks, self.strengths, strict=True), 1), key=lambda item: item[1][1]
        ):
            if entry.mark.side is not side:
                continue
            x, y = point(entry.mark.x, entry.mark.y)
            canvas.saveState()
            canvas.setStrokeColor(MARK_COLOUR)
            canvas.setLineWidth(0.8)
            canvas.setFillColor(MARK_COLOUR)
            canvas.setFillAlpha(strength)
            canvas.circle(x, y, radius, stroke=1, fill=1)
            canvas.setFillAlpha(1)
            canvas.setFillColor(colors.white if strength >= 0.6 else colors.HexColor("#5a0f0f"))
            canvas.setFont(FONT_BOLD, 7 if number < 100 else 5.5)
            canvas.drawCentredString(x, y - 2.5, str(number))
            canvas.restoreState()


def _legend(marks: Sequence[MarkInContext]) -> Table:
    st = styles()
    cell = ParagraphStyle("legend", parent=st.cell, fontSize=7, leading=8.4)
    bold = ParagraphStyle("legend_bold", parent=cell, fontName=FONT_BOLD)
    asked = any(entry.mark.baby_mobile is not None for entry in marks)
    widths = list(LEGEND_WIDTHS) if asked else [*LEGEND_WIDTHS[:-2], LEGEND_WIDTHS[-2] + LEGEND_WIDTHS[-1]]
    header = LEGEND_HEADER if asked else LEGEND_HEADER[:-1]
    rows = [[para(text, bold) for text in header]]
    for number, entry in enumerate(marks, 1):
        mark = entry.mark
        values = [
            str(number),
            entry.date_text(),
            mark.side.label(),
            mark.region_label(),
            mark.mark_type.label(),
            mark.size,
            mark.colour,
            mark.description,
        ]
        if asked:
            values.append(_mobile_text(mark.baby_mobile))
        rows.append([para(value, cell) for value in values])
    table = Table(rows, colWidths=[w * mm for w in widths], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table


def body_map_pdf(
    marks_with_context: Sequence[MarkInContext], child_name: str, frame: PageFrame, *, unsaid: int = 0
) -> bytes:
    """A4 portrait body map for `child_name`: the outlines, numbered marks and a legend.

    Marks are numbered in the order given (callers pass them oldest first, as
    `marks_in_context` returns them); when they come from several dates, newer marks are
    printed stronger. `unsaid` counts marks left out because they do not say whose body they are on.
    """
    st = styles()
    marks = list(marks_with_context)
    width = A4[0] - 2 * MARGIN
    story: list[Flowable] = [para(f"Body map: {child_name}", st.title)]
    note = "Left and right are the child's left and right; marks are numbered as in the legend."
    if len({m.happened.sort_key() for m in marks}) > 1:
        note += " Newer marks are printed stronger."
    if unsaid:
        note += " " + unsaid_note(unsaid)
    story += [para(note, st.small), Spacer(1, 2 * mm), BodyMapDrawing(marks, width), Spacer(1, 2 * mm)]
    if marks:
        story.append(_legend(marks))
    else:
        story.append(para("No marks were recorded.", st.body))
    return build_pdf(frame, story, title="Body map")
