"""Plain-text summaries of a screening: for the health record, for the family, and of a comparison.

The record summary is pasted into systems such as SystmOne or EMIS, which show text as typed,
mangle typographic punctuation and cope badly with long lines: so it is plain text, ASCII
punctuation, and no line longer than 100 characters. What a user typed is never interpreted
as markup here: it is copied as written, only its line breaks folded into the wrapping.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from safeguard_desktop.domain.ukdates import format_date, format_datetime
from safeguard_desktop.screening.compare import Comparison
from safeguard_desktop.screening.pack import ScreeningPack, shipped_pack
from safeguard_desktop.screening.record import Screening

__all__ = ["WIDTH", "ascii_punctuation", "comparison_summary", "family_summary", "matching_pack", "record_summary"]

WIDTH = 100
GRADE_SCALE = "Grades run from 1 (best) to 5 (worst)."
_PUNCTUATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2026": "...",
        "\u00a0": " ",
        "\u2022": "-",
        "\u00d7": "x",
        "\u2192": "->",
    }
)
# Everyday words for the shipped pack's sub-areas, for the family's summary. Another pack's
# sub-areas are named as the pack names them.
_EVERYDAY = {
    "nutrition": "food and drink",
    "housing": "the home",
    "clothing": "clothes",
    "hygiene": "keeping clean",
    "health": "health and check-ups",
    "safety-presence": "keeping safe when a carer is there",
    "safety-absence": "keeping safe when a carer is not there",
    "safety-home-road-online": "safety at home, near roads and online",
    "responsiveness": "noticing and answering the child's feelings",
    "engagement": "time and closeness together",
    "stimulation": "play and learning",
    "approval": "praise and encouragement",
    "disapproval": "how the child is told off",
}


def ascii_punctuation(value: str) -> str:
    """Replace curly quotes, long dashes, ellipses and the like with plain ASCII; letters stay."""
    return value.translate(_PUNCTUATION)


def matching_pack(screening: Screening, pack: ScreeningPack | None = None) -> ScreeningPack | None:
    """Return the pack the screening used, if `pack` or the shipped pack is exactly it (same digest)."""
    for candidate in (pack, shipped_pack()):
        if candidate is not None and candidate.ref().digest == screening.pack.digest:
            return candidate
    return None


def _one_line(value: str) -> str:
    return " ".join(ascii_punctuation(value).split())


def _wrap(label: str, value: str, indent: str = "") -> list[str]:
    """`label` then `value` on as many lines of at most WIDTH characters as it needs."""
    first = f"{indent}{label}"
    body = _one_line(value)
    if not body:
        return [first.rstrip()]
    return textwrap.wrap(
        body,
        width=WIDTH,
        initial_indent=first,
        subsequent_indent=indent + "  ",
        break_long_words=True,
        break_on_hyphens=False,
    )


def _lines(paragraphs: Iterable[str]) -> list[str]:
    """Prose paragraphs wrapped flush left; a paragraph starting "- " is a list item, its lines set in."""
    out: list[str] = []
    for paragraph in paragraphs:
        if not paragraph:
            out.append("")
            continue
        item = paragraph.startswith("- ")
        out += textwrap.wrap(
            _one_line(paragraph),
            width=WIDTH,
            subsequent_indent="  " if item else "",
            break_long_words=True,
            break_on_hyphens=False,
        ) or [""]
    return out


def record_summary(screening: Screening, pack: ScreeningPack | None = None) -> str:
    """A short plain-text summary for a health record system: ASCII punctuation, lines of 100 or fewer.

    Grade labels come from the pack the screening used when that pack is `pack` or the shipped
    one (matched by digest); otherwise only the numbers are given.
    """
    known = matching_pack(screening, pack)
    s = screening
    carer = s.carer_name + (f" ({s.carer_relationship.lower()})" if s.carer_relationship else "")
    lines = [
        *_wrap("", f"Neglect screening ({s.pack.tool}), signed off {format_datetime(s.signed_off_at)}"),
        *_wrap("Period observed: ", s.period_text()),
        *_wrap("Carer: ", carer),
        *_wrap("Place: ", s.place),
        *_wrap("Practitioner: ", s.practitioner.one_line()),
        *_wrap("Pack: ", s.pack.citation()),
        GRADE_SCALE + " Area grades are the practitioner's judgement, not averages.",
    ]
    for area in s.areas:
        label = f" - {known.meaning(area.grade).label}" if known is not None else ""
        subs = [g for g in s.sub_areas if g.area_id == area.area_id]
        lines += _wrap("", f"{area.area_name}: {area.grade}{label}")
        if subs:
            lines += _wrap("Sub-areas: ", "; ".join(f"{g.sub_area_name} {g.grade}" for g in subs), "  ")
        lines += _wrap("Rationale: ", area.rationale, "  ")
    lines += _wrap("Strengths: ", s.strengths or "none recorded")
    # The family's own words belong in the health record beside the practitioner's judgement.
    lines += _wrap("Parents' views: ", s.parents_views or "not recorded")
    lines += _wrap("Child's view: ", s.child_view or "not recorded")
    review = format_date(s.review_by) if s.review_by is not None else "not set"
    lines.append(f"Next review by: {review}")
    return "\n".join(lines) + "\n"


def _everyday(sub_id: str, name: str) -> str:
    return _EVERYDAY.get(sub_id, name.lower())


def _area_heading(pack: ScreeningPack, area_id: str, name: str) -> str:
    try:
        also = pack.area(area_id).also_called
    except KeyError:
        also = ""
    # The training's everyday name ("love and belonging") is the one families remember.
    return f"{name} ({also.lower()})" if also else name


def family_summary(screening: Screening, pack: ScreeningPack, *, child_name: str = "") -> str:
    """Plain words to share with the family: strengths first, then each area, then what happens next.

    The grade meanings come from `pack` (the pack the screening used), so that the family reads
    what each grade means rather than a bare number.
    """
    s = screening
    child = child_name.strip() or "your child"
    when = ("on " if s.observed_from == s.observed_to else "from ") + s.period_text()
    paragraphs = [
        f"Looking at how {child} is cared for",
        "",
        f"{s.practitioner.name} and {s.carer_name} looked together at how {child} is cared for, "
        f"at {s.place}, {when}. We looked at each part of {child}'s care in turn. "
        "For each part we say what is going well and what needs to change.",
        "",
        "What is going well",
        # The practitioner's own paragraphs stay as they wrote them.
        *(s.strengths.splitlines() or ["We will talk about what is going well when we next meet."]),
    ]
    for area in s.areas:
        subs = [g for g in s.sub_areas if g.area_id == area.area_id]
        good = [_everyday(g.sub_area_id, g.sub_area_name) for g in subs if g.grade <= 2]
        change = [_everyday(g.sub_area_id, g.sub_area_name) for g in subs if g.grade >= 3]
        meaning = pack.meaning(area.grade)
        paragraphs += ["", _area_heading(pack, area.area_id, area.area_name)]
        paragraphs.append(f"Overall: {meaning.meaning} (This is grade {area.grade} of 5, and 1 is the best.)")
        if good:
            paragraphs += ["Going well:", *(f"- {words}" for words in good)]
        if change:
            paragraphs += ["Needs to change:", *(f"- {words}" for words in change)]
    if s.family_summary:
        paragraphs += ["", f"In {s.practitioner.name}'s words", *s.family_summary.splitlines()]
    paragraphs += ["", "What happens next"]
    if s.review_by is not None:
        paragraphs.append(
            f"We will look at this again together by {format_date(s.review_by)}, to see what has changed."
        )
    else:
        paragraphs.append(f"{s.practitioner.name} will talk with you about what happens next.")
    paragraphs.append("If you think something here is wrong, please tell us. Your views are part of the record.")
    return "\n".join(_lines(paragraphs)) + "\n"


def comparison_summary(comparison: Comparison) -> str:
    """The comparison as plain text: the screenings, a sentence per area, then every row's grades."""
    c = comparison
    lines = [f"Comparison of {len(c.columns)} neglect screenings, oldest first. {GRADE_SCALE}"]
    for number, column in enumerate(c.columns, 1):
        lines += _wrap(f"{number}. ", f"{column.period}; carer {column.carer}; practitioner {column.practitioner}")
    if len(c.packs) > 1:
        lines += _wrap(
            "Packs: ",
            "; ".join(p.citation() for p in c.packs) + ". Compared where the area and sub-area IDs match.",
        )
    lines.append("")
    for overview in c.overviews:
        lines += _wrap("", overview.sentence)
    lines += ["", "Grades (" + ", ".join(f"{n}." for n in range(1, len(c.columns) + 1)) + "), change first to last:"]
    for row in c.rows:
        grades = ", ".join("-" if g is None else str(g) for g in row.grades)
        indent = "" if row.is_area else "  "
        lines += _wrap(f"{indent}{row.label}: ", f"{grades} ({row.change})", indent)
    if c.only_in_some:
        lines.append("")
        lines += [line for note in c.only_in_some for line in _wrap("", note)]
    return "\n".join(lines) + "\n"
