"""Correcting a concern, the DSL's review, status changes, and every version in the history."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from safeguard_desktop.domain.categories import ChildRole, ConcernCategory, ConcernStatus, InformedParty
from safeguard_desktop.domain.chronology import ChronologyEntry
from safeguard_desktop.domain.concern import Concern, ConcernChild, StatusChange
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.ukdates import format_date, uk_today
from safeguard_desktop.gui.concern_dialog import REASON_NEEDED, ConcernDialog
from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.gui.record_detail import RecordDetailDialog, open_record
from safeguard_desktop.gui.review_dialog import ReviewDialog
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import PASSPHRASE, WORKER_TIMEOUT_MS, add_child_core, click, type_into
from tests.gui.test_accessibility import _unnamed

MARKUP = "<b>O'Brien & Sons</b>"
FORMULA = "=SUM(1)"


def _concern(vault: Vault, child_id, **changes: object):
    fields: dict[str, object] = {
        "happened": EventDate.on_day(date(2024, 2, 6)),
        "children": [ConcernChild(child_id=child_id, roles=frozenset({ChildRole.VICTIM}))],
        "categories": frozenset({ConcernCategory.NEGLECT}),
        "recorded_by": vault.practitioner,
        "account": "Came in hungry; no packed lunch for the third day.",
    }
    fields.update(changes)
    return vault.concerns.add(Concern.model_validate(fields))


def _button(window: MainWindow, name: str) -> QPushButton:
    buttons = [b for b in window.record_view.findChildren(QPushButton) if b.objectName() == name]
    assert len(buttons) == 1, [b.objectName() for b in window.record_view.findChildren(QPushButton)]
    return buttons[0]


def test_log_with_two_children_correct_it_and_see_both_versions(qtbot, window: MainWindow, vault: Vault) -> None:
    ruby = add_child_core(vault, "Ruby", "Okonkwo-Hale")
    jake = add_child_core(vault, "Jake", "Whitfield")
    window.model.refresh()
    window.table.selectRow(window.model.row_of(ruby.record_id))
    window.log_concern_action.trigger()
    form: ConcernDialog = window.active_dialog
    form.children.add_child(jake, involved=True)
    type_into(qtbot, form.happened.date, "05/05/2023")
    click(qtbot, form.children.role_box(ruby.record_id, ChildRole.VICTIM))
    click(qtbot, form.children.role_box(jake.record_id, ChildRole.ALLEGED_PERPETRATOR))
    form.categories.set_checked(ConcernCategory.BULLYING)
    form.categories.set_checked(ConcernCategory.ONLINE_SAFETY)
    type_into(qtbot, form.account, "Pushed over in the lunch queue; photos shared in a group chat.")
    click(qtbot, form.informed.add_button)
    party, name, when_date, when_time, _ = form.informed.rows[0]
    note = form.informed.note_of(0)
    party.setCurrentIndex(party.findData(InformedParty.PARENT_OR_CARER.value))
    type_into(qtbot, name, "Mrs Okonkwo")
    type_into(qtbot, when_date, "05/05/2023")
    type_into(qtbot, when_time, "15:40")
    type_into(qtbot, note, "by phone")
    click(qtbot, form.save_button)
    assert not form.isVisible(), form.error.text()
    stored = vault.concerns.list()[0]
    assert stored.data.informed[0].note == "by phone"

    click(qtbot, _button(window, "correct"))
    fix: ConcernDialog = window.active_dialog
    assert fix.is_correction and fix.windowTitle().startswith("Correct concern")
    assert fix.draft_key == f"concern-correction:{stored.record_id}"
    # Every field comes back as stored.
    assert fix.happened.date.text() == "05/05/2023"
    assert fix.account.toPlainText() == stored.data.account
    assert fix.categories.selected() == [ConcernCategory.BULLYING, ConcernCategory.ONLINE_SAFETY]
    assert fix.children.role_box(jake.record_id, ChildRole.ALLEGED_PERPETRATOR).isChecked()
    assert not fix.children.role_box(jake.record_id, ChildRole.WITNESS).isChecked()
    assert [r[:4] for r in fix.informed.texts()] == [["parent_or_carer", "Mrs Okonkwo", "05/05/2023", "15:40"]]
    assert fix.recorded_by.text() == "Aoife Brennan-Kaur, Designated Safeguarding Lead, Riverside Academy"

    fix.account.clear()
    type_into(qtbot, fix.account, "Pushed over in the lunch queue.")
    click(qtbot, fix.children.role_box(jake.record_id, ChildRole.WITNESS))
    click(qtbot, fix.save_button)
    # No reason: refused, with the reason said next to the field and at the foot of the form.
    assert fix.reason_field.error.text() == REASON_NEEDED
    assert fix.error.text() == REASON_NEEDED + " Nothing has been saved."
    assert fix.isVisible()
    assert len(vault.concerns.history(stored.record_id)) == 1

    type_into(qtbot, fix.reason, "Photos were not shared; that was a different incident.")
    click(qtbot, fix.save_button)
    assert not fix.isVisible(), fix.error.text()
    versions = vault.concerns.history(stored.record_id)
    assert [v.action for v in versions] == ["create", "amend"]
    assert versions[1].reason == "Photos were not shared; that was a different incident."
    assert versions[1].data.informed == versions[0].data.informed  # untouched parts travel on

    click(qtbot, _button(window, "history"))
    detail: RecordDetailDialog = window.active_dialog
    assert detail.tabs.currentIndex() == 1
    assert detail.versions.rowCount() == 2
    assert [detail.versions.item(r, 1).text() for r in range(2)] == ["Created", "Corrected"]
    assert detail.versions.item(1, 4).text() == "Photos were not shared; that was a different incident."
    assert detail.change_rows() == [
        (
            "Children",
            "Child: Jake Whitfield; Roles: Alleged perpetrator",
            "Child: Jake Whitfield; Roles: Alleged perpetrator, Witness",
        ),
        (
            "Factual account",
            "Pushed over in the lunch queue; photos shared in a group chat.",
            "Pushed over in the lunch queue.",
        ),
    ]
    assert "changed 2 fields from version 1" in detail.changes_heading.text()
    detail.versions.selectRow(0)
    assert detail.changes_heading.text().endswith("the first version, as recorded.")
    assert ("Factual account", "(blank)", "Pushed over in the lunch queue; photos shared in a group chat.") in (
        detail.change_rows()
    )
    current = dict(detail.current_rows())
    assert current["Version"] == "Version 2 of 2"
    assert current["Children"] == (
        "Ruby Okonkwo-Hale — Victim or subject\nJake Whitfield — Alleged perpetrator, Witness"
    )
    assert current["Who was informed"] == "Parent or carer — Mrs Okonkwo — 05/05/2023 15:40 — by phone"


def test_correction_without_a_change_or_with_a_status_change(qtbot, vault: Vault) -> None:
    child = add_child_core(vault, "Nia", "Evans")
    stored = _concern(vault, child.record_id)
    form = ConcernDialog.correct(vault, stored)
    qtbot.addWidget(form)
    type_into(qtbot, form.reason, "Checked")
    click(qtbot, form.save_button)
    assert form.error.text() == "Nothing has been changed, so there is no correction to save."

    assert not form.status.changed_on.isEnabled()  # nothing to date until the status changes
    form.status.status.setCurrentIndex(form.status.status.findData(ConcernStatus.MONITORING.value))
    assert form.status.changed_on.isEnabled()
    ahead = format_date(uk_today() + timedelta(days=3))
    type_into(qtbot, form.status.changed_on, ahead)
    click(qtbot, form.save_button)
    assert form.status.error.text() == f"{ahead} is in the future; give the day the status changed."
    form.status.changed_on.clear()
    type_into(qtbot, form.status.changed_on, "07/02/2024")
    type_into(qtbot, form.status.note, "weekly check-ins with form tutor")
    click(qtbot, form.save_button)
    assert not form.isVisible(), form.error.text()
    current = vault.concerns.get(stored.record_id).data
    assert current.status is ConcernStatus.MONITORING
    assert current.status_history == [
        StatusChange(status=ConcernStatus.MONITORING, on=date(2024, 2, 7), note="weekly check-ins with form tutor")
    ]


def test_new_concern_with_a_status_other_than_open_records_the_change(qtbot, window: MainWindow, vault: Vault) -> None:
    child = add_child_core(vault, "Ruby", "Okonkwo-Hale")
    window.model.refresh()
    window.table.selectRow(0)
    window.log_concern_action.trigger()
    form = window.active_dialog
    type_into(qtbot, form.happened.date, "01/02/2024")
    click(qtbot, form.children.role_box(child.record_id, ChildRole.VICTIM))
    form.categories.set_checked(ConcernCategory.SEXUAL_ABUSE)
    type_into(qtbot, form.account, "Disclosure at break; MASH phoned.")
    form.status.status.setCurrentIndex(form.status.status.findData(ConcernStatus.REFERRED.value))
    click(qtbot, form.save_button)
    assert not form.isVisible(), form.error.text()
    saved = vault.concerns.list()[0].data
    assert saved.status_history == [StatusChange(status=ConcernStatus.REFERRED, on=uk_today())]
    texts = [label.text() for label in window.record_view.findChildren(QLabel)]
    assert f"{format_date(uk_today())}: Referred" in texts


def test_review_goes_into_the_due_list_and_changes_the_status(qtbot, window: MainWindow, vault: Vault) -> None:
    child = add_child_core(vault, "Ruby", "Okonkwo-Hale")
    stored = _concern(vault, child.record_id, reported_by="Mr Patel, Year 4 teacher", child_words="my tummy hurts")
    window.model.refresh()
    window.table.selectRow(0)
    click(qtbot, _button(window, "review"))
    review: ReviewDialog = window.active_dialog
    shown = {label.accessibleName(): label.text() for label in review.findChildren(QLabel)}
    assert shown["Factual account"] == "Came in hungry; no packed lunch for the third day."
    assert shown["The child's own words (verbatim)"] == "my tummy hurts"
    assert shown["Reported by"] == "Mr Patel, Year 4 teacher"

    type_into(qtbot, review.review_on, "01/01/2020")
    click(qtbot, review.save_button)
    assert review.decision_field.error.text() == "Record the decision the review reached."
    assert review.review_field.error.text() == (
        "01/01/2020 is in the past; choose today or a later date for the review."
    )
    assert len(vault.concerns.history(stored.record_id)) == 1

    review_on = uk_today() + timedelta(days=14)
    review.review_on.clear()
    type_into(qtbot, review.review_on, format_date(review_on))
    type_into(qtbot, review.decision, "Early Help: Team Around the Family")
    type_into(qtbot, review.rationale, "Level 2 needs; parents agree.")
    type_into(qtbot, review.next_steps, "Breakfast club place from Monday.")
    review.status.status.setCurrentIndex(review.status.status.findData(ConcernStatus.MONITORING.value))
    click(qtbot, review.save_button)
    assert not review.isVisible(), review.error.text()

    versions = vault.concerns.history(stored.record_id)
    assert [v.reason for v in versions] == [None, "DSL review"]
    current = versions[-1].data
    assert current.review is not None and current.review.reviewed_by == vault.practitioner
    assert current.review.review_on == review_on
    assert current.status_history == [StatusChange(status=ConcernStatus.MONITORING, on=uk_today())]
    assert current.account == stored.data.account  # what was reported is untouched
    due = vault.timeline.due(review_on)
    assert [(d.record_id, d.due) for d in due] == [(stored.record_id, review_on)]
    assert due[0].what == "Review concern: Neglect (06/02/2024)"
    texts = [label.text() for label in window.record_view.findChildren(QLabel)]
    assert any(t.startswith("Decision: Early Help: Team Around the Family") for t in texts)


def test_withdrawn_record_shows_withdrawn_and_the_reason(qtbot, vault: Vault) -> None:
    child = add_child_core(vault, "Nia", "Evans")
    stored = _concern(vault, child.record_id)
    detail = RecordDetailDialog(vault, stored.record_id, "concern")
    qtbot.addWidget(detail)
    click(qtbot, detail.withdraw_button)
    ask = detail.withdraw_dialog
    click(qtbot, ask.withdraw_button)
    assert ask.error.text() == "Give the reason for withdrawing it, so the record shows why."
    assert not vault.concerns.get(stored.record_id).withdrawn
    type_into(qtbot, ask.reason, "Entered on the wrong child's record.")
    click(qtbot, ask.withdraw_button)
    assert vault.concerns.get(stored.record_id).withdrawn
    rows = dict(detail.current_rows())
    assert rows["Withdrawn"] == "Withdrawn in error: Entered on the wrong child's record."
    assert detail.title.text().endswith("(withdrawn)")
    assert not detail.withdraw_button.isEnabled()
    assert detail.versions.item(1, 1).text() == "Withdrawn"
    assert detail.change_rows() == []
    assert "withdrawn. Reason: Entered on the wrong child's record." in detail.changes_heading.text()


def test_any_record_kind_opens(qtbot, vault: Vault) -> None:
    child = add_child_core(vault, "Nia", "Evans")
    entry = vault.chronology.add(
        ChronologyEntry(
            child_id=child.record_id,
            happened=EventDate.in_month(2022, 9),
            description="Moved to a new house with mum.",
            recorded_by=vault.practitioner,
        )
    )
    dialog = open_record(None, vault, entry.record_id, "chronology_entry")
    qtbot.addWidget(dialog)
    rows = dict(dialog.current_rows())
    assert rows["Child"] == "Nia Evans"
    assert rows["When it happened"] == "September 2022"
    assert rows["Description"] == "Moved to a new house with mum."
    assert rows["Version"] == "Version 1 of 1"


def test_typed_text_is_shown_literally_in_detail_and_history(qtbot, vault: Vault) -> None:
    child = add_child_core(vault, "Nia", "Evans")
    stored = _concern(vault, child.record_id, reported_by=MARKUP)
    changed = Concern(**{**dict(stored.data), "account": FORMULA})
    vault.concerns.amend(stored.record_id, changed, f"Reason with {MARKUP}")
    detail = RecordDetailDialog(vault, stored.record_id, "concern")
    qtbot.addWidget(detail)
    rows = dict(detail.current_rows())
    assert rows["Reported by"] == MARKUP
    assert rows["Factual account"] == FORMULA
    for label in detail.findChildren(QLabel):
        if label.text() in (MARKUP, FORMULA):
            assert label.textFormat() == Qt.TextFormat.PlainText
    assert detail.change_rows() == [("Factual account", stored.data.account, FORMULA)]
    assert detail.versions.item(1, 4).text() == f"Reason with {MARKUP}"
    detail.versions.selectRow(0)
    assert ("Reported by", "(blank)", MARKUP) in detail.change_rows()


def test_correction_draft_survives_a_lock_under_its_own_key(qtbot, window: MainWindow, vault: Vault) -> None:
    child = add_child_core(vault, "Ruby", "Okonkwo-Hale")
    stored = _concern(vault, child.record_id)
    window.model.refresh()
    window.table.selectRow(0)
    click(qtbot, _button(window, "correct"))
    form = window.active_dialog
    form.categories.set_checked(ConcernCategory.NEGLECT, False)
    form.categories.set_checked(ConcernCategory.MENTAL_HEALTH)
    type_into(qtbot, form.reason, "Wrong category chosen")
    window.lock()
    assert not form.isVisible()
    unlock = window.unlock_dialog
    type_into(qtbot, unlock.passphrase, PASSPHRASE)
    click(qtbot, unlock.unlock_button)
    qtbot.waitUntil(lambda: window.vault is not None, timeout=WORKER_TIMEOUT_MS)
    assert window.vault.drafts.load(f"concern:{child.record_id}") is None  # not the new-concern draft

    window.table.selectRow(0)
    click(qtbot, _button(window, "correct"))
    again = window.active_dialog
    assert again.note.text().startswith("Continued: the unsaved correction from ")
    assert again.categories.selected() == [ConcernCategory.MENTAL_HEALTH]
    assert again.reason.toPlainText() == "Wrong category chosen"
    click(qtbot, again.save_button)
    assert not again.isVisible(), again.error.text()
    assert window.vault.concerns.get(stored.record_id).data.categories == {ConcernCategory.MENTAL_HEALTH}


def test_new_dialogs_name_their_inputs(qtbot, vault: Vault) -> None:
    child = add_child_core(vault, "Nia", "Evans")
    stored = _concern(vault, child.record_id)
    correct = ConcernDialog.correct(vault, stored)
    review = ReviewDialog(vault, stored)
    detail = RecordDetailDialog(vault, stored.record_id, "concern")
    for dialog in (correct, review, detail):
        qtbot.addWidget(dialog)
        assert _unnamed(dialog) == [], type(dialog).__name__
