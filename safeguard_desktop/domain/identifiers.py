"""UK identifiers: NHS number, Unique Pupil Number (UPN) and postcode."""

from __future__ import annotations

import re

from safeguard_desktop.domain.errors import InvalidIdentifier

__all__ = [
    "UPN_ALPHABET",
    "format_nhs_number",
    "normalise_nhs_number",
    "normalise_postcode",
    "normalise_upn",
    "upn_check_letter",
]

_NHS_SEPARATORS = re.compile(r"[\s\-]+")


def normalise_nhs_number(text: str) -> str:
    """Return the NHS number in ``text`` as 10 digits, or raise InvalidIdentifier.

    Spaces and hyphens are accepted because numbers are copied from letters and
    systems that group the digits differently.
    """
    digits = _NHS_SEPARATORS.sub("", text)
    if not digits:
        raise InvalidIdentifier("Please enter the NHS number: it has 10 digits.")
    if not (digits.isascii() and digits.isdigit()):
        raise InvalidIdentifier("An NHS number can contain only digits, spaces and hyphens; please check the number.")
    if len(digits) != 10:
        raise InvalidIdentifier(
            f"An NHS number has 10 digits, but this one has {len(digits)}; please check the number."
        )
    total = sum(int(ch) * weight for ch, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    # A result of 10 means no number with these first nine digits was ever issued.
    if check == 10 or check != int(digits[9]):
        raise InvalidIdentifier("The check digit is wrong; please check the number.")
    return digits


def format_nhs_number(digits: str) -> str:
    """Return a valid NHS number spaced the way the NHS prints it: ``943 476 5919``."""
    clean = normalise_nhs_number(digits)
    return f"{clean[:3]} {clean[3:6]} {clean[6:]}"


# DfE's 23-letter table: I, O and S are left out because they look like 1, 0 and 5.
UPN_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn_check_letter(body: str) -> str:
    """Return the DfE check letter for the 12 characters that follow it in a UPN.

    Characters 2 to 13 are weighted 2 to 13; a temporary UPN's final letter counts as
    its place in the 23-letter table; the sum modulo 23 picks the letter.
    """
    if len(body) != 12:
        raise InvalidIdentifier("A UPN has 13 characters; please check the number.")
    total = 0
    for weight, ch in enumerate(body, start=2):
        value = UPN_ALPHABET.index(ch) if ch in UPN_ALPHABET else int(ch)
        total += weight * value
    return UPN_ALPHABET[total % 23]


def normalise_upn(text: str) -> str:
    """Return the UPN in ``text`` upper-cased and without spaces, or raise InvalidIdentifier."""
    upn = re.sub(r"\s+", "", text).upper()
    if not upn:
        raise InvalidIdentifier("Please enter the UPN: it has 13 characters.")
    if len(upn) != 13:
        raise InvalidIdentifier(f"A UPN has 13 characters, but this one has {len(upn)}; please check the number.")
    if upn[0] not in UPN_ALPHABET:
        raise InvalidIdentifier("A UPN starts with a check letter (never I, O or S); please check the number.")
    if not (upn[1:12].isascii() and upn[1:12].isdigit()):
        raise InvalidIdentifier("Characters 2 to 12 of a UPN are all digits; please check the number.")
    last = upn[12]
    if not (last.isascii() and last.isdigit()) and last not in UPN_ALPHABET:
        raise InvalidIdentifier(
            "A UPN ends with a digit, or with a letter other than I, O or S for a temporary "
            "UPN; please check the number."
        )
    if upn_check_letter(upn[1:]) != upn[0]:
        raise InvalidIdentifier(
            "The check letter (the first character) does not match the rest of the UPN; please check the number."
        )
    return upn


# Outward code: A9, A99, A9A, AA9, AA99 or AA9A. Inward code: digit and two letters,
# never C, I, K, M, O or V (Royal Mail leaves those out of the inward code).
_OUTWARD = re.compile(r"[A-Z]{1,2}[0-9][0-9A-Z]?")
_INWARD = re.compile(r"[0-9][ABD-HJLNP-UW-Z]{2}")


def normalise_postcode(text: str) -> str:
    """Return a UK postcode as outward code, one space, inward code (``OX1 1AA``).

    Raises InvalidIdentifier when the text is not in a UK postcode format. Whether the
    postcode is actually in use is not checked: that needs Royal Mail's data.
    """
    compact = re.sub(r"\s+", "", text).upper()
    if not compact:
        raise InvalidIdentifier("Please enter the postcode.")
    if compact == "GIR0AA":
        # Girobank's historic postcode breaks the pattern but is still valid.
        return "GIR 0AA"
    outward, inward = compact[:-3], compact[-3:]
    if not (_OUTWARD.fullmatch(outward) and _INWARD.fullmatch(inward)):
        raise InvalidIdentifier("This is not a UK postcode; it should look like OX1 1AA or SW1A 2AA.")
    return f"{outward} {inward}"
