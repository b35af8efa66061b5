"""The vault: create, unlock, lock, and the repositories of an unlocked vault."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from safeguard_desktop.chronology.timeline import Timeline
from safeguard_desktop.domain.attachment import AttachmentMeta
from safeguard_desktop.domain.chronology import ChronologyEntry
from safeguard_desktop.domain.concern import Concern
from safeguard_desktop.domain.meeting import Meeting
from safeguard_desktop.domain.passphrase import passphrase_problems
from safeguard_desktop.domain.people import Adult, Child, Professional, Relationship
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.status import StatusPeriod
from safeguard_desktop.domain.ukdates import utc_now
from safeguard_desktop.errors import VaultDamaged, VaultExists, VaultInUse, WeakPassphrase
from safeguard_desktop.governance.disclosure import Disclosure, write_disclosure
from safeguard_desktop.paths import ensure_private_dir, header_path
from safeguard_desktop.referral.identity import identity as signing_identity
from safeguard_desktop.referral.model import Referral
from safeguard_desktop.screening.record import Screening
from safeguard_desktop.thresholds.decision import ThresholdDecision
from safeguard_desktop.vault import audit, connection, opening
from safeguard_desktop.vault.attachments import AttachmentRepository
from safeguard_desktop.vault.content import ContentStore
from safeguard_desktop.vault.drafts import Drafts
from safeguard_desktop.vault.integrity import CheckReport, check_database
from safeguard_desktop.vault.keys import KdfParams, KeyHeader, RecoveryCertificate, read_header, write_header
from safeguard_desktop.vault.lock import VaultLock, held_here
from safeguard_desktop.vault.opening import PROJECTION_VERSION
from safeguard_desktop.vault.screening_packs import ScreeningPackStore
from safeguard_desktop.vault.signing import SigningStore
from safeguard_desktop.vault.store import Context, Repository


def _person_sort_key(person: Child | Adult) -> str:
    return f"{person.family_name.casefold()}\x1f{person.given_names.casefold()}"


def _dated_sort_key(record: Concern | ChronologyEntry | Meeting | ThresholdDecision) -> str:
    if isinstance(record, Meeting):
        when = record.held
    elif isinstance(record, ThresholdDecision):
        when = record.decided
    else:
        when = record.happened
    earliest, precision = when.sort_key()
    return f"{earliest.isoformat()}|{precision}"


def _iso(dt: datetime) -> str:
    return dt.isoformat(timespec="microseconds")


def require_strong(passphrase: str, practitioner: Practitioner | None = None) -> None:
    """Raise WeakPassphrase, with reasons, when a new passphrase is too weak."""
    context = [practitioner.name, practitioner.organisation] if practitioner else []
    problems = passphrase_problems(passphrase, context=context)
    if problems:
        raise WeakPassphrase(problems)


class Vault:
    """An unlocked vault. Lock it with `close()`; every repository then refuses to work."""

    def __init__(
        self, path: Path, conn: connection.Connection, header: KeyHeader, lock: VaultLock | None = None
    ) -> None:
        self.path = path
        self._conn: connection.Connection | None = conn
        self._lock = lock
        self.vault_id = header.vault_id
        self.recovery = header.recovery
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        try:
            self._practitioner = Practitioner.model_validate_json(meta["practitioner"])
            self._actor_id = str(meta["practitioner_id"])
            self.created_at = datetime.fromisoformat(meta["created_at"])
        except (KeyError, ValueError) as exc:
            raise VaultDamaged(
                f"The vault {path.name} is damaged: its settings are missing. Restore it from your latest backup."
            ) from exc
        self.is_demo = meta.get("demo") == "1"
        ctx = Context(lambda: self._conn, lambda: self._practitioner, lambda: self._actor_id, utc_now)
        self.children = Repository(ctx, Child, _person_sort_key)
        self.adults = Repository(ctx, Adult, _person_sort_key)
        self.relationships = Repository(ctx, Relationship)
        self.professionals = Repository(ctx, Professional)
        self.concerns = Repository(ctx, Concern, _dated_sort_key, newest_first=True)
        self.chronology = Repository(ctx, ChronologyEntry, _dated_sort_key, newest_first=True)
        self.attachments = AttachmentRepository(ctx, AttachmentMeta)
        self.status_periods = Repository(ctx, StatusPeriod, lambda p: p.start.isoformat(), newest_first=True)
        self.meetings = Repository(ctx, Meeting, _dated_sort_key, newest_first=True)
        self.threshold_decisions = Repository(ctx, ThresholdDecision, _dated_sort_key, newest_first=True)
        self.screenings = Repository(ctx, Screening, lambda s: s.observed_to.isoformat(), newest_first=True)
        # Drafts sort after everything sent, so the newest work is at the top of a newest-first list.
        self.referrals = Repository(
            ctx, Referral, lambda r: r.sent.sent_at.isoformat() if r.sent else "~", newest_first=True
        )
        self.drafts = Drafts(ctx)
        self.content = ContentStore(ctx)
        self.screening_packs = ScreeningPackStore(ctx)
        self.signing = SigningStore(ctx)
        self.timeline = Timeline(ctx)
        self._ctx = ctx
        self._projection_current = meta.get("projection_version") == PROJECTION_VERSION

    def repositories(self) -> list[Repository[Any]]:
        """Every record repository, for work that spans all kinds."""
        return [
            self.children,
            self.adults,
            self.relationships,
            self.professionals,
            self.concerns,
            self.chronology,
            self.attachments,
            self.status_periods,
            self.meetings,
            self.threshold_decisions,
            self.screenings,
            self.referrals,
        ]

    def _reproject_if_stale(self) -> None:
        """Rebuild the chronology and due projections when this build projects differently."""
        if self._projection_current:
            return
        conn = self._ctx.conn
        with connection.transaction(conn):
            for repo in self.repositories():
                repo.reproject(conn)
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('projection_version', ?)", (PROJECTION_VERSION,)
            )
        self._projection_current = True

    # -- lifecycle -------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path,
        passphrase: str,
        practitioner: Practitioner,
        *,
        recovery: RecoveryCertificate | None = None,
        kdf: KdfParams | None = None,
        demo: bool = False,
        schema_version: int | None = None,
    ) -> Vault:
        """Create a new vault and return it unlocked.

        `schema_version` stops the schema at an earlier version; only the migration tests use
        it, to build every older vault the app must be able to upgrade.
        """
        path = Path(path)
        if path.exists() or header_path(path).exists():
            raise VaultExists(f"A vault already exists at {path}; choose another name.")
        require_strong(passphrase, practitioner)
        ensure_private_dir(path.parent)
        conn, header, lock = opening.create_database(
            path, passphrase, practitioner, recovery=recovery, kdf=kdf, demo=demo, schema_version=schema_version
        )
        vault = cls(path, conn, header, lock)
        if schema_version is None:
            # The signing key is made with the vault; an older vault gets one on first use.
            try:
                signing_identity(vault)
            except BaseException:
                vault.close()
                raise
        return vault

    @classmethod
    def open(cls, path: Path, passphrase: str, *, upgrade: bool = True) -> Vault:
        """Unlock an existing vault. Each failure has its own clear error.

        Opening takes the vault's single-writer lock (VaultInUse if another window or program
        has it open), checks every page's authentication code (VaultDamaged, naming the
        latest backup), and upgrades an older schema after copying the vault aside.
        `upgrade=False` is the diagnostic open of `check`: it writes nothing at all (no
        upgrade; a key rotation cut short by a crash is left as found) and lets a vault with
        damaged pages open, so that `check` can list every fault.
        """
        vault, _header, _key = cls._unlock(Path(path), lambda header, i: header.unwrap(passphrase, i), upgrade=upgrade)
        return vault

    @classmethod
    def _unlock(
        cls, path: Path, unwrap: opening.Unwrap, *, upgrade: bool = True, borrow: bool = False
    ) -> tuple[Vault, KeyHeader, bytes]:
        """Lock, read the header, find the key that opens the database, open and settle.

        Returns the vault, the header now on disk, and the vault key. `borrow=True` lets a key
        operation (changing the passphrase) work on a vault this process already has open:
        the lock is this process's own, so it uses that hold instead of refusing.
        """
        opening.check_openable(path)
        lock = None if borrow and held_here(path) else VaultLock.acquire(path)
        try:
            # Read only once the lock is held: a key rotation elsewhere may just have replaced it.
            header = read_header(path)
            conn, index, key = opening.connect_any(path, header, unwrap)
            try:
                if upgrade and lock is not None:
                    header = opening.settle(path, header, index, key)
                vault = cls._prepare(path, conn, header, lock, upgrade=upgrade and lock is not None)
            except BaseException:
                connection.close(conn)
                raise
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        return vault, header, key

    @classmethod
    def _prepare(
        cls, path: Path, conn: connection.Connection, header: KeyHeader, lock: VaultLock | None, *, upgrade: bool
    ) -> Vault:
        """Check the opened database belongs with its header and is whole; upgrade it if older."""
        try:
            opening.check_and_upgrade(conn, path, header, upgrade=upgrade)
            vault = cls(path, conn, header, lock)
            if upgrade:
                vault._reproject_if_stale()
            return vault
        except connection.DatabaseError as exc:
            raise connection.explain(exc, path) from exc

    def close(self) -> None:
        """Lock: close the database and release the single-writer lock. Safe to call twice."""
        if self._conn is not None:
            connection.close(self._conn)
            self._conn = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def _close_keeping_lock(self) -> VaultLock | None:
        """Close the database but keep the single-writer lock (for a key rotation)."""
        held, self._lock = self._lock, None
        self.close()
        return held

    @property
    def is_open(self) -> bool:
        """False once locked."""
        return self._conn is not None

    @property
    def last_backup_at(self) -> datetime | None:
        """When `backup_vault` last made a copy of this vault (UTC), or None if never."""
        row = self._ctx.conn.execute("SELECT value FROM meta WHERE key = 'last_backup_at'").fetchone()
        return datetime.fromisoformat(row[0]) if row else None

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Group many writes into one transaction (one disk sync instead of one per record)."""
        with connection.transaction(self._ctx.conn, self.path):
            yield

    # -- the practitioner ------------------------------------------------------------------

    @property
    def practitioner(self) -> Practitioner:
        """Whose vault this is: the default author of every record."""
        return self._practitioner

    def update_practitioner(self, practitioner: Practitioner) -> None:
        """Change the practitioner's profile (name, role, organisation, contact)."""
        conn = self._ctx.conn
        with connection.transaction(conn):
            conn.execute("UPDATE meta SET value = ? WHERE key = 'practitioner'", (practitioner.model_dump_json(),))
            self._audit(conn, "profile.update")
        self._practitioner = practitioner

    # -- integrity and audit ---------------------------------------------------------------

    def check(self) -> CheckReport:
        """Run SQLCipher's and SQLite's integrity checks, re-walk the audit chain, prove the chronology."""
        conn = self._ctx.conn
        report = check_database(conn)
        if report.pages_checked:
            # Damaged pages can sit under these tables too: name that, never a traceback.
            for name, deeper in (("screening packs", self.screening_packs.faults), ("signing", self.signing.faults)):
                try:
                    report.faults += deeper()
                except connection.DatabaseError:
                    report.faults.append(f"the {name} tables cannot be read")
        # A vault opened without upgrading may predate this build's projections; they are
        # rebuilt at its next ordinary unlock, so only current ones are held to account.
        if self._projection_current and not report.faults:
            for repo in self.repositories():
                report.faults += repo.projection_faults(conn)
        return report

    def audit_head(self) -> tuple[int, str]:
        """The audit chain's length and its last hash."""
        return audit.head(self._ctx.conn)

    def replace_key_header(self, expected: KeyHeader, new: KeyHeader, action: str, digest: str | None = None) -> None:
        """Replace the key header and log it, serialised against any other header change.

        BEGIN IMMEDIATE takes the database's write lock, so two windows or a window and the
        command line cannot interleave read-modify-write of the header. The event is written
        first and committed after the header is in place; if the header cannot be written,
        the event rolls back with it.
        """
        conn = self._ctx.conn
        with connection.transaction(conn, self.path):
            if read_header(self.path) != expected:
                raise VaultInUse(
                    "The vault's key file changed while this was in progress (another window?). "
                    "Nothing was changed; try again."
                )
            self._audit(conn, action, digest=digest)
            write_header(self.path, new)

    def log_export(
        self, what: str, content: bytes, record_id: uuid.UUID | None = None, disclosure: Disclosure | None = None
    ) -> str:
        """Record that something left the vault, in the audit chain and the disclosure log; return its SHA-256.

        `what` names the export (e.g. ``chronology.pdf``, ``attachment``). The chain keeps the
        digest of exactly what was written, never the content, so the export can later be
        proved to be the one logged; the disclosure log adds to whom and why.
        """
        with self.recording_export(what, content, record_id, disclosure) as digest:
            return digest

    @contextlib.contextmanager
    def recording_export(
        self, what: str, content: bytes, record_id: uuid.UUID | None = None, disclosure: Disclosure | None = None
    ) -> Iterator[str]:
        """Log an export in the same transaction as the work that sends it out (yields the digest).

        Write the file or send the print inside the block. If the work fails, nothing is
        logged; if the log cannot be kept (the vault locked, the disk is full), the block's
        caller hears of it and must undo what it can, so no copy leaves the vault unlogged.
        Each export writes one audit event and one disclosure-log row; without `disclosure`
        the row says the recipient and purpose were not stated.
        """
        digest = audit.sha256_hex(content)
        conn = self._ctx.conn  # VaultLocked before anything leaves, when the vault has locked
        with connection.transaction(conn):
            write_disclosure(
                conn,
                at=_iso(utc_now()),
                actor=self._actor_id,
                by=self._practitioner,
                what=what,
                digest=digest,
                record_id=record_id,
                disclosure=disclosure,
            )
            yield digest

    def _audit(
        self,
        conn: connection.Connection,
        action: str,
        record_id: str | None = None,
        digest: str | None = None,
    ) -> None:
        audit.append(conn, at=_iso(utc_now()), actor=self._actor_id, action=action, record_id=record_id, digest=digest)
