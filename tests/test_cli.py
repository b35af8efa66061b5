"""The command line as a person meets it: real processes, exit codes, no tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from safeguard_desktop import __version__
from safeguard_desktop.demo import DEMO_PASSPHRASE, build_demo_vault
from tests.conftest import FAST_KDF, tamper

NEW = "harbour velvet cactus lantern"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "safeguard_desktop", *args],
        capture_output=True,
        text=True,
        env=full_env,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def assert_clean_failure(proc: subprocess.CompletedProcess[str], words: str) -> None:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr + proc.stdout
    assert words in proc.stderr


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.vault"
    result = build_demo_vault(path, kdf=FAST_KDF, children=6)
    assert result.children == 6
    return path


def test_version():
    proc = run("--version")
    assert proc.returncode == 0
    assert __version__ in proc.stdout


def test_demo_command_makes_a_marked_vault_that_checks_sound(tmp_path):
    path = tmp_path / "newcomer.vault"
    proc = run("demo", str(path), "--children", "3")
    assert proc.returncode == 0, proc.stderr
    assert "3 children" in proc.stdout and DEMO_PASSPHRASE in proc.stdout
    assert (tmp_path / "newcomer.vault.DEMO-recovery-key.pem").exists()
    proc = run("check", str(path), env={"SAFEGUARD_PASSPHRASE": DEMO_PASSPHRASE})
    assert proc.returncode == 0, proc.stderr
    assert "sound" in proc.stdout


def test_check_reports_problems_with_exit_1(demo, tmp_path):
    from safeguard_desktop.vault.session import Vault

    copy = tmp_path / "copy.vault"
    copy.write_bytes(demo.read_bytes())
    (tmp_path / "copy.vault.keys").write_bytes(Path(f"{demo}.keys").read_bytes())
    with Vault.open(copy, DEMO_PASSPHRASE) as v:
        tamper(v).execute("UPDATE audit SET action = 'nothing.happened' WHERE seq = 5")
    proc = run("check", str(copy), env={"SAFEGUARD_PASSPHRASE": DEMO_PASSPHRASE})
    assert proc.returncode == 1
    assert "audit event 5 has been altered" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_failures_are_one_clear_line(demo, tmp_path):
    assert_clean_failure(run("check", str(demo), env={"SAFEGUARD_PASSPHRASE": "not it at all"}), "does not unlock")
    assert_clean_failure(
        run("check", str(tmp_path / "absent.vault"), env={"SAFEGUARD_PASSPHRASE": "x"}), "There is no vault"
    )
    junk = tmp_path / "junk.vault"
    junk.write_bytes(b"%PDF-1.7 not a vault")
    assert_clean_failure(run("check", str(junk), env={"SAFEGUARD_PASSPHRASE": "x"}), "not a safeguard-desktop vault")
    # No passphrase and no terminal: a clear usage error, not a hang.
    assert_clean_failure(run("check", str(demo)), "SAFEGUARD_PASSPHRASE")


def test_recover_with_the_demo_key_then_change_passphrase(tmp_path):
    path = tmp_path / "r.vault"
    build_demo_vault(path, kdf=FAST_KDF, children=1)
    key = f"{path}.DEMO-recovery-key.pem"
    proc = run("recover", str(path), "--recovery-key", key, env={"SAFEGUARD_NEW_PASSPHRASE": NEW})
    assert proc.returncode == 0, proc.stderr
    assert_clean_failure(run("check", str(path), env={"SAFEGUARD_PASSPHRASE": DEMO_PASSPHRASE}), "does not unlock")
    proc = run(
        "change-passphrase",
        str(path),
        env={"SAFEGUARD_PASSPHRASE": NEW, "SAFEGUARD_NEW_PASSPHRASE": "quartz meadow biscuit ferry"},
    )
    assert proc.returncode == 0, proc.stderr
    assert run("check", str(path), env={"SAFEGUARD_PASSPHRASE": "quartz meadow biscuit ferry"}).returncode == 0
    assert_clean_failure(
        run(
            "recover",
            str(path),
            "--recovery-key",
            str(tmp_path / "nokey.pem"),
            env={"SAFEGUARD_NEW_PASSPHRASE": NEW},
        ),
        "could not be read",
    )


def test_weak_new_passphrase_refused(tmp_path):
    path = tmp_path / "w.vault"
    build_demo_vault(path, kdf=FAST_KDF, children=1)
    proc = run(
        "change-passphrase",
        str(path),
        env={"SAFEGUARD_PASSPHRASE": DEMO_PASSPHRASE, "SAFEGUARD_NEW_PASSPHRASE": "password"},
    )
    assert_clean_failure(proc, "too weak")


def test_demo_never_echoes_a_passphrase_from_the_environment(tmp_path):
    secret = "my real passphrase is this one"
    proc = run("demo", str(tmp_path / "d.vault"), "--children", "1", env={"SAFEGUARD_PASSPHRASE": secret})
    assert proc.returncode == 0, proc.stderr
    assert secret not in proc.stdout + proc.stderr


def test_a_demo_that_cannot_finish_leaves_nothing_behind(tmp_path, monkeypatch):
    from safeguard_desktop import demo as demo_module
    from safeguard_desktop.errors import VaultError

    def full_disk(self, size, serial):
        raise VaultError("The disk is full, so nothing was saved. Free some space and try again.")

    monkeypatch.setattr(demo_module._Builder, "family", full_disk)
    with pytest.raises(VaultError, match="disk is full"):
        build_demo_vault(tmp_path / "half.vault", kdf=FAST_KDF, children=3)
    assert list(tmp_path.iterdir()) == []
