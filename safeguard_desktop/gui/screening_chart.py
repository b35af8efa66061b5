"""A screening's profile chart, the table behind it, and the chart of change across screenings.

Both charts are drawn as if on paper (white ground, black ink) because they are printed and
photocopied in greyscale: each grade has a grey fill AND a hatch pattern AND its number
written on the bar, and each area's line on the change chart has its own marker shape and
dash. Nothing is told by colour alone, and nothing only on hover.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.ukdates import format_date
from safeguard_desktop.gui.widgets import named, plain_label
from safeguard_desktop.screening.chart import (
    GRADE_STYLES,
    ChangeSeries,
    ProfileRow,
    change_series,
    profile_rows,
    spread,
)
from safeguard_desktop.screening.pack import ScreeningPack
from safeguard_desktop.screening.record import Screening

SCALE_TEXT = "Grades run from 1 (best) to 5 (worst)"
INK = QColor(0, 0, 0)
PAPER = QColor(255, 255, 255)
HATCHES = {
    "none": Qt.BrushStyle.NoBrush,
    "dots": Qt.BrushStyle.Dense6Pattern,
    "diagonal": Qt.BrushStyle.BDiagPattern,
    "cross": Qt.BrushStyle.DiagCrossPattern,
    "dense": Qt.BrushStyle.Dense3Pattern,
}
TABLE_HEADERS = ("Area", "Sub-area", "Grade", "What the grade means", "Sub-area grades")
AREA_ROW = "Whole area (judgement)"


def grade_fill(grade: int) -> QColor:
    """The grey a grade's bar is filled with (lighter is better)."""
    level = round(GRADE_STYLES[grade].grey * 255)
    return QColor(level, level, level)


def grade_hatch(grade: int) -> Qt.BrushStyle:
    """The pattern drawn over a grade's fill, so grades differ in pattern as well as shade."""
    return HATCHES.get(GRADE_STYLES[grade].hatch, Qt.BrushStyle.NoBrush)


def spread_text(screening: Screening, area_id: str) -> str:
    """E.g. "2, 2, 4": the area's sub-area grades, lowest first, shown beside its grade, never averaged."""
    counts = spread([sub.grade for sub in screening.sub_areas if sub.area_id == area_id])
    return ", ".join(str(grade) for grade, n in counts.items() for _ in range(n))


def draw_grade_box(painter: QPainter, rect: QRectF, grade: int) -> None:
    """Fill `rect` with a grade's grey and hatch, outlined in ink."""
    painter.setPen(QPen(INK, 1))
    painter.setBrush(QBrush(grade_fill(grade)))
    painter.drawRect(rect)
    hatch = grade_hatch(grade)
    if hatch != Qt.BrushStyle.NoBrush:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(INK, hatch))
        painter.drawRect(rect)
        painter.setPen(QPen(INK, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)


def draw_number(painter: QPainter, centre: QPointF, text: str) -> None:
    """A number in a white box with a black border: readable on any fill."""
    metrics = painter.fontMetrics()
    width = metrics.horizontalAdvance(text) + 8
    height = metrics.height() + 2
    box = QRectF(centre.x() - width / 2, centre.y() - height / 2, width, height)
    painter.setPen(QPen(INK, 1))
    painter.setBrush(QBrush(PAPER))
    painter.drawRect(box)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


class ProfileChart(QWidget):
    """One bar per area and sub-area: the area's own grade first, in bold, then its sub-areas."""

    def __init__(self, screening: Screening | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ProfileRow] = []
        # The row labels as last painted (after eliding), each drawn as plain text: tests read them.
        self.drawn_labels: list[str] = []
        self.setAccessibleName("Profile chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(360)
        self.set_screening(screening)

    def set_screening(self, screening: Screening | None) -> None:
        """Show a screening's profile (None empties the chart)."""
        self.rows = profile_rows(screening) if screening is not None else []
        described = "; ".join(f"{row.label}{' (area)' if row.is_area else ''}: grade {row.grade}" for row in self.rows)
        self.setAccessibleDescription(f"{SCALE_TEXT}. {described}" if described else "No screening shown.")
        self.updateGeometry()
        self.update()

    def row_height(self) -> int:
        """Tall enough for the text and the number on the bar, at any font size."""
        return max(26, self.fontMetrics().height() + 12)

    def _top(self) -> int:
        return self.fontMetrics().height() * 3 + 8  # the scale's caption, its numbers, and room

    def sizeHint(self) -> QSize:
        areas = sum(1 for row in self.rows if row.is_area)
        return QSize(720, self._top() + self.row_height() * len(self.rows) + areas * 8 + 12)

    def minimumSizeHint(self) -> QSize:
        return QSize(360, self.sizeHint().height())

    def bar_rect(self, index: int) -> QRectF:
        """Where row `index`'s bar is drawn (tests sample it)."""
        geometry = self._geometry()
        top, left, unit, row_h = geometry
        y = top + self._offset(index) + index * row_h
        grade = self.rows[index].grade
        return QRectF(left, y + 4, unit * grade, row_h - 8)

    def _offset(self, index: int) -> int:
        # Areas after the first get a gap above them, so each area reads as a group.
        return sum(8 for row in self.rows[1 : index + 1] if row.is_area)

    def _geometry(self) -> tuple[int, float, float, int]:
        label_width = min(max(self.width() * 0.38, 160.0), 320.0)
        left = label_width + 12
        unit = max((self.width() - left - 16) / 5, 20.0)
        return self._top(), left, unit, self.row_height()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillRect(self.rect(), PAPER)
        top, left, unit, row_h = self._geometry()
        font = QFont(self.font())
        bold = QFont(font)
        bold.setBold(True)
        metrics_h = self.fontMetrics().height()
        # The scale: what the numbers mean, then 1 to 5 over the bars.
        painter.setPen(INK)
        painter.setFont(bold)
        painter.drawText(
            QRectF(left, 2, unit * 5, metrics_h + 2),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            "1 best … 5 worst",
        )
        painter.setFont(font)
        for grade in range(1, 6):
            x = left + unit * grade
            painter.drawText(
                QRectF(x - unit, metrics_h + 4, unit, metrics_h + 2),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{grade} ",
            )
        bottom = top + self._offset(len(self.rows) - 1) + row_h * len(self.rows) if self.rows else top
        grid = QPen(QColor(150, 150, 150), 1, Qt.PenStyle.DotLine)
        for grade in range(0, 6):
            painter.setPen(grid if grade else QPen(INK, 1))
            painter.drawLine(QPointF(left + unit * grade, top - 4), QPointF(left + unit * grade, bottom))
        self.drawn_labels = []
        for index, row in enumerate(self.rows):
            y = top + self._offset(index) + index * row_h
            if row.is_area:
                if index:
                    painter.setPen(QPen(INK, 2))
                    painter.drawLine(QPointF(4, y - 4), QPointF(self.width() - 4, y - 4))
                painter.setFont(bold)
                label, indent = row.label, 4
            else:
                painter.setFont(font)
                label, indent = row.label, 20
            painter.setPen(INK)
            text_rect = QRectF(indent, y, left - indent - 8, row_h)
            shown = painter.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight, int(text_rect.width()))
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown)
            self.drawn_labels.append(shown)
            bar = self.bar_rect(index)
            draw_grade_box(painter, bar, row.grade)
            painter.setFont(bold)
            number_x = bar.right() - painter.fontMetrics().horizontalAdvance("5") / 2 - 10
            draw_number(painter, QPointF(max(number_x, bar.left() + 10), bar.center().y()), str(row.grade))
        painter.end()


class ProfileView(QWidget):
    """The profile chart with the same grades as a table, for screen readers and for reading aloud."""

    def __init__(
        self, screening: Screening | None = None, pack: ScreeningPack | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.pack = pack
        self.caption = plain_label(
            SCALE_TEXT + ". Each grade has its own shade and pattern, and its number on the bar."
        )
        self.caption.setAccessibleName("How to read the chart")
        self.chart = ProfileChart()
        self.table = named(QTableWidget(0, len(TABLE_HEADERS)), "Profile as a table", "The same grades as the chart")
        self.table.setHorizontalHeaderLabels(list(TABLE_HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.toggle = named(
            QPushButton("Show as table"), "Show the profile as a table", "Switch between the chart and a table"
        )
        self.toggle.setCheckable(True)
        self.toggle.setMinimumHeight(40)
        self.toggle.toggled.connect(self._show_table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.chart)
        layout.addWidget(self.table, 10)
        layout.addStretch(1)  # takes the slack while the table is hidden, so the chart sits at the top
        self.table.hide()
        self.set_screening(screening)

    def _show_table(self, table: bool) -> None:
        self.table.setVisible(table)
        self.chart.setVisible(not table)
        self.toggle.setText("Show as chart" if table else "Show as table")

    def set_screening(self, screening: Screening | None) -> None:
        """Show one screening's grades in the chart and the table."""
        self.chart.set_screening(screening)
        self.table.setRowCount(0)
        if screening is None:
            return
        rows = profile_rows(screening)
        self.table.setRowCount(len(rows))
        area_names = {area.area_id: area.area_name for area in screening.areas}
        for index, row in enumerate(rows):
            meaning = self.pack.meaning(row.grade).label if self.pack is not None else ""
            cells = (
                area_names.get(row.area_id, ""),
                AREA_ROW if row.is_area else row.label,
                str(row.grade),
                meaning,
                spread_text(screening, row.area_id) if row.is_area else "",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if row.is_area:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(index, column, item)

    def table_grades(self) -> list[tuple[str, int]]:
        """(label, grade) of each table row, as the chart's rows give them (tests compare the two)."""
        found: list[tuple[str, int]] = []
        for index in range(self.table.rowCount()):
            sub = self.table.item(index, 1).text()
            label = self.table.item(index, 0).text() if sub == AREA_ROW else sub
            found.append((label, int(self.table.item(index, 2).text())))
        return found


MARKERS = ("circle", "square", "triangle", "diamond", "cross")
DASHES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine, Qt.PenStyle.DashDotLine)


def draw_marker(painter: QPainter, centre: QPointF, shape: str, size: float = 7.0) -> None:
    """A filled marker whose shape, not colour, tells the areas apart."""
    painter.setPen(QPen(INK, 1.5))
    painter.setBrush(QBrush(PAPER if shape in ("circle", "triangle") else INK))
    x, y = centre.x(), centre.y()
    if shape == "circle":
        painter.drawEllipse(centre, size, size)
    elif shape == "square":
        painter.drawRect(QRectF(x - size * 0.85, y - size * 0.85, size * 1.7, size * 1.7))
    elif shape == "triangle":
        painter.drawPolygon(QPolygonF([QPointF(x, y - size), QPointF(x + size, y + size), QPointF(x - size, y + size)]))
    elif shape == "diamond":
        painter.drawPolygon(
            QPolygonF([QPointF(x, y - size), QPointF(x + size, y), QPointF(x, y + size), QPointF(x - size, y)])
        )
    else:
        path = QPainterPath()
        path.moveTo(x - size, y - size)
        path.lineTo(x + size, y + size)
        path.moveTo(x + size, y - size)
        path.lineTo(x - size, y + size)
        painter.setPen(QPen(INK, 3))
        painter.drawPath(path)


class ChangeChart(QWidget):
    """Each area's grade across a child's screenings, oldest on the left; better is higher up."""

    def __init__(self, screenings: Sequence[Screening] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: list[ChangeSeries] = []
        self.setAccessibleName("Chart of change over time")
        self.setMinimumSize(360, 260)
        self.set_screenings(screenings)

    def set_screenings(self, screenings: Sequence[Screening]) -> None:
        """Show these screenings (any order: the chart sorts them by the last day observed)."""
        self.series = change_series(screenings)
        parts = [
            f"{s.area_name}: " + ", ".join(f"{format_date(day)} grade {grade}" for day, grade in s.points)
            for s in self.series
        ]
        self.setAccessibleDescription(f"{SCALE_TEXT}; lower is better. " + "; ".join(parts))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(720, 340)

    def dates(self) -> list:
        """Every day a screening ended, oldest first."""
        return sorted({day for s in self.series for day, _ in s.points})

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.fillRect(self.rect(), PAPER)
        metrics = self.fontMetrics()
        line_h = metrics.height()
        legend_rows = (len(self.series) + 1) // 2
        left = metrics.horizontalAdvance("5 worst") + 16
        right = self.width() - 24
        top = line_h + 12
        bottom = self.height() - line_h * 2 - 16 - legend_rows * (line_h + 6)
        painter.setPen(INK)
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(QRectF(left, 2, right - left, line_h + 4), Qt.AlignmentFlag.AlignLeft, "Higher is better")
        painter.setFont(self.font())
        if bottom - top < 40:
            painter.end()
            return

        def y_of(grade: int) -> float:
            return top + (bottom - top) * (grade - 1) / 4

        for grade in range(1, 6):
            y = y_of(grade)
            painter.setPen(QPen(QColor(160, 160, 160), 1, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(left, y), QPointF(right, y))
            painter.setPen(INK)
            label = {1: "1 best", 5: "5 worst"}.get(grade, str(grade))
            painter.drawText(
                QRectF(0, y - line_h / 2, left - 8, line_h),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
        painter.setPen(QPen(INK, 1))
        painter.drawLine(QPointF(left, top), QPointF(left, bottom))
        painter.drawLine(QPointF(left, bottom), QPointF(right, bottom))
        days = self.dates()
        if not days:
            painter.end()
            return
        first, last = days[0], days[-1]
        span = max((last - first).days, 1)
        inner_left, inner_right = left + 40, right - 40

        def x_of(day: object) -> float:
            if first == last:
                return (inner_left + inner_right) / 2
            return inner_left + (inner_right - inner_left) * (day - first).days / span  # type: ignore[operator]

        label_w = metrics.horizontalAdvance("00/00/0000") + 8
        last_label_right = -1e9
        for day in days:
            x = x_of(day)
            painter.drawLine(QPointF(x, bottom), QPointF(x, bottom + 4))
            if x - label_w / 2 > last_label_right:  # dates too close together would overprint
                painter.drawText(
                    QRectF(x - label_w / 2, bottom + 6, label_w, line_h), Qt.AlignmentFlag.AlignCenter, format_date(day)
                )
                last_label_right = x + label_w / 2
        count = len(self.series)
        for index, series in enumerate(self.series):
            # A small sideways offset per area, so equal grades on one day do not hide each other.
            nudge = (index - (count - 1) / 2) * 6
            points = [QPointF(x_of(day) + nudge, y_of(grade)) for day, grade in series.points]
            painter.setPen(QPen(INK, 2, DASHES[index % len(DASHES)]))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for a, b in pairwise(points):
                painter.drawLine(a, b)
            for point in points:
                draw_marker(painter, point, MARKERS[index % len(MARKERS)])
        # The legend: marker, dash and name for each area, two to a row.
        legend_top = bottom + line_h + 14
        column_w = (right - left) / 2
        for index, series in enumerate(self.series):
            x = left + column_w * (index % 2)
            y = legend_top + (index // 2) * (line_h + 6) + line_h / 2
            painter.setPen(QPen(INK, 2, DASHES[index % len(DASHES)]))
            painter.drawLine(QPointF(x, y), QPointF(x + 36, y))
            draw_marker(painter, QPointF(x + 18, y), MARKERS[index % len(MARKERS)], 5.0)
            painter.setPen(INK)
            name = metrics.elidedText(series.area_name, Qt.TextElideMode.ElideRight, int(column_w - 52))
            painter.drawText(QRectF(x + 44, y - line_h / 2, column_w - 48, line_h), Qt.AlignmentFlag.AlignVCenter, name)
        painter.end()
