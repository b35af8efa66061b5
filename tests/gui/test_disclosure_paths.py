"""Every export the window makes asks to whom and why first, and writes exactly one disclosure-log entry.

Each path is driven as a person drives it: the unencrypted-file warning answered Save, the
"Who is this for?" dialog answered through its real fields and Continue button, the file dialog
returning a path in a temporary folder, the print dialog printing to a PDF file. Cancelling the
question exports nothing and logs nothing, and no file or print dialog is shown.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMainWindow, QMessageBox, QWidget

from safeguard_desktop.chronology.export_pdf import chronology_pdf
from safeguard_desktop.chronology.timeline import TimelineFilter
from safeguard_desktop.domain.categories import ChildRole, ConcernCategory, ConcernStatus
from safeguard_desktop.domain.concern import Concern, ConcernChild
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.records import STORED
from safeguard_desktop.governance.disclosure import Disclosure
from safeguard_desktop.gui import screening_compare
from safeguard_desktop.gui.attachment_viewer import export_attachment
from safeguard_desktop.gui.bodymap_export import print_body_map, save_body_map
from safeguard_desktop.gui.chronology_export import ChronologyExporter
from safeguard_desktop.gui.disclosure_dialog import DisclosureDialog, ask_disclosure
from safeguard_desktop.gui.disclosure_log import DisclosureLogWindow
from safeguard_desktop.gui.nonames_view import NoNamesView
from safeguard_desktop.gui.screening_compare import ComparisonWindow, print_exported, save_pdf
from safeguard_desktop.referral.model import Destination, Referral
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import WORKER_TIMEOUT_MS, add_child_core
from tests.gui.disclosure_answers import answer_disclosure, cancel_disclosure
from tests.gui.test_screening_chart import add_family, make_screening
from tests.referral.family import make_family

TO = "<b>O'Brien & Sons</b> solicitors"
WHY = "=cmd() Care proceedings"


class Person:
    """Answers every standard dialog the way a person exporting would, and notes what was asked."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.asked: list[str] = []
        self.files: list[Path] = []
        monkeypatch.setattr(QMessageBox, "warning", self._warning)
        # Functions, so that Qt's objects are passed as `self` like the real exec.
        monkeypatch.setattr(QMessageBox, "exec", lambda box: self._exec(box))
        monkeypatch.setattr(QFileDialog, "getSaveFileName", self._save_file_name)
        monkeypatch.setattr(QPrintDialog, "exec", lambda dialog: self._print(dialog))
        monkeypatch.setattr(screening_compare, "tell", lambda *a, **k: None)

    def _warning(self, *args: Any, **kwargs: Any) -> QMessageBox.StandardButton:
        self.asked.append("warning")
        return QMessageBox.StandardButton.Save

    def _exec(self, box: QMessageBox) -> int:
        save = box.button(QMessageBox.StandardButton.Save)
        if save is not None:  # the chronology's own warning: Save
            self.asked.append("warning")
            save.click()
        return 0

    def _save_file_name(self, _parent: QWidget, _caption: str, suggested: str, *rest: Any) -> tuple[str, str]:
        self.asked.append("file")
        path = self.tmp_path / "out" / Path(suggested).name
        path.parent.mkdir(exist_ok=True)
        self.files.append(path)
        return str(path), ""

    def _print(self, dialog: QPrintDialog) -> int:
        self.asked.append("print")
        path = self.tmp_path / "out" / f"printed-{len(self.files)}.pdf"  # made-up data: the printer is a file
        path.parent.mkdir(exist_ok=True)
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(path))
        self.files.append(path)
        return QDialog.DialogCode.Accepted.value


@pytest.fixture
def person(monkeypatch, tmp_path) -> Person:
    return Person(monkeypatch, tmp_path)


@pytest.fixture
def host(qtbot) -> QMainWindow:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    return window


def _child_with_concern(vault: Vault):
    child = add_child_core(vault, "Perpetua", "<b>O'Brien & Sons</b>", date_of_birth=date(2016, 9, 12))
    vault.concerns.add(
        Concern(
            happened=EventDate.on_day(date(2024, 3, 6)),
            children=[ConcernChild(child_id=child.record_id, roles=frozenset({ChildRole.VICTIM}))],
            categories=frozenset({ConcernCategory.NEGLECT}),
            recorded_by=vault.practitioner,
            account="Arrived hungry and cold, no coat",
            status=ConcernStatus.OPEN,
        )
    )
    return child


def _chronology(fmt: str, external: bool) -> Callable[..., str]:
    def run(qtbot, host, vault: Vault, ready: Callable[[], None] = lambda: None) -> str:
        child = _child_with_concern(vault)
        exporter = ChronologyExporter(host, vault, child, lambda: TimelineFilter())
        ready()
        if fmt == "print":
            exporter.print_()
        else:
            exporter.export(fmt, external=external)
        qtbot.waitUntil(lambda: not exporter.busy, timeout=WORKER_TIMEOUT_MS)
        assert exporter.message_box is not None, "nothing was said"
        assert "logged" in exporter.message_box.text(), exporter.message_box.text()
        return f"chronology.{'external_' if external else ''}{fmt}"

    return run


def _body_map_pdf(qtbot, host, vault: Vault, ready: Callable[[], None] = lambda: None) -> str:
    child = _child_with_concern(vault)
    ready()
    assert save_body_map(host, vault, child.record_id) is not None
    return "body_map.pdf"


def _body_map_print(qtbot, host, vault: Vault, ready: Callable[[], None] = lambda: None) -> str:
    child = _child_with_concern(vault)
    ready()
    assert print_body_map(host, vault, child.record_id) >= 1
    return "body_map.print"


def _comparison(action: str) -> Callable[..., str]:
    def run(qtbot, host, vault: Vault, ready: Callable[[], None] = lambda: None) -> str:
        (child, _), carer = add_family(vault, "Wren", "Falconbridge", "Juno", "Ash")
        ids = [
            vault.screenings.add(make_screening(child.record_id, carer.record_id, day)).record_id
            for day in (date(2026, 3, 1), date(2026, 6, 1))
        ]
        window = ComparisonWindow(vault, ids, host)
        qtbot.addWidget(window)
        ready()
        if action == "pdf":
            assert window.save_pdf() is not None
        else:
            assert window.print_() >= 1
        return f"screening_comparison.{action}"

    return run


def _screening_file(what: str, action: str) -> Callable[..., str]:
    # The screening and the family summary go through the same two functions as the comparison.
    def run(qtbot, host, vault: Vault, ready: Callable[[], None] = lambda: None) -> str:
        child = _child_with_concern(vault)
        exported = chronology_pdf(vault, child.record_id)
        exported = type(exported)(child.record_id, f"{what}.pdf", exported.content, f"{what}.pdf")
        ready()
        if action == "pdf":
            assert save_pdf(host, vault, exported, "Save") is not None
        else:
            assert print_exported(host, vault, exported, "Family summary") >= 1
        return f"{what}.{action}"

    return run


def _no_names(action: str) -> Callable[..., str]:
    def run(qtbot, host, vault: Vault, ready: Callable[[], None] = lambda: None) -> str:
        family = make_family(vault)
        data = family.referral.data.model_dump() | {"destination": Destination.LCSS_NO_NAMES}
        stored = vault.referrals.add(Referral.model_validate(data, context=STORED))
        view = NoNamesView(vault, stored.record_id, host)
        qtbot.addWidget(view)
        ready()
        if action == "copy":
            assert view.copy()
        else:
            view.ask_save()
            assert "Saved to" in view.status.text()
        return "referral.no_names_summary"

    return run


def _attachment(qtbot, host, vault: Vault, ready: Callable[[], None] = lambda: None) -> str:
    child = add_child_core(vault, "Ignatius", "Pemberton-Osei")
    stored = vault.attachments.add_bytes("note.txt", b"made-up note", "text/plain", child_id=child.record_id)
    ready()
    assert export_attachment(host, vault, stored.record_id).startswith("A copy was saved as")
    return "attachment"


def _disclosure_log_csv(qtbot, host, vault: Vault, ready: Callable[[], None] = lambda: None) -> str:
    child = add_child_core(vault, "Ignatius", "Pemberton-Osei")
    vault.log_export("chronology.pdf", b"%PDF", child.record_id, Disclosure("GP", "Health review"))
    window = DisclosureLogWindow(vault, host)
    qtbot.addWidget(window)
    ready()
    assert window.export_csv() is not None
    return "disclosure_log.csv"


# Family summary and the LCSS summary are answered in advance; the rest asks afresh.
PATHS: dict[str, tuple[Callable[..., str], str]] = {
    "chronology PDF": (_chronology("pdf", False), "file"),
    "chronology CSV": (_chronology("csv", False), "file"),
    "chronology CSV for partners": (_chronology("csv", True), "file"),
    "chronology print": (_chronology("print", False), "print"),
    "body map PDF": (_body_map_pdf, "file"),
    "body map print": (_body_map_print, "print"),
    "screening comparison PDF": (_comparison("pdf"), "file"),
    "screening comparison print": (_comparison("print"), "print"),
    "screening PDF": (_screening_file("screening", "pdf"), "file"),
    "family summary PDF": (_screening_file("family_summary", "pdf"), "file"),
    "family summary print": (_screening_file("family_summary", "print"), "print"),
    "attachment copy": (_attachment, "file"),
    "disclosure log CSV": (_disclosure_log_csv, "file"),
}


def _entries(vault: Vault) -> list[tuple[str, str, str, str]]:
    return vault._ctx.conn.execute("SELECT what, recipient, purpose, digest FROM disclosures ORDER BY id").fetchall()


@pytest.mark.parametrize(("run", "out"), PATHS.values(), ids=PATHS.keys())
def test_each_export_asks_first_and_logs_one_entry_with_to_whom_and_why(
    qtbot, host, vault: Vault, person: Person, monkeypatch, run, out
) -> None:
    asked = answer_disclosure(monkeypatch, TO, WHY)
    monkeypatch.setattr(DisclosureDialog, "exec", _noting(DisclosureDialog.exec, person))
    before: list[int] = []
    what = run(qtbot, host, vault, lambda: before.append(len(_entries(vault))))
    new = _entries(vault)[before[0] :]
    assert [(w, r, p) for w, r, p, _ in new] == [(what, TO, WHY)]
    assert len(asked) == 1
    # Asked to whom and why before the file or print dialog opened, never after.
    assert person.asked.index("disclosure") < person.asked.index(out)
    assert vault.check().ok


def _noting(answer: Callable[[DisclosureDialog], int], person: Person) -> Callable[[DisclosureDialog], int]:
    def exec_(dialog: DisclosureDialog) -> int:
        person.asked.append("disclosure")
        return answer(dialog)

    return exec_


@pytest.mark.parametrize("action", ["copy", "save"])
def test_the_no_names_summary_is_logged_as_going_to_the_lcss_without_a_question(
    qtbot, host, vault: Vault, person: Person, monkeypatch, action
) -> None:
    asked = answer_disclosure(monkeypatch, TO, WHY)
    _no_names(action)(qtbot, host, vault)
    assert [(w, r, p) for w, r, p, _ in _entries(vault)] == [
        ("referral.no_names_summary", "LCSS", "No-names consultation")
    ]
    assert asked == []


@pytest.mark.parametrize("run", [v[0] for v in PATHS.values()], ids=PATHS.keys())
def test_cancelling_the_question_exports_and_logs_nothing(
    qtbot, host, vault: Vault, person: Person, monkeypatch, run
) -> None:
    asked = cancel_disclosure(monkeypatch)
    before: list[int] = []
    with contextlib.suppress(Exception):  # each path reports "nothing saved" in its own way
        run(qtbot, host, vault, lambda: before.append(len(_entries(vault))))
    qtbot.wait(50)
    assert len(asked) == 1
    assert len(_entries(vault)) == before[0]
    assert "file" not in person.asked and "print" not in person.asked
    assert not any(p.exists() for p in person.files)


def test_the_family_summary_is_answered_in_advance_with_no_past_recipients_on_show(
    qtbot, host, vault: Vault, monkeypatch
) -> None:
    past = "DC Harriet Vance, Thames Valley Police"
    vault.log_export("chronology.pdf", b"%PDF", None, Disclosure(past, "Section 47 enquiry"))
    seen: list[DisclosureDialog] = []

    def look(dialog: DisclosureDialog) -> int:
        seen.append(dialog)
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(DisclosureDialog, "exec", look)
    assert screening_compare._ask(host, vault, "family_summary.print") is None
    assert ask_disclosure(host, "chronology.pdf", vault=vault) is None
    family, other = seen
    assert family.recipient.currentText() == "Parent or carer" and family.purpose.text() == "The family's own copy"
    offered = [family.recipient.itemText(i) for i in range(family.recipient.count())]
    assert past not in offered and offered[0] == "Own records (not shared)" and "Court" in offered
    assert [other.recipient.itemText(i) for i in range(2)] == [past, "Own records (not shared)"]
