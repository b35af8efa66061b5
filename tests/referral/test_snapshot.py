"""The referral document: every field the MASH asks for, read from the records, valid against its schema."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from safeguard_desktop.domain.concern import Concern
from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.referral.assemble import assemble
from safeguard_desktop.referral.schema import SCHEMA_PATH, main, referral_schema, schema_text
from safeguard_desktop.referral.snapshot import build_document, canonical_json
from safeguard_desktop.vault.session import Vault
from tests.referral.family import ACCOUNT, HOME, OLD_FLAT, PARTNER_SURNAME, POSY_NHS, POSY_UPN, make_family


@pytest.fixture
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_the_document_carries_every_referral_field_from_the_current_records(vault: Vault, validator):
    family = make_family(vault)
    # A correction after the referral was drafted is what the document shows: current versions.
    corrected = family.posy.data.model_copy(update={"religion": "Church of England"})
    vault.children.amend(family.posy.record_id, corrected, "Mother corrected the religion")

    doc = build_document(vault, family.referral)

    assert doc.format_version == 1 and doc.destination == "mash" and doc.referral_id == family.referral.record_id
    posy, rafe = doc.children
    assert (posy.name, posy.other_names, posy.date_of_birth) == ("Posy Ellingham", ["Posy Ward"], date(2019, 5, 1))
    assert (posy.gender, posy.ethnicity, posy.religion) == ("Female", "White British", "Church of England")
    assert (posy.first_language, posy.disability_send, posy.gp) == (
        "English",
        "Speech and language support",
        "Hollybush Surgery",
    )
    assert (posy.upn, posy.nhs_number, posy.school_or_setting) == (POSY_UPN, POSY_NHS, "Larkspur Community School")
    assert posy.address is not None and posy.address.postcode == HOME.postcode
    assert [(s.status, s.since) for s in posy.current_status] == [("Early Help", date(2026, 3, 2))]
    assert (posy.safe_tonight, posy.where_now) == ("no", "At school until 15:15")
    assert rafe.interpreter_needed is True and rafe.safe_tonight == "unknown"

    mother = doc.adult(family.mother.record_id)
    partner = doc.adult(family.partner.record_id)
    assert mother is not None and partner is not None
    assert mother.aliases == ["Tammy Ward"] and mother.date_of_birth == date(1992, 2, 14)
    assert [a.one_line() for a in mother.previous_addresses] == [OLD_FLAT.one_line()]
    assert {(link.relationship, link.parental_responsibility, link.lives_in_home) for link in mother.relationships} == {
        ("Mother", True, True)
    }
    assert len(mother.relationships) == 2  # one per child: the adult is shared, not copied
    assert partner.family_name == PARTNER_SURNAME
    assert not any(link.parental_responsibility for link in partner.relationships)
    assert [(p.name, p.role, p.email) for p in doc.professionals] == [("Dr Amara Osei", "GP", "a.osei@example.nhs.uk")]

    assert doc.response_today and doc.mash_call is not None and doc.mash_call.reference == "MASH-2611-0042"
    assert (doc.mental_health, doc.domestic_abuse, doc.substance_misuse) == ("yes", "yes", "unknown")
    (concern,) = doc.concerns
    assert concern.account == ACCOUNT and concern.categories == ["Neglect", "Domestic abuse"]
    assert [c.roles for c in concern.children] == [["Victim or subject"], ["Witness"]]
    assert {r.record_id for r in doc.chronology} >= {family.concern.record_id, family.decision.record_id}
    (screening,) = doc.screenings
    assert screening.summary.startswith("Neglect screening") and all(a.grade == 3 for a in screening.areas)
    assert doc.decision is not None and doc.decision.level == 4 and "edition" in doc.decision.guide
    consents = {c.name: c for c in doc.consents}
    assert (
        consents["Tamsin Ellingham"].reason_not == "increase_risk"
        and consents["Tamsin Ellingham"].parental_responsibility
    )
    assert consents["Gareth Pennock"].aware == "no"
    assert doc.referrer.name == vault.practitioner.name and doc.referrer.contact == vault.practitioner.contact
    assert [a.filename for a in doc.attachments] == ["letter.txt"]

    validator.validate(json.loads(canonical_json(doc)))


def test_canonical_json_is_stable_and_round_trips(vault: Vault):
    family = make_family(vault)
    doc = build_document(vault, family.referral)
    raw = canonical_json(doc)
    assert raw == canonical_json(type(doc).model_validate_json(raw))
    assert b"\n" not in raw and PARTNER_SURNAME.encode() in raw  # typed text kept exactly, unescaped


def test_the_schema_refuses_a_document_missing_a_field_or_with_an_unknown_one(vault: Vault, validator):
    data = json.loads(canonical_json(build_document(vault, make_family(vault).referral)))
    validator.validate(data)
    without = {k: v for k, v in data.items() if k != "consents"}
    assert not validator.is_valid(without)
    assert not validator.is_valid(data | {"surprise": 1})
    child = data["children"][0] | {"nhs_number": 4010232137}
    assert not validator.is_valid(data | {"children": [child]})


def test_a_withdrawn_concern_is_refused_not_sent(vault: Vault):
    family = make_family(vault)
    vault.concerns.withdraw(family.concern.record_id, "Recorded on the wrong child")
    with pytest.raises(DomainError, match="withdrawn"):
        build_document(vault, family.referral)


def test_assembled_contents_hold_the_json_pdf_csv_and_attachments(vault: Vault):
    family = make_family(vault)
    contents = assemble(vault, family.referral)
    assert contents.referral_id == str(family.referral.record_id) and contents.destination == "mash"
    assert contents.sender.name == vault.practitioner.name and contents.audit_head == vault.audit_head()
    assert json.loads(contents.referral_json)["referral_id"] == str(family.referral.record_id)
    assert contents.referral_pdf.startswith(b"%PDF")
    rows = list(csv.reader(io.StringIO(contents.chronology_csv.decode("utf-8-sig"))))
    assert rows[0][0] == "Date" and len(rows) - 1 == len(family.referral.data.chronology)
    assert [(a.name, a.data, a.media_type) for a in contents.attachments] == [
        ("letter.txt", b"A letter from the nursery.", "text/plain")
    ]
    assert contents.demo is False


def test_the_chronology_csv_neutralises_formulas(vault: Vault):
    family = make_family(vault)
    concern = family.concern.data.model_copy(update={"account": '=HYPERLINK("http://example.invalid")'})
    vault.concerns.amend(family.concern.record_id, Concern.model_validate(concern.model_dump()), "Typo")
    text = assemble(vault, family.referral).chronology_csv.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


def test_the_published_schema_is_the_one_the_model_generates(tmp_path: Path):
    published = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert published == referral_schema(), (
        "docs/referral.schema.json is out of date: run python -m safeguard_desktop.referral.schema"
    )
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text()
    target = tmp_path / "schema.json"
    assert main([str(target)]) == 0 and target.read_text(encoding="utf-8") == schema_text()


def _stated_not_known(vault: Vault):
    """Two siblings referred; the second's record lacks an address, an NHS number or UPN and a gender."""
    from safeguard_desktop.referral.model import Destination, NotKnown, NotKnownField, Referral, ReferralChild
    from tests.referral import wizard_family

    family = wizard_family.make_family(vault)
    stated = [
        NotKnown(child_id=family.rafe, field=NotKnownField.ADDRESS, reason="<b>Moving</b> between B&Bs"),
        NotKnown(child_id=family.rafe, field=NotKnownField.NHS_NUMBER, reason="Not registered with a GP yet"),
        # Posy's address is recorded: a statement made before it was added is not sent.
        NotKnown(child_id=family.posy, field=NotKnownField.ADDRESS, reason="Said before the record was corrected"),
    ]
    referral = Referral(
        destination=Destination.MASH,
        children=[ReferralChild(child_id=family.posy), ReferralChild(child_id=family.rafe)],
        referrer=vault.practitioner,
        not_known=stated,
    )
    return vault.referrals.add(referral)


def test_details_stated_not_known_travel_with_their_reasons_per_child(vault: Vault, validator):
    doc = build_document(vault, _stated_not_known(vault))
    posy, rafe = doc.children
    assert posy.not_known == []
    assert [(n.field, n.label, n.reason) for n in rafe.not_known] == [
        ("address", "Address", "<b>Moving</b> between B&Bs"),
        ("nhs_number", "NHS number and UPN", "Not registered with a GP yet"),
    ]
    assert not list(validator.iter_errors(json.loads(canonical_json(doc))))
