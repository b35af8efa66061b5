"""Considering a child's level of need: ticked by keyboard, summarised live, decided by a person."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from safeguard_desktop.domain.versions import diff_records
from safeguard_desktop.gui.decision_dialog import DecisionDialog
from safeguard_desktop.gui.decision_rows import decision_rows
from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.gui.record_detail import RecordDetailDialog
from safeguard_desktop.thresholds.decision import Consent, ThresholdDecision
from safeguard_desktop.thresholds.guide import Action, ThresholdGuide
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import PASSPHRASE, WORKER_TIMEOUT_MS, add_child_core, click, type_into
from tests.gui.test_accessibility import _unnamed

MARKUP = "<b>O'Brien & Sons</b> =cmd()"
MASH_PHONE = "0300 555 0101"


def _guide() -> ThresholdGuide:
    """A small made-up guide: four levels, two domains, a level-2 pattern pointing to level 3."""
    level_routes = {1: ["universal"], 2: ["early-help", "lcss"], 3: ["mash", "lcss"], 4: ["police", "mash"]}
    names = {1: "Universal", 2: "Additional needs", 3: "Complex needs", 4: "Acute needs"}
    levels = [
        {
            "number": n,
            "name": names[n],
            "description": f"Description of level {n}.",
            "response": f"Response at level {n}.",
            "routes": level_routes[n],
        }
        for n in range(1, 5)
    ]
    levels[1]["cumulative"] = {"count": 3, "points_to": 3, "message": "Weigh these together."}
    route = {"how": ["Do the first thing.", "Then the next."], "contact": ""}
    routes = [
        {**route, "id": "universal", "name": "Universal services", "action": "universal", "when": "Needs are met."},
        {**route, "id": "early-help", "name": "Early Help form", "action": "early_help", "when": "Extra help."},
        {**route, "id": "lcss", "name": "LCSS consultation", "action": "lcss_consultation", "when": "Unsure."},
        {
            "id": "mash",
            "name": "MASH referral",
            "action": "mash_referral",
            "when": "Significant harm.",
            "how": ["If a response is needed today, phone first.", "Then complete the online referral portal."],
            "contact": f"MASH {MASH_PHONE}",
        },
        {
            "id": "police",
            "name": "Police on 999",
            "action": "police_999",
            "when": "Immediate danger.",
            "how": ["Call 999 and ask for the police."],
            "contact": "999",
            "urgent": True,
        },
    ]
    indicators = []
    for domain in ("dev", "par"):
        for level in range(1, 5):
            for letter in "ab":
                indicators.append(
                    {
                        "id": f"{domain}.{level}{letter}",
                        "domain": domain,
                        "area": "health" if domain == "dev" else "care",
                        "level": level,
                        "text": f"{domain} indicator {level}{letter} about sleeping rough"
                        if letter == "b"
                        else f"{domain} indicator {level}{letter}",
                    }
                )
    return ThresholdGuide.model_validate(
        {
            "format": 1,
            "guide_id": "test-guide",
            "title": "Test guide",
            "source": {
                "document": "Test Thresholds",
                "publisher": "Made-up Partnership",
                "edition": "March 2024",
                "published": "2024-03-01",
            },
            "revision": 1,
            "note": "Examples only.",
            "levels": levels,
            "domains": [
                {
                    "id": "dev",
                    "name": "Development",
                    "description": "The child.",
                    "areas": [{"id": "health", "name": "Health"}],
                },
                {
                    "id": "par",
                    "name": "Parenting",
                    "description": "The parents.",
                    "areas": [{"id": "care", "name": "Care"}],
                },
            ],
            "routes": routes,
            "indicators": indicators,
        }
    )


@pytest.fixture
def guide() -> ThresholdGuide:
    return _guide()


@pytest.fixture
def child(vault: Vault):
    return add_child_core(vault, "Peregrine", "Achterberg", date_of_birth=date(2016, 2, 9))


@pytest.fixture
def dialog(qtbot, vault: Vault, child, guide: ThresholdGuide) -> DecisionDialog:
    form = DecisionDialog(vault, child.record_id, guide)
    qtbot.addWidget(form)
    form.show()
    return form


def _tick_by_keyboard(qtbot, form: DecisionDialog, indicator_id: str) -> None:
    tree = form.picker.tree
    tree.setCurrentItem(form.picker.indicator_item(indicator_id))
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Space)


def _decide(
    qtbot, form: DecisionDialog, level: int, action: Action, reasons: str = "Needs across two domains."
) -> None:
    form.go_to(2)
    click(qtbot, form.level.button_for(level))
    click(qtbot, form.consent.button_for(Consent.AGREED.value))
    click(qtbot, form.action.button_for(action.value))
    type_into(qtbot, form.reasons, reasons)


def test_ticking_by_keyboard_updates_the_matrix_and_a_pattern_is_named(qtbot, dialog, guide) -> None:
    panel = dialog.suggestion
    assert panel.count_at(0, 1) == 0 and panel.warning_labels == []
    _tick_by_keyboard(qtbot, dialog, "dev.2a")
    assert dialog.picker.indicator_item("dev.2a").checkState(0) == Qt.CheckState.Checked
    assert panel.count_at(0, 1) == 1  # Development, level 2
    _tick_by_keyboard(qtbot, dialog, "dev.2b")
    assert panel.warning_labels == []
    _tick_by_keyboard(qtbot, dialog, "par.2a")
    assert (panel.count_at(0, 1), panel.count_at(1, 1), panel.count_at(2, 1)) == (2, 1, 3)  # the last row: all domains
    (warning,) = panel.warning_labels
    dialog.go_to(1)
    assert warning.isVisible()
    assert warning.text().startswith(
        "3 indicators at level 2 across 2 domains: together they may point to level 3 (Complex needs)."
    )
    assert "Weigh these together." in warning.text()
    assert "highest level of any indicator chosen: level 2" in panel.highest.text()
    assert "pattern to weigh" in dialog.chosen_summary.text()
    # The routes for levels 2 and 3 are shown; the suggestion never picks a level.
    assert "level 2 and level 3" in panel.routes_heading.text()
    assert dialog.level.chosen() is None
    assert "you decide" in dialog.consider.text()

    _tick_by_keyboard(qtbot, dialog, "par.2a")  # Space again unticks
    assert panel.warning_labels == [] and panel.count_at(2, 1) == 2
    assert dialog.picker.keys() == ["dev.2a", "dev.2b"]
    remove = next(
        b for b in dialog.picker.findChildren(QPushButton) if b.accessibleName() == "Remove: dev indicator 2a"
    )
    click(qtbot, remove)
    assert dialog.picker.indicator_item("dev.2a").checkState(0) == Qt.CheckState.Unchecked
    assert dialog.picker.keys() == ["dev.2b"] and panel.count_at(0, 1) == 1


def test_an_urgent_route_comes_first_and_says_so_in_words(qtbot, dialog) -> None:
    _tick_by_keyboard(qtbot, dialog, "dev.3a")
    _tick_by_keyboard(qtbot, dialog, "dev.4a")
    names = [frame.accessibleName() for frame in dialog.suggestion.route_frames]
    assert names[0] == "URGENT — act now: Police on 999"
    assert "MASH referral" in names


def test_the_filter_narrows_the_tree_as_you_type(qtbot, dialog) -> None:
    type_into(qtbot, dialog.picker.filter, "sleep rough")
    shown = [key for key, item in dialog.picker._items.items() if not item.isHidden()]
    assert shown and all(key.endswith("b") for key in shown)
    qtbot.keyClick(dialog.picker.filter, Qt.Key.Key_Return)  # Enter goes to the first match
    assert dialog.picker.tree.currentItem() is dialog.picker.indicator_item(shown[0])
    # ...and nothing else: no button in the form fires on that Enter (it once pressed Add).
    assert dialog.picker.own_error.text() == "" and dialog.focusWidget() is dialog.picker.tree
    qtbot.keyClick(dialog.picker.tree, Qt.Key.Key_Space)
    assert [chosen.indicator_id for chosen in dialog.picker.value()] == [shown[0]]
    dialog.picker.filter.clear()
    assert all(not item.isHidden() for item in dialog.picker._items.values())


def test_nothing_is_chosen_for_the_practitioner_and_save_says_what_is_missing(qtbot, dialog, vault) -> None:
    assert all(choice.chosen() is None for choice in (dialog.level, dialog.consent, dialog.action))
    click(qtbot, dialog.save_button)
    assert dialog.isVisible() and vault.threshold_decisions.count() == 0
    assert dialog.tabs.currentIndex() == 2
    assert dialog.level.error.text() == "Choose the level of need you have decided on."
    assert dialog.action.error.text() == "Choose the action you are taking."
    assert dialog.consent.error.text()
    assert dialog.reasons_field.error.text().startswith("Give your reasons")
    assert dialog.error.text() == "Please correct the problems shown; nothing has been saved."

    click(qtbot, dialog.level.button_for(2))
    click(qtbot, dialog.consent.button_for(Consent.AGREED.value))
    click(qtbot, dialog.action.button_for(Action.EARLY_HELP.value))
    type_into(qtbot, dialog.reasons, "   ")
    click(qtbot, dialog.save_button)
    assert vault.threshold_decisions.count() == 0 and dialog.reasons_field.error.text()
    assert dialog.level.error.text() == "" and dialog.action.error.text() == ""


def test_a_decision_is_saved_with_its_edition_and_shows_in_the_chronology(qtbot, dialog, vault, child, guide) -> None:
    _tick_by_keyboard(qtbot, dialog, "dev.2a")
    dialog.picker.evidence_edit("dev.2a").setText("Missed two appointments")
    type_into(qtbot, dialog.picker.own_text, "Sleeping in the car")
    dialog.picker.own_domain.setCurrentIndex(2)  # Parenting
    dialog.picker.own_level.setCurrentIndex(3)  # level 3
    qtbot.keyClick(dialog.picker.own_text, Qt.Key.Key_Return)
    assert len(dialog.picker.keys()) == 2 and dialog.picker.own_text.text() == ""
    _decide(qtbot, dialog, 3, Action.EARLY_HELP, MARKUP)
    with qtbot.waitSignal(dialog.saved) as saved:
        click(qtbot, dialog.save_button)
    assert not dialog.isVisible(), dialog.error.text()

    stored = saved.args[0]
    decision = vault.threshold_decisions.get(stored.record_id).data
    assert decision.guide.digest == guide.edition().digest
    assert (decision.level, decision.level_name, decision.action) == (3, "Complex needs", Action.EARLY_HELP)
    assert decision.reasons == MARKUP and decision.decided_by == vault.practitioner
    chosen, own = decision.indicators
    assert (chosen.indicator_id, chosen.domain_id, chosen.evidence) == ("dev.2a", "dev", "Missed two appointments")
    assert own.indicator_id is None and own.text == "Sleeping in the car"
    assert (own.domain_id, own.domain_name, own.level) == ("par", "Parenting", 3)
    (row,) = vault.timeline.rows(child.record_id)
    assert row.record_id == stored.record_id and row.kind == "threshold_decision"
    assert "level 3 (Complex needs)" in row.summary


def test_the_record_window_shows_typed_markup_literally(qtbot, dialog, vault) -> None:
    type_into(qtbot, dialog.picker.own_text, "<i>own</i> words")
    dialog.picker.own_domain.setCurrentIndex(1)
    dialog.picker.own_level.setCurrentIndex(2)
    click(qtbot, dialog.picker.own_add)
    _decide(qtbot, dialog, 2, Action.UNIVERSAL, MARKUP)
    with qtbot.waitSignal(dialog.saved) as saved:
        click(qtbot, dialog.save_button)
    record_id = saved.args[0].record_id

    detail = RecordDetailDialog(vault, record_id, ThresholdDecision.KIND)
    qtbot.addWidget(detail)
    rows = dict(detail.current_rows())
    assert rows["Reasons"] == MARKUP
    assert rows["Level of need"] == "Level 2: Additional needs"
    assert rows["Indicator"] == "Development, level 2 (own words)\n<i>own</i> words"
    assert "Test Thresholds, Made-up Partnership, March 2024 edition (01/03/2024)" == rows["Guide edition"]
    label = next(w for w in detail.current.widget().findChildren(type(detail.title)) if w.text() == MARKUP)
    assert label.textFormat() == Qt.TextFormat.PlainText


def test_a_corrected_decision_shows_what_changed(vault, child, guide) -> None:
    from safeguard_desktop.domain.eventdate import EventDate
    from safeguard_desktop.domain.ukdates import utc_now
    from safeguard_desktop.thresholds.decision import ChosenIndicator

    first = ThresholdDecision(
        child_id=child.record_id,
        decided=EventDate.exact(utc_now()),
        decided_by=vault.practitioner,
        guide=guide.edition(),
        indicators=[ChosenIndicator(domain_id="dev", domain_name="Development", level=2, text="Tired in class")],
        level=3,
        level_name="Complex needs",
        reasons="First view.",
        consent=Consent.AGREED,
        action=Action.MASH_REFERRAL,
    )
    stored = vault.threshold_decisions.add(first)
    second = first.model_copy(update={"level": 2, "level_name": "Additional needs", "action": Action.EARLY_HELP})
    vault.threshold_decisions.amend(stored.record_id, second, "Talked it through with LCSS")
    before, after = (v.data for v in vault.threshold_decisions.history(stored.record_id))
    changes = {(c.label, c.before, c.after) for c in diff_records(before, after)}
    assert changes == {
        ("Level", "3", "2"),
        ("Level name", "Complex needs", "Additional needs"),
        ("Action", "MASH referral", "Early Help"),
    }
    rows = dict(decision_rows(after))
    assert rows["Indicator"] == "Development, level 2 (own words)\nTired in class"


def test_mash_offers_the_referral_with_the_guide_steps(qtbot, dialog, vault) -> None:
    _tick_by_keyboard(qtbot, dialog, "dev.3a")
    _decide(qtbot, dialog, 3, Action.MASH_REFERRAL)
    with qtbot.waitSignal(dialog.referral_requested) as requested:
        click(qtbot, dialog.save_button)
    record_id, action = requested.args
    assert action is Action.MASH_REFERRAL
    assert vault.threshold_decisions.get(record_id).data.action is Action.MASH_REFERRAL
    box = dialog.follow_up
    assert box is not None and box.isVisible()
    text = box.text()
    assert text.startswith("Your decision is saved. Next: the MASH referral.")
    assert "offers to start the MASH referral now, prefilled with this decision" in text
    assert f"Contact: MASH {MASH_PHONE}" in text
    assert "1. If a response is needed today, phone first." in text and "2. Then complete the online" in text
    assert box.textFormat() == Qt.TextFormat.PlainText
    box.close()


def test_999_shows_the_urgent_steps_before_saving(qtbot, dialog, vault) -> None:
    _decide(qtbot, dialog, 4, Action.POLICE_999)
    click(qtbot, dialog.save_button)
    box = dialog.urgent_box
    assert box is not None and box.isVisible()
    assert "Call 999 and ask for the police." in box.text()
    assert vault.threshold_decisions.count() == 0  # nothing is written until they answer
    back = next(b for b in box.buttons() if b.text() == "Back to the form")
    click(qtbot, back)
    assert dialog.isVisible() and vault.threshold_decisions.count() == 0

    click(qtbot, dialog.save_button)
    click(qtbot, dialog.called_button)
    assert not dialog.isVisible() and vault.threshold_decisions.count() == 1


def test_an_own_indicator_typed_but_not_added_stops_the_save(qtbot, dialog, vault) -> None:
    _decide(qtbot, dialog, 1, Action.NO_FURTHER_ACTION)
    type_into(qtbot, dialog.picker.own_text, "Half-typed worry")
    click(qtbot, dialog.save_button)
    assert vault.threshold_decisions.count() == 0 and dialog.tabs.currentIndex() == 0
    assert dialog.picker.own_error.text().startswith("You typed an indicator of your own")
    click(qtbot, dialog.picker.own_add)
    assert dialog.picker.own_error.text() == "To add your own indicator, give a domain and a level."


def test_back_and_next_move_through_the_steps_and_every_input_is_named(qtbot, dialog) -> None:
    _tick_by_keyboard(qtbot, dialog, "dev.1a")  # a chosen row, with its note and Remove button
    assert _unnamed(dialog) == []
    assert not dialog.back_button.isEnabled()
    click(qtbot, dialog.next_button)
    assert dialog.tabs.currentIndex() == 1
    click(qtbot, dialog.next_button)
    assert dialog.tabs.currentIndex() == 2 and not dialog.next_button.isEnabled()
    click(qtbot, dialog.back_button)
    assert dialog.tabs.currentIndex() == 1


# -- from the child's record, with the shipped guide -----------------------------------------


def _open_from_record(qtbot, window: MainWindow) -> DecisionDialog:
    window.model.refresh()
    window.table.selectRow(0)
    button = next(b for b in window.record_view.findChildren(QPushButton) if b.text() == "Level of need…")
    click(qtbot, button)
    form = window.active_dialog
    assert isinstance(form, DecisionDialog) and form.isVisible()
    return form


def test_the_record_view_button_opens_the_form_and_a_save_reaches_the_chronology(qtbot, window, vault) -> None:
    child = add_child_core(vault, "Mia", "Hart")
    window.model.refresh()
    window.table.selectRow(0)
    chronology = window.chronology.open_chronology()
    assert chronology.model.rowCount() == 0
    form = _open_from_record(qtbot, window)
    first = next(iter(form.picker._items))
    _tick_by_keyboard(qtbot, form, first)
    _decide(qtbot, form, 2, Action.EARLY_HELP)
    click(qtbot, form.save_button)
    assert not form.isVisible(), form.error.text()
    assert vault.threshold_decisions.count() == 1
    assert [row.kind for row in vault.timeline.rows(child.record_id)] == ["threshold_decision"]
    assert chronology.model.rowCount() == 1


def test_a_lock_mid_form_keeps_the_decision_as_a_draft(qtbot, window, vault) -> None:
    add_child_core(vault, "Mia", "Hart")
    form = _open_from_record(qtbot, window)
    first = next(iter(form.picker._items))
    _tick_by_keyboard(qtbot, form, first)
    form.picker.evidence_edit(first).setText("Seen on Monday")
    _decide(qtbot, form, 3, Action.LCSS_CONSULTATION, MARKUP)

    window.lock()
    assert not form.isVisible()
    type_into(qtbot, window.unlock_dialog.passphrase, PASSPHRASE)
    click(qtbot, window.unlock_dialog.unlock_button)
    qtbot.waitUntil(lambda: window.vault is not None, timeout=WORKER_TIMEOUT_MS)

    again = _open_from_record(qtbot, window)
    assert again.note.isVisible() and "unsaved level-of-need decision" in again.note.text()
    assert again.picker.keys() == [first]
    assert again.picker.evidence_edit(first).text() == "Seen on Monday"
    assert again.reasons.toPlainText() == MARKUP
    assert (again.level.chosen(), again.action.chosen()) == (3, Action.LCSS_CONSULTATION.value)
    assert again.tabs.currentIndex() == 2
    click(qtbot, again.save_button)
    assert not again.isVisible(), again.error.text()
    assert window.vault.threshold_decisions.count() == 1
    assert again.follow_up is not None  # an LCSS consultation: the guide's steps follow
    again.follow_up.close()
    QApplication.processEvents()


def test_a_draft_from_another_edition_restores_without_crashing_and_says_where_words_came_from(qtbot, dialog) -> None:
    state = dialog.draft_state()
    state["chosen"] = [
        # The practitioner's own indicator at a level this edition does not have.
        {"indicator_id": None, "domain_id": "dev", "domain_name": "Dev", "level": 5, "text": "Own words at 5"},
        # A guide indicator the earlier edition had and this one dropped.
        {"indicator_id": "gone.1", "domain_id": "dev", "domain_name": "Dev", "level": 2, "text": "Earlier words"},
    ]
    dialog.restore_draft(state)

    assert dialog.picker.keys() == ["own:1", "earlier:gone.1"]
    assert "level 5 (not a level in this edition of the guide)" in dialog.suggestion.highest.text()
    earlier = next(chosen for chosen in dialog.picker.value() if chosen.text == "Earlier words")
    assert earlier.indicator_id == "gone.1" and not earlier.is_free_text
    labels = [label.text() for label in dialog.picker.findChildren(QLabel)]
    assert "Dev · level 2 (from an earlier edition of the guide)" in labels
    assert "Dev · level 5 (own words)" in labels
