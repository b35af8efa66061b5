"""Start the desktop app: first-run creation or unlock, then the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog

from safeguard_desktop.assets import resource
from safeguard_desktop.gui.create_vault import CreateVaultDialog
from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.gui.unlock import UnlockDialog
from safeguard_desktop.paths import APP_AUTHOR, APP_NAME, default_vault_path
from safeguard_desktop.vault.keys import header_path
from safeguard_desktop.vault.session import Vault


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


def first_dialog(path: Path) -> CreateVaultDialog | UnlockDialog:
    """Create a vault when there is none at `path` (first run); otherwise ask to unlock it."""
    if path.exists() or header_path(path).exists():
        return UnlockDialog(path)
    return CreateVaultDialog(path)


def run(vault_path: Path | None = None) -> int:
    """Run the app on `vault_path` (default: the per-user vault); return the exit code."""
    app = application()
    # Absolute, so the unlock window names a real folder and recent vaults stay findable.
    path = (Path(vault_path) if vault_path is not None else default_vault_path()).resolve()
    dialog = first_dialog(path)
    opened: list[Vault] = []
    dialog.vault_ready.connect(opened.append)
    if dialog.exec() != QDialog.DialogCode.Accepted or not opened:
        return 0
    window = MainWindow(opened[0])
    window.show()
    return app.exec()
