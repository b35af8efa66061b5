"""Retention rules: how long each kind of file is kept, where that period comes from, local changes.

The rules ship in `resources/retention/rules.json`, each naming its published source. An
organisation (the data controller) may adjust a rule's period or what happens at its end,
with a reason; every adjustment is a new row in `retention_rule_changes`, never an edit, so
the history of changes stays and the shipped source is still named beside the local one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from safeguard_desktop.assets import resource
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.ukdates import format_date, to_uk
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.vault import audit
from safeguard_desktop.vault.connection import transaction

if TYPE_CHECKING:
    from safeguard_desktop.vault.session import Vault

__all__ = [
    "CHILD_FILE",
    "MAX_DAYS",
    "MAX_YEARS",
    "ORGANISATION_LABELS",
    "Adjustment",
    "Extension",
    "OrganisationChange",
    "OrganisationType",
    "Period",
    "Rule",
    "RuleChange",
    "add_years",
    "adjust_rule",
    "child_file_rule",
    "effective_rules",
    "organisation_history",
    "organisation_is_set",
    "organisation_type",
    "rule",
    "rule_history",
    "set_organisation_type",
    "shipped_rules",
]

CHILD_FILE = "child_file"
# The longest period a local adjustment may set: well past any lifetime, and far enough inside
# the calendar's year 9999 that a review date computed from any date of birth still exists.
MAX_YEARS = 150
MAX_DAYS = 3650
OrganisationType = Literal["school", "nhs"]
ORGANISATION_LABELS: dict[str, str] = {"school": "School", "nhs": "NHS service"}
_THEN_LABELS = {"review": "review", "delete": "delete"}
_START_LABELS = {"date_of_birth": "date of birth", "made": "when made"}
# The organisation type's changes share the rule-change table so that they, too, are never
# edited and keep their reasons; no shipped rule can have this id (ids are lower-case words).
_ORGANISATION_KEY = "@organisation"
# Roles and organisations that mean an NHS service rather than a school, until it is set.
_NHS_WORDS = ("health visitor", "nurse", "nhs", "midwife", "health visiting", "paediatric")


class Period(BaseModel):
    """How long from a starting point: whole years then days."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    years: int = Field(ge=0)
    days: int = Field(ge=0)
    start: Literal["date_of_birth", "made"] = Field(alias="from")

    def describe(self) -> str:
        """For example ``date of birth + 25 years``."""
        parts = []
        if self.years:
            parts.append(f"{self.years} year{'s' if self.years != 1 else ''}")
        if self.days:
            parts.append(f"{self.days} day{'s' if self.days != 1 else ''}")
        return f"{_START_LABELS[self.start]} + {' and '.join(parts) or '0 days'}"


class Extension(BaseModel):
    """Extra years when the service's involvement ended at a given age (the NHS 17-year-old rule)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    care_ended_at_age: int = Field(ge=0)
    extra_years: int = Field(ge=1)


@dataclass(frozen=True)
class Adjustment:
    """An organisation's local change to a rule."""

    changed_at: datetime
    changed_by: Practitioner
    reason: str

    def note(self) -> str:
        """``adjusted locally on dd/mm/yyyy: <reason>``."""
        return f"adjusted locally on {format_date(to_uk(self.changed_at).date())}: {self.reason}"


class Rule(BaseModel):
    """One retention rule as shipped, or with the organisation's latest adjustment applied."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    record_kind: Literal["child_file", "backup"]
    organisation: Literal["school", "nhs", "any"]
    title: str = Field(min_length=1)
    covers: str = Field(min_length=1)
    period: Period
    extension: Extension | None = None
    then: Literal["review", "delete"]
    source: str = Field(min_length=1)
    adjustment: Adjustment | None = None

    def describe(self) -> str:
        """The period in words, with the extension and the then-action."""
        text = self.period.describe()
        if self.extension is not None:
            total = self.period.years + self.extension.extra_years
            text += f" ({total} years if {self.extension.care_ended_at_age} when care ended)"
        return f"{text}, then {_THEN_LABELS[self.then]}"

    def source_line(self) -> str:
        """The shipped source, followed by the local adjustment when there is one."""
        if self.adjustment is None:
            return self.source
        return f"{self.source} ({self.adjustment.note()})"


class _Shipped(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal[1]
    rules: list[Rule]


@dataclass(frozen=True)
class RuleChange:
    """One row of a rule's history of local changes."""

    id: int
    rule_id: str
    years: int
    days: int
    then: str
    reason: str
    changed_by: Practitioner
    changed_at: datetime


@cache
def shipped_rules() -> tuple[Rule, ...]:
    """The rules shipped with the app, in file order."""
    loaded = _Shipped.model_validate_json(resource("retention", "rules.json").read_text(encoding="utf-8"))
    ids = [r.id for r in loaded.rules]
    if len(set(ids)) != len(ids):
        raise ValueError("resources/retention/rules.json names a rule twice")
    return tuple(loaded.rules)


def _shipped(rule_id: str) -> Rule:
    for shipped in shipped_rules():
        if shipped.id == rule_id:
            return shipped
    raise SafeguardError(f"There is no retention rule called {rule_id!r}.")


def _changes(vault: Vault, rule_id: str) -> list[RuleChange]:
    rows = vault._ctx.conn.execute(
        "SELECT id, rule_id, settings, reason, changed_by, changed_at FROM retention_rule_changes "
        "WHERE rule_id = ? ORDER BY id",
        (rule_id,),
    ).fetchall()
    changes = []
    for rid, rule_id_, settings, reason, by, at in rows:
        values = json.loads(str(settings))
        changes.append(
            RuleChange(
                id=int(rid),
                rule_id=str(rule_id_),
                years=int(values.get("years", 0)),
                days=int(values.get("days", 0)),
                then=str(values.get("then", "")),
                reason=str(reason),
                changed_by=Practitioner.model_validate_json(str(by)),
                changed_at=datetime.fromisoformat(str(at)),
            )
        )
    return changes


def _apply(shipped: Rule, change: RuleChange | None) -> Rule:
    if change is None:
        return shipped
    period = shipped.period.model_copy(update={"years": change.years, "days": change.days})
    adjustment = Adjustment(change.changed_at, change.changed_by, change.reason)
    return shipped.model_copy(update={"period": period, "then": change.then, "adjustment": adjustment})


def rule(vault: Vault, rule_id: str) -> Rule:
    """The rule as it applies in this vault: shipped, with the newest local adjustment."""
    shipped = _shipped(rule_id)
    changes = _changes(vault, rule_id)
    return _apply(shipped, changes[-1] if changes else None)


def effective_rules(vault: Vault) -> list[Rule]:
    """Every rule as it applies in this vault, in the shipped order."""
    return [rule(vault, shipped.id) for shipped in shipped_rules()]


def rule_history(vault: Vault, rule_id: str) -> list[RuleChange]:
    """Every local change to a rule, oldest first (empty while it is as shipped)."""
    _shipped(rule_id)
    return _changes(vault, rule_id)


def adjust_rule(
    vault: Vault,
    rule_id: str,
    *,
    years: int | None = None,
    days: int | None = None,
    then: str | None = None,
    reason: str,
) -> Rule:
    """Change a rule's period (years, days) or then-action locally, with a reason; logged and audited.

    Fields left as None keep their current value. Raises SafeguardError without a reason, for
    a negative or zero period, one over `MAX_YEARS` years or `MAX_DAYS` days, an unknown
    then-action, or when nothing would change.
    """
    reason = reason.strip()
    if not reason:
        raise SafeguardError("Say why the rule is changed (for example, the decision or policy behind it).")
    current = rule(vault, rule_id)
    new_years = current.period.years if years is None else years
    new_days = current.period.days if days is None else days
    new_then = current.then if then is None else then
    if new_years < 0 or new_days < 0:
        raise SafeguardError("Years and days cannot be negative.")
    if new_years == 0 and new_days == 0:
        raise SafeguardError("A retention period must be longer than nothing: give some years or days.")
    if new_years > MAX_YEARS or new_days > MAX_DAYS:
        # Far beyond any lifetime, and a date that far ahead is past what the calendar can hold.
        raise SafeguardError(
            f"A retention period can be at most {MAX_YEARS} years and {MAX_DAYS} days; "
            f"check the figures ({new_years} years, {new_days} days)."
        )
    if new_then not in _THEN_LABELS:
        raise SafeguardError("At the end of the period a file is either reviewed or deleted.")
    if (new_years, new_days, new_then) == (current.period.years, current.period.days, current.then):
        raise SafeguardError("That is the rule as it already stands; nothing was changed.")
    settings = audit.canonical_json({"years": new_years, "days": new_days, "then": new_then}).decode("utf-8")
    _insert_change(vault, rule_id, settings, reason, action="retention.rule_change")
    return rule(vault, rule_id)


def _insert_change(vault: Vault, rule_id: str, settings: str, reason: str, *, action: str) -> None:
    ctx = vault._ctx
    conn = ctx.conn
    now = ctx.now().isoformat(timespec="microseconds")
    with transaction(conn):
        conn.execute(
            "INSERT INTO retention_rule_changes (rule_id, settings, reason, changed_by, changed_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (rule_id, settings, reason, ctx.author().model_dump_json(), now),
        )
        if action == "retention.organisation":
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('retention_organisation', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (json.loads(settings)["organisation"],),
            )
        audit.append(
            conn,
            at=now,
            actor=ctx.actor_id(),
            action=action,
            digest=audit.sha256_hex(f"{rule_id}\n{settings}".encode()),
        )


def _guess_organisation(practitioner: Practitioner) -> OrganisationType:
    words = f"{practitioner.role} {practitioner.organisation}".lower()
    return "nhs" if any(w in words for w in _NHS_WORDS) else "school"


def organisation_type(vault: Vault) -> OrganisationType:
    """'school' or 'nhs': as set, or until then guessed from the practitioner's role and organisation."""
    row = vault._ctx.conn.execute("SELECT value FROM meta WHERE key = 'retention_organisation'").fetchone()
    if row is not None and str(row[0]) in ("school", "nhs"):
        return "nhs" if str(row[0]) == "nhs" else "school"
    return _guess_organisation(vault.practitioner)


def organisation_is_set(vault: Vault) -> bool:
    """Whether the organisation type was chosen (rather than guessed from the role)."""
    row = vault._ctx.conn.execute("SELECT 1 FROM meta WHERE key = 'retention_organisation'").fetchone()
    return row is not None


def set_organisation_type(vault: Vault, kind: str, reason: str) -> None:
    """Say which kind of organisation holds this vault ('school' or 'nhs'), with a reason; logged and audited."""
    reason = reason.strip()
    if kind not in ORGANISATION_LABELS:
        raise SafeguardError("Choose a school or an NHS service.")
    if not reason:
        raise SafeguardError("Say why the organisation type is changed.")
    if organisation_is_set(vault) and organisation_type(vault) == kind:
        raise SafeguardError(f"The organisation is already set as: {ORGANISATION_LABELS[kind]}.")
    settings = audit.canonical_json({"organisation": kind}).decode("utf-8")
    _insert_change(vault, _ORGANISATION_KEY, settings, reason, action="retention.organisation")


@dataclass(frozen=True)
class OrganisationChange:
    """One change of the organisation type."""

    organisation: str
    reason: str
    changed_by: Practitioner
    changed_at: datetime


def organisation_history(vault: Vault) -> list[OrganisationChange]:
    """Every change of the organisation type, oldest first."""
    rows = vault._ctx.conn.execute(
        "SELECT settings, reason, changed_by, changed_at FROM retention_rule_changes WHERE rule_id = ? ORDER BY id",
        (_ORGANISATION_KEY,),
    ).fetchall()
    return [
        OrganisationChange(
            organisation=str(json.loads(str(settings))["organisation"]),
            reason=str(reason),
            changed_by=Practitioner.model_validate_json(str(by)),
            changed_at=datetime.fromisoformat(str(at)),
        )
        for settings, reason, by, at in rows
    ]


def child_file_rule(vault: Vault) -> Rule:
    """The rule a child's file is kept under in this vault (by the organisation type)."""
    kind = organisation_type(vault)
    for candidate in effective_rules(vault):
        if candidate.record_kind == CHILD_FILE and candidate.organisation == kind:
            return candidate
    raise SafeguardError(f"No retention rule for a child's file applies to a {ORGANISATION_LABELS[kind]}.")


def add_years(start: date, years: int) -> date:
    """`start` moved on by whole years; 29 February becomes 1 March in a year without one."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 3, 1)
