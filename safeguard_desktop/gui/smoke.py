"""A hidden start-up check for packaged builds: does the bundled app reach its windows?

Set SAFEGUARD_SMOKE_EXIT_AFTER_MS and the app reports each window it shows on stdout and
leaves by itself: `packaging/pyinstaller/smoke.sh` uses it to prove a PyInstaller bundle
holds everything the window needs (Qt plugins, fonts, the SQLCipher module, the crypto
libraries). With SAFEGUARD_PASSPHRASE set too, it unlocks the vault the unlock window names,
so the main window is built over a real child list. Without the variable nothing here runs;
the lines printed carry window titles and counts, never record data.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMainWindow, QWidget

SMOKE_ENV = "SAFEGUARD_SMOKE_EXIT_AFTER_MS"
# The same variable the vault-care commands read (cli.PASSPHRASE_ENV); cli is not imported
# here because it pulls in the vault's database layer, which the GUI must not.
_PASSPHRASE_ENV = "SAFEGUARD_PASSPHRASE"  # noqa: S105  # nosec B105 - a variable's name, not a secret
# Deriving the key (Argon2id) and opening the vault take seconds on a slow machine.
_UNLOCK_DEADLINE_MS = 60_000


def delay_ms() -> int | None:
    """Milliseconds to stay on a shown window before leaving, or None when not checking."""
    raw = os.environ.get(SMOKE_ENV, "").strip()
    return int(raw) if raw.isdigit() else None


def _say(line: str) -> None:
    print(line, flush=True)


def first_window_shown(dialog: QDialog) -> None:
    """Report the first window; unlock it with SAFEGUARD_PASSPHRASE, or close it after the delay."""
    delay = delay_ms()
    if delay is None:
        return
    _say(f"window shown: {dialog.windowTitle()}")
    field = getattr(dialog, "passphrase", None)
    unlock = getattr(dialog, "unlock", None)
    passphrase = os.environ.get(_PASSPHRASE_ENV)
    if passphrase and isinstance(field, QLineEdit) and callable(unlock):
        field.setText(passphrase)
        QTimer.singleShot(delay, dialog, unlock)

        def give_up() -> None:
            if dialog.isVisible():
                problem = getattr(dialog, "message", None)
                said = problem.text() if problem is not None and hasattr(problem, "text") else ""
                _say(f"smoke: the vault did not unlock: {said or 'no answer in time'}")
                dialog.done(QDialog.DialogCode.Rejected)

        # Tied to the dialog, so a timer never fires on a window already gone.
        QTimer.singleShot(delay + _UNLOCK_DEADLINE_MS, dialog, give_up)
    else:
        QTimer.singleShot(delay, dialog, lambda: dialog.done(QDialog.DialogCode.Rejected))


def main_window_shown(window: QMainWindow) -> None:
    """Report the main window and its child list once drawn, then close it (locking the vault)."""
    delay = delay_ms()
    if delay is None:
        return

    def report_and_leave() -> None:
        count = getattr(window, "count_label", None)
        listed = count.text() if isinstance(count, QWidget) and hasattr(count, "text") else "unknown"
        # Drawing it proves the platform plugin, the fonts and the style all loaded.
        picture = window.grab()
        _say(f"main window shown: {window.windowTitle()}; child list: {listed}")
        _say(f"main window drawn: {picture.width()}x{picture.height()}, null={picture.isNull()}")
        window.close()
        QApplication.quit()

    QTimer.singleShot(delay, window, report_and_leave)
