"""Correcting a level-of-need decision: a new version with a reason, the earlier one kept in History."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.people import Child
from safeguard_desktop.domain.ukdates import format_date, uk_local_to_utc, uk_today
from safeguard_desktop.gui.concern_dialog import REASON_NEEDED
from safeguard_desktop.gui.decision_correct import NOTHING_CHANGED, DecisionCorrectionDialog
from safeguard_desktop.gui.decision_dialog import DecisionDialog
from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.gui.record_detail import RecordDetailDialog
from safeguard_desktop.thresholds.decision import ChosenIndicator, Consent, ThresholdDecision
from safeguard_desktop.thresholds.guide import Action, ThresholdGuide
from safeguard_desktop.thresholds.library import shipped_guide
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.store import Stored
from tests.gui.conftest import PASSPHRASE, WORKER_TIMEOUT_MS, add_child_core, click, type_into
from tests.gui.test_accessibility import _unnamed

MARKUP = "<b>O'Brien & Sons</b> =cmd()"
OWN_WORDS = "<i>Sleeping</i> in the family car"


@pytest.fixture
def guide() -> ThresholdGuide:
    return shipped_guide()


@pytest.fixture
def child(vault: Vault):
    return add_child_core(vault, "Peregrine", "Achterberg", date_of_birth=date(2016, 2, 9))


def _decided() -> EventDate:
    """Two days ago at 09:15, UK time, to the minute (as the form records it)."""
    day = uk_today() - timedelta(days=2)
    return EventDate.exact(uk_local_to_utc(day, time(9, 15)))


def _from_guide(guide: ThresholdGuide, indicator_id: str, evidence: str = "") -> ChosenIndicator:
    indicator = guide.indicator(indicator_id)
    return ChosenIndicator(
        indicator_id=indicator.id,
        domain_id=indicator.domain,
        domain_name=guide.domain(indicator.domain).name,
        level=indicator.level,
        text=indicator.text,
        evidence=evidence,
    )


def _store(vault: Vault, child: Any, content: ThresholdGuide, **changes: Any) -> Stored[ThresholdDecision]:
    guide = content
    level2 = guide.indicators_in(domain="parenting", level=2)[0]
    values: dict[str, Any] = {
        "child_id": child.record_id,
        "decided": _decided(),
        "decided_by": vault.practitioner,
        "guide": guide.edition(),
        "indicators": [
            _from_guide(guide, level2.id, "Missed three appointments"),
            ChosenIndicator(
                domain_id="family",
                domain_name="Family and environmental factors",
                level=3,
                text=OWN_WORDS,
                evidence="Seen on Tuesday",
            ),
        ],
        "level": 3,
        "level_name": guide.level(3).name,
        "reasons": MARKUP,
        "consent": Consent.NOT_TOLD_RISK,
        "consent_note": "Mum not told: partner present",
        "action": Action.MASH_REFERRAL,
        "action_note": "Phoned MASH at 10:00",
    }
    values.update(changes)
    return vault.threshold_decisions.add(ThresholdDecision(**values))


def _correct(qtbot, vault: Vault, stored: Stored[ThresholdDecision]) -> DecisionDialog:
    form = DecisionDialog.correct(vault, stored)
    qtbot.addWidget(form)
    form.show()
    return form


def test_the_form_opens_loaded_from_the_stored_decision(qtbot, vault, child, guide) -> None:
    stored = _store(vault, child, guide)
    form = _correct(qtbot, vault, stored)
    assert isinstance(form, DecisionCorrectionDialog)
    guide_id = stored.data.indicators[0].indicator_id
    assert form.picker.keys() == [guide_id, "own:1"]
    assert form.picker.indicator_item(guide_id).checkState(0) == Qt.CheckState.Checked
    assert form.picker.evidence_edit(guide_id).text() == "Missed three appointments"
    assert form.picker.evidence_edit("own:1").text() == "Seen on Tuesday"
    own = form.picker.value()[1]
    assert (own.indicator_id, own.text, own.domain_id, own.level) == (None, OWN_WORDS, "family", 3)
    assert form.picker.value() == stored.data.indicators  # read back exactly as stored
    assert (form.level.chosen(), form.consent.chosen(), form.action.chosen()) == (
        3,
        Consent.NOT_TOLD_RISK.value,
        Action.MASH_REFERRAL.value,
    )
    assert form.reasons.toPlainText() == MARKUP
    assert form.consent_note.toPlainText() == "Mum not told: partner present"
    assert form.action_note.toPlainText() == "Phoned MASH at 10:00"
    assert form.decided.date.text() == format_date(uk_today() - timedelta(days=2))
    assert form.decided.time.text() == "09:15"
    assert form.suggestion.count_at(1, 1) == 1  # Parenting, level 2: the summary is live from the start
    # Typed words show as typed: the own indicator's markup is not read.
    label = next(w for w in form.picker.findChildren(QLabel) if w.text() == OWN_WORDS)
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert not form.edition_note.isVisible()
    assert form.citation.text() == f"Informed by: {guide.edition().citation()}"
    assert form.save_button.text() == "&Save correction"
    assert form.draft_key == f"threshold-decision-correction:{stored.record_id}"
    assert form.draft_key != DecisionDialog(vault, child.record_id, guide).draft_key
    assert form.focusWidget() is form.reason
    assert _unnamed(form) == []


def test_correcting_level_and_action_keeps_both_versions_and_updates_the_record(qtbot, window, vault, guide) -> None:
    child = add_child_core(vault, "Mia", "Hart")
    stored = _store(vault, child, guide)
    window.model.refresh()
    window.table.selectRow(0)
    chronology = window.chronology.open_chronology()
    assert "level 3 (Complex needs)" in chronology.model.row_at(0).summary

    correct = window.record_view.findChild(QPushButton, "correct")
    assert correct.accessibleName() == "Correct the latest level-of-need decision"
    click(qtbot, correct)
    form = window.active_dialog
    assert isinstance(form, DecisionCorrectionDialog) and form.isVisible()
    form.go_to(2)
    click(qtbot, form.level.button_for(2))
    click(qtbot, form.action.button_for(Action.EARLY_HELP.value))
    type_into(qtbot, form.reason, MARKUP)
    with qtbot.assertNotEmitted(form.referral_requested), qtbot.waitSignal(form.saved):
        click(qtbot, form.save_button)
    assert not form.isVisible(), form.error.text()
    assert form.follow_up is None  # Early Help: no referral to offer

    first, second = vault.threshold_decisions.history(stored.record_id)
    assert (first.data.level, first.data.action) == (3, Action.MASH_REFERRAL)
    assert (second.data.level, second.data.level_name, second.data.action) == (
        2,
        guide.level(2).name,
        Action.EARLY_HELP,
    )
    assert (second.action, second.reason) == ("amend", MARKUP)
    # Only what was corrected changed; who decided, when, and the edition stay.
    assert (
        second.data.model_copy(update={"level": 3, "level_name": first.data.level_name, "action": first.data.action})
        == first.data
    )
    (row,) = vault.timeline.rows(child.record_id)
    assert "level 2 (Additional needs (vulnerable))" in row.summary and "Early Help" in row.summary
    # The record view and the open chronology show the correction at once.
    assert "level 2 (Additional needs (vulnerable))" in chronology.model.row_at(0).summary
    latest = window.record_view.findChild(QLabel, "latestDecision")
    assert "level 2" in latest.text() and "Early Help" in latest.text()

    detail = RecordDetailDialog(vault, stored.record_id, ThresholdDecision.KIND)
    qtbot.addWidget(detail)
    assert detail.versions.rowCount() == 2
    assert detail.versions.item(1, 1).text() == "Corrected"
    assert detail.versions.item(1, 4).text() == MARKUP  # a table cell: the reason's markup shows as typed
    assert dict(detail.current_rows())["Reasons"] == MARKUP


def test_correcting_with_no_change_saves_nothing_and_says_so(qtbot, vault, child, guide) -> None:
    stored = _store(vault, child, guide)
    form = _correct(qtbot, vault, stored)
    type_into(qtbot, form.reason, "Checking")
    with qtbot.assertNotEmitted(form.saved):
        click(qtbot, form.save_button)
    assert form.isVisible() and form.error.text() == NOTHING_CHANGED
    assert len(vault.threshold_decisions.history(stored.record_id)) == 1


def test_a_reason_is_required(qtbot, vault, child, guide) -> None:
    stored = _store(vault, child, guide)
    form = _correct(qtbot, vault, stored)
    form.go_to(2)
    click(qtbot, form.consent.button_for(Consent.AGREED.value))
    click(qtbot, form.save_button)
    assert form.isVisible() and form.reason_field.error.text() == REASON_NEEDED
    assert form.error.text() == REASON_NEEDED + " Nothing has been saved."
    assert form.focusWidget() is form.reason
    type_into(qtbot, form.reason, "   ")
    click(qtbot, form.save_button)
    assert len(vault.threshold_decisions.history(stored.record_id)) == 1
    type_into(qtbot, form.reason, "Mum agreed after all")
    click(qtbot, form.save_button)
    assert not form.isVisible(), form.error.text()
    latest = vault.threshold_decisions.get(stored.record_id)
    assert latest.data.consent is Consent.AGREED and latest.reason == "Mum agreed after all"


def test_a_referral_is_offered_again_only_when_the_action_changes_to_one(qtbot, vault, child, guide) -> None:
    mash = _store(vault, child, guide)
    form = _correct(qtbot, vault, mash)
    form.go_to(2)
    click(qtbot, form.level.button_for(4))
    type_into(qtbot, form.reason, "Level typed in error")
    with qtbot.assertNotEmitted(form.referral_requested):
        click(qtbot, form.save_button)
    assert not form.isVisible() and form.follow_up is None

    early_help = _store(vault, child, guide, level=2, level_name=guide.level(2).name, action=Action.EARLY_HELP)
    form = _correct(qtbot, vault, early_help)
    form.go_to(2)
    click(qtbot, form.action.button_for(Action.LCSS_CONSULTATION.value))
    type_into(qtbot, form.reason, "Consultation after all")
    with qtbot.waitSignal(form.referral_requested) as requested:
        click(qtbot, form.save_button)
    assert requested.args == [early_help.record_id, Action.LCSS_CONSULTATION]
    assert form.follow_up is not None and form.follow_up.text().startswith("Your decision is saved.")
    form.follow_up.close()


def test_a_decision_whose_edition_is_gone_opens_on_the_current_guide(qtbot, vault, child, guide) -> None:
    # An edition neither the app nor the vault holds: another digest, an older date, an ID it dropped.
    kept = guide.indicators_in(domain="development", level=2)[0]
    gone = guide.edition().model_copy(update={"edition": "January 2019", "digest": "0" * 64})
    indicators = [
        _from_guide(guide, kept.id, "Seen at drop-off"),
        ChosenIndicator(
            indicator_id="dev.retired.2z",
            domain_id="development",
            domain_name="Child's developmental needs",
            level=2,
            text="An indicator only the old edition had",
            evidence="Noted by the class teacher",
        ),
    ]
    stored = _store(vault, child, guide, guide=gone, indicators=indicators)
    form = _correct(qtbot, vault, stored)
    assert form.edition_note.isVisible()
    note = form.edition_note.text()
    assert note.startswith(f"This decision cited the January 2019 edition of {gone.document}, which this app no longer")
    assert f"current edition ({guide.edition().edition}) and your correction will cite it" in note
    assert form.citation.text() == f"Informed by: {guide.edition().citation()}"
    assert form.picker.keys() == [kept.id, "earlier:dev.retired.2z"]
    earlier = form.picker.value()[1]
    assert (earlier.indicator_id, earlier.text, earlier.evidence) == (
        "dev.retired.2z",
        "An indicator only the old edition had",
        "Noted by the class teacher",
    )
    labels = [label.text() for label in form.picker.findChildren(QLabel)]
    assert "Child's developmental needs · level 2 (from an earlier edition of the guide)" in labels

    type_into(qtbot, form.reason, "Reviewed against the current guide")
    click(qtbot, form.save_button)
    assert not form.isVisible(), form.error.text()
    corrected = vault.threshold_decisions.get(stored.record_id).data
    assert corrected.guide.digest == guide.edition().digest
    assert [c.indicator_id for c in corrected.indicators] == [kept.id, "dev.retired.2z"]
    assert corrected.indicators[1].text == "An indicator only the old edition had"
    assert vault.threshold_decisions.history(stored.record_id)[0].data.guide == gone  # the earlier version stays


def test_the_record_window_offers_correct_for_a_decision_only(qtbot, vault, child, guide) -> None:
    stored = _store(vault, child, guide)
    detail = RecordDetailDialog(vault, stored.record_id, ThresholdDecision.KIND)
    qtbot.addWidget(detail)
    detail.show()
    assert detail.correct_button is not None and detail.correct_button.isEnabled()
    click(qtbot, detail.correct_button)
    assert not detail.isVisible()  # it gives way to the form
    form = next(w for w in QApplication.topLevelWidgets() if isinstance(w, DecisionCorrectionDialog) and w.isVisible())
    assert form.stored.record_id == stored.record_id
    form.reject()

    vault.threshold_decisions.withdraw(stored.record_id, "Wrong child")
    withdrawn = RecordDetailDialog(vault, stored.record_id, ThresholdDecision.KIND)
    qtbot.addWidget(withdrawn)
    assert withdrawn.correct_button is not None and not withdrawn.correct_button.isEnabled()
    assert withdrawn.correct() is None and "withdrawn" in withdrawn.error.text()
    other = RecordDetailDialog(vault, child.record_id, Child.KIND)  # other kinds are corrected in their own forms
    qtbot.addWidget(other)
    assert other.correct_button is None


def test_a_lock_mid_correction_keeps_it_as_a_draft(qtbot, window: MainWindow, vault, guide) -> None:
    child = add_child_core(vault, "Mia", "Hart")
    stored = _store(vault, child, guide)
    window.model.refresh()
    window.table.selectRow(0)
    click(qtbot, window.record_view.findChild(QPushButton, "correct"))
    form = window.active_dialog
    keys = form.picker.keys()
    form.go_to(2)
    click(qtbot, form.level.button_for(4))
    type_into(qtbot, form.reason, "Police involved since")

    window.lock()
    assert not form.isVisible()
    type_into(qtbot, window.unlock_dialog.passphrase, PASSPHRASE)
    click(qtbot, window.unlock_dialog.unlock_button)
    qtbot.waitUntil(lambda: window.vault is not None, timeout=WORKER_TIMEOUT_MS)
    window.model.refresh()
    window.table.selectRow(0)
    click(qtbot, window.record_view.findChild(QPushButton, "correct"))
    again = window.active_dialog
    assert isinstance(again, DecisionCorrectionDialog)
    assert again.note.isVisible() and "unsaved correction" in again.note.text()
    assert len(again.picker.keys()) == len(keys)  # the draft's indicators replace the loaded ones
    assert again.picker.evidence_edit(keys[0]).text() == "Missed three appointments"
    assert again.level.chosen() == 4 and again.reason.toPlainText() == "Police involved since"
    click(qtbot, again.save_button)
    assert not again.isVisible(), again.error.text()
    assert window.vault.threshold_decisions.get(stored.record_id).data.level == 4
    # A new decision for the child has no draft waiting: the correction's was kept apart.
    assert window.vault.drafts.load(f"threshold-decision:{child.record_id}") is None


def test_999_steps_come_first_only_when_the_correction_changes_the_action_to_999(qtbot, vault, child, guide) -> None:
    stored = _store(vault, child, guide, action=Action.EARLY_HELP)
    form = _correct(qtbot, vault, stored)
    form.go_to(2)
    click(qtbot, form.level.button_for(4))
    click(qtbot, form.action.button_for(Action.POLICE_999.value))
    type_into(qtbot, form.reason, "Disclosure this morning")
    click(qtbot, form.save_button)
    assert form.urgent_box is not None and form.urgent_box.isVisible()
    assert len(vault.threshold_decisions.history(stored.record_id)) == 1  # nothing written until answered
    click(qtbot, form.called_button)
    assert not form.isVisible(), form.error.text()
    latest = vault.threshold_decisions.get(stored.record_id)
    assert latest.data.action is Action.POLICE_999 and latest.reason == "Disclosure this morning"

    form = _correct(qtbot, vault, latest)
    type_into(qtbot, form.action_note, " Officer attended.")
    type_into(qtbot, form.reason, "Added what happened")
    click(qtbot, form.save_button)
    assert form.urgent_box is None and not form.isVisible(), form.error.text()
    assert len(vault.threshold_decisions.history(stored.record_id)) == 3
