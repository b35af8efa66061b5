"""Search the threshold guide as the practitioner types: offline, instant, forgiving of case and accents.

Every word of the query must begin a word somewhere in an entry ("alco" finds "alcohol",
"sleep rough" finds "sleeping rough"). An index of word → entries is built once per guide,
so a query is a few bisections and set intersections rather than a scan of every text.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from safeguard_desktop.thresholds.guide import Indicator, Level, Route, ThresholdGuide

__all__ = ["GuideHit", "GuideIndex", "HitKind", "fold"]

HitKind = Literal["indicator", "level", "route"]
Span = tuple[int, int]

_WORD = re.compile(r"\w+")


def _fold_with_origin(text: str) -> tuple[str, list[int]]:
    """Fold text for matching, and say which character of `text` each folded character came from."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for part in unicodedata.normalize("NFKD", char):
            if unicodedata.combining(part):
                continue
            # casefold can lengthen a character ("ß" → "ss"); each piece keeps its origin.
            for piece in part.casefold():
                folded.append(piece)
                origin.append(index)
    return "".join(folded), origin


def fold(text: str) -> str:
    """Return text as it is matched: accents removed (NFKD) and case folded."""
    return _fold_with_origin(text)[0]


@dataclass(frozen=True)
class _Words:
    """A text's folded words with their positions, for highlighting matches in the original."""

    text: str
    words: tuple[tuple[str, int], ...]  # (folded word, start in folded text)
    origin: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> _Words:
        folded, origin = _fold_with_origin(text)
        words = tuple((match.group(), match.start()) for match in _WORD.finditer(folded))
        return cls(text, words, tuple(origin))

    def spans(self, query: Iterable[str]) -> tuple[Span, ...]:
        """Character spans of the original text where a word begins with a query word, merged."""
        found: list[Span] = []
        for prefix in query:
            for word, start in self.words:
                if word.startswith(prefix):
                    found.append((self.origin[start], self.origin[start + len(prefix) - 1] + 1))
        merged: list[Span] = []
        for start, end in sorted(found):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return tuple(merged)


@dataclass(frozen=True)
class GuideHit:
    """One thing in the guide that matches every word of a query.

    `title` is what the entry is called (an indicator's area, a level's or route's name) and
    `text` its main text (an indicator's words, a level's description, when a route applies);
    the spans are [start, end) character offsets of the matches in each, for highlighting.
    An entry can match through other fields too (a level's response, a route's steps or
    contact, an indicator's domain), so both span lists can be empty.
    """

    kind: HitKind
    item: Indicator | Level | Route
    title: str
    title_spans: tuple[Span, ...]
    text: str
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class _Entry:
    kind: HitKind
    item: Indicator | Level | Route
    title: _Words
    text: _Words


class GuideIndex:
    """A search index over one edition of the guide, built once and queried many times."""

    def __init__(self, guide: ThresholdGuide) -> None:
        self.guide = guide
        self._entries: list[_Entry] = []
        postings: dict[str, set[int]] = {}

        def add(kind: HitKind, item: Indicator | Level | Route, title: str, text: str, *others: str) -> None:
            number = len(self._entries)
            self._entries.append(_Entry(kind, item, _Words.of(title), _Words.of(text)))
            for field in (title, text, *others):
                for word in _WORD.findall(fold(field)):
                    postings.setdefault(word, set()).add(number)

        # Entries are added in result order: by kind, then in the guide's own order.
        for indicator in guide.indicators:
            domain = guide.domain(indicator.domain)
            area = guide.area_name(indicator.domain, indicator.area)
            add("indicator", indicator, area, indicator.text, domain.name)
        for level in guide.levels:
            add("level", level, level.name, level.description, level.response)
        for route in guide.routes:
            add("route", route, route.name, route.when, *route.how, route.contact)

        self._words = sorted(postings)
        self._postings = [frozenset(postings[word]) for word in self._words]

    def _matching(self, prefix: str) -> set[int]:
        """The entries with a word that begins with `prefix`."""
        found: set[int] = set()
        position = bisect_left(self._words, prefix)
        while position < len(self._words) and self._words[position].startswith(prefix):
            found |= self._postings[position]
            position += 1
        return found

    def search(self, query: str) -> list[GuideHit]:
        """Return the entries matching every word of the query, indicators then levels then routes.

        A query with no words (empty, or only spaces and punctuation) finds nothing.
        """
        words = list(dict.fromkeys(_WORD.findall(fold(query))))
        if not words:
            return []
        # The longest word is usually the rarest: start there so the intersections stay small.
        words.sort(key=len, reverse=True)
        numbers = self._matching(words[0])
        for word in words[1:]:
            if not numbers:
                break
            numbers &= self._matching(word)
        hits = []
        for number in sorted(numbers):
            entry = self._entries[number]
            hits.append(
                GuideHit(
                    kind=entry.kind,
                    item=entry.item,
                    title=entry.title.text,
                    title_spans=entry.title.spans(words),
                    text=entry.text.text,
                    spans=entry.text.spans(words),
                )
            )
        return hits
