"""Subject access requests: finding the records, the deadline rules, redaction, and the PDF bundle."""

from __future__ import annotations

import shutil
import stat
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from safeguard_desktop.domain.categories import ChildRole, ConcernCategory, ConcernStatus, RelationshipType
from safeguard_desktop.domain.chronology import ChronologyEntry
from safeguard_desktop.domain.concern import Concern, ConcernChild
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.people import Adult, Child, Relationship
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.governance import sar
from safeguard_desktop.governance.bundle import exemption, exemptions, load_bundle, open_bundle, save_bundle
from safeguard_desktop.governance.bundle_document import bundle_document
from safeguard_desktop.governance.people_search import find_people, records_naming
from safeguard_desktop.governance.record_text import record_sections
from safeguard_desktop.governance.statements import add_statement
from safeguard_desktop.pdf.sar import export_bundle, sar_pdf
from safeguard_desktop.vault.session import Vault

ADULT_GIVEN = "Dariusz"
ADULT_FAMILY = "<b>Kowalczyk & Sons</b>"
ADULT = f"{ADULT_GIVEN} {ADULT_FAMILY}"
THIRD_PARTY = "Marguerite Olufemi-Hartley"
ACCOUNT = f"Ellis said {ADULT} shouted at {THIRD_PARTY} outside the gate =cmd()"


def _concern(vault: Vault, child_id, account: str, day: date):
    return vault.concerns.add(
        Concern(
            happened=EventDate.on_day(day),
            children=[ConcernChild(child_id=child_id, roles=frozenset({ChildRole.WITNESS}))],
            categories=frozenset({ConcernCategory.NEGLECT}),
            recorded_by=vault.practitioner,
            account=account,
            status=ConcernStatus.OPEN,
        )
    )


@pytest.fixture
def family(vault: Vault) -> dict[str, object]:
    child = vault.children.add(Child(given_names="Ellis", family_name="Brackenbury", date_of_birth=date(2016, 3, 9)))
    adult = vault.adults.add(Adult(given_names=ADULT_GIVEN, family_name=ADULT_FAMILY, aliases=["Darek"]))
    relationship = vault.relationships.add(
        Relationship(adult_id=adult.record_id, child_id=child.record_id, relationship=RelationshipType.STEP_PARENT)
    )
    mentioned = _concern(vault, child.record_id, ACCOUNT, date(2025, 10, 6))
    alias = _concern(vault, child.record_id, "Ellis was collected late by Darek again.", date(2025, 10, 20))
    unrelated = _concern(vault, child.record_id, "Ellis had no PE kit for the third week.", date(2025, 11, 3))
    entry = vault.chronology.add(
        ChronologyEntry(
            child_id=child.record_id,
            happened=EventDate.on_day(date(2025, 9, 1)),
            description=f"Phone call from {ADULT} about pick-up arrangements.",
            recorded_by=vault.practitioner,
        )
    )
    vault.chronology.withdraw(entry.record_id, "Entered on the wrong child's file")
    return {
        "child": child,
        "adult": adult,
        "relationship": relationship,
        "mentioned": mentioned,
        "alias": alias,
        "unrelated": unrelated,
        "entry": entry,
    }


def _pdftotext(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed, so the PDF's text cannot be checked")
    path = tmp_path / "check.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return " ".join(result.stdout.decode("utf-8").split())


# -- finding the person and their records -------------------------------------------------------


def test_find_people_by_name_and_alias(vault: Vault, family) -> None:
    found = find_people(vault, "kowalczyk")
    assert [p.id for p in found] == [family["adult"].record_id]
    assert found[0].kind == "adult"
    assert found[0].label() == f"{ADULT} (adult)"
    assert [p.id for p in find_people(vault, "Darek")] == [family["adult"].record_id]
    assert [p.kind for p in find_people(vault, "Ellis Brackenbury")] == ["child"]
    assert find_people(vault, "   ") == []


def test_records_naming_an_adult_holds_linked_and_mentioned_records(vault: Vault, family) -> None:
    found = {r.record_id: r for r in records_naming(vault, family["adult"].record_id)}
    assert set(found) == {
        family["adult"].record_id,
        family["relationship"].record_id,
        family["mentioned"].record_id,
        family["alias"].record_id,
        family["entry"].record_id,
    }
    assert family["unrelated"].record_id not in found
    assert found[family["relationship"].record_id].how() == "Linked to them"
    assert found[family["mentioned"].record_id].how() == "Named in the text"
    assert found[family["mentioned"].record_id].kind_label() == "Concern"
    withdrawn = found[family["entry"].record_id]
    assert withdrawn.withdrawn and withdrawn.kind_label() == "Chronology entry"


def test_record_text_names_people_and_leaves_out_ids(vault: Vault, family) -> None:
    relationship = vault.relationships.get(family["relationship"].record_id)
    sections = dict(record_sections(vault, relationship))
    assert sections["Adult"] == ADULT
    assert sections["Child"] == "Ellis Brackenbury"
    assert sections["Relationship"] == "Step-parent" or sections["Relationship"]
    concern = vault.concerns.get(family["mentioned"].record_id)
    add_statement(vault, concern.record_id, ADULT, date(2025, 11, 1), "I never shouted at anyone.")
    labels = [label for label, _ in record_sections(vault, concern)]
    texts = " ".join(text for _, text in record_sections(vault, concern))
    assert "Factual account" in labels
    assert "06/10/2025" in texts
    assert str(family["child"].record_id) not in texts
    assert "record " not in texts
    # Who disagrees is a section's text, which can be redacted; a label names no one.
    assert record_sections(vault, concern)[-2:] == [
        ("Statement of disagreement 1 — from", ADULT),
        ("Statement of disagreement 1, received 01/11/2025", "I never shouted at anyone."),
    ]


# -- the deadline -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2025, 1, 31), date(2025, 2, 28)),
        (date(2024, 1, 31), date(2024, 2, 29)),
        (date(2025, 3, 31), date(2025, 4, 30)),
        (date(2025, 12, 15), date(2026, 1, 15)),
        (date(2025, 2, 28), date(2025, 3, 28)),
    ],
)
def test_deadline_is_one_calendar_month(received: date, due: date) -> None:
    assert sar.deadline_for(received) == due


def test_request_log_extend_and_close_are_audited(vault: Vault, family, monkeypatch) -> None:
    adult_id = family["adult"].record_id
    # Extensions are decided within the first month (by 28/02/2025).
    monkeypatch.setattr(vault._ctx, "now", lambda: datetime(2025, 2, 20, 12, tzinfo=UTC))
    request = sar.log_request(vault, adult_id, "adult", "  Dariusz   Kowalczyk ", date(2025, 1, 31))
    assert request.requester == "Dariusz Kowalczyk"
    assert request.deadline == date(2025, 2, 28)
    assert request.person_name == ADULT
    assert request.days_left(date(2025, 2, 20)) == 8
    assert request.days_left_text(date(2025, 3, 2)) == "2 days overdue"
    extended = sar.extend(vault, request.id, 1, "Records held across three systems")
    assert extended.extended_to == date(2025, 3, 31)
    assert extended.extension_months() == 1
    with pytest.raises(SafeguardError, match="at most 2 further months"):
        sar.extend(vault, request.id, 2, "Still more to find")
    again = sar.extend(vault, request.id, 1, "Third-party consent awaited")
    assert again.extended_to == date(2025, 4, 30)
    assert again.extension_reason == "Records held across three systems\nThird-party consent awaited"
    with pytest.raises(SafeguardError):
        sar.extend(vault, request.id, 3, "x")
    closed = sar.close(vault, request.id, "responded", date(2025, 4, 1))
    assert closed.status == "responded" and closed.days_left_text() == "Responded"
    with pytest.raises(SafeguardError, match="already closed"):
        sar.close(vault, request.id, "withdrawn", date(2025, 4, 2))
    actions = [
        (a, d)
        for a, r, d in vault._ctx.conn.execute("SELECT action, record_id, digest FROM audit WHERE action LIKE 'sar.%'")
    ]
    assert [a for a, _ in actions] == ["sar.request", "sar.extend", "sar.extend", "sar.responded"]
    # The chain holds digests, never the requester's name or the reasons.
    audit_text = " ".join(str(c) for row in vault._ctx.conn.execute("SELECT * FROM audit") for c in row)
    assert "Kowalczyk" not in audit_text and "three systems" not in audit_text
    assert [r.id for r in sar.requests(vault)] == [request.id]


def test_bad_requests_are_refused_with_a_message(vault: Vault, family) -> None:
    adult_id = family["adult"].record_id
    with pytest.raises(SafeguardError, match="who made the request"):
        sar.log_request(vault, adult_id, "adult", "  ", date(2025, 1, 1))
    with pytest.raises(SafeguardError, match="in the future"):
        sar.log_request(vault, adult_id, "adult", "Dariusz", date(2999, 1, 1))
    with pytest.raises(SafeguardError, match="an adult"):
        sar.log_request(vault, adult_id, "child", "Dariusz", date(2025, 1, 1))
    request = sar.log_request(vault, adult_id, "adult", "Dariusz", date(2025, 1, 10))
    with pytest.raises(SafeguardError, match="before the request was received"):
        sar.close(vault, request.id, "withdrawn", date(2025, 1, 9))
    assert vault._ctx.conn.execute("SELECT count(*) FROM sar_requests").fetchone()[0] == 1


# -- the bundle -------------------------------------------------------------------------------


def _account_section(vault: Vault, bundle, record_id) -> tuple[int, list[tuple[str, str]]]:
    doc = bundle_document(vault, bundle, sar.get_request(vault, bundle.request_id))
    record = next(r for r in doc.records if r.record_id == record_id)
    index = next(n for n, (label, _) in enumerate(record.sections) if label == "Factual account")
    return index, record.sections


def test_exemptions_are_shipped_with_provisions_and_dpo_notes() -> None:
    ids = [e.id for e in exemptions()]
    assert ids[0] == "third_party"
    assert exemption("third_party").provision == "DPA 2018 Schedule 2 Part 3 paragraph 16"
    assert exemption("legal_privilege").provision == "DPA 2018 Schedule 2 Part 4 paragraph 19"
    assert exemption("crime").provision == "DPA 2018 Schedule 2 Part 1 paragraph 2"
    assert all("data protection officer" in e.dpo_note for e in exemptions())
    with pytest.raises(SafeguardError):
        exemption("made_up")


def test_sar_bundle_pdf_holds_every_record_and_removes_redacted_words(vault: Vault, family, tmp_path: Path) -> None:
    request = sar.log_request(vault, family["adult"].record_id, "adult", f"{ADULT} =cmd()", date(2025, 11, 10))
    bundle = open_bundle(vault, request)
    concern_id = family["mentioned"].record_id
    add_statement(vault, concern_id, ADULT, date(2025, 11, 12), "I was not there that day.")
    bundle = open_bundle(vault, request)
    index, sections = _account_section(vault, bundle, concern_id)
    text = sections[index][1]
    start = text.index(THIRD_PARTY)
    bundle.redact(concern_id, sections, index, start, start + len(THIRD_PARTY), "third_party", "Names another adult")
    with pytest.raises(SafeguardError, match="overlap"):
        bundle.redact(concern_id, sections, index, start + 2, start + 5, "crime", "")
    bundle.withhold(family["alias"].record_id, "crime", "Open police enquiry")
    save_bundle(vault, bundle)
    loaded = load_bundle(vault, request.id)
    assert loaded == bundle

    doc = bundle_document(vault, loaded, request)
    assert {r.record_id for r in doc.records} == {
        family["adult"].record_id,
        family["relationship"].record_id,
        family["mentioned"].record_id,
        family["entry"].record_id,
    }
    assert doc.flagged == []
    out = tmp_path / "bundle.pdf"
    digest = export_bundle(vault, loaded, request, out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    pdf = _pdftotext(out.read_bytes(), tmp_path)
    assert THIRD_PARTY not in pdf
    assert "Olufemi" not in pdf
    assert "[Redacted: Third-party information]" in pdf
    assert "shouted at [Redacted: Third-party information] outside the gate =cmd()" in pdf
    # Markup-looking names print as typed.
    assert ADULT in pdf and f"{ADULT} =cmd()" in pdf
    assert "Schedule of redactions" in pdf
    assert "DPA 2018 Schedule 2 Part 3 paragraph 16" in pdf and "Names another adult" in pdf
    assert "Records withheld in full" in pdf and "Open police enquiry" in pdf
    assert "collected late" not in pdf
    assert f"Statement of disagreement 1 — from {ADULT}" in pdf
    assert "Statement of disagreement 1, received 12/11/2025" in pdf
    assert "I was not there that day." in pdf
    assert f"Phone call from {ADULT}" in pdf and "withdrawn in error" in pdf
    assert "Request received 10/11/2025" in pdf and "Response due 10/12/2025" in pdf
    assert "Third-party information: 1" in pdf
    assert "OFFICIAL-SENSITIVE" in pdf and "Page 1 of" in pdf
    row = vault._ctx.conn.execute("SELECT what, record_id, recipient, purpose, digest FROM disclosures").fetchall()
    assert [tuple(r) for r in row] == [
        (
            "sar.bundle.pdf",
            str(family["adult"].record_id),
            f"{ADULT} =cmd()",
            "Subject access request received 10/11/2025",
            digest,
        )
    ]


def test_redaction_on_a_changed_record_is_flagged_not_misapplied(vault: Vault, family, tmp_path: Path) -> None:
    request = sar.log_request(vault, family["adult"].record_id, "adult", "Dariusz", date(2025, 11, 10))
    bundle = open_bundle(vault, request)
    concern_id = family["mentioned"].record_id
    index, sections = _account_section(vault, bundle, concern_id)
    start = sections[index][1].index(THIRD_PARTY)
    bundle.redact(concern_id, sections, index, start, start + len(THIRD_PARTY), "third_party", "")
    # The reviewer moves to the corrected version: the old redaction no longer fits it.
    current = vault.concerns.get(concern_id)
    corrected = vault.concerns.amend(
        concern_id, current.data.model_copy(update={"account": "Moved: " + ACCOUNT}), "Typo in the opening"
    )
    bundle.include(concern_id, corrected.version_id)
    doc = bundle_document(vault, bundle, request)
    assert len(doc.flagged) == 1 and "changed" in doc.flagged[0].problem
    record = next(r for r in doc.records if r.record_id == concern_id)
    assert "Redacted" not in " ".join(t for _, t in record.redacted)
    with pytest.raises(SafeguardError, match="Remove or redo"):
        export_bundle(vault, bundle, request, tmp_path / "never.pdf")
    assert not (tmp_path / "never.pdf").exists()
    assert vault._ctx.conn.execute("SELECT count(*) FROM disclosures").fetchone()[0] == 0


def test_demo_vault_bundle_carries_the_watermark(vault: Vault, family, tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed, so the PDF cannot be rendered")
    request = sar.log_request(vault, family["adult"].record_id, "adult", "Dariusz", date(2025, 11, 10))
    doc = bundle_document(vault, open_bundle(vault, request), request)
    pages = {}
    for demo in (False, True):
        pdf = sar_pdf(doc, demo=demo)
        assert pdf.startswith(b"%PDF")
        prefix = tmp_path / f"demo-{demo}"
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-", str(prefix)], input=pdf, check=True)
        pages[demo] = next(tmp_path.glob(f"demo-{demo}*.png")).read_bytes()
    # The watermark is drawn across every page: the rendered pages differ.
    assert pages[False] != pages[True]


def test_names_match_whole_words_not_prefixes(vault: Vault) -> None:
    child = vault.children.add(Child(given_names="Leo", family_name="Elphick", date_of_birth=date(2016, 4, 17)))
    adult = vault.adults.add(Adult(given_names="Róisín", family_name="Elphick", aliases=["R. Elphick"]))
    near = _concern(
        vault, child.record_id, "Leo walked home along Ferry Road with his brother Elphicks.", date(2025, 5, 1)
    )
    named = _concern(vault, child.record_id, "Collected by R. Elphick at 15:30.", date(2025, 5, 2))
    found = {r.record_id for r in records_naming(vault, adult.record_id)}
    assert named.record_id in found
    assert near.record_id not in found and child.record_id not in found
