"""Vault-wide search, the Due list, and what the chronology windows do when the vault locks."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from safeguard_desktop.domain.categories import ChildRole, ConcernCategory, ConcernStatus
from safeguard_desktop.domain.concern import Concern, ConcernChild, ConcernReview
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.ukdates import format_date, uk_today, utc_now
from safeguard_desktop.gui import search_window
from safeguard_desktop.gui.chronology_model import WITHDRAWN_PREFIX
from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import PASSPHRASE, add_child_core, click, type_into
from tests.gui.test_accessibility import _unnamed

MARKUP = "<b>O'Brien & Sons</b>"
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _concern(vault: Vault, children: list[tuple[object, ChildRole]], account: str, review_on: date | None = None):
    review = None
    if review_on is not None:
        review = ConcernReview(
            decision="Monitor and review", review_on=review_on, reviewed_by=vault.practitioner, reviewed_at=utc_now()
        )
    return vault.concerns.add(
        Concern(
            happened=EventDate.on_day(date(2024, 11, 4)),
            children=[ConcernChild(child_id=c.record_id, roles=frozenset({role})) for c, role in children],
            categories=frozenset({ConcernCategory.NEGLECT}),
            recorded_by=vault.practitioner,
            account=account,
            status=ConcernStatus.MONITORING,
            review=review,
        )
    )


def _press(qtbot, window: MainWindow, key: Qt.Key) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    qtbot.keyClick(window.filter, key, CTRL_SHIFT)


def test_search_finds_a_concern_by_a_word_in_its_account(qtbot, window: MainWindow, vault: Vault) -> None:
    odd = add_child_core(vault, "<b>O'Brien", "& Sons</b>")
    sib = add_child_core(vault, "Cosmo", "Fairweather")
    concern = _concern(
        vault, [(odd, ChildRole.VICTIM), (sib, ChildRole.WITNESS)], "Arrived without a coat; talked about a zeppelin."
    )
    gone = _concern(vault, [(sib, ChildRole.VICTIM)], "Another zeppelin drawing, entered twice by mistake.")
    vault.concerns.withdraw(gone.record_id, "Duplicate of an earlier concern.")

    _press(qtbot, window, Qt.Key.Key_F)
    search = window.chronology.search_window
    assert search is not None and search.isVisible()
    assert _unnamed(search) == []
    type_into(qtbot, search.query, "zeppelin")
    qtbot.waitUntil(lambda: search.model.rowCount() == 3)  # debounced: no key needed to run it
    rows = [[search.model.index(r, c).data() for c in range(3)] for r in range(3)]
    title = concern.data.title()
    assert ["Concern", title, MARKUP] in rows  # the name exactly as typed
    assert ["Concern", title, "Cosmo Fairweather"] in rows
    assert ["Concern", WITHDRAWN_PREFIX + gone.data.title(), "Cosmo Fairweather"] in rows
    assert search.status.text() == "2 records match."

    row = next(r for r in range(3) if rows[r][2] == MARKUP)
    search.table.setCurrentIndex(search.model.index(row, 0))
    search.table.setFocus()
    qtbot.keyClick(search.table, Qt.Key.Key_Return)
    chrono = window.chronology.windows[odd.record_id]
    selected = chrono.selected_row()
    assert selected is not None and chrono.model.row_at(selected).record_id == concern.record_id

    search.query.clear()
    type_into(qtbot, search.query, "nothingmatchesthis")
    qtbot.waitUntil(lambda: search.status.text() == "No records match.")
    assert search.model.rowCount() == 0


def test_search_says_when_it_shows_only_the_first_matches(qtbot, window: MainWindow, vault: Vault, monkeypatch) -> None:
    monkeypatch.setattr(search_window, "SEARCH_LIMIT", 3)
    child = add_child_core(vault, "Cosmo", "Fairweather")
    concerns = [_concern(vault, [(child, ChildRole.VICTIM)], f"Drew airship number {n} in class.") for n in range(4)]
    _press(qtbot, window, Qt.Key.Key_F)
    search = window.chronology.search_window
    type_into(qtbot, search.query, "airship")
    qtbot.waitUntil(lambda: search.model.rowCount() == 3)
    assert search.status.text() == "Showing the 3 most recent matches, best first. Add words to narrow the search."
    shown = [search.model.row_at(r).hit.record_id for r in range(3)]
    assert shown == [c.record_id for c in reversed(concerns[1:])]  # equally good: newest first

    type_into(qtbot, search.query, " number 2")  # more words: everything that matches fits
    qtbot.waitUntil(lambda: search.model.rowCount() == 1)
    assert search.status.text() == "1 record matches."


def test_due_list_says_overdue_in_words_and_opens_the_chronology(qtbot, window: MainWindow, vault: Vault) -> None:
    child = add_child_core(vault, "<b>O'Brien", "& Sons</b>")
    today = uk_today()
    soon = _concern(vault, [(child, ChildRole.VICTIM)], "Hungry again.", review_on=today + timedelta(days=5))
    late = _concern(vault, [(child, ChildRole.VICTIM)], "Cold, no coat.", review_on=today - timedelta(days=2))
    _concern(vault, [(child, ChildRole.VICTIM)], "Later review.", review_on=today + timedelta(days=40))

    _press(qtbot, window, Qt.Key.Key_D)
    due = window.chronology.due_window
    assert due is not None and due.isVisible()
    rows = [[due.model.index(r, c).data() for c in range(4)] for r in range(due.model.rowCount())]
    assert [r[:2] for r in rows] == [
        [format_date(today - timedelta(days=2)), "Overdue by 2 days"],
        [format_date(today + timedelta(days=5)), "Due in 5 days"],
    ]
    assert rows[0][2].startswith("Review concern: Neglect") and rows[0][3] == MARKUP
    assert due.model.index(0, 2).data(Qt.ItemDataRole.FontRole).bold()
    assert due.summary.text() == "2 due, 1 overdue."
    assert {due.model.row_at(r).record_id for r in range(2)} == {soon.record_id, late.record_id}

    due.table.setCurrentIndex(due.model.index(0, 0))
    due.table.setFocus()
    qtbot.keyClick(due.table, Qt.Key.Key_Return)
    chrono = window.chronology.windows[child.record_id]
    assert chrono.model.row_at(chrono.selected_row()).record_id == late.record_id


def test_locking_closes_the_windows_and_keeps_an_unsaved_entry(qtbot, window: MainWindow, vault: Vault) -> None:
    child = add_child_core(vault, "Wilhelmina", "Achterberg")
    window.model.refresh()
    window.table.selectRow(0)
    button = next(b for b in window.record_view.findChildren(QPushButton) if b.accessibleName() == "Open chronology")
    click(qtbot, button)
    chrono = window.chronology.windows[child.record_id]
    assert _unnamed(chrono) == []
    form = chrono.add_entry()
    assert _unnamed(form) == []
    type_into(qtbot, form.description, "Moved in with her aunt for the summer.")
    window.chronology.open_search()
    window.chronology.open_due()

    path = vault.path
    window.lock(ask=False)
    assert window.chronology.windows == {} and window.chronology.search_window is None
    assert not window.chronology.chronology_action.isEnabled()
    assert not window.chronology.search_action.isEnabled()
    assert chrono.model.rowCount() == 0 and chrono.timeline.point_count() == 0

    window.set_vault(Vault.open(path, PASSPHRASE))
    window.model.refresh()
    window.table.selectRow(window.model.row_of(child.record_id))
    again = window.chronology.open_chronology().add_entry()
    assert again.description.toPlainText() == "Moved in with her aunt for the summer."
    assert again.note.isVisibleTo(again)
