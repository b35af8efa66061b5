"""The body-map drawing, and a child's combined body map: every mark over time in one view.

`BodyCanvas` draws the front and back outlines from the domain's outline data, with
numbered markers; the concern form's editor and the combined view both use it. In the
combined view newer marks are drawn stronger and older ones fainter, so a pattern of
injuries over months shows at a glance, and a legend lists each mark with its date.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.bodymap import (
    BodyMark,
    BodySide,
    MarkInContext,
    aspect,
    in_figure,
    marks_in_context,
    marks_whose_body_unsaid,
    outline,
    recency_strengths,
    unsaid_note,
)
from safeguard_desktop.gui.widgets import fit_to_screen, heading, named, plain_label, plain_tooltip
from safeguard_desktop.vault.session import Vault

MARK_COLOUR = QColor("#c62828")


def mark_summary(number: int, mark: BodyMark) -> str:
    """One line for a list of marks: ``1. Bruise — Right upper arm (child's right), front``."""
    return f"{number}. {mark.mark_type.label()} — {mark.region_label()}, {mark.side.label().lower()}"


class BodyCanvas(QWidget):
    """Front and back outlines side by side, with numbered markers; scales to any size."""

    clicked = Signal(object, float, float)  # side, x, y: only for points on the figure

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._marks: list[BodyMark] = []
        self._numbers: list[int] = []
        self._strengths: list[float] = []
        self._selected: int | None = None
        self.setMinimumSize(260, 300)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard path is the "Add mark…" button
        named(self, "Body map outline", "Front and back of the child; no marks yet.")

    def sizeHint(self) -> QSize:
        return QSize(440, 520)

    def set_marks(
        self, marks: Sequence[BodyMark], *, numbers: Sequence[int] = (), strengths: Sequence[float] = ()
    ) -> None:
        """Show these marks, numbered 1.. unless `numbers` says otherwise; strengths fade older ones."""
        self._marks = list(marks)
        self._numbers = list(numbers) or list(range(1, len(self._marks) + 1))
        self._strengths = list(strengths) or [1.0] * len(self._marks)
        self._selected = None
        described = "; ".join(mark_summary(n, m) for n, m in zip(self._numbers, self._marks, strict=True))
        self.setAccessibleDescription(f"Front and back of the child. {described or 'No marks yet.'}")
        self.update()

    def set_selected(self, index: int | None) -> None:
        """Ring the marker at `index` (a row of the list beside it)."""
        self._selected = index
        self.update()

    def _header_height(self) -> float:
        return self.fontMetrics().height() * 2.6

    def figure_rect(self, side: BodySide) -> QRectF:
        """Where one side's outline box sits in the widget."""
        half = self.width() / 2
        top = self._header_height()
        box_w = max(10.0, min(half - 16, (self.height() - top - 6) / aspect()))
        left = (0 if side is BodySide.FRONT else half) + (half - box_w) / 2
        return QRectF(left, top, box_w, box_w * aspect())

    def point_for(self, side: BodySide, x: float, y: float) -> QPoint:
        """The widget point of a position on an outline (for tests and accessibility tools)."""
        box = self.figure_rect(side)
        return QPoint(round(box.left() + x * box.width()), round(box.top() + y * box.height()))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.position()
        for side in BodySide:
            box = self.figure_rect(side)
            if box.contains(pos):
                x, y = (pos.x() - box.left()) / box.width(), (pos.y() - box.top()) / box.height()
                if in_figure(side, x, y):
                    self.clicked.emit(side, x, y)
                return

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        for side in BodySide:
            self._paint_side(
                painter, side, palette.color(palette.ColorRole.Text), palette.color(palette.ColorRole.Base)
            )
        painter.end()

    def _paint_side(self, painter: QPainter, side: BodySide, ink: QColor, paper: QColor) -> None:
        box = self.figure_rect(side)
        half = self.width() / 2
        left = 0 if side is BodySide.FRONT else half
        line = self.fontMetrics().height()
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setPen(ink)
        painter.setFont(bold)
        painter.drawText(QRectF(left, 0, half, line * 1.3), Qt.AlignmentFlag.AlignCenter, side.label())
        painter.setFont(self.font())
        # The child faces the viewer on the front, so their right is on the viewer's left.
        first, second = ("Child's right", "Child's left")
        if side is BodySide.BACK:
            first, second = second, first
        metrics = self.fontMetrics()
        if metrics.horizontalAdvance(f"{first}  {second}") > box.width():
            first, second = (text.split()[-1][0].upper() for text in (first, second))  # "R" and "L"
        labels = QRectF(box.left(), line * 1.3, box.width(), line * 1.2)
        painter.drawText(labels, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, first)
        painter.drawText(labels, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, second)

        def poly(points: Sequence[tuple[float, float]]) -> QPolygonF:
            return QPolygonF([QPointF(box.left() + x * box.width(), box.top() + y * box.height()) for x, y in points])

        drawing = outline(side)
        painter.setPen(QPen(ink, 1.6))
        painter.setBrush(paper)
        for shape in drawing.shapes:
            path = QPainterPath()
            path.addPolygon(poly(shape))
            path.closeSubpath()
            painter.drawPath(path)
        faint = QColor(ink)
        faint.setAlphaF(0.4)
        painter.setPen(QPen(faint, 1.0))
        for detail in drawing.details:
            painter.drawPolyline(poly(detail))
        self._paint_marks(painter, side, box)

    def _paint_marks(self, painter: QPainter, side: BodySide, box: QRectF) -> None:
        radius = max(7.0, box.width() * 0.045)
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(max(8, round(radius * 1.2)))
        painter.setFont(font)
        order = sorted(range(len(self._marks)), key=lambda i: self._strengths[i])  # strongest on top
        for i in order:
            mark = self._marks[i]
            if mark.side is not side:
                continue
            centre = QPointF(box.left() + mark.x * box.width(), box.top() + mark.y * box.height())
            if i == self._selected:
                painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 3))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(centre, radius + 4, radius + 4)
            # Fainter fill for older marks, but the ring and number stay legible.
            strength = self._strengths[i]
            fill = QColor(MARK_COLOUR)
            fill.setAlphaF(strength)
            painter.setPen(QPen(MARK_COLOUR, 1.5))
            painter.setBrush(fill)
            painter.drawEllipse(centre, radius, radius)
            painter.setPen(QColor("white") if strength >= 0.6 else QColor("#5a0f0f"))
            text_box = QRectF(centre.x() - radius * 1.5, centre.y() - radius, radius * 3, radius * 2)
            painter.drawText(text_box, Qt.AlignmentFlag.AlignCenter, str(self._numbers[i]))


LEGEND_COLUMNS = ["No.", "Date", "Side", "Region", "Type", "Concern"]


class CombinedBodyMap(QWidget):
    """Every mark from a child's concerns on one outline, newest strongest, with a legend."""

    def __init__(self, marks: Sequence[MarkInContext], parent: QWidget | None = None, *, unsaid: int = 0) -> None:
        super().__init__(parent)
        self.marks = list(marks)
        self.canvas = BodyCanvas()
        self.canvas.set_marks(
            [m.mark for m in self.marks],
            strengths=recency_strengths(self.marks),
        )
        self.legend = named(QTableWidget(len(self.marks), len(LEGEND_COLUMNS)), "Legend of marks")
        self.legend.setHorizontalHeaderLabels(LEGEND_COLUMNS)
        self.legend.verticalHeader().hide()
        self.legend.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.legend.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.legend.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.legend.setWordWrap(True)
        for row, entry in enumerate(self.marks):
            mark = entry.mark
            cells = [
                str(row + 1),
                entry.date_text(),
                mark.side.label(),
                mark.region_label(),
                mark.mark_type.label(),
                entry.concern_title,
            ]
            for column, value in enumerate(cells):
                # QTableWidgetItem shows its text literally: a typed "<b>" stays "<b>".
                item = QTableWidgetItem(value)
                item.setToolTip(plain_tooltip(value))
                self.legend.setItem(row, column, item)
        # Where the mark is matters most: the region is never squeezed; a long concern title
        # takes what is left and shows whole in its tooltip.
        header = self.legend.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.legend.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.legend.currentCellChanged.connect(lambda row, *_: self.canvas.set_selected(row if row >= 0 else None))

        if self.marks:
            note = "Marks from every concern about this child, numbered oldest first. Newer marks are drawn stronger."
        else:
            note = "No body-map marks have been recorded in this child's concerns."
        if unsaid:
            note += " " + unsaid_note(unsaid)
        self.note = plain_label(note)
        self.note.setAccessibleName("About the combined body map")
        right = QVBoxLayout()
        right.addWidget(self.note)
        right.addWidget(self.legend, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas, 3)
        layout.addLayout(right, 4)
        self.legend.setVisible(bool(self.marks))

    @classmethod
    def from_vault(cls, vault: Vault, child_id: UUID, parent: QWidget | None = None) -> CombinedBodyMap:
        """Build the view from the marks on this child's body in every current (not withdrawn) concern."""
        concerns = [stored.data for stored in vault.concerns.list(linked_to=child_id)]
        return cls(marks_in_context(concerns, child_id), parent, unsaid=marks_whose_body_unsaid(concerns, child_id))


class CombinedBodyMapDialog(QDialog):
    """A window holding a child's combined body map, with Save as PDF and Print when from a vault."""

    def __init__(
        self,
        marks: Sequence[MarkInContext],
        child_name: str,
        parent: QWidget | None = None,
        *,
        vault: Vault | None = None,
        child_id: UUID | None = None,
        unsaid: int = 0,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Combined body map: {child_name} — safeguard-desktop")
        self.view = CombinedBodyMap(marks, unsaid=unsaid)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        named(buttons.button(QDialogButtonBox.StandardButton.Close), "Close")
        buttons.rejected.connect(self.reject)
        if vault is not None and child_id is not None:
            # Imported here: printing pulls in QtPrintSupport and QtPdf, which the editor never needs.
            from safeguard_desktop.gui.bodymap_export import print_body_map, save_body_map

            save = buttons.addButton("&Save as PDF…", QDialogButtonBox.ButtonRole.ActionRole)
            save.clicked.connect(lambda: save_body_map(self, vault, child_id))
            printing = buttons.addButton("&Print…", QDialogButtonBox.ButtonRole.ActionRole)
            printing.clicked.connect(lambda: print_body_map(self, vault, child_id))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(f"Combined body map: {child_name}", level=2))
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 980, 680)

    @classmethod
    def from_vault(
        cls, vault: Vault, child_id: UUID, child_name: str, parent: QWidget | None = None
    ) -> CombinedBodyMapDialog:
        """Build the dialog from the marks on this child's body in every current concern about them."""
        concerns = [stored.data for stored in vault.concerns.list(linked_to=child_id)]
        marks = marks_in_context(concerns, child_id)
        unsaid = marks_whose_body_unsaid(concerns, child_id)
        return cls(marks, child_name, parent, vault=vault, child_id=child_id, unsaid=unsaid)
