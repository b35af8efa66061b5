"""Attachment metadata and passphrase strength."""

import hashlib
from uuid import uuid4

import pydantic
import pytest

from safeguard_desktop.domain.attachment import (
    MAX_ATTACHMENT_BYTES,
    AttachmentMeta,
    check_attachment_size,
)
from safeguard_desktop.domain.errors import DomainError, first_error_message
from safeguard_desktop.domain.passphrase import passphrase_problems

DIGEST = hashlib.sha256(b"made-up letter").hexdigest()


def test_attachment_valid() -> None:
    child_id = uuid4()
    meta = AttachmentMeta(
        filename="letter.pdf",
        media_type="application/PDF",
        size=1024,
        sha256=DIGEST.upper(),
        child_id=child_id,
        description="Letter from the GP",
    )
    assert meta.sha256 == DIGEST
    assert meta.media_type == "application/pdf"
    assert meta.linked_child_ids() == {child_id}
    assert meta.title() == "letter.pdf"


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"sha256": "abc"}, "File fingerprint"),
        ({"filename": "../secret.txt"}, "folder"),
        ({"filename": ""}, "needs a name"),
        ({"media_type": "pdf"}, "File type"),
        ({"size": MAX_ATTACHMENT_BYTES + 1}, "over the 25 MB limit"),
        ({"size": -1}, "negative"),
    ],
)
def test_attachment_invalid(overrides: dict[str, object], fragment: str) -> None:
    fields: dict[str, object] = {"filename": "photo.jpg", "size": 10, "sha256": DIGEST}
    fields.update(overrides)
    with pytest.raises(pydantic.ValidationError) as caught:
        AttachmentMeta.model_validate(fields)
    assert fragment in first_error_message(caught.value)


def test_check_attachment_size_message() -> None:
    check_attachment_size(MAX_ATTACHMENT_BYTES)
    with pytest.raises(DomainError) as caught:
        check_attachment_size(30 * 1024 * 1024 + 200 * 1024)
    assert caught.value.message.startswith("This file is 30.2 MB, which is over the 25 MB limit")
    with pytest.raises(DomainError) as caught:
        check_attachment_size(3 * 1024 * 1024, limit=2 * 1024 * 1024)
    assert "3.0 MB" in caught.value.message and "2 MB" in caught.value.message


@pytest.mark.parametrize(
    "phrase",
    ["tulip orbit kettle raven", "correct-horse-battery", "Blue7 lantern sings", "x" * 20],
)
def test_acceptable_passphrases(phrase: str) -> None:
    assert passphrase_problems(phrase, context=["Morwenna Quillfeather", "Larkspur School"]) == []


def test_short_passphrase() -> None:
    problems = passphrase_problems("Ab1!xyz")
    assert len(problems) == 1 and "shorter than 12" in problems[0]
    assert passphrase_problems("")[0].startswith("It is shorter than 12")


def test_one_character_class_under_sixteen() -> None:
    assert any("one kind of character" in p for p in passphrase_problems("abcdefghijklmn"))
    assert any("one kind of character" in p for p in passphrase_problems("8302917465019"))
    assert passphrase_problems("abcdefghijklmnop") == []


@pytest.mark.parametrize("phrase", ["safeguarding", "Safeguarding2024!", "password1234", "123456789012", "qwertyuiop"])
def test_common_passwords(phrase: str) -> None:
    assert any("guess first" in p for p in passphrase_problems(phrase))


def test_context_words_case_insensitive() -> None:
    problems = passphrase_problems(
        "quillfeather rocks 99", context=["Morwenna Quillfeather", "Larkspur Primary School"]
    )
    assert any("“quillfeather”" in p for p in problems)
    problems = passphrase_problems("LARKSPUR garden gate", context=["Larkspur Primary School"])
    assert any("larkspur" in p for p in problems)
    # Short or generic organisation words do not count.
    assert passphrase_problems("school of tulips orbit", context=["Larkspur School of Arts"]) == []
