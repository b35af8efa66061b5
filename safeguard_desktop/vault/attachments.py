"""Attachments: evidence bytes kept inside the encrypted vault, never altered.

The bytes live in the `blobs` table keyed by their SHA-256, so no plaintext copy is ever
written to disk and two copies of one file are stored once. The metadata is an ordinary
versioned record, so a description can be corrected while the evidence itself cannot.
"""

from __future__ import annotations

import builtins
import contextlib
import hashlib
from pathlib import Path
from uuid import UUID

from safeguard_desktop.domain.attachment import MAX_ATTACHMENT_BYTES, AttachmentMeta, check_attachment_size
from safeguard_desktop.errors import RecordRestricted, SafeguardError
from safeguard_desktop.governance.disclosure import Disclosure, write_disclosure
from safeguard_desktop.paths import write_private_file_atomically
from safeguard_desktop.vault import audit
from safeguard_desktop.vault.connection import transaction
from safeguard_desktop.vault.store import _VCOLS_V, Repository, Stored


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

    def for_record(self, record_id: UUID, *, include_withdrawn: bool = False) -> builtins.list[Stored[AttachmentMeta]]:
        """Attachments linked to the record `record_id` (a concern, a meeting), oldest first."""
        state = "" if include_withdrawn else "AND r.state = 'active' "
        rows = self._ctx.conn.execute(
            f"SELECT {_VCOLS_V}, r.state FROM records r JOIN versions v ON v.id = r.current_version "  # nosec B608
            f"WHERE r.kind = ? {state}AND json_extract(v.payload, '$.linked_record_id') = ? "
            "ORDER BY r.created_at, r.id",
            (self.kind, str(record_id)),
        ).fetchall()
        return [self._row(row[:-1], row[-1] == "withdrawn") for row in rows]

    def check_exportable(self, record_id: UUID) -> None:
        """Refuse (RecordRestricted) to let a restricted file leave the vault while its dispute is open."""
        if self._ctx.conn.execute(
            "SELECT 1 FROM restrictions WHERE record_id = ? AND lifted_at IS NULL", (str(record_id),)
        ).fetchone():
            raise RecordRestricted(
                f"The file {self.get(record_id).data.filename} is restricted while a dispute about it is open, "
                "so no copy of it can be exported. Lift the restriction first."
            )

    def export(
        self, record_id: UUID, dest: Path, *, overwrite: bool = False, disclosure: Disclosure | None = None
    ) -> str:
        """Write an unencrypted copy of the attachment to `dest`, log it, and return its SHA-256.

        This is the only way evidence leaves the vault as a file, so it is always logged in
        the audit chain (``export.attachment`` with the digest of exactly what was written) and
        in the disclosure log, to whom and why as `disclosure` says.
        The copy is owner-only and written atomically; an existing file is replaced only when
        `overwrite` says the person chose to. If the log cannot be written, the copy is removed.
        A restricted file is refused (RecordRestricted) while its dispute is open.
        """
        dest = Path(dest)
        self.check_exportable(record_id)
        data = self.read_bytes(record_id)
        if dest.is_dir():
            raise SafeguardError(f"{dest} is a folder; choose a file name for the copy.")
        if dest.exists() and not overwrite:
            raise SafeguardError(f"A file called {dest.name} already exists there; choose another name.")
        if not dest.parent.is_dir():
            raise SafeguardError(f"The folder {dest.parent} does not exist; choose another.")
        digest = audit.sha256_hex(data)
        conn = self._ctx.conn
        written = False
        try:
            # Logged and written together: a failed write rolls the log back, and a log that
            # cannot be committed takes the written copy with it.
            with transaction(conn):
                write_disclosure(
                    conn,
                    at=self._ctx.now().isoformat(timespec="microseconds"),
                    actor=self._ctx.actor_id(),
                    by=self._ctx.author(),
                    what="attachment",
                    digest=digest,
                    record_id=record_id,
                    disclosure=disclosure,
                )
                write_private_file_atomically(dest, data)
                written = True
        except OSError as exc:
            if written:
                with contextlib.suppress(OSError):
                    dest.unlink()
            reason = exc.strerror or "the file could not be written"
            raise SafeguardError(f"The copy could not be saved as {dest.name}: {reason}.") from exc
        except BaseException:
            if written:
                with contextlib.suppress(OSError):
                    dest.unlink()
            raise
        return digest
