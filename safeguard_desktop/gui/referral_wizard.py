"""The referral wizard's window: the steps on the left, one page per step, Back and Next.

The core `Wizard` (safeguard_desktop/referral/wizard.py) decides which steps apply, what each
still needs and where Next may go; this window only draws the current step and passes answers
on. The work is kept in the vault as it goes (`referral.progress.save`: after a pause in typing
and on every step change), so closing the window, or a lock, loses nothing; it is resumed from
the child's record. "Save draft" writes the referral as a DRAFT record.
"""

from __future__ import annotations

from collections import Counter
from typing import Any
from uuid import UUID

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.ukdates import to_uk
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.referral_pages import build_middle_pages
from safeguard_desktop.gui.referral_pages_export import ExportPage, discard_work
from safeguard_desktop.gui.referral_pages_review import ReviewPage
from safeguard_desktop.gui.referral_steps import StepPage, build_first_pages
from safeguard_desktop.gui.widgets import ErrorLabel, fit_to_screen, named, plain_label
from safeguard_desktop.gui.worker import error_text
from safeguard_desktop.referral import prefill, progress
from safeguard_desktop.referral.prefill import WizardContext
from safeguard_desktop.referral.steps import Step, StepIncomplete
from safeguard_desktop.thresholds.guide import Action

TYPING_PAUSE_MS = 800  # save once typing pauses, not on every key
PAGES: dict[Step, type[StepPage]] = {
    **build_first_pages(),
    **build_middle_pages(),
    Step.REVIEW: ReviewPage,
    Step.DONE: ExportPage,
}


class ReferralWizard(QDialog):
    """A referral or consultation being prepared. Emits `saved(Stored)` on Save draft, `sent(Stored)` once sent."""

    saved = Signal(object)
    sent = Signal(object)

    def __init__(self, vault: Any, work: progress.InProgress, context: WizardContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.vault = vault
        self.work = work
        self.wizard = progress.wizard_for(work, context)
        self.busy = False
        self._finished = False
        self._guide: Any = None
        self.page: StepPage | None = None
        self.setWindowTitle(f"{work.referral.destination.label()} — safeguard-desktop")
        self.setAccessibleName(work.referral.destination.label())

        self.step_list = named(QListWidget(), "Steps", "Each step, with how many things it still needs")
        self.step_list.setMaximumWidth(280)
        self.step_list.setStyleSheet("QListWidget::item { padding: 4px 2px; }")
        self.step_list.itemActivated.connect(self._chosen)
        self.step_list.itemClicked.connect(self._chosen)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.error = ErrorLabel()
        self.status = plain_label(wrap=False)
        self.status.setAccessibleName("Saved")
        self.back_button = named(QPushButton("&Back"), "Back")
        self.next_button = named(QPushButton("&Next"), "Next")
        self.draft_button = named(QPushButton("Save &draft"), "Save draft", "Keep the referral as a draft record")
        self.close_button = named(QPushButton("&Close"), "Close", "Close; your work is kept and can be continued")
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.draft_button.clicked.connect(self.save_draft)
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        for button in (self.draft_button, self.back_button, self.next_button, self.close_button):
            button.setAutoDefault(False)
            bottom.addWidget(button)
        right = QVBoxLayout()
        right.addWidget(self.scroll, 1)
        right.addWidget(self.error)
        top = QHBoxLayout()
        top.addWidget(self.step_list)
        top.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addLayout(bottom)
        self._timer = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.save_now)
        fit_to_screen(self, 1100, 720)
        self.show_step()

    # -- showing -------------------------------------------------------------------------

    def show_step(self) -> None:
        """Draw the wizard's current step afresh, and keep the work."""
        step = self.wizard.step
        self.page = PAGES[step](self)
        self.page.setAccessibleName(step.label())
        old = self.scroll.takeWidget()
        if old is not None:
            old.hide()
            old.deleteLater()
        self.scroll.setWidget(self.page)
        self._shown = step
        self.error.clear()
        steps = self.wizard.steps()
        self.back_button.setEnabled(steps.index(step) > 0 and not self.busy)
        self.next_button.setVisible(step is not Step.DONE)
        self.next_button.setText("&Next: make the packet" if step is Step.REVIEW else "&Next")
        self.refresh_steps()
        self.save_now()
        for child in self.page.findChildren(QWidget):  # the first field, so the keyboard starts there
            if child.focusPolicy() & Qt.FocusPolicy.TabFocus and child.isEnabled():
                child.setFocus()
                break

    def refresh_steps(self) -> None:
        """The step list: the current one marked, each with how many things it still needs."""
        w = self.wizard
        counts = Counter(m.step for m in w.missing())
        self.step_list.blockSignals(True)
        self.step_list.clear()
        for step in w.steps():
            count = counts.get(step, 0) if step is not Step.REVIEW else 0
            mark = "▶ " if step is w.step else "    "
            todo = f"  ({count} to do)" if count else ""
            item = QListWidgetItem(f"{mark}{step.label()}{todo}")
            item.setData(256, step.name)
            item.setToolTip(f"{count} thing(s) still needed" if count else "Nothing needed")
            self.step_list.addItem(item)
            if step is w.step:
                self.step_list.setCurrentItem(item)
        self.step_list.blockSignals(False)

    def route_contact(self, action: Action) -> str:
        """The number the threshold guide gives for a route (999, the MASH), or "" when it cannot be read."""
        if self._guide is None:
            from safeguard_desktop.gui.decision_dialog import load_guide

            try:
                self._guide = load_guide(self.vault)
            except SafeguardError:
                return ""
        return next((r.contact for r in self._guide.routes if r.action is action and r.contact), "")

    # -- answering and moving ------------------------------------------------------------

    def answer_changed(self) -> None:
        """An answer changed: keep it after a pause, update the counts, follow a change of step."""
        self._timer.start()
        if self.wizard.step is not self._shown:
            QTimer.singleShot(0, self.show_step)  # not while the page's own signal is running
        else:
            self.refresh_steps()

    def _commit(self) -> bool:
        if self.page is None:
            return True
        try:
            self.page.commit()
        except SafeguardError as exc:
            self.error.show_error(error_text(exc))
            return False
        return True

    def next(self) -> None:
        """Next step, or the problems that stop it, shown in words."""
        if self.busy or not self._commit():
            return
        try:
            self.wizard.advance()
        except StepIncomplete as exc:
            self.error.show_error("Before moving on: " + "; ".join(exc.problems) + ".")
            self.refresh_steps()
            return
        self.show_step()

    def back(self) -> None:
        """The step before, with every answer kept."""
        if self.busy:
            return
        try:
            if self.page is not None:
                self.page.commit()
        except SafeguardError:
            pass  # an unfinished call is kept on screen only when whole; going back must not be held up
        self.wizard.back()
        self.show_step()

    def go_to(self, step: Step) -> None:
        """Jump to a step (from the list or the review); forward only past steps that are done."""
        if self.busy or step is self.wizard.step:
            return
        if step.value > self.wizard.step.value and not self._commit():
            return
        try:
            self.wizard.go(step)
        except StepIncomplete as exc:
            self.show_step()
            self.error.show_error(f"First, {exc.step.label()}: " + "; ".join(exc.problems) + ".")
            return
        except SafeguardError as exc:
            self.error.show_error(error_text(exc))
            return
        self.show_step()

    def _chosen(self, item: QListWidgetItem) -> None:
        self.go_to(Step[item.data(256)])

    # -- the records ---------------------------------------------------------------------

    def open_child_record(self, record_id: UUID) -> None:
        """Open a child's record to correct what the referral needs from it (then Refresh)."""
        window = self.parentWidget()
        opener = getattr(window, "open_record", None)
        if callable(opener):
            opener(record_id, "child")

    def refresh_context(self) -> None:
        """Read the children's records again (after a correction) and redraw the step."""
        try:
            self.wizard.refresh(prefill.build_context(self.vault, self.wizard.referral.child_ids))
        except SafeguardError as exc:
            self.error.show_error(error_text(exc))
            return
        self.show_step()

    # -- keeping -------------------------------------------------------------------------

    def save_now(self) -> bool:
        """Keep the work in the vault now; on failure say so and keep everything on screen."""
        self._timer.stop()
        if self._finished or self.vault is None:
            return True
        try:
            self.work = progress.save(self.vault, progress.from_wizard(self.wizard, self.work))
        except SafeguardError as exc:
            self.error.show_error(f"Not saved: {error_text(exc)} Keep this window open and try again.")
            self.status.setText("Not saved")
            return False
        self.status.setText(f"Saved {to_uk(self.work.updated_at).strftime('%H:%M:%S')}")
        return True

    def save_record(self, reason: str = "Draft updated") -> Any:
        """Write the referral as a DRAFT record (new or amended); return the stored record."""
        self._commit()
        self.work, stored = progress.save_draft_record(self.vault, progress.from_wizard(self.wizard, self.work), reason)
        self.status.setText(f"Saved as a draft {to_uk(self.work.updated_at).strftime('%H:%M:%S')}")
        return stored

    def save_draft(self) -> None:
        """Save draft: the referral becomes (or amends) a DRAFT record."""
        if self.busy:
            return
        try:
            stored = self.save_record()
        except SafeguardError as exc:
            self.error.show_error(error_text(exc))
            return
        self.saved.emit(stored)

    def set_busy(self, busy: bool) -> None:
        """While the packet is being made, nothing else moves."""
        self.busy = busy
        for widget in (self.back_button, self.draft_button, self.step_list, self.close_button):
            widget.setEnabled(not busy)

    def mark_sent(self, stored: Any) -> None:
        """The packet is saved and the referral SENT: the work in progress is done with."""
        self._finished = True
        discard_work(self.vault, self.work)
        self.back_button.setEnabled(False)
        self.draft_button.setEnabled(False)
        self.step_list.setEnabled(False)
        self.status.setText("Sent")
        self.sent.emit(stored)

    def reject(self) -> None:
        """Close (Esc included), but not while the packet is being made: its outcome must be recorded."""
        if not self.busy:
            super().reject()

    def done(self, result: int) -> None:
        """Any close, a lock's included (the vault is still open then): the work is kept first."""
        if not self._finished:
            try:
                if self.page is not None:
                    self.page.commit()
            except SafeguardError:
                pass
            self.save_now()
            self._finished = True
        self._timer.stop()
        super().done(result)
