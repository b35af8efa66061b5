"""The key header: unlocking, wrong passphrases, changing, recovering, and crashes."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from safeguard_desktop.errors import (
    NotAVault,
    VaultDamaged,
    VaultExists,
    VaultNotFound,
    WeakPassphrase,
    WrongPassphrase,
    WrongRecoveryKey,
)
from safeguard_desktop.paths import header_path
from safeguard_desktop.vault.keyops import change_passphrase, recover, set_recovery_certificate
from safeguard_desktop.vault.keys import (
    RecoveryCertificate,
    calibrate,
    generate_recovery_pair,
    read_header,
)
from safeguard_desktop.vault.session import Vault
from tests.conftest import FAST_KDF, PASSPHRASE

NEW = "harbour velvet cactus lantern"


def make_recovery_pair(tmp_path: Path, name: str = "org") -> tuple[Path, Path]:
    cert, key_pem = generate_recovery_pair(f"Made-up Trust Recovery ({name})", key_size=2048)
    key_path, cert_path = tmp_path / f"{name}-key.pem", tmp_path / f"{name}-cert.pem"
    key_path.write_bytes(key_pem)
    cert_path.write_bytes(cert.pem)
    return key_path, cert_path


def test_header_holds_no_key_and_files_are_owner_only(vault, vault_path):
    vault.close()
    header = header_path(vault_path).read_bytes()
    doc = json.loads(header)
    assert doc["passphrase"]["kdf"] == "argon2id"
    assert set(doc["passphrase"]) >= {"salt", "nonce", "wrapped_key", "memory_kib", "time_cost"}
    if os.name == "posix":
        for f in (vault_path, header_path(vault_path)):
            assert f.stat().st_mode & 0o077 == 0, f"{f} is readable by others"


def test_wrong_passphrase_refused_and_nothing_written(vault, vault_path):
    vault.close()
    before = {p.name: p.read_bytes() for p in vault_path.parent.iterdir()}
    with pytest.raises(WrongPassphrase) as err:
        Vault.open(vault_path, "not the passphrase at all")
    assert "does not unlock" in err.value.message
    after = {p.name: p.read_bytes() for p in vault_path.parent.iterdir()}
    assert before == after


def test_each_failure_has_its_own_message(tmp_path, vault, vault_path):
    vault.close()
    with pytest.raises(VaultNotFound):
        Vault.open(tmp_path / "nowhere.vault", PASSPHRASE)
    stranger = tmp_path / "notes.vault"
    stranger.write_text("Shopping list: milk, eggs\n")
    with pytest.raises(NotAVault):
        Vault.open(stranger, PASSPHRASE)
    # A database file with its key header gone.
    lost = tmp_path / "lost.vault"
    lost.write_bytes(vault_path.read_bytes())
    with pytest.raises(NotAVault, match="key file"):
        Vault.open(lost, PASSPHRASE)
    with pytest.raises(VaultExists):
        Vault.create(vault_path, PASSPHRASE, vault.practitioner, kdf=FAST_KDF)


def test_damaged_first_page_is_reported_as_damage(vault, vault_path):
    vault.close()
    data = bytearray(vault_path.read_bytes())
    data[100:132] = bytes(32)
    vault_path.write_bytes(bytes(data))
    with pytest.raises(VaultDamaged, match="backup"):
        Vault.open(vault_path, PASSPHRASE)


def test_database_swapped_with_another_vaults_is_refused(tmp_path, practitioner):
    a = Vault.create(tmp_path / "a.vault", PASSPHRASE, practitioner, kdf=FAST_KDF)
    b = Vault.create(tmp_path / "b.vault", PASSPHRASE, practitioner, kdf=FAST_KDF)
    a.close()
    b.close()
    (tmp_path / "a.vault.keys").write_bytes((tmp_path / "b.vault.keys").read_bytes())
    with pytest.raises(VaultDamaged):
        Vault.open(tmp_path / "a.vault", PASSPHRASE)


def test_weak_passphrase_refused_with_reason(tmp_path, practitioner):
    with pytest.raises(WeakPassphrase) as err:
        Vault.create(tmp_path / "w.vault", "password1", practitioner, kdf=FAST_KDF)
    assert err.value.reasons
    assert not (tmp_path / "w.vault").exists()
    assert not (tmp_path / "w.vault.keys").exists()


def test_change_passphrase(vault, vault_path):
    vault.close()
    change_passphrase(vault_path, PASSPHRASE, NEW)
    with pytest.raises(WrongPassphrase):
        Vault.open(vault_path, PASSPHRASE)
    with Vault.open(vault_path, NEW) as v:
        assert "keys.passphrase_changed" in [e.action for e in _events(v)]
        assert v.check().ok


def test_change_passphrase_refuses_wrong_old_and_weak_new(vault, vault_path):
    vault.close()
    with pytest.raises(WrongPassphrase):
        change_passphrase(vault_path, "guessing wildly here", NEW)
    with pytest.raises(WeakPassphrase):
        change_passphrase(vault_path, PASSPHRASE, "short")
    Vault.open(vault_path, PASSPHRASE).close()


def _events(v):
    from safeguard_desktop.vault import audit

    return audit.events(v._ctx.conn)


def test_recovery_sets_new_passphrase(tmp_path, practitioner):
    key_path, cert_path = make_recovery_pair(tmp_path)
    path = tmp_path / "r.vault"
    v = Vault.create(path, PASSPHRASE, practitioner, kdf=FAST_KDF, recovery=RecoveryCertificate.load(cert_path))
    v.close()
    recover(path, key_path.read_bytes(), NEW)
    with pytest.raises(WrongPassphrase):
        Vault.open(path, PASSPHRASE)
    with Vault.open(path, NEW) as v2:
        assert v2.recovery is not None
    # Recovery still works after recovering: the certificate's wrap is kept.
    recover(path, key_path.read_bytes(), "second brand new phrase here")
    Vault.open(path, "second brand new phrase here").close()


def test_recovery_with_the_wrong_key_is_refused(tmp_path, practitioner):
    _, cert_path = make_recovery_pair(tmp_path, "org")
    other_key, _ = make_recovery_pair(tmp_path, "other")
    path = tmp_path / "r.vault"
    Vault.create(path, PASSPHRASE, practitioner, kdf=FAST_KDF, recovery=RecoveryCertificate.load(cert_path)).close()
    with pytest.raises(WrongRecoveryKey, match="does not belong"):
        recover(path, other_key.read_bytes(), NEW)
    Vault.open(path, PASSPHRASE).close()


def test_recovery_certificate_can_be_set_later(tmp_path, vault, vault_path):
    vault.close()
    key_path, _ = make_recovery_pair(tmp_path)
    with pytest.raises(WrongRecoveryKey, match="no recovery certificate"):
        recover(vault_path, key_path.read_bytes(), NEW)
    _, cert_path = make_recovery_pair(tmp_path, "later")
    set_recovery_certificate(vault_path, PASSPHRASE, RecoveryCertificate.load(cert_path))
    recover(vault_path, (tmp_path / "later-key.pem").read_bytes(), NEW)
    Vault.open(vault_path, NEW).close()


CRASH_SCRIPT = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    import safeguard_desktop.paths as paths
    from safeguard_desktop.vault.keyops import change_passphrase

    real_replace = os.replace
    def crash_instead_of_rename(src, dst):
        # The new header is written and fsynced; die before the rename makes it current.
        assert Path(src).read_bytes()
        os.kill(os.getpid(), signal.SIGKILL)
    paths.os.replace = crash_instead_of_rename
    change_passphrase(Path(sys.argv[1]), sys.argv[2], sys.argv[3])
    """
)


def test_crash_between_writing_and_renaming_the_header_loses_neither(vault, vault_path):
    vault.close()
    proc = subprocess.run(
        [sys.executable, "-c", CRASH_SCRIPT, str(vault_path), PASSPHRASE, NEW],
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == -9, proc.stderr.decode()
    # The old header is still in place and whole; the new one was never made current.
    Vault.open(vault_path, PASSPHRASE).close()
    with pytest.raises(WrongPassphrase):
        Vault.open(vault_path, NEW)
    # The leftover temporary header is harmless, and a later change still works.
    change_passphrase(vault_path, PASSPHRASE, NEW)
    Vault.open(vault_path, NEW).close()


def _rewrite_header(vault_path, change):
    """Edit the header as an attacker would: change it, then recompute the plain checksum."""
    import hashlib

    from safeguard_desktop.vault.audit import canonical_json

    hp = header_path(vault_path)
    doc = json.loads(hp.read_bytes())
    doc.pop("checksum")
    mac = doc.pop("mac")
    change(doc)
    doc["checksum"] = hashlib.sha256(canonical_json(doc)).hexdigest()
    doc["mac"] = mac
    hp.write_text(json.dumps(doc))


def test_header_tampered_kdf_parameters_fail_closed(vault, vault_path):
    vault.close()
    _rewrite_header(vault_path, lambda doc: doc["passphrase"].update(time_cost=2))
    with pytest.raises(WrongPassphrase):
        Vault.open(vault_path, PASSPHRASE)


def test_swapped_recovery_certificate_is_caught_at_unlock(tmp_path, practitioner):
    _, cert_path = make_recovery_pair(tmp_path, "org")
    attacker_key, attacker_cert = make_recovery_pair(tmp_path, "attacker")
    path = tmp_path / "s.vault"
    cert = RecoveryCertificate.load(cert_path)
    Vault.create(path, PASSPHRASE, practitioner, kdf=FAST_KDF, recovery=cert).close()
    _rewrite_header(path, lambda doc: doc["recovery"].update(certificate=attacker_cert.read_text()))
    with pytest.raises(VaultDamaged, match="altered outside the app"):
        Vault.open(path, PASSPHRASE)
    # And the key is never re-sealed to the attacker's certificate.
    with pytest.raises(VaultDamaged):
        change_passphrase(path, PASSPHRASE, NEW)
    # The attacker's own key cannot unwrap the organisation's entry either.
    with pytest.raises((NotAVault, VaultDamaged)):
        recover(path, attacker_key.read_bytes(), NEW)


def test_damaged_header_is_not_mistaken_for_a_wrong_passphrase(vault, vault_path):
    vault.close()
    hp = header_path(vault_path)
    doc = json.loads(hp.read_bytes())
    wrapped = bytearray(base64.b64decode(doc["passphrase"]["wrapped_key"]))
    wrapped[0] ^= 1
    doc["passphrase"]["wrapped_key"] = base64.b64encode(bytes(wrapped)).decode()
    hp.write_text(json.dumps(doc))
    with pytest.raises(NotAVault, match="damaged"):
        Vault.open(vault_path, PASSPHRASE)


@pytest.mark.parametrize(
    "change",
    [
        lambda doc: doc["passphrase"].update(time_cost=float("inf")),
        lambda doc: doc["passphrase"].update(memory_kib=8, parallelism=64),
        lambda doc: doc["passphrase"].update(memory_kib=8 * 1024 * 1024),
        lambda doc: doc["passphrase"].update(time_cost=1000),
        lambda doc: doc.update(passphrase="nonsense"),
    ],
)
def test_hostile_header_settings_are_refused_before_any_work(vault, vault_path, change):
    vault.close()
    _rewrite_header(vault_path, change)
    with pytest.raises(NotAVault):
        Vault.open(vault_path, PASSPHRASE)


def test_deeply_nested_header_is_refused(vault, vault_path):
    vault.close()
    header_path(vault_path).write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(NotAVault):
        Vault.open(vault_path, PASSPHRASE)


def test_calibration_meets_the_floor():
    params = calibrate(target_seconds=0.05)
    assert params.memory_kib >= 64 * 1024
    assert params.time_cost >= 2


def test_default_create_uses_calibrated_argon2id(tmp_path, practitioner):
    path = tmp_path / "real.vault"
    Vault.create(path, PASSPHRASE, practitioner).close()
    header = read_header(path)
    assert header.kdf.memory_kib >= 64 * 1024


def test_busy_vault_is_reported_as_busy_and_the_passphrase_is_unchanged(vault, vault_path):
    # Another window holds a write transaction: the change must wait, then refuse cleanly,
    # leaving the old passphrase in force and no half-made change.
    from safeguard_desktop.errors import VaultInUse

    conn = vault._ctx.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(VaultInUse, match="busy"):
            change_passphrase(vault_path, PASSPHRASE, NEW)
    finally:
        conn.execute("ROLLBACK")
    vault.close()
    Vault.open(vault_path, PASSPHRASE).close()


def test_header_changed_meanwhile_is_not_overwritten(vault, vault_path, monkeypatch):
    from safeguard_desktop.errors import VaultInUse
    from safeguard_desktop.vault import keyops

    vault.close()
    real_seal = keyops.KeyHeader.seal

    def seal_then_race(*args, **kwargs):
        sealed = real_seal(*args, **kwargs)
        monkeypatch.setattr(keyops.KeyHeader, "seal", real_seal)
        change_passphrase(vault_path, PASSPHRASE, "someone else's new phrase")  # the other window wins
        return sealed

    monkeypatch.setattr(keyops.KeyHeader, "seal", seal_then_race)
    with pytest.raises(VaultInUse, match="changed while"):
        change_passphrase(vault_path, PASSPHRASE, NEW)
    Vault.open(vault_path, "someone else's new phrase").close()
