"""The neglect screening form, as used in a family's front room: saved as it goes, resumed where it stopped.

Every change is kept in the vault at once (a grade) or after a short pause in typing and
whenever the focus leaves a field (text), with the key of the field the practitioner is in,
so closing the lid, a crash or a lock loses at most the field being typed, and opening the
work again puts the practitioner back where they were. Nothing is written anywhere but the
encrypted vault. Signing off turns the work into a record, or into a new version of the
screening it corrects.
"""

from __future__ import annotations

from uuid import UUID

from pydantic import ValidationError
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.ukdates import format_date, to_uk
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.screening_grades import MIN_TARGET, GradeButtons
from safeguard_desktop.gui.screening_parts import (
    AboutPage,
    AreaPage,
    FieldWidget,
    SignOffPage,
    ViewsPage,
    area_done,
    carers_of,
    date_error,
    field_empty,
    text_of,
    typed_date,
    unusable_text,
)
from safeguard_desktop.gui.screening_sections import SectionNavigator
from safeguard_desktop.gui.screening_signoff import SignOffDialog
from safeguard_desktop.gui.widgets import ErrorLabel, fit_to_screen, named, plain_label
from safeguard_desktop.screening import progress
from safeguard_desktop.screening.pack import ScreeningPack
from safeguard_desktop.screening.progress import InProgress, ScreeningIncomplete
from safeguard_desktop.vault.session import Vault

TYPING_PAUSE_MS = 700  # save this long after the last keystroke (and at once when the field is left)
DEFAULT_PLACE = "Family home"
TEXTS = ("strengths", "parents_views", "child_view", "family_summary")


class ScreeningForm(QDialog):
    """A screening of one child, section by section; emits `signed_off(Stored[Screening])`."""

    signed_off = Signal(object)
    saved = Signal(object)  # the same record as signed_off, for windows that refresh on `saved`

    def __init__(self, vault: Vault, work: InProgress, pack: ScreeningPack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if pack.ref() != work.pack:
            raise SafeguardError("This screening was started with a different pack from the one this app holds now.")
        self.vault = vault
        self.work = work
        self.pack = pack
        self._position = work.position
        self._dirty = False
        self._finished = False
        self._restoring = False
        self.sign_off_dialog: SignOffDialog | None = None
        is_new = progress.load(vault, work.draft_id) is None
        # Moving about a form nobody has typed in yet is no reason to list it as unfinished.
        self._kept = not is_new
        child = vault.children.get(work.child_id).data.title()
        self.setWindowTitle(f"Neglect screening: {child} — safeguard-desktop")
        self.setAccessibleName("Neglect screening")

        self.about = AboutPage(carers_of(vault, work))
        self.area_pages = [AreaPage(pack, area, n) for n, area in enumerate(pack.areas, start=1)]
        self.views = ViewsPage()
        self.sign_off_page = SignOffPage(work.corrects is not None)
        self.sign_off_page.pack_note.setText(f"Pack: {pack.ref().citation()}. {pack.licence}")
        self.sign_off_button = self.sign_off_page.button
        self.sign_off_button.clicked.connect(self.ask_sign_off)
        pages: list[tuple[str, QWidget]] = [
            ("About", self.about),
            *((area.name, page) for area, page in zip(pack.areas, self.area_pages, strict=True)),
            ("Strengths and views", self.views),
            ("Check and sign off", self.sign_off_page),
        ]
        self.fields: dict[str, FieldWidget] = {
            **self.about.fields(),
            **{k: v for page in self.area_pages for k, v in page.fields().items()},
            **self.views.fields(),
        }
        self.nav = SectionNavigator(pages, self.fields, self)
        self.nav.last_stop = self.sign_off_button
        self.nav.unfinished = lambda key: field_empty(self.fields[key])
        self.sections, self.stack = self.nav.list, self.nav.stack
        self.status = plain_label("Not saved yet: nothing has been typed.", wrap=False)
        self.status.setAccessibleName("Saved")
        self.error = ErrorLabel()
        self.previous_button = named(
            QPushButton("◂ &Previous section"), "Previous section", "Page Up or Ctrl+Shift+Tab"
        )
        self.next_button = named(QPushButton("&Next section ▸"), "Next section", "Page Down or Ctrl+Tab")
        self.close_button = named(
            QPushButton("&Close (saved)"), "Close", "Everything is saved as you go; resume it from Screenings…"
        )
        for button in (self.previous_button, self.next_button, self.close_button):
            button.setMinimumHeight(MIN_TARGET)
        self.previous_button.clicked.connect(lambda: self.nav.move(-1))
        self.next_button.clicked.connect(lambda: self.nav.move(1))
        self.close_button.clicked.connect(self.reject)

        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.previous_button)
        bottom.addWidget(self.next_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.nav, 1)
        layout.addWidget(self.error)
        layout.addLayout(bottom)
        for button in self.findChildren(QPushButton):
            # Enter in a field must never press a grade or the sign-off button.
            button.setAutoDefault(False)
            button.setDefault(False)
        self._key_of: dict[QWidget, str] = {}
        for key, widget in self.fields.items():
            self._key_of[widget] = key
            if isinstance(widget, GradeButtons):
                for button in widget.buttons.values():
                    self._key_of[button] = key
            if isinstance(widget, QComboBox) and widget.lineEdit() is not None:
                self._key_of[widget.lineEdit()] = key
        self._timer = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.save_now)
        self._restore(is_new)
        self._connect()
        QApplication.instance().focusChanged.connect(self._focus_changed)  # type: ignore[union-attr]
        self.sections.currentRowChanged.connect(lambda _row: self._refresh_progress())
        self._refresh_progress()
        if work.updated_at and not is_new:
            self._show_saved()
        fit_to_screen(self, 1120, 760)

    # -- building and restoring ------------------------------------------------------------

    def _restore(self, is_new: bool) -> None:
        w = self.work
        self._restoring = True
        try:
            if w.carer_id is not None:
                self.about.carer.setCurrentIndex(max(0, self.about.carer.findData(str(w.carer_id))))
            # A date that could not be used comes back as it was typed, with its error shown below.
            self.about.observed_from.setText(
                format_date(w.observed_from) if w.observed_from else w.typed.get("observed_from", "")
            )
            self.about.observed_to.setText(
                format_date(w.observed_to) if w.observed_to else w.typed.get("observed_to", "")
            )
            self.about.place.setEditText(DEFAULT_PLACE if is_new and not w.place else w.place)
            for page in self.area_pages:
                for block in page.blocks:
                    block.grades.set_grade(w.grades.get(block.sub.id))
                    block.evidence.setPlainText(w.evidence.get(block.sub.id, ""))
                page.area_block.grades.set_grade(w.area_grades.get(page.area.id))
                page.area_block.rationale.setPlainText(w.rationales.get(page.area.id, ""))
                page.update_spread()
            for key in TEXTS:
                widget = self.fields[key]
                assert isinstance(widget, QPlainTextEdit)
                widget.setPlainText(getattr(w, key))
            self.views.review_by.setText(format_date(w.review_by) if w.review_by else w.typed.get("review_by", ""))
        finally:
            self._restoring = False
        if w.typed:
            self._date_problems()
        self.go_to(w.position)

    def _connect(self) -> None:
        for key, widget in self.fields.items():
            if isinstance(widget, GradeButtons):
                widget.grade_changed.connect(lambda _g: self._changed(at_once=True))
            elif isinstance(widget, QPlainTextEdit):
                widget.textChanged.connect(self._changed)
            elif isinstance(widget, QLineEdit):
                widget.textEdited.connect(self._changed)
                widget.editingFinished.connect(self._check_dates)
            elif key == "carer":
                widget.currentIndexChanged.connect(lambda _i: self._changed(at_once=True))  # type: ignore[attr-defined]
            elif isinstance(widget, QComboBox):
                widget.currentTextChanged.connect(self._changed)

    # -- sections and position -------------------------------------------------------------

    def move_section(self, step: int) -> None:
        """Go to the next (1) or previous (-1) section and into its first field."""
        self.nav.move(step)

    def go_to(self, key: str) -> None:
        """Show the section holding field `key` and put the focus in it (the start when unknown)."""
        if not self.nav.go_to(key):
            self.sections.setCurrentRow(0)
            self.about.carer.setFocus()

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if self._finished:
            return
        left_field = old in self._key_of
        key = self._key_of.get(new) if new is not None else None
        if key is not None and key != self._position:
            self._position = key
            self._dirty = self._dirty or self._kept
        if self._dirty and (left_field or key is not None):
            self.save_now()

    # -- saving ----------------------------------------------------------------------------

    def _changed(self, *_: object, at_once: bool = False) -> None:
        if self._restoring or self._finished:
            return
        self._dirty = True
        for page in self.area_pages:
            page.update_spread()
        self._refresh_progress()
        if at_once:
            self.save_now()
        else:
            self._timer.start()

    def collect(self) -> InProgress:
        """The work as the form shows it now (a date that cannot be used counts as not given; its text is kept)."""
        grades: dict[str, int] = {}
        evidence: dict[str, str] = {}
        areas: dict[str, int] = {}
        rationales: dict[str, str] = {}
        for page in self.area_pages:
            for block in page.blocks:
                if (grade := block.grades.grade()) is not None:
                    grades[block.sub.id] = grade
                if text := block.evidence.toPlainText():
                    evidence[block.sub.id] = text
            if (grade := page.area_block.grades.grade()) is not None:
                areas[page.area.id] = grade
            if text := page.area_block.rationale.toPlainText():
                rationales[page.area.id] = text
        carer = self.about.carer.currentData()
        dates = {"observed_from": self.about.observed_from, "observed_to": self.about.observed_to}
        typed = {key: text for key, edit in dates.items() if (text := unusable_text(edit, past_only=True)) is not None}
        if (text := unusable_text(self.views.review_by)) is not None:
            typed["review_by"] = text
        return self.work.model_copy(
            update={
                "carer_id": UUID(carer) if carer else None,
                "observed_from": typed_date(self.about.observed_from, past_only=True),
                "observed_to": typed_date(self.about.observed_to, past_only=True),
                "place": self.about.place.currentText(),
                "grades": grades,
                "evidence": evidence,
                "area_grades": areas,
                "rationales": rationales,
                **{key: text_of(self.fields[key]) for key in TEXTS},
                "review_by": typed_date(self.views.review_by),
                "typed": typed,
                "position": self._position,
            }
        )

    def save_now(self) -> bool:
        """Keep the work in the vault now; on failure say so and keep everything on screen."""
        self._timer.stop()
        if self._finished:
            return True
        try:
            self.work = progress.save(self.vault, self.collect())
        except SafeguardError as exc:
            self.error.show_error(
                f"Not saved: {exc.message} What you typed is still here; keep this form open and try again."
            )
            self.status.setText("Not saved")
            return False
        self._dirty = False
        self._kept = True
        self.error.clear()
        self._show_saved()
        self._refresh_progress()
        return True

    def _show_saved(self) -> None:
        self.status.setText(f"Saved {to_uk(self.work.updated_at).strftime('%H:%M:%S')}")

    def _refresh_progress(self) -> None:
        work = self.collect()
        problems = progress.missing(work, self.pack)
        done = [
            self._about_done(work),
            *(area_done(work, area) for area in self.pack.areas),
            bool(work.strengths.strip() and work.family_summary.strip()),
            not problems,
        ]
        self.nav.set_ticks(done)
        self.sign_off_page.show_missing(problems + self._date_problems(show=False))

    def _about_done(self, work: InProgress) -> bool:
        return bool(work.carer_id and work.observed_from and work.observed_to and work.place.strip())

    def _date_problems(self, *, show: bool = True) -> list[str]:
        """A period that ends before it starts, in words; with `show`, each date's problem beside its field.

        A date that cannot be used is kept as typed in the work, and `progress.missing` names it.
        """
        problems = []
        if show:
            for edit, field in (
                (self.about.observed_from, self.about.from_field),
                (self.about.observed_to, self.about.to_field),
                (self.views.review_by, self.views.review_field),
            ):
                field.error.show_error(date_error(edit, past_only=edit is not self.views.review_by))
        start, end = typed_date(self.about.observed_from), typed_date(self.about.observed_to)
        if start and end and start > end:
            message = "The period observed must start on or before the day it ends."
            if show:
                self.about.to_field.error.show_error(message)
            problems.append(message[0].lower() + message[1:].rstrip("."))
        return problems

    def _check_dates(self) -> None:
        self._date_problems()

    # -- signing off and closing -----------------------------------------------------------

    def ask_sign_off(self) -> SignOffDialog | None:
        """Refuse with what is missing, or ask for confirmation (and a correction's reason).

        The work on screen must be saved first: signing off the last saved work instead would
        drop whatever was changed since, once the form closes.
        """
        if not self.save_now():
            return None
        problems = progress.missing(self.work, self.pack) + self._date_problems()
        self.sign_off_page.show_missing(problems)
        if problems:
            self.sections.setCurrentRow(self.sections.count() - 1)
            self.error.show_error(f"Not signed off: {len(problems)} thing(s) still to do, listed above.")
            return None
        dialog = SignOffDialog(self.work.corrects is not None, self)
        dialog.confirmed.connect(self._sign_off)
        self.sign_off_dialog = dialog
        dialog.open()
        return dialog

    def _sign_off(self, reason: str) -> None:
        try:
            stored = progress.sign_off(
                self.vault, self.work, self.pack, signed_by=self.vault.practitioner, reason=reason
            )
        except ScreeningIncomplete as exc:
            self.sign_off_page.show_missing(exc.problems)
            self.error.show_error(exc.message)
            return
        except SafeguardError as exc:  # a vault error, or a carer since removed: the work is kept
            self.error.show_error(f"Not signed off: {exc.message} Your work is kept.")
            return
        except ValidationError as exc:
            message = exc.errors()[0].get("msg", "") if exc.errors() else ""
            self.error.show_error(f"Not signed off: {message} Your work is kept.")
            return
        self._finished = True
        self.signed_off.emit(stored)
        self.saved.emit(stored)
        self.accept()

    def reject(self) -> None:
        """Close: the work is saved first; if it cannot be, the form stays open with its values."""
        if not self._finished and self._dirty and not self.save_now():
            return
        super().reject()

    def done(self, result: int) -> None:
        """Any close, a lock's included: keep the latest change first (the vault is still open)."""
        if not self._finished:
            if self._dirty:
                self.save_now()
            self._finished = True
            self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            try:
                app.focusChanged.disconnect(self._focus_changed)  # type: ignore[attr-defined]
            except (RuntimeError, TypeError):
                pass
        super().done(result)
