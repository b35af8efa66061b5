"""Referral packets: built, signed, encrypted, and refused whenever anything about them is wrong.

Each packet is checked by our verifier and by OpenSSL, the tool a receiving team would have.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import struct
import subprocess
import unicodedata
import warnings
import zipfile
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID

from safeguard_desktop.referral import cms
from safeguard_desktop.referral import packet as packet_mod
from safeguard_desktop.referral import verify as verify_mod
from safeguard_desktop.referral.contents import Attachment, PacketContents, Sender
from safeguard_desktop.referral.packet import build_packet, fingerprint, safe_attachment_names
from safeguard_desktop.referral.verify import PacketRefused, verify_packet

CREATED = dt.datetime(2026, 3, 12, 23, 30, 7, tzinfo=dt.UTC)


def make_cert(key, name: str, organisation: str = "Larkspur Community School", serial: int | None = None):
    subject = x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, name), x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation)]
    )
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(serial or x509.random_serial_number())
        .not_valid_before(CREATED - dt.timedelta(days=1))
        .not_valid_after(CREATED + dt.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )


def pem_key(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def pem_cert(cert) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


@pytest.fixture(scope="module")
def signer():
    key = ec.generate_private_key(ec.SECP256R1())
    return key, make_cert(key, "Harriet Okonkwo-Bell")


@pytest.fixture(scope="module")
def recipient():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key, make_cert(key, "Oxfordshire MASH (test)", "Made-up County Council")


def contents(*, attachments: list[Attachment] | None = None, chronology: bytes | None = None) -> PacketContents:
    return PacketContents(
        referral_id="6f1d3c2a-0000-4000-8000-000000000001",
        destination="mash",
        sender=Sender(
            "<b>O'Brien & Sons</b>", "Designated Safeguarding Lead", "Larkspur Community School", "01865 000000"
        ),
        created_at=CREATED,
        audit_head=(42, "ab" * 32),
        referral_json=json.dumps({"children": ["Poppy Example"]}).encode(),
        referral_pdf=b"%PDF-1.7\n" + bytes(range(256)) * 8,
        chronology_csv=chronology or b"Date,Entry\n12/03/2026,'=cmd()\n",
        attachments=[Attachment("Body map photo.jpg", b"\xff\xd8" + b"j" * 3000), Attachment("notes.txt", b"notes")]
        if attachments is None
        else attachments,
    )


@pytest.fixture(scope="module")
def built(signer):
    key, cert = signer
    return build_packet(contents(), signer_key=key, signer_cert=cert)


def unpack(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.orig_filename: zf.read(i) for i in zf.infolist()}


def rezip(files: dict[str, bytes]) -> bytes:
    """The packet's own deterministic layout, around whatever files a test chooses."""
    return packet_mod._zip(list(files.items()), (2026, 3, 12, 23, 30, 6))


def refused(data: bytes, **kw) -> PacketRefused:
    with pytest.raises(PacketRefused) as info:
        verify_packet(data, **kw)
    assert info.value.message  # a sentence for a person, not an empty error
    return info.value


# -- a good packet -------------------------------------------------------------------------------


def test_packet_verifies_and_lists_every_file_with_the_signer(built, signer):
    result = verify_packet(built.data)
    assert result.packet_id == built.packet_id and built.packet_id.startswith("SGP-") and len(built.packet_id) == 24
    assert result.signer_fingerprint == fingerprint(signer[1]) == built.signer_fingerprint
    assert "Harriet Okonkwo-Bell" in result.signer_subject
    assert not result.encrypted and not built.encrypted and built.file_name.endswith(".zip")
    paths = [f.path for f in result.files]
    assert paths == [
        "README.txt",
        "signer.pem",
        "referral.json",
        "referral.pdf",
        "chronology.csv",
        "attachments/Body_map_photo.jpg",
        "attachments/notes.txt",
    ]
    manifest = result.manifest
    assert manifest["format_version"] == 1 and manifest["created"] == "2026-03-12T23:30:07Z"
    assert manifest["audit_chain_head"] == {"sequence": 42, "hash": "ab" * 32}
    assert manifest["sender"]["name"] == "<b>O'Brien & Sons</b>"  # exactly as typed
    assert manifest["destination"] == "mash" and manifest["demo"] is False


def test_zip_is_laid_out_without_local_clock_or_platform_details(built):
    with zipfile.ZipFile(io.BytesIO(built.data)) as zf:
        infos = zf.infolist()
    assert [i.orig_filename for i in infos[:2]] == ["manifest.json", "manifest.json.p7s"]
    for info in infos:
        assert info.date_time == (2026, 3, 12, 23, 30, 6)  # UTC, even seconds
        assert info.create_system == 3 and info.external_attr >> 16 == 0o100644
        assert info.orig_filename.isascii()


def test_readme_says_what_the_signature_proves_and_gives_the_fingerprint(built):
    readme = unpack(built.data)["README.txt"].decode()
    assert built.signer_fingerprint in readme
    assert "nothing in this packet has changed since it was signed" in readme
    assert "does NOT prove who the signer is" in readme
    assert "openssl cms -verify" in readme and "safeguard-desktop verify" in readme


def test_openssl_verifies_the_signature_and_digests(built, tmp_path):
    files = unpack(built.data)
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    base = ["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", "manifest.json.p7s"]
    base += ["-content", "manifest.json", "-out", "/dev/null"]
    for trust in (["-noverify"], ["-CAfile", "signer.pem"]):
        proc = subprocess.run(base + trust, cwd=tmp_path, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        assert "Verification successful" in proc.stderr
    manifest = json.loads(files["manifest.json"])
    for item in manifest["files"]:
        out = subprocess.run(["openssl", "dgst", "-sha256", "-r", item["path"]], cwd=tmp_path, capture_output=True)
        assert out.stdout.split()[0].decode() == item["sha256"]
    # And OpenSSL refuses the manifest once a byte of it changes.
    (tmp_path / "manifest.json").write_bytes(files["manifest.json"].replace(b"mash", b"masH"))
    proc = subprocess.run([*base, "-noverify"], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode != 0


def test_encrypted_packet_opens_with_openssl_and_with_the_key(signer, recipient, tmp_path):
    key, cert = signer
    rkey, rcert = recipient
    enc = build_packet(contents(), signer_key=key, signer_cert=cert, recipient_cert=rcert)
    assert enc.encrypted and enc.file_name.endswith(".p7m") and not enc.data.startswith(b"PK")
    (tmp_path / "packet.p7m").write_bytes(enc.data)
    (tmp_path / "key.pem").write_bytes(pem_key(rkey))
    (tmp_path / "cert.pem").write_bytes(pem_cert(rcert))
    cmd = ["openssl", "cms", "-decrypt", "-inform", "DER", "-in", "packet.p7m", "-recip", "cert.pem"]
    proc = subprocess.run(
        [*cmd, "-inkey", "key.pem", "-binary", "-out", "packet.zip"], cwd=tmp_path, capture_output=True
    )
    assert proc.returncode == 0, proc.stderr
    inner = (tmp_path / "packet.zip").read_bytes()
    assert verify_packet(inner).packet_id == enc.packet_id
    printed = subprocess.run(
        ["openssl", "cms", "-cmsout", "-print", "-inform", "DER", "-in", "packet.p7m"],
        cwd=tmp_path,
        capture_output=True,
    )
    assert b"aes-256-cbc" in printed.stdout
    result = verify_packet(enc.data, key=rkey, cert=rcert)
    assert result.encrypted and result.packet_id == enc.packet_id
    assert refused(enc.data).reason == "encrypted"
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert refused(enc.data, key=other, cert=make_cert(other, "Someone else")).reason == "cannot_decrypt"


def test_packet_cannot_be_encrypted_to_a_non_rsa_certificate(signer):
    key, cert = signer
    with pytest.raises(packet_mod.PacketError, match="RSA"):
        build_packet(contents(), signer_key=key, signer_cert=cert, recipient_cert=cert)


def test_attachment_names_are_plain_ascii_unique_and_safe():
    names = safe_attachment_names(
        ["Café menu.pdf", "cafe menu.PDF", "../../etc/passwd", "C:\\Users\\x\\CON.txt", "", "<b>&</b>.png", "a" * 300]
    )
    assert names[0] == "Cafe_menu.pdf" and names[1] == "cafe_menu-2.PDF"
    assert names[2] == "passwd" and names[3] == "file_CON.txt" and names[4] == "attachment"
    assert all(n.isascii() and "/" not in n and "\\" not in n and len(n) <= 100 for n in names)
    assert len({n.casefold() for n in names}) == len(names)


# -- changed bytes -------------------------------------------------------------------------------


def test_every_changed_byte_anywhere_is_refused(built):
    data = built.data
    reasons = set()
    for pos in range(len(data)):
        changed = bytearray(data)
        changed[pos] ^= 0xFF
        try:
            verify_packet(bytes(changed))
        except PacketRefused as exc:
            reasons.add(exc.reason)
        else:
            pytest.fail(f"a change at byte {pos} of {len(data)} was accepted")
    assert {"file_changed", "layout_changed"} <= reasons


def _entry_data_offset(data: bytes, name: str) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(name)
    n, e = struct.unpack_from("<HH", data, info.header_offset + 26)
    return info.header_offset + 30 + n + e


@pytest.mark.parametrize(
    "name", ["manifest.json", "manifest.json.p7s", "signer.pem", "referral.pdf", "attachments/Body_map_photo.jpg"]
)
def test_a_changed_byte_in_each_file_is_refused(built, name):
    pos = _entry_data_offset(built.data, name) + 5
    changed = bytearray(built.data)
    changed[pos] ^= 0x01
    assert refused(bytes(changed)).reason in {"file_changed", "signature_changed", "signature_unreadable"}


def test_central_directory_change_is_refused(built):
    with zipfile.ZipFile(io.BytesIO(built.data)) as zf:
        start = zf.start_dir
    changed = bytearray(built.data)
    changed[start + 12] ^= 0x01  # the first entry's modification time, as the directory records it
    assert refused(bytes(changed)).reason == "layout_changed"


def test_rewritten_files_with_good_checksums_are_refused_by_name(built, signer):
    files = unpack(built.data)
    manifest = dict(files, **{"manifest.json": files["manifest.json"].replace(b'"mash"', b'"lcss"')})
    assert refused(rezip(manifest)).reason == "manifest_changed"
    pdf = dict(files, **{"referral.pdf": files["referral.pdf"] + b"%"})
    err = refused(rezip(pdf))
    assert err.reason == "file_changed" and "referral.pdf" in err.message


def test_missing_and_extra_files_are_refused(built):
    files = unpack(built.data)
    missing = {k: v for k, v in files.items() if k != "chronology.csv"}
    err = refused(rezip(missing))
    assert err.reason == "missing_file" and "chronology.csv" in err.message
    extra = dict(files, **{"attachments/extra.txt": b"slipped in"})
    err = refused(rezip(extra))
    assert err.reason == "extra_file" and "attachments/extra.txt" in err.message
    assert refused(rezip({k: v for k, v in files.items() if k != "manifest.json.p7s"})).reason == "missing_file"


def test_a_newer_format_version_is_refused_with_a_clear_message(built, signer):
    key, cert = signer
    files = unpack(built.data)
    manifest = files["manifest.json"].replace(b'"format_version": 1', b'"format_version": 2')
    files.update({"manifest.json": manifest, "manifest.json.p7s": packet_mod._sign(manifest, key, cert)})
    err = refused(rezip(files))
    assert err.reason == "format_version" and "format version is 2" in err.message


# -- signer --------------------------------------------------------------------------------------


def test_a_signature_by_another_certificate_is_refused(built):
    files = unpack(built.data)
    other = ec.generate_private_key(ec.SECP256R1())
    other_cert = make_cert(other, "Harriet Okonkwo-Bell")
    files["manifest.json.p7s"] = packet_mod._sign(files["manifest.json"], other, other_cert)
    assert refused(rezip(files)).reason == "signer_mismatch"


def test_a_signature_by_another_key_under_the_packets_certificate_is_refused(built, signer):
    _, cert = signer
    files = unpack(built.data)
    impostor = ec.generate_private_key(ec.SECP256R1())
    options = [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary, pkcs7.PKCS7Options.NoCapabilities]
    forged = (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(files["manifest.json"])
        .add_signer(cert, impostor, hashes.SHA256())  # names the packet's certificate, signs with another key
        .sign(serialization.Encoding.DER, options)
    )
    # In low-S form, as every packet's is, so only the key is wrong.
    files["manifest.json.p7s"] = cms.low_s(forged, cert.public_key())
    assert refused(rezip(files)).reason == "bad_signature"


# -- hostile names and contents ------------------------------------------------------------------


def hostile(built: object, name: str, *, attr: int = 0o100644, also: str | None = None) -> bytes:
    """The good packet's entries plus a hostile one, zipped by hand."""
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w") as zf:
        warnings.simplefilter("ignore")  # zipfile warns about duplicates: that is the point
        for path, data in unpack(built.data).items():
            zf.writestr(path, data)
        for extra in [name] + ([also] if also else []):
            info = zipfile.ZipInfo(extra)
            info.external_attr = attr << 16
            zf.writestr(info, b"target")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "also"),
    [
        ("referral.json", None),
        ("Referral.JSON", None),
        (
            "attachments/" + unicodedata.normalize("NFC", "café.txt"),
            "attachments/" + unicodedata.normalize("NFD", "café.txt"),
        ),
    ],
)
def test_duplicate_names_are_refused(built, name, also):
    assert refused(hostile(built, name, also=also)).reason == "duplicate_name"


@pytest.mark.parametrize(
    "name",
    [
        "/etc/cron.d/x",
        "C:/Windows/x.txt",
        "c:x.txt",
        "attachments\\x.txt",
        "../x.txt",
        "attachments/../../x.txt",
        "CON",
        "con.txt",
        "attachments/NUL.pdf",
        "attachments/aux",
        "COM1.log",
        "attachments/LPT9.doc",
        "PRN",
    ],
)
def test_unsafe_names_are_refused(built, name):
    err = refused(hostile(built, name))
    assert err.reason == "unsafe_name" and repr(name) in err.message


def test_symlinks_are_refused(built):
    assert refused(hostile(built, "attachments/link", attr=0o120777)).reason == "symlink"


def test_oversized_entries_are_refused(built, monkeypatch):
    monkeypatch.setattr(verify_mod, "MAX_ENTRY_BYTES", 2000)
    err = refused(built.data)
    assert err.reason == "oversized"


def test_an_entry_decompressing_past_its_stated_size_is_refused(signer):
    key, cert = signer
    bomb = build_packet(contents(chronology=b"0" * 2_000_000), signer_key=key, signer_cert=cert)
    data = bytearray(bomb.data)
    with zipfile.ZipFile(io.BytesIO(bomb.data)) as zf:
        info, start = zf.getinfo("chronology.csv"), zf.start_dir
    # State a size of 1,000 bytes in both headers, as a zip bomb would.
    struct.pack_into("<I", data, info.header_offset + 22, 1000)
    pos = start
    while data[pos : pos + 4] == b"PK\x01\x02":
        n, e, c = struct.unpack_from("<HHH", data, pos + 28)
        if data[pos + 46 : pos + 46 + n] == b"chronology.csv":
            struct.pack_into("<I", data, pos + 24, 1000)
        pos += 46 + n + e + c
    err = refused(bytes(data))
    assert err.reason == "zip_bomb" and "chronology.csv" in err.message


def test_garbage_and_truncated_packets_are_refused_with_a_reason(built):
    assert refused(b"PK\x03\x04" + b"\0" * 100).reason == "not_a_zip"
    assert refused(built.data[: len(built.data) // 2]).reason == "not_a_zip"
    assert refused(b"hello").reason == "encrypted"


def test_the_packet_written_to_disk_is_the_packet_verified(built, tmp_path: Path):
    target = tmp_path / built.file_name
    target.write_bytes(built.data)
    assert verify_packet(target.read_bytes()).packet_id == built.packet_id
