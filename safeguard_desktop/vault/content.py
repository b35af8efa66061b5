"""Signed content editions kept in the vault (threshold guides now, screening structures later).

The vault stores an edition only after the caller has checked its pack: signature, trusted
signer, valid content, newer than what is current. This module keeps what was installed,
exactly as signed, beside its signature and signer key, and records the installation in the
audit chain in the same transaction. It knows nothing of what the content means.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.errors import RecordNotFound, VaultDamaged, VaultError
from safeguard_desktop.vault import audit
from safeguard_desktop.vault.connection import transaction
from safeguard_desktop.vault.store import Context

__all__ = ["ContentStore", "InstalledEdition", "key_fingerprint", "signature_matches"]

_COLUMNS = (
    "kind, digest, content_id, edition, published, revision, payload_sha256, signature, signer_key, "
    "signer_fingerprint, installed_at, installed_by"
)


def key_fingerprint(raw_public_key: bytes) -> str:
    """Return the SHA-256 of a raw 32-byte Ed25519 public key, as lower-case hex."""
    return hashlib.sha256(raw_public_key).hexdigest()


def signature_matches(raw_public_key: bytes, signature: bytes, payload: bytes) -> bool:
    """Return True when `signature` is the key's Ed25519 signature over `payload`."""
    try:
        Ed25519PublicKey.from_public_bytes(raw_public_key).verify(signature, payload)
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass(frozen=True)
class InstalledEdition:
    """One edition kept in the vault, without its content (read that with `payload`)."""

    kind: str
    digest: str
    content_id: str
    edition: str
    published: date
    revision: int
    payload_sha256: str
    signature: bytes
    signer_key: bytes
    signer_fingerprint: str
    installed_at: datetime
    installed_by: Practitioner


class ContentStore:
    """The content editions of an unlocked vault. Append-only, like record versions."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def install(
        self,
        *,
        kind: str,
        digest: str,
        content_id: str,
        edition: str,
        published: date,
        revision: int,
        payload: bytes,
        signature: bytes,
        signer_key: bytes,
    ) -> InstalledEdition:
        """Keep a checked edition and log it in the audit chain, in one transaction.

        `digest` is the content's own digest (the one decisions cite); the caller has already
        decided the pack is trusted and wanted. The signature is checked again here, so that
        nothing is ever stored that `check` would later call altered.
        """
        if not signature_matches(signer_key, signature, payload):
            raise ValueError("the signature does not match the payload; the caller must verify the pack first")
        try:
            text = payload.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError("content payloads are UTF-8 text") from exc
        payload_sha256 = audit.sha256_hex(payload)
        author = self._ctx.author()
        now = self._ctx.now()
        at = now.isoformat(timespec="microseconds")
        conn = self._ctx.conn
        with transaction(conn):
            exists = conn.execute("SELECT 1 FROM content_editions WHERE digest = ?", (digest,)).fetchone()
            if exists:
                raise VaultError("This edition is already installed in this vault; nothing was changed.")
            conn.execute(
                "INSERT INTO content_editions (kind, digest, content_id, edition, published, revision, payload, "
                "payload_sha256, signature, signer_key, signer_fingerprint, installed_at, installed_by) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    kind,
                    digest,
                    content_id,
                    edition,
                    published.isoformat(),
                    revision,
                    text,
                    payload_sha256,
                    signature,
                    signer_key,
                    key_fingerprint(signer_key),
                    at,
                    author.model_dump_json(),
                ),
            )
            # The chain names the edition by its content digest and proves the exact bytes kept.
            audit.append(
                conn,
                at=at,
                actor=self._ctx.actor_id(),
                action=f"{kind}.install",
                record_id=digest,
                digest=payload_sha256,
            )
        return InstalledEdition(
            kind,
            digest,
            content_id,
            edition,
            published,
            revision,
            payload_sha256,
            signature,
            signer_key,
            key_fingerprint(signer_key),
            now,
            author,
        )

    def editions(self, kind: str) -> list[InstalledEdition]:
        """Every edition of this kind kept in the vault, in the order they were installed."""
        rows = self._ctx.conn.execute(
            f"SELECT {_COLUMNS} FROM content_editions WHERE kind = ? ORDER BY installed_at, rowid",  # nosec B608
            (kind,),
        ).fetchall()
        return [
            InstalledEdition(
                kind=str(row[0]),
                digest=str(row[1]),
                content_id=str(row[2]),
                edition=str(row[3]),
                published=date.fromisoformat(str(row[4])),
                revision=int(row[5]),
                payload_sha256=str(row[6]),
                signature=bytes(row[7]),
                signer_key=bytes(row[8]),
                signer_fingerprint=str(row[9]),
                installed_at=datetime.fromisoformat(str(row[10])),
                installed_by=Practitioner.model_validate_json(str(row[11])),
            )
            for row in rows
        ]

    def payload(self, kind: str, digest: str) -> bytes:
        """Return an installed edition's content exactly as signed.

        RecordNotFound when the vault holds no such edition; VaultDamaged when the stored
        text no longer matches the digest recorded with it.
        """
        row = self._ctx.conn.execute(
            "SELECT payload, payload_sha256 FROM content_editions WHERE kind = ? AND digest = ?", (kind, digest)
        ).fetchone()
        if row is None:
            raise RecordNotFound("That edition is not installed in this vault.")
        data = str(row[0]).encode("utf-8")
        if audit.sha256_hex(data) != row[1]:
            raise VaultDamaged(
                "An installed content edition in this vault has been altered. "
                "Restore the vault from your latest backup."
            )
        return data
