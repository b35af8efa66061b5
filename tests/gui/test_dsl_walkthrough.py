"""The issue's walk-through as one story: log, see it in both chronologies, correct, find it.

A concern about two children in different roles, with two categories, a body-map mark
placed by keyboard alone and the teacher's note attached; then each child's chronology,
a correction with its reason, both versions, and the filters and searches that find it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from safeguard_desktop.chronology.timeline import TimelineFilter
from safeguard_desktop.domain.bodymap import BodySide
from safeguard_desktop.domain.categories import ChildRole, ConcernCategory
from safeguard_desktop.gui.chronology_model import COL_CATEGORY, COL_ROLE, COL_SUMMARY
from safeguard_desktop.gui.concern_dialog import ConcernDialog
from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import add_child_core, click, type_into

ACCOUNT = "Cried at registration; said =HYPERLINK and <b>O'Brien & Sons</b> were shouting at the bus stop."


def _chronology(qtbot, window: MainWindow, child):
    window.model.refresh()
    window.table.selectRow(window.model.row_of(child.record_id))
    window.chronology.chronology_action.trigger()
    chrono = window.chronology.windows[child.record_id]
    qtbot.waitExposed(chrono)
    return chrono


def _column(chrono, column: int) -> list[str]:
    return [chrono.model.index(r, column).data() for r in range(chrono.model.rowCount())]


def test_a_dsl_logs_finds_and_corrects_a_concern(qtbot, tmp_path, window: MainWindow, vault: Vault) -> None:
    tamsin = add_child_core(vault, "Tamsin", "Achterberg")
    oskar = add_child_core(vault, "Oskar", "Achterberg")
    window.model.refresh()
    window.table.selectRow(window.model.row_of(tamsin.record_id))
    window.log_concern_action.trigger()
    form: ConcernDialog = window.active_dialog
    form.children.add_child(oskar, involved=True)
    type_into(qtbot, form.happened.date, "12/03/2024")
    click(qtbot, form.children.role_box(tamsin.record_id, ChildRole.VICTIM))
    click(qtbot, form.children.role_box(oskar.record_id, ChildRole.WITNESS))
    form.categories.set_checked(ConcernCategory.PHYSICAL_ABUSE)
    form.categories.set_checked(ConcernCategory.DOMESTIC_ABUSE)
    type_into(qtbot, form.account, ACCOUNT)

    # The body map by keyboard alone: Add mark…, side, region from the list, type, whose body.
    editor = form.body_map
    editor.add_button.setFocus()
    qtbot.keyClick(editor.add_button, Qt.Key.Key_Space)
    mark_form = editor.active_dialog
    assert mark_form is not None and mark_form.isVisible()
    assert mark_form.whose.isVisibleTo(mark_form)  # two children: it asks whose body
    mark_form.whose.setFocus()
    qtbot.keyClicks(mark_form.whose, "Tamsin")  # typing a name picks that child
    type_into(qtbot, mark_form.region_filter, "left upper arm")
    mark_form.region_list.setFocus()
    qtbot.keyClick(mark_form.region_list, Qt.Key.Key_Down)
    mark_form.mark_type.setFocus()
    qtbot.keyClick(mark_form.mark_type, Qt.Key.Key_Down)
    type_into(qtbot, mark_form.description, "Four small round bruises")
    qtbot.keyClick(mark_form.ok_button, Qt.Key.Key_Space)
    assert not mark_form.isVisible(), mark_form.error.text()
    (mark,) = editor.value()
    assert (mark.side, mark.region, mark.child_id) == (BodySide.FRONT, "front_upper_arm_left", tamsin.record_id)

    note = tmp_path / "class teacher's note.txt"
    note.write_bytes(b"Tamsin was upset at 08:45. Mrs Halloran")
    assert form.evidence.add_files([note]) == 1
    click(qtbot, form.save_button)
    assert not form.isVisible(), form.error.text()
    (stored,) = vault.concerns.list()
    (attachment,) = vault.attachments.list(linked_to=tamsin.record_id)
    assert attachment.data.linked_record_id == stored.record_id

    # Both chronologies show it, each with that child's own role, the text exactly as typed.
    mine = _chronology(qtbot, window, tamsin)
    assert _column(mine, COL_ROLE) == ["Victim or subject"]
    assert _column(mine, COL_CATEGORY) == ["Physical abuse, Domestic abuse"]
    assert _column(mine, COL_SUMMARY) == [ACCOUNT]
    theirs = _chronology(qtbot, window, oskar)
    assert _column(theirs, COL_ROLE) == ["Witness"]

    # Correct it: a reason, a new version, and the chronology follows the current one.
    correction = ConcernDialog.correct(vault, stored)
    qtbot.addWidget(correction)
    correction.account.clear()
    type_into(qtbot, correction.account, "Cried at registration; said the adults were shouting at the bus stop.")
    type_into(qtbot, correction.reason, "Names removed: they were overheard, not confirmed.")
    click(qtbot, correction.save_button)
    assert not correction.isVisible(), correction.error.text()
    versions = vault.concerns.history(stored.record_id)
    assert [v.data.account for v in versions] == [ACCOUNT, versions[1].data.account]
    assert versions[1].reason == "Names removed: they were overheard, not confirmed."
    mine.reload()
    assert _column(mine, COL_SUMMARY) == [versions[1].data.account]

    # Filters and search find the current version, not the corrected-away words.
    mine.set_categories({"Domestic abuse"})
    mine.apply_filters()
    assert mine.model.rowCount() == 1
    type_into(qtbot, mine.search, "bus stop")
    mine.apply_filters()
    assert mine.model.rowCount() == 1
    mine.search.clear()
    type_into(qtbot, mine.search, "HYPERLINK")
    mine.apply_filters()
    assert mine.model.rowCount() == 0
    assert vault.timeline.count(tamsin.record_id, TimelineFilter().significant_only()) == 1
    window.chronology.search_action.trigger()
    search = window.chronology.search_window
    type_into(qtbot, search.query, "bus stop")
    search.run_search()
    names = {search.model.row_at(r).child_name for r in range(search.model.rowCount())}
    assert names == {"Tamsin Achterberg", "Oskar Achterberg"}
