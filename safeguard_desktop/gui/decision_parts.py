"""The pieces of the level-of-need form other than the indicator picker: the summary of what
the chosen indicators suggest, radio-button choices that start with nothing chosen, the decision's
inputs, and the guide's words for levels, patterns and routes.

The guide's words are content and the practitioner's words are their own: both reach the
screen only through plain labels and table cells, which never read markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QRadioButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.domain.eventdate import DatePrecision
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.ukdates import format_date, format_time, to_uk, utc_now
from safeguard_desktop.gui.concern_parts import EventDateInput
from safeguard_desktop.gui.help import whats_this
from safeguard_desktop.gui.widgets import ErrorLabel, Field, heading, named, plain_label, text_edit
from safeguard_desktop.thresholds.decision import Consent
from safeguard_desktop.thresholds.guide import Action, Route, ThresholdGuide
from safeguard_desktop.thresholds.suggest import CumulativeWarning, Suggestion

HIGHEST_MARK = "▲"  # the top level is marked in words and a symbol, never by colour alone


def level_name(guide: ThresholdGuide, number: int) -> str:
    """A level's name in this edition; an indicator carried over from another may name one it lacks."""
    try:
        return guide.level(number).name
    except KeyError:
        return "not a level in this edition of the guide"


def level_title(guide: ThresholdGuide, number: int) -> str:
    """E.g. "Level 2: Additional needs (vulnerable)"; the top level says it is the highest."""
    title = f"Level {number}: {guide.level(number).name}"
    if number == guide.levels[-1].number:
        title = f"{HIGHEST_MARK} {title} (highest level)"
    return title


def warning_text(guide: ThresholdGuide, warning: CumulativeWarning) -> str:
    """A cumulative warning in words, e.g. "4 indicators at level 2 across 3 domains: …"."""
    domains = "1 domain" if warning.domains == 1 else f"{warning.domains} domains"
    return (
        f"{warning.count} indicators at level {warning.level} across {domains}: together they may point to "
        f"level {warning.points_to} ({guide.level(warning.points_to).name}). {warning.message}"
    )


def route_text(route: Route) -> str:
    """A route as plain text: when it applies, who to contact and its numbered steps."""
    # The contact comes before the steps: a phone number is what is needed first in a hurry.
    lines = [f"When: {route.when}"]
    if route.contact:
        lines.append(f"Contact: {route.contact}")
    lines += [f"{n}. {step}" for n, step in enumerate(route.how, start=1)]
    return "\n".join(lines)


def route_title(route: Route) -> str:
    """A route's name; an urgent one says so in words."""
    return f"URGENT — act now: {route.name}" if route.urgent else route.name


def bold(widget: QWidget) -> None:
    font = widget.font()
    font.setBold(True)
    widget.setFont(font)


class SuggestionPanel(QWidget):
    """Counts by domain and level, the highest level ticked, patterns to weigh, and routes."""

    def __init__(self, guide: ThresholdGuide, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._guide = guide
        self.informs = plain_label(
            "This summary is to inform your judgement: it does not decide. The guide's indicators are "
            "examples, not a checklist. You choose the level and the action yourself on the next step, "
            "with your reasons."
        )
        bold(self.informs)
        self.informs.setAccessibleName("This informs; you decide")
        self.highest = plain_label()
        self.highest.setAccessibleName("Highest level chosen")
        self._warnings_host = QWidget()
        self._warnings = QVBoxLayout(self._warnings_host)
        self._warnings.setContentsMargins(0, 0, 0, 0)
        levels = guide.levels
        self.matrix = named(
            QTableWidget(len(guide.domains) + 1, len(levels)),
            "Indicators chosen, by domain and level",
            "Rows are domains, columns are levels; each cell counts the indicators chosen there",
        )
        self.matrix.setHorizontalHeaderLabels([f"Level {lv.number}\n{lv.name}" for lv in levels])
        self.matrix.setVerticalHeaderLabels([d.name for d in guide.domains] + ["All domains"])
        self.matrix.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.matrix.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.matrix.setWordWrap(True)
        header = self.matrix.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        # Room for "Level n" over a level name wrapped onto up to three lines.
        header.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 8)
        rows = self.matrix.verticalHeader().defaultSectionSize() * (len(guide.domains) + 1)
        self.matrix.setFixedHeight(header.height() + rows + 2 * self.matrix.frameWidth())
        self.routes_heading = heading("Routes", level=2)
        self._routes_host = QWidget()
        self._routes = QVBoxLayout(self._routes_host)
        self._routes.setContentsMargins(0, 0, 0, 0)
        routes_scroll = QScrollArea()
        routes_scroll.setWidgetResizable(True)
        routes_scroll.setWidget(self._routes_host)
        routes_scroll.setAccessibleName("Routes these levels suggest")

        left = QVBoxLayout()
        left.addWidget(self.informs)
        left.addWidget(self.highest)
        left.addWidget(self._warnings_host)
        left.addWidget(self.matrix)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.routes_heading)
        right.addWidget(routes_scroll, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)
        self.warning_labels: list[QWidget] = []
        self.route_frames: list[QFrame] = []

    def show_suggestion(self, suggestion: Suggestion) -> None:
        """Show a fresh summary of the chosen indicators."""
        guide = self._guide
        for row, domain in enumerate(guide.domains):
            for column, level in enumerate(guide.levels):
                self._cell(row, column, suggestion.count(domain.id, level.number))
        for column, level in enumerate(guide.levels):
            self._cell(len(guide.domains), column, suggestion.level_total(level.number))
        if suggestion.highest is None:
            self.highest.setText("No indicators chosen yet.")
        else:
            self.highest.setText(
                f"The highest level of any indicator chosen: level {suggestion.highest} "
                f"({level_name(guide, suggestion.highest)})."
            )
        _clear(self._warnings)
        self.warning_labels = []
        for warning in suggestion.cumulative:
            box = ErrorLabel()
            box.setAccessibleName("Pattern to weigh")
            box.show_error(warning_text(guide, warning))
            self._warnings.addWidget(box)
            self.warning_labels.append(box)
        _clear(self._routes)
        self.route_frames = []
        levels = suggestion.levels_to_consider
        if not levels:
            self.routes_heading.setText("Routes: choose indicators to see the routes their levels suggest")
        else:
            words = " and ".join(f"level {n}" for n in levels)
            self.routes_heading.setText(f"Routes the guide gives for {words}")
        # An urgent route must never be scrolled past: it comes first.
        for route in sorted(suggestion.routes, key=lambda r: not r.urgent):
            frame = route_frame(route)
            self._routes.addWidget(frame)
            self.route_frames.append(frame)
        self._routes.addStretch(1)

    def _cell(self, row: int, column: int, count: int) -> None:
        item = QTableWidgetItem(str(count) if count else "–")
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, str(count))
        if count:
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        self.matrix.setItem(row, column, item)

    def count_at(self, row: int, column: int) -> int:
        """The count shown in one matrix cell (0 for a dash)."""
        return int(self.matrix.item(row, column).data(Qt.ItemDataRole.AccessibleTextRole))


def route_frame(route: Route) -> QFrame:
    """One route, framed: its name (urgent ones say so), when, steps and contact."""
    frame = QFrame()
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    frame.setAccessibleName(route_title(route))
    layout = QVBoxLayout(frame)
    if route.urgent:
        title: QWidget = ErrorLabel()
        title.show_error(route_title(route))  # type: ignore[attr-defined]
    else:
        title = plain_label(route.name)
        bold(title)
    layout.addWidget(title)
    layout.addWidget(plain_label(route_text(route), selectable=True))
    return frame


def _clear(layout: QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().hide()
            item.widget().deleteLater()


class RadioChoice(QWidget):
    """One answer from a list, as radio buttons with none chosen at first (the app never chooses)."""

    def __init__(self, name: str, options: list[tuple[str, Any]], missing: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._missing = missing
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: list[QRadioButton] = []
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for text, value in options:
            button = named(QRadioButton(text), f"{name}: {text}")
            button.setProperty("choice", value)
            self.group.addButton(button)
            self.buttons.append(button)
            layout.addWidget(button)
        layout.addWidget(self.error)
        self.setAccessibleName(name)
        if self.buttons:
            self.setFocusProxy(self.buttons[0])

    def chosen(self) -> Any:
        """The value chosen, or None."""
        button = self.group.checkedButton()
        return None if button is None else button.property("choice")

    def choose(self, value: Any) -> None:
        """Choose the button with this value (nothing happens for an unknown value)."""
        for button in self.buttons:
            if button.property("choice") == value:
                button.setChecked(True)

    def button_for(self, value: Any) -> QRadioButton:
        """The button for one value."""
        return next(b for b in self.buttons if b.property("choice") == value)

    def value(self, convert: Callable[[Any], Any] = lambda v: v) -> Any:
        """The value chosen; DomainError (shown here) when none is."""
        self.error.clear()
        chosen = self.chosen()
        if chosen is None:
            self.error.show_error(self._missing)
            raise DomainError(self._missing)
        return convert(chosen)


class DecisionInputs(QWidget):
    """The practitioner's decision: level, reasons, consent, action and when. Nothing is preselected."""

    def __init__(self, guide: ThresholdGuide, practitioner: Practitioner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.consider = plain_label()
        self.consider.setAccessibleName("Levels the indicators point to")
        self.level = RadioChoice(
            "Level of need",
            [(f"Level {level.number}: {level.name}", level.number) for level in guide.levels],
            "Choose the level of need you have decided on.",
        )
        self.level.setWhatsThis(whats_this("threshold_level"))
        self.reasons = text_edit(
            "Reasons",
            "Why this level: what you weighed, including the family's strengths and what has been tried",
            rows=6,
        )
        self.reasons_field = Field(self.reasons)
        self.consent = RadioChoice(
            "Consent", [(c.label(), c.value) for c in Consent], "Choose where the family stand on sharing information."
        )
        self.consent.setWhatsThis(whats_this("consent"))
        self.consent_note = text_edit("Consent note", "For example: spoke with mum on the phone", rows=2)
        self.action = RadioChoice("Action", [(a.label(), a.value) for a in Action], "Choose the action you are taking.")
        self.action_note = text_edit("Action note", "For example: who you spoke to, and when", rows=2)
        self.decided = EventDateInput()
        self.decided.precision.setCurrentIndex(self.decided.precision.findData(DatePrecision.TIME.value))
        self.decided.date.setAccessibleName("Date decided")
        self.decided.time.setAccessibleName("Time decided")
        now = utc_now()
        self.decided.date.setText(format_date(to_uk(now).date()))
        self.decided.time.setText(format_time(now))

        level_box = QGroupBox("&Level of need")
        box_layout = QVBoxLayout(level_box)
        box_layout.addWidget(self.consider)
        box_layout.addWidget(self.level)
        action_box = QGroupBox("A&ction")
        box_layout = QVBoxLayout(action_box)
        box_layout.addWidget(self.action)
        box_layout.addWidget(plain_label("Note on the action (optional)"))
        box_layout.addWidget(self.action_note)
        reasons_box = QGroupBox("&Reasons (required)")
        QVBoxLayout(reasons_box).addWidget(self.reasons_field)
        consent_box = QGroupBox("C&onsent")
        box_layout = QVBoxLayout(consent_box)
        box_layout.addWidget(self.consent)
        box_layout.addWidget(plain_label("Note on consent (optional)"))
        box_layout.addWidget(self.consent_note)
        when_box = QGroupBox("&When and who")
        form = QFormLayout(when_box)
        form.addRow("Decided", self.decided)
        decided_by = plain_label(practitioner.one_line())
        decided_by.setAccessibleName("Decided by")
        form.addRow("Decided by", decided_by)

        columns = QHBoxLayout(self)
        left, right = QVBoxLayout(), QVBoxLayout()
        for box in (level_box, action_box):
            left.addWidget(box)
        left.addStretch(1)
        for box in (reasons_box, consent_box, when_box):
            right.addWidget(box)
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self.setFocusProxy(self.level)
