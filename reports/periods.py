"""The periods a report covers: a school term or an academic year.

Term dates differ between schools and local authorities, so the portal uses the same
three whole-month terms for everyone, and says so in every report's method note:
autumn (September to December), spring (January to March) and summer (April to August).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

TERMS = (
    ("autumn", "Autumn term", 9, 12),
    ("spring", "Spring term", 1, 3),
    ("summer", "Summer term", 4, 8),
)


@dataclass(frozen=True)
class Period:
    key: str  # "2026-autumn" or "2025-26"
    label: str
    starts_on: dt.date
    ends_on: dt.date


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def term_of(day: dt.date) -> Period:
    """The term that `day` falls in."""
    for key, label, first, last in TERMS:
        if first <= day.month <= last:
            return Period(
                f"{day.year}-{key}",
                f"{label} {day.year}",
                dt.date(day.year, first, 1),
                _month_end(day.year, last),
            )
    raise AssertionError("every month is in a term")


def year_of(day: dt.date) -> Period:
    """The academic year (September to August) that `day` falls in."""
    start = day.year if day.month >= 9 else day.year - 1
    return Period(
        f"{start}-{str(start + 1)[2:]}",
        f"Academic year {start} to {start + 1}",
        dt.date(start, 9, 1),
        dt.date(start + 1, 8, 31),
    )


def recent_periods(today: dt.date, *, terms: int = 6, years: int = 3) -> list[Period]:
    """The current and recent terms, then the current and recent academic years."""
    found: list[Period] = []
    day = today
    while len(found) < terms:
        term = term_of(day)
        found.append(term)
        day = term.starts_on - dt.timedelta(days=1)
    day = today
    for _ in range(years):
        year = year_of(day)
        found.append(year)
        day = year.starts_on - dt.timedelta(days=1)
    return found


def period_by_key(key: str, today: dt.date) -> Period | None:
    return next((p for p in recent_periods(today) if p.key == key), None)


def last_finished_term(today: dt.date) -> Period:
    return term_of(term_of(today).starts_on - dt.timedelta(days=1))


def period_to_offer(periods: list[Period], data_on: list[dt.date]) -> Period:
    """The period a request form starts on: the current term (the first of `periods`)
    if anything happened in it (`data_on`: the days the user's survey data falls on) or
    nothing happened in any; otherwise the latest term with something in it."""
    names = {key for key, *_ in TERMS}
    terms = [p for p in periods if p.key.rsplit("-", 1)[-1] in names] or periods
    for term in terms:
        if any(term.starts_on <= day <= term.ends_on for day in data_on):
            return term
    return terms[0]
