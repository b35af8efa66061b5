"""A child's screenings: unfinished ones to resume or discard, signed-off ones to open, correct or compare.

The window that owns forms (the main window) opens the screening form through `open_form`,
so a lock closes it; the form has already saved everything in the vault by then.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.people import Child
from safeguard_desktop.domain.ukdates import format_date, format_datetime, to_uk
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.screening_form import ScreeningForm
from safeguard_desktop.gui.screening_grades import MIN_TARGET
from safeguard_desktop.gui.screening_packs import ToolChoiceDialog, tools
from safeguard_desktop.gui.widgets import ErrorLabel, fit_to_screen, heading, named, plain_label
from safeguard_desktop.screening import packs, progress
from safeguard_desktop.screening.pack import PackRef, ScreeningPack
from safeguard_desktop.screening.progress import InProgress
from safeguard_desktop.screening.record import Screening
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.store import Stored

PACK_GONE = (
    "This screening used {citation}, which this app no longer holds, so it cannot be opened for editing. "
    "The signed-off record can still be read."
)
DRAFT_PACK_GONE = (
    "This unfinished screening was started with {citation}, which this app no longer holds, so it cannot be "
    "resumed. Nothing in it has been deleted."
)
UNREADABLE = "An unfinished screening could not be read"


def current_pack(vault: Vault, pack_id: str = packs.SHIPPED_PACK_ID) -> ScreeningPack:
    """The pack new screenings with a tool use: its newest import (a licensed GCP2 pack), else the shipped one."""
    return packs.current_pack(vault, pack_id)


def pack_for(vault: Vault, ref: PackRef, *, unfinished: bool = False) -> ScreeningPack:
    """The pack a screening was started with (its exact content); SafeguardError when it is not held."""
    pack = packs.pack_for(vault, ref)
    if pack is None:
        raise SafeguardError((DRAFT_PACK_GONE if unfinished else PACK_GONE).format(citation=ref.citation()))
    return pack


def correction_work(vault: Vault, record_id: UUID) -> tuple[InProgress, ScreeningPack]:
    """The work that corrects a signed-off screening: one left unfinished earlier, else a new one.

    SafeguardError (with a sentence to show) when the screening or its pack cannot be had.
    """
    stored = vault.screenings.get(record_id)
    pack = pack_for(vault, stored.data.pack)
    existing = next((w for w in progress.unfinished(vault, stored.data.child_id) if w.corrects == record_id), None)
    return existing or progress.for_correction(stored), pack


def _button(text: str, name: str, description: str = "") -> QPushButton:
    button = named(QPushButton(text), name, description)
    button.setMinimumHeight(MIN_TARGET)
    return button


class ScreeningListDialog(QDialog):
    """A child's unfinished and signed-off screenings, with what can be done with each.

    Signals carry what the window should open: `form_requested(InProgress, ScreeningPack)` for
    a new, resumed or correcting screening, `record_requested(record id)` to read one, and
    `compare_requested(list of record ids)` for two or more chosen to compare.
    """

    form_requested = Signal(object, object)
    record_requested = Signal(object)
    compare_requested = Signal(list)

    def __init__(self, vault: Vault, child: Stored[Child], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.child = child
        self.confirm: QMessageBox | None = None
        self.tool_choice: ToolChoiceDialog | None = None
        self.setWindowTitle(f"Screenings: {child.data.title()} — safeguard-desktop")
        self.title = heading(f"Neglect screenings of {child.data.title()}")
        self.error = ErrorLabel()
        self.new_button = _button("&New screening…", "New screening", "Start a new neglect screening of this child")
        self.new_button.clicked.connect(self.new_screening)
        self.compare_button = _button("C&ompare…", "Compare the chosen screenings", "Tick two or more, then compare")
        self.compare_button.clicked.connect(self._compare)
        self.body = QScrollArea()
        self.body.setWidgetResizable(True)
        self.body.setAccessibleName("Screenings")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        named(close.button(QDialogButtonBox.StandardButton.Close), "Close").setMinimumHeight(MIN_TARGET)
        close.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.error)
        bottom = QHBoxLayout()
        bottom.addWidget(self.compare_button)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        fit_to_screen(self, 900, 620)
        self.reload()

    # -- showing ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the child's screenings again."""
        self.error.clear()
        self.checks: dict[UUID, QCheckBox] = {}
        page = QWidget()
        layout = QVBoxLayout(page)
        try:
            unfinished = progress.unfinished(self.vault, self.child.record_id)
            unreadable = progress.unreadable(self.vault, self.child.record_id)
            signed = self.vault.screenings.list(linked_to=self.child.record_id, limit=500)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            unfinished, unreadable, signed = [], [], []
        signed = [s for s in signed if not s.withdrawn]
        layout.addWidget(self._unfinished(unfinished, unreadable))
        layout.addWidget(self._signed(signed))
        layout.addStretch(1)
        old = self.body.takeWidget()
        if old is not None:
            old.deleteLater()
        self.body.setWidget(page)
        self._update_compare()

    def _unfinished(self, works: list[InProgress], unreadable: list[progress.UnreadableWork]) -> QGroupBox:
        box = QGroupBox(f"Unfinished ({len(works) + len(unreadable)})")
        layout = QVBoxLayout(box)
        if not works and not unreadable:
            layout.addWidget(plain_label("No unfinished screenings."))
        for bad in unreadable:
            # Damaged work cannot be resumed; it can only be named and thrown away.
            saved = f", last saved {format_datetime(bad.saved_at)}" if bad.saved_at else ""
            text = f"{UNREADABLE}{saved}. It may be damaged; discard it, or restore the vault from a backup."
            row = QHBoxLayout()
            label = plain_label(text)
            label.setAccessibleName("Unreadable unfinished screening")
            discard = _button("Discard…", f"Discard: {UNREADABLE}")
            discard.clicked.connect(lambda _=False, key=bad.key: self.ask_discard_key(key))
            row.addWidget(label, 1)
            row.addWidget(discard)
            layout.addLayout(row)
        for work in works:
            names = self._carer_name(work)
            what = "Correction" if work.corrects else "Started"
            text = (
                f"{what} {format_datetime(work.started_at)}, last saved {format_datetime(work.updated_at)}"
                f" — carer: {names or 'not chosen yet'}; {len(work.grades)} sub-area(s) graded"
            )
            row = QHBoxLayout()
            label = plain_label(text)
            label.setAccessibleName("Unfinished screening")
            resume = _button("&Resume", f"Resume: {text}")
            resume.clicked.connect(lambda _=False, w=work: self.resume(w))
            discard = _button("Discard…", f"Discard: {text}")
            discard.clicked.connect(lambda _=False, w=work: self.ask_discard(w))
            row.addWidget(label, 1)
            row.addWidget(resume)
            row.addWidget(discard)
            layout.addLayout(row)
        return box

    def _signed(self, signed: list[Stored[Screening]]) -> QGroupBox:
        box = QGroupBox(f"Signed off ({len(signed)})")
        grid = QGridLayout(box)
        if not signed:
            grid.addWidget(plain_label("No signed-off screenings yet."), 0, 0)
            return box
        for column, text in enumerate(("Compare", "Period observed", "Carer", "Area grades (1 best, 5 worst)")):
            header = plain_label(text, wrap=False)
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            grid.addWidget(header, 0, column)
        for row, stored in enumerate(signed, start=1):
            s = stored.data
            check = named(QCheckBox("Choose"), f"Choose to compare: {s.title()}")
            check.setMinimumHeight(MIN_TARGET)
            check.toggled.connect(self._update_compare)
            self.checks[stored.record_id] = check
            carer = s.carer_name + (f" ({s.carer_relationship})" if s.carer_relationship else "")
            version = f", version {stored.seq}" if stored.seq > 1 else ""
            cells = [
                f"{s.period_text()}\nSigned off {format_date(to_uk(s.signed_off_at).date())}{version}",
                carer,
                s.grades_text(),
            ]
            grid.addWidget(check, row, 0, Qt.AlignmentFlag.AlignTop)
            for column, text in enumerate(cells, start=1):
                cell = plain_label(text, selectable=True)
                cell.setAccessibleName(("Period observed", "Carer", "Area grades")[column - 1])
                grid.addWidget(cell, row, column, Qt.AlignmentFlag.AlignTop)
            open_button = _button("Open", f"Open: {s.title()}")
            open_button.clicked.connect(lambda _=False, r=stored.record_id: self.record_requested.emit(r))
            correct = _button("Correct…", f"Correct: {s.title()}", "Opens it as a new version; a reason is asked")
            correct.clicked.connect(lambda _=False, r=stored.record_id: self.correct(r))
            grid.addWidget(open_button, row, 4, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(correct, row, 5, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(2, 1)
        grid.setColumnStretch(3, 2)
        return box

    def _carer_name(self, work: InProgress) -> str:
        if work.carer_id is None:
            return ""
        try:
            return self.vault.adults.get(work.carer_id).data.title()
        except SafeguardError:
            return ""

    def _update_compare(self) -> None:
        chosen = len(self.chosen())
        self.compare_button.setEnabled(chosen >= 2)
        self.compare_button.setText(f"C&ompare {chosen} chosen…" if chosen >= 2 else "C&ompare…")

    def chosen(self) -> list[UUID]:
        """The record IDs ticked for comparing, in the order listed."""
        return [record_id for record_id, check in self.checks.items() if check.isChecked()]

    # -- acting ----------------------------------------------------------------------------

    def new_screening(self) -> ToolChoiceDialog | None:
        """Start a new screening (saved once something is entered); with more than one tool held, ask which."""
        try:
            held = tools(self.vault)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return None
        if len(held) > 1:
            dialog = ToolChoiceDialog(held, self)
            dialog.chosen.connect(self.start_with)
            self.tool_choice = dialog
            dialog.open()
            return dialog
        self.start_with(held[0].ref.pack_id if held else packs.SHIPPED_PACK_ID)
        return None

    def start_with(self, pack_id: str) -> None:
        """Start a new screening with the newest pack of a tool (by pack ID)."""
        try:
            pack = current_pack(self.vault, pack_id)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        except (OSError, ValueError) as exc:
            self.error.show_error(f"The screening pack could not be read ({type(exc).__name__}).")
            return
        self._open(progress.start(self.child.record_id, pack), pack)

    def resume(self, work: InProgress) -> None:
        """Carry on with unfinished work where it stopped."""
        try:
            pack = pack_for(self.vault, work.pack, unfinished=True)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        self._open(work, pack)

    def correct(self, record_id: UUID) -> None:
        """Open a signed-off screening as work that signs off as a new version (unfinished if left)."""
        try:
            work, pack = correction_work(self.vault, record_id)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        self._open(work, pack)

    def _open(self, work: InProgress, pack: ScreeningPack) -> None:
        self.form_requested.emit(work, pack)
        # The form takes the window; this list would be stale behind it.
        self.accept()

    def ask_discard(self, work: InProgress) -> QMessageBox:
        """Ask before throwing unfinished work away."""
        return self._ask_discard(
            "Discard unfinished screening",
            f"Discard the unfinished screening started {format_datetime(work.started_at)}? "
            "Everything typed in it is deleted from the vault and cannot be brought back.",
            lambda: self.discard(work),
        )

    def ask_discard_key(self, key: str) -> QMessageBox:
        """Ask before throwing away unfinished work that cannot be read."""
        return self._ask_discard(
            "Discard unreadable screening",
            f"{UNREADABLE}. Discard it? It is deleted from the vault and cannot be brought back; "
            "restoring the vault from a backup is the only other way to recover it.",
            lambda: self.discard_key(key),
        )

    def _ask_discard(self, title: str, text: str, action: Callable[[], None]) -> QMessageBox:
        box = QMessageBox(
            QMessageBox.Icon.Warning, f"{title} — safeguard-desktop", text, QMessageBox.StandardButton.Cancel, self
        )
        discard = box.addButton("&Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(lambda button: action() if button is discard else None)
        self.confirm = box
        box.open()
        return box

    def discard_key(self, key: str) -> None:
        """Delete unreadable unfinished work by its key (confirmed)."""
        try:
            progress.discard_key(self.vault, key)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        self.reload()

    def discard(self, work: InProgress) -> None:
        """Delete unfinished work (confirmed)."""
        try:
            progress.discard(self.vault, work)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        self.reload()

    def done(self, result: int) -> None:
        """Any close, a lock's included, also closes a question it asked (they are windows of their own)."""
        for asked in (self.tool_choice, self.confirm):
            if asked is not None and asked.isVisible():
                asked.reject()
        super().done(result)

    def _compare(self) -> None:
        chosen = self.chosen()
        if len(chosen) >= 2:
            self.compare_requested.emit(chosen)


def open_screenings(window: Any) -> ScreeningListDialog | None:
    """Open the list for the window's current child; forms it asks for open through `open_form`.

    `window` is the main window (it has `vault`, `current_child`, `open_form`, `open_record`,
    `refresh_child`, `chronology` and `error`). The screening form saves as it goes, so a lock
    simply closes it: nothing is lost.
    """
    if window.vault is None or window.current_child is None:
        return None
    dialog = ScreeningListDialog(window.vault, window.current_child, window)
    dialog.form_requested.connect(lambda work, pack: open_screening_form(window, work, pack))
    dialog.record_requested.connect(lambda record_id: _open_screening(window, dialog, record_id))
    compare = getattr(window, "compare_screenings", None)
    if callable(compare):
        dialog.compare_requested.connect(compare)
    window.open_form(dialog)
    return dialog


def _open_screening(window: Any, listing: ScreeningListDialog, record_id: object) -> None:
    # The screening's own window takes the main window's form slot, so that a lock closes it;
    # the list would be left behind it, stale and outside the lock's reach.
    if window.open_record(record_id, Screening.KIND) is not None:
        listing.accept()


def open_screening_form(window: Any, work: InProgress, pack: ScreeningPack) -> QDialog | None:
    """Open the screening form over the main window; signing off refreshes the record and chronology."""
    if window.vault is None:
        return None
    try:
        form = ScreeningForm(window.vault, work, pack, window)
    except SafeguardError as exc:
        window.error.show_error(exc.message)
        return None
    form.signed_off.connect(lambda _: window.refresh_child())
    chronology = getattr(window, "chronology", None)
    if chronology is not None:
        form.signed_off.connect(lambda _: chronology.reload_all())
    window.open_form(form)
    return form
