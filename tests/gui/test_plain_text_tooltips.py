"""Tooltips show what people typed literally: Qt would otherwise render text that looks like HTML.

Each tooltip is rendered as Qt renders rich text (QTextDocument.setHtml) and must read back
exactly as typed: no bold, no image fetched from a file, no swallowed ampersand.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from safeguard_desktop.domain.categories import ChildRole, ConcernCategory
from safeguard_desktop.domain.chronology import ChronologyEntry
from safeguard_desktop.domain.concern import Concern, ConcernChild, ConcernReview
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.ukdates import uk_today, utc_now
from safeguard_desktop.gui.attachments_panel import AttachmentsPanel
from safeguard_desktop.gui.chronology_model import (
    COL_CATEGORY,
    COL_SOURCE,
    COL_SUMMARY,
    ChronologyModel,
    cell_text,
    spoken_text,
)
from safeguard_desktop.gui.due_list import DueWindow
from safeguard_desktop.gui.record_detail import RecordDetailDialog
from safeguard_desktop.gui.search_window import SearchWindow
from safeguard_desktop.gui.widgets import plain_tooltip
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import add_child_core

EVIL = '<b>NOT</b> & <img src="file:///etc/hosts">'
GIVEN, FAMILY = "<b>NOT</b> &", '<img src="file:///etc/hosts">'  # together, EVIL
TIP = Qt.ItemDataRole.ToolTipRole


def shown(tooltip: str) -> str:
    """What a tooltip reads as once Qt has rendered it as rich text."""
    document = QTextDocument()
    document.setHtml(tooltip)
    return document.toPlainText()


def _concern(vault: Vault, child_id, account: str, review_on: date | None = None):
    review = None
    if review_on is not None:
        review = ConcernReview(
            decision="Monitor and review", review_on=review_on, reviewed_by=vault.practitioner, reviewed_at=utc_now()
        )
    return vault.concerns.add(
        Concern(
            happened=EventDate.on_day(date(2024, 2, 6)),
            children=[ConcernChild(child_id=child_id, roles=frozenset({ChildRole.VICTIM}))],
            categories=frozenset({ConcernCategory.NEGLECT}),
            recorded_by=vault.practitioner,
            account=account,
            review=review,
        )
    )


def test_the_helper_round_trips_markup_spaces_and_line_breaks(qapp) -> None:
    for text in (EVIL, "First line\n  indented & <i>not italic</i>\n\nlast", "O'Brien's \"quoted\" =cmd()"):
        tip = plain_tooltip(text)
        assert shown(tip) == text
    assert plain_tooltip("") == ""  # no text: no empty tooltip box


def test_chronology_rows_show_entry_and_concern_text_literally(qapp, vault: Vault) -> None:
    child = add_child_core(vault, "Nia", "Evans")
    vault.chronology.add(
        ChronologyEntry(
            child_id=child.record_id,
            happened=EventDate.on_day(date(2023, 9, 1)),
            source=EVIL,
            category=EVIL,
            description=EVIL,
            recorded_by=vault.practitioner,
        )
    )
    _concern(vault, child.record_id, EVIL)
    model = ChronologyModel()
    model.set_child(vault.timeline, child.record_id)
    assert model.rowCount() == 2
    for row in range(2):
        data = model.row_at(row)
        assert EVIL in spoken_text(data)
        assert shown(model.index(row, COL_SUMMARY).data(TIP)) == spoken_text(data)
        for column in (COL_CATEGORY, COL_SOURCE):
            assert shown(model.index(row, column).data(TIP)) == cell_text(data, column)
    entry_row = next(r for r in range(2) if model.row_at(r).kind == "chronology_entry")
    assert shown(model.index(entry_row, COL_SOURCE).data(TIP)) == EVIL
    assert shown(model.index(entry_row, COL_CATEGORY).data(TIP)) == EVIL


def test_due_list_shows_a_childs_name_literally(qtbot, vault: Vault) -> None:
    child = add_child_core(vault, GIVEN, FAMILY)
    _concern(vault, child.record_id, "Hungry again.", review_on=uk_today() + timedelta(days=3))
    due = DueWindow(vault)
    qtbot.addWidget(due)
    assert due.model.rowCount() == 1
    assert due.model.index(0, 3).data() == EVIL
    assert shown(due.model.index(0, 3).data(TIP)) == EVIL
    for column in range(4):
        assert shown(due.model.index(0, column).data(TIP)) == due.model.index(0, column).data()


def test_search_hits_show_titles_and_names_literally(qtbot, vault: Vault) -> None:
    child = add_child_core(vault, GIVEN, FAMILY)
    stored = _concern(vault, child.record_id, f"Zeppelin drawing: {EVIL}")
    search = SearchWindow(vault)
    qtbot.addWidget(search)
    search.query.setText("zeppelin")
    search.run_search()
    assert search.model.rowCount() == 1
    assert shown(search.model.index(0, 1).data(TIP)) == stored.data.title()
    assert shown(search.model.index(0, 2).data(TIP)) == EVIL
    for column in range(3):
        assert shown(search.model.index(0, column).data(TIP)) == search.model.index(0, column).data()


def test_attachment_file_name_and_description_show_literally(qtbot, vault: Vault) -> None:
    child = add_child_core(vault, "Nia", "Evans")
    concern = _concern(vault, child.record_id, "Drawing handed in by her teacher.")
    name = '<b>NOT<b> & <img src="hosts">.txt'  # a file name cannot hold "/", so no closing tag
    vault.attachments.add_bytes(
        name,
        b"Made-up note.",
        "text/plain",
        child_id=child.record_id,
        linked_record_id=concern.record_id,
        description=EVIL,
    )
    panel = AttachmentsPanel()
    qtbot.addWidget(panel)
    panel.show_for(vault, concern.record_id, child_id=child.record_id)
    item = panel.list.item(0)
    text = shown(item.toolTip())
    assert text == item.data(Qt.ItemDataRole.AccessibleTextRole)
    assert text.startswith(name + " — ") and text.endswith(f"\nDescription: {EVIL}")


def test_record_history_change_shows_before_and_after_literally(qtbot, vault: Vault) -> None:
    child = add_child_core(vault, "Nia", "Evans")
    entry = vault.chronology.add(
        ChronologyEntry(
            child_id=child.record_id,
            happened=EventDate.on_day(date(2023, 9, 1)),
            description="Moved to a new house with mum.",
            recorded_by=vault.practitioner,
        )
    )
    vault.chronology.amend(
        entry.record_id, ChronologyEntry(**{**dict(entry.data), "description": EVIL}), "Typed the wrong text."
    )
    detail = RecordDetailDialog(vault, entry.record_id, "chronology_entry")
    qtbot.addWidget(detail)
    detail.show_changes(1)
    rows = detail.change_rows()
    assert ("Description", "Moved to a new house with mum.", EVIL) in rows
    row = rows.index(("Description", "Moved to a new house with mum.", EVIL))
    assert shown(detail.changes.item(row, 0).toolTip()) == f"Description: Moved to a new house with mum. → {EVIL}"
