"""Visit mode shows one family only, needs the passphrase to leave, and survives a lock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from safeguard_desktop.domain.ukdates import uk_today
from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.gui.screening_compare import ComparisonWindow
from safeguard_desktop.gui.visit_mode import TITLE
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import PASSPHRASE, WORKER_TIMEOUT_MS, add_child_core, click, type_into
from tests.gui.test_screening_chart import add_family, make_screening

# Words from every other family's names (children and adults): none may be on screen.
OTHERS = ("Tobi", "Okonkwo", "Adaeze", "Isla", "Pemberton", "Gideon", "Zeph", "Marchetti")


@pytest.fixture
def families(vault: Vault):
    """Three made-up families and a child with no adult recorded; screenings for some."""
    (wren, ash), juno = add_family(vault, "Wren", "Falconbridge", "Juno", "Ash")
    (tobi,), adaeze = add_family(vault, "Tobi", "Okonkwo-Hale", "Adaeze")
    add_family(vault, "Isla", "Pemberton", "Gideon")
    add_child_core(vault, "Zeph", "Marchetti")
    today = uk_today()
    vault.screenings.add(make_screening(wren.record_id, juno.record_id, today - timedelta(days=120), {"nutrition": 4}))
    vault.screenings.add(make_screening(wren.record_id, juno.record_id, today - timedelta(days=10), {"nutrition": 2}))
    vault.screenings.add(make_screening(ash.record_id, juno.record_id, today - timedelta(days=10)))
    # Tobi's screening has a repeat due soon, so the Due list would name him.
    tobi_screening = make_screening(
        tobi.record_id, adaeze.record_id, today - timedelta(days=3), carer_name="Adaeze Okonkwo-Hale"
    )
    vault.screenings.add(tobi_screening.model_copy(update={"review_by": today + timedelta(days=3)}))
    earlier = make_screening(
        tobi.record_id, adaeze.record_id, today - timedelta(days=90), carer_name="Adaeze Okonkwo-Hale"
    )
    vault.screenings.add(earlier)
    return wren, ash, tobi


def _texts(widget: QWidget) -> list[str]:
    """Every text a person (or a screen reader) could get from one widget."""
    found = [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription(), widget.statusTip()]
    if widget.isWindow():
        found.append(widget.windowTitle())
    if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
        found.append(widget.text())
    if isinstance(widget, QPlainTextEdit):
        found.append(widget.toPlainText())
    if isinstance(widget, QGroupBox):
        found.append(widget.title())
    if isinstance(widget, QComboBox):
        found += [widget.itemText(i) for i in range(widget.count())]
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        # A list's model hides columnCount from Python: a list has one column.
        columns = 1 if isinstance(widget, QListView) else model.columnCount()
        for row in range(model.rowCount()):
            for column in range(columns):
                index = model.index(row, column)
                for role in (
                    Qt.ItemDataRole.DisplayRole,
                    Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.AccessibleTextRole,
                ):
                    value = model.data(index, role)
                    if value is not None:
                        found.append(str(value))
        for column in range(columns):
            found.append(str(model.headerData(column, Qt.Orientation.Horizontal) or ""))
    return [text for text in found if text]


def on_screen() -> str:
    """All text in every visible widget of every visible top-level window."""
    texts: list[str] = []
    for window in QApplication.topLevelWidgets():
        if not window.isVisible():
            continue
        for widget in [window, *window.findChildren(QWidget)]:
            if widget.isVisible():
                texts += _texts(widget)
    return "\n".join(texts)


def _choose(window: MainWindow, child) -> None:
    window.model.refresh()
    window.table.selectRow(window.model.row_of(child.record_id))
    assert window.current_child.record_id == child.record_id


def _button(parent: QWidget, text: str) -> QPushButton:
    return next(b for b in parent.findChildren(QPushButton) if b.text() == text and b.isVisible())


def _enter(qtbot, window: MainWindow, child) -> None:
    _choose(window, child)
    click(qtbot, _button(window.record_view, "Visit mode…"))
    assert window.visit.active


def _assert_family_only(window: MainWindow) -> str:
    text = on_screen()
    leaked = [name for name in OTHERS if name in text]
    assert not leaked, f"other families' names on screen: {leaked}"
    assert "Wren Falconbridge" in text and "Ash Falconbridge" in text
    return text


def test_visit_mode_shows_this_family_only(qtbot, window: MainWindow, families) -> None:
    wren, ash, tobi = families
    # Before: the caseload, a chronology of another child, the search and the Due list are open.
    window.chronology.open_chronology(tobi.record_id)
    window.chronology.open_search()
    window.chronology.open_due()
    tobis = [s.record_id for s in window.vault.screenings.list(linked_to=tobi.record_id)]
    assert window.compare_screenings(tobis).isVisible()  # as the caseload's screening list opens it
    assert "Tobi" in on_screen()

    _enter(qtbot, window, wren)

    text = _assert_family_only(window)
    assert window.windowTitle() == TITLE
    assert not window.table.isVisible() and not window.filter.isVisible()
    assert not window.menuBar().isVisible()
    assert "Visit mode: this family only" in text
    # The newest screening's profile is on show, with its table behind it.
    panel = window.visit.page.panel
    assert panel.profile.chart.rows and panel.profile_title.text().startswith("Profile: Screening")

    # The sibling's screenings: the same page, still nobody else.
    click(qtbot, window.visit.page.child_buttons[ash.record_id])
    assert window.visit.page.panel.child.record_id == ash.record_id
    _assert_family_only(window)

    # Comparing the child's two screenings opens a window that names only them.
    click(qtbot, window.visit.page.child_buttons[wren.record_id])
    checks = list(window.visit.page.panel.screenings.checks.values())
    for check in checks:
        check.setChecked(True)
    click(qtbot, window.visit.page.panel.screenings.compare_button)
    comparisons = window.visit.comparisons
    assert len(comparisons) == 1 and isinstance(comparisons[0], ComparisonWindow)
    assert comparisons[0].isVisible()
    _assert_family_only(window)


def test_shortcuts_to_other_children_do_nothing(qtbot, window: MainWindow, families) -> None:
    wren, _, _ = families
    _enter(qtbot, window, wren)
    before = {w for w in QApplication.topLevelWidgets() if w.isVisible()}
    for keys in ("Ctrl+F", "Ctrl+Shift+F", "Ctrl+Shift+D", "Ctrl+Shift+H", "Ctrl+N", "Ctrl+Shift+N", "F1"):
        QTest.keySequence(window, QKeySequence(keys))
    after = {w for w in QApplication.topLevelWidgets() if w.isVisible()}
    assert after == before
    assert window.chronology.search_window is None and window.chronology.due_window is None
    assert not window.chronology.windows and window.guide_window is None
    for action in (
        window.find_action,
        window.new_child_action,
        window.chronology.search_action,
        window.chronology.due_action,
        window.chronology.chronology_action,
        window.vault_actions.backup_action,
    ):
        assert not action.isEnabled(), action.text()
    # Something re-enabling an action (as a save or a refresh does) is undone while visiting.
    window.chronology.update_enabled()
    assert not window.chronology.search_action.isEnabled()
    assert window.lock_action.isEnabled()
    _assert_family_only(window)


def test_leaving_needs_the_right_passphrase(qtbot, window: MainWindow, families) -> None:
    wren, _, _ = families
    _enter(qtbot, window, wren)
    click(qtbot, window.visit.page.leave_button)
    dialog = window.visit.confirm_dialog
    assert dialog is not None and dialog.isVisible()
    type_into(qtbot, dialog.passphrase, "not the passphrase at all")
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=WORKER_TIMEOUT_MS)
    assert window.visit.active
    click(qtbot, dialog.cancel_button)
    assert window.visit.active
    _assert_family_only(window)

    # The shortcut asks too; the right passphrase shows the caseload again, the child still chosen.
    window.visit.action.trigger()
    dialog = window.visit.confirm_dialog
    type_into(qtbot, dialog.passphrase, PASSPHRASE)
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: not window.visit.active, timeout=WORKER_TIMEOUT_MS)
    assert window.table.isVisible() and window.menuBar().isVisible()
    assert window.model.rowCount() == 5
    assert window.current_child.record_id == wren.record_id
    assert window.chronology.search_action.isEnabled() and window.find_action.isEnabled()
    assert "Tobi" in on_screen()


def test_lock_and_unlock_return_to_the_same_family(qtbot, window: MainWindow, vault: Vault, families) -> None:
    wren, _, _ = families
    _enter(qtbot, window, wren)
    window.lock_action.trigger()
    assert window.vault is None and window.visit.active
    assert "Falconbridge" not in on_screen()  # locked: no record data at all
    unlock = window.unlock_dialog
    assert not unlock.switch_button.isVisible()  # no other vault from a family's front room
    type_into(qtbot, unlock.passphrase, PASSPHRASE)
    click(qtbot, unlock.unlock_button)
    qtbot.waitUntil(lambda: window.vault is not None, timeout=WORKER_TIMEOUT_MS)
    assert window.visit.active
    assert window.stack.currentWidget() is window.visit.page
    assert window.windowTitle() == TITLE
    _assert_family_only(window)
    assert not window.chronology.search_action.isEnabled()


def test_a_child_with_no_siblings_shows_alone(qtbot, window: MainWindow, families) -> None:
    _, _, tobi = families
    _enter(qtbot, window, tobi)
    text = on_screen()
    assert "Tobi Okonkwo-Hale" in text
    assert "Falconbridge" not in text and "Pemberton" not in text


def test_visit_mode_needs_a_chosen_child(qtbot, window: MainWindow, families) -> None:
    window.table.clearSelection()
    window._set_child(None)
    window.visit.action.trigger()
    assert not window.visit.active
    assert "Choose a child first" in window.error.text()


def test_a_screening_started_in_visit_mode_names_only_the_family_and_survives_a_lock(
    qtbot, window: MainWindow, families
) -> None:
    wren, _, _ = families
    _enter(qtbot, window, wren)
    panel = window.visit.page.panel
    click(qtbot, panel.screenings.new_button)
    form = window.active_dialog
    assert form is not None and form.isVisible()
    assert window.visit.page.panel is panel and panel.screenings.isVisible()  # the list stays on the page
    text = _assert_family_only(window)
    assert "Juno Falconbridge" in text  # the carer to choose is the family's own
    type_into(qtbot, form.about.place.lineEdit(), "Family home")
    window.lock_action.trigger()
    assert not form.isVisible() and window.visit.active
    unlock = window.unlock_dialog
    type_into(qtbot, unlock.passphrase, PASSPHRASE)
    click(qtbot, unlock.unlock_button)
    qtbot.waitUntil(lambda: window.vault is not None, timeout=WORKER_TIMEOUT_MS)
    # Back with the family, the work kept and listed to resume.
    assert window.visit.active
    assert "Unfinished (1)" in _assert_family_only(window)
