"""Drafts: unsaved forms that survive a lock, kept inside the encrypted vault.

A form open when the vault locks (idle, screen lock, Ctrl+L) is saved here and offered again
after unlocking. Drafts are not records: saving one replaces the last, nothing is versioned,
and nothing goes into the audit chain. They are encrypted with the rest of the vault, so no
plaintext of a half-typed concern ever reaches the disk.
"""

from __future__ import annotations

import json
from typing import Any

from safeguard_desktop.errors import VaultError
from safeguard_desktop.vault.connection import transaction
from safeguard_desktop.vault.store import Context


class Drafts:
    """The drafts of an unlocked vault, by a key the GUI chooses (for example `concern:new`)."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def save(self, key: str, data: dict[str, Any]) -> None:
        """Keep `data` (JSON-serialisable) as the draft `key`, replacing any earlier one."""
        try:
            payload = json.dumps(data, ensure_ascii=False, sort_keys=True)
        except (TypeError, ValueError) as exc:
            raise VaultError("This form could not be kept as a draft: it holds something that is not text.") from exc
        conn = self._ctx.conn
        with transaction(conn):
            conn.execute(
                "INSERT INTO drafts (key, payload, saved_at) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET payload = excluded.payload, saved_at = excluded.saved_at",
                (key, payload, self._ctx.now().isoformat(timespec="microseconds")),
            )

    def load(self, key: str) -> dict[str, Any] | None:
        """The draft `key`, or None when there is none."""
        row = self._ctx.conn.execute("SELECT payload FROM drafts WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        value = json.loads(row[0])
        return value if isinstance(value, dict) else None

    def discard(self, key: str) -> None:
        """Remove the draft `key` (nothing happens if there is none)."""
        conn = self._ctx.conn
        with transaction(conn):
            conn.execute("DELETE FROM drafts WHERE key = ?", (key,))

    def keys(self) -> list[str]:
        """The keys of every draft kept, in order."""
        return [row[0] for row in self._ctx.conn.execute("SELECT key FROM drafts ORDER BY key").fetchall()]
