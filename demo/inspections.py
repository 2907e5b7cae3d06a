"""Demo inspections in every phase, built through the same services as real ones: one just
notified with its first contact overdue, one before and one during the inspection, one
after it with an open conduct concern and a support plan, and one closed. Oakfield is
left free so that its head can log a call. Safe to run again: a school that already has
an inspection is left alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.apps import apps as django_apps
from django.db import transaction
from django.utils import timezone

from inspections import protocol_defaults, selectors, services
from inspections.models import EvaluationArea, Grade, Inspection
from inspections.working_time import add_working_days, is_working_day
from wellbeing_portal.people.models import School, User
from wellbeing_portal.people.selectors import head_of

OFFICER = "officer@riverside.example.org"
SENIOR = "senior@riverside.example.org"
LA_OFFICER = "officer@northshire.example.org"
LA_SENIOR = "senior@northshire.example.org"


def _working_days_ago(days: int) -> dt.date:
    day = timezone.localdate()
    for _ in range(days):
        day -= dt.timedelta(days=1)
        while not is_working_day(day):
            day -= dt.timedelta(days=1)
    return day


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _log(school: School, by: User, call: dt.datetime, **data: Any) -> Inspection:
    return services.inspection_log(
        school=school,
        logged_by=by,
        **{
            "call_received_at": call,
            "inspection_type": Inspection.Type.FULL,
            "expected_start": add_working_days(call.date(), 1),
            "expected_days": 2,
            "lead_inspector": "Ann Inspector",
            "senior_inspector_number": "0300 123 4666",
            **data,
        },
    )


def _contact(inspection: Inspection, by: User, starts: str, when: dt.datetime, notes: str) -> None:
    """Log a contact against the open item whose description starts with `starts`."""
    item = inspection.expected_contacts.filter(
        step__description__startswith=starts, done_at__isnull=True
    ).first()
    services.contact_log(
        inspection=inspection,
        by=by,
        answers=item,
        happened_at=when,
        with_whom=inspection.head.full_name,
        channel="phone",
        phase=item.step.phase if item else "before",
        notes=notes,
    )


def _move(inspection: Inspection, *phases: str) -> None:
    for phase in phases:
        services.inspection_phase_set(inspection=inspection, phase=phase)


def _notified(school: School, people: dict[str, User]) -> None:
    """Called yesterday afternoon; nobody has acknowledged it yet (overdue)."""
    _log(
        school,
        head_of(school) or people[OFFICER],
        _at(_working_days_ago(1), 14, 30),
        worries="Our business manager is on leave this week.",
    )


def _before(school: School, people: dict[str, User]) -> None:
    day = _working_days_ago(1)
    inspection = _log(school, people[OFFICER], _at(day, 10, 5))
    _move(inspection, "before")
    _contact(
        inspection, people[OFFICER], "Acknowledge", _at(day, 11, 0), "Talked through our role."
    )
    _contact(
        inspection,
        people[OFFICER],
        "Agree with the head",
        _at(day, 12, 30),
        "Text at 5pm each day.",
    )


def _during(school: School, people: dict[str, User]) -> None:
    call = _at(_working_days_ago(2), 10, 5)
    inspection = _log(
        school, people[OFFICER], call, worries="I have not slept well since the call."
    )
    _move(inspection, "before", "during")
    officer = people[OFFICER]
    _contact(
        inspection,
        officer,
        "Acknowledge",
        call + dt.timedelta(minutes=50),
        "Head anxious but clear.",
    )
    _contact(
        inspection, officer, "Agree with the head", call + dt.timedelta(hours=2), "Calls at 5pm."
    )
    _contact(
        inspection, people[SENIOR], "Agree between", call + dt.timedelta(hours=2, minutes=30), ""
    )
    services.contact_log(
        inspection=inspection,
        by=officer,
        answers=inspection.expected_contacts.filter(day=0, step__anchor="each_day").first(),
        happened_at=_at(_working_days_ago(1), 17, 10),
        with_whom=inspection.head.full_name,
        channel="phone",
        phase="during",
        notes="A hard first day; the head is exhausted and worried about tomorrow.",
        wellbeing_flag=True,
    )


def _after(school: School, people: dict[str, User]) -> None:
    call = _at(_working_days_ago(6), 10, 5)
    officer, senior = people[OFFICER], people[SENIOR]
    inspection = _log(school, officer, call, worries="Two senior leaders are off sick this week.")
    _move(inspection, "before", "during")
    _contact(inspection, officer, "Acknowledge", call + dt.timedelta(minutes=40), "")
    _contact(inspection, senior, "Agree between", call + dt.timedelta(hours=2), "")
    _contact(inspection, officer, "Agree with the head", call + dt.timedelta(hours=3), "")
    last_day = add_working_days(inspection.expected_start, 1)
    services.concern_raise(
        inspection=inspection,
        by=inspection.head,
        category="conduct",
        severity="high",
        description="An inspector spoke sharply to a newly qualified teacher in front "
        "of her class and would not hear the head's explanation.",
    )
    for day in (0, 1):
        _contact(
            inspection, officer, "Check in with the head at the end",
            _at(add_working_days(inspection.expected_start, day), 17, 15), "",
        )  # fmt: skip
    services.inspection_dates_save(inspection=inspection, final_feedback_at=_at(last_day, 15, 30))
    _contact(inspection, officer, "Attend final feedback", _at(last_day, 16, 30), "Attended.")
    areas = list(EvaluationArea.objects.filter(framework=selectors.framework_for(inspection)))
    grades: dict[int, int | None] = {}
    for area in areas:
        label = {"Safeguarding": "Met", "Leadership and governance": "Needs attention"}.get(
            area.name, "Expected standard"
        )
        if area.name not in ("Early years", "Sixth form") or school.phase == "all_through":
            grades[area.pk] = Grade.objects.get(scale=area.scale, label=label).pk
    services.outcome_save(inspection=inspection, grades=grades, areas=areas)
    _move(inspection, "after")


def _closed(school: School, people: dict[str, User]) -> None:
    call = _at(_working_days_ago(70), 10, 5)
    officer, senior = people[LA_OFFICER], people[LA_SENIOR]
    inspection = _log(school, officer, call)
    _move(inspection, "before", "during", "after")
    for starts in ("Acknowledge", "Agree with the head", "Buddy check-in"):
        _contact(inspection, officer, starts, call + dt.timedelta(hours=1), "")
    final = _at(add_working_days(inspection.expected_start, 1), 15, 0)
    services.inspection_dates_save(
        inspection=inspection,
        final_feedback_at=final,
        draft_report_received_on=add_working_days(final.date(), 15),
        report_published_on=add_working_days(final.date(), 30),
    )
    services.feedback_save(
        inspection=inspection,
        by=officer,
        answers={
            q: "Clear and courteous throughout." for q in selectors.feedback_questions(inspection)
        },
    )
    services.learning_review_save(
        inspection=inspection,
        by=senior,
        held_on=add_working_days(final.date(), 35),
        attendees="Head, chair of governors, link officer, senior officer",
        what_happened="A two-day full inspection; the head felt well supported.",
        what_helped="The end-of-day calls, and a buddy who had been through it.",
        what_we_will_change="Send the protocol to every head at the start of the year.",
    )
    _move(inspection, "closed")


# School URN: how its demo inspection is built.
BUILDERS: dict[str, Callable[[School, dict[str, User]], None]] = {
    "900102": _notified,
    "900104": _before,
    "900105": _during,
    "900103": _after,
    "900202": _closed,
}


@transaction.atomic
def seed_inspections() -> int:
    # The framework is loaded by a migration; a database flushed since (tests) lacks it.
    protocol_defaults.install_framework_and_forms(django_apps)
    people = {
        u.email: u for u in User.objects.filter(email__in=[OFFICER, SENIOR, LA_OFFICER, LA_SENIOR])
    }
    if len(people) < 4:
        return Inspection.objects.count()
    for urn, build in BUILDERS.items():
        school = School.objects.filter(urn=urn).select_related("responsible_body").first()
        if school is not None and not Inspection.objects.filter(school=school).exists():
            build(school, people)
    return Inspection.objects.count()
