"""One writer per vault: a second open is refused by name, and a crash never strands the lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from safeguard_desktop.errors import VaultInUse
from safeguard_desktop.vault.keyops import change_passphrase, verify_passphrase
from safeguard_desktop.vault.lock import lock_path
from safeguard_desktop.vault.session import Vault
from tests.conftest import FAST_KDF, PASSPHRASE

NEW = "harbour velvet cactus lantern"

HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from safeguard_desktop.vault.session import Vault
    v = Vault.open(Path(sys.argv[1]), sys.argv[2])
    print("open", flush=True)
    time.sleep(120)
    """
)


def test_second_open_in_the_same_process_is_refused(vault, vault_path):
    with pytest.raises(VaultInUse) as err:
        Vault.open(vault_path, PASSPHRASE)
    assert err.value.message == (
        f"test.vault is already open in another window or program (process {os.getpid()} on this computer). "
        "Close it there first."
    )
    vault.close()
    assert not lock_path(vault_path).exists()
    Vault.open(vault_path, PASSPHRASE).close()


def test_create_over_an_open_vault_is_refused(vault, vault_path, practitioner):
    from safeguard_desktop.errors import VaultExists

    with pytest.raises(VaultExists):
        Vault.create(vault_path, PASSPHRASE, practitioner, kdf=FAST_KDF)


def _start_holder(vault_path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(vault_path), PASSPHRASE], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "open"
    return proc


def test_another_process_holding_it_is_named_and_a_killed_holder_frees_it(vault, vault_path):
    vault.close()
    holder = _start_holder(vault_path)
    try:
        with pytest.raises(VaultInUse, match=f"process {holder.pid} on this computer"):
            Vault.open(vault_path, PASSPHRASE)
        # Key operations take the same lock.
        with pytest.raises(VaultInUse):
            change_passphrase(vault_path, PASSPHRASE, NEW)
        # Checking the passphrase again touches only the key file, so it still works.
        verify_passphrase(vault_path, PASSPHRASE)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    # The lock file is still there (the holder died without tidying up); the lock is not.
    assert lock_path(vault_path).exists()
    deadline = time.monotonic() + 10
    while True:
        try:
            v = Vault.open(vault_path, PASSPHRASE)
            break
        except VaultInUse:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    assert v.check().ok
    v.close()
    assert not lock_path(vault_path).exists()


def test_changing_the_passphrase_of_the_vault_this_process_has_open(vault, vault_path):
    # The window that has the vault open changes its own passphrase: it owns the lock.
    change_passphrase(vault_path, PASSPHRASE, NEW)
    assert vault.is_open
    vault.close()
    Vault.open(vault_path, NEW).close()


def test_a_failed_open_releases_the_lock(vault, vault_path):
    from safeguard_desktop.errors import WrongPassphrase

    vault.close()
    with pytest.raises(WrongPassphrase):
        Vault.open(vault_path, "not the passphrase at all")
    assert not lock_path(vault_path).exists()
    Vault.open(vault_path, PASSPHRASE).close()
