"""Signed guide packs: what is accepted, what is refused and why, and that openssl agrees."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from safeguard_desktop.thresholds import packs, trust
from safeguard_desktop.thresholds.guide import ThresholdGuide
from safeguard_desktop.thresholds.library import shipped_guide
from safeguard_desktop.thresholds.packs import (
    InvalidContent,
    NotAPack,
    PackParts,
    Tampered,
    UntrustedSigner,
    read_pack,
    sign_pack,
)

# -- helpers shared with the vault and command-line tests ---------------------------------------


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
    monkeypatch.setattr(trust, "managed_trust_dir", lambda: managed)
    assert packs.trusted_keys() == []  # the app ships no key, and the folder is absent
    managed.mkdir(parents=True)
    (managed / "partnership.pem").write_bytes(packs.public_key_pem(key.public_key()))
    (managed / "again.pem").write_bytes(packs.public_key_pem(key.public_key()))
    (managed / "broken.pem").write_text("-----BEGIN PUBLIC KEY-----\nnonsense\n-----END PUBLIC KEY-----\n")
    (managed / "notes.txt").write_text("not a key, not a .pem")
    keys, problems = packs.trust_report()
    assert [packs.fingerprint(k) for k in keys] == [packs.fingerprint(key.public_key())]
    assert len(problems) == 1 and "broken.pem" in problems[0]


def test_the_managed_folder_is_machine_wide(monkeypatch):
    path = packs.managed_trust_dir()
    assert path.parts[-2:] == ("trusted-keys", "threshold-guide")
    assert "safeguard-desktop" in path.parts
    assert not str(path).startswith(str(Path.home()))


def test_the_shipped_trust_folder_explains_itself_and_holds_no_key():
    folder = trust.shipped_trust_dir()
    assert folder is not None and (folder / "README.md").exists()
    assert list(folder.glob("*.pem")) == []
