"""The children list: paged from the vault as it scrolls, filtered as you type."""

from __future__ import annotations

from PySide6.QtCore import Qt

from safeguard_desktop.gui.children_model import ChildrenModel
from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import add_child_core, type_into


def test_rows_are_fetched_a_page_at_a_time(qtbot, vault: Vault) -> None:
    for n in range(25):
        add_child_core(vault, f"Child{n:02d}", "Pageby")
    model = ChildrenModel(page_size=10)
    model.set_repository(vault.children)
    assert model.total == 25
    assert model.rowCount() == 10
    assert model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 25
    assert not model.canFetchMore()
    assert model.index(24, 0).data() == "Child24 Pageby"
    model.set_repository(None)
    assert model.rowCount() == 0 and model.total == 0


def test_scrolling_the_view_loads_more(qtbot, vault: Vault) -> None:
    for n in range(40):
        add_child_core(vault, f"Child{n:02d}", "Scroll")
    window = MainWindow(vault, page_size=10)
    qtbot.addWidget(window)
    window.show()
    assert window.count_label.text() == "40 children"
    loaded = window.model.rowCount()
    assert loaded < 40
    window.table.scrollToBottom()
    qtbot.waitUntil(lambda: window.model.rowCount() > loaded)


def test_filter_as_you_type_by_name_or_nhs_number(qtbot, window: MainWindow, vault: Vault) -> None:
    add_child_core(vault, "Zofia", "Kowalczyk", nhs_number="9434765919")
    add_child_core(vault, "Tomasz", "Kowalczyk")
    add_child_core(vault, "Grace", "Adeyemi")
    window.model.refresh()
    assert window.model.rowCount() == 3

    window.find_action.trigger()
    assert window.filter.hasFocus() or window.focusWidget() is window.filter
    type_into(qtbot, window.filter, "kowal")
    qtbot.waitUntil(lambda: window.model.rowCount() == 2)
    assert window.count_label.text() == "2 children"

    window.filter.clear()
    type_into(qtbot, window.filter, "9434765919")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    assert window.model.index(0, 0).data() == "Zofia Kowalczyk"
    assert window.model.index(0, 2).data() == "943 476 5919"
    assert window.model.index(0, 1).data() == "01/06/2015"

    window.table.selectRow(0)
    assert window.current_child.data.given_names == "Zofia"
    assert window.model.headerData(0, Qt.Orientation.Horizontal) == "Name"
