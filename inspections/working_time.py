"""Working days and working hours in England and Wales, for protocol due times.

Bank holidays come from the maintained `holidays` library (England; Wales has the same
days), so substitute days and one-off holidays such as a coronation are right without a
hand-typed list. Working hours are the organisation's office day (settings).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
from django.conf import settings
from django.utils import timezone


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """The first working day after `day`."""
    day += dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def add_working_days(day: dt.date, days: int) -> dt.date:
    """`days` working days after `day`; with 0, `day` itself if it is a working day,
    else the next one."""
    if days < 0:
        raise ValueError("Count working days forwards only.")
    if not is_working_day(day):
        day = next_working_day(day)
    for _ in range(days):
        day = next_working_day(day)
    return day


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def start_of_working_day(day: dt.date) -> dt.datetime:
    return _at(day, settings.PORTAL_WORKING_HOURS[0])


def end_of_working_day(day: dt.date) -> dt.datetime:
    return _at(day, settings.PORTAL_WORKING_HOURS[1])


def add_working_hours(moment: dt.datetime, hours: int) -> dt.datetime:
    """`hours` of working time after `moment`. Time outside working hours does not
    count: a call at 4pm with three hours to answer is due at 11am the next working day."""
    if hours < 0:
        raise ValueError("Count working hours forwards only.")
    moment = timezone.localtime(moment)
    day = moment.date()
    if not is_working_day(day) or moment > end_of_working_day(day):
        day = next_working_day(day)
        moment = start_of_working_day(day)
    elif moment < start_of_working_day(day):
        moment = start_of_working_day(day)
    left = dt.timedelta(hours=hours)
    while True:
        room = end_of_working_day(day) - moment
        if left <= room:
            return moment + left
        left -= room
        day = next_working_day(day)
        moment = start_of_working_day(day)
