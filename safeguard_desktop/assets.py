"""Where the app's shipped content (`resources/`, `ui/`) is found at run time.

They sit beside the package in a source checkout (and so in an editable install), and at
the root of a PyInstaller bundle, so both places are looked at.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _roots() -> list[Path]:
    roots = [Path(__file__).resolve().parent.parent]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        roots.insert(0, Path(bundle))
    return roots


def resource(*parts: str) -> Path:
    """The path of a file under `resources/`; FileNotFoundError names it when it is missing."""
    for root in _roots():
        candidate = root.joinpath("resources", *parts)
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"resources/{'/'.join(parts)} is missing from this installation")
