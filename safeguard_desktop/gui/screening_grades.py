"""Five large grade buttons with the chosen (or focused) grade's meaning always shown in words.

Grades run from 1 (best) to 5 (worst). The buttons are big enough for a finger on a tablet
(at least MIN_TARGET pixels high) and act as one stop in the Tab order: Tab reaches the
chosen button (or the first), Left and Right move between them, Space chooses, and the keys
1 to 5 choose a grade directly. Nothing is chosen until the practitioner chooses: an area's
grade is their judgement, so it is never preselected.
"""

from __future__ import annotations

import textwrap

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from safeguard_desktop.gui.widgets import plain_label
from safeguard_desktop.screening.pack import GRADES, ScreeningPack

MIN_TARGET = 48  # pixels; above the 44 px guideline for touch targets
LABEL_WIDTH = 18  # characters per line on a button before its label wraps
NOT_CHOSEN = "No grade chosen yet. Grades run from 1 (best) to 5 (worst): press 1 to 5, or touch a button."
# Palette roles only, so light, dark and high-contrast themes all work: the chosen grade is
# filled and bold, the focused one has a thick outline (visible without hovering).
STYLE = """
QPushButton { border: 1px solid palette(mid); border-radius: 4px; padding: 4px 6px;
              background: palette(button); color: palette(button-text); }
QPushButton:checked { background: palette(highlight); color: palette(highlighted-text); font-weight: bold;
                      border: 2px solid palette(shadow); }
QPushButton:focus { border: 3px solid palette(highlight); }
QPushButton:checked:focus { border: 3px solid palette(shadow); }
"""
_DIGITS = {getattr(Qt.Key, f"Key_{g}"): g for g in GRADES}


def button_text(grade: int, label: str) -> str:
    """The number on its own line, then the short label wrapped to fit a narrow button."""
    return "\n".join([str(grade), *textwrap.wrap(label, LABEL_WIDTH)])


class GradeButtons(QWidget):
    """One grade 1 to 5, chosen with big exclusive buttons; `grade_changed(int)` on every choice.

    `name` is what the grade is of ("Nutrition", "Physical care as a whole"): it starts each
    button's accessible name so a screen reader says what is being graded. `descriptors` are a
    licensed pack's words for each grade ("1".."5"), shown beside the general meaning.
    """

    grade_changed = Signal(int)

    def __init__(
        self,
        pack: ScreeningPack,
        name: str,
        descriptors: dict[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._pack = pack
        self._name = name
        self._descriptors = descriptors or {}
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self.buttons: dict[int, QPushButton] = {}
        self.setStyleSheet(STYLE)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        for grade in GRADES:
            meaning = pack.meaning(grade)
            button = QPushButton(button_text(grade, meaning.label))
            button.setCheckable(True)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
            button.setAccessibleName(f"{name}: grade {grade}, {meaning.label}")
            button.setAccessibleDescription(meaning.meaning)
            button.setObjectName(f"grade {grade}")
            button.installEventFilter(self)
            self._group.addButton(button, grade)
            self.buttons[grade] = button
            row.addWidget(button)
        # All five as tall as the longest label needs (never clipped, never under MIN_TARGET), so the
        # row keeps its height whatever the meaning line below says.
        lines = max(button.text().count("\n") + 1 for button in self.buttons.values())
        height = max(MIN_TARGET, self.fontMetrics().lineSpacing() * lines + 16)
        for button in self.buttons.values():
            button.setMinimumHeight(height)
        self._group.idClicked.connect(self._clicked)
        self.meaning = plain_label(NOT_CHOSEN)
        self.meaning.setAccessibleName(f"{name}: meaning of the grade")
        self.meaning.setFrameShape(QFrame.Shape.StyledPanel)
        self.meaning.setMargin(6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(row)
        layout.addWidget(self.meaning)
        self._update_tab_stop()
        self._show_meaning(None)

    # -- value -----------------------------------------------------------------------------

    def grade(self) -> int | None:
        """The grade chosen, or None."""
        chosen = self._group.checkedId()
        return chosen if chosen in GRADES else None

    def set_grade(self, grade: int | None) -> None:
        """Show a grade (or none) without emitting `grade_changed`: used when restoring work."""
        if grade in self.buttons:
            self.buttons[grade].setChecked(True)
        else:
            self._group.setExclusive(False)
            for button in self.buttons.values():
                button.setChecked(False)
            self._group.setExclusive(True)
        self._update_tab_stop()
        self._show_meaning(None)

    def choose(self, grade: int) -> None:
        """Choose a grade as the practitioner would (emits `grade_changed`)."""
        self.buttons[grade].setChecked(True)
        self._clicked(grade)

    def setFocus(self, reason: Qt.FocusReason = Qt.FocusReason.OtherFocusReason) -> None:
        """Focus the chosen button, or the first."""
        self.buttons[self.grade() or GRADES[0]].setFocus(reason)

    # -- behaviour -------------------------------------------------------------------------

    def _clicked(self, grade: int) -> None:
        self._update_tab_stop()
        self._show_meaning(grade)
        self.grade_changed.emit(grade)

    def _update_tab_stop(self) -> None:
        # One Tab stop for the five buttons: the chosen one, else the first. The others still
        # take focus from a click, a touch, or the arrow keys.
        stop = self.grade() or GRADES[0]
        for grade, button in self.buttons.items():
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus if grade == stop else Qt.FocusPolicy.ClickFocus)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched in self.buttons.values():
            focused = next(g for g, b in self.buttons.items() if b is watched)
            if event.type() == QEvent.Type.FocusIn:
                self._show_meaning(focused)
            elif event.type() == QEvent.Type.FocusOut:
                self._show_meaning(None)
            elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                return self._key(focused, event)
        return super().eventFilter(watched, event)

    def _key(self, focused: int, event: QKeyEvent) -> bool:
        key = event.key()
        if key in _DIGITS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.choose(_DIGITS[key])
            self.buttons[_DIGITS[key]].setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(Qt.Key(key))
        if step is not None and not event.modifiers():
            target = min(max(focused + step, GRADES[0]), GRADES[-1])
            self.buttons[target].setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.choose(focused)
            return True
        return False

    def _show_meaning(self, focused: int | None) -> None:
        """Say what the focused grade means (if it is not the chosen one), and what the chosen one means."""
        chosen = self.grade()
        lines: list[str] = []
        if focused is not None and focused != chosen:
            # The key to press first: a licensed descriptor after the meaning would push it out of sight.
            lines.append(f"Grade {focused}, if chosen (press Space or {focused} to choose): {self._describe(focused)}")
        if chosen is not None:
            lines.append(f"Chosen: grade {chosen}, {self._describe(chosen)}")
        else:
            lines.append(NOT_CHOSEN)
        text = "\n".join(lines)
        self.meaning.setText(text)
        self.meaning.setAccessibleDescription(text)

    def _describe(self, grade: int) -> str:
        meaning = self._pack.meaning(grade)
        text = f"{meaning.label}. {meaning.meaning}"
        descriptor = self._descriptors.get(str(grade), "")
        if descriptor:
            text += f"\nThis pack's descriptor for grade {grade}: {descriptor}"
        return text
