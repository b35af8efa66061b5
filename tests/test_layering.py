"""The boundary: the core never imports Qt, and the GUI never runs SQL."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "safeguard_desktop"


def test_import_linter_contracts_hold():
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert exe, "import-linter is a test dependency; install with .[test]"
    proc = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 kept, 0 broken" in proc.stdout


def test_gui_source_contains_no_sql():
    # import-linter sees imports; this sees a connection smuggled in by other means.
    pattern = re.compile(r"\.execute(many|script)?\(|\bPRAGMA\b|\bSELECT\b.+\bFROM\b|\bINSERT INTO\b")
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in (PACKAGE / "gui").rglob("*.py")
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_core_modules_import_without_qt():
    code = (
        "import sys, pkgutil, importlib, safeguard_desktop\n"
        "for m in pkgutil.walk_packages(safeguard_desktop.__path__, 'safeguard_desktop.'):\n"
        "    if not m.name.startswith(('safeguard_desktop.gui', 'safeguard_desktop.__main__')):\n"
        "        importlib.import_module(m.name)\n"
        "bad = [n for n in sys.modules if n.split('.')[0] in ('PySide6', 'shiboken6')]\n"
        "assert not bad, bad\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
