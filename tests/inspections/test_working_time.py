"""Due times in working time: weekends, bank holidays (substitute days and moved ones come
from the holidays library) and working hours (9 to 5 in the test settings)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from inspections.working_time import (
    add_working_days,
    add_working_hours,
    is_working_day,
)

pytestmark = pytest.mark.dates


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A wall-clock time in the portal's time zone (London)."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=timezone.get_current_timezone())


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (dt.date(2026, 11, 23), True),  # a Monday
        (dt.date(2026, 11, 28), False),  # a Saturday
        (dt.date(2026, 4, 3), False),  # Good Friday
        (dt.date(2026, 4, 6), False),  # Easter Monday
        (dt.date(2026, 12, 28), False),  # Boxing Day falls on a Saturday: Monday instead
        (dt.date(2020, 5, 4), True),  # the first Monday in May 2020 was a working day...
        (dt.date(2020, 5, 8), False),  # ...because the bank holiday moved to VE Day
        (dt.date(2022, 5, 30), True),  # spring bank holiday 2022 moved from this Monday...
        (dt.date(2022, 6, 2), False),  # ...to the Thursday before the Jubilee
        (dt.date(2022, 6, 3), False),
        (dt.date(2022, 9, 19), False),  # the Queen's funeral
        (dt.date(2023, 5, 8), False),  # the coronation
    ],
)
def test_working_days_in_england_and_wales(day: dt.date, working: bool) -> None:
    assert is_working_day(day) is working


def test_working_days_skip_weekends_and_bank_holidays() -> None:
    assert add_working_days(dt.date(2026, 11, 27), 1) == dt.date(2026, 11, 30)  # Fri -> Mon
    assert add_working_days(dt.date(2026, 4, 2), 1) == dt.date(2026, 4, 7)  # over Easter
    assert add_working_days(dt.date(2026, 12, 24), 1) == dt.date(2026, 12, 29)  # over Christmas
    assert add_working_days(dt.date(2020, 5, 7), 1) == dt.date(2020, 5, 11)  # over VE Day
    assert add_working_days(dt.date(2026, 11, 28), 0) == dt.date(2026, 11, 30)  # Sat, 0 -> Mon
    assert add_working_days(dt.date(2026, 11, 23), 0) == dt.date(2026, 11, 23)


def test_working_hours_stop_at_the_end_of_the_day_and_restart_the_next_working_day() -> None:
    assert add_working_hours(at(2026, 11, 23, 10, 5), 2) == at(2026, 11, 23, 12, 5)
    assert add_working_hours(at(2026, 11, 23, 16, 0), 3) == at(2026, 11, 24, 11, 0)
    assert add_working_hours(at(2026, 11, 27, 16, 0), 3) == at(2026, 11, 30, 11, 0)  # weekend
    assert add_working_hours(at(2026, 11, 23, 7, 30), 1) == at(2026, 11, 23, 10, 0)  # early
    assert add_working_hours(at(2026, 11, 23, 19, 0), 1) == at(2026, 11, 24, 10, 0)  # late
    assert add_working_hours(at(2026, 11, 28, 12, 0), 1) == at(2026, 11, 30, 10, 0)  # Saturday
    # Christmas Eve afternoon 2021: Christmas and Boxing Day fell at the weekend, so the
    # 27th and 28th were bank holidays.
    assert add_working_hours(at(2021, 12, 24, 15, 0), 4) == at(2021, 12, 29, 11, 0)
    # A whole working day is eight hours here: 5pm the day after tomorrow for 16 hours.
    assert add_working_hours(at(2026, 11, 23, 17, 0), 16) == at(2026, 11, 25, 17, 0)


def test_working_hours_across_the_clocks_going_back() -> None:
    # Friday 30 October 2026 4pm + 2 working hours: Monday 2 November 10am, local time.
    assert add_working_hours(at(2026, 10, 30, 16, 0), 2) == at(2026, 11, 2, 10, 0)


def test_counting_backwards_is_refused() -> None:
    with pytest.raises(ValueError, match="forwards"):
        add_working_days(dt.date(2026, 11, 23), -1)
    with pytest.raises(ValueError, match="forwards"):
        add_working_hours(at(2026, 11, 23, 10), -1)
