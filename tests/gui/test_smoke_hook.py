"""The hidden start-up check packaging/pyinstaller/smoke.sh drives in the bundled app."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QDialog

from safeguard_desktop.gui import smoke
from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.gui.unlock import UnlockDialog
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import PASSPHRASE, WORKER_TIMEOUT_MS, add_child_core


@pytest.fixture
def closed_vault(vault: Vault) -> Vault:
    add_child_core(vault, "Maisie", "<b>O'Brien & Sons</b>")
    vault.close()
    return vault


def test_inert_unless_asked_for(qtbot, closed_vault: Vault, monkeypatch, capsys) -> None:
    monkeypatch.delenv(smoke.SMOKE_ENV, raising=False)
    monkeypatch.setenv("SAFEGUARD_PASSPHRASE", PASSPHRASE)
    dialog = UnlockDialog(closed_vault.path)
    qtbot.addWidget(dialog)
    dialog.show()
    smoke.first_window_shown(dialog)
    qtbot.wait(50)
    assert dialog.passphrase.text() == ""
    assert dialog.isVisible()
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("raw", ["", "soon", "-5", "1.5"])
def test_a_delay_that_is_not_a_whole_number_is_ignored(monkeypatch, raw: str) -> None:
    monkeypatch.setenv(smoke.SMOKE_ENV, raw)
    assert smoke.delay_ms() is None


def test_unlocks_then_reports_the_main_window_without_record_data(
    qtbot, closed_vault: Vault, monkeypatch, capsys
) -> None:
    monkeypatch.setenv(smoke.SMOKE_ENV, "10")
    monkeypatch.setenv("SAFEGUARD_PASSPHRASE", PASSPHRASE)
    quits: list[bool] = []
    monkeypatch.setattr(smoke, "QApplication", SimpleNamespace(quit=lambda: quits.append(True)))
    dialog = UnlockDialog(closed_vault.path)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.vault_ready, timeout=WORKER_TIMEOUT_MS) as ready:
        smoke.first_window_shown(dialog)
    opened = ready.args[0]
    assert dialog.result() == QDialog.DialogCode.Accepted
    window = MainWindow(opened)
    qtbot.addWidget(window)
    window.show()
    smoke.main_window_shown(window)
    qtbot.waitUntil(lambda: bool(quits), timeout=WORKER_TIMEOUT_MS)
    assert not window.isVisible()
    assert window.vault is None  # closing locked the vault
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "window shown: Unlock — safeguard-desktop"
    assert out[1] == "main window shown: safeguard-desktop — test.vault; child list: 1 child"
    assert out[2].startswith("main window drawn: ") and out[2].endswith(", null=False")
    assert "O'Brien" not in "\n".join(out)


def test_a_passphrase_that_fails_is_reported_and_the_window_left(
    qtbot, closed_vault: Vault, monkeypatch, capsys
) -> None:
    monkeypatch.setenv(smoke.SMOKE_ENV, "10")
    monkeypatch.setenv("SAFEGUARD_PASSPHRASE", "not the passphrase")
    monkeypatch.setattr(smoke, "_UNLOCK_DEADLINE_MS", 300)
    dialog = UnlockDialog(closed_vault.path)
    qtbot.addWidget(dialog)
    dialog.show()
    smoke.first_window_shown(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WORKER_TIMEOUT_MS)
    assert dialog.result() == QDialog.DialogCode.Rejected
    out = capsys.readouterr().out
    assert "smoke: the vault did not unlock: That passphrase does not unlock this vault." in out
