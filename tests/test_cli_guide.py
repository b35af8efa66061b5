"""The guide-pack and guide-install commands as a partnership and IT meet them: real processes."""

from __future__ import annotations

import hashlib
import json
import stat
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from safeguard_desktop.thresholds import library
from safeguard_desktop.thresholds.packs import fingerprint, format_fingerprint
from safeguard_desktop.vault.session import Vault
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.test_cli import assert_clean_failure, run
from tests.thresholds.test_packs import pretty, revised, tampered

KEY_PASS = "copper meadow violin stapler"
KEY_ENV = {"SAFEGUARD_SIGNING_KEY_PASSPHRASE": KEY_PASS}


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A key made with keygen and a pack made with sign, shared by the tests that only read them."""
    folder = tmp_path_factory.mktemp("partnership")
    key = folder / "partnership-key.pem"
    proc = run("guide-pack", "keygen", "--out", str(key), env=KEY_ENV)
    assert proc.returncode == 0, proc.stderr
    content = folder / "guide-2026.json"
    content.write_bytes(pretty(revised()))
    pack = folder / "guide-2026.sgpack"
    proc = run("guide-pack", "sign", str(content), "--key", str(key), "-o", str(pack), env=KEY_ENV)
    assert proc.returncode == 0, proc.stderr
    assert revised().edition().citation() in proc.stdout
    return {"key": key, "public": folder / "partnership-key.pub.pem", "pack": pack, "keygen": folder}


def test_keygen_makes_an_encrypted_owner_only_key_and_prints_its_fingerprint(signed, tmp_path):
    private = signed["key"].read_bytes()
    assert b"ENCRYPTED PRIVATE KEY" in private
    if sys.platform != "win32":
        assert stat.S_IMODE(signed["key"].stat().st_mode) == 0o600
    key = serialization.load_pem_private_key(private, password=KEY_PASS.encode())
    public = serialization.load_pem_public_key(signed["public"].read_bytes())
    assert public == key.public_key()
    proc = run("guide-pack", "keygen", "--out", str(tmp_path / "k.pem"), env=KEY_ENV)
    printed = proc.stdout.split("Fingerprint: ")[1].strip()
    made = serialization.load_pem_public_key((tmp_path / "k.pub.pem").read_bytes())
    assert printed == format_fingerprint(fingerprint(made))


def test_keygen_never_overwrites_and_refuses_a_weak_passphrase(signed, tmp_path):
    before = signed["key"].read_bytes()
    assert_clean_failure(run("guide-pack", "keygen", "--out", str(signed["key"]), env=KEY_ENV), "already exists")
    assert signed["key"].read_bytes() == before
    weak = run(
        "guide-pack", "keygen", "--out", str(tmp_path / "weak.pem"), env={"SAFEGUARD_SIGNING_KEY_PASSPHRASE": "abc"}
    )
    assert_clean_failure(weak, "too weak")
    assert not (tmp_path / "weak.pem").exists()
    assert_clean_failure(
        run("guide-pack", "keygen", "--out", str(tmp_path / "x.pem")), "No passphrase for the signing key"
    )


def test_sign_refuses_invalid_content_readably_and_writes_nothing(signed, tmp_path):
    data = revised().model_dump(mode="json")
    data["routes"][0]["how"] = []
    content = tmp_path / "broken.json"
    content.write_text(json.dumps(data))
    out = tmp_path / "broken.sgpack"
    proc = run("guide-pack", "sign", str(content), "--key", str(signed["key"]), "-o", str(out), env=KEY_ENV)
    assert_clean_failure(proc, "routes[0].how: List should have at least 1 item")
    assert not out.exists()


def test_sign_refuses_the_wrong_key_passphrase(signed, tmp_path):
    content = tmp_path / "g.json"
    content.write_bytes(pretty(revised()))
    proc = run(
        "guide-pack", "sign", str(content), "--key", str(signed["key"]), "-o", str(tmp_path / "p.sgpack"),
        env={"SAFEGUARD_SIGNING_KEY_PASSPHRASE": "not the right one at all"},
    )  # fmt: skip
    assert_clean_failure(proc, "passphrase does not unlock")
    assert not (tmp_path / "p.sgpack").exists()


def test_verify_names_the_edition_and_signer(signed, tmp_path):
    proc = run("guide-pack", "verify", str(signed["pack"]), "--trust", str(signed["public"]))
    assert proc.returncode == 0, proc.stderr
    assert revised().edition().citation() in proc.stdout
    public = serialization.load_pem_public_key(signed["public"].read_bytes())
    assert format_fingerprint(fingerprint(public)) in proc.stdout
    assert hashlib.sha256(revised().canonical_bytes()).hexdigest() in proc.stdout


def test_verify_refuses_with_the_reason(signed, tmp_path):
    bad = tmp_path / "tampered.sgpack"
    bad.write_bytes(tampered(signed["pack"].read_bytes()))
    assert_clean_failure(
        run("guide-pack", "verify", str(bad), "--trust", str(signed["public"])), "changed after it was signed"
    )
    # With no --trust, only this computer's keys count, and it has none.
    nobody = {"XDG_CONFIG_DIRS": str(tmp_path / "empty")}
    proc = run("guide-pack", "verify", str(signed["pack"]), env=nobody)
    assert proc.returncode == 1
    assert_clean_failure(proc, "does not trust")
    assert_clean_failure(run("guide-pack", "verify", str(tmp_path / "absent.sgpack")), "could not be read")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the managed folder is redirected through XDG")
def test_guide_install_uses_the_managed_trust_folder(signed, tmp_path, practitioner):
    vault_path = tmp_path / "dsl.vault"
    Vault.create(vault_path, PASSPHRASE, practitioner, kdf=FAST_KDF).close()
    env = {"SAFEGUARD_PASSPHRASE": PASSPHRASE, "XDG_CONFIG_DIRS": str(tmp_path / "etc-xdg")}

    untrusted = run("guide-install", str(signed["pack"]), "--vault", str(vault_path), env=env)
    assert_clean_failure(untrusted, "does not trust")

    managed = tmp_path / "etc-xdg" / "safeguard-desktop" / "trusted-keys" / "threshold-guide"
    managed.mkdir(parents=True)
    (managed / "partnership.pem").write_bytes(signed["public"].read_bytes())
    proc = run("guide-install", str(signed["pack"]), "--vault", str(vault_path), env=env)
    assert proc.returncode == 0, proc.stderr
    assert f"installed {revised().edition().citation()}" in proc.stdout

    again = run("guide-install", str(signed["pack"]), "--vault", str(vault_path), env=env)
    assert_clean_failure(again, "already the one in use")
    with Vault.open(vault_path, PASSPHRASE) as vault:
        assert library.current_edition(vault) == revised().edition()
        assert len(library.editions(vault)) == 2
        assert vault.check().ok
