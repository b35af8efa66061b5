"""A no-names consultation with LCSS: the referral with every identifier taken out, and the check.

A no-names consultation identifies nobody: no name, date of birth, address, postcode, NHS
number, UPN, phone number, email address, school or GP. People become roles ("Child A (age 7)",
"Mother"), dates of birth become ages, and free text the practitioner typed is scrubbed of
every name, alias, address line and number the document knows, and of anything shaped like
a postcode, NHS number, UPN, phone number or email address. `identifiers_found` is the gate:
a summary is copied or exported only when it finds nothing, and `no_names_summary` refuses
to return a text it would not pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from uuid import UUID

from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.domain.ukdates import format_date, to_uk
from safeguard_desktop.pdf.referral import age_text, yes_no
from safeguard_desktop.referral.nonames_match import (
    DOB,
    PATTERNS,
    date_patterns,
    distinctive_words,
    fold,
    number_pattern,
    phone_pattern,
    sub,
    tidy,
)
from safeguard_desktop.referral.snapshot_model import AddressDoc, ReferralDocument

__all__ = ["identifiers_found", "no_names_summary"]

NAME_GONE = "[name removed]"
FAMILY_NAME = "[family name]"
ADDRESS = "[address removed]"
PLACE = "[organisation removed]"
STAFF = "[staff name removed]"
_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev", "sir", "dame", "master"}


def _words(value: str) -> list[str]:
    """The words of a name as they may be typed alone: "<b>O'Brien" gives "O'Brien", "O’Brien" and "Brien"."""
    found: list[str] = []
    for part in [*re.split(r"[^\w'’]+", value), *re.split(r"\W+", value)]:
        part = part.strip("'’")
        # Typed without the apostrophe too: "OBrien".
        for word in (part, part.replace("’", "'"), part.replace("'", "’"), re.sub("['’]", "", part)):
            if len(word) >= 2 and word.casefold() not in _TITLES and word not in found:
                found.append(word)
    return found


def _literal(value: str) -> str:
    # Any run of spaces or a line break may separate the words of a name typed in free text.
    return r"\s+".join(re.escape(part) for part in value.split())


class _Known:
    """Every identifier the document holds, with what replaces it in a no-names summary."""

    def __init__(self, doc: ReferralDocument) -> None:
        self.roles: dict[UUID, str] = {}
        self._swap: dict[str, str] = {}
        self._typed: set[str] = set()
        self._kinds: dict[str, str] = {}
        self._numbers: list[tuple[str, str, str]] = []  # (kind, pattern, replacement)
        on = to_uk(doc.created).date()
        letters = iter("ABCDEFGHJKLMNPQRSTUVWXYZ")
        births: list[date] = []
        for child in doc.children:
            role = f"Child {next(letters)}"
            self.roles[child.child_id] = role
            self._names(role, [child.name, *child.other_names], [child.given_names], [child.family_name])
            births += [d for d in (child.date_of_birth, child.expected_delivery) if d is not None]
            self._address(child.address)
            self._place("school or GP", child.school_or_setting, child.gp)
            self._number("NHS number", child.nhs_number, "[NHS number removed]")
            self._number("UPN", child.upn, "[UPN removed]")
        seen: dict[str, int] = {}
        for number, adult in enumerate(doc.adults, 1):
            label = adult.relationships[0].relationship if adult.relationships else f"Adult {number}"
            seen[label] = seen.get(label, 0) + 1
            role = label if seen[label] == 1 else f"{label} {seen[label]}"
            self.roles[adult.adult_id] = role
            self._names(role, [adult.name, *adult.aliases], [adult.given_names], [adult.family_name])
            births += [adult.date_of_birth] if adult.date_of_birth else []
            for address in (adult.current_address, *adult.previous_addresses):
                self._address(address)
            self._phone("phone number", adult.phone)
        for pro in doc.professionals:
            self._names(pro.role or "another professional", [pro.name], _words(pro.name), [])
            self._place("organisation", pro.organisation)
            self._add("[email removed]", "email address", pro.email)
            self._phone("phone number", pro.phone)
        staff = [doc.referrer.name, *(row.recorded_by for row in doc.chronology)]
        self._names(STAFF, staff, [w for s in staff for w in _words(s)], [])
        self._place("organisation", doc.referrer.organisation)
        self._phone("contact", doc.referrer.contact)
        self.births = sorted(set(births))
        self.on = on
        # Both the typed and the case-folded form, since folding can change letters (ß to ss).
        literals = sorted({*self._swap, *self._typed}, key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(_literal(k) for k in literals) + r")(?!\w)", re.IGNORECASE)
            if literals
            else None
        )
        dates = [p for d in self.births for p in date_patterns(d)]
        self._dates = re.compile(r"(?<![\w])(?:" + "|".join(dates) + r")(?![\w])", re.IGNORECASE) if dates else None
        self._known_numbers = [(k, re.compile(p, re.IGNORECASE), r) for k, p, r in self._numbers]

    def _put(self, value: str, replacement: str, kind: str) -> None:
        # Matched against the folded text, so kept folded: "Zoë" in the record finds "Zoe" typed.
        key = fold(tidy(" ".join(value.split())))
        if len(key) < 2:
            return
        folded = key.casefold()
        self._typed.add(key)
        previous = self._swap.get(folded)
        # A word two people share (a family name, a common given name) stays ambiguous: no role.
        self._swap[folded] = replacement if previous in (None, replacement) else NAME_GONE
        self._kinds[folded] = kind

    def _names(self, role: str, full: Iterable[str], given: Iterable[str], family: Iterable[str]) -> None:
        for name in full:
            self._put(name, role, "name")
            for word in _words(name):
                self._put(word, role, "name")
        for name in given:
            for word in _words(name):
                self._put(word, role, "name")
        for name in family:
            for word in _words(name):
                self._put(word, FAMILY_NAME, "name")

    def _address(self, address: AddressDoc | None) -> None:
        if address is None:
            return
        for line in address.lines:
            self._put(line, ADDRESS, "address")
            # "14 Larch Close" is also written "Larch Close" in notes.
            # "Flat 3, 22 Mill Lane" is also written "22 Mill Lane" and "Mill Lane".
            street = line
            while True:
                shorter = re.sub(r"^(?:flat|apartment)?\s*[\d/a-z]*\d[\w/]*,?\s+", "", street, flags=re.IGNORECASE)
                if shorter == street:
                    break
                street = shorter
                self._put(street, ADDRESS, "address")
        self._add(ADDRESS, "address", address.town, address.postcode or "")
        if address.postcode:
            self._put(address.postcode.replace(" ", ""), "[postcode removed]", "postcode")

    def _place(self, kind: str, *names: str) -> None:
        # "She attends Larkspur": a school, GP or organisation is named by its distinctive words.
        for name in names:
            self._add(PLACE, kind, name, *distinctive_words(name))

    def _number(self, kind: str, value: str | None, replacement: str) -> None:
        # The record's own number, however it is grouped or split across lines.
        pattern = number_pattern(value or "")
        if pattern is not None:
            self._numbers.append((kind, pattern, replacement))

    def _phone(self, kind: str, value: str) -> None:
        pattern = phone_pattern(value) if "@" not in value else None
        if pattern is not None:
            self._numbers.append((kind, pattern, "[phone number removed]"))
        else:
            self._add("[email removed]" if "@" in value else "[phone number removed]", kind, value)

    def _add(self, replacement: str, kind: str, *values: str) -> None:
        for value in values:
            if value.strip():
                self._put(value, replacement, kind)

    def _all(self) -> list[tuple[str, re.Pattern[str], str]]:
        # Known numbers first, so that one grouped oddly goes whole, not in pieces; the shapes run
        # again after names are replaced ("Posy's NHS" then a number).
        dates = [("date of birth", self._dates, DOB)] if self._dates is not None else []
        names = [("name", self._pattern, "")] if self._pattern is not None else []
        return [*self._known_numbers, *PATTERNS, *dates, *names, *PATTERNS]

    def _name_swap(self, m: re.Match[str]) -> str:
        return self._swap.get(" ".join(m.group(0).split()).casefold(), NAME_GONE)

    def scrub(self, value: str) -> str:
        """The text with every known identifier and every identifier-shaped string replaced."""
        value = tidy(value)
        for _, pattern, replacement in self._all():
            if pattern is self._pattern:
                value = sub(pattern, value, self._name_swap)
            else:
                value = sub(pattern, value, lambda m, r=replacement: m.expand(r))  # type: ignore[misc]
        return value

    def found(self, text: str) -> list[str]:
        """What identifiers the text contains, as "kind: text", in order of first appearance."""
        text = tidy(text)
        folded = fold(text)
        hits: list[tuple[int, int, str, str]] = []
        for kind, pattern, _ in self._all()[: -len(PATTERNS)]:
            for m in pattern.finditer(folded):
                what = " ".join(text[m.start() : m.end()].split())
                if pattern is self._pattern:
                    kind = self._kinds.get(" ".join(m.group(0).split()).casefold(), "name")
                hits.append((m.start(), m.end(), kind, what))
        kept: list[tuple[int, int, str, str]] = []
        # One thing found once: a match inside a longer one of the same kind ("07700) 900 123" in
        # "(07700) 900 123") is the same thing; one of another kind says what it is ("postcode").
        for start, end, kind, what in sorted(hits, key=lambda h: (h[0], -h[1])):
            if not any(s <= start and end <= e and k == kind for s, e, k, _ in kept):
                kept.append((start, end, kind, what))
        unique: list[str] = []
        for *_, kind, what in kept:
            if f"{kind}: {what}" not in unique:
                unique.append(f"{kind}: {what}")
        return unique


def identifiers_found(text: str, document: ReferralDocument) -> list[str]:
    """Every identifier in `text` ("kind: what"): the document's names, aliases, dates of birth,
    addresses, schools, GPs and contacts, and anything shaped like a postcode, NHS number (with or
    without spaces), UPN, phone number or email address. An empty list means the text may be shared.
    """
    return _Known(document).found(text)


def _whole_words(summary: str) -> str:
    """A shortened summary without its cut-off last word, which could be part of a name or number."""
    if not summary.endswith("…"):
        return summary
    body = summary[:-1]
    # Keep whole sentences only: the cut may fall inside a name or a number ("NHS 401 023…"),
    # and a fragment is still an identifier.
    end = body.rfind(". ")
    if end >= 0:
        return body[: end + 1] + " …"
    return re.sub(r"[\s\d+()/-]*\S*$", "", body).rstrip() + " …"


def _age(born: date | None, due: date | None, on: date) -> str:
    if due is not None:
        weeks = max((due - on).days // 7, 0)
        return f"unborn, due in about {weeks} weeks"
    return f"age {age_text(born, on)}" if born is not None else "age not known"


def no_names_summary(document: ReferralDocument) -> str:
    """A plain-text consultation summary for LCSS that identifies nobody.

    Raises DomainError if, after scrubbing, the summary would still contain an identifier
    (for instance a name that is also a word the summary itself uses), so that nothing
    identifying is ever handed over for copying.
    """
    doc = document
    known = _Known(doc)
    s = known.scrub
    on = known.on
    out = [
        "LCSS no-names consultation",
        "No names, dates of birth, addresses, postcodes, NHS numbers, UPNs or contact details are included.",
        f"Prepared on {format_date(on)} by a {s(doc.referrer.role)}.",
        "",
        "Children",
    ]
    for c in doc.children:
        role = known.roles[c.child_id]
        status = "; ".join(f"{x.status} since {format_date(x.since)}" for x in c.current_status) or "none recorded"
        facts = [
            f"gender {c.gender or 'not recorded'}",
            f"ethnicity {c.ethnicity or 'not recorded'}",
            f"religion {c.religion or 'not recorded'}",
            f"first language {c.first_language or 'not recorded'}"
            + ("; interpreter needed" if c.interpreter_needed else ""),
            f"disability / SEND {c.disability_send or 'none recorded'}",
            f"current status {status}",
            f"safe tonight: {yes_no(c.safe_tonight)}",
            f"where now: {c.where_now or 'not recorded'}",
        ]
        out.append(f"- {role} ({_age(c.date_of_birth, c.expected_delivery, on)}): " + s("; ".join(facts)) + ".")
    out += ["", "Adults"]
    for a in doc.adults:
        links = "; ".join(
            f"{link.relationship} of {known.roles.get(link.child_id, 'a child')}, "
            f"{'with' if link.parental_responsibility else 'without'} parental responsibility, "
            f"{'lives in the home' if link.lives_in_home else 'lives elsewhere'}"
            for link in a.relationships
        )
        age = f"age {age_text(a.date_of_birth, on)}" if a.date_of_birth else "age not known"
        out.append(f"- {known.roles[a.adult_id]} ({age}): {links or 'relationship not recorded'}.")
    if not doc.adults:
        out.append("- None recorded.")
    roles = sorted({s(p.role) for p in doc.professionals if p.role})
    out += ["", "Other professionals involved: " + (", ".join(roles) if roles else "none recorded") + "."]
    out += ["", "Urgency and safety"]
    if doc.immediate_danger:
        out.append("- Immediate danger: police called on 999.")
    if doc.response_today:
        out.append("- A response is needed today: the MASH was phoned.")
    out += [
        f"- Risk to visiting professionals: {s(doc.risk_to_visitors) or 'none known'}",
        f"- Parental mental health: {yes_no(doc.mental_health)}; substance misuse: {yes_no(doc.substance_misuse)}; "
        f"domestic abuse: {yes_no(doc.domestic_abuse)}",
    ]
    if doc.parental_factors_note:
        out.append(f"- About these factors: {s(doc.parental_factors_note)}")
    out += ["", "Concerns"]
    for number, concern in enumerate(doc.concerns, 1):
        who = "; ".join(
            f"{known.roles.get(ch.child_id, 'another child')} ({', '.join(ch.roles)})" for ch in concern.children
        )
        out.append(f"{number}. {concern.happened}: {', '.join(concern.categories)}. Children: {who}.")
        out.append(f"   What happened: {s(concern.account)}")
        if concern.child_words:
            out.append(f"   The child's words: {s(concern.child_words)}")
        if concern.action_taken:
            out.append(f"   Action taken: {s(concern.action_taken)}")
    if not doc.concerns:
        out.append("None chosen.")
    if doc.chronology:
        out += ["", "Chronology excerpt"]
        out += [f"- {r.date}: {', '.join(r.categories)}: {s(_whole_words(r.summary))}" for r in doc.chronology]
    if doc.screenings:
        out += ["", "Screenings (grades from 1, best, to 5, worst)"]
        for sc in doc.screenings:
            grades = "; ".join(f"{a.area} {a.grade}" for a in sc.areas)
            out.append(f"- {sc.tool}, {sc.period}, {known.roles.get(sc.child_id, 'a child')}: {grades}")
    if doc.decision is not None:
        d = doc.decision
        out += ["", f"Threshold: level {d.level} ({d.level_name}). Reasons: {s(d.reasons)}", f"Guide: {d.guide}"]
    out += [
        "",
        f"Early Help already tried: {s(doc.early_help) or 'none recorded'}",
        f"What the family has been told: {s(doc.family_told) or 'not recorded'}",
        f"How the family responded: {s(doc.family_response) or 'not recorded'}",
        f"The child's voice: {s(doc.child_voice) or 'not recorded'}",
        f"What the referrer wants to happen: {s(doc.referrer_wants) or 'not recorded'}",
    ]
    text = "\n".join(out) + "\n"
    left = known.found(text)
    if left:
        kinds = sorted({hit.split(":", 1)[0] for hit in left})
        raise DomainError(
            "The no-names summary could not be made without identifiers ("
            + ", ".join(kinds)
            + "). Check the free text and the names recorded, then try again."
        )
    return text
