"""A subject access bundle as a PDF: cover page, each record redacted, and the schedule of redactions.

Redacted words never reach this module: the sections it prints have had them removed and a
"[Redacted: …]" placeholder put in their place (governance.bundle.apply_redactions). The
export refuses a bundle with a redaction that no longer fits its record, so nothing that was
meant to be withheld is printed because the record changed underneath the reviewer.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer, Table, TableStyle

from safeguard_desktop.domain.ukdates import format_date, format_datetime, to_uk
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.governance.bundle import Bundle, Exemption
from safeguard_desktop.governance.bundle_document import BundleDocument, BundleRecord, bundle_document
from safeguard_desktop.governance.disclosure import Disclosure
from safeguard_desktop.governance.sar import SarRequest
from safeguard_desktop.paths import write_private_file_atomically
from safeguard_desktop.pdf.document import MARGIN, PageFrame, Styles, build_pdf, para, styles

if TYPE_CHECKING:
    from safeguard_desktop.vault.session import Vault

__all__ = ["EXPORT_NAME", "export_bundle", "sar_pdf"]

EXPORT_NAME = "sar.bundle.pdf"
WIDTH = A4[0] - 2 * MARGIN
_GRID: list[tuple[Any, ...]] = [
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dddddd")),
    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
    ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#999999")),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
]


def _pairs(rows: list[tuple[str, str]], st: Styles) -> Table:
    data = [[para(label, st.cell_bold), para(value, st.cell)] for label, value in rows]
    table = Table(data, colWidths=[45 * WIDTH / 170, 125 * WIDTH / 170])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#999999")),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _grid(headers: list[str], rows: list[list[str]], widths: list[float], st: Styles) -> Table:
    data = [[para(h, st.cell_bold) for h in headers]] + [[para(c, st.cell) for c in row] for row in rows]
    scale = WIDTH / sum(widths)
    return Table(data, colWidths=[w * scale for w in widths], repeatRows=1, style=TableStyle(_GRID), splitInRow=1)


def _named(exemption: Exemption) -> str:
    return f"{exemption.short_name} ({exemption.provision})"


def _due(request: SarRequest) -> str:
    text = format_date(request.due())
    if request.extended_to is not None:
        months = request.extension_months()
        text += f" (extended by {months} month{'' if months == 1 else 's'} from {format_date(request.deadline)})"
    return text


def _cover(doc: BundleDocument, st: Styles) -> list[Flowable]:
    request = doc.request
    by = doc.prepared_by
    redactions = [f"{e.short_name}: {n}" for e, n in doc.redactions_by_exemption()]
    rows = [
        ("Person the records are about", request.person_name),
        ("Requested by", request.requester),
        ("Request received", format_date(request.received)),
        ("Response due", _due(request)),
        ("Prepared by", ", ".join(p for p in (by.name, by.role, by.organisation) if p)),
        ("Records included", str(len(doc.records))),
        ("Records withheld in full", str(len(doc.withheld))),
        ("Redactions", "\n".join([f"{len(doc.schedule)} in all", *redactions]) if doc.schedule else "None"),
    ]
    return [
        para("Subject access request: the records we hold", st.title),
        _pairs(rows, st),
        Spacer(1, 10),
        para(
            "This bundle holds a copy of each record that names the person, as it stood when the bundle was "
            "prepared. Where words have been withheld under an exemption in the Data Protection Act 2018, they "
            "have been removed and replaced by [Redacted: …] with the exemption's name. The schedule of "
            "redactions at the end lists each one and the reason. Statements of disagreement are printed with "
            "the record they are about.",
            st.body,
        ),
    ]


def _record(record: BundleRecord, st: Styles) -> list[Flowable]:
    facts = [record.kind_label(), f"first recorded {format_datetime(record.first_recorded)}"]
    if record.version_recorded != record.first_recorded:
        facts.append(f"this version {format_datetime(record.version_recorded)}")
    if record.withdrawn:
        facts.append("withdrawn in error (kept, marked)")
    story: list[Flowable] = [
        CondPageBreak(40),
        para(f"{record.number}. {record.heading}", st.heading),
        para(" · ".join(facts), st.small),
        Spacer(1, 3),
    ]
    for label, value in record.redacted:
        story.append(para(label, st.cell_bold))
        story.append(para(value, st.body))
        story.append(Spacer(1, 3))
    return story


def sar_pdf(doc: BundleDocument, *, demo: bool = False) -> bytes:
    """The bundle as an A4 PDF (OFFICIAL-SENSITIVE, page x of y, DEMO-marked for a demo vault)."""
    st = styles()
    story: list[Flowable] = [*_cover(doc, st), PageBreak()]
    story.append(para("Records", st.title))
    if not doc.records:
        story.append(para("We hold no records about this person that can be released.", st.body))
    for record in doc.records:
        story += _record(record, st)
    if doc.withheld:
        story += [CondPageBreak(60), para("Records withheld in full", st.heading)]
        rows = [
            [
                w.kind_label(),
                format_date(to_uk(w.recorded).date()),
                _named(w.exemption),
                w.note,
            ]
            for w in doc.withheld
        ]
        story.append(_grid(["Kind of record", "Recorded", "Exemption", "Reason"], rows, [30, 22, 60, 58], st))
    story += [CondPageBreak(60), para("Schedule of redactions", st.heading)]
    if doc.schedule:
        rows = [
            [
                str(r.number),
                r.record_title,
                r.section_label,
                _named(r.exemption),
                r.note,
            ]
            for r in doc.schedule
        ]
        story.append(_grid(["No.", "Record", "Part", "Exemption", "Reason"], rows, [9, 38, 33, 45, 45], st))
        used = {r.exemption.id: r.exemption for r in doc.schedule} | {w.exemption.id: w.exemption for w in doc.withheld}
        story += [Spacer(1, 6), para("The exemptions used", st.heading)]
        for item in used.values():
            story.append(para(f"{item.short_name} — {item.provision}", st.cell_bold))
            story.append(para(item.explanation, st.body))
            story.append(Spacer(1, 3))
    else:
        story.append(para("Nothing was redacted.", st.body))
    frame = PageFrame(
        heading=f"Subject access request — {doc.request.person_name}",
        subheading=f"Received {format_date(doc.request.received)}",
        demo=demo,
        generated_by=doc.prepared_by.name,
    )
    return build_pdf(frame, story, title="Subject access request bundle")


def export_bundle(vault: Vault, bundle: Bundle, request: SarRequest, path: Path) -> str:
    """Write the bundle's PDF owner-only and atomically, logged as a disclosure to the requester; return its SHA-256.

    Refused (SafeguardError) while any redaction no longer fits its record. A file whose log
    entry cannot be kept is removed again, so no copy leaves the vault unlogged.
    """
    doc = bundle_document(vault, bundle, request)
    if doc.flagged:
        raise SafeguardError(
            f"{len(doc.flagged)} redaction{'' if len(doc.flagged) == 1 else 's'} no longer "
            f"fit{'s' if len(doc.flagged) == 1 else ''} the record, because it changed. "
            "Remove or redo them before exporting."
        )
    content = sar_pdf(doc, demo=vault.is_demo)
    disclosure = Disclosure(request.requester, f"Subject access request received {format_date(request.received)}")
    written = False
    try:
        with vault.recording_export(EXPORT_NAME, content, request.person_id, disclosure=disclosure) as digest:
            write_private_file_atomically(path, content)
            written = True
    except BaseException:
        if written:
            path.unlink(missing_ok=True)
        raise
    return digest
