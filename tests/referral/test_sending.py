"""Recording a sent packet (`sending.record_sent`), and the attachment names a packet lists and carries.

The referral is assembled from a real vault and built into a real packet; what is recorded is
read back from the vault: the kept bytes, the SENT version, the chronology and the audit chain.
"""

from __future__ import annotations

import io
import json
import subprocess
import zipfile

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.referral.assemble import assemble
from safeguard_desktop.referral.model import Referral, ReferralStatus
from safeguard_desktop.referral.packet import BuiltPacket, build_packet
from safeguard_desktop.referral.sending import ReferralChanged, kept_packet, record_sent
from safeguard_desktop.referral.verify import verify_packet
from safeguard_desktop.vault.session import Vault
from tests.referral.family import make_family
from tests.referral.test_packet import make_cert


@pytest.fixture(scope="module")
def signer():
    key = ec.generate_private_key(ec.SECP256R1())
    return key, make_cert(key, "Harriet Okonkwo-Bell")


def _build(vault: Vault, stored, signer) -> BuiltPacket:
    key, cert = signer
    return build_packet(assemble(vault, stored), signer_key=key, signer_cert=cert)


def _audit(vault: Vault) -> list[tuple[str, str, str]]:
    return vault._ctx.conn.execute(
        "SELECT action, record_id, digest FROM audit WHERE action LIKE 'export.referral%' ORDER BY seq"
    ).fetchall()


def _state(vault: Vault, record_id) -> tuple[int, int, int]:
    """What sending changes: attachment count, the referral's versions, exports logged."""
    return vault.attachments.count(), len(vault.referrals.history(record_id)), len(_audit(vault))


def test_record_sent_keeps_the_packet_marks_sent_puts_it_in_the_chronology_and_logs_it(vault, signer):
    family = make_family(vault)
    built = _build(vault, family.referral, signer)
    stored = record_sent(vault, family.referral, built, route="MASH portal", portal_reference=" MASH-2611-0042 ")
    referral = vault.referrals.get(family.referral.record_id)
    assert referral.version_id == stored.version_id and referral.reason == "Sent"
    sent = referral.data.sent
    assert referral.data.status is ReferralStatus.SENT and sent is not None
    assert (sent.packet_id, sent.sha256, sent.route, sent.portal_reference) == (
        built.packet_id,
        built.sha256,
        "MASH portal",
        "MASH-2611-0042",
    )
    assert sent.encrypted_to == ""  # not encrypted, so no certificate is named
    assert vault.attachments.read_bytes(sent.attachment_id) == built.data
    meta = vault.attachments.get(sent.attachment_id).data
    assert meta.linked_record_id == family.referral.record_id and meta.media_type == "application/zip"
    assert kept_packet(vault, referral) == (built.file_name, built.data)
    assert vault.timeline.search(built.packet_id), "the packet id is not in the chronology"
    assert _audit(vault) == [("export.referral.packet", str(family.referral.record_id), built.sha256)]
    assert vault.check().ok


def test_a_packet_made_from_an_older_version_is_refused_and_nothing_is_kept(vault, signer):
    family = make_family(vault)
    built = _build(vault, family.referral, signer)
    changed = family.referral.data.model_copy(update={"child_voice": "Posy said she was frightened."})
    vault.referrals.amend(family.referral.record_id, Referral.model_validate(changed.model_dump()), "Typo")
    before = _state(vault, family.referral.record_id)
    with pytest.raises(ReferralChanged, match="changed after this packet was made"):
        record_sent(vault, family.referral, built, route="MASH portal")
    assert _state(vault, family.referral.record_id) == before
    assert vault.referrals.get(family.referral.record_id).data.status is ReferralStatus.DRAFT


def test_a_referral_already_sent_is_not_sent_again(vault, signer):
    family = make_family(vault)
    first = _build(vault, family.referral, signer)
    sent = record_sent(vault, family.referral, first, route="Secure email")
    second = _build(vault, sent, signer)
    before = _state(vault, family.referral.record_id)
    with pytest.raises(ReferralChanged, match="already been sent"):
        record_sent(vault, sent, second, route="Secure email")
    assert _state(vault, family.referral.record_id) == before
    assert vault.referrals.get(family.referral.record_id).data.sent.packet_id == first.packet_id


def test_a_packet_that_cannot_be_written_leaves_nothing_recorded(vault, signer, tmp_path):
    family = make_family(vault)
    built = _build(vault, family.referral, signer)
    before = _state(vault, family.referral.record_id)
    with pytest.raises(OSError):
        record_sent(vault, family.referral, built, route="Secure email", path=tmp_path / "no-such-folder" / "p.zip")
    assert _state(vault, family.referral.record_id) == before
    assert vault.referrals.get(family.referral.record_id).data.status is ReferralStatus.DRAFT


def test_the_file_written_is_the_packet_kept(vault, signer, tmp_path):
    family = make_family(vault)
    built = _build(vault, family.referral, signer)
    target = tmp_path / built.file_name
    record_sent(vault, family.referral, built, route="Secure upload", path=target)
    assert target.read_bytes() == built.data
    assert kept_packet(vault, vault.referrals.get(family.referral.record_id))[1] == built.data
    assert len(_audit(vault)) == 1  # written and logged once, not twice


def test_a_route_is_required(vault, signer):
    family = make_family(vault)
    with pytest.raises(SafeguardError, match="route"):
        record_sent(vault, family.referral, _build(vault, family.referral, signer), route="  ")


def test_a_draft_has_no_kept_packet(vault):
    family = make_family(vault)
    with pytest.raises(SafeguardError, match="not been sent"):
        kept_packet(vault, family.referral)


# -- the names the referral lists are the names in the ZIP --------------------------------------


def test_attachment_names_in_the_json_and_pdf_are_the_names_in_the_zip(vault, signer, tmp_path):
    family = make_family(vault)
    child = family.referral.data.child_ids[0]
    awkward = ["Café photo?.jpg", "IMG 0001.jpg", "img 0001.JPG", "COM0.txt", "=cmd() O'Brien & Sons.pdf"]
    ids = [
        vault.attachments.add_bytes(name, f"file {n}".encode(), "application/octet-stream", child_id=child).record_id
        for n, name in enumerate(awkward)
    ]
    data = family.referral.data.model_dump()
    data["attachment_ids"] = [*family.referral.data.attachment_ids, *ids]
    stored = vault.referrals.amend(family.referral.record_id, Referral.model_validate(data), "More files")
    built = _build(vault, stored, signer)
    verify_packet(built.data)
    with zipfile.ZipFile(io.BytesIO(built.data)) as zf:
        in_zip = [n.removeprefix("attachments/") for n in zf.namelist() if n.startswith("attachments/")]
        listed = [a["filename"] for a in json.loads(zf.read("referral.json"))["attachments"]]
        pdf = zf.read("referral.pdf")
        by_name = {n: zf.read("attachments/" + n) for n in in_zip}
    assert listed == in_zip and len(in_zip) == len(awkward) + 1
    assert by_name[listed[-5]] == b"file 0" and listed[-2].startswith("file_COM0")
    (tmp_path / "referral.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "referral.pdf"), "-"], capture_output=True, text=True)
    flat = "".join(text.stdout.split())
    for name in in_zip:
        assert name in flat, name
