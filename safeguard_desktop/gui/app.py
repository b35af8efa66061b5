"""Start the desktop app: first-run creation or unlock, then the main window.

The first window must appear fast (target: one second from a cold start). It needs only
Qt and this package's plain widgets, so the record models, the crypto libraries and the
main window are imported after it is on screen: on a background thread for the core, and
on demand for the rest.
"""

from __future__ import annotations

import importlib
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog

from safeguard_desktop.assets import resource
from safeguard_desktop.gui import crash, smoke
from safeguard_desktop.gui.unlock import UnlockDialog
from safeguard_desktop.paths import APP_AUTHOR, APP_NAME, default_vault_path, header_path

if TYPE_CHECKING:
    from safeguard_desktop.gui.first_run import FirstRunDialog
    from safeguard_desktop.vault.session import Vault

# Pure-Python core modules only: Qt classes are left to the GUI thread.
_WARM_MODULES = ("safeguard_desktop.vault.session", "safeguard_desktop.vault.keyops")


def application() -> QApplication:
    """The QApplication, created once with the names QSettings and the desktop use."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_AUTHOR)
    app.setOrganizationDomain("safeguard-desktop.invalid")
    # No style sheet and no palette here: the app follows the system's light or dark theme.
    app.setWindowIcon(QIcon(str(resource("icons", "safeguard-desktop.svg"))))
    return app


def first_dialog(path: Path) -> FirstRunDialog | UnlockDialog:
    """Welcome, then create a vault or open the demo, when there is none at `path`; else unlock it."""
    if path.exists() or header_path(path).exists():
        return UnlockDialog(path)
    from safeguard_desktop.gui.first_run import FirstRunDialog

    return FirstRunDialog(path)


def warm_core_imports() -> threading.Thread:
    """Load the core in the background while the person types their passphrase."""
    thread = threading.Thread(
        target=lambda: [importlib.import_module(name) for name in _WARM_MODULES], name="warm-imports", daemon=True
    )
    thread.start()
    return thread


def run(vault_path: Path | None = None) -> int:
    """Run the app on `vault_path` (default: the per-user vault); return the exit code."""
    app = application()
    crash.install()  # from here on, no error text or Qt message carries record data to a log
    # Absolute, so the unlock window names a real folder and recent vaults stay findable.
    path = (Path(vault_path) if vault_path is not None else default_vault_path()).resolve()
    dialog = first_dialog(path)
    opened: list[Vault] = []
    dialog.vault_ready.connect(opened.append)
    dialog.show()
    smoke.first_window_shown(dialog)  # a packaging check; inert unless SAFEGUARD_SMOKE_EXIT_AFTER_MS is set
    warm_core_imports()
    if dialog.exec() != QDialog.DialogCode.Accepted or not opened:
        return 0
    from safeguard_desktop.gui.main_window import MainWindow

    window = MainWindow(opened[0])
    window.show()
    smoke.main_window_shown(window)
    return app.exec()
