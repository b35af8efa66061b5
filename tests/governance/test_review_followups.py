"""Follow-ups from the information-governance review: names where they can be redacted or removed,
and dates and periods that are refused before they do harm."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import UUID

import pytest

from safeguard_desktop.domain.categories import ChildRole, ConcernCategory, ConcernStatus
from safeguard_desktop.domain.concern import Concern, ConcernChild
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.people import Adult, Child
from safeguard_desktop.domain.ukdates import uk_today
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.governance import sar
from safeguard_desktop.governance.bundle import open_bundle
from safeguard_desktop.governance.bundle_document import bundle_document
from safeguard_desktop.governance.destruction import destruction_log, destruction_log_csv
from safeguard_desktop.governance.disposal import dispose
from safeguard_desktop.governance.move import MOVE_REASON, move_record, moves_of
from safeguard_desktop.governance.people_search import records_naming
from safeguard_desktop.governance.record_text import record_sections
from safeguard_desktop.governance.review import MAX_KEEP_YEARS, keep, review_history, review_queue
from safeguard_desktop.governance.rules import MAX_DAYS, MAX_YEARS, add_years, adjust_rule, rule
from safeguard_desktop.governance.statements import add_statement
from safeguard_desktop.pdf.sar import sar_pdf
from safeguard_desktop.vault.session import Vault

SUBJECT = "Ottoline Brackwater"
THIRD = "Ignatius <b>Featherstonehaugh & Co</b>"


def _child(vault: Vault, given: str, family: str, born: date | None = date(2016, 3, 9)) -> UUID:
    return vault.children.add(Child(given_names=given, family_name=family, date_of_birth=born)).record_id


def _concern(vault: Vault, child_id: UUID, account: str) -> UUID:
    return vault.concerns.add(
        Concern(
            happened=EventDate.on_day(date(2025, 10, 6)),
            children=[ConcernChild(child_id=child_id, roles=frozenset({ChildRole.VICTIM}))],
            categories=frozenset({ConcernCategory.NEGLECT}),
            recorded_by=vault.practitioner,
            account=account,
            status=ConcernStatus.OPEN,
        )
    ).record_id


def _at(vault: Vault, monkeypatch: pytest.MonkeyPatch, when: datetime) -> None:
    monkeypatch.setattr(vault._ctx, "now", lambda: when)


def _pdftotext(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed, so the PDF's text cannot be checked")
    path = tmp_path / "check.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return " ".join(result.stdout.decode("utf-8").split())


# -- 1. a statement's author can be redacted, and names its record --------------------------------


def test_who_made_a_statement_is_a_redactable_section_not_a_label(vault: Vault, tmp_path: Path) -> None:
    child = _child(vault, "Ottoline", "Brackwater")
    concern = _concern(vault, child, "Ottoline arrived without a coat.")
    add_statement(vault, concern, THIRD, date(2025, 11, 1), "=cmd() I dropped her off with a coat.")
    add_statement(vault, concern, "Ottoline's aunt", date(2025, 11, 2), "She had a coat.")

    sections = record_sections(vault, vault.concerns.get(concern))
    assert sections[-4:] == [
        ("Statement of disagreement 1 — from", THIRD),
        ("Statement of disagreement 1, received 01/11/2025", "=cmd() I dropped her off with a coat."),
        ("Statement of disagreement 2 — from", "Ottoline's aunt"),
        ("Statement of disagreement 2, received 02/11/2025", "She had a coat."),
    ]
    assert not any("Featherstonehaugh" in label for label, _ in sections)

    request = sar.log_request(vault, child, "child", "Ottoline's mother", date(2025, 11, 10))
    bundle = open_bundle(vault, request)
    doc = bundle_document(vault, bundle, request)
    record = next(r for r in doc.records if r.record_id == concern)
    index = record.sections.index(("Statement of disagreement 1 — from", THIRD))
    bundle.redact(concern, record.sections, index, 0, len(THIRD), "third_party", "Names another adult")
    doc = bundle_document(vault, bundle, request)
    assert doc.flagged == []
    pdf = _pdftotext(sar_pdf(doc), tmp_path)
    assert "Featherstonehaugh" not in pdf and "Ignatius" not in pdf
    assert "Statement of disagreement 1 — from" in pdf and "[Redacted: Third-party information]" in pdf
    assert "=cmd() I dropped her off with a coat." in pdf
    assert "Ottoline's aunt" in pdf


def test_a_record_named_only_in_a_statement_is_found_for_a_request(vault: Vault) -> None:
    child = _child(vault, "Ottoline", "Brackwater")
    adult = vault.adults.add(Adult(given_names="Peregrine", family_name="Haverstock", aliases=["Perry H"]))
    by_them = _concern(vault, child, "Ottoline was collected late.")
    about_them = _concern(vault, child, "Ottoline had no lunch.")
    alias_only = _concern(vault, child, "Ottoline was tired.")
    not_them = _concern(vault, child, "Ottoline's reading improved.")
    add_statement(vault, by_them, "Peregrine  HAVERSTOCK (stepfather)", date(2025, 11, 1), "I was on time.")
    add_statement(vault, about_them, "Ottoline's mother", date(2025, 11, 1), "Peregrine Haverstock packed it.")
    add_statement(vault, alias_only, "Ottoline's mother", date(2025, 11, 1), "Perry H. put her to bed at 7.")
    # Whole words only: "Haverstockton" and a first name alone are not this person.
    add_statement(vault, not_them, "Peregrine Haverstockton", date(2025, 11, 1), "I read with her.")

    found = {r.record_id: r for r in records_naming(vault, adult.record_id)}
    assert set(found) == {adult.record_id, by_them, about_them, alias_only}
    assert found[by_them].how() == "Named in the text" and not found[by_them].linked


# -- 2. a move's typed reason does not outlive the child it names ---------------------------------


def test_a_moved_records_version_reason_names_no_one(vault: Vault) -> None:
    wrong = _child(vault, "Ottoline", "Brackwater")
    right = _child(vault, "Cosima", "Brackwater")
    concern = _concern(vault, wrong, "Scraped knee at break.")
    move_record(vault, concern, wrong, right, "Typed under Ottoline Brackwater by mistake")
    assert vault.concerns.history(concern)[-1].reason == MOVE_REASON
    assert "Ottoline" not in MOVE_REASON
    assert moves_of(vault, concern)[0].reason == "Typed under Ottoline Brackwater by mistake"


# -- 3. an extension is decided within the first month --------------------------------------------


def test_an_extension_is_refused_after_the_first_month(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    child = _child(vault, "Ottoline", "Brackwater")
    request = sar.log_request(vault, child, "child", "Ottoline's mother", date(2025, 1, 31))
    # 28 February is the last day of the first month (in the UK: 23:30 UTC is still that day).
    _at(vault, monkeypatch, datetime(2025, 3, 1, 0, 30, tzinfo=UTC))
    with pytest.raises(SafeguardError, match=r"within the first month \(by 28/02/2025\)"):
        sar.extend(vault, request.id, 1, "Records held across three systems")
    assert sar.get_request(vault, request.id).extended_to is None
    _at(vault, monkeypatch, datetime(2025, 2, 28, 23, 30, tzinfo=UTC))
    assert sar.extend(vault, request.id, 1, "Records held across three systems").extended_to == date(2025, 3, 31)


# -- 4. a rule's period has a ceiling -------------------------------------------------------------


@pytest.mark.parametrize(("kwargs", "shown"), [({"years": MAX_YEARS + 1}, "151 years"), ({"days": 10**9}, "days")])
def test_a_huge_retention_period_is_refused_clearly(vault: Vault, kwargs: dict[str, int], shown: str) -> None:
    _child(vault, "Ottoline", "Brackwater", born=date(1990, 1, 1))
    with pytest.raises(SafeguardError, match=f"at most {MAX_YEARS} years and {MAX_DAYS} days.*{shown}"):
        adjust_rule(vault, "school-child-protection-file", reason="Typed too many noughts", **kwargs)
    assert rule(vault, "school-child-protection-file").adjustment is None


def test_the_longest_period_allowed_still_works_out_review_dates(vault: Vault) -> None:
    _child(vault, "Ottoline", "Brackwater", born=date(1990, 1, 1))
    adjusted = adjust_rule(
        vault, "school-child-protection-file", years=MAX_YEARS, days=MAX_DAYS, reason="Kept for research"
    )
    assert (adjusted.period.years, adjusted.period.days) == (MAX_YEARS, MAX_DAYS)
    assert review_queue(vault, date(9000, 1, 1))


# -- 5. dates that are almost certainly mistyped ----------------------------------------------------


def test_a_next_review_more_than_25_years_away_is_refused(vault: Vault) -> None:
    child = _child(vault, "Ottoline", "Brackwater")
    today = uk_today(vault._ctx.now())
    too_far = add_years(today, MAX_KEEP_YEARS) + timedelta(days=1)
    with pytest.raises(SafeguardError, match="is more than 25 years away; check the year"):
        keep(vault, child, "Open case", too_far)
    assert review_history(vault, child) == []
    kept = keep(vault, child, "Open case", add_years(today, MAX_KEEP_YEARS))
    assert kept.next_review == add_years(today, MAX_KEEP_YEARS)


def test_a_request_received_before_the_person_was_born_or_in_the_future_is_refused(vault: Vault) -> None:
    child = _child(vault, "Ottoline", "Brackwater", born=date(2016, 3, 9))
    with pytest.raises(SafeguardError, match=r"before Ottoline Brackwater was born \(09/03/2016\)"):
        sar.log_request(vault, child, "child", "Ottoline's mother", date(2015, 3, 9))
    with pytest.raises(SafeguardError, match="in the future"):
        sar.log_request(vault, child, "child", "Ottoline's mother", date(9999, 1, 1))
    assert sar.requests(vault) == []
    # Long ago is allowed (a request logged late), and so is any date when the birth date is not known.
    assert sar.log_request(vault, child, "child", "Ottoline's mother", date(2016, 3, 9)).deadline == date(2016, 4, 9)
    adult = vault.adults.add(Adult(given_names="Peregrine", family_name="Haverstock")).record_id
    assert sar.log_request(vault, adult, "adult", "Peregrine Haverstock", date(1990, 1, 1)).received == date(1990, 1, 1)


# -- 6. the destruction log's CSV runs no full-width formula -----------------------------------------


@pytest.mark.parametrize("start", ["＝", "＋", "－", "＠"])
def test_the_destruction_log_csv_neutralises_full_width_formulae(vault: Vault, start: str) -> None:
    child = _child(vault, "Ottoline", "Brackwater", born=date(2000, 1, 1))
    dispose(vault, child, rule_id="school-child-protection-file", rule_source=f'{start}HYPERLINK("http://x.invalid")')
    rows = list(csv.reader(io.StringIO(destruction_log_csv(destruction_log(vault)).decode("utf-8-sig"))))
    assert rows[1][4] == f'\'{start}HYPERLINK("http://x.invalid")'
