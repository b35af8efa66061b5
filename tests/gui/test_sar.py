"""The subject access windows: the request log, and redacting a selection in the bundle editor."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QTextCursor
from PySide6.QtWidgets import QFileDialog, QHeaderView, QMessageBox, QSplitter

from safeguard_desktop.domain.categories import ChildRole, ConcernCategory, ConcernStatus, RelationshipType
from safeguard_desktop.domain.concern import Concern, ConcernChild
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.people import Adult, Child, Relationship
from safeguard_desktop.domain.ukdates import uk_today
from safeguard_desktop.governance import bundle as bundle_core
from safeguard_desktop.governance import sar
from safeguard_desktop.governance.bundle import load_bundle
from safeguard_desktop.gui.sar_bundle import SarBundleWindow
from safeguard_desktop.gui.sar_exemption import ExemptionDialog, dropped_text
from safeguard_desktop.gui.sar_requests import NewRequestDialog, SarRequestsWindow
from safeguard_desktop.vault.session import Vault

from .conftest import PASSPHRASE, click, type_into

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


def test_request_log_new_extend_close(qtbot, window, vault: Vault, people, monkeypatch) -> None:
    # The extension below is decided within the request's first month (by 28/02/2025).
    monkeypatch.setattr(vault._ctx, "now", lambda: datetime(2025, 2, 20, 12, tzinfo=UTC))
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


def test_unticking_and_withholding_a_record(qtbot, window, vault: Vault, people, monkeypatch) -> None:
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
    answers = answer_unsaved(monkeypatch, QMessageBox.StandardButton.Discard)
    assert editor.close() and answers == ["asked"]
    assert load_bundle(vault, request.id) is None  # discarded, as the reviewer chose


def answer_unsaved(monkeypatch: pytest.MonkeyPatch, choice: QMessageBox.StandardButton) -> list[str]:
    """Answer the unsaved-changes question with `choice`, noting each time it is asked."""
    asked: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        asked.append("asked")
        assert "not saved" in box.text()
        return choice.value

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return asked


class UserClose(QCloseEvent):
    """A close asked for by the person (the window system's close button), not by the app."""

    def spontaneous(self) -> bool:
        return True


def _redact_third_party(qtbot, window) -> tuple[SarRequestsWindow, SarBundleWindow]:
    requests = window.governance.open("sar_requests", "open_sar_requests")
    click(qtbot, requests.bundle_button)  # the only request is selected already
    editor = requests.bundle_window
    row = next(n for n in range(editor.records.count()) if editor.records.item(n).text().startswith("Concern"))
    editor.records.setCurrentRow(row)
    _select(editor, THIRD_PARTY)
    assert editor.redact(*editor.selection(), "third_party", "Names another adult")
    assert not editor.saved
    return requests, editor


def test_request_columns_fit_and_the_first_request_is_ready(qtbot, window, vault: Vault, people) -> None:
    long_name = "Wilhelmina-Anastasia " + "Featherstonehaugh-" * 6 + "Kowalczyk"
    other = vault.children.add(Child(given_names="Zofia", family_name=long_name, date_of_birth=date(2014, 5, 2)))
    sar.log_request(vault, other.record_id, "child", "Solicitors for " + long_name, uk_today() - timedelta(days=5))
    sar.log_request(vault, people["adult"].record_id, "adult", "Dariusz", uk_today() - timedelta(days=10))
    opened = window.governance.open("sar_requests", "open_sar_requests")
    opened.resize(1300, 600)
    qtbot.waitExposed(opened)
    header = opened.table.horizontalHeader()
    modes = [header.sectionResizeMode(c) for c in range(opened.table.columnCount())]
    assert modes[:2] == [QHeaderView.ResizeMode.Stretch] * 2
    assert set(modes[2:]) == {QHeaderView.ResizeMode.ResizeToContents}
    # Every column, Status included, is inside the table: no sideways scrolling, no empty band.
    width = opened.table.viewport().width()
    assert width - 2 <= header.length() <= width + 1
    assert opened.table.item(1, 0).toolTip()  # the whole name, when it wraps
    # The soonest due is selected, and its actions are ready at once.
    assert opened.selected() is not None and opened.selected().person_name == ADULT
    assert opened.extend_button.isEnabled() and opened.close_button.isEnabled() and opened.bundle_button.isEnabled()


def test_bundle_editor_gives_the_text_the_height(qtbot, window, vault: Vault, people) -> None:
    request = sar.log_request(vault, people["adult"].record_id, "adult", "Dariusz", date(2025, 11, 10))
    editor = SarBundleWindow(vault, request, window)
    qtbot.addWidget(editor)
    editor.resize(1300, 700)
    editor.show()
    qtbot.waitExposed(editor)
    assert isinstance(editor.panes, QSplitter) and editor.panes.orientation() == Qt.Orientation.Vertical
    assert editor.text.height() > 2 * editor.redactions.height()
    assert editor.result.height() > 2 * editor.redactions.height()
    assert editor.text.height() >= 8 * editor.text.fontMetrics().lineSpacing()
    # Long titles wrap within the list (no sideways scrolling); the whole label is in the tooltip, literally.
    viewport = editor.records.viewport().width()
    assert all(
        editor.records.visualItemRect(editor.records.item(n)).width() <= viewport for n in range(editor.records.count())
    )
    records = [editor.records.item(n) for n in range(editor.records.count())]
    longest = max(records, key=lambda item: len(item.text()))
    editor.records.setFixedWidth(200)  # narrower than the longest label: it takes more lines, none cut short
    line = editor.records.fontMetrics().lineSpacing()
    qtbot.waitUntil(lambda: editor.records.visualItemRect(longest).height() >= 2 * line)
    assert editor.records.visualItemRect(longest).width() <= editor.records.viewport().width()
    first = editor.records.item(0)
    assert first.text() == f"Adult: {ADULT}" and "&lt;b&gt;Kowalczyk &amp; Sons&lt;/b&gt;" in first.toolTip()
    assert editor.dropped_note.isHidden()  # nothing was taken out


def test_exemption_dialog_has_no_gap_under_its_heading(qtbot, window) -> None:
    dialog = ExemptionDialog("Redact selection", "The selected words are removed from the bundle.", window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.about.y() - dialog.title.geometry().bottom() <= 16
    assert dialog.exemption.y() - dialog.about.geometry().bottom() <= 24
    # No empty band anywhere: the reason field sits just above the buttons.
    assert dialog.ok_button.mapTo(dialog, dialog.ok_button.rect().topLeft()).y() - dialog.note.geometry().bottom() <= 30


def test_closing_the_editor_with_unsaved_work_asks(qtbot, window, vault: Vault, people, monkeypatch) -> None:
    request = sar.log_request(vault, people["adult"].record_id, "adult", "Dariusz", date(2025, 11, 10))
    requests, editor = _redact_third_party(qtbot, window)
    asked = answer_unsaved(monkeypatch, QMessageBox.StandardButton.Cancel)
    assert not editor.close() and editor.isVisible()  # Cancel: nothing lost, still open
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert editor.isVisible() and len(asked) == 2
    # Closing the request log would close the editor with it: the same question, and Cancel keeps both.
    closing = UserClose()  # as the window's close button does
    requests.closeEvent(closing)
    assert not closing.isAccepted() and len(asked) == 3 and editor.isVisible()
    qtbot.keyClick(requests, Qt.Key.Key_Escape)
    assert len(asked) == 4 and editor.isVisible() and requests.isVisible()
    assert load_bundle(vault, request.id) is None

    asked = answer_unsaved(monkeypatch, QMessageBox.StandardButton.Save)
    assert editor.close() and asked == ["asked"]
    saved = load_bundle(vault, request.id)
    assert saved is not None and len(saved.redactions) == 1


def test_locking_keeps_the_unsaved_redactions(qtbot, window, vault: Vault, people, monkeypatch, tmp_path) -> None:
    request = sar.log_request(vault, people["adult"].record_id, "adult", "Dariusz", date(2025, 11, 10))
    requests, editor = _redact_third_party(qtbot, window)
    asked = answer_unsaved(monkeypatch, QMessageBox.StandardButton.Discard)
    window.lock(ask=False)
    assert not requests.isVisible() and not editor.isVisible()
    assert asked == []  # nobody to ask at a lock: the work is kept in the vault instead
    again = Vault.open(tmp_path / "test.vault", PASSPHRASE)
    try:
        saved = load_bundle(again, request.id)
        assert saved is not None and len(saved.redactions) == 1
    finally:
        again.close()


def test_records_taken_out_are_listed_in_words(qtbot, window, vault: Vault, people, monkeypatch) -> None:
    request = sar.log_request(vault, people["adult"].record_id, "adult", "Dariusz", date(2025, 11, 10))
    gone = bundle_core.Dropped(people["concern"].record_id, "concern", None, bundle_core.MOVED)
    real_open = bundle_core.open_bundle

    def opened_with_dropped(vault_: Vault, request_: sar.SarRequest) -> bundle_core.Bundle:
        found = real_open(vault_, request_)
        found.dropped = [gone]
        return found

    monkeypatch.setattr("safeguard_desktop.gui.sar_bundle.open_bundle", opened_with_dropped)
    editor = SarBundleWindow(vault, request, window)
    qtbot.addWidget(editor)
    editor.show()
    note = editor.dropped_note.text()
    assert editor.dropped_note.isVisible() and note == dropped_text([gone])
    assert note.startswith("A record no longer belongs in this bundle:\n• Concern, recorded an unknown date")
    assert "moved to another child's file" in note


def test_extend_is_off_after_the_first_month_and_says_why(qtbot, window, vault: Vault, people) -> None:
    late = sar.log_request(vault, people["adult"].record_id, "adult", "Dariusz", uk_today() - timedelta(days=45))
    opened = window.governance.open("sar_requests", "open_sar_requests")
    assert opened.selected().id == late.id
    assert not opened.extend_button.isEnabled()
    assert "within the first month" in opened.extend_button.toolTip()
    assert opened.close_button.isEnabled() and opened.bundle_button.isEnabled()
