"""Whose body a mark is on: a concern about siblings keeps each child's injuries on their own body map."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from uuid import uuid4

import pytest
from PySide6.QtCore import Qt

from safeguard_desktop.domain.bodymap import BodyMark, MarkType, region
from safeguard_desktop.domain.categories import ChildRole, ConcernCategory
from safeguard_desktop.domain.concern import Concern, ConcernChild
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.records import STORED
from safeguard_desktop.gui.bodymap_combined import CombinedBodyMap, CombinedBodyMapDialog
from safeguard_desktop.gui.bodymap_editor import BodyMapEditor
from safeguard_desktop.gui.bodymap_export import body_map_file
from safeguard_desktop.gui.concern_dialog import ConcernDialog
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import add_child_core, click, type_into

VERA_BRUISE = "Vera: <b>O'Brien & Sons</b> fingertip bruise"
WILL_GRAZE = "Will: graze on the knee from the playground"


def _mark(key: str, **extra: object) -> BodyMark:
    reg = region(key)
    return BodyMark(side=reg.side, x=reg.centre[0], y=reg.centre[1], region=key, mark_type=MarkType.BRUISE, **extra)


def _editor(qtbot) -> BodyMapEditor:
    editor = BodyMapEditor()
    qtbot.addWidget(editor)
    editor.resize(900, 560)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def _fill(dialog, key: str = "front_forehead") -> None:
    dialog.select_region(key)
    dialog.mark_type.setCurrentIndex(dialog.mark_type.findData(MarkType.BRUISE.value))


def test_with_two_children_the_form_asks_whose_body(qtbot) -> None:
    editor = _editor(qtbot)
    vera, will = uuid4(), uuid4()
    editor.set_children([(vera, "Vera Hart"), (will, "<b>Will</b> Hart")])
    click(qtbot, editor.add_button)
    dialog = editor.active_dialog
    assert dialog.asks_whose_body() and dialog.whose.isVisibleTo(dialog)
    assert dialog.whose.accessibleName() == "Whose body"
    assert dialog.whose.currentText() == "Choose the child"  # no default: the practitioner must say
    assert dialog.focusWidget() is dialog.whose  # the first thing to answer
    _fill(dialog)
    click(qtbot, dialog.ok_button)
    assert dialog.error.text() == "Say whose body the mark is on."
    assert dialog.isVisible() and editor.value() == []

    qtbot.keyClick(dialog.whose, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.whose, Qt.Key.Key_Down)  # by keyboard: Vera, then Will
    assert dialog.whose.currentText() == "<b>Will</b> Hart"  # shown as typed, not as markup
    click(qtbot, dialog.ok_button)
    [mark] = editor.value()
    assert mark.child_id == will
    assert editor.marks_list.item(0).text() == "1. <b>Will</b> Hart: Bruise — Face — forehead, front"

    # The caller may say who a new mark is on by default (the victim); editing keeps the mark's child.
    editor.set_children([(vera, "Vera Hart"), (will, "<b>Will</b> Hart")], default=vera)
    click(qtbot, editor.add_button)
    assert editor.active_dialog.whose.currentText() == "Vera Hart"
    editor.active_dialog.reject()
    editor.marks_list.setCurrentRow(0)
    click(qtbot, editor.edit_button)
    assert editor.active_dialog.whose.currentText() == "<b>Will</b> Hart"
    editor.active_dialog.reject()


def test_with_one_child_the_mark_is_theirs_without_asking(qtbot) -> None:
    editor = _editor(qtbot)
    vera, will = uuid4(), uuid4()
    editor.set_children([(vera, "Vera Hart")])
    click(qtbot, editor.add_button)
    dialog = editor.active_dialog
    assert not dialog.asks_whose_body() and not dialog.whose.isVisibleTo(dialog)
    _fill(dialog)
    click(qtbot, dialog.ok_button)
    assert editor.value()[0].child_id == vera
    assert editor.marks_list.item(0).text() == "1. Bruise — Face — forehead, front"  # no name with one child

    # A mark on a child unticked since is not quietly moved to the one child left: it asks.
    editor.set_children([(vera, "Vera Hart"), (will, "Will Hart")])
    editor.set_value([_mark("back_lower", child_id=will)])
    editor.set_children([(vera, "Vera Hart")])
    assert editor.marks_list.item(0).text().startswith("1. Will Hart (no longer ticked in this concern): Bruise")
    editor.marks_list.setCurrentRow(0)
    click(qtbot, editor.edit_button)
    dialog = editor.active_dialog
    assert dialog.asks_whose_body() and dialog.whose.currentText() == "Choose the child"
    click(qtbot, dialog.ok_button)
    assert dialog.error.text() == "Say whose body the mark is on."
    dialog.reject()


def _two_children_form(qtbot, vault: Vault):
    vera = add_child_core(vault, "Vera", "Hart")
    will = add_child_core(vault, "Will", "Hart")
    form = ConcernDialog(vault, vera)
    qtbot.addWidget(form)
    form.show()
    form.children.add_child(will, involved=True)
    type_into(qtbot, form.happened.date, "01/02/2024")
    click(qtbot, form.children.role_box(vera.record_id, ChildRole.VICTIM))
    click(qtbot, form.children.role_box(will.record_id, ChildRole.WITNESS))
    form.categories.set_checked(ConcernCategory.PHYSICAL_ABUSE)
    type_into(qtbot, form.account, "Vera had a bruise; Will saw it happen.")
    return form, vera, will


def test_concern_form_passes_the_ticked_children_and_flags_a_mark_on_an_unticked_child(qtbot, vault: Vault) -> None:
    form, _vera, will = _two_children_form(qtbot, vault)
    click(qtbot, form.body_map.add_button)
    dialog = form.body_map.active_dialog
    assert dialog.asks_whose_body()
    assert dialog.whose.currentText() == "Vera Hart"  # the victim, ready chosen
    dialog.whose.setCurrentIndex(dialog.whose.findText("Will Hart"))
    _fill(dialog, "front_knee_left")
    click(qtbot, dialog.ok_button)
    assert form.body_map.value()[0].child_id == will.record_id

    # Will unticked: the mark on his body is flagged, never dropped, and nothing is saved.
    click(qtbot, form.children.rows()[1][1])
    click(qtbot, form.save_button)
    assert form.body_map.error.text() == (
        "Mark 1 is on the body of Will Hart, who is no longer ticked in this concern. "
        "Tick Will Hart again, or edit or remove the mark."
    )
    assert form.isVisible() and vault.concerns.count() == 0

    click(qtbot, form.children.rows()[1][1])
    click(qtbot, form.save_button)
    assert not form.isVisible(), form.error.text()
    [stored] = vault.concerns.list()
    assert [m.child_id for m in stored.data.body_marks] == [will.record_id]


def test_an_old_mark_that_does_not_say_whose_body_must_be_placed_on_correction(qtbot, vault: Vault) -> None:
    vera = add_child_core(vault, "Vera", "Hart")
    will = add_child_core(vault, "Will", "Hart")
    legacy = _concern(vault, vera.record_id, will.record_id, [_mark("front_forehead", description=VERA_BRUISE)])
    stored = vault.concerns.add(legacy)
    form = ConcernDialog.correct(vault, stored)
    qtbot.addWidget(form)
    form.show()
    assert form.body_map.marks_list.item(0).text().startswith("1. Whose body not said: Bruise")
    type_into(qtbot, form.reason, "Say whose body the bruise was on.")
    click(qtbot, form.save_button)
    assert form.body_map.error.text() == "Mark 1: say whose body the mark is on (choose the mark, then Edit)."
    form.body_map.marks_list.setCurrentRow(0)
    click(qtbot, form.body_map.edit_button)
    dialog = form.body_map.active_dialog
    dialog.whose.setCurrentIndex(dialog.whose.findText("Vera Hart"))
    click(qtbot, dialog.ok_button)
    click(qtbot, form.save_button)
    assert not form.isVisible(), form.error.text()
    assert vault.concerns.get(stored.record_id).data.body_marks[0].child_id == vera.record_id


def _concern(vault: Vault, victim, witness, marks: list[BodyMark], day: date = date(2024, 2, 1)) -> Concern:
    fields = {
        "happened": EventDate.on_day(day),
        "children": [
            ConcernChild(child_id=victim, roles=frozenset({ChildRole.VICTIM})),
            ConcernChild(child_id=witness, roles=frozenset({ChildRole.WITNESS})),
        ],
        "categories": frozenset({ConcernCategory.PHYSICAL_ABUSE}),
        "recorded_by": vault.practitioner,
        "account": "Vera had a bruise; Will saw it happen.",
        "body_marks": marks,
    }
    # As stored before marks named their child, when `marks` say nobody.
    return Concern.model_validate(fields, context=STORED)


def _siblings_with_marks(vault: Vault):
    vera = add_child_core(vault, "Vera", "Hart")
    will = add_child_core(vault, "Will", "Hart")
    marks = [
        _mark("front_upper_arm_right", description=VERA_BRUISE, child_id=vera.record_id),
        _mark("front_knee_left", description=WILL_GRAZE, child_id=will.record_id),
    ]
    vault.concerns.add(_concern(vault, vera.record_id, will.record_id, marks))
    vault.concerns.add(_concern(vault, vera.record_id, will.record_id, [_mark("back_lower")], date(2023, 5, 1)))
    return vera, will


def test_the_witness_body_map_shows_none_of_the_victims_marks(qtbot, vault: Vault) -> None:
    vera, will = _siblings_with_marks(vault)
    dialog = CombinedBodyMapDialog.from_vault(vault, will.record_id, "Will Hart")
    qtbot.addWidget(dialog)
    legend = dialog.view.legend
    assert legend.rowCount() == 1
    assert legend.item(0, 3).text() == "Left knee (child's left)"
    assert [m.mark.description for m in dialog.view.marks] == [WILL_GRAZE]
    assert VERA_BRUISE not in dialog.view.canvas.accessibleDescription()
    # The old mark that says nobody is on neither map, and each map says so.
    note = "1 mark in a concern naming more than one child does not say whose body it was on"
    assert note in dialog.view.note.text()

    victim = CombinedBodyMap.from_vault(vault, vera.record_id)
    qtbot.addWidget(victim)
    assert [m.mark.description for m in victim.marks] == [VERA_BRUISE]
    assert note in victim.note.text()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_witness_pdf_lacks_the_victims_mark(vault: Vault) -> None:
    vera, will = _siblings_with_marks(vault)

    def pdf_text(child_id) -> str:
        content = body_map_file(vault, child_id).content
        # Read from memory through a pipe: the body map never touches disk.
        out = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout
        return " ".join(out.decode("utf-8").split())

    witness = pdf_text(will.record_id)
    assert "Body map: Will Hart" in witness
    assert WILL_GRAZE in witness
    assert "fingertip bruise" not in witness and "O'Brien" not in witness
    assert "does not say whose body it was on" in witness
    victim = pdf_text(vera.record_id)
    assert VERA_BRUISE in victim
    assert WILL_GRAZE not in victim
