"""Schema migrations: plain SQL files applied in order, tracked by `PRAGMA user_version`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from safeguard_desktop.errors import VaultError
from safeguard_desktop.vault.connection import Connection, DatabaseError


@dataclass(frozen=True)
class Migration:
    """One numbered step of the schema."""

    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """Every migration shipped with the app, in order."""
    found = []
    for entry in resources.files("safeguard_desktop.vault.migrations").iterdir():
        match = re.fullmatch(r"(\d{4})_(\w+)\.sql", entry.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise RuntimeError("migrations must be numbered 0001, 0002, … without gaps")
    return found


def latest_version() -> int:
    """The schema version this build of the app writes."""
    return len(migrations())


def schema_version(conn: Connection) -> int:
    """The schema version of an open database."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: Connection, target: int | None = None) -> int:
    """Bring the schema up to `target` (default: latest), one transaction per step.

    A step that fails is rolled back whole, so the vault stays at the previous version.
    """
    goal = latest_version() if target is None else target
    current = schema_version(conn)
    if current > latest_version():
        raise VaultError(
            f"This vault was written by a newer version of safeguard-desktop (schema {current}). "
            "Update the app to open it."
        )
    for step in migrations():
        if current < step.version <= goal:
            # executescript runs each statement as given, so the transaction is ours to open
            # and close; user_version changes inside it, atomically with the schema.
            script = f"BEGIN IMMEDIATE;\n{step.sql}\nPRAGMA user_version = {step.version};\nCOMMIT;"
            try:
                conn.executescript(script)
            except DatabaseError:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            current = step.version
    return current
