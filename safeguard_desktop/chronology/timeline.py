"""Reading the chronology projection: one child's rows, filtered and sorted, and search.

Rows come from the `timeline` table, which the repositories keep in step with each record's
current version (see `Record.timeline_items`). Nothing here knows which record kinds exist.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from uuid import UUID

from safeguard_desktop.domain.categories import Impact, Significance
from safeguard_desktop.domain.eventdate import DatePrecision
from safeguard_desktop.domain.timeline import Theme
from safeguard_desktop.domain.ukdates import uk_local_to_utc
from safeguard_desktop.vault.store import Context, fts_query

__all__ = ["SORT_COLUMNS", "DueRow", "SearchHit", "SearchResults", "Timeline", "TimelineFilter", "TimelineRow"]

_PRECISIONS = [DatePrecision.TIME, DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR]

# Column name -> ORDER BY clause. Only these strings ever reach SQL.
SORT_COLUMNS: dict[str, str] = {
    # Same day, same precision: the order they were recorded in, which is what a reader expects.
    "date": "t.at {d}, t.precision {d}, r.created_at {d}, t.item {d}",
    "category": "t.categories COLLATE NOCASE {d}, t.at, t.precision",
    "summary": "t.summary COLLATE NOCASE {d}, t.at",
    "significance": "t.significance {d}, t.at, t.precision",
    "impact": "t.impact {d}, t.at, t.precision",
    "source": "t.source COLLATE NOCASE {d}, t.at, t.precision",
    "recorded_by": "t.recorded_by COLLATE NOCASE {d}, t.at, t.precision",
    "role": "t.role COLLATE NOCASE {d}, t.at, t.precision",
}


@dataclass(frozen=True)
class TimelineFilter:
    """What to show of a chronology. Empty fields filter nothing."""

    categories: frozenset[str] = frozenset()
    significance: Significance | None = None
    start: date | None = None
    end: date | None = None
    # Words every shown row's record must contain (searched across the record's full text).
    text: str = ""
    include_withdrawn: bool = True

    def significant_only(self) -> TimelineFilter:
        """The same filter, showing significant events only."""
        return TimelineFilter(self.categories, Significance.SIGNIFICANT, self.start, self.end, self.text)


@dataclass(frozen=True)
class TimelineRow:
    """One row of a chronology, ready to show."""

    record_id: UUID
    item: int
    kind: str
    at: datetime
    precision: DatePrecision
    date_text: str
    categories: tuple[str, ...]
    theme: Theme
    summary: str
    significance: Significance
    impact: Impact
    source: str
    recorded_by: str
    role: str
    withdrawn: bool

    @property
    def category_text(self) -> str:
        """The categories as one line."""
        return ", ".join(self.categories)


@dataclass(frozen=True)
class SearchHit:
    """A record found by a search across the whole vault."""

    record_id: UUID
    kind: str
    title: str
    withdrawn: bool
    child_ids: tuple[UUID, ...] = field(default=())


@dataclass(frozen=True)
class SearchResults:
    """The hits of one vault-wide search, best match first, and whether more records matched.

    Iterating and `len` give the hits, so a caller that only lists them need not know about `more`.
    """

    hits: tuple[SearchHit, ...]
    more: bool = False

    def __len__(self) -> int:
        return len(self.hits)

    def __iter__(self) -> Iterator[SearchHit]:
        return iter(self.hits)


@dataclass(frozen=True)
class DueRow:
    """A review or action due by a date."""

    record_id: UUID
    kind: str
    due: date
    what: str
    child_id: UUID | None


_ROW_COLS = (
    "t.record_id, t.item, t.kind, t.at, t.precision, t.date_text, t.categories, t.theme, t.summary, "
    "t.significance, t.impact, t.source, t.recorded_by, t.role, r.state"
)


def _start_utc(day: date) -> str:
    return uk_local_to_utc(day, time(0, 0)).isoformat(timespec="microseconds")


class Timeline:
    """Queries over the chronology projection of an unlocked vault."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def _where(self, child_id: UUID, flt: TimelineFilter) -> tuple[str, list[object]]:
        clauses: list[str] = ["t.child_id = ?"]
        params: list[object] = [str(child_id)]
        if not flt.include_withdrawn:
            clauses.append("r.state = 'active'")
        if flt.categories:
            ors = " OR ".join("instr(t.categories, ?) > 0" for _ in flt.categories)
            clauses.append(f"({ors})")
            params += [f"|{c}|" for c in sorted(flt.categories)]
        if flt.significance is not None:
            clauses.append("t.significance = ?")
            params.append(flt.significance.value)
        # Dates compare on the earliest instant a (possibly vague) date could mean.
        if flt.start is not None:
            clauses.append("t.at >= ?")
            params.append(_start_utc(flt.start))
        if flt.end is not None:
            clauses.append("t.at < ?")
            params.append(_start_utc(flt.end + timedelta(days=1)))
        query = fts_query(flt.text)
        if query:
            # Match on FTS rowids (read from the index alone) and test the child's own rows
            # against them: a word in 106,220 records costs 66 ms instead of 348 ms.
            clauses.append(
                "EXISTS (SELECT 1 FROM search_rows sr WHERE sr.record_id = t.record_id "
                "AND sr.fts_rowid IN (SELECT rowid FROM search WHERE search MATCH ?))"
            )
            params.append(query)
        return " AND ".join(clauses), params

    def rows(
        self,
        child_id: UUID,
        flt: TimelineFilter | None = None,
        *,
        sort: str = "date",
        descending: bool = False,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[TimelineRow]:
        """One child's chronology rows, filtered and sorted, a page at a time."""
        where, params = self._where(child_id, flt or TimelineFilter())
        order = SORT_COLUMNS[sort].format(d="DESC" if descending else "ASC")
        sql = (
            f"SELECT {_ROW_COLS} FROM timeline t JOIN records r ON r.id = t.record_id "  # nosec B608
            f"WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?"
        )
        found = self._ctx.conn.execute(sql, (*params, -1 if limit is None else limit, offset)).fetchall()
        return [_row(values) for values in found]

    def count(self, child_id: UUID, flt: TimelineFilter | None = None) -> int:
        """How many rows `rows` would return without a limit."""
        where, params = self._where(child_id, flt or TimelineFilter())
        # The join is only needed to filter on the record's state; without it the count is
        # read from the timeline_by_child index alone.
        join = "JOIN records r ON r.id = t.record_id " if "r.state" in where else ""
        sql = f"SELECT count(*) FROM timeline t {join}WHERE {where}"  # nosec B608
        return int(self._ctx.conn.execute(sql, params).fetchone()[0])

    def points(
        self, child_id: UUID, flt: TimelineFilter | None = None
    ) -> list[tuple[datetime, Theme, Significance, bool, UUID, int, DatePrecision]]:
        """Just what a visual timeline draws, for every row `rows` would return, in date order.

        Each point is (earliest instant, theme, significance, withdrawn, record id, item,
        precision): a few fields rather than whole rows, so thousands of markers stay cheap.
        """
        where, params = self._where(child_id, flt or TimelineFilter())
        sql = (
            "SELECT t.at, t.theme, t.significance, r.state, t.record_id, t.item, t.precision "  # nosec B608
            f"FROM timeline t JOIN records r ON r.id = t.record_id WHERE {where} ORDER BY t.at, t.precision"
        )
        return [
            (
                datetime.fromisoformat(str(at)),
                Theme(str(theme)),
                Significance(str(sig)),
                state == "withdrawn",
                UUID(str(rid)),
                int(str(item)),
                _PRECISIONS[int(str(precision))],
            )
            for at, theme, sig, state, rid, item, precision in self._ctx.conn.execute(sql, params)
        ]

    def categories(self, child_id: UUID) -> list[str]:
        """Every category used in the child's chronology, for the filter list."""
        found: set[str] = set()
        for (joined,) in self._ctx.conn.execute(
            "SELECT DISTINCT categories FROM timeline WHERE child_id = ?", (str(child_id),)
        ):
            found.update(part for part in str(joined).split("|") if part)
        return sorted(found, key=str.casefold)

    def items_of(self, record_id: UUID) -> list[TimelineRow]:
        """The rows one record contributes, to every child's chronology."""
        sql = (
            f"SELECT {_ROW_COLS} FROM timeline t JOIN records r ON r.id = t.record_id "  # nosec B608
            "WHERE t.record_id = ? ORDER BY t.item"
        )
        return [_row(values) for values in self._ctx.conn.execute(sql, (str(record_id),))]

    def search(self, text: str, *, limit: int = 200) -> SearchResults:
        """Records anywhere in the vault whose current version contains every word typed.

        At most `limit` hits, best match (FTS5 bm25) first, then newest first; `more` says
        whether other records matched too. When more match than `limit`, the hits are the
        `limit` records written (added, corrected or withdrawn) most recently, best first:
        ranking every match of a common word is too slow at school scale (140 ms for the
        106,000 records containing "school"), while reading the newest in the index's own rowid
        order stops after `limit` + 1 and ranks only those (under 15 ms).
        """
        query = fts_query(text)
        if not query:
            return SearchResults(())
        conn = self._ctx.conn
        found = conn.execute(
            "SELECT r.id, r.kind, r.title, r.state, s.n FROM ("
            "SELECT record_id, rowid AS n, bm25(search) AS score FROM search WHERE search MATCH ? "
            "ORDER BY rowid DESC LIMIT ?) s JOIN records r ON r.id = s.record_id "
            "ORDER BY s.score, r.created_at DESC, s.n DESC",
            (query, limit + 1),
        ).fetchall()
        more = len(found) > limit
        if more:
            # The extra row only proves there are more: drop it, the one written longest ago.
            found.remove(min(found, key=lambda row: int(row[4])))
        hits = []
        for rid, kind, title, state, _ in found:
            children = conn.execute(
                "SELECT target_id FROM links WHERE record_id = ? AND target_kind = 'child' ORDER BY target_id",
                (rid,),
            ).fetchall()
            ids = (UUID(str(rid)),) if kind == "child" else tuple(UUID(str(c[0])) for c in children)
            hits.append(SearchHit(UUID(str(rid)), str(kind), str(title), state == "withdrawn", ids))
        return SearchResults(tuple(hits), more)

    def due(self, until: date, *, child_id: UUID | None = None) -> list[DueRow]:
        """Reviews and actions due on or before `until`, soonest first, from active records."""
        sql = (
            "SELECT d.record_id, r.kind, d.due, d.what, d.child_id FROM due d JOIN records r ON r.id = d.record_id "
            "WHERE r.state = 'active' AND d.due <= ?"
        )
        params: list[object] = [until.isoformat()]
        if child_id is not None:
            sql += " AND d.record_id IN (SELECT record_id FROM links WHERE target_id = ?)"
            params.append(str(child_id))
        sql += " ORDER BY d.due, d.record_id, d.item"
        return [
            DueRow(UUID(str(rid)), str(kind), date.fromisoformat(str(due)), str(what), UUID(str(cid)) if cid else None)
            for rid, kind, due, what, cid in self._ctx.conn.execute(sql, params)
        ]


def _row(values: tuple[object, ...]) -> TimelineRow:
    rid, item, kind, at, precision, date_text, cats, theme, summary, sig, impact, source, by, role, state = values
    return TimelineRow(
        record_id=UUID(str(rid)),
        item=int(str(item)),
        kind=str(kind),
        at=datetime.fromisoformat(str(at)),
        precision=_PRECISIONS[int(str(precision))],
        date_text=str(date_text),
        categories=tuple(part for part in str(cats).split("|") if part),
        theme=Theme(str(theme)),
        summary=str(summary),
        significance=Significance(str(sig)),
        impact=Impact(str(impact)),
        source=str(source),
        recorded_by=str(by),
        role=str(role),
        withdrawn=state == "withdrawn",
    )
