"""GUI test fixtures: an offscreen Qt platform, a private data folder, fast throwaway vaults."""

from __future__ import annotations

import os

# Before any Qt import: the tests must run with no display (CI, SSH sessions).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QRadioButton,
    QWidget,
)

from safeguard_desktop.domain.people import Child
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.vault.keys import KdfParams
from safeguard_desktop.vault.session import Vault

# Only for vaults made through the core; the create dialog always uses the real cost.
FAST_KDF = KdfParams(time_cost=1, memory_kib=8192, parallelism=1)
PASSPHRASE = "amber kettle sorting 47 lanterns"
WORKER_TIMEOUT_MS = 15_000


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Recent-vault lists and defaults go to a temporary folder, never the tester's own."""
    monkeypatch.setenv("SAFEGUARD_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture(autouse=True)
def _private_settings(tmp_path: Path) -> Iterator[None]:
    """QSettings go to an INI file in a temporary folder, never the tester's own settings."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield
    QSettings().clear()


@pytest.fixture
def practitioner() -> Practitioner:
    return Practitioner(
        name="Aoife Brennan-Kaur",
        role="Designated Safeguarding Lead",
        organisation="Riverside Academy",
        contact="01865 000000",
    )


@pytest.fixture
def vault(tmp_path: Path, practitioner: Practitioner) -> Iterator[Vault]:
    v = Vault.create(tmp_path / "test.vault", PASSPHRASE, practitioner, kdf=FAST_KDF)
    yield v
    v.close()


@pytest.fixture
def window(qtbot, vault: Vault) -> MainWindow:
    w = MainWindow(vault)
    qtbot.addWidget(w)
    w.show()
    return w


def add_child_core(vault: Vault, given: str, family: str, **extra: object) -> object:
    """Store a child directly through the core (for tests about other things)."""
    extra.setdefault("date_of_birth", date(2015, 6, 1))
    return vault.children.add(Child(given_names=given, family_name=family, **extra))


def click(qtbot, button: QAbstractButton) -> None:
    """Click a button as a person would, after checking a person could."""
    assert button.isEnabled(), f"{button.text()!r} is disabled"
    if isinstance(button, QCheckBox | QRadioButton):
        # A tick box may be stretched across its form row; a person clicks the box itself.
        pos = QPoint(min(8, button.width() // 2), button.height() // 2)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=pos)
    else:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(qtbot, widget: QWidget, text: str) -> None:
    """Type into a field as a person would, key by key.

    QTest.keyClicks only knows ASCII keys (it aborts on "á"), so other characters arrive
    as a key event carrying the text, which is what a keyboard layout with accents sends.
    """
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
