"""Attachments: evidence files (photos of notes, letters, screenshots), never altered."""

from __future__ import annotations

import re
from typing import ClassVar
from uuid import UUID

from pydantic import field_validator

from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.domain.records import Record, join_words

__all__ = [
    "MAX_ATTACHMENT_BYTES",
    "SNIFF_BYTES",
    "AttachmentMeta",
    "check_attachment_size",
    "describe_media_type",
    "sniff_media_type",
    "viewable_inside",
]

MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024

_MB = 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")
_MEDIA_TYPE = re.compile(r"[A-Za-z0-9][\w.+-]*/[A-Za-z0-9][\w.+-]*")


# Enough of a file's start to recognise every format below (PDF allows junk before its marker).
SNIFF_BYTES = 1024

# Formats the app can show from memory with Qt's own decoders. Anything else (Word, email,
# video, SVG, HTML) could run scripts or need another program, so it only leaves by export.
_VIEWABLE = frozenset({"image/png", "image/jpeg", "image/gif", "image/bmp", "image/webp", "application/pdf"})

_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
_OUTLOOK = "application/vnd.ms-outlook"

_BY_EXTENSION: dict[str, str] = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "bmp": "image/bmp",
    "webp": "image/webp",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "heic": "image/heic",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": _DOCX,
    "odt": "application/vnd.oasis.opendocument.text",
    "rtf": "application/rtf",
    "xls": "application/vnd.ms-excel",
    "xlsx": _XLSX,
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": _PPTX,
    "eml": "message/rfc822",
    "msg": _OUTLOOK,
    "txt": "text/plain",
    "csv": "text/csv",
    "htm": "text/html",
    "html": "text/html",
    "zip": "application/zip",
    "mp4": "video/mp4",
    "m4v": "video/mp4",
    "mov": "video/quicktime",
    "avi": "video/x-msvideo",
    "wmv": "video/x-ms-wmv",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "wav": "audio/wav",
}

# Containers whose magic says only "zip" or "OLE": the extension tells which document it is.
_ZIP_KINDS = {"docx": _DOCX, "xlsx": _XLSX, "pptx": _PPTX, "odt": "application/vnd.oasis.opendocument.text"}
_OLE_KINDS = {"doc": "application/msword", "xls": "application/vnd.ms-excel", "ppt": "application/vnd.ms-powerpoint"}
_OLE_KINDS["msg"] = _OUTLOOK

# Header names that open an email saved from a mail program (RFC 5322 / mbox).
_EMAIL_START = re.compile(
    rb"(From |Return-Path:|Received:|Delivered-To:|Message-ID:|MIME-Version:|Date:|From:|To:|Subject:|X-[\w-]+:)",
    re.IGNORECASE,
)

_NAMES: dict[str, str] = {
    "image/png": "PNG image",
    "image/jpeg": "JPEG photo",
    "image/gif": "GIF image",
    "image/bmp": "BMP image",
    "image/webp": "WebP image",
    "image/tiff": "TIFF image",
    "image/heic": "HEIC photo",
    "image/svg+xml": "SVG drawing",
    "application/pdf": "PDF document",
    "application/msword": "Word document (old format)",
    _DOCX: "Word document",
    "application/vnd.oasis.opendocument.text": "OpenDocument text",
    "application/rtf": "Rich Text document",
    "application/vnd.ms-excel": "Excel spreadsheet (old format)",
    _XLSX: "Excel spreadsheet",
    "application/vnd.ms-powerpoint": "PowerPoint presentation (old format)",
    _PPTX: "PowerPoint presentation",
    "message/rfc822": "Email",
    _OUTLOOK: "Outlook email",
    "text/plain": "Text file",
    "text/csv": "CSV spreadsheet",
    "text/html": "Web page",
    "application/zip": "ZIP archive",
    "audio/mpeg": "MP3 audio",
    "audio/mp4": "M4A audio",
    "audio/wav": "WAV audio",
    "video/mp4": "MP4 video",
    "video/quicktime": "QuickTime video",
    "video/x-msvideo": "AVI video",
    "video/x-ms-wmv": "Windows Media video",
}


def _extension(filename: str) -> str:
    _, dot, ext = filename.rpartition(".")
    return ext.lower() if dot else ""


def _by_magic(head: bytes, ext: str) -> str | None:
    """The type the content itself proves, or None when the start is not a known signature."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith(b"BM") and len(head) >= 14 and head[6:10] == b"\0\0\0\0":
        return "image/bmp"
    if head.startswith(b"RIFF") and len(head) >= 12:
        return {b"WEBP": "image/webp", b"AVI ": "video/x-msvideo", b"WAVE": "audio/wav"}.get(head[8:12])
    if head.startswith((b"II*\0", b"MM\0*")):
        return "image/tiff"
    if b"%PDF-" in head[:SNIFF_BYTES]:
        return "application/pdf"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"mif1"):
            return "image/heic"
        if brand == b"qt  ":
            return "video/quicktime"
        if brand == b"M4A ":
            return "audio/mp4"
        return "video/mp4"
    if head.startswith(b"PK\x03\x04"):
        return _ZIP_KINDS.get(ext, "application/zip")
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _OLE_KINDS.get(ext, "application/x-ole-storage")
    if head.startswith(b"{\\rtf"):
        return "application/rtf"
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3"):
        return "audio/mpeg"
    if head.startswith(b"0&\xb2u\x8ef\xcf\x11"):
        return "video/x-ms-wmv"
    return None


def _is_text(head: bytes) -> bool:
    if b"\0" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut off by the sniff window is still text.
        return exc.start >= len(head) - 3
    return True


def sniff_media_type(filename: str, head: bytes) -> str:
    """Return the media type of a file from its first bytes, falling back to its extension.

    The content wins whenever it carries a known signature, so a PDF renamed ``photo.png``
    is treated as a PDF. Containers that look alike inside (a Word file is a ZIP) are told
    apart by the extension. An email saved as text is recognised by its header lines.
    """
    head = head[:SNIFF_BYTES]
    ext = _extension(filename)
    found = _by_magic(head, ext)
    if found is not None:
        return found
    if ext in _BY_EXTENSION:
        return _BY_EXTENSION[ext]
    if head and _is_text(head):
        return "message/rfc822" if _EMAIL_START.match(head.lstrip()) else "text/plain"
    return "application/octet-stream"


def viewable_inside(media_type: str) -> bool:
    """Whether the app can show this type from memory (images and PDFs), never via a file."""
    return media_type.lower() in _VIEWABLE


def describe_media_type(media_type: str) -> str:
    """A short name for a file type that a practitioner recognises ("Word document")."""
    media_type = media_type.lower()
    if media_type in _NAMES:
        return _NAMES[media_type]
    major = media_type.partition("/")[0]
    return {"image": "Image", "video": "Video", "audio": "Audio", "text": "Text file"}.get(major, "Other file")


def check_attachment_size(size: int, limit: int = MAX_ATTACHMENT_BYTES) -> None:
    """Raise DomainError, naming both sizes in MB, when a file is larger than ``limit``."""
    if size < 0:
        raise DomainError("The file size cannot be negative.")
    if size > limit:
        raise DomainError(
            f"This file is {size / _MB:.1f} MB, which is over the {limit / _MB:g} MB limit "
            "for attachments; please attach a smaller file."
        )


class AttachmentMeta(Record):
    """What the store knows about an attached file; the bytes themselves live elsewhere."""

    KIND: ClassVar[str] = "attachment"

    filename: str
    media_type: str = "application/octet-stream"
    size: int
    # The fingerprint proves later that the evidence is the file that was attached.
    sha256: str
    description: str = ""
    linked_record_id: UUID | None = None
    child_id: UUID | None = None

    @field_validator("filename")
    @classmethod
    def _filename(cls, value: str) -> str:
        if not value:
            raise DomainError("The file needs a name.")
        if "/" in value or "\\" in value or value in (".", ".."):
            raise DomainError("The file name must not include a folder.")
        return value

    @field_validator("media_type")
    @classmethod
    def _media_type(cls, value: str) -> str:
        if not _MEDIA_TYPE.fullmatch(value):
            raise DomainError("The file type is not recognised.")
        return value.lower()

    @field_validator("size")
    @classmethod
    def _size(cls, value: int) -> int:
        check_attachment_size(value)
        return value

    @field_validator("sha256")
    @classmethod
    def _sha256(cls, value: str) -> str:
        digest = value.lower()
        if not _SHA256.fullmatch(digest):
            raise DomainError("The file fingerprint is damaged; please attach the file again.")
        return digest

    def title(self) -> str:
        """Return the file name."""
        return self.filename

    def search_text(self) -> str:
        """Return the file name and description for the full-text index."""
        return join_words(self.filename, self.description)

    def linked_child_ids(self) -> set[UUID]:
        """Return the child the file is about, if any."""
        return {self.child_id} if self.child_id is not None else set()
