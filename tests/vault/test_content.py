"""Installing guide editions into the vault: all checks first, then row and audit event together."""

from __future__ import annotations

import json
from datetime import date

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.people import Child
from safeguard_desktop.domain.ukdates import utc_now
from safeguard_desktop.errors import RecordNotFound, VaultDamaged
from safeguard_desktop.thresholds import library
from safeguard_desktop.thresholds.decision import Consent, ThresholdDecision
from safeguard_desktop.thresholds.guide import Action
from safeguard_desktop.thresholds.library import current_guide, editions, guide_for, shipped_guide
from safeguard_desktop.thresholds.packs import (
    AlreadyInstalled,
    DifferentGuide,
    InvalidContent,
    NotAPack,
    OlderEdition,
    PackParts,
    PackRefused,
    Tampered,
    UntrustedSigner,
    install_pack,
    sign_pack,
)
from safeguard_desktop.vault.connection import DatabaseError
from tests.conftest import tamper
from tests.thresholds.test_packs import pretty, revised, tampered, unzip, zip_parts


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def _rows(vault) -> int:
    return vault._ctx.conn.execute("SELECT count(*) FROM content_editions").fetchone()[0]


def _signed(key, guide) -> bytes:
    return sign_pack(pretty(guide), key)


def test_a_good_pack_installs_and_becomes_current(vault, key):
    newer = revised()
    installed = install_pack(vault, _signed(key, newer), [key.public_key()])
    assert installed == newer.edition()
    assert current_guide(vault) == newer
    listed = editions(vault)
    assert [info.edition for info in listed] == [newer.edition(), shipped_guide().edition()]
    assert [info.current for info in listed] == [True, False]
    assert listed[0].origin.startswith("installed ") and listed[0].origin.endswith(f"by {vault.practitioner.name}")
    assert listed[0].signer_fingerprint is not None and listed[1].origin == "shipped with the app"
    # The previous edition is kept and still readable.
    assert guide_for(vault, shipped_guide().edition()) == shipped_guide()
    assert vault.content.payload("threshold_guide", newer.edition().digest) == newer.canonical_bytes()


def test_an_install_is_in_the_audit_chain_and_the_vault_checks_sound(vault, key):
    before, _ = vault.audit_head()
    edition = install_pack(vault, _signed(key, revised()), [key.public_key()])
    seq, _ = vault.audit_head()
    assert seq == before + 1
    action, record_id, digest = vault._ctx.conn.execute(
        "SELECT action, record_id, digest FROM audit WHERE seq = ?", (seq,)
    ).fetchone()
    assert (action, record_id, digest) == ("threshold_guide.install", edition.digest, edition.digest)
    report = vault.check()
    assert report.ok, report.faults
    assert report.content_editions == 1


def test_each_edition_installs_in_turn_and_all_stay_listed(vault, key):
    trusted = [key.public_key()]
    install_pack(vault, _signed(key, revised(1)), trusted)
    install_pack(vault, _signed(key, revised(0, days=400)), trusted)
    listed = editions(vault)
    assert [i.edition.order() for i in listed] == sorted((i.edition.order() for i in listed), reverse=True)
    assert len(listed) == 3 and listed[0].edition == revised(0, days=400).edition()
    for info in listed:
        assert guide_for(vault, info.edition) is not None


def _older(key, vault):
    install_pack(vault, _signed(key, revised(2)), [key.public_key()])
    return _signed(key, revised(1))


def _same(key, vault):
    install_pack(vault, _signed(key, revised(1)), [key.public_key()])
    return _signed(key, revised(1))


def _extra(key, vault):
    return zip_parts([*unzip(_signed(key, revised())), ("macro.vbs", b"MsgBox 1")])


def _traversal(key, vault):
    return zip_parts([*unzip(_signed(key, revised())), ("../../guide.json", b"{}")])


def _invalid(key, vault):
    data = revised().model_dump(mode="json")
    data["domains"] = []
    content = json.dumps(data).encode()
    from safeguard_desktop.thresholds.packs import public_key_pem

    pem = public_key_pem(key.public_key())
    return zip_parts(
        [("README.txt", b""), ("guide.json", content), ("guide.json.sig", key.sign(content)), ("signer.pem", pem)]
    )


REFUSALS = [
    ("tampered", lambda key, vault: tampered(_signed(key, revised())), Tampered, "changed after it was signed"),
    (
        "untrusted",
        lambda key, vault: _signed(Ed25519PrivateKey.generate(), revised()),
        UntrustedSigner,
        "does not trust",
    ),
    ("older", _older, OlderEdition, "older edition"),
    ("older than shipped", lambda key, vault: _signed(key, revised(0, days=-30)), OlderEdition, "older edition"),
    ("same", _same, AlreadyInstalled, "already the one in use"),
    ("same as shipped", lambda key, vault: _signed(key, shipped_guide()), AlreadyInstalled, "already the one in use"),
    (
        "same date, other content",
        lambda key, vault: _signed(key, revised(0, title="Changed")),
        AlreadyInstalled,
        "raise the revision",
    ),
    ("not a zip", lambda key, vault: b"GIF89a\x01\x00", NotAPack, "not a threshold guide pack"),
    ("invalid", _invalid, InvalidContent, "domains: List should have at least 1 item"),
    ("extra member", _extra, PackParts, "macro.vbs"),
    ("path traversal", _traversal, PackParts, "unsafe path"),
    (
        "other guide",
        lambda key, vault: _signed(key, revised(guide_id="another-county")),
        DifferentGuide,
        "different guide",
    ),
]


@pytest.mark.parametrize(("make", "error", "words"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS])
def test_refused_packs_change_nothing(vault, key, make, error, words):
    data = make(key, vault)
    current = library.current_edition(vault)
    rows, head = _rows(vault), vault.audit_head()
    with pytest.raises(error) as caught:
        install_pack(vault, data, [key.public_key()])
    assert isinstance(caught.value, PackRefused)
    assert words in caught.value.message
    assert library.current_edition(vault) == current
    assert _rows(vault) == rows and vault.audit_head() == head
    assert vault.check().ok


def test_an_older_edition_is_refused_naming_both(vault, key):
    newer, older = revised(2), revised(1)
    install_pack(vault, _signed(key, newer), [key.public_key()])
    with pytest.raises(OlderEdition) as caught:
        install_pack(vault, _signed(key, older), [key.public_key()])
    assert older.edition().citation() in caught.value.message
    assert newer.edition().citation() in caught.value.message


def test_a_decisions_edition_resolves_after_a_newer_one_is_installed(vault, key):
    guide = shipped_guide()
    child = vault.children.add(Child(given_names="Ottoline", family_name="Brackenbury", date_of_birth=date(2017, 6, 3)))
    stored = vault.threshold_decisions.add(
        ThresholdDecision(
            child_id=child.record_id,
            decided=EventDate.exact(utc_now()),
            decided_by=vault.practitioner,
            guide=guide.edition(),
            level=2,
            level_name=guide.level(2).name,
            reasons="Attendance has fallen to 82% this term.",
            consent=Consent.AGREED,
            action=Action.EARLY_HELP,
        )
    )
    install_pack(vault, _signed(key, revised()), [key.public_key()])
    assert current_guide(vault) == revised()
    assert guide_for(vault, vault.threshold_decisions.get(stored.record_id).data.guide) == guide
    # And a decision made under the installed edition finds that one, even after a newer one.
    installed = revised().edition()
    install_pack(vault, _signed(key, revised(2)), [key.public_key()])
    assert guide_for(vault, installed) == revised()
    unknown = installed.model_copy(update={"digest": "0" * 64})
    assert guide_for(vault, unknown) is None


def test_an_app_update_shipping_a_newer_edition_wins(vault, key, monkeypatch):
    install_pack(vault, _signed(key, revised(1)), [key.public_key()])
    update = revised(3)
    monkeypatch.setattr(library, "shipped_guide", lambda: update)
    monkeypatch.setattr(library, "_shipped_edition", lambda: update.edition())
    listed = editions(vault)
    assert listed[0].edition == update.edition() and listed[0].shipped and listed[0].current
    assert current_guide(vault) == update
    # Now that the app's own edition is newer, the pack's older edition is refused.
    with pytest.raises(OlderEdition):
        install_pack(vault, _signed(key, revised(2)), [key.public_key()])


def test_content_editions_are_append_only(vault, key):
    install_pack(vault, _signed(key, revised()), [key.public_key()])
    conn = vault._ctx.conn
    with pytest.raises(DatabaseError, match="never altered"):
        conn.execute("UPDATE content_editions SET revision = 9")
    with pytest.raises(DatabaseError, match="never altered"):
        conn.execute("DELETE FROM content_editions")


def test_check_notices_an_altered_edition(vault, key):
    edition = install_pack(vault, _signed(key, revised()), [key.public_key()])
    conn = tamper(vault)
    conn.execute("UPDATE content_editions SET payload = replace(payload, 'Early Help', 'Early Hope')")
    report = vault.check()
    assert f"content edition {edition.digest} has been altered (it no longer matches its signature)" in report.faults
    with pytest.raises(VaultDamaged, match="altered"):
        vault.content.payload("threshold_guide", edition.digest)


def test_check_notices_an_edition_slipped_in_without_the_audit_chain(vault, key):
    install_pack(vault, _signed(key, revised()), [key.public_key()])
    conn = tamper(vault)
    conn.execute("DELETE FROM audit WHERE action = 'threshold_guide.install'")
    assert any("not recorded in the audit chain" in fault for fault in vault.check().faults)


def test_a_missing_payload_is_a_clear_error(vault):
    with pytest.raises(RecordNotFound, match="not installed"):
        vault.content.payload("threshold_guide", "f" * 64)


def test_the_store_refuses_a_payload_its_signature_does_not_cover(vault, key):
    content = revised().canonical_bytes()
    with pytest.raises(ValueError, match="signature does not match"):
        vault.content.install(
            kind="threshold_guide",
            digest=revised().edition().digest,
            content_id="x",
            edition="x",
            published=date(2024, 1, 1),
            revision=1,
            payload=content + b" ",
            signature=key.sign(content),
            signer_key=bytes(32),
        )
    assert _rows(vault) == 0
