"""`safeguard-desktop screening-pack validate` and `import`, as an organisation's IT would run them."""

from __future__ import annotations

from pathlib import Path

from safeguard_desktop import cli
from safeguard_desktop.screening.packs import current_pack
from safeguard_desktop.vault.session import Vault
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.screening.test_packs import county_raw, encode, licensed_raw
from tests.test_cli import assert_clean_failure, run


def _file(tmp_path: Path, name: str, raw: object) -> Path:
    path = tmp_path / name
    path.write_bytes(encode(raw))
    return path


def test_validate_says_ok_with_the_title_and_edition(tmp_path, capsys):
    path = _file(tmp_path, "licensed.json", licensed_raw())
    assert cli.main(["screening-pack", "validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "OK" in out and "edition 2027.1" in out and licensed_raw()["title"] in out
    assert "note:" not in out
    assert cli.main(["screening-pack", "validate", str(_file(tmp_path, "county.json", county_raw()))]) == 0
    assert "'sleep' (not in the shipped pack)" in capsys.readouterr().out


def test_validate_names_the_problems_and_exits_1(tmp_path, capsys):
    raw = licensed_raw()
    del raw["areas"][2]["sub_areas"][0]["prompt"]
    raw["areas"][0]["sub_areas"][0]["descriptors"]["0"] = "Quandorel"
    assert cli.main(["screening-pack", "validate", str(_file(tmp_path, "broken.json", raw))]) == 1
    err = capsys.readouterr().err
    assert "areas → 2 → sub_areas → 0 → prompt: Field required" in err
    assert "descriptors for grades ['0']; grades are 1 to 5" in err
    assert cli.main(["screening-pack", "validate", str(tmp_path / "absent.json")]) == 2
    assert "could not be read" in capsys.readouterr().err


def test_import_asks_for_the_passphrase_and_the_pack_is_used_for_new_screenings(tmp_path, practitioner, monkeypatch):
    vault_path = tmp_path / "hv.vault"
    Vault.create(vault_path, PASSPHRASE, practitioner, kdf=FAST_KDF).close()
    path = _file(tmp_path, "licensed.json", licensed_raw())
    proc = run(
        "screening-pack", "import", "--vault", str(vault_path), str(path), env={"SAFEGUARD_PASSPHRASE": PASSPHRASE}
    )
    assert proc.returncode == 0, proc.stderr
    assert "imported" in proc.stdout and "New GCP2 screenings use it from now on" in proc.stdout
    again = run(
        "screening-pack", "import", "--vault", str(vault_path), str(path), env={"SAFEGUARD_PASSPHRASE": PASSPHRASE}
    )
    assert_clean_failure(again, "already imported")
    with Vault.open(vault_path, PASSPHRASE) as vault:
        assert current_pack(vault).edition == "2027.1"
        assert vault.check().ok


def test_import_refuses_an_invalid_pack_before_asking_for_the_passphrase(tmp_path, practitioner, monkeypatch, capsys):
    monkeypatch.delenv("SAFEGUARD_PASSPHRASE", raising=False)
    raw = licensed_raw() | {"format": 3}
    path = _file(tmp_path, "future.json", raw)
    assert cli.main(["screening-pack", "import", "--vault", str(tmp_path / "none.vault"), str(path)]) == 1
    assert "Update the app" in capsys.readouterr().err


def test_importing_another_tool_says_it_does_not_replace_gcp2(tmp_path, practitioner):
    vault_path = tmp_path / "county.vault"
    Vault.create(vault_path, PASSPHRASE, practitioner, kdf=FAST_KDF).close()
    path = _file(tmp_path, "county.json", county_raw())
    proc = run(
        "screening-pack", "import", "--vault", str(vault_path), str(path), env={"SAFEGUARD_PASSPHRASE": PASSPHRASE}
    )
    assert proc.returncode == 0, proc.stderr
    assert "New screenings use it" not in proc.stdout
    assert "tool of its own (county-neglect-tool)" in proc.stdout
    assert "asks which tool to use, GCP2 first" in proc.stdout
    assert "new screenings with County neglect screening tool use this edition" in proc.stdout
    with Vault.open(vault_path, PASSPHRASE) as vault:
        assert current_pack(vault).pack_id == "gcp2-structure"
        assert current_pack(vault, "county-neglect-tool").edition == "1.0"
