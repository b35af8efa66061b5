"""Which editions of the threshold guide this app knows, and which one is current.

The app ships an edition in `resources/thresholds/`. A partnership can issue a newer one as
a signed pack, which is kept in the vault beside every edition installed before it; the
newest of these is the current edition. An app update that ships a newer edition than any
installed wins the same way, with no step for the practitioner to take.

Only an edition signed by a key this computer trusts (or shipped with the app) can be
current. Each installed edition is checked again whenever it is read for use: its text
against its signature, and its stored details against its content. An edition signed by a
key not trusted here (a vault moved from another organisation, say) stays listed and
readable for the decisions it informed, marked as such, but is never the edition in use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING

from safeguard_desktop.assets import resource
from safeguard_desktop.domain.ukdates import format_datetime
from safeguard_desktop.errors import VaultDamaged
from safeguard_desktop.thresholds import trust
from safeguard_desktop.thresholds.guide import GuideEdition, ThresholdGuide

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

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

# Installed editions already checked and parsed, by everything that check covered (the columns
# the content states, its text's digest, signature and signer): a row changed in any of these
# is read and checked afresh. Guides are immutable and a few dozen KB each; a vault holds a
# handful of editions over years.
_parsed: dict[tuple[object, ...], ThresholdGuide] = {}


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
    # False when signed by a key this computer does not trust: listed, readable, never current.
    trusted: bool = True


def _installed_guide(vault: Vault, row: InstalledEdition) -> ThresholdGuide:
    """The checked content of an installed edition; VaultDamaged when it fails any check."""
    key = (
        row.digest,
        row.content_id,
        row.edition,
        row.published,
        row.revision,
        row.payload_sha256,
        row.signature,
        row.signer_key,
    )
    guide = _parsed.get(key)
    if guide is None:
        # payload() checks the text against its signature and the row's columns against it.
        guide = ThresholdGuide.from_json(vault.content.payload(GUIDE_KIND, row.digest))
        if guide.edition().digest != row.digest:  # payload() checked it; kept as the invariant relied on
            raise VaultDamaged("An installed guide edition in this vault does not match its own digest.")
        _parsed[key] = guide
    return guide


def _installed_edition(vault: Vault, row: InstalledEdition) -> GuideEdition:
    # The digest recorded at installation is the one decisions cite, even if a later build
    # of the app would put the same content into canonical form differently.
    return _installed_guide(vault, row).edition().model_copy(update={"digest": row.digest})


def _rows(vault: Vault) -> list[InstalledEdition]:
    """The installed editions of this app's guide, each checked (VaultDamaged if any fails)."""
    guide_id = _shipped_edition().guide_id
    # Every row is checked, not only this guide's: a row whose guide ID was changed must not
    # simply drop out of sight.
    return [row for row in vault.content.editions(GUIDE_KIND) if _installed_guide(vault, row).guide_id == guide_id]


def editions(vault: Vault, trusted: Sequence[Ed25519PublicKey] | None = None) -> list[EditionInfo]:
    """Return every edition known (shipped and installed), newest first, marking the one in use.

    The edition in use is the newest of the shipped one and those signed by a `trusted` key
    (by default, the keys this computer trusts). Between two editions of the same date and
    revision, the one shipped with the app comes first: that build was made and tested with
    it. VaultDamaged when an installed edition fails its checks.
    """
    shipped = _shipped_edition()
    trusted_raw = {trust.raw_key(key) for key in (trust.trusted_keys() if trusted is None else trusted)}
    found: list[EditionInfo] = []
    shipped_seen = False
    for row in _rows(vault):
        is_shipped = row.digest == shipped.digest
        shipped_seen = shipped_seen or is_shipped
        is_trusted = is_shipped or row.signer_key in trusted_raw
        origin = f"installed {format_datetime(row.installed_at)} by {row.installed_by.name}"
        if is_shipped:
            origin = f"shipped with the app (also {origin})"
        elif not is_trusted:
            origin += (
                "; signed by a key this computer does not trust (fingerprint "
                f"{trust.format_fingerprint(row.signer_fingerprint)}), so it is kept for reference but never used"
            )
        found.append(
            EditionInfo(
                edition=_installed_edition(vault, row),
                origin=origin,
                shipped=is_shipped,
                installed_at=row.installed_at,
                installed_by=row.installed_by.name,
                signer_fingerprint=row.signer_fingerprint,
                trusted=is_trusted,
            )
        )
    if not shipped_seen:
        found.append(EditionInfo(edition=shipped, origin="shipped with the app", shipped=True))
    found.sort(key=lambda info: (info.edition.order(), info.shipped), reverse=True)
    current = next(info for info in found if info.trusted)  # the shipped edition always is
    return [EditionInfo(**{**info.__dict__, "current": info is current}) for info in found]


def current_edition(vault: Vault, trusted: Sequence[Ed25519PublicKey] | None = None) -> GuideEdition:
    """Return the edition in use: the newest of the shipped one and those a trusted key signed."""
    return next(info.edition for info in editions(vault, trusted) if info.current)


def current_guide(vault: Vault, trusted: Sequence[Ed25519PublicKey] | None = None) -> ThresholdGuide:
    """Return the content of the edition in use."""
    guide = guide_for(vault, current_edition(vault, trusted))
    assert guide is not None  # the current edition is always shipped or installed
    return guide


def guide_for(vault: Vault, edition: GuideEdition) -> ThresholdGuide | None:
    """Return the content of the edition that informed a decision, found by its digest.

    None when neither this app nor the vault holds it (for instance a vault moved to an older
    build of the app); the decision itself keeps the words of every indicator it used, so it
    still reads in full. An installed edition is returned whoever signed it, once its signature
    and details check (VaultDamaged otherwise): a decision shows what informed it.
    """
    if edition.digest == _shipped_edition().digest:
        return shipped_guide()
    if edition.digest in _earlier_guides():
        return _earlier_guides()[edition.digest]
    for row in _rows(vault):
        if row.digest == edition.digest:
            return _installed_guide(vault, row)
    return None
