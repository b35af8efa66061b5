"""Plain-English reasons why a passphrase is too weak to protect safeguarding records."""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["COMMON_PASSWORDS", "MIN_LENGTH", "passphrase_problems"]

MIN_LENGTH = 12
# Below this length a single kind of character (all letters, all digits) is guessable.
MIN_LENGTH_ONE_CLASS = 16
# Context words shorter than this match inside too many innocent passphrases.
MIN_CONTEXT_WORD = 3

# A short list on purpose: it catches the first guesses an attacker tries, including the
# words anybody would guess for this app, without shipping a large breach corpus.
COMMON_PASSWORDS: frozenset[str] = frozenset(
    {
        "password",
        "passw0rd",
        "password1",
        "password123",
        "123456",
        "1234567",
        "12345678",
        "123456789",
        "1234567890",
        "123456789012",
        "111111",
        "000000",
        "qwerty",
        "qwertyuiop",
        "qwerty123",
        "asdfghjkl",
        "zxcvbnm",
        "abc123",
        "letmein",
        "welcome",
        "welcome1",
        "iloveyou",
        "monkey",
        "dragon",
        "football",
        "sunshine",
        "princess",
        "shadow",
        "superman",
        "trustno1",
        "master",
        "baseball",
        "starwars",
        "liverpool",
        "chelsea",
        "arsenal",
        "changeme",
        "secret",
        "admin",
        "administrator",
        "login",
        "default",
        "safeguarding",
        "safeguard",
        "childprotection",
        "healthvisitor",
        "school",
        "teacher",
        "nurse",
        "nhs",
        "england",
        "london",
        "summer",
        "winter",
        "spring",
        "autumn",
        "pa55word",
        "mypassword",
        "passphrase",
    }
)

_STOPWORDS = frozenset({"the", "and", "for", "of", "nhs", "trust", "school", "council"})


def _character_classes(text: str) -> int:
    classes = [
        any(c.islower() for c in text),
        any(c.isupper() for c in text),
        any(c.isdigit() for c in text),
        any(not c.isalnum() for c in text),
    ]
    return sum(classes)


def _is_common(passphrase: str) -> bool:
    lowered = passphrase.lower()
    # "Password123!" and "safe guarding 2024" are the same guess as the bare word.
    core = re.sub(r"[\W_]+", "", lowered)
    without_suffix = re.sub(r"[\d\W_]+$", "", lowered)
    without_suffix = re.sub(r"[\W_]+", "", without_suffix)
    return bool({lowered, core, without_suffix} & COMMON_PASSWORDS)


def _context_words(context: Iterable[str]) -> set[str]:
    words: set[str] = set()
    for item in context:
        for word in re.split(r"[\W_]+", item.lower()):
            if len(word) >= MIN_CONTEXT_WORD and word not in _STOPWORDS:
                words.add(word)
    return words


def passphrase_problems(passphrase: str, *, context: Iterable[str] = ()) -> list[str]:
    """Return the reasons ``passphrase`` is too weak; an empty list means it is acceptable.

    ``context`` holds words an attacker would try first, such as the practitioner's
    name and organisation; a passphrase containing any of them is refused.
    """
    problems: list[str] = []
    if len(passphrase) < MIN_LENGTH:
        problems.append(f"It is shorter than {MIN_LENGTH} characters; four or more random words work well.")
    elif len(passphrase) < MIN_LENGTH_ONE_CLASS and _character_classes(passphrase) <= 1:
        problems.append(
            f"It uses only one kind of character; make it at least {MIN_LENGTH_ONE_CLASS} "
            "characters long or mix letters, digits and spaces."
        )
    if passphrase and _is_common(passphrase):
        problems.append("It is one of the passwords that people guess first.")
    lowered = passphrase.lower()
    found = sorted(word for word in _context_words(context) if word in lowered)
    if found:
        problems.append(
            "It contains your name or organisation (“" + "”, “".join(found) + "”), "
            "which someone who knows you would try."
        )
    return problems
