"""The subject access windows: the request log, and redacting a selection in the bundle editor."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QFileDialog

from safeguard_desktop.domain.categories import ChildRole, ConcernCategory, ConcernStatus, RelationshipType
from safeguard_desktop.domain.concern import Concern, ConcernChild
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.people import Adult, Child, Relationship
from safeguard_desktop.governance import sar
from safeguard_desktop.governance.bundle import load_bundle
from safeguard_desktop.gui.sar_bundle import SarBundleWindow
from safeguard_desktop.gui.sar_exemption import ExemptionDialog
from safeguard_desktop.gui.sar_requests import NewRequestDialog, SarRequestsWindow
from safeguard_desktop.vault.session import Vault

from .conftest import click, type_into

FAMILY = "<b>Kowalczyk & Sons</b>"
ADULT = f"Dariusz {FAMILY}"
THIRD_PARTY = "Marguerite Olufemi-Hartley"


@pytest.fixture
def people(vault: Vault) -> dict[str, object]:
    child = vault.children.add(Child(given_names="Ellis", family_name="Brackenbury", date_of_birth=date(2016, 3, 9)))
    adult = vault.adults.add(Adult(given_names="Dariusz", family_name=FAMILY))
    vault.relationships.add(
        Relationship(adult_id=adult.record_id, child_id=child.record_id, relationship=RelationshipType.STEP_PARENT)
    )
    concern = vault.concerns.add(
        Concern(
            happened=EventDate.on_day(date(2025, 10, 6)),
            children=[ConcernChild(child_id=child.record_id, roles=frozenset({ChildRole.WITNESS}))],
            categories=frozenset({ConcernCategory.NEGLECT}),
            recorded_by=vault.practitioner,
            account=f"Ellis said {ADULT} shouted at {THIRD_PARTY} at the gate.",
            status=ConcernStatus.OPEN,
        )
    )
    return {"child": child, "adult": adult, "concern": concern}


def _cells(window: SarRequestsWindow) -> list[list[str]]:
    table = window.table
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_request_log_new_extend_close(qtbot, window, vault: Vault, people) -> None:
    opened = window.governance.open("sar_requests", "open_sar_requests")
    assert isinstance(opened, SarRequestsWindow) and not opened.isModal()
    assert window.governance.open("sar_requests", "open_sar_requests") is opened
    assert not opened.extend_button.isEnabled()

    click(qtbot, opened.new_button)
    dialog = opened.dialog
    assert isinstance(dialog, NewRequestDialog)
    click(qtbot, dialog.log_button)
    assert "Find the person" in dialog.error.text()
    type_into(qtbot, dialog.search, "kowalczyk")
    assert dialog.people.count() == 1
    assert dialog.people.item(0).text() == f"{ADULT} (adult)"
    type_into(qtbot, dialog.requester, "=cmd() Dariusz")
    dialog.received.setText("31/01/2025")
    click(qtbot, dialog.log_button)
    assert not dialog.isVisible()
    rows = _cells(opened)
    assert rows[0][:4] == [ADULT, "=cmd() Dariusz", "31/01/2025", "28/02/2025"]
    assert rows[0][4].endswith("overdue") and rows[0][5] == "Open"
    # Markup-looking names are shown as text.
    assert opened.table.item(0, 0).text() == ADULT

    opened.table.selectRow(0)
    click(qtbot, opened.extend_button)
    extend = opened.dialog
    click(qtbot, extend.extend_button)
    assert "Say why" in extend.error.text()
    extend.months.setCurrentIndex(1)
    type_into(qtbot, extend.reason, "Records in three systems")
    click(qtbot, extend.extend_button)
    assert _cells(opened)[0][3] == "30/04/2025 (extended)"

    click(qtbot, opened.close_button)
    closing = opened.dialog
    closing.on.setText("01/01/2025")
    click(qtbot, closing.close_button)
    assert "before the request was received" in closing.error.text()
    closing.on.setText("20/04/2025")
    click(qtbot, closing.close_button)
    assert _cells(opened)[0][4:] == ["Responded", "Responded 20/04/2025"]
    assert not opened.extend_button.isEnabled() and opened.bundle_button.isEnabled()
    assert [r.status for r in sar.requests(vault)] == ["responded"]


def _select(editor: SarBundleWindow, words: str) -> None:
    text = editor.text.toPlainText()
    start = text.index(words)
    cursor = editor.text.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(words), QTextCursor.MoveMode.KeepAnchor)
    editor.text.setTextCursor(cursor)


def test_redacting_a_selection_in_the_bundle_editor(qtbot, window, vault: Vault, people, monkeypatch, tmp_path) -> None:
    request = sar.log_request(vault, people["adult"].record_id, "adult", "Dariusz", date(2025, 11, 10))
    requests = window.governance.open("sar_requests", "open_sar_requests")
    requests.table.selectRow(0)
    click(qtbot, requests.bundle_button)
    editor = requests.bundle_window
    assert isinstance(editor, SarBundleWindow)
    labels = [editor.records.item(n).text() for n in range(editor.records.count())]
    assert labels[0] == f"Adult: {ADULT}"
    assert all(editor.records.item(n).checkState() == Qt.CheckState.Checked for n in range(len(labels)))
    row = next(n for n, label in enumerate(labels) if label.startswith("Concern"))
    editor.records.setCurrentRow(row)
    assert THIRD_PARTY in editor.text.toPlainText()

    click(qtbot, editor.redact_button)
    assert "Select words" in editor.error.text()
    _select(editor, "Factual account")  # a heading, not the record's words
    click(qtbot, editor.redact_button)
    assert "Select words" in editor.error.text()

    _select(editor, THIRD_PARTY)
    click(qtbot, editor.redact_button)
    dialog = editor.dialog
    assert isinstance(dialog, ExemptionDialog)
    assert "Schedule 2 Part 3 paragraph 16" in dialog.explanation.text()
    type_into(qtbot, dialog.note, "Names another adult")
    click(qtbot, dialog.ok_button)
    assert editor.redactions.count() == 1
    assert THIRD_PARTY in editor.redactions.item(0).text()
    result = editor.result.toPlainText()
    assert THIRD_PARTY not in result
    assert "shouted at [Redacted: Third-party information] at the gate." in result
    # The original text stays readable for the reviewer.
    assert THIRD_PARTY in editor.text.toPlainText()

    editor.redactions.setCurrentRow(0)
    click(qtbot, editor.remove_button)
    assert editor.redactions.count() == 0 and THIRD_PARTY in editor.result.toPlainText()
    _select(editor, THIRD_PARTY)
    click(qtbot, editor.redact_button)
    click(qtbot, editor.dialog.ok_button)

    click(qtbot, editor.save_button)
    saved = load_bundle(vault, request.id)
    assert saved is not None and len(saved.redactions) == 1

    target = tmp_path / "out" / "bundle"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "PDF (*.pdf)")))
    click(qtbot, editor.export_button)
    written = target.with_name("bundle.pdf")
    assert written.exists() and written.read_bytes().startswith(b"%PDF")
    assert "logged as disclosed" in editor.status.text()
    rows = vault._ctx.conn.execute("SELECT what, recipient, purpose FROM disclosures").fetchall()
    assert [tuple(r) for r in rows] == [("sar.bundle.pdf", "Dariusz", "Subject access request received 10/11/2025")]


def test_unticking_and_withholding_a_record(qtbot, window, vault: Vault, people) -> None:
    request = sar.log_request(vault, people["adult"].record_id, "adult", "Dariusz", date(2025, 11, 10))
    editor = SarBundleWindow(vault, request, window)
    qtbot.addWidget(editor)
    concern_id = people["concern"].record_id
    row = next(n for n in range(editor.records.count()) if editor.records.item(n).text().startswith("Concern"))
    label = editor.records.item(row).text()
    editor.records.setCurrentRow(row)
    editor.records.item(row).setCheckState(Qt.CheckState.Unchecked)
    assert concern_id not in editor.bundle.chosen
    assert not editor.redact_button.isEnabled()
    editor.records.item(row).setCheckState(Qt.CheckState.Checked)
    assert concern_id in editor.bundle.chosen
    click(qtbot, editor.withhold_button)
    dialog = editor.dialog
    dialog.exemption.setCurrentIndex(dialog.exemption.findData("crime"))
    click(qtbot, dialog.ok_button)
    assert editor.bundle.withheld_for(concern_id) is not None
    assert editor.records.item(row).checkState() == Qt.CheckState.Unchecked
    assert editor.records.item(row).text() == f"Withheld (Crime and taxation) — {label}"
    assert "Not saved yet" in editor.status.text()
