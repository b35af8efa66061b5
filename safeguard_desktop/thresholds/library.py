"""Which editions of the threshold guide this app knows, and which one is current.

The app ships an edition in `resources/thresholds/`. A partnership can issue a newer one as
a signed pack, which is kept in the vault beside every edition installed before it; the
newest of all of these is the current edition.
"""

from __future__ import annotations

from functools import cache

from safeguard_desktop.assets import resource
from safeguard_desktop.thresholds.guide import ThresholdGuide

__all__ = ["SHIPPED_GUIDE", "shipped_guide"]

SHIPPED_GUIDE = ("thresholds", "guide.json")


@cache
def shipped_guide() -> ThresholdGuide:
    """Return the edition shipped with the app (validated; cached for the process)."""
    return ThresholdGuide.from_json(resource(*SHIPPED_GUIDE).read_bytes())
