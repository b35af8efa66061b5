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


FIRST_WINDOW_PROBE = """
import sys
from pathlib import Path
from safeguard_desktop.gui.app import application, first_dialog, warm_core_imports
app = application()
dialog = first_dialog(Path(sys.argv[1]))
dialog.show()
app.processEvents()
heavy = [m for m in ("pydantic", "cryptography.x509", "argon2", "safeguard_desktop.vault.session",
                     "safeguard_desktop.gui.main_window") if m in sys.modules]
print("heavy-before:", ",".join(heavy))
warm_core_imports().join(60)
print("warm-after:", "safeguard_desktop.vault.session" in sys.modules)
"""


def test_unlock_window_appears_before_the_heavy_imports(vault, tmp_path):
    # A structural guard for the one-second start (the benchmark has the timings): the
    # unlock window needs only Qt and plain widgets; the core loads while people type.
    import os
    import subprocess
    import sys

    vault.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", FIRST_WINDOW_PROBE, str(vault.path)], capture_output=True,
                          text=True, env=env, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "heavy-before: \n" in proc.stdout, proc.stdout
    assert "warm-after: True" in proc.stdout
