"""The threshold guide's published JSON Schema, generated from the content model.

A partnership author can check a draft guide against `docs/threshold-guide.schema.json` with
any JSON Schema tool before building a pack. The schema is generated from `ThresholdGuide`
so the two cannot drift apart; a test compares the published file with `guide_schema()`.
The schema checks shape only: cross-references (every route a level names exists, levels
numbered 1, 2, 3…, unique IDs) are checked when the app loads the guide.

    python -m safeguard_desktop.thresholds.schema [PATH]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from safeguard_desktop.thresholds.guide import ThresholdGuide

__all__ = ["SCHEMA_ID", "SCHEMA_PATH", "guide_schema", "main", "schema_text"]

SCHEMA_ID = "urn:safeguard-desktop:schema:threshold-guide:1"
SCHEMA_PATH = Path(__file__).resolve().parent.parent.parent / "docs" / "threshold-guide.schema.json"

_DESCRIPTION = (
    "One edition of a threshold of needs guide for safeguard-desktop: its source document, "
    "levels of need, Assessment Framework domains, illustrative indicators and routes. "
    "Cross-references (routes named by levels, domains and areas named by indicators, levels "
    "numbered 1..n, unique IDs) are checked by the app when it loads the guide."
)


def guide_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) that guide content must satisfy."""
    generated = ThresholdGuide.model_json_schema()
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Threshold guide",
        "description": _DESCRIPTION,
    }
    # Our keys go first so the published file reads from its title down.
    schema.update({key: value for key, value in generated.items() if key not in schema})
    return schema


def schema_text() -> str:
    """Return the schema exactly as it is published: indented JSON with a final newline."""
    return json.dumps(guide_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the schema to `docs/threshold-guide.schema.json`, or to the path given."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else SCHEMA_PATH
    target.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
