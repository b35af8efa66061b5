"""The words every export uses for disputed and restricted records, so they read the same everywhere.

A statement of disagreement travels with its record into each chronology, referral and
bundle; a restricted record is left out of what is shared, and the export says how many were
left out and why, so a reader knows the picture is incomplete.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING
from uuid import UUID

from safeguard_desktop.governance.statements import Statement

if TYPE_CHECKING:
    from safeguard_desktop.vault.session import Vault

__all__ = [
    "DISPUTED_MARK",
    "RESTRICTED_MARK",
    "record_titles",
    "restricted_note",
    "statement_line",
    "statements_text",
]

DISPUTED_MARK = "[disputed]"
RESTRICTED_MARK = "[restricted]"


def statement_line(statement: Statement) -> str:
    """One statement as a line: its heading, then the person's words."""
    return f"{statement.heading()}: {statement.text}"


def statements_text(statements: Iterable[Statement]) -> str:
    """Every statement of a record, one per line (empty when there are none)."""
    return "\n".join(statement_line(s) for s in statements)


def restricted_note(count: int, what: str) -> str:
    """Say that `count` restricted records were left out of `what` (e.g. "this chronology"), and why.

    Empty when none were left out.
    """
    if count <= 0:
        return ""
    records = "1 restricted record was" if count == 1 else f"{count} restricted records were"
    return (
        f"{records} left out of {what}. A record is restricted while the person it concerns disputes it "
        "(UK GDPR article 18): it is kept, but not shared until the restriction is lifted. "
        "This copy is therefore incomplete."
    )


def record_titles(vault: Vault, record_ids: Iterable[UUID]) -> dict[UUID, str]:
    """Each record's current title, to say which record a statement disputes."""
    wanted = list(dict.fromkeys(record_ids))
    conn = vault._ctx.conn
    found: dict[UUID, str] = {}
    for record_id in wanted:
        row = conn.execute("SELECT title FROM records WHERE id = ?", (str(record_id),)).fetchone()
        if row is not None:
            found[record_id] = str(row[0])
    return found
