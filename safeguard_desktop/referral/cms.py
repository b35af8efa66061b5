"""Check a detached CMS signature (RFC 5652) over a packet's manifest.

`cryptography` makes these signatures but cannot verify them, so this reads just enough DER to
find the one SignerInfo, and then does what RFC 5652 §5.4 requires: the signed attributes must
carry the content's digest, and the signature must verify over those attributes (re-tagged as a
SET) with the public key of the certificate the SignerInfo names. Anything unexpected is refused
rather than guessed at.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs7

__all__ = ["SignatureProblem", "low_s", "verify_detached"]

_OID_SIGNED_DATA = "1.2.840.113549.1.7.2"
_OID_DATA = "1.2.840.113549.1.7.1"
_OID_CONTENT_TYPE = "1.2.840.113549.1.9.3"
_OID_MESSAGE_DIGEST = "1.2.840.113549.1.9.4"
_DIGESTS: dict[str, tuple[str, hashes.HashAlgorithm]] = {
    "2.16.840.1.101.3.4.2.1": ("sha256", hashes.SHA256()),
    "2.16.840.1.101.3.4.2.2": ("sha384", hashes.SHA384()),
    "2.16.840.1.101.3.4.2.3": ("sha512", hashes.SHA512()),
}


class SignatureProblem(Exception):
    """The signature does not hold; `reason` is a short code and the text says what is wrong."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class _Tlv:
    tag: int
    raw: bytes  # the whole element, header included
    body: bytes


def _read(data: bytes, pos: int = 0) -> tuple[_Tlv, int]:
    """One DER element at `pos`, and where the next one starts.

    Only DER is accepted: a length written longer than it needs to be (BER allows it) would let
    the same signature travel as different bytes, so it is refused like any other change.
    """
    if pos + 2 > len(data):
        raise ValueError("truncated")
    tag, first = data[pos], data[pos + 1]
    if tag & 0x1F == 0x1F:
        raise ValueError("multi-byte tags are not used in CMS")
    head = 2
    if first < 0x80:
        length = first
    else:
        count = first & 0x7F
        if count == 0 or count > 4 or pos + 2 + count > len(data):
            raise ValueError("indefinite or oversized length")  # DER has definite lengths only
        length = int.from_bytes(data[pos + 2 : pos + 2 + count], "big")
        if length < 0x80 or data[pos + 2] == 0:
            raise ValueError("a length not in its shortest form (not DER)")
        head += count
    end = pos + head + length
    if end > len(data):
        raise ValueError("element runs past its parent")
    return _Tlv(tag, data[pos:end], data[pos + head : end]), end


def _encode(tag: int, body: bytes) -> bytes:
    """One DER element (the inverse of `_read`)."""
    n = len(body)
    if n < 0x80:
        return bytes([tag, n]) + body
    size = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(size)]) + size + body


def _encode_int(value: int) -> bytes:
    return _encode(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big", signed=True))


def _children(body: bytes) -> list[_Tlv]:
    items, pos = [], 0
    while pos < len(body):
        item, pos = _read(body, pos)
        items.append(item)
    return items


def _oid(tlv: _Tlv) -> str:
    if tlv.tag != 0x06 or not tlv.body or tlv.body[-1] & 0x80:
        raise ValueError("expected an object identifier")
    first = tlv.body[0]
    parts = [min(first // 40, 2), first - 40 * min(first // 40, 2)]
    value, starting = 0, True
    for byte in tlv.body[1:]:
        if starting and byte == 0x80:
            raise ValueError("an object identifier not in its shortest form (not DER)")
        value = (value << 7) | (byte & 0x7F)
        starting = not byte & 0x80
        if starting:
            parts.append(value)
            value = 0
    return ".".join(str(p) for p in parts)


def _int(tlv: _Tlv) -> int:
    body = tlv.body
    if tlv.tag != 0x02 or not body:
        raise ValueError("expected an integer")
    if len(body) > 1 and ((body[0] == 0 and body[1] < 0x80) or (body[0] == 0xFF and body[1] >= 0x80)):
        raise ValueError("an integer not in its shortest form (not DER)")
    return int.from_bytes(body, "big", signed=True)


def _signer_info(p7s: bytes) -> tuple[list[_Tlv], list[_Tlv]]:
    """The SignedData's fields and its single SignerInfo's fields."""
    info, end = _read(p7s)
    if end != len(p7s) or info.tag != 0x30:
        raise ValueError("not one DER ContentInfo")
    content_type, wrapper = _children(info.body)
    if _oid(content_type) != _OID_SIGNED_DATA or wrapper.tag != 0xA0:
        raise ValueError("not SignedData")
    (signed_data,) = _children(wrapper.body)
    fields = _children(signed_data.body)
    encap = _children(fields[2].body)
    if _oid(encap[0]) != _OID_DATA or len(encap) != 1:
        raise ValueError("the signature must be detached, over plain data")
    signer_infos = fields[-1]
    if signer_infos.tag != 0x31:
        raise ValueError("no signerInfos")
    signers = _children(signer_infos.body)
    if len(signers) != 1:
        raise ValueError("a packet has exactly one signer")
    return fields, _children(signers[0].body)


_EC_SIG_OIDS = {"1.2.840.10045.4.3.2", "1.2.840.10045.4.3.3", "1.2.840.10045.4.3.4"}
_RSA_SIG_OIDS = {"1.2.840.113549.1.1.1", "1.2.840.113549.1.1.11", "1.2.840.113549.1.1.12", "1.2.840.113549.1.1.13"}
_NULL = b"\x05\x00"
# The group orders of the curves a packet may be signed with. An ECDSA signature (r, s) also
# verifies as (r, n - s); only the low one is accepted, so the .p7s has one valid form.
_EC_ORDERS = {
    "secp256r1": 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551,
    "secp384r1": int(
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973", 16
    ),
    "secp521r1": int(
        "01FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFA51868783BF2F966B7FCC0148F709A5D03"
        "BB5C9B8899C47AEBB6FB71E91386409",
        16,
    ),
}


def _ec_order(key: ec.EllipticCurvePublicKey) -> int:
    order = _EC_ORDERS.get(key.curve.name)
    if order is None:
        raise ValueError(f"the curve {key.curve.name} is not one a packet may be signed with")
    return order


def _r_s(signature: bytes) -> tuple[int, int]:
    seq, end = _read(signature)
    if seq.tag != 0x30 or end != len(signature):
        raise ValueError("the ECDSA signature is not one SEQUENCE")
    r_tlv, s_tlv = _children(seq.body)
    return _int(r_tlv), _int(s_tlv)


def low_s(p7s: bytes, key: ec.EllipticCurvePublicKey) -> bytes:
    """`p7s` with its ECDSA signature in low-S form (s ≤ n/2), the only form `verify_detached` accepts.

    OpenSSL signs with whichever s the random nonce gives; both verify, so without this rule a
    .p7s could be changed (s → n − s) and still verify. The lengths around the signature are
    re-encoded, since n − s may be a byte shorter.
    """
    order = _ec_order(key)
    info, _ = _read(p7s)
    content_type, wrapper = _children(info.body)
    (signed_data,) = _children(wrapper.body)
    fields = _children(signed_data.body)
    (signer,) = _children(fields[-1].body)
    parts = _children(signer.body)
    r, s = _r_s(parts[5].body)
    if s <= order // 2:
        return p7s
    signature = _encode(0x04, _encode(0x30, _encode_int(r) + _encode_int(order - s)))
    new_signer = _encode(0x30, b"".join(p.raw for p in parts[:5]) + signature)
    new_signed_data = _encode(0x30, b"".join(f.raw for f in fields[:-1]) + _encode(0x31, new_signer))
    return _encode(0x30, content_type.raw + _encode(0xA0, new_signed_data))


def _pin_unsigned_fields(fields: list[_Tlv], signer: list[_Tlv], key: object, expected_der: bytes) -> None:
    """Refuse any value the signature itself does not cover unless it is exactly what a packet uses.

    The version numbers, algorithm identifiers and certificate list sit outside the signed
    attributes; pinning them means no byte of the .p7s can change without a refusal.
    """
    changed = SignatureProblem("signature_changed", "The signature file has been altered.")
    try:
        digest_alg, sig_alg = signer[2], signer[4]
        digest_parts = [t.raw for t in _children(digest_alg.body)][1:]
        sig_parts = [t.raw for t in _children(sig_alg.body)][1:]
        sig_oid = _oid(_children(sig_alg.body)[0])
        if (
            len(fields) != 5
            or _int(fields[0]) != 1
            or fields[1].tag != 0x31
            or fields[1].body != digest_alg.raw
            or fields[3].tag != 0xA0
            or fields[3].body != expected_der
            or len(signer) != 6
            or _int(signer[0]) != 1
            or digest_parts not in ([], [_NULL])
        ):
            raise changed
        if isinstance(key, ec.EllipticCurvePublicKey):
            r, s = _r_s(signer[5].body)
            ok = sig_oid in _EC_SIG_OIDS and sig_parts == [] and 0 < r and 0 < s <= _ec_order(key) // 2
        else:
            ok = sig_oid in _RSA_SIG_OIDS and sig_parts in ([], [_NULL])
        if not ok:
            raise changed
    except (ValueError, IndexError) as exc:
        raise changed from exc


def verify_detached(p7s: bytes, content: bytes, expected_signer: x509.Certificate) -> None:
    """Raise SignatureProblem unless `p7s` is `expected_signer`'s valid signature over `content`."""
    try:
        fields, signer = _signer_info(p7s)
        sid, digest_alg, signed_attrs, sig_alg, signature = signer[1], signer[2], signer[3], signer[4], signer[5]
        if signed_attrs.tag != 0xA0 or signature.tag != 0x04:
            raise ValueError("the signer carries no signed attributes")
        digest_oid = _oid(_children(digest_alg.body)[0])
        sig_oid = _oid(_children(sig_alg.body)[0])
        if sid.tag != 0x30:
            raise ValueError("the signer is named by key identifier, not issuer and serial number")
        issuer, serial_tlv = _children(sid.body)
        serial = _int(serial_tlv)
        attrs: dict[str, list[_Tlv]] = {}
        for attr in _children(signed_attrs.body):
            attr_type, values = _children(attr.body)
            attrs[_oid(attr_type)] = _children(values.body)
        content_types = attrs.get(_OID_CONTENT_TYPE, [])
        digests = attrs.get(_OID_MESSAGE_DIGEST, [])
        if len(content_types) != 1 or _oid(content_types[0]) != _OID_DATA or len(digests) != 1:
            raise ValueError("the signed attributes are incomplete")
        if digests[0].tag != 0x04:
            raise ValueError("the message digest is not an OCTET STRING")
    except (ValueError, IndexError) as exc:
        raise SignatureProblem("signature_unreadable", f"The signature file is malformed ({exc}).") from exc
    try:  # only once our own reading found strict DER: cryptography would fall back to BER
        carried = pkcs7.load_der_pkcs7_certificates(p7s)
    except ValueError as exc:
        raise SignatureProblem("signature_unreadable", "The signature file is not a readable CMS signature.") from exc

    expected_der = expected_signer.public_bytes(serialization.Encoding.DER)
    if [c.public_bytes(serialization.Encoding.DER) for c in carried] != [expected_der]:
        raise SignatureProblem(
            "signer_mismatch", "The signature does not carry the certificate in signer.pem: someone else signed it."
        )
    key = expected_signer.public_key()
    _pin_unsigned_fields(fields, signer, key, expected_der)
    names_signer = issuer.raw == expected_signer.issuer.public_bytes() and serial == expected_signer.serial_number
    if not names_signer:
        raise SignatureProblem(
            "signer_mismatch", "The signature was made by a certificate other than the one in signer.pem."
        )
    if digest_oid not in _DIGESTS:
        raise SignatureProblem(
            "signature_algorithm", f"The signature uses a digest this app does not accept ({digest_oid})."
        )
    digest_name, digest_algo = _DIGESTS[digest_oid]
    if digests[0].body != hashlib.new(digest_name, content).digest():
        raise SignatureProblem("manifest_changed", "manifest.json has changed since it was signed.")
    # RFC 5652 §5.4: the signature covers the attributes' DER with the SET tag, not the [0] tag.
    to_verify = b"\x31" + signed_attrs.raw[1:]
    try:
        if isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature.body, to_verify, ec.ECDSA(digest_algo))
        elif isinstance(key, rsa.RSAPublicKey):
            if sig_oid == "1.2.840.113549.1.1.10":
                raise SignatureProblem("signature_algorithm", "RSA-PSS signatures are not supported.")
            key.verify(signature.body, to_verify, padding.PKCS1v15(), digest_algo)
        else:
            raise SignatureProblem("signature_algorithm", "The signer's key is neither EC nor RSA.")
    except InvalidSignature as exc:
        raise SignatureProblem(
            "bad_signature",
            "The signature does not verify with the key in signer.pem: the packet was altered, "
            "or signed by another key.",
        ) from exc
