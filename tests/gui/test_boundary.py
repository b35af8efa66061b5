"""The GUI reaches the vault only through the core's repositories: no SQL, no driver."""

from __future__ import annotations

import ast
from pathlib import Path

import safeguard_desktop.gui

FORBIDDEN = ("sqlite3", "sqlcipher3", "safeguard_desktop.vault.connection", "safeguard_desktop.vault.migrate")


def test_gui_modules_import_no_database_driver() -> None:
    folder = Path(safeguard_desktop.gui.__file__).parent
    for source in folder.glob("*.py"):
        tree = ast.parse(source.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                names = [base, *(f"{base}.{alias.name}" for alias in node.names)]
            else:
                continue
            for name in names:
                assert not name.startswith(FORBIDDEN), f"{source.name} imports {name}"
