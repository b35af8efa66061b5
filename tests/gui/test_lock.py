"""Locking: no record data stays in the window, the clipboard or an open form."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from safeguard_desktop.gui import clipboard
from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import PASSPHRASE, WORKER_TIMEOUT_MS, add_child_core, click, type_into


def test_lock_drops_record_data_clipboard_and_open_forms(qtbot, window: MainWindow, vault: Vault) -> None:
    add_child_core(vault, "Harvey", "Lindqvist", nhs_number="9434765919")
    window.model.refresh()
    window.table.selectRow(0)
    assert any(label.text() == "943 476 5919" for label in window.record_view.findChildren(QLabel))
    clipboard.copy_text("943 476 5919")
    window.add_person_action.trigger()
    form = window.active_dialog
    type_into(qtbot, form.given_names, "Half-typed name")

    window.lock_action.trigger()

    assert not vault.is_open
    assert QApplication.clipboard().text() == ""
    assert not form.isVisible() and window.active_dialog is None
    assert window.model.rowCount() == 0 and window.current_child is None
    assert window.windowTitle() == "safeguard-desktop — locked"
    visible = [label.text() for label in window.findChildren(QLabel) if label.isVisibleTo(window)]
    assert not any("Lindqvist" in text or "943" in text for text in visible)
    for action in (window.new_child_action, window.add_person_action, window.log_concern_action):
        assert not action.isEnabled()

    unlock = window.unlock_dialog
    type_into(qtbot, unlock.passphrase, PASSPHRASE)
    click(qtbot, unlock.unlock_button)
    qtbot.waitUntil(lambda: window.vault is not None, timeout=WORKER_TIMEOUT_MS)
    assert window.model.rowCount() == 1
    assert window.windowTitle() == "safeguard-desktop — test.vault"


def test_clipboard_text_from_elsewhere_is_left_alone(qtbot, window: MainWindow) -> None:
    QApplication.clipboard().setText("shopping list")
    clipboard._copied.clear()
    if QApplication.clipboard().ownsClipboard():
        pytest.skip("this Qt platform claims ownership of any clipboard text")
    window.lock_action.trigger()
    assert QApplication.clipboard().text() == "shopping list"


def test_demo_vault_title(qtbot, tmp_path, practitioner) -> None:
    from tests.gui.conftest import FAST_KDF

    demo = Vault.create(tmp_path / "demo.vault", PASSPHRASE, practitioner, kdf=FAST_KDF, demo=True)
    window = MainWindow(demo)
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == "DEMO — safeguard-desktop — demo.vault"
    assert window.demo_badge.isVisible()
    assert "made up" in window.demo_badge.text()
    window.lock()
    assert not window.demo_badge.isVisible()  # nothing of the vault shows while locked
    window.close()
    assert not demo.is_open


def test_real_vault_has_no_demo_badge(qtbot, window: MainWindow) -> None:
    assert not window.demo_badge.isVisible()
    assert not window.windowTitle().startswith("DEMO")


def test_a_lock_during_an_unlock_does_not_strand_the_vault(qtbot, window: MainWindow) -> None:
    # The screen saver or the lid can signal a lock while Argon2id is still running: the
    # unlock must still arrive, and the vault's single-writer lock must not be orphaned.
    window.lock()
    dialog = window.unlock_dialog
    assert dialog is not None
    type_into(qtbot, dialog.passphrase, PASSPHRASE)
    click(qtbot, dialog.unlock_button)
    window.lock()  # arrives mid-unlock
    window.lock()
    qtbot.waitUntil(lambda: window.vault is not None, timeout=WORKER_TIMEOUT_MS)
    assert window.vault.is_open
    assert not dialog.isVisible()
