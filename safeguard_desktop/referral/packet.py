"""Pack a referral's contents into one signed ZIP, encrypted to the destination when it can be.

The ZIP holds a manifest (every other file's path, size and SHA-256), a detached CMS signature
over the manifest's exact bytes, the signer's certificate, a README in plain words, and the
referral itself. It is built deterministically: a fixed order, every entry dated with the
packet's UTC creation time (never a local clock), Unix attributes 0644, no extra fields, so that
`verify.py` can hold every header byte to account and any change anywhere is refused.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.ciphers import algorithms
from cryptography.hazmat.primitives.serialization import pkcs7

from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.referral import cms
from safeguard_desktop.referral.contents import PacketContents

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "WINDOWS_RESERVED",
    "BuiltPacket",
    "PacketError",
    "build_packet",
    "expected_entry_layout",
    "fingerprint",
    "safe_attachment_names",
]

FORMAT_NAME = "safeguard-desktop referral packet"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.p7s"
SIGNER = "signer.pem"
README = "README.txt"
ATTACHMENTS_DIR = "attachments/"
_UNIX_REGULAR_0644 = (0o100644 << 16) & 0xFFFFFFFF
# Names Windows will not create a file under, whatever the extension (COM0/LPT0 included: some
# Windows versions reserve them). One set for making packets (assemble, here) and checking them.
WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"} | {f"COM{i}" for i in range(10)} | {f"LPT{i}" for i in range(10)}
)
_MAX_NAME = 100


class PacketError(SafeguardError):
    """A packet could not be made (for instance, the destination's certificate will not do)."""


@dataclass(frozen=True)
class BuiltPacket:
    """A finished packet: the bytes to save or send, and what identifies them."""

    packet_id: str
    data: bytes
    sha256: str
    encrypted: bool
    file_name: str
    signer_fingerprint: str


def fingerprint(cert: x509.Certificate) -> str:
    """The certificate's SHA-256 fingerprint as `openssl x509 -fingerprint -sha256` prints it."""
    return ":".join(f"{b:02X}" for b in cert.fingerprint(hashes.SHA256()))


def new_packet_id() -> str:
    """A fresh packet id: "SGP-" and 20 base32 characters (100 random bits)."""
    return "SGP-" + base64.b32encode(secrets.token_bytes(13)).decode("ascii")[:20]


def _fit(stem: str, ext: str, limit: int = _MAX_NAME) -> str:
    """`stem.ext` cut to `limit` characters, the extension kept, never ending in a dot or space."""
    if ext:
        stem = stem[: max(1, limit - len(ext) - 1)].rstrip("._ -") or "attachment"
        return f"{stem}.{ext}"
    return stem[:limit].rstrip("._ -") or "attachment"


def _safe_stem(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    ascii_name = ascii_name.replace("\\", "/").rsplit("/", 1)[-1]  # never a folder, whatever was typed
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_name).strip("._ -")
    cleaned = re.sub(r"_+", "_", cleaned)
    if not cleaned:
        cleaned = "attachment"
    if cleaned.split(".", 1)[0].upper() in WINDOWS_RESERVED:
        cleaned = "file_" + cleaned
    stem, dot, ext = cleaned.rpartition(".")
    return _fit(stem, ext) if dot and len(ext) <= 10 else _fit(cleaned, "")


def safe_attachment_names(names: list[str]) -> list[str]:
    """Plain ASCII file names, unique even to a case-blind file system, in the order given.

    The one naming rule for attachments: `assemble` names them with it for referral.json and
    referral.pdf, and `build_packet` applies it again when zipping. Names it made come back
    unchanged, so the names the referral lists are the names in the ZIP.
    """
    taken: set[str] = set()
    result: list[str] = []
    for name in names:
        base = _safe_stem(name)
        stem, dot, ext = base.rpartition(".")
        if not dot:
            stem, ext = base, ""
        candidate, n = base, 1
        while candidate.casefold() in taken:
            n += 1
            suffix = f"-{n}"
            candidate = _fit(stem[: max(1, _MAX_NAME - len(suffix) - (len(ext) + 1 if ext else 0))] + suffix, ext)
        taken.add(candidate.casefold())
        result.append(candidate)
    return result


def expected_entry_layout(path: str) -> int:
    """The compression method the format uses for a path (the verifier insists on it).

    Every entry is stored, not deflated: a deflate stream can take a changed byte (in the
    padding of its last block) and still inflate to the same content, and "a changed byte
    anywhere" must be refused. Stored, every byte is covered by the manifest's SHA-256. PDFs
    and photos are compressed already; the text files are small.
    """
    del path  # one rule for every entry, kept as a function so both sides ask the same question
    return zipfile.ZIP_STORED


def _readme(contents: PacketContents, packet_id: str, fp: str, subject: str, file_name: str) -> bytes:
    demo = (
        "\nTHIS IS A DEMONSTRATION PACKET made from invented records. It concerns no real child.\n"
        if contents.demo
        else ""
    )
    text = f"""SAFEGUARDING REFERRAL PACKET {packet_id}
OFFICIAL-SENSITIVE. It concerns a child; keep it only where you keep safeguarding records.
{demo}
What this is
------------
A referral made with safeguard-desktop. referral.pdf is the readable referral; referral.json
holds the same referral for systems; chronology.csv is the chronology excerpt; attachments/
holds the files the referrer chose to send. manifest.json lists every file with its size and
SHA-256 digest, and manifest.json.p7s is a digital signature over the manifest.

Signed by: {subject}
Signer's certificate fingerprint (SHA-256):
  {fp}

What the signature proves, and what it does not
------------------------------------------------
If the signature verifies, nothing in this packet has changed since it was signed: not a byte
of the manifest, and so (through the digests) not a byte of any file.

The certificate may be self-signed, made on the referrer's own computer. Then the signature
does NOT prove who the signer is: anyone can make a certificate with any name in it. It proves
that only when you have confirmed the fingerprint above with the referrer by another route
(read it to each other over the phone), or when the certificate was issued by their
organisation and your system trusts that organisation.

How to check it
---------------
With safeguard-desktop:
  safeguard-desktop verify {file_name}

With OpenSSL (any computer). Unzip the packet into a folder, then in that folder:
  openssl cms -verify -binary -inform DER -in manifest.json.p7s -content manifest.json \\
      -CAfile signer.pem -partial_chain -out /dev/null
  openssl x509 -in signer.pem -noout -fingerprint -sha256
  sha256sum referral.json referral.pdf chronology.csv README.txt signer.pem attachments/*
Compare each digest with manifest.json, and the fingerprint with the one the referrer gives you.
(-partial_chain lets signer.pem itself be trusted, so the command works whether the certificate
is self-signed or was issued by the referrer's organisation. It shows the packet is unchanged;
who signed it is shown by the fingerprint check, or by checking the certificate against your
own copy of the organisation's certificate.)
(On Windows, "certutil -hashfile FILE SHA256" prints a file's digest, and -out NUL replaces
-out /dev/null.)
"""
    return text.encode("utf-8")


def _manifest(contents: PacketContents, packet_id: str, created: str, fp: str, files: list[tuple[str, bytes]]) -> bytes:
    sender = contents.sender
    body: dict[str, Any] = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "packet_id": packet_id,
        "created": created,
        "referral_id": contents.referral_id,
        "destination": contents.destination,
        "sender": {
            "name": sender.name,
            "role": sender.role,
            "organisation": sender.organisation,
            "contact": sender.contact,
        },
        "demo": contents.demo,
        "audit_chain_head": {"sequence": contents.audit_head[0], "hash": contents.audit_head[1]},
        "signer_fingerprint_sha256": fp,
        "files": [{"path": p, "size": len(d), "sha256": hashlib.sha256(d).hexdigest()} for p, d in files],
    }
    return (json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _sign(manifest: bytes, key: Any, cert: x509.Certificate) -> bytes:
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise PacketError("The signing key must be an EC or RSA private key.")
    if cert.public_key() != key.public_key():
        raise PacketError("The signing key does not belong to the signing certificate.")
    options = [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary, pkcs7.PKCS7Options.NoCapabilities]
    builder = pkcs7.PKCS7SignatureBuilder().set_data(manifest).add_signer(cert, key, hashes.SHA256())
    signature = builder.sign(serialization.Encoding.DER, options)
    public = key.public_key()
    return cms.low_s(signature, public) if isinstance(public, ec.EllipticCurvePublicKey) else signature


def _zip(entries: list[tuple[str, bytes]], created_utc: tuple[int, int, int, int, int, int]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for path, data in entries:
            info = zipfile.ZipInfo(path, date_time=created_utc)
            info.create_system = 3  # Unix, on every platform, so the bytes do not depend on the sender's OS
            info.external_attr = _UNIX_REGULAR_0644
            info.compress_type = expected_entry_layout(path)
            zf.writestr(info, data)
    return out.getvalue()


def _encrypt(data: bytes, recipient: x509.Certificate) -> bytes:
    if not isinstance(recipient.public_key(), rsa.RSAPublicKey):
        raise PacketError(
            "The destination's certificate does not hold an RSA key, so the packet cannot be encrypted to it. "
            "Ask the destination for an RSA encryption certificate."
        )
    builder = (
        pkcs7.PKCS7EnvelopeBuilder()
        .set_data(data)
        .add_recipient(recipient)
        .set_content_encryption_algorithm(algorithms.AES256)
    )
    return builder.encrypt(serialization.Encoding.DER, [pkcs7.PKCS7Options.Binary])


def build_packet(
    contents: PacketContents,
    *,
    signer_key: Any,
    signer_cert: x509.Certificate,
    recipient_cert: x509.Certificate | None = None,
) -> BuiltPacket:
    """Zip, sign and (given the destination's RSA certificate) encrypt a referral's contents.

    Returns the packet's bytes; nothing is written to disk here, so the caller decides where the
    packet goes and logs the export in the same step.
    """
    created_at = contents.created_at.astimezone(UTC).replace(microsecond=0)
    created = created_at.isoformat().replace("+00:00", "Z")
    # ZIP dates have no time zone: recording UTC keeps the sender's clock setting out of the packet.
    date_time = (
        max(created_at.year, 1980),
        created_at.month,
        created_at.day,
        created_at.hour,
        created_at.minute,
        created_at.second - created_at.second % 2,  # ZIP keeps even seconds only
    )
    packet_id = new_packet_id()
    fp = fingerprint(signer_cert)
    subject = signer_cert.subject.rfc4514_string()
    file_name = f"referral-{packet_id}.{'p7m' if recipient_cert is not None else 'zip'}"
    names = safe_attachment_names([a.name for a in contents.attachments])
    files: list[tuple[str, bytes]] = [
        (README, _readme(contents, packet_id, fp, subject, file_name)),
        (SIGNER, signer_cert.public_bytes(serialization.Encoding.PEM)),
        ("referral.json", contents.referral_json),
        ("referral.pdf", contents.referral_pdf),
        ("chronology.csv", contents.chronology_csv),
    ]
    files += [(ATTACHMENTS_DIR + name, a.data) for name, a in zip(names, contents.attachments, strict=True)]
    manifest = _manifest(contents, packet_id, created, fp, files)
    signature = _sign(manifest, signer_key, signer_cert)
    data = _zip([(MANIFEST, manifest), (SIGNATURE, signature), *files], date_time)
    if recipient_cert is not None:
        data = _encrypt(data, recipient_cert)
    return BuiltPacket(
        packet_id=packet_id,
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        encrypted=recipient_cert is not None,
        file_name=file_name,
        signer_fingerprint=fp,
    )
