"""The base class of every stored record."""

from __future__ import annotations

from abc import abstractmethod
from typing import TYPE_CHECKING, ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, ValidationInfo

if TYPE_CHECKING:
    from safeguard_desktop.domain.timeline import DueItem, TimelineItem

__all__ = ["STORED", "Record", "checks_the_clock"]

# Validation context for reading a record back from the vault. Rules that compare a date
# with today ("not in the future") guard what is typed now; applied on reading, a machine
# whose clock was set back would be unable to open records it wrote itself.
STORED = {"stored": True}


def checks_the_clock(info: ValidationInfo | None) -> bool:
    """Say whether a "not in the future" rule applies: on entry, yes; when reading a stored record, no."""
    return not (info is not None and isinstance(info.context, dict) and info.context.get("stored"))


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

    def timeline_items(self) -> list[TimelineItem]:
        """Return how this record shows in each linked child's chronology (none by default).

        This is the one place a record kind describes its chronology rows: the storage
        layer projects them on every write, so the chronology never lists kinds.
        """
        return []

    def due_items(self) -> list[DueItem]:
        """Return the reviews and actions this record asks for by a date (none by default)."""
        return []


def join_words(*parts: str | None) -> str:
    """Join the non-empty parts with single spaces, for titles and search text."""
    return " ".join(part for part in parts if part)
