"""Visit mode: in a family's front room the window shows this family only.

Turned on from a child's record, it first asks which of the children linked to that child the
visit is about (ticked to start with: those sharing a parent who lives in the same home; a
grandparent, a carer or a parent living elsewhere links other households, so their children
start unticked). It then replaces the caseload with a page of those children and their neglect
screenings: no children list, no search, no Due list, no chronology, no concerns, no other
window, and no menu or toolbar that could open another child. Every other action of the main
window is disabled (and kept disabled: an action re-enabled by the window while in visit mode
is switched off again), so its keyboard shortcuts do nothing either; nothing opens a save
dialog, which would show the practitioner's folders.

Leaving asks for the passphrase; a wrong one keeps visit mode. Locking keeps visit mode: the
page is emptied like everything else, and unlocking the same vault brings the family back. The
children visited are kept inside the (encrypted) vault while visiting, never in a file or the
settings, so after a crash, a flat battery or a quit, unlocking goes straight back to the family.
"""

from __future__ import annotations

import logging
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
from safeguard_desktop.errors import RecordNotFound, SafeguardError
from safeguard_desktop.gui.confirm import ConfirmPassphraseDialog, ask_passphrase
from safeguard_desktop.gui.guide_window import close_guide
from safeguard_desktop.gui.household import RelatedChild, related_children
from safeguard_desktop.gui.locking import put_away_form
from safeguard_desktop.gui.screening_compare import ComparisonWindow
from safeguard_desktop.gui.screening_list import open_screening_form
from safeguard_desktop.gui.visit_page import TARGET, FamilyChooser, VisitPage
from safeguard_desktop.gui.worker import error_text
from safeguard_desktop.vault.store import Stored

log = logging.getLogger(__name__)

SHORTCUT = "Ctrl+Shift+V"
LEAVE_REASON = "Leaving visit mode shows your whole caseload again. Type your passphrase to leave."
TITLE = "Visit mode — safeguard-desktop"
MARKER = "visit-mode"  # the vault's drafts key that says visit mode is on, and for which children
CANNOT_START = "Visit mode could not start, so your caseload is still shown: {reason}"
PAGE_FAILED = "This family's page could not be shown: {reason} Leave visit mode to see the caseload."


class VisitMode(QObject):
    """Visit mode for one main window: entering, leaving with the passphrase, and locking inside it."""

    def __init__(self, main: Any) -> None:
        super().__init__(main)
        self.main = main
        self.child_ids: list[UUID] | None = None  # the chosen child first; None when not visiting
        self.page: VisitPage | None = None  # made on first use, and added to the window's stack
        self.chooser: FamilyChooser | None = None
        self.confirm_dialog: ConfirmPassphraseDialog | None = None
        self.comparisons: list[ComparisonWindow] = []
        self._hidden_bars: list[QWidget] = []
        self._watched: set[QAction] = set()
        self._leaving = False
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
        return self.child_ids is not None

    @property
    def child_id(self) -> UUID | None:
        """The child visit mode was entered for (shown first)."""
        return self.child_ids[0] if self.child_ids else None

    # -- entering --------------------------------------------------------------------------

    def toggle(self) -> None:
        """The action: enter for the chosen child, or ask to leave."""
        if self.active:
            self.ask_to_leave()
        else:
            self.enter()

    def enter(self, child_ids: list[UUID] | None = None) -> bool:
        """Show the chosen child's family only; return whether visit mode is on now.

        Without `child_ids`, when other children are linked to the chosen one, the practitioner
        ticks who the visit is about first (visit mode starts once they confirm).
        """
        main = self.main
        if self.active or main.vault is None:
            return False
        if main.current_child is None:
            main.error.show_error("Choose a child first: visit mode shows that child's family only.")
            return False
        child = main.current_child
        main.error.clear()
        if child_ids is None:
            try:
                related = related_children(main.vault, child.record_id)
            except Exception as exc:  # a damaged record: said in words, nothing switched yet
                main.error.show_error(CANNOT_START.format(reason=error_text(exc)))
                return False
            if related:
                self._ask_who(child, related)
                return False
            child_ids = [child.record_id]
        return self._start(child_ids)

    def _ask_who(self, child: Stored[Child], related: list[RelatedChild]) -> None:
        chooser = FamilyChooser(child, related, self.main)
        chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        chooser.accepted.connect(lambda: self._start(chooser.chosen_ids()))
        chooser.finished.connect(lambda _: self._chooser_closed(chooser))
        self.chooser = chooser
        chooser.open()

    def _chooser_closed(self, chooser: FamilyChooser) -> None:
        if self.chooser is chooser:
            self.chooser = None

    def _start(self, child_ids: list[UUID]) -> bool:
        """Read the family and note the visit in the vault, then switch; any failure leaves the caseload."""
        main = self.main
        if self.active or main.vault is None:
            return False
        try:
            family = self._read(child_ids)
            main.vault.drafts.save(MARKER, {"child_ids": [str(child_id) for child_id in child_ids]})
        except Exception as exc:  # nothing switched yet: the caseload stays, with the reason
            main.error.show_error(CANNOT_START.format(reason=error_text(exc)))
            return False
        self.child_ids = list(child_ids)
        try:
            self._put_away_everything()
            self._hide_the_caseload()
            self._fill(family)
        except Exception as exc:  # back to the whole window as it was, saying why
            reason = error_text(exc)
            self.leave()
            main.error.show_error(CANNOT_START.format(reason=reason))
            return False
        return True

    def _read(self, child_ids: list[UUID]) -> list[Stored[Child]]:
        """The visited children still on record, in the order chosen (damage raises)."""
        family: list[Stored[Child]] = []
        for child_id in child_ids:
            try:
                child = self.main.vault.children.get(child_id)
            except RecordNotFound:
                continue
            if not child.withdrawn:
                family.append(child)
        return family

    def _marker(self) -> list[UUID] | None:
        """The children of a visit the vault was left in (a crash, a quit), or None when there was none."""
        try:
            data = self.main.vault.drafts.load(MARKER)
        except Exception as exc:  # unreadable: the family page, even empty, is safer than the caseload
            log.warning("Visit mode marker not read: %s", type(exc).__name__)
            return []
        if data is None:
            return None
        try:
            return [UUID(str(value)) for value in data.get("child_ids", [])]
        except (TypeError, ValueError, AttributeError):
            return []

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

    def _hide_the_caseload(self) -> None:
        """Show the (empty) page and hide everything else (also after an unlock)."""
        main = self.main
        main.backup_bar.hide()  # it names the vault; an unlock or leaving shows it again as due
        for bar in [main.menuBar(), *main.findChildren(QToolBar)]:
            if not bar.isHidden() or bar in self._hidden_bars:  # also before the window is first shown
                bar.hide()
                if bar not in self._hidden_bars:
                    self._hidden_bars.append(bar)
        self._disable_actions()
        main.setWindowTitle(("DEMO — " if main.vault is not None and main.vault.is_demo else "") + TITLE)
        self.action.setText("Leave &visit mode…")
        if self.page is None:
            self.page = VisitPage(self)
            main.stack.addWidget(self.page)
        self.page.clear()
        main.stack.setCurrentWidget(self.page)
        self.page.leave_button.setFocus()

    def _fill(self, family: list[Stored[Child]]) -> None:
        assert self.page is not None and self.child_id is not None
        self.page.show_family(family, self.child_id)
        self.page.leave_button.setFocus()

    def family(self) -> list[Stored[Child]]:
        """The children visited, the chosen child first (none if they cannot be read)."""
        if self.child_ids is None or self.main.vault is None:
            return []
        try:
            return self._read(self.child_ids)
        except SafeguardError:
            return []

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
        main = self.main
        main.error.clear()
        form = open_screening_form(main, work, pack)  # type: ignore[arg-type]
        if form is not None:
            form.finished.connect(lambda _: self._reload())
        elif self.active and self.page is not None:
            # The form reports to the window's own error line, hidden behind the page while visiting.
            problem = main.error.text()
            main.error.clear()
            self.page.error.show_error(problem or "The screening could not be opened.")
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
            window = ComparisonWindow(self.main.vault, record_ids, self.main, visiting=self.active)
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
        chooser, self.chooser = self.chooser, None
        if chooser is not None:  # it names the children linked to the chosen one
            try:
                chooser.done(QDialog.DialogCode.Rejected)
            except RuntimeError:  # already deleted by Qt
                pass
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
        """The window has just been filled from an unlocked vault: back to the family, if visiting.

        Also after a restart: a visit the vault was left in (the app crashed, the battery went flat,
        it was quit) is noted inside the vault, so the caseload never shows in front of the family.
        """
        if not self.active and not self._leaving:
            self.child_ids = self._marker()
        if not self.active:
            return
        assert self.child_ids is not None
        problem = ""
        try:
            family = self._read(self.child_ids)
        except Exception as exc:  # visit mode stays on, whatever failed: never the caseload
            family, problem = [], error_text(exc)
        self._put_away_everything()
        self._hide_the_caseload()
        assert self.page is not None
        try:
            self._fill(family)
        except Exception as exc:
            self.page.clear()
            problem = error_text(exc)
        if problem:
            self.page.error.show_error(PAGE_FAILED.format(reason=problem))

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
        dialog = ask_passphrase(main, main.vault.path, LEAVE_REASON, lambda _p: self.leave())
        for control in (dialog.passphrase, dialog.ok_button, dialog.cancel_button):
            control.setMinimumHeight(TARGET)  # typed or tapped on a tablet, on the family's sofa
        dialog.ok_button.setMinimumWidth(TARGET * 2)
        dialog.cancel_button.setMinimumWidth(TARGET * 2)
        self.confirm_dialog = dialog
        return dialog

    def leave(self) -> None:
        """Show the caseload again, with the visited child chosen (after the passphrase)."""
        main = self.main
        if main.vault is not None:
            try:
                main.vault.drafts.discard(MARKER)
            except SafeguardError as exc:  # the next unlock returns to the family; leaving again clears it
                log.warning("Visit mode marker not cleared: %s", type(exc).__name__)
        child_id, self.child_ids = self.child_id, None
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
        self._leaving = True  # the marker may still be there if it could not be cleared
        try:
            main.set_vault(main.vault)  # re-reads the list and enables what an unlocked vault allows
        finally:
            self._leaving = False
        if child_id is None:
            return
        row = main.model.row_of(child_id)
        if row is not None:
            main.table.selectRow(row)
