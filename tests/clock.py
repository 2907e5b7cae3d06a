"""Moments for tests to freeze the clock at. No test may depend on the real date or time
of day (tests/README.md): a test that reads "now" freezes it at one of these, or at a
moment built the same way, with time-machine's `time_machine` fixture or `travel`."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def london(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A wall-clock time in the portal's time zone on `day` (10:00 unless told)."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)
