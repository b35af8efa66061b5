"""A write that returned is never lost, however abruptly the app dies.

A child process opens one vault and writes records without pause, printing each record's ID
on stdout only after the write call has returned: that line is the acknowledgement a person
would have had on screen. The parent kills the child (SIGKILL on POSIX, TerminateProcess on
Windows: no handler, no atexit, no checkpoint) after a random number of acknowledgements or
a random few milliseconds, then opens the vault itself and checks that every acknowledged
record is there and that `check` finds nothing wrong. The same vault is reused for every
kill, so it accumulates history, write-ahead logs left by dead processes, and any lock
files they held.

What it covers: the app never acknowledges a write before it is committed, a killed process
leaves nothing (journal, lock) that stops the next open, and recovery of the write-ahead log
keeps every committed transaction. What it cannot cover: power loss, where the operating
system's cache dies too; that rests on `synchronous = FULL` and the fsyncs, which a SIGKILL
does not exercise.

It runs in the ordinary suite. The loop is bounded both by a kill count and by a wall-clock
budget, so a slow machine does fewer kills rather than a longer run; it still insists on
enough kills to mean something.
"""

from __future__ import annotations

import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path
from uuid import UUID

from safeguard_desktop.domain.people import Child
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.errors import RecordNotFound
from safeguard_desktop.vault.session import Vault
from tests.conftest import FAST_KDF, PASSPHRASE

SEED = 20240202
KILLS = 50
MIN_KILLS = 15  # fewer than this and the test has not shown much; fail rather than pass quietly
BUDGET_SECONDS = 40.0
START_TIMEOUT = 30.0  # a child that never says "ready" is a failure, not a hang

# The writer. Each acknowledgement is one short line written with one write() after the
# repository call returned, so a line the parent reads whole is a write that completed.
WRITER = r"""
import sys
from datetime import date
from safeguard_desktop.domain.categories import ChildRole, ConcernCategory
from safeguard_desktop.domain.concern import Concern, ConcernChild
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.people import Child
from safeguard_desktop.vault.session import Vault

path, passphrase, run = sys.argv[1], sys.argv[2], int(sys.argv[3])
out = sys.stdout
vault = Vault.open(path, passphrase)
out.write("ready\n")
out.flush()
n = 0
while True:
    n += 1
    child = vault.children.add(
        Child(given_names=f"Kestrel{run}x{n}", family_name="Ambleside-Varga", date_of_birth=date(2014, 5, 9))
    )
    out.write(f"child {child.record_id}\n")
    out.flush()
    concern = vault.concerns.add(
        Concern(
            happened=EventDate.on_day(date(2024, 1, 15)),
            children=[ConcernChild(child_id=child.record_id, roles=frozenset({ChildRole.VICTIM}))],
            categories=frozenset({ConcernCategory.NEGLECT}),
            recorded_by=vault.practitioner,
            account=f"Run {run}, write {n}: arrived without a coat; said there was no breakfast.",
        )
    )
    out.write(f"concern {concern.record_id}\n")
    out.flush()
"""


def _reader(stream, lines: queue.Queue[str | None]) -> None:
    """Forward each complete line; a partial last line (cut by the kill) is not an ack."""
    for line in stream:
        if line.endswith("\n"):
            lines.put(line.rstrip("\n"))
    lines.put(None)


def _run_and_kill(path: Path, run: int, rng: random.Random, stderr_file: Path) -> tuple[list[str], str]:
    """Start a writer, kill it at a random moment, return every ack it printed and how it died."""
    with stderr_file.open("w", encoding="utf-8") as err:
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), PASSPHRASE, str(run)],
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            encoding="utf-8",
        )
    lines: queue.Queue[str | None] = queue.Queue()
    reader = threading.Thread(target=_reader, args=(proc.stdout, lines), daemon=True)
    reader.start()
    acks: list[str] = []
    try:
        first = lines.get(timeout=START_TIMEOUT)
        if first != "ready":
            proc.wait(timeout=10)
            raise AssertionError(
                f"run {run}: the writer did not start (exit {proc.returncode}):\n{stderr_file.read_text()}"
            )
        # Half the runs die after a chosen number of acks (0 = right after opening, while the
        # first write is in flight); half after a chosen delay, wherever the writer then is.
        if rng.random() < 0.5:
            how = f"after {rng.randint(0, 40)} acks"
            wanted = int(how.split()[1])
            while len(acks) < wanted:
                line = lines.get(timeout=START_TIMEOUT)
                if line is None:
                    break
                acks.append(line)
        else:
            delay = rng.uniform(0.005, 0.080)
            how = f"after {delay * 1000:.0f} ms"
            time.sleep(delay)
        proc.kill()
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        reader.join(timeout=30)
        if proc.stdout is not None:
            proc.stdout.close()
    # Lines already in the pipe when the kill landed were printed after their write returned:
    # they are acknowledgements as much as the ones read before the kill.
    while (line := lines.get_nowait()) is not None:
        acks.append(line)
    # A killed process exits with -SIGKILL on POSIX and 1 on Windows; a writer that died of
    # its own error would have said why on stderr.
    killed = -signal.SIGKILL if os.name == "posix" else 1
    problem = stderr_file.read_text(encoding="utf-8")
    if proc.returncode != killed or problem:
        raise AssertionError(f"run {run}: the writer failed by itself (exit {proc.returncode}):\n{problem}")
    return acks, how


def test_acknowledged_writes_survive_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "crash.vault"
    practitioner = Practitioner(name="Tamsin Ravenscroft-Ode", role="Health Visitor", organisation="Larkspur 0-19")
    with Vault.create(path, PASSPHRASE, practitioner, kdf=FAST_KDF) as vault:
        # One record written before any kill: the first opens have something to find.
        baseline = vault.children.add(Child(given_names="Wren", family_name="Oakhurst", date_of_birth=date(2016, 1, 1)))

    rng = random.Random(SEED)
    acked: dict[str, list[UUID]] = {"child": [baseline.record_id], "concern": []}
    started = time.monotonic()
    kills = 0
    log: list[str] = []
    while kills < KILLS and time.monotonic() - started < BUDGET_SECONDS:
        acks, how = _run_and_kill(path, kills, rng, tmp_path / f"writer-{kills}.stderr")
        kills += 1
        for line in acks:
            kind, _, rid = line.partition(" ")
            assert kind in acked, f"unexpected line from the writer: {line!r}"
            acked[kind].append(UUID(rid))
        log.append(f"kill {kills}: {how}, {len(acks)} acks")

        # The vault must open straight after the kill: no stale lock, no damage.
        with Vault.open(path, PASSPHRASE) as vault:
            missing = []
            for kind, repo in (("child", vault.children), ("concern", vault.concerns)):
                for rid in acked[kind]:
                    try:
                        repo.get(rid)
                    except RecordNotFound:
                        missing.append(f"{kind} {rid}")
            assert not missing, f"kill {kills} ({how}) lost acknowledged writes: {missing}\n" + "\n".join(log)
            report = vault.check()
            assert report.ok, f"kill {kills} ({how}): check found faults:\n" + "\n".join(report.faults)
            assert report.versions >= sum(len(ids) for ids in acked.values())

    elapsed = time.monotonic() - started
    total = sum(len(ids) for ids in acked.values()) - 1
    print(f"{kills} kills in {elapsed:.1f} s; {total} acknowledged writes, all present; check sound each time")
    assert kills >= MIN_KILLS, f"only {kills} kills in {BUDGET_SECONDS:.0f} s: too slow to mean much"
    assert total > 0, "no write was ever acknowledged: the kills all landed too early to test anything"
