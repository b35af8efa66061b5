"""Every earlier schema upgrades to the current one, and a failed step changes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard_desktop.domain.people import Child
from safeguard_desktop.vault import migrate
from safeguard_desktop.vault.session import Vault
from tests.conftest import FAST_KDF, PASSPHRASE


@pytest.mark.parametrize("version", range(1, migrate.latest_version() + 1))
def test_every_earlier_schema_upgrades(tmp_path, practitioner, version):
    path = tmp_path / f"v{version}.vault"
    Vault.create(path, PASSPHRASE, practitioner, kdf=FAST_KDF, schema_version=version).close()
    with Vault.open(path, PASSPHRASE) as v:
        assert migrate.schema_version(v._ctx.conn) == migrate.latest_version()
        v.children.add(Child(given_names="Maëlle", family_name="Upgrade-Test", date_of_birth=date(2019, 5, 1)))
        assert v.check().ok


def test_migrations_are_numbered_without_gaps():
    versions = [m.version for m in migrate.migrations()]
    assert versions == list(range(1, len(versions) + 1))
    assert all(m.sql.strip() for m in migrate.migrations())


def test_newer_schema_is_refused_clearly(vault, vault_path):
    vault._ctx.conn.execute(f"PRAGMA user_version = {migrate.latest_version() + 1}")
    vault.close()
    from safeguard_desktop.errors import VaultError

    with pytest.raises(VaultError, match="newer version"):
        Vault.open(vault_path, PASSPHRASE)


def test_a_failing_step_rolls_back_whole(vault, monkeypatch):
    conn = vault._ctx.conn
    broken = migrate.Migration(migrate.latest_version() + 1, "broken", "CREATE TABLE half (x); SELECT no_such_fn();")
    shipped = migrate.migrations()
    monkeypatch.setattr(migrate, "migrations", lambda: [*shipped, broken])
    before = migrate.schema_version(conn)
    with pytest.raises(Exception, match="no_such_fn"):
        migrate.migrate(conn, broken.version)
    assert migrate.schema_version(conn) == before
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half'").fetchone()[0] == 0
