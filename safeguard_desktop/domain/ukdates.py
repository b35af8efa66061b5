"""UK dates and times: stored in UTC, shown in UK local time, always day/month/year."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import AfterValidator

from safeguard_desktop.domain.errors import InvalidDate

__all__ = [
    "MONTH_NAMES",
    "UK_ZONE",
    "format_date",
    "format_datetime",
    "format_time",
    "is_ambiguous_uk_time",
    "parse_date",
    "to_uk",
    "uk_local_to_utc",
    "uk_today",
    "utc_now",
]

UK_ZONE = ZoneInfo("Europe/London")

# Spelled out here rather than taken from the C locale so that a Welsh or Polish Windows
# install still shows English month names in records that go to English agencies.
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def utc_now() -> datetime:
    """Return the current instant as an aware UTC datetime."""
    return datetime.now(UTC)


def _require_aware(dt: datetime) -> None:
    if dt.tzinfo is None or dt.utcoffset() is None:
        # A naive datetime could be UK or UTC; guessing would shift records by an hour.
        raise InvalidDate("This time has no time zone, so it cannot be placed accurately.")


def to_uk(dt: datetime) -> datetime:
    """Convert an aware datetime (normally UTC) to aware UK local time (Europe/London)."""
    _require_aware(dt)
    return dt.astimezone(UK_ZONE)


def uk_today(now: datetime | None = None) -> date:
    """Return today's date in the UK (not in UTC: they differ for an hour each summer night)."""
    return to_uk(now if now is not None else utc_now()).date()


def _offsets(d: date, t: time) -> tuple[timedelta | None, timedelta | None]:
    naive = datetime.combine(d, t.replace(tzinfo=None))
    first = naive.replace(tzinfo=UK_ZONE, fold=0).utcoffset()
    second = naive.replace(tzinfo=UK_ZONE, fold=1).utcoffset()
    return first, second


def _did_not_happen(d: date, t: time) -> bool:
    naive = datetime.combine(d, t.replace(tzinfo=None))
    round_trip = naive.replace(tzinfo=UK_ZONE).astimezone(UTC).astimezone(UK_ZONE)
    return round_trip.replace(tzinfo=None) != naive


def is_ambiguous_uk_time(d: date, t: time) -> bool:
    """Say whether this UK wall-clock time happened twice (the October clock change)."""
    if _did_not_happen(d, t):
        return False
    first, second = _offsets(d, t)
    return first != second


def uk_local_to_utc(d: date, t: time, *, later: bool = False) -> datetime:
    """Convert a UK wall-clock date and time to an aware UTC datetime.

    In October 01:00-01:59 happens twice: ``later=True`` picks the second time (GMT),
    otherwise the first (BST). In March 01:00-01:59 never happens, and InvalidDate says so.
    """
    if _did_not_happen(d, t):
        raise InvalidDate(f"{t:%H:%M} on {format_date(d)} did not happen in the UK: clocks went forward.")
    naive = datetime.combine(d, t.replace(tzinfo=None))
    local = naive.replace(tzinfo=UK_ZONE, fold=1 if later else 0)
    return local.astimezone(UTC)


def format_date(d: date) -> str:
    """Return a date as ``dd/mm/yyyy``."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def format_time(dt: datetime) -> str:
    """Return the UK local time of an aware datetime as 24-hour ``HH:MM``."""
    local = to_uk(dt)
    return f"{local.hour:02d}:{local.minute:02d}"


def format_datetime(dt: datetime) -> str:
    """Return an aware datetime as ``dd/mm/yyyy HH:MM`` in UK local time (24-hour)."""
    local = to_uk(dt)
    return f"{format_date(local.date())} {local.hour:02d}:{local.minute:02d}"


_DATE_PATTERN = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")
_EXAMPLE = "please write it as day/month/year, for example 14/03/2023."


def parse_date(text: str) -> date:
    """Read a UK date written ``dd/mm/yyyy`` or ``d/m/yyyy``; raise InvalidDate otherwise.

    Month-first (US) order is never guessed: 03/14/2023 is rejected, not swapped.
    """
    stripped = text.strip()
    if not stripped:
        raise InvalidDate("Please enter a date as day/month/year, for example 14/03/2023.")
    match = _DATE_PATTERN.fullmatch(stripped)
    if match is None:
        raise InvalidDate(f"“{stripped[:20]}” is not a date in the expected form: {_EXAMPLE}")
    day, month, year = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        raise InvalidDate(f"There is no month {month}: {_EXAMPLE}")
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidDate(f"{MONTH_NAMES[month - 1]} {year} has no day {day}; please check the date.") from None


def as_utc(value: datetime) -> datetime:
    """An aware instant converted to UTC; a naive one is refused, since it cannot be placed."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidDate("This time has no time zone, so it cannot be placed accurately.")
    # Stored in UTC whatever zone it arrived in, so equal instants compare equal.
    return value.astimezone(UTC)


# A model field holding an instant: always aware, always UTC.
UtcDatetime = Annotated[datetime, AfterValidator(as_utc)]
