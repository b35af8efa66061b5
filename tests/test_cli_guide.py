"""The guide-pack and guide-install commands as a partnership and IT meet them: real processes."""

from __future__ import annotations

import hashlib
import json
import stat
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from safeguard_desktop import cli
from safeguard_desktop.domain.ukdates import uk_today
from safeguard_desktop.thresholds import library
from safeguard_desktop.thresholds.packs import fingerprint, format_fingerprint
from safeguard_desktop.vault.session import Vault
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.test_cli import assert_clean_failure, run
from tests.thresholds.test_packs import UNSUPPORTED_CURVE_PEM, pretty, revised, tampered, trust_only

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


def test_sign_refuses_a_future_date_before_asking_for_the_key(signed, tmp_path):
    data = revised().model_dump(mode="json")
    data["source"]["published"] = (uk_today() + timedelta(days=1)).isoformat()
    content = tmp_path / "typo.json"
    content.write_text(json.dumps(data))
    out = tmp_path / "typo.sgpack"
    # No passphrase given: the date is refused first, so it is never asked for.
    proc = run("guide-pack", "sign", str(content), "--key", str(signed["key"]), "-o", str(out))
    assert_clean_failure(proc, "which is after today")
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


def test_verify_refuses_with_the_reason(signed, tmp_path, monkeypatch, capsys):
    bad = tmp_path / "tampered.sgpack"
    bad.write_bytes(tampered(signed["pack"].read_bytes()))
    assert_clean_failure(
        run("guide-pack", "verify", str(bad), "--trust", str(signed["public"])), "changed after it was signed"
    )
    assert_clean_failure(run("guide-pack", "verify", str(tmp_path / "absent.sgpack")), "could not be read")
    # With no --trust, only this computer's keys count (here, a trust folder with none in it).
    trust_only(monkeypatch, tmp_path / "trusted-keys")
    assert cli.main(["guide-pack", "verify", str(signed["pack"])]) == 1
    assert "No partnership key has been set up on this computer" in capsys.readouterr().err


def test_a_key_on_an_unsupported_curve_is_a_clear_error(signed, tmp_path):
    odd = tmp_path / "odd.pem"
    odd.write_bytes(UNSUPPORTED_CURVE_PEM)
    proc = run("guide-pack", "verify", str(signed["pack"]), "--trust", str(odd))
    assert_clean_failure(proc, "is not an Ed25519 public key")


def _vault(tmp_path: Path, practitioner) -> Path:
    path = tmp_path / "dsl.vault"
    Vault.create(path, PASSPHRASE, practitioner, kdf=FAST_KDF).close()
    return path


def test_guide_install_uses_the_managed_trust_folder(signed, tmp_path, practitioner, monkeypatch, capsys):
    vault_path = _vault(tmp_path, practitioner)
    monkeypatch.setenv("SAFEGUARD_PASSPHRASE", PASSPHRASE)
    install = ["guide-install", str(signed["pack"]), "--vault", str(vault_path)]

    managed = trust_only(monkeypatch, tmp_path / "trusted-keys")
    assert cli.main(install) == 1
    assert "No partnership key has been set up" in capsys.readouterr().err

    (managed / "odd-curve.pem").write_bytes(UNSUPPORTED_CURVE_PEM)  # named, and never in the way
    (managed / "partnership.pem").write_bytes(signed["public"].read_bytes())
    assert cli.main(install) == 0
    out, err = capsys.readouterr()
    assert f"installed {revised().edition().citation()}" in out
    assert "odd-curve.pem: not an Ed25519 public key" in err

    assert cli.main(install) == 1
    assert "already the one in use" in capsys.readouterr().err
    with Vault.open(vault_path, PASSPHRASE) as vault:
        assert library.current_edition(vault) == revised().edition()
        assert len(library.editions(vault)) == 2
        assert vault.check().ok


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG_CONFIG_DIRS is a Linux setting")
def test_a_user_cannot_add_trust_through_xdg_config_dirs(signed, tmp_path, practitioner):
    vault_path = _vault(tmp_path, practitioner)
    mine = tmp_path / "etc-xdg" / "safeguard-desktop" / "trusted-keys" / "threshold-guide"
    mine.mkdir(parents=True)
    (mine / "partnership.pem").write_bytes(signed["public"].read_bytes())
    env = {"SAFEGUARD_PASSPHRASE": PASSPHRASE, "XDG_CONFIG_DIRS": str(tmp_path / "etc-xdg")}
    proc = run("guide-install", str(signed["pack"]), "--vault", str(vault_path), env=env)
    # Refused whether or not this computer trusts some other key: the folder named was ignored.
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "No partnership key has been set up" in proc.stderr or "does not trust" in proc.stderr
    with Vault.open(vault_path, PASSPHRASE) as vault:
        assert library.current_edition(vault) != revised().edition()
