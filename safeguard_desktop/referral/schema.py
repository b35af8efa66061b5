"""The structured referral's published JSON Schema, generated from the document model.

A receiving team can check `referral.json` from a packet against `docs/referral.schema.json`
with any JSON Schema tool. The schema is generated from `ReferralDocument` so the two cannot
drift apart; a test compares the published file with `referral_schema()`.

    python -m safeguard_desktop.referral.schema [PATH]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from safeguard_desktop.referral.snapshot_model import FORMAT_VERSION, ReferralDocument

__all__ = ["SCHEMA_ID", "SCHEMA_PATH", "main", "referral_schema", "schema_text"]

SCHEMA_ID = f"urn:safeguard-desktop:schema:referral:{FORMAT_VERSION}"
SCHEMA_PATH = Path(__file__).resolve().parent.parent.parent / "docs" / "referral.schema.json"

_DESCRIPTION = (
    "A referral to the MASH, or a consultation with LCSS, as sent by safeguard-desktop: the children "
    "and their details, household and significant adults, other professionals, urgency and calls made, "
    "safety, parental factors, concerns, a chronology excerpt, screenings, the threshold decision, Early "
    "Help tried, consent for each parent or carer, the family's and child's views, what the referrer "
    "wants, the referrer and the attachments. Dates are ISO 8601; times are UTC."
)


def referral_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) that a packet's `referral.json` satisfies."""
    generated = ReferralDocument.model_json_schema(mode="serialization")
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Referral",
        "description": _DESCRIPTION,
    }
    # Our keys go first so the published file reads from its title down.
    schema.update({key: value for key, value in generated.items() if key not in schema})
    return schema


def schema_text() -> str:
    """Return the schema exactly as it is published: indented JSON with a final newline."""
    return json.dumps(referral_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the schema to `docs/referral.schema.json`, or to the path given."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else SCHEMA_PATH
    target.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
