"""`check`: is the vault sound, page by page and event by event?"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from safeguard_desktop.vault import audit
from safeguard_desktop.vault.connection import Connection, DatabaseError
from safeguard_desktop.vault.content import installation_digest, row_problem


@dataclass
class CheckReport:
    """What `check` found. `faults` is empty when all is sound."""

    pages_checked: bool = False
    audit_events: int = 0
    chain_head: str = ""
    versions: int = 0
    content_editions: int = 0
    faults: list[str] = field(default_factory=list)
    # Worth knowing, not wrong: e.g. an edition whose signer this computer does not trust,
    # which is normal for a vault moved from another organisation's computer.
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.faults


def check_database(conn: Connection) -> CheckReport:
    """Check page authentication, SQLite structure, foreign keys, content digests and the chain."""
    report = CheckReport()
    try:
        # Every page's HMAC: catches a flipped bit anywhere in the file.
        for (problem,) in conn.execute("PRAGMA cipher_integrity_check").fetchall():
            report.faults.append(f"damaged page: {problem}")
        report.pages_checked = True
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        if rows != ["ok"]:
            report.faults += [f"database structure: {r}" for r in rows]
        if conn.execute("PRAGMA foreign_key_check").fetchall():
            report.faults.append("database structure: a reference points at a missing record")
        _check_versions(conn, report)
        _check_records(conn, report)
        _check_content(conn, report)
        faults = audit.verify(conn)
        report.faults += faults
        report.audit_events, report.chain_head = audit.head(conn)
    except DatabaseError as exc:
        report.faults.append(f"the database could not be read: {exc}")
    return report


def _check_versions(conn: Connection, report: CheckReport) -> None:
    """Each version's content matches its digest, and the chain recorded that digest."""
    logged = {
        vid: digest
        for vid, digest in conn.execute("SELECT version_id, digest FROM audit WHERE version_id IS NOT NULL").fetchall()
    }
    for vid, payload, digest in conn.execute("SELECT id, payload, digest FROM versions"):
        report.versions += 1
        if audit.sha256_hex(payload.encode("utf-8")) != digest:
            report.faults.append(f"version {vid} has been altered (content does not match its digest)")
        elif logged.get(vid) != digest:
            report.faults.append(f"version {vid} is not recorded in the audit chain as written")


# Each query names records whose bookkeeping disagrees with their own version history.
_RECORD_FAULTS = [
    (
        "record {} does not show its latest version",
        """SELECT r.id FROM records r WHERE r.current_version IS NOT (
               SELECT v.id FROM versions v WHERE v.record_id = r.id AND v.kind = r.kind
               ORDER BY v.seq DESC LIMIT 1)""",
    ),
    (
        "record {} is marked withdrawn (or not) against its history",
        """SELECT r.id FROM records r WHERE (r.state = 'withdrawn') IS NOT EXISTS (
               SELECT 1 FROM versions v WHERE v.record_id = r.id AND v.action = 'withdraw')""",
    ),
    (
        "record {} has a gap or a fork in its versions",
        """SELECT v.record_id FROM versions v
           LEFT JOIN versions p ON p.id = v.replaces
           WHERE (v.seq > 1 AND (p.id IS NULL OR p.record_id IS NOT v.record_id OR p.seq != v.seq - 1))
           GROUP BY v.record_id""",
    ),
    (
        "attachment {} has lost its file (its bytes are missing from the vault)",
        """SELECT r.id FROM records r JOIN versions v ON v.id = r.current_version
           WHERE r.kind = 'attachment'
           AND NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = json_extract(v.payload, '$.sha256'))""",
    ),
    (
        "version {} named in the audit chain is missing",
        """SELECT a.version_id FROM audit a WHERE a.version_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM versions v WHERE v.id = a.version_id)""",
    ),
    (
        "record {} has lost versions the audit chain recorded",
        """SELECT a.record_id FROM audit a WHERE a.version_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM records r WHERE r.id = a.record_id) GROUP BY a.record_id""",
    ),
]


def _check_records(conn: Connection, report: CheckReport) -> None:
    """Records agree with their histories, and nothing the chain recorded has vanished."""
    disposed = _disposed(conn, report)
    for message, sql in _RECORD_FAULTS:
        report.faults += [message.format(row[0]) for row in conn.execute(sql).fetchall() if row[0] not in disposed]


def _disposed(conn: Connection, report: CheckReport) -> set[str]:
    """Records lawfully disposed of, and their versions, which the chain still names by design.

    Each destruction's list of removed records must hash to the digest its `retention.dispose`
    event recorded, so a row slipped into `destruction_items` cannot hide a deletion.
    """
    # A vault checked without upgrading may predate the table.
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'destruction_items'").fetchone():
        return set()
    items: dict[int, list[list[str]]] = {}
    for did, rid, kind in conn.execute("SELECT destruction_id, record_id, kind FROM destruction_items").fetchall():
        items.setdefault(int(did), []).append([str(kind), str(rid)])
    disposed: set[str] = set()
    for did, seq, record_id in conn.execute("SELECT id, audit_seq, record_id FROM destruction_log").fetchall():
        event = conn.execute("SELECT action, record_id, digest FROM audit WHERE seq = ?", (seq,)).fetchone()
        listed = items.get(int(did), [])
        digest = audit.sha256_hex(audit.canonical_json(sorted(listed)))
        if event is None or tuple(event) != ("retention.dispose", record_id, digest):
            report.faults.append(f"disposal {did} does not match what the audit chain recorded")
            continue
        disposed.update(rid for _kind, rid in listed)
    versions = conn.execute(
        "SELECT version_id FROM audit WHERE version_id IS NOT NULL AND record_id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(disposed)),),
    ).fetchall()
    return disposed | {str(row[0]) for row in versions}


def _check_content(conn: Connection, report: CheckReport) -> None:
    """Each installed edition is sound (see `row_problem`), and matches its one audit event exactly.

    The event's digest covers every column of the row, so a changed column, a row slipped in
    without an event, and a row deleted after its event are all caught.
    """
    # A vault checked without upgrading may predate the table.
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'content_editions'").fetchone():
        return
    logged: dict[str, list[tuple[str, str]]] = {}
    for action, record_id, digest in conn.execute(
        "SELECT action, record_id, digest FROM audit WHERE action LIKE '%.install' AND version_id IS NULL ORDER BY seq"
    ).fetchall():
        logged.setdefault(str(record_id), []).append((str(action), str(digest)))
    cursor = conn.execute("SELECT * FROM content_editions ORDER BY rowid")
    columns = [d[0] for d in cursor.description]
    untrusted: list[tuple[str, bytes]] = []
    for values in cursor.fetchall():
        row = dict(zip(columns, values, strict=True))
        digest = str(row["digest"])
        report.content_editions += 1
        problem = row_problem(row)
        events = logged.pop(digest, [])
        if problem is not None:
            report.faults.append(f"content edition {digest} {problem}")
        elif not events:
            report.faults.append(f"content edition {digest} is not recorded in the audit chain as installed")
        elif events != [(f"{row['kind']}.install", installation_digest(row))]:
            report.faults.append(
                f"content edition {digest} does not match what the audit chain recorded when it was installed"
            )
        elif row["kind"] == "threshold_guide":
            untrusted.append((digest, bytes(row["signer_key"])))
    report.faults += [
        f"content edition {record_id} that the audit chain recorded as installed is missing" for record_id in logged
    ]
    _note_untrusted(untrusted, report)


def _note_untrusted(editions: list[tuple[str, bytes]], report: CheckReport) -> None:
    """Note sound guide editions whose signer this computer does not trust (they are never used as current)."""
    if not editions:
        return
    # Trust is a property of this computer, not of the vault: imported late, never a fault.
    from safeguard_desktop.thresholds.library import shipped_guide
    from safeguard_desktop.thresholds.trust import format_fingerprint, raw_key, trusted_keys
    from safeguard_desktop.vault.content import key_fingerprint

    trusted = {raw_key(key) for key in trusted_keys()}
    shipped = shipped_guide().edition().digest  # the app's own edition needs no signer
    report.notes += [
        f"guide edition {digest} was signed by a key this computer does not trust (fingerprint "
        f"{format_fingerprint(key_fingerprint(signer))}); it stays readable for the decisions it informed, "
        "but is not used as the edition in use here"
        for digest, signer in editions
        if signer not in trusted and digest != shipped
    ]
