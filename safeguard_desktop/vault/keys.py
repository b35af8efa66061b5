"""The vault's key header: the database key, wrapped, beside the database.

The database is encrypted with a random 256-bit vault key that never touches the disk in
the clear. The header (`<vault>.keys`, a small JSON document) holds that key wrapped twice:

* by a key derived from the passphrase with Argon2id, sealed with AES-256-GCM, so that a
  wrong passphrase is refused by the AEAD before SQLCipher is ever touched;
* optionally by the organisation's recovery certificate (RSA-OAEP, SHA-256), so that the
  records, which belong to the school or trust, survive a forgotten passphrase.

The header is only ever replaced whole (write a temporary file, fsync, rename, fsync the
folder), so a crash leaves either the old header or the new one, never a mix.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from argon2.exceptions import HashingError
from argon2.low_level import Type, hash_secret_raw
from cryptography import x509
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.x509.oid import NameOID

from safeguard_desktop.errors import NotAVault, VaultDamaged, VaultError, WrongPassphrase, WrongRecoveryKey
from safeguard_desktop.paths import header_path, write_private_file_atomically
from safeguard_desktop.vault.audit import canonical_json

FORMAT = "safeguard-desktop-vault-keys"
VERSION = 1
KEY_BYTES = 32
# A header is a few kilobytes; anything much larger is not ours and is not parsed.
MAX_HEADER_BYTES = 256 * 1024
# One key normally; two while a rotation is under way.
MAX_ENTRIES = 2

# Argon2id floor for real vaults (OWASP's and RFC 9106's second recommendation is 64 MiB).
MIN_MEMORY_KIB = 64 * 1024
# Bounds on parameters read from a header before its AEAD can vouch for them: a planted
# header must not be able to hang or exhaust the machine on every unlock attempt.
MAX_TIME_COST = 64
MAX_MEMORY_KIB = 2 * 1024 * 1024
MAX_PARALLELISM = 16
TARGET_SECONDS = 0.5


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost parameters, stored in the header so unlocking can repeat them."""

    time_cost: int
    memory_kib: int
    parallelism: int

    def is_sane(self) -> bool:
        """Within the bounds this app ever writes (Argon2 needs 8 KiB per lane at least)."""
        return (
            1 <= self.time_cost <= MAX_TIME_COST
            and 1 <= self.parallelism <= MAX_PARALLELISM
            and 8 * self.parallelism <= self.memory_kib <= MAX_MEMORY_KIB
        )

    def derive(self, passphrase: str, salt: bytes) -> bytes:
        """Derive a 256-bit wrapping key from the passphrase."""
        return hash_secret_raw(
            passphrase.encode("utf-8"),
            salt,
            time_cost=self.time_cost,
            memory_cost=self.memory_kib,
            parallelism=self.parallelism,
            hash_len=KEY_BYTES,
            type=Type.ID,
        )


def calibrate(
    target_seconds: float = TARGET_SECONDS,
    memory_kib: int = MIN_MEMORY_KIB,
    parallelism: int = 2,
) -> KdfParams:
    """Choose an Argon2id time cost that takes about `target_seconds` on this machine.

    Memory stays at the floor and time grows, because memory is what a GPU attacker pays
    for and the practitioner's laptop may be small.
    """
    salt = secrets.token_bytes(16)

    def timed(time_cost: int, samples: int = 1) -> float:
        # The fastest of a few runs is the machine's real speed; slower ones measured a
        # neighbour's load, which would inflate or shrink the cost we settle on.
        best = float("inf")
        for _ in range(samples):
            start = time.perf_counter()
            KdfParams(time_cost, memory_kib, parallelism).derive("calibration", salt)
            best = min(best, time.perf_counter() - start)
        return best

    # Two points separate the fixed cost (allocating and filling the memory once) from the
    # cost per pass; scaling from one point alone undershoots the target.
    one, three = timed(1, 2), timed(3, 2)
    per_pass = max((three - one) / 2, 1e-4)
    fixed = max(one - per_pass, 0.0)
    time_cost = max(2, min(MAX_TIME_COST, round((target_seconds - fixed) / per_pass)))
    # One check at the chosen cost, and a proportional correction if it missed by far.
    actual = timed(time_cost)
    if not 0.7 <= actual / target_seconds <= 1.3:
        time_cost = max(2, min(MAX_TIME_COST, round(time_cost * target_seconds / actual)))
    return KdfParams(time_cost=time_cost, memory_kib=memory_kib, parallelism=parallelism)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("expected base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass(frozen=True)
class RecoveryCertificate:
    """The organisation's recovery certificate: its public key wraps the vault key."""

    pem: bytes

    @classmethod
    def load(cls, path: Path) -> RecoveryCertificate:
        """Read and check a PEM certificate holding an RSA key of at least 2048 bits."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise VaultError(f"The recovery certificate {path} could not be read: {exc.strerror}.") from exc
        cert = cls(pem=data)
        cert.public_key()  # validates
        return cert

    def certificate(self) -> x509.Certificate:
        """The parsed X.509 certificate."""
        try:
            return x509.load_pem_x509_certificate(self.pem)
        except ValueError as exc:
            raise VaultError("The recovery certificate is not a PEM X.509 certificate.") from exc

    def public_key(self) -> rsa.RSAPublicKey:
        """The certificate's RSA public key (RSA is what OAEP key wrapping needs)."""
        key = self.certificate().public_key()
        if not isinstance(key, rsa.RSAPublicKey) or key.key_size < 2048:
            raise VaultError("The recovery certificate must hold an RSA key of at least 2048 bits.")
        return key

    def fingerprint(self) -> str:
        """SHA-256 fingerprint of the certificate, as colon-separated hex."""
        digest = self.certificate().fingerprint(hashes.SHA256())
        return ":".join(f"{b:02X}" for b in digest)

    def subject(self) -> str:
        """The certificate's subject, for showing who can recover the vault."""
        return self.certificate().subject.rfc4514_string()


def generate_recovery_pair(
    common_name: str, *, days: int = 3650, key_size: int = 3072
) -> tuple[RecoveryCertificate, bytes]:
    """A new RSA recovery key pair with a self-signed certificate, and the key as PEM.

    For organisations without their own PKI, for the demo and for tests. 3072 bits by
    default because these records are kept for decades. The private key is returned
    unencrypted: the caller decides where, and how protected, it is kept.
    """
    key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=days))
        .sign(key, hashes.SHA256())
    )
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return RecoveryCertificate(cert.public_bytes(serialization.Encoding.PEM)), pem


_OAEP = padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


@dataclass(frozen=True)
class KeyEntry:
    """One vault key, wrapped under the passphrase (and the recovery certificate, if set).

    A header normally holds one entry. While the vault key is being rotated it holds two,
    the new key first and the old second, so that a crash at any moment leaves a header that
    opens whichever database is on disk.
    """

    salt: bytes
    nonce: bytes
    wrapped_key: bytes
    recovery_wrapped_key: bytes | None = None
    mac: bytes = b""

    def _doc(self) -> dict[str, Any]:
        return {
            "salt": _b64(self.salt),
            "nonce": _b64(self.nonce),
            "wrapped_key": _b64(self.wrapped_key),
            "recovery_wrapped_key": _b64(self.recovery_wrapped_key) if self.recovery_wrapped_key else None,
        }


@dataclass(frozen=True)
class KeyHeader:
    """The parsed header. It holds only wrapped keys, salts and parameters."""

    vault_id: str
    kdf: KdfParams
    entries: tuple[KeyEntry, ...]
    recovery_pem: bytes | None = None

    def _aad(self) -> bytes:
        # Binding the vault ID and the KDF parameters means a header edited to weaken the
        # parameters, or moved beside another vault's database, fails to unwrap.
        kdf = self.kdf
        return (
            f"{FORMAT}/{VERSION}/{self.vault_id}/argon2id/{kdf.time_cost}/{kdf.memory_kib}/{kdf.parallelism}"
        ).encode("ascii")

    @classmethod
    def seal(
        cls,
        vault_key: bytes,
        passphrase: str,
        *,
        vault_id: str,
        kdf: KdfParams,
        recovery: RecoveryCertificate | None = None,
    ) -> KeyHeader:
        """Wrap `vault_key` under the passphrase (and the recovery certificate, if any)."""
        salt = secrets.token_bytes(16)
        nonce = secrets.token_bytes(12)
        draft = cls(vault_id=vault_id, kdf=kdf, entries=())
        wrapped = AESGCM(kdf.derive(passphrase, salt)).encrypt(nonce, vault_key, draft._aad())
        rec_wrapped = recovery.public_key().encrypt(vault_key, _OAEP) if recovery is not None else None
        entry = KeyEntry(salt=salt, nonce=nonce, wrapped_key=wrapped, recovery_wrapped_key=rec_wrapped)
        unsigned = cls(vault_id=vault_id, kdf=kdf, entries=(entry,), recovery_pem=recovery.pem if recovery else None)
        return unsigned._signed([vault_key])

    def with_older(self, key: bytes, older: KeyHeader, older_key: bytes) -> KeyHeader:
        """This header's key first, then `older`'s first key: the header of a rotation under way.

        Both must wrap under the same passphrase settings and recovery certificate, so that
        whichever key the database on disk needs, the same passphrase or recovery key finds it.
        """
        if (older.vault_id, older.kdf, older.recovery_pem) != (self.vault_id, self.kdf, self.recovery_pem):
            raise ValueError("only headers of the same vault and settings can be combined")
        combined = dataclasses.replace(self, entries=(self.entries[0], older.entries[0]))
        return combined._signed([key, older_key])

    def only(self, index: int, key: bytes) -> KeyHeader:
        """A header holding just entry `index` (whose key is `key`): a rotation settled."""
        return dataclasses.replace(self, entries=(self.entries[index],))._signed([key])

    def _signed(self, keys: list[bytes]) -> KeyHeader:
        body = canonical_json(self._body())
        entries = tuple(dataclasses.replace(e, mac=_mac(k, body)) for e, k in zip(self.entries, keys, strict=True))
        return dataclasses.replace(self, entries=entries)

    def _verify_mac(self, index: int, vault_key: bytes) -> bytes:
        # The AEAD covers only the passphrase entry. This MAC, keyed from the vault key,
        # covers the whole header, so a recovery certificate swapped in by someone who can
        # write the file is caught at unlock instead of receiving the key at the next change.
        if not hmac.compare_digest(self.entries[index].mac, _mac(vault_key, canonical_json(self._body()))):
            raise VaultDamaged(
                "The vault's key file has been altered outside the app (its recovery entry or settings "
                "do not match). Do not change the passphrase; ask your IT or information governance lead."
            )
        return vault_key

    def unwrap(self, passphrase: str, index: int = 0) -> bytes:
        """Return vault key number `index` (0: the current one), or raise WrongPassphrase."""
        entry = self.entries[index]
        try:
            wrapping_key = self.kdf.derive(passphrase, entry.salt)
        except HashingError:
            raise NotAVault("The vault's key file is damaged: its key settings are invalid.") from None
        try:
            key = AESGCM(wrapping_key).decrypt(entry.nonce, entry.wrapped_key, self._aad())
        except InvalidTag:
            raise WrongPassphrase(
                "That passphrase does not unlock this vault. Check Caps Lock and try again."
            ) from None
        if len(key) != KEY_BYTES:
            raise NotAVault("The vault's key header is damaged.")
        return self._verify_mac(index, key)

    def unwrap_with_recovery_key(self, private_key_pem: bytes, password: bytes | None = None, index: int = 0) -> bytes:
        """Return vault key number `index` using the organisation's RSA private recovery key."""
        wrapped = self.entries[index].recovery_wrapped_key
        if self.recovery_pem is None or wrapped is None:
            raise WrongRecoveryKey("This vault has no recovery certificate, so it cannot be recovered with a key.")
        try:
            private = serialization.load_pem_private_key(private_key_pem, password=password)
        except TypeError as exc:
            raise WrongRecoveryKey(
                "The recovery key is protected by a password; set SAFEGUARD_RECOVERY_KEY_PASSPHRASE."
                if password is None
                else "The recovery key's password is wrong."
            ) from exc
        except ValueError as exc:
            raise WrongRecoveryKey(
                "The recovery key could not be read: it is not a PEM private key, or its password is wrong."
            ) from exc
        if not isinstance(private, rsa.RSAPrivateKey):
            raise WrongRecoveryKey("The recovery key must be an RSA private key.")
        cert_key = RecoveryCertificate(self.recovery_pem).public_key()
        if private.public_key().public_numbers() != cert_key.public_numbers():
            raise WrongRecoveryKey("That recovery key does not belong to this vault's recovery certificate.")
        try:
            key = private.decrypt(wrapped, _OAEP)
        except ValueError:
            raise NotAVault("The vault's recovery entry is damaged.") from None
        if len(key) != KEY_BYTES:
            raise NotAVault("The vault's recovery entry is damaged.")
        return self._verify_mac(index, key)

    @property
    def recovery(self) -> RecoveryCertificate | None:
        """The organisation's recovery certificate, when one is set."""
        return RecoveryCertificate(self.recovery_pem) if self.recovery_pem else None

    def _body(self) -> dict[str, Any]:
        first = self.entries[0]
        doc: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "vault_id": self.vault_id,
            "cipher": "sqlcipher4-raw-key",
            "passphrase": {
                "kdf": "argon2id",
                "time_cost": self.kdf.time_cost,
                "memory_kib": self.kdf.memory_kib,
                "parallelism": self.kdf.parallelism,
                "salt": _b64(first.salt),
                "aead": "aes-256-gcm",
                "nonce": _b64(first.nonce),
                "wrapped_key": _b64(first.wrapped_key),
            },
            "recovery": None,
        }
        if self.recovery_pem is not None and first.recovery_wrapped_key is not None:
            doc["recovery"] = {
                "scheme": "rsa-oaep-sha256",
                "certificate": self.recovery_pem.decode("ascii"),
                "wrapped_key": _b64(first.recovery_wrapped_key),
            }
        if len(self.entries) > 1:
            # Only while a key rotation is under way: the old key, same passphrase settings.
            doc["older_keys"] = [e._doc() for e in self.entries[1:]]
        return doc

    def to_json(self) -> bytes:
        """Serialise for writing to disk, with a checksum (damage) and the MACs (tampering)."""
        body = self._body()
        doc = {**body, "checksum": hashlib.sha256(canonical_json(body)).hexdigest(), "mac": _b64(self.entries[0].mac)}
        if len(self.entries) > 1:
            doc["older_macs"] = [_b64(e.mac) for e in self.entries[1:]]
        return json.dumps(doc, indent=2).encode("utf-8") + b"\n"

    @classmethod
    def from_json(cls, data: bytes) -> KeyHeader:
        """Parse a header, raising NotAVault for anything that is not one of ours."""
        not_ours = NotAVault("This file is not a safeguard-desktop vault, or its key header is damaged.")
        try:
            doc = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise not_ours from None
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise not_ours
        if doc.get("version") != VERSION:
            raise NotAVault(
                f"This vault was made by a newer version of safeguard-desktop (key header "
                f"version {doc.get('version')}). Update the app to open it."
            )
        checksum, mac, older_macs = doc.pop("checksum", None), doc.pop("mac", None), doc.pop("older_macs", [])
        if checksum != hashlib.sha256(canonical_json(doc)).hexdigest():
            raise NotAVault(
                "The vault's key file is damaged (its checksum does not match). Restore the .keys file "
                "from the same backup as the vault, or ask your organisation to recover the vault."
            )
        try:
            pp = doc["passphrase"]
            if pp["kdf"] != "argon2id" or pp["aead"] != "aes-256-gcm":
                raise not_ours
            kdf = KdfParams(int(pp["time_cost"]), int(pp["memory_kib"]), int(pp["parallelism"]))
            if not kdf.is_sane():
                raise not_ours
            rec = doc.get("recovery")
            entries = [
                KeyEntry(
                    salt=_unb64(pp["salt"]),
                    nonce=_unb64(pp["nonce"]),
                    wrapped_key=_unb64(pp["wrapped_key"]),
                    recovery_wrapped_key=_unb64(rec["wrapped_key"]) if rec else None,
                    mac=_unb64(mac),
                )
            ]
            older = doc.get("older_keys", [])
            if not isinstance(older, list) or not isinstance(older_macs, list) or len(older) != len(older_macs):
                raise not_ours
            for item, item_mac in zip(older, older_macs, strict=True):
                wrapped_rec = item["recovery_wrapped_key"]
                if (wrapped_rec is None) != (rec is None):
                    raise not_ours
                entries.append(
                    KeyEntry(
                        salt=_unb64(item["salt"]),
                        nonce=_unb64(item["nonce"]),
                        wrapped_key=_unb64(item["wrapped_key"]),
                        recovery_wrapped_key=_unb64(wrapped_rec) if wrapped_rec is not None else None,
                        mac=_unb64(item_mac),
                    )
                )
            header = cls(
                vault_id=str(doc["vault_id"]),
                kdf=kdf,
                entries=tuple(entries),
                recovery_pem=rec["certificate"].encode("ascii") if rec else None,
            )
        except (KeyError, TypeError, ValueError, OverflowError, AttributeError, binascii.Error):
            raise not_ours from None
        if not 1 <= len(header.entries) <= MAX_ENTRIES or any(
            len(e.nonce) != 12 or len(e.salt) < 16 or len(e.mac) != 32 for e in header.entries
        ):
            raise not_ours
        return header


def _mac(vault_key: bytes, body: bytes) -> bytes:
    info = b"safeguard-desktop header mac v1"
    mac_key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info)
    return hmac.new(mac_key.derive(vault_key), body, hashlib.sha256).digest()


def read_header(vault_path: Path) -> KeyHeader:
    """Read the header beside `vault_path`, with a clear error for each way it can fail."""
    path = header_path(vault_path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise NotAVault(
            f"The vault's key file {path.name} is missing. It must sit beside {vault_path.name}; "
            "restore both from the same backup."
        ) from None
    if size > MAX_HEADER_BYTES:
        raise NotAVault("This file is not a safeguard-desktop vault, or its key header is damaged.")
    return KeyHeader.from_json(path.read_bytes())


def write_header(vault_path: Path, header: KeyHeader) -> None:
    """Replace the header atomically: a crash leaves the old header or the new, never neither."""
    write_private_file_atomically(header_path(vault_path), header.to_json())


def new_vault_key() -> bytes:
    """A fresh random 256-bit database key."""
    return secrets.token_bytes(KEY_BYTES)
