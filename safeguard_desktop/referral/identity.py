"""The practitioner's signing identity, and the certificates packets are encrypted to.

Every vault has a key pair that signs packets: an EC P-256 key with a self-signed certificate
naming the practitioner, made with the vault (or on first use, for a vault made before this
existed). An organisation can issue its own certificate instead (PKCS#12 import), which
replaces the self-signed one for packets signed from then on. A self-signed certificate proves
that a packet is unaltered since it was signed; it does not prove who signed it until the
receiver confirms its fingerprint with the sender (by phone, say) or an organisation's
certificate is used.

A destination (the MASH, LCSS) may have an RSA certificate on file; packets to it are then
encrypted to that certificate as well as signed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.referral.model import Destination
from safeguard_desktop.vault.signing import cert_fingerprint

if TYPE_CHECKING:
    from safeguard_desktop.vault.session import Vault

__all__ = [
    "CertificateRefused",
    "DestinationCertificate",
    "IdentityRefused",
    "SigningIdentity",
    "SigningKey",
    "clear_destination_certificate",
    "destination_certificate",
    "grouped_fingerprint",
    "identity",
    "import_pkcs12",
    "make_self_signed",
    "openssl_fingerprint",
    "readable_name",
    "set_destination_certificate",
]

SigningKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey

SELF_SIGNED = "self-signed"
ORGANISATION = "pkcs12"
VALIDITY = timedelta(days=5 * 365 + 1)
# X.520's upper bound for names, organisations and units; longer values are cut, not refused.
_NAME_LIMIT = 64
_MIN_RSA_BITS = 2048


class IdentityRefused(SafeguardError):
    """An organisation certificate (PKCS#12) that cannot be used to sign."""


class CertificateRefused(SafeguardError):
    """A destination certificate that cannot be used to encrypt to."""


def openssl_fingerprint(der: bytes) -> str:
    """The SHA-256 fingerprint as `openssl x509 -fingerprint -sha256` prints it (AB:CD:…)."""
    return ":".join(f"{b:02X}" for b in bytes.fromhex(cert_fingerprint(der)))


def grouped_fingerprint(der: bytes) -> str:
    """The SHA-256 fingerprint in groups of four, for reading aloud over the phone."""
    digits = cert_fingerprint(der).upper()
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))


_LABELS = {
    NameOID.COMMON_NAME: "Name",
    NameOID.ORGANIZATION_NAME: "Organisation",
    NameOID.ORGANIZATIONAL_UNIT_NAME: "Unit or role",
    NameOID.EMAIL_ADDRESS: "Email",
    NameOID.LOCALITY_NAME: "Place",
    NameOID.COUNTRY_NAME: "Country",
}


def readable_name(name: x509.Name) -> str:
    """A certificate name in words ("Name: …; Organisation: …"), for a person to read."""
    parts = [f"{_LABELS.get(attr.oid, attr.oid._name)}: {attr.value!s}" for attr in name]
    return "; ".join(parts) or "(no name)"


def _der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def _same_public_key(key: SigningKey, cert: x509.Certificate) -> bool:
    spki = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return bool(key.public_key().public_bytes(*spki) == cert.public_key().public_bytes(*spki))


class _CertificateFacts:
    """What both kinds of certificate say about themselves, read from `certificate`."""

    certificate: x509.Certificate

    @property
    def certificate_der(self) -> bytes:
        """The certificate as DER bytes, as it travels in a packet."""
        return _der(self.certificate)

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the certificate, colon-separated, exactly as openssl prints it."""
        return openssl_fingerprint(self.certificate_der)

    @property
    def fingerprint_grouped(self) -> str:
        """The fingerprint in groups of four hex digits, for reading aloud."""
        return grouped_fingerprint(self.certificate_der)

    @property
    def subject(self) -> str:
        """Whom the certificate names, in words."""
        return readable_name(self.certificate.subject)

    @property
    def not_after(self) -> datetime:
        """End of validity (UTC)."""
        return self.certificate.not_valid_after_utc


@dataclass(frozen=True)
class SigningIdentity(_CertificateFacts):
    """The key that signs the practitioner's packets, and its certificate."""

    private_key: SigningKey
    certificate: x509.Certificate
    source: str = SELF_SIGNED

    @property
    def is_self_signed(self) -> bool:
        """True for the certificate made with the vault; False for an organisation's."""
        return self.source == SELF_SIGNED

    @property
    def issuer(self) -> str:
        """Who issued the certificate, in words."""
        return readable_name(self.certificate.issuer)

    @property
    def not_before(self) -> datetime:
        """Start of validity (UTC)."""
        return self.certificate.not_valid_before_utc


@dataclass(frozen=True)
class DestinationCertificate(_CertificateFacts):
    """The certificate on file for a destination, which packets to it are encrypted to."""

    destination: Destination
    certificate: x509.Certificate
    added_at: datetime
    added_by: Practitioner


def _too_short(bits: int) -> str:
    return f"That certificate's RSA key is too short ({bits} bits); it needs 2048 bits at least."


def _cut(value: str) -> str:
    return value[:_NAME_LIMIT]


def make_self_signed(practitioner: Practitioner, now: datetime | None = None) -> SigningIdentity:
    """Make a new EC P-256 key and a five-year self-signed certificate naming the practitioner."""
    now = now or datetime.now(UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, _cut(practitioner.name)),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, _cut(practitioner.organisation)),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, _cut(practitioner.role)),
        ]
    )
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    subject_key = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        # A few minutes back, so that a receiver whose clock runs slow still sees it as valid.
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(subject_key, critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(subject_key), critical=False)
        .sign(key, hashes.SHA256())
    )
    return SigningIdentity(key, cert, SELF_SIGNED)


def _keep(vault: Vault, made: SigningIdentity) -> SigningIdentity:
    key_der = made.private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    vault.signing.add_identity(key_der, made.certificate_der, made.source)
    return made


def identity(vault: Vault) -> SigningIdentity:
    """The vault's signing identity, made (and kept, and logged) on first use."""
    row = vault.signing.current_identity()
    if row is None:
        return _keep(vault, make_self_signed(vault.practitioner))
    key = serialization.load_der_private_key(row.private_key, password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):  # pragma: no cover - we store no others
        raise IdentityRefused("The signing key kept in this vault is of a kind this app cannot use.")
    return SigningIdentity(key, x509.load_der_x509_certificate(row.certificate), row.source)


def _usable_now(cert: x509.Certificate, now: datetime, refused: type[SafeguardError], what: str) -> None:
    if cert.not_valid_after_utc <= now:
        ended = cert.not_valid_after_utc.strftime("%d/%m/%Y")
        raise refused(f"{what} expired on {ended}. Ask for a current one.")
    if cert.not_valid_before_utc > now + timedelta(days=1):
        starts = cert.not_valid_before_utc.strftime("%d/%m/%Y")
        raise refused(f"{what} is not valid until {starts}. Check the computer's date, or ask for a current one.")


def import_pkcs12(vault: Vault, data: bytes, password: str) -> SigningIdentity:
    """Replace the signing identity with an organisation's certificate and key from a PKCS#12 file.

    IdentityRefused, naming the problem, for a wrong password, a file without a key or a
    certificate, a key that does not belong to the certificate, an expired certificate, or a
    key this app cannot sign with (only RSA and EC keys can make CMS signatures here).
    Nothing is changed then.
    """
    if not data or data[:1] != b"\x30":
        raise IdentityRefused("That file is not a PKCS#12 certificate file (.p12 or .pfx).")
    try:
        key, cert, chain = pkcs12.load_key_and_certificates(data, password.encode("utf-8") if password else None)
    except ValueError as exc:
        raise IdentityRefused(
            "That password does not open the certificate file, or the file is damaged. "
            "Check the password and try again."
        ) from exc
    if key is None:
        raise IdentityRefused(
            "That file holds no private key, so it cannot be used to sign. Ask for the file with the key in it."
        )
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise IdentityRefused(
            "That certificate's key is of a kind this app cannot sign with. Ask for an RSA or EC (P-256) certificate."
        )
    if cert is None:
        # Some tools file the key's own certificate among the others instead of beside the key.
        cert = next((c for c in chain if _same_public_key(key, c)), None) if chain else None
        if cert is None and chain:
            raise IdentityRefused(
                "The key in that file does not belong to any certificate in it, so it cannot be used."
            )
        if cert is None:
            raise IdentityRefused("That file holds a key but no certificate for it. Ask for the file with both.")
    if isinstance(key, rsa.RSAPrivateKey) and key.key_size < _MIN_RSA_BITS:
        raise IdentityRefused(
            f"That certificate's RSA key is too short ({key.key_size} bits); 2048 at least is needed."
        )
    if not _same_public_key(key, cert):
        raise IdentityRefused("The key in that file does not belong to its certificate, so it cannot be used.")
    _usable_now(cert, datetime.now(UTC), IdentityRefused, "That certificate")
    return _keep(vault, SigningIdentity(key, cert, ORGANISATION))


def _team(destination: Destination) -> Destination:
    # A no-names consultation goes to the same LCSS team as a named request: one certificate.
    return Destination.LCSS_NAMED if destination is Destination.LCSS_NO_NAMES else destination


def _load_certificate(data: bytes) -> x509.Certificate:
    if b"-----BEGIN" in data:
        if b"PRIVATE KEY-----" in data and b"BEGIN CERTIFICATE" not in data:
            raise CertificateRefused(
                "That file is a private key, not a certificate. Ask the team for their certificate only."
            )
        try:
            return x509.load_pem_x509_certificate(data)
        except ValueError as exc:
            raise CertificateRefused("That file is not a certificate that can be read (PEM).") from exc
    try:
        return x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise CertificateRefused("That file is not a certificate (expected a .pem, .crt, .cer or .der file).") from exc


def set_destination_certificate(vault: Vault, destination: Destination, data: bytes) -> DestinationCertificate:
    """Keep a destination's RSA certificate (PEM or DER), replacing any before it.

    CertificateRefused, naming the problem, for a file that is not a certificate, a key that is
    not RSA (or shorter than 2048 bits), or a certificate that has expired.
    """
    cert = _load_certificate(data)
    public = cert.public_key()
    if not isinstance(public, rsa.RSAPublicKey):
        raise CertificateRefused(
            "That certificate's key is not RSA. Packets can be encrypted only to an RSA certificate; "
            "ask the team for one."
        )
    if public.key_size < _MIN_RSA_BITS:
        raise CertificateRefused(
            f"That certificate's RSA key is too short ({public.key_size} bits); 2048 at least is needed."
        )
    _usable_now(cert, datetime.now(UTC), CertificateRefused, "That certificate")
    team = _team(destination)
    row = vault.signing.set_destination(team.value, _der(cert), cert.subject.rfc4514_string(), cert.not_valid_after_utc)
    return DestinationCertificate(team, cert, row.added_at, row.added_by)


def destination_certificate(vault: Vault, destination: Destination) -> DestinationCertificate | None:
    """The certificate packets to `destination` are encrypted to, or None when there is none."""
    team = _team(destination)
    row = vault.signing.destination(team.value)
    if row is None:
        return None
    return DestinationCertificate(team, x509.load_der_x509_certificate(row.certificate), row.added_at, row.added_by)


def clear_destination_certificate(vault: Vault, destination: Destination) -> bool:
    """Remove the destination's certificate (packets to it are then not encrypted); False if it had none."""
    return vault.signing.clear_destination(_team(destination).value)
