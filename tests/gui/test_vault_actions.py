"""File ▸ Back up now, Change passphrase, Rotate vault key: each behind the passphrase."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox
from shiboken6 import isValid

from safeguard_desktop.gui import worker
from safeguard_desktop.gui.backup_bar import NEVER, backup_reminder
from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import PASSPHRASE, WORKER_TIMEOUT_MS, add_child_core, click, type_into

NEW_PASSPHRASE = "quiet harbour 93 copper finches"


def _confirm(qtbot, window: MainWindow, passphrase: str = PASSPHRASE):
    dialog = window.vault_actions.confirm_dialog
    assert dialog is not None and dialog.isVisible()
    type_into(qtbot, dialog.passphrase, passphrase)
    click(qtbot, dialog.ok_button)
    return dialog


def test_wrong_passphrase_is_refused_in_place(qtbot, window: MainWindow) -> None:
    window.vault_actions.backup_action.trigger()
    dialog = _confirm(qtbot, window, "not the passphrase at all")
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=WORKER_TIMEOUT_MS)
    assert "passphrase" in dialog.message.text().lower()
    assert dialog.isVisible() and window.vault_actions.folder_dialog is None
    click(qtbot, dialog.cancel_button)
    assert not dialog.isVisible() and dialog.passphrase.text() == ""


def test_back_up_now_asks_the_passphrase_then_a_folder(qtbot, window: MainWindow, vault: Vault, tmp_path) -> None:
    add_child_core(vault, "Nia", "Evans")
    assert window.backup_bar.isVisible() and window.backup_bar.text() == NEVER
    window.vault_actions.backup_action.trigger()
    _confirm(qtbot, window)
    qtbot.waitUntil(lambda: window.vault_actions.folder_dialog is not None, timeout=WORKER_TIMEOUT_MS)
    folder = tmp_path / "backups"
    folder.mkdir()
    chooser = window.vault_actions.folder_dialog
    assert chooser.isVisible()
    chooser.fileSelected.emit(str(folder))  # what the folder dialog sends on OK
    chooser.reject()
    qtbot.waitUntil(lambda: window.vault_actions.message_box is not None, timeout=WORKER_TIMEOUT_MS)
    box = window.vault_actions.message_box
    made = [p for p in folder.iterdir()]
    assert made, "nothing written to the backup folder"
    assert box.text().startswith("The backup was saved as:\n")
    assert str(folder) in box.text()
    assert not window.backup_bar.isVisible()  # just backed up
    box.accept()


def test_backup_reminder_text() -> None:
    today = date(2026, 11, 23)
    assert backup_reminder(None, today) == "No backup has been made of this vault yet."
    assert backup_reminder(datetime(2026, 11, 20, 10, tzinfo=UTC), today) is None
    assert backup_reminder(datetime(2026, 11, 16, 9, tzinfo=UTC), today) is None  # exactly a week
    assert backup_reminder(datetime(2026, 11, 1, 23, 30, tzinfo=UTC), today) == (
        "Your last backup was on 01/11/2026 (22 days ago)."
    )
    # 23:30 UTC on 31 July is already 1 August in the UK (BST).
    assert backup_reminder(datetime(2026, 7, 31, 23, 30, tzinfo=UTC), today).startswith(
        "Your last backup was on 01/08/2026"
    )


def test_backup_bar_button_starts_a_backup(qtbot, window: MainWindow) -> None:
    click(qtbot, window.backup_bar.button)
    assert window.vault_actions.confirm_dialog.isVisible()
    window.vault_actions.confirm_dialog.reject()


def test_vault_actions_need_an_unlocked_vault(qtbot, window: MainWindow) -> None:
    window.lock()
    for action in window.vault_actions.vault_actions:
        assert not action.isEnabled()
    assert not window.backup_bar.isVisible()
    assert window.vault_actions.back_up() is None


def test_change_passphrase_with_live_reasons(qtbot, window: MainWindow, vault: Vault) -> None:
    window.vault_actions.change_passphrase_action.trigger()
    _confirm(qtbot, window)
    qtbot.waitUntil(lambda: window.vault_actions.key_dialog is not None, timeout=WORKER_TIMEOUT_MS)
    dialog = window.vault_actions.key_dialog
    type_into(qtbot, dialog.new, "password1")
    assert "shorter than 12 characters" in dialog.reasons.text()
    assert not dialog.ok_button.isEnabled()
    dialog.new.clear()
    type_into(qtbot, dialog.new, PASSPHRASE)
    assert "same as the current one" in dialog.reasons.text()
    dialog.new.clear()
    type_into(qtbot, dialog.new, NEW_PASSPHRASE)
    type_into(qtbot, dialog.again, NEW_PASSPHRASE + "x")
    assert dialog.reasons.text() == "The two passphrases do not match."
    dialog.again.backspace()
    assert dialog.reasons.text() == "" and dialog.ok_button.isEnabled()
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: window.vault_actions.message_box is not None, timeout=WORKER_TIMEOUT_MS)
    assert window.vault_actions.message_box.text().startswith("Use your new passphrase")
    window.vault_actions.message_box.accept()

    window.lock()
    unlock = window.unlock_dialog
    type_into(qtbot, unlock.passphrase, NEW_PASSPHRASE)
    click(qtbot, unlock.unlock_button)
    qtbot.waitUntil(lambda: window.vault is not None, timeout=WORKER_TIMEOUT_MS)


def test_rotate_key_locks_shows_progress_and_reopens(qtbot, window: MainWindow, vault: Vault) -> None:
    add_child_core(vault, "Ola", "Nowak")
    window.model.refresh()
    window.vault_actions.rotate_action.trigger()
    _confirm(qtbot, window)
    qtbot.waitUntil(lambda: window.vault_actions.key_dialog is not None, timeout=WORKER_TIMEOUT_MS)
    dialog = window.vault_actions.key_dialog
    assert "old copies of the key file" in dialog.explanation.text()
    assert dialog.cancel_button.isDefault()  # Enter alone does not start it
    seen: list[tuple[int, int]] = []
    dialog._progress.changed.connect(lambda done, total: seen.append((done, total)))
    click(qtbot, dialog.start_button)
    assert not vault.is_open  # locked before the key is touched
    assert window.unlock_dialog is None  # no passphrase prompt: it reopens by itself
    qtbot.waitUntil(lambda: window.vault is not None, timeout=WORKER_TIMEOUT_MS)
    assert not isValid(dialog) or not dialog.isVisible()
    assert window.model.rowCount() == 1
    assert seen and seen[-1][0] == seen[-1][1]
    assert window.idle.is_running()


def test_a_system_lock_during_rotation_does_not_interrupt_it(qtbot, window: MainWindow) -> None:
    window.vault_actions.rotate_action.trigger()
    _confirm(qtbot, window)
    qtbot.waitUntil(lambda: window.vault_actions.key_dialog is not None, timeout=WORKER_TIMEOUT_MS)
    dialog = window.vault_actions.key_dialog
    click(qtbot, dialog.start_button)
    window.lock_triggers.system.on_prepare_for_sleep(True)
    assert dialog.isVisible() or window.vault is not None
    qtbot.waitUntil(lambda: window.vault is not None, timeout=WORKER_TIMEOUT_MS)


def test_lock_closes_the_confirm_dialog(qtbot, window: MainWindow) -> None:
    window.vault_actions.change_passphrase_action.trigger()
    dialog = window.vault_actions.confirm_dialog
    type_into(qtbot, dialog.passphrase, "half typed")
    window.lock()
    assert not dialog.isVisible()
    assert QApplication.activeModalWidget() in (None, window.unlock_dialog)


def test_message_boxes_show_paths_as_plain_text(qtbot, window: MainWindow) -> None:
    window.vault_actions._backed_up(Path("/tmp/<b>odd</b> & folder/x.vault"))
    box = window.vault_actions.message_box
    assert box.textFormat() == box.textFormat().PlainText
    assert "<b>odd</b> & folder" in box.text()
    assert isinstance(box, QMessageBox)
    box.accept()


def test_lock_during_the_passphrase_check_closes_it_and_nothing_follows(qtbot, window: MainWindow) -> None:
    window.vault_actions.backup_action.trigger()
    dialog = _confirm(qtbot, window)
    window.lock()  # the check may still be running on its thread
    assert not dialog.isVisible() and dialog.passphrase.text() == ""
    assert worker.active_count() == 0
    QApplication.processEvents()
    assert window.vault_actions.folder_dialog is None  # a cancelled check reports nothing


def test_background_tasks_are_cancelled_and_waited_for(qtbot, window: MainWindow) -> None:
    started = threading.Event()
    reported: list[object] = []

    def long_work(cancel: threading.Event) -> str:
        started.set()
        cancel.wait(10)  # a real task checks its flag between steps
        return "finished"

    worker.run_in_background(long_work, reported.append, reported.append, window)
    assert started.wait(5)
    assert worker.active_count() == 1
    worker.cancel_all()
    assert worker.wait_for_all(5000)
    QApplication.processEvents()
    assert reported == []
