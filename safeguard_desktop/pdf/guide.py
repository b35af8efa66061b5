"""The threshold guide on paper: the whole edition, or one level or one domain of it.

The guide holds no personal data, so its pages carry no protective marking; every page
instead names the source document, its edition and its date, so a printout is never
mistaken for a newer (or older) edition. The content arrives in a signed pack but is still
treated as text: every string goes through `para()`/`text()`, so ``<b>`` prints as written.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from safeguard_desktop.pdf.document import MARGIN, PageFrame, Styles, build_pdf, para, styles, text
from safeguard_desktop.thresholds.guide import Indicator, Level, Route, ThresholdGuide

__all__ = ["IndicatorGroup", "domain_groups", "guide_pdf", "level_groups", "level_heading", "top_level"]

RULE = colors.HexColor("#444444")
FRAME_WIDTH = A4[0] - 2 * MARGIN - 12  # A4 less both margins and the frame's own padding


@dataclass(frozen=True)
class IndicatorGroup:
    """Indicators under one heading (a domain or a level), split by area, in content order."""

    heading: str
    level: int | None
    areas: list[tuple[str, list[Indicator]]]

    def count(self) -> int:
        """How many indicators the group holds."""
        return sum(len(items) for _, items in self.areas)


def top_level(guide: ThresholdGuide) -> int:
    """The number of the highest level: the one that calls for action now."""
    return max(level.number for level in guide.levels)


def level_heading(guide: ThresholdGuide, level: Level) -> str:
    """A level as headings name it, e.g. "Level 4: Acute / critical (highest level)"."""
    marker = " (highest level)" if level.number == top_level(guide) else ""
    return f"Level {level.number}: {level.name}{marker}"


def _by_area(guide: ThresholdGuide, domain_id: str, indicators: list[Indicator]) -> list[tuple[str, list[Indicator]]]:
    areas = []
    for area in guide.domain(domain_id).areas:
        items = [indicator for indicator in indicators if indicator.area == area.id]
        if items:
            areas.append((area.name, items))
    return areas


def level_groups(guide: ThresholdGuide, number: int) -> list[IndicatorGroup]:
    """The indicators at one level, grouped by domain and then area (empty groups left out)."""
    groups = []
    for domain in guide.domains:
        areas = _by_area(guide, domain.id, guide.indicators_in(domain=domain.id, level=number))
        if areas:
            groups.append(IndicatorGroup(domain.name, None, areas))
    return groups


def domain_groups(guide: ThresholdGuide, domain_id: str, area_id: str | None = None) -> list[IndicatorGroup]:
    """The indicators in one domain (or one of its areas), grouped by level and then area."""
    groups = []
    for level in guide.levels:
        found = [
            indicator
            for indicator in guide.indicators_in(domain=domain_id, level=level.number)
            if area_id is None or indicator.area == area_id
        ]
        areas = _by_area(guide, domain_id, found)
        if areas:
            groups.append(IndicatorGroup(level_heading(guide, level), level.number, areas))
    return groups


def _labelled(label: str, value: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(f"<b>{text(label)}</b> {text(value)}", style)


def _route_block(route: Route, st: Styles) -> Flowable:
    title = f"URGENT — {route.name}" if route.urgent else route.name
    name = ParagraphStyle("route", parent=st.heading, spaceBefore=0, spaceAfter=1)
    if not route.urgent:
        name = ParagraphStyle("route", parent=name, fontSize=10, leading=13)
    cells: list[Flowable] = [
        para(title, name),
        _labelled("Action:", route.action.label(), st.body),
        _labelled("When:", route.when, st.body),
    ]
    cells += [_labelled(f"{number}.", step, st.body) for number, step in enumerate(route.how, 1)]
    if route.contact:
        cells.append(_labelled("Contact:", route.contact, st.body))
    box = Table([[cells]], colWidths=[FRAME_WIDTH])
    # Urgent routes stand out in black and white too: a heavy border and the word URGENT.
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 2.2 if route.urgent else 0.5, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return box


def _indicator_groups(groups: list[IndicatorGroup], st: Styles, group_style: ParagraphStyle) -> list[Flowable]:
    area_style = ParagraphStyle(
        "area", parent=st.body, fontName=st.cell_bold.fontName, spaceBefore=3, spaceAfter=1, keepWithNext=1
    )
    bullet = ParagraphStyle("bullet", parent=st.body, leftIndent=10, bulletIndent=2, spaceAfter=1)
    # Headings are kept with what follows them (reportlab groups flowables marked keepWithNext);
    # the first line of an area is kept with the second so no area ends a page on one line.
    first = ParagraphStyle("bullet_first", parent=bullet, keepWithNext=1)
    story: list[Flowable] = []
    for group in groups:
        story.append(para(group.heading, group_style))
        for area, items in group.areas:
            story.append(para(area, area_style))
            for number, item in enumerate(items):
                style = first if number == 0 and len(items) > 1 else bullet
                story.append(Paragraph(text(item.text), style, bulletText="•"))
    return story


def _styles() -> Styles:
    """The shared styles, with headings kept on the page of what follows them."""
    st = styles()
    return replace(st, heading=ParagraphStyle("guide_heading", parent=st.heading, keepWithNext=1))


def _level_section(guide: ThresholdGuide, level: Level, st: Styles) -> list[Flowable]:
    top = level.number == top_level(guide)
    heading = ParagraphStyle("level", parent=st.title, spaceBefore=2)
    story: list[Flowable] = [para(level_heading(guide, level), heading)]
    if top:
        # Not by colour alone: a heavy rule under the heading of the highest level.
        rule = Table([[""]], colWidths=[FRAME_WIDTH], rowHeights=[1])
        rule.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, -1), 2.2, RULE)]))
        story.append(rule)
    story += [para(level.description, st.body), para("Response", st.heading), para(level.response, st.body)]
    if level.cumulative is not None:
        hint = level.cumulative
        story.append(
            _labelled(
                f"{hint.count} or more indicators at this level may together point to level {hint.points_to}:",
                hint.message,
                st.body,
            )
        )
    story.append(para("Routes", st.heading))
    for route_id in level.routes:
        story += [_route_block(guide.route(route_id), st), Spacer(1, 2 * mm)]
    story.append(para("Indicators", st.heading))
    groups = level_groups(guide, level.number)
    sub = ParagraphStyle("group", parent=st.heading, fontSize=10.5, leading=13, spaceBefore=6, keepWithNext=1)
    story += _indicator_groups(groups, st, sub) or [para("This edition gives no indicators at this level.", st.body)]
    return story


def _overview(guide: ThresholdGuide, st: Styles) -> list[Flowable]:
    rows = [[para(value, st.cell_bold) for value in ("Level", "Description", "Response")]]
    for level in guide.levels:
        name = level_heading(guide, level).removeprefix("Level ")
        rows.append([para(name, st.cell_bold), para(level.description, st.cell), para(level.response, st.cell)])
    table = Table(rows, colWidths=[FRAME_WIDTH * share for share in (0.24, 0.38, 0.38)], repeatRows=1)
    last = len(rows) - 1
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                # The highest level, boxed heavily: it stands out in black and white too.
                ("BOX", (0, last), (-1, last), 2.2, RULE),
            ]
        )
    )
    story: list[Flowable] = [para("Levels of need", st.heading), table, para("Domains", st.heading)]
    for domain in guide.domains:
        areas = ", ".join(area.name for area in domain.areas)
        story.append(_labelled(f"{domain.name}:", f"{domain.description} Areas: {areas}.", st.body))
    return story


def _domain_section(guide: ThresholdGuide, domain_id: str, st: Styles) -> list[Flowable]:
    domain = guide.domain(domain_id)
    story: list[Flowable] = [para(domain.name, st.title), para(domain.description, st.body)]
    sub = ParagraphStyle("group", parent=st.heading, fontSize=11, leading=14, spaceBefore=8, keepWithNext=1)
    story += _indicator_groups(domain_groups(guide, domain_id), st, sub) or [
        para("This edition gives no indicators in this domain.", st.body)
    ]
    return story


def guide_pdf(
    guide: ThresholdGuide, *, only_level: int | None = None, only_domain: str | None = None, demo: bool = False
) -> bytes:
    """Lay out the guide on A4 portrait pages; return the PDF's bytes.

    The whole edition by default: an overview of the levels and domains, then one section per
    level with its response, routes and indicators. `only_level` prints one level's section,
    `only_domain` one domain's indicators level by level (KeyError if the edition has no such
    level or domain; ValueError for both at once). Every page names the source and edition.
    """
    if only_level is not None and only_domain is not None:
        raise ValueError("print one level or one domain, not both")
    st = _styles()
    citation = guide.edition().citation()
    if only_level is not None:
        scope = level_heading(guide, guide.level(only_level))
    elif only_domain is not None:
        scope = guide.domain(only_domain).name
    else:
        scope = "The whole guide"
    note_style = ParagraphStyle("note", parent=st.body, borderWidth=0.6, borderColor=RULE, borderPadding=5)
    story: list[Flowable] = [
        para(guide.title, st.title),
        para(f"Summarised in our own words from {citation}.", st.small),
        Spacer(1, 4 * mm),
        para(guide.note, note_style),
        Spacer(1, 5 * mm),
    ]
    if only_level is not None:
        story += _level_section(guide, guide.level(only_level), st)
    elif only_domain is not None:
        story += _domain_section(guide, only_domain, st)
    else:
        story += _overview(guide, st)
        for level in guide.levels:
            story += [PageBreak(), *_level_section(guide, level, st)]
    frame = PageFrame(heading=guide.title, subheading=scope, demo=demo, marking="", footnote=f"Source: {citation}")
    return build_pdf(frame, story, title=f"{guide.title} — {scope}")
