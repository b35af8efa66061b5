"""The practitioner's signing identity and the destinations' certificates, kept in the vault."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.serialization import pkcs7, pkcs12
from cryptography.x509.oid import NameOID

from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.referral.identity import (
    CertificateRefused,
    IdentityRefused,
    clear_destination_certificate,
    destination_certificate,
    identity,
    import_pkcs12,
    set_destination_certificate,
)
from safeguard_desktop.referral.model import Destination
from safeguard_desktop.vault import audit
from safeguard_desktop.vault.connection import DatabaseError
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.signing import CLEAR_ACTION, IDENTITY_ACTION, SET_ACTION
from tests.conftest import FAST_KDF, PASSPHRASE, tamper

OPENSSL = shutil.which("openssl")
_CA = ("-CAfile", "me.pem", "-out", "out")
needs_openssl = pytest.mark.skipif(OPENSSL is None, reason="the openssl command is not installed")


def _cert(
    key,
    *,
    name: str = "Brackenmoor MASH",
    issuer_key=None,
    not_after: datetime | None = None,
    not_before: datetime | None = None,
) -> x509.Certificate:
    now = datetime.now(UTC)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Brackenmoor County Council"),
        ]
    )
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - timedelta(days=1))
        .not_valid_after(not_after or now + timedelta(days=365))
        .sign(issuer_key or key, None if isinstance(key, ed25519.Ed25519PrivateKey) else hashes.SHA256())
    )


def _p12(key, cert, password: bytes = b"larch-umber-17") -> bytes:
    enc = serialization.BestAvailableEncryption(password)
    return pkcs12.serialize_key_and_certificates(b"org", key, cert, None, enc)


def _events(vault: Vault, action: str) -> list[audit.AuditEvent]:
    return [e for e in audit.events(vault._ctx.conn) if e.action == action]


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


# -- the practitioner's own identity -----------------------------------------------------------


def test_identity_is_made_with_the_vault_and_stable_across_reopen(vault_path, practitioner):
    with Vault.create(vault_path, PASSPHRASE, practitioner, kdf=FAST_KDF) as v:
        made = identity(v)
        assert len(_events(v, IDENTITY_ACTION)) == 1  # made at create, not again on first use
    with Vault.open(vault_path, PASSPHRASE) as v:
        again = identity(v)
        assert again.fingerprint == made.fingerprint
        assert again.certificate_der == made.certificate_der
        assert len(_events(v, IDENTITY_ACTION)) == 1
        assert v.check().ok, v.check().faults


def test_the_self_signed_certificate_names_the_practitioner(vault, practitioner):
    ident = identity(vault)
    cert = ident.certificate
    assert ident.is_self_signed and ident.source == "self-signed"
    assert isinstance(ident.private_key, ec.EllipticCurvePrivateKey)
    assert ident.private_key.curve.name == "secp256r1"
    assert cert.version is x509.Version.v3
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == practitioner.name
    assert cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == practitioner.organisation
    assert cert.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)[0].value == practitioner.role
    assert cert.issuer == cert.subject
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.digital_signature and not usage.value.key_cert_sign
    assert isinstance(cert.signature_hash_algorithm, hashes.SHA256)
    years = (cert.not_valid_after_utc - cert.not_valid_before_utc).days / 365
    assert 4.99 < years < 5.02
    cert.verify_directly_issued_by(cert)  # raises if its signature does not verify
    assert practitioner.name in ident.subject and practitioner.organisation in ident.subject


def test_a_vault_from_before_signing_gets_its_identity_on_first_use(vault_path, practitioner):
    with Vault.create(vault_path, PASSPHRASE, practitioner, kdf=FAST_KDF, schema_version=6):
        pass
    with Vault.open(vault_path, PASSPHRASE) as v:  # upgraded to the current schema
        assert v.signing.current_identity() is None
        first = identity(v)
        assert identity(v).fingerprint == first.fingerprint
        assert len(_events(v, IDENTITY_ACTION)) == 1
        assert v.check().ok, v.check().faults


def test_name_with_markup_and_overlong_fields_is_kept_as_typed(tmp_path):
    odd = Practitioner(name="<b>O'Brien & Sons</b> =cmd()", role="R" * 90, organisation="Org & <Co>")
    with Vault.create(tmp_path / "odd.vault", PASSPHRASE, odd, kdf=FAST_KDF) as v:
        cert = identity(v).certificate
        assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == odd.name
        assert cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == "Org & <Co>"
        # X.520 caps a unit name at 64 characters: cut, never refused.
        assert cert.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)[0].value == "R" * 64


@needs_openssl
def test_our_fingerprint_is_the_one_openssl_prints(vault, tmp_path):
    ident = identity(vault)
    pem = tmp_path / "me.pem"
    pem.write_bytes(ident.certificate.public_bytes(serialization.Encoding.PEM))
    out = subprocess.run(
        [OPENSSL, "x509", "-in", str(pem), "-noout", "-fingerprint", "-sha256"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
    assert out.strip().split("=", 1)[1] == ident.fingerprint
    assert ident.fingerprint_grouped.replace(" ", "") == ident.fingerprint.replace(":", "")
    assert len(ident.fingerprint_grouped.split(" ")) == 16


@needs_openssl
def test_openssl_verifies_a_cms_signature_made_with_the_identity(vault, tmp_path):
    ident = identity(vault)
    data = b'{"packet": "manifest"}'
    sig = (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(data)
        .add_signer(ident.certificate, ident.private_key, hashes.SHA256())
        .sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary])
    )
    (tmp_path / "m.json").write_bytes(data)
    (tmp_path / "m.p7s").write_bytes(sig)
    (tmp_path / "me.pem").write_bytes(ident.certificate.public_bytes(serialization.Encoding.PEM))
    proc = subprocess.run(
        [OPENSSL, "cms", "-verify", "-binary", "-inform", "DER", "-in", "m.p7s", "-content", "m.json", *_CA],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr


def test_the_private_key_is_in_no_file_but_the_encrypted_vault(vault_path, practitioner, tmp_path):
    with Vault.create(vault_path, PASSPHRASE, practitioner, kdf=FAST_KDF) as v:
        ident = identity(v)
        der = ident.private_key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        assert isinstance(ident.private_key, ec.EllipticCurvePrivateKey)
        scalar = ident.private_key.private_numbers().private_value.to_bytes(32, "big")
        cert_der = ident.certificate_der
        files = [p for p in tmp_path.rglob("*") if p.is_file()]
        assert vault_path in files
        for path in files:
            content = path.read_bytes()
            assert der not in content and scalar not in content, path
            # The certificate is no secret; its absence too shows the vault is not plaintext.
            assert cert_der not in content, path


# -- an organisation's certificate ---------------------------------------------------------------


def test_a_pkcs12_import_replaces_the_self_signed_identity(vault, vault_path, rsa_key):
    before = identity(vault)
    org_cert = _cert(rsa_key, name="Harriet Okonkwo-Bell")
    imported = import_pkcs12(vault, _p12(rsa_key, org_cert), "larch-umber-17")
    assert not imported.is_self_signed
    assert imported.certificate == org_cert
    assert identity(vault).fingerprint == imported.fingerprint != before.fingerprint
    assert len(_events(vault, IDENTITY_ACTION)) == 2
    assert vault.check().ok, vault.check().faults
    vault.close()
    with Vault.open(vault_path, PASSPHRASE) as v:
        assert identity(v).certificate == org_cert and identity(v).source == "pkcs12"


def test_an_ec_organisation_certificate_is_accepted(vault):
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _cert(key, name="Harriet Okonkwo-Bell")
    assert import_pkcs12(vault, _p12(key, cert, b"pw"), "pw").certificate == cert


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("wrong password", "password does not open"),
        ("not pkcs12", "not a PKCS#12"),
        ("no key", "no private key"),
        ("mismatched key", "does not belong to any certificate"),
        ("expired", "expired on"),
        ("ed25519", "cannot sign with"),
        ("short rsa", "too short"),
    ],
)
def test_an_unusable_pkcs12_is_refused_and_nothing_changes(vault, rsa_key, case, message):
    before = identity(vault)
    events = len(audit.events(vault._ctx.conn))
    password = "larch-umber-17"
    cert = _cert(rsa_key)
    if case == "wrong password":
        data, password = _p12(rsa_key, cert), "larch-umber-18"
    elif case == "not pkcs12":
        data = cert.public_bytes(serialization.Encoding.PEM)
    elif case == "no key":
        enc = serialization.BestAvailableEncryption(password.encode())
        data = pkcs12.serialize_key_and_certificates(b"org", None, cert, None, enc)
    elif case == "mismatched key":
        # cryptography and openssl both refuse to write a key beside a certificate it does not
        # match, so the certificate goes among the others, where a careless tool might put it.
        other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        enc = serialization.BestAvailableEncryption(password.encode())
        data = pkcs12.serialize_key_and_certificates(b"org", other, None, [cert], enc)
    elif case == "expired":
        past = datetime.now(UTC) - timedelta(days=10)
        data = _p12(rsa_key, _cert(rsa_key, not_before=past - timedelta(days=400), not_after=past))
    elif case == "ed25519":
        key = ed25519.Ed25519PrivateKey.generate()
        data = _p12(key, _cert(key))
    else:
        key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
        data = _p12(key, _cert(key))
    with pytest.raises(IdentityRefused, match=message) as err:
        import_pkcs12(vault, data, password)
    assert err.value.message.endswith(".")
    assert identity(vault).fingerprint == before.fingerprint
    assert len(audit.events(vault._ctx.conn)) == events


# -- destinations' certificates ----------------------------------------------------------------


def test_a_destination_rsa_certificate_is_accepted_as_pem_or_der(vault, rsa_key):
    assert destination_certificate(vault, Destination.MASH) is None
    cert = _cert(rsa_key)
    kept = set_destination_certificate(vault, Destination.MASH, cert.public_bytes(serialization.Encoding.PEM))
    assert kept.certificate == cert and kept.destination is Destination.MASH
    assert kept.added_by == vault.practitioner
    found = destination_certificate(vault, Destination.MASH)
    assert found is not None and found.certificate == cert and found.fingerprint == kept.fingerprint
    assert "Brackenmoor MASH" in found.subject
    assert destination_certificate(vault, Destination.LCSS_NAMED) is None

    lcss_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    lcss = _cert(lcss_key, name="Brackenmoor LCSS")
    set_destination_certificate(vault, Destination.LCSS_NAMED, lcss.public_bytes(serialization.Encoding.DER))
    # A no-names consultation goes to the same team, so it uses the same certificate.
    no_names = destination_certificate(vault, Destination.LCSS_NO_NAMES)
    assert no_names is not None and no_names.certificate == lcss
    assert destination_certificate(vault, Destination.MASH).certificate == cert  # type: ignore[union-attr]
    assert len(_events(vault, SET_ACTION)) == 2
    assert vault.check().ok, vault.check().faults


def test_a_newer_certificate_replaces_and_removal_clears(vault, rsa_key):
    first = _cert(rsa_key)
    second = _cert(rsa_key, name="Brackenmoor MASH 2027")
    set_destination_certificate(vault, Destination.MASH, first.public_bytes(serialization.Encoding.PEM))
    set_destination_certificate(vault, Destination.MASH, second.public_bytes(serialization.Encoding.PEM))
    assert destination_certificate(vault, Destination.MASH).certificate == second  # type: ignore[union-attr]
    assert clear_destination_certificate(vault, Destination.MASH) is True
    assert destination_certificate(vault, Destination.MASH) is None
    assert clear_destination_certificate(vault, Destination.MASH) is False  # nothing to remove: nothing logged
    assert len(_events(vault, CLEAR_ACTION)) == 1
    rows = vault._ctx.conn.execute("SELECT count(*) FROM destination_certificates").fetchone()[0]
    assert rows == 3  # history kept: two certificates and a removal
    assert vault.check().ok, vault.check().faults


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("ec", "not RSA"),
        ("expired", "expired on"),
        ("garbage", "not a certificate"),
        ("private key", "private key, not a certificate"),
        ("short", "too short"),
    ],
)
def test_an_unusable_destination_certificate_is_refused(vault, rsa_key, case, message):
    if case == "ec":
        key = ec.generate_private_key(ec.SECP256R1())
        data = _cert(key).public_bytes(serialization.Encoding.PEM)
    elif case == "expired":
        past = datetime.now(UTC) - timedelta(days=1)
        data = _cert(rsa_key, not_before=past - timedelta(days=30), not_after=past).public_bytes(
            serialization.Encoding.DER
        )
    elif case == "garbage":
        data = b"\x30\x03not a certificate at all"
    elif case == "private key":
        data = rsa_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    else:
        key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
        data = _cert(key).public_bytes(serialization.Encoding.PEM)
    with pytest.raises(CertificateRefused, match=message):
        set_destination_certificate(vault, Destination.MASH, data)
    assert destination_certificate(vault, Destination.MASH) is None
    assert _events(vault, SET_ACTION) == []


# -- append-only and checked -------------------------------------------------------------------


def test_signing_tables_are_append_only(vault, rsa_key):
    identity(vault)
    set_destination_certificate(vault, Destination.MASH, _cert(rsa_key).public_bytes(serialization.Encoding.PEM))
    conn = vault._ctx.conn
    for sql in (
        "UPDATE signing_identity SET source = 'pkcs12'",
        "DELETE FROM signing_identity",
        "UPDATE destination_certificates SET subject = 'x'",
        "DELETE FROM destination_certificates",
    ):
        with pytest.raises(DatabaseError, match="never altered"):
            conn.execute(sql)


def test_check_notices_a_swapped_key_or_certificate(vault, rsa_key):
    identity(vault)
    set_destination_certificate(vault, Destination.MASH, _cert(rsa_key).public_bytes(serialization.Encoding.PEM))
    assert vault.check().ok
    conn = tamper(vault)
    other = ec.generate_private_key(ec.SECP256R1())
    other_der = other.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    conn.execute("UPDATE signing_identity SET private_key = ?", (other_der,))
    conn.execute("UPDATE destination_certificates SET subject = 'CN=Someone Else'")
    faults = vault.check().faults
    assert any("private key that does not belong" in f for f in faults), faults
    assert any("certificate 1 for mash does not match" in f for f in faults), faults
