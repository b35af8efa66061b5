"""Visit mode shows one family only, needs the passphrase to leave, and survives a lock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QKeySequence, QShortcut
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
    QTabBar,
    QWidget,
)

from safeguard_desktop.domain.categories import RelationshipType
from safeguard_desktop.domain.people import Adult, Relationship
from safeguard_desktop.domain.ukdates import uk_today
from safeguard_desktop.gui import screening_compare
from safeguard_desktop.gui.household import household_of, related_children, siblings_of
from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.gui.screening_compare import ComparisonWindow
from safeguard_desktop.gui.visit_mode import MARKER, TITLE
from safeguard_desktop.gui.visit_page import VisitPage
from safeguard_desktop.screening import progress
from safeguard_desktop.screening.pack import shipped_pack
from safeguard_desktop.vault.session import Vault
from tests.conftest import tamper
from tests.gui.conftest import PASSPHRASE, WORKER_TIMEOUT_MS, add_child_core, click, type_into
from tests.gui.disclosure_answers import answer_disclosure
from tests.gui.test_screening_chart import add_family, make_screening


@pytest.fixture(autouse=True)
def disclosed(monkeypatch) -> list:
    """Each export or print is first said to be for someone, for a reason (the disclosure log's question)."""
    return answer_disclosure(monkeypatch, "Parent or carer", "Family's own copy")


# Words from every other family's names (children and adults): none may be on screen.
OTHERS = ("Tobi", "Okonkwo", "Adaeze", "Isla", "Pemberton", "Gideon", "Zeph", "Marchetti")


def link(vault: Vault, given: str, family: str, relationship: RelationshipType, *children: tuple) -> object:
    """A made-up adult related to each child in the same way; (child, lives in their home) pairs."""
    adult = vault.adults.add(Adult(given_names=given, family_name=family))
    for child, at_home in children:
        vault.relationships.add(
            Relationship(
                adult_id=adult.record_id, child_id=child.record_id, relationship=relationship, lives_in_home=at_home
            )
        )
    return adult


@pytest.fixture
def families(vault: Vault):
    """Three made-up families and a child with no adult recorded; screenings for some."""
    (wren, ash), juno = add_family(vault, "Wren", "Falconbridge", "Juno", "Ash")
    (tobi,), adaeze = add_family(vault, "Tobi", "Okonkwo-Hale", "Adaeze")
    (isla,), _ = add_family(vault, "Isla", "Pemberton", "Gideon")
    zeph = add_child_core(vault, "Zeph", "Marchetti")
    # Adults who link households without making them one family: a grandmother of Wren and of her
    # cousin Tobi, Wren's father who lives with Isla's family and not with Wren's, and a foster carer
    # who looks after Zeph and sometimes Ash.
    link(vault, "Hester", "Quill", RelationshipType.GRANDPARENT, (wren, False), (tobi, False))
    link(vault, "Marius", "Penhallow", RelationshipType.FATHER, (wren, False), (isla, True))
    link(vault, "Carys", "Underhill", RelationshipType.CARER, (ash, True), (zeph, True))
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
    """Enter from the child's record, keeping the children the chooser ticks to start with."""
    _choose(window, child)
    click(qtbot, _button(window.record_view, "Visit mode…"))
    chooser = window.visit.chooser
    if chooser is not None:
        assert chooser.isVisible()
        click(qtbot, chooser.enter_button)
        assert window.visit.chooser is None
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


# -- who the family is (review 1a) -----------------------------------------------------------


def _named(vault: Vault, given: str):
    return next(c for c in vault.children.list(text=given) if c.data.given_names == given)


def test_the_household_is_the_children_sharing_a_parent_at_home(vault: Vault, families) -> None:
    wren, ash, tobi = families
    isla = _named(vault, "Isla")
    assert [c.record_id for c in household_of(vault, wren.record_id)] == [ash.record_id]
    related = {r.child.record_id: r for r in related_children(vault, wren.record_id)}
    assert set(related) == {ash.record_id, tobi.record_id, isla.record_id}
    assert related[ash.record_id].same_home
    assert not related[tobi.record_id].same_home and related[tobi.record_id].through == ("Grandparent",)
    assert not related[isla.record_id].same_home and related[isla.record_id].through == ("Father",)
    # A foster carer living with Ash and Zeph does not make Zeph one of the Falconbridges either.
    assert household_of(vault, ash.record_id) == [wren]
    # siblings_of keeps its meaning for its other callers: any shared adult.
    assert {c.record_id for c in siblings_of(vault, wren.record_id)} == set(related)

    # A step-parent living with the child and with their own child makes one home of them.
    rowan = add_child_core(vault, "Rowan", "Aldous")
    link(vault, "Colm", "Aldous", RelationshipType.STEP_PARENT, (wren, True))
    colm = next(a for a in vault.adults.list(text="Colm"))
    vault.relationships.add(
        Relationship(
            adult_id=colm.record_id, child_id=rowan.record_id, relationship=RelationshipType.FATHER, lives_in_home=True
        )
    )
    assert {c.record_id for c in household_of(vault, wren.record_id)} == {ash.record_id, rowan.record_id}


def test_entering_asks_who_the_visit_is_about_with_the_household_ticked(qtbot, window: MainWindow, families) -> None:
    wren, ash, tobi = families
    _choose(window, wren)
    click(qtbot, _button(window.record_view, "Visit mode…"))
    chooser = window.visit.chooser
    assert chooser is not None and chooser.isVisible()
    assert not window.visit.active and window.table.isVisible()  # nothing switched until confirmed
    ticked = {check.accessibleName(): check.isChecked() for check in chooser.checks.values()}
    assert ticked == {"Ash Falconbridge": True, "Tobi Okonkwo-Hale": False, "Isla Pemberton": False}
    # Escape: nothing changes.
    QTest.keyClick(chooser, Qt.Key.Key_Escape)
    assert window.visit.chooser is None and not window.visit.active and window.menuBar().isVisible()

    # By keyboard: Space ticks Tobi too (a visit at the grandmother's), Enter starts.
    window.visit.action.trigger()
    chooser = window.visit.chooser
    tobi_check = chooser.checks[tobi.record_id]
    tobi_check.setFocus()
    QTest.keyClick(tobi_check, Qt.Key.Key_Space)
    assert chooser.chosen_ids() == [wren.record_id, ash.record_id, tobi.record_id]
    QTest.keyClick(chooser, Qt.Key.Key_Return)
    assert window.visit.active and window.visit.chooser is None
    assert list(window.visit.page.child_buttons) == [wren.record_id, ash.record_id, tobi.record_id]
    text = on_screen()
    assert "Tobi Okonkwo-Hale" in text and "Pemberton" not in text and "Marchetti" not in text


def test_a_lock_while_choosing_closes_the_chooser(qtbot, window: MainWindow, families) -> None:
    wren, _, _ = families
    _choose(window, wren)
    click(qtbot, _button(window.record_view, "Visit mode…"))
    chooser = window.visit.chooser
    assert chooser is not None and chooser.isVisible()
    window.lock_action.trigger()
    assert window.visit.chooser is None and not window.visit.active
    assert "Okonkwo" not in on_screen() and "Falconbridge" not in on_screen()


def test_a_child_whose_only_links_are_other_households_shows_alone(qtbot, window: MainWindow, vault, families) -> None:
    # Isla's father is also Wren's (he lives with Isla): Wren's family stays off Isla's visit.
    isla = _named(vault, "Isla")
    _enter(qtbot, window, isla)
    assert list(window.visit.page.child_buttons) == [isla.record_id]
    text = on_screen()
    assert "Isla Pemberton" in text
    assert "Falconbridge" not in text and "Tobi" not in text


# -- nothing opens a save dialog in front of the family (review 1b) ----------------------------


def _press_save(window: QWidget) -> None:
    """Ctrl+S, as the window's own shortcut delivers it (offscreen windows are never active)."""
    save = QKeySequence(QKeySequence.StandardKey.Save)
    shortcuts = [s for s in window.findChildren(QShortcut) if s.key() == save]
    assert shortcuts
    for shortcut in shortcuts:
        shortcut.activated.emit()


def test_nothing_in_visit_mode_opens_a_save_dialog(qtbot, window: MainWindow, families, monkeypatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(screening_compare.QMessageBox, "warning", lambda *a, **k: asked.append("warning"))
    monkeypatch.setattr(screening_compare.QFileDialog, "getSaveFileName", lambda *a, **k: asked.append("file") or "")
    wren, _, _ = families
    _enter(qtbot, window, wren)
    page = window.visit.page
    actions = page.panel.actions
    assert actions.record_id is not None
    assert not actions.save_button.isEnabled() and actions.save_button.text() == "Save PDF after the visit"
    assert actions.print_button.isEnabled() and actions.family_button.isEnabled()
    assert actions.save_pdf() is None
    assert "after the visit" in page.error.text()

    # The family's summary prints for the family; it does not save.
    summary = actions.open_family_summary()
    assert summary is not None and summary.isVisible()
    assert not summary.save_button.isEnabled() and summary.print_button.isEnabled()
    _press_save(summary)
    assert "after the visit" in summary.error.text()
    summary.reject()

    checks = list(page.panel.screenings.checks.values())
    for check in checks:
        check.setChecked(True)
    click(qtbot, page.panel.screenings.compare_button)
    comparison = window.visit.comparisons[0]
    assert not comparison.save_button.isEnabled() and comparison.print_button.isEnabled()
    _press_save(comparison)
    assert "after the visit" in comparison.error.text()
    assert asked == []


# -- a failure to enter leaves the caseload as it was (review 1c) ------------------------------


def _caseload_intact(window: MainWindow, child) -> None:
    assert not window.visit.active
    assert window.stack.currentWidget() is window.workspace
    assert window.table.isVisible() and window.menuBar().isVisible()
    assert window.windowTitle() != TITLE and window.find_action.isEnabled()
    assert window.current_child is not None and window.current_child.record_id == child.record_id
    assert "Visit mode could not start" in window.error.text()
    assert window.vault.drafts.load(MARKER) is None


def test_a_damaged_record_in_the_family_leaves_the_caseload_as_it_was(qtbot, window: MainWindow, vault, families):
    wren, ash, _ = families
    _choose(window, wren)
    tamper(vault).execute(
        "UPDATE versions SET payload = ? WHERE id = (SELECT current_version FROM records WHERE id = ?)",
        ('{"given_names": 7}', str(ash.record_id)),
    )
    click(qtbot, _button(window.record_view, "Visit mode…"))
    assert window.visit.chooser is None
    _caseload_intact(window, wren)


def test_a_page_that_cannot_be_filled_leaves_the_caseload_as_it_was(qtbot, window: MainWindow, families, monkeypatch):
    wren, _, _ = families

    def broken(*_args: object) -> None:
        raise RuntimeError("a fault in drawing the page")

    monkeypatch.setattr(VisitPage, "show_family", broken)
    _choose(window, wren)
    click(qtbot, _button(window.record_view, "Visit mode…"))
    click(qtbot, window.visit.chooser.enter_button)
    _caseload_intact(window, wren)


# -- the family's forms say what went wrong on the page (review 1d) ----------------------------


def test_a_form_that_cannot_open_says_why_on_the_visit_page(qtbot, window: MainWindow, families) -> None:
    wren, _, _ = families
    _enter(qtbot, window, wren)
    work = progress.start(wren.record_id, shipped_pack())
    another_edition = shipped_pack().model_copy(update={"edition": "2099.1"})
    window.visit.page.panel.screenings.form_requested.emit(work, another_edition)
    assert window.active_dialog is None
    assert "different pack" in window.visit.page.error.text()
    assert window.visit.page.error.isVisible()
    assert window.error.text() == ""


# -- a crash in visit mode comes back to the family (review 1e) --------------------------------


def test_after_a_crash_in_visit_mode_the_vault_opens_back_into_it(qtbot, vault: Vault, families, tmp_path) -> None:
    wren, ash, _ = families
    first = MainWindow(vault)
    first.show()
    _enter(qtbot, first, wren)
    path = vault.path
    # The app dies: no leaving visit mode, nothing else run; only the window's own close.
    first.close()
    first.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    del first
    # The visit is noted inside the encrypted vault only: no setting, no file names a child.
    assert not [key for key in QSettings().allKeys() if "visit" in key.lower()]
    for file in (f for f in tmp_path.rglob("*") if f.is_file()):
        assert str(wren.record_id).encode() not in file.read_bytes(), file.name

    reopened = Vault.open(path, PASSPHRASE)
    again = MainWindow(reopened)
    qtbot.addWidget(again)
    again.show()
    try:
        assert again.visit.active and again.stack.currentWidget() is again.visit.page
        assert list(again.visit.page.child_buttons) == [wren.record_id, ash.record_id]
        assert again.windowTitle() == TITLE and not again.menuBar().isVisible()
        assert not again.find_action.isEnabled() and not again.table.isVisible()
        _assert_family_only(again)
        # Leaving, with the passphrase, is remembered too.
        dialog = again.visit.ask_to_leave()
        type_into(qtbot, dialog.passphrase, PASSPHRASE)
        click(qtbot, dialog.ok_button)
        qtbot.waitUntil(lambda: not again.visit.active, timeout=WORKER_TIMEOUT_MS)
        assert reopened.drafts.load(MARKER) is None
        assert "Tobi" in on_screen()
    finally:
        again.close()
    third = MainWindow(Vault.open(path, PASSPHRASE))
    qtbot.addWidget(third)
    assert not third.visit.active and third.stack.currentWidget() is third.workspace
    third.close()


# -- vault care finishing during a visit names no vault (review 1f) ----------------------------


def test_a_backup_finishing_in_visit_mode_names_no_vault_or_folder(
    qtbot, window: MainWindow, vault, families, tmp_path
):
    wren, _, _ = families
    _enter(qtbot, window, wren)
    folder = tmp_path / "Caseload backups Riverside"
    folder.mkdir()
    window.vault_actions.backup_to(folder)
    assert list(folder.iterdir())  # the backup was made
    assert not window.backup_bar.isVisible()
    text = on_screen()
    assert "Backup saved" in text
    assert "Caseload backups Riverside" not in text and ".vault" not in text
    window.vault_actions.message_box.done(0)


# -- touch targets at 125% (review 1g) ----------------------------------------------------------


def _too_small(top: QWidget) -> list[tuple[str, int]]:
    """Controls a finger uses that are under 44 pixels tall (1093×614 is 1366×768 at 125%)."""
    found = []
    for widget in [top, *top.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        if isinstance(widget, QTabBar):
            found += [(f"tab {widget.tabText(i)}", widget.tabRect(i).height()) for i in range(widget.count())]
        elif isinstance(widget, QAbstractButton | QComboBox | QLineEdit) and widget.focusPolicy() & Qt.TabFocus:
            found.append((widget.accessibleName() or type(widget).__name__, widget.height()))
    return [(name, height) for name, height in found if height < 44]


def test_touch_targets_in_visit_mode_are_large_enough(qtbot, window: MainWindow, families) -> None:
    wren, _, _ = families
    window.resize(1093, 614)
    _choose(window, wren)
    click(qtbot, _button(window.record_view, "Visit mode…"))
    QApplication.processEvents()
    assert _too_small(window.visit.chooser) == []
    click(qtbot, window.visit.chooser.enter_button)
    QApplication.processEvents()
    assert _too_small(window) == []
    dialog = window.visit.ask_to_leave()
    QApplication.processEvents()
    assert _too_small(dialog) == []
    dialog.reject()
