"""A demo vault of made-up but realistic records.

It is what a newcomer opens first and what the benchmarks fill at scale, so the people in
it look like real UK families: siblings sharing parents, a step-parent here and a partner
there, fathers recorded as fully as mothers, names with apostrophes, hyphens and accents.
Every person is invented. NHS numbers use the 999 range, which the NHS never issues.

Volume is uneven, as in a real school: most children have a few records, a minority a few
hundred, and a handful (the families everyone knows) well over a thousand chronology rows.
On average a child has about 50 concerns and 100 chronology entries, so `--children 2000`
makes about 100,000 concerns and 200,000 entries.
"""

from __future__ import annotations

import random
import time as clock
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from uuid import UUID

from safeguard_desktop.demo_content import BOYS, FAMILY_NAMES, GIRLS, MEN, STREETS, TOWNS, WOMEN
from safeguard_desktop.demo_plans import FamilyPlans, Parents
from safeguard_desktop.demo_records import RecordWriter
from safeguard_desktop.demo_referrals import add_demo_referral
from safeguard_desktop.demo_retention import add_demo_retention
from safeguard_desktop.demo_sar import add_demo_sar
from safeguard_desktop.demo_screenings import ScreeningMaker
from safeguard_desktop.domain.categories import RelationshipType
from safeguard_desktop.domain.identifiers import upn_check_letter
from safeguard_desktop.domain.people import Address, Adult, Child, Professional, Relationship
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.ukdates import uk_today
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

# Concerns plus chronology entries per child, on average; a third of them concerns.
MEAN_VOLUME = 150
HEAVY_VOLUME = (1000, 2400)
# Builds planned to write more than this report progress.
PROGRESS_FROM = 20_000

Progress = Callable[[str], None]


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
    status_periods: int = 0
    meetings: int = 0
    records: int = 0
    seconds: float = 0.0
    decisions: int = 0
    screenings: int = 0
    referrals: int = 0
    former_pupils: int = 0

    def summary(self, *, show_passphrase: bool = True) -> str:
        """A few lines saying what was made and how to open it."""
        size = sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*") if p.is_file())
        return (
            f"Made a DEMO vault at {self.path} ({size / 1024 / 1024:.1f} MB): {self.children} children, "
            f"{self.former_pupils} former pupils whose files are due for review, "
            f"{self.adults} adults, {self.concerns} concerns, {self.entries} chronology entries, "
            f"{self.status_periods} status periods, {self.meetings} meetings, "
            f"{self.decisions} level-of-need decisions, {self.screenings} neglect screenings, "
            f"{self.referrals} referral ready to export "
            f"({self.records} records in {self.seconds:.0f} s). "
            "Every person in it is made up.\n"
            + (f"Passphrase: {self.passphrase}\n" if show_passphrase else "Passphrase: the one you set.\n")
            + f"Demo recovery key (for trying `recover`; never use it for real records): {self.recovery_key}"
        )


def child_volumes(children: int, rng: random.Random) -> list[int]:
    """How many concerns plus chronology entries each child gets, averaging MEAN_VOLUME.

    Three kinds of child: most (60%) with 4 to 30 records; a handful (about 0.6%, only in
    demos of 20 or more) with 1,000 to 2,400; and the rest sharing what remains, spread
    log-normally so that some have a few dozen and some several hundred.
    """
    heavy = max(1, round(children * 0.006)) if children >= 20 else 0
    kinds = ["heavy"] * heavy + ["few" if rng.random() < 0.6 else "some" for _ in range(children - heavy)]
    rng.shuffle(kinds)
    volumes = [
        rng.randrange(*HEAVY_VOLUME) if k == "heavy" else rng.randrange(4, 31) if k == "few" else 0 for k in kinds
    ]
    weights = [rng.lognormvariate(0.0, 0.8) if k == "some" else 0.0 for k in kinds]
    # Share what is left among the rest by weight, none above 900: what a cap cuts off is
    # shared again among those below it, so the total stays MEAN_VOLUME a child.
    left, open_weight = float(max(0, MEAN_VOLUME * children - sum(volumes))), sum(weights)
    shares = [0.0] * children
    for _ in range(8):
        if open_weight <= 0 or left <= 0:
            break
        capped = [i for i, w in enumerate(weights) if w and left * w / open_weight >= 900 - shares[i]]
        if not capped:
            shares = [s + left * w / open_weight for s, w in zip(shares, weights, strict=True)]
            break
        for i in capped:
            left -= 900 - shares[i]
            shares[i], open_weight, weights[i] = 900, open_weight - weights[i], 0.0
    return [v or max(10, round(s)) for v, s in zip(volumes, shares, strict=True)]


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


class _Builder(RecordWriter):
    def __init__(self, vault: Vault, rng: random.Random, today: date, volumes: list[int]) -> None:
        super().__init__(vault, rng, today, PRACTITIONER, sum(volumes))
        self.volumes = volumes
        self.children = self.adults = 0
        self.screenings = ScreeningMaker(rng, today, self.add_screening)
        self.plans = FamilyPlans(rng, today, PRACTITIONER, self.add_period, self.add_meeting, self.add_decision)

    def _address(self) -> Address:
        town, district = self.rng.choice(TOWNS)
        return Address(
            lines=[f"{self.rng.randrange(1, 120)} {self.rng.choice(STREETS)}"],
            town=town,
            postcode=f"{district} {self.rng.randrange(1, 9)}{self.rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
            f"{self.rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
        )

    def _adult(self, given: str, family: str, born_before: date, address: Address | None) -> tuple[UUID, str]:
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
        self.written += 1
        return stored.record_id, f"{given} {family}"

    def _child(self, given: str, family_name: str, born: date, girl: bool, address: Address, serial: int) -> UUID:
        rng, school_age = self.rng, born < self.today - timedelta(days=365 * 4)
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
                school_or_setting=PRACTITIONER.organisation if school_age else "Little Acorns Nursery (made-up)",
                nhs_number=_nhs_number(rng),
                upn=_upn(rng, serial) if school_age else None,
            )
        )
        self.children += 1
        self.written += 1
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
        kids: list[tuple[UUID, date, int]] = []
        used_names: set[str] = set()
        for i in range(size):
            born = min(self.today - timedelta(days=200), oldest + timedelta(days=i * rng.randrange(400, 1100)))
            girl = rng.random() < 0.5
            # Siblings never share a first name.
            given = rng.choice([n for n in (GIRLS if girl else BOYS) if n not in used_names])
            used_names.add(given)
            child_id = self._child(given, family_name, born, girl, address, serial * 10 + i)
            kids.append((child_id, born, self.volumes[self.children - 1]))
            for adult, kind, pr, home in (
                (mother, RelationshipType.MOTHER, True, True),
                (father, RelationshipType.FATHER, True, father_lives_in),
                (partner, RelationshipType.PARTNER_OF_PARENT, False, True),
            ):
                if adult is not None:
                    self.vault.relationships.add(
                        Relationship(
                            adult_id=adult[0],
                            child_id=child_id,
                            relationship=kind,
                            parental_responsibility=pr,
                            lives_in_home=home,
                        )
                    )
                    self.written += 1
        ids = [k for k, _, _ in kids]
        # Families whose children have many records are the ones with statutory plans.
        if max(v for _, _, v in kids) >= 40 and rng.random() < 0.8:
            self._professionals(ids)
            earliest = max(max(b for _, b, _ in kids), self.today - timedelta(days=365 * 4))
            self.plans.journey(ids, Parents(mother, father, 0.8 if father_lives_in else 0.4), earliest)
        for child_id, born, volume in kids:
            self.screenings.screen(child_id, born, mother)
            concerns = max(1, round(volume * rng.uniform(0.25, 0.42)))
            self.concerns_for(child_id, born, [c for c in ids if c != child_id], concerns)
            self.entries_for(child_id, born, max(3, volume - concerns))
        self.others.extend(ids)

    def _professionals(self, children: list[UUID]) -> None:
        for child_id in children:
            self.vault.professionals.add(
                Professional(
                    child_id=child_id,
                    name=self.rng.choice(["Maud Enright", "Tobias Fairweather", "Nkechi Lamont"]),
                    role="Social worker",
                    organisation="Oxfordshire Children's Services (made-up)",
                    phone="01865 000222",
                )
            )
            self.written += 1


def build_demo_vault(
    path: Path,
    passphrase: str = DEMO_PASSPHRASE,
    *,
    children: int = 25,
    seed: int = 2026,
    kdf: KdfParams | None = None,
    progress: Progress | None = None,
) -> DemoResult:
    """Create a demo vault at `path` holding about `children` made-up children and their families.

    Each family is written in one transaction. `progress` receives a line every 5% of a
    long build (one planned to write more than PROGRESS_FROM records).
    """
    started = clock.perf_counter()
    # Made-up data, not secrets: a seeded generator keeps the demo the same every time.
    rng = random.Random(seed)  # noqa: S311  # nosec B311
    recovery, key_pem = generate_recovery_pair("DEMO recovery key: never for real records")
    vault = Vault.create(path, passphrase, PRACTITIONER, recovery=recovery, kdf=kdf, demo=True)
    key_path = path.with_name(path.name + DEMO_KEY_SUFFIX)
    try:
        # Written only once the vault exists, so a refused create leaves nothing behind.
        write_private_file_atomically(key_path, key_pem)
        volumes = child_volumes(children, rng)
        planned = sum(volumes)
        builder = _Builder(vault, rng, uk_today(), volumes)
        serial, step = 0, 1
        while builder.children < children:
            size = min(children - builder.children, rng.choice([1, 1, 2, 2, 3]))
            with vault.batch():
                builder.family(size, serial)
            serial += 1
            done = builder.concerns + builder.entries
            if progress is not None and planned > PROGRESS_FROM and done >= planned * step / 20:
                rate = builder.written / (clock.perf_counter() - started)
                progress(f"Demo vault: {min(100, done * 100 // planned)}% ({builder.written:,} records, {rate:,.0f}/s)")
                step = done * 20 // planned + 1
        with vault.batch():
            referrals = int(add_demo_referral(vault))
            # For the governance tools: files past their review date (one held), and a request.
            add_demo_retention(vault)
            add_demo_sar(vault)
        # Counted from the vault, so the summary includes what the governance demo added.
        stored = (vault.children.count() - builder.children, vault.concerns.count(include_withdrawn=True))
        entries = vault.chronology.count(include_withdrawn=True)
    except BaseException:
        # A half-built demo is only confusing, and everything in it is made up: remove it.
        vault.close()
        for leftover in (path, header_path(path), key_path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    vault.close()
    return DemoResult(
        path,
        passphrase,
        key_path,
        builder.children,
        builder.adults,
        stored[1],
        entries,
        builder.periods,
        builder.meetings,
        builder.written,
        clock.perf_counter() - started,
        builder.decisions,
        builder.screened,
        referrals,
        former_pupils=stored[0],
    )


__all__ = ["DEMO_PASSPHRASE", "PRACTITIONER", "DemoResult", "build_demo_vault", "child_volumes"]
