"""One child's chronology as a file to share: a marked PDF or a CSV, internal or external.

Exporting happens in three steps so that a window can keep the vault on one thread:
`gather` reads the rows (quick, uses the vault), `render_csv` here and `render_pdf` (in
`export_pdf`) lay them out (slow for long chronologies, needs no vault, so it may run on a
worker thread), and `save_export` writes the bytes owner-only and atomically and logs the
disclosure in the audit chain. `chronology_csv` / `export_pdf.chronology_pdf` do the first
two at once.

An *external* version is for partners outside the organisation: the "Recorded by" column
is removed and those names are blanked wherever they recur in the text. Other free text is
not redacted (a summary may name a colleague or a family member), so every external file
says so, and the person sharing it must read it first.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from uuid import UUID

from safeguard_desktop.chronology.timeline import TimelineFilter, TimelineRow
from safeguard_desktop.domain.eventdate import DatePrecision
from safeguard_desktop.domain.people import Child
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.ukdates import format_date, format_datetime, uk_today, utc_now
from safeguard_desktop.governance.disclosure import Disclosure
from safeguard_desktop.governance.notes import restricted_note, statements_text
from safeguard_desktop.governance.restriction import restricted_ids
from safeguard_desktop.governance.statements import Statement, statements_by_record
from safeguard_desktop.paths import write_private_file_atomically
from safeguard_desktop.vault.session import Vault

__all__ = [
    "CSV_COLUMNS",
    "EXTERNAL_NOTE",
    "STAFF_REMOVED",
    "WITHDRAWN_MARK",
    "ChronologySnapshot",
    "ExportedFile",
    "chronology_csv",
    "describe_filter",
    "gather",
    "logged_as",
    "neutralise_formula",
    "redacted",
    "render_csv",
    "save_export",
    "suggested_file_name",
]

CSV_COLUMNS = (
    "Date",
    "Date precision",
    "Category",
    "Summary",
    "Child's role",
    "Significance",
    "Impact",
    "Source",
    "Recorded by",
    "Record ID",
    "Withdrawn",
    "Statements of disagreement",
)
EXTERNAL_NOTE = (
    "External version: the “Recorded by” column is removed and the names of the staff who recorded "
    "entries are blanked where they recur, but other free text is not redacted and may still name "
    "staff or other people. Check it before sharing."
)
STAFF_REMOVED = "[staff name removed]"
WITHDRAWN_MARK = "[withdrawn]"
PAGE_ROWS = 500
_PRECISION_LABELS = {
    DatePrecision.TIME: "Date and time",
    DatePrecision.DAY: "Day",
    DatePrecision.MONTH: "Month",
    DatePrecision.YEAR: "Year",
}
# Spreadsheet programs treat a cell starting with any of these as a formula (OWASP "CSV
# injection"); Excel also reads the full-width forms as their ASCII twins.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


@dataclass(frozen=True)
class ChronologySnapshot:
    """Everything an export shows, read from the vault at one moment; renders need no vault."""

    child_id: UUID
    child: Child
    rows: tuple[TimelineRow, ...]
    flt: TimelineFilter
    external: bool
    demo: bool
    practitioner: Practitioner
    made_at_text: str
    made_on: date
    # A person's statements of disagreement travel with each row of their record.
    statements: dict[UUID, list[Statement]] = field(default_factory=dict)
    # Restricted records (a dispute is open) are left out; the export says how many.
    restricted_left_out: int = 0


@dataclass(frozen=True)
class ExportedFile:
    """An export's bytes, with the name it is logged under and a file name to suggest."""

    child_id: UUID | None  # the record it came from; None for a log about many (the disclosure log)
    what: str
    content: bytes
    file_name: str


DEMO_CSV_NOTE = "DEMO: made-up records from the demo vault. Nobody in this file is real."


def neutralise_formula(value: str) -> str:
    """Prefix an apostrophe to a cell a spreadsheet would run as a formula.

    A summary typed as ``=HYPERLINK("http://…")`` or ``@SUM(…)`` would otherwise become a live
    formula when the CSV is opened in Excel or LibreOffice (OWASP's CSV-injection advice); with
    the apostrophe the program shows the text as typed. Harmless text such as "-5" also gains
    the apostrophe: a visible mark is safer than a guess about what is a number.
    """
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def describe_filter(flt: TimelineFilter) -> str:
    """The filter as a sentence for a reader, or "" when nothing is filtered."""
    parts: list[str] = []
    if flt.start is not None and flt.end is not None:
        parts.append(f"from {format_date(flt.start)} to {format_date(flt.end)}")
    elif flt.start is not None:
        parts.append(f"from {format_date(flt.start)}")
    elif flt.end is not None:
        parts.append(f"up to {format_date(flt.end)}")
    if flt.categories:
        parts.append("categories: " + ", ".join(sorted(flt.categories, key=str.casefold)))
    if flt.significance is not None:
        parts.append(f"{flt.significance.label().lower()} events only")
    if flt.text.strip():
        parts.append(f"records containing “{flt.text.strip()}”")
    if not flt.include_withdrawn:
        parts.append("withdrawn entries left out")
    return "Filtered: " + "; ".join(parts) if parts else ""


def gather(
    vault: Vault, child_id: UUID, flt: TimelineFilter | None = None, *, external: bool = False
) -> ChronologySnapshot:
    """Read the child and every row the filter shows, in date order, a page at a time."""
    flt = flt or TimelineFilter()
    child = vault.children.get(child_id).data
    rows: list[TimelineRow] = []
    while True:
        page = vault.timeline.rows(child_id, flt, offset=len(rows), limit=PAGE_ROWS)
        rows.extend(page)
        if len(page) < PAGE_ROWS:
            break
    held = restricted_ids(vault)
    left_out = {row.record_id for row in rows if row.record_id in held}
    rows = [row for row in rows if row.record_id not in held]
    now = utc_now()
    return ChronologySnapshot(
        child_id=child_id,
        child=child,
        rows=tuple(rows),
        flt=flt,
        external=external,
        demo=vault.is_demo,
        practitioner=vault.practitioner,
        made_at_text=format_datetime(now),
        made_on=uk_today(now),
        statements=statements_by_record(vault, list({row.record_id for row in rows})),
        restricted_left_out=len(left_out),
    )


def redacted(snap: ChronologySnapshot) -> ChronologySnapshot:
    """The snapshot with recorded-by names gone: the column emptied, recurrences blanked."""
    names = {row.recorded_by.strip() for row in snap.rows} | {snap.practitioner.name.strip()}
    # Very short "names" (initials) would blank ordinary words; those stay for the reader's check.
    usable = sorted((n for n in names if len(n) >= 3), key=len, reverse=True)
    if not usable:
        return replace(snap, rows=tuple(replace(row, recorded_by="") for row in snap.rows))
    pattern = re.compile("|".join(re.escape(n) for n in usable), re.IGNORECASE)

    def scrub(value: str) -> str:
        return pattern.sub(STAFF_REMOVED, value)

    rows = tuple(
        replace(
            row,
            summary=scrub(row.summary),
            source=scrub(row.source),
            role=scrub(row.role),
            categories=tuple(scrub(c) for c in row.categories),
            recorded_by="",
        )
        for row in snap.rows
    )
    return replace(snap, rows=rows)


def initials(child: Child) -> str:
    """The child's initials for file names (never the name itself)."""
    # Initials only: file names end up in recent-file lists, mail subjects and shared folders.
    letters = [next((ch for ch in part if ch.isalnum()), "") for part in (child.given_names, child.family_name)]
    return "".join(letters).upper() or "child"


def suggested_file_name(snap: ChronologySnapshot, suffix: str) -> str:
    """A file name to offer: "chronology-AB-2026-11-26.pdf", with the child's initials only."""
    kind = "chronology-external" if snap.external else "chronology"
    demo = "DEMO-" if snap.demo else ""  # a made-up record's file is marked before it is even opened
    # ISO order in a file name so that a folder sorts exports by date.
    return f"{demo}{kind}-{initials(snap.child)}-{snap.made_on.isoformat()}.{suffix}"


def logged_as(snap: ChronologySnapshot, suffix: str) -> str:
    return f"chronology.{'external_' if snap.external else ''}{suffix}"


def render_csv(snap: ChronologySnapshot) -> ExportedFile:
    """The rows as UTF-8 CSV with a byte-order mark (so Excel reads the accents right)."""
    if snap.external:
        snap = redacted(snap)
    columns = [c for c in CSV_COLUMNS if not (snap.external and c == "Recorded by")]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if snap.demo:  # a spreadsheet has no watermark: its first row says so instead
        writer.writerow([DEMO_CSV_NOTE])
    if snap.restricted_left_out:
        writer.writerow([restricted_note(snap.restricted_left_out, "this chronology")])
    writer.writerow(columns)
    for row in snap.rows:
        cells = {
            "Date": row.date_text,
            "Date precision": _PRECISION_LABELS[row.precision],
            "Category": row.category_text,
            "Summary": row.summary,
            "Child's role": row.role,
            "Significance": row.significance.label(),
            "Impact": row.impact.label(),
            "Source": row.source,
            "Recorded by": row.recorded_by,
            "Record ID": str(row.record_id),
            "Withdrawn": "Yes" if row.withdrawn else "No",
            "Statements of disagreement": statements_text(snap.statements.get(row.record_id, [])),
        }
        writer.writerow([neutralise_formula(cells[c]) for c in columns])
    content = ("\ufeff" + out.getvalue()).encode("utf-8")
    return ExportedFile(snap.child_id, logged_as(snap, "csv"), content, suggested_file_name(snap, "csv"))


def chronology_csv(
    vault: Vault, child_id: UUID, flt: TimelineFilter | None = None, *, external: bool = False
) -> ExportedFile:
    """Read and render the child's chronology as CSV in one step."""
    return render_csv(gather(vault, child_id, flt, external=external))


def save_export(vault: Vault, exported: ExportedFile, path: Path, disclosure: Disclosure) -> str:
    """Write the export owner-only and atomically, logged in the same step; return its SHA-256.

    `disclosure` says to whom and why, for the disclosure log.

    A file that fails to write is not logged (the log entry rolls back), and a file whose log
    entry cannot be kept (the vault locked meanwhile, a full disk) is removed again: no copy
    leaves the vault unlogged. OSError and VaultLocked reach the caller.
    """
    written = False
    try:
        with vault.recording_export(exported.what, exported.content, exported.child_id, disclosure) as digest:
            write_private_file_atomically(path, exported.content)
            written = True
    except BaseException:
        if written:
            path.unlink(missing_ok=True)
        raise
    return digest
