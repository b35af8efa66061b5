"""Screening packs kept in the vault: append-only, audited, checked, and added to older vaults."""

from __future__ import annotations

import json
from datetime import date

import pytest

from safeguard_desktop.domain.people import Child
from safeguard_desktop.errors import RecordNotFound, VaultDamaged, VaultError
from safeguard_desktop.screening.pack import ScreeningPack, shipped_pack
from safeguard_desktop.vault import migrate
from safeguard_desktop.vault.connection import DatabaseError
from safeguard_desktop.vault.screening_packs import IMPORT_ACTION
from safeguard_desktop.vault.session import Vault
from tests.conftest import FAST_KDF, PASSPHRASE, tamper


def _pack(edition: str = "2027.1") -> ScreeningPack:
    return shipped_pack().model_copy(update={"edition": edition, "publisher": "Brackenmoor Community Health"})


def test_import_keeps_the_canonical_pack_under_its_digest(vault):
    pack = _pack()
    kept = vault.screening_packs.import_pack(pack)
    assert kept.digest == pack.ref().digest and kept.pack_id == "gcp2-structure" and kept.edition == "2027.1"
    assert kept.imported_by == vault.practitioner
    assert vault.screening_packs.payload(kept.digest) == pack.canonical_bytes()
    assert vault.screening_packs.packs() == [kept]
    with pytest.raises(VaultError, match="already imported"):
        vault.screening_packs.import_pack(pack)


def test_packs_are_listed_newest_import_first(vault):
    first = vault.screening_packs.import_pack(_pack("2027.1"))
    second = vault.screening_packs.import_pack(_pack("2027.2"))
    assert [p.digest for p in vault.screening_packs.packs()] == [second.digest, first.digest]


def test_screening_packs_are_append_only(vault):
    vault.screening_packs.import_pack(_pack())
    conn = vault._ctx.conn
    with pytest.raises(DatabaseError, match="never altered"):
        conn.execute("UPDATE screening_packs SET edition = '1999.1'")
    with pytest.raises(DatabaseError, match="never altered"):
        conn.execute("DELETE FROM screening_packs")
    assert vault.check().ok


def test_check_notices_an_altered_pack_and_reading_it_refuses(vault):
    kept = vault.screening_packs.import_pack(_pack())
    conn = tamper(vault)
    conn.execute("UPDATE screening_packs SET payload = replace(payload, 'Nutrition', 'Nutritio')")
    assert f"screening pack {kept.digest} has been altered (its text no longer matches its digest)" in (
        vault.check().faults
    )
    with pytest.raises(VaultDamaged, match="altered"):
        vault.screening_packs.payload(kept.digest)


def test_check_notices_a_changed_column_and_a_pack_slipped_in_without_the_audit_chain(vault):
    kept = vault.screening_packs.import_pack(_pack())
    conn = tamper(vault)
    conn.execute("UPDATE screening_packs SET imported_at = '2020-01-01T00:00:00+00:00'")
    assert any(f"screening pack {kept.digest} does not match what the audit chain" in f for f in vault.check().faults)
    conn.execute("DELETE FROM screening_packs")
    assert f"screening pack {kept.digest} that the audit chain recorded as imported is missing" in vault.check().faults


def test_a_row_without_its_audit_event_is_a_fault(vault):
    kept = vault.screening_packs.import_pack(_pack())
    conn = tamper(vault)
    conn.execute("DELETE FROM audit WHERE action = ?", (IMPORT_ACTION,))
    assert any(f"screening pack {kept.digest} does not match" in f for f in vault.check().faults)


def test_a_missing_pack_is_a_clear_error(vault):
    with pytest.raises(RecordNotFound, match="not imported"):
        vault.screening_packs.payload("f" * 64)


def test_the_migration_adds_the_table_to_an_existing_vault(tmp_path, practitioner):
    path = tmp_path / "v5.vault"
    with Vault.create(path, PASSPHRASE, practitioner, kdf=FAST_KDF, schema_version=5) as old:
        old.children.add(Child(given_names="Tamsin", family_name="Oakhollow", date_of_birth=date(2021, 2, 3)))
        assert not old._ctx.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'screening_packs'").fetchone()
    with Vault.open(path, PASSPHRASE) as v:
        assert migrate.schema_version(v._ctx.conn) == migrate.latest_version() >= 6
        assert v.screening_packs.packs() == []
        kept = v.screening_packs.import_pack(_pack())
        assert [c.data.family_name for c in v.children.list()] == ["Oakhollow"]
        assert v.check().ok
    with Vault.open(path, PASSPHRASE) as again:
        assert json.loads(again.screening_packs.payload(kept.digest))["edition"] == "2027.1"


def test_check_of_an_older_vault_opened_without_upgrading_is_sound(tmp_path, practitioner):
    path = tmp_path / "v5.vault"
    Vault.create(path, PASSPHRASE, practitioner, kdf=FAST_KDF, schema_version=5).close()
    with Vault.open(path, PASSPHRASE, upgrade=False) as v:
        assert v.check().ok
