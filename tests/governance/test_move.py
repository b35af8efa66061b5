"""Moving a record filed under the wrong child, and statements and restriction in referrals.

A moved record must leave everything built for the first child (chronology, search, exports,
the referral wizard's choices) and appear under the second, with its attached files; its
earlier version stays in its history. Statements of disagreement travel into the chronology
PDF and the referral PDF; a restricted record is left out of the referral, which says so.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess  # nosec B404 - runs pdftoppm on a PDF the test made
from datetime import date
from uuid import uuid4

import pytest

from safeguard_desktop.chronology.export_pdf import chronology_pdf
from safeguard_desktop.domain.chronology import ChronologyEntry
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.errors import RecordNotFound, RecordRestricted, SafeguardError
from safeguard_desktop.governance.move import MOVE_REASON, move_record, moves_of, plan_move
from safeguard_desktop.governance.restriction import restrict
from safeguard_desktop.governance.statements import add_statement
from safeguard_desktop.pdf.referral import referral_pdf
from safeguard_desktop.referral.assemble import assemble
from safeguard_desktop.referral.prefill import build_context
from safeguard_desktop.referral.snapshot import build_document
from safeguard_desktop.vault import audit
from safeguard_desktop.vault.session import Vault
from tests.governance.test_statements import MARKUP, add_child, add_concern, pdf_text
from tests.referral.family import make_family

WORD = "Quokkabridge"  # a word only the misfiled concern holds


@pytest.fixture
def misfiled(vault: Vault):
    first = add_child(vault, "Marigold", "Featherstonehaugh")
    second = add_child(vault, "Juniper", "Ashdown-Tull")
    concern = add_concern(vault, [first.record_id], f"Told a lunchtime supervisor about {WORD} Lane at the weekend.")
    photo = vault.attachments.add_bytes(
        "note.txt", b"A note from the supervisor.", "text/plain",
        child_id=first.record_id, linked_record_id=concern.record_id,
    )  # fmt: skip
    other = vault.attachments.add_bytes("report.txt", b"A school report.", "text/plain", child_id=first.record_id)
    return first, second, concern, photo, other


def test_a_moved_concern_leaves_the_first_childs_chronology_and_search_and_joins_the_second(vault, misfiled) -> None:
    first, second, concern, photo, other = misfiled
    a, b = first.record_id, second.record_id
    assert [r.record_id for r in vault.timeline.rows(a)] == [concern.record_id]
    plan = plan_move(vault, concern.record_id, a, b)
    assert "moves from Marigold Featherstonehaugh to Juniper Ashdown-Tull" in plan.summary()
    assert "note.txt" in plan.summary() and "report.txt" not in plan.summary()

    move = move_record(vault, concern.record_id, a, b, "  Logged against the wrong child by mistake. ")

    assert (move.from_child, move.to_child, move.reason) == (a, b, "Logged against the wrong child by mistake.")
    assert moves_of(vault, concern.record_id) == [move]
    # Chronology: gone from the first child's, in the second's.
    assert vault.timeline.rows(a) == [] and vault.timeline.count(a) == 0
    assert [r.record_id for r in vault.timeline.rows(b)] == [concern.record_id]
    # Search across the vault names only the second child; the per-child list agrees.
    hits = list(vault.timeline.search(WORD))
    assert [h.record_id for h in hits] == [concern.record_id] and hits[0].child_ids == (b,)
    assert vault.concerns.list(text=WORD, linked_to=a) == []
    assert [c.record_id for c in vault.concerns.list(text=WORD, linked_to=b)] == [concern.record_id]
    # A new version with the reason; the first version still shows where it was filed.
    history = vault.concerns.history(concern.record_id)
    assert [v.action for v in history] == ["create", "amend"]
    assert history[-1].reason == MOVE_REASON
    assert history[0].data.linked_child_ids() == {a} and history[-1].data.linked_child_ids() == {b}
    # The file attached to the concern moved with it; the child's other file stayed.
    assert vault.attachments.get(photo.record_id).data.child_id == b
    assert vault.attachments.get(other.record_id).data.child_id == a
    assert [x.record_id for x in vault.attachments.list(linked_to=a)] == [other.record_id]
    event = [e for e in audit.events(vault._ctx.conn) if e.action == "record.move"]
    assert len(event) == 1 and event[0].record_id == str(concern.record_id)
    assert audit.verify(vault._ctx.conn) == []


def test_a_moved_concern_leaves_the_first_childs_export_and_referral_choices(vault, misfiled, tmp_path) -> None:
    first, second, concern, _photo, _other = misfiled
    move_record(vault, concern.record_id, first.record_id, second.record_id, "Wrong child.")
    assert WORD not in pdf_text(chronology_pdf(vault, first.record_id).content, tmp_path)
    assert WORD in pdf_text(chronology_pdf(vault, second.record_id).content, tmp_path)
    context = build_context(vault, [first.record_id])
    assert context.concerns_of([first.record_id]) == []
    assert context.chronology_of([first.record_id]) == []
    assert context.attachments_of([first.record_id])[0].data.filename == "report.txt"
    after = build_context(vault, [second.record_id])
    assert [c.record_id for c in after.concerns_of([second.record_id])] == [concern.record_id]


def test_a_chronology_entry_moves_too(vault: Vault) -> None:
    first, second = add_child(vault), add_child(vault, "Juniper", "Ashdown-Tull")
    entry = vault.chronology.add(
        ChronologyEntry(
            child_id=first.record_id,
            happened=EventDate.on_day(date(2025, 5, 5)),
            description="Moved to Ash Grove Primary.",
            recorded_by=vault.practitioner,
        )
    )
    move_record(vault, entry.record_id, first.record_id, second.record_id, "Wrong child.")
    assert vault.chronology.get(entry.record_id).data.child_id == second.record_id
    assert vault.timeline.count(first.record_id) == 0 and vault.timeline.count(second.record_id) == 1


def test_moves_that_make_no_sense_are_refused_and_change_nothing(vault, misfiled) -> None:
    first, second, concern, photo, _other = misfiled
    a, b = first.record_id, second.record_id
    both = add_concern(vault, [a, b], "Both children were at the gate.")
    withdrawn = add_concern(vault, [a], "Entered twice.")
    vault.concerns.withdraw(withdrawn.record_id, "Duplicate.")
    cases = [
        ((concern.record_id, a, a, "Wrong child."), "already filed under this one"),
        ((concern.record_id, b, a, "Wrong child."), "not filed under Juniper Ashdown-Tull"),
        ((concern.record_id, a, uuid4(), "Wrong child."), "chosen child is not in this vault"),
        ((withdrawn.record_id, a, b, "Wrong child."), "withdrawn in error"),
        ((both.record_id, a, b, "Wrong child."), "already concerns Juniper Ashdown-Tull"),
        ((first.record_id, a, b, "Wrong child."), "A child's own record cannot be moved"),
        ((concern.record_id, a, b, "   "), "Say why the record is moved"),
    ]
    for args, message in cases:
        with pytest.raises(SafeguardError, match=message):
            move_record(vault, *args)
    with pytest.raises(RecordNotFound):
        move_record(vault, uuid4(), a, b, "Wrong child.")
    restrict(vault, concern.record_id, "Mother disputes it.")
    with pytest.raises(RecordRestricted, match="cannot be moved"):
        move_record(vault, concern.record_id, a, b, "Wrong child.")
    assert len(vault.concerns.history(concern.record_id)) == 1
    assert vault.attachments.get(photo.record_id).data.child_id == a
    assert moves_of(vault, concern.record_id) == []
    assert [r.record_id for r in vault.timeline.rows(a)].count(concern.record_id) == 1


def test_a_restricted_attached_file_stops_the_move(vault, misfiled) -> None:
    first, second, concern, photo, _other = misfiled
    restrict(vault, photo.record_id, "Disputed.")
    with pytest.raises(RecordRestricted, match=r"note\.txt"):
        move_record(vault, concern.record_id, first.record_id, second.record_id, "Wrong child.")
    assert vault.concerns.get(concern.record_id).data.linked_child_ids() == {first.record_id}


def test_a_statement_of_disagreement_is_printed_in_the_chronology_pdf(vault, tmp_path) -> None:
    child = add_child(vault)
    concern = add_concern(vault, [child.record_id], "Left at the gate at 17:40.")
    add_statement(vault, concern.record_id, MARKUP, date(2025, 10, 20), "I was at the gate by 17:15.")
    exported = chronology_pdf(vault, child.record_id)
    text = pdf_text(exported.content, tmp_path)
    assert "[disputed] Left at the gate at 17:40." in text
    assert f"Statement of disagreement from {MARKUP}, received 20/10/2025" in text
    assert "I was at the gate by 17:15." in text
    assert "carry a statement of disagreement" in text
    external = pdf_text(chronology_pdf(vault, child.record_id, external=True).content, tmp_path)
    assert "I was at the gate by 17:15." in external
    if shutil.which("pdftoppm"):  # a picture for a person to look at; the words are checked above
        (tmp_path / "disputed.pdf").write_bytes(exported.content)
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(tmp_path / "disputed.pdf"), str(tmp_path / "page")])
        assert list(tmp_path.glob("page*.png"))


def test_statements_go_into_the_referral_and_restricted_records_stay_out(vault, tmp_path) -> None:
    family = make_family(vault)
    add_statement(vault, family.concern.record_id, "Tamsin Ellingham", date(2026, 11, 25), "Nobody threw a plate.")
    restrict(vault, family.decision.record_id, "Mother disputes the level of need.")
    document = build_document(vault, family.referral)
    assert document.decision is None and document.restricted_left_out == 1
    assert [s.record_id for s in document.statements] == [family.concern.record_id]
    assert document.statements[0].text == "Nobody threw a plate."
    text = pdf_text(referral_pdf(document), tmp_path)
    assert "1 restricted record was left out of this referral" in text
    assert "Statements of disagreement" in text and "Nobody threw a plate." in text
    assert "Statement of disagreement from Tamsin Ellingham, received 25/11/2026" in text
    assert "[disputed]" in text  # the concern's chronology row is marked

    # The packet: JSON, PDF and chronology CSV agree.
    restrict(vault, family.concern.record_id, "Mother disputes the account.")
    contents = assemble(vault, family.referral)
    sent = json.loads(contents.referral_json)
    assert sent["concerns"] == [] and sent["decision"] is None and sent["restricted_left_out"] == 2
    assert sent["statements"] == []  # the disputed record is itself left out now
    rows = list(csv.reader(io.StringIO(contents.chronology_csv.decode("utf-8-sig"))))
    assert rows[0][0].startswith("2 restricted records were left out of this chronology")  # concern and decision rows
    assert not any(str(family.concern.record_id) in cell for row in rows for cell in row)
    assert "2 restricted records were left out of this referral" in pdf_text(contents.referral_pdf, tmp_path)
