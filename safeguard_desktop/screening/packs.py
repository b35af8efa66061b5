"""Screening packs: read one from a file with clear refusals, import it, and choose the current one.

A pack (see `pack.py` and docs/screening-pack.md) is plain JSON in the published format. Packs
are not signed: an organisation holding the NSPCC's GCP2 licence loads its own descriptor pack,
and the county's newer tool comes as a pack with its own `pack_id`. Every import is kept in the
vault and recorded in the audit chain. The newest import of a `pack_id` is that tool's current
pack (else the shipped one, for the shipped `pack_id`); a screening always shows with the pack
it used. A pack an earlier release shipped stays in `resources/screening/earlier/`, so a
screening begun or signed off with it is still shown, resumed and corrected with it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING

from pydantic import ValidationError

from safeguard_desktop.assets import resource
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.screening.pack import PackRef, ScreeningPack, shipped_pack

if TYPE_CHECKING:
    from safeguard_desktop.vault.session import Vault

__all__ = [
    "EARLIER_PACKS",
    "FORMAT_VERSION",
    "MAX_PACK_BYTES",
    "SHIPPED_PACK_ID",
    "AlreadyImported",
    "PackInfo",
    "PackRefused",
    "available_packs",
    "current_pack",
    "current_packs",
    "id_mismatches",
    "import_pack",
    "mismatch_note",
    "pack_for",
    "read_pack_file",
]

FORMAT_VERSION = 1
MAX_PACK_BYTES = 2 * 1024 * 1024  # the shipped pack is under 10 kB; a licensed one a few times that
SHIPPED_PACK_ID = "gcp2-structure"
# Packs this app shipped before the current one. A release that ships a changed pack moves the
# old file here, never deletes it: screenings and work in progress name the pack by its digest.
EARLIER_PACKS = ("screening", "earlier")
_MAX_ERRORS_SHOWN = 5


class PackRefused(SafeguardError):
    """A screening pack was not read or not imported; `message` names the problem."""


class AlreadyImported(PackRefused):
    """This exact pack is already kept in the vault."""


def read_pack_file(data: bytes) -> ScreeningPack:
    """Read and validate a pack's bytes, or raise PackRefused naming every problem (at most five shown)."""
    if len(data) > MAX_PACK_BYTES:
        raise PackRefused(
            f"This file is too large to be a screening pack ({len(data) / 1024 / 1024:.1f} MB; "
            f"the most a pack may be is {MAX_PACK_BYTES // (1024 * 1024)} MB)."
        )
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise PackRefused("This file is not a screening pack: it is not text in UTF-8.") from exc
    except ValueError as exc:
        where = f" (line {exc.lineno}, column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise PackRefused(f"This file is not a screening pack: it is not valid JSON{where}.") from exc
    if not isinstance(raw, dict):
        raise PackRefused("This file is not a screening pack: it holds JSON, but not an object with a pack's fields.")
    version = raw.get("format")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise PackRefused(
            f"This pack is in format {version}, newer than this version of safeguard-desktop reads "
            f"(format {FORMAT_VERSION}). Update the app, then import the pack again."
        )
    try:
        return ScreeningPack.model_validate(raw)
    except ValidationError as exc:
        raise PackRefused("This screening pack is not valid:\n" + _describe(exc)) from exc


def _describe(exc: ValidationError) -> str:
    """Each problem on its own line, where it is first: e.g. 'areas → 2 → sub_areas → 0 → prompt: Field required'."""
    errors = exc.errors(include_url=False)
    lines = []
    for error in errors[:_MAX_ERRORS_SHOWN]:
        # Areas and sub-areas are numbered from 0, as JSON tools number them.
        where = " → ".join(str(part) for part in error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        lines.append(f"  - {where or 'the pack'}: {message}")
    if len(errors) > _MAX_ERRORS_SHOWN:
        lines.append(f"  … and {len(errors) - _MAX_ERRORS_SHOWN} more.")
    return "\n".join(lines)


def id_mismatches(pack: ScreeningPack) -> list[str]:
    """Area and sub-area IDs in `pack` that the shipped pack does not have, and those it lacks.

    Comparisons line screenings up by these IDs, so any listed here will not line up with
    screenings made with the shipped pack. Empty when the structure is the same.
    """
    shipped = shipped_pack()

    def ids(p: ScreeningPack) -> list[str]:
        return [item for area in p.areas for item in (area.id, *(sub.id for sub in area.sub_areas))]

    ours, theirs = ids(shipped), ids(pack)
    extra = [f"'{item}' (not in the shipped pack)" for item in theirs if item not in ours]
    missing = [f"'{item}' (missing)" for item in ours if item not in theirs]
    return extra + missing


def mismatch_note(pack: ScreeningPack) -> str | None:
    """A sentence warning that comparisons will not line up, or None when the IDs match the shipped pack."""
    found = id_mismatches(pack)
    if not found:
        return None
    shown = ", ".join(found[:8]) + (f" and {len(found) - 8} more" if len(found) > 8 else "")
    return (
        f"This pack's areas and sub-areas differ from the shipped pack's: {shown}. Comparisons with screenings "
        "made with another pack will not line up for these."
    )


def import_pack(vault: Vault, data: bytes) -> PackRef:
    """Validate a pack's bytes and keep it in the vault, audited; return the reference screenings will record.

    PackRefused naming the problem when the pack is invalid, AlreadyImported when this exact
    pack is already kept (or is the shipped one). A pack whose IDs differ from the shipped
    pack's is accepted: see `mismatch_note`.
    """
    pack = read_pack_file(data)
    ref = pack.ref()
    if ref.digest == shipped_pack().ref().digest:
        raise AlreadyImported(f"This is the pack shipped with the app ({ref.citation()}); nothing was changed.")
    with vault.batch():
        if any(kept.digest == ref.digest for kept in vault.screening_packs.packs()):
            raise AlreadyImported(f"This pack is already imported: {ref.citation()}. Nothing was changed.")
        vault.screening_packs.import_pack(pack)
    return ref


@cache
def _earlier_packs() -> dict[str, ScreeningPack]:
    """Packs earlier releases shipped, by digest (read once per process; the folder never changes)."""
    try:
        folder = resource(*EARLIER_PACKS)
    except FileNotFoundError:
        return {}
    packs = (ScreeningPack.from_json(path.read_bytes()) for path in sorted(folder.glob("*.json")))
    return {pack.ref().digest: pack for pack in packs}


def current_pack(vault: Vault, pack_id: str = SHIPPED_PACK_ID) -> ScreeningPack:
    """The pack a new screening with this tool uses: the newest import with this `pack_id`, else the shipped one."""
    for kept in vault.screening_packs.packs():
        if kept.pack_id == pack_id:
            return ScreeningPack.from_json(vault.screening_packs.payload(kept.digest))
    shipped = shipped_pack()
    if shipped.pack_id != pack_id:
        raise PackRefused(f"No screening pack with the ID '{pack_id}' has been imported into this vault.")
    return shipped


def current_packs(vault: Vault) -> list[ScreeningPack]:
    """The current pack of each tool (`pack_id`) known, the shipped tool's first, then by newest import.

    More than one means the practitioner has a choice of tool for a new screening.
    """
    pack_ids = [SHIPPED_PACK_ID]
    for kept in vault.screening_packs.packs():
        if kept.pack_id not in pack_ids:
            pack_ids.append(kept.pack_id)
    return [current_pack(vault, pack_id) for pack_id in pack_ids]


def pack_for(vault: Vault, ref: PackRef) -> ScreeningPack | None:
    """The exact pack a screening used (by digest): the shipped one, one an earlier release shipped,
    or an imported one; None if not held."""
    shipped = shipped_pack()
    if shipped.ref().digest == ref.digest:
        return shipped
    earlier = _earlier_packs().get(ref.digest)
    if earlier is not None:
        return earlier
    if any(kept.digest == ref.digest for kept in vault.screening_packs.packs()):
        return ScreeningPack.from_json(vault.screening_packs.payload(ref.digest))
    return None


@dataclass(frozen=True)
class PackInfo:
    """One pack the app knows, where it came from, and whether it is its tool's current pack.

    Each tool (`pack_id`) has one current pack, so with the county's tool imported two packs are
    current: one for each tool. Only where the practitioner chooses the tool for a new screening
    (see `current_packs`) is either "used for new screenings"; `in_use_words` says it plainly.
    """

    ref: PackRef
    origin: str
    shipped: bool
    current_for_tool: bool
    licensed: bool
    imported_at: datetime | None = None
    note: str | None = None  # the IDs that will not line up with the shipped pack's

    @property
    def tool(self) -> str:
        """The tool's name, e.g. 'GCP2 neglect screening'."""
        return self.ref.tool

    @property
    def pack_id(self) -> str:
        """The tool's ID: a pack replaces only packs with the same one."""
        return self.ref.pack_id

    @property
    def current(self) -> bool:
        """The same as `current_for_tool` (the name earlier callers used)."""
        return self.current_for_tool

    def in_use_words(self) -> str:
        """E.g. "Current pack for GCP2 neglect screening (gcp2-structure)", or "" for a pack since replaced."""
        return f"Current pack for {self.tool} ({self.pack_id})" if self.current_for_tool else ""


def available_packs(vault: Vault) -> list[PackInfo]:
    """Every pack known: imported ones, newest import first, then the shipped one; each tool's current one marked."""
    from safeguard_desktop.domain.ukdates import format_datetime

    found: list[PackInfo] = []
    current_ids: set[str] = set()
    for kept in vault.screening_packs.packs():
        pack = ScreeningPack.from_json(vault.screening_packs.payload(kept.digest))
        is_current = kept.pack_id not in current_ids
        current_ids.add(kept.pack_id)
        found.append(
            PackInfo(
                ref=pack.ref(),
                origin=f"imported {format_datetime(kept.imported_at)} by {kept.imported_by.name}",
                shipped=False,
                current_for_tool=is_current,
                licensed=pack.licensed,
                imported_at=kept.imported_at,
                note=mismatch_note(pack),
            )
        )
    shipped = shipped_pack()
    found.append(
        PackInfo(
            ref=shipped.ref(),
            origin="shipped with the app",
            shipped=True,
            current_for_tool=shipped.pack_id not in current_ids,
            licensed=shipped.licensed,
        )
    )
    return found
