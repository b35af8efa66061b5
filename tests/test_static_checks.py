"""The habits CI holds us to: ruff clean everywhere, mypy --strict clean on the core."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str:
    exe = shutil.which(name, path=str(Path(sys.executable).parent))
    assert exe, f"{name} is a test dependency; install with .[test]"
    return exe


def test_ruff_finds_nothing():
    proc = subprocess.run([_tool("ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_core_is_strictly_typed():
    # No cache: a fresh clone and a warm checkout must give the same answer.
    proc = subprocess.run(
        [_tool("mypy"), "--no-incremental", "safeguard_desktop"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
