"""`safeguard-desktop verify` and `referral list|export`, run as a person (or a script) would."""

from __future__ import annotations

import hashlib
import json
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from safeguard_desktop import cli
from safeguard_desktop.cli_referral import load_certificate
from safeguard_desktop.referral.model import Referral, ReferralChild, ReferralStatus, Tristate
from safeguard_desktop.referral.packet import build_packet, fingerprint
from safeguard_desktop.referral.verify import verify_packet
from safeguard_desktop.vault.session import Vault
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.referral.family import make_family
from tests.referral.test_packet import contents, make_cert, pem_cert, pem_key


def complete(vault: Vault, stored):
    """The family's referral with the answers the wizard still wants: every child's "safe tonight?"
    and a definite consent answer for each parent."""
    data = stored.data.model_dump()
    for child in data["children"]:
        child["safe_tonight"] = Tristate.NO
    for answer in data["consents"]:
        if answer["consented"] is Tristate.UNKNOWN:
            answer["consented"] = Tristate.NO
    return vault.referrals.amend(stored.record_id, Referral.model_validate(data), "Answers from the DSL")


@pytest.fixture
def vault_with_referral(tmp_path, practitioner):
    path = tmp_path / "records.vault"
    with Vault.create(path, PASSPHRASE, practitioner, kdf=FAST_KDF) as vault:
        family = make_family(vault)
        complete(vault, family.referral)
    return path, family.referral.record_id


@pytest.fixture
def recipient(tmp_path):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = make_cert(key, "Made-up MASH", "Made-up County Council")
    (tmp_path / "mash.key").write_bytes(pem_key(key))
    (tmp_path / "mash.pem").write_bytes(pem_cert(cert))
    return tmp_path / "mash.key", tmp_path / "mash.pem"


def test_list_shows_the_referral_and_its_id(vault_with_referral, monkeypatch, capsys):
    path, referral_id = vault_with_referral
    monkeypatch.setenv("SAFEGUARD_PASSPHRASE", PASSPHRASE)
    assert cli.main(["referral", "list", str(path)]) == 0
    out = capsys.readouterr().out
    assert str(referral_id) in out and "MASH referral" in out and "Posy" in out


def test_export_writes_an_owner_only_signed_packet_logs_it_and_verifies(
    vault_with_referral, tmp_path, monkeypatch, capsys
):
    path, referral_id = vault_with_referral
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    monkeypatch.setenv("SAFEGUARD_PASSPHRASE", PASSPHRASE)
    assert cli.main(["referral", "export", str(path), str(referral_id), "--out", str(out_dir)]) == 0
    printed = capsys.readouterr().out
    assert "NOT encrypted: send it only by a secure route" in printed
    (packet,) = out_dir.iterdir()
    assert packet.suffix == ".zip"
    assert stat.S_IMODE(packet.stat().st_mode) == 0o600
    checked = verify_packet(packet.read_bytes())
    assert checked.packet_id in packet.name and checked.signer_fingerprint in printed
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(packet) as zf:
        referral = json.loads(zf.read("referral.json"))
        assert zf.read("referral.pdf").startswith(b"%PDF")
        zf.extractall(unpacked)
    # The vault's own self-signed identity is accepted by OpenSSL, with itself as trust anchor.
    proc = subprocess.run(
        [
            "openssl",
            "cms",
            "-verify",
            "-binary",
            "-inform",
            "DER",
            "-in",
            "manifest.json.p7s",
            "-content",
            "manifest.json",
            "-CAfile",
            "signer.pem",
            "-out",
            "/dev/null",
        ],
        cwd=unpacked,
        capture_output=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert referral  # the structured referral travels
    with Vault.open(path, PASSPHRASE) as vault:
        logged = vault._ctx.conn.execute(
            "SELECT action, record_id, digest FROM audit WHERE action = 'export.referral.packet'"
        ).fetchall()
        assert vault.check().ok
    assert logged == [("export.referral.packet", str(referral_id), hashlib.sha256(packet.read_bytes()).hexdigest())]

    assert cli.main(["verify", str(packet)]) == 0
    listed = capsys.readouterr().out
    assert "VERIFIED" in listed and checked.signer_fingerprint in listed and "referral.pdf" in listed


def test_export_encrypted_to_a_certificate_opens_with_openssl_and_verify(
    vault_with_referral, recipient, tmp_path, monkeypatch, capsys
):
    path, referral_id = vault_with_referral
    key_path, cert_path = recipient
    monkeypatch.setenv("SAFEGUARD_PASSPHRASE", PASSPHRASE)
    args = ["referral", "export", str(path), str(referral_id), "--out", str(tmp_path), "--encrypt-to", str(cert_path)]
    assert cli.main(args) == 0
    (packet,) = tmp_path.glob("*.p7m")
    capsys.readouterr()
    assert cli.main(["verify", str(packet)]) == 1
    assert "REFUSED (encrypted)" in capsys.readouterr().out
    assert cli.main(["verify", str(packet), "--key", str(key_path), "--cert", str(cert_path)]) == 0
    assert "It was encrypted" in capsys.readouterr().out
    opened = tmp_path / "opened.zip"
    proc = subprocess.run(
        [
            "openssl",
            "cms",
            "-decrypt",
            "-inform",
            "DER",
            "-in",
            str(packet),
            "-recip",
            str(cert_path),
            "-inkey",
            str(key_path),
            "-binary",
            "-out",
            str(opened),
        ],
        capture_output=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert verify_packet(opened.read_bytes()).encrypted is False


def test_verify_refuses_a_changed_packet_and_names_the_problem(tmp_path, capsys):
    key = ec.generate_private_key(ec.SECP256R1())
    built = build_packet(contents(), signer_key=key, signer_cert=make_cert(key, "Harriet Okonkwo-Bell"))
    data = bytearray(built.data)
    data[len(data) // 2] ^= 0x20
    path = tmp_path / built.file_name
    path.write_bytes(bytes(data))
    assert cli.main(["verify", str(path)]) == 1
    out = capsys.readouterr().out
    assert "REFUSED" in out and "Traceback" not in out


def test_verify_usage_problems_are_one_clear_line(tmp_path, capsys):
    assert cli.main(["verify", str(tmp_path / "absent.zip")]) == 2
    assert "could not be read" in capsys.readouterr().err
    (tmp_path / "p.zip").write_bytes(b"PK")
    assert cli.main(["verify", str(tmp_path / "p.zip"), "--key", "k.pem"]) == 2
    assert "--key and --cert go together" in capsys.readouterr().err


def test_export_names_a_bad_referral_id(vault_with_referral, tmp_path, monkeypatch, capsys):
    path, _ = vault_with_referral
    monkeypatch.setenv("SAFEGUARD_PASSPHRASE", PASSPHRASE)
    assert cli.main(["referral", "export", str(path), "not-an-id", "--out", str(tmp_path)]) == 2
    assert "is not a referral ID" in capsys.readouterr().err


def test_verify_runs_as_a_program_and_exits_zero_only_when_it_holds(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    built = build_packet(contents(), signer_key=key, signer_cert=make_cert(key, "Harriet Okonkwo-Bell"))
    good = tmp_path / built.file_name
    good.write_bytes(built.data)
    run = [sys.executable, "-m", "safeguard_desktop", "verify"]
    proc = subprocess.run([*run, str(good)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    bad = tmp_path / "bad.zip"
    bad.write_bytes(built.data[:-1] + bytes([built.data[-1] ^ 1]))
    proc = subprocess.run([*run, str(bad)], capture_output=True, text=True)
    assert proc.returncode == 1 and "REFUSED" in proc.stdout
    assert not Path(tmp_path / "manifest.json").exists()  # verifying never unpacks to disk


# -- export records what it sends, and never sends an incomplete or second packet -----------------


def _export(path, referral_id, out_dir, *extra: str) -> int:
    return cli.main(["referral", "export", str(path), str(referral_id), "--out", str(out_dir), *extra])


def test_export_refuses_an_incomplete_draft_and_says_what_is_missing(tmp_path, practitioner, monkeypatch, capsys):
    path = tmp_path / "records.vault"
    with Vault.create(path, PASSPHRASE, practitioner, kdf=FAST_KDF) as vault:
        family = make_family(vault)  # Rafe's "safe tonight?" and Gareth's consent are unanswered
        child_id = family.referral.data.child_ids[0]
        bare = vault.referrals.add(
            Referral(
                destination=family.referral.data.destination,
                children=[ReferralChild(child_id=child_id)],
                referrer=practitioner,
            )
        )
    monkeypatch.setenv("SAFEGUARD_PASSPHRASE", PASSPHRASE)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    for referral_id, expected in (
        (family.referral.record_id, ["say whether Rafe Ellingham is safe tonight", "record Gareth Pennock's consent"]),
        (bare.record_id, ["say whether Posy Ellingham is safe tonight", "choose the concerns"]),
    ):
        assert _export(path, referral_id, out_dir) == 2
        err = capsys.readouterr().err
        assert "not complete, so no packet was made" in err, err
        for words in expected:
            assert words in err, err
    assert list(out_dir.iterdir()) == []
    with Vault.open(path, PASSPHRASE) as vault:
        assert vault.referrals.get(family.referral.record_id).data.status is ReferralStatus.DRAFT
        assert vault._ctx.conn.execute("SELECT count(*) FROM audit WHERE action LIKE 'export.%'").fetchone() == (0,)


def test_export_records_the_packet_as_sent_kept_and_in_the_chronology(
    vault_with_referral, recipient, tmp_path, monkeypatch, capsys
):
    path, referral_id = vault_with_referral
    _, cert_path = recipient
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    monkeypatch.setenv("SAFEGUARD_PASSPHRASE", PASSPHRASE)
    extra = ("--encrypt-to", str(cert_path), "--route", "MASH portal", "--reference", "MASH-2611-0042")
    assert _export(path, referral_id, out_dir, *extra) == 0
    assert "recorded as sent (MASH portal)" in capsys.readouterr().out
    (packet,) = out_dir.iterdir()
    with Vault.open(path, PASSPHRASE) as vault:
        stored = vault.referrals.get(referral_id)
        sent = stored.data.sent
        assert stored.data.status is ReferralStatus.SENT and stored.reason == "Sent"
        assert sent.packet_id in packet.name and sent.sha256 == hashlib.sha256(packet.read_bytes()).hexdigest()
        assert (sent.route, sent.portal_reference) == ("MASH portal", "MASH-2611-0042")
        assert sent.encrypted_to == fingerprint(load_certificate(cert_path))
        assert vault.attachments.read_bytes(sent.attachment_id) == packet.read_bytes()
        assert vault.timeline.search(sent.packet_id), "the packet id is not in the chronology"
        assert vault.check().ok


def test_a_sent_referral_gives_its_kept_packet_not_a_new_one(vault_with_referral, tmp_path, monkeypatch, capsys):
    path, referral_id = vault_with_referral
    first_dir, again_dir, kept_dir = (tmp_path / n for n in ("first", "again", "kept"))
    for folder in (first_dir, again_dir, kept_dir):
        folder.mkdir()
    monkeypatch.setenv("SAFEGUARD_PASSPHRASE", PASSPHRASE)
    to_police = ("--kept", "--to", "Police", "--why", "Section 47 enquiry")
    assert _export(path, referral_id, kept_dir, "--kept") == 2
    assert "--to" in capsys.readouterr().err and list(kept_dir.iterdir()) == []
    assert _export(path, referral_id, kept_dir, *to_police) == 2
    assert "has not been sent" in capsys.readouterr().err
    assert _export(path, referral_id, first_dir) == 0
    (sent_packet,) = first_dir.iterdir()
    capsys.readouterr()
    assert _export(path, referral_id, again_dir) == 2
    err = capsys.readouterr().err
    assert "already sent as packet SGP-" in err and "--kept" in err
    assert list(again_dir.iterdir()) == []
    assert _export(path, referral_id, kept_dir, *to_police) == 0
    (kept,) = kept_dir.iterdir()
    assert kept.name == sent_packet.name and kept.read_bytes() == sent_packet.read_bytes()
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert "exactly as it was sent" in capsys.readouterr().out
    with Vault.open(path, PASSPHRASE) as vault:
        logged = vault._ctx.conn.execute(
            "SELECT action, digest FROM audit WHERE action LIKE 'export.referral%' ORDER BY seq"
        ).fetchall()
        assert len(vault.referrals.history(referral_id)) == 3  # made, completed, sent: no second "Sent"
        shared = vault._ctx.conn.execute("SELECT what, recipient, purpose FROM disclosures ORDER BY id").fetchall()
    assert shared == [
        ("referral.packet", "MASH", "Referral"),
        ("referral.packet.kept_copy", "Police", "Section 47 enquiry"),
    ]
    digest = hashlib.sha256(kept.read_bytes()).hexdigest()
    assert logged == [("export.referral.packet", digest), ("export.referral.packet.kept_copy", digest)]
