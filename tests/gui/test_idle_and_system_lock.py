"""Locking without the Lock button: idle time, the system's screen lock or sleep, settings."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from safeguard_desktop.gui import system_lock
from safeguard_desktop.gui.idle import IdleWatcher
from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.gui.settings import IDLE_KEY, idle_minutes
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import click


def _idle_window(qtbot, vault: Vault, idle_ms: int) -> MainWindow:
    window = MainWindow(vault, idle_ms=idle_ms)
    qtbot.addWidget(window)
    window.show()
    return window


def test_idle_window_locks_itself(qtbot, vault: Vault) -> None:
    window = _idle_window(qtbot, vault, idle_ms=30)
    assert window.idle.is_running()
    qtbot.waitUntil(lambda: window.vault is None, timeout=5000)
    assert not vault.is_open
    assert window.windowTitle() == "safeguard-desktop — locked"
    assert window.unlock_dialog is not None and window.unlock_dialog.isVisible()
    assert not window.idle.is_running()  # nothing to lock while locked


def test_input_anywhere_in_the_app_restarts_the_countdown(qtbot) -> None:
    watcher = IdleWatcher(400)
    fired: list[bool] = []
    watcher.idle.connect(lambda: fired.append(True))
    watcher.start()
    timer = watcher._timer
    qtbot.waitUntil(lambda: timer.remainingTime() < 250, timeout=5000)
    target = QApplication.instance()
    QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a"))
    assert timer.remainingTime() > 300  # typed: the full time again
    assert not fired
    qtbot.waitUntil(lambda: bool(fired), timeout=5000)
    watcher.stop()


def test_settings_dialog_stores_idle_minutes_and_the_window_follows(qtbot, vault: Vault) -> None:
    assert idle_minutes() == 5
    window = MainWindow(vault)
    qtbot.addWidget(window)
    window.show()
    assert window.idle.timeout_ms == 5 * 60_000
    window.vault_actions.settings_action.trigger()
    dialog = window.vault_actions.settings_dialog
    assert dialog.isVisible() and dialog.idle.value() == 5
    dialog.idle.selectAll()
    qtbot.keyClicks(dialog.idle, "12")
    click(qtbot, dialog.ok_button)
    assert QSettings().value(IDLE_KEY) in (12, "12")
    assert idle_minutes() == 12
    assert window.idle.timeout_ms == 12 * 60_000


def test_settings_cancel_changes_nothing_and_bad_values_fall_back(qtbot, window: MainWindow) -> None:
    QSettings().setValue(IDLE_KEY, "not a number")
    assert idle_minutes() == 5
    QSettings().setValue(IDLE_KEY, 10_000)
    assert idle_minutes() == 60
    dialog = window.vault_actions.open_settings()
    dialog.idle.setValue(3)
    dialog.reject()
    assert idle_minutes() == 60


def test_system_lock_signals_lock_the_window(qtbot, vault: Vault) -> None:
    window = _idle_window(qtbot, vault, idle_ms=60_000)
    watcher = window.lock_triggers.system
    watcher.on_prepare_for_sleep(False)  # waking up is no reason to lock
    watcher.on_screensaver_active(False)
    assert window.vault is vault
    with qtbot.waitSignal(watcher.lock_requested, timeout=1000):
        watcher.on_prepare_for_sleep(True)
    assert window.vault is None and not vault.is_open


def test_each_system_source_requests_a_lock(qtbot) -> None:
    watcher = system_lock.SystemLockWatcher()
    for fire in (
        lambda: watcher.on_session_lock(),
        lambda: watcher.on_screensaver_active(True),
        lambda: watcher.on_prepare_for_sleep(True),
        lambda: watcher.handle_windows_message(system_lock.WM_WTSSESSION_CHANGE, system_lock.WTS_SESSION_LOCK),
        lambda: watcher.handle_windows_message(system_lock.WM_POWERBROADCAST, system_lock.PBT_APMSUSPEND),
    ):
        with qtbot.waitSignal(watcher.lock_requested, timeout=1000):
            fire()
    with qtbot.assertNotEmitted(watcher.lock_requested):
        assert not watcher.handle_windows_message(system_lock.WM_WTSSESSION_CHANGE, 0x8)  # unlock
        assert not watcher.handle_windows_message(system_lock.WM_POWERBROADCAST, 0x12)  # resume


def test_no_bus_means_no_sources_and_no_error(qtbot, monkeypatch) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    watcher = system_lock.SystemLockWatcher()
    assert isinstance(watcher.start(), list)  # here there is usually no bus: quietly nothing


def test_logind_session_path_escaping() -> None:
    assert system_lock.escape_object_path_label("2") == "_32"
    assert system_lock.escape_object_path_label("c1") == "c1"
    assert system_lock.escape_object_path_label("c-1") == "c_2d1"


def test_mouse_input_counts_too(qtbot, vault: Vault) -> None:
    window = _idle_window(qtbot, vault, idle_ms=400)
    timer = window.idle._timer
    qtbot.waitUntil(lambda: timer.remainingTime() < 250, timeout=5000)
    qtbot.mouseClick(window.filter, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert timer.remainingTime() > 300
