"""Installing guide editions into the vault: all checks first, then row and audit event together."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.people import Child
from safeguard_desktop.domain.ukdates import uk_today, utc_now
from safeguard_desktop.errors import RecordNotFound, VaultDamaged
from safeguard_desktop.thresholds import library
from safeguard_desktop.thresholds.decision import Consent, ThresholdDecision
from safeguard_desktop.thresholds.guide import Action
from safeguard_desktop.thresholds.library import current_guide, editions, guide_for, shipped_guide
from safeguard_desktop.thresholds.packs import (
    AlreadyInstalled,
    DifferentGuide,
    FutureEdition,
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
from safeguard_desktop.thresholds.trust import raw_key
from safeguard_desktop.vault import audit
from safeguard_desktop.vault.connection import DatabaseError
from safeguard_desktop.vault.content import installation_digest, key_fingerprint
from tests.conftest import tamper
from tests.thresholds.test_packs import pretty, revised, tampered, trust_only, unzip, zip_parts


@pytest.fixture
def key(monkeypatch: pytest.MonkeyPatch, tmp_path) -> Ed25519PrivateKey:
    """The partnership's key, trusted on this computer (as IT would have set it up)."""
    made = Ed25519PrivateKey.generate()
    trust_only(monkeypatch, tmp_path / "trusted-keys", made.public_key())
    return made


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
    assert (action, record_id) == ("threshold_guide.install", edition.digest)
    # The event's digest covers every column of the row, the payload through its own digest.
    cursor = vault._ctx.conn.execute("SELECT * FROM content_editions")
    row = dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))
    assert digest == installation_digest(row) and row["payload_sha256"] == edition.digest
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


# -- installed editions are checked again whenever they are read ---------------------------------


def _forge(vault, signer: Ed25519PrivateKey, guide, *, digest: str | None = None) -> str:
    """What someone with the passphrase and a SQLite tool can do: slip in a row signed by their own
    key, with a correctly chained audit event whose digest covers the row as the app would make it."""
    raw = guide.canonical_bytes()
    row = {
        "kind": "threshold_guide",
        "digest": digest or guide.edition().digest,
        "content_id": guide.guide_id,
        "edition": guide.source.edition,
        "published": guide.source.published.isoformat(),
        "revision": guide.revision,
        "payload": raw.decode(),
        "payload_sha256": audit.sha256_hex(raw),
        "signature": signer.sign(raw),
        "signer_key": raw_key(signer.public_key()),
        "signer_fingerprint": key_fingerprint(raw_key(signer.public_key())),
        "installed_at": "2025-01-01T00:00:00.000000+00:00",
        "installed_by": vault.practitioner.model_dump_json(),
    }
    conn = tamper(vault)
    conn.execute("BEGIN")
    conn.execute(
        f"INSERT INTO content_editions ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values())
    )
    audit.append(
        conn, at=row["installed_at"], actor="x", action="threshold_guide.install", record_id=row["digest"],
        digest=installation_digest(row),
    )  # fmt: skip
    conn.execute("COMMIT")
    return row["digest"]


def test_an_edition_signed_by_an_untrusted_key_is_listed_but_never_current(vault, key):
    trusted = install_pack(vault, _signed(key, revised(1)), [key.public_key()])
    forged = revised(3, note="Forged: never refer to MASH.")
    _forge(vault, Ed25519PrivateKey.generate(), forged)
    assert library.current_edition(vault) == trusted
    assert current_guide(vault).note != forged.note
    listed = {info.edition.digest: info for info in editions(vault)}
    stranger = listed[forged.edition().digest]
    assert not stranger.trusted and not stranger.current
    assert "signed by a key this computer does not trust" in stranger.origin
    assert listed[trusted.digest].trusted and listed[trusted.digest].current
    # Still readable, for a decision it informed (say, on the organisation's computer it came from).
    assert guide_for(vault, forged.edition()) == forged
    # Sound as stored, so `check` has no fault, but it says the signer is not trusted here.
    report = vault.check()
    assert report.ok, report.faults
    assert [note for note in report.notes if forged.edition().digest in note and "does not trust" in note]
    # And it does not block a trusted edition newer than the one in use but older than it.
    newer = install_pack(vault, _signed(key, revised(2)), [key.public_key()])
    assert library.current_edition(vault) == newer


def test_an_edition_edited_with_its_text_digest_is_refused_when_read(vault, key):
    edition = install_pack(vault, _signed(key, revised()), [key.public_key()])
    assert current_guide(vault) == revised()  # parsed and kept in memory: the edit must still be seen
    conn = tamper(vault)
    (payload,) = conn.execute("SELECT payload FROM content_editions").fetchone()
    changed = payload.replace("Early Help", "Early Hope")
    conn.execute(
        "UPDATE content_editions SET payload = ?, payload_sha256 = ?", (changed, audit.sha256_hex(changed.encode()))
    )
    with pytest.raises(VaultDamaged, match="no longer matches its signature") as caught:
        current_guide(vault)
    assert "Restore the vault from your latest backup" in caught.value.message
    with pytest.raises(VaultDamaged):
        guide_for(vault, edition)
    assert any(edition.digest in fault and "altered" in fault for fault in vault.check().faults)


def test_a_row_whose_digest_is_not_its_contents_is_refused(vault, key):
    # Signed by a trusted key, but filed under the digest of another edition (one decisions cite).
    shipped = shipped_guide().edition()
    _forge(vault, key, revised(1), digest=shipped.digest)
    with pytest.raises(VaultDamaged, match="stored digest does not match its content"):
        editions(vault)
    assert guide_for(vault, shipped) == shipped_guide()
    assert any("its stored digest does not match its content" in fault for fault in vault.check().faults)


@pytest.mark.parametrize(
    ("change", "column"),
    [
        ("content_id = 'another-county'", "content_id"),
        ("published = '1999-01-01'", "published"),
        ("revision = 1", "revision"),
        ("edition = 'June 1999'", "edition"),
    ],
)
def test_changed_details_are_caught_on_reading_and_by_check(vault, key, change, column):
    install_pack(vault, _signed(key, revised(2)), [key.public_key()])
    assert library.current_edition(vault) == revised(2).edition()  # checked once, kept in memory
    conn = tamper(vault)
    conn.execute(f"UPDATE content_editions SET {change}")
    with pytest.raises(VaultDamaged, match=column):
        library.current_edition(vault)
    faults = vault.check().faults
    assert any(f"its stored {column} does not match its content" in fault for fault in faults), faults


@pytest.mark.parametrize(
    "change",
    [
        "kind = 'screening_structure'",
        "installed_at = '2020-01-01T00:00:00.000000+00:00'",
        "installed_by = json_set(installed_by, '$.name', 'Someone Else')",
    ],
)
def test_check_notices_any_changed_column(vault, key, change):
    edition = install_pack(vault, _signed(key, revised()), [key.public_key()])
    tamper(vault).execute(f"UPDATE content_editions SET {change}")
    assert f"content edition {edition.digest} does not match what the audit chain recorded when it was installed" in (
        vault.check().faults
    )


def test_check_notices_a_deleted_edition(vault, key):
    install_pack(vault, _signed(key, revised(1)), [key.public_key()])
    newest = install_pack(vault, _signed(key, revised(2)), [key.public_key()])
    tamper(vault).execute("DELETE FROM content_editions WHERE digest = ?", (newest.digest,))
    faults = vault.check().faults
    assert f"content edition {newest.digest} that the audit chain recorded as installed is missing" in faults


def test_a_malformed_installer_is_vault_damage_not_a_crash(vault, key):
    install_pack(vault, _signed(key, revised()), [key.public_key()])
    tamper(vault).execute("UPDATE content_editions SET installed_by = '{\"name\": 3}'")
    with pytest.raises(VaultDamaged, match="damaged"):
        editions(vault)
    assert not vault.check().ok


def test_a_pack_dated_after_today_is_refused_and_changes_nothing(vault, key):
    future = revised()
    future = future.model_copy(
        update={"source": future.source.model_copy(update={"published": uk_today() + timedelta(days=1)})}
    )
    content = future.canonical_bytes()
    from safeguard_desktop.thresholds.packs import public_key_pem

    pack = zip_parts(
        [("README.txt", b""), ("guide.json", content), ("guide.json.sig", key.sign(content)),
         ("signer.pem", public_key_pem(key.public_key()))]
    )  # fmt: skip
    rows = _rows(vault)
    with pytest.raises(FutureEdition, match="after today"):
        install_pack(vault, pack, [key.public_key()])
    assert _rows(vault) == rows and library.current_edition(vault) == shipped_guide().edition()
