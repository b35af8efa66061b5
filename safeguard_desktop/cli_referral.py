"""`safeguard-desktop verify` and `safeguard-desktop referral list|export`: packets from the command line.

`verify` needs no vault: whoever receives a packet (the MASH, an LCSS, an auditor) can check it
with this program alone, or with OpenSSL as the packet's README explains. `referral export`
makes the same signed packet the window's referral wizard makes, for scripting, and records it
the same way (`referral.sending.record_sent`): kept in the vault, the referral marked sent, the
export logged. It refuses an incomplete draft, and for a referral already sent writes the
packet that was sent (`--kept`, saying with `--to` and `--why` to whom and why, for the disclosure
log) rather than a second one with another id.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import uuid
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from safeguard_desktop.cli import PASSPHRASE_ENV, CliError, _passphrase

KEY_PASSPHRASE_ENV = "SAFEGUARD_KEY_PASSPHRASE"  # noqa: S105  # nosec B105 - a variable's name, not a secret
_MAX_CERT_BYTES = 1024 * 1024
DEFAULT_ROUTE = "Saved from the command line"


def _read(path: Path, what: str, cap: int) -> bytes:
    try:
        with path.open("rb") as fh:
            data = fh.read(cap + 1)
    except OSError as exc:
        raise CliError(f"The {what} {path} could not be read: {exc.strerror or exc}.") from exc
    if len(data) > cap:
        raise CliError(f"The {what} {path} is too large.")
    return data


def load_certificate(path: Path) -> x509.Certificate:
    """A certificate from a PEM or DER file, or a CliError that says which file will not do."""
    data = _read(path, "certificate", _MAX_CERT_BYTES)
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise CliError(f"{path} is not a certificate (PEM or DER).") from exc


def _load_key(path: Path) -> Any:
    data = _read(path, "private key", _MAX_CERT_BYTES)
    loader = serialization.load_pem_private_key if b"-----BEGIN" in data else serialization.load_der_private_key
    try:
        return loader(data, None)
    except TypeError:
        # The key is protected by a passphrase of its own.
        secret = os.environ.get(KEY_PASSPHRASE_ENV)
        if secret is None:
            if not sys.stdin.isatty():
                raise CliError(f"The key {path} needs its passphrase: set {KEY_PASSPHRASE_ENV}.") from None
            secret = getpass.getpass(f"Passphrase of {path.name}: ")
        try:
            return loader(data, secret.encode("utf-8"))
        except (ValueError, TypeError) as exc:
            raise CliError(f"The key {path} did not open with that passphrase.") from exc
    except ValueError as exc:
        raise CliError(f"{path} is not a private key (PEM or DER).") from exc


def _plain(value: object) -> str:
    """Text from a packet, with control characters (terminal escape sequences) made visible."""
    text = str(value)
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def _created_text(value: object) -> str:
    from datetime import datetime

    from safeguard_desktop.domain.ukdates import format_datetime

    try:
        return f"{format_datetime(datetime.fromisoformat(str(value)))} (UK time)"
    except ValueError:
        return _plain(value)


def _cmd_verify(args: argparse.Namespace) -> int:
    from safeguard_desktop.referral.verify import MAX_PACKET_BYTES, PacketRefused, verify_packet

    if (args.key is None) != (args.cert is None):
        raise CliError("--key and --cert go together: the private key and the certificate it belongs to.")
    key = _load_key(Path(args.key)) if args.key else None
    cert = load_certificate(Path(args.cert)) if args.cert else None
    data = _read(Path(args.packet), "packet", MAX_PACKET_BYTES)
    try:
        packet = verify_packet(data, key=key, cert=cert)
    except PacketRefused as exc:
        print(f"{args.packet}: REFUSED ({exc.reason}). {exc.message}")
        return 1
    except (ValueError, IndexError):
        # verify_packet refuses malformed input itself; this only stops a case it missed from
        # printing a traceback: a packet that cannot be read is still a refused packet.
        print(f"{args.packet}: REFUSED (unreadable). Part of the packet could not be read.")
        return 1
    manifest = packet.manifest
    sender = manifest.get("sender") or {}
    print(f"{args.packet}: VERIFIED. The signature holds and every file matches the signed manifest.")
    if packet.encrypted:
        print("  It was encrypted, and opened with the key given.")
    if manifest.get("demo"):
        print("  DEMONSTRATION packet: made from invented records.")
    print(f"  packet id:   {_plain(packet.packet_id)}")
    print(f"  created:     {_created_text(manifest.get('created'))}")
    print(f"  destination: {_plain(manifest.get('destination'))}")
    who = ", ".join(_plain(sender.get(part)) for part in ("name", "role", "organisation"))
    print(f"  sender:      {who}")
    print(f"  signer:      {_plain(packet.signer_subject)}")
    print(f"  signer's certificate fingerprint (SHA-256):\n    {packet.signer_fingerprint}")
    print(
        "  A self-signed certificate proves the packet is unaltered, not who signed it: confirm this "
        "fingerprint with the sender by phone unless their organisation issued the certificate."
    )
    print("  files:")
    for f in packet.files:
        print(f"    {f.size:>12,}  {f.sha256}  {f.path}")
    return 0


def _open_vault(path: str) -> Any:
    from safeguard_desktop.vault.session import Vault

    return Vault.open(Path(path), _passphrase())


def _cmd_list(args: argparse.Namespace) -> int:
    from safeguard_desktop.domain.ukdates import format_datetime
    from safeguard_desktop.errors import RecordNotFound

    with _open_vault(args.path) as vault:
        referrals = vault.referrals.list()
        if not referrals:
            print(f"{args.path}: no referrals.")
            return 0
        for stored in referrals:
            referral = stored.data
            names = []
            for child_id in referral.child_ids:
                try:
                    names.append(vault.children.get(child_id).data.title())
                except RecordNotFound:
                    names.append("(child not found)")
            packet = f"  packet {referral.sent.packet_id}" if referral.sent else ""
            print(
                f"{stored.record_id}  {referral.title()}  {', '.join(names)}  "
                f"(last changed {format_datetime(stored.recorded_at)}){packet}"
            )
    return 0


def _write_owner_only(path: Path, data: bytes) -> None:
    # O_EXCL: never overwrite an earlier packet, which is the record of what was sent.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _missing(vault: Any, stored: Any) -> list[str]:
    """What the referral still needs, by the wizard's own rules (the window refuses the same)."""
    from safeguard_desktop.referral.prefill import build_context
    from safeguard_desktop.referral.wizard import Wizard

    referral = stored.data
    if not referral.child_ids:
        return ["choose at least one child to refer"]
    # A saved record states its urgency in immediate_danger/response_today, so it counts as answered.
    wizard = Wizard(referral, build_context(vault, referral.child_ids), urgency_answered=True)
    return [m.message for m in wizard.missing()]


def _kept_disclosure(args: argparse.Namespace) -> Any:
    """To whom and why a kept copy is written, from --to and --why: the disclosure log needs both."""
    from safeguard_desktop.errors import SafeguardError
    from safeguard_desktop.governance.disclosure import Disclosure

    if not args.kept:
        if args.to or args.why:
            raise CliError(
                "--to and --why are for --kept: a new packet is logged as going to the referral's destination."
            )
        return None
    if not (args.to or "").strip() or not (args.why or "").strip():
        raise CliError(
            "Say who the copy is for with --to and why with --why, for example "
            '--to "Police" --why "Section 47 enquiry": the disclosure log records both.'
        )
    try:
        return Disclosure(args.to, args.why)
    except SafeguardError as exc:
        raise CliError(exc.message) from exc


def _write_kept(vault: Any, stored: Any, out_dir: Path, disclosure: Any) -> int:
    from safeguard_desktop.referral.sending import kept_packet

    name, data = kept_packet(vault, stored)
    target = out_dir / Path(name).name
    if target.exists():
        raise CliError(f"{target} already exists; choose another folder.")
    with vault.recording_export("referral.packet.kept_copy", data, stored.record_id, disclosure):
        _write_owner_only(target, data)
    sent = stored.data.sent
    print(f"{target}: a copy of packet {sent.packet_id}, exactly as it was sent.")
    print(f"  SHA-256: {sent.sha256}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from safeguard_desktop.domain.ukdates import format_datetime
    from safeguard_desktop.referral.model import ReferralStatus
    from safeguard_desktop.referral.packet import build_packet, fingerprint

    try:
        referral_id = uuid.UUID(args.referral_id)
    except ValueError as exc:
        raise CliError(f"{args.referral_id!r} is not a referral ID (see `safeguard-desktop referral list`).") from exc
    recipient = load_certificate(Path(args.encrypt_to)) if args.encrypt_to else None
    disclosure = _kept_disclosure(args)
    out_dir = Path(args.out)
    if not out_dir.is_dir():
        raise CliError(f"The folder {out_dir} does not exist.")
    with _open_vault(args.path) as vault:
        # Written by the referral's own modules; imported here so `verify` never needs them.
        from safeguard_desktop.referral.assemble import assemble
        from safeguard_desktop.referral.identity import identity
        from safeguard_desktop.referral.sending import record_sent

        stored = vault.referrals.get(referral_id)
        if stored.withdrawn:
            raise CliError("That referral was withdrawn in error; it cannot be exported.")
        sent = stored.data.sent
        if args.kept:
            if sent is None:
                raise CliError("That referral has not been sent, so there is no kept packet to write.")
            return _write_kept(vault, stored, out_dir, disclosure)
        if stored.data.status is not ReferralStatus.DRAFT or sent is not None:
            what = f" as packet {sent.packet_id} on {format_datetime(sent.sent_at)}" if sent else ""
            raise CliError(
                f"That referral was already sent{what}. A new packet would have a different id from the one "
                "the destination holds: use --kept to write the packet that was sent."
            )
        if missing := _missing(vault, stored):
            raise CliError(
                "That referral is not complete, so no packet was made. Still missing:\n"
                + "\n".join(f"  - {m}" for m in missing)
                + "\nFinish it in the referral wizard, then export it."
            )
        contents = assemble(vault, stored)
        signing = identity(vault)
        built = build_packet(
            contents, signer_key=signing.private_key, signer_cert=signing.certificate, recipient_cert=recipient
        )
        target = out_dir / built.file_name
        if target.exists():
            raise CliError(f"{target} already exists; choose another folder.")
        # The packet is kept in the vault, the referral marked sent and the export logged with
        # the file written: all of it, or none of it (the file is removed if the vault refuses).
        record_sent(
            vault,
            stored,
            built,
            route=args.route,
            portal_reference=args.reference,
            encrypted_to=fingerprint(recipient) if recipient is not None else "",
            path=target,
        )
    print(f"{target}: packet {built.packet_id} written, and the referral recorded as sent ({args.route}).")
    print(f"  SHA-256: {built.sha256}")
    print(f"  signer's certificate fingerprint (SHA-256): {built.signer_fingerprint}")
    if recipient is not None:
        print(f"  Encrypted to the certificate with fingerprint {fingerprint(recipient)}.")
    else:
        print("  NOT encrypted: send it only by a secure route (secure email or the destination's upload).")
    return 0


def add_referral_commands(sub: Any) -> None:
    """Add `verify` and `referral list|export` to the command line's subcommands."""
    ver = sub.add_parser(
        "verify",
        help="check a referral packet's signature and files, and list its contents",
        epilog=f"A passphrase-protected key's passphrase comes from {KEY_PASSPHRASE_ENV} when set.",
    )
    ver.add_argument("packet", metavar="PACKET", help="a .zip packet, or a .p7m (encrypted) one")
    ver.add_argument("--key", metavar="KEY", help="the recipient's private key (PEM or DER), for a .p7m")
    ver.add_argument("--cert", metavar="CERT", help="the recipient's certificate (PEM or DER), for a .p7m")
    ver.set_defaults(func=_cmd_verify)

    ref = sub.add_parser(
        "referral",
        help="list a vault's referrals, or export one as a signed packet",
        epilog=f"The vault's passphrase comes from {PASSPHRASE_ENV} when set, otherwise from a prompt.",
    )
    steps = ref.add_subparsers(title="steps", metavar="STEP", required=True)
    lst = steps.add_parser("list", help="list the referrals in a vault")
    lst.add_argument("path", metavar="VAULT")
    lst.set_defaults(func=_cmd_list)
    exp = steps.add_parser("export", help="export a complete draft referral as a signed packet and record it as sent")
    exp.add_argument("path", metavar="VAULT")
    exp.add_argument("referral_id", metavar="REFERRAL_ID")
    exp.add_argument("--out", required=True, metavar="DIR", help="the folder to write the packet into")
    exp.add_argument(
        "--encrypt-to", metavar="CERT", help="the destination's RSA certificate (PEM or DER): encrypt the packet to it"
    )
    exp.add_argument(
        "--route",
        default=DEFAULT_ROUTE,
        metavar="ROUTE",
        help=f"how the packet is being sent, for the record (default: {DEFAULT_ROUTE!r})",
    )
    exp.add_argument("--reference", default="", metavar="REF", help="the portal's or destination's reference, if given")
    exp.add_argument(
        "--kept",
        action="store_true",
        help="for a referral already sent: write the packet that was sent (kept in the vault), not a new one",
    )
    exp.add_argument("--to", metavar="WHOM", help="with --kept: who the copy is for (the disclosure log records it)")
    exp.add_argument(
        "--why", metavar="PURPOSE", help="with --kept: why it is being shared (the disclosure log records it)"
    )
    exp.set_defaults(func=_cmd_export)
