"""The no-names summary: editable, and copied or saved only while no identifier is in it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QTextCursor

from safeguard_desktop.domain.records import STORED
from safeguard_desktop.gui import clipboard
from safeguard_desktop.gui.nonames_view import ALL_CLEAR, NoNamesView, in_words
from safeguard_desktop.referral.model import Destination, Referral
from safeguard_desktop.referral.nonames import no_names_summary
from safeguard_desktop.referral.snapshot import build_document
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.store import Stored
from tests.gui.conftest import click, type_into
from tests.referral.family import PARTNER_SURNAME, POSY_NHS, make_family


@pytest.fixture
def consultation(vault: Vault) -> Stored[Referral]:
    family = make_family(vault)
    data = family.referral.data.model_dump() | {"destination": Destination.LCSS_NO_NAMES}
    return vault.referrals.add(Referral.model_validate(data, context=STORED))


def _view(qtbot, vault: Vault, stored: Stored[Referral]) -> NoNamesView:
    view = NoNamesView(vault, stored.record_id)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    return view


def _type_at_end(qtbot, view: NoNamesView, text: str) -> None:
    view.text.moveCursor(QTextCursor.MoveOperation.End)
    type_into(qtbot, view.text, text)


def _backspace(qtbot, view: NoNamesView, count: int) -> None:
    for _ in range(count):
        qtbot.keyClick(view.text, Qt.Key.Key_Backspace)


def test_the_summary_is_shown_and_can_be_copied(qtbot, vault: Vault, consultation: Stored[Referral]) -> None:
    view = _view(qtbot, vault, consultation)
    expected = no_names_summary(build_document(vault, consultation))
    # The same text the core makes (its "prepared on" date aside, both made today).
    assert view.text.toPlainText() == expected
    assert view.found == []
    assert view.check.text() == ALL_CLEAR
    click(qtbot, view.copy_button)
    assert QGuiApplication.clipboard().text() == expected
    click(qtbot, view.clear_button)
    assert QGuiApplication.clipboard().text() == ""


def test_a_name_typed_in_blocks_copy_until_it_is_removed(qtbot, vault: Vault, consultation: Stored[Referral]) -> None:
    view = _view(qtbot, vault, consultation)
    QGuiApplication.clipboard().setText("something else")
    _type_at_end(qtbot, view, "Seen with Posy")
    assert not view.copy_button.isEnabled()
    assert not view.save_button.isEnabled()
    assert "a name: Posy" in view.check.text()
    assert view.copy() is False
    assert QGuiApplication.clipboard().text() == "something else"
    _backspace(qtbot, view, len("Posy"))
    assert view.copy_button.isEnabled()
    assert view.check.text() == ALL_CLEAR
    click(qtbot, view.copy_button)
    assert QGuiApplication.clipboard().text().endswith("Seen with ")


def test_each_identifier_is_listed_in_plain_words(qtbot, vault: Vault, consultation: Stored[Referral]) -> None:
    view = _view(qtbot, vault, consultation)
    _type_at_end(qtbot, view, f"NHS {POSY_NHS}, lives at OX4 7QZ")
    listed = view.check.text()
    assert f"an NHS number: {POSY_NHS}" in listed
    assert "a postcode: OX4 7QZ" in listed
    assert not view.copy_button.isEnabled()
    assert in_words("name: Posy") == "a name: Posy"
    assert in_words("email address: a@b.uk") == "an email address: a@b.uk"


def test_markup_in_an_identifier_is_shown_literally(qtbot, vault: Vault, consultation: Stored[Referral]) -> None:
    view = _view(qtbot, vault, consultation)
    _type_at_end(qtbot, view, f"Partner is {PARTNER_SURNAME}")
    assert view.text.toPlainText().endswith("Partner is <b>O'Brien & Sons</b>")  # as typed, never rendered
    assert view.check.textFormat() == Qt.TextFormat.PlainText
    assert "a name: O'Brien" in view.check.text()
    assert not view.copy_button.isEnabled()


def test_save_writes_only_a_clean_summary_and_logs_it(
    qtbot, vault: Vault, consultation: Stored[Referral], tmp_path: Path
) -> None:
    view = _view(qtbot, vault, consultation)
    _type_at_end(qtbot, view, "Rafe")
    blocked = tmp_path / "blocked.txt"
    assert view.save_to(blocked) is False
    assert not blocked.exists()
    _backspace(qtbot, view, len("Rafe"))
    target = tmp_path / "summary.txt"
    head = vault.audit_head()
    assert view.save_to(target) is True
    assert target.read_text(encoding="utf-8") == view.text.toPlainText()
    assert vault.audit_head() != head  # the saving is in the audit trail
    assert "Saved to" in view.status.text()


def _select_all_and_press(qtbot, view: NoNamesView, key: Qt.Key) -> None:
    view.text.setFocus()
    view.text.selectAll()
    qtbot.keyClick(view.text, key, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_c_cannot_copy_past_the_check(qtbot, vault: Vault, consultation: Stored[Referral]) -> None:
    # The reviewer's bypass: select all and press Ctrl+C with a name in the summary.
    QGuiApplication.clipboard().setText("something else")
    view = _view(qtbot, vault, consultation)
    _type_at_end(qtbot, view, " Tamsin")
    assert view.found and not view.copy_button.isEnabled()
    _select_all_and_press(qtbot, view, Qt.Key.Key_C)
    assert QGuiApplication.clipboard().text() == "something else"
    assert "Not copied" in view.status.text()
    # Ctrl+X neither copies nor takes the text away.
    _select_all_and_press(qtbot, view, Qt.Key.Key_X)
    assert QGuiApplication.clipboard().text() == "something else"
    assert view.text.toPlainText().endswith(" Tamsin")
    # Nor does dragging the selection out, or the X11 selection.
    view.text.selectAll()
    assert not view.text.createMimeDataFromSelection().hasText()


def test_ctrl_c_on_a_clean_summary_copies_through_the_apps_clipboard(
    qtbot, vault: Vault, consultation: Stored[Referral], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clipboard, "CLEAR_AFTER_MS", 50)
    view = _view(qtbot, vault, consultation)
    _select_all_and_press(qtbot, view, Qt.Key.Key_C)
    copied = QGuiApplication.clipboard().mimeData()
    assert copied.text() == view.text.toPlainText()
    assert copied.hasFormat("x-kde-passwordManagerHint")  # kept out of clipboard managers' history
    assert "Copied the selected text" in view.status.text()
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "", timeout=2000)  # and cleared


def test_a_clean_part_is_not_copied_while_the_summary_holds_an_identifier(
    qtbot, vault: Vault, consultation: Stored[Referral]
) -> None:
    QGuiApplication.clipboard().setText("something else")
    view = _view(qtbot, vault, consultation)
    _type_at_end(qtbot, view, " Rafe")
    cursor = view.text.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(10, QTextCursor.MoveMode.KeepAnchor)  # "LCSS no-na": harmless on its own
    view.text.setTextCursor(cursor)
    qtbot.keyClick(view.text, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "something else"


def test_the_context_menus_copy_and_cut_go_through_the_check(
    qtbot, vault: Vault, consultation: Stored[Referral]
) -> None:
    QGuiApplication.clipboard().setText("something else")
    view = _view(qtbot, vault, consultation)
    _type_at_end(qtbot, view, f" NHS {POSY_NHS}")
    view.text.selectAll()
    menu = view.text.checked_menu(QPoint(2, 2))
    actions = {a.objectName(): a for a in menu.actions()}
    assert {"edit-copy", "edit-cut"} <= set(actions)
    actions["edit-copy"].trigger()
    actions["edit-cut"].trigger()
    assert QGuiApplication.clipboard().text() == "something else"
    assert view.text.toPlainText().endswith(POSY_NHS)
    menu.deleteLater()
    view.text.moveCursor(QTextCursor.MoveOperation.End)
    _backspace(qtbot, view, len(f" NHS {POSY_NHS}"))
    view.text.selectAll()
    menu = view.text.checked_menu(QPoint(2, 2))
    next(a for a in menu.actions() if a.objectName() == "edit-copy").trigger()
    assert QGuiApplication.clipboard().text() == view.text.toPlainText()
    menu.deleteLater()
