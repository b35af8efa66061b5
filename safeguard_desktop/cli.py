"""`safeguard-desktop`: the window by default, and subcommands for vault care.

This module is the composition root: it is the one place outside `gui/` allowed to start the
Qt layer, and it does so lazily, so `--version` and the vault-care commands never load Qt.
Every failure a person can cause prints one clear line and exits non-zero; no traceback.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from safeguard_desktop import __version__
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.vault.connection import DatabaseError, explain

# Names of environment variables, not secrets (hence the linters' exemptions).
PASSPHRASE_ENV = "SAFEGUARD_PASSPHRASE"  # noqa: S105  # nosec B105
NEW_PASSPHRASE_ENV = "SAFEGUARD_NEW_PASSPHRASE"  # noqa: S105  # nosec B105
RECOVERY_KEY_PASSWORD_ENV = "SAFEGUARD_RECOVERY_KEY_PASSPHRASE"  # noqa: S105  # nosec B105


class CliError(Exception):
    """A usage problem found before any vault work starts."""


def _passphrase(prompt: str = "Passphrase: ") -> str:
    value = os.environ.get(PASSPHRASE_ENV)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise CliError(f"No passphrase: set {PASSPHRASE_ENV} or run this in a terminal.")
    return getpass.getpass(prompt)


def _new_passphrase() -> str:
    value = os.environ.get(NEW_PASSPHRASE_ENV)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise CliError(f"No new passphrase: set {NEW_PASSPHRASE_ENV} or run this in a terminal.")
    first = getpass.getpass("New passphrase: ")
    if getpass.getpass("New passphrase again: ") != first:
        raise CliError("The two passphrases differ; nothing was changed.")
    return first


def _cmd_gui(args: argparse.Namespace) -> int:
    from safeguard_desktop.gui.app import run  # Qt loads only when a window is wanted

    return run(Path(args.vault) if args.vault else None)


def _cmd_check(args: argparse.Namespace) -> int:
    from safeguard_desktop.vault.session import Vault

    with Vault.open(Path(args.path), _passphrase(), upgrade=False) as vault:
        report = vault.check()
    if report.ok:
        editions = report.content_editions
        signed = f"; {editions} installed guide editions match their signatures" if editions else ""
        print(
            f"{args.path}: sound. Every page authenticated; {report.versions} record versions "
            f"match their digests; the audit chain of {report.audit_events} events verifies{signed}.\n"
            # Written down or kept elsewhere, the head lets anyone show later that history
            # up to this point was not rewritten or cut short.
            f"Audit chain head: {report.chain_head}"
        )
        for note in report.notes:
            print(f"  note: {note}")
        return 0
    print(f"{args.path}: PROBLEMS FOUND. Restore from your latest backup and keep this copy aside.")
    for fault in report.faults:
        print(f"  - {fault}")
    for note in report.notes:
        print(f"  note: {note}")
    return 1


def _cmd_recover(args: argparse.Namespace) -> int:
    from safeguard_desktop.vault.keyops import recover

    key_path = Path(args.recovery_key)
    try:
        pem = key_path.read_bytes()
    except OSError as exc:
        raise CliError(f"The recovery key {key_path} could not be read: {exc.strerror}.") from exc
    password = os.environ.get(RECOVERY_KEY_PASSWORD_ENV)
    recover(Path(args.path), pem, _new_passphrase(), password.encode() if password else None)
    print(
        f"{args.path}: a new passphrase is set and the old one no longer opens this key file. Older "
        "copies of the key file (in backups) still open with the passphrase they were made with."
    )
    return 0


def _cmd_change_passphrase(args: argparse.Namespace) -> int:
    from safeguard_desktop.vault.keyops import change_passphrase

    change_passphrase(Path(args.path), _passphrase("Current passphrase: "), _new_passphrase())
    print(f"{args.path}: passphrase changed.")
    return 0


def _warn_about_location(path: Path) -> None:
    from safeguard_desktop.vault.location import location_warning

    warning = location_warning(path)
    if warning:
        print(f"safeguard-desktop: warning: {warning}", file=sys.stderr)


def _cmd_backup(args: argparse.Namespace) -> int:
    from safeguard_desktop.vault.backup import backup_vault
    from safeguard_desktop.vault.session import Vault

    with Vault.open(Path(args.path), _passphrase()) as vault:
        made = backup_vault(vault, Path(args.dest))
    print(f"{args.path}: backed up to {made} (with its key file {made.name}.keys beside it).")
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    from safeguard_desktop.vault.backup import restore_backup

    restore_backup(Path(args.backup), Path(args.new_path), _passphrase("Passphrase of the backup: "))
    print(f"{args.backup}: restored to {args.new_path}, and checked sound.")
    _warn_about_location(Path(args.new_path))
    return 0


def _cmd_rotate_key(args: argparse.Namespace) -> int:
    from safeguard_desktop.vault.rotate import rotate_vault_key

    shown = -1

    def progress(done: int, total: int) -> None:
        nonlocal shown
        percent = done * 100 // total if total else 100
        if percent != shown:
            shown = percent
            print(f"\rRe-encrypting {args.path}: {percent}%", end="", flush=True)

    try:
        rotate_vault_key(Path(args.path), _passphrase(), progress=progress)
    finally:
        if shown >= 0:
            print()
    print(
        f"{args.path}: the vault key is rotated. The passphrase is unchanged; copies of the old key file "
        "no longer open this vault (older backups still open with their own)."
    )
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from safeguard_desktop.demo import DEMO_PASSPHRASE, build_demo_vault

    if args.children < 1:
        raise CliError("--children must be at least 1.")
    _warn_about_location(Path(args.path))
    chosen = os.environ.get(PASSPHRASE_ENV)
    result = build_demo_vault(
        Path(args.path),
        chosen or DEMO_PASSPHRASE,
        children=args.children,
        # Big demos take minutes: say how far along they are, away from the summary on stdout.
        progress=lambda line: print(line, file=sys.stderr, flush=True),
    )
    # A passphrase taken from the environment may be someone's real one: never echo it.
    print(result.summary(show_passphrase=chosen is None))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="safeguard-desktop",
        description="Offline-first safeguarding records, kept in an encrypted vault.",
        epilog=f"Passphrases come from {PASSPHRASE_ENV} (and {NEW_PASSPHRASE_ENV} for a new "
        "one) when set, otherwise from a prompt.",
    )
    parser.add_argument("--version", action="version", version=f"safeguard-desktop {__version__}")
    parser.add_argument("--vault", metavar="PATH", help="open this vault instead of the default one")
    parser.set_defaults(func=_cmd_gui)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    demo = sub.add_parser("demo", help="create a vault of made-up records to explore or benchmark")
    demo.add_argument("path", metavar="PATH")
    demo.add_argument("--children", type=int, default=25, metavar="N", help="how many children (default 25)")
    demo.set_defaults(func=_cmd_demo)

    check = sub.add_parser("check", help="verify every page and re-walk the audit chain")
    check.add_argument("path", metavar="PATH")
    check.set_defaults(func=_cmd_check)

    rec = sub.add_parser("recover", help="set a new passphrase with the organisation's recovery key")
    rec.add_argument("path", metavar="PATH")
    rec.add_argument("--recovery-key", required=True, metavar="KEY.pem")
    rec.set_defaults(func=_cmd_recover)

    chg = sub.add_parser("change-passphrase", help="change the passphrase (instant; the data is not rewritten)")
    chg.add_argument("path", metavar="PATH")
    chg.set_defaults(func=_cmd_change_passphrase)

    bak = sub.add_parser("backup", help="save an encrypted copy of a vault and its key file")
    bak.add_argument("path", metavar="VAULT")
    bak.add_argument("dest", metavar="DEST", help="a folder (the copy is named by date and time) or a new file")
    bak.set_defaults(func=_cmd_backup)

    res = sub.add_parser("restore", help="restore a backup into a new vault file, and check it")
    res.add_argument("backup", metavar="BACKUP")
    res.add_argument("new_path", metavar="NEW_PATH")
    res.set_defaults(func=_cmd_restore)

    rot = sub.add_parser("rotate-key", help="re-encrypt the vault under a new key (the passphrase stays)")
    rot.add_argument("path", metavar="VAULT")
    rot.set_defaults(func=_cmd_rotate_key)

    from safeguard_desktop.cli_guide import add_guide_commands  # imports this module, so not at the top

    add_guide_commands(sub)
    from safeguard_desktop.cli_screening import add_screening_commands  # likewise

    add_screening_commands(sub)
    from safeguard_desktop.cli_referral import add_referral_commands  # likewise

    add_referral_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit status."""
    args = _parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except SafeguardError as exc:
        print(f"safeguard-desktop: {exc.message}", file=sys.stderr)
        return 1
    except CliError as exc:
        print(f"safeguard-desktop: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("safeguard-desktop: stopped; nothing was changed.", file=sys.stderr)
        return 130
    except DatabaseError as exc:
        print(
            f"safeguard-desktop: {explain(exc, Path(getattr(args, 'path', None) or 'vault')).message}",
            file=sys.stderr,
        )
        return 1
    except OSError as exc:
        # A full disk or a read-only folder: say which file and why, in words.
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"safeguard-desktop: the operation failed{where}: {exc.strerror or exc}.", file=sys.stderr)
        return 1
