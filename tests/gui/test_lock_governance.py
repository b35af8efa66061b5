"""Locking with governance questions and record windows open: nothing stays on screen, no traceback."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from safeguard_desktop.domain.categories import ChildRole, ConcernCategory, ConcernStatus
from safeguard_desktop.domain.concern import Concern, ConcernChild
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.governance.disclosure import Disclosure
from safeguard_desktop.gui import ig_dispose
from safeguard_desktop.gui.disclosure_dialog import DisclosureDialog, ask_disclosure, still_there
from safeguard_desktop.gui.disclosure_log import DisclosureLogWindow
from safeguard_desktop.gui.ig_destruction import DestructionLogWindow
from safeguard_desktop.gui.ig_dispose import DisposeDialog
from safeguard_desktop.gui.record_detail import RecordDetailDialog
from safeguard_desktop.gui.rectify_dialogs import MoveDialog, RestrictDialog, StatementDialog
from safeguard_desktop.gui.widgets import plain_tooltip
from safeguard_desktop.vault import session
from tests.gui.conftest import add_child_core, click, type_into

MARKUP = "<b>O'Brien & Sons</b>"
RULE = "school-child-protection-file"
# A rule source can carry a reason typed locally when the rule was adjusted.
TYPED_SOURCE = "IRMS toolkit (2019); adjusted: <b>O'Brien & Sons</b> <img src='x'>"


def _concern(vault, child_id, when: date = date(2014, 1, 15)):
    return vault.concerns.add(
        Concern(
            happened=EventDate.on_day(when),
            children=[ConcernChild(child_id=child_id, roles=frozenset({ChildRole.VICTIM}))],
            categories=frozenset({ConcernCategory.NEGLECT}),
            recorded_by=vault.practitioner,
            account="Zebedee Quillfeather came in without a coat.",
            status=ConcernStatus.OPEN,
        )
    )


def _lock_while_asked(window, seen: list[DisclosureDialog]) -> None:
    """Lock the window from inside the question's own event loop, before it is answered."""

    def lock_when_open() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, DisclosureDialog) and w.isVisible()]
        if not dialogs:  # not shown yet: try again shortly
            QTimer.singleShot(10, lock_when_open)
            return
        seen.extend(dialogs)
        window.lock(ask=False)

    QTimer.singleShot(0, lock_when_open)


@pytest.fixture
def no_file_dialog(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Save)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: pytest.fail("no file dialog after a lock"))


def test_locking_while_the_disclosure_log_asks_who_it_is_for_stops_quietly(qtbot, window, no_file_dialog) -> None:
    vault = window.vault
    child = add_child_core(vault, "Perpetua", MARKUP)
    vault.log_export("chronology.pdf", b"1", child.record_id, Disclosure("MASH", "Referral"))
    log = window.governance.open("disclosure_log", "open_disclosure_log")
    assert isinstance(log, DisclosureLogWindow) and log.shown
    seen: list[DisclosureDialog] = []
    _lock_while_asked(window, seen)
    assert log.export_csv() is None  # no RuntimeError from the deleted dialog
    assert seen and window.vault is None and not vault.is_open
    qtbot.waitUntil(lambda: not shiboken6.isValid(log) or not log.isVisible())
    assert all(not shiboken6.isValid(d) or not d.isVisible() for d in seen)


def test_locking_while_the_destruction_log_asks_who_it_is_for_stops_quietly(
    qtbot, window, no_file_dialog, monkeypatch
) -> None:
    vault = window.vault
    child = add_child_core(vault, "Zebedee", "Quillfeather", date_of_birth=date(2001, 4, 2))
    _concern(vault, child.record_id)

    def type_the_name_and_dispose(self: DisposeDialog) -> int:
        self.confirm.setText("Quillfeather")
        click(qtbot, self.dispose_button)
        return int(self.result())

    monkeypatch.setattr(DisposeDialog, "exec", type_the_name_and_dispose)
    monkeypatch.setattr(QMessageBox, "exec", lambda *a: int(QMessageBox.StandardButton.Ok.value))
    assert ig_dispose.confirm_and_dispose(window, vault, child.record_id, RULE, TYPED_SOURCE)
    log = window.governance.open("ig_destruction", "open_destruction_log")
    assert isinstance(log, DestructionLogWindow) and log.entries
    seen: list[DisclosureDialog] = []
    _lock_while_asked(window, seen)
    assert log.export_csv() is None
    assert seen and window.vault is None


def test_a_typed_rule_source_in_the_destruction_log_tooltip_shows_as_text(qtbot, window, monkeypatch) -> None:
    vault = window.vault
    child = add_child_core(vault, "Zebedee", "Quillfeather", date_of_birth=date(2001, 4, 2))
    _concern(vault, child.record_id)

    def type_the_name_and_dispose(self: DisposeDialog) -> int:
        self.confirm.setText("Quillfeather")
        click(qtbot, self.dispose_button)
        return int(self.result())

    monkeypatch.setattr(DisposeDialog, "exec", type_the_name_and_dispose)
    monkeypatch.setattr(QMessageBox, "exec", lambda *a: int(QMessageBox.StandardButton.Ok.value))
    assert ig_dispose.confirm_and_dispose(window, vault, child.record_id, RULE, TYPED_SOURCE)
    log = window.governance.open("ig_destruction", "open_destruction_log")
    tip = log.table.item(0, 3).toolTip()
    assert tip == plain_tooltip(TYPED_SOURCE)
    assert "<b>O'Brien" not in tip and "&lt;b&gt;O&#x27;Brien &amp; Sons&lt;/b&gt;" in tip


def test_the_question_answers_none_and_callers_stop_once_its_window_is_gone(qtbot, window) -> None:
    log = window.governance.open("disclosure_log", "open_disclosure_log")
    assert still_there(log, window.vault)
    QTimer.singleShot(0, log.deleteLater)  # the window goes while the question is open
    assert ask_disclosure(log, "disclosure_log.csv", vault=window.vault) is None
    assert not shiboken6.isValid(log) and not still_there(log, window.vault)
    vault = window.vault
    window.lock(ask=False)
    assert not still_there(None, vault) and not still_there(window, None)


def test_locking_closes_a_record_window_and_its_forms(qtbot, window) -> None:
    vault = window.vault
    child = add_child_core(vault, "Marigold", MARKUP)
    add_child_core(vault, "Juniper", "Ashworth")
    concern = _concern(vault, child.record_id, date(2025, 9, 1))
    opened = []
    for kind, ask in ((StatementDialog, "ask_statement"), (RestrictDialog, "ask_restrict"), (MoveDialog, "ask_move")):
        detail = window.open_record(concern.record_id, "concern")
        assert isinstance(detail, RecordDetailDialog) and detail.isVisible()
        form = getattr(detail, ask)()
        assert isinstance(form, kind) and form.isVisible()
        if isinstance(form, StatementDialog):
            type_into(qtbot, form.made_by, MARKUP)
        opened += [detail, form]
    person = window.open_record(child.record_id, "child")
    assert isinstance(person, RecordDetailDialog) and person.isVisible()
    opened.append(person)
    window.lock(ask=False)
    for widget in opened:
        assert not shiboken6.isValid(widget) or not widget.isVisible()
    visible = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]
    assert not any(isinstance(w, (RecordDetailDialog, StatementDialog, RestrictDialog, MoveDialog)) for w in visible)
    assert window.record_windows == []


def test_a_far_future_to_date_in_the_disclosure_log_is_refused_in_words(qtbot, window, monkeypatch) -> None:
    vault = window.vault
    child = add_child_core(vault, "Perpetua", MARKUP)
    with pytest.MonkeyPatch.context() as clock:
        clock.setattr(session, "utc_now", lambda: datetime(2026, 3, 2, 9, 5, tzinfo=UTC))
        vault.log_export("chronology.pdf", b"1", child.record_id, Disclosure("MASH", "Referral"))
    log = window.governance.open("disclosure_log", "open_disclosure_log")
    type_into(qtbot, log.until, "31/12/9999")
    click(qtbot, log.apply_button)
    assert log.problem.text() == "Choose a date no later than 30/12/9999."
    assert "unexpected" not in log.problem.text()
    type_into(qtbot, log.since, "31/12/9999")
    log.until.clear()
    click(qtbot, log.apply_button)
    assert log.problem.text() == "Choose a date no later than 30/12/9999."
    log.since.clear()
    type_into(qtbot, log.until, "30/12/9999")
    click(qtbot, log.apply_button)
    assert not log.problem.text() and len(log.rows()) == 1
