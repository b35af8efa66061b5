"""The screening pack's published JSON Schema, generated from the pack model.

An organisation can check a pack it has written (its licensed GCP2 descriptors, or the
county's newer screening tool) against `docs/screening-pack.schema.json` with any JSON Schema
tool before importing it. The schema is generated from `ScreeningPack` so the two cannot
drift apart; a test compares the published file with `pack_schema()`. The schema checks shape
only: unique IDs and a meaning for each grade 1 to 5 are checked when the app reads the pack.

    python -m safeguard_desktop.screening.schema [PATH]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from safeguard_desktop.screening.pack import ScreeningPack

__all__ = ["SCHEMA_ID", "SCHEMA_PATH", "main", "pack_schema", "schema_text"]

SCHEMA_ID = "urn:safeguard-desktop:schema:screening-pack:1"
SCHEMA_PATH = Path(__file__).resolve().parent.parent.parent / "docs" / "screening-pack.schema.json"

_DESCRIPTION = (
    "A screening pack for safeguard-desktop: the areas and sub-areas a screening grades, a prompt "
    "for each sub-area, what each grade 1 (best) to 5 (worst) means, and, in licensed packs only, "
    "a descriptor for each grade of each sub-area. Unique IDs across areas and sub-areas, and a "
    "meaning for each grade 1 to 5 given once, are checked by the app when it reads the pack."
)


def pack_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) that a screening pack must satisfy."""
    generated = ScreeningPack.model_json_schema()
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Screening pack",
        "description": _DESCRIPTION,
    }
    # Our keys go first so the published file reads from its title down.
    schema.update({key: value for key, value in generated.items() if key not in schema})
    return schema


def schema_text() -> str:
    """Return the schema exactly as it is published: indented JSON with a final newline."""
    return json.dumps(pack_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the schema to `docs/screening-pack.schema.json`, or to the path given."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else SCHEMA_PATH
    target.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
