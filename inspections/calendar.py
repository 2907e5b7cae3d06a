"""A person's due contacts as an iCalendar feed, for their own calendar app."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from icalendar import Alarm, Calendar, Event

from wellbeing_portal.people.models import User

from .models import ExpectedContact


def ics_for(*, user: User, items: list[ExpectedContact]) -> bytes:
    """One 15-minute event up to each due time, with a reminder when it starts. Names
    the school and the step, not the record's confidential details: calendars are often
    shared with assistants."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.PORTAL_NAME}//Inspection contacts//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{settings.PORTAL_NAME}: inspection contacts")
    host = settings.PORTAL_BASE_URL.split("//", 1)[-1]
    stamp = timezone.now()
    for item in items:
        assert item.due_at is not None
        event = Event()
        event.add("uid", f"expected-{item.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due_at - dt.timedelta(minutes=15))
        event.add("dtend", item.due_at)
        event.add("summary", f"{item.inspection.school.name}: {item.step.description}")
        event.add("url", f"{settings.PORTAL_BASE_URL}/inspections/{item.inspection_id}/")
        event.add_component(_reminder(event["summary"]))
        calendar.add_component(event)
    return calendar.to_ical()


def _reminder(summary: str) -> Alarm:
    """A reminder as the event starts, 15 minutes before the contact is due (a calendar
    app that honours subscribed calendars' alarms shows it)."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Due in 15 minutes: {summary}")
    alarm.add("trigger", dt.timedelta(0))
    return alarm
