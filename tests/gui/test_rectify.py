"""Putting a record right from its window: a statement of disagreement, restriction, moving it."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from safeguard_desktop.domain.categories import ChildRole, ConcernCategory
from safeguard_desktop.domain.concern import Concern, ConcernChild
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.ukdates import format_date, uk_today
from safeguard_desktop.governance.move import moves_of
from safeguard_desktop.governance.restriction import restrict, restriction_of
from safeguard_desktop.governance.statements import add_statement, statements_for
from safeguard_desktop.gui.chronology_model import COL_SUMMARY, ChronologyModel
from safeguard_desktop.gui.chronology_window import ChronologyWindow
from safeguard_desktop.gui.record_detail import RecordDetailDialog
from safeguard_desktop.gui.rectify_banner import RESTRICTED_EXPLAINED
from safeguard_desktop.gui.rectify_dialogs import MoveDialog, RestrictDialog, StatementDialog
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import add_child_core, click, type_into
from tests.gui.test_accessibility import _unnamed
from tests.referral.family import make_family

MARKUP = "<b>O'Brien & Sons</b>"


def _concern(vault: Vault, child_id, account: str = "Left at the gate at 17:40; nobody answered the phone."):
    return vault.concerns.add(
        Concern(
            happened=EventDate.on_day(date(2025, 9, 1)),
            children=[ConcernChild(child_id=child_id, roles=frozenset({ChildRole.VICTIM}))],
            categories=frozenset({ConcernCategory.NEGLECT}),
            recorded_by=vault.practitioner,
            account=account,
        )
    )


def test_add_a_statement_and_see_it_above_the_record(qtbot, vault: Vault) -> None:
    child = add_child_core(vault, "Marigold", "Featherstonehaugh")
    stored = _concern(vault, child.record_id)
    detail = RecordDetailDialog(vault, stored.record_id, "concern")
    qtbot.addWidget(detail)
    detail.show()
    assert detail.banner.isHidden()
    changed = []
    detail.changed.connect(lambda: changed.append(True))
    click(qtbot, detail.statement_button)
    form = detail.rectify_dialog
    assert isinstance(form, StatementDialog)
    assert form.received.text() == format_date(uk_today())
    assert _unnamed(form) == [] and _unnamed(detail) == []
    # Nothing typed: refused in the form, which stays open.
    click(qtbot, form.save_button)
    assert form.isVisible() and "Say who the statement is from" in form.error.text()
    type_into(qtbot, form.made_by, MARKUP)
    form.received.clear()
    type_into(qtbot, form.received, format_date(uk_today() + timedelta(days=1)))
    type_into(qtbot, form.words, "I was at the gate by 17:15.")
    click(qtbot, form.save_button)
    assert "is in the future" in form.error.text() and statements_for(vault, stored.record_id) == []
    form.received.clear()
    type_into(qtbot, form.received, "10/09/2025")
    click(qtbot, form.save_button)
    assert not form.isVisible() and changed == [True]
    [saved] = statements_for(vault, stored.record_id)
    assert saved.made_by == MARKUP and saved.received == date(2025, 9, 10)
    assert detail.banner.isVisible()
    texts = detail.banner.texts()
    assert f"Statement of disagreement from {MARKUP}, received 10/09/2025" in texts
    assert "I was at the gate by 17:15." in texts
    labels = [w for w in detail.banner.findChildren(QLabel) if w.text() in texts]
    assert labels and all(w.textFormat() == Qt.TextFormat.PlainText for w in labels)


def test_restrict_disables_correct_and_lifting_enables_it(qtbot, vault: Vault) -> None:
    family = make_family(vault)
    detail = RecordDetailDialog(vault, family.decision.record_id, "threshold_decision")
    qtbot.addWidget(detail)
    detail.show()
    assert detail.correct_button is not None and detail.correct_button.isEnabled()
    assert detail.restrict_button.text() == "&Restrict…"
    click(qtbot, detail.restrict_button)
    form = detail.rectify_dialog
    assert isinstance(form, RestrictDialog) and _unnamed(form) == []
    click(qtbot, form.ok_button)
    assert "Say why the record is restricted" in form.error.text()
    type_into(qtbot, form.reason, "Mother disputes the level of need.")
    click(qtbot, form.ok_button)
    assert restriction_of(vault, family.decision.record_id) is not None
    assert not detail.correct_button.isEnabled()
    assert detail.correct_button.toolTip() == RESTRICTED_EXPLAINED
    assert RESTRICTED_EXPLAINED in detail.banner.texts()
    assert any("Mother disputes the level of need." in t for t in detail.banner.texts())
    assert detail.restrict_button.text() == "Lift &restriction…"
    assert detail.move_button is not None and not detail.move_button.isEnabled()
    assert not detail.withdraw_button.isEnabled()

    click(qtbot, detail.restrict_button)
    lift = detail.rectify_dialog
    assert isinstance(lift, RestrictDialog) and lift is not form
    type_into(qtbot, lift.reason, "Reviewed with the mother; decision stands.")
    click(qtbot, lift.ok_button)
    assert restriction_of(vault, family.decision.record_id) is None
    assert detail.correct_button.isEnabled() and detail.banner.isHidden()
    assert detail.withdraw_button.isEnabled()


def test_move_a_concern_to_the_right_child_through_the_dialog(qtbot, vault: Vault) -> None:
    first = add_child_core(vault, "Marigold", "Featherstonehaugh")
    add_child_core(vault, "Juniper", "Ashdown-Tull")
    right = add_child_core(vault, "Juniper", "Ashworth")
    stored = _concern(vault, first.record_id)
    detail = RecordDetailDialog(vault, stored.record_id, "concern")
    qtbot.addWidget(detail)
    detail.show()
    click(qtbot, detail.move_button)
    form = detail.rectify_dialog
    assert isinstance(form, MoveDialog)
    assert _unnamed(form) == []
    assert form.source.currentText() == "Marigold Featherstonehaugh" and not form.source.isEnabled()
    assert not form.move_button.isEnabled()  # no child chosen yet
    assert form.choices.count() == 2  # never the child it is filed under
    type_into(qtbot, form.find, "Ashworth")
    qtbot.waitUntil(lambda: form.choices.count() == 1)
    form.choices.setCurrentRow(0)
    assert form.to_child() == right.record_id
    assert "moves from Marigold Featherstonehaugh to Juniper Ashworth" in form.summary.text()
    click(qtbot, form.move_button)
    assert "Say why the record is moved" in form.error.text() and form.isVisible()
    type_into(qtbot, form.reason, "Logged against the wrong child.")
    click(qtbot, form.move_button)
    assert not form.isVisible()
    [move] = moves_of(vault, stored.record_id)
    assert (move.from_child, move.to_child) == (first.record_id, right.record_id)
    assert vault.timeline.count(first.record_id) == 0 and vault.timeline.count(right.record_id) == 1
    assert any("Moved" in t and "Juniper Ashworth" in t for t in detail.banner.texts())
    assert "Juniper Ashworth" in dict(detail.current_rows())["Children"]


def test_the_chronology_table_marks_disputed_and_restricted_rows(qtbot, vault: Vault) -> None:
    child = add_child_core(vault, "Marigold", "Featherstonehaugh")
    disputed = _concern(vault, child.record_id, "Disputed one.")
    held = _concern(vault, child.record_id, "Restricted one.")
    add_statement(vault, disputed.record_id, "Dana Whitlock", date(2025, 9, 10), "Not so.")
    restrict(vault, held.record_id, "Disputed.")
    # The chronology window reads the marks from the vault whenever it reloads.
    chrono = ChronologyWindow(vault, child.record_id, "Marigold Featherstonehaugh")
    qtbot.addWidget(chrono)
    model: ChronologyModel = chrono.model
    shown = {model.row_at(r).record_id: model.index(r, COL_SUMMARY).data() for r in range(model.rowCount())}
    assert shown[disputed.record_id] == "[disputed] Disputed one."
    assert shown[held.record_id] == "[restricted] Restricted one."
    spoken = model.index(0, COL_SUMMARY).data(Qt.ItemDataRole.AccessibleDescriptionRole)
    assert spoken.startswith(("[disputed]", "[restricted]"))
