"""Visit mode: in a family's front room the window shows this family only.

Turned on from a child's record, it replaces the caseload with a page of the child and their
siblings (children who share a recorded adult) and their neglect screenings: no children list,
no search, no Due list, no chronology, no concerns, no other window, and no menu or toolbar
that could open another child. Every other action of the main window is disabled (and kept
disabled: an action re-enabled by the window while in visit mode is switched off again), so
its keyboard shortcuts do nothing either.

Leaving asks for the passphrase; a wrong one keeps visit mode. Locking keeps visit mode: the
page is emptied like everything else, and unlocking the same vault brings the family back.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QToolBar,
    QWidget,
)

from safeguard_desktop.domain.people import Child
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.confirm import ConfirmPassphraseDialog, ask_passphrase
from safeguard_desktop.gui.guide_window import close_guide
from safeguard_desktop.gui.household import siblings_of
from safeguard_desktop.gui.locking import put_away_form
from safeguard_desktop.gui.screening_compare import ComparisonWindow
from safeguard_desktop.gui.screening_list import open_screening_form
from safeguard_desktop.gui.visit_page import VisitPage
from safeguard_desktop.vault.store import Stored

SHORTCUT = "Ctrl+Shift+V"
LEAVE_REASON = "Leaving visit mode shows your whole caseload again. Type your passphrase to leave."
TITLE = "Visit mode — safeguard-desktop"


class VisitMode(QObject):
    """Visit mode for one main window: entering, leaving with the passphrase, and locking inside it."""

    def __init__(self, main: Any) -> None:
        super().__init__(main)
        self.main = main
        self.child_id: UUID | None = None
        self.page: VisitPage | None = None  # made on first use, and added to the window's stack
        self.confirm_dialog: ConfirmPassphraseDialog | None = None
        self.comparisons: list[ComparisonWindow] = []
        self._hidden_bars: list[QWidget] = []
        self._watched: set[QAction] = set()
        self.action = QAction("&Visit mode…", main)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        tip = "Show this family only, for a home visit; leaving asks for your passphrase"
        self.action.setStatusTip(tip)
        self.action.setToolTip(f"{tip} ({SHORTCUT})")
        self.action.triggered.connect(self.toggle)
        main.addAction(self.action)

    @property
    def active(self) -> bool:
        """True while the window is in visit mode (locked or not)."""
        return self.child_id is not None

    # -- entering --------------------------------------------------------------------------

    def toggle(self) -> None:
        """The action: enter for the chosen child, or ask to leave."""
        if self.active:
            self.ask_to_leave()
        else:
            self.enter()

    def enter(self) -> bool:
        """Show the chosen child's family only."""
        main = self.main
        if self.active or main.vault is None:
            return False
        if main.current_child is None:
            main.error.show_error("Choose a child first: visit mode shows that child's family only.")
            return False
        self.child_id = main.current_child.record_id
        self._put_away_everything()
        self._show()
        return True

    def _put_away_everything(self) -> None:
        """Close every window and form that could show another child, and empty the caseload."""
        main = self.main
        dialog, main.active_dialog = main.active_dialog, None
        if dialog is not None:  # kept as a draft, as a lock would
            put_away_form(main.vault, dialog)
        main.vault_actions.close_dialogs()
        main.chronology.put_away()
        for comparison in list(self.comparisons):  # perhaps of another child, opened from the caseload
            comparison.close()
        self.comparisons.clear()
        close_guide(main)
        main._set_child(None)  # the record view empties; nothing acts on the visited child behind the page
        for window in QApplication.topLevelWidgets():
            if window is not main and window.isVisible() and window is not self._unlock_dialog():
                window.close()
        main.filter.blockSignals(True)
        main.filter.clear()
        main.filter.blockSignals(False)
        main.model.set_repository(None)  # the hidden list holds no names either
        main.table.clearSelection()

    def _unlock_dialog(self) -> QWidget | None:
        # After an unlock the dialog is still on screen, closing itself once the window is filled.
        return self.main.unlock_dialog

    def _show(self) -> None:
        """Fill the page for the family and hide everything else (also after an unlock)."""
        main = self.main
        main.backup_bar.hide()  # it names the vault; an unlock or leaving shows it again as due
        for bar in [main.menuBar(), *main.findChildren(QToolBar)]:
            if bar.isVisible() or bar in self._hidden_bars:
                bar.hide()
                if bar not in self._hidden_bars:
                    self._hidden_bars.append(bar)
        self._disable_actions()
        main.setWindowTitle(("DEMO — " if main.vault.is_demo else "") + TITLE)
        self.action.setText("Leave &visit mode…")
        if self.page is None:
            self.page = VisitPage(self)
            main.stack.addWidget(self.page)
        main.stack.setCurrentWidget(self.page)
        self.page.show_family(self.family(), self.child_id)
        self.page.leave_button.setFocus()

    def family(self) -> list[Stored[Child]]:
        """The child and their siblings (sharing a recorded adult), the child first."""
        vault = self.main.vault
        try:
            child = vault.children.get(self.child_id)
            siblings = siblings_of(vault, child.record_id)
        except SafeguardError:
            return []
        return [child, *siblings] if not child.withdrawn else []

    def allowed(self) -> set[QAction]:
        """The only actions visit mode leaves on: lock, quit, and leaving visit mode."""
        return {self.main.lock_action, self.main.quit_action, self.action}

    def _disable_actions(self) -> None:
        for action in self.main.actions():
            if action in self.allowed():
                continue
            action.setEnabled(False)
            if action not in self._watched:
                self._watched.add(action)
                action.changed.connect(lambda a=action: self._keep_disabled(a))

    def _keep_disabled(self, action: QAction) -> None:
        # The window re-enables actions as it goes (after a save, an unlock): not in visit mode.
        if self.active and action.isEnabled() and action not in self.allowed():
            action.setEnabled(False)

    # -- the family's forms and windows ----------------------------------------------------

    def open_form(self, work: object, pack: object) -> QDialog | None:
        """Open a screening form over the visit page, as the caseload's list would."""
        form = open_screening_form(self.main, work, pack)  # type: ignore[arg-type]
        if form is not None:
            form.finished.connect(lambda _: self._reload())
        return form

    def _reload(self) -> None:
        if self.active and self.page is not None and self.page.panel is not None and self.main.vault is not None:
            self.page.panel.reload()

    def open_comparison(self, record_ids: list) -> ComparisonWindow | None:
        """Compare two or more screenings of one child in a window of its own, closed by a lock.

        The main window's `compare_screenings` too: the caseload's list opens comparisons here.
        """
        if self.main.vault is None:
            return None
        try:
            window = ComparisonWindow(self.main.vault, record_ids, self.main)
        except SafeguardError as exc:
            (self.page.error if self.active and self.page is not None else self.main.error).show_error(exc.message)
            return None
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(lambda _=None, w=window: self.comparisons.remove(w) if w in self.comparisons else None)
        self.comparisons.append(window)
        window.show()
        return window

    # -- locking and unlocking -------------------------------------------------------------

    def put_away(self) -> None:
        """The vault is locking: close the family's windows and empty the page (visit mode stays on)."""
        for window in list(self.comparisons):
            window.put_away()
        self.comparisons.clear()
        if self.confirm_dialog is not None:
            try:
                self.confirm_dialog.close_for_lock()
            except RuntimeError:  # already deleted by Qt
                pass
            self.confirm_dialog = None
        if self.page is not None:
            self.page.clear()

    def vault_opened(self) -> None:
        """The window has just been filled from an unlocked vault: back to the family, if visiting."""
        if self.active:
            self._put_away_everything()
            self._show()

    def adjust_unlock(self, dialog: QDialog) -> None:
        """While visiting, the unlock dialog offers no other vault (its list shows vault names)."""
        switch = getattr(dialog, "switch_button", None)
        if self.active and switch is not None:
            switch.hide()

    # -- leaving ---------------------------------------------------------------------------

    def ask_to_leave(self) -> ConfirmPassphraseDialog | None:
        """Ask for the passphrase; only the right one leaves visit mode."""
        main = self.main
        if not self.active or main.vault is None:
            return None
        self.confirm_dialog = ask_passphrase(main, main.vault.path, LEAVE_REASON, lambda _p: self.leave())
        return self.confirm_dialog

    def leave(self) -> None:
        """Show the caseload again, with the visited child chosen (after the passphrase)."""
        main = self.main
        child_id, self.child_id = self.child_id, None
        self.confirm_dialog = None
        self.action.setText("&Visit mode…")
        for window in list(self.comparisons):
            window.close()
        self.comparisons.clear()
        if self.page is not None:
            self.page.clear()
        for bar in self._hidden_bars:
            bar.show()
        self._hidden_bars = []
        if main.vault is None:
            return
        main.set_vault(main.vault)  # re-reads the list and enables what an unlocked vault allows
        if child_id is None:
            return
        row = main.model.row_of(child_id)
        if row is not None:
            main.table.selectRow(row)
