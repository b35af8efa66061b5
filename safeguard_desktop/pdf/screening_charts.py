"""The screening charts as reportlab drawings: a profile of bars, and grades over time.

Both must read when printed in greyscale, so nothing depends on colour: each grade's bar has
its own shade AND hatch pattern (chart.GRADE_STYLES) AND its number written beside it, and each
area's line over time has its own marker shape and dash pattern. Labels are drawn with
graphics Strings, which print text as written and never parse markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from safeguard_desktop.pdf.document import FONT, FONT_BOLD
from safeguard_desktop.screening.chart import GRADE_STYLES, ProfileRow
from safeguard_desktop.screening.compare import Comparison

__all__ = ["change_chart", "grade_swatch", "profile_chart"]

INK = colors.HexColor("#222222")
RULE = colors.HexColor("#bbbbbb")
BAND = colors.HexColor("#eeeeee")
ROW = 5.6 * mm
BAR = 3.8 * mm
AREA_GAP = 2.5 * mm
SCALE_NOTE = "Grade: 1 best \u2026 5 worst"


def _fit(text: str, font: str, size: float, room: float) -> tuple[str, float]:
    """Shrink a label to fit `room` (to 6.5 pt), then shorten it with an ellipsis."""
    while size > 6.5 and stringWidth(text, font, size) > room:
        size -= 0.5
    if stringWidth(text, font, size) <= room:
        return text, size
    while text and stringWidth(text + "\u2026", font, size) > room:
        text = text[:-1]
    return text.rstrip() + "\u2026", size


def _hatch(group: Group, x0: float, y0: float, x1: float, y1: float, grade: int) -> None:
    """Add the grade's pattern, clipped to the rectangle, to `group`."""
    style = GRADE_STYLES[grade]
    # Black on every shade: the worst grades then print darkest, as the shades intend.
    ink = colors.black
    if style.hatch == "dots":
        step = 1.4 * mm
        y = y0 + step / 2
        row = 0
        while y < y1:
            x = x0 + step / 2 + (step / 2 if row % 2 else 0)
            while x < x1:
                group.add(Circle(x, y, 0.28 * mm, fillColor=ink, strokeColor=None))
                x += step
            y += step
            row += 1
        return
    if style.hatch == "none":
        return
    step = {"diagonal": 1.5 * mm, "cross": 1.7 * mm, "dense": 0.9 * mm}[style.hatch]
    width = 0.6 if style.hatch == "dense" else 0.5
    families = (1, -1) if style.hatch in ("cross", "dense") else (1,)
    for direction in families:
        # Lines y = direction * x + c, for every c whose line crosses the rectangle.
        lo = min(y0 - direction * x0, y0 - direction * x1)
        hi = max(y1 - direction * x0, y1 - direction * x1)
        c = lo
        while c <= hi:
            xa = max(x0, (y0 - c) / direction if direction == 1 else (y1 - c) / direction)
            xb = min(x1, (y1 - c) / direction if direction == 1 else (y0 - c) / direction)
            if xb > xa:
                group.add(Line(xa, direction * xa + c, xb, direction * xb + c, strokeColor=ink, strokeWidth=width))
            c += step


Shade = colors.Color | None


def _rect(x: float, y: float, width: float, height: float, fill: Shade, stroke: Shade, line: float = 0.6) -> Rect:
    # Set after construction: the typing stubs take Rect's keyword arguments as one TypedDict.
    rect = Rect(x, y, width, height)
    rect.fillColor = fill
    rect.strokeColor = stroke
    rect.strokeWidth = line
    return rect


def _bar(x: float, y: float, width: float, height: float, grade: int) -> Group:
    style = GRADE_STYLES[grade]
    group = Group()
    group.add(_rect(x, y, width, height, colors.Color(style.grey, style.grey, style.grey), None))
    _hatch(group, x, y, x + width, y + height, grade)
    group.add(_rect(x, y, width, height, None, INK))
    return group


def grade_swatch(grade: int, width: float = 9 * mm, height: float = 4 * mm) -> Drawing:
    """A small key swatch for one grade, for legends in tables."""
    drawing = Drawing(width, height)
    drawing.add(_bar(0, 0, width, height, grade))
    return drawing


def profile_chart(rows: Sequence[ProfileRow], width: float) -> Drawing:
    """Horizontal bars on a 1 to 5 scale: each area's own grade in bold on a band, then its sub-areas."""
    label_room = 68 * mm
    right_room = 8 * mm
    scale_x = label_room + 2 * mm
    unit = (width - scale_x - right_room) / 5
    areas = sum(1 for r in rows if r.is_area)
    top_room = 9 * mm
    height = top_room + len(rows) * ROW + max(areas - 1, 0) * AREA_GAP + 2 * mm
    drawing = Drawing(width, height)
    # The scale along the top: where grades 1 to 5 end.
    axis_y = height - top_room + 1.5 * mm
    drawing.add(String(scale_x, height - 3.2 * mm, SCALE_NOTE, fontName=FONT_BOLD, fontSize=7.5, fillColor=INK))
    for grade in range(1, 6):
        x = scale_x + grade * unit
        drawing.add(Line(x, 2 * mm, x, axis_y, strokeColor=RULE, strokeWidth=0.4, strokeDashArray=[1, 2]))
        drawing.add(String(x, axis_y + 1 * mm, str(grade), fontName=FONT, fontSize=7.5, textAnchor="middle"))
    drawing.add(Line(scale_x, 2 * mm, scale_x, axis_y, strokeColor=INK, strokeWidth=0.6))
    y = height - top_room
    first = True
    for row in rows:
        if row.is_area and not first:
            y -= AREA_GAP
        first = False
        y -= ROW
        if row.is_area:
            drawing.add(_rect(0, y, width, ROW, BAND, None))
            drawing.add(Line(0, y + ROW, width, y + ROW, strokeColor=INK, strokeWidth=0.8))
        font = FONT_BOLD if row.is_area else FONT
        indent = 0 if row.is_area else 3 * mm
        label, size = _fit(row.label, font, 8.5 if row.is_area else 8, label_room - indent - 1 * mm)
        drawing.add(String(indent + 1 * mm, y + (ROW - size) / 2 + 1, label, fontName=font, fontSize=size))
        bar_y = y + (ROW - BAR) / 2
        drawing.add(_bar(scale_x, bar_y, row.grade * unit, BAR, row.grade))
        drawing.add(
            String(
                scale_x + row.grade * unit + 1.5 * mm,
                bar_y + 0.9 * mm,
                str(row.grade),
                fontName=FONT_BOLD,
                fontSize=8.5,
                fillColor=INK,
            )
        )
    return drawing


# Marker shapes and dash patterns for up to eight areas; more repeat with a different dash.
_MARKERS = ("circle", "square", "triangle", "diamond", "cross", "down", "circle-open", "square-open")
# An empty dash array is a solid line.
_DASHES: tuple[tuple[float, ...], ...] = ((), (4, 2), (1, 1.5), (5, 2, 1, 2))


def _marker(shape: str, x: float, y: float, r: float = 1.6 * mm) -> Group:
    group = Group()
    filled = not shape.endswith("-open")
    fill = INK if filled else colors.white
    base = shape.removesuffix("-open")
    if base == "circle":
        group.add(Circle(x, y, r * 0.9, fillColor=fill, strokeColor=INK, strokeWidth=0.8))
    elif base == "square":
        group.add(_rect(x - r * 0.8, y - r * 0.8, r * 1.6, r * 1.6, fill, INK, 0.8))
    elif base == "triangle":
        group.add(Polygon([x - r, y - r * 0.8, x + r, y - r * 0.8, x, y + r], fillColor=fill, strokeColor=INK))
    elif base == "down":
        group.add(Polygon([x - r, y + r * 0.8, x + r, y + r * 0.8, x, y - r], fillColor=fill, strokeColor=INK))
    elif base == "diamond":
        group.add(Polygon([x, y + r, x + r, y, x, y - r, x - r, y], fillColor=colors.white, strokeColor=INK))
    else:  # cross
        group.add(Line(x - r, y - r, x + r, y + r, strokeColor=INK, strokeWidth=1.4))
        group.add(Line(x - r, y + r, x + r, y - r, strokeColor=INK, strokeWidth=1.4))
    return group


def change_chart(comparison: Comparison, width: float, height: float = 78 * mm) -> Drawing:
    """Each area's grade across the screenings, oldest on the left; grade 1 (best) at the top."""
    areas = comparison.area_rows()
    columns = comparison.columns
    legend_rows = (len(areas) + 1) // 2
    legend_h = legend_rows * 5 * mm + 2 * mm
    left, right, bottom = 26 * mm, 8 * mm, legend_h + 11 * mm
    top = height - 6 * mm
    drawing = Drawing(width, height)
    plot_w = width - left - right

    # Grade 5 sits a little above the axis, clear of the dates beneath it.
    low = bottom + 4 * mm

    def gy(grade: float) -> float:
        return top - (grade - 1) / 4 * (top - low)

    def gx(index: int) -> float:
        if len(columns) == 1:
            return left + plot_w / 2
        return left + 8 * mm + index * (plot_w - 16 * mm) / (len(columns) - 1)

    for grade in range(1, 6):
        drawing.add(Line(left, gy(grade), width - right, gy(grade), strokeColor=RULE, strokeWidth=0.4))
        tick = {1: "1 best", 5: "5 worst"}.get(grade, str(grade))
        font = FONT_BOLD if grade in (1, 5) else FONT
        drawing.add(String(left - 2 * mm, gy(grade) - 2.5, tick, fontName=font, fontSize=8, textAnchor="end"))
    label = String(0, 0, "Grade (1 best \u2026 5 worst)", fontName=FONT_BOLD, fontSize=7.5, textAnchor="middle")
    turned = Group(label)
    turned.translate(3 * mm, (top + low) / 2)
    turned.rotate(90)
    drawing.add(turned)
    drawing.add(Line(left, bottom, left, top, strokeColor=INK, strokeWidth=0.6))
    for index, column in enumerate(columns):
        x = gx(index)
        drawing.add(Line(x, bottom, x, bottom - 1.5 * mm, strokeColor=INK, strokeWidth=0.6))
        day = column.observed_to.strftime("%d/%m/%Y")
        drawing.add(String(x, bottom - 5 * mm, day, fontName=FONT, fontSize=7.5, textAnchor="middle"))
    drawing.add(
        String(
            left + plot_w / 2,
            bottom - 9 * mm,
            "Last day observed in each screening, oldest first",
            fontName=FONT,
            fontSize=7,
            textAnchor="middle",
        )
    )
    # Areas with the same grades would hide one another: each is nudged sideways a little.
    nudge = 1.8 * mm
    for number, row in enumerate(areas):
        shift = (number - (len(areas) - 1) / 2) * nudge
        points = [(gx(i) + shift, gy(g)) for i, g in enumerate(row.grades) if g is not None]
        dash = _DASHES[number % len(_DASHES)]
        if len(points) > 1:
            flat = [v for point in points for v in point]
            line = PolyLine(flat, strokeColor=INK, strokeWidth=1.1)
            line.strokeDashArray = dash
            drawing.add(line)
        shape = _MARKERS[number % len(_MARKERS)]
        for x, y in points:
            drawing.add(_marker(shape, x, y))
        # The legend, in two columns under the axis.
        lx = left + (number % 2) * plot_w / 2
        ly = legend_h - (number // 2 + 1) * 5 * mm + 1 * mm
        sample = Line(lx, ly + 1.2 * mm, lx + 10 * mm, ly + 1.2 * mm, strokeColor=INK, strokeWidth=1.1)
        sample.strokeDashArray = dash
        drawing.add(sample)
        drawing.add(_marker(shape, lx + 5 * mm, ly + 1.2 * mm))
        text, size = _fit(row.label, FONT, 8, plot_w / 2 - 14 * mm)
        drawing.add(String(lx + 12 * mm, ly, text, fontName=FONT, fontSize=size))
    return drawing
