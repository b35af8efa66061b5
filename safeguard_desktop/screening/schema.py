"""The screening pack's published JSON Schema, generated from the pack model.

An organisation can check a pack it has written (its licensed GCP2 descriptors, or the
county's newer screening tool) against `docs/screening-pack.schema.json` with any JSON Schema
tool before importing it. The schema is generated from `ScreeningPack` so the two cannot
drift apart; a test compares the published file with `pack_schema()`. The schema checks shape
only: unique IDs and a meaning for each grade 1 to 5 are checked when the app reads the pack.

    python -m safeguard_desktop.screening.schema [PATH]
"""

from __future__ import annotations

from typing import Any

from safeguard_desktop.published_schema import PublishedSchema
from safeguard_desktop.screening.pack import ScreeningPack

__all__ = ["SCHEMA_ID", "SCHEMA_PATH", "main", "pack_schema", "schema_text"]

_DESCRIPTION = (
    "A screening pack for safeguard-desktop: the areas and sub-areas a screening grades, a prompt "
    "for each sub-area, what each grade 1 (best) to 5 (worst) means, and, in licensed packs only, "
    "a descriptor for each grade of each sub-area. Unique IDs across areas and sub-areas, and a "
    "meaning for each grade 1 to 5 given once, are checked by the app when it reads the pack."
)

_PUBLISHED = PublishedSchema(
    ScreeningPack,
    "urn:safeguard-desktop:schema:screening-pack:1",
    "screening-pack.schema.json",
    "Screening pack",
    _DESCRIPTION,
)
SCHEMA_ID = _PUBLISHED.schema_id
SCHEMA_PATH = _PUBLISHED.path


def pack_schema() -> dict[str, Any]:
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
