"""Check a referral packet: decrypt it if need be, then refuse it unless every byte holds.

A packet is accepted only when its ZIP is laid out exactly as `packet.py` makes it (so no header
byte can change unnoticed), every name is safe to unpack on Windows, macOS and Linux, every file
matches the manifest's size and SHA-256, no file is missing or extra, and the manifest's CMS
signature verifies with the certificate the packet carries. Each refusal names its problem.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs7

from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.referral import cms
from safeguard_desktop.referral.packet import (
    _UNIX_REGULAR_0644,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST,
    SIGNATURE,
    SIGNER,
    WINDOWS_RESERVED,
    expected_entry_layout,
    fingerprint,
)

__all__ = ["MAX_ENTRY_BYTES", "MAX_PACKET_BYTES", "PacketFile", "PacketRefused", "VerifiedPacket", "verify_packet"]

MAX_PACKET_BYTES = 600 * 1024 * 1024
MAX_ENTRY_BYTES = 250 * 1024 * 1024
MAX_TOTAL_BYTES = 600 * 1024 * 1024
MAX_ENTRIES = 1000
_ZIP_MAGIC = b"PK\x03\x04"
_LOCAL = struct.Struct("<4sHHHHHIIIHH")
_CENTRAL = struct.Struct("<4sBBBBHHHHIIIHHHHHII")
_END = struct.Struct("<4sHHHHIIH")
_NAME_PART = re.compile(r"[A-Za-z0-9._-]+")


class PacketRefused(SafeguardError):
    """Verification refused the packet; `reason` is a stable code, the message says why in words."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class PacketFile:
    """One file the manifest lists, as checked."""

    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class VerifiedPacket:
    """A packet that passed every check."""

    manifest: dict[str, Any]
    files: list[PacketFile]
    signer_fingerprint: str
    signer_subject: str
    encrypted: bool

    @property
    def packet_id(self) -> str:
        """The packet's id, from its signed manifest."""
        return str(self.manifest["packet_id"])


def _decrypt(data: bytes, key: Any, cert: x509.Certificate | None) -> bytes:
    if key is None or cert is None:
        raise PacketRefused(
            "encrypted",
            "This packet is encrypted (or is not a ZIP at all). Give the recipient's private key and certificate "
            "(--key and --cert) to open it.",
        )
    try:
        return pkcs7.pkcs7_decrypt_der(data, cert, key, [])
    except (ValueError, TypeError) as exc:
        raise PacketRefused(
            "cannot_decrypt",
            "The packet could not be decrypted with that key and certificate: it was not encrypted to them, "
            "or it has been damaged.",
        ) from exc


def _name_problem(name: str) -> str | None:
    """Why a name is unsafe to unpack anywhere, or None."""
    if "\\" in name:
        return "contains a backslash"
    if name.startswith("/"):
        return "is an absolute path"
    if re.match(r"^[A-Za-z]:", name):
        return "starts with a drive letter"
    if not name.isascii() or any(ord(c) < 0x20 or c == "\x7f" for c in name):
        return "is not plain ASCII"
    for part in name.split("/"):
        if part in ("", ".", ".."):
            return "climbs out of the packet's folder (..)" if part == ".." else "has an empty or '.' component"
        if part.split(".", 1)[0].rstrip(" ").upper() in WINDOWS_RESERVED:
            return f"uses the Windows reserved name {part.split('.', 1)[0].upper()}"
        if not _NAME_PART.fullmatch(part) or part.endswith("."):
            return "has characters a file name must not have"
    return None


def _check_names(infos: list[zipfile.ZipInfo]) -> None:
    seen: dict[str, str] = {}
    for info in infos:
        name = info.orig_filename
        # One key catches exact duplicates, case-only ones and Unicode-normalisation-only ones.
        key = unicodedata.normalize("NFC", unicodedata.normalize("NFD", name).casefold())
        if key in seen:
            same = (
                "the same name"
                if seen[key] == name
                else f"a name that differs only by case or Unicode form from {seen[key]!r}"
            )
            raise PacketRefused("duplicate_name", f"The packet holds {name!r} twice ({same}).")
        seen[key] = name
    for info in infos:
        problem = _name_problem(info.orig_filename)
        if problem:
            raise PacketRefused("unsafe_name", f"The entry {info.orig_filename!r} {problem}; refusing the packet.")
        kind = (info.external_attr >> 16) & 0o170000
        if kind == 0o120000:
            raise PacketRefused("symlink", f"The entry {info.orig_filename!r} is a symbolic link; refusing the packet.")
        if info.is_dir() or kind not in (0, 0o100000):
            raise PacketRefused("not_a_file", f"The entry {info.orig_filename!r} is not a plain file.")


def _layout(data: bytes, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """Hold every header byte to the format, so a change outside the files' contents shows too.

    Each local header, the central directory and its end record are rebuilt from the values the
    format allows and compared byte for byte; CRCs and sizes are then checked against the data.
    """
    changed = PacketRefused("layout_changed", "The packet's ZIP structure has been altered (a header byte changed).")
    if not infos:
        raise changed
    time, date = _dos_date_time(infos[0].date_time)
    pos = 0
    central = bytearray()
    for info in infos:
        name = info.orig_filename.encode("ascii")
        method = expected_entry_layout(info.orig_filename)
        local = _LOCAL.pack(
            b"PK\x03\x04", 20, 0, method, time, date, info.CRC, info.compress_size, info.file_size, len(name), 0
        )
        if info.header_offset != pos or data[pos : pos + len(local) + len(name)] != local + name:
            raise changed
        central += (
            _CENTRAL.pack(
                b"PK\x01\x02",
                20,
                3,
                20,
                0,
                0,
                method,
                time,
                date,
                info.CRC,
                info.compress_size,
                info.file_size,
                len(name),
                0,
                0,
                0,
                0,
                _UNIX_REGULAR_0644,
                info.header_offset,
            )
            + name
        )
        pos += len(local) + len(name) + info.compress_size
    end = _END.pack(b"PK\x05\x06", 0, 0, len(infos), len(infos), len(central), pos, 0)
    if getattr(zf, "start_dir", -1) != pos or data[pos:] != bytes(central) + end:
        raise changed


def _dos_date_time(dt: tuple[int, int, int, int, int, int]) -> tuple[int, int]:
    """A ZIP header's (time, date) words."""
    return (dt[3] << 11 | dt[4] << 5 | dt[5] // 2), ((dt[0] - 1980) << 9 | dt[1] << 5 | dt[2])


def _read_entry(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """The entry's bytes, decompressed with a cap so a zip bomb stops at its stated size."""
    if info.file_size > MAX_ENTRY_BYTES:
        raise PacketRefused("oversized", f"The entry {info.orig_filename!r} is too large ({info.file_size:,} bytes).")
    name_len, extra_len = _LOCAL.unpack_from(data, info.header_offset)[9:11]
    start = info.header_offset + _LOCAL.size + name_len + extra_len
    raw = data[start : start + info.compress_size]
    damaged = PacketRefused("file_changed", f"The entry {info.orig_filename!r} is damaged.")
    complete = True
    if info.compress_type == zipfile.ZIP_STORED:
        out = raw
    else:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            # One byte past the stated size is enough to know it lies; a bomb stops there.
            out = inflater.decompress(raw, info.file_size + 1)
        except zlib.error as exc:
            raise damaged from exc
        complete = inflater.eof and not inflater.unused_data
    if len(out) > info.file_size:
        raise PacketRefused(
            "zip_bomb", f"The entry {info.orig_filename!r} decompresses to more than its stated size; refusing it."
        )
    if not complete:
        raise damaged
    if len(out) != info.file_size or zlib.crc32(out) != info.CRC:
        raise PacketRefused("file_changed", f"The entry {info.orig_filename!r} has been altered (its checksum fails).")
    return out


def _manifest(raw: bytes) -> tuple[dict[str, Any], list[PacketFile]]:
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise PacketRefused("manifest_unreadable", "manifest.json is not readable JSON.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise PacketRefused("manifest_unreadable", "manifest.json is not a safeguard-desktop packet manifest.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise PacketRefused(
            "format_version",
            f"The packet's format version is {manifest.get('format_version')!r}; this app reads version "
            f"{FORMAT_VERSION}. Update safeguard-desktop or ask the sender.",
        )
    files: list[PacketFile] = []
    try:
        for item in manifest["files"]:
            path, size, digest = item["path"], item["size"], item["sha256"]
            if not (isinstance(path, str) and isinstance(size, int) and isinstance(digest, str)):
                raise TypeError
            files.append(PacketFile(path, size, digest))
        str(manifest["packet_id"])
    except (KeyError, TypeError) as exc:
        raise PacketRefused("manifest_unreadable", "manifest.json's list of files is malformed.") from exc
    return manifest, files


def _created(manifest: dict[str, Any]) -> tuple[int, ...]:
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)Z", str(manifest.get("created", "")))
    if not m:
        raise PacketRefused("manifest_unreadable", "manifest.json's creation time is malformed.")
    parts = [int(p) for p in m.groups()]
    parts[5] -= parts[5] % 2
    return tuple(parts)


def verify_packet(data: bytes, *, key: Any = None, cert: x509.Certificate | None = None) -> VerifiedPacket:
    """Check a packet (a .zip, or a .p7m given the recipient's key and certificate); raise PacketRefused."""
    if len(data) > MAX_PACKET_BYTES:
        raise PacketRefused("oversized", f"The packet is too large to check ({len(data):,} bytes).")
    encrypted = not data.startswith(_ZIP_MAGIC)
    if encrypted:
        data = _decrypt(data, key, cert)
        if not data.startswith(_ZIP_MAGIC):
            raise PacketRefused("not_a_packet", "The decrypted content is not a ZIP packet.")
    try:
        zf = zipfile.ZipFile(BytesIO(data))
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        NotImplementedError,
        EOFError,
        struct.error,
    ) as exc:
        raise PacketRefused(
            "not_a_zip", "The packet is not a readable ZIP file (it may be damaged or cut short)."
        ) from exc
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise PacketRefused("too_many_files", f"The packet holds {len(infos)} entries; refusing it.")
    _check_names(infos)
    if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
        raise PacketRefused("oversized", "The packet's files add up to more than this app will unpack.")
    by_name = {i.orig_filename: i for i in infos}
    for required in (MANIFEST, SIGNATURE, SIGNER):
        if required not in by_name:
            raise PacketRefused("missing_file", f"The packet has no {required}.")
    _layout(data, zf, infos)
    manifest_raw = _read_entry(data, by_name[MANIFEST])
    manifest, files = _manifest(manifest_raw)
    if infos[0].date_time != _created(manifest):
        raise PacketRefused("layout_changed", "The packet's ZIP dates do not match its manifest's creation time.")
    listed = {f.path for f in files}
    if len(listed) != len(files):
        raise PacketRefused("duplicate_name", "manifest.json lists a file twice.")
    present = set(by_name) - {MANIFEST, SIGNATURE}
    if missing := sorted(listed - present):
        raise PacketRefused("missing_file", f"A file the manifest lists is missing: {missing[0]}.")
    if extra := sorted(present - listed):
        raise PacketRefused("extra_file", f"The packet holds a file the manifest does not list: {extra[0]}.")

    signer_pem = _read_entry(data, by_name[SIGNER])
    try:
        signer = x509.load_pem_x509_certificate(signer_pem)
    except ValueError as exc:
        raise PacketRefused("signer_unreadable", "signer.pem is not a readable certificate.") from exc
    try:
        cms.verify_detached(_read_entry(data, by_name[SIGNATURE]), manifest_raw, signer)
    except cms.SignatureProblem as exc:
        raise PacketRefused(exc.reason, str(exc)) from exc
    if manifest.get("signer_fingerprint_sha256") != fingerprint(signer):
        # The manifest names the certificate it was signed with; README.txt shows the same value.
        raise PacketRefused(
            "signer_mismatch",
            "manifest.json names a different signing certificate from the one in signer.pem.",
        )
    for f in files:
        content = _read_entry(data, by_name[f.path])
        if len(content) != f.size or hashlib.sha256(content).hexdigest() != f.sha256:
            raise PacketRefused("file_changed", f"{f.path} does not match the manifest: it has been altered.")
    return VerifiedPacket(
        manifest=manifest,
        files=files,
        signer_fingerprint=fingerprint(signer),
        signer_subject=signer.subject.rfc4514_string(),
        encrypted=encrypted,
    )
