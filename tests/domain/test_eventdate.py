"""Event dates with precision: display, ordering, validation and the future."""

from datetime import UTC, date, datetime

import pydantic
import pytest

from safeguard_desktop.domain.errors import InvalidDate, first_error_message
from safeguard_desktop.domain.eventdate import DatePrecision, EventDate, check_not_future

NOW = datetime(2024, 6, 15, 12, 0, tzinfo=UTC)


def test_display_for_each_precision() -> None:
    # 15:20 UTC in July is 16:20 BST.
    assert EventDate.exact(datetime(2023, 7, 14, 15, 20, tzinfo=UTC)).display() == ("14/07/2023 16:20")
    assert EventDate.exact(datetime(2023, 3, 14, 15, 20, tzinfo=UTC)).display() == ("14/03/2023 15:20")
    assert EventDate.on_day(date(2023, 3, 14)).display() == "14/03/2023"
    assert EventDate.in_month(2023, 3).display() == "March 2023"
    assert EventDate.in_year(2023).display() == "2023"
    assert EventDate.in_month(2023, 3, approximate=True).display() == "around March 2023"


def test_exact_uses_uk_calendar_day() -> None:
    # 23:30 UTC on 30 June is 00:30 on 1 July in the UK.
    ed = EventDate.exact(datetime(2023, 6, 30, 23, 30, tzinfo=UTC))
    assert (ed.year, ed.month, ed.day) == (2023, 7, 1)
    assert ed.precision is DatePrecision.TIME


@pytest.mark.parametrize(
    "fields",
    [
        {"precision": "month", "year": 2023, "month": 3, "day": 14},
        {"precision": "year", "year": 2023, "month": 3},
        {"precision": "day", "year": 2023, "month": 3},
        {"precision": "day", "year": 2023, "month": 2, "day": 30},
        {"precision": "month", "year": 2023, "month": 13},
        {"precision": "year", "year": 203},
        {"precision": "time", "year": 2023, "month": 3, "day": 14},
        {
            "precision": "day",
            "year": 2023,
            "month": 3,
            "day": 14,
            "time_utc": datetime(2023, 3, 14, 9, 0, tzinfo=UTC),
        },
        {
            "precision": "time",
            "year": 2023,
            "month": 3,
            "day": 15,
            "time_utc": datetime(2023, 3, 14, 9, 0, tzinfo=UTC),
        },
        {
            "precision": "time",
            "year": 2023,
            "month": 3,
            "day": 14,
            "time_utc": datetime(2023, 3, 14, 9, 0),
        },
    ],
)
def test_inconsistent_fields_rejected(fields: dict[str, object]) -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        EventDate.model_validate(fields)
    message = first_error_message(caught.value)
    assert message.endswith(".")
    assert "Value error" not in message


def test_false_exact_date_message_is_clear() -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        EventDate.model_validate({"precision": "month", "year": 2023, "month": 3, "day": 14})
    assert first_error_message(caught.value) == ("A date known to the month has a month and year but no day.")


def test_time_is_stored_in_utc() -> None:
    from datetime import timedelta, timezone

    plus_two = timezone(timedelta(hours=2))
    ed = EventDate.exact(datetime(2023, 3, 14, 17, 20, tzinfo=plus_two))
    assert ed.time_utc == datetime(2023, 3, 14, 15, 20, tzinfo=UTC)
    assert ed.time_utc is not None and ed.time_utc.utcoffset() == timedelta(0)


def test_frozen() -> None:
    ed = EventDate.in_year(2020)
    with pytest.raises(pydantic.ValidationError):
        ed.year = 2021  # type: ignore[misc]


def test_sort_key_earliest_point_then_precision() -> None:
    dates = [
        EventDate.in_year(2023),
        EventDate.on_day(date(2023, 1, 1)),
        EventDate.in_month(2023, 1),
        EventDate.exact(datetime(2022, 12, 31, 23, 0, tzinfo=UTC)),
        EventDate.on_day(date(2022, 6, 1)),
    ]
    ordered = sorted(dates, key=EventDate.sort_key)
    assert [d.display() for d in ordered] == [
        "01/06/2022",
        "31/12/2022 23:00",
        "01/01/2023",
        "January 2023",
        "2023",
    ]


def test_is_in_future_uses_earliest_point() -> None:
    assert not EventDate.in_year(2024).is_in_future(NOW)
    assert not EventDate.in_month(2024, 6).is_in_future(NOW)
    assert EventDate.in_month(2024, 7).is_in_future(NOW)
    assert EventDate.on_day(date(2024, 6, 16)).is_in_future(NOW)
    assert not EventDate.on_day(date(2024, 6, 15)).is_in_future(NOW)
    assert EventDate.exact(datetime(2024, 6, 15, 12, 1, tzinfo=UTC)).is_in_future(NOW)
    assert EventDate.in_year(2025).is_in_future(NOW)


def test_check_not_future() -> None:
    check_not_future(EventDate.in_year(2024), NOW)
    with pytest.raises(InvalidDate) as caught:
        check_not_future(EventDate.on_day(date(2024, 7, 1)), NOW)
    assert "01/07/2024 is in the future" in caught.value.message


def test_json_round_trip() -> None:
    ed = EventDate.exact(datetime(2023, 3, 14, 15, 20, tzinfo=UTC), approximate=True)
    assert EventDate.model_validate_json(ed.model_dump_json()) == ed
