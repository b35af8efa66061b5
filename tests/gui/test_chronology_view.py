"""One child's chronology window: every record kind, roles, filters, sorting, adding, the timeline."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel

from safeguard_desktop.domain.categories import ChildRole, ConcernCategory, Impact, Significance
from safeguard_desktop.domain.chronology import ChronologyEntry
from safeguard_desktop.domain.concern import Concern, ConcernChild
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.meeting import Attendee, Meeting, MeetingType
from safeguard_desktop.domain.status import ChildStatus, CPCategory, StatusPeriod
from safeguard_desktop.domain.ukdates import format_date, uk_today
from safeguard_desktop.gui.chronology_model import COL_DATE, COL_ROLE, COL_SUMMARY, PAGE_SIZE, WITHDRAWN_PREFIX
from safeguard_desktop.gui.chronology_window import ChronologyWindow
from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.gui.record_detail import RecordDetailDialog
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import add_child_core, type_into

MARKUP_NAME = ("<b>O'Brien", "& Sons</b>")


@pytest.fixture
def family(vault: Vault):
    """Two siblings, a concern naming both, manual entries, a CP plan and a conference."""
    me = vault.practitioner
    ada = add_child_core(vault, *MARKUP_NAME)
    ben = add_child_core(vault, "Benedikt", "Okafor-Lindqvist")
    concern = vault.concerns.add(
        Concern(
            happened=EventDate.in_month(2023, 3, approximate=True),
            children=[
                ConcernChild(child_id=ada.record_id, roles=frozenset({ChildRole.VICTIM})),
                ConcernChild(child_id=ben.record_id, roles=frozenset({ChildRole.WITNESS})),
            ],
            categories=frozenset({ConcernCategory.DOMESTIC_ABUSE}),
            recorded_by=me,
            account="Described a loud argument at home and a broken trampoline in the garden.",
        )
    )
    entries = [
        vault.chronology.add(
            ChronologyEntry(
                child_id=ada.record_id,
                happened=happened,
                category=category,
                description=description,
                significance=significance,
                impact=impact,
                source="Mother",
                recorded_by=me,
            )
        )
        for happened, category, description, significance, impact in (
            (EventDate.in_year(2021), "House move", "Moved to a flat across town.", Significance.BACKGROUND,
             Impact.NEUTRAL),
            (EventDate.on_day(date(2022, 5, 10)), "Bereavement", "Grandmother died.", Significance.SIGNIFICANT,
             Impact.NEGATIVE),
            (EventDate.on_day(date(2024, 9, 2)), "Change of school", "Started at Riverside Academy.",
             Significance.SIGNIFICANT, Impact.POSITIVE),
        )
    ]  # fmt: skip
    status = vault.status_periods.add(
        StatusPeriod(
            child_id=ada.record_id,
            status=ChildStatus.CHILD_PROTECTION,
            cp_category=CPCategory.NEGLECT,
            start=date(2023, 6, 1),
            recorded_by=me,
        )
    )
    meeting = vault.meetings.add(
        Meeting(
            meeting_type=MeetingType.INITIAL_CP_CONFERENCE,
            held=EventDate.exact(datetime(2023, 5, 30, 9, 30, tzinfo=UTC)),
            child_ids=[ada.record_id, ben.record_id],
            attendees=[Attendee(name="Kelly Hart", role="Mother", is_parent=True)],
            decisions="Child Protection plan under neglect.",
            recorded_by=me,
        )
    )
    return {"ada": ada, "ben": ben, "concern": concern, "entries": entries, "status": status, "meeting": meeting}


def _open(qtbot, window: MainWindow, child) -> ChronologyWindow:
    window.model.refresh()
    window.table.selectRow(window.model.row_of(child.record_id))
    assert window.chronology.chronology_action.isEnabled()
    window.chronology.chronology_action.trigger()
    chrono = window.chronology.windows[child.record_id]
    qtbot.waitExposed(chrono)
    return chrono


def _texts(chrono: ChronologyWindow, column: int) -> list[str]:
    model = chrono.model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_every_kind_shows_with_each_childs_own_role(qtbot, window: MainWindow, family) -> None:
    ada = _open(qtbot, window, family["ada"])
    assert ada.count_label.text() == "6 of 6 entries"
    assert _texts(ada, COL_DATE) == [
        "2021",
        "10/05/2022",
        "around March 2023",
        "30/05/2023 10:30",  # held 09:30 UTC: shown in UK summer time
        "01/06/2023",
        "02/09/2024",
    ]
    kinds = [ada.model.row_at(r).kind for r in range(ada.model.rowCount())]
    assert kinds == ["chronology_entry", "chronology_entry", "concern", "meeting", "status_period", "chronology_entry"]
    assert _texts(ada, COL_ROLE)[2] == "Victim or subject"
    assert "Child Protection plan (neglect) began." in _texts(ada, COL_SUMMARY)[4]
    # The whole summary is in the tooltip and the screen reader's description.
    tip = ada.model.index(2, COL_SUMMARY).data(Qt.ItemDataRole.ToolTipRole)
    assert "broken trampoline in the garden" in tip and "Role: Victim or subject" in tip

    ben = _open(qtbot, window, family["ben"])
    assert ben is not ada
    assert _texts(ben, COL_ROLE) == ["Witness", ""]
    assert ben.count_label.text() == "2 of 2 entries"


def test_a_name_with_markup_shows_exactly_as_typed(qtbot, window: MainWindow, family) -> None:
    chrono = _open(qtbot, window, family["ada"])
    name = "<b>O'Brien & Sons</b>"
    titles = [label for label in chrono.findChildren(QLabel) if label.text() == f"Chronology: {name}"]
    assert titles and titles[0].textFormat() == Qt.TextFormat.PlainText
    assert chrono.windowTitle().startswith(f"Chronology — {name}")


def test_filters_narrow_the_rows_and_the_timeline(qtbot, window: MainWindow, family) -> None:
    chrono = _open(qtbot, window, family["ada"])
    menu_names = [a.text() for a in chrono.category_menu.actions() if a.isCheckable()]
    assert menu_names == ["Bereavement", "Change of school", "Domestic abuse", "House move", "Meeting", "Status change"]
    chrono.set_categories({"Bereavement", "House move"})
    assert _texts(chrono, COL_DATE) == ["2021", "10/05/2022"]
    assert chrono.category_button.text() == "Categories: 2 chosen"
    assert chrono.timeline.point_count() == 2
    chrono.clear_filters()
    assert chrono.model.rowCount() == 6

    qtbot.mouseClick(
        chrono.significant_only, Qt.MouseButton.LeftButton, pos=QPoint(8, chrono.significant_only.height() // 2)
    )
    assert chrono.significant_only.isChecked() and not chrono.significance.isEnabled()
    assert "2021" not in _texts(chrono, COL_DATE)  # the background house move is hidden
    assert chrono.count_label.text() == "5 of 6 entries"
    chrono.clear_filters()

    type_into(qtbot, chrono.from_date, "01/01/2023")
    type_into(qtbot, chrono.to_date, "31/12/2023")
    qtbot.keyClick(chrono.to_date, Qt.Key.Key_Return)
    assert _texts(chrono, COL_DATE) == ["around March 2023", "30/05/2023 10:30", "01/06/2023"]
    chrono.to_date.clear()
    type_into(qtbot, chrono.to_date, "31/02/2023")
    qtbot.keyClick(chrono.to_date, Qt.Key.Key_Return)
    assert chrono.filter_error.text()  # a mistyped date says so and filters nothing away
    chrono.clear_filters()

    type_into(qtbot, chrono.search, "trampoline")
    qtbot.waitUntil(lambda: chrono.model.rowCount() == 1)
    assert chrono.model.row_at(0).record_id == family["concern"].record_id
    assert chrono.count_label.text() == "1 of 6 entries"


def test_header_click_sorts_through_the_core(qtbot, window: MainWindow, family) -> None:
    chrono = _open(qtbot, window, family["ada"])
    header = chrono.table.horizontalHeader()
    pos = QPoint(header.sectionViewportPosition(COL_SUMMARY) + 10, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    summaries = _texts(chrono, COL_SUMMARY)
    assert chrono.model.sort_key == ("summary", False)
    assert summaries == sorted(summaries, key=str.casefold)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert chrono.model.sort_key == ("summary", True)
    assert _texts(chrono, COL_SUMMARY) == list(reversed(summaries))
    pos = QPoint(header.sectionViewportPosition(COL_DATE) + 10, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert _texts(chrono, COL_DATE)[0] == "2021"


def test_withdrawn_record_stays_marked(qtbot, window: MainWindow, vault: Vault, family) -> None:
    vault.chronology.withdraw(family["entries"][1].record_id, "Recorded against the wrong child.")
    chrono = _open(qtbot, window, family["ada"])
    index = chrono.model.index(1, COL_SUMMARY)
    assert index.data() == WITHDRAWN_PREFIX + "Grandmother died."
    assert index.data(Qt.ItemDataRole.FontRole).strikeOut()
    assert "(withdrawn)" in chrono.model.index(1, COL_DATE).data(Qt.ItemDataRole.AccessibleTextRole)
    assert chrono.model.rowCount() == 6


def test_enter_on_a_row_asks_for_its_record(qtbot, window: MainWindow, family) -> None:
    chrono = _open(qtbot, window, family["ada"])
    chrono.table.setFocus()
    chrono.table.selectRow(3)
    chrono.table.setCurrentIndex(chrono.model.index(3, 0))
    with qtbot.waitSignal(chrono.open_record_requested) as signal:
        qtbot.keyClick(chrono.table, Qt.Key.Key_Return)
    assert signal.args == [family["meeting"].record_id, "meeting"]
    # The main window answers with the record-and-history dialog for that record.
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, RecordDetailDialog) and w.isVisible()]
    assert [d.title.text() for d in dialogs] == [family["meeting"].data.title()]
    assert dialogs[0].title.textFormat() == Qt.TextFormat.PlainText
    dialogs[0].close()


def test_add_an_entry_in_place_by_keyboard(qtbot, window: MainWindow, vault: Vault, family) -> None:
    chrono = _open(qtbot, window, family["ada"])
    chrono.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is chrono, timeout=5000)
    qtbot.keyClick(chrono.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = chrono.entry_dialog
    assert form is not None and form.isVisible()
    future = format_date(uk_today() + timedelta(days=30))
    type_into(qtbot, form.happened.date, future)
    type_into(qtbot, form.category.lineEdit(), "New partner in the home")
    type_into(qtbot, form.description, "Mother's new partner, Mr <i>Quill</i>, moved in.")
    type_into(qtbot, form.source, "Ada, in class")
    qtbot.keyClick(form.source, Qt.Key.Key_Return)
    assert form.happened.error.text() == f"{future} is in the future; please check the date."
    assert form.isVisible() and vault.chronology.count(linked_to=family["ada"].record_id) == 3

    form.happened.date.clear()
    type_into(qtbot, form.happened.date, "14/02/2024")
    qtbot.keyClick(form.source, Qt.Key.Key_Return)
    assert not form.isVisible(), form.error.text()
    row = chrono.selected_row()
    assert row is not None
    shown = chrono.model.row_at(row)
    assert (shown.date_text, shown.summary, shown.category_text) == (
        "14/02/2024",
        "Mother's new partner, Mr <i>Quill</i>, moved in.",
        "New partner in the home",
    )
    assert chrono.count_label.text() == "7 of 7 entries"


def test_timeline_paints_and_a_click_selects_the_row(qtbot, window: MainWindow, family) -> None:
    chrono = _open(qtbot, window, family["ada"])
    timeline = chrono.timeline
    assert timeline.accessibleName() == "Visual timeline"
    assert "table below holds the same information" in timeline.accessibleDescription()
    assert not timeline.grab().isNull()
    target = family["status"]
    pos = timeline.marker_position(target.record_id, 0)
    assert pos is not None
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=pos.toPoint())
    row = chrono.selected_row()
    assert row is not None and chrono.model.row_at(row).record_id == target.record_id
    assert timeline.point_at(pos) is not None


def test_five_thousand_rows_load_lazily(qtbot, window: MainWindow, vault: Vault) -> None:
    child = add_child_core(vault, "Perpetua", "Vandersloot")
    start = date(2012, 1, 1)
    with vault.batch():
        for n in range(5000):
            vault.chronology.add(
                ChronologyEntry(
                    child_id=child.record_id,
                    happened=EventDate.on_day(start + timedelta(days=n)),
                    category=("Attendance", "House move", "Neglect", "Referral")[n % 4],
                    description=f"Event number {n}",
                    significance=Significance.SIGNIFICANT if n % 3 else Significance.BACKGROUND,
                    recorded_by=vault.practitioner,
                )
            )
    began = time.perf_counter()
    chrono = _open(qtbot, window, child)
    assert time.perf_counter() - began < 5  # generous for a shared CI machine; typically well under 1 s
    assert chrono.model.total == 5000
    assert chrono.model.rowCount() < 5000
    assert chrono.model.rowCount() == PAGE_SIZE
    chrono.model.fetchMore(chrono.model.index(-1, -1))
    assert chrono.model.rowCount() == 2 * PAGE_SIZE
    assert chrono.timeline.point_count() == 5000
    assert not chrono.timeline.grab().isNull()
    # A marker far down the list selects its row, loading the pages before it.
    last = vault.timeline.rows(child.record_id, sort="date", descending=True, limit=1)[0]
    assert chrono.select_item(last.record_id, 0)
    assert chrono.model.row_at(chrono.selected_row()).summary == "Event number 4999"
