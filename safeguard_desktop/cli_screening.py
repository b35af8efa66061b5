"""`safeguard-desktop screening-pack …`: check a screening pack, or import it into a vault.

`validate` is for whoever writes a pack (an organisation's licensed GCP2 descriptors, or the
county's newer tool): it says what is wrong, or that the pack is ready. `import` puts a pack
into a vault, exactly as the window's "Screening packs…" does.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from safeguard_desktop.cli import PASSPHRASE_ENV, CliError, _passphrase
from safeguard_desktop.screening import packs


def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            # One byte over the cap is enough for read_pack_file to call the file too large.
            return fh.read(packs.MAX_PACK_BYTES + 1)
    except OSError as exc:
        raise CliError(f"The pack {path} could not be read: {exc.strerror or exc}.") from exc


def _cmd_validate(args: argparse.Namespace) -> int:
    pack = packs.read_pack_file(_read(Path(args.pack)))
    print(f"{args.pack}: OK. {pack.ref().citation()} ({pack.pack_id}), from {pack.publisher}.")
    note = packs.mismatch_note(pack)
    if note:
        print(f"  note: {note}")
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from safeguard_desktop.paths import default_vault_path
    from safeguard_desktop.vault.session import Vault

    data = _read(Path(args.pack))
    pack = packs.read_pack_file(data)  # say what is wrong before asking for the passphrase
    path = Path(args.path or getattr(args, "vault", None) or default_vault_path())
    with Vault.open(path, _passphrase()) as vault:
        ref = packs.import_pack(vault, data)
    if ref.pack_id == packs.SHIPPED_PACK_ID:
        used = "New GCP2 screenings use it from now on"
    else:
        # Another tool never replaces GCP2: the window asks which tool each new screening uses.
        used = (
            f"It is a tool of its own ({ref.pack_id}): New screening… in the window now asks which tool to use, "
            f"GCP2 first, and new screenings with {ref.title} use this edition"
        )
    print(f"{path}: imported {ref.citation()}. {used}; screenings already made keep the pack they used.")
    note = packs.mismatch_note(pack)
    if note:
        print(f"  note: {note}")
    return 0


def add_screening_commands(sub: Any) -> None:
    """Add `screening-pack validate` and `screening-pack import` to the command line's subcommands."""
    pack = sub.add_parser("screening-pack", help="check a screening pack, or import it into a vault")
    steps = pack.add_subparsers(title="steps", metavar="STEP", required=True)

    validate = steps.add_parser("validate", help="check a screening pack file and name any problems")
    validate.add_argument("pack", metavar="FILE.json")
    validate.set_defaults(func=_cmd_validate)

    imp = steps.add_parser(
        "import",
        help="import a screening pack into a vault (new screenings with its tool use it)",
        epilog=f"The vault's passphrase comes from {PASSPHRASE_ENV} when set, otherwise from a prompt.",
    )
    imp.add_argument("pack", metavar="FILE.json")
    imp.add_argument("--vault", dest="path", metavar="VAULT", help="the vault (default: the one the window opens)")
    imp.set_defaults(func=_cmd_import)
