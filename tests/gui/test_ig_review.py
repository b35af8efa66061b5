"""The review queue window: keep a file with a reason and date, and never dispose of a held file."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtWidgets import QDialog

from safeguard_desktop.domain.ukdates import format_date, uk_today
from safeguard_desktop.governance.holds import holds, place_hold
from safeguard_desktop.governance.review import review_history, review_queue
from safeguard_desktop.governance.rules import rule_history, set_organisation_type
from safeguard_desktop.gui import ig_review
from safeguard_desktop.gui.ig_holds import HoldsWindow, LiftHoldDialog, PlaceHoldDialog
from safeguard_desktop.gui.ig_review import (
    HELD_NOTE,
    NO_LONGER_DUE,
    NOW_HELD,
    CareEndedDialog,
    KeepDialog,
    ReviewQueueWindow,
)
from safeguard_desktop.gui.ig_rules import AdjustRuleDialog, RulesWindow
from tests.gui.conftest import add_child_core, click, type_into

ODD_NAME = "<b>O'Brien & Sons</b>"


def table_texts(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def answer(monkeypatch: pytest.MonkeyPatch, cls: type[QDialog], fill) -> list[QDialog]:
    """Replace `cls.exec`: `fill` types into the real dialog and presses its real buttons."""
    asked: list[QDialog] = []

    def fake_exec(self: QDialog) -> int:
        asked.append(self)
        fill(self)
        return int(self.result())

    monkeypatch.setattr(cls, "exec", fake_exec)
    return asked


def fake_disposal(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """Stand in for the disposal confirmation (its own tests drive it): record what it was given."""
    calls: list[tuple] = []
    monkeypatch.setattr(ig_review, "confirm_and_dispose", lambda *args: calls.append(args) or False)
    return calls


def test_keep_a_file_and_see_it_leave_the_queue(qtbot, window, monkeypatch) -> None:
    vault = window.vault
    due = add_child_core(vault, "Tamsin", ODD_NAME, date_of_birth=date(1998, 4, 3)).record_id
    add_child_core(vault, "Oisín", "Delacourt-Nye", date_of_birth=date(2015, 6, 1))
    queue = window.governance.open("ig_review", "open_review_queue")
    assert isinstance(queue, ReviewQueueWindow) and queue.isVisible() and not queue.isModal()
    assert window.governance.open("ig_review", "open_review_queue") is queue  # raised, not a second one
    rows = table_texts(queue.table)
    assert rows == [[f"Tamsin {ODD_NAME}", "03/04/1998", "03/04/2023", "Child protection file (school)", "No"]]
    assert "IRMS" in queue.rule_line.text()
    assert queue.dispose_button.isEnabled() and queue.held_note.isHidden()

    next_review = uk_today() + timedelta(days=400)

    def fill(dialog: KeepDialog) -> None:
        type_into(qtbot, dialog.next_review, "31/02/2030")
        click(qtbot, dialog.keep_button)  # no reason, impossible date: refused, stays open
        assert dialog.error.text() and dialog.result() != QDialog.DialogCode.Accepted
        type_into(qtbot, dialog.reason, "Civil claim <expected> & ongoing")
        dialog.next_review.clear()
        type_into(qtbot, dialog.next_review, format_date(uk_today()))
        click(qtbot, dialog.keep_button)
        assert "must be after today" in dialog.error.text()
        dialog.next_review.clear()
        type_into(qtbot, dialog.next_review, format_date(next_review))
        click(qtbot, dialog.keep_button)

    asked = answer(monkeypatch, KeepDialog, fill)
    click(qtbot, queue.keep_button)
    assert len(asked) == 1
    assert queue.table.rowCount() == 0
    assert "No file is due" in queue.summary.text()
    [decision] = review_history(vault, due)
    assert (decision.reason, decision.next_review) == ("Civil claim <expected> & ongoing", next_review)
    assert [d.child_id for d in review_queue(vault, next_review)] == [due]


def test_a_held_files_dispose_is_disabled_with_the_reason(qtbot, window, monkeypatch) -> None:
    vault = window.vault
    held = add_child_core(vault, "Caspian", "Leventhorpe", date_of_birth=date(1997, 7, 8)).record_id
    free = add_child_core(vault, "Demelza", "Harcourt-Obi", date_of_birth=date(1998, 2, 17)).record_id
    place_hold(vault, held, "police", "Crime ref 44/123456/26")
    calls = fake_disposal(monkeypatch)

    queue = window.governance.open("ig_review", "open_review_queue")
    rows = table_texts(queue.table)
    assert [r[0] for r in rows] == ["Caspian Leventhorpe", "Demelza Harcourt-Obi"]
    assert [r[4] for r in rows] == ["Held", "No"]
    queue.table.selectRow(0)
    assert not queue.dispose_button.isEnabled()
    assert queue.held_note.isVisible() and queue.held_note.text() == HELD_NOTE
    queue.dispose_selected()  # even called directly, a held file goes nowhere
    assert calls == []
    queue.table.selectRow(1)
    assert queue.dispose_button.isEnabled() and queue.held_note.isHidden()
    click(qtbot, queue.dispose_button)
    [(parent, passed_vault, child_id, rule_id, source)] = calls
    assert (parent, passed_vault, child_id, rule_id) == (queue, vault, free, "school-child-protection-file")
    assert "IRMS" in source


def test_place_and_lift_a_hold_in_the_holds_window(qtbot, window, monkeypatch) -> None:
    vault = window.vault
    add_child_core(vault, "Tamsin", ODD_NAME, date_of_birth=date(1998, 4, 3))
    add_child_core(vault, "Jago", "Pendleby", date_of_birth=date(2001, 1, 1))
    holds_window = window.governance.open("ig_holds", "open_holds")
    assert isinstance(holds_window, HoldsWindow) and not holds_window.isModal()

    def place(dialog: PlaceHoldDialog) -> None:
        type_into(qtbot, dialog.filter, "o'brien")
        visible = [dialog.children.item(i) for i in range(dialog.children.count())]
        assert [i.text() for i in visible if not i.isHidden()] == [f"Tamsin {ODD_NAME} (born 03/04/1998)"]
        click(qtbot, dialog.place_button)
        assert "Choose the child" in dialog.error.text()
        dialog.children.setCurrentRow([i.isHidden() for i in visible].index(False))
        dialog.kind.setCurrentIndex(dialog.kind.findText("Practice review"))
        click(qtbot, dialog.place_button)
        assert "reference" in dialog.error.text()
        type_into(qtbot, dialog.reference, "CSPR =cmd()")
        click(qtbot, dialog.place_button)

    answer(monkeypatch, PlaceHoldDialog, place)
    click(qtbot, holds_window.place_button)
    assert [r[:3] for r in table_texts(holds_window.table)] == [
        [f"Tamsin {ODD_NAME}", "Practice review", "CSPR =cmd()"]
    ]

    def lift(dialog: LiftHoldDialog) -> None:
        type_into(qtbot, dialog.reason, "Review published")
        click(qtbot, dialog.lift_button)

    answer(monkeypatch, LiftHoldDialog, lift)
    click(qtbot, holds_window.lift_button)
    assert holds(vault) == [] and holds_window.table.rowCount() == 0
    click(qtbot, holds_window.show_lifted)
    assert (
        "Lifted" in table_texts(holds_window.table)[0][4]
        and "Review published" in table_texts(holds_window.table)[0][4]
    )


def test_adjust_a_rule_in_the_rules_window(qtbot, window, monkeypatch) -> None:
    vault = window.vault
    rules_window = window.governance.open("ig_rules", "open_retention_rules")
    assert isinstance(rules_window, RulesWindow)
    assert table_texts(rules_window.table)[0][4] == "As shipped"
    assert "guessed from your role" in rules_window.organisation.text()

    def adjust(dialog: AdjustRuleDialog) -> None:
        dialog.years.setValue(30)
        click(qtbot, dialog.save_button)
        assert "Say why" in dialog.error.text()
        type_into(qtbot, dialog.reason, "Governors' policy <i>2026</i>")
        click(qtbot, dialog.save_button)

    answer(monkeypatch, AdjustRuleDialog, adjust)
    rules_window.table.selectRow(0)
    click(qtbot, rules_window.adjust_button)
    row = table_texts(rules_window.table)[0]
    assert row[2].startswith("date of birth + 30 years")
    assert row[4].endswith(": Governors' policy <i>2026</i>")
    assert table_texts(rules_window.history)[0][2:] == ["30", "0", "Review", "Governors' policy <i>2026</i>"]
    assert len(rule_history(vault, "school-child-protection-file")) == 1


def test_locking_closes_the_queue_and_forgets_its_rows(qtbot, window) -> None:
    add_child_core(window.vault, "Tamsin", "Pendleby", date_of_birth=date(1998, 4, 3))
    queue = window.governance.open("ig_review", "open_review_queue")
    assert queue.table.rowCount() == 1
    window.lock(ask=False)
    assert not queue.isVisible()
    assert queue.vault is None and queue.table.rowCount() == 0 and queue.due == []


def test_care_ended_at_17_takes_an_nhs_file_out_of_the_queue(qtbot, window, monkeypatch) -> None:
    vault = window.vault
    set_organisation_type(vault, "nhs", "Health visiting team")
    born = date(uk_today().year - 25, 1, 1)
    add_child_core(vault, "Rhiannon", "Achterberg", date_of_birth=born)
    queue = window.governance.open("ig_review", "open_review_queue")
    assert queue.table.rowCount() == 1 and queue.care_button.isVisible()
    assert table_texts(queue.table)[0][3] == "Children's record (NHS)"

    def fill(dialog: CareEndedDialog) -> None:
        type_into(qtbot, dialog.ended, format_date(date(born.year + 17, 6, 30)))
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()

    answer(monkeypatch, CareEndedDialog, fill)
    click(qtbot, queue.care_button)
    assert queue.table.rowCount() == 0  # kept to the 26th birthday instead


def test_a_hold_placed_elsewhere_stops_disposal_before_the_confirmation(qtbot, window, monkeypatch) -> None:
    vault = window.vault
    child = add_child_core(vault, "Caspian", "Leventhorpe", date_of_birth=date(1997, 7, 8)).record_id
    gone = add_child_core(vault, "Demelza", "Harcourt-Obi", date_of_birth=date(1998, 2, 17)).record_id
    calls = fake_disposal(monkeypatch)
    queue = window.governance.open("ig_review", "open_review_queue")
    queue.table.selectRow(0)
    assert queue.dispose_button.isEnabled()  # shown before the hold: the queue does not know yet
    place_hold(vault, child, "litigation", "Claim HQ26X01234")  # as from the Holds window or the child's menu
    click(qtbot, queue.dispose_button)
    assert calls == []  # the confirmation never opened
    assert queue.error.text() == NOW_HELD
    assert queue.selected().child_id == child and queue.selected().held  # the same file, now shown as held
    assert not queue.dispose_button.isEnabled() and queue.held_note.isVisible()
    assert table_texts(queue.table)[0][4] == "Held"

    # Kept in another window meanwhile: no longer due, so nothing to confirm either.
    queue.table.selectRow(1)
    ig_review.keep(vault, gone, "Civil claim expected", uk_today() + timedelta(days=30))
    click(qtbot, queue.dispose_button)
    assert calls == [] and queue.error.text() == NO_LONGER_DUE
    assert [d.child_id for d in queue.due] == [child]


def test_coming_back_to_the_queue_reads_it_again(qtbot, window) -> None:
    vault = window.vault
    child = add_child_core(vault, "Caspian", "Leventhorpe", date_of_birth=date(1997, 7, 8)).record_id
    queue = window.governance.open("ig_review", "open_review_queue")
    assert table_texts(queue.table)[0][4] == "No"
    place_hold(vault, child, "police", "Crime ref 44/123456/26")
    window.activateWindow()
    qtbot.waitUntil(lambda: not queue.isActiveWindow())
    queue.activateWindow()
    qtbot.waitUntil(lambda: table_texts(queue.table)[0][4] == "Held")
    assert not queue.dispose_button.isEnabled()


def test_place_a_hold_from_the_child_menu(qtbot, window) -> None:
    vault = window.vault
    add_child_core(vault, "Jago", "Pendleby", date_of_birth=date(2001, 1, 1))
    child = add_child_core(vault, "Tamsin", ODD_NAME, date_of_birth=date(1998, 4, 3)).record_id
    assert not window.place_hold_action.isEnabled()  # no child chosen yet
    child_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Child")
    assert window.place_hold_action in child_menu.actions()
    window.model.refresh()
    window.table.selectRow(window.model.row_of(child))
    assert window.current_child.record_id == child and window.place_hold_action.isEnabled()
    holds_window = window.governance.open("ig_holds", "open_holds")
    queue = window.governance.open("ig_review", "open_review_queue")
    window.place_hold_action.trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, PlaceHoldDialog) and dialog.isVisible()
    assert dialog.children.currentItem().text() == f"Tamsin {ODD_NAME} (born 03/04/1998)"
    dialog.kind.setCurrentIndex(dialog.kind.findText("Litigation"))
    type_into(qtbot, dialog.reference, "Claim <b>HQ26X01234</b>")
    click(qtbot, dialog.place_button)
    assert not dialog.isVisible()
    [placed] = holds(vault)
    assert (placed.record_id, placed.reference) == (child, "Claim <b>HQ26X01234</b>")
    # The open windows show it at once.
    assert table_texts(holds_window.table)[0][:3] == [f"Tamsin {ODD_NAME}", "Litigation", "Claim <b>HQ26X01234</b>"]
    assert [r[4] for r in table_texts(queue.table) if r[0] == f"Tamsin {ODD_NAME}"] == ["Held"]

    window.lock(ask=False)
    assert not window.place_hold_action.isEnabled()


def test_after_disposal_the_main_window_no_longer_shows_the_child(qtbot, window, monkeypatch) -> None:
    vault = window.vault
    gone = add_child_core(vault, "Demelza", "Harcourt-Obi", date_of_birth=date(1998, 2, 17)).record_id
    add_child_core(vault, "Oisín", "Delacourt-Nye", date_of_birth=date(2015, 6, 1))
    window._apply_filter()
    window.table.selectRow(window.model.row_of(gone))
    assert window.current_child.record_id == gone
    chronology = window.chronology.open_chronology(gone)
    assert chronology is not None and chronology.isVisible()

    def type_the_name_and_dispose(dialog) -> None:
        type_into(qtbot, dialog.confirm, "Harcourt-Obi")
        click(qtbot, dialog.dispose_button)

    from safeguard_desktop.gui.ig_dispose import DisposeDialog

    answer(monkeypatch, DisposeDialog, type_the_name_and_dispose)
    monkeypatch.setattr("safeguard_desktop.gui.ig_dispose._tell", lambda *args: None)  # the "done" message
    queue = window.governance.open("ig_review", "open_review_queue")
    queue.table.selectRow(0)
    click(qtbot, queue.dispose_button)
    assert vault.children.count() == 1
    assert window.model.total == 1 and window.model.row_of(gone) is None
    assert window.current_child is None  # the record view no longer shows her
    assert gone not in window.chronology.windows and not chronology.isVisible()
