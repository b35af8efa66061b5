"""The profile chart reads in greyscale, its table says the same, and the change chart draws."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import pairwise
from statistics import mean
from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from safeguard_desktop.domain.people import Adult, Child, Relationship, RelationshipType
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.ukdates import utc_now
from safeguard_desktop.gui.screening_chart import AREA_ROW, ChangeChart, ProfileChart, ProfileView
from safeguard_desktop.screening.pack import shipped_pack
from safeguard_desktop.screening.record import AreaGrade, Screening, SubAreaGrade
from safeguard_desktop.vault.session import Vault

HEALTH_VISITOR = Practitioner(
    name="Morwenna Tregothnan", role="Health visitor", organisation="Northmoor Health", contact="01865 111111"
)


def make_screening(
    child_id: UUID,
    carer_id: UUID,
    ended: date,
    grades: dict[str, int] | None = None,
    area_grades: dict[str, int] | None = None,
    carer_name: str = "Juno Falconbridge",
) -> Screening:
    """A signed-off screening of the shipped pack; every sub-area grade 2 unless given."""
    pack = shipped_pack()
    grades = grades or {}
    area_grades = area_grades or {}
    return Screening(
        child_id=child_id,
        carer_id=carer_id,
        carer_name=carer_name,
        carer_relationship="Mother",
        observed_from=ended - timedelta(days=7),
        observed_to=ended,
        place="Family home",
        practitioner=HEALTH_VISITOR,
        pack=pack.ref(),
        sub_areas=[
            SubAreaGrade(
                area_id=area.id,
                sub_area_id=sub.id,
                sub_area_name=sub.name,
                grade=grades.get(sub.id, 2),
                evidence=f"Seen at the visit: {sub.name}",
            )
            for area in pack.areas
            for sub in area.sub_areas
        ],
        areas=[
            AreaGrade(area_id=a.id, area_name=a.name, grade=area_grades.get(a.id, 2), rationale=f"Judged: {a.name}")
            for a in pack.areas
        ],
        strengths="Warm and responsive.",
        signed_off_at=datetime.combine(ended, datetime.min.time()).replace(tzinfo=utc_now().tzinfo),
    )


def add_family(vault: Vault, given: str, family: str, carer_given: str, *siblings: str) -> tuple[list, object]:
    """A carer and their children (made up), related as mother; returns (children, carer)."""
    carer = vault.adults.add(Adult(given_names=carer_given, family_name=family))
    children = []
    for name in (given, *siblings):
        child = vault.children.add(Child(given_names=name, family_name=family, date_of_birth=date(2022, 4, 9)))
        vault.relationships.add(
            Relationship(
                adult_id=carer.record_id,
                child_id=child.record_id,
                relationship=RelationshipType.MOTHER,
                parental_responsibility=True,
                lives_in_home=True,
            )
        )
        children.append(child)
    return children, carer


def every_grade() -> Screening:
    """A screening using each grade 1 to 5 somewhere, areas and sub-areas alike."""
    pack = shipped_pack()
    subs = [sub.id for area in pack.areas for sub in area.sub_areas]
    grades = {sub: (i % 5) + 1 for i, sub in enumerate(subs)}
    areas = {area.id: (i % 5) + 1 for i, area in enumerate(pack.areas)}
    return make_screening(UUID(int=1), UUID(int=2), date(2026, 10, 1), grades, areas)


def _grey_of(image: QImage, rect) -> float:
    """The mean grey (0 black … 255 white) inside a rectangle of a greyscale image."""
    r = rect.toRect().adjusted(2, 2, -2, -2)
    values = [
        image.pixelColor(x, y).value()
        for x in range(r.left(), r.right())
        for y in range(r.top(), r.bottom())
        # The number's white box sits at the bar's right end: sample the bar, not the number.
        if x < r.right() - 40
    ]
    return mean(values)


def test_profile_chart_paints_a_full_screening_with_a_row_per_area_and_sub_area(qtbot):
    screening = every_grade()
    chart = ProfileChart(screening)
    qtbot.addWidget(chart)
    chart.resize(800, chart.sizeHint().height())
    image = chart.grab().toImage()
    assert not image.isNull()
    assert len(chart.rows) == len(screening.areas) + len(screening.sub_areas)
    assert [r.is_area for r in chart.rows].count(True) == 4
    assert "grade" in chart.accessibleDescription()


def test_the_table_has_the_same_grades_as_the_chart_and_the_pack_meanings(qtbot):
    screening = every_grade()
    view = ProfileView(screening, shipped_pack())
    qtbot.addWidget(view)
    assert view.table_grades() == [(row.label, row.grade) for row in view.chart.rows]
    pack = shipped_pack()
    area_rows = [i for i in range(view.table.rowCount()) if view.table.item(i, 1).text() == AREA_ROW]
    assert len(area_rows) == 4
    first = area_rows[0]
    grade = int(view.table.item(first, 2).text())
    assert view.table.item(first, 3).text() == pack.meaning(grade).label
    # The spread: each sub-area's grade, lowest first, never an average.
    subs = sorted(s.grade for s in screening.sub_areas if s.area_id == screening.areas[0].area_id)
    assert view.table.item(first, 4).text() == ", ".join(map(str, subs))


def test_show_as_table_swaps_the_chart_for_the_table(qtbot):
    view = ProfileView(every_grade(), shipped_pack())
    qtbot.addWidget(view)
    view.show()
    assert view.chart.isVisible() and not view.table.isVisible()
    view.toggle.click()
    assert view.table.isVisible() and not view.chart.isVisible()
    assert view.toggle.text() == "Show as chart"


def test_each_grade_reads_apart_in_greyscale(qtbot):
    screening = every_grade()
    chart = ProfileChart(screening)
    qtbot.addWidget(chart)
    chart.resize(900, chart.sizeHint().height())
    grey = chart.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    by_grade: dict[int, list[float]] = {}
    for index, row in enumerate(chart.rows):
        by_grade.setdefault(row.grade, []).append(_grey_of(grey, chart.bar_rect(index)))
    assert sorted(by_grade) == [1, 2, 3, 4, 5]
    means = {grade: mean(values) for grade, values in by_grade.items()}
    # Darker as care gets worse, each grade at least a clear step from the next.
    ordered = [means[g] for g in range(1, 6)]
    assert ordered == sorted(ordered, reverse=True)
    assert all(a - b >= 15 for a, b in pairwise(ordered)), ordered
    # The same grade looks the same wherever it appears.
    assert all(max(v) - min(v) < 6 for v in by_grade.values())


def test_change_chart_draws_a_line_per_area_with_dates(qtbot):
    child, carer = UUID(int=5), UUID(int=6)
    first = make_screening(child, carer, date(2026, 3, 1), area_grades={"physical": 4})
    second = make_screening(child, carer, date(2026, 6, 1), area_grades={"physical": 2})
    chart = ChangeChart([second, first])
    qtbot.addWidget(chart)
    chart.resize(720, 360)
    assert chart.dates() == [date(2026, 3, 1), date(2026, 6, 1)]
    assert [p[1] for p in chart.series[0].points] == [4, 2]
    assert "01/03/2026" in chart.accessibleDescription()
    image = chart.grab().toImage()
    assert not image.isNull()
    # Something was drawn in ink, not just the white ground.
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    dark = sum(
        1 for x in range(0, grey.width(), 3) for y in range(0, grey.height(), 3) if grey.pixelColor(x, y).value() < 100
    )
    assert dark > 50


def test_markup_in_names_is_drawn_as_text(qtbot):
    screening = every_grade().model_copy(
        update={"areas": [a.model_copy(update={"area_name": "<b>O'Brien & Sons</b>"}) for a in every_grade().areas]}
    )
    view = ProfileView(screening, shipped_pack())
    qtbot.addWidget(view)
    assert view.table.item(0, 0).text() == "<b>O'Brien & Sons</b>"
    assert view.table.item(0, 0).data(Qt.ItemDataRole.DisplayRole) == "<b>O'Brien & Sons</b>"
    # What the chart paints: each area's label as the literal characters typed, tags and all.
    view.resize(900, 900)
    assert view.chart.drawn_labels == []
    assert not view.chart.grab().isNull()  # grab() paints the chart
    areas = [label for label, row in zip(view.chart.drawn_labels, view.chart.rows, strict=True) if row.is_area]
    assert areas == ["<b>O'Brien & Sons</b>"] * len(screening.areas)
    assert "<b>O'Brien & Sons</b> (area): grade" in view.chart.accessibleDescription()
