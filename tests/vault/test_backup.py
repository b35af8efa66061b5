"""Backups: consistent, encrypted, never partial, never overwriting; restoring checks the copy."""

from __future__ import annotations

import errno
import hashlib
from datetime import UTC, date, datetime

import pytest

from safeguard_desktop.domain.people import Child
from safeguard_desktop.errors import VaultDamaged, VaultError, VaultExists, WrongPassphrase
from safeguard_desktop.paths import header_path
from safeguard_desktop.vault import audit, backup, migrate
from safeguard_desktop.vault.backup import backup_vault, restore_backup
from safeguard_desktop.vault.session import Vault
from tests.conftest import FAST_KDF, PASSPHRASE

NAME = "Ottoline Fairweather-Quist"


def add(vault: Vault, given: str = "Ottoline", family: str = "Fairweather-Quist") -> None:
    vault.children.add(Child(given_names=given, family_name=family, date_of_birth=date(2017, 3, 9)))


def test_backup_to_a_folder_is_encrypted_named_and_recorded(vault, vault_path, tmp_path):
    add(vault)
    assert vault.last_backup_at is None
    folder = tmp_path / "backups"
    folder.mkdir()
    made = backup_vault(vault, folder)
    assert made.parent == folder
    assert made.name.startswith("test-backup-") and made.name.endswith(".vault")
    assert header_path(made).read_bytes() == header_path(vault_path).read_bytes()
    data = made.read_bytes()
    assert b"SQLite format 3" not in data and b"Fairweather" not in data and NAME.encode() not in data
    assert sorted(p.name for p in folder.iterdir()) == sorted([made.name, header_path(made).name])
    # Recorded: when, and which bytes.
    assert vault.last_backup_at is not None and vault.last_backup_at.tzinfo is not None
    event = audit.events(vault._ctx.conn)[-1]
    assert event.action == "vault.backup"
    assert event.digest == hashlib.sha256(data).hexdigest()
    # A second backup in the same minute gets its own name.
    again = backup_vault(vault, folder)
    assert again != made and again.exists()


def test_backup_to_a_file_path_refuses_to_overwrite(vault, tmp_path):
    dest = tmp_path / "copy.vault"
    assert backup_vault(vault, dest) == dest
    with pytest.raises(VaultExists, match="nothing was overwritten"):
        backup_vault(vault, dest)
    with pytest.raises(VaultError, match="does not exist"):
        backup_vault(vault, tmp_path / "no such folder" / "x.vault")


def test_backup_includes_uncheckpointed_writes_and_restores_whole(vault, tmp_path):
    for i in range(30):
        add(vault, f"Child{i}", "Backupson")
    dest = backup_vault(vault, tmp_path / "b.vault")
    add(vault, "After", "Backupson")  # not in the backup
    restored = tmp_path / "restored.vault"
    restore_backup(dest, restored, PASSPHRASE)
    with Vault.open(restored, PASSPHRASE) as v:
        assert len(v.children.list()) == 30
        assert v.check().ok


def test_backup_opens_with_the_passphrase_current_when_it_was_made(vault, vault_path, tmp_path):
    from safeguard_desktop.vault.keyops import change_passphrase

    add(vault)
    dest = backup_vault(vault, tmp_path / "old.vault")
    vault.close()
    change_passphrase(vault_path, PASSPHRASE, "harbour velvet cactus lantern")
    with pytest.raises(WrongPassphrase):
        restore_backup(dest, tmp_path / "r1.vault", "harbour velvet cactus lantern")
    assert not (tmp_path / "r1.vault").exists() and not header_path(tmp_path / "r1.vault").exists()
    restore_backup(dest, tmp_path / "r2.vault", PASSPHRASE)


def test_restore_never_overwrites(vault, vault_path, tmp_path):
    dest = backup_vault(vault, tmp_path / "b.vault")
    before = vault_path.read_bytes()
    with pytest.raises(VaultExists):
        restore_backup(dest, vault_path, PASSPHRASE)
    lonely = tmp_path / "lonely.vault"
    header_path(lonely).write_text("{}")
    with pytest.raises(VaultExists):
        restore_backup(dest, lonely, PASSPHRASE)
    assert vault_path.read_bytes() == before


def test_a_damaged_backup_is_refused_and_removed(vault, tmp_path):
    for i in range(60):
        add(vault, f"Child{i}", "Damagely")
    dest = backup_vault(vault, tmp_path / "b.vault")
    data = bytearray(dest.read_bytes())
    data[4096 * 3 + 700 : 4096 * 3 + 716] = bytes(16)
    dest.write_bytes(bytes(data))
    target = tmp_path / "restored.vault"
    with pytest.raises(VaultDamaged, match=r"damaged .*nothing was restored"):
        restore_backup(dest, target, PASSPHRASE)
    assert not target.exists() and not header_path(target).exists()
    assert sorted(p.name for p in tmp_path.iterdir() if "restored" in p.name) == []


def test_full_disk_leaves_no_partial_file(vault, tmp_path, monkeypatch):
    add(vault)
    folder = tmp_path / "stick"
    folder.mkdir()

    def fill_the_disk(conn, dest):
        dest.write_bytes(b"\0" * 8192)  # part of a copy, as a real full disk would leave
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup, "snapshot_into", fill_the_disk)
    with pytest.raises(VaultError, match="disk is full"):
        backup_vault(vault, folder)
    assert list(folder.iterdir()) == []
    assert vault.last_backup_at is None
    assert "vault.backup" not in [e.action for e in audit.events(vault._ctx.conn)]


def test_too_little_free_space_is_refused_before_writing(vault, tmp_path, monkeypatch):
    import shutil
    from collections import namedtuple

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda p: usage(10**9, 10**9 - 1000, 1000))
    with pytest.raises(VaultError, match="not enough free space"):
        backup_vault(vault, tmp_path)
    assert [p.name for p in tmp_path.iterdir() if "backup" in p.name] == []


def test_damaged_vault_names_the_latest_backup(vault, vault_path, tmp_path):
    for i in range(60):
        add(vault, f"Child{i}", "Pageley")
    backup_vault(vault, tmp_path / "b.vault")
    made = vault.last_backup_at
    vault.close()
    data = bytearray(vault_path.read_bytes())
    data[4096 * 5 + 300 : 4096 * 5 + 316] = bytes(16)
    vault_path.write_bytes(bytes(data))
    from safeguard_desktop.domain.ukdates import to_uk

    with pytest.raises(VaultDamaged) as err:
        Vault.open(vault_path, PASSPHRASE)
    assert f"restore the backup made on {to_uk(made).strftime('%d/%m/%Y %H:%M')}" in err.value.message


def test_an_older_schema_is_copied_aside_before_it_is_upgraded(tmp_path, practitioner):
    path = tmp_path / "old.vault"
    with Vault.create(path, PASSPHRASE, practitioner, kdf=FAST_KDF) as v:
        add(v)
        # Wind the schema back to version 1 with the record in it: the repositories only
        # ever write the current schema, so this is how an old vault with data is made.
        v._ctx.conn.executescript(
            "DROP TABLE search_rows; DROP TABLE timeline; DROP TABLE due; DROP TABLE drafts; "
            "DROP TABLE content_editions; "
            "DROP TABLE screening_packs; "
            "DROP TABLE signing_identity; DROP TABLE destination_certificates; "
            "DROP TABLE destruction_items; DROP TABLE destruction_log; DROP TABLE sar_bundles; "
            "DROP TABLE sar_requests; DROP TABLE statements; DROP TABLE restrictions; DROP TABLE moves; "
            "DROP TABLE holds; DROP TABLE retention_reviews; DROP TABLE retention_facts; "
            "DROP TABLE retention_rule_changes; DROP TABLE backups; DROP TABLE disclosures; "
            "DROP TABLE disposal_pending; "
            "DELETE FROM meta WHERE key = 'projection_version'; PRAGMA user_version = 1;"
        )
    before = path.read_bytes()
    with Vault.open(path, PASSPHRASE) as v:
        assert migrate.schema_version(v._ctx.conn) == migrate.latest_version()
    copies = sorted(tmp_path.glob("old.pre-migration-v1-*.vault"))
    assert len(copies) == 1, list(tmp_path.iterdir())
    copy = copies[0]
    assert header_path(copy).exists()
    assert b"Fairweather" not in copy.read_bytes()
    with Vault.open(copy, PASSPHRASE, upgrade=False) as old:
        assert migrate.schema_version(old._ctx.conn) == 1
        assert [c.data.family_name for c in old.children.list()] == ["Fairweather-Quist"]
        assert old.check().ok
    assert before  # the original file was read whole before the upgrade
    # Opening again makes no further copy: the vault is current now.
    Vault.open(path, PASSPHRASE).close()
    assert len(list(tmp_path.glob("old.pre-migration-*.vault"))) == 1


def test_last_backup_at_is_utc(vault, tmp_path):
    backup_vault(vault, tmp_path)
    assert vault.last_backup_at is not None
    assert vault.last_backup_at.utcoffset() == datetime.now(UTC).utcoffset()
