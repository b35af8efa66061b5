"""UK dates and times, including both clock changes."""

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from safeguard_desktop.domain.errors import InvalidDate
from safeguard_desktop.domain.ukdates import (
    format_date,
    format_datetime,
    is_ambiguous_uk_time,
    parse_date,
    to_uk,
    uk_local_to_utc,
    uk_today,
    utc_now,
)


def test_utc_now_is_aware_utc() -> None:
    now = utc_now()
    assert now.utcoffset() == timedelta(0)


def test_to_uk_in_summer_is_bst() -> None:
    local = to_uk(datetime(2023, 7, 1, 12, 0, tzinfo=UTC))
    assert (local.hour, local.utcoffset()) == (13, timedelta(hours=1))


def test_to_uk_rejects_naive() -> None:
    with pytest.raises(InvalidDate):
        to_uk(datetime(2023, 7, 1, 12, 0))


def test_october_repeated_hour_first_and_second() -> None:
    d, t = date(2025, 10, 26), time(1, 30)
    assert is_ambiguous_uk_time(d, t)
    assert uk_local_to_utc(d, t) == datetime(2025, 10, 26, 0, 30, tzinfo=UTC)
    assert uk_local_to_utc(d, t, later=True) == datetime(2025, 10, 26, 1, 30, tzinfo=UTC)


def test_march_missing_hour_raises_clear_message() -> None:
    with pytest.raises(InvalidDate) as caught:
        uk_local_to_utc(date(2025, 3, 30), time(1, 30))
    assert caught.value.message.startswith("01:30 on 30/03/2025 did not happen in the UK: clocks went forward")
    assert not is_ambiguous_uk_time(date(2025, 3, 30), time(1, 30))


def test_times_either_side_of_march_change() -> None:
    assert uk_local_to_utc(date(2025, 3, 30), time(0, 59)) == datetime(2025, 3, 30, 0, 59, tzinfo=UTC)
    assert uk_local_to_utc(date(2025, 3, 30), time(2, 0)) == datetime(2025, 3, 30, 1, 0, tzinfo=UTC)


def test_ordinary_time_not_ambiguous() -> None:
    assert not is_ambiguous_uk_time(date(2025, 10, 26), time(2, 30))
    assert not is_ambiguous_uk_time(date(2025, 6, 1), time(1, 30))


def test_format_date_and_datetime() -> None:
    assert format_date(date(2023, 3, 4)) == "04/03/2023"
    # 14:20 UTC in March 2023 (before the change on 26 March) is 14:20 GMT.
    assert format_datetime(datetime(2023, 3, 14, 14, 20, tzinfo=UTC)) == "14/03/2023 14:20"
    # Late on a summer evening in UTC is already the next day in the UK.
    assert format_datetime(datetime(2023, 6, 30, 23, 30, tzinfo=UTC)) == "01/07/2023 00:30"
    other_zone = timezone(timedelta(hours=-5))
    assert format_datetime(datetime(2023, 1, 10, 9, 0, tzinfo=other_zone)) == "10/01/2023 14:00"


def test_uk_today_uses_uk_date() -> None:
    assert uk_today(datetime(2023, 6, 30, 23, 30, tzinfo=UTC)) == date(2023, 7, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14/03/2023", date(2023, 3, 14)),
        ("4/3/2023", date(2023, 3, 4)),
        (" 01/12/2020 ", date(2020, 12, 1)),
        ("29/02/2024", date(2024, 2, 29)),
    ],
)
def test_parse_date_valid(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("03/14/2023", "no month 14"),
        ("29/02/2023", "February 2023 has no day 29"),
        ("2023-03-14", "day/month/year"),
        ("14/03/23", "day/month/year"),
        ("", "Please enter a date"),
        ("yesterday", "day/month/year"),
    ],
)
def test_parse_date_invalid(text: str, fragment: str) -> None:
    with pytest.raises(InvalidDate) as caught:
        parse_date(text)
    assert fragment in caught.value.message


def test_model_instants_are_aware_and_stored_in_utc() -> None:
    # One shared field type: both models refuse a naive time and keep UTC.
    from datetime import datetime, timedelta, timezone

    import pydantic
    import pytest

    from safeguard_desktop.domain.categories import InformedParty
    from safeguard_desktop.domain.concern import InformedRecord
    from safeguard_desktop.domain.eventdate import EventDate

    bst = timezone(timedelta(hours=1))
    told = InformedRecord(party=InformedParty.DSL, when=datetime(2024, 6, 3, 9, 30, tzinfo=bst))
    assert told.when == datetime(2024, 6, 3, 8, 30, tzinfo=UTC) and told.when.tzinfo is UTC
    assert EventDate.exact(datetime(2024, 6, 3, 9, 30, tzinfo=bst)).time_utc.hour == 8
    for build in (
        lambda: InformedRecord(party=InformedParty.DSL, when=datetime(2024, 6, 3, 9, 30)),
        lambda: EventDate(precision="time", year=2024, month=6, day=3, time_utc=datetime(2024, 6, 3, 9, 30)),
    ):
        with pytest.raises(pydantic.ValidationError, match="no time zone"):
            build()
