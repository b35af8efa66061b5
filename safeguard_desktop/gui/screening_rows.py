"""A signed-off screening as label/text rows, in the order a reader takes it in.

Used by the record-and-history window. The rows are plain text for plain labels: evidence,
rationales and the family's views show exactly as typed.
"""

from __future__ import annotations

from safeguard_desktop.domain.ukdates import format_date, format_datetime
from safeguard_desktop.screening.record import Screening

SCALE = "Grades run from 1 (best) to 5 (worst)."


def screening_rows(screening: Screening) -> list[tuple[str, str]]:
    """Label and text for each part of the screening; empty parts are left out."""
    carer = screening.carer_name + (f" ({screening.carer_relationship})" if screening.carer_relationship else "")
    rows = [
        ("Tool", f"{screening.pack.tool}: {screening.pack.citation()}"),
        ("Carer", carer),
        ("Period observed", screening.period_text()),
        ("Place", screening.place),
        ("Practitioner", screening.practitioner.one_line()),
        ("Signed off", format_datetime(screening.signed_off_at)),
        ("Area grades", f"{screening.grades_text()}. {SCALE}"),
    ]
    for area in screening.areas:
        rows.append((area.area_name, f"Grade {area.grade} for the area as a whole.\nRationale: {area.rationale}"))
        for sub in screening.sub_areas:
            if sub.area_id == area.area_id:
                rows.append((f"{area.area_name}: {sub.sub_area_name}", f"Grade {sub.grade}.\nEvidence: {sub.evidence}"))
    rows += [
        ("Family's strengths", screening.strengths),
        ("Parents' views", screening.parents_views),
        ("Child's view", screening.child_view),
        ("Summary for the family", screening.family_summary),
        ("Screen again by", format_date(screening.review_by) if screening.review_by else ""),
    ]
    return [(label, text) for label, text in rows if text]
