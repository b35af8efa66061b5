"""Where the main window's commands sit: the File, Child and Edit menus and the toolbar.

The actions themselves belong to the main window and its helpers (vault, content,
chronology, governance and visit-mode actions); this module only arranges them, so that the
order a practitioner meets them in can be read, and changed, in one place. (`MainWindow._action`
also adds each action to the window itself, so its shortcut works wherever it is shown.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

if TYPE_CHECKING:
    from safeguard_desktop.gui.main_window import MainWindow


def add_menus(window: MainWindow) -> None:
    """The File, Child and Edit menus, then the governance menu (Help comes after, from HelpMenu)."""
    file_menu = window.menuBar().addMenu("&File")
    for action in window.vault_actions.vault_actions:
        file_menu.addAction(action)
    file_menu.addAction(window.signing_action)
    file_menu.addSeparator()
    file_menu.addAction(window.lock_action)
    file_menu.addSeparator()
    file_menu.addAction(window.quit_action)
    child_menu = window.menuBar().addMenu("&Child")
    for action in (window.new_child_action, window.add_person_action, window.log_concern_action):
        child_menu.addAction(action)
    child_menu.addAction(window.chronology.chronology_action)
    child_menu.addAction(window.chronology.due_action)
    child_menu.addAction(window.visit.action)
    child_menu.addSeparator()
    child_menu.addAction(window.record_status_action)
    child_menu.addAction(window.record_meeting_action)
    child_menu.addAction(window.place_hold_action)
    child_menu.addSeparator()
    child_menu.addAction(window.guide_action)
    child_menu.addAction(window.editions_action)
    child_menu.addAction(window.screening_packs_action)
    edit_menu = window.menuBar().addMenu("&Edit")
    edit_menu.addAction(window.find_action)
    edit_menu.addAction(window.chronology.search_action)
    edit_menu.addSeparator()
    edit_menu.addAction(window.vault_actions.settings_action)
    window.governance.add_menu()


def add_toolbar(window: MainWindow) -> None:
    """The toolbar: the everyday actions only, shown as text."""
    toolbar = window.addToolBar("Main")
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    for action in (window.new_child_action, window.add_person_action, window.log_concern_action):
        toolbar.addAction(action)
    toolbar.addAction(window.chronology.chronology_action)
    toolbar.addAction(window.guide_action)
    toolbar.addSeparator()
    toolbar.addAction(window.lock_action)
