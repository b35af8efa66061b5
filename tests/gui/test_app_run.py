"""`run()`: the entry point the CLI calls, from unlock dialog to main window."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from safeguard_desktop.gui import app as app_module
from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.gui.unlock import UnlockDialog
from safeguard_desktop.paths import recent_vaults
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import PASSPHRASE, type_into


def test_run_unlocks_then_opens_the_main_window(qtbot, vault: Vault, monkeypatch) -> None:
    vault.close()
    shown: list[MainWindow] = []

    def show(window: MainWindow) -> None:
        shown.append(window)
        QTimer.singleShot(0, QApplication.quit)  # end app.exec() once the window is up

    def unlock() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, UnlockDialog) and w.isVisible())
        type_into(qtbot, dialog.passphrase, PASSPHRASE)
        dialog.unlock()

    monkeypatch.setattr(MainWindow, "show", show)
    QTimer.singleShot(0, unlock)
    assert app_module.run(vault.path) == 0
    window = shown[0]
    qtbot.addWidget(window)
    assert QApplication.applicationName() == "safeguard-desktop"
    assert window.windowTitle() == "safeguard-desktop — test.vault"
    assert vault.path.resolve() in [p.resolve() for p in recent_vaults()]
    window.close()


def test_run_cancelled_at_unlock_exits_quietly(qtbot, vault: Vault) -> None:
    vault.close()

    def cancel() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, UnlockDialog) and widget.isVisible():
                widget.reject()

    QTimer.singleShot(0, cancel)
    assert app_module.run(vault.path) == 0


def test_application_has_the_shipped_icon(qapp):
    from safeguard_desktop.gui.app import application

    pixmap = application().windowIcon().pixmap(32, 32)
    assert not pixmap.isNull()  # the SVG really rendered, not just a path that exists
    assert pixmap.toImage().pixelColor(16, 30).alpha() > 0
