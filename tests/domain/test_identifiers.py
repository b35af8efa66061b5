"""NHS number, UPN and postcode validation."""

import pytest

from safeguard_desktop.domain.errors import DomainError, InvalidIdentifier
from safeguard_desktop.domain.identifiers import (
    format_nhs_number,
    normalise_nhs_number,
    normalise_postcode,
    normalise_upn,
    upn_check_letter,
)


@pytest.mark.parametrize("text", ["9434765919", "943 476 5919", "943-476-5919", " 943 4765919 "])
def test_nhs_number_accepts_spaces_and_hyphens(text: str) -> None:
    assert normalise_nhs_number(text) == "9434765919"


def test_nhs_number_check_digit_eleven_means_zero() -> None:
    # 1*10 + 6*2 = 22, a multiple of 11: 11 - 0 = 11, which stands for a check digit of 0.
    assert normalise_nhs_number("1000000060") == "1000000060"
    with pytest.raises(InvalidIdentifier):
        normalise_nhs_number("1000000061")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("943476591", "this one has 9"),
        ("94347659190", "this one has 11"),
        ("943476591X", "only digits"),
        ("9434765918", "check digit is wrong"),
        ("", "Please enter"),
    ],
)
def test_nhs_number_rejects_with_reason(text: str, fragment: str) -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        normalise_nhs_number(text)
    assert fragment in caught.value.message
    assert isinstance(caught.value, DomainError)
    assert isinstance(caught.value, ValueError)


def test_nhs_number_check_value_ten_is_invalid() -> None:
    # 1*10 + 1*2 = 12; 11 - 12 % 11 = 10, so no final digit can make this number valid.
    for last in "0123456789":
        with pytest.raises(InvalidIdentifier):
            normalise_nhs_number("100000001" + last)


def test_format_nhs_number_is_3_3_4() -> None:
    assert format_nhs_number("9434765919") == "943 476 5919"
    with pytest.raises(InvalidIdentifier):
        format_nhs_number("1234567890")


def test_upn_check_letter_worked_examples() -> None:
    # Worked by hand: 8*2 + 1*4 + 2*5 + 5*10 + 1*13 = 93; 93 mod 23 = 1 -> B.
    assert upn_check_letter("801200005001") == "B"
    # 2*2 + 7*4 + 1*9 + 6*10 + 4*12 + 9*13 = 266; 266 mod 23 = 13 -> P (I and O skipped).
    assert upn_check_letter("207000016049") == "P"
    # Temporary UPN: final A counts as 0, so the sum is 16 + 4 + 10 + 50 = 80 -> 11 -> M.
    assert upn_check_letter("80120000500A") == "M"


@pytest.mark.parametrize("text", ["B801200005001", "b801 2000 05001", "P207000016049"])
def test_upn_valid(text: str) -> None:
    assert normalise_upn(text) == text.replace(" ", "").upper()


def test_temporary_upn_valid_and_upper_cased() -> None:
    assert normalise_upn("m80120000500a") == "M80120000500A"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("A801200005001", "check letter"),
        ("B80120000500", "this one has 12"),
        ("1801200005001", "starts with a check letter"),
        ("I801200005001", "starts with a check letter"),
        ("B8012000X5001", "Characters 2 to 12"),
        ("B80120000500I", "ends with a digit"),
        ("", "Please enter"),
    ],
)
def test_upn_rejects_with_reason(text: str, fragment: str) -> None:
    with pytest.raises(InvalidIdentifier) as caught:
        normalise_upn(text)
    assert fragment in caught.value.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ox1 1aa", "OX1 1AA"),
        ("OX11AA", "OX1 1AA"),
        ("sw1a2aa", "SW1A 2AA"),
        ("M1 1AE", "M1 1AE"),
        ("B33 8TH", "B33 8TH"),
        ("W1A 0AX", "W1A 0AX"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("gir 0aa", "GIR 0AA"),
    ],
)
def test_postcode_valid(text: str, expected: str) -> None:
    assert normalise_postcode(text) == expected


@pytest.mark.parametrize("text", ["", "OX1", "12345", "OX1 1CA", "OXX1 1AA", "1X1 1AA", "OX1 AAA"])
def test_postcode_invalid(text: str) -> None:
    with pytest.raises(InvalidIdentifier):
        normalise_postcode(text)
