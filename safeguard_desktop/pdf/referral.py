"""A referral as a readable PDF: the whole document, in the order a MASH worker reads it.

Urgency and any calls made come first, then each child, the adults and professionals, safety,
the concerns and their evidence, the chronology excerpt, screenings, the threshold decision,
consent, the family's and child's views and the referrer. Everything typed goes through
`para()`, so a name such as ``<b>O'Brien & Sons</b>`` prints as written.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from safeguard_desktop.domain.identifiers import format_nhs_number
from safeguard_desktop.domain.ukdates import format_date, format_datetime, to_uk
from safeguard_desktop.pdf.document import MARGIN, PageFrame, build_pdf, para, styles
from safeguard_desktop.pdf.rectify import disputed_pairs, disputed_summary, referral_restricted, referral_statements
from safeguard_desktop.pdf.screening import fit_heading
from safeguard_desktop.referral.model import Tristate
from safeguard_desktop.referral.snapshot_model import AddressDoc, AdultDoc, CallDoc, ChildDoc, ReferralDocument

__all__ = ["age_text", "referral_pdf", "yes_no"]

WIDTH = A4[0] - 2 * MARGIN
_GRID: list[tuple[Any, ...]] = [
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dddddd")),
    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
    ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#999999")),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
]
NOT_RECORDED = "Not recorded"


def yes_no(value: str) -> str:
    """A Tristate value in words: Yes, No or Not known."""
    return Tristate(value).label()


def age_text(born: date, on: date) -> str:
    """Age in whole years (months under two), e.g. "7 years" or "14 months"."""
    months = (on.year - born.year) * 12 + on.month - born.month - (1 if on.day < born.day else 0)
    if months < 1:
        return "under 1 month"
    if months < 24:
        return f"{months} month{'' if months == 1 else 's'}"
    return f"{months // 12} years"


def _address(address: AddressDoc | None) -> str:
    return address.one_line() if address is not None else NOT_RECORDED


def _or_missing(value: str) -> str:
    return value or NOT_RECORDED


def _details(pairs: list[tuple[str, str]], label_width: float = 45 * mm) -> Table:
    st = styles()
    rows = [[para(label, st.cell_bold), para(value, st.cell)] for label, value in pairs]
    table = Table(rows, colWidths=[label_width, WIDTH - label_width])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#cccccc")),
            ]
        )
    )
    return table


def _grid(headings: list[str], rows: list[list[str]], widths_mm: list[float | None]) -> Table:
    st = styles()
    fixed = sum(w * mm for w in widths_mm if w is not None)
    widths = [w * mm if w is not None else WIDTH - fixed for w in widths_mm]
    data = [[para(h, st.cell_bold) for h in headings], *([para(cell, st.cell) for cell in row] for row in rows)]
    return Table(data, colWidths=widths, repeatRows=1, style=TableStyle(_GRID), splitInRow=1)


def _section(title: str, value: str) -> list[Flowable]:
    st = styles()
    return [para(title, st.heading), para(value or NOT_RECORDED + ".", st.body)]


def _call_text(call: CallDoc | None) -> str:
    if call is None:
        return "The call has not been recorded."
    parts = [f"Called {format_datetime(call.called_at)}; spoke to {call.spoke_to}."]
    if call.advice:
        advice = call.advice if call.advice.endswith((".", "!", "?")) else call.advice + "."
        parts.append(f"Advice given: {advice}")
    if call.reference:
        parts.append(f"Reference: {call.reference}")
    return " ".join(parts)


def _urgency(doc: ReferralDocument) -> list[Flowable]:
    st = styles()
    loud = ParagraphStyle("urgent", parent=st.heading, fontSize=13, leading=17, spaceBefore=0, textColor=colors.white)
    lines: list[list[Flowable]] = []
    if doc.immediate_danger:
        lines += [[para("IMMEDIATE DANGER: police called on 999", loud)], [para(_call_text(doc.police_call), st.body)]]
    if doc.response_today:
        lines += [[para("RESPONSE NEEDED TODAY: MASH phoned", loud)], [para(_call_text(doc.mash_call), st.body)]]
    if not lines:
        return [
            para("Urgency", st.heading),
            para("No immediate danger and no same-day response recorded. The MASH rates the enquiry.", st.body),
        ]
    commands: list[tuple[Any, ...]] = [("BOX", (0, 0), (-1, -1), 1.5, colors.HexColor("#b00020"))]
    for index in range(0, len(lines), 2):
        commands.append(("BACKGROUND", (0, index), (-1, index), colors.HexColor("#b00020")))
    table = Table(lines, colWidths=[WIDTH], style=TableStyle(commands))
    return [table, para("The MASH rates the enquiry, not the referrer.", st.small)]


def _birth(child: ChildDoc, on: date) -> str:
    if child.expected_delivery is not None:
        return f"Unborn: expected {format_date(child.expected_delivery)}"
    if child.date_of_birth is not None:
        return f"{format_date(child.date_of_birth)} (age {age_text(child.date_of_birth, on)})"
    note = f": {child.assessed_age_note}" if child.assessed_age_note else ""
    return f"Not known; age {child.age_status}{note}"


def _child(child: ChildDoc, number: int, on: date) -> list[Flowable]:
    st = styles()
    status = "; ".join(f"{s.status} since {format_date(s.since)}" for s in child.current_status)
    language = child.first_language or NOT_RECORDED
    pairs = [
        ("Name", child.name),
        ("Other names", ", ".join(child.other_names) or "None recorded"),
        ("Date of birth", _birth(child, on)),
        ("Gender", _or_missing(child.gender)),
        ("Ethnicity", _or_missing(child.ethnicity)),
        ("Religion", _or_missing(child.religion)),
        ("First language", f"{language}; interpreter {'needed' if child.interpreter_needed else 'not needed'}"),
        ("Disability / SEND", _or_missing(child.disability_send)),
        ("Address", _address(child.address)),
        ("GP", _or_missing(child.gp)),
        ("School or setting", _or_missing(child.school_or_setting)),
        ("UPN", child.upn or NOT_RECORDED),
        ("NHS number", format_nhs_number(child.nhs_number) if child.nhs_number else NOT_RECORDED),
        ("Current status", status or "None recorded (no Early Help, plan or care)"),
        ("Safe tonight?", yes_no(child.safe_tonight)),
        ("Where now", _or_missing(child.where_now)),
    ]
    # Said in the child's own table, beside the gaps: stated by the referrer, not overlooked.
    pairs += [(f"Not known: {n.label}", f"Not known. Reason: {n.reason}") for n in child.not_known]
    return [KeepTogether([para(f"Child {number}: {child.name}", st.heading), _details(pairs)])]


def _adult(doc: ReferralDocument, adult: AdultDoc) -> list[Flowable]:
    st = styles()
    links = "; ".join(
        f"{link.relationship} of {doc.child_name(link.child_id)}"
        f" ({'has' if link.parental_responsibility else 'no'} parental responsibility;"
        f" {'lives in the home' if link.lives_in_home else 'lives elsewhere'})"
        for link in adult.relationships
    )
    born = format_date(adult.date_of_birth) if adult.date_of_birth else NOT_RECORDED
    previous = "; ".join(a.one_line() for a in adult.previous_addresses) or "None recorded"
    pairs = [
        ("Name", adult.name),
        ("Aliases / other names", ", ".join(adult.aliases) or "None recorded"),
        ("Date of birth", born),
        ("Gender", _or_missing(adult.gender)),
        ("Relationship", links or "Not recorded as related to the children referred"),
        ("Current address", _address(adult.current_address)),
        ("Previous addresses", previous),
        ("Phone", _or_missing(adult.phone)),
    ]
    return [KeepTogether([para(adult.name, st.cell_bold), _details(pairs), Spacer(1, 2 * mm)])]


def _people(doc: ReferralDocument) -> list[Flowable]:
    st = styles()
    story: list[Flowable] = [CondPageBreak(45 * mm), para("Household and significant adults", st.heading)]
    if not doc.adults:
        story.append(para("No adults recorded.", st.body))
    for adult in doc.adults:
        story += _adult(doc, adult)
    story.append(para("Other professionals involved", st.heading))
    if doc.professionals:
        rows = [
            [p.name, p.role, p.organisation, ", ".join(x for x in (p.phone, p.email) if x), doc.child_name(p.child_id)]
            for p in doc.professionals
        ]
        story.append(_grid(["Name", "Role", "Organisation", "Contact", "For"], rows, [34, 30, None, 42, 30]))
    else:
        story.append(para("None recorded.", st.body))
    return story


def _safety(doc: ReferralDocument) -> list[Flowable]:
    st = styles()
    pairs = [
        (f"{c.name}: safe tonight?", f"{yes_no(c.safe_tonight)}. Now: {_or_missing(c.where_now)}") for c in doc.children
    ]
    pairs.append(("Risk to visiting professionals", doc.risk_to_visitors or "None known"))
    factors = [
        ("Parental mental health", yes_no(doc.mental_health)),
        ("Parental substance misuse", yes_no(doc.substance_misuse)),
        ("Domestic abuse", yes_no(doc.domestic_abuse)),
        ("About these factors", doc.parental_factors_note or "Nothing further recorded"),
    ]
    return [
        para("Safety", st.heading),
        _details(pairs, 60 * mm),
        para("Parental factors", st.heading),
        _details(factors, 60 * mm),
    ]


def _concerns(doc: ReferralDocument) -> list[Flowable]:
    st = styles()
    story: list[Flowable] = [CondPageBreak(60 * mm), para("Concerns", st.heading)]
    if not doc.concerns:
        story.append(para("No recorded concerns chosen.", st.body))
    for number, c in enumerate(doc.concerns, 1):
        story.append(CondPageBreak(50 * mm))
        who = "; ".join(
            f"{doc.child_name(ch.child_id) or 'another child'} ({', '.join(ch.roles)})" for ch in c.children
        )
        pairs = [
            ("When", c.happened),
            ("Categories", ", ".join(c.categories)),
            ("Children", who),
            ("What happened", c.account),
            ("Child's words", c.child_words or "None recorded"),
            ("Action taken", c.action_taken or "None recorded"),
            ("Reported by", c.reported_by or "The recorder saw or heard it"),
            ("Recorded by", c.recorded_by),
            ("Status", c.status),
            *disputed_pairs(doc, c.concern_id),
        ]
        story += [
            para(f"Concern {number}: {', '.join(c.categories)}", st.cell_bold),
            _details(pairs),
            Spacer(1, 2 * mm),
        ]
    return story


def _chronology(doc: ReferralDocument) -> list[Flowable]:
    st = styles()
    story: list[Flowable] = [CondPageBreak(30 * mm), para("Chronology excerpt", st.heading)]
    if not doc.chronology:
        return [*story, para("No chronology entries chosen.", st.body)]
    rows = [[r.date, ", ".join(r.categories), disputed_summary(doc, r), r.role, r.source] for r in doc.chronology]
    story.append(_grid(["Date", "Category", "Summary", "Child's role", "Source"], rows, [26, 28, None, 22, 26]))
    return story


def _assessment(doc: ReferralDocument) -> list[Flowable]:
    st = styles()
    mono = ParagraphStyle("summary", parent=st.cell, fontSize=7.5, leading=9.5)
    story: list[Flowable] = [para("Screenings", st.heading)]
    if not doc.screenings:
        story.append(para("No screenings included.", st.body))
    for s in doc.screenings:
        grades = "; ".join(f"{a.area} {a.grade}" for a in s.areas)
        story += [
            para(f"{s.tool}, {s.period} ({doc.child_name(s.child_id)}; carer {s.carer_name}): {grades}", st.cell_bold),
            para(s.summary.rstrip("\n"), mono),
            Spacer(1, 2 * mm),
        ]
    story.append(para("Threshold decision", st.heading))
    d = doc.decision
    if d is None:
        story.append(para("No threshold decision included.", st.body))
    else:
        indicators = [
            f"Level {i.level}, {i.domain}: {i.text}" + (f" ({i.evidence})" if i.evidence else "") for i in d.indicators
        ]
        pairs = [
            ("Level judged", f"Level {d.level} ({d.level_name})"),
            ("Reasons", d.reasons),
            ("Action", d.action),
            ("Indicators", "\n".join(indicators) or "None chosen"),
            ("Decided", f"{d.decided} by {d.decided_by}"),
            ("Guide edition", d.guide),
        ]
        story.append(_details(pairs))
    story += _section("Early Help already tried", doc.early_help)
    return story


def _consent(doc: ReferralDocument) -> list[Flowable]:
    st = styles()
    story: list[Flowable] = [para("Consent of parents and carers", st.heading)]
    if not doc.consents:
        return [*story, para("No consent answers recorded.", st.body)]
    rows = [
        [
            c.name,
            "Yes" if c.parental_responsibility else "No",
            yes_no(c.aware),
            yes_no(c.consented),
            "; ".join(x for x in (c.reason_not_text, c.note) if x) or "—",
        ]
        for c in doc.consents
    ]
    story.append(
        _grid(
            ["Parent or carer", "Parental responsibility", "Aware", "Consented", "If not, why not"],
            rows,
            [40, 26, 18, 20, None],
        )
    )
    story.append(
        para(
            "Consent is recorded as a practice question: sharing information to protect a child does not need it.",
            st.small,
        )
    )
    return story


def _closing(doc: ReferralDocument) -> list[Flowable]:
    st = styles()
    story: list[Flowable] = []
    story += _section("What the family has been told", doc.family_told)
    story += _section("How the family responded", doc.family_response)
    story += _section("The child's voice", doc.child_voice)
    story += _section("What the referrer wants to happen", doc.referrer_wants)
    r = doc.referrer
    story += [
        para("Referrer", st.heading),
        _details(
            [("Name", r.name), ("Role", r.role), ("Organisation", r.organisation), ("Contact", _or_missing(r.contact))]
        ),
        para("Attachments", st.heading),
    ]
    if doc.attachments:
        rows = [[a.filename, a.description, f"{a.size:,} bytes", a.sha256[:16]] for a in doc.attachments]
        story.append(_grid(["File", "Description", "Size", "SHA-256 (start)"], rows, [50, None, 24, 32]))
    else:
        story.append(para("None.", st.body))
    return story


def referral_pdf(document: ReferralDocument, *, demo: bool = False) -> bytes:
    """The whole referral as a marked, numbered A4 PDF; urgency and any calls made come first."""
    st = styles()
    doc = document
    on = to_uk(doc.created).date()
    names = ", ".join(c.name for c in doc.children)
    made = f"Prepared {format_datetime(doc.created)} by {doc.referrer.name}, {doc.referrer.organisation}."
    story: list[Flowable] = [
        para(f"{doc.destination_label}: {names}", st.title),
        para(made, st.body),
        para(f"Referral {doc.referral_id} (version {doc.version_id}).", st.small),
        *referral_restricted(doc),
        Spacer(1, 3 * mm),
        *_urgency(doc),
    ]
    for number, child in enumerate(doc.children, 1):
        story += _child(child, number, on)
    story += _people(doc)
    story += _safety(doc)
    story += _concerns(doc)
    story += _chronology(doc)
    story += referral_statements(doc)
    story += _assessment(doc)
    story += _consent(doc)
    story += _closing(doc)
    subheading = format_date(on)
    frame = PageFrame(
        heading=fit_heading(f"{doc.destination_label}: {names}", subheading),
        subheading=subheading,
        demo=demo,
        generated_by=doc.referrer.name,
    )
    # The PDF's title shows in viewers' tabs and recent lists: no name in it.
    return build_pdf(frame, story, title=doc.destination_label)


def no_names_pdf(summary: str, *, prepared_by: str, organisation: str, demo: bool = False) -> bytes:
    """A no-names consultation as sent: the checked summary only, with nothing that identifies the family."""
    st = styles()
    story: list[Flowable] = [
        para("LCSS no-names consultation", st.title),
        para(f"Prepared by {prepared_by}, {organisation}. No child or family is named in this document.", st.body),
        Spacer(1, 3 * mm),
    ]
    story += [para(paragraph, st.body) for paragraph in summary.split("\n\n") if paragraph.strip()]
    frame = PageFrame(heading="LCSS no-names consultation", demo=demo, generated_by=prepared_by)
    return build_pdf(frame, story, title="LCSS no-names consultation")
