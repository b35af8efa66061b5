"""The portal view: the referral field by field in the portal's order, each copied and marked, the clipboard cleared."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QGroupBox

from safeguard_desktop.domain.records import STORED
from safeguard_desktop.gui import clipboard
from safeguard_desktop.gui.portal_fields import FROM_PACKET, FROM_RECORDS, ORDER_NOTE
from safeguard_desktop.gui.portal_view import COPIED_MARK, PortalView
from safeguard_desktop.referral.model import ConsentReason
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import click
from tests.gui.referral_helpers import send
from tests.referral.family import PARTNER_SURNAME, POSY_NHS, POSY_UPN, Family, make_family


@pytest.fixture
def family(vault: Vault) -> Family:
    return make_family(vault)


def _view(qtbot, vault: Vault, record_id) -> PortalView:
    view = PortalView(vault, record_id)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    return view


def _row(view: PortalView, section_starts: str, label: str):
    return next(r for r in view.rows if r.field.section.startswith(section_starts) and r.field.label == label)


def test_fields_follow_the_portal_order_with_exact_values(qtbot, vault: Vault, family: Family) -> None:
    sent = send(vault, family.referral)
    view = _view(qtbot, vault, sent.record_id)
    assert ORDER_NOTE in [label.text() for label in view.findChildren(type(view.source))]
    assert view.source.text() == FROM_PACKET
    sections: list[str] = []
    for field in view.fields():
        if field.section not in sections:
            sections.append(field.section)
    assert sections == [
        "Referrer details",
        "Child 1 of 2: Posy Ellingham",
        "Child 2 of 2: Rafe Ellingham",
        *[s for s in sections if s.startswith("Family member or household")],
        "Other professional 1 of 1",
        "Concerns: the reason for the referral",
        "What the child says",
        "Parental factors and safety",
        "Consent: Tamsin Ellingham",
        "Consent: Gareth Pennock",
        "What the family has been told",
        "What you want to happen",
        "Urgency and calls made",
    ]
    assert len([s for s in sections if s.startswith("Family member or household")]) == 3
    posy = [(f.label, f.value) for f in view.fields() if f.section == "Child 1 of 2: Posy Ellingham"]
    assert posy[:4] == [
        ("Given names", "Posy"),
        ("Family name", "Ellingham"),
        ("Other names", "Posy Ward"),
        ("Date of birth", "01/05/2019"),
    ]
    assert ("Address", "14 Larch Close, Cowley, Oxford") in posy
    assert ("Postcode", "OX4 7QZ") in posy
    assert ("NHS number", POSY_NHS) in posy
    assert ("UPN", POSY_UPN) in posy
    assert ("Is the child safe tonight?", "No") in posy
    assert ("Where is the child now?", "At school until 15:15") in posy
    assert _row(view, "Referrer details", "Name").field.value == vault.practitioner.name
    assert _row(view, "Consent: Tamsin", "If not, why not").field.value == ConsentReason.INCREASE_RISK.label()
    assert _row(view, "Urgency and calls made", "MASH call reference").field.value == "MASH-2611-0042"
    assert _row(view, "Parental factors and safety", "Domestic abuse").field.value == "Yes"
    # What is on screen is the value itself, and a blank answer has nothing to copy.
    for row in view.rows:
        assert row.value.text() == (row.field.value or "Not recorded")
        assert row.button.isEnabled() == bool(row.field.value)


def test_names_and_markup_are_shown_literally(qtbot, vault: Vault, family: Family) -> None:
    view = _view(qtbot, vault, family.referral.record_id)
    assert view.source.text() == FROM_RECORDS  # a draft: read from the records, as its packet will be
    row = next(r for r in view.rows if r.field.label == "Family name" and r.field.value == PARTNER_SURNAME)
    assert row.value.textFormat() == Qt.TextFormat.PlainText
    assert row.value.text() == "<b>O'Brien & Sons</b>"
    box = next(b for b in view.findChildren(QGroupBox) if "O'Brien" in b.title())
    assert "&&" in box.title()  # the "&" in a name is not turned into a keyboard shortcut


def test_values_are_what_the_packet_recorded_not_later_corrections(qtbot, vault: Vault, family: Family) -> None:
    sent = send(vault, family.referral)
    posy = family.posy.data
    corrected = type(posy).model_validate(posy.model_dump() | {"gender": "Not stated"}, context=STORED)
    vault.children.amend(family.posy.record_id, corrected, "Gender corrected")
    view = _view(qtbot, vault, sent.record_id)
    assert _row(view, "Child 1 of 2", "Gender").field.value == "Female"


def test_copy_puts_the_value_on_the_clipboard_marks_it_and_clears_it_later(
    qtbot, vault: Vault, family: Family, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clipboard, "CLEAR_AFTER_MS", 50)
    view = _view(qtbot, vault, send(vault, family.referral).record_id)
    total = sum(1 for r in view.rows if r.field.value)
    row = _row(view, "Child 1 of 2", "NHS number")
    assert row.mark.text() == ""
    click(qtbot, row.button)
    assert QGuiApplication.clipboard().text() == POSY_NHS
    assert row.mark.text() == COPIED_MARK
    assert view.progress.text() == f"1 of {total} fields copied"
    assert view.copied() == [row.field]
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "", timeout=2000)


def test_clear_clipboard_now(qtbot, vault: Vault, family: Family) -> None:
    view = _view(qtbot, vault, send(vault, family.referral).record_id)
    click(qtbot, _row(view, "Child 1 of 2", "Postcode").button)
    assert QGuiApplication.clipboard().text() == "OX4 7QZ"
    click(qtbot, view.clear_button)
    assert QGuiApplication.clipboard().text() == ""
    assert view.status.text() == "Clipboard cleared."


def test_tab_moves_between_copy_buttons_and_ctrl_c_copies_the_focused_field(
    qtbot, vault: Vault, family: Family
) -> None:
    view = _view(qtbot, vault, send(vault, family.referral).record_id)
    view.activateWindow()
    first = view.rows[0]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first.button)
    qtbot.keyClick(first.button, Qt.Key.Key_Tab)
    second = view.rows[1]
    assert QApplication.focusWidget() is second.button
    qtbot.keyClick(second.button, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == second.field.value == vault.practitioner.role
    assert second.mark.text() == COPIED_MARK
    assert first.mark.text() == ""


def test_values_cannot_be_copied_past_the_apps_clipboard(qtbot, vault: Vault, family: Family) -> None:
    # A value selected with the mouse and copied (or middle-click pasted) would skip the clearing.
    QGuiApplication.clipboard().setText("something else")
    view = _view(qtbot, vault, send(vault, family.referral).record_id)
    row = _row(view, "Child 1 of 2", "NHS number")
    selectable = Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
    assert not row.value.textInteractionFlags() & selectable
    assert row.value.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
    qtbot.mouseDClick(row.value, Qt.MouseButton.LeftButton)
    assert row.value.selectedText() == ""
    assert QGuiApplication.clipboard().text() == "something else"
