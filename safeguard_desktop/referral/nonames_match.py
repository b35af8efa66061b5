"""The patterns behind the no-names check: shapes of identifiers, and a record's own numbers, dates and places.

Free text is typed by hand, so a number may be grouped any way ("401 0232 137", "401/023/2137",
one digit a line), a date written in many forms ("1st May 2019", "01.05.19", "01052019",
"May '19") and a name typed without its accents. Matching is done on a folded copy of the
text (`fold`) that has exactly the same length, so what is found can be replaced in the text
as typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date

from safeguard_desktop.domain.ukdates import MONTH_NAMES

__all__ = [
    "DOB",
    "PATTERNS",
    "date_patterns",
    "distinctive_words",
    "fold",
    "number_pattern",
    "phone_pattern",
    "sub",
    "tidy",
]

DOB = "[date of birth removed]"

# Between the digits of a number typed by hand: spaces, line breaks, dots, slashes, dashes.
_GAP = r"[\W_]{0,3}"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAY_DATE = (
    r"\d{1,2}(?:st|nd|rd|th)?(?:\s*[/.\-\\]\s*|\s+(?:of\s+)?)(?:\d{1,2}|" + _MONTH + r")"
    r"(?:(?:\s*[/.\-\\,]\s*|\s+)['’]?\d{2,4})?"
)
_ANY_DATE = (
    rf"(?:{_DAY_DATE}|\d{{6,8}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+['’]?\d{{2,4}})?"
    rf"|{_MONTH},?\s+['’]?\d{{2,4}}|\d{{4}}\s*[/.\-]\s*\d{{1,2}}\s*[/.\-]\s*\d{{1,2}})"
)

# Shapes of identifiers, whoever they belong to. Deliberately broad: a reference number
# blanked by mistake costs little; an NHS number let through cannot be taken back.
PATTERNS: list[tuple[str, re.Pattern[str], str]] = [
    ("email address", re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+"), "[email removed]"),
    # Written out to get past a filter: "tamsin.e (at) example (dot) com".
    (
        "email address",
        re.compile(
            r"[\w.+'-]+\s*[\[(]?\s*\bat\b\s*[\])]?\s*[\w-]+(?:\s*(?:[\[(]\s*dot\s*[\])]|\bdot\b)\s*[\w-]+)+",
            re.IGNORECASE,
        ),
        "[email removed]",
    ),
    (
        "postcode",
        re.compile(r"(?<![\w])(?:GIR\s*0AA|[A-Z]{1,2}\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2})(?![\w])", re.IGNORECASE),
        "[postcode removed]",
    ),
    (
        "UPN",
        re.compile(r"(?<![\w])[A-Z](?:[ \t-]?\d){11}[ \t-]?[0-9A-Z](?![\w])", re.IGNORECASE),
        "[UPN removed]",
    ),
    (
        "phone number",
        re.compile(r"(?<![\w+])(?:\+\s?44\s?(?:\(0\)\s?)?|\(?0)[\s().-]?\d(?:[\s().-]{0,2}\d){7,11}(?![\w])"),
        "[phone number removed]",
    ),
    # Ten digits in groups of three or more, split by single spaces or hyphens ("401 0232 137",
    # "4010232 137"); groups of two are left alone, as dates and times ("2026-11-24 09") have them.
    (
        "NHS number",
        re.compile(r"(?<![\w])(?=(?:\d[ \t-]?){9}\d(?!\d))\d{3,}(?:[ \t-]\d{3,})*(?![\w]|[ \t-]?\d)"),
        "[NHS number removed]",
    ),
    # A number after a label that says what it is ("NHS number is 401 0232 137", "UPN: K9312 …",
    # or "NHS 401 023 …" where a summary was shortened): a fragment of an identifier is still one.
    (
        "part of an identifying number",
        re.compile(
            r"\b(?:NHS|UPN|tel|telephone|phone|mob|mobile)\b(?:\s*(?:number|num|no)\b\.?)?"
            r"(?:\s*(?:is|was|:|#|-))*\s*(?:[A-Z][\W_]{0,2})?\d(?:" + _GAP + r"\d)*",
            re.IGNORECASE,
        ),
        "[number removed]",
    ),
    # Anyone's date of birth, said to be one ("born on 3 June", "DOB 030618"), known or not.
    (
        "date of birth",
        re.compile(
            r"(?P<label>\b(?:born|birthday|DOB|D\.O\.B\.?|date\s+of\s+birth)\b(?:\s*(?:on|in|is|was|:|-))*\s*)"
            + _ANY_DATE
            + r"(?!\w)",
            re.IGNORECASE,
        ),
        r"\g<label>" + DOB,
    ),
]

# Words of a school, GP surgery or organisation's name that say what kind of place it is, not
# which: "Larkspur Community School" is identified by "Larkspur", never by "School".
_GENERIC = set(
    """
    school schools primary secondary infant infants junior juniors nursery nurseries preschool pre playgroup
    academy academies college sixth form high grammar upper lower middle first community church ce cofe rc
    catholic methodist baptist voluntary aided controlled foundation trust federation learning centre center
    centres children childrens child family families day surgery surgeries practice medical health healthcare
    group clinic hospital nhs gp gps doctors doctor dr partnership partners services service team council
    county city borough district local authority university saint st the of and at in on for by with new old
    north south east west great little park road street lane house hall green village town care support early
    years special needs unit base club kids student students pupil pupils education educational integrated
    leisure sports sport international independent free studio technical technology arts science mental
    oxfordshire oxon england uk limited ltd llp plc cic charity society association office
    department dept social police ward mash lcss
    """.split()
)


# Everyday words often found in a place's name ("Cherry Tree Primary"): such a name is looked for
# as its phrase ("Cherry Tree"), not word by word, so "she climbed a tree" is not an identifier.
_EVERYDAY = set(
    """
    tree trees oak oaks cherry apple orchard meadow meadows field fields brook river wood woods woodland bridge
    castle cross well wells rose roses garden gardens grove willow willows elm elms ash beech birch pine cedar
    holly ivy lark robin rainbow sunshine star stars moon sun big bright happy busy bee bees butterfly butterflies
    little small grand kings queens king queen bishop abbey mill marsh moor heath common lake pond spring springs
    valley vale hill view hope faith grace peace bay fort gate gates court manor farm barn bank hills dale end side
    red blue green white black gold golden silver
    """.split()
)


def distinctive_words(name: str) -> list[str]:
    """What identifies a place by name: its distinctive phrase and unusual words ("Larkspur" of
    "Larkspur Community School", "Cherry Tree" of "Cherry Tree Primary"), generic words left out.
    """
    found: list[str] = []
    run: list[str] = []
    for raw in [*re.split(r"[^\w'’]+", name), ""]:
        word = raw.strip("'’")
        plain = re.sub(r"['’]s$", "", word)
        if len(plain) >= 3 and not plain.isdigit() and plain.casefold() not in _GENERIC:
            run.append(word)
            continue
        if len(run) > 1:
            found.append(" ".join(run))
        for one in run:
            bare = re.sub(r"['’]s$", "", one)
            if len(run) == 1 or bare.casefold() not in _EVERYDAY:
                found += [w for w in dict.fromkeys((one, bare)) if w not in found]
        run = []
    return found


def tidy(text: str) -> str:
    """The text in composed Unicode, without invisible format characters (zero-width spaces, soft hyphens)."""
    text = unicodedata.normalize("NFC", text)
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def fold(text: str) -> str:
    """The text with accents taken off each letter, character for character ("Zoë" gives "Zoe")."""
    return "".join(unicodedata.normalize("NFD", c)[0] for c in text)


def sub(pattern: re.Pattern[str], text: str, replace: Callable[[re.Match[str]], str]) -> str:
    """Replace each match of `pattern` in the folded text, in the text as typed."""
    out: list[str] = []
    at = 0
    for m in pattern.finditer(fold(text)):
        out += [text[at : m.start()], replace(m)]
        at = m.end()
    return "".join(out) + text[at:]


def number_pattern(value: str) -> str | None:
    """A record's own number (NHS number, UPN) matched character by character, whatever separates them."""
    chars = re.sub(r"[\W_]", "", value)
    if len(chars) < 6:
        return None
    return r"(?<![\dA-Za-z])" + _GAP.join(re.escape(c) for c in chars) + r"(?!\d)"


def phone_pattern(value: str) -> str | None:
    """A known phone number as typed: any grouping, and in the +44 form when it starts with 0."""
    digits = re.sub(r"\D", "", value)
    if len(digits) < 6:
        return None
    if digits.startswith("44") and value.lstrip().startswith("+"):
        digits = "0" + digits[2:]
    rest = _GAP.join(digits[1:]) if digits.startswith("0") else None
    body = _GAP.join(digits)
    if rest is not None:
        body = rf"(?:(?:\+|00)\s*44\s*(?:\(0\)\s*)?{rest}|{body})"
    return r"(?<![\d+])" + body + r"(?!\d)"


def date_patterns(day: date) -> list[str]:
    """The ways a known date of birth may be written: numeric with any separator, compact, in words, month and year."""
    d, m, y = day.day, day.month, day.year
    yy = f"{y % 100:02d}"
    sep = r"(?:\s*[/.\-\\]\s*|\s+)"
    year = rf"(?:{y}|['’]?{yy})"
    month = MONTH_NAMES[m - 1]
    names = f"(?:{month}|{month[:3]}\\.?" + (r"|sept\.?" if m == 9 else "") + ")"
    nth = r"(?:st|nd|rd|th)?"
    return [
        rf"0?{d}{sep}0?{m}{sep}{year}",
        rf"{y}{sep}0?{m}{sep}0?{d}",
        rf"{d:02d}{m:02d}(?:{y}|{yy})",
        rf"{y}{m:02d}{d:02d}",
        rf"0?{d}{nth}(?:\s+|\s*[/.\-]\s*)(?:of\s+)?{names}(?:,?\s+|\s*[/.\-]\s*){year}",
        rf"{names}\s+0?{d}{nth},?\s+{year}",
        # The month and year alone narrow a child down almost as far ("born in May 2019").
        rf"{names},?\s+(?:{y}|['’]{yy})",
    ]
