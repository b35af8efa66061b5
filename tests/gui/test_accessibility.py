"""Every input and button a person can reach has a name a screen reader can announce."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QWidget,
)

from safeguard_desktop.gui.concern_parts import ChildPicker
from safeguard_desktop.gui.create_vault import CreateVaultDialog
from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.gui.unlock import UnlockDialog
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import add_child_core

INPUTS = (QLineEdit, QPlainTextEdit, QComboBox, QAbstractButton, QListWidget)


def _unnamed(root: QWidget) -> list[str]:
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INPUTS) or not widget.focusPolicy():
            continue
        if isinstance(widget.parentWidget(), QComboBox | QAbstractSpinBox):  # a combo's or spin box's own internals
            continue
        if not widget.accessibleName() and not (isinstance(widget, QAbstractButton) and widget.text()):
            missing.append(f"{type(widget).__name__} {getattr(widget, 'placeholderText', lambda: '')()!r}")
    return missing


def test_every_form_names_its_inputs(qtbot, tmp_path: Path, window: MainWindow, vault: Vault) -> None:
    add_child_core(vault, "Nia", "Evans")
    window.model.refresh()
    window.table.selectRow(0)
    roots: list[QWidget] = [window, CreateVaultDialog(tmp_path / "a.vault"), UnlockDialog(vault.path)]
    for open_form in (window.new_child, window.add_person, window.log_concern):
        form = open_form()
        roots.append(form)
        if open_form == window.log_concern:
            form.informed.add_row()
            roots.append(ChildPicker(vault.children, set()))
    for root in roots:
        if root is not window:
            qtbot.addWidget(root)
        assert _unnamed(root) == [], type(root).__name__
        assert len([w for w in root.findChildren(QWidget) if isinstance(w, INPUTS)]) > 2


def test_vault_care_dialogs_name_their_inputs(qtbot, vault: Vault) -> None:
    from safeguard_desktop.gui.confirm import ConfirmPassphraseDialog
    from safeguard_desktop.gui.key_dialogs import ChangePassphraseDialog, RotateKeyDialog
    from safeguard_desktop.gui.settings import SettingsDialog

    for dialog in (
        ConfirmPassphraseDialog(vault.path, "Why"),
        ChangePassphraseDialog(vault.path, "old"),
        RotateKeyDialog(),
        SettingsDialog(),
    ):
        qtbot.addWidget(dialog)
        assert _unnamed(dialog) == [], type(dialog).__name__
