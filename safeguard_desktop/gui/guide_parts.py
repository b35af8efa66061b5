"""The threshold guide viewer's reading pages, built from plain-text widgets.

Every content string reaches the screen through `plain_label` (or, where matched words are
shown in bold, `html.escape` first): the guide comes from a signed pack, but its text is
still text, never markup. The highest level and urgent routes stand out by a word, an icon
and a heavy border, not by colour alone; colours come from the system palette.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QStandardPaths, Qt
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.gui.chronology_export import print_pdf, save_error_text
from safeguard_desktop.gui.widgets import heading, named, plain_label
from safeguard_desktop.paths import write_private_file_atomically
from safeguard_desktop.pdf.guide import IndicatorGroup, domain_groups, level_groups, level_heading, top_level
from safeguard_desktop.thresholds.guide import Indicator, Level, Route, ThresholdGuide
from safeguard_desktop.thresholds.search import GuideHit

BULLET = "•  "
# More rows than this take a noticeable moment to lay out on each key typed; the first letter
# or two of a word match most of the guide, so the rest wait for "Show all".
MAX_HITS_SHOWN = 30


@dataclass
class Page:
    """A built reading page: the widget, and the widgets of items a search hit may point at."""

    widget: QWidget
    anchors: dict[str, QWidget] = field(default_factory=dict)
    buttons: list[QPushButton] = field(default_factory=list)


def highlighted(value: str, spans: Sequence[tuple[int, int]]) -> str:
    """`value` as rich text whose only markup is <b> around the matched spans, everything escaped."""
    parts: list[str] = []
    at = 0
    for start, end in sorted(spans):
        start = max(start, at)
        if end <= start:
            continue
        parts.append(html.escape(value[at:start]))
        parts.append("<b>" + html.escape(value[start:end]) + "</b>")
        at = end
    parts.append(html.escape(value[at:]))
    return "".join(parts)


def bold(label: QLabel, *, italic: bool = False) -> QLabel:
    """Make a label's text bold (and italic), keeping the system font's size."""
    font = label.font()
    font.setBold(True)
    font.setItalic(italic)
    label.setFont(font)
    return label


def _head(text: str, scale: float) -> QLabel:
    """A bold heading `scale` times the system font: sections 1.15, groups within them 1.05."""
    label = heading(text, level=2)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


def _marked_box(widget: QWidget, heavy: bool) -> QFrame:
    """A framed box; a heavy border marks what must stand out (with words and an icon too)."""
    box = QFrame()
    box.setFrameShape(QFrame.Shape.Box)
    box.setLineWidth(3 if heavy else 1)
    layout = QHBoxLayout(box)
    layout.setContentsMargins(8, 6, 8, 6)
    if heavy:
        icon = QLabel()
        size = box.style().pixelMetric(QStyle.PixelMetric.PM_LargeIconSize)
        icon.setPixmap(box.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        icon.setAccessibleName("Warning")
        layout.addWidget(icon)
    layout.addWidget(widget, 1)
    return box


def level_title(guide: ThresholdGuide, level: Level) -> QWidget:
    """A level's heading; the highest level's is boxed with a warning icon."""
    label = heading(level_heading(guide, level))
    return _marked_box(label, True) if level.number == top_level(guide) else label


def route_box(route: Route) -> QFrame:
    """A route: its name, action, when to take it, the steps and who to contact."""
    body = QWidget()
    layout = QVBoxLayout(body)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(3)
    name = f"URGENT — {route.name}" if route.urgent else route.name
    layout.addWidget(heading(name, level=1 if route.urgent else 2))
    layout.addWidget(plain_label(f"Action: {route.action.label()}"))
    layout.addWidget(plain_label(f"When: {route.when}"))
    for number, step in enumerate(route.how, 1):
        layout.addWidget(plain_label(f"{number}. {step}"))
    if route.contact:
        layout.addWidget(bold(plain_label(f"Contact: {route.contact}", selectable=True)))
    box = _marked_box(body, route.urgent)
    box.setAccessibleName(f"Route: {name}")
    return box


def _indicators(guide: ThresholdGuide, page: Page, layout: QVBoxLayout, groups: list[IndicatorGroup]) -> None:
    for group in groups:
        layout.addSpacing(8)
        title = _head(group.heading, 1.05)
        layout.addWidget(_marked_box(title, True) if group.level == top_level(guide) else title)
        for area, items in group.areas:
            layout.addWidget(bold(plain_label(area), italic=True))
            for item in items:
                line = plain_label(BULLET + item.text, selectable=True)
                line.setContentsMargins(12, 0, 0, 0)
                line.setAccessibleName(item.text)
                layout.addWidget(line)
                page.anchors[f"indicator:{item.id}"] = line


def _new_page() -> tuple[Page, QVBoxLayout]:
    widget = QWidget()
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(16, 12, 16, 16)
    layout.setSpacing(4)
    return Page(widget), layout


def level_page(guide: ThresholdGuide, number: int) -> Page:
    """One level: its name, description, response, routes, then its indicators by domain and area."""
    level = guide.level(number)
    page, layout = _new_page()
    title = level_title(guide, level)
    layout.addWidget(title)
    page.anchors[f"level:{number}"] = title
    layout.addWidget(plain_label(level.description))
    layout.addSpacing(6)
    layout.addWidget(_head("Response", 1.15))
    layout.addWidget(plain_label(level.response))
    if level.cumulative is not None:
        hint = level.cumulative
        note = plain_label(
            f"{hint.count} or more indicators at this level may together point to level {hint.points_to}: "
            f"{hint.message}"
        )
        layout.addWidget(_marked_box(note, False))
    layout.addSpacing(6)
    layout.addWidget(_head("Routes", 1.15))
    for route_id in level.routes:
        box = route_box(guide.route(route_id))
        layout.addWidget(box)
        page.anchors[f"route:{route_id}"] = box
    layout.addSpacing(6)
    layout.addWidget(_head("Indicators", 1.15))
    groups = level_groups(guide, number)
    _indicators(guide, page, layout, groups)
    if not groups:
        layout.addWidget(plain_label("This edition gives no indicators at this level."))
    layout.addStretch(1)
    return page


def domain_page(guide: ThresholdGuide, domain_id: str, area_id: str | None = None) -> Page:
    """One domain (or one area of it): its indicators level by level, each level headed."""
    domain = guide.domain(domain_id)
    page, layout = _new_page()
    title = domain.name if area_id is None else f"{domain.name}: {guide.area_name(domain_id, area_id)}"
    layout.addWidget(heading(title))
    layout.addWidget(plain_label(domain.description))
    groups = domain_groups(guide, domain_id, area_id)
    _indicators(guide, page, layout, groups)
    if not groups:
        layout.addWidget(plain_label("This edition gives no indicators here."))
    layout.addStretch(1)
    return page


def levels_overview(guide: ThresholdGuide) -> Page:
    """Every level in brief: name, description and response."""
    page, layout = _new_page()
    layout.addWidget(heading("Levels of need"))
    for level in guide.levels:
        layout.addSpacing(8)
        layout.addWidget(level_title(guide, level))
        layout.addWidget(plain_label(level.description))
        layout.addWidget(plain_label(f"Response: {level.response}"))
    layout.addStretch(1)
    return page


def domains_overview(guide: ThresholdGuide) -> Page:
    """Every domain in brief, with its areas."""
    page, layout = _new_page()
    layout.addWidget(heading("Domains of the Assessment Framework"))
    for domain in guide.domains:
        layout.addSpacing(8)
        layout.addWidget(heading(domain.name, level=2))
        layout.addWidget(plain_label(domain.description))
        layout.addWidget(plain_label("Areas: " + ", ".join(area.name for area in domain.areas)))
    layout.addStretch(1)
    return page


@dataclass(frozen=True)
class ShownHit:
    """A search hit as the results page shows it: where it sits, its text and the matched spans."""

    key: str  # "indicator:<id>", "level:<n>" or "route:<id>"
    level: int | None  # None for a route, which may serve several levels
    prefix: str  # where the title sits, e.g. "Parenting capacity › "
    title: str  # an indicator's area, a level's or a route's name
    title_spans: tuple[tuple[int, int], ...]
    text: str
    spans: tuple[tuple[int, int], ...]


def shown(guide: ThresholdGuide, hit: GuideHit) -> ShownHit:
    """A core search hit as the results page shows it: with its level and where it sits."""
    item = hit.item
    if isinstance(item, Indicator):
        prefix = f"{guide.domain(item.domain).name} › "
        return ShownHit(f"indicator:{item.id}", item.level, prefix, hit.title, hit.title_spans, hit.text, hit.spans)
    if isinstance(item, Level):
        return ShownHit(f"level:{item.number}", item.number, "Level: ", hit.title, hit.title_spans, hit.text, hit.spans)
    return ShownHit(f"route:{item.id}", None, "Route: ", hit.title, hit.title_spans, hit.text, hit.spans)


def results_page(
    guide: ThresholdGuide,
    query: str,
    hits: Sequence[ShownHit],
    choose: Callable[[ShownHit], None],
    show_all: Callable[[], None] | None = None,
) -> Page:
    """The hits grouped by level, each with its place, matched words in bold and a Show button.

    With `show_all`, only the first MAX_HITS_SHOWN are laid out, and a button shows the rest.
    """
    page, layout = _new_page()
    count = len(hits)
    limited = show_all is not None and count > MAX_HITS_SHOWN
    summary = f"{count} result{'s' if count != 1 else ''} for “{query}”"
    if limited:
        summary += f": the first {MAX_HITS_SHOWN} are shown (type more to narrow them)"
    title = heading(summary)
    title.setAccessibleName(summary)
    layout.addWidget(title)
    page.anchors["summary"] = title
    if not hits:
        layout.addWidget(plain_label("Nothing in the guide matches these words. Try fewer or shorter words."))
    shown = list(hits)[:MAX_HITS_SHOWN] if limited else list(hits)
    levels: list[int | None] = [level.number for level in guide.levels] + [None]
    for number in levels:
        group = [hit for hit in shown if hit.level == number]
        if not group:
            continue
        layout.addSpacing(8)
        head = "Routes" if number is None else level_heading(guide, guide.level(number))
        head_label = heading(f"{head} ({len(group)})", level=2)
        layout.addWidget(_marked_box(head_label, True) if number == top_level(guide) else head_label)
        for hit in group:
            layout.addWidget(_hit_row(page, hit, choose))
    if limited and show_all is not None:
        more = named(QPushButton(f"Show all {count} results"), f"Show all {count} results")
        more.setMinimumHeight(32)
        more.setAutoDefault(False)
        more.clicked.connect(lambda _=False: show_all())
        layout.addSpacing(8)
        layout.addWidget(more, 0, Qt.AlignmentFlag.AlignLeft)
        page.buttons.append(more)
    layout.addStretch(1)
    return page


def _hit_row(page: Page, hit: ShownHit, choose: Callable[[ShownHit], None]) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(12, 2, 0, 2)
    words = QVBoxLayout()
    place = QLabel()
    place.setTextFormat(Qt.TextFormat.RichText)  # matched words in bold; everything else escaped
    place.setText("<i>" + html.escape(hit.prefix) + highlighted(hit.title, hit.title_spans) + "</i>")
    place.setWordWrap(True)
    place.setAccessibleName(hit.prefix + hit.title)
    words.addWidget(place)
    found = QLabel()
    found.setTextFormat(Qt.TextFormat.RichText)  # matched words in bold; everything else escaped
    found.setText(highlighted(hit.text, hit.spans))
    found.setWordWrap(True)
    found.setAccessibleName(hit.text)
    words.addWidget(found)
    layout.addLayout(words, 1)
    show = named(QPushButton("Show"), f"Show in the guide: {hit.text[:80]}")
    show.setMinimumHeight(32)
    show.setAutoDefault(False)
    show.clicked.connect(lambda _=False, h=hit: choose(h))
    layout.addWidget(show, 0, Qt.AlignmentFlag.AlignTop)
    page.buttons.append(show)
    page.anchors[f"hit:{hit.key}"] = found
    page.anchors[f"show:{hit.key}"] = show
    return row


Tell = Callable[[str, str, QMessageBox.Icon], None]


def save_guide_file(parent: QWidget, content: bytes, file_name: str, tell: Tell) -> Path | None:
    """Ask where, then write the guide's PDF there; return the path saved.

    The guide holds no personal data, so there is no unencrypted-file warning and nothing to
    log in the vault's audit trail; the file is still written whole or not at all.
    """
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    chosen, _ = QFileDialog.getSaveFileName(
        parent, "Save the threshold guide as PDF", str(Path(folder) / file_name), "PDF files (*.pdf)"
    )
    if not chosen:
        return None
    path = Path(chosen) if chosen.lower().endswith(".pdf") else Path(f"{chosen}.pdf")
    try:
        write_private_file_atomically(path, content)
    except OSError as exc:
        tell("Save as PDF", save_error_text(exc), QMessageBox.Icon.Warning)
        return None
    tell("Save as PDF", f"The threshold guide was saved as {path}.", QMessageBox.Icon.Information)
    return path


def print_guide_file(parent: QWidget, content: bytes, tell: Tell) -> int:
    """Print the guide's PDF through the system's print dialog; return how many pages were sent."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)  # the PDF carries its own margins
    printer.setDocName("Threshold guide")
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print the threshold guide — safeguard-desktop")
    dialog.setMinMax(1, max(_page_count(content), 1))
    if dialog.exec() != QDialog.DialogCode.Accepted.value:
        return 0
    try:
        sent = print_pdf(printer, content)
    except OSError as exc:  # no printer, output not writable: said in words
        reason = exc.strerror or "the printer refused it"
        tell("Print", f"The guide could not be printed ({reason}).", QMessageBox.Icon.Warning)
        return 0
    tell("Print", f"{sent} page{'s' if sent != 1 else ''} sent to the printer.", QMessageBox.Icon.Information)
    return sent


def _page_count(content: bytes) -> int:
    buffer = QBuffer()
    buffer.setData(QByteArray(content))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    try:
        return document.pageCount()
    finally:
        document.close()
        buffer.close()
