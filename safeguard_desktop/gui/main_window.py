"""The main window: the children list on the left, the chosen child's record on the right.

The window outlives any one unlock. Locking closes the vault, drops every model and record
widget, clears app text from the clipboard and asks for the passphrase again; unlocking
fills the same window from the (possibly different) vault.

It locks on the menu action (Ctrl+L), after a spell without input (idle.py), and when the
computer's session locks or it goes to sleep (system_lock.py). A form left open is kept as a
draft inside the vault first, and background work is stopped before the vault closes.
"""

from __future__ import annotations

import contextlib
from uuid import UUID

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QHeaderView,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.people import Child
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui import clipboard
from safeguard_desktop.gui.backup_bar import BackupBar
from safeguard_desktop.gui.child_forms import ChildForms
from safeguard_desktop.gui.children_model import ChildrenModel
from safeguard_desktop.gui.content_actions import ContentActions
from safeguard_desktop.gui.demo_marking import mark_demo_windows
from safeguard_desktop.gui.due_list import ChronologyActions
from safeguard_desktop.gui.governance_menu import GovernanceActions
from safeguard_desktop.gui.guide_window import GuideWindow, close_guide
from safeguard_desktop.gui.help import HelpMenu
from safeguard_desktop.gui.ig_holds import place_hold_on_child
from safeguard_desktop.gui.locking import LockedPage, LockTriggers, put_away_form, stop_background_work
from safeguard_desktop.gui.main_menus import add_menus, add_toolbar
from safeguard_desktop.gui.record_view import ChildRecordView
from safeguard_desktop.gui.unlock import UnlockDialog
from safeguard_desktop.gui.vault_actions import VaultActions
from safeguard_desktop.gui.visit_mode import VisitMode
from safeguard_desktop.gui.widgets import ErrorLabel, fit_to_screen, line_edit, named, plain_label
from safeguard_desktop.paths import remember_vault
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.store import Stored

APP_TITLE = "safeguard-desktop"
FILTER_DELAY_MS = 250  # long enough not to search on every keystroke, short enough to feel live


class MainWindow(ChildForms, QMainWindow):
    """One vault at a time; `vault` is None while locked."""

    def __init__(self, vault: Vault | None = None, *, page_size: int | None = None, idle_ms: int | None = None) -> None:
        """`idle_ms` overrides the idle lock's minutes from the settings (tests use a few ms)."""
        super().__init__()
        self.vault: Vault | None = None
        self.key_work_running = False  # the vault is closed on purpose (rotating its key)
        self.current_child: Stored[Child] | None = None
        self.active_dialog: QDialog | None = None
        self.unlock_dialog: UnlockDialog | None = None
        self._last_path = vault.path if vault else None
        self.model = ChildrenModel(page_size) if page_size else ChildrenModel()

        self._build_actions()
        self._build_workspace()
        self.locked_page = LockedPage()
        self.unlock_button = self.locked_page.unlock_button
        self.unlock_button.clicked.connect(self.show_unlock)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.locked_page)
        self.stack.addWidget(self.workspace)
        self.backup_bar = BackupBar()
        self.backup_bar.backup_requested.connect(self.vault_actions.backup_action.trigger)
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.addWidget(self.backup_bar)
        central_layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.lock_triggers = LockTriggers(self, idle_ms)
        self.lock_triggers.lock_requested.connect(self.lock)
        self.idle = self.lock_triggers.idle
        self.signed_in = plain_label(wrap=False)
        self.signed_in.setAccessibleName("Signed in")
        self.statusBar().addPermanentWidget(self.signed_in)
        # The title bar alone is easy to miss (and absent on some screens): a demo vault says
        # so inside the window too, so a made-up record is never taken for a real one.
        self.demo_badge = plain_label("DEMO VAULT: every record here is made up", wrap=False)
        self.demo_badge.setAccessibleName("Demo vault")
        self.demo_badge.setStyleSheet("font-weight: bold; padding: 0 8px;")
        self.demo_badge.hide()
        self.statusBar().insertPermanentWidget(0, self.demo_badge)
        fit_to_screen(self, 1200, 760)  # a 1366×768 laptop at 125% or 150% has far less room
        self.workspace.setSizes([min(420, self.width() * 3 // 8), self.width()])  # the record gets the most
        if vault is not None:
            self.set_vault(vault)
        else:
            self._show_locked()

    # -- building --------------------------------------------------------------------------

    def _action(self, text: str, shortcut: QKeySequence | str, slot: object, tip: str) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.setToolTip(f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even when the toolbar is hidden
        return action

    def _build_actions(self) -> None:
        self.new_child_action = self._action("&New child…", QKeySequence.StandardKey.New, self.new_child, "Add a child")
        self.add_person_action = self._action(
            "Add &person…", "Ctrl+Shift+P", self.add_person, "Add a parent, carer or other adult for this child"
        )
        self.log_concern_action = self._action(
            "&Log concern…", "Ctrl+Shift+N", self.log_concern, "Record a concern about this child"
        )
        self.record_status_action = self._action(
            "Record &status change…", "Ctrl+Shift+S", self.record_status_change, "Start or end this child's status"
        )
        self.record_meeting_action = self._action(
            "Record &meeting…", "Ctrl+Shift+M", self.record_meeting, "Record a meeting about this child"
        )
        self.place_hold_action = self._action(
            "Place a h&old on this file…", "", lambda: place_hold_on_child(self), "Keep this child's file from disposal"
        )
        self.find_action = self._action(
            "&Find", QKeySequence.StandardKey.Find, self.focus_filter, "Find a child by name, NHS number or UPN"
        )
        self.lock_action = self._action(
            "&Lock", "Ctrl+L", self.lock, "Lock the vault: records are hidden until the passphrase is typed"
        )
        # Not QKeySequence.Quit: it is empty on Windows, where Ctrl+Q is still expected.
        self.quit_action = self._action("&Quit", "Ctrl+Q", self.quit, "Lock and quit")
        self.guide_window: GuideWindow | None = None
        self.content = ContentActions(self)  # the guide, its editions, screening packs, signing
        self.vault_actions = VaultActions(self)
        self.governance = GovernanceActions(self)  # retention, subject access, the disclosure log
        self.chronology = ChronologyActions(self)  # chronology windows, vault-wide search, the Due list
        self.visit = VisitMode(self)  # this family only, for a home visit
        self.compare_screenings = self.visit.open_comparison  # the screening list's Compare…

        add_menus(self)  # File, Child, Edit, then the governance menu
        self.help_menu = HelpMenu(self)  # How this app works…, What's this? (Shift+F1), About
        add_toolbar(self)

    def _build_workspace(self) -> None:
        self.filter = line_edit("Find a child", "Find a child: name, NHS number or UPN (Ctrl+F)")
        self.filter.setClearButtonEnabled(True)
        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.filter.textChanged.connect(lambda _: self._filter_timer.start())

        self.table = named(QTableView(), "Children")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.count_label = plain_label(wrap=False)
        self.count_label.setAccessibleName("How many children match")

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count_label)

        self.record_view = ChildRecordView()
        self.record_view.chronology_requested.connect(lambda: self.chronology.open_chronology())
        self.record_view.status_change_requested.connect(self.record_status_action.trigger)
        self.record_view.meeting_requested.connect(self.record_meeting_action.trigger)
        self.record_view.end_period_requested.connect(self.end_status_period)
        self.record_view.level_of_need_requested.connect(self.consider_level_of_need)
        self.record_view.screenings_requested.connect(self.open_screenings)
        self.record_view.referrals_requested.connect(self.open_referrals)
        self.record_view.refer_requested.connect(self.refer_or_consult)
        self.record_view.visit_mode_requested.connect(self.visit.enter)
        self.error = ErrorLabel()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.error)
        right_layout.addWidget(self.record_view, 1)

        self.workspace = QSplitter()
        self.workspace.addWidget(left)
        self.workspace.addWidget(right)
        self.workspace.setStretchFactor(1, 1)
        self.workspace.setSizes([420, 780])

    # -- unlocked and locked ---------------------------------------------------------------

    def set_vault(self, vault: Vault) -> None:
        """Fill the window from an unlocked vault."""
        self.vault = vault
        self._last_path = vault.path
        # A recent-vaults list that cannot be written is no reason to refuse to work.
        with contextlib.suppress(OSError):
            remember_vault(vault.path)
        prefix = "DEMO — " if vault.is_demo else ""
        self.setWindowTitle(f"{prefix}{APP_TITLE} — {vault.path.name}")
        self.demo_badge.setVisible(vault.is_demo)
        mark_demo_windows(self)  # every window opened from a demo vault says DEMO in its title
        who = vault.practitioner
        self.signed_in.setText(f"Signed in: {who.name}, {who.role}")
        self.model.set_repository(vault.children)
        self._update_count()
        self.stack.setCurrentWidget(self.workspace)
        self._set_child(None)
        for action in (
            self.new_child_action,
            self.find_action,
            self.lock_action,
            *self.content.actions,
        ):
            action.setEnabled(True)
        self.vault_actions.set_enabled(True)
        self.governance.set_enabled(True)
        self.chronology.update_enabled()
        self.backup_bar.show_for_vault(vault)
        self.idle.start()
        self.filter.setFocus()
        self.visit.vault_opened()  # a lock in visit mode unlocks back into it

    def apply_settings(self) -> None:
        """Settings changed: the idle lock uses the new minutes from now on."""
        self.lock_triggers.reload_settings()

    def lock(self, *, ask: bool = True) -> None:
        """Close the vault and drop everything that showed record data.

        An open form is kept as a draft inside the vault first; background work is asked
        to stop and waited for (bounded), so the vault is never closed under it. With
        `ask=False` no unlock dialog opens (the key is being rotated).
        """
        self.idle.stop()
        if self.vault is None:
            # Already locked. Stopping background work now would cancel an unlock in flight,
            # whose opened vault (and its single-writer lock) would then be orphaned.
            if ask and not self.key_work_running:
                self.show_unlock()
            return
        dialog, self.active_dialog = self.active_dialog, None
        if dialog is not None:  # an unsaved form holds record data too: kept as a draft, then gone
            put_away_form(self.vault, dialog)
        self.vault_actions.close_dialogs()
        self.governance.close_windows()
        self.close_record_windows()  # a record window and its statement, restriction or move forms
        self.chronology.put_away()  # an unsaved chronology entry is kept as a draft
        self.visit.put_away()
        close_guide(self)
        stop_background_work()
        if self.vault is not None:
            self.vault.close()
        self.vault = None
        self.current_child = None
        self.model.set_repository(None)
        self.record_view.clear()
        self.filter.blockSignals(True)  # no search against a closed vault
        self.filter.clear()
        self.filter.blockSignals(False)
        self._filter_timer.stop()
        self.error.clear()
        clipboard.clear_if_ours()
        self._show_locked()
        if ask:
            self.show_unlock()

    def _show_locked(self) -> None:
        self.setWindowTitle(f"{APP_TITLE} — locked")
        self.demo_badge.hide()
        self.signed_in.setText("Locked")
        self.backup_bar.hide()
        self.vault_actions.set_enabled(False)
        self.governance.set_enabled(False)
        self.chronology.update_enabled()
        self.count_label.clear()
        self.stack.setCurrentWidget(self.locked_page)
        for action in (
            self.new_child_action,
            self.add_person_action,
            self.log_concern_action,
            self.record_status_action,
            self.record_meeting_action,
            self.place_hold_action,
            self.find_action,
            self.lock_action,
            *self.content.actions,
        ):
            action.setEnabled(False)

    def show_unlock(self) -> UnlockDialog | None:
        """Ask for the passphrase again (window-modal, so the window stays on screen)."""
        if self._last_path is None:
            return None
        if self.unlock_dialog is not None and self.unlock_dialog.isVisible():
            return self.unlock_dialog
        dialog = UnlockDialog(self._last_path, self)
        dialog.vault_ready.connect(self.set_vault)
        self.visit.adjust_unlock(dialog)
        self.unlock_dialog = dialog
        dialog.open()
        return dialog

    def quit(self) -> None:
        """Lock and leave."""
        self.close()
        QApplication.quit()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.idle.stop()
        stop_background_work()
        if self.vault is not None:
            self.vault.close()
            self.vault = None
        clipboard.clear_if_ours()
        super().closeEvent(event)

    # -- the list and the record -----------------------------------------------------------

    def focus_filter(self) -> None:
        """Ctrl+F: put the cursor in the filter, ready to type over."""
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    def _apply_filter(self) -> None:
        if self.vault is None:
            return
        keep = self.current_child.record_id if self.current_child else None
        self._guard(lambda: self.model.set_filter(self.filter.text()))
        self._update_count()
        self._select(keep)

    def _update_count(self) -> None:
        total = self.model.total
        self.count_label.setText("1 child" if total == 1 else f"{total} children")

    def _select(self, record_id: UUID | None) -> None:
        row = self.model.row_of(record_id) if record_id else None
        if row is None:
            # The child shown is not in the filtered list: showing them beside a list that
            # does not contain them would mislead, so the record view empties too.
            self.table.clearSelection()
            self._set_child(None)
            return
        self.table.selectRow(row)

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = {index.row() for index in selected.indexes()}
        if rows:
            self._set_child(self.model.child_at(min(rows)))

    def _set_child(self, stored: Stored[Child] | None) -> None:
        self.current_child = stored
        has_child = stored is not None and self.vault is not None
        self.add_person_action.setEnabled(has_child)
        self.log_concern_action.setEnabled(has_child)
        self.chronology.update_enabled()
        self.record_status_action.setEnabled(has_child)
        self.record_meeting_action.setEnabled(has_child)
        self.place_hold_action.setEnabled(has_child)
        if stored is None or self.vault is None:
            self.record_view.clear()
            return
        vault = self.vault
        self._guard(lambda: self.record_view.show_child(vault, stored))

    def refresh_child(self) -> None:
        """Re-read the current child after something about them was saved."""
        if self.current_child is not None and self.vault is not None:
            self._set_child(self.vault.children.get(self.current_child.record_id))

    def _guard(self, work: object) -> None:
        """Run a read; a core error (the vault was locked meanwhile) becomes a message."""
        assert callable(work)
        self.error.clear()
        try:
            work()
        except SafeguardError as exc:
            self.error.show_error(exc.message)
