"""`safeguard-desktop guide-pack …` and `guide-install`: signed threshold guide packs.

`guide-pack` is the partnership's tool: make a signing key, sign a new edition, check a pack.
`guide-install` puts a pack into a vault, exactly as the window's "Install guide pack" does.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from safeguard_desktop.cli import PASSPHRASE_ENV, CliError, _passphrase
from safeguard_desktop.domain.passphrase import passphrase_problems
from safeguard_desktop.errors import WeakPassphrase
from safeguard_desktop.thresholds import packs

# The name of an environment variable, not a secret (hence the linters' exemptions).
KEY_PASSPHRASE_ENV = "SAFEGUARD_SIGNING_KEY_PASSPHRASE"  # noqa: S105  # nosec B105


def _key_passphrase(*, new: bool) -> bytes:
    value = os.environ.get(KEY_PASSPHRASE_ENV)
    if value is None:
        if not sys.stdin.isatty():
            raise CliError(f"No passphrase for the signing key: set {KEY_PASSPHRASE_ENV} or run this in a terminal.")
        value = getpass.getpass("Passphrase for the signing key: ")
        if new and getpass.getpass("The same passphrase again: ") != value:
            raise CliError("The two passphrases differ; no key was made.")
    if new:
        problems = passphrase_problems(value)
        if problems:
            raise WeakPassphrase(problems)
    return value.encode("utf-8")


def _read(path: Path, what: str, limit: int | None = None) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(-1 if limit is None else limit + 1)
    except OSError as exc:
        raise CliError(f"The {what} {path} could not be read: {exc.strerror or exc}.") from exc


def _write_new(path: Path, data: bytes, mode: int) -> None:
    """Write a file that must not exist yet, with `mode` from the start."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    except FileExistsError as exc:
        raise CliError(f"{path} already exists; choose another name (nothing was overwritten).") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _public_path(private: Path) -> Path:
    stem = private.name.removesuffix(".pem")
    return private.with_name(f"{stem}.pub.pem")


def _cmd_keygen(args: argparse.Namespace) -> int:
    private_path = Path(args.out)
    public_path = _public_path(private_path)
    if private_path.exists() or public_path.exists():
        raise CliError(f"{private_path} or {public_path} already exists; choose another name (nothing was changed).")
    password = _key_passphrase(new=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(password),
    )
    _write_new(private_path, pem, 0o600)
    _write_new(public_path, packs.public_key_pem(key.public_key()), 0o644)
    print(
        f"Signing key: {private_path} (readable by you only, encrypted with your passphrase). Keep it offline, "
        "with a backup; whoever holds it and its passphrase can issue guide editions.\n"
        f"Public key: {public_path} (give this to each organisation's IT to install).\n"
        f"Fingerprint: {packs.format_fingerprint(packs.fingerprint(key.public_key()))}"
    )
    return 0


def _load_private_key(path: Path) -> Ed25519PrivateKey:
    pem = _read(path, "signing key")
    try:
        key = serialization.load_pem_private_key(pem, password=_key_passphrase(new=False))
    except TypeError as exc:
        raise CliError(f"{path} is not protected by a passphrase; make a new key with `guide-pack keygen`.") from exc
    except ValueError as exc:
        raise CliError(f"The passphrase does not unlock {path}, or it is not a private key file.") from exc
    except UnsupportedAlgorithm as exc:
        raise CliError(f"{path} is not an Ed25519 key; make one with `guide-pack keygen`.") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise CliError(f"{path} is not an Ed25519 key; make one with `guide-pack keygen`.")
    return key


def _cmd_sign(args: argparse.Namespace) -> int:
    content = _read(Path(args.content), "guide content")
    # Say what is wrong before asking for the key's passphrase.
    packs.check_not_future(packs.validate_content(content).edition())
    key = _load_private_key(Path(args.key))
    pack = packs.sign_pack(content, key)
    out = Path(args.output)
    _write_new(out, pack, 0o644)
    edition = packs.read_pack(pack, [key.public_key()]).edition
    print(
        f"{out}: signed {edition.citation()}.\n"
        f"Signer fingerprint: {packs.format_fingerprint(packs.fingerprint(key.public_key()))}\n"
        f"Content digest: {edition.digest}"
    )
    return 0


def _load_public_keys(paths: list[str]) -> list[Ed25519PublicKey]:
    keys = []
    for name in paths:
        path = Path(name)
        try:
            key = serialization.load_pem_public_key(_read(path, "public key"))
        except ValueError as exc:
            raise CliError(f"{path} is not a public key in PEM form.") from exc
        except UnsupportedAlgorithm as exc:  # e.g. an elliptic curve the library does not know
            raise CliError(f"{path} is not an Ed25519 public key.") from exc
        if not isinstance(key, Ed25519PublicKey):
            raise CliError(f"{path} is not an Ed25519 public key.")
        keys.append(key)
    return keys


def _computer_keys() -> list[Ed25519PublicKey]:
    """The keys this computer trusts, naming on stderr each key file that was skipped."""
    trusted, problems = packs.trust_report()
    for problem in problems:
        print(f"safeguard-desktop: warning: {problem}", file=sys.stderr)
    return trusted


def _cmd_verify(args: argparse.Namespace) -> int:
    trusted = _load_public_keys(args.trust) if args.trust else _computer_keys()
    pack = packs.read_pack(_read(Path(args.pack), "pack", packs.MAX_PACK_BYTES), trusted)
    print(
        f"{args.pack}: the signature is good and the signer is trusted; the content is a valid guide.\n"
        f"Edition: {pack.edition.citation()}\n"
        f"Guide: {pack.guide.title} ({pack.guide.guide_id})\n"
        f"Signer fingerprint: {pack.fingerprint_display}\n"
        f"Content digest: {pack.edition.digest}"
    )
    return 0


def _cmd_install(args: argparse.Namespace) -> int:
    from safeguard_desktop.paths import default_vault_path
    from safeguard_desktop.vault.session import Vault

    data = _read(Path(args.pack), "pack", packs.MAX_PACK_BYTES)
    path = Path(args.path or args.vault or default_vault_path())
    with Vault.open(path, _passphrase()) as vault:
        edition = packs.install_pack(vault, data, _computer_keys())
    print(f"{path}: installed {edition.citation()}. It is now the edition in use; earlier editions are kept.")
    return 0


def add_guide_commands(sub: Any) -> None:
    """Add `guide-pack` and `guide-install` to the command line's subcommands."""
    pack = sub.add_parser("guide-pack", help="make a signing key, sign a threshold guide pack, or check one")
    steps = pack.add_subparsers(title="steps", metavar="STEP", required=True)

    keygen = steps.add_parser("keygen", help="make the partnership's signing key (and its public key file)")
    keygen.add_argument("--out", required=True, metavar="KEY.pem", help="the private key file to create")
    keygen.set_defaults(func=_cmd_keygen)

    sign = steps.add_parser("sign", help="check guide content and sign it into a pack")
    sign.add_argument("content", metavar="CONTENT.json")
    sign.add_argument("--key", required=True, metavar="KEY.pem")
    sign.add_argument("-o", "--output", required=True, metavar="PACK.sgpack")
    sign.set_defaults(func=_cmd_sign)

    verify = steps.add_parser("verify", help="check a pack's signature, signer and content")
    verify.add_argument("pack", metavar="PACK.sgpack")
    verify.add_argument(
        "--trust",
        action="append",
        metavar="PUB.pem",
        help="trust only this public key for the check (repeatable); default: the keys this computer trusts",
    )
    verify.set_defaults(func=_cmd_verify)

    install = sub.add_parser(
        "guide-install",
        help="install a signed threshold guide pack into a vault",
        epilog=f"The vault's passphrase comes from {PASSPHRASE_ENV} when set, otherwise from a prompt.",
    )
    install.add_argument("pack", metavar="PACK.sgpack")
    install.add_argument("--vault", dest="path", metavar="VAULT", help="the vault (default: the one the window opens)")
    install.set_defaults(func=_cmd_install)
