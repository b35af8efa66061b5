"""The body map: marks placed on a child's front and back outlines, by mouse or by keyboard.

The outlines come from the domain (`resources/bodymap/outlines.json`), the same data the
printed body map draws. A click on the figure opens the details form at that point; the
"Add mark…" button does the same by keyboard, choosing the body region from a list and
placing the mark at the region's centre. Left and right are always the child's.

A concern can name several children, so each mark records whose body it is on: the form
asks when there is more than one child, and a child's combined body map shows only theirs.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from uuid import UUID

import pydantic
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.bodymap import (
    BodyMark,
    BodySide,
    MarkType,
    region,
    region_at,
    regions,
)
from safeguard_desktop.domain.errors import DomainError, first_error_message
from safeguard_desktop.gui.bodymap_combined import BodyCanvas, mark_summary
from safeguard_desktop.gui.widgets import ErrorLabel, heading, line_edit, named, plain_label, text_edit

MOBILE_CHOICES: list[tuple[str, bool | None]] = [
    ("Not recorded", None),
    ("Yes — rolling, crawling, cruising or walking", True),
    ("No — not yet mobile", False),
]
# A clicked position: side, x, y and the region's key.
Placed = tuple[BodySide, float, float, str]


class MarkDialog(QDialog):
    """Where the mark is (side and region, from a searchable list) and what it looks like."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        mark: BodyMark | None = None,
        placed: Placed | None = None,
        baby: bool = False,
        children: Sequence[tuple[UUID, str]] = (),
        default_child: UUID | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Body-map mark — safeguard-desktop")
        self._children = list(children)
        # Asked when there is a choice, or when an existing mark's child is no longer in the concern:
        # quietly moving a mark to the one child left would put it on the wrong body.
        earlier_child = mark.child_id if mark is not None else None
        ids = [child_id for child_id, _ in self._children]
        self._asks_whose = len(ids) >= 2 or (earlier_child is not None and bool(ids) and earlier_child not in ids)
        self._earlier_child = earlier_child
        self.whose = named(QComboBox(), "Whose body", "Which child the mark was seen on")
        self.whose.addItem("Choose the child", None)
        for child_id, name in self._children:
            self.whose.addItem(name, str(child_id))  # combo box text is never rich text
        chosen = earlier_child if mark is not None else default_child
        if chosen in ids:
            self.whose.setCurrentIndex(self.whose.findData(str(chosen)))
        self._result: BodyMark | None = None
        self._baby = baby
        # Not a baby any more: an earlier answer is kept, not asked again.
        self._earlier_mobile = mark.baby_mobile if mark is not None else None
        # A clicked or existing position is kept while its region stays chosen.
        if mark is not None:
            placed = (mark.side, mark.x, mark.y, mark.region)
        self._placed = placed
        self.side = named(QComboBox(), "Side of the body")
        for side in BodySide:
            self.side.addItem(side.label(), side.value)
        self.region_filter = line_edit("Find a body region", "Type to narrow the list, e.g. arm")
        self.region_list = named(QListWidget(), "Body region", "Left and right are the child's left and right")
        self.region_list.setMinimumHeight(140)
        longest = max((r.label for side in BodySide for r in regions(side)), key=self.fontMetrics().horizontalAdvance)
        self.region_list.setMinimumWidth(self.fontMetrics().horizontalAdvance(longest) + 40)
        self.mark_type = named(QComboBox(), "Type of mark")
        self.mark_type.addItem("Choose the type of mark", None)
        for kind in MarkType:
            self.mark_type.addItem(kind.label(), kind.value)
        self.size = line_edit("Size", "e.g. 2 cm by 1 cm", max_length=200)
        self.colour = line_edit("Colour", "e.g. blue-purple, yellowing at the edges", max_length=200)
        self.description = text_edit("Description", "Shape, pattern, anything else you saw", rows=3)
        self.mobile = named(QComboBox(), "Is the baby mobile yet?")
        for text, value in MOBILE_CHOICES:
            self.mobile.addItem(text, value)
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox()
        self.ok_button = named(
            self.buttons.addButton("&Save mark", QDialogButtonBox.ButtonRole.AcceptRole), "Save mark"
        )
        self.ok_button.setDefault(True)
        named(self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel), "Cancel")

        form = QFormLayout()
        form.addRow("&Whose body", self.whose)
        self.whose_label = form.labelForField(self.whose)
        self.whose_label.setVisible(self._asks_whose)
        self.whose.setVisible(self._asks_whose)
        form.addRow("S&ide", self.side)
        form.addRow("&Find region", self.region_filter)
        form.addRow("&Region", self.region_list)
        form.addRow("&Type", self.mark_type)
        form.addRow("Si&ze", self.size)
        form.addRow("&Colour", self.colour)
        form.addRow("&Description", self.description)
        self.mobile_label = plain_label("Baby mobile yet?")
        form.addRow(self.mobile_label, self.mobile)
        self.mobile_label.setBuddy(self.mobile)
        self.mobile_label.setVisible(baby)
        self.mobile.setVisible(baby)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Mark seen on the body", level=2))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self.side.currentIndexChanged.connect(self._fill_regions)
        self.region_filter.textChanged.connect(self._filter_regions)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        if placed is not None:
            self.side.setCurrentIndex(self.side.findData(placed[0].value))
        self._fill_regions()
        if mark is not None:
            self.mark_type.setCurrentIndex(self.mark_type.findData(mark.mark_type.value))
            self.size.setText(mark.size)
            self.colour.setText(mark.colour)
            self.description.setPlainText(mark.description)
            self.mobile.setCurrentIndex([v for _, v in MOBILE_CHOICES].index(mark.baby_mobile))
        if self._asks_whose and self.whose.currentData() is None:
            self.whose.setFocus()
        else:
            (self.mark_type if placed is not None else self.side).setFocus()

    def asks_whose_body(self) -> bool:
        """Whether the form shows the "Whose body" choice."""
        return self._asks_whose

    def _child_id(self) -> UUID | None:
        if self._asks_whose:
            data = self.whose.currentData()
            if data is None:
                raise DomainError("Say whose body the mark is on.")
            return UUID(str(data))
        if self._children:
            return self._children[0][0]
        return self._earlier_child  # the editor was not told the children: keep what was recorded

    def current_side(self) -> BodySide:
        """The side chosen."""
        return BodySide(self.side.currentData())

    def _fill_regions(self) -> None:
        self.region_list.clear()
        for reg in regions(self.current_side()):
            item = QListWidgetItem(reg.label)
            item.setData(Qt.ItemDataRole.UserRole, reg.key)
            self.region_list.addItem(item)
            if self._placed is not None and reg.key == self._placed[3]:
                self.region_list.setCurrentItem(item)
        self._filter_regions()

    def _filter_regions(self) -> None:
        words = self.region_filter.text().casefold().split()
        first_visible: QListWidgetItem | None = None
        for row in range(self.region_list.count()):
            item = self.region_list.item(row)
            hidden = not all(word in item.text().casefold() for word in words)
            item.setHidden(hidden)
            if not hidden and first_visible is None:
                first_visible = item
        current = self.region_list.currentItem()
        if (current is None or current.isHidden()) and words and first_visible is not None:
            self.region_list.setCurrentItem(first_visible)

    def select_region(self, key: str) -> None:
        """Choose a region by its key (as picking it from the list does)."""
        self.side.setCurrentIndex(self.side.findData(region(key).side.value))
        for row in range(self.region_list.count()):
            if self.region_list.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.region_list.setCurrentRow(row)

    def _build(self) -> BodyMark:
        child_id = self._child_id()
        item = self.region_list.currentItem()
        if item is None or item.isHidden():
            raise DomainError("Choose where on the body the mark is from the list of regions.")
        key = str(item.data(Qt.ItemDataRole.UserRole))
        if self.mark_type.currentData() is None:
            raise DomainError("Choose the type of mark.")
        if self._placed is not None and self._placed[3] == key:
            x, y = self._placed[1], self._placed[2]
        else:
            x, y = region(key).centre
        try:
            return BodyMark(
                side=self.current_side(),
                x=x,
                y=y,
                region=key,
                mark_type=MarkType(self.mark_type.currentData()),
                size=self.size.text(),
                colour=self.colour.text(),
                description=self.description.toPlainText(),
                baby_mobile=self.mobile.currentData() if self._baby else self._earlier_mobile,
                child_id=child_id,
            )
        except pydantic.ValidationError as exc:
            raise DomainError(first_error_message(exc)) from None

    def _save(self) -> None:
        try:
            self._result = self._build()
        except DomainError as exc:
            self.error.show_error(exc.message)
            return
        self.accept()

    def value(self) -> BodyMark | None:
        """The mark saved, or None before Save."""
        return self._result


class BodyMapEditor(QWidget):
    """The marks of one concern: the outlines to click on, and a list with Add, Edit and Remove."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._marks: list[BodyMark] = []
        self._baby = False
        # The children ticked in the concern, and every name seen, so that a mark on a child
        # unticked since can still say whose it is.
        self._children: list[tuple[UUID, str]] = []
        self._default_child: UUID | None = None
        self._names: dict[UUID, str] = {}
        self.active_dialog: MarkDialog | None = None
        self.canvas = BodyCanvas()
        self.marks_list = named(QListWidget(), "Marks on the body map")
        self.add_button = named(QPushButton("&Add mark…"), "Add mark", "Choose a body region from a list")
        self.edit_button = named(QPushButton("&Edit…"), "Edit mark")
        self.remove_button = named(QPushButton("Re&move"), "Remove mark")
        self.error = ErrorLabel()
        hint = plain_label("Click on the outline where the mark is, or use Add mark to choose the place from a list.")
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        side = QVBoxLayout()
        side.addWidget(hint)
        side.addWidget(self.marks_list, 1)
        side.addLayout(buttons)
        side.addWidget(self.error)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas, 3)
        layout.addLayout(side, 2)

        self.canvas.clicked.connect(self._clicked)
        self.add_button.clicked.connect(lambda: self._open(self._dialog(), None))
        self.edit_button.clicked.connect(self._edit)
        self.remove_button.clicked.connect(self._remove)
        self.marks_list.currentRowChanged.connect(self._row_changed)
        self.marks_list.itemActivated.connect(lambda _item: self._edit())
        self._refresh()

    def value(self) -> list[BodyMark]:
        """The marks, in the order they are numbered."""
        return list(self._marks)

    def set_value(self, marks: Sequence[BodyMark]) -> None:
        """Show these marks (for a draft or an amendment)."""
        self._marks = list(marks)
        self._refresh()

    def set_baby(self, baby: bool) -> None:
        """Ask whether the baby is mobile yet in the details form (for a child under one)."""
        self._baby = baby

    def set_children(self, children: Sequence[tuple[UUID, str]], default: UUID | None = None) -> None:
        """The children the concern names now, as (id, name); `default` is preselected for a new mark.

        With two or more, the details form asks whose body the mark is on and the list names the
        child; with one, new marks are that child's without asking.
        """
        self._children = list(children)
        self._names.update(self._children)
        ids = [child_id for child_id, _ in self._children]
        self._default_child = default if default in ids else None
        self._refresh(self.marks_list.currentRow())

    def whose_text(self, mark: BodyMark) -> str:
        """Whose body the mark is on, for the list; blank when the concern names only that child."""
        ticked = dict(self._children)
        if mark.child_id is not None and mark.child_id in ticked:
            return ticked[mark.child_id] if len(ticked) >= 2 else ""
        if mark.child_id is not None:
            return f"{self._names.get(mark.child_id, 'a child')} (no longer ticked in this concern)"
        return "Whose body not said" if len(ticked) >= 2 else ""

    def checked_value(self, also_named: Collection[UUID] = ()) -> list[BodyMark]:
        """The marks, once each is on a child the concern names; otherwise DomainError, shown here.

        `also_named` are children kept in the concern that the form cannot show.
        """
        self.error.clear()
        named_ids = {child_id for child_id, _ in self._children} | set(also_named)
        for number, mark in enumerate(self._marks, 1):
            if mark.child_id is not None and mark.child_id not in named_ids:
                name = self._names.get(mark.child_id, "a child")
                message = (
                    f"Mark {number} is on the body of {name}, who is no longer ticked in this concern. "
                    f"Tick {name} again, or edit or remove the mark."
                )
            elif mark.child_id is None and len(named_ids) >= 2:
                message = f"Mark {number}: say whose body the mark is on (choose the mark, then Edit)."
            else:
                continue
            self.error.show_error(message)
            self.marks_list.setCurrentRow(number - 1)
            raise DomainError(message)
        return list(self._marks)

    def _dialog(self, *, mark: BodyMark | None = None, placed: Placed | None = None) -> MarkDialog:
        return MarkDialog(
            self, mark=mark, placed=placed, baby=self._baby, children=self._children, default_child=self._default_child
        )

    def _refresh(self, select: int | None = None) -> None:
        self.error.clear()  # checked again on save
        self.marks_list.clear()
        for number, mark in enumerate(self._marks, 1):
            # The name leads, so a narrow list cannot cut it off: "1. Vera Hart: Bruise — …".
            whose, text = self.whose_text(mark), mark_summary(number, mark)
            self.marks_list.addItem(text.replace(f"{number}. ", f"{number}. {whose}: ", 1) if whose else text)
        self.canvas.set_marks(self._marks)
        if select is not None and 0 <= select < len(self._marks):
            self.marks_list.setCurrentRow(select)
        self._row_changed(self.marks_list.currentRow())

    def _row_changed(self, row: int) -> None:
        has = 0 <= row < len(self._marks)
        self.edit_button.setEnabled(has)
        self.remove_button.setEnabled(has)
        self.canvas.set_selected(row if has else None)

    def _clicked(self, side: BodySide, x: float, y: float) -> None:
        found = region_at(side, x, y)
        if found is not None:
            self._open(self._dialog(placed=(side, x, y, found.key)), None)

    def _edit(self) -> None:
        row = self.marks_list.currentRow()
        if 0 <= row < len(self._marks):
            self._open(self._dialog(mark=self._marks[row]), row)

    def _remove(self) -> None:
        row = self.marks_list.currentRow()
        if 0 <= row < len(self._marks):
            del self._marks[row]
            self._refresh(min(row, len(self._marks) - 1))
            self.changed.emit()

    def _open(self, dialog: MarkDialog, row: int | None) -> None:
        def done(result: int) -> None:
            self.active_dialog = None
            mark = dialog.value()
            if result != QDialog.DialogCode.Accepted or mark is None:
                return
            if row is None:
                self._marks.append(mark)
            else:
                self._marks[row] = mark
            self._refresh(len(self._marks) - 1 if row is None else row)
            self.changed.emit()

        self.active_dialog = dialog
        dialog.finished.connect(done)
        dialog.open()
