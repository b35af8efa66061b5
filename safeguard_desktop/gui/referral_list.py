"""A child's referrals and consultations: being prepared, drafts, sent, and those with an outcome.

A sent MASH referral whose decision is due or overdue is shown first and prominently, with
the route to escalate. From each referral the practitioner opens the portal view (or, for a
no-names consultation, the checked summary), records the MASH's decision or LCSS's advice,
escalates, or reads the history. The wizard is opened by the main window: this list only asks
for it, through `resume_requested(record id)` (a saved draft) and `resume_work_requested(draft
id)` (work in progress not yet saved as a record).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.people import Child
from safeguard_desktop.domain.ukdates import format_datetime
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.nonames_view import NoNamesView
from safeguard_desktop.gui.portal_view import COPY_HEIGHT, PortalView
from safeguard_desktop.gui.record_detail import open_record
from safeguard_desktop.gui.referral_dialogs import EscalationDialog, LcssAdviceDialog, RecordDecisionDialog
from safeguard_desktop.gui.referral_facts import ESCALATE, due_text, referral_facts
from safeguard_desktop.gui.widgets import ErrorLabel, fit_to_screen, heading, named, plain_label
from safeguard_desktop.referral import progress
from safeguard_desktop.referral.model import (
    Destination,
    Referral,
    ReferralStatus,
)
from safeguard_desktop.referral.progress import InProgress
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.store import Stored

MAX_LISTED = 500


def _button(text: str, name: str, description: str = "") -> QPushButton:
    button = named(QPushButton(text), name, description)
    button.setMinimumHeight(COPY_HEIGHT)
    return button


class ReferralListDialog(QDialog):
    """One child's referrals. Emits `changed()` after anything is recorded, and the resume signals."""

    resume_requested = Signal(object)
    resume_work_requested = Signal(object)
    changed = Signal()

    def __init__(
        self, vault: Vault, child: Stored[Child], focus: UUID | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.child = child
        self.focus_id = focus
        self.dialog: QDialog | None = None  # the form or view opened last (kept for tests)
        self.views: list[QDialog] = []
        self.cards: dict[UUID, QFrame] = {}
        self.setWindowTitle(f"Referrals: {child.data.title()} — safeguard-desktop")
        self.error = ErrorLabel()
        self.body = QScrollArea()
        self.body.setWidgetResizable(True)
        self.body.setAccessibleName("Referrals and consultations")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        named(close.button(QDialogButtonBox.StandardButton.Close), "Close").setMinimumHeight(COPY_HEIGHT)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(f"Referrals and consultations for {child.data.title()}"))
        # Decisions due or overdue stay above the scrolling list, always in sight.
        self.banners = QVBoxLayout()
        layout.addLayout(self.banners)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.error)
        layout.addWidget(close)
        fit_to_screen(self, 980, 680)
        self.reload()

    # -- showing ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the child's referrals again."""
        self.error.clear()
        self.cards = {}
        self.due_banners: list[QFrame] = []
        page = QWidget()
        layout = QVBoxLayout(page)
        try:
            works = progress.unfinished(self.vault, self.child.record_id)
            stored = self.vault.referrals.list(linked_to=self.child.record_id, limit=MAX_LISTED)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            works, stored = [], []
        while self.banners.count():
            old_banner = self.banners.takeAt(0).widget()
            if old_banner is not None:
                old_banner.hide()
                old_banner.deleteLater()
        for s in stored:
            if due_text(s.data):
                self.banners.addWidget(self._banner(s))
        groups = (
            ("Drafts", ReferralStatus.DRAFT, "No draft referrals."),
            ("Sent, awaiting an outcome", ReferralStatus.SENT, "No referral is waiting for an outcome."),
            ("Outcome recorded", ReferralStatus.OUTCOME, "No outcomes recorded yet."),
        )
        layout.addWidget(self._works(works))
        for title, status, empty in groups:
            chosen = [s for s in stored if s.data.status is status]
            box = QGroupBox(f"{title} ({len(chosen)})")
            box_layout = QVBoxLayout(box)
            if not chosen:
                box_layout.addWidget(plain_label(empty))
            for s in chosen:
                box_layout.addWidget(self._card(s))
            layout.addWidget(box)
        layout.addStretch(1)
        old = self.body.takeWidget()
        if old is not None:
            old.deleteLater()
        self.body.setWidget(page)
        self._show_focus()

    def _banner(self, stored: Stored[Referral]) -> QFrame:
        frame = QFrame()
        frame.setObjectName("due banner")
        frame.setFrameShape(QFrame.Shape.Box)
        frame.setLineWidth(2)
        row = QHBoxLayout(frame)
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_LargeIconSize)
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        text = plain_label(due_text(stored.data))
        text.setAccessibleName("Decision due")
        font = text.font()
        font.setBold(True)
        text.setFont(font)
        record = _button("Record MASH decision…", "Record the MASH's decision", "The decision has arrived")
        record.clicked.connect(lambda _=False, s=stored: self.record_decision(s.record_id))
        escalate = _button("Escalate…", "Escalate", f"Record that you chose to {ESCALATE}")
        escalate.clicked.connect(lambda _=False, s=stored: self.escalate(s.record_id))
        buttons = QVBoxLayout()
        buttons.addWidget(record)
        buttons.addWidget(escalate)
        buttons.addStretch(1)
        row.addWidget(icon)
        row.addWidget(text, 1)
        row.addLayout(buttons)
        self.due_banners.append(frame)
        return frame

    def _works(self, works: list[InProgress]) -> QGroupBox:
        box = QGroupBox(f"Being prepared, not yet saved ({len(works)})")
        layout = QVBoxLayout(box)
        if not works:
            layout.addWidget(plain_label("No referral is being prepared."))
        for work in works:
            text = (
                f"{work.referral.destination.label()}: started {format_datetime(work.started_at)}, "
                f"last saved {format_datetime(work.updated_at)}"
                + (", amending a saved draft" if work.record_id is not None else "")
            )
            row = QHBoxLayout()
            label = plain_label(text)
            label.setAccessibleName("Referral being prepared")
            resume = _button("Resume", f"Resume: {text}", "Carry on in the referral wizard where you stopped")
            resume.clicked.connect(lambda _=False, w=work: self.resume_work(w.draft_id))
            row.addWidget(label, 1)
            row.addWidget(resume)
            layout.addLayout(row)
        return box

    def _card(self, stored: Stored[Referral]) -> QFrame:
        r = stored.data
        frame = QFrame()
        frame.setObjectName(f"referral {stored.record_id}")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(frame)
        layout.addWidget(heading(f"{r.destination.label()}: {r.status.label()}", level=2))
        form = QFormLayout()
        for label, value in referral_facts(self.vault, stored):
            shown = plain_label(value, selectable=True)
            shown.setAccessibleName(label)
            form.addRow(label, shown)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        for button in self._actions(stored):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.cards[stored.record_id] = frame
        return frame

    def _actions(self, stored: Stored[Referral]) -> list[QPushButton]:
        r, rid = stored.data, stored.record_id
        what = r.title()
        found: list[QPushButton] = []

        def add(text: str, name: str, slot: Any, description: str = "") -> None:
            button = _button(text, f"{name}: {what}", description)
            button.clicked.connect(lambda _=False: slot(rid))
            found.append(button)

        if r.status is ReferralStatus.DRAFT:
            add("Resume", "Resume", self.resume, "Carry on with this draft in the referral wizard")
        if r.destination is Destination.LCSS_NO_NAMES:
            add("No-names summary…", "No-names summary", self.open_no_names, "The summary, checked for identifiers")
        else:
            add("Portal view…", "Portal view", self.open_portal, "Each field in the portal's order, to copy")
        if r.destination is Destination.MASH and r.sent is not None and r.mash_decision is None:
            add("Record MASH decision…", "Record the MASH's decision", self.record_decision)
        if r.destination is not Destination.MASH and r.lcss_advice is None:
            add("Record LCSS advice…", "Record LCSS advice", self.record_advice)
        if r.destination is Destination.MASH and r.sent is not None:
            add("Escalate…", "Escalate", self.escalate, f"Record that you chose to {ESCALATE}")
        add("History…", "History", self.open_history, "Every version of this referral, with the reasons")
        return found

    def _show_focus(self) -> None:
        card = self.cards.get(self.focus_id) if self.focus_id is not None else None
        if card is None:
            return
        card.setFrameShape(QFrame.Shape.Box)
        card.setLineWidth(2)
        first = card.findChild(QPushButton)
        if first is not None:
            first.setFocus()
        # Once laid out: before then the card has no height to scroll to.
        # (Tied to the card, so a reload that replaces it first cancels this.)
        QTimer.singleShot(0, card, lambda: self.body.ensureWidgetVisible(card, 0, 0))

    # -- acting ----------------------------------------------------------------------------

    def resume(self, record_id: UUID) -> None:
        """Ask for the wizard on a saved draft; the wizard takes the window, so this list closes."""
        self.resume_requested.emit(record_id)
        self.accept()

    def resume_work(self, draft_id: UUID) -> None:
        """Ask for the wizard on work in progress; this list closes."""
        self.resume_work_requested.emit(draft_id)
        self.accept()

    def _stored(self, record_id: UUID) -> Stored[Referral] | None:
        try:
            return self.vault.referrals.get(record_id)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return None

    def _form(self, build: Any, record_id: UUID) -> QDialog | None:
        stored = self._stored(record_id)
        if stored is None:
            return None
        dialog = build(self.vault, stored, self)
        dialog.saved.connect(lambda _: self._saved(record_id))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _saved(self, record_id: UUID) -> None:
        self.focus_id = record_id
        self.reload()
        self.changed.emit()

    def record_decision(self, record_id: UUID) -> QDialog | None:
        """The MASH's decision has arrived: record it (the referral's outcome)."""
        return self._form(RecordDecisionDialog, record_id)

    def record_advice(self, record_id: UUID) -> QDialog | None:
        """Record the advice an LCSS consultation gave."""
        return self._form(LcssAdviceDialog, record_id)

    def escalate(self, record_id: UUID) -> QDialog | None:
        """Record an escalation under the partnership's disagreement policy."""
        return self._form(EscalationDialog, record_id)

    def _view(self, build: Any, record_id: UUID) -> QDialog | None:
        try:
            view = build(self.vault, record_id, self)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return None
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.destroyed.connect(lambda _=None, v=view: self.views.remove(v) if v in self.views else None)
        self.views.append(view)
        self.dialog = view
        view.show()
        return view

    def open_portal(self, record_id: UUID) -> QDialog | None:
        """The referral field by field in the portal's order (beside this list, not over it)."""
        return self._view(PortalView, record_id)

    def open_no_names(self, record_id: UUID) -> QDialog | None:
        """The no-names summary, copied or saved only once no identifier is left in it."""
        return self._view(NoNamesView, record_id)

    def open_history(self, record_id: UUID) -> QDialog | None:
        """The referral's versions and their reasons."""
        try:
            dialog = open_record(self, self.vault, record_id, Referral.KIND)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return None
        dialog.changed.connect(lambda: self._saved(record_id))  # withdrawn there
        self.dialog = dialog
        return dialog

    def done(self, result: int) -> None:
        """Any close, a lock's included, closes the forms and views opened from here."""
        for view in list(self.views):
            if shiboken6.isValid(view):
                view.close()
        # A form closed by saving has deleted itself already.
        if self.dialog is not None and shiboken6.isValid(self.dialog) and self.dialog.isVisible():
            self.dialog.reject()
        self.dialog = None
        super().done(result)


def open_referrals(window: Any, record_id: UUID | None = None) -> ReferralListDialog | None:
    """Open the referral list for the window's current child, or for the child of `record_id` focused on it.

    `window` is the main window (`vault`, `current_child`, `open_form`, `refresh_child`,
    `chronology`, `error`). The wizard's owner connects `resume_requested` and
    `resume_work_requested` through the optional `resume_referral` and `resume_referral_work`.
    """
    vault = window.vault
    if vault is None:
        return None
    child = window.current_child
    try:
        if record_id is not None:
            referral = vault.referrals.get(record_id).data
            if child is None or child.record_id not in referral.child_ids:
                child = vault.children.get(referral.child_ids[0])
        if child is None:
            return None
        dialog = ReferralListDialog(vault, child, record_id, window)
    except SafeguardError as exc:
        window.error.show_error(exc.message)
        return None
    dialog.changed.connect(window.refresh_child)
    chronology = getattr(window, "chronology", None)
    if chronology is not None:
        dialog.changed.connect(chronology.reload_all)
    for signal, name in (
        (dialog.resume_requested, "resume_referral"),
        (dialog.resume_work_requested, "resume_referral_work"),
    ):
        slot = getattr(window, name, None)
        if callable(slot):
            signal.connect(slot)
    window.open_form(dialog)
    return dialog
