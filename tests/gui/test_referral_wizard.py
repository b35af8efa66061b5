"""The referral wizard's window: walking it by keyboard, its refusals, review, export and locking."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QFileDialog, QGroupBox, QLabel, QPushButton

from safeguard_desktop.domain.categories import ConcernStatus, RelationshipType
from safeguard_desktop.domain.people import Address, Adult, Child, Relationship
from safeguard_desktop.gui.referral_pages_start import StartReferralDialog, begin
from safeguard_desktop.gui.referral_wizard import ReferralWizard
from safeguard_desktop.referral import progress
from safeguard_desktop.referral.model import ConsentReason, Destination, ReferralStatus, Tristate
from safeguard_desktop.referral.steps import Step
from safeguard_desktop.referral.verify import verify_packet
from safeguard_desktop.thresholds.guide import Action
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import PASSPHRASE, WORKER_TIMEOUT_MS, click, type_into
from tests.referral.wizard_family import Family, _concern, add_sent_referral, make_family

MARKUP = "<b>O'Brien & Sons</b> =cmd()"


@pytest.fixture
def family(vault: Vault) -> Family:
    return make_family(vault)


def _open(qtbot, window, family: Family, destination: Destination, child=None) -> ReferralWizard:
    dialog = begin(window, child or family.posy, destination)
    assert isinstance(dialog, ReferralWizard)
    qtbot.waitExposed(dialog)
    return dialog


def _next(qtbot, dialog: ReferralWizard) -> None:
    """Next, by keyboard: Space on the button."""
    qtbot.keyClick(dialog.next_button, Qt.Key.Key_Space)
    QApplication.processEvents()


def _choose(qtbot, combo: QComboBox, value: object) -> None:
    """Choose an answer by keyboard: arrow keys on the closed list."""
    combo.setFocus()
    for _ in range(combo.count()):
        if combo.currentData() == value:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == value


def _step(dialog: ReferralWizard) -> Step:
    return dialog.wizard.step


def _consent_all(qtbot, dialog: ReferralWizard, consented: Tristate, reason: ConsentReason | None = None) -> None:
    page = dialog.page
    for aware, given, why, _note in page.rows.values():
        _choose(qtbot, aware, Tristate.YES)
        if reason is not None:
            _choose(qtbot, why, reason)
        _choose(qtbot, given, consented)


def _walk_to_review(qtbot, dialog: ReferralWizard, consented: Tristate = Tristate.YES) -> None:
    """From CHILDREN to REVIEW, answering what each step needs."""
    assert _step(dialog) is Step.CHILDREN
    _next(qtbot, dialog)
    page = dialog.page
    for safe, where in page.children.values():
        _choose(qtbot, safe, Tristate.YES)
        type_into(qtbot, where, "At school")
    _next(qtbot, dialog)
    assert _step(dialog) is Step.CONCERNS_AND_CHRONOLOGY
    _next(qtbot, dialog)
    assert _step(dialog) is Step.WORK_SO_FAR
    _next(qtbot, dialog)
    assert _step(dialog) is Step.CONSENT
    if dialog.wizard.referral.destination is not Destination.LCSS_NO_NAMES:
        reason = ConsentReason.INCREASE_RISK if consented is Tristate.NO else None
        _consent_all(qtbot, dialog, consented, reason)
    _next(qtbot, dialog)
    assert _step(dialog) is Step.FAMILY_AND_CHILD
    type_into(qtbot, dialog.page.referrer_wants, "A social work assessment.")
    _next(qtbot, dialog)
    assert _step(dialog) is Step.REFERRER
    _next(qtbot, dialog)
    assert _step(dialog) is Step.REVIEW, dialog.error.text()


def _make_packet(qtbot, dialog: ReferralWizard, tmp_path, monkeypatch) -> bytes:
    """Press "Make the packet", save it where the test says, and return the file's bytes."""
    assert _step(dialog) is Step.DONE
    chosen = tmp_path / "packets" / "packet.zip"
    chosen.parent.mkdir(exist_ok=True)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(chosen), "")))
    export = dialog.page
    click(qtbot, export.make_button)
    qtbot.waitUntil(lambda: export.result.isVisible() or bool(export.problem.text()), timeout=WORKER_TIMEOUT_MS)
    assert not export.problem.text(), export.problem.text()
    return chosen.read_bytes()


def _audit(vault: Vault) -> list[tuple[str, str]]:
    return [tuple(r) for r in vault._ctx.conn.execute("SELECT action, record_id FROM audit ORDER BY seq").fetchall()]


def test_mash_999_by_keyboard_then_the_packet_is_made_sent_and_logged(
    qtbot, window, vault, family, tmp_path, monkeypatch
) -> None:
    dialog = _open(qtbot, window, family, Destination.MASH)
    assert _step(dialog) is Step.URGENCY
    page = dialog.page
    assert page.instruction.isHidden()
    danger = page.choices[next(iter(page.choices))]
    danger.setFocus()
    qtbot.keyClick(danger, Qt.Key.Key_Space)
    # The instruction shows at once, before anything else, with the number to call.
    assert page.instruction.isVisible()
    assert page.instruction.text().startswith("Call 999 now.")
    assert "Number to call: 999" in page.instruction.text()
    assert page.instruction.textFormat() == Qt.TextFormat.PlainText
    _next(qtbot, dialog)
    assert _step(dialog) is Step.CALL
    call = dialog.page
    assert call.when.text()  # defaults to now, dd/mm/yyyy HH:MM
    type_into(qtbot, call.spoke_to, "Call handler 4471")
    type_into(qtbot, call.advice, "Police attending.")
    type_into(qtbot, call.reference, "TVP-2231")
    _next(qtbot, dialog)
    assert _step(dialog) is Step.CHILDREN
    recorded = dialog.wizard.referral.police_call
    assert recorded is not None and recorded.spoke_to == "Call handler 4471" and recorded.reference == "TVP-2231"
    # The sibling at home is offered, not ticked.
    assert family.rafe in dialog.page.ticks and not dialog.page.ticks[family.rafe].isChecked()
    _walk_to_review(qtbot, dialog, consented=Tristate.NO)
    assert dialog.page.go_buttons == []  # nothing missing
    _next(qtbot, dialog)
    assert _step(dialog) is Step.DONE
    export = dialog.page
    assert "NOT be encrypted" in export.encryption.text()
    assert ":" in export.signer.text() or len(export.signer.text()) > 40  # the fingerprint is shown
    target = tmp_path / "out"
    target.mkdir()
    chosen = target / "packet.zip"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(chosen), "")))
    export.reference.setText("PORTAL-77")
    click(qtbot, export.make_button)
    assert export.bar.isVisible() and export.progress_shown  # the progress bar shows while it is made
    qtbot.waitUntil(lambda: export.result.isVisible() or bool(export.problem.text()), timeout=WORKER_TIMEOUT_MS)
    assert not export.problem.text(), export.problem.text()
    data = chosen.read_bytes()
    verified = verify_packet(data)
    stored = vault.referrals.list(linked_to=family.posy)[0]
    referral = stored.data
    assert referral.status is ReferralStatus.SENT
    assert referral.sent is not None and referral.sent.packet_id == verified.packet_id
    assert referral.sent.sha256 == hashlib.sha256(data).hexdigest()
    assert referral.sent.portal_reference == "PORTAL-77" and referral.sent.route == "MASH portal"
    assert referral.police_call is not None
    assert vault.attachments.read_bytes(referral.sent.attachment_id) == data  # kept in the vault
    assert (chosen.stat().st_mode & 0o777) == 0o600
    rows = vault.timeline.rows(
        family.posy, __import__("safeguard_desktop.chronology.timeline").chronology.timeline.TimelineFilter()
    )
    assert any(referral.sent.packet_id in r.summary and referral.sent.sha256 in r.summary for r in rows)
    assert ("export.referral.packet", str(stored.record_id)) in _audit(vault)
    assert [h.reason for h in vault.referrals.history(stored.record_id)][-1] == "Sent"
    assert progress.unfinished(vault, family.posy) == []  # the work in progress is done with
    assert not export.make_button.isEnabled()
    dialog.close()


def test_next_is_refused_with_the_problems_shown_and_back_keeps_answers(qtbot, window, vault, family) -> None:
    dialog = _open(qtbot, window, family, Destination.MASH)
    click(qtbot, dialog.page.choices[list(dialog.page.choices)[2]])  # not urgent
    _next(qtbot, dialog)
    assert _step(dialog) is Step.CHILDREN
    _next(qtbot, dialog)
    assert _step(dialog) is Step.SAFETY
    _next(qtbot, dialog)
    assert _step(dialog) is Step.SAFETY  # refused
    assert "say whether Posy Ellingham is safe tonight" in dialog.error.text()
    assert "say where Posy Ellingham is now" in dialog.error.text()
    current = dialog.step_list.currentItem().text()
    assert current.startswith("▶ Safety now") and "(2 to do)" in current
    safe, where = dialog.page.children[family.posy]
    _choose(qtbot, safe, Tristate.YES)
    type_into(qtbot, where, MARKUP)
    type_into(qtbot, dialog.page.risk, "Dog at the house.")
    _next(qtbot, dialog)
    assert _step(dialog) is Step.CONCERNS_AND_CHRONOLOGY
    qtbot.keyClick(dialog, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)  # Alt+B: Back
    if _step(dialog) is not Step.SAFETY:  # mnemonics need an active window; offscreen may not give one
        click(qtbot, dialog.back_button)
    assert _step(dialog) is Step.SAFETY
    safe, where = dialog.page.children[family.posy]
    assert where.text() == MARKUP and safe.currentData() == Tristate.YES
    assert dialog.page.risk.toPlainText() == "Dog at the house."
    click(qtbot, dialog.draft_button)  # Save draft: a DRAFT record, amended on the next save
    click(qtbot, dialog.draft_button)
    [stored] = vault.referrals.list(linked_to=family.posy)
    assert stored.data.status is ReferralStatus.DRAFT and stored.data.children[0].where_now == MARKUP
    assert len(vault.referrals.history(stored.record_id)) == 2
    dialog.close()


def test_lcss_named_needs_consent_and_has_no_urgency(qtbot, window, vault, family) -> None:
    dialog = _open(qtbot, window, family, Destination.LCSS_NAMED)
    assert _step(dialog) is Step.CHILDREN
    assert Step.URGENCY not in dialog.wizard.steps()
    _walk_to_review(qtbot, dialog, consented=Tristate.YES)
    _next(qtbot, dialog)
    assert _step(dialog) is Step.DONE
    dialog.close()


def test_no_names_names_nobody_in_the_consent_step_nor_the_packet(
    qtbot, window, vault, family, tmp_path, monkeypatch
) -> None:
    dialog = _open(qtbot, window, family, Destination.LCSS_NO_NAMES)
    dialog.go_to(Step.CONSENT)  # stopped at the first step in the way
    assert _step(dialog) is Step.SAFETY
    _choose(qtbot, dialog.page.children[family.posy][0], Tristate.YES)
    dialog.go_to(Step.CONSENT)
    assert _step(dialog) is Step.CONSENT
    titles = [g.title() for g in dialog.page.findChildren(QGroupBox)]
    assert titles and all("Ellingham" not in t for t in titles)
    assert any("Mother of child 1" in t for t in titles)
    dialog.go_to(Step.FAMILY_AND_CHILD)
    type_into(qtbot, dialog.page.referrer_wants, "Advice on next steps.")
    dialog.go_to(Step.REVIEW)
    assert _step(dialog) is Step.REVIEW and dialog.page.go_buttons == []
    _next(qtbot, dialog)
    data = _make_packet(qtbot, dialog, tmp_path, monkeypatch)
    packet = verify_packet(data)
    assert packet.manifest["destination"] == "lcss_no_names"
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        contents = {name: zf.read(name) for name in zf.namelist()}
    assert "referral.json" in contents
    for name, content in contents.items():
        assert b"Ellingham" not in content and b"Posy" not in content, name  # nobody is named anywhere
    dialog.close()


def test_review_lists_what_is_missing_jumps_there_and_refreshes_from_the_record(qtbot, window, vault, family) -> None:
    dialog = _open(qtbot, window, family, Destination.LCSS_NAMED)
    click(qtbot, dialog.page.ticks[family.rafe])  # the sibling joins
    assert dialog.wizard.referral.child_ids == [family.posy, family.rafe]
    _walk_to_review(qtbot, dialog)
    review = dialog.page
    texts = [b.text() for b in review.go_buttons]
    assert any("Rafe Ellingham" in t and "address" in t for t in texts)
    assert review.record_buttons  # fixed in the child's record
    before = len(QApplication.topLevelWidgets())
    click(qtbot, review.record_buttons[0])
    assert len(QApplication.topLevelWidgets()) > before  # the child's record opened
    rafe = vault.children.get(family.rafe)
    vault.children.amend(
        family.rafe,
        rafe.data.model_copy(update={"address": Address(lines=["14 Quarry Lane"], town="Oxford", postcode="OX4 1AA")}),
        "Address added",
    )
    click(qtbot, review.refresh_button)
    assert dialog.page.go_buttons == []
    # A jump from the review goes to the step.
    dialog.wizard.update(referrer_wants="")
    dialog.show_step()
    wants = next(b for b in dialog.page.go_buttons if "what you want" in b.text())
    click(qtbot, wants)
    assert _step(dialog) is Step.FAMILY_AND_CHILD
    dialog.close()


def test_a_previous_referral_is_shown_before_sending(qtbot, window, vault, family) -> None:
    add_sent_referral(vault, family.posy, 100)
    dialog = _open(qtbot, window, family, Destination.LCSS_NAMED)
    _walk_to_review(qtbot, dialog)
    box = dialog.page.findChild(QLabel, "previousReferral")
    assert box is not None and box.isVisible()
    assert "PREVIOUS REFERRAL WITHIN 12 MONTHS" in box.text() and "SGP-0100" in box.text()
    _next(qtbot, dialog)
    assert dialog.page.findChild(QLabel, "previousReferral") is not None  # and again beside "Make the packet"
    dialog.close()


def test_a_lock_mid_wizard_loses_nothing(qtbot, window, vault, family) -> None:
    path = vault.path
    dialog = _open(qtbot, window, family, Destination.LCSS_NAMED)
    _next(qtbot, dialog)
    _safe, where = dialog.page.children[family.posy]
    type_into(qtbot, where, "With grandmother")  # not yet saved: the pause has not passed
    window.lock(ask=False)
    assert not dialog.isVisible()
    again = Vault.open(path, PASSPHRASE)
    try:
        [work] = progress.unfinished(again, family.posy)
        assert work.step == Step.SAFETY.name
        assert work.referral.children[0].where_now == "With grandmother"
    finally:
        again.close()


def test_markup_typed_is_shown_literally(qtbot, window, vault, family) -> None:
    child = vault.children.add(
        Child(given_names="<b>O'Brien", family_name="& Sons</b>", date_of_birth=date(2016, 2, 2))
    ).record_id
    adult = vault.adults.add(Adult(given_names="=cmd()", family_name="<i>Parent</i>")).record_id
    vault.relationships.add(
        Relationship(
            adult_id=adult,
            child_id=child,
            relationship=RelationshipType.MOTHER,
            parental_responsibility=True,
            lives_in_home=True,
        )
    )
    _concern(vault, [child], date(2026, 1, 5), MARKUP, ConcernStatus.OPEN)
    dialog = _open(qtbot, window, family, Destination.LCSS_NAMED, child=child)
    tick = dialog.page.ticks[child]
    shown = [label for label in dialog.findChildren(QLabel) if "=cmd() <i>Parent</i>" in label.text()]
    assert shown and all(label.textFormat() == Qt.TextFormat.PlainText for label in shown)
    assert tick.text().replace("&&", "&").startswith("<b>O'Brien & Sons</b>")
    _next(qtbot, dialog)
    assert dialog.page.findChildren(QGroupBox)[0].title().replace("&&", "&") == "<b>O'Brien & Sons</b>"
    _choose(qtbot, dialog.page.children[child][0], Tristate.YES)
    dialog.go_to(Step.CONSENT)
    assert _step(dialog) is Step.CONSENT, dialog.error.text()
    title = dialog.page.findChildren(QGroupBox)[0].title().replace("&&", "&")
    assert "=cmd() <i>Parent</i>" in title
    dialog.go_to(Step.CHILDREN)
    dialog.go_to(Step.CONCERNS_AND_CHRONOLOGY)
    concern = next(iter(dialog.page.concerns.values()))
    assert MARKUP in concern.text().replace("&&", "&")
    dialog.close()


def test_refer_or_consult_from_the_record_and_from_a_decision(qtbot, window, vault, family) -> None:
    window.model.refresh()
    window.table.selectRow(window.model.row_of(family.posy))
    button = window.record_view.findChild(QPushButton, "referButton")
    click(qtbot, button)
    start = window.active_dialog
    assert isinstance(start, StartReferralDialog)
    start.choose(Destination.LCSS_NO_NAMES)
    click(qtbot, start.ok_button)
    qtbot.waitUntil(lambda: isinstance(window.active_dialog, ReferralWizard), timeout=WORKER_TIMEOUT_MS)
    wizard = window.active_dialog
    assert wizard.wizard.referral.destination is Destination.LCSS_NO_NAMES
    wizard.close()
    qtbot.waitUntil(lambda: window.active_dialog is None)
    # The unfinished one is offered next time; a decision for a MASH referral offers only that.
    offer = window.start_referral_from_decision(family.older_decision, Action.MASH_REFERRAL)
    assert [v for _b, v in offer.options] == [Destination.MASH]
    click(qtbot, offer.ok_button)
    qtbot.waitUntil(lambda: isinstance(window.active_dialog, ReferralWizard), timeout=WORKER_TIMEOUT_MS)
    assert window.active_dialog.wizard.referral.decision_id == family.older_decision
    window.active_dialog.close()
    again = window.refer_or_consult()
    assert isinstance(again.options[0][1], progress.InProgress)  # continue comes first
    again.reject()


def test_every_page_fits_the_small_screen(qtbot, window, vault, family) -> None:
    dialog = _open(qtbot, window, family, Destination.MASH)
    dialog.resize(1093, 614)
    click(qtbot, dialog.page.choices[list(dialog.page.choices)[2]])  # not urgent
    seen = []
    while True:
        QApplication.processEvents()
        seen.append(dialog.wizard.step)
        # Never sideways scrolling, and the buttons stay on screen.
        assert not dialog.scroll.horizontalScrollBar().isVisible(), dialog.wizard.step
        assert dialog.close_button.isVisible()
        if dialog.wizard.step is Step.REVIEW:
            break
        if dialog.wizard.step is Step.SAFETY:
            for safe, where in dialog.page.children.values():
                _choose(qtbot, safe, Tristate.YES)
                type_into(qtbot, where, "At school")
        if dialog.wizard.step is Step.CONSENT:
            _consent_all(qtbot, dialog, Tristate.YES)
        if dialog.wizard.step is Step.FAMILY_AND_CHILD:
            type_into(qtbot, dialog.page.referrer_wants, "An assessment.")
        _next(qtbot, dialog)
    assert seen[0] is Step.URGENCY and Step.CONSENT in seen
    dialog.close()


def test_tick_boxes_name_children(qtbot, window, vault, family) -> None:
    dialog = _open(qtbot, window, family, Destination.LCSS_NAMED)
    names = [t.accessibleName() for t in dialog.page.findChildren(QCheckBox)]
    assert "Include Posy Ellingham" in names and "Include Rafe Ellingham" in names
    dialog.close()


def test_the_consent_step_says_consent_is_a_practice_question(qtbot, window, vault, family) -> None:
    dialog = _open(qtbot, window, family, Destination.MASH)
    click(qtbot, dialog.page.choices[list(dialog.page.choices)[2]])
    _next(qtbot, dialog)
    _next(qtbot, dialog)
    for safe, where in dialog.page.children.values():
        _choose(qtbot, safe, Tristate.YES)
        type_into(qtbot, where, "At school")
    dialog.go_to(Step.CONSENT)
    assert _step(dialog) is Step.CONSENT
    note = dialog.page.findChild(QLabel, "consentNote")
    assert note is not None and "does not need anyone's consent" in note.text()
    why = dialog.page.rows[family.mother][2]
    assert "Seeking consent would increase the risk to the child" in [why.itemText(i) for i in range(why.count())]
    # "No" without a reason is refused in words; with the reason it is kept.
    _choose(qtbot, dialog.page.rows[family.mother][1], Tristate.NO)
    assert "Say why consent was not given" in dialog.page.problem.text()
    answer = next(a for a in dialog.wizard.referral.consents if a.adult_id == family.mother)
    assert answer.consented is Tristate.UNKNOWN  # never "No" without its reason
    _choose(qtbot, why, ConsentReason.INCREASE_RISK)
    answer = next(a for a in dialog.wizard.referral.consents if a.adult_id == family.mother)
    assert answer.consented is Tristate.NO and answer.reason_not is ConsentReason.INCREASE_RISK
    dialog.close()


def test_the_due_lists_chase_item_opens_the_referral(qtbot, window, vault, family) -> None:
    referral_id = add_sent_referral(vault, family.posy, 10)
    due = window.chronology.open_due()
    rows = [due.model.row_at(r) for r in range(due.model.rowCount())]
    row = next(i for i, d in enumerate(rows) if d.kind == "referral")
    with qtbot.waitSignal(due.record_chosen) as chosen:
        due.choose(row)
    assert chosen.args == [referral_id, "referral"]
    due.close()


def test_a_referral_changed_after_the_packet_was_made_is_not_recorded_as_sent(
    qtbot, window, vault, family, tmp_path, monkeypatch
) -> None:
    dialog = _open(qtbot, window, family, Destination.LCSS_NAMED)
    _walk_to_review(qtbot, dialog)
    _next(qtbot, dialog)
    assert _step(dialog) is Step.DONE
    export = dialog.page
    chosen = tmp_path / "packet.zip"

    def save_as(*_args, **_kwargs) -> tuple[str, str]:
        # While the packet waits to be saved, another window changes the referral it was made from.
        record_id = export.stored.record_id
        current = vault.referrals.get(record_id)
        changed = current.data.model_copy(update={"referrer_wants": "Changed in another window"})
        vault.referrals.amend(record_id, changed, "Changed elsewhere")
        return str(chosen), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    files_before = vault.attachments.count()
    click(qtbot, export.make_button)
    qtbot.waitUntil(lambda: export.result.isVisible() or bool(export.problem.text()), timeout=WORKER_TIMEOUT_MS)
    assert "changed after this packet was made" in export.problem.text()
    assert "Nothing was kept" in export.problem.text()
    assert not export.result.isVisible()
    assert not chosen.exists()  # no file left behind
    stored = vault.referrals.get(export.stored.record_id)
    assert stored.data.status is ReferralStatus.DRAFT and stored.data.sent is None
    assert stored.data.referrer_wants == "Changed in another window"
    assert vault.attachments.count() == files_before  # no packet kept
    assert not any(action == "export.referral.packet" for action, _ in _audit(vault))
    dialog.close()


def test_the_childrens_files_can_be_chosen_to_travel_in_the_packet(qtbot, window, vault, family) -> None:
    from safeguard_desktop.gui.referral_pages import ATTACHMENTS_NOTE

    name = "O'Brien & Sons <b>letter.txt"
    letter = vault.attachments.add_bytes(name, b"Dear DSL,\n" * 100, "text/plain", child_id=family.posy)
    gone = vault.attachments.add_bytes("wrong.txt", b"Wrong child", "text/plain", child_id=family.posy)
    vault.attachments.withdraw(gone.record_id, "Attached to the wrong child")
    dialog = _open(qtbot, window, family, Destination.LCSS_NAMED)
    _next(qtbot, dialog)
    for safe, where in dialog.page.children.values():
        _choose(qtbot, safe, Tristate.YES)
        type_into(qtbot, where, "At school")
    _next(qtbot, dialog)
    assert _step(dialog) is Step.CONCERNS_AND_CHRONOLOGY
    page = dialog.page
    assert list(page.attachments) == [letter.record_id]  # the withdrawn file is not offered
    tick = page.attachments[letter.record_id]
    assert tick.text().startswith("O'Brien && Sons <b>letter.txt — Text file, 1000 bytes, added ")
    assert tick.accessibleName() == f"Attach {name}"
    assert any(label.text() == ATTACHMENTS_NOTE for label in page.findChildren(QLabel))
    assert dialog.wizard.referral.attachment_ids == []
    click(qtbot, tick)
    assert dialog.wizard.referral.attachment_ids == [letter.record_id]
    click(qtbot, tick)
    assert dialog.wizard.referral.attachment_ids == []
    dialog.close()


def test_a_gap_in_a_childs_record_can_be_stated_not_known_with_a_reason_at_review(
    qtbot, window, vault, family, monkeypatch
) -> None:
    from safeguard_desktop.gui import referral_pages_review

    dialog = _open(qtbot, window, family, Destination.LCSS_NAMED)
    click(qtbot, dialog.page.ticks[family.rafe])
    _walk_to_review(qtbot, dialog)
    review = dialog.page
    assert len(review.not_known_buttons) == 1  # Rafe's address: the only gap in a record
    asked: list[str] = []
    reason = "Moving between <b>B&Bs</b>"
    monkeypatch.setattr(referral_pages_review, "ask_reason", lambda _parent, prompt: asked.append(prompt) or reason)
    click(qtbot, review.not_known_buttons[0])
    assert asked == ["Address of Rafe Ellingham: why is it not known?"]
    page = dialog.page
    assert page.go_buttons == [] and page.not_known_buttons == []
    stated = [label for label in page.findChildren(QLabel) if "not known. Reason:" in label.text()]
    assert [label.text() for label in stated] == [f"Address of Rafe Ellingham: not known. Reason: {reason}"]
    assert stated[0].textFormat() == Qt.TextFormat.PlainText
    assert [(n.child_id, n.field.value, n.reason) for n in dialog.wizard.referral.not_known] == [
        (family.rafe, "address", reason)
    ]
    # Needed after all: the gap is back.
    click(qtbot, page.needed_buttons[0])
    assert dialog.wizard.referral.not_known == []
    assert len(dialog.page.not_known_buttons) == 1
    # Cancelled: nothing changes.
    monkeypatch.setattr(referral_pages_review, "ask_reason", lambda _parent, _prompt: None)
    click(qtbot, dialog.page.not_known_buttons[0])
    assert dialog.wizard.referral.not_known == []
    dialog.close()
