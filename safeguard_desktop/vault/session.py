"""The vault: create, unlock, lock, and the repositories of an unlocked vault."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from safeguard_desktop.domain.attachment import AttachmentMeta
from safeguard_desktop.domain.chronology import ChronologyEntry
from safeguard_desktop.domain.concern import Concern
from safeguard_desktop.domain.passphrase import passphrase_problems
from safeguard_desktop.domain.people import Adult, Child, Professional, Relationship
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.ukdates import utc_now
from safeguard_desktop.errors import (
    NotAVault,
    VaultDamaged,
    VaultExists,
    VaultInUse,
    VaultNotFound,
    WeakPassphrase,
)
from safeguard_desktop.paths import PRIVATE_FILE_MODE, ensure_private_dir, header_path
from safeguard_desktop.vault import audit, connection, migrate
from safeguard_desktop.vault.attachments import AttachmentRepository
from safeguard_desktop.vault.integrity import CheckReport, check_database
from safeguard_desktop.vault.keys import (
    KdfParams,
    KeyHeader,
    RecoveryCertificate,
    calibrate,
    new_vault_key,
    read_header,
    write_header,
)
from safeguard_desktop.vault.store import Context, Repository

# SQLCipher pages are 4 KiB; a file of another size was never one of our databases.
_PAGE = 4096
_PLAIN_SQLITE = b"SQLite format 3\x00"


def _person_sort_key(person: Child | Adult) -> str:
    return f"{person.family_name.casefold()}\x1f{person.given_names.casefold()}"


def _dated_sort_key(record: Concern | ChronologyEntry) -> str:
    earliest, precision = record.happened.sort_key()
    return f"{earliest.isoformat()}|{precision}"


def _iso(dt: datetime) -> str:
    return dt.isoformat(timespec="microseconds")


def require_strong(passphrase: str, practitioner: Practitioner | None = None) -> None:
    """Raise WeakPassphrase, with reasons, when a new passphrase is too weak."""
    context = [practitioner.name, practitioner.organisation] if practitioner else []
    problems = passphrase_problems(passphrase, context=context)
    if problems:
        raise WeakPassphrase(problems)


def _check_openable(path: Path) -> None:
    """Tell apart a missing file, a folder, a plain database and a stranger, before any key work."""
    if not path.exists():
        raise VaultNotFound(f"There is no vault at {path}.")
    if not path.is_file():
        raise NotAVault(f"{path} is a folder, not a vault file.")
    size = path.stat().st_size
    with path.open("rb") as fh:
        start = fh.read(len(_PLAIN_SQLITE))
    if start == _PLAIN_SQLITE:
        raise NotAVault(f"{path.name} is an unencrypted SQLite database, not a safeguard-desktop vault.")
    if size == 0 or size % _PAGE:
        raise NotAVault(f"{path.name} is not a safeguard-desktop vault.")


class Vault:
    """An unlocked vault. Lock it with `close()`; every repository then refuses to work."""

    def __init__(self, path: Path, conn: connection.Connection, header: KeyHeader) -> None:
        self.path = path
        self._conn: connection.Connection | None = conn
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
        self._ctx = ctx

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
        key = new_vault_key()
        vault_id = str(uuid.uuid4())
        header = KeyHeader.seal(key, passphrase, vault_id=vault_id, kdf=kdf or calibrate(), recovery=recovery)
        # Create the file owner-only before SQLite opens it; the WAL and shared-memory files
        # SQLite makes later take the database file's permissions.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
        try:
            conn = connection.connect(path, key)
            migrate.migrate(conn, schema_version)
            now = _iso(utc_now())
            with connection.transaction(conn):
                conn.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?)",
                    [
                        ("vault_id", vault_id),
                        ("created_at", now),
                        ("practitioner", practitioner.model_dump_json()),
                        ("practitioner_id", str(uuid.uuid4())),
                        ("demo", "1" if demo else "0"),
                    ],
                )
                actor = conn.execute("SELECT value FROM meta WHERE key = 'practitioner_id'").fetchone()[0]
                audit.append(conn, at=now, actor=actor, action="vault.create", record_id=vault_id)
            write_header(path, header)
        except BaseException:
            with contextlib.suppress(NameError):
                connection.close(conn)
            for leftover in (path, header_path(path), Path(f"{path}-wal"), Path(f"{path}-shm")):
                with contextlib.suppress(OSError):
                    leftover.unlink()
            raise
        return cls(path, conn, header)

    @classmethod
    def open(cls, path: Path, passphrase: str, *, upgrade: bool = True) -> Vault:
        """Unlock an existing vault. Each failure has its own clear error; nothing is written.

        `upgrade=False` leaves an older schema as it is (for `check`, which must not write to
        a vault it is diagnosing).
        """
        path = Path(path)
        _check_openable(path)
        header = read_header(path)
        key = header.unwrap(passphrase)
        return cls._open_with_key(path, header, key, upgrade=upgrade)

    @classmethod
    def _open_with_key(cls, path: Path, header: KeyHeader, key: bytes, *, upgrade: bool = True) -> Vault:
        conn = connection.connect(path, key)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'vault_id'").fetchone()
            if row is None or row[0] != header.vault_id:
                raise VaultDamaged(
                    f"{path.name} does not belong with its key file {header_path(path).name}. "
                    "Restore both from the same backup."
                )
            if upgrade:
                migrate.migrate(conn)
            return cls(path, conn, header)
        except BaseException as exc:
            connection.close(conn)
            if isinstance(exc, connection.DatabaseError):
                raise connection.explain(exc, path) from exc
            raise

    def close(self) -> None:
        """Lock: close the database. Safe to call twice."""
        if self._conn is not None:
            connection.close(self._conn)
            self._conn = None

    lock = close

    @property
    def is_open(self) -> bool:
        """False once locked."""
        return self._conn is not None

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
        """Run SQLCipher's and SQLite's integrity checks and re-walk the audit chain."""
        return check_database(self._ctx.conn)

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

    def record_event(self, action: str, record_id: str | None = None, digest: str | None = None) -> None:
        """Append an event that is not a record write (a passphrase change, an export)."""
        conn = self._ctx.conn
        with connection.transaction(conn):
            self._audit(conn, action, record_id, digest)

    def _audit(
        self,
        conn: connection.Connection,
        action: str,
        record_id: str | None = None,
        digest: str | None = None,
    ) -> None:
        audit.append(conn, at=_iso(utc_now()), actor=self._actor_id, action=action, record_id=record_id, digest=digest)
