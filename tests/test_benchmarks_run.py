"""The benchmarks still run (their figures are for people to read, not for tests to judge)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_startup_unlock_benchmark_runs_and_prints_its_figures():
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "startup_unlock.py"),
            "--runs",
            "1",
            "--children",
            "2",
            "--fast-kdf",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    for line in ("cold start to unlock window:", "unlock (Vault.open):", "unlock / derivation ratio:"):
        assert line in proc.stdout
