"""The base class of every stored record."""

from __future__ import annotations

from abc import abstractmethod
from typing import ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict

__all__ = ["Record"]


class Record(BaseModel):
    """A stored record: immutable, strict about unknown fields, whitespace trimmed.

    Record and version UUIDs are not fields: the storage layer assigns them, so a model
    never has to be rebuilt to learn its own identity. Fields that point to OTHER records
    hold their UUIDs.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    KIND: ClassVar[str]

    @abstractmethod
    def title(self) -> str:
        """Return short display text for lists and headings."""

    @abstractmethod
    def search_text(self) -> str:
        """Return the words a full-text index should find this record by."""

    def linked_child_ids(self) -> set[UUID]:
        """Return the children this record refers to."""
        return set()

    def linked_adult_ids(self) -> set[UUID]:
        """Return the adults this record refers to."""
        return set()


def join_words(*parts: str | None) -> str:
    """Join the non-empty parts with single spaces, for titles and search text."""
    return " ".join(part for part in parts if part)
