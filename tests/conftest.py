"""Shared fixtures. Tests never touch a real user's files: the data folder is per-test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt must never try to reach a display in tests; set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.vault.keys import KdfParams
from safeguard_desktop.vault.session import Vault

# Real Argon2id, with a small cost so the suite stays quick; the calibrated default is
# exercised by its own tests and by the GUI's create path.
FAST_KDF = KdfParams(time_cost=1, memory_kib=8192, parallelism=1)
PASSPHRASE = "tulip orbit kettle raven"


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path_factory.mktemp("appdata")
    monkeypatch.setenv("SAFEGUARD_DATA_DIR", str(data))
    monkeypatch.delenv("SAFEGUARD_PASSPHRASE", raising=False)
    monkeypatch.delenv("SAFEGUARD_NEW_PASSPHRASE", raising=False)
    return data


@pytest.fixture
def practitioner() -> Practitioner:
    return Practitioner(
        name="Harriet Okonkwo-Bell",
        role="Designated Safeguarding Lead",
        organisation="Larkspur Community School",
        contact="01865 000000",
    )


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "test.vault"


@pytest.fixture
def vault(vault_path: Path, practitioner: Practitioner) -> Iterator[Vault]:
    v = Vault.create(vault_path, PASSPHRASE, practitioner, kdf=FAST_KDF)
    yield v
    v.close()


def tamper(vault: Vault):
    """The raw connection with the append-only triggers dropped: what an attacker who knows the
    passphrase could do with any SQLite tool. Tests use it to prove `check` notices."""
    conn = vault._ctx.conn
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    return conn
