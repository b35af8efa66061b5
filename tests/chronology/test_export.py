"""Chronology exports: CSV and PDF contents, formula neutralising, external versions, the audit log."""

from __future__ import annotations

import csv
import io
import os
import shutil
import stat
import subprocess
import time
import uuid
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from safeguard_desktop.chronology.export import (
    CSV_COLUMNS,
    STAFF_REMOVED,
    chronology_csv,
    describe_filter,
    gather,
    neutralise_formula,
    save_export,
)
from safeguard_desktop.chronology.export_pdf import chronology_pdf, render_pdf
from safeguard_desktop.chronology.timeline import TimelineFilter
from safeguard_desktop.domain.categories import ChildRole, ConcernCategory, ConcernStatus, Impact, Significance
from safeguard_desktop.domain.chronology import ChronologyEntry
from safeguard_desktop.domain.concern import Concern, ConcernChild
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.people import Child
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.governance.disclosure import Disclosure
from safeguard_desktop.vault.session import Vault

TO_MASH = Disclosure("MASH", "Section 47 enquiry")
GIVEN = '=HYPERLINK("x")'
FAMILY = "<b>O'Brien & Sons</b>"
NAME = f"{GIVEN} {FAMILY}"
NURSE = Practitioner(name="Tobias Fairweather-Nkemelu", role="School nurse", organisation="Larkspur NHS", contact="x")
RISKY = {
    "=cmd|' /C calc'!A0": "'=cmd|' /C calc'!A0",
    "+44 7700 900123 rang about the bruise": "'+44 7700 900123 rang about the bruise",
    "-2 points on attendance this term": "'-2 points on attendance this term",
    "@SUM(1+1) written on her book": "'@SUM(1+1) written on her book",
}
PLAIN = 'Arrived <i>hungry</i> & cold, said "no breakfast", it\'s the third time'


def _pdftotext(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed, so the PDF's text cannot be checked")
    # A test artefact of made-up data; the app itself never writes a PDF except where asked.
    path = tmp_path / "check.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return " ".join(result.stdout.decode("utf-8").split())


def _concern(vault: Vault, child_id, account: str, day: date) -> object:
    return vault.concerns.add(
        Concern(
            happened=EventDate.on_day(day),
            children=[ConcernChild(child_id=child_id, roles=frozenset({ChildRole.VICTIM}))],
            categories=frozenset({ConcernCategory.NEGLECT}),
            recorded_by=vault.practitioner,
            account=account,
            status=ConcernStatus.OPEN,
        )
    )


@pytest.fixture
def child_id(vault: Vault):
    child = vault.children.add(Child(given_names=GIVEN, family_name=FAMILY, date_of_birth=date(2015, 4, 2)))
    for n, account in enumerate(RISKY):
        _concern(vault, child.record_id, account, date(2021, 5, 10 + n))
    _concern(vault, child.record_id, PLAIN, date(2019, 2, 3))
    vault.chronology.add(
        ChronologyEntry(
            child_id=child.record_id,
            happened=EventDate.on_day(date(2024, 11, 14)),
            source="＝full-width source",
            category="Health",
            description=f"Mum said {vault.practitioner.name} phoned her",
            impact=Impact.NEGATIVE,
            significance=Significance.SIGNIFICANT,
            recorded_by=NURSE,
        )
    )
    wrong = _concern(vault, child.record_id, "Entered on the wrong child", date(2022, 1, 5))
    vault.concerns.withdraw(wrong.record_id, "Wrong child")
    return child.record_id


def _csv_rows(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_neutralise_formula_covers_owasp_starts_and_full_width_forms() -> None:
    for start in ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"):
        assert neutralise_formula(f"{start}1+1") == f"'{start}1+1"
    assert neutralise_formula("Was not brought = missed") == "Was not brought = missed"
    assert neutralise_formula("") == ""


def test_csv_has_the_columns_neutralised_cells_and_exact_text(vault: Vault, child_id) -> None:
    exported = chronology_csv(vault, child_id)
    assert exported.what == "chronology.csv"
    rows = _csv_rows(exported.content)
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert len(rows) == 7
    summaries = [r["Summary"] for r in rows]
    for typed, neutral in RISKY.items():
        assert neutral in summaries and typed not in summaries
    first = rows[0]  # in date order: 03/02/2019 comes first
    assert first["Summary"] == PLAIN
    assert first["Date"] == "03/02/2019"
    assert first["Date precision"] == "Day"
    assert first["Category"] == "Neglect"
    assert first["Child's role"] == "Victim or subject"
    assert first["Recorded by"] == vault.practitioner.name
    assert first["Withdrawn"] == "No"
    entry = rows[-1]
    assert entry["Source"] == "'＝full-width source"
    assert entry["Recorded by"] == NURSE.name
    assert entry["Impact"] == "Negative" and entry["Significance"] == "Significant"
    withdrawn = [r for r in rows if r["Withdrawn"] == "Yes"]
    assert [r["Summary"] for r in withdrawn] == ["Entered on the wrong child"]


def test_external_csv_drops_recorded_by_and_staff_names(vault: Vault, child_id) -> None:
    exported = chronology_csv(vault, child_id, external=True)
    assert exported.what == "chronology.external_csv"
    text = exported.content.decode("utf-8-sig")
    assert vault.practitioner.name not in text
    assert NURSE.name not in text
    rows = _csv_rows(exported.content)
    assert "Recorded by" not in rows[0]
    assert rows[-1]["Summary"] == f"Mum said {STAFF_REMOVED} phoned her"
    assert rows[0]["Summary"] == PLAIN


def test_filtered_export_shows_only_the_filtered_rows(vault: Vault, child_id) -> None:
    flt = TimelineFilter(start=date(2021, 1, 1), end=date(2021, 12, 31), include_withdrawn=False)
    rows = _csv_rows(chronology_csv(vault, child_id, flt).content)
    assert [r["Summary"] for r in rows] == list(RISKY.values())
    assert describe_filter(flt) == "Filtered: from 01/01/2021 to 31/12/2021; withdrawn entries left out"
    assert describe_filter(TimelineFilter()) == ""


def test_pdf_text_shows_name_range_marking_pages_and_rows(vault: Vault, child_id, tmp_path: Path) -> None:
    exported = chronology_pdf(vault, child_id)
    assert exported.what == "chronology.pdf"
    assert exported.content.startswith(b"%PDF")
    text = _pdftotext(exported.content, tmp_path)
    assert NAME in text
    assert "Date of birth: 02/04/2015" in text
    assert "Events from 03/02/2019 to 14/11/2024" in text
    assert "OFFICIAL-SENSITIVE" in text
    assert "Page 1 of" in text
    for typed in RISKY:  # the PDF is not a spreadsheet: text prints exactly as typed
        assert typed in text
    assert PLAIN in text
    assert "[withdrawn] Entered on the wrong child" in text
    assert vault.practitioner.name in text and NURSE.name in text
    assert "External version" not in text and "DEMO" not in text


def test_external_pdf_has_no_staff_names_and_says_what_was_removed(vault: Vault, child_id, tmp_path: Path) -> None:
    exported = chronology_pdf(vault, child_id, external=True)
    assert exported.what == "chronology.external_pdf"
    text = _pdftotext(exported.content, tmp_path)
    assert vault.practitioner.name not in text
    assert NURSE.name not in text
    assert "Okonkwo" not in text and "Fairweather" not in text  # not even split over a line
    assert "External version — staff names removed" in text
    assert "free text is not redacted" in text
    assert NAME in text and PLAIN in text
    assert vault.practitioner.organisation in text


def test_filtered_pdf_describes_filter_and_demo_is_marked(vault: Vault, child_id, tmp_path: Path) -> None:
    snap = gather(vault, child_id, TimelineFilter(categories=frozenset({"Health"})))
    text = _pdftotext(render_pdf(snap).content, tmp_path)
    assert "Filtered: categories: Health" in text
    assert "Events on 14/11/2024 (1 entry)" in text
    demo = _pdftotext(render_pdf(replace(snap, demo=True)).content, tmp_path)
    # The watermark is drawn at 45 degrees, so its letters come out one per line.
    assert "DEMO—MADE" in demo.replace(" ", "") and "DEMO" not in text


def test_empty_chronology_still_exports(vault: Vault, tmp_path: Path) -> None:
    child = vault.children.add(
        Child(given_names="Ottoline", family_name="Marchetti-Oduya", expected_delivery=date(2027, 3, 1))
    )
    text = _pdftotext(chronology_pdf(vault, child.record_id).content, tmp_path)
    assert "No events to show (0 entries)" in text
    assert "Expected date of delivery: 01/03/2027" in text
    assert _csv_rows(chronology_csv(vault, child.record_id).content) == []


def test_save_export_writes_privately_and_logs_in_audit_chain(vault: Vault, child_id, tmp_path: Path) -> None:
    exported = chronology_pdf(vault, child_id, external=True)
    assert exported.file_name.startswith("chronology-external-HB-") and exported.file_name.endswith(".pdf")
    assert "Brien" not in exported.file_name
    target = tmp_path / exported.file_name
    digest = save_export(vault, exported, target, TO_MASH)
    assert target.read_bytes() == exported.content
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    action, record_id, logged = vault._ctx.conn.execute(
        "SELECT action, record_id, digest FROM audit ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    assert (action, record_id, logged) == ("export.chronology.external_pdf", str(child_id), digest)
    shared = vault._ctx.conn.execute("SELECT recipient, purpose, digest FROM disclosures").fetchall()
    assert shared == [("MASH", "Section 47 enquiry", digest)]
    assert vault.check().ok


def test_failed_write_is_not_logged(vault: Vault, child_id, tmp_path: Path) -> None:
    before = vault.audit_head()
    with pytest.raises(OSError):
        save_export(vault, chronology_csv(vault, child_id), tmp_path / "no-such-folder" / "x.csv", TO_MASH)
    assert vault.audit_head() == before


def test_three_thousand_rows_export(vault: Vault) -> None:
    child = vault.children.add(
        Child(given_names="Caspian", family_name="Marchetti-Oduya", date_of_birth=date(2012, 1, 9))
    )
    with vault.batch():
        for i in range(3000):
            vault.chronology.add(
                ChronologyEntry(
                    child_id=child.record_id,
                    happened=EventDate.on_day(date(2013 + i % 12, 1 + i % 12, 1 + i % 28)),
                    source="School",
                    category="Education",
                    description=f"Entry {i}: absent from school, no reason given by home.",
                    recorded_by=NURSE,
                )
            )
    started = time.perf_counter()
    pdf = chronology_pdf(vault, child.record_id)
    pdf_seconds = time.perf_counter() - started
    started = time.perf_counter()
    rows = _csv_rows(chronology_csv(vault, child.record_id).content)
    csv_seconds = time.perf_counter() - started
    print(f"3,000 rows: PDF {pdf_seconds:.1f} s ({len(pdf.content) // 1024} KiB), CSV {csv_seconds:.2f} s")
    assert len(rows) == 3000
    assert len({r["Record ID"] for r in rows}) == 3000
    assert pdf.content.count(b"/Type /Page\n") > 100


def test_an_export_that_cannot_be_logged_leaves_no_file(tmp_path, vault):
    # The vault locks while the save dialog is open: the copy must not stay on disk unlogged.
    from safeguard_desktop.chronology.export import ExportedFile, save_export
    from safeguard_desktop.errors import VaultLocked

    target = tmp_path / "chronology.csv"
    exported = ExportedFile(child_id=uuid.uuid4(), what="chronology.csv", content=b"date\n", file_name="x.csv")
    vault.close()
    with pytest.raises(VaultLocked):
        save_export(vault, exported, target, TO_MASH)
    assert not target.exists()


def test_a_failed_write_is_not_logged(tmp_path, vault):
    from safeguard_desktop.chronology.export import ExportedFile, save_export
    from safeguard_desktop.vault import audit

    before = audit.head(vault._ctx.conn)
    exported = ExportedFile(child_id=uuid.uuid4(), what="chronology.csv", content=b"date\n", file_name="x.csv")
    with pytest.raises(OSError):
        save_export(vault, exported, tmp_path / "no such folder" / "chronology.csv", TO_MASH)
    assert audit.head(vault._ctx.conn) == before
