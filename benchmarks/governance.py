"""Governance: what the review queue, a subject access bundle, the disclosure log and a disposal cost.

On a demo vault of --children children (about 160 records each, including the two former
pupils whose files are due and the demo's open subject access request):

- the review queue (every child's rule, keep decisions and holds);
- a subject access bundle for the demo's requester: find every record naming them, read and
  lay out each one, and render the PDF;
- the disclosure log after --disclosures logged exports, read whole;
- disposing of a due file: the deletions, the FTS optimise, VACUUM and the WAL truncate.
  The issue asks for VACUUM, which rewrites the whole vault, so disposal is measured beside a
  plain VACUUM of the same copy just before it: the ratio says how much disposal adds to the
  rewrite it cannot avoid.

Disposal changes the vault, so each of its runs works on a fresh copy of the file. Targets
(issue 9, a 2-core machine): the queue and the log open in under 0.5 s, the bundle in under
3 s, and a disposal costs no more than 1.5 times a plain VACUUM of the vault.

    python benchmarks/governance.py [--children 200] [--repeat 5] [--disclosures 2000] [--fast-kdf]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from safeguard_desktop.demo import DEMO_PASSPHRASE, build_demo_vault
from safeguard_desktop.governance import sar
from safeguard_desktop.governance.bundle import open_bundle
from safeguard_desktop.governance.bundle_document import bundle_document
from safeguard_desktop.governance.disclosure import Disclosure, disclosure_log
from safeguard_desktop.governance.disposal import dispose
from safeguard_desktop.governance.review import review_queue
from safeguard_desktop.paths import header_path
from safeguard_desktop.pdf.sar import sar_pdf
from safeguard_desktop.vault.keys import KdfParams
from safeguard_desktop.vault.session import Vault


def timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    """Seconds of each of `repeat` calls."""
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def line(label: str, runs: list[float]) -> str:
    return f"{label}: median {statistics.median(runs):.3f} s (min {min(runs):.3f}, max {max(runs):.3f}, n={len(runs)})"


def bundle_pdf(vault: Vault) -> int:
    """Build the demo request's bundle and its PDF; return the PDF's size."""
    [request] = [r for r in sar.requests(vault) if r.status == "open"][:1]
    document = bundle_document(vault, open_bundle(vault, request), request)
    return len(sar_pdf(document, demo=vault.is_demo))


def copy_vault(source: Path, dest: Path) -> None:
    shutil.copyfile(source, dest)
    shutil.copyfile(header_path(source), header_path(dest))


def dispose_once(source: Path, work: Path, n: int) -> tuple[float, float, int]:
    """On a fresh copy: (disposal seconds, plain VACUUM seconds, records removed)."""
    path = work / f"copy{n}.vault"
    copy_vault(source, path)
    with Vault.open(path, DEMO_PASSPHRASE) as vault:
        due = next(d for d in review_queue(vault) if not d.held)
        started = time.perf_counter()
        vault._ctx.conn.execute("VACUUM")
        rewrite = time.perf_counter() - started
        started = time.perf_counter()
        entry = dispose(vault, due.child_id, rule_id=due.rule.id, rule_source=due.rule.source_line())
        disposal = time.perf_counter() - started
    return disposal, rewrite, entry.records_removed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--disclosures", type=int, default=2000)
    parser.add_argument("--fast-kdf", action="store_true", help="cheap Argon2id for the new vault: smoke test only")
    args = parser.parse_args()
    kdf = KdfParams(time_cost=1, memory_kib=8192, parallelism=1) if args.fast_kdf else None
    with tempfile.TemporaryDirectory(prefix="governance-bench-") as folder:
        work = Path(folder)
        source = work / "demo.vault"
        made = build_demo_vault(source, children=args.children, kdf=kdf)
        print(f"demo vault: {made.children} children, {made.records:,} records, {source.stat().st_size / 1e6:.1f} MB")
        with Vault.open(source, DEMO_PASSPHRASE) as vault:
            child = vault.children.list(limit=1)[0].record_id
            shared = Disclosure("Own records (not shared)", "Benchmark: a logged export")
            with vault.batch():
                for n in range(args.disclosures):
                    vault.log_export("chronology.pdf", f"export {n}".encode(), child, shared)
            queue = timed(lambda: review_queue(vault), args.repeat)
            print(line(f"review queue ({len(review_queue(vault))} due)", queue))
            sizes: list[int] = []
            bundle = timed(lambda: sizes.append(bundle_pdf(vault)), args.repeat)
            print(line(f"subject access bundle and PDF ({sizes[-1] / 1024:.0f} KB)", bundle))
            log = timed(lambda: disclosure_log(vault), args.repeat)
            print(line(f"disclosure log ({len(disclosure_log(vault)):,} entries)", log))
        # Two former pupils are due and one is held, so each copy has exactly one to dispose of.
        runs = [dispose_once(source, work, n) for n in range(max(1, min(args.repeat, 3)))]
        disposal, rewrite = [r[0] for r in runs], [r[1] for r in runs]
        print(line(f"disposal of a due file ({runs[0][2]} records, VACUUM included)", disposal))
        print(line("plain VACUUM of the same copy", rewrite))
        print(f"disposal / rewrite ratio: {statistics.median(disposal) / statistics.median(rewrite):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
