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


def test_school_scale_benchmark_runs_on_a_small_vault_and_prints_its_table(tmp_path):
    vault = tmp_path / "school.vault"
    args = [sys.executable, str(ROOT / "benchmarks" / "school_scale.py"), "--vault", str(vault)]
    args += ["--children", "20", "--repeat", "2", "--fast-kdf"]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"built {vault}")
    for line in ("open the child list", "open the heaviest child", "search everything", "log a concern"):
        assert line in proc.stdout
    # A second run reuses the vault it kept rather than building another.
    again = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith(f"reused {vault}")


def test_guide_editions_benchmark_runs_and_prints_its_figures():
    script = ROOT / "benchmarks" / "guide_editions.py"
    proc = subprocess.run([sys.executable, str(script), "--repeat", "2"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    for line in ("install (verify, check, store, audit):", "re-verified read / plain parse:"):
        assert line in proc.stdout


def test_screening_benchmark_runs_and_prints_its_figures(tmp_path):
    script = ROOT / "benchmarks" / "screening.py"
    args = [sys.executable, str(script), "--repeat", "3", "--dir", str(tmp_path)]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    for line in ("save as you go: median", "save / bare", "sign off (record", "screening PDF: median"):
        assert line in proc.stdout


def test_referral_packet_benchmark_runs_on_a_small_referral_and_prints_its_figures():
    script = ROOT / "benchmarks" / "referral_packet.py"
    args = [sys.executable, str(script), "--entries", "20", "--megabytes", "1", "--files", "2", "--runs", "1"]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    for line in ("packet: 20 chronology entries", "export (assemble + sign + zip + encrypt): median", "verify ("):
        assert line in proc.stdout


def test_governance_benchmark_runs_and_prints_its_figures():
    script = ROOT / "benchmarks" / "governance.py"
    args = [sys.executable, str(script), "--children", "3", "--repeat", "2", "--disclosures", "20", "--fast-kdf"]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    for line in ("review queue (2 due):", "subject access bundle and PDF", "disclosure log (20 entries)"):
        assert line in proc.stdout
    assert "disposal / rewrite ratio:" in proc.stdout
