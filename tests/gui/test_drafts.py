"""A form left open when the vault locks comes back, from inside the vault, when reopened."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from safeguard_desktop.domain.categories import ChildRole, ConcernCategory
from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import PASSPHRASE, WORKER_TIMEOUT_MS, add_child_core, click, type_into


def _unlock(qtbot, window: MainWindow) -> None:
    unlock = window.unlock_dialog
    type_into(qtbot, unlock.passphrase, PASSPHRASE)
    click(qtbot, unlock.unlock_button)
    qtbot.waitUntil(lambda: window.vault is not None, timeout=WORKER_TIMEOUT_MS)


def test_concern_form_survives_a_lock(qtbot, window: MainWindow, vault: Vault) -> None:
    child = add_child_core(vault, "Ruby", "Okonkwo-Hale")
    other = add_child_core(vault, "Jake", "Whitfield")
    window.model.refresh()
    window.table.selectRow(window.model.row_of(child.record_id))
    window.log_concern_action.trigger()
    form = window.active_dialog
    form.children.add_child(other, involved=True)
    type_into(qtbot, form.happened.date, "05/05/2023")
    click(qtbot, form.children.role_box(child.record_id, ChildRole.VICTIM))
    click(qtbot, form.children.role_box(other.record_id, ChildRole.WITNESS))
    form.categories.set_checked(ConcernCategory.BULLYING)
    type_into(qtbot, form.account, "Pushed over <b>hard</b> & laughed at.")
    click(qtbot, form.informed.add_button)
    type_into(qtbot, form.informed.rows[0][1], "Head of Year")

    window.lock()  # the idle lock, the screen lock and Ctrl+L all come here
    assert not form.isVisible()
    _unlock(qtbot, window)
    window.table.selectRow(window.model.row_of(child.record_id))
    window.log_concern_action.trigger()
    again = window.active_dialog
    assert again.note.isVisible()
    assert again.note.text().startswith("Continued: the unsaved concern from ")
    assert again.happened.date.text() == "05/05/2023"
    assert again.account.toPlainText() == "Pushed over <b>hard</b> & laughed at."
    assert again.children.role_box(child.record_id, ChildRole.VICTIM).isChecked()
    assert again.children.role_box(other.record_id, ChildRole.WITNESS).isChecked()
    assert again.categories.selected() == [ConcernCategory.BULLYING]
    assert again.informed.rows[0][1].text() == "Head of Year"
    click(qtbot, again.save_button)
    assert not again.isVisible(), again.error.text()
    assert window.vault.concerns.count() == 1

    window.log_concern_action.trigger()  # saved: the draft is gone
    fresh = window.active_dialog
    assert not fresh.note.isVisible() and fresh.account.toPlainText() == ""
    fresh.reject()


def test_cancel_discards_the_draft(qtbot, window: MainWindow, vault: Vault) -> None:
    window.new_child_action.trigger()
    form = window.active_dialog
    type_into(qtbot, form.given_names, "Kacper")
    click(qtbot, form.unborn)
    type_into(qtbot, form.address.postcode, "OX1 1AA")
    window.lock()
    _unlock(qtbot, window)
    window.new_child_action.trigger()
    again = window.active_dialog
    assert again.given_names.text() == "Kacper"
    assert again.unborn.isChecked() and not again.date_of_birth.isEnabled()
    assert again.address.postcode.text() == "OX1 1AA"
    assert "unsaved new child" in again.note.text()
    again.reject()  # the person's own Cancel
    window.new_child_action.trigger()
    assert window.active_dialog.given_names.text() == ""
    assert window.vault.drafts.keys() == [] or not list(window.vault.drafts.keys())


def test_ctrl_l_from_inside_a_form_locks_and_keeps_the_draft(qtbot, window: MainWindow, vault: Vault) -> None:
    window.new_child_action.trigger()
    form = window.active_dialog
    type_into(qtbot, form.family_name, "Okafor")
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form, timeout=5000)
    qtbot.keyClick(form.family_name, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.vault is None and not form.isVisible()
    _unlock(qtbot, window)
    assert window.vault.drafts.keys() == ["child:new"]
