"""Dates of events known only as precisely as they are known: never a false exact date."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Annotated, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationInfo, model_validator

from safeguard_desktop.domain.errors import InvalidDate
from safeguard_desktop.domain.records import checks_the_clock
from safeguard_desktop.domain.ukdates import (
    MONTH_NAMES,
    UtcDatetime,
    format_date,
    format_datetime,
    to_uk,
    uk_local_to_utc,
    utc_now,
)

__all__ = ["DatePrecision", "EventDate", "PastEventDate", "check_not_future"]

# Wide enough for an adult's childhood history, narrow enough to catch typos such as 0223.
MIN_YEAR = 1900
MAX_YEAR = 2200


class DatePrecision(StrEnum):
    """How precisely an event's date is known."""

    TIME = "time"
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


_PRECISION_RANK = {
    DatePrecision.TIME: 0,
    DatePrecision.DAY: 1,
    DatePrecision.MONTH: 2,
    DatePrecision.YEAR: 3,
}


class EventDate(BaseModel):
    """When something happened, to the precision it is known (exact time, day, month or year)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    precision: DatePrecision
    year: int
    month: int | None = None
    day: int | None = None
    time_utc: UtcDatetime | None = None
    approximate: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise InvalidDate(f"The year {self.year} does not look right; please check it.")
        if self.month is not None and not 1 <= self.month <= 12:
            raise InvalidDate(f"There is no month {self.month}; please check the date.")
        precision = self.precision
        needs_month = precision in (DatePrecision.TIME, DatePrecision.DAY, DatePrecision.MONTH)
        needs_day = precision in (DatePrecision.TIME, DatePrecision.DAY)
        # Each check below stops a vaguer date being stored as if it were exact.
        if needs_month != (self.month is not None):
            raise InvalidDate(_precision_message(precision))
        if needs_day != (self.day is not None):
            raise InvalidDate(_precision_message(precision))
        if (precision is DatePrecision.TIME) != (self.time_utc is not None):
            raise InvalidDate(_precision_message(precision))
        if self.month is not None and self.day is not None:
            try:
                day = date(self.year, self.month, self.day)
            except ValueError:
                raise InvalidDate(
                    f"{MONTH_NAMES[self.month - 1]} {self.year} has no day {self.day}; please check the date."
                ) from None
            if self.time_utc is not None and to_uk(self.time_utc).date() != day:
                raise InvalidDate("The time does not fall on the date given; please check.")
        return self

    @classmethod
    def exact(cls, dt_utc: datetime, *, approximate: bool = False) -> EventDate:
        """Build an event date for an exact instant (an aware datetime, normally UTC)."""
        local = to_uk(dt_utc)
        return cls(
            precision=DatePrecision.TIME,
            year=local.year,
            month=local.month,
            day=local.day,
            time_utc=dt_utc.astimezone(UTC),
            approximate=approximate,
        )

    @classmethod
    def on_day(cls, d: date, *, approximate: bool = False) -> EventDate:
        """Build an event date known to the day."""
        return cls(
            precision=DatePrecision.DAY,
            year=d.year,
            month=d.month,
            day=d.day,
            approximate=approximate,
        )

    @classmethod
    def in_month(cls, year: int, month: int, *, approximate: bool = False) -> EventDate:
        """Build an event date known only to the month."""
        return cls(precision=DatePrecision.MONTH, year=year, month=month, approximate=approximate)

    @classmethod
    def in_year(cls, year: int, *, approximate: bool = False) -> EventDate:
        """Build an event date known only to the year."""
        return cls(precision=DatePrecision.YEAR, year=year, approximate=approximate)

    def display(self) -> str:
        """Return the date as a practitioner reads it, e.g. ``around March 2023``."""
        prefix = "around " if self.approximate else ""
        if self.time_utc is not None:
            text = format_datetime(self.time_utc)
        elif self.day is not None and self.month is not None:
            text = format_date(date(self.year, self.month, self.day))
        elif self.month is not None:
            text = f"{MONTH_NAMES[self.month - 1]} {self.year}"
        else:
            text = str(self.year)
        return prefix + text

    def earliest_utc(self) -> datetime:
        """Return the earliest instant this date could mean, as an aware UTC datetime."""
        if self.time_utc is not None:
            return self.time_utc
        start = date(self.year, self.month or 1, self.day or 1)
        # Midnight is never in the UK's missing hour (that is 01:00), so this cannot fail.
        return uk_local_to_utc(start, time(0, 0))

    def sort_key(self) -> tuple[datetime, int]:
        """Order by the earliest possible point, then the more precise date first."""
        return (self.earliest_utc(), _PRECISION_RANK[self.precision])

    def is_in_future(self, now: datetime | None = None) -> bool:
        """Say whether even the earliest point this date could mean is after ``now``."""
        return self.earliest_utc() > (now if now is not None else utc_now())


def _precision_message(precision: DatePrecision) -> str:
    messages = {
        DatePrecision.TIME: "An exact time needs the day, month, year and time.",
        DatePrecision.DAY: "A date known to the day needs the day, month and year, and no time.",
        DatePrecision.MONTH: "A date known to the month has a month and year but no day.",
        DatePrecision.YEAR: "A date known to the year has a year but no month or day.",
    }
    return messages[precision]


def check_not_future(ed: EventDate, now: datetime | None = None) -> None:
    """Raise InvalidDate when the event date is in the future: events are recorded afterwards."""
    if ed.is_in_future(now):
        raise InvalidDate(f"{ed.display()} is in the future; please check the date.")


def _not_future(value: EventDate, info: ValidationInfo) -> EventDate:
    if checks_the_clock(info):
        check_not_future(value)
    return value


# When something happened, for a record made now: it cannot lie in the future.
PastEventDate = Annotated[EventDate, AfterValidator(_not_future)]
