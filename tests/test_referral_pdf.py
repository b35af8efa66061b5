"""The referral PDF: its text holds the children, the concerns and each consent answer; typed text prints as typed."""

from __future__ import annotations

import shutil
import subprocess  # nosec B404 - runs pdftotext on a PDF the test made
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from safeguard_desktop.pdf.referral import age_text, referral_pdf
from safeguard_desktop.referral.snapshot import CallDoc, ReferralDocument, build_document
from safeguard_desktop.vault.session import Vault
from tests.referral.family import PARTNER_SURNAME, make_family

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")


def _text(pdf: bytes, tmp_path: Path, *, layout: bool = True) -> str:
    path = tmp_path / "referral.pdf"
    path.write_bytes(pdf)
    args = ["pdftotext", "-enc", "UTF-8", "-layout" if layout else "-raw", str(path), "-"]
    result = subprocess.run(args, capture_output=True, check=True)  # nosec B603 B607
    return " ".join(result.stdout.decode("utf-8").split())


@pytest.fixture
def document(vault: Vault) -> ReferralDocument:
    return build_document(vault, make_family(vault).referral)


def test_the_pdf_holds_the_children_concerns_and_every_consent_answer(document: ReferralDocument, tmp_path: Path):
    pdf = referral_pdf(document)
    text = _text(pdf, tmp_path)

    assert "OFFICIAL-SENSITIVE" in text and "Page 1 of" in text
    assert text.index("RESPONSE NEEDED TODAY") < text.index("Child 1: Posy Ellingham")
    assert "MASH-2611-0042" in text
    for child in ("Posy Ellingham", "Rafe Ellingham"):
        assert child in text
    assert "401 023 2137" in text and "K931200012345" in text and "01/05/2019 (age 7 years)" in text
    assert "Neglect, Domestic abuse" in text and "threw a plate" in text and "Kieran hit mummy" in text
    assert "Tammy Ward" in text and "Flat 3, 22 Mill Lane, Banbury, OX16 5TN" in text  # alias, previous address
    # Each consent answer in words: the mother was aware, did not consent, because asking increases risk.
    assert "Tamsin Ellingham Yes Yes No Seeking consent would increase the risk to the child" in text
    assert "Gareth Pennock Yes No Not known Could not be contacted" in text
    assert "Level 4" in text and "Neglect screening" in text and "Team Around the Family" in text
    assert "letter.txt" in text and document.referrer.contact in text


def test_typed_markup_prints_exactly_as_typed(document: ReferralDocument, tmp_path: Path):
    text = _text(referral_pdf(document), tmp_path)
    assert f"Kieran {PARTNER_SURNAME}" in text
    assert "<b>" in text and "&amp;" not in text


def test_immediate_danger_and_the_999_call_come_first(document: ReferralDocument, tmp_path: Path):
    call = CallDoc(called_at=datetime(2026, 11, 24, 9, 40, tzinfo=UTC), spoke_to="PC Ahmed", advice="", reference="")
    urgent = document.model_copy(update={"immediate_danger": True, "police_call": call})
    text = _text(referral_pdf(urgent), tmp_path)
    assert text.index("IMMEDIATE DANGER: police called on 999") < text.index("RESPONSE NEEDED TODAY")
    assert "Called 24/11/2026 09:40; spoke to PC Ahmed." in text


def test_a_demo_pdf_is_watermarked(document: ReferralDocument, tmp_path: Path):
    assert "DEMO—MADE-UPRECORDS" in _text(referral_pdf(document, demo=True), tmp_path, layout=False).replace(" ", "")
    assert "DEMO" not in _text(referral_pdf(document), tmp_path, layout=False).replace(" ", "")


@pytest.mark.parametrize(
    ("born", "on", "expected"),
    [
        ("2019-05-01", "2026-11-26", "7 years"),
        ("2019-11-27", "2026-11-26", "6 years"),
        ("2025-11-26", "2026-11-26", "12 months"),
        ("2026-10-26", "2026-11-26", "1 month"),
        ("2026-10-27", "2026-11-26", "under 1 month"),
    ],
)
def test_ages_count_whole_years_and_months(born: str, on: str, expected: str):
    assert age_text(date.fromisoformat(born), date.fromisoformat(on)) == expected


def test_details_stated_not_known_are_printed_with_their_reasons(vault: Vault, tmp_path: Path):
    from tests.referral.test_snapshot import _stated_not_known

    text = _text(referral_pdf(build_document(vault, _stated_not_known(vault))), tmp_path, layout=False)
    rafe = text[text.index("Child 2: Rafe Ellingham") :]
    assert "Not known: Address Not known. Reason: <b>Moving</b> between B&Bs" in rafe
    assert "Not known: NHS number and UPN Not known. Reason: Not registered with a GP yet" in rafe
    assert "Said before the record was corrected" not in text  # Posy's address is recorded
