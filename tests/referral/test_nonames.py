"""A no-names consultation summary identifies nobody, and the check catches every kind of identifier."""

from __future__ import annotations

import json
import re

import pytest

from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.referral.nonames import identifiers_found, no_names_summary
from safeguard_desktop.referral.snapshot import ReferralDocument, build_document
from safeguard_desktop.vault.session import Vault
from tests.referral.family import MOTHER_PHONE, make_family

# Everything in the made-up family that would identify someone, as it might be written.
IDENTIFIERS = [
    "Posy",
    "Rafe",
    "Ellingham",
    "Posy Ward",
    "Tamsin",
    "Tammy",
    "Ward",
    "Gareth",
    "Pennock",
    "Gaz",
    "Kieran",
    "Kez",
    "O'Brien",
    "Sons",
    "Amara",
    "Osei",
    "Larch Close",
    "Cowley",
    "Mill Lane",
    "Banbury",
    "OX4 7QZ",
    "OX16 5TN",
    "401 023 2137",
    "4010232137",
    "4857773457",
    "485 777 3457",
    "K931200012345",
    "01/05/2019",
    "2019-05-01",
    "14/02/1992",
    "07700 900123",
    "01865 240000",
    "a.osei@example.nhs.uk",
    "Hollybush",
    "Larkspur",
    "Acorn Day Nursery",
]


@pytest.fixture
def document(vault: Vault) -> ReferralDocument:
    return build_document(vault, make_family(vault).referral)


def test_the_summary_contains_none_of_the_identifiers(document: ReferralDocument):
    summary = no_names_summary(document)

    assert identifiers_found(summary, document) == []
    for identifier in IDENTIFIERS:
        assert not re.search(rf"(?<!\w){re.escape(identifier)}(?!\w)", summary, re.IGNORECASE), identifier
    assert not re.search(r"\d{3}\s?\d{3}\s?\d{4}", summary)
    # Still useful to LCSS: roles, ages, the concern and the child's voice in scrubbed form.
    assert "Child A (age 7 years)" in summary and "Child B (age 5 years)" in summary
    assert "Mother (age 34 years)" in summary and "Partner of a parent" in summary
    assert "Domestic abuse" in summary and "threw a plate" in summary
    assert "Child A said Partner of a parent shouted at Mother" in summary
    assert "[postcode removed]" in summary and "[NHS number removed]" in summary and "[UPN removed]" in summary
    assert "[date of birth removed]" in summary and "[phone number removed]" in summary


def test_the_check_finds_each_kind_of_identifier_when_planted(document: ReferralDocument):
    clean = no_names_summary(document)
    planted = {
        "name": "Seen with posy at the gate.",
        "alias": "Kez came to collect.",
        "other name": "Known at nursery as POSY WARD.",
        "previous address": "She used to live at 22 Mill Lane.",
        "postcode (known)": "Moved from OX16 5TN.",
        "postcode (any)": "Now at SW1A 2AA.",
        "postcode (no space)": "Now at ox47qz.",
        "NHS number 3-3-4": "NHS 401 023 2137.",
        "NHS number plain": "NHS 4857773457.",
        "NHS number, any": "NHS 943-476-5919.",
        "UPN": "UPN K931200012345.",
        "UPN, any": "UPN N931200054321.",
        "DOB dd/mm/yyyy": "Born 1/5/2019.",
        "DOB ISO": "Born 2019-05-01.",
        "DOB in words": "Born 1st May 2019.",
        "adult DOB": "Mum's birthday is 14/02/1992.",
        "phone": f"Ring {MOTHER_PHONE}.",
        "phone, international": "Ring +44 7700 900456.",
        "email": "Email tamsin.e@example.com.",
        "school": "From Larkspur Community School.",
        "GP": "Registered at Hollybush Surgery.",
        "unusual name": "Letter to <b>O'Brien & Sons</b>.",
    }
    for what, sentence in planted.items():
        assert identifiers_found(clean + sentence, document), what


def test_ordinary_text_passes_the_check(document: ReferralDocument):
    text = "Concern on 24/11/2026 at 09:10; level 4; 3 visits since March; call back within 24 hours."
    assert identifiers_found(text, document) == []


def test_a_summary_that_cannot_be_cleaned_is_refused(document: ReferralDocument):
    # A name that is also a word the summary itself uses cannot be removed from the wording.
    child = document.children[0].model_copy(update={"name": "Concerns Child", "given_names": "Concerns"})
    awkward = document.model_copy(update={"children": [child, *document.children[1:]]})
    with pytest.raises(DomainError, match="identifiers"):
        no_names_summary(awkward)


def test_a_shortened_chronology_summary_loses_its_cut_off_word(document: ReferralDocument):
    # A chronology summary cut at 200 characters could end in part of a number or name.
    row = document.chronology[0].model_copy(update={"summary": "Seen with mum; NHS 401 02…"})
    shortened = document.model_copy(update={"chronology": [row]})
    summary = no_names_summary(shortened)
    assert "Seen with mum; NHS …" in summary and "401" not in summary and "02…" not in summary


def test_a_no_names_packet_carries_only_the_checked_summary(vault: Vault, tmp_path):
    import subprocess

    from safeguard_desktop.referral.assemble import assemble
    from safeguard_desktop.referral.model import Destination

    family = make_family(vault)
    consult = family.referral.data.model_copy(update={"destination": Destination.LCSS_NO_NAMES})
    stored = vault.referrals.amend(family.referral.record_id, consult, "A no-names consultation first")
    contents = assemble(vault, stored)

    (tmp_path / "c.pdf").write_bytes(contents.referral_pdf)
    pdf_text = subprocess.run(
        ["pdftotext", str(tmp_path / "c.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    shared = " ".join([contents.referral_json.decode(), pdf_text, contents.chronology_csv.decode("utf-8-sig")])
    document = build_document(vault, stored)
    # The practitioner consulting says who they are and where from, as on the phone to LCSS;
    # nothing else in what is shared may identify anyone.
    referrer = {f"name: {vault.practitioner.name}", f"organisation: {vault.practitioner.organisation}"}
    found = identifiers_found(shared, document)
    assert set(found) <= referrer, found
    assert vault.practitioner.name in pdf_text
    assert contents.attachments == []
    assert json.loads(contents.referral_json)["summary"] == no_names_summary(document)


def test_a_number_cut_short_is_still_caught_and_never_left_in_a_shortened_line(document: ReferralDocument):
    assert identifiers_found("The social worker noted NHS 401 023 …", document)
    assert identifiers_found("Mum's mobile: 07700 90", document)
    summary = no_names_summary(document)
    assert "401 023" not in summary and "4010" not in summary
