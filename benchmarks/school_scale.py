"""School scale: the main window's reads and a concern's write, on a vault of 2,000 children.

`safeguard-desktop demo --children 2000` makes about 100,000 concerns and 200,000 chronology
entries, a handful of children with over 1,000 chronology rows. On that vault (issue
targets, on a 2-core machine): opening the child list, opening the child with the most rows
and showing their chronology, and a search across everything each take <= 100 ms; logging a
concern (full-text index, chronology rows, audit event, commit with synchronous=FULL) <= 50 ms.

Machines here are shared and noisy: every figure is a median of --repeat runs, and the first
(cold) run is shown beside it. Building the vault takes minutes, so --vault keeps it for the
next run (each run adds --repeat made-up concerns to it).

    python benchmarks/school_scale.py [--vault PATH] [--children 2000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from safeguard_desktop.chronology.timeline import TimelineFilter
from safeguard_desktop.demo import DEMO_PASSPHRASE, PRACTITIONER, build_demo_vault
from safeguard_desktop.domain.categories import ChildRole, ConcernCategory, InformedParty
from safeguard_desktop.domain.concern import Concern, ConcernChild, InformedRecord
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.ukdates import uk_today, utc_now
from safeguard_desktop.vault.keys import KdfParams
from safeguard_desktop.vault.session import Vault

# What the main window's children model asks for at a time (gui/children_model.py PAGE_SIZE;
# not imported, so that the benchmark needs no Qt).
CHILD_PAGE = 100
# The chronology's first page, as the lazy table model fetches it.
TIMELINE_PAGE = 200
# Words from rare to common in the demo's made-up texts; "allotment hungry" needs both.
WORDS = ["Kowalczyk", "allotment", "trainers", "hungry", "bruise", "breakfast", "school", "allotment hungry"]


def timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    """Milliseconds of each of `repeat` calls, the first one cold."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def build_or_reuse(path: Path, children: int, fast_kdf: bool) -> str:
    """Make the demo vault at `path` unless one is there already; say which."""
    if path.exists():
        return f"reused {path}"
    kdf = KdfParams(time_cost=1, memory_kib=8192, parallelism=1) if fast_kdf else None
    result = build_demo_vault(path, children=children, kdf=kdf, progress=lambda line: print(line, file=sys.stderr))
    return (
        f"built {path} in {result.seconds:.0f} s ({result.records / result.seconds:,.0f} records/s): "
        f"{result.concerns:,} concerns, {result.entries:,} entries, {result.status_periods:,} status periods, "
        f"{result.meetings:,} meetings"
    )


def _concern_about(first: UUID, second: UUID, n: int) -> Concern:
    """A realistic concern about two siblings, as the concern form would save it."""
    return Concern(
        happened=EventDate.exact(utc_now() - timedelta(minutes=30 + n)),
        children=[
            ConcernChild(child_id=first, roles=frozenset({ChildRole.VICTIM})),
            ConcernChild(child_id=second, roles=frozenset({ChildRole.WITNESS})),
        ],
        categories=frozenset({ConcernCategory.DOMESTIC_ABUSE}),
        recorded_by=PRACTITIONER,
        reported_by="Ms Adebayo (teaching assistant)",
        account="Told the teaching assistant at breakfast club that the police came to the house last night "
        "after shouting; her brother was in the room. Tired and quiet all morning.",
        child_words="Mum was crying and the policeman said we could go back to bed.",
        action_taken="Spoke with both children; Operation Encompass notification checked; DSL informed.",
        informed=[InformedRecord(party=InformedParty.DSL, name=PRACTITIONER.name, when=utc_now())],
    )


Result = tuple[str, float, float, float]  # operation, median ms, cold (first run) ms, target ms


def _result(name: str, runs: list[float], target: float) -> Result:
    return name, statistics.median(runs), runs[0], target


def measure(vault: Vault, repeat: int) -> tuple[list[Result], list[str]]:
    """Time each operation; return the results and lines describing the data."""
    conn = vault._ctx.conn  # the benchmark reads the vault's shape directly; the app never does
    heaviest, rows = conn.execute(
        "SELECT child_id, count(*) FROM timeline GROUP BY child_id ORDER BY 2 DESC LIMIT 1"
    ).fetchone()
    siblings = conn.execute(
        "SELECT a.target_id, b.target_id FROM links a JOIN links b ON a.record_id = b.record_id "
        "AND a.target_id < b.target_id WHERE a.target_kind = 'child' AND b.target_kind = 'child' LIMIT 1"
    ).fetchone()
    heavy_id, pair = UUID(str(heaviest)), [UUID(str(s)) for s in siblings]

    def open_child_list() -> None:
        vault.children.count()
        vault.children.list(offset=0, limit=CHILD_PAGE)

    def open_heaviest_child() -> None:
        vault.children.get(heavy_id)
        vault.timeline.count(heavy_id)
        vault.timeline.rows(heavy_id, limit=TIMELINE_PAGE)
        vault.timeline.categories(heavy_id)

    def scroll_deep() -> None:
        vault.timeline.rows(heavy_id, offset=1000, limit=TIMELINE_PAGE)

    def filter_heaviest_by_word() -> None:
        # What the chronology window does when a word is typed into its search box.
        flt = TimelineFilter(text="school")
        vault.timeline.count(heavy_id, flt)
        vault.timeline.rows(heavy_id, flt, limit=TIMELINE_PAGE)

    def due_soon() -> None:
        vault.timeline.due(uk_today() + timedelta(weeks=6))

    counter = iter(range(1_000_000))

    def log_concern() -> None:
        vault.concerns.add(_concern_about(pair[0], pair[1], next(counter)))

    searches = {word: timed(lambda w=word: vault.timeline.search(w), repeat) for word in WORDS}
    hits = {
        word: int(conn.execute("SELECT count(*) FROM search WHERE search MATCH ?", (f'"{word}"*',)).fetchone()[0])
        for word in WORDS
        if " " not in word
    }
    worst = max(searches, key=lambda w: statistics.median(searches[w]))
    slowest = (worst, hits.get(worst, 0))
    results = [
        _result("open the child list (count + first page)", timed(open_child_list, repeat), 100),
        _result(
            f"open the heaviest child ({rows:,} rows): get+count+page+categories",
            timed(open_heaviest_child, repeat),
            100,
        ),
        _result("scroll that chronology to row 1,000 (one more page)", timed(scroll_deep, repeat), 100),
        _result("filter that chronology by a common word ('school')", timed(filter_heaviest_by_word, repeat), 100),
        # The median over words of each word's median; cold is the slowest word's first run.
        (
            "search everything (median over words)",
            statistics.median(statistics.median(r) for r in searches.values()),
            max(r[0] for r in searches.values()),
            100.0,
        ),
        (
            "  the slowest word, '{}' ({:,} records)".format(*slowest),
            statistics.median(searches[slowest[0]]),
            searches[slowest[0]][0],
            100.0,
        ),
        _result("due list for the next six weeks", timed(due_soon, repeat), 100),
        _result("log a concern about two children", timed(log_concern, repeat), 50),
    ]
    notes = [
        "search words (records containing each; median ms): "
        + ", ".join(f"{w} {hits.get(w, '-')} {statistics.median(r):.1f}" for w, r in searches.items()),
    ]
    return results, notes


# The statements behind the timed operations, as the core issues them, for --explain.
_PLANS = {
    "child list page": "SELECT v.id FROM records r JOIN versions v ON v.id = r.current_version "
    "WHERE r.kind = 'child' AND r.state = 'active' ORDER BY r.sort_key, r.id LIMIT 100 OFFSET 0",
    "chronology count": "SELECT count(*) FROM timeline t JOIN records r ON r.id = t.record_id WHERE t.child_id = ?",
    "chronology page": "SELECT t.summary, r.state FROM timeline t JOIN records r ON r.id = t.record_id "
    "WHERE t.child_id = ? ORDER BY t.at, t.precision, t.record_id, t.item LIMIT 200 OFFSET 0",
    "search": "SELECT r.id FROM search s JOIN records r ON r.id = s.record_id "
    "WHERE search MATCH '\"school\"*' ORDER BY r.sort_key DESC LIMIT 200",
    "search index row of a record (amend, withdraw; and add before the fix)": "DELETE FROM search WHERE record_id = ?",
}


def explain(vault: Vault) -> list[str]:
    """SQLite's plan for each statement behind the timed operations, one line each."""
    conn = vault._ctx.conn
    child = str(conn.execute("SELECT child_id FROM timeline LIMIT 1").fetchone()[0])
    lines = []
    for name, sql in _PLANS.items():
        params = (child,) if "?" in sql else ()
        plan = conn.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
        lines.append(f"plan of {name}: " + "; ".join(str(step[-1]) for step in plan))
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vault", type=Path, help="where to keep the demo vault between runs (built if missing)")
    parser.add_argument("--children", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--explain", action="store_true", help="also print SQLite's query plans")
    parser.add_argument("--fast-kdf", action="store_true", help="cheap Argon2id for a new vault: smoke test only")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        path = args.vault or Path(tmp) / "school.vault"
        made = build_or_reuse(path, args.children, args.fast_kdf)
        size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())
        with Vault.open(path, DEMO_PASSPHRASE) as vault:
            counts = {repo.kind: repo.count(include_withdrawn=True) for repo in vault.repositories()}
            results, notes = measure(vault, args.repeat)
            if args.explain:
                notes += explain(vault)

    print(made)
    print(f"vault: {size / 1024 / 1024:,.0f} MB; " + ", ".join(f"{n:,} {k}" for k, n in counts.items() if n))
    print(f"runs: {args.repeat} (median; the first, cold run in brackets)")
    print(f"  {'operation':<72} {'median ms':>10} {'cold':>8} {'target':>7}  within")
    for name, med, cold, target in results:
        print(f"  {name:<72} {med:>10.1f} {cold:>8.1f} {target:>7.0f}  {'yes' if med <= target else 'NO'}")
    for line in notes:
        print(line)


if __name__ == "__main__":
    main()
