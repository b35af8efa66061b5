"""One child's chronology laid out as a marked, numbered A4 landscape PDF.

The layout (title block, the table of entries with withdrawn rows greyed and disputed rows
carrying the person's statement) is the slow, reportlab-heavy half of exporting. It lives
apart from `export`, which reads the snapshot, redacts it, names and logs the file and writes
the CSV, so that each can be read on its own. Like `render_csv`, it needs no vault.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from safeguard_desktop.chronology.export import (
    EXTERNAL_NOTE,
    WITHDRAWN_MARK,
    ChronologySnapshot,
    ExportedFile,
    describe_filter,
    gather,
    logged_as,
    redacted,
    suggested_file_name,
)
from safeguard_desktop.chronology.timeline import TimelineFilter, TimelineRow
from safeguard_desktop.domain.eventdate import DatePrecision
from safeguard_desktop.domain.people import Child
from safeguard_desktop.domain.ukdates import format_date, to_uk
from safeguard_desktop.governance.notes import DISPUTED_MARK
from safeguard_desktop.pdf.document import MARGIN, PageFrame, build_pdf, para, styles
from safeguard_desktop.pdf.rectify import restricted_flowables, statement_flowables
from safeguard_desktop.vault.session import Vault

__all__ = ["chronology_pdf", "date_range_text", "render_pdf"]


def _day_text(row: TimelineRow) -> str:
    if row.precision in (DatePrecision.TIME, DatePrecision.DAY):
        return format_date(to_uk(row.at).date())
    return row.date_text


def date_range_text(rows: Iterable[TimelineRow]) -> str:
    """ "Events from 03/02/2019 to 14/11/2026" for rows in date order; says so when there are none."""
    shown = list(rows)
    if not shown:
        return "No events to show"
    first, last = _day_text(shown[0]), _day_text(shown[-1])
    return f"Events on {first}" if first == last else f"Events from {first} to {last}"


def _birth_line(child: Child) -> str:
    if child.expected_delivery is not None:
        return f"Expected date of delivery: {format_date(child.expected_delivery)}"
    if child.date_of_birth is not None:
        return f"Date of birth: {format_date(child.date_of_birth)}"
    return "Date of birth: not recorded"


def _title_block(snap: ChronologySnapshot, range_text: str) -> list[Flowable]:
    st = styles()
    count = len(snap.rows)
    block: list[Flowable] = [
        para(f"Chronology: {snap.child.title()}", st.title),
        para(_birth_line(snap.child), st.body),
        para(f"{range_text} ({count} {'entry' if count == 1 else 'entries'})", st.body),
        para(describe_filter(snap.flt) or "All entries, unfiltered.", st.body),
    ]
    who = snap.practitioner
    if snap.external:
        block.append(para(f"Prepared by {who.organisation} on {snap.made_at_text}.", st.body))
        block.append(para("External version — staff names removed", st.heading))
        block.append(para(EXTERNAL_NOTE, st.body))
    else:
        parts = ", ".join(p for p in (who.name, who.role, who.organisation) if p)
        block.append(para(f"Prepared by {parts} on {snap.made_at_text}.", st.body))
    if any(row.withdrawn for row in snap.rows):
        block.append(
            para(
                f"Entries marked {WITHDRAWN_MARK} were withdrawn as recorded in error; they stay in the "
                "record, which is never silently changed.",
                st.small,
            )
        )
    block += restricted_flowables(snap.restricted_left_out, "this chronology")
    if snap.statements:
        block.append(para(f"Entries marked {DISPUTED_MARK} carry a statement of disagreement.", st.small))
    block.append(Spacer(1, 4 * mm))
    return block


def _table(snap: ChronologySnapshot) -> Table:
    st = styles()
    # (heading, width in mm or None for the column that takes the rest)
    columns: list[tuple[str, float | None]] = [
        ("Date", 25),
        ("Category", 26),
        ("Summary", None),
        ("Child's role", 22),
        ("Significance / impact", 24),
        ("Source", 26),
        # Wide enough for a double-barrelled name on one line, so it is never split mid-word.
        ("Recorded by", 34),
        ("Ref.", 17),
    ]
    if snap.external:
        columns = [c for c in columns if c[0] != "Recorded by"]
    usable = landscape(A4)[0] - 2 * MARGIN
    fixed = sum(w * mm for _, w in columns if w is not None)
    widths = [w * mm if w is not None else usable - fixed for _, w in columns]
    data: list[list[Flowable | list[Flowable]]] = [[Paragraph(heading, st.cell_bold) for heading, _ in columns]]
    grey_rows: list[int] = []
    for index, row in enumerate(snap.rows, start=1):
        summary = f"{WITHDRAWN_MARK} {row.summary}" if row.withdrawn else row.summary
        cells = {
            "Date": row.date_text,
            "Category": row.category_text,
            "Summary": summary,
            "Child's role": row.role,
            "Significance / impact": f"{row.significance.label()}; {row.impact.label()}",
            "Source": row.source,
            "Recorded by": row.recorded_by,
            # The start of the record ID: enough to find the full record, short enough to print.
            "Ref.": str(row.record_id)[:8],
        }
        data.append([para(cells[heading], st.cell) for heading, _ in columns])
        disputed = snap.statements.get(row.record_id, [])
        if disputed:  # the person's words sit under the summary they dispute
            at = [h for h, _ in columns].index("Summary")
            data[-1][at] = [para(f"{DISPUTED_MARK} {summary}", st.cell), *statement_flowables(disputed)]
        if row.withdrawn:
            grey_rows.append(index)
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dddddd")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#999999")),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    commands += [("BACKGROUND", (0, i), (-1, i), colors.HexColor("#eeeeee")) for i in grey_rows]
    # splitInRow: a very long entry may run over a page break instead of failing the export.
    return Table(data, colWidths=widths, repeatRows=1, style=TableStyle(commands), splitInRow=1)


def render_pdf(snap: ChronologySnapshot) -> ExportedFile:
    """The chronology as a marked, numbered A4 landscape PDF."""
    if snap.external:
        snap = redacted(snap)
    range_text = date_range_text(snap.rows)
    name = snap.child.title()
    frame = PageFrame(
        heading=f"Chronology: {name}",
        subheading=range_text + (" — External version, staff names removed" if snap.external else ""),
        demo=snap.demo,
        generated_by=snap.practitioner.organisation if snap.external else snap.practitioner.name,
    )
    story: list[Flowable] = [*_title_block(snap, range_text)]
    if snap.rows:
        story.append(_table(snap))
    # Viewers show the document title in tabs and recent lists, like file names: no name in it.
    content = build_pdf(frame, story, title="Chronology", pagesize=landscape(A4))
    return ExportedFile(snap.child_id, logged_as(snap, "pdf"), content, suggested_file_name(snap, "pdf"))


def chronology_pdf(
    vault: Vault, child_id: UUID, flt: TimelineFilter | None = None, *, external: bool = False
) -> ExportedFile:
    """Read and render the child's chronology as PDF in one step."""
    return render_pdf(gather(vault, child_id, flt, external=external))
