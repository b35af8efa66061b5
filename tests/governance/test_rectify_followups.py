"""Follow-ups to moving and restricting records.

A record moved to another child must leave the first child's saved subject access bundle and
unsent referral, not only their chronology; a referral itself is not moved; a restricted record
can be neither withdrawn nor (for a file) exported while its dispute is open.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from safeguard_desktop.domain.chronology import ChronologyEntry
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.meeting import Meeting, MeetingType
from safeguard_desktop.domain.status import ChildStatus, StatusPeriod
from safeguard_desktop.errors import RecordRestricted, SafeguardError
from safeguard_desktop.governance import sar
from safeguard_desktop.governance.bundle import open_bundle, save_bundle
from safeguard_desktop.governance.bundle_document import bundle_document
from safeguard_desktop.governance.move import move_record, moves_of
from safeguard_desktop.governance.restriction import lift_restriction, restrict
from safeguard_desktop.pdf.referral import referral_pdf
from safeguard_desktop.referral.assemble import assemble
from safeguard_desktop.referral.snapshot import build_document
from safeguard_desktop.vault import audit
from safeguard_desktop.vault.session import Vault
from tests.governance.test_statements import add_child, add_concern, pdf_text
from tests.referral.family import make_family

WORD = "Quokkabridge"


# -- 1. the saved subject access bundle ------------------------------------------------------


def test_a_moved_record_leaves_the_first_childs_saved_bundle_and_the_reviewer_is_told(vault: Vault, tmp_path) -> None:
    first = add_child(vault, "Marigold", "Featherstonehaugh")
    second = add_child(vault, "Juniper", "Ashdown-Tull")
    misfiled = add_concern(vault, [first.record_id], f"Told a lunchtime supervisor about {WORD} Lane.")
    kept = add_concern(vault, [first.record_id], "Marigold had no coat in the rain.", date(2025, 10, 13))
    request = sar.log_request(vault, first.record_id, "child", "Marigold's mother", date(2025, 11, 10))
    bundle = open_bundle(vault, request)
    assert {misfiled.record_id, kept.record_id} <= set(bundle.chosen)
    save_bundle(vault, bundle)

    move_record(vault, misfiled.record_id, first.record_id, second.record_id, "Logged against the wrong child.")

    # Read out as saved (the reviewer's own copy of the bundle, before it is reopened): the moved
    # record is left out of the document and named to the reviewer by kind and date.
    doc = bundle_document(vault, bundle, request)
    assert misfiled.record_id in bundle.chosen  # the bundle passed in is not changed
    assert misfiled.record_id not in {r.record_id for r in doc.records}
    assert kept.record_id in {r.record_id for r in doc.records}
    assert [d.record_id for d in doc.dropped] == [misfiled.record_id]
    assert "moved to another child's file" in doc.dropped[0].describe()
    assert doc.dropped[0].describe().startswith("Concern, recorded ")
    assert WORD not in doc.dropped[0].describe()

    # Opened again: taken out of the bundle itself, said once.
    reopened = open_bundle(vault, request)
    assert misfiled.record_id not in reopened.chosen and kept.record_id in reopened.chosen
    assert [d.record_id for d in reopened.dropped] == [misfiled.record_id]
    again = bundle_document(vault, reopened, request)
    assert [d.record_id for d in again.dropped] == [misfiled.record_id]
    from safeguard_desktop.pdf.sar import sar_pdf

    assert WORD not in pdf_text(sar_pdf(again), tmp_path)


def test_a_withheld_record_that_no_longer_names_the_person_is_dropped_too(vault: Vault) -> None:
    first = add_child(vault, "Marigold", "Featherstonehaugh")
    second = add_child(vault, "Juniper", "Ashdown-Tull")
    misfiled = add_concern(vault, [first.record_id], "Seen crying at the gate.")
    request = sar.log_request(vault, first.record_id, "child", "Marigold's mother", date(2025, 11, 10))
    bundle = open_bundle(vault, request)
    bundle.withhold(misfiled.record_id, "crime", "Open police enquiry")
    save_bundle(vault, bundle)
    move_record(vault, misfiled.record_id, first.record_id, second.record_id, "Wrong child.")
    assert bundle_document(vault, bundle, request).withheld == []
    reopened = open_bundle(vault, request)
    assert reopened.withheld == [] and [d.record_id for d in reopened.dropped] == [misfiled.record_id]


# -- 2. the unsent referral ---------------------------------------------------------------------


def test_moved_records_leave_the_first_childrens_unsent_referral_which_says_so(vault: Vault, tmp_path) -> None:
    family = make_family(vault)
    other = add_child(vault, "Juniper", "Ashdown-Tull")
    referral = family.referral.data
    [letter_id] = referral.attachment_ids
    decision_id = family.decision.record_id
    assert decision_id in {p.record_id for p in referral.chronology}

    move_record(vault, decision_id, family.posy.record_id, other.record_id, "Decided for the wrong child.")
    move_record(vault, letter_id, family.rafe.record_id, other.record_id, "Attached to the wrong child.")
    # The concern is about both siblings; moving Posy out leaves Rafe in it, so it stays.
    move_record(vault, family.concern.record_id, family.posy.record_id, other.record_id, "Posy was not there.")

    document = build_document(vault, family.referral)
    assert document.decision is None and document.attachments == []
    assert decision_id not in {row.record_id for row in document.chronology}
    assert [c.concern_id for c in document.concerns] == [family.concern.record_id]
    assert document.moved_left_out == 2 and document.restricted_left_out == 0
    text = pdf_text(referral_pdf(document), tmp_path)
    assert "2 records chosen for it were left out of this referral" in text
    assert "no longer filed under the children it concerns" in text

    contents = assemble(vault, family.referral)
    sent = json.loads(contents.referral_json)
    assert sent["decision"] is None and sent["attachments"] == [] and sent["moved_left_out"] == 2
    assert contents.attachments == []
    rows = list(csv.reader(io.StringIO(contents.chronology_csv.decode("utf-8-sig"))))
    assert not any(str(decision_id) in cell for row in rows for cell in row)


def test_restricted_and_moved_records_are_counted_apart(vault: Vault, tmp_path) -> None:
    family = make_family(vault)
    other = add_child(vault, "Juniper", "Ashdown-Tull")
    move_record(vault, family.screening.record_id, family.rafe.record_id, other.record_id, "Wrong child.")
    restrict(vault, family.decision.record_id, "Mother disputes the level of need.")
    document = build_document(vault, family.referral)
    assert document.screenings == [] and document.decision is None
    assert (document.restricted_left_out, document.moved_left_out) == (1, 1)
    text = pdf_text(referral_pdf(document), tmp_path)
    assert "1 restricted record was left out of this referral" in text
    assert "1 record chosen for it was left out of this referral" in text


# -- 3. what can be moved ------------------------------------------------------------------------


def test_a_referral_cannot_be_moved(vault: Vault) -> None:
    family = make_family(vault)
    other = add_child(vault, "Juniper", "Ashdown-Tull")
    with pytest.raises(SafeguardError, match="A referral cannot be moved to another child"):
        move_record(vault, family.referral.record_id, family.posy.record_id, other.record_id, "Wrong child.")
    assert len(vault.referrals.history(family.referral.record_id)) == 1
    assert moves_of(vault, family.referral.record_id) == []


def test_meetings_status_periods_screenings_decisions_and_files_can_be_moved(vault: Vault) -> None:
    family = make_family(vault)
    other = add_child(vault, "Juniper", "Ashdown-Tull")
    posy, rafe, to = family.posy.record_id, family.rafe.record_id, other.record_id
    meeting = vault.meetings.add(
        Meeting(
            meeting_type=MeetingType.STRATEGY_DISCUSSION,
            held=EventDate.on_day(date(2026, 11, 20)),
            child_ids=[posy, rafe],
            decisions="Section 47 enquiry for both.",
            recorded_by=vault.practitioner,
        )
    )
    period = vault.status_periods.add(
        StatusPeriod(
            child_id=posy, status=ChildStatus.CHILD_IN_NEED, start=date(2026, 1, 5), recorded_by=vault.practitioner
        )
    )
    entry = vault.chronology.add(
        ChronologyEntry(
            child_id=posy,
            happened=EventDate.on_day(date(2026, 2, 2)),
            description="Started at the nursery.",
            recorded_by=vault.practitioner,
        )
    )
    cases = [
        (vault.meetings, meeting.record_id, posy),
        (vault.status_periods, period.record_id, posy),
        (vault.chronology, entry.record_id, posy),
        (vault.screenings, family.screening.record_id, rafe),
        (vault.threshold_decisions, family.decision.record_id, posy),
        (vault.attachments, family.referral.data.attachment_ids[0], rafe),
    ]
    for repository, record_id, source in cases:
        move_record(vault, record_id, source, to, "Filed under the wrong child.")
        linked = repository.get(record_id).data.linked_child_ids()
        assert to in linked and source not in linked, repository.kind
    assert vault.meetings.get(meeting.record_id).data.child_ids == [to, rafe]


# -- 4 and 5. a restricted record is kept exactly as it is -----------------------------------------


def test_a_restricted_record_cannot_be_withdrawn_until_the_restriction_is_lifted(vault: Vault) -> None:
    child = add_child(vault)
    concern = add_concern(vault, [child.record_id], "Left at the gate at 17:40.")
    restrict(vault, concern.record_id, "Mother disputes the time.")
    with pytest.raises(RecordRestricted, match="cannot be withdrawn"):
        vault.concerns.withdraw(concern.record_id, "Entered twice.")
    assert not vault.concerns.get(concern.record_id).withdrawn
    assert len(vault.concerns.history(concern.record_id)) == 1
    lift_restriction(vault, concern.record_id, "Dispute resolved: the time was right.")
    assert vault.concerns.withdraw(concern.record_id, "Entered twice.").withdrawn


def test_a_restricted_file_cannot_be_exported(vault: Vault, tmp_path) -> None:
    child = add_child(vault)
    stored = vault.attachments.add_bytes("statement.txt", b"What was said.", "text/plain", child_id=child.record_id)
    restrict(vault, stored.record_id, "Father disputes the statement.")
    dest = tmp_path / "copy.txt"
    with pytest.raises(RecordRestricted, match=r"statement\.txt is restricted") as raised:
        vault.attachments.export(stored.record_id, dest)
    assert "no copy of it can be exported" in str(raised.value)
    assert not dest.exists()
    assert not [e for e in audit.events(vault._ctx.conn) if e.action.startswith("export.")]
    assert vault._ctx.conn.execute("SELECT COUNT(*) FROM disclosures").fetchone()[0] == 0
    lift_restriction(vault, stored.record_id, "Agreed as written.")
    vault.attachments.export(stored.record_id, dest)
    assert dest.read_bytes() == b"What was said."
