"""Rotating the vault key: a new key, the same passphrase, and no loss at any crash point."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import date

import pytest

from safeguard_desktop.domain.people import Child
from safeguard_desktop.errors import VaultInUse, WrongPassphrase
from safeguard_desktop.paths import header_path
from safeguard_desktop.vault import audit
from safeguard_desktop.vault.backup import backup_vault, restore_backup
from safeguard_desktop.vault.keyops import recover
from safeguard_desktop.vault.keys import RecoveryCertificate, read_header
from safeguard_desktop.vault.rotate import rotate_vault_key
from safeguard_desktop.vault.session import Vault
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.vault.test_keys import make_recovery_pair

FAMILIES = [f"Rotherwick-{i}" for i in range(40)]


def fill(vault: Vault) -> None:
    with vault.batch():
        for name in FAMILIES:
            vault.children.add(Child(given_names="Imogen", family_name=name, date_of_birth=date(2016, 1, 2)))


def assert_intact(path, passphrase=PASSPHRASE) -> None:
    with Vault.open(path, passphrase) as v:
        assert sorted(c.data.family_name for c in v.children.list()) == sorted(FAMILIES)
        report = v.check()
        assert report.ok, report.faults
    assert len(read_header(path).entries) == 1, "the interrupted rotation was not settled"
    assert not path.with_name(path.name + ".rotating").exists()


def test_rotation_changes_the_key_not_the_passphrase(vault, vault_path, tmp_path):
    fill(vault)
    old_backup = backup_vault(vault, tmp_path / "before.vault")
    vault.close()
    old_db = vault_path.read_bytes()
    seen: list[tuple[int, int]] = []
    rotate_vault_key(vault_path, PASSPHRASE, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1] > 0
    assert vault_path.read_bytes()[:16] != old_db[:16]  # every page re-encrypted
    assert_intact(vault_path)
    with Vault.open(vault_path, PASSPHRASE) as v:
        assert audit.events(v._ctx.conn)[-1].action == "keys.rotated"
    # The old key file no longer opens the rotated database...
    header_path(tmp_path / "mixed.vault").write_bytes(header_path(old_backup).read_bytes())
    (tmp_path / "mixed.vault").write_bytes(vault_path.read_bytes())
    with pytest.raises(Exception, match=r"damaged|does not belong"):
        Vault.open(tmp_path / "mixed.vault", PASSPHRASE)
    # ...but the old backup still opens with its own.
    restore_backup(old_backup, tmp_path / "restored.vault", PASSPHRASE)


def test_rotation_keeps_the_recovery_certificate(tmp_path, practitioner):
    key_path, cert_path = make_recovery_pair(tmp_path)
    path = tmp_path / "r.vault"
    with Vault.create(path, PASSPHRASE, practitioner, kdf=FAST_KDF, recovery=RecoveryCertificate.load(cert_path)) as v:
        fill(v)
    rotate_vault_key(path, PASSPHRASE)
    recover(path, key_path.read_bytes(), "harbour velvet cactus lantern")
    assert_intact(path, "harbour velvet cactus lantern")


def test_rotation_refuses_an_open_vault_and_a_wrong_passphrase(vault, vault_path):
    with pytest.raises(VaultInUse, match="already open"):
        rotate_vault_key(vault_path, PASSPHRASE)
    vault.close()
    with pytest.raises(WrongPassphrase):
        rotate_vault_key(vault_path, "not the passphrase at all")
    assert sorted(p.name for p in vault_path.parent.iterdir()) == ["test.vault", "test.vault.keys"]


CRASH_SCRIPT = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from safeguard_desktop.vault.rotate import rotate_vault_key

    where = sys.argv[3]
    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    # os.replace is called three times: header with both keys (b), the database (c), the
    # header with only the new key (d). Die just before or just after the one named.
    real_replace = os.replace
    calls = []
    def replace(src, dst):
        calls.append(dst)
        n = str(len(calls))
        if where == "before-" + n:
            die()
        real_replace(src, dst)
        if where == "after-" + n:
            die()
    os.replace = replace

    def progress(done, total):
        if where == "during-copy" and done > 0:
            die()
    rotate_vault_key(Path(sys.argv[1]), sys.argv[2], progress=progress)
    print("finished without dying", calls)
    """
)


@pytest.mark.parametrize(
    "where",
    ["during-copy", "before-1", "after-1", "before-2", "after-2", "before-3", "after-3"],
    ids=["a-mid-copy", "b-before", "b-after", "c-before", "c-after", "d-before", "d-after"],
)
def test_a_crash_at_any_step_loses_nothing(vault, vault_path, where):
    fill(vault)
    vault.close()
    proc = subprocess.run(
        [sys.executable, "-c", CRASH_SCRIPT, str(vault_path), PASSPHRASE, where],
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == -9, proc.stdout.decode() + proc.stderr.decode()
    doc = json.loads(header_path(vault_path).read_bytes())
    if where in ("after-1", "before-2", "after-2", "before-3"):
        assert len(doc.get("older_keys", [])) == 1, "expected the two-key header at this step"
    assert_intact(vault_path)
    # And a rotation afterwards completes normally.
    rotate_vault_key(vault_path, PASSPHRASE)
    assert_intact(vault_path)


@pytest.mark.parametrize(("fail_at", "words"), [(2, "was not changed"), (3, "re-encrypted under the new key")])
def test_a_file_error_mid_swap_says_truthfully_where_it_stopped(vault, vault_path, monkeypatch, fail_at, words):
    # os.replace runs for the two-key header (1), the database (2) and the final header (3).
    import os

    from safeguard_desktop.errors import VaultError

    vault.close()
    calls = {"n": 0}
    real_replace = os.replace

    def flaky_replace(src, dst):
        calls["n"] += 1
        if calls["n"] == fail_at:
            raise PermissionError(13, "Permission denied")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky_replace)  # the key-file writer and the swap share it
    with pytest.raises(VaultError, match=words):
        rotate_vault_key(vault_path, PASSPHRASE)
    monkeypatch.undo()
    with Vault.open(vault_path, PASSPHRASE) as again:  # either way it opens, and the next open settles
        assert again.check().ok
