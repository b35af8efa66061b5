"""Threshold guide editions: what opening the guide costs once a signed update is installed.

The guide window and the level-of-need form read the current edition every time they open,
and an installed edition is re-verified on every read (signature, digest, each column), so
that a row forged in the vault is never used. Target: opening stays well under 100 ms, and
re-verifying costs no more than a few times parsing the shipped edition, measured in the
same run.

    python benchmarks/guide_editions.py [--repeat 30]
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

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.thresholds.guide import ThresholdGuide
from safeguard_desktop.thresholds.library import current_guide, editions, shipped_guide
from safeguard_desktop.thresholds.packs import install_pack, sign_pack
from safeguard_desktop.vault.keys import KdfParams
from safeguard_desktop.vault.session import Vault

PASSPHRASE = "quartz meadow lantern orchid"


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
    parser.add_argument("--repeat", type=int, default=30, help="runs of each operation (default 30)")
    args = parser.parse_args(argv)

    shipped = shipped_guide()
    raw = shipped.canonical_bytes()
    key = Ed25519PrivateKey.generate()
    trusted = [key.public_key()]
    source = shipped.source.model_copy(update={"published": shipped.source.published + timedelta(days=30)})
    newer = shipped.model_copy(update={"source": source})
    pack = sign_pack(newer.canonical_bytes(), key)
    who = Practitioner(name="Benchmark Runner", role="Health visitor", organisation="Made-up Trust")

    with tempfile.TemporaryDirectory() as folder:
        cheap = KdfParams(time_cost=1, memory_kib=8192, parallelism=1)  # unlock cost is not measured here
        vault = Vault.create(Path(folder) / "b.vault", PASSPHRASE, who, kdf=cheap)
        try:
            start = time.perf_counter()
            install_pack(vault, pack, trusted)
            install_ms = (time.perf_counter() - start) * 1000
            parse = timed(args.repeat, lambda: ThresholdGuide.from_json(raw))
            read = timed(args.repeat, lambda: current_guide(vault, trusted))
            listing = timed(args.repeat, lambda: editions(vault, trusted))
            assert current_guide(vault, trusted) == newer
        finally:
            vault.close()

    print(f"pack: {len(pack) / 1024:.1f} KiB; install (verify, check, store, audit): {install_ms:.1f} ms")
    print(f"parse the shipped edition:               median {statistics.median(parse):.2f} ms")
    print(f"current guide, installed edition re-verified: median {statistics.median(read):.2f} ms")
    print(f"list editions:                           median {statistics.median(listing):.2f} ms")
    ratio = statistics.median(read) / statistics.median(parse)
    print(f"re-verified read / plain parse: {ratio:.1f}x (same run)")
    print(f"target open < 100 ms: {'met' if statistics.median(read) < 100 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
