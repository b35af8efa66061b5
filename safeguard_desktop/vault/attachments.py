"""Attachments: evidence bytes kept inside the encrypted vault, never altered.

The bytes live in the `blobs` table keyed by their SHA-256, so no plaintext copy is ever
written to disk and two copies of one file are stored once. The metadata is an ordinary
versioned record, so a description can be corrected while the evidence itself cannot.
"""

from __future__ import annotations

import hashlib
from uuid import UUID

from safeguard_desktop.domain.attachment import MAX_ATTACHMENT_BYTES, AttachmentMeta, check_attachment_size
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.vault.connection import transaction
from safeguard_desktop.vault.store import Repository, Stored


class AttachmentRepository(Repository[AttachmentMeta]):
    """Attachment metadata as records, with their bytes in the vault."""

    limit = MAX_ATTACHMENT_BYTES

    def add_bytes(
        self,
        filename: str,
        data: bytes,
        media_type: str,
        *,
        child_id: UUID | None = None,
        linked_record_id: UUID | None = None,
        description: str = "",
    ) -> Stored[AttachmentMeta]:
        """Store `data` and its metadata together; refuse files over the size limit."""
        check_attachment_size(len(data), self.limit)
        digest = hashlib.sha256(data).hexdigest()
        meta = AttachmentMeta(
            filename=filename,
            media_type=media_type,
            size=len(data),
            sha256=digest,
            description=description,
            child_id=child_id,
            linked_record_id=linked_record_id,
        )
        conn = self._ctx.conn
        # The blob and its record go in one transaction: never bytes without a record.
        with transaction(conn):
            conn.execute(
                "INSERT OR IGNORE INTO blobs (sha256, size, data) VALUES (?, ?, ?)",
                (digest, len(data), data),
            )
            return self._insert(conn, meta)

    def read_bytes(self, record_id: UUID) -> bytes:
        """The attachment's bytes, checked against the digest recorded when it was added."""
        meta = self.get(record_id).data
        row = self._ctx.conn.execute("SELECT data FROM blobs WHERE sha256 = ?", (meta.sha256,)).fetchone()
        if row is None:
            raise SafeguardError(f"The file {meta.filename} is missing from the vault.")
        data = bytes(row[0])
        if hashlib.sha256(data).hexdigest() != meta.sha256:
            raise SafeguardError(f"The file {meta.filename} does not match the fingerprint recorded when it was added.")
        return data
