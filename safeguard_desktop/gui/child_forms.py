"""The main window's forms: each opens over the current child, and a lock keeps it as a draft.

A mixin of MainWindow, apart so that the window's own module stays about lists and locking.
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from safeguard_desktop.domain.people import Child
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.child_dialog import ChildDialog
from safeguard_desktop.gui.concern_dialog import ConcernDialog
from safeguard_desktop.gui.decision_dialog import DecisionDialog, load_guide
from safeguard_desktop.gui.drafts import forget_draft, offer_draft
from safeguard_desktop.gui.meeting_dialog import MeetingDialog
from safeguard_desktop.gui.person_dialog import PersonDialog
from safeguard_desktop.gui.record_detail import open_record
from safeguard_desktop.gui.referral_list import open_referrals
from safeguard_desktop.gui.referral_pages_start import resume_record, resume_work, start_referral
from safeguard_desktop.gui.screening_list import open_screenings
from safeguard_desktop.gui.screening_view import open_screening_window
from safeguard_desktop.gui.status_dialog import EndPeriodDialog, StatusDialog
from safeguard_desktop.referral.model import Referral
from safeguard_desktop.screening.record import Screening
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.store import Stored


class ChildForms:
    """Forms about the current child, for a window that has `vault`, `current_child` and `error`."""

    # -- opening a record from the chronology or a search --------------------------------

    def open_record(self, record_id: object, kind: str) -> QDialog | None:
        """Show any record, current version and history, over whichever window asked."""
        if self.vault is None or not isinstance(record_id, UUID):
            return None
        if kind == Screening.KIND:  # a screening has a screen of its own, from the list and the chronology alike
            return open_screening_window(self, record_id)
        if kind == Referral.KIND:  # a referral opens in its child's referral list, focused on it
            return open_referrals(self, record_id)
        parent = QApplication.activeWindow() or self
        try:
            dialog = open_record(parent, self.vault, record_id, kind)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return None
        # A withdrawal made there shows at once in the record and any open chronology.
        dialog.changed.connect(self.refresh_child)
        dialog.changed.connect(self.chronology.reload_all)
        self.record_windows = [*self._record_windows_alive(), dialog]
        return dialog

    def _record_windows_alive(self) -> list[QDialog]:
        # Set on first use, not in the window's __init__; those already deleted by Qt are dropped.
        return [w for w in getattr(self, "record_windows", []) if shiboken6.isValid(w)]

    def close_record_windows(self) -> None:
        """On lock: close the record windows opened here and the forms over them (all show the record's words)."""
        for window in self._record_windows_alive():
            # Statement, restriction, move and withdrawal forms are windows of their own: innermost first.
            for child in reversed(window.findChildren(QWidget)):
                if shiboken6.isValid(child) and child.isWindow() and child.isVisible():
                    child.close()
            if shiboken6.isValid(window):
                window.close()
        self.record_windows = []

    # -- the forms -------------------------------------------------------------------------

    def open_form(self, dialog: QDialog) -> QDialog:
        """Open a form that a lock puts away as a draft, offering any draft kept earlier."""
        self.active_dialog = dialog
        dialog.addAction(self.lock_action)  # Ctrl+L from inside the form (kept as a draft)
        offer_draft(self.vault, dialog)
        dialog.finished.connect(lambda _: self._dialog_finished(dialog))
        dialog.open()
        return dialog

    def _dialog_finished(self, dialog: QDialog) -> None:
        if self.active_dialog is dialog:
            # Saved, or cancelled by the person: either way its draft is done with. (A lock
            # clears active_dialog first, so a form closed by locking keeps its draft.)
            self.active_dialog = None
            forget_draft(self.vault, dialog)
        dialog.deleteLater()

    def new_child(self) -> ChildDialog | None:
        """Ctrl+N: the add-child form."""
        if self.vault is None:
            return None
        dialog = ChildDialog(self.vault, self)
        dialog.saved.connect(self._child_added)
        self.open_form(dialog)
        return dialog

    def _child_added(self, stored: object) -> None:
        assert isinstance(stored, Stored)
        self.model.refresh()
        self._update_count()
        row = self.model.row_of(stored.record_id)
        if row is None:  # filtered out or on a page not loaded: show it all the same
            self.table.clearSelection()
            self._set_child(stored)
        else:
            self.table.selectRow(row)

    def add_person(self) -> QDialog | None:
        """The add-person form for the current child."""
        return self._child_form(lambda vault, child: PersonDialog(vault, child, self))

    def _child_form(self, build: Callable[[Vault, Stored[Child]], QDialog]) -> QDialog | None:
        """Build a form about the current child, refresh the record when it saves, open it."""
        if self.vault is None or self.current_child is None:
            return None
        try:
            dialog = build(self.vault, self.current_child)
        except SafeguardError as exc:  # e.g. the record it needs was withdrawn meanwhile
            self.error.show_error(exc.message)
            return None
        dialog.saved.connect(lambda _: self.refresh_child())
        self.open_form(dialog)
        return dialog

    def log_concern(self) -> QDialog | None:
        """The concern form, with the current child ticked."""
        return self._child_form(lambda vault, child: ConcernDialog(vault, child, self))

    def record_status_change(self) -> QDialog | None:
        """The status form for the current child (its current periods can be ended from it)."""
        return self._child_form(lambda vault, child: StatusDialog(vault, child, self))

    def end_status_period(self, record_id: object) -> QDialog | None:
        """End one of the current child's periods (from the record's "End this period…")."""
        if not isinstance(record_id, UUID):
            return None
        return self._child_form(lambda vault, _child: EndPeriodDialog(vault, vault.status_periods.get(record_id), self))

    def record_meeting(self) -> QDialog | None:
        """The meeting form, with the current child ticked and siblings offered."""
        return self._child_form(lambda vault, child: MeetingDialog(vault, child, self))

    def consider_level_of_need(self) -> QDialog | None:
        """The level-of-need form for the current child, informed by the guide edition in use."""
        dialog = self._child_form(lambda vault, child: DecisionDialog(vault, child.record_id, load_guide(vault), self))
        if dialog is not None:
            # The decision is a chronology item: any chronology open on screen shows it at once.
            dialog.saved.connect(lambda _: self.chronology.reload_all())
            # Offered once the decision form has closed, so that form's own draft is done with first.
            dialog.referral_requested.connect(
                lambda rid, action: QTimer.singleShot(0, lambda: self.start_referral_from_decision(rid, action))
            )
        return dialog

    def open_screenings(self) -> QDialog | None:
        """The current child's neglect screenings: start, resume, discard, open, correct or compare."""
        return open_screenings(self)

    def open_referrals(self) -> QDialog | None:
        """The current child's referrals and consultations: drafts, sent, decisions due, outcomes."""
        return open_referrals(self)

    def refer_or_consult(self) -> QDialog | None:
        """Start a MASH referral or LCSS consultation for the current child, or continue one in progress."""
        if self.vault is None or self.current_child is None:
            return None
        return start_referral(self, self.current_child.record_id)

    def start_referral_from_decision(self, decision_id: object, action: object) -> QDialog | None:
        """A decision for a MASH referral or LCSS consultation: offer to start it, with that decision."""
        if self.vault is None or not isinstance(decision_id, UUID):
            return None
        try:
            child_id = self.vault.threshold_decisions.get(decision_id).data.child_id
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return None
        return start_referral(self, child_id, decision_id=decision_id, action=action)  # type: ignore[arg-type]

    def resume_referral(self, record_id: object) -> QDialog | None:
        """Continue a saved draft referral (from the referral list)."""
        return resume_record(self, record_id)

    def resume_referral_work(self, draft_id: object) -> QDialog | None:
        """Continue a referral in progress (from the referral list)."""
        return resume_work(self, draft_id)
