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


# Free text as someone might type it to get round the check: every one identifies the made-up family.
TYPED_TO_SLIP_THROUGH = [
    # Names: possessive, initial, across a line, shouting, without an apostrophe, hidden characters.
    "Posy's coat was wet.",
    "Letter for P. Ellingham.",
    "Seen with Posy\nEllingham.",
    "ELLINGHAM family.",
    "Kieran Obrien came in.",
    "Po\u00adsy said (soft hyphen).",
    "Po\u200bsy said (zero-width space).",
    "Po\u0301sy said (a combining accent).",
    # The school, GP and organisation by their distinctive word alone.
    "She attends Larkspur.",
    "Registered at Hollybush.",
    "Seen at Larkspur School on Monday.",
    "Hollybush's nurse rang.",
    "Rafe goes to Acorn three days a week.",
    # The address by its street alone, from a line that starts "Flat 3, 22".
    "She used to live on Mill Lane.",
    # The children's own NHS numbers and UPN, grouped any way, split across lines.
    "Her NHS number is 401 0232 137.",
    "NHS number is 4010232 137",
    "nhs no. 401/023/2137",
    "ref 401.023.2137",
    "4 0 1\n0 2 3\n2 1 3 7",
    "40102 32137",
    "485-777-3457",
    "UPN: K9312 0001 2345",
    "k 9312-0001-2345",
    # Dates of birth in the forms people write them.
    "Born 01052019.",
    "Born 010519.",
    "20190501",
    "Born on 1 May '19.",
    "1st May 2019",
    "01.05.19",
    "1/5/19",
    "01 05 2019",
    "May 1st, 2019",
    "1-May-2019",
    "the 1st of May 2019",
    "born in May 2019",
    "Mum was born 14.2.92.",
    "14th February 1992",
    # Anyone's date of birth when it is said to be one, known to the record or not.
    "Baby's DOB 3/6/26.",
    "Her new baby was born on 3rd June.",
    "date of birth: 12.12.2012",
    # Phone numbers, known and any.
    "Mum's mobile 07700900 123",
    "Mum's mobile +44 7700 900 123",
    "Mum's mobile 0044 7700 900123",
    "Mum's mobile 0 7 7 0 0 9 0 0 1 2 3",
    "Mum's mobile (07700) 900-123",
    "Mum's mobile number is 07 700 900 999",
    "NHS no: 943 476 5919",
    "UPN - A123456789012",
    "Email tamsin.e (at) example (dot) com",
    "tamsin at example dot co dot uk",
]


@pytest.mark.parametrize("text", TYPED_TO_SLIP_THROUGH)
def test_identifiers_typed_to_slip_through_are_caught(document: ReferralDocument, text: str):
    assert identifiers_found(text, document), text


ORDINARY = [
    "Concern on 24/11/2026 at 09:10; level 4; 3 visits since March; call back within 24 hours.",
    "Seen at school on Monday by the school nurse; the GP surgery and health visitor were told.",
    "The GP practice met the family in May 2021 and again on 1st May 2020.",
    "Reviewed on 01/05/2026 at the community centre.",
    "Chronology 2026-11-24 09:10: domestic abuse; meeting 24/11/2026 09:10 to 10:30.",
    "3 of 5 visits, 12 miles, 40 minutes; the phone was broken.",
    "Child A was born too early; nursery staff said she was hungry.",
    "Early Help since 02/03/2026 with the Day Nursery and the Community School.",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_words_places_and_dates_are_not_identifiers(document: ReferralDocument, text: str):
    assert identifiers_found(text, document) == []


def test_each_slip_is_scrubbed_out_of_the_summary_whole(vault: Vault):
    # The reviewer's end-to-end case: typed into the child's voice, none of it may reach LCSS,
    # not even the tail of a number left over once its label was blanked.
    family = make_family(vault)
    voice = (
        "She said she likes Larkspur and Dr Osei at Hollybush. nhs no. 401/023/2137. Her NHS number "
        "is 401 0232 137. Born 01052019. Po\u0301sy's UPN is K9312 0001\n2345; mum is on +44 7700 900123."
    )
    referral = family.referral.data.model_copy(update={"child_voice": voice})
    stored = vault.referrals.amend(family.referral.record_id, referral, "The child's words in full")
    document = build_document(vault, stored)
    summary = no_names_summary(document)
    line = next(x for x in summary.splitlines() if x.startswith("The child's voice"))
    for leaked in ("Larkspur", "Hollybush", "Osei", "401", "0232", "023", "2137", "01052019", "9312", "2345", "7700"):
        assert leaked not in line, (leaked, line)
    assert "[organisation removed]" in line and "[date of birth removed]" in line and "Child A" in line
    assert identifiers_found(summary, document) == []


def test_a_name_recorded_with_accents_is_found_typed_without_them(document: ReferralDocument):
    child = document.children[0].model_copy(update={"name": "Zoë Ellingham", "given_names": "Zoë"})
    accented = document.model_copy(update={"children": [child, *document.children[1:]]})
    assert identifiers_found("Zoe said", accented) == ["name: Zoe"]
    assert identifiers_found("Zoë said", accented) == ["name: Zoë"]
    assert "Zoe" not in no_names_summary(accented.model_copy(update={"child_voice": "Zoe and ZOË said no."}))


def test_a_place_is_found_by_its_distinctive_words_not_its_everyday_ones(document: ReferralDocument):
    child = document.children[0].model_copy(
        update={"school_or_setting": "Cherry Tree Primary School", "gp": "Cherwell Valley Medical Practice"}
    )
    places = document.model_copy(update={"children": [child, *document.children[1:]]})
    assert identifiers_found("She is at Cherry\nTree now.", places) == ["school or GP: Cherry Tree"]
    assert identifiers_found("Registered at Cherwell.", places) == ["school or GP: Cherwell"]
    # Everyday words of a place's name, and its generic words, are not identifiers on their own.
    assert identifiers_found("She climbed a cherry tree near the valley; the primary school rang.", places) == [
        "school or GP: cherry tree"
    ]
    assert (
        identifiers_found("She climbed a tree in the valley; the primary school and medical practice rang.", places)
        == []
    )
