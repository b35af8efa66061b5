"""The referral record: draft, sent with its packet, outcome; chronology rows and the chase."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from safeguard_desktop.domain.people import Adult, Child
from safeguard_desktop.referral.model import (
    Destination,
    MashDecision,
    Referral,
    ReferralChild,
    ReferralStatus,
    SentPacket,
    Tristate,
    working_days_after,
)
from safeguard_desktop.vault.session import Vault

SENT_AT = datetime(2026, 11, 20, 15, 45, tzinfo=UTC)  # a Friday
DIGEST = "ab" * 32


@pytest.fixture
def siblings(vault: Vault):
    a = vault.children.add(Child(given_names="Posy", family_name="Ellingham", date_of_birth=date(2019, 5, 1)))
    b = vault.children.add(Child(given_names="Rafe", family_name="Ellingham", date_of_birth=date(2021, 9, 3)))
    return a, b


def _draft(vault: Vault, children) -> Referral:
    return Referral(
        destination=Destination.MASH,
        children=[
            ReferralChild(child_id=c.record_id, safe_tonight=Tristate.NO, where_now="At school") for c in children
        ],
        referrer=vault.practitioner,
        child_voice="Posy said she does not want to go home tonight.",
    )


def test_a_sent_referral_shows_in_each_childs_chronology_with_its_packet_and_asks_to_be_chased(vault, siblings):
    stored = vault.referrals.add(_draft(vault, siblings))
    assert vault.timeline.rows(siblings[0].record_id) == []  # a draft is not yet in the chronology

    packet = SentPacket(packet_id="SGP-0001", sha256=DIGEST, sent_at=SENT_AT, route="MASH portal")
    sent = stored.data.model_copy(update={"status": ReferralStatus.SENT, "sent": packet})
    vault.referrals.amend(stored.record_id, sent, "Sent through the portal")

    for child in siblings:
        (row,) = vault.timeline.rows(child.record_id)
        assert "Packet SGP-0001" in row.summary and DIGEST in row.summary
    due = vault.timeline.due(date(2026, 12, 31))
    assert {d.due for d in due} == {date(2026, 11, 25)}  # three working days after a Friday
    assert all("escalate" in d.what for d in due)

    outcome = sent.model_copy(
        update={
            "status": ReferralStatus.OUTCOME,
            "mash_decision": MashDecision(received_on=date(2026, 11, 24), outcome="Strategy discussion held."),
        }
    )
    vault.referrals.amend(stored.record_id, outcome, "MASH decision received")
    assert vault.timeline.due(date(2026, 12, 31)) == []
    assert [r.categories for r in vault.timeline.rows(siblings[1].record_id)] == [("Referral",), ("Referral outcome",)]
    assert vault.check().ok


def test_consent_not_given_needs_its_reason_and_sent_needs_its_packet(vault, siblings):
    mother = vault.adults.add(Adult(given_names="Tamsin", family_name="Ellingham"))
    refused = {"adult_id": mother.record_id, "aware": "yes", "consented": "no"}
    with pytest.raises(ValidationError, match="why consent"):
        Referral.model_validate(_draft(vault, siblings).model_dump() | {"consents": [refused]})
    given = Referral.model_validate(
        _draft(vault, siblings).model_dump() | {"consents": [refused | {"reason_not": "increase_risk"}]}
    )
    assert given.consents[0].reason_not is not None
    with pytest.raises(ValidationError, match="packet"):
        Referral.model_validate(_draft(vault, siblings).model_dump() | {"status": "sent"})


def test_working_days_skip_the_weekend():
    assert working_days_after(date(2026, 11, 20), 3) == date(2026, 11, 25)
    assert working_days_after(date(2026, 11, 23), 1) == date(2026, 11, 24)


def test_a_detail_stated_not_known_needs_a_reason_a_referred_child_and_is_stated_once(siblings):
    from safeguard_desktop.domain.practitioner import Practitioner
    from safeguard_desktop.referral.model import NotKnown, NotKnownField

    a, b = siblings[0].record_id, siblings[1].record_id
    who = Practitioner(name="Ada Quell", role="DSL", organisation="Larkspur School", contact="01865 000000")
    base = {"destination": Destination.MASH, "children": [ReferralChild(child_id=a)], "referrer": who}
    stated = NotKnown(child_id=a, field=NotKnownField.ADDRESS, reason="Sofa-surfing since the eviction")
    referral = Referral(**base, not_known=[stated])
    assert referral.not_known_of(a) == {NotKnownField.ADDRESS: "Sofa-surfing since the eviction"}
    assert referral.not_known_of(b) == {}
    with pytest.raises(ValidationError):
        NotKnown(child_id=a, field=NotKnownField.GENDER, reason="   ")
    with pytest.raises(ValidationError, match="once"):
        Referral(**base, not_known=[stated, stated.model_copy(update={"reason": "Again"})])
    with pytest.raises(ValidationError, match="child referred"):
        Referral(**base, not_known=[stated.model_copy(update={"child_id": b})])
    with pytest.raises(ValidationError):
        NotKnown(child_id=a, field="date_of_birth", reason="Not a field that can be stated unknown")
