"""The body-map editor and the combined view: keyboard and mouse placement, editing, removal."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget

from safeguard_desktop.domain.bodymap import BodyMark, BodySide, MarkType, region
from safeguard_desktop.domain.categories import ConcernCategory
from safeguard_desktop.domain.concern import Concern, ConcernChild
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.gui.bodymap_combined import CombinedBodyMap, CombinedBodyMapDialog
from safeguard_desktop.gui.bodymap_editor import BodyMapEditor, MarkDialog
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import add_child_core, click, type_into


def _editor(qtbot) -> BodyMapEditor:
    editor = BodyMapEditor()
    qtbot.addWidget(editor)
    editor.resize(900, 560)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def _visible_regions(dialog: MarkDialog) -> list[str]:
    items = [dialog.region_list.item(row) for row in range(dialog.region_list.count())]
    return [item.text() for item in items if not item.isHidden()]


def _mark(key: str, **extra: object) -> BodyMark:
    reg = region(key)
    return BodyMark(side=reg.side, x=reg.centre[0], y=reg.centre[1], region=key, mark_type=MarkType.BRUISE, **extra)


def test_place_a_mark_by_keyboard_alone(qtbot) -> None:
    editor = _editor(qtbot)
    changes: list[bool] = []
    editor.changed.connect(lambda: changes.append(True))
    editor.add_button.setFocus()
    qtbot.keyClick(editor.add_button, Qt.Key.Key_Space)
    dialog = editor.active_dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.mobile.isVisibleTo(dialog)  # not a baby: no "mobile yet?" question

    dialog.side.setFocus()
    qtbot.keyClick(dialog.side, Qt.Key.Key_Down)  # Front -> Back
    assert dialog.current_side() is BodySide.BACK
    type_into(qtbot, dialog.region_filter, "upper arm")
    assert _visible_regions(dialog) == [
        "Left upper arm — back (child's left)",
        "Right upper arm — back (child's right)",
    ]
    dialog.region_list.setFocus()
    qtbot.keyClick(dialog.region_list, Qt.Key.Key_Down)
    assert dialog.region_list.currentItem().text() == "Right upper arm — back (child's right)"
    dialog.mark_type.setFocus()
    qtbot.keyClick(dialog.mark_type, Qt.Key.Key_Down)  # the first real type: Bruise
    type_into(qtbot, dialog.size, "3 cm")
    type_into(qtbot, dialog.colour, "yellowing")
    type_into(qtbot, dialog.description, "<b>O'Brien & Sons</b>")
    qtbot.keyClick(dialog.ok_button, Qt.Key.Key_Space)

    assert not dialog.isVisible()
    reg = region("back_upper_arm_right")
    assert editor.value() == [
        BodyMark(
            side=BodySide.BACK,
            x=reg.centre[0],
            y=reg.centre[1],
            region="back_upper_arm_right",
            mark_type=MarkType.BRUISE,
            size="3 cm",
            colour="yellowing",
            description="<b>O'Brien & Sons</b>",
        )
    ]
    assert changes == [True]
    assert editor.marks_list.item(0).text() == "1. Bruise — Right upper arm — back (child's right), back"


def test_save_needs_a_region_and_a_type(qtbot) -> None:
    editor = _editor(qtbot)
    click(qtbot, editor.add_button)
    dialog = editor.active_dialog
    click(qtbot, dialog.ok_button)
    assert dialog.error.text() == "Choose where on the body the mark is from the list of regions."
    dialog.select_region("front_abdomen")
    click(qtbot, dialog.ok_button)
    assert dialog.error.text() == "Choose the type of mark."
    assert dialog.isVisible() and editor.value() == []


def test_click_on_the_viewers_left_front_arm_marks_the_childs_right_arm(qtbot) -> None:
    editor = _editor(qtbot)
    x, y = region("front_upper_arm_right").centre
    assert x < 0.5  # on the viewer's left
    qtbot.mouseClick(editor.canvas, Qt.MouseButton.LeftButton, pos=editor.canvas.point_for(BodySide.FRONT, x, y))
    dialog = editor.active_dialog
    assert dialog is not None
    assert dialog.current_side() is BodySide.FRONT
    assert dialog.region_list.currentItem().text() == "Right upper arm (child's right)"
    dialog.mark_type.setCurrentIndex(dialog.mark_type.findData(MarkType.BITE.value))
    click(qtbot, dialog.ok_button)
    [mark] = editor.value()
    assert mark.region == "front_upper_arm_right" and mark.mark_type is MarkType.BITE
    assert abs(mark.x - x) < 0.01 and abs(mark.y - y) < 0.01  # where it was clicked


def test_click_off_the_figure_does_nothing(qtbot) -> None:
    editor = _editor(qtbot)
    qtbot.mouseClick(editor.canvas, Qt.MouseButton.LeftButton, pos=editor.canvas.point_for(BodySide.BACK, 0.02, 0.9))
    qtbot.mouseClick(editor.canvas, Qt.MouseButton.LeftButton, pos=editor.canvas.point_for(BodySide.FRONT, 0.5, 0.8))
    assert editor.active_dialog is None and editor.value() == []


def test_set_value_edit_and_remove(qtbot) -> None:
    editor = _editor(qtbot)
    marks = [_mark("front_face_left", colour="red"), _mark("back_buttocks"), _mark("back_sole_left")]
    editor.set_value(marks)
    assert editor.value() == marks
    assert editor.marks_list.count() == 3
    assert not editor.edit_button.isEnabled()

    editor.marks_list.setCurrentRow(0)
    click(qtbot, editor.edit_button)
    dialog = editor.active_dialog
    assert dialog.colour.text() == "red"
    dialog.colour.clear()
    type_into(qtbot, dialog.colour, "purple")
    click(qtbot, dialog.ok_button)
    assert editor.value()[0] == marks[0].model_copy(update={"colour": "purple"})  # same place, new colour

    editor.marks_list.setCurrentRow(1)
    click(qtbot, editor.remove_button)
    assert [m.region for m in editor.value()] == ["front_face_left", "back_sole_left"]
    assert editor.marks_list.item(1).text().startswith("2. Bruise — Left heel and sole of foot (child's left)")


def test_baby_question_only_for_a_baby(qtbot) -> None:
    editor = _editor(qtbot)
    click(qtbot, editor.add_button)
    assert not editor.active_dialog.mobile.isVisibleTo(editor.active_dialog)
    editor.active_dialog.reject()

    editor.set_baby(True)
    click(qtbot, editor.add_button)
    dialog = editor.active_dialog
    assert dialog.mobile.isVisibleTo(dialog)
    assert dialog.mobile.accessibleName() == "Is the baby mobile yet?"
    dialog.select_region("back_lower")
    dialog.mark_type.setCurrentIndex(dialog.mark_type.findData(MarkType.BRUISE.value))
    dialog.mobile.setCurrentIndex(dialog.mobile.findText("No — not yet mobile"))
    click(qtbot, dialog.ok_button)
    assert editor.value()[0].baby_mobile is False


def _concern(practitioner: Practitioner, child_id, day: date, marks: list[BodyMark]) -> Concern:
    return Concern(
        happened=EventDate.on_day(day),
        children=[ConcernChild(child_id=child_id, roles=frozenset({"victim"}))],
        categories=frozenset({ConcernCategory.PHYSICAL_ABUSE}),
        recorded_by=practitioner,
        account="Marks seen when changing for PE.",
        body_marks=marks,
    )


def test_combined_view_overlays_every_concern_newest_strongest(qtbot, vault: Vault, practitioner) -> None:
    child = add_child_core(vault, "Ruby", "Okonkwo-Hale")
    other = add_child_core(vault, "Tomasz", "Wiśniewski")
    vault.concerns.add(_concern(practitioner, child.record_id, date(2024, 5, 2), [_mark("back_lower")]))
    vault.concerns.add(
        _concern(practitioner, child.record_id, date(2023, 11, 20), [_mark("front_upper_arm_left"), _mark("back_neck")])
    )
    vault.concerns.add(_concern(practitioner, other.record_id, date(2024, 1, 1), [_mark("front_abdomen")]))

    dialog = CombinedBodyMapDialog.from_vault(vault, child.record_id, "Ruby Okonkwo-Hale")
    qtbot.addWidget(dialog)
    view = dialog.view
    legend: QTableWidget = view.legend
    rows = [[legend.item(r, c).text() for c in (0, 1, 2, 3, 4)] for r in range(legend.rowCount())]
    assert rows == [
        ["1", "20/11/2023", "Front", "Left upper arm (child's left)", "Bruise"],
        ["2", "20/11/2023", "Back", "Neck — back", "Bruise"],
        ["3", "02/05/2024", "Back", "Back — lower", "Bruise"],
    ]
    assert view.canvas._strengths == [0.3, 0.3, 1.0]
    assert "3. Bruise — Back — lower, back" in view.canvas.accessibleDescription()

    empty = CombinedBodyMap.from_vault(vault, add_child_core(vault, "Amara", "Nwosu").record_id)
    qtbot.addWidget(empty)
    assert empty.note.text() == "No body-map marks have been recorded in this child's concerns."
