"""Signed content packs: how a partnership issues a new edition of the threshold guide.

A pack (`.sgpack`) is a ZIP, so that any office computer can open it, holding exactly:

- `guide.json`: the content; its exact bytes are what is signed;
- `guide.json.sig`: the raw 64-byte Ed25519 signature over those bytes;
- `signer.pem`: the signer's public key, for display and for checking with openssl;
- `README.txt`: what the pack is and how to check it with standard tools.

Trust never comes from the pack: a signature counts only when it verifies under one of the
keys this computer trusts (shipped with the app, or placed by the organisation's IT in a
folder that users cannot write to). Nothing is stored unless every check passes.
"""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import ValidationError

from safeguard_desktop.domain.ukdates import format_date, uk_today
from safeguard_desktop.thresholds.guide import FORMAT_VERSION, GuideEdition, ThresholdGuide
from safeguard_desktop.thresholds.pack_refusals import (
    AlreadyInstalled,
    DifferentGuide,
    FutureEdition,
    InvalidContent,
    NotAPack,
    NoTrustedKey,
    OlderEdition,
    PackParts,
    PackRefused,
    Tampered,
    UntrustedSigner,
)
from safeguard_desktop.thresholds.trust import (
    fingerprint,
    format_fingerprint,
    managed_trust_dir,
    public_key_from_pem,
    public_key_pem,
    raw_key,
    trust_report,
    trusted_keys,
)

if TYPE_CHECKING:
    from safeguard_desktop.vault.session import Vault

__all__ = [
    "PACK_SUFFIX",
    "AlreadyInstalled",
    "DifferentGuide",
    "FutureEdition",
    "InvalidContent",
    "NoTrustedKey",
    "NotAPack",
    "OlderEdition",
    "PackParts",
    "PackRefused",
    "Tampered",
    "UntrustedSigner",
    "VerifiedPack",
    "check_not_future",
    "fingerprint",
    "format_fingerprint",
    "install_pack",
    "managed_trust_dir",
    "public_key_pem",
    "read_pack",
    "sign_pack",
    "trust_report",
    "trusted_keys",
]

PACK_SUFFIX = ".sgpack"
GUIDE, SIGNATURE, SIGNER, README = "guide.json", "guide.json.sig", "signer.pem", "README.txt"
# Each part's largest allowed size once unpacked: a pack is read into memory, so a ZIP bomb
# must be refused before it is inflated. The shipped guide is about 30 KB.
_LIMITS = {GUIDE: 4 * 1024 * 1024, SIGNATURE: 64, SIGNER: 4096, README: 64 * 1024}
MAX_PACK_BYTES = 8 * 1024 * 1024
_MAX_ERRORS_SHOWN = 5
_MAX_NAMES_SHOWN = 5

_README_TEXT = """\
Threshold guide content pack for safeguard-desktop
==================================================

This file is a signed edition of a threshold guide: guidance for practitioners on levels of
need. It holds no information about any child or family.

  guide.json      the guide's content (JSON)
  guide.json.sig  the Ed25519 signature over guide.json, exactly as it is
  signer.pem      the public key of whoever signed it

safeguard-desktop installs a pack only when the signature verifies under a key this computer
already trusts (placed by your organisation's IT), whatever signer.pem says. To check a pack
yourself with standard tools, unzip it and run:

  openssl pkeyutl -verify -pubin -inkey signer.pem -rawin -in guide.json -sigfile guide.json.sig

"Signature Verified Successfully" means guide.json is exactly what the holder of that key
signed. Then compare the key's fingerprint with the one your partnership publishes:

  openssl pkey -pubin -in signer.pem -outform DER | tail -c 32 | sha256sum

(Use the partnership's own public key file instead of signer.pem to check against it directly.)
The SHA-256 of guide.json (sha256sum guide.json) is the digest that safeguard-desktop records
with every decision this edition informs.
"""


@dataclass(frozen=True)
class VerifiedPack:
    """A pack whose signature verified under a trusted key and whose content is valid."""

    guide: ThresholdGuide
    raw: bytes
    signature: bytes
    signer_key: bytes
    fingerprint: str

    @property
    def edition(self) -> GuideEdition:
        """The edition the pack holds."""
        return self.guide.edition()

    @property
    def fingerprint_display(self) -> str:
        """The signer's fingerprint, grouped in fours."""
        return format_fingerprint(self.fingerprint)


def validate_content(raw: bytes) -> ThresholdGuide:
    """Parse guide content, or raise InvalidContent listing (at most five) problems readably."""
    try:
        return ThresholdGuide.from_json(raw)
    except ValidationError as exc:
        newer = _newer_format(raw)
        if newer is not None:
            raise InvalidContent(
                f"This guide is in content format {newer}, newer than this version of safeguard-desktop reads "
                f"(format {FORMAT_VERSION}). Update the app, then install the pack again."
            ) from exc
        raise InvalidContent("The guide's content is not valid:\n" + _describe(exc)) from exc


def _newer_format(raw: bytes) -> int | None:
    try:
        value = json.loads(raw).get("format")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, int) and value > FORMAT_VERSION else None


def _describe(exc: ValidationError) -> str:
    errors = exc.errors(include_url=False)
    lines = []
    for error in errors[:_MAX_ERRORS_SHOWN]:
        where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error["loc"]).lstrip(".")
        message = str(error["msg"]).removeprefix("Value error, ")
        lines.append(f"  - {where or 'the guide'}: {message}")
    if len(errors) > _MAX_ERRORS_SHOWN:
        lines.append(f"  … and {len(errors) - _MAX_ERRORS_SHOWN} more.")
    return "\n".join(lines)


def check_not_future(edition: GuideEdition) -> None:
    """Raise FutureEdition when an edition is dated after today's date in the UK.

    Editions are ordered by date, so one dated in the future by mistake would stay the
    edition in use and make every later, correctly dated edition look older.
    """
    today = uk_today()
    if edition.published > today:
        raise FutureEdition(
            f"This guide is dated {format_date(edition.published)}, which is after today ({format_date(today)}). "
            "An edition cannot be used before the date it was published: check the date in the guide's source "
            "(or, if this computer's date is wrong, correct it)."
        )


def sign_pack(guide_json: bytes, private_key: Ed25519PrivateKey) -> bytes:
    """Validate guide content and return a signed pack of it (the partnership's tool).

    The pack carries the content in its canonical form, so that the SHA-256 of `guide.json`
    is the very digest each decision records. InvalidContent when the content is not valid,
    FutureEdition when it is dated after today.
    """
    guide = validate_content(guide_json)
    check_not_future(guide.edition())
    content = guide.canonical_bytes()
    parts = {
        README: _README_TEXT.encode("utf-8"),
        GUIDE: content,
        SIGNATURE: private_key.sign(content),
        SIGNER: public_key_pem(private_key.public_key()),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            # A fixed timestamp: the same content and key make the same pack.
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _unpack(data: bytes) -> dict[str, bytes]:
    """Read exactly the four parts, refusing anything else before inflating anything large."""
    if len(data) > MAX_PACK_BYTES:
        raise PackParts(f"This pack is larger than any guide could be ({len(data) // 1024} KB); it was not opened.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise NotAPack("This file is not a threshold guide pack (it is not a ZIP file, or it is damaged).") from exc
    with archive:
        infos = archive.infolist()
        # Every check below is linear in the number of entries, and none runs unless the
        # count is already wrong or exactly right: a ZIP of thousands of entries costs nothing.
        problem = _parts_problem([info.filename for info in infos])
        if problem is None and len(infos) != len(_LIMITS):
            problem = f"This pack holds {len(infos):,} files; a threshold guide pack holds exactly {len(_LIMITS)}."
        if problem is not None:
            raise PackParts(problem)
        parts: dict[str, bytes] = {}
        for info in infos:
            limit = _LIMITS[info.filename]
            if info.file_size > limit:
                raise PackParts(f"{info.filename} in this pack is too large ({info.file_size:,} bytes); not opened.")
            if info.flag_bits & 0x1:
                raise PackParts(f"{info.filename} in this pack is password-protected; packs are never encrypted.")
            try:
                with archive.open(info) as member:
                    content = member.read(limit + 1)
            except (zipfile.BadZipFile, zlib.error, NotImplementedError, ValueError, OSError, EOFError) as exc:
                raise NotAPack(f"This pack is damaged: {info.filename} cannot be read from it.") from exc
            if len(content) > limit:
                raise PackParts(f"{info.filename} in this pack is too large; it was not opened.")
            parts[info.filename] = content
    return parts


def _shown(names: Iterable[str]) -> str:
    """Names for a message: at most five, then how many more (a crafted ZIP may hold thousands)."""
    listed = list(names)
    shown = ", ".join(repr(name) if _unsafe_path(name) else name for name in listed[:_MAX_NAMES_SHOWN])
    more = len(listed) - _MAX_NAMES_SHOWN
    return f"{shown} and {more:,} more" if more > 0 else shown


def _unsafe_path(name: str) -> bool:
    return name.startswith(("/", "\\")) or "\\" in name or ".." in name.split("/") or ":" in name


def _parts_problem(names: list[str]) -> str | None:
    """What is wrong with a pack's list of entries, in one sentence, or None if it is exactly right."""
    if len(names) > 4 * len(_LIMITS):
        return f"This pack holds {len(names):,} files; a threshold guide pack holds exactly {len(_LIMITS)}."
    unsafe = [name for name in names if _unsafe_path(name)]
    if unsafe:
        return f"This pack holds a file with an unsafe path ({_shown(unsafe)}); it was not opened."
    counts = Counter(names)
    repeated = sorted(name for name, n in counts.items() if n > 1)
    if repeated:
        return f"This pack holds {_shown(repeated)} more than once; it was not opened."
    extra = sorted(set(counts) - set(_LIMITS))
    if extra:
        return f"This pack holds files a threshold guide pack never has: {_shown(extra)}."
    missing = [name for name in _LIMITS if name not in counts]
    if missing:
        return f"This pack is incomplete: {_shown(missing)} is missing."
    return None


def read_pack(data: bytes, trusted: Sequence[Ed25519PublicKey]) -> VerifiedPack:
    """Check a pack and return its content, or raise the PackRefused subclass that says why.

    The signature is tried under every trusted key; `signer.pem` only tells an untrusted
    signer (a good signature by a stranger) apart from tampering (no key's signature fits).
    """
    parts = _unpack(data)
    raw, signature = parts[GUIDE], parts[SIGNATURE]
    if len(signature) != 64:
        raise PackParts("guide.json.sig in this pack is not an Ed25519 signature (it must be exactly 64 bytes).")
    if not trusted:
        raise NoTrustedKey(
            "No partnership key has been set up on this computer, so no guide pack can be installed. "
            "Ask your IT team to install the safeguarding partnership's public key (the guide "
            "docs/threshold-packs.md, 'For IT', explains how)."
        )
    signer = _trusted_signer(raw, signature, trusted)
    if signer is None:
        claimed = public_key_from_pem(parts[SIGNER])
        if claimed is not None and _verifies(claimed, signature, raw):
            raise UntrustedSigner(
                "This pack is signed by a key this computer does not trust (fingerprint "
                f"{format_fingerprint(fingerprint(claimed))}). Only packs signed with a key your organisation's IT "
                "has installed are accepted."
            )
        raise Tampered(
            "This pack's signature does not match its content: the guide was changed after it was signed, "
            "or the pack is damaged. Ask the partnership for a fresh copy."
        )
    claimed = public_key_from_pem(parts[SIGNER])
    if claimed is None or raw_key(claimed) != raw_key(signer):
        raise PackParts("signer.pem in this pack is not the key that signed it; the pack was not installed.")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidContent("The guide's content is not UTF-8 text.") from exc
    guide = validate_content(raw)
    check_not_future(guide.edition())
    return VerifiedPack(guide, raw, signature, raw_key(signer), fingerprint(signer))


def _verifies(key: Ed25519PublicKey, signature: bytes, data: bytes) -> bool:
    try:
        key.verify(signature, data)
    except InvalidSignature:
        return False
    return True


def _trusted_signer(raw: bytes, signature: bytes, trusted: Sequence[Ed25519PublicKey]) -> Ed25519PublicKey | None:
    return next((key for key in trusted if _verifies(key, signature, raw)), None)


# -- installing ------------------------------------------------------------------------------


def install_pack(vault: Vault, data: bytes, trusted: Sequence[Ed25519PublicKey]) -> GuideEdition:
    """Check a pack and, if it is a newer edition of this app's guide, keep it in the vault.

    Every check runs before anything is written, inside one write transaction, so nothing
    is stored unless the pack passes them all. Returns the edition now current.
    """
    from safeguard_desktop.thresholds import library  # library reads packs' editions; import late

    pack = read_pack(data, trusted)
    new = pack.edition
    with vault.batch():
        current = library.current_edition(vault, trusted)
        if new.guide_id != current.guide_id:
            raise DifferentGuide(
                f"This pack holds a different guide ('{new.title}', ID {new.guide_id}) from the one this app uses "
                f"('{current.title}'); nothing was changed."
            )
        if new.digest == current.digest:
            raise AlreadyInstalled(f"This edition is already the one in use: {current.citation()}.")
        if new.order() < current.order():
            raise OlderEdition(
                f"This pack holds an older edition ({new.citation()}) than the one in use ({current.citation()}). "
                "Nothing was changed."
            )
        if new.order() == current.order():
            raise AlreadyInstalled(
                f"An edition with the same date and revision is already in use ({current.citation()}), with "
                "different content. The partnership must raise the revision number for a changed guide."
            )
        vault.content.install(
            kind=library.GUIDE_KIND,
            digest=new.digest,
            content_id=new.guide_id,
            edition=new.edition,
            published=new.published,
            revision=new.revision,
            payload=pack.raw,
            signature=pack.signature,
            signer_key=pack.signer_key,
        )
    return new
