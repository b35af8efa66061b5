"""Attachments: evidence files (photos of notes, letters, screenshots), never altered."""

from __future__ import annotations

import re
from typing import ClassVar
from uuid import UUID

from pydantic import field_validator

from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.domain.records import Record, join_words

__all__ = ["MAX_ATTACHMENT_BYTES", "AttachmentMeta", "check_attachment_size"]

MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024

_MB = 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")
_MEDIA_TYPE = re.compile(r"[A-Za-z0-9][\w.+-]*/[A-Za-z0-9][\w.+-]*")


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
