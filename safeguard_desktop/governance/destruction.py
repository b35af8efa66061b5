"""The destruction log: what was disposed of, under which rule, by whom, and which backups still hold it.

The log names kinds and IDs, never a name or any content, so it can be kept for as long as
the organisation needs to show what it destroyed. A disposal cannot reach the backups made
before it, nor the copies the app makes beside the vault before upgrading its schema: each
entry lists them until they age out under the `vault-backup` rule (or their file is gone), so
an IG lead can see when the data is gone everywhere.
"""

from __future__ import annotations

import csv
import glob
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.ukdates import format_date, format_datetime, to_uk, utc_now
from safeguard_desktop.vault.connection import Connection

if TYPE_CHECKING:
    from safeguard_desktop.vault.session import Vault

__all__ = [
    "BACKUP_RULE",
    "CSV_COLUMNS",
    "DEFAULT_BACKUP_DAYS",
    "BackupHolding",
    "DestructionEntry",
    "backup_days",
    "backups_holding",
    "backups_text",
    "counts_text",
    "destruction_log",
    "destruction_log_csv",
    "kind_label",
]

BACKUP_RULE = "vault-backup"
DEFAULT_BACKUP_DAYS = 90
_RULES = Path(__file__).resolve().parents[2] / "resources" / "retention" / "rules.json"


@dataclass(frozen=True)
class BackupHolding:
    """A backup made before a disposal, which holds the disposed file until `until`."""

    path: str
    made_at: datetime
    until: datetime

    def still_holds(self, now: datetime | None = None) -> bool:
        """True while the backup has not aged out and its file is still where it was made."""
        return (now or utc_now()) < self.until and Path(self.path).exists()


@dataclass(frozen=True)
class DestructionEntry:
    """One lawful disposal, as the destruction log keeps it: kinds and IDs only."""

    id: int
    disposed_at: datetime
    record_kind: str
    record_id: UUID
    rule_id: str
    rule_source: str
    decided_by: Practitioner
    records_removed: int
    versions_removed: int
    attachments_removed: int
    audit_seq: int
    items: tuple[tuple[str, UUID], ...]
    backups: tuple[BackupHolding, ...]

    def counts_by_kind(self) -> dict[str, int]:
        """How many records of each kind were removed, e.g. ``{"concern": 3, "child": 1}``."""
        counts: dict[str, int] = {}
        for kind, _rid in self.items:
            counts[kind] = counts.get(kind, 0) + 1
        return counts


def _shipped_backup_days() -> int:
    """The shipped `vault-backup` period in days; the default when the rules file cannot be read."""
    try:
        rules = json.loads(_RULES.read_text(encoding="utf-8")).get("rules", [])
        for rule in rules:
            if isinstance(rule, dict) and rule.get("id") == BACKUP_RULE:
                return _period_days(rule.get("period"), DEFAULT_BACKUP_DAYS)
    except (OSError, ValueError, AttributeError):
        pass
    return DEFAULT_BACKUP_DAYS


def _period_days(period: Any, default: int) -> int:
    if not isinstance(period, dict):
        return default
    years, days = period.get("years", 0), period.get("days", 0)
    if not isinstance(years, int) or not isinstance(days, int) or years < 0 or days < 0:
        return default
    total = years * 365 + days
    return total if total > 0 else default


def backup_days(conn: Connection) -> int:
    """How many days a backup is kept: the newest local adjustment of `vault-backup`, else the shipped rule."""
    shipped = _shipped_backup_days()
    row = conn.execute(
        "SELECT settings FROM retention_rule_changes WHERE rule_id = ? ORDER BY id DESC LIMIT 1", (BACKUP_RULE,)
    ).fetchone()
    if row is None:
        return shipped
    try:
        settings = json.loads(str(row[0]))
    except ValueError:
        return shipped
    if not isinstance(settings, dict):
        return shipped
    # Helper formats differ on whether an adjustment nests its period; accept both.
    if isinstance(settings.get("period"), dict):
        return _period_days(settings["period"], shipped)
    if "days" in settings or "years" in settings:
        return _period_days(settings, shipped)
    return shipped


def _pre_migration_copies(vault_path: Path) -> list[tuple[str, datetime]]:
    """Copies made beside the vault before a schema upgrade (`copies.copy_before_migration`), with when."""
    pattern = f"{glob.escape(vault_path.stem)}.pre-migration-v*-*.vault"
    found = []
    for copy in sorted(vault_path.parent.glob(pattern)):
        try:
            found.append((str(copy.resolve()), datetime.fromtimestamp(copy.stat().st_mtime, UTC)))
        except OSError:  # removed while we looked: it holds nothing
            continue
    return found


def backups_holding(conn: Connection, ids: list[str], vault_path: Path) -> tuple[BackupHolding, ...]:
    """Backups, and copies made before a migration, made since the first of `ids` was and not yet aged out."""
    row = conn.execute(
        "SELECT min(created_at) FROM records WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(ids),)
    ).fetchone()
    if row is None or row[0] is None:
        return ()
    began = datetime.fromisoformat(str(row[0]))
    days = timedelta(days=backup_days(conn))
    made_copies = [
        (str(path), datetime.fromisoformat(str(made_at)))
        for path, made_at in conn.execute("SELECT path, made_at FROM backups ORDER BY made_at, id").fetchall()
    ]
    listed = {path for path, _made in made_copies}
    # A pre-migration copy holds every record, like a backup, and ages out under the same rule.
    made_copies += [(path, made) for path, made in _pre_migration_copies(vault_path) if path not in listed]
    now = utc_now()
    holdings = [BackupHolding(path, made, made + days) for path, made in made_copies if made >= began]
    return tuple(sorted((h for h in holdings if h.until > now), key=lambda h: (h.made_at, h.path)))


def _holdings(raw: str, days: int) -> tuple[BackupHolding, ...]:
    try:
        listed = json.loads(raw)
    except ValueError:
        return ()
    holdings = []
    for item in listed if isinstance(listed, list) else []:
        try:
            made = datetime.fromisoformat(str(item["made_at"]))
            holdings.append(BackupHolding(str(item["path"]), made, made + timedelta(days=days)))
        except (KeyError, TypeError, ValueError):
            continue
    return tuple(holdings)


def destruction_log(vault: Vault, *, only_holding: bool = True) -> list[DestructionEntry]:
    """Every disposal, newest first. Each lists the backups that still hold its file (all of them when
    `only_holding` is False)."""
    conn = vault._ctx.conn
    days = backup_days(conn)
    items: dict[int, list[tuple[str, UUID]]] = {}
    for did, rid, kind in conn.execute(
        "SELECT destruction_id, record_id, kind FROM destruction_items ORDER BY destruction_id, kind, record_id"
    ).fetchall():
        items.setdefault(int(did), []).append((str(kind), UUID(str(rid))))
    rows = conn.execute(
        "SELECT id, disposed_at, record_kind, record_id, rule_id, rule_source, decided_by, records_removed, "
        "versions_removed, attachments_removed, audit_seq, backups FROM destruction_log ORDER BY id DESC"
    ).fetchall()
    now = utc_now()
    entries = []
    for row in rows:
        did = int(row[0])
        holdings = _holdings(str(row[11]), days)
        if only_holding:
            holdings = tuple(h for h in holdings if h.still_holds(now))
        entries.append(
            DestructionEntry(
                id=did,
                disposed_at=datetime.fromisoformat(str(row[1])),
                record_kind=str(row[2]),
                record_id=UUID(str(row[3])),
                rule_id=str(row[4]),
                rule_source=str(row[5]),
                decided_by=Practitioner.model_validate_json(str(row[6])),
                records_removed=int(row[7]),
                versions_removed=int(row[8]),
                attachments_removed=int(row[9]),
                audit_seq=int(row[10]),
                items=tuple(items.get(did, [])),
                backups=holdings,
            )
        )
    return entries


_KIND_LABELS = {
    "child": "child",
    "concern": "concern",
    "chronology_entry": "chronology entry",
    "meeting": "meeting",
    "status_period": "status period",
    "threshold_decision": "threshold decision",
    "screening": "screening",
    "referral": "referral",
    "relationship": "relationship",
    "adult": "adult",
    "attachment": "attachment",
}


def kind_label(kind: str, count: int = 1) -> str:
    """A record kind in words, plural when `count` is not 1 (``3 concerns``)."""
    label = _KIND_LABELS.get(kind, kind.replace("_", " "))
    if count == 1:
        return label
    if label == "child":
        return "children"
    return label[:-1] + "ies" if label.endswith("y") and not label.endswith("ey") else label + "s"


def counts_text(counts: dict[str, int]) -> str:
    """``1 child, 3 concerns, 2 attachments``: the counts in words, the child first, in the order of a file."""
    order = list(_KIND_LABELS)
    ordered = sorted(counts.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else len(order), kv[0]))
    return ", ".join(f"{n} {kind_label(kind, n)}" for kind, n in ordered)


def backups_text(backups: tuple[BackupHolding, ...]) -> str:
    """Each backup still holding the data, with the date it ages out, or "None"."""
    if not backups:
        return "None"
    return "; ".join(
        f"{b.path} (made {format_date(to_uk(b.made_at).date())}, until {format_date(to_uk(b.until).date())})"
        for b in backups
    )


CSV_COLUMNS = (
    "Disposed of",
    "Kind",
    "ID",
    "Rule",
    "Rule source",
    "Decided by",
    "Records removed",
    "Versions removed",
    "Attachments removed",
    "Removed by kind",
    "Audit event",
    "Backups still holding it",
)


def _safe(value: str) -> str:
    # A cell a spreadsheet would run as a formula is shown as text instead; one rule for every CSV
    # (it knows the full-width ＝＋－＠ Excel also runs). Imported here: chronology.export imports the vault.
    from safeguard_desktop.chronology.export import neutralise_formula

    return neutralise_formula(value)


def destruction_log_csv(entries: list[DestructionEntry]) -> bytes:
    """The log as CSV (UTF-8 with BOM for Excel): kinds, IDs, rules and counts, no personal data."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        writer.writerow(
            [
                _safe(value)
                for value in (
                    format_datetime(e.disposed_at),
                    kind_label(e.record_kind),
                    str(e.record_id),
                    e.rule_id,
                    e.rule_source,
                    e.decided_by.name,
                    str(e.records_removed),
                    str(e.versions_removed),
                    str(e.attachments_removed),
                    counts_text(e.counts_by_kind()),
                    str(e.audit_seq),
                    backups_text(e.backups),
                )
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
