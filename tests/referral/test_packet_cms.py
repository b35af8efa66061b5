"""The packet's CMS signature: one valid form only, hostile .p7s refused in words, OpenSSL as the README says.

A .p7s is rebuilt element by element here (`rebuild`), so each test changes exactly one thing
and proves the verifier notices that thing, not some incidental damage.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shlex
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from safeguard_desktop.referral import cms
from safeguard_desktop.referral import packet as packet_mod
from safeguard_desktop.referral.packet import WINDOWS_RESERVED, build_packet, safe_attachment_names
from safeguard_desktop.referral.verify import PacketRefused, verify_packet
from tests.referral.test_packet import CREATED, contents, hostile, make_cert, unpack

P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def enc(tag: int, body: bytes, *, long_form: bool = False) -> bytes:
    """A TLV; `long_form` writes a short length the BER way (allowed in BER, not in DER)."""
    n = len(body)
    if n < 0x80 and not long_form:
        return bytes([tag, n]) + body
    size = n.to_bytes(max(1, (n.bit_length() + 7) // 8), "big")
    return bytes([tag, 0x80 | len(size)]) + size + body


def der_int(value: int) -> bytes:
    return enc(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big", signed=True))


def rebuild(p7s: bytes, change: Callable[[list[cms._Tlv]], list[bytes]]) -> bytes:
    """The .p7s with its SignerInfo's fields replaced by `change(fields)`, every length re-encoded."""
    info, _ = cms._read(p7s)
    content_type, wrapper = cms._children(info.body)
    (signed_data,) = cms._children(wrapper.body)
    fields = cms._children(signed_data.body)
    (signer,) = cms._children(fields[-1].body)
    new_signer = enc(0x30, b"".join(change(cms._children(signer.body))))
    new_signed_data = enc(0x30, b"".join(f.raw for f in fields[:-1]) + enc(0x31, new_signer))
    return enc(0x30, content_type.raw + enc(0xA0, new_signed_data))


def repack(built: packet_mod.BuiltPacket, files: dict[str, bytes]) -> bytes:
    """The packet's own deterministic ZIP around changed files (so only the change is refused)."""
    date_time = zipfile.ZipFile(io.BytesIO(built.data)).infolist()[0].date_time
    return packet_mod._zip(list(files.items()), date_time)


def with_p7s(built: packet_mod.BuiltPacket, p7s: bytes) -> bytes:
    files = unpack(built.data)
    files["manifest.json.p7s"] = p7s
    return repack(built, files)


def r_s(p7s: bytes) -> tuple[int, int]:
    found: list[int] = []

    def grab(parts: list[cms._Tlv]) -> list[bytes]:
        seq, _ = cms._read(parts[5].body)
        found.extend(cms._int(t) for t in cms._children(seq.body))
        return [p.raw for p in parts]

    rebuild(p7s, grab)
    return found[0], found[1]


@pytest.fixture(scope="module")
def signer():
    key = ec.generate_private_key(ec.SECP256R1())
    return key, make_cert(key, "Harriet Okonkwo-Bell")


@pytest.fixture(scope="module")
def built(signer):
    key, cert = signer
    return build_packet(contents(), signer_key=key, signer_cert=cert)


def p7s_of(built: packet_mod.BuiltPacket) -> bytes:
    return unpack(built.data)["manifest.json.p7s"]


def refusal(data: bytes) -> PacketRefused:
    with pytest.raises(PacketRefused) as info:
        verify_packet(data)
    assert info.value.message
    return info.value


def test_the_rebuilder_changes_nothing_by_itself(built):
    assert rebuild(p7s_of(built), lambda parts: [p.raw for p in parts]) == p7s_of(built)


# -- C: hostile .p7s content is refused, never a traceback ----------------------------------------


def _content_type_as(value: bytes) -> Callable[[list[cms._Tlv]], list[bytes]]:
    def change(parts: list[cms._Tlv]) -> list[bytes]:
        out = [p.raw for p in parts]
        attrs = []
        for attr in cms._children(parts[3].body):
            attr_type, _ = cms._children(attr.body)
            if cms._oid(attr_type) == cms._OID_CONTENT_TYPE:
                attrs.append(enc(0x30, attr_type.raw + enc(0x31, value)))
            else:
                attrs.append(attr.raw)
        out[3] = enc(0xA0, b"".join(attrs))
        return out

    return change


def _serial_as(value: bytes) -> Callable[[list[cms._Tlv]], list[bytes]]:
    def change(parts: list[cms._Tlv]) -> list[bytes]:
        out = [p.raw for p in parts]
        issuer, _ = cms._children(parts[1].body)
        out[1] = enc(0x30, issuer.raw + value)
        return out

    return change


@pytest.mark.parametrize(
    "change",
    [
        _content_type_as(b"\x05\x00"),  # a NULL where the content type's OID belongs
        _content_type_as(b"\x06\x00"),  # an empty OID
        _serial_as(b"\x05\x00"),  # the signer's serial number is not an INTEGER
        _serial_as(b"\x02\x00"),  # an INTEGER with no bytes
    ],
    ids=["content-type-null", "content-type-empty-oid", "serial-null", "serial-empty"],
)
def test_a_malformed_signer_info_is_refused_not_a_crash(built, change):
    assert refusal(with_p7s(built, rebuild(p7s_of(built), change))).reason == "signature_unreadable"


def test_verify_on_the_command_line_refuses_a_malformed_p7s_without_a_traceback(built, tmp_path):
    path = tmp_path / "hostile.zip"
    path.write_bytes(with_p7s(built, rebuild(p7s_of(built), _content_type_as(b"\x05\x00"))))
    proc = subprocess.run(
        [sys.executable, "-m", "safeguard_desktop", "verify", str(path)], capture_output=True, text=True
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "REFUSED (signature_unreadable)" in proc.stdout and "Traceback" not in proc.stderr


# -- D: one valid encoding only ------------------------------------------------------------------


def test_packets_are_signed_with_low_s_and_openssl_accepts_them(signer, tmp_path):
    key, cert = signer
    # OpenSSL picks s or n - s at random; ten packets all low means the app normalises it.
    for n in range(10):
        made = build_packet(contents(), signer_key=key, signer_cert=cert)
        r, s = r_s(p7s_of(made))
        assert 0 < r and 0 < s <= P256_ORDER // 2
        verify_packet(made.data)
    folder = tmp_path / "unpacked"
    zipfile.ZipFile(io.BytesIO(made.data)).extractall(folder)
    assert _readme_openssl(folder).returncode == 0


def test_the_same_signature_with_high_s_is_refused(built):
    def flip(parts: list[cms._Tlv]) -> list[bytes]:
        r, s = r_s(p7s_of(built))
        out = [p.raw for p in parts]
        out[5] = enc(0x04, enc(0x30, der_int(r) + der_int(P256_ORDER - s)))
        return out

    changed = rebuild(p7s_of(built), flip)
    assert changed != p7s_of(built)
    assert refusal(with_p7s(built, changed)).reason == "signature_changed"


def test_a_length_in_long_form_is_refused(built):
    def long_signature(parts: list[cms._Tlv]) -> list[bytes]:
        out = [p.raw for p in parts]
        out[5] = enc(0x04, parts[5].body, long_form=True)  # 0x81 0x47 instead of 0x47: BER, not DER
        return out

    assert refusal(with_p7s(built, rebuild(p7s_of(built), long_signature))).reason == "signature_unreadable"


def test_an_integer_with_a_padding_byte_is_refused(built):
    def padded_version(parts: list[cms._Tlv]) -> list[bytes]:
        out = [p.raw for p in parts]
        out[0] = b"\x02\x02\x00\x01"  # the version 1 as 00 01: the same number, not DER
        return out

    assert refusal(with_p7s(built, rebuild(p7s_of(built), padded_version))).reason in {
        "signature_unreadable",
        "signature_changed",
    }


def test_an_oid_with_a_padding_byte_is_refused():
    with pytest.raises(ValueError, match="shortest form"):
        cms._oid(cms._read(b"\x06\x0a\x60\x80\x86\x48\x01\x65\x03\x04\x02\x01")[0])


# -- E: the README's own OpenSSL command works for an organisation's certificate ------------------


def _readme_openssl(folder) -> subprocess.CompletedProcess[str]:
    """Run the `openssl cms -verify` command exactly as README.txt prints it, in the unpacked folder."""
    lines = (folder / "README.txt").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("openssl cms -verify"))
    command = ""
    for line in lines[start:]:
        command += line.strip().removesuffix("\\") + " "
        if not line.rstrip().endswith("\\"):
            break
    return subprocess.run(shlex.split(command), cwd=folder, capture_output=True, text=True)


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def test_the_readme_command_verifies_a_packet_signed_with_an_organisation_issued_certificate(tmp_path):
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("Made-up Council Issuing CA"))
        .issuer_name(_name("Made-up Council Issuing CA"))
        .public_key(ca_key.public_key())
        .serial_number(1)
        .not_valid_before(CREATED - dt.timedelta(days=1))
        .not_valid_after(CREATED + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(_name("Harriet Okonkwo-Bell"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(2)
        .not_valid_before(CREATED - dt.timedelta(days=1))
        .not_valid_after(CREATED + dt.timedelta(days=3650))
        .sign(ca_key, hashes.SHA256())
    )
    made = build_packet(contents(), signer_key=key, signer_cert=leaf)
    verify_packet(made.data)
    zipfile.ZipFile(io.BytesIO(made.data)).extractall(tmp_path)
    proc = _readme_openssl(tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Verification successful" in proc.stderr
    # The published format description gives the same command.
    docs = (Path(__file__).parents[2] / "docs" / "referral-packet.md").read_text(encoding="utf-8")
    (line,) = [x.strip() for x in docs.splitlines() if x.strip().startswith("openssl cms -verify")]
    proc = subprocess.run(shlex.split(line), cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


# -- F: the manifest's fingerprint, reserved names, names that survive a second pass ------------


def test_a_manifest_naming_another_signer_fingerprint_is_refused(built, signer):
    key, cert = signer
    files = unpack(built.data)
    manifest = json.loads(files["manifest.json"])
    manifest["signer_fingerprint_sha256"] = "AB:" * 31 + "AB"
    raw = (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
    files["manifest.json"] = raw
    files["manifest.json.p7s"] = packet_mod._sign(raw, key, cert)  # a genuine signature over the lie
    assert refusal(repack(built, files)).reason == "signer_mismatch"


@pytest.mark.parametrize("name", ["attachments/COM0.txt", "attachments/lpt0", "attachments/Lpt0.pdf"])
def test_com0_and_lpt0_are_reserved_names_too(built, name):
    assert {"COM0", "LPT0"} <= WINDOWS_RESERVED
    assert refusal(hostile(built, name)).reason == "unsafe_name"
    assert safe_attachment_names([name.rsplit("/", 1)[1]])[0].startswith("file_")


def test_attachment_names_come_back_unchanged_from_a_second_pass():
    hostile_names = ["a" * 300 + ".jpg", "A" * 300 + ".JPG", "b" * 300, "B" * 300, "x.jpg", "x.jpg", "x-2.jpg"]
    names = safe_attachment_names(
        [*hostile_names, "photo_.", "é.", "name." + "e" * 40, "Café menu.pdf", "CON", "_.txt"]
    )
    assert safe_attachment_names(names) == names
    assert all(len(n) <= 100 and not n.endswith((".", "_", " ", "-")) for n in names)
    assert len({n.casefold() for n in names}) == len(names)
