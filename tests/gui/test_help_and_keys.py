"""In-app help, "What's this?" texts, and reaching everything from the keyboard."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QMenu, QPlainTextEdit, QScrollArea, QWhatsThis, QWidget

from safeguard_desktop.domain.people import Adult, Relationship, RelationshipType
from safeguard_desktop.gui.help import WHATS_THIS, HelpWindow, help_pages
from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.gui.screening_form import ScreeningForm
from safeguard_desktop.screening import progress
from safeguard_desktop.screening.pack import shipped_pack
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import add_child_core

SCREENS = (
    "The child list",
    "The record",
    "Logging a concern",
    "The chronology",
    "Body map",
    "Status and meetings",
    "Level of need",
    "Screenings",
    "Visit mode",
    "Referrals",
    "Backups and locking",
)


def _accelerator(text: str) -> str | None:
    """The letter after a single '&' ("&&" is a literal ampersand), lower case."""
    found = re.search(r"(?<!&)&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def _menu_actions(menu: QMenu) -> list[QAction]:
    return [a for a in menu.actions() if not a.isSeparator()]


def test_every_menu_item_has_a_shortcut_or_a_unique_accelerator(window: MainWindow) -> None:
    menus = [a.menu() for a in window.menuBar().actions()]
    titles = [a.text() for a in window.menuBar().actions()]
    assert "&Help" in titles
    bar_keys = [_accelerator(t) for t in titles]
    assert None not in bar_keys and len(set(bar_keys)) == len(bar_keys), titles
    seen = 0
    while menus:
        menu = menus.pop()
        assert isinstance(menu, QMenu)
        keys: dict[str, str] = {}
        for action in _menu_actions(menu):
            seen += 1
            if action.menu() is not None:
                menus.append(action.menu())
            key = _accelerator(action.text())
            assert key or not action.shortcut().isEmpty(), f"{menu.title()} ▸ {action.text()}: no shortcut or &"
            if key:
                assert key not in keys, f"{menu.title()}: '&{key}' used by {keys[key]!r} and {action.text()!r}"
                keys[key] = action.text()
    assert seen >= 20


def test_shortcuts_are_not_shared_between_actions(window: MainWindow) -> None:
    owners: dict[str, str] = {}
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            key = sequence.toString()
            if key and action.parent() is window:
                assert key not in owners or owners[key] == action.text(), (key, owners.get(key), action.text())
                owners[key] = action.text()


def test_help_window_has_a_plain_page_for_each_screen(qtbot, window: MainWindow) -> None:
    titles = [title for title, _ in help_pages()]
    for screen in SCREENS:
        assert screen in titles
    assert all(body for _, body in help_pages())
    help_window = window.help_menu.open_guide()
    assert isinstance(help_window, HelpWindow) and help_window.isVisible()
    assert isinstance(help_window.text, QPlainTextEdit)  # never read as markup
    help_window.show_title("Level of need")
    assert "threshold guide" in help_window.text.toPlainText()
    assert window.help_menu.open_guide() is help_window  # one at a time
    for _, body in help_pages():
        assert "organization" not in body.lower() and "color" not in body.lower()  # British English


def test_shift_f1_enters_whats_this_mode(qtbot, window: MainWindow) -> None:
    assert window.help_menu.whats_this_action.shortcut().toString() == "Shift+F1"
    assert window.guide_action.shortcut().toString() == "F1"
    window.help_menu.whats_this_action.trigger()
    try:
        assert QWhatsThis.inWhatsThisMode()
    finally:
        QWhatsThis.leaveWhatsThisMode()


@pytest.fixture
def child_with_carer(vault: Vault):
    child = add_child_core(vault, "Wren", "Falconbridge")
    mother = vault.adults.add(Adult(given_names="Juno", family_name="Falconbridge"))
    vault.relationships.add(
        Relationship(
            adult_id=mother.record_id,
            child_id=child.record_id,
            relationship=RelationshipType.MOTHER,
            parental_responsibility=True,
            lives_in_home=True,
        )
    )
    return child


def _open_on_child(qtbot, window: MainWindow, child) -> None:
    assert window.vault is not None
    window.set_vault(window.vault)  # the child was stored through the core after the window filled
    window.table.selectRow(window.model.row_of(child.record_id))
    assert window.current_child is not None


def test_less_obvious_fields_explain_themselves(qtbot, window: MainWindow, vault: Vault, child_with_carer) -> None:
    _open_on_child(qtbot, window, child_with_carer)
    window.log_concern_action.trigger()
    concern = window.active_dialog
    assert concern.happened.precision.whatsThis() == WHATS_THIS["precision"]
    assert concern.happened.approximate.whatsThis() == WHATS_THIS["approximate"]
    concern.reject()

    decision = window.consider_level_of_need()
    assert decision is not None
    assert decision.inputs.level.whatsThis() == WHATS_THIS["threshold_level"]
    assert decision.inputs.consent.whatsThis() == WHATS_THIS["consent"]
    assert decision.citation.whatsThis() == WHATS_THIS["guide_edition"]
    decision.reject()

    pack = shipped_pack()
    form = ScreeningForm(vault, progress.start(child_with_carer.record_id, pack), pack)
    qtbot.addWidget(form)
    assert form.about.observed_from.whatsThis() == WHATS_THIS["period_observed"]
    block = form.area_pages[0].area_block
    assert block.spread.whatsThis() == WHATS_THIS["spread"]
    assert block.grades.whatsThis() == WHATS_THIS["area_grade"]


# -- tab order --------------------------------------------------------------------------------


def _document_rect(widget: QWidget, top: QWidget) -> QRect:
    """Where the widget sits with every scroll area unrolled to its full height.

    Inside a scroll area, how far it is scrolled is ignored; below one (the buttons under a
    scrolling form), the widget moves down by the height the scroll area hides.
    """
    x = y = 0
    current: QWidget | None = widget
    while current is not None and current is not top:
        parent = current.parentWidget()
        grand = parent.parentWidget() if parent is not None else None
        scrolled = isinstance(grand, QAbstractScrollArea) and parent is grand.viewport()
        if not scrolled:
            x, y = x + current.x(), y + current.y()
        current = parent
    for area in top.findChildren(QScrollArea):
        inner = area.widget()
        if inner is None or area.isAncestorOf(widget) or not area.isVisible():
            continue
        if y >= area.mapTo(top, area.rect().bottomLeft()).y():
            y += max(0, inner.height() - area.viewport().height())
    return QRect(x, y, widget.width(), widget.height())


def _tab_chain(qtbot, dialog: QWidget, first: QWidget, limit: int = 120) -> list[QWidget]:
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    first.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    chain: list[QWidget] = []
    for _ in range(limit):
        focused = QApplication.focusWidget()
        if focused in chain:
            break
        if not isinstance(focused, QScrollArea):  # the frame round a form, not a field in it
            chain.append(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    return chain


def _out_of_order(chain: list[QWidget], top: QWidget) -> list[str]:
    """Each step round the whole cycle that goes back up the form, or left along the same row.

    A cycle needs exactly one such step, from the last field back to the first: any other
    is reported (so is a cycle with none, which cannot be a form's order).
    """
    wrong = []
    for before, after in zip(chain, chain[1:] + chain[:1], strict=True):
        a, b = _document_rect(before, top), _document_rect(after, top)
        above = b.bottom() < a.top()
        same_row = not above and b.top() <= a.bottom()
        left = b.right() < a.left()
        if above or (same_row and left):
            wrong.append(f"{before.accessibleName() or type(before).__name__} {a.getRect()} → "
                         f"{after.accessibleName() or type(after).__name__} {b.getRect()}")  # fmt: skip
    return wrong


def _assert_in_visual_order(chain: list[QWidget], top: QWidget) -> None:
    wrong = _out_of_order(chain, top)
    assert len(wrong) == 1, "Tab goes against the form:\n" + "\n".join(wrong)


def test_tab_follows_the_concern_form(qtbot, window: MainWindow, child_with_carer) -> None:
    _open_on_child(qtbot, window, child_with_carer)
    window.log_concern_action.trigger()
    form = window.active_dialog
    chain = _tab_chain(qtbot, form, form.happened.precision)
    assert len(chain) > 8
    _assert_in_visual_order(chain, form)
    form.reject()


def test_tab_follows_the_decision_form(qtbot, window: MainWindow, child_with_carer) -> None:
    _open_on_child(qtbot, window, child_with_carer)
    form = window.consider_level_of_need()
    chain = _tab_chain(qtbot, form, form.focusWidget() or form)
    assert len(chain) > 8
    _assert_in_visual_order(chain, form)
    form.reject()


def test_tab_follows_the_screening_about_page(qtbot, vault: Vault, child_with_carer) -> None:
    pack = shipped_pack()
    form = ScreeningForm(vault, progress.start(child_with_carer.record_id, pack), pack)
    qtbot.addWidget(form)
    form.show()
    chain = _tab_chain(qtbot, form, form.about.carer)
    about = [w for w in chain if form.about.isAncestorOf(w)]
    assert about[:4] == [form.about.carer, form.about.observed_from, form.about.observed_to, form.about.place] or (
        about[:1] == [form.about.carer] and about[1:4] == [form.about.observed_from, form.about.observed_to,
                                                             form.about.place.lineEdit()]
    ), [w.accessibleName() for w in about]  # fmt: skip
    _assert_in_visual_order(chain, form)
