"""Statements of disagreement and restriction: kept with the record, refused when incomplete,
and a restricted record is not changed and not shared (chronology CSV and PDF leave it out, saying so)."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess  # nosec B404 - runs pdftotext on a PDF the test made
from datetime import date, timedelta
from pathlib import Path
from uuid import uuid4

import pytest

from safeguard_desktop.chronology.export import chronology_csv
from safeguard_desktop.chronology.export_pdf import chronology_pdf
from safeguard_desktop.domain.categories import ChildRole, ConcernCategory
from safeguard_desktop.domain.concern import Concern, ConcernChild
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.people import Child
from safeguard_desktop.domain.ukdates import format_date, uk_today
from safeguard_desktop.errors import RecordNotFound, RecordRestricted, SafeguardError
from safeguard_desktop.governance.restriction import lift_restriction, restrict, restricted_ids, restriction_of
from safeguard_desktop.governance.statements import add_statement, statements_by_record, statements_for
from safeguard_desktop.vault import audit
from safeguard_desktop.vault.session import Vault

MARKUP = "<b>O'Brien & Sons</b>"


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The PDF's words on one line (pdftotext), for checking what a reader sees."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed, so the PDF's text cannot be checked")
    path = tmp_path / "check.pdf"  # a test artefact of made-up data
    path.write_bytes(pdf)
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return " ".join(result.stdout.decode("utf-8").split())


def add_child(vault: Vault, given: str = "Marigold", family: str = "Featherstonehaugh") -> object:
    return vault.children.add(Child(given_names=given, family_name=family, date_of_birth=date(2016, 3, 9)))


def add_concern(vault: Vault, child_ids: list, account: str, day: date = date(2025, 10, 6)) -> object:
    return vault.concerns.add(
        Concern(
            happened=EventDate.on_day(day),
            children=[ConcernChild(child_id=c, roles=frozenset({ChildRole.VICTIM})) for c in child_ids],
            categories=frozenset({ConcernCategory.NEGLECT}),
            recorded_by=vault.practitioner,
            account=account,
        )
    )


def test_statements_are_kept_in_order_with_who_and_when(vault: Vault) -> None:
    child = add_child(vault)
    concern = add_concern(vault, [child.record_id], "Came to school without a coat in the rain.")
    first = add_statement(vault, concern.record_id, "  Dana   Whitlock, mother ", date(2025, 10, 20), "She had a coat.")
    second = add_statement(vault, concern.record_id, MARKUP, date(2025, 10, 21), "=cmd() it was in her bag")
    found = statements_for(vault, concern.record_id)
    assert [s.id for s in found] == [first.id, second.id]
    assert found[0].made_by == "Dana Whitlock, mother"  # spaces tidied, words kept
    assert found[0].heading() == "Statement of disagreement from Dana Whitlock, mother, received 20/10/2025"
    assert found[1].made_by == MARKUP and found[1].text == "=cmd() it was in her bag"
    assert found[0].recorded_by == vault.practitioner
    assert statements_by_record(vault) == {concern.record_id: found}
    assert statements_by_record(vault, [child.record_id]) == {}
    # The audit chain holds the event and a digest, never the words.
    events = [e for e in audit.events(vault._ctx.conn) if e.action == "record.statement"]
    assert len(events) == 2 and events[0].record_id == str(concern.record_id)
    assert all("coat" not in (e.digest or "") for e in events)


@pytest.mark.parametrize(
    ("made_by", "received", "text", "message"),
    [
        ("", date(2025, 1, 2), "I disagree.", "Say who the statement is from"),
        ("Dana Whitlock", date(2025, 1, 2), "   ", "The statement is empty"),
        ("Dana Whitlock", uk_today() + timedelta(days=2), "I disagree.", "is in the future"),
    ],
)
def test_an_incomplete_statement_is_refused_and_nothing_is_kept(vault, made_by, received, text, message) -> None:
    child = add_child(vault)
    with pytest.raises(SafeguardError, match=message):
        add_statement(vault, child.record_id, made_by, received, text)
    assert statements_for(vault, child.record_id) == []


def test_a_statement_for_a_record_not_in_the_vault_is_refused(vault: Vault) -> None:
    with pytest.raises(RecordNotFound):
        add_statement(vault, uuid4(), "Dana Whitlock", date(2025, 1, 2), "I disagree.")


def test_a_restricted_record_cannot_be_corrected_until_the_restriction_is_lifted(vault: Vault) -> None:
    child = add_child(vault)
    concern = add_concern(vault, [child.record_id], "Came to school without a coat in the rain.")
    with pytest.raises(SafeguardError, match="Say why the record is restricted"):
        restrict(vault, concern.record_id, "  ")
    placed = restrict(vault, concern.record_id, "Mother disputes the account; awaiting review.")
    assert restriction_of(vault, concern.record_id) == placed
    assert restricted_ids(vault) == {concern.record_id}
    with pytest.raises(SafeguardError, match="already restricted"):
        restrict(vault, concern.record_id, "Again.")
    corrected = concern.data.model_copy(update={"account": "Came to school without a coat."})
    with pytest.raises(RecordRestricted, match="restricted while a dispute about it is open") as refused:
        vault.concerns.amend(concern.record_id, corrected, "Typo")
    assert "Lift the restriction first" in refused.value.message
    assert len(vault.concerns.history(concern.record_id)) == 1  # nothing half-written
    with pytest.raises(SafeguardError, match="Say why the restriction is lifted"):
        lift_restriction(vault, concern.record_id, "")
    lift_restriction(vault, concern.record_id, "Reviewed with the head teacher; account stands.")
    assert restriction_of(vault, concern.record_id) is None
    vault.concerns.amend(concern.record_id, corrected, "Typo")
    assert len(vault.concerns.history(concern.record_id)) == 2
    with pytest.raises(SafeguardError, match="not restricted"):
        lift_restriction(vault, concern.record_id, "Again.")
    actions = [e.action for e in audit.events(vault._ctx.conn)]
    assert "record.restrict" in actions and "record.unrestrict" in actions


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_a_restricted_record_is_left_out_of_the_chronology_csv_and_pdf_which_say_so(vault, tmp_path) -> None:
    child = add_child(vault)
    shown = add_concern(vault, [child.record_id], "Arrived hungry; said there was no breakfast.", date(2025, 9, 1))
    held = add_concern(vault, [child.record_id], "Bruise on the left forearm, Zanzibar story.", date(2025, 9, 2))
    restrict(vault, held.record_id, "Father disputes the account.")

    rows = _csv_rows(chronology_csv(vault, child.record_id).content)
    note = rows[0][0]
    assert note.startswith("1 restricted record was left out of this chronology.")
    assert "UK GDPR article 18" in note
    header, body = rows[1], rows[2:]
    record_ids = {r[header.index("Record ID")] for r in body}
    assert str(shown.record_id) in record_ids and str(held.record_id) not in record_ids
    assert not any("Zanzibar" in cell for r in rows for cell in r)

    text = pdf_text(chronology_pdf(vault, child.record_id).content, tmp_path)
    assert "1 restricted record was left out of this chronology" in text
    assert "no breakfast" in text and "Zanzibar" not in text

    # Lifted: it is shared again, and the note goes.
    lift_restriction(vault, held.record_id, "Dispute resolved.")
    rows = _csv_rows(chronology_csv(vault, child.record_id).content)
    assert rows[0][0] == "Date" and any("Zanzibar" in r[3] for r in rows[1:])
    assert "restricted record" not in pdf_text(chronology_pdf(vault, child.record_id).content, tmp_path)


def test_statements_travel_with_their_rows_in_the_chronology_csv(vault: Vault) -> None:
    child = add_child(vault)
    disputed = add_concern(vault, [child.record_id], "Left at the gate at 17:40.", date(2025, 9, 1))
    plain = add_concern(vault, [child.record_id], "Collected on time by grandmother.", date(2025, 9, 3))
    add_statement(vault, disputed.record_id, MARKUP, date(2025, 9, 10), "=cmd() I was there at 17:15.")
    rows = _csv_rows(chronology_csv(vault, child.record_id).content)
    header = rows[0]
    column = header.index("Statements of disagreement")
    by_id = {r[header.index("Record ID")]: r for r in rows[1:]}
    cell = by_id[str(disputed.record_id)][column]
    assert cell == f"Statement of disagreement from {MARKUP}, received 10/09/2025: =cmd() I was there at 17:15."
    assert by_id[str(plain.record_id)][column] == ""
    assert format_date(date(2025, 9, 10)) in cell
