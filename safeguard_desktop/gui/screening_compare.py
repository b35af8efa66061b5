"""Two or more screenings of one child side by side, with a chart of change over time.

The grades come from `screening.compare` (oldest first, a change in words per row, never an
average). Save PDF… and Print… send personal data out of the vault, so both warn and are
logged in the vault's audit trail in the same step as the file or the print (see
chronology_export); Copy summary goes through the app's clipboard, which clears it later.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from uuid import UUID

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QKeySequence, QPageLayout, QPageSize, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.chronology.export import ExportedFile, initials, save_export
from safeguard_desktop.domain.ukdates import uk_today
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.governance.disclosure import OWN_RECORDS, Disclosure
from safeguard_desktop.gui import clipboard
from safeguard_desktop.gui.chronology_export import print_pdf, save_error_text
from safeguard_desktop.gui.disclosure_dialog import ask_disclosure, still_there
from safeguard_desktop.gui.screening_chart import SCALE_TEXT, ChangeChart
from safeguard_desktop.gui.widgets import ErrorLabel, fit_to_screen, heading, named, plain_label
from safeguard_desktop.gui.worker import error_text
from safeguard_desktop.screening.compare import Comparison, compare
from safeguard_desktop.screening.record import Screening

TOUCH_HEIGHT = 44  # a comfortable target for a finger on a tablet
WARNING = (
    "The file will NOT be encrypted. Anyone who can open the folder you choose can read this "
    "child's screening grades.\n\nSave it only where your organisation allows, share it securely, and "
    "delete it when it is no longer needed. The export will be logged in the vault's audit trail."
)


# In visit mode the parents can see the screen: a save dialog shows the practitioner's folders and
# recent files, so saving waits for the visit to end. Printing (the family's own copy) stays.
AFTER_VISIT = "Save PDFs after the visit: saving opens a window that shows your folders and files."
AFTER_VISIT_TEXT = "Save PDF after the visit"


def hold_saving_for_visit(button: QPushButton) -> None:
    """In visit mode: the Save PDF button says to save after the visit, and is off."""
    button.setText(AFTER_VISIT_TEXT)
    button.setAccessibleName(AFTER_VISIT_TEXT)
    button.setAccessibleDescription(AFTER_VISIT)
    button.setEnabled(False)


def tell(parent: QWidget, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> None:
    """A plain-text message over `parent` (user text never renders as markup)."""
    box = QMessageBox(icon, f"{title} — safeguard-desktop", text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAccessibleName(title)
    box.exec()


def _ask(parent: QWidget, vault: Any, what: str) -> Disclosure | None:
    if what.startswith("family_summary."):
        # Made for the parents or carers, often printed with them watching: answered in advance,
        # and no past recipients from the log on show.
        answer = ask_disclosure(
            parent, what, recipient="Parent or carer", purpose="The family's own copy", vault=vault, recent=False
        )
    else:
        answer = ask_disclosure(parent, what, vault=vault)
    # A lock while the question was open leaves nothing to export from, nor a window to tell.
    return answer if still_there(parent, vault) else None


def save_pdf(parent: QWidget, vault: Any, exported: ExportedFile, title: str, warning: str = WARNING) -> Path | None:
    """Warn that the file is unencrypted, ask where, write it owner-only and log it; return the path."""
    answer = QMessageBox.warning(
        parent,
        title,
        warning,
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    if answer != QMessageBox.StandardButton.Save:
        return None
    disclosure = _ask(parent, vault, exported.what)
    if disclosure is None:
        return None
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(Path(folder) / exported.file_name), "PDF files (*.pdf)")
    if not chosen:
        return None
    path = Path(chosen) if chosen.lower().endswith(".pdf") else Path(f"{chosen}.pdf")
    try:
        save_export(vault, exported, path, disclosure)
    except Exception as exc:  # disk full, no permission, vault locked: said in words
        tell(parent, title, save_error_text(exc), QMessageBox.Icon.Warning)
        return None
    tell(parent, title, f"Saved as {path}.\n\nThe file is not encrypted. The export has been logged.")
    return path


def print_exported(parent: QWidget, vault: Any, exported: ExportedFile, doc_name: str) -> int:
    """Ask to whom and why, then print a PDF through the system's print dialog, logged in the same step.

    Returns the pages sent (0 when cancelled or refused).
    """
    what = exported.what.replace(".pdf", ".print")
    disclosure = _ask(parent, vault, what)
    if disclosure is None:
        return 0
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)  # the PDF carries its own margins
    printer.setDocName(doc_name)  # print queues are visible to others: no name in it
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"Print the {doc_name.lower()} — safeguard-desktop")
    if dialog.exec() != QDialog.DialogCode.Accepted.value:
        return 0
    try:
        with vault.recording_export(what, exported.content, exported.child_id, disclosure):
            return print_pdf(printer, exported.content)
    except (OSError, SafeguardError) as exc:
        tell(parent, "Print", save_error_text(exc), QMessageBox.Icon.Warning)
        return 0


def _item(text: str, *, bold: bool = False, centred: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if bold:
        font = item.font()
        font.setBold(True)
        item.setFont(font)
    if centred:
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    return item


class ComparisonWindow(QDialog):
    """Screenings of one child side by side, oldest first, with the change in words and a chart."""

    def __init__(
        self, vault: Any, record_ids: Sequence[UUID], parent: QWidget | None = None, *, visiting: bool = False
    ) -> None:
        """`visiting`: opened in visit mode, where nothing may open a file dialog (see AFTER_VISIT)."""
        super().__init__(parent)
        self.vault: Any = vault
        self.visiting = visiting
        self.setModal(False)
        self.setWindowTitle("Compare screenings — safeguard-desktop")
        self.setAccessibleName("Compare screenings")
        self.screenings: list[Screening] = [vault.screenings.get(rid).data for rid in record_ids]
        self.comparison: Comparison = compare(self.screenings)  # DomainError for fewer than two, or two children
        child = vault.children.get(self.comparison.child_id).data
        self.child = child
        self.child_name = child.title()

        title = heading(f"Screenings of {self.child_name} compared")
        note = plain_label(f"Oldest first. {SCALE_TEXT}, so a lower number is better. Nothing is averaged.")
        note.setAccessibleName("How to read the comparison")
        self.table = self._table()
        self.overviews = plain_label("\n".join(o.sentence for o in self.comparison.overviews))
        self.overviews.setAccessibleName("How each area changed")
        self.overviews.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.only_in_some = plain_label("\n".join(self.comparison.only_in_some))
        self.only_in_some.setAccessibleName("Rows not graded every time")
        self.only_in_some.setVisible(bool(self.comparison.only_in_some))
        self.chart = ChangeChart(self.screenings)
        self.chart.setMinimumHeight(300)
        self.error = ErrorLabel()

        self.save_button = self._button("Save PDF…", "Save the comparison as a PDF (logged)", self.save_pdf)
        self.print_button = self._button("Print…", "Print the comparison (logged)", self.print_)
        self.copy_button = self._button(
            "Copy summary", "Copy a short text summary; it is cleared from the clipboard soon after", self.copy_summary
        )
        self.close_button = self._button("Close", "Close the comparison", self.close)
        if visiting:
            hold_saving_for_visit(self.save_button)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_pdf)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(title)
        body_layout.addWidget(note)
        body_layout.addWidget(self.table)
        body_layout.addWidget(heading("How each area changed", level=2))
        body_layout.addWidget(self.overviews)
        body_layout.addWidget(self.only_in_some)
        body_layout.addWidget(heading("Change over time", level=2))
        body_layout.addWidget(self.chart)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.print_button, self.copy_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        fit_to_screen(self, 1100, 760)

    def _button(self, text: str, description: str, slot: Any) -> QPushButton:
        button = named(QPushButton(text), text.rstrip("…"), description)
        button.setMinimumHeight(TOUCH_HEIGHT)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _table(self) -> QTableWidget:
        c = self.comparison
        headers = (
            ["Area or sub-area"] + [col.heading.replace(" (carer:", "\n(carer:") for col in c.columns] + ["Change"]
        )
        table = named(QTableWidget(len(c.rows), len(headers)), "Grades side by side", "Oldest screening first")
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().hide()
        # One line a row, all rows alike: wrapped names made rows of uneven height.
        table.setWordWrap(False)
        table.verticalHeader().setDefaultSectionSize(max(32, table.fontMetrics().height() + 14))
        for index, row in enumerate(c.rows):
            label = row.label if row.is_area else f"    {row.label}"
            table.setItem(index, 0, _item(label, bold=row.is_area))
            for column, grade in enumerate(row.grades, start=1):
                text = "not graded" if grade is None else str(grade)
                table.setItem(index, column, _item(text, bold=row.is_area, centred=True))
            table.setItem(index, len(headers) - 1, _item(row.change, bold=row.is_area))
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in range(1, len(headers) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        # Tall enough to show every row: the page scrolls as one, with no box-in-a-box scroll bar.
        height = header.sizeHint().height() + table.verticalHeader().defaultSectionSize() * table.rowCount()
        scroll_bar = table.horizontalScrollBar().sizeHint().height()
        table.setMinimumHeight(height + 2 * table.frameWidth() + scroll_bar + 2)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return table

    def grade_rows(self) -> list[list[str]]:
        """The table's text, row by row (what a reader sees)."""
        return [
            [self.table.item(r, c).text().strip() for c in range(self.table.columnCount())]
            for r in range(self.table.rowCount())
        ]

    # -- sending it out -----------------------------------------------------------------------

    def summary_text(self) -> str:
        """The short text summary to paste into the health record."""
        from safeguard_desktop.screening.summary import comparison_summary

        return comparison_summary(self.comparison)

    def copy_summary(self) -> bool:
        """Copy the summary, logged as a disclosure in the same step; the app clears it later."""
        self.error.clear()
        try:
            text = self.summary_text()
        except Exception as exc:  # a summary that cannot be made is said in words
            self.error.show_error(error_text(exc))
            return False
        try:
            if self.vault is None:
                raise SafeguardError("The vault is locked. Unlock it and try again.")
            to_record = Disclosure(OWN_RECORDS, "Copied into the child's health record")
            with self.vault.recording_export(
                "screening_comparison.health_record_copy", text.encode("utf-8"), self.comparison.child_id, to_record
            ):
                clipboard.copy_text(text)
        except Exception as exc:  # the vault locked, the log not written: nothing copied
            self.error.show_error(
                f"The summary was not copied, because the disclosure log could not be written: {error_text(exc)}"
            )
            return False
        self.copy_button.setText("Copied (cleared soon)")
        return True

    def exported(self) -> ExportedFile:
        """The comparison as an A4 PDF, with a name that carries initials only."""
        from safeguard_desktop.pdf.screening import comparison_pdf

        content = comparison_pdf(self.comparison, self.child_name, demo=self.vault.is_demo)
        name = f"screening-comparison-{initials(self.child)}-{uk_today().isoformat()}.pdf"
        return ExportedFile(
            child_id=self.comparison.child_id, what="screening_comparison.pdf", content=content, file_name=name
        )

    def _exported_or_say(self) -> ExportedFile | None:
        self.error.clear()
        if self.vault is None:
            return None
        try:
            return self.exported()
        except Exception as exc:  # e.g. the PDF module is missing or the vault locked
            self.error.show_error(error_text(exc))
            return None

    def save_pdf(self) -> Path | None:
        """Save PDF…: warned, written owner-only, logged (not in visit mode)."""
        if self.visiting:
            self.error.show_error(AFTER_VISIT)
            return None
        exported = self._exported_or_say()
        if exported is None:
            return None
        return save_pdf(self, self.vault, exported, "Save the comparison as PDF")

    def print_(self) -> int:
        """Print…: the same PDF through the system's print dialog, logged."""
        exported = self._exported_or_say()
        if exported is None:
            return 0
        return print_exported(self, self.vault, exported, "Screening comparison")

    def put_away(self) -> None:
        """The vault is locking: forget it and close (the window shows record data)."""
        self.vault = None
        self.close()
