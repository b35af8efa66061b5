"""The threshold guide viewer: browse by level or by domain, search as you type, print.

A practitioner keeps it open beside their work, so it is an ordinary window, not a dialog.
The band at the top names the source document, its edition and its date, and the guide's
own note, on every view. The guide holds no personal data: its PDF carries no protective
marking and is not logged as an export (nothing leaves the vault; the window never sees it).
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.guide_parts import (
    Page,
    ShownHit,
    bold,
    domain_page,
    domains_overview,
    level_page,
    levels_overview,
    print_guide_file,
    results_page,
    save_guide_file,
    shown,
)
from safeguard_desktop.gui.help import whats_this
from safeguard_desktop.gui.widgets import fit_to_screen, heading, line_edit, named, plain_label, plain_tooltip
from safeguard_desktop.pdf.guide import guide_pdf, level_heading, top_level
from safeguard_desktop.thresholds.guide import ThresholdGuide
from safeguard_desktop.thresholds.library import current_guide
from safeguard_desktop.thresholds.search import GuideIndex

View = tuple[str, ...]  # ("levels",), ("level", "3"), ("domains",), ("domain", id), ("area", domain, area)
ROLE = Qt.ItemDataRole.UserRole


class GuideWindow(QMainWindow):
    """One edition of the threshold guide, to read beside the record."""

    def __init__(self, guide: ThresholdGuide, parent: QWidget | None = None, *, demo: bool = False) -> None:
        super().__init__(parent)
        self.guide = guide
        self.index = GuideIndex(guide)
        self.demo = demo
        self.view: View = ("levels",)
        self.page: Page | None = None
        self.hits: list[ShownHit] = []
        self.message_box: QMessageBox | None = None
        self.found: QWidget | None = None  # what the last search hit shown pointed at
        self.found_marker: QLabel | None = None  # the words above it
        self.citation = guide.edition().citation()
        self.setWindowTitle(f"Threshold guide — {guide.source.edition} — safeguard-desktop")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._build()
        self._fill_nav()
        self.nav.setCurrentItem(self.level_items[0])
        fit_to_screen(self, 1180, 820)
        self.search.setFocus()

    # -- building --------------------------------------------------------------------------

    def _action(self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey | str, slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _=False: slot())  # type: ignore[operator]
        self.addAction(action)
        return action

    def _build(self) -> None:
        band = QFrame()
        band.setFrameShape(QFrame.Shape.StyledPanel)
        band.setAccessibleName("Source of this guide")
        band_layout = QVBoxLayout(band)
        band_layout.setContentsMargins(10, 6, 10, 6)
        band_layout.setSpacing(2)
        band_layout.addWidget(heading(self.guide.title))
        self.citation_label = plain_label(f"Source: {self.citation}", selectable=True)
        self.citation_label.setAccessibleName("Source, edition and date")
        self.citation_label.setWhatsThis(whats_this("guide_edition"))
        bold(self.citation_label)
        self.note_label = plain_label(self.guide.note)
        self.note_label.setAccessibleName("How to use the guide")
        band_layout.addWidget(self.citation_label)
        band_layout.addWidget(self.note_label)

        self.search = line_edit("Search the guide", "Search the guide… (Ctrl+F)", max_length=200)
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumHeight(32)
        self.search.textChanged.connect(self._search_changed)
        self.search.installEventFilter(self)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search, self.search.clear, Qt.ShortcutContext.WidgetShortcut)
        self.count_label = plain_label(wrap=False)
        self.count_label.setAccessibleName("How many results")

        self.nav = named(QTreeWidget(), "Browse the guide", "By level or by domain; arrow keys move")
        self.nav.setHeaderHidden(True)
        self.nav.setMinimumWidth(260)
        self.nav.setStyleSheet("QTreeWidget::item { padding: 4px 2px; }")  # larger targets
        self.nav.currentItemChanged.connect(self._nav_changed)

        self.scroll = named(QScrollArea(), "Guide text", "The chosen level or domain")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # so PgUp/PgDn and arrows scroll it

        self.scope = named(QComboBox(), "What to print or save")
        self.scope.addItem("The whole guide")
        self.scope.addItem("This page only")
        self.scope.setMinimumHeight(32)
        self.print_action = self._action("&Print…", QKeySequence.StandardKey.Print, self.print_guide)
        self.save_action = self._action("Save as &PDF…", QKeySequence.StandardKey.Save, self.save_pdf)
        self._action("Find", QKeySequence.StandardKey.Find, self.focus_search)
        self._action("Close", QKeySequence.StandardKey.Close, self.close)
        self.print_button = self._button("Print… (Ctrl+P)", "Print", self.print_action)
        self.save_button = self._button("Save as PDF…", "Save as PDF", self.save_action)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        top.addSpacing(16)
        scope_label = plain_label("Print or save:", wrap=False)
        scope_label.setBuddy(self.scope)
        top.addWidget(scope_label)
        top.addWidget(self.scope)
        top.addWidget(self.print_button)
        top.addWidget(self.save_button)

        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.scroll)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([320, 860])

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(band)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

    def _button(self, text: str, name: str, action: QAction) -> QPushButton:
        button = named(QPushButton(text), name)
        button.setMinimumHeight(32)
        button.setAutoDefault(False)
        button.clicked.connect(action.trigger)
        return button

    def _fill_nav(self) -> None:
        bold = self.nav.font()
        bold.setBold(True)
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.by_level = QTreeWidgetItem(self.nav, ["By level"])
        self.by_level.setData(0, ROLE, ("levels",))
        self.by_level.setFont(0, bold)
        self.level_items: list[QTreeWidgetItem] = []
        for level in self.guide.levels:
            item = QTreeWidgetItem(self.by_level, [f"{level.number} — {level.name}"])
            item.setData(0, ROLE, ("level", str(level.number)))
            full = level_heading(self.guide, level)
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, full)
            item.setToolTip(0, plain_tooltip(full))
            if level.number == top_level(self.guide):
                # Not by colour alone: a warning icon, bold, and "highest level" in its full name.
                item.setIcon(0, warning)
                item.setFont(0, bold)
            self.level_items.append(item)
        self.by_domain = QTreeWidgetItem(self.nav, ["By domain"])
        self.by_domain.setData(0, ROLE, ("domains",))
        self.by_domain.setFont(0, bold)
        self.domain_items: dict[str, QTreeWidgetItem] = {}
        for domain in self.guide.domains:
            item = QTreeWidgetItem(self.by_domain, [domain.name])
            item.setData(0, ROLE, ("domain", domain.id))
            self.domain_items[domain.id] = item
            for area in domain.areas:
                child = QTreeWidgetItem(item, [area.name])
                child.setData(0, ROLE, ("area", domain.id, area.id))
        self.by_level.setExpanded(True)
        self.by_domain.setExpanded(True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # From the search field: Enter shows the first result, Down moves into the results.
        if watched is self.search and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.hits:
                self.show_hit(self.hits[0])
                return True
            if event.key() == Qt.Key.Key_Down and self.page is not None and self.page.buttons:
                self.page.buttons[0].setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return super().eventFilter(watched, event)

    # -- showing ---------------------------------------------------------------------------

    def focus_search(self) -> None:
        """Ctrl+F: put the cursor in the search field, ready to type over."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _nav_changed(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if current is None:
            return
        self.view = tuple(current.data(0, ROLE))
        if self.search.text().strip():
            # Browsing leaves the results: the search is cleared without showing them again.
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self.hits = []
            self.count_label.clear()
        self._show(self._build_view(self.view))

    def _build_view(self, view: View) -> Page:
        kind = view[0]
        if kind == "level":
            return level_page(self.guide, int(view[1]))
        if kind == "domain":
            return domain_page(self.guide, view[1])
        if kind == "area":
            return domain_page(self.guide, view[1], view[2])
        if kind == "domains":
            return domains_overview(self.guide)
        return levels_overview(self.guide)

    def _show(self, page: Page, *, printable: bool = True) -> None:
        self.page = page
        self.found = self.found_marker = None
        self.scroll.setWidget(page.widget)  # the previous page is deleted with it
        self.scroll.verticalScrollBar().setValue(0)
        # Tab goes search → navigation → page → its buttons → print controls.
        chain: list[QWidget] = [self.search, self.nav, self.scroll, *page.buttons, self.scope]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        QWidget.setTabOrder(self.scope, self.print_button)
        QWidget.setTabOrder(self.print_button, self.save_button)
        self._update_scope(printable)

    def _update_scope(self, printable: bool) -> None:
        kind = self.view[0]
        label = "This page only"
        if printable and kind == "level":
            label = f"Only level {self.view[1]}: {self.guide.level(int(self.view[1])).name}"
        elif printable and kind in ("domain", "area"):
            label = f"Only {self.guide.domain(self.view[1]).name}"
        model = self.scope.model()
        assert isinstance(model, QStandardItemModel)
        item = model.item(1)
        item.setText(label)
        enabled = printable and kind in ("level", "domain", "area")
        item.setEnabled(enabled)
        if not enabled:
            self.scope.setCurrentIndex(0)

    def _search_changed(self, text: str) -> None:
        query = text.strip()
        if not query:
            self.hits = []
            self.count_label.clear()
            self._show(self._build_view(self.view))
            return
        # In the order the page shows them, level by level, routes last: Enter shows the first.
        found = [shown(self.guide, hit) for hit in self.index.search(query)]
        self.hits = sorted(found, key=lambda hit: (hit.level is None, hit.level or 0))
        count = len(self.hits)
        self.count_label.setText(f"{count} result{'s' if count != 1 else ''}")
        page = results_page(self.guide, query, self.hits, self.show_hit, self._show_all)
        self._show(page, printable=False)

    def _show_all(self) -> None:
        self._show(results_page(self.guide, self.search.text().strip(), self.hits, self.show_hit), printable=False)
        if self.page is not None and self.page.buttons:
            self.page.buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def show_hit(self, hit: ShownHit) -> None:
        """Show a search hit where it sits in the guide, marked, with a way back to the results."""
        kind, _, ident = hit.key.partition(":")
        if kind == "route":
            # The first level that names it; a route no level names is shown beside the highest.
            naming = (level.number for level in self.guide.levels if ident in level.routes)
            number = next(naming, top_level(self.guide))
        else:
            number = int(ident) if kind == "level" else self.guide.indicator(ident).level
        self.view = ("level", str(number))
        self.nav.blockSignals(True)
        self.nav.setCurrentItem(self.level_items[number - 1])
        self.nav.blockSignals(False)
        page = level_page(self.guide, number)
        back = named(QPushButton("← Back to the results"), "Back to the search results")
        back.setMinimumHeight(32)
        back.setAutoDefault(False)
        back.clicked.connect(lambda: self._search_changed(self.search.text()))
        layout = page.widget.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, back, 0, Qt.AlignmentFlag.AlignLeft)
        page.buttons.insert(0, back)
        self._show(page)
        target = page.anchors.get(hit.key)
        if target is not None:
            self.found = target
            if isinstance(target, QLabel):
                target.setFrameShape(QFrame.Shape.Box)
                target.setLineWidth(2)
                bold(target)
            target.setAccessibleDescription("Found by your search")
            # Said in words above it too, not only by the frame.
            marker = bold(plain_label("▼ Found by your search:"))
            layout.insertWidget(max(layout.indexOf(target), 0), marker)
            self.found_marker = marker
            QTimer.singleShot(0, self._scroll_to_found)
        back.setFocus(Qt.FocusReason.OtherFocusReason)

    def _scroll_to_found(self) -> None:
        # Near the top of the pane, with a little of what comes before it for context. Run once
        # the page is laid out; by then another page may have replaced it (found is None).
        target = self.found_marker
        if self.page is None or target is None:
            return
        top = target.mapTo(self.page.widget, QPoint(0, 0)).y()
        self.scroll.verticalScrollBar().setValue(max(top - self.scroll.viewport().height() // 4, 0))

    # -- print and save --------------------------------------------------------------------

    def _scope(self) -> tuple[dict[str, object], str]:
        kind = self.view[0]
        if self.scope.currentIndex() == 1 and kind == "level":
            return {"only_level": int(self.view[1])}, f"level-{self.view[1]}"
        if self.scope.currentIndex() == 1 and kind in ("domain", "area"):
            return {"only_domain": self.view[1]}, self.view[1]
        return {}, ""

    def render_pdf(self) -> tuple[bytes, str]:
        """The PDF the print and save controls produce, and a file name for it."""
        options, suffix = self._scope()
        content = guide_pdf(self.guide, demo=self.demo, **options)  # type: ignore[arg-type]
        edition = re.sub(r"[^a-z0-9]+", "-", self.guide.source.edition.lower()).strip("-")
        name = "-".join(part for part in ("threshold-guide", edition, suffix) if part)
        return content, f"{name}.pdf"

    def save_pdf(self) -> Path | None:
        """Ask where, then write the PDF there; return the path saved."""
        content, file_name = self.render_pdf()
        return save_guide_file(self, content, file_name, self._tell)

    def print_guide(self) -> int:
        """Print through the system's print dialog; return how many pages were sent."""
        content, _ = self.render_pdf()
        return print_guide_file(self, content, self._tell)

    def _tell(self, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> None:
        box = QMessageBox(icon, f"{title} — safeguard-desktop", text, QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAccessibleName(title)
        box.finished.connect(lambda _: box.deleteLater())
        self.message_box = box
        box.open()


def open_guide(main: Any) -> GuideWindow | None:
    """Open the main window's guide (or bring it forward): the vault's current edition.

    The window is kept on `main.guide_window` while it is open, so there is only ever one.
    """
    window: GuideWindow | None = getattr(main, "guide_window", None)
    if window is None:
        vault = main.vault
        if vault is None:
            return None
        try:
            guide = current_guide(vault)
        except SafeguardError as exc:
            main.error.show_error(exc.message)
            return None
        window = GuideWindow(guide, main, demo=vault.is_demo)
        window.destroyed.connect(lambda _=None: setattr(main, "guide_window", None))
        main.guide_window = window
    window.show()
    window.raise_()
    window.activateWindow()
    return window


def close_guide(main: Any) -> None:
    """The vault is locking: close the guide with every other window."""
    window: GuideWindow | None = getattr(main, "guide_window", None)
    main.guide_window = None
    if window is not None:
        window.close()
