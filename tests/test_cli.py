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
    assert "Audit chain head: " in proc.stdout


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


def _copy_of(demo: Path, tmp_path: Path, name: str = "mine.vault") -> Path:
    copy = tmp_path / name
    copy.write_bytes(demo.read_bytes())
    (tmp_path / f"{name}.keys").write_bytes(Path(f"{demo}.keys").read_bytes())
    return copy


def test_backup_then_restore_then_check(demo, tmp_path):
    vault = _copy_of(demo, tmp_path)
    folder = tmp_path / "backups"
    folder.mkdir()
    env = {"SAFEGUARD_PASSPHRASE": DEMO_PASSPHRASE}
    proc = run("backup", str(vault), str(folder), env=env)
    assert proc.returncode == 0, proc.stderr
    made = [p for p in folder.iterdir() if p.suffix == ".vault"]
    assert len(made) == 1 and made[0].name.startswith("mine-backup-")
    assert str(made[0]) in proc.stdout
    restored = tmp_path / "restored.vault"
    proc = run("restore", str(made[0]), str(restored), env=env)
    assert proc.returncode == 0, proc.stderr
    assert "checked sound" in proc.stdout
    assert run("check", str(restored), env=env).returncode == 0
    # Never over an existing vault.
    assert_clean_failure(run("restore", str(made[0]), str(vault), env=env), "already exists")
    assert_clean_failure(run("backup", str(vault), str(made[0]), env=env), "nothing was overwritten")


def test_rotate_key_prints_progress_and_keeps_the_passphrase(demo, tmp_path):
    vault = _copy_of(demo, tmp_path)
    env = {"SAFEGUARD_PASSPHRASE": DEMO_PASSPHRASE}
    proc = run("rotate-key", str(vault), env=env)
    assert proc.returncode == 0, proc.stderr
    # One line rewritten with carriage returns (which text mode turns into line breaks).
    assert "Re-encrypting" in proc.stdout and "100%" in proc.stdout
    assert "key is rotated" in proc.stdout
    assert run("check", str(vault), env=env).returncode == 0
    assert_clean_failure(run("rotate-key", str(vault), env={"SAFEGUARD_PASSPHRASE": "wrong"}), "does not unlock")


def test_commands_refuse_a_vault_open_elsewhere(demo, tmp_path):
    vault = _copy_of(demo, tmp_path)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from safeguard_desktop.vault.session import Vault; "
            "v = Vault.open(Path(sys.argv[1]), sys.argv[2]); print('open', flush=True); time.sleep(120)",
            str(vault),
            DEMO_PASSPHRASE,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        env = {"SAFEGUARD_PASSPHRASE": DEMO_PASSPHRASE}
        for command in (["check", str(vault)], ["rotate-key", str(vault)], ["backup", str(vault), str(tmp_path)]):
            assert_clean_failure(
                run(*command, env=env), f"already open in another window or program (process {holder.pid}"
            )
    finally:
        holder.kill()
        holder.wait(timeout=30)


def test_demo_warns_about_a_synced_folder(tmp_path):
    folder = tmp_path / "OneDrive - Larkspur Trust"
    proc = run("demo", str(folder / "d.vault"), "--children", "1")
    assert proc.returncode == 0, proc.stderr
    assert "warning: d.vault is inside a folder that a cloud service (OneDrive) keeps in sync" in proc.stderr
