"""The practitioner's signing key and the destinations' certificates, kept in the vault.

The private key lives only here, as PKCS#8 DER inside the SQLCipher-encrypted database: it is
never written to any other file. Both tables are append-only. The newest identity row is the
one in use; the newest row for a destination is its certificate (or, with no certificate, its
removal). Every row is recorded in the audit chain in the same transaction, and the event's
digest covers every column but the key and certificate bytes, which the fingerprint (and
`faults`' key-against-certificate check) stands for. Parsing and checking certificates is the
caller's business (`safeguard_desktop.referral.identity`); this module keeps bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.errors import VaultDamaged
from safeguard_desktop.vault import audit
from safeguard_desktop.vault.connection import Connection, DatabaseError, transaction
from safeguard_desktop.vault.store import Context

__all__ = [
    "CLEAR_ACTION",
    "IDENTITY_ACTION",
    "SET_ACTION",
    "DestinationRow",
    "IdentityRow",
    "SigningStore",
    "cert_fingerprint",
]

IDENTITY_ACTION = "signing.identity"
SET_ACTION = "signing.destination.set"
CLEAR_ACTION = "signing.destination.clear"

_ID_BOUND = ("id", "created_at", "created_by", "source", "fingerprint")
_DEST_BOUND = ("id", "destination", "fingerprint", "subject", "not_after", "added_at", "added_by")
_DAMAGED = "Restore the vault from your latest backup, and keep this copy aside."


def cert_fingerprint(der: bytes) -> str:
    """Return the SHA-256 of a certificate's DER bytes, as lower-case hex."""
    return hashlib.sha256(der).hexdigest()


def _digest(row: Mapping[str, Any], bound: tuple[str, ...]) -> str:
    return audit.sha256_hex(audit.canonical_json({name: row[name] for name in bound}))


@dataclass(frozen=True)
class IdentityRow:
    """One stored signing identity, as bytes."""

    id: int
    created_at: datetime
    created_by: Practitioner
    source: str  # 'self-signed' or 'pkcs12'
    private_key: bytes  # PKCS#8 DER
    certificate: bytes  # X.509 DER
    fingerprint: str


@dataclass(frozen=True)
class DestinationRow:
    """The certificate on file for a destination, as bytes."""

    id: int
    destination: str
    certificate: bytes
    fingerprint: str
    subject: str
    not_after: datetime
    added_at: datetime
    added_by: Practitioner


class SigningStore:
    """Signing identity and destination certificates of an unlocked vault. Append-only."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    # -- the practitioner's identity -----------------------------------------------------------

    def current_identity(self) -> IdentityRow | None:
        """The identity in use (the newest row), or None when the vault has none yet."""
        row = self._ctx.conn.execute(
            "SELECT id, created_at, created_by, source, private_key, certificate, fingerprint "
            "FROM signing_identity ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        try:
            found = IdentityRow(
                int(row[0]),
                datetime.fromisoformat(str(row[1])),
                Practitioner.model_validate_json(str(row[2])),
                str(row[3]),
                bytes(row[4]),
                bytes(row[5]),
                str(row[6]),
            )
        except (ValueError, TypeError) as exc:
            raise VaultDamaged(f"The signing key kept in this vault is damaged and cannot be read. {_DAMAGED}") from exc
        if cert_fingerprint(found.certificate) != found.fingerprint:
            raise VaultDamaged(f"The signing certificate kept in this vault has been altered. {_DAMAGED}")
        return found

    def add_identity(self, private_key: bytes, certificate: bytes, source: str) -> IdentityRow:
        """Keep a new identity (it becomes the one in use) and log it, in one transaction."""
        now = self._ctx.now()
        author = self._ctx.author()
        conn = self._ctx.conn
        row: dict[str, Any] = {
            "created_at": now.isoformat(timespec="microseconds"),
            "created_by": author.model_dump_json(),
            "source": source,
            "fingerprint": cert_fingerprint(certificate),
        }
        with transaction(conn):
            cursor = conn.execute(
                "INSERT INTO signing_identity (created_at, created_by, source, private_key, certificate, fingerprint) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (row["created_at"], row["created_by"], source, private_key, certificate, row["fingerprint"]),
            )
            row["id"] = int(cursor.lastrowid or 0)
            self._log(conn, IDENTITY_ACTION, str(row["id"]), _digest(row, _ID_BOUND), row["created_at"])
        return IdentityRow(row["id"], now, author, source, private_key, certificate, row["fingerprint"])

    # -- destinations --------------------------------------------------------------------------

    def destination(self, destination: str) -> DestinationRow | None:
        """The certificate on file for `destination`, or None when there is none (or it was removed)."""
        row = self._ctx.conn.execute(
            "SELECT id, destination, certificate, fingerprint, subject, not_after, added_at, added_by "
            "FROM destination_certificates WHERE destination = ? ORDER BY id DESC LIMIT 1",
            (destination,),
        ).fetchone()
        if row is None or row[2] is None:
            return None
        try:
            found = DestinationRow(
                int(row[0]),
                str(row[1]),
                bytes(row[2]),
                str(row[3]),
                str(row[4]),
                datetime.fromisoformat(str(row[5])),
                datetime.fromisoformat(str(row[6])),
                Practitioner.model_validate_json(str(row[7])),
            )
        except (ValueError, TypeError) as exc:
            raise VaultDamaged(
                f"The certificate on file for {destination} is damaged and cannot be read. {_DAMAGED}"
            ) from exc
        if cert_fingerprint(found.certificate) != found.fingerprint:
            raise VaultDamaged(f"The certificate on file for {destination} has been altered. {_DAMAGED}")
        return found

    def set_destination(
        self, destination: str, certificate: bytes, subject: str, not_after: datetime
    ) -> DestinationRow:
        """Keep `certificate` as the destination's (replacing any before it) and log it."""
        kept = self._add_destination(destination, certificate, subject, not_after)
        assert kept is not None  # a certificate was given, so a certificate row was written
        return kept

    def clear_destination(self, destination: str) -> bool:
        """Record that the destination has no certificate; False (and nothing written) if it had none."""
        if self.destination(destination) is None:
            return False
        self._add_destination(destination, None, None, None)
        return True

    def _add_destination(
        self, destination: str, certificate: bytes | None, subject: str | None, not_after: datetime | None
    ) -> DestinationRow | None:
        now = self._ctx.now()
        author = self._ctx.author()
        conn = self._ctx.conn
        row: dict[str, Any] = {
            "destination": destination,
            "fingerprint": cert_fingerprint(certificate) if certificate is not None else None,
            "subject": subject,
            "not_after": not_after.isoformat() if not_after is not None else None,
            "added_at": now.isoformat(timespec="microseconds"),
            "added_by": author.model_dump_json(),
        }
        with transaction(conn):
            cursor = conn.execute(
                "INSERT INTO destination_certificates "
                "(destination, certificate, fingerprint, subject, not_after, added_at, added_by) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    destination,
                    certificate,
                    *(row[k] for k in ("fingerprint", "subject", "not_after", "added_at")),
                    row["added_by"],
                ),
            )
            row["id"] = int(cursor.lastrowid or 0)
            action = SET_ACTION if certificate is not None else CLEAR_ACTION
            self._log(conn, action, destination, _digest(row, _DEST_BOUND), row["added_at"])
        if certificate is None or subject is None or not_after is None:
            return None
        return DestinationRow(row["id"], destination, certificate, row["fingerprint"], subject, not_after, now, author)

    def _log(self, conn: Connection, action: str, record_id: str, digest: str, at: str) -> None:
        audit.append(conn, at=at, actor=self._ctx.actor_id(), action=action, record_id=record_id, digest=digest)

    # -- check ---------------------------------------------------------------------------------

    def faults(self) -> list[str]:
        """What `check` should report: altered rows, keys not matching certificates, rows without their event."""
        try:
            return self._faults(self._ctx.conn)
        except DatabaseError:
            # Damaged pages: the integrity check has already named them; say what they hide.
            return ["the signing key and destination certificates cannot be read (damaged pages)"]

    def _faults(self, conn: Connection) -> list[str]:
        if not conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'signing_identity'"
        ).fetchone():
            return []  # a vault checked without upgrading may predate the tables
        logged: dict[tuple[str, str], list[str]] = {}
        for action, record_id, digest in conn.execute(
            "SELECT action, record_id, digest FROM audit WHERE action IN (?, ?, ?) ORDER BY seq",
            (IDENTITY_ACTION, SET_ACTION, CLEAR_ACTION),
        ).fetchall():
            logged.setdefault((str(action), str(record_id)), []).append(str(digest))
        found: list[str] = []
        for values in conn.execute(
            "SELECT id, created_at, created_by, source, fingerprint, private_key, certificate "
            "FROM signing_identity ORDER BY id"
        ).fetchall():
            row = dict(zip((*_ID_BOUND, "private_key", "certificate"), values, strict=True))
            name = f"signing identity {row['id']}"
            events = logged.pop((IDENTITY_ACTION, str(row["id"])), [])
            problem = _identity_problem(row)
            if problem:
                found.append(f"{name} {problem}")
            elif events != [_digest(row, _ID_BOUND)]:
                found.append(f"{name} does not match what the audit chain recorded when it was made")
        found += [
            f"signing identity {key[1]} that the audit chain recorded is missing"
            for key in logged
            if key[0] == IDENTITY_ACTION
        ]
        # A destination's events, oldest first, pair with its rows in order.
        pending: dict[str, list[str]] = {}
        for (action, record_id), digests in logged.items():
            if action != IDENTITY_ACTION:
                pending.setdefault(record_id, []).extend(digests)
        for values in conn.execute(
            "SELECT id, destination, fingerprint, subject, not_after, added_at, added_by, certificate "
            "FROM destination_certificates ORDER BY id"
        ).fetchall():
            row = dict(zip((*_DEST_BOUND, "certificate"), values, strict=True))
            name = f"certificate {row['id']} for {row['destination']}"
            cert = row["certificate"]
            digests = pending.get(str(row["destination"]), [])
            expected = _digest(row, _DEST_BOUND)
            logged_here = expected in digests
            if logged_here:
                digests.remove(expected)
            if cert is not None and cert_fingerprint(bytes(cert)) != row["fingerprint"]:
                found.append(f"{name} has been altered (it no longer matches its fingerprint)")
            elif not logged_here:
                found.append(f"{name} does not match what the audit chain recorded when it was added")
        found += [
            f"a certificate change for {dest} that the audit chain recorded is missing"
            for dest, digests in pending.items()
            for _ in digests
        ]
        return found


def _identity_problem(row: Mapping[str, Any]) -> str | None:
    """What is wrong with a stored identity's key and certificate, or None."""
    der = bytes(row["certificate"])
    if cert_fingerprint(der) != row["fingerprint"]:
        return "has been altered (its certificate no longer matches its fingerprint)"
    try:
        cert = x509.load_der_x509_certificate(der)
        key = serialization.load_der_private_key(bytes(row["private_key"]), password=None)
    except (ValueError, TypeError):
        return "cannot be read"
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(serialization.Encoding.DER, spki) != cert.public_key().public_bytes(
        serialization.Encoding.DER, spki
    ):
        return "has a private key that does not belong to its certificate"
    return None
