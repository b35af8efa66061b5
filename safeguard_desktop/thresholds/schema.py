"""The threshold guide's published JSON Schema, generated from the content model.

A partnership author can check a draft guide against `docs/threshold-guide.schema.json` with
any JSON Schema tool before building a pack. The schema is generated from `ThresholdGuide`
so the two cannot drift apart; a test compares the published file with `guide_schema()`.
The schema checks shape only: cross-references (every route a level names exists, levels
numbered 1, 2, 3…, unique IDs) are checked when the app loads the guide.

    python -m safeguard_desktop.thresholds.schema [PATH]
"""

from __future__ import annotations

from typing import Any

from safeguard_desktop.published_schema import PublishedSchema
from safeguard_desktop.thresholds.guide import ThresholdGuide

__all__ = ["SCHEMA_ID", "SCHEMA_PATH", "guide_schema", "main", "schema_text"]

_DESCRIPTION = (
    "One edition of a threshold of needs guide for safeguard-desktop: its source document, "
    "levels of need, Assessment Framework domains, illustrative indicators and routes. "
    "Cross-references (routes named by levels, domains and areas named by indicators, levels "
    "numbered 1..n, unique IDs) are checked by the app when it loads the guide."
)

_PUBLISHED = PublishedSchema(
    ThresholdGuide,
    "urn:safeguard-desktop:schema:threshold-guide:1",
    "threshold-guide.schema.json",
    "Threshold guide",
    _DESCRIPTION,
)
SCHEMA_ID = _PUBLISHED.schema_id
SCHEMA_PATH = _PUBLISHED.path


def guide_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) as published."""
    return _PUBLISHED.schema()


def schema_text() -> str:
    """Return the schema exactly as it is published: indented JSON with a final newline."""
    return _PUBLISHED.text()


def main(argv: list[str] | None = None) -> int:
    """Write the schema to its file under `docs/`, or to the path given."""
    return _PUBLISHED.main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
