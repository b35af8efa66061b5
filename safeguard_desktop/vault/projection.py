"""The chronology and due-list projections: the rows a record's current version shows as.

Each record kind says what it contributes to a child's chronology (`timeline_items`) and to
the due list (`due_items`). The repository writes those into the `timeline` and `due` tables
on every create, amend and withdrawal, so that chronologies, their exports and the due list
are read with plain queries instead of by decoding every record. Because those tables are
derived, they must always equal what the versions say: this module is the single place that
turns a version into rows, used both to write them and to prove them in `check`.
"""

from __future__ import annotations

from safeguard_desktop.domain.records import Record
from safeguard_desktop.vault.connection import Connection

_TIMELINE_COLS = (
    "record_id, item, child_id, kind, at, precision, happened, date_text, categories, "
    "theme, summary, significance, impact, source, recorded_by, role"
)
_DUE_COLS = "record_id, item, due, what, child_id"
_SELECT_TIMELINE = f"SELECT {_TIMELINE_COLS} FROM timeline WHERE record_id = ? ORDER BY item"  # nosec B608
_SELECT_DUE = f"SELECT {_DUE_COLS} FROM due WHERE record_id = ? ORDER BY item"  # nosec B608


def _projection(rid: str, kind: str, data: Record) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """The timeline and due rows a record's current version should have."""
    timeline: list[tuple[object, ...]] = []
    for n, item in enumerate(data.timeline_items()):
        earliest, precision = item.happened.sort_key()
        timeline.append(
            (
                rid,
                n,
                str(item.child_id),
                kind,
                earliest.isoformat(timespec="microseconds"),
                precision,
                item.happened.model_dump_json(),
                item.happened.display(),
                "|" + "|".join(item.categories) + "|" if item.categories else "",
                item.theme.value,
                item.summary,
                item.significance.value,
                item.impact.value,
                item.source,
                item.recorded_by,
                item.role,
            )
        )
    due: list[tuple[object, ...]] = [
        (rid, n, d.due.isoformat(), d.what, str(d.child_id) if d.child_id else None)
        for n, d in enumerate(data.due_items())
    ]
    return timeline, due


def project(conn: Connection, rid: str, kind: str, data: Record) -> None:
    """Replace a record's rows in the timeline and due projections with its current ones."""
    conn.execute("DELETE FROM timeline WHERE record_id = ?", (rid,))
    conn.execute("DELETE FROM due WHERE record_id = ?", (rid,))
    timeline, due = _projection(rid, kind, data)
    marks = ", ".join("?" * 16)
    conn.executemany(f"INSERT INTO timeline ({_TIMELINE_COLS}) VALUES ({marks})", timeline)  # nosec B608
    conn.executemany(f"INSERT INTO due ({_DUE_COLS}) VALUES (?, ?, ?, ?, ?)", due)  # nosec B608


def matches(conn: Connection, rid: str, kind: str, data: Record) -> bool:
    """Whether a record's stored timeline and due rows are exactly those its current version should have."""
    timeline, due = _projection(rid, kind, data)
    stored_timeline = conn.execute(_SELECT_TIMELINE, (rid,)).fetchall()
    stored_due = conn.execute(_SELECT_DUE, (rid,)).fetchall()
    return [tuple(r) for r in stored_timeline] == timeline and [tuple(r) for r in stored_due] == due
