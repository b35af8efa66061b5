"""Signed content editions kept in the vault (threshold guides now, screening structures later).

The vault stores an edition only after the caller has checked its pack: signature, trusted
signer, valid content, newer than what is current. This module keeps what was installed,
exactly as signed, beside its signature and signer key, and records the installation in the
audit chain in the same transaction: the event's digest covers every column of the row, so
`check` notices any change to it. Every read for use checks the row again (its text against
its signature, and its columns against the content), because anyone with the passphrase and
a SQLite tool can write to the file. Which signers to trust is the caller's business.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import ValidationError

from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.errors import RecordNotFound, VaultDamaged, VaultError
from safeguard_desktop.vault import audit
from safeguard_desktop.vault.connection import transaction
from safeguard_desktop.vault.store import Context

__all__ = [
    "ContentStore",
    "InstalledEdition",
    "installation_digest",
    "key_fingerprint",
    "row_problem",
    "signature_matches",
]

# Every column but the payload, whose own digest (payload_sha256) stands for it: what the audit
# event of an installation proves.
_BOUND = (
    "kind",
    "digest",
    "content_id",
    "edition",
    "published",
    "revision",
    "payload_sha256",
    "signature",
    "signer_key",
    "signer_fingerprint",
    "installed_at",
    "installed_by",
)
_COLUMNS = ", ".join(_BOUND)
_DAMAGED = "Restore the vault from your latest backup, and keep this copy aside."


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


def installation_digest(row: Mapping[str, Any]) -> str:
    """The digest an installation's audit event records: SHA-256 of every column but the payload.

    Computed over the values exactly as stored (text, integers, and bytes as hex), in canonical
    JSON, so that a change to any column, even one the content does not repeat, breaks it.
    """
    values = {name: row[name].hex() if isinstance(row[name], bytes) else row[name] for name in _BOUND}
    return audit.sha256_hex(audit.canonical_json(values))


def _edition_facts(kind: str, payload: bytes) -> dict[str, Any] | None:
    """The columns a payload itself states, as its kind defines them (None for a kind unknown here).

    ValueError when the payload is not valid content of its kind.
    """
    if kind != "threshold_guide":
        return None
    # The vault keeps guides but must not depend on the guide package at import time.
    from safeguard_desktop.thresholds.guide import ThresholdGuide

    edition = ThresholdGuide.from_json(payload).edition()
    return {
        "digest": edition.digest,
        "content_id": edition.guide_id,
        "edition": edition.edition,
        "published": edition.published.isoformat(),
        "revision": edition.revision,
    }


def row_problem(row: Mapping[str, Any]) -> str | None:
    """What is wrong with a stored edition row (all columns, payload included), or None if sound.

    Sound means: the payload's SHA-256 is `payload_sha256`, the signature over the payload
    verifies under `signer_key`, `signer_fingerprint` is that key's, and every column the
    content states (its digest, ID, edition, date and revision) agrees with the content.
    Whether the signer is trusted is not asked here.
    """
    data = str(row["payload"]).encode("utf-8")
    signer_key, signature = bytes(row["signer_key"]), bytes(row["signature"])
    if audit.sha256_hex(data) != row["payload_sha256"] or not signature_matches(signer_key, signature, data):
        return "has been altered (it no longer matches its signature)"
    if key_fingerprint(signer_key) != row["signer_fingerprint"]:
        return "names the wrong signer"
    try:
        facts = _edition_facts(str(row["kind"]), data)
    except ValueError:  # pydantic's ValidationError is a ValueError
        return "is signed, but is not valid content for this version of the app"
    changed = sorted(name for name, value in (facts or {}).items() if row[name] != value)
    if changed:
        verb = "does" if len(changed) == 1 else "do"
        return f"has been altered (its stored {', '.join(changed)} {verb} not match its content)"
    return None


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
        row: dict[str, Any] = {
            "kind": kind,
            "digest": digest,
            "content_id": content_id,
            "edition": edition,
            "published": published.isoformat(),
            "revision": revision,
            "payload": text,
            "payload_sha256": payload_sha256,
            "signature": signature,
            "signer_key": signer_key,
            "signer_fingerprint": key_fingerprint(signer_key),
            "installed_at": at,
            "installed_by": author.model_dump_json(),
        }
        problem = row_problem(row)
        if problem is not None:
            raise ValueError(f"the edition {problem}; the caller must pass the pack's own edition details")
        conn = self._ctx.conn
        with transaction(conn):
            exists = conn.execute("SELECT 1 FROM content_editions WHERE digest = ?", (digest,)).fetchone()
            if exists:
                raise VaultError("This edition is already installed in this vault; nothing was changed.")
            names = ", ".join(row)
            conn.execute(
                f"INSERT INTO content_editions ({names}) VALUES ({', '.join('?' * len(row))})",  # nosec B608
                tuple(row.values()),
            )
            # The chain names the edition by its content digest and proves every column kept
            # (the payload through its own digest), so that `check` notices any later change.
            audit.append(
                conn,
                at=at,
                actor=self._ctx.actor_id(),
                action=f"{kind}.install",
                record_id=digest,
                digest=installation_digest(row),
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
        return [_installed(row) for row in rows]

    def payload(self, kind: str, digest: str) -> bytes:
        """Return an installed edition's content exactly as signed, checked again as it is read.

        RecordNotFound when the vault holds no such edition; VaultDamaged when its text no
        longer matches its signature or its digest, or its columns disagree with its content.
        """
        cursor = self._ctx.conn.execute(
            f"SELECT payload, {_COLUMNS} FROM content_editions WHERE kind = ? AND digest = ?",  # nosec B608
            (kind, digest),
        )
        found = cursor.fetchone()
        if found is None:
            raise RecordNotFound("That edition is not installed in this vault.")
        row = dict(zip(("payload", *_BOUND), found, strict=True))
        problem = row_problem(row)
        if problem is not None:
            raise VaultDamaged(
                f"The installed guide edition {digest[:12]}… in this vault {problem}, so it cannot be used. {_DAMAGED}"
            )
        return str(row["payload"]).encode("utf-8")


def _installed(row: tuple[Any, ...]) -> InstalledEdition:
    """One stored row as an InstalledEdition; VaultDamaged when a column cannot be read."""
    try:
        return InstalledEdition(
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
    except (ValueError, TypeError, ValidationError) as exc:
        raise VaultDamaged(
            f"The record of an installed guide edition ({str(row[1])[:12]}…) in this vault is damaged and cannot "
            f"be read. {_DAMAGED}"
        ) from exc
