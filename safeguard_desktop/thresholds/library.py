"""Which editions of the threshold guide this app knows, and which one is current.

The app ships an edition in `resources/thresholds/`. A partnership can issue a newer one as
a signed pack, which is kept in the vault beside every edition installed before it; the
newest of all of these is the current edition. An app update that ships a newer edition
than any installed wins the same way, with no step for the practitioner to take.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING

from safeguard_desktop.assets import resource
from safeguard_desktop.domain.ukdates import format_datetime
from safeguard_desktop.thresholds.guide import GuideEdition, ThresholdGuide

if TYPE_CHECKING:
    from safeguard_desktop.vault.content import InstalledEdition
    from safeguard_desktop.vault.session import Vault

__all__ = [
    "EARLIER_GUIDES",
    "GUIDE_KIND",
    "SHIPPED_GUIDE",
    "EditionInfo",
    "current_edition",
    "current_guide",
    "editions",
    "guide_for",
    "shipped_guide",
]

SHIPPED_GUIDE = ("thresholds", "guide.json")
# Editions this app shipped before the current one. A release that ships a new edition moves
# the old file here, never deletes it, so decisions it informed can still show it in full.
EARLIER_GUIDES = ("thresholds", "earlier")
# The kind under which guide editions are kept among the vault's content editions.
GUIDE_KIND = "threshold_guide"

# Parsed installed editions, by the SHA-256 of their exact stored text. Guides are immutable
# and a few dozen KB each; a vault holds a handful of editions over years.
_parsed: dict[str, ThresholdGuide] = {}


@cache
def shipped_guide() -> ThresholdGuide:
    """Return the edition shipped with the app (validated; cached for the process)."""
    return ThresholdGuide.from_json(resource(*SHIPPED_GUIDE).read_bytes())


@cache
def _earlier_guides() -> dict[str, ThresholdGuide]:
    try:
        folder = resource(*EARLIER_GUIDES)
    except FileNotFoundError:
        return {}
    guides = (ThresholdGuide.from_json(path.read_bytes()) for path in sorted(folder.glob("*.json")))
    return {guide.edition().digest: guide for guide in guides}


@cache
def _shipped_edition() -> GuideEdition:
    return shipped_guide().edition()


@dataclass(frozen=True)
class EditionInfo:
    """One edition the app knows, where it came from, and whether it is the one in use."""

    edition: GuideEdition
    origin: str
    shipped: bool
    installed_at: datetime | None = None
    installed_by: str | None = None
    signer_fingerprint: str | None = None
    current: bool = False


def _installed_guide(vault: Vault, row: InstalledEdition) -> ThresholdGuide:
    guide = _parsed.get(row.payload_sha256)
    if guide is None:
        guide = ThresholdGuide.from_json(vault.content.payload(GUIDE_KIND, row.digest))
        _parsed[row.payload_sha256] = guide
    return guide


def _installed_edition(vault: Vault, row: InstalledEdition) -> GuideEdition:
    # The digest recorded at installation is the one decisions cite, even if a later build
    # of the app would put the same content into canonical form differently.
    return _installed_guide(vault, row).edition().model_copy(update={"digest": row.digest})


def _rows(vault: Vault) -> list[InstalledEdition]:
    guide_id = _shipped_edition().guide_id
    return [row for row in vault.content.editions(GUIDE_KIND) if row.content_id == guide_id]


def editions(vault: Vault) -> list[EditionInfo]:
    """Return every edition known (shipped and installed), newest first; the first is current.

    Between two editions of the same date and revision, the one shipped with the app comes
    first: that build of the app was made and tested with it.
    """
    shipped = _shipped_edition()
    found: list[EditionInfo] = []
    shipped_seen = False
    for row in _rows(vault):
        is_shipped = row.digest == shipped.digest
        shipped_seen = shipped_seen or is_shipped
        when = f"installed {format_datetime(row.installed_at)} by {row.installed_by.name}"
        found.append(
            EditionInfo(
                edition=_installed_edition(vault, row),
                origin=f"shipped with the app (also {when})" if is_shipped else when,
                shipped=is_shipped,
                installed_at=row.installed_at,
                installed_by=row.installed_by.name,
                signer_fingerprint=row.signer_fingerprint,
            )
        )
    if not shipped_seen:
        found.append(EditionInfo(edition=shipped, origin="shipped with the app", shipped=True))
    found.sort(key=lambda info: (info.edition.order(), info.shipped), reverse=True)
    return [EditionInfo(**{**info.__dict__, "current": n == 0}) for n, info in enumerate(found)]


def current_edition(vault: Vault) -> GuideEdition:
    """Return the edition in use: the newest of the shipped one and those installed."""
    return editions(vault)[0].edition


def current_guide(vault: Vault) -> ThresholdGuide:
    """Return the content of the edition in use."""
    guide = guide_for(vault, current_edition(vault))
    assert guide is not None  # the current edition is always shipped or installed
    return guide


def guide_for(vault: Vault, edition: GuideEdition) -> ThresholdGuide | None:
    """Return the content of the edition that informed a decision, found by its digest.

    None when neither this app nor the vault holds it (for instance a vault moved to an older
    build of the app); the decision itself keeps the words of every indicator it used, so it
    still reads in full.
    """
    if edition.digest == _shipped_edition().digest:
        return shipped_guide()
    if edition.digest in _earlier_guides():
        return _earlier_guides()[edition.digest]
    for row in _rows(vault):
        if row.digest == edition.digest:
            return _installed_guide(vault, row)
    return None
