"""The visual timeline above a chronology table: one marker per row, on a date axis.

Colours are the Okabe–Ito palette (distinguishable with the common colour-vision
differences), and every theme also has its own marker shape, so the picture still reads
printed in greyscale. Markers that would overlap are stacked upwards, so a cluster of
events shows as a column at a glance. The widget is a picture only: the table beneath holds
the same information and is the path for keyboards and screen readers.
"""

from __future__ import annotations

import bisect
import math
from datetime import UTC, date, datetime
from uuid import UUID

from PySide6.QtCore import QEvent, QLineF, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from safeguard_desktop.domain.categories import Significance
from safeguard_desktop.domain.eventdate import DatePrecision
from safeguard_desktop.domain.timeline import Theme
from safeguard_desktop.domain.ukdates import MONTH_NAMES, to_uk

Point = tuple[datetime, Theme, Significance, bool, UUID, int, DatePrecision]
# How long a vague date may last: its marker sits mid-way, with a line across the whole span.
SPAN_SECONDS = {DatePrecision.MONTH: 30.44 * 86400, DatePrecision.YEAR: 365.25 * 86400}

# Okabe & Ito (2008), "Color Universal Design". None: the palette's text colour (black in a
# light theme, white in a dark one), so that marker never disappears into the background.
THEME_COLOURS: dict[Theme, str | None] = {
    Theme.ABUSE: "#D55E00",  # vermillion
    Theme.NEGLECT: "#E69F00",  # orange
    Theme.EXPLOITATION: "#CC79A7",  # reddish purple
    Theme.FAMILY: "#0072B2",  # blue
    Theme.WELLBEING: "#009E73",  # bluish green
    Theme.EDUCATION: "#56B4E9",  # sky blue
    Theme.PROFESSIONAL: None,
    Theme.OTHER: "#F0E442",  # yellow
}
THEME_SHAPES: dict[Theme, str] = {
    Theme.ABUSE: "circle",
    Theme.NEGLECT: "square",
    Theme.EXPLOITATION: "triangle",
    Theme.FAMILY: "diamond",
    Theme.WELLBEING: "triangle_down",
    Theme.EDUCATION: "hexagon",
    Theme.PROFESSIONAL: "star",
    Theme.OTHER: "pentagon",
}
MARKER = 11.0  # marker size in pixels
STEP = 10.0  # vertical distance between stacked markers
LEFT, RIGHT = 14.0, 14.0
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ACCESSIBLE_NAME = "Visual timeline"
ACCESSIBLE_DESCRIPTION = (
    "A picture of the entries by date, one marker per entry. The table below holds the same information."
)


def _polygon(corners: int, radius: float, turn: float = -90.0, inner: float | None = None) -> QPainterPath:
    points = []
    count = corners * 2 if inner is not None else corners
    for i in range(count):
        r = inner if inner is not None and i % 2 else radius
        angle = math.radians(turn + 360.0 * i / count)
        points.append(QPointF(r * math.cos(angle), r * math.sin(angle)))
    path = QPainterPath()
    path.addPolygon(QPolygonF(points))
    path.closeSubpath()
    return path


def marker_path(shape: str, size: float = MARKER) -> QPainterPath:
    """A marker shape centred on (0, 0)."""
    r = size / 2
    if shape == "circle":
        path = QPainterPath()
        path.addEllipse(QPointF(0, 0), r * 0.9, r * 0.9)
        return path
    if shape == "square":
        path = QPainterPath()
        path.addRect(QRectF(-r * 0.8, -r * 0.8, r * 1.6, r * 1.6))
        return path
    shapes = {
        "triangle": lambda: _polygon(3, r * 1.1),
        "triangle_down": lambda: _polygon(3, r * 1.1, 90.0),
        "diamond": lambda: _polygon(4, r * 1.05),
        "hexagon": lambda: _polygon(6, r * 0.95, 0.0),
        "pentagon": lambda: _polygon(5, r),
        "star": lambda: _polygon(5, r * 1.15, inner=r * 0.5),
    }
    return shapes[shape]()


def _seconds(at: datetime) -> float:
    return (at - EPOCH).total_seconds()


class TimelineWidget(QWidget):
    """Markers on a date axis; clicking one emits `point_clicked(record_id, item)`."""

    point_clicked = Signal(object, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(ACCESSIBLE_NAME)
        self.setAccessibleDescription(ACCESSIBLE_DESCRIPTION)
        # Not in the tab order: the table is the keyboard path to the same rows.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(150)
        self._points: list[Point] = []
        self._times: list[float] = []
        self._selected: tuple[UUID, int] | None = None
        self._paths = {shape: marker_path(shape) for shape in set(THEME_SHAPES.values())}
        self._placed: list[tuple[float, float, int]] = []  # x, y, index into _points
        self._spans: list[tuple[float, float, float]] = []  # y, x from, x to: a vague date's span
        self._overflow: list[tuple[float, float, int]] = []  # x, y of a "+n" label, n hidden
        self._layout_key: tuple[int, int] | None = None

    # -- data ------------------------------------------------------------------------------

    def set_points(self, points: list[Point]) -> None:
        """Show these points (from `vault.timeline.points`), replacing any before."""

        def middle(point: Point) -> float:
            return _seconds(point[0]) + SPAN_SECONDS.get(point[6], 0.0) / 2

        self._points = sorted(points, key=middle)
        self._times = [middle(p) for p in self._points]
        self._layout_key = None
        self.update()

    def clear(self) -> None:
        """Forget every point (on lock)."""
        self._selected = None
        self.set_points([])

    def point_count(self) -> int:
        """How many markers the widget holds."""
        return len(self._points)

    def set_selected(self, record_id: UUID | None, item: int = 0) -> None:
        """Ring the marker of the row chosen in the table."""
        self._selected = (record_id, item) if record_id is not None else None
        self.update()

    # -- geometry --------------------------------------------------------------------------

    def _legend_height(self) -> float:
        return self.fontMetrics().height() * 2 + 10

    def _axis_height(self) -> float:
        return self.fontMetrics().height() * 2 + 12

    def _plot(self) -> QRectF:
        top = self._legend_height() + 4
        return QRectF(LEFT, top, max(1.0, self.width() - LEFT - RIGHT), self.height() - top - self._axis_height())

    def _range(self) -> tuple[float, float]:
        if not self._times:
            now = _seconds(datetime.now(UTC))
            return now - 365 * 86400, now
        low, high = self._times[0], self._times[-1]
        span = max(high - low, 60 * 86400)  # never narrower than two months
        pad = span * 0.03 + 86400
        middle = (low + high) / 2
        return middle - span / 2 - pad, middle + span / 2 + pad

    def _x(self, seconds: float, plot: QRectF, low: float, high: float) -> float:
        return plot.left() + (seconds - low) / (high - low) * plot.width()

    def _layout(self) -> None:
        key = (self.width(), self.height())
        if self._layout_key == key:
            return
        self._layout_key = key
        plot = self._plot()
        low, high = self._range()
        levels = max(1, int((plot.height() - MARKER) // STEP) + 1)
        stacks: dict[int, int] = {}
        self._placed, self._overflow, self._spans = [], [], []
        hidden: dict[int, int] = {}
        for index, seconds in enumerate(self._times):
            x = self._x(seconds, plot, low, high)
            column = int((x - plot.left()) // MARKER)
            level = stacks.get(column, 0)
            stacks[column] = level + 1
            if level >= levels:  # the column is full: counted in a "+n" above it instead
                hidden[column] = hidden.get(column, 0) + 1
                continue
            cx = plot.left() + (column + 0.5) * MARKER
            y = plot.bottom() - MARKER / 2 - level * STEP
            self._placed.append((cx, y, index))
            half = SPAN_SECONDS.get(self._points[index][6], 0.0) / 2 / (high - low) * plot.width()
            if half > MARKER / 2:
                self._spans.append((y, x - half, x + half))
        for column, count in hidden.items():
            cx = plot.left() + (column + 0.5) * MARKER
            self._overflow.append((cx, plot.top(), count))

    def sizeHint(self) -> QSize:
        size = super().sizeHint()
        size.setHeight(190)
        return size

    # -- painting --------------------------------------------------------------------------

    def _colour(self, theme: Theme) -> QColor:
        value = THEME_COLOURS[theme]
        return QColor(value) if value else self.palette().color(QPalette.ColorRole.WindowText)

    def paintEvent(self, _event: QPaintEvent) -> None:
        self._layout()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        self._paint_legend(painter)
        plot = self._plot()
        self._paint_axis(painter, plot)
        if not self._points:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "No entries match the filter.")
            painter.end()
            return
        outline = QPen(palette.color(QPalette.ColorRole.Text), 1.0)
        outline.setCosmetic(True)
        base = palette.color(QPalette.ColorRole.Base)
        grey = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        selected_at: QPointF | None = None
        faint = QColor(grey)
        faint.setAlpha(90)  # a vague date's span is context, not a mark of its own
        painter.setPen(QPen(faint, 1.0))
        # Few painter calls per frame: markers are grouped by look, lines drawn in one call each.
        painter.drawLines(
            [
                line
                for y, x_from, x_to in self._spans
                for line in (
                    QLineF(x_from, y, x_to, y),
                    QLineF(x_from, y - 3, x_from, y + 3),
                    QLineF(x_to, y - 3, x_to, y + 3),
                )
            ]
        )
        groups: dict[tuple[Theme, str], list[tuple[float, float]]] = {}
        for x, y, index in self._placed:
            _, theme, significance, withdrawn, record_id, item, _ = self._points[index]
            look = "withdrawn" if withdrawn else significance.value
            groups.setdefault((theme, look), []).append((x, y))
            if self._selected == (record_id, item):
                selected_at = QPointF(x, y)
        strikes: list[QLineF] = []
        for (theme, look), places in groups.items():
            colour = grey if look == "withdrawn" else self._colour(theme)
            painter.setPen(outline if look == Significance.SIGNIFICANT.value else QPen(colour, 1.6))
            painter.setBrush(colour if look == Significance.SIGNIFICANT.value else base)
            path = self._paths[THEME_SHAPES[theme]]
            for x, y in places:
                painter.drawPath(path.translated(x, y))
            if look == "withdrawn":  # struck through, as the table row is
                strikes += [QLineF(x - MARKER / 2, y + MARKER / 2, x + MARKER / 2, y - MARKER / 2) for x, y in places]
        if strikes:
            painter.setPen(QPen(grey, 1.6))
            painter.drawLines(strikes)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        for x, y, count in self._overflow:
            painter.drawText(QRectF(x - 20, y - 2, 40, 14), Qt.AlignmentFlag.AlignCenter, f"+{count}")
        if selected_at is not None:
            ring = QPen(palette.color(QPalette.ColorRole.Highlight), 2.5)
            painter.setPen(ring)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(selected_at, MARKER * 0.9, MARKER * 0.9)
        painter.end()

    def _paint_legend(self, painter: QPainter) -> None:
        metrics = self.fontMetrics()
        x, y = LEFT, 4.0
        line = metrics.height() + 4
        outline = QPen(self.palette().color(QPalette.ColorRole.Text), 1.0)
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        entries: list[tuple[Theme | None, str]] = [(theme, theme.label()) for theme in Theme]
        entries.append(
            (
                None,
                "Filled: significant · hollow: background · struck: withdrawn · |—|: known only to the month or year",
            )
        )
        for theme, label in entries:
            width = metrics.horizontalAdvance(label) + (MARKER + 6 if theme else 0) + 16
            if x + width > self.width() - RIGHT and x > LEFT:
                x, y = LEFT, y + line
            if theme is not None:
                painter.save()
                painter.translate(x + MARKER / 2, y + line / 2)
                painter.setPen(outline)
                painter.setBrush(self._colour(theme))
                painter.drawPath(self._paths[THEME_SHAPES[theme]])
                painter.restore()
                x += MARKER + 6
            painter.drawText(QRectF(x, y, width, line), Qt.AlignmentFlag.AlignVCenter, label)
            x += width - (MARKER + 6 if theme else 0)

    def _paint_axis(self, painter: QPainter, plot: QRectF) -> None:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        faint = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        low, high = self._range()
        metrics = self.fontMetrics()
        base_y = plot.bottom() + 2
        painter.setPen(QPen(text, 1))
        painter.drawLine(QPointF(plot.left(), base_y), QPointF(plot.right(), base_y))
        start = to_uk(datetime.fromtimestamp(low, UTC)).date()
        end = to_uk(datetime.fromtimestamp(high, UTC)).date()
        per_month = plot.width() / max(1.0, (high - low) / (30.44 * 86400))
        month_label_room = metrics.horizontalAdvance("May") + 8
        row1, row2 = base_y + 4 + metrics.ascent(), base_y + 6 + metrics.height() + metrics.ascent()
        # Month ticks (and names, when there is room), then years: first of January, in bold.
        if per_month >= 4:
            year, month = start.year, start.month
            while (year, month) <= (end.year, end.month):
                x = self._x(self._day_seconds(date(year, month, 1)), plot, low, high)
                if plot.left() <= x <= plot.right():
                    painter.setPen(QPen(faint, 1))
                    painter.drawLine(QPointF(x, base_y), QPointF(x, base_y + 4))
                    if per_month >= month_label_room:
                        painter.setPen(text)
                        label = MONTH_NAMES[month - 1][:3]
                        painter.drawText(QPointF(x + 2, row1), label)
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        years = list(range(start.year, end.year + 2))
        every = 1
        while every < 100 and plot.width() / max(1, len(years)) * every < metrics.horizontalAdvance("2000") + 12:
            every += 1
        bold = painter.font()
        bold.setBold(True)
        painter.setFont(bold)
        for year in years:
            x = self._x(self._day_seconds(date(year, 1, 1)), plot, low, high)
            if not plot.left() <= x <= plot.right():
                continue
            painter.setPen(QPen(faint, 1, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, base_y))
            painter.setPen(QPen(text, 1.5))
            painter.drawLine(QPointF(x, base_y), QPointF(x, base_y + 8))
            if year % every == 0:
                painter.drawText(QPointF(x + 2, row2 if per_month >= month_label_room else row1), str(year))
        first_january = self._x(self._day_seconds(date(start.year + 1, 1, 1)), plot, low, high)
        if per_month >= month_label_room and first_january - plot.left() > metrics.horizontalAdvance("2000") + 12:
            # Months before the first January still say which year they are in.
            painter.setPen(text)
            painter.drawText(QPointF(plot.left(), row2), str(start.year))
        painter.setFont(self.font())

    @staticmethod
    def _day_seconds(day: date) -> float:
        return _seconds(datetime(day.year, day.month, day.day, tzinfo=UTC))

    # -- the mouse -------------------------------------------------------------------------

    def point_at(self, pos: QPointF) -> int | None:
        """The index of the marker under `pos`, if any (the nearest within its size)."""
        self._layout()
        best, best_distance = None, (MARKER * 0.8) ** 2
        for x, y, index in self._placed:
            distance = (x - pos.x()) ** 2 + (y - pos.y()) ** 2
            if distance <= best_distance:
                best, best_distance = index, distance
        return best

    def marker_position(self, record_id: UUID, item: int = 0) -> QPointF | None:
        """Where a row's marker is drawn (for tests and for scrolling into view)."""
        self._layout()
        for x, y, index in self._placed:
            if self._points[index][4:6] == (record_id, item):
                return QPointF(x, y)
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.point_at(event.position())
        if index is None or event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        record_id, item = self._points[index][4:6]
        self.set_selected(record_id, item)
        self.point_clicked.emit(record_id, item)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.point_at(QPointF(event.pos()))
            if index is None:
                QToolTip.hideText()
                event.ignore()
                return True
            at, theme, significance, withdrawn, _, _, precision = self._points[index]
            local = to_uk(at)
            # Month and year at most: a vague date must not look exact here.
            when = (
                str(local.year) if precision is DatePrecision.YEAR else f"{MONTH_NAMES[local.month - 1]} {local.year}"
            )
            nearby = bisect.bisect_right(self._times, self._times[index] + 86400 * 15) - bisect.bisect_left(
                self._times, self._times[index] - 86400 * 15
            )
            tip = f"{when}: {theme.label()}, {significance.label().lower()}{' (withdrawn)' if withdrawn else ''}."
            if nearby > 1:
                tip += f" {nearby} entries within a fortnight either side."
            QToolTip.showText(event.globalPos(), tip + " Click to show it in the table.", self)
            return True
        return super().event(event)
