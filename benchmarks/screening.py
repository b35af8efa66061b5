"""Neglect screening: what saving as you go, signing off and the PDF cost.

The form saves the whole screening in progress into the vault after every change, so one
save must be quick enough not to be felt while typing (target: median under 50 ms on this
2-core machine, where each save is a committed SQLCipher transaction). Sign-off and the PDF
are timed too, and each save is compared with a bare committed write of the same size in
the same run, to show what the save adds over the database itself.

    python benchmarks/screening.py [--repeat 40] [--dir FOLDER-ON-A-REAL-DISK]

Each save syncs the write-ahead log to disk (synchronous = FULL), so the figure depends on
the disk: run it with --dir on the disk a laptop would use, not a RAM-backed /tmp.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from safeguard_desktop.domain.people import Adult, Child, Relationship, RelationshipType
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.ukdates import uk_today
from safeguard_desktop.pdf.screening import screening_pdf
from safeguard_desktop.screening import progress
from safeguard_desktop.screening.pack import shipped_pack
from safeguard_desktop.vault.keys import KdfParams
from safeguard_desktop.vault.session import Vault

PASSPHRASE = "quartz meadow lantern orchid"
# A paragraph of evidence like a health visitor writes, for each of the 13 sub-areas.
EVIDENCE = (
    "Seen on both visits: the fridge held milk and bread only; mum said payday is Friday. Breakfast "
    "at nursery most days. Discussed a food bank referral, which mum accepted."
)


def timed(repeat: int, work: Callable[[], object]) -> list[float]:
    """Milliseconds for each of `repeat` runs of `work`."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=40, help="saves to time (default 40)")
    parser.add_argument("--dir", type=Path, default=None, help="where to make the vault: a real disk, not tmpfs")
    args = parser.parse_args(argv)

    pack = shipped_pack()
    who = Practitioner(name="Runner Quill", role="Health visitor", organisation="Made-up Trust")
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        cheap = KdfParams(time_cost=1, memory_kib=8192, parallelism=1)  # unlock cost is not measured here
        vault = Vault.create(Path(folder) / "s.vault", PASSPHRASE, who, kdf=cheap)
        try:
            child = vault.children.add(Child(given_names="Wren", family_name="Quill", date_of_birth=date(2024, 3, 2)))
            carer = vault.adults.add(Adult(given_names="Juno", family_name="Quill"))
            vault.relationships.add(
                Relationship(adult_id=carer.record_id, child_id=child.record_id, relationship=RelationshipType.MOTHER)
            )
            today = uk_today()
            work = progress.start(child.record_id, pack).model_copy(
                update={
                    "carer_id": carer.record_id,
                    "observed_from": today - timedelta(days=7),
                    "observed_to": today,
                    "place": "Family home",
                    "grades": {sub.id: 3 for area in pack.areas for sub in area.sub_areas},
                    "evidence": {sub.id: EVIDENCE for area in pack.areas for sub in area.sub_areas},
                    "area_grades": {area.id: 3 for area in pack.areas},
                    "rationales": {area.id: EVIDENCE for area in pack.areas},
                    "strengths": EVIDENCE,
                }
            )
            size = len(work.model_dump_json())
            saves = timed(args.repeat, lambda: progress.save(vault, work))
            bare = timed(args.repeat, lambda: vault.drafts.save("benchmark:bare", {"text": "x" * size}))
            start = time.perf_counter()
            stored = progress.sign_off(vault, progress.save(vault, work), pack, signed_by=who)
            sign_ms = (time.perf_counter() - start) * 1000
            pdf = timed(max(3, args.repeat // 10), lambda: screening_pdf(stored.data, pack, "Wren Quill"))
        finally:
            vault.close()

    save, raw = statistics.median(saves), statistics.median(bare)
    print(f"screening in progress: {size / 1024:.1f} KiB of JSON (13 sub-areas with a paragraph each)")
    print(f"save as you go: median {save:.1f} ms, max {max(saves):.1f} ms over {len(saves)} saves")
    print(f"bare committed write of the same size: median {raw:.1f} ms; save / bare {save / raw:.2f}x (same run)")
    print(f"sign off (record, chronology, index, audit, draft removed): {sign_ms:.1f} ms")
    print(f"screening PDF: median {statistics.median(pdf):.0f} ms")
    print(f"target save median < 50 ms: {'met' if save < 50 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
