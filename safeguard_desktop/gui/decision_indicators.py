"""The indicator picker of the level-of-need form: the guide's indicators by domain and level,
ticked in a tree that narrows as you type, plus indicators in the practitioner's own words.

Tree items and plain labels never read markup, so the guide's words and the practitioner's
show exactly as written.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.gui.decision_parts import bold, level_title
from safeguard_desktop.gui.widgets import ErrorLabel, heading, line_edit, named, plain_label, plain_tooltip
from safeguard_desktop.thresholds.decision import ChosenIndicator
from safeguard_desktop.thresholds.guide import Indicator, Level, ThresholdGuide
from safeguard_desktop.thresholds.search import GuideIndex

ID_ROLE = Qt.ItemDataRole.UserRole
CHOOSE = "— choose —"


class IndicatorPicker(QWidget):
    """The guide's indicators by domain and level, ticked in a tree, plus the practitioner's own.

    Each chosen indicator gets a row below with a "what you saw" note and a Remove button.
    `changed` fires whenever the chosen set (not a note) changes.
    """

    changed = Signal()

    def __init__(self, guide: ThresholdGuide, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._guide = guide
        self._index = GuideIndex(guide)
        self._items: dict[str, QTreeWidgetItem] = {}
        # Chosen rows in the order chosen: key -> (indicator without evidence, row, evidence edit).
        self._rows: dict[str, tuple[ChosenIndicator, QWidget, QLineEdit]] = {}
        self._own_count = 0

        self.filter = line_edit("Filter indicators", "Type words to narrow the list, e.g. school, housing, injury")
        self.filter.setClearButtonEnabled(True)
        self.tree = named(QTreeWidget(), "Indicators by domain and level", "Space ticks or unticks an indicator")
        self.tree.setHeaderLabels(["Indicator", "Area"])
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setItemDelegate(_WrappingDelegate(self.tree))
        # Rows are re-measured when a column's width changes, so long indicators wrap, never elide.
        self.tree.header().sectionResized.connect(lambda *_: self.tree.doItemsLayout())
        self._fill_tree()
        self.tree.setColumnWidth(1, self.tree.fontMetrics().horizontalAdvance("Family and social relationships") + 16)
        self.no_match = plain_label("No indicator matches these words.")
        self.no_match.hide()

        self.own_text = line_edit("Your own indicator", "Describe the need in your own words")
        self.own_domain = named(QComboBox(), "Domain of your own indicator")
        self.own_domain.addItem(CHOOSE, None)
        for domain in guide.domains:
            self.own_domain.addItem(domain.name, domain.id)
        self.own_level = named(QComboBox(), "Level of your own indicator")
        self.own_level.addItem(CHOOSE, None)
        for level in guide.levels:
            self.own_level.addItem(f"Level {level.number}: {level.name}", level.number)
        self.own_add = named(QPushButton("&Add"), "Add your own indicator")
        self.own_error = ErrorLabel()

        self.chosen_heading = heading("Chosen indicators (0)", level=2)
        self._chosen_host = QWidget()
        self._chosen_layout = QVBoxLayout(self._chosen_host)
        self._chosen_layout.setContentsMargins(0, 0, 0, 0)
        self.none_chosen = plain_label("None chosen yet. Tick indicators in the list, or add your own.")
        self._chosen_layout.addWidget(self.none_chosen)
        self._chosen_layout.addStretch(1)
        chosen_scroll = QScrollArea()
        chosen_scroll.setWidgetResizable(True)
        chosen_scroll.setWidget(self._chosen_host)
        chosen_scroll.setAccessibleName("Chosen indicators")

        left = QVBoxLayout()
        left.addWidget(self.filter)
        left.addWidget(self.tree, 1)
        left.addWidget(self.no_match)
        own = QHBoxLayout()
        own.addWidget(self.own_text, 3)
        own.addWidget(self.own_domain, 2)
        own.addWidget(self.own_level, 2)
        own.addWidget(self.own_add)
        left.addWidget(plain_label("Add your own indicator, if the guide has no example that fits:"))
        left.addLayout(own)
        left.addWidget(self.own_error)
        right = QVBoxLayout()
        right.addWidget(self.chosen_heading)
        right.addWidget(chosen_scroll, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)

        self.filter.textChanged.connect(self._filter)
        self.filter.returnPressed.connect(self._to_tree)
        self.tree.itemChanged.connect(self._item_changed)
        self.own_add.clicked.connect(self.add_own)
        self.own_text.returnPressed.connect(self.add_own)
        self.setFocusProxy(self.filter)

    # -- the tree --------------------------------------------------------------------------

    def _fill_tree(self) -> None:
        guide = self._guide
        for domain in guide.domains:
            top = QTreeWidgetItem([domain.name, ""])
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            top.setToolTip(0, plain_tooltip(domain.description))
            _bold_item(top)
            self.tree.addTopLevelItem(top)
            for level in guide.levels:
                indicators = guide.indicators_in(domain=domain.id, level=level.number)
                if not indicators:
                    continue
                group = QTreeWidgetItem([level_title(guide, level.number), ""])
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                group.setData(0, ID_ROLE, f"level:{level.number}")
                if level.number == guide.levels[-1].number:
                    _bold_item(group)
                top.addChild(group)
                for indicator in indicators:
                    item = QTreeWidgetItem([indicator.text, guide.area_name(domain.id, indicator.area)])
                    item.setFlags(
                        Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
                    )
                    item.setCheckState(0, Qt.CheckState.Unchecked)
                    item.setData(0, ID_ROLE, indicator.id)
                    group.addChild(item)
                    self._items[indicator.id] = item
            top.setExpanded(True)
        self.tree.expandAll()

    def indicator_item(self, indicator_id: str) -> QTreeWidgetItem:
        """The tree item of one guide indicator (for keyboard focus and for tests)."""
        return self._items[indicator_id]

    def _filter(self, text: str) -> None:
        query = text.strip()
        shown: set[str] | None = None
        if query:
            shown = set()
            for hit in self._index.search(query):
                shown |= self._ids_for(hit.kind, hit.item)
        for indicator_id, item in self._items.items():
            item.setHidden(shown is not None and indicator_id not in shown)
        any_shown = False
        for d in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(d)
            top_shown = False
            for g in range(top.childCount()):
                group = top.child(g)
                group_shown = any(not group.child(i).isHidden() for i in range(group.childCount()))
                group.setHidden(not group_shown)
                top_shown = top_shown or group_shown
            top.setHidden(not top_shown)
            any_shown = any_shown or top_shown
        self.no_match.setVisible(not any_shown)
        if query:
            self.tree.expandAll()

    def _ids_for(self, kind: str, item: Any) -> set[str]:
        """The indicators a search hit stands for: itself, or every one at a matching level."""
        if kind == "indicator" and isinstance(item, Indicator):
            return {item.id}
        if kind == "level" and isinstance(item, Level):
            return {i.id for i in self._guide.indicators_in(level=item.number)}
        return set()  # a route: its words are about the response, not the child's needs

    def _to_tree(self) -> None:
        """Enter in the filter moves to the first indicator still shown."""
        for item in self._items.values():
            if not item.isHidden():
                self.tree.setCurrentItem(item)
                break
        self.tree.setFocus()

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        indicator_id = item.data(0, ID_ROLE)
        if column != 0 or indicator_id not in self._items:
            return
        if item.checkState(0) == Qt.CheckState.Checked:
            if indicator_id not in self._rows:
                self._add_row(indicator_id, self._from_guide(self._guide.indicator(indicator_id)))
        elif indicator_id in self._rows:
            self._drop_row(indicator_id)

    def _from_guide(self, indicator: Indicator) -> ChosenIndicator:
        domain = self._guide.domain(indicator.domain)
        return ChosenIndicator(
            indicator_id=indicator.id,
            domain_id=domain.id,
            domain_name=domain.name,
            level=indicator.level,
            text=indicator.text,
        )

    # -- the practitioner's own indicators -------------------------------------------------

    def add_own(self) -> bool:
        """Add the indicator typed in the "your own" row; say what is missing if it cannot be."""
        self.own_error.clear()
        text = " ".join(self.own_text.text().split())
        domain_id, level = self.own_domain.currentData(), self.own_level.currentData()
        missing = [
            what for what, value in (("the words", text), ("a domain", domain_id), ("a level", level)) if not value
        ]
        if missing:
            self.own_error.show_error(f"To add your own indicator, give {' and '.join(missing)}.")
            (self.own_text if not text else self.own_domain if not domain_id else self.own_level).setFocus()
            return False
        self.add_chosen(
            ChosenIndicator(
                domain_id=domain_id, domain_name=self._guide.domain(domain_id).name, level=int(level), text=text
            )
        )
        self.own_text.clear()
        self.own_domain.setCurrentIndex(0)
        self.own_level.setCurrentIndex(0)
        self.own_text.setFocus()
        return True

    def add_chosen(self, chosen: ChosenIndicator) -> None:
        """Choose an indicator (a guide one is ticked in the tree); keeps any evidence it carries.

        An indicator from another edition is ticked only if this guide holds it word for word.
        Otherwise (a draft or a correction made under an earlier edition) it keeps its words and
        its ID, labelled as from an earlier edition: never passed off as the practitioner's own.
        """
        if chosen.indicator_id is not None and self._holds(chosen):
            self._items[chosen.indicator_id].setCheckState(0, Qt.CheckState.Checked)
            key = chosen.indicator_id
        elif chosen.indicator_id is not None:
            key = f"earlier:{chosen.indicator_id}"
            self._add_row(key, chosen.model_copy(update={"evidence": ""}), " (from an earlier edition of the guide)")
        else:
            self._own_count += 1
            key = f"own:{self._own_count}"
            self._add_row(key, chosen.model_copy(update={"evidence": ""}), " (own words)")
        self._rows[key][2].setText(chosen.evidence)

    def _holds(self, chosen: ChosenIndicator) -> bool:
        if chosen.indicator_id not in self._items:
            return False
        indicator = self._guide.indicator(chosen.indicator_id)
        return (indicator.domain, indicator.level, indicator.text) == (chosen.domain_id, chosen.level, chosen.text)

    # -- the chosen list -------------------------------------------------------------------

    def _add_row(self, key: str, chosen: ChosenIndicator, origin: str = "") -> None:
        row = QFrame()
        row.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(row)
        where = f"{chosen.domain_name} · level {chosen.level}{origin}"
        where_label = plain_label(where)
        bold(where_label)
        layout.addWidget(where_label)
        layout.addWidget(plain_label(chosen.text))
        evidence = line_edit(f"What you saw: {chosen.text}", "What you saw (optional)", max_length=1000)
        remove = named(QPushButton("Remove"), f"Remove: {chosen.text}")
        line = QHBoxLayout()
        line.addWidget(evidence, 1)
        line.addWidget(remove)
        layout.addLayout(line)
        remove.clicked.connect(lambda: self.remove(key))
        self._chosen_layout.insertWidget(self._chosen_layout.count() - 1, row)
        self._rows[key] = (chosen, row, evidence)
        self._chosen_changed()

    def remove(self, key: str) -> None:
        """Unchoose one indicator (a guide one is unticked in the tree too)."""
        item = self._items.get(key)
        if item is not None and item.checkState(0) == Qt.CheckState.Checked:
            item.setCheckState(0, Qt.CheckState.Unchecked)  # drops the row through _item_changed
            self.tree.setFocus()
            return
        self._drop_row(key)
        self.own_text.setFocus()

    def _drop_row(self, key: str) -> None:
        _, row, _ = self._rows.pop(key)
        row.hide()
        row.deleteLater()
        self._chosen_changed()

    def _chosen_changed(self) -> None:
        self.chosen_heading.setText(f"Chosen indicators ({len(self._rows)})")
        self.chosen_heading.setAccessibleName(self.chosen_heading.text())
        self.none_chosen.setVisible(not self._rows)
        self.changed.emit()

    def keys(self) -> list[str]:
        """The chosen indicators' keys, in the order chosen (a guide ID, "own:n" or "earlier:ID")."""
        return list(self._rows)

    def evidence_edit(self, key: str) -> QLineEdit:
        """The "what you saw" note of one chosen indicator."""
        return self._rows[key][2]

    def value(self) -> list[ChosenIndicator]:
        """The chosen indicators, each with its note, in the order chosen."""
        return [chosen.model_copy(update={"evidence": edit.text().strip()}) for chosen, _, edit in self._rows.values()]


def _bold_item(item: QTreeWidgetItem) -> None:
    font = item.font(0)
    font.setBold(True)
    item.setFont(0, font)


class _WrappingDelegate(QStyledItemDelegate):
    """Measures each row at its column's width, so long indicators wrap instead of being cut off.

    QTreeView asks a delegate for a row's height without saying how wide the column is; this
    tells it, less the indentation and the tick box.
    """

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self._tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        width = self._tree.columnWidth(index.column())
        if index.column() == 0:
            depth, parent = 1, index.parent()
            while parent.isValid():
                depth, parent = depth + 1, parent.parent()
            style = self._tree.style()
            width -= self._tree.indentation() * depth + style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + 12
        measured = QStyleOptionViewItem(option)
        measured.rect = QRect(0, 0, max(width, 40), 1)
        measured.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        return super().sizeHint(measured, index)
