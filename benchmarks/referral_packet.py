"""Referral packet: what exporting a big referral costs, from the vault to the encrypted file.

A referral with 1,000 chronology entries and 20 MB of attachments (ten files of random bytes,
which do not compress, like photos) is exported the way `safeguard-desktop referral export`
does it: read and render everything (JSON, the real PDF, CSV), sign the manifest, zip, and
encrypt to the MASH's RSA certificate. Target: median under 3 s on this 2-core machine.
Verifying the packet (decrypt, every digest, the signature) is timed too.

    python benchmarks/referral_packet.py [--entries 1000] [--megabytes 20] [--files 10] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from safeguard_desktop.domain.chronology import ChronologyEntry
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.people import Child
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.referral.assemble import assemble
from safeguard_desktop.referral.identity import identity
from safeguard_desktop.referral.model import ChronologyPick, Destination, Referral, ReferralChild, Tristate
from safeguard_desktop.referral.packet import build_packet
from safeguard_desktop.referral.verify import verify_packet
from safeguard_desktop.vault.keys import KdfParams
from safeguard_desktop.vault.session import Vault

PASSPHRASE = "quartz meadow lantern orchid"
ENTRY = (
    "Seen at the school gate by the class teacher: came in without a coat in the rain and said "
    "there had been shouting at home. Offered breakfast club; mum collected late again."
)


def recipient_certificate() -> x509.Certificate:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Made-up MASH (benchmark)")])
    now = datetime.now(UTC)
    builder = x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
    builder = builder.serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
    return builder.not_valid_after(now + timedelta(days=365)).sign(key, hashes.SHA256())


def fill(vault: Vault, entries: int, megabytes: int, files: int) -> Referral:
    who = vault.practitioner
    child = vault.children.add(Child(given_names="Bench", family_name="Marker", date_of_birth=date(2016, 4, 2)))
    start = date(2020, 1, 6)
    with vault.batch():
        for n in range(entries):
            vault.chronology.add(
                ChronologyEntry(
                    child_id=child.record_id,
                    happened=EventDate.on_day(start + timedelta(days=n % 2000)),
                    source="School",
                    category="Neglect",
                    description=f"{ENTRY} (entry {n + 1})",
                    recorded_by=who,
                )
            )
    size = megabytes * 1024 * 1024 // files
    attachment_ids = [
        vault.attachments.add_bytes(
            f"photo {i + 1}.jpg", os.urandom(size), "image/jpeg", child_id=child.record_id
        ).record_id
        for i in range(files)
    ]
    picks = [ChronologyPick(record_id=r.record_id, item=r.item) for r in vault.timeline.rows(child.record_id)]
    return vault.referrals.add(
        Referral(
            destination=Destination.MASH,
            children=[ReferralChild(child_id=child.record_id, safe_tonight=Tristate.YES, where_now="At school")],
            chronology=picks,
            referrer=who,
            attachment_ids=attachment_ids,
            child_voice="I get hungry at home.",
            referrer_wants="An assessment of the family's needs.",
        )
    ).data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1000, help="chronology entries (default 1,000)")
    parser.add_argument("--megabytes", type=int, default=20, help="attachments in MB (default 20)")
    parser.add_argument("--files", type=int, default=10, help="how many attachments (default 10)")
    parser.add_argument("--runs", type=int, default=3, help="exports to time (default 3)")
    args = parser.parse_args(argv)

    who = Practitioner(name="Runner Quill", role="Designated Safeguarding Lead", organisation="Made-up School")
    recipient = recipient_certificate()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.vault"
        kdf = KdfParams(time_cost=1, memory_kib=8192, parallelism=1)  # unlocking is not what is measured
        with Vault.create(path, PASSPHRASE, who, kdf=kdf) as vault:
            started = time.perf_counter()
            fill(vault, args.entries, args.megabytes, args.files)
            stored = vault.referrals.list()[0]
            print(f"filled the vault in {time.perf_counter() - started:.1f} s", file=sys.stderr)
            signing = identity(vault)  # made once with the vault, so not part of an export
            export_s, verify_s, packet = [], [], None
            for _ in range(args.runs):
                t0 = time.perf_counter()
                contents = assemble(vault, stored)
                t1 = time.perf_counter()
                packet = build_packet(
                    contents, signer_key=signing.private_key, signer_cert=signing.certificate, recipient_cert=recipient
                )
                t2 = time.perf_counter()
                export_s.append((t2 - t0, t1 - t0, t2 - t1))
            assert packet is not None
            # The receiver's side, from the inner ZIP (the benchmark does not keep the MASH's key).
            for _ in range(args.runs):
                inner = build_packet(contents, signer_key=signing.private_key, signer_cert=signing.certificate)
                t0 = time.perf_counter()
                verify_packet(inner.data)
                verify_s.append(time.perf_counter() - t0)

    total = statistics.median(t for t, _, _ in export_s)
    read = statistics.median(r for _, r, _ in export_s)
    pack = statistics.median(p for _, _, p in export_s)
    print(f"packet: {args.entries:,} chronology entries, {args.megabytes} MB in {args.files} attachments")
    print(f"packet size: {len(packet.data) / 1024 / 1024:.1f} MB (encrypted, AES-256)")
    print(f"export (assemble + sign + zip + encrypt): median {total:.2f} s over {args.runs} runs (target < 3 s)")
    print(f"  assemble (records, JSON, PDF, CSV, attachments): median {read:.2f} s")
    print(f"  pack (manifest, signature, zip, encryption): median {pack:.2f} s")
    print(f"verify (layout, every digest, signature): median {statistics.median(verify_s):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
