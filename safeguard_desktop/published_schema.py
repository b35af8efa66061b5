"""JSON Schemas we publish under `docs/`, generated from the models so they cannot drift.

The threshold guide, screening packs and referral packets each publish one. Each is the
model's own schema (draft 2020-12) with our identifier, title and description first, so the
published file reads from its title down; a test per schema compares the file with this.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

__all__ = ["DOCS", "PublishedSchema"]

DOCS = Path(__file__).resolve().parent.parent / "docs"


@dataclass(frozen=True)
class PublishedSchema:
    """One published schema: which model, under which identifier and file name."""

    model: type[BaseModel]
    schema_id: str
    file_name: str
    title: str
    description: str
    # "serialization" for documents we write (what a receiver reads); "validation" for
    # content others write and we read.
    mode: Literal["validation", "serialization"] = "validation"

    @property
    def path(self) -> Path:
        """Return where the schema is published in a source checkout."""
        return DOCS / self.file_name

    def schema(self) -> dict[str, Any]:
        """Return the JSON Schema (draft 2020-12)."""
        generated = self.model.model_json_schema(mode=self.mode)
        schema: dict[str, Any] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": self.schema_id,
            "title": self.title,
            "description": self.description,
        }
        schema.update({key: value for key, value in generated.items() if key not in schema})
        return schema

    def text(self) -> str:
        """Return the schema exactly as published: indented JSON with a final newline."""
        return json.dumps(self.schema(), indent=2, ensure_ascii=False) + "\n"

    def main(self, argv: list[str] | None = None) -> int:
        """Write the schema to its file under `docs/`, or to the path given."""
        args = sys.argv[1:] if argv is None else argv
        target = Path(args[0]) if args else self.path
        target.write_text(self.text(), encoding="utf-8")
        print(f"wrote {target}")
        return 0
