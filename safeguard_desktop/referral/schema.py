"""The structured referral's published JSON Schema, generated from the document model.

A receiving team can check `referral.json` from a packet against `docs/referral.schema.json`
with any JSON Schema tool. The schema is generated from `ReferralDocument` so the two cannot
drift apart; a test compares the published file with `referral_schema()`.

    python -m safeguard_desktop.referral.schema [PATH]
"""

from __future__ import annotations

from typing import Any

from safeguard_desktop.published_schema import PublishedSchema
from safeguard_desktop.referral.snapshot_model import FORMAT_VERSION, ReferralDocument

__all__ = ["SCHEMA_ID", "SCHEMA_PATH", "main", "referral_schema", "schema_text"]

_DESCRIPTION = (
    "A referral to the MASH, or a consultation with LCSS, as sent by safeguard-desktop: the children "
    "and their details, household and significant adults, other professionals, urgency and calls made, "
    "safety, parental factors, concerns, a chronology excerpt, screenings, the threshold decision, Early "
    "Help tried, consent for each parent or carer, the family's and child's views, what the referrer "
    "wants, the referrer and the attachments. Dates are ISO 8601; times are UTC."
)

_PUBLISHED = PublishedSchema(
    ReferralDocument,
    f"urn:safeguard-desktop:schema:referral:{FORMAT_VERSION}",
    "referral.schema.json",
    "Referral",
    _DESCRIPTION,
    mode="serialization",
)
SCHEMA_ID = _PUBLISHED.schema_id
SCHEMA_PATH = _PUBLISHED.path


def referral_schema() -> dict[str, Any]:
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
