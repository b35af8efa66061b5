"""A demo vault of made-up but realistic records.

It is what a newcomer opens first and what the benchmarks fill at scale, so the people in
it look like real UK families: siblings sharing parents, a step-parent here and a partner
there, fathers recorded as fully as mothers, names with apostrophes, hyphens and accents.
Every person is invented. NHS numbers use the 999 range, which the NHS never issues.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from uuid import UUID

from safeguard_desktop.domain.categories import (
    ChildRole,
    ConcernCategory,
    ConcernStatus,
    Impact,
    InformedParty,
    RelationshipType,
    Significance,
)
from safeguard_desktop.domain.chronology import ChronologyEntry
from safeguard_desktop.domain.concern import Concern, ConcernChild, InformedRecord
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.identifiers import upn_check_letter
from safeguard_desktop.domain.people import Address, Adult, Child, Relationship
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.ukdates import uk_local_to_utc, uk_today
from safeguard_desktop.paths import header_path, write_private_file_atomically
from safeguard_desktop.vault.keys import KdfParams, generate_recovery_pair
from safeguard_desktop.vault.session import Vault

# Printed for the newcomer on purpose: it protects nothing but made-up records.
DEMO_PASSPHRASE = "tangerine lighthouse drizzle"  # noqa: S105  # nosec B105
DEMO_KEY_SUFFIX = ".DEMO-recovery-key.pem"

PRACTITIONER = Practitioner(
    name="Priya Castellano-Reid",
    role="Designated Safeguarding Lead",
    organisation="Fernhill Academy (made-up demo school)",
    contact="01865 000111",
)

FAMILY_NAMES = [
    "O'Brien",
    "Smith-Okafor",
    "Nowak",
    "Begum",
    "MacLeod",
    "D'Souza",
    "Núñez-Whitfield",
    "Kowalczyk",
    "Hughes",
    "Ahmed",
    "Fitzgerald-Lowe",
    "Nguyễn",
    "Mensah",
    "Clarke",
    "Wiśniewski",
    "Doyle",
    "Ó Súilleabháin",
    "Patel",
    "Evans-Pryce",
    "Hussain",
    "Müller",
    "Adeyemi",
    "Lloyd",
    "Çelik",
]
GIRLS = [
    "Siobhán",
    "Zoë",
    "Amelia",
    "Chloé",
    "Aoife",
    "Maja",
    "Fatima",
    "Isla",
    "Renée",
    "Ffion",
    "Amara",
    "Léa",
    "Grace",
    "Niamh",
    "Hania",
    "Ruby-Mae",
]
BOYS = [
    "Ciarán",
    "Tomasz",
    "Oliver",
    "Mohammed",
    "Rhys",
    "Kwame",
    "Noël",
    "Jack",
    "Dáire",
    "Leo",
    "Yusuf",
    "Alfie-James",
    "Eoin",
    "Mateusz",
    "Kai",
    "Jayden",
]
WOMEN = ["Róisín", "Agnieszka", "Shabana", "Claire", "Chidinma", "Sinéad", "Joanne", "Anh", "Megan"]
MEN = ["Seán", "Piotr", "Imran", "Darren", "Emeka", "Gareth", "Tuấn", "Liam", "Kofi", "Łukasz"]
STREETS = [
    "Blackbird Lane",
    "Cowley Road",
    "Meadow View",
    "Sandy Close",
    "Foxglove Way",
    "Church Row",
    "Orchard Rise",
    "Mill Street",
    "Larkhill Gardens",
    "Kestrel Court",
]
TOWNS = [
    ("Oxford", "OX4"),
    ("Banbury", "OX16"),
    ("Bicester", "OX26"),
    ("Witney", "OX28"),
    ("Abingdon", "OX14"),
    ("Didcot", "OX11"),
]

CONCERNS: list[tuple[ConcernCategory, str, str]] = [
    (
        ConcernCategory.NEGLECT,
        "Arrived at breakfast club hungry for the third day this week; no coat despite frost. Uniform unwashed.",
        "There wasn't any food at home, mum said wait till Friday.",
    ),
    (
        ConcernCategory.PHYSICAL_ABUSE,
        "Bruise about 3 cm across on the left upper arm, noticed during PE. Said it happened at home.",
        "Dad grabbed me when I dropped the plate.",
    ),
    (
        ConcernCategory.DOMESTIC_ABUSE,
        "Told the teaching assistant that there was shouting at home last night and the police came.",
        "I hid under the bed with my sister.",
    ),
    (
        ConcernCategory.OPERATION_ENCOMPASS,
        "Operation Encompass notification received before school: police "
        "attended a domestic incident at the home overnight; the child was present.",
        "",
    ),
    (
        ConcernCategory.EMOTIONAL_ABUSE,
        "Very withdrawn for two weeks; flinches when a parent's name is mentioned. Said she is 'always the bad one'.",
        "Mum says I ruin everything.",
    ),
    (
        ConcernCategory.MENTAL_HEALTH,
        "Form tutor saw recent cuts on the forearm. Spoke calmly with the pupil, who agreed to see the school nurse.",
        "I just need it to stop for a bit.",
    ),
    (
        ConcernCategory.ATTENDANCE,
        "Attendance has fallen to 71% this term; several absences unexplained. "
        "Seen in town during school hours by a member of staff.",
        "",
    ),
    (
        ConcernCategory.CHILD_CRIMINAL_EXPLOITATION,
        "New expensive trainers and two phones; missing from home twice. Older youths waiting at the school gate.",
        "They're my mates, they look after me.",
    ),
    (
        ConcernCategory.BULLYING,
        "Group messages mocking the pupil shared widely; pupil distressed and asking to leave lessons.",
        "Everyone has seen it. I can't come in tomorrow.",
    ),
    (
        ConcernCategory.ONLINE_SAFETY,
        "Pupil disclosed talking to an adult online who asked for photos and to keep it secret.",
        "He said I was mature for my age.",
    ),
    (
        ConcernCategory.MISSING_FROM_HOME_OR_CARE,
        "Parent phoned: child did not come home last night; "
        "returned this morning and would not say where they had been.",
        "",
    ),
    (
        ConcernCategory.FAMILY_MEMBER_IN_PRISON,
        "Parent told the office that the child's father has been "
        "sentenced; the child has not been told why he is away.",
        "",
    ),
]

EVENTS: list[tuple[str, str, Impact]] = [
    ("Family moved house within the county; new address recorded.", "Parent", Impact.NEUTRAL),
    ("Mother's new partner moved into the home.", "Child", Impact.NEGATIVE),
    ("Was not brought to the 2-year development review.", "Health visitor", Impact.NEGATIVE),
    ("Fixed-term suspension of two days for fighting.", "School", Impact.NEGATIVE),
    ("Grandparent died; child close to her.", "Parent", Impact.NEGATIVE),
    ("Joined the after-school football club; attends every week.", "School", Impact.POSITIVE),
    ("Attendance improved to 96% this half term.", "School", Impact.POSITIVE),
    ("Parents separated; father moved out and sees the children at weekends.", "Parent", Impact.NEGATIVE),
    ("Early Help assessment started with the family's agreement.", "LCSS", Impact.POSITIVE),
    ("Went missing overnight; returned by police.", "Police", Impact.NEGATIVE),
    ("Referred to CAMHS by the GP.", "GP", Impact.NEUTRAL),
    ("Father lost his job; family reports money worries.", "Parent", Impact.NEGATIVE),
]


@dataclass(frozen=True)
class DemoResult:
    """What was made, for the newcomer and for the benchmarks."""

    path: Path
    passphrase: str
    recovery_key: Path
    children: int
    adults: int
    concerns: int
    entries: int

    def summary(self, *, show_passphrase: bool = True) -> str:
        """A few lines saying what was made and how to open it."""
        size = sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*") if p.is_file())
        return (
            f"Made a DEMO vault at {self.path} ({size / 1024 / 1024:.1f} MB): {self.children} children, "
            f"{self.adults} adults, {self.concerns} concerns, {self.entries} chronology entries. "
            "Every person in it is made up.\n"
            + (f"Passphrase: {self.passphrase}\n" if show_passphrase else "Passphrase: the one you set.\n")
            + f"Demo recovery key (for trying `recover`; never use it for real records): {self.recovery_key}"
        )


def _nhs_number(rng: random.Random) -> str:
    while True:
        body = "999" + "".join(str(rng.randrange(10)) for _ in range(6))
        check = 11 - sum(int(d) * w for d, w in zip(body, range(10, 1, -1), strict=True)) % 11
        if check == 11:
            check = 0
        if check != 10:
            return body + str(check)


def _upn(rng: random.Random, serial: int) -> str:
    body = f"931{rng.randrange(2000, 5000):04d}{rng.randrange(10, 24):02d}{serial % 1000:03d}"
    return upn_check_letter(body) + body


class _Builder:
    def __init__(self, vault: Vault, rng: random.Random, today: date) -> None:
        self.vault, self.rng, self.today = vault, rng, today
        self.children = self.adults = self.concerns = self.entries = 0

    def _day_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randrange(max(1, (end - start).days)))

    def _address(self) -> Address:
        town, district = self.rng.choice(TOWNS)
        return Address(
            lines=[f"{self.rng.randrange(1, 120)} {self.rng.choice(STREETS)}"],
            town=town,
            postcode=f"{district} {self.rng.randrange(1, 9)}{self.rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
            f"{self.rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
        )

    def _adult(self, given: str, family: str, born_before: date, address: Address | None) -> UUID:
        dob = self._day_between(born_before - timedelta(days=365 * 22), born_before - timedelta(days=365 * 18))
        aliases = [f"{given[0]}. {family}"] if self.rng.random() < 0.2 else []
        stored = self.vault.adults.add(
            Adult(
                given_names=given,
                family_name=family,
                aliases=aliases,
                date_of_birth=dob,
                current_address=address,
                phone=f"07700 900{self.rng.randrange(1000):03d}",
            )
        )
        self.adults += 1
        return stored.record_id

    def family(self, size: int, serial: int) -> None:
        rng = self.rng
        family_name = rng.choice(FAMILY_NAMES)
        address = self._address()
        oldest = self._day_between(self.today - timedelta(days=365 * 16), self.today - timedelta(days=365 * 3))
        mother = self._adult(rng.choice(WOMEN), family_name, oldest, address)
        father_lives_in = rng.random() < 0.6
        father = self._adult(
            rng.choice(MEN),
            family_name if father_lives_in else rng.choice(FAMILY_NAMES),
            oldest,
            address if father_lives_in else self._address(),
        )
        partner = (
            self._adult(rng.choice(MEN), rng.choice(FAMILY_NAMES), oldest, address)
            if not father_lives_in and rng.random() < 0.5
            else None
        )
        child_ids = []
        used_names: set[str] = set()
        for i in range(size):
            born = min(self.today - timedelta(days=200), oldest + timedelta(days=i * rng.randrange(400, 1100)))
            girl = rng.random() < 0.5
            # Siblings never share a first name.
            given = rng.choice([n for n in (GIRLS if girl else BOYS) if n not in used_names])
            used_names.add(given)
            stored = self.vault.children.add(
                Child(
                    given_names=given,
                    family_name=family_name,
                    date_of_birth=born,
                    gender="Female" if girl else "Male",
                    ethnicity=rng.choice(
                        [
                            "White British",
                            "White Irish",
                            "Black African",
                            "Asian British: Bangladeshi",
                            "White Polish",
                            "Mixed",
                        ]
                    ),
                    religion=rng.choice(["None", "Christian", "Muslim", "Catholic", "Not stated"]),
                    first_language=rng.choice(["English", "English", "English", "Polish", "Bengali"]),
                    address=address,
                    gp="Larkrise Surgery (made-up)",
                    school_or_setting=PRACTITIONER.organisation
                    if born < self.today - timedelta(days=365 * 4)
                    else "Little Acorns Nursery (made-up)",
                    nhs_number=_nhs_number(rng),
                    upn=_upn(rng, serial * 10 + i) if born < self.today - timedelta(days=365 * 4) else None,
                )
            )
            self.children += 1
            child_ids.append((stored.record_id, born))
            for adult, kind, pr, home in (
                (mother, RelationshipType.MOTHER, True, True),
                (father, RelationshipType.FATHER, True, father_lives_in),
                (partner, RelationshipType.PARTNER_OF_PARENT, False, True),
            ):
                if adult is not None:
                    self.vault.relationships.add(
                        Relationship(
                            adult_id=adult,
                            child_id=stored.record_id,
                            relationship=kind,
                            parental_responsibility=pr,
                            lives_in_home=home,
                        )
                    )
        for child_id, born in child_ids:
            self._concerns(child_id, born, [c for c, _ in child_ids if c != child_id])
            self._chronology(child_id, born)

    def _concerns(self, child_id: UUID, born: date, siblings: list[UUID]) -> None:
        rng = self.rng
        for _ in range(rng.randrange(1, 4)):
            category, account, words = rng.choice(CONCERNS)
            day = self._day_between(max(born, self.today - timedelta(days=365 * 4)), self.today)
            precise = rng.random() < 0.6
            happened = (
                EventDate.exact(uk_local_to_utc(day, time(rng.randrange(8, 16), rng.choice([0, 15, 30, 45]))))
                if precise and day < self.today
                else EventDate.on_day(day)
            )
            children = [ConcernChild(child_id=child_id, roles=frozenset({ChildRole.VICTIM}))]
            if siblings and category in (ConcernCategory.DOMESTIC_ABUSE, ConcernCategory.OPERATION_ENCOMPASS):
                children += [ConcernChild(child_id=s, roles=frozenset({ChildRole.WITNESS})) for s in siblings]
            informed_at = uk_local_to_utc(day, time(16, 30))
            self.vault.concerns.add(
                Concern(
                    happened=happened,
                    children=children,
                    categories=frozenset({category}),
                    recorded_by=PRACTITIONER,
                    reported_by=rng.choice(["", "Mr Hale (Year 5 teacher)", "Ms Adebayo (teaching assistant)"]),
                    account=account,
                    child_words=words,
                    action_taken=rng.choice(
                        [
                            "Spoke with the child; DSL informed the same day.",
                            "Consulted LCSS; agreed to monitor and review in two weeks.",
                            "Referred to the MASH by phone; referral confirmed in writing.",
                        ]
                    ),
                    informed=[
                        InformedRecord(
                            party=InformedParty.DSL,
                            name=PRACTITIONER.name,
                            when=informed_at if informed_at < datetime.now(UTC) else None,
                        )
                    ],
                    status=rng.choice(list(ConcernStatus)),
                )
            )
            self.concerns += 1

    def _chronology(self, child_id: UUID, born: date) -> None:
        rng = self.rng
        for _ in range(rng.randrange(3, 8)):
            description, source, impact = rng.choice(EVENTS)
            day = self._day_between(born, self.today)
            roll = rng.random()
            happened = (
                EventDate.in_month(day.year, day.month, approximate=roll < 0.3)
                if roll < 0.45
                else EventDate.in_year(day.year, approximate=True)
                if roll < 0.55
                else EventDate.on_day(day)
            )
            self.vault.chronology.add(
                ChronologyEntry(
                    child_id=child_id,
                    happened=happened,
                    source=source,
                    category="Family",
                    description=description,
                    impact=impact,
                    significance=Significance.SIGNIFICANT if impact != Impact.NEUTRAL else Significance.BACKGROUND,
                    recorded_by=PRACTITIONER,
                )
            )
            self.entries += 1


def build_demo_vault(
    path: Path,
    passphrase: str = DEMO_PASSPHRASE,
    *,
    children: int = 25,
    seed: int = 2026,
    kdf: KdfParams | None = None,
) -> DemoResult:
    """Create a demo vault at `path` holding about `children` made-up children and their families."""
    # Made-up data, not secrets: a seeded generator keeps the demo the same every time.
    rng = random.Random(seed)  # noqa: S311  # nosec B311
    recovery, key_pem = generate_recovery_pair("DEMO recovery key: never for real records")
    vault = Vault.create(path, passphrase, PRACTITIONER, recovery=recovery, kdf=kdf, demo=True)
    key_path = path.with_name(path.name + DEMO_KEY_SUFFIX)
    try:
        # Written only once the vault exists, so a refused create leaves nothing behind.
        write_private_file_atomically(key_path, key_pem)
        builder = _Builder(vault, rng, uk_today())
        serial = 0
        while builder.children < children:
            size = min(children - builder.children, rng.choice([1, 1, 2, 2, 3]))
            with vault.batch():
                builder.family(size, serial)
            serial += 1
    except BaseException:
        # A half-built demo is only confusing, and everything in it is made up: remove it.
        vault.close()
        for leftover in (path, header_path(path), key_path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    vault.close()
    return DemoResult(path, passphrase, key_path, builder.children, builder.adults, builder.concerns, builder.entries)
