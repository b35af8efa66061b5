"""Signed guide packs: what is accepted, what is refused and why, and that openssl agrees."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from safeguard_desktop.domain.ukdates import uk_today
from safeguard_desktop.thresholds import packs, trust
from safeguard_desktop.thresholds.guide import ThresholdGuide
from safeguard_desktop.thresholds.library import shipped_guide
from safeguard_desktop.thresholds.packs import (
    FutureEdition,
    InvalidContent,
    NotAPack,
    NoTrustedKey,
    PackParts,
    Tampered,
    UntrustedSigner,
    read_pack,
    sign_pack,
)

# -- helpers shared with the vault and command-line tests ---------------------------------------


def trust_only(monkeypatch: pytest.MonkeyPatch, folder: Path, *keys: Ed25519PublicKey) -> Path:
    """Stand `folder` in for the machine-wide trust folder, holding these keys laid out as IT would.

    Only tests redirect the folder (the app hard-codes it). Files are made owner-writable only;
    a test run by an ordinary user counts that user as the folder's owner, as root would be.
    """
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)
    for n, key in enumerate(keys):
        path = folder / f"partnership-{n}.pem"
        path.write_bytes(packs.public_key_pem(key))
        path.chmod(0o644)
    monkeypatch.setattr(trust, "managed_trust_dir", lambda: folder)
    if os.name == "posix" and os.getuid() != 0:
        monkeypatch.setattr(trust, "_TRUSTED_OWNERS", frozenset({0, os.getuid()}))
    return folder


def revised(revision_step: int = 1, days: int = 0, **changes: object) -> ThresholdGuide:
    """The shipped guide as a later (or, with negative steps, earlier) edition."""
    base = shipped_guide()
    source = base.source.model_copy(update={"published": base.source.published + timedelta(days=days)})
    return base.model_copy(update={"revision": base.revision + revision_step, "source": source, **changes})


def pretty(guide: ThresholdGuide) -> bytes:
    """Content as a partnership would write it: indented, not canonical."""
    return json.dumps(guide.model_dump(mode="json"), indent=2, ensure_ascii=False).encode("utf-8")


def zip_parts(parts: list[tuple[str, bytes]]) -> bytes:
    """A ZIP of exactly these members (repeats allowed), to build packs the tool never would."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            archive.writestr(name, data)
    return buffer.getvalue()


def unzip(pack: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(pack)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def tampered(pack: bytes) -> bytes:
    """The pack with one byte of guide.json changed, re-zipped so the ZIP itself is sound."""
    parts = []
    for name, data in unzip(pack):
        if name == "guide.json":
            at = data.index(b'"revision":') + len(b'"revision":')
            data = data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]  # 2 → 3: still valid JSON
        parts.append((name, data))
    return zip_parts(parts)


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def pack(key: Ed25519PrivateKey) -> bytes:
    return sign_pack(pretty(revised()), key)


# -- accepted ------------------------------------------------------------------------------------


def test_a_signed_pack_reads_back_under_its_key(key, pack):
    verified = read_pack(pack, [Ed25519PrivateKey.generate().public_key(), key.public_key()])
    assert verified.guide == revised()
    assert verified.fingerprint == hashlib.sha256(verified.signer_key).hexdigest()
    assert verified.fingerprint == packs.fingerprint(key.public_key())
    assert len(verified.fingerprint_display.split(" ")) == 16
    # The pack carries canonical content, so sha256sum guide.json is the digest decisions cite.
    assert hashlib.sha256(verified.raw).hexdigest() == verified.edition.digest
    assert [name for name, _ in unzip(pack)] == ["README.txt", "guide.json", "guide.json.sig", "signer.pem"]


def test_signing_refuses_invalid_content_with_readable_problems(key):
    data = revised().model_dump(mode="json")
    data["levels"][1]["name"] = ""
    data["revision"] = 0
    with pytest.raises(InvalidContent) as caught:
        sign_pack(json.dumps(data).encode(), key)
    message = caught.value.message
    assert "levels[1].name: String should have at least 1 character" in message
    assert "revision: Input should be greater than or equal to 1" in message
    assert "Traceback" not in message and "pydantic" not in message


def test_cross_reference_problems_read_plainly(key):
    data = revised().model_dump(mode="json")
    data["levels"][0]["routes"] = ["no-such-route"]
    with pytest.raises(InvalidContent, match="level 1 names route 'no-such-route', which is not in the guide"):
        sign_pack(json.dumps(data).encode(), key)


def test_many_problems_are_cut_to_five_lines(key):
    data = revised().model_dump(mode="json")
    for indicator in data["indicators"][:9]:
        indicator["text"] = ""
    with pytest.raises(InvalidContent) as caught:
        sign_pack(json.dumps(data).encode(), key)
    lines = caught.value.message.splitlines()
    assert len([line for line in lines if line.startswith("  - ")]) == 5
    assert lines[-1] == "  … and 4 more."


# -- refused -------------------------------------------------------------------------------------


def test_tampered_content_is_refused(key, pack):
    with pytest.raises(Tampered, match="changed after it was signed") as caught:
        read_pack(tampered(pack), [key.public_key()])
    assert caught.value.reason == "tampered"


def test_a_byte_flipped_in_the_zip_is_refused_as_damaged(key, pack):
    raw = bytearray(pack)
    at = raw.index(b"guide.json") + 200  # inside guide.json's compressed data
    raw[at] ^= 0xFF
    with pytest.raises((NotAPack, Tampered)):
        read_pack(bytes(raw), [key.public_key()])


def test_an_untrusted_signer_is_refused_and_named(key, pack):
    stranger = Ed25519PrivateKey.generate()
    with pytest.raises(UntrustedSigner) as caught:
        read_pack(pack, [stranger.public_key()])
    assert packs.format_fingerprint(packs.fingerprint(key.public_key())) in caught.value.message
    with pytest.raises(UntrustedSigner):
        read_pack(pack, [])


def test_a_swapped_signer_pem_does_not_pass(key, pack):
    other = Ed25519PrivateKey.generate()
    parts = [(n, packs.public_key_pem(other.public_key()) if n == "signer.pem" else d) for n, d in unzip(pack)]
    with pytest.raises(PackParts, match="not the key that signed it"):
        read_pack(zip_parts(parts), [key.public_key()])


@pytest.mark.filterwarnings("ignore:Duplicate name")
@pytest.mark.parametrize(
    ("mangle", "words"),
    [
        (lambda parts: [*parts, ("notes.txt", b"hello")], "never has: notes.txt"),
        (lambda parts: [*parts, ("guide.json", parts[1][1])], "guide.json more than once"),
        (lambda parts: [p for p in parts if p[0] != "guide.json.sig"], "guide.json.sig is missing"),
        (lambda parts: [*parts, ("../guide.json", b"{}")], "unsafe path"),
        (lambda parts: [*parts, ("/etc/guide.json", b"{}")], "unsafe path"),
        (lambda parts: [*parts, ("sub\\..\\x", b"{}")], "unsafe path"),
    ],
)
def test_wrong_parts_are_refused(key, pack, mangle, words):
    with pytest.raises(PackParts, match=words.replace(".", r"\.")):
        read_pack(zip_parts(mangle(unzip(pack))), [key.public_key()])


def test_a_zip_bomb_is_refused_before_it_is_inflated(key, pack):
    parts = [(n, b"\x00" * (5 * 1024 * 1024) if n == "guide.json" else d) for n, d in unzip(pack)]
    bomb = zip_parts(parts)
    assert len(bomb) < 64 * 1024
    with pytest.raises(PackParts, match="too large"):
        read_pack(bomb, [key.public_key()])


@pytest.mark.parametrize("data", [b"", b"not a zip at all", b"PK\x03\x04" + b"\x00" * 40, b"%PDF-1.7\n"])
def test_a_file_that_is_not_a_pack_is_refused(key, data):
    with pytest.raises(NotAPack, match="not a threshold guide pack"):
        read_pack(data, [key.public_key()])


def _signed_anyway(key: Ed25519PrivateKey, content: bytes) -> bytes:
    """A pack whose content was signed without the tool's validation (a hand-made pack)."""
    pem = packs.public_key_pem(key.public_key())
    return zip_parts(
        [("README.txt", b"x"), ("guide.json", content), ("guide.json.sig", key.sign(content)), ("signer.pem", pem)]
    )


def test_invalid_content_signed_by_a_trusted_key_is_refused(key):
    data = revised().model_dump(mode="json")
    data["indicators"][0]["level"] = 9
    with pytest.raises(InvalidContent, match="names level 9, which is not in the guide"):
        read_pack(_signed_anyway(key, json.dumps(data).encode()), [key.public_key()])
    with pytest.raises(InvalidContent, match="not valid"):
        read_pack(_signed_anyway(key, b"[1, 2, 3]"), [key.public_key()])


def test_a_newer_content_format_asks_for_an_app_update(key):
    data = revised().model_dump(mode="json")
    data["format"] = 2
    with pytest.raises(InvalidContent, match="Update the app"):
        read_pack(_signed_anyway(key, json.dumps(data).encode()), [key.public_key()])


def test_a_hand_signed_pretty_pack_is_accepted(key):
    content = pretty(revised())
    verified = read_pack(_signed_anyway(key, content), [key.public_key()])
    assert verified.raw == content
    assert verified.guide == revised()


# -- standard tools ------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_the_readme_commands_verify_the_pack_with_openssl(tmp_path, key, pack):
    parts = dict(unzip(pack))
    readme = parts["README.txt"].decode()
    verify = next(line.strip() for line in readme.splitlines() if line.strip().startswith("openssl pkeyutl"))
    fingerprint = next(line.strip() for line in readme.splitlines() if line.strip().startswith("openssl pkey "))
    for name, data in parts.items():
        (tmp_path / name).write_bytes(data)
    proc = subprocess.run(["bash", "-c", verify], cwd=tmp_path, capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert "Signature Verified Successfully" in proc.stdout
    proc = subprocess.run(["bash", "-c", fingerprint], cwd=tmp_path, capture_output=True, text=True, timeout=30)
    assert proc.stdout.split()[0] == packs.fingerprint(key.public_key())
    # And openssl catches what the app catches.
    (tmp_path / "guide.json").write_bytes(dict(unzip(tampered(pack)))["guide.json"])
    proc = subprocess.run(["bash", "-c", verify], cwd=tmp_path, capture_output=True, text=True, timeout=30)
    assert proc.returncode != 0
    assert "Signature Verified Successfully" not in proc.stdout


# -- trust ---------------------------------------------------------------------------------------


def test_trusted_keys_come_from_the_managed_folder_only(tmp_path, monkeypatch, key):
    managed = tmp_path / "trusted-keys" / "threshold-guide"
    trust_only(monkeypatch, tmp_path / "elsewhere")
    monkeypatch.setattr(trust, "managed_trust_dir", lambda: managed)
    assert packs.trusted_keys() == []  # the app ships no key, and the folder is absent
    trust_only(monkeypatch, managed, key.public_key(), key.public_key())
    (managed / "broken.pem").write_text("-----BEGIN PUBLIC KEY-----\nnonsense\n-----END PUBLIC KEY-----\n")
    (managed / "notes.txt").write_text("not a key, not a .pem")
    keys, problems = packs.trust_report()
    assert [packs.fingerprint(k) for k in keys] == [packs.fingerprint(key.public_key())]
    assert len(problems) == 1 and "broken.pem" in problems[0]


def test_the_managed_folder_is_machine_wide(monkeypatch, tmp_path):
    # No setting a user controls moves it: XDG_CONFIG_DIRS once did, on Linux.
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path))
    path = packs.managed_trust_dir()
    assert path.parts[-2:] == ("trusted-keys", "threshold-guide")
    assert "safeguard-desktop" in path.parts
    assert not str(path).startswith((str(Path.home()), str(tmp_path)))
    if sys.platform.startswith("linux"):
        assert path == Path("/etc/xdg/safeguard-desktop/trusted-keys/threshold-guide")


@pytest.mark.skipif(os.name != "posix", reason="POSIX ownership and modes; Windows relies on the folder's ACL")
def test_key_files_anyone_but_root_could_change_are_skipped_and_named(tmp_path, monkeypatch, key):
    other = Ed25519PrivateKey.generate().public_key()
    managed = trust_only(monkeypatch, tmp_path / "trusted", key.public_key(), other)
    (managed / "partnership-1.pem").chmod(0o664)  # group-writable: anyone in the group could swap it
    keys, problems = packs.trust_report()
    assert [packs.fingerprint(k) for k in keys] == [packs.fingerprint(key.public_key())]
    assert problems == [
        f"{managed / 'partnership-1.pem'}: ignored, because users other than root can change the key file."
    ]
    # A folder others can write to is refused whole: anyone could have added a key to it.
    managed.chmod(0o777)
    keys, problems = packs.trust_report()
    assert keys == [] and problems == [f"{managed}: ignored, because users other than root can change the folder."]
    managed.chmod(0o755)
    # Only root may own them (tests run by an ordinary user count that user as root).
    monkeypatch.setattr(trust, "_TRUSTED_OWNERS", frozenset({os.getuid() + 1}))
    keys, problems = packs.trust_report()
    assert keys == [] and problems == [f"{managed}: ignored, because the folder is not owned by root."]


# A public key on an elliptic curve (secp112r1) the cryptography library cannot load: it raises
# UnsupportedAlgorithm, not ValueError.
UNSUPPORTED_CURVE_PEM = b"""-----BEGIN PUBLIC KEY-----
MDIwEAYHKoZIzj0CAQYFK4EEAAYDHgAETRpLRd85wFmZunFaNzh4vr4y8culxK0F
OHRBCg==
-----END PUBLIC KEY-----
"""


def test_a_key_on_an_unsupported_curve_is_no_key_anywhere(tmp_path, monkeypatch, key, pack):
    assert trust.public_key_from_pem(UNSUPPORTED_CURVE_PEM) is None
    # As a pack's signer.pem: refused as a bad pack, not a crash.
    parts = [(n, UNSUPPORTED_CURVE_PEM if n == "signer.pem" else d) for n, d in unzip(pack)]
    with pytest.raises(PackParts, match="not the key that signed it"):
        read_pack(zip_parts(parts), [key.public_key()])
    parts = [(n, os.urandom(64) if n == "guide.json.sig" else d) for n, d in parts]
    with pytest.raises(Tampered):
        read_pack(zip_parts(parts), [key.public_key()])
    # In the trust folder: skipped and named, and the good key beside it still works.
    managed = trust_only(monkeypatch, tmp_path / "trusted", key.public_key())
    (managed / "odd-curve.pem").write_bytes(UNSUPPORTED_CURVE_PEM)
    keys, problems = packs.trust_report()
    assert [packs.fingerprint(k) for k in keys] == [packs.fingerprint(key.public_key())]
    assert len(problems) == 1 and "odd-curve.pem: not an Ed25519 public key" in problems[0]
    assert read_pack(pack, keys).guide == revised()


def test_with_no_trusted_key_at_all_the_refusal_says_to_ask_it(key, pack):
    with pytest.raises(NoTrustedKey) as caught:
        read_pack(pack, [])
    message = caught.value.message
    assert "No partnership key has been set up on this computer" in message
    assert "IT" in message and "threshold-packs.md" in message
    assert "does not trust" not in message


# -- crafted ZIPs ----------------------------------------------------------------------------------


def test_a_zip_of_thousands_of_entries_is_refused_at_once_and_briefly(key):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for n in range(30_000):
            archive.writestr(f"{n}", b"")
    data = buffer.getvalue()
    assert len(data) < packs.MAX_PACK_BYTES
    started = time.monotonic()
    with pytest.raises(PackParts) as caught:
        read_pack(data, [key.public_key()])
    # Counting names one by one against the whole list took minutes; the refusal is at once.
    assert time.monotonic() - started < 5
    assert caught.value.message == "This pack holds 30,000 files; a threshold guide pack holds exactly 4."


def test_names_in_a_refusal_are_capped(key, pack):
    extras = [(f"extra-{n:02}.txt", b"x") for n in range(9)]
    with pytest.raises(PackParts) as caught:
        read_pack(zip_parts([*unzip(pack), *extras]), [key.public_key()])
    message = caught.value.message
    assert message == (
        "This pack holds files a threshold guide pack never has: "
        "extra-00.txt, extra-01.txt, extra-02.txt, extra-03.txt, extra-04.txt and 4 more."
    )


# -- dates -----------------------------------------------------------------------------------------


def _dated(published) -> ThresholdGuide:
    guide = revised()
    return guide.model_copy(update={"source": guide.source.model_copy(update={"published": published})})


def test_an_edition_dated_after_today_is_neither_signed_nor_read(key):
    tomorrow = _dated(uk_today() + timedelta(days=1))
    with pytest.raises(FutureEdition, match="after today") as caught:
        sign_pack(pretty(tomorrow), key)
    assert caught.value.reason == "future"
    with pytest.raises(FutureEdition, match="after today"):
        read_pack(_signed_anyway(key, tomorrow.canonical_bytes()), [key.public_key()])
    # Today itself is fine.
    today = _dated(uk_today())
    assert read_pack(sign_pack(pretty(today), key), [key.public_key()]).guide == today


def test_the_shipped_trust_folder_explains_itself_and_holds_no_key():
    folder = trust.shipped_trust_dir()
    assert folder is not None and (folder / "README.md").exists()
    assert list(folder.glob("*.pem")) == []
