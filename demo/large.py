"""`seed_demo --scale large`: an organisation big enough to measure the portal under load.

Northgate Schools Partnership: 200 schools, 100 staff each (20,000 staff), a head and a
link officer per school, a senior officer and a wellbeing lead, 10 closed and published
staff survey waves with answers, one open wave with open links, and 500 inspections (450
closed, 50 under way in every phase, their timelines built by the inspection services).

Rows are written with bulk inserts and one password hash shared by every login: what the
data is for is reading and submitting, not the writing of it. Run once on an empty
database; a second run finds the organisation and does nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from wellbeing_portal.people.models import (
    Membership,
    OfficerAssignment,
    Organisation,
    Role,
    School,
    User,
)

SLUG = "northgate"
SCHOOLS = 200
STAFF_PER_SCHOOL = 100
WAVES = 10
INSPECTIONS = 500
OPEN_INSPECTIONS = 50
LEAD = "lead@northgate.example.org"
SENIOR = "senior@northgate.example.org"


def head_email(index: int) -> str:
    return f"head{index:03d}@northgate.example.org"


def staff_email(school: int, n: int) -> str:
    return f"staff{school:03d}-{n:03d}@northgate.example.org"


def seed_large(
    *, password: str, say: Callable[[str], None] = lambda _: None, today: dt.date | None = None
) -> dict[str, int]:
    if Organisation.objects.filter(slug=SLUG).exists():
        say("Northgate Schools Partnership exists already: nothing to do.")
        return {}
    today = today or timezone.localdate()
    rng = random.Random(8)  # noqa: S311 - demo data
    with transaction.atomic():
        org, schools = _people(password, say)
    with transaction.atomic():
        responses, answers = _waves(org, schools, rng, today, say)
    inspections = _inspections(org, schools, rng, today, say)
    if connection.vendor == "postgresql":
        # Fresh bulk inserts have no planner statistics until autovacuum comes round.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "large-organisation schools": len(schools),
        "large-organisation staff": SCHOOLS * STAFF_PER_SCHOOL,
        "large-organisation waves": WAVES + 1,
        "large-organisation responses": responses,
        "large-organisation answers": answers,
        "large-organisation inspections": inspections,
    }


def _people(password: str, say: Callable[[str], None]) -> tuple[Organisation, list[School]]:
    org = Organisation.objects.create(
        name="Northgate Schools Partnership",
        slug=SLUG,
        kind=Organisation.Kind.TRUST,
        link_officer_title="School improvement partner",
    )
    schools = School.objects.bulk_create(
        School(
            name=f"Northgate School {i:03d}",
            urn=f"{800000 + i}",
            phase=School.Phase.PRIMARY if i % 4 else School.Phase.SECONDARY,
            responsible_body=org,
        )
        for i in range(SCHOOLS)
    )
    users = _users(make_password(password))
    User.objects.bulk_create(users, batch_size=5000)
    by_email = dict(
        User.objects.filter(email__endswith="@northgate.example.org").values_list("email", "pk")
    )
    _memberships(org, schools, by_email)
    say(f"  {len(schools)} schools, {len(users)} people")
    return org, schools


def _users(hashed: str) -> list[User]:
    """The lead, the senior officer, an officer per 20 schools, and each school's head and
    staff, every one with the same password hash."""
    users = [
        User(email=LEAD, full_name="Nadia Lead", password=hashed),
        User(email=SENIOR, full_name="Samuel Senior", password=hashed),
    ]
    users += [
        User(
            email=f"officer{i:02d}@northgate.example.org", full_name=f"Officer {i}", password=hashed
        )
        for i in range(SCHOOLS // 20)
    ]
    users += [
        User(email=head_email(i), full_name=f"Head {i}", password=hashed) for i in range(SCHOOLS)
    ]
    users += [
        User(email=staff_email(i, n), full_name=f"Staff {i}-{n}", password=hashed)
        for i in range(SCHOOLS)
        for n in range(STAFF_PER_SCHOOL)
    ]
    return users


def _memberships(org: Organisation, schools: list[School], by_email: dict[str, int]) -> None:
    memberships = [
        Membership(user_id=by_email[LEAD], role=Role.WELLBEING_LEAD, organisation=org),
        Membership(user_id=by_email[SENIOR], role=Role.SENIOR_OFFICER, organisation=org),
    ]
    officers = []
    for i in range(SCHOOLS // 20):
        officers.append(
            Membership(
                user_id=by_email[f"officer{i:02d}@northgate.example.org"],
                role=Role.LINK_OFFICER,
                organisation=org,
            )
        )
    memberships += officers
    for i, school in enumerate(schools):
        memberships.append(
            Membership(user_id=by_email[head_email(i)], role=Role.HEADTEACHER, school=school)
        )
        memberships += [
            Membership(user_id=by_email[staff_email(i, n)], role=Role.STAFF, school=school)
            for n in range(STAFF_PER_SCHOOL)
        ]
    Membership.objects.bulk_create(memberships, batch_size=5000)
    OfficerAssignment.objects.bulk_create(
        OfficerAssignment(membership=officers[i // 20], school=school)
        for i, school in enumerate(schools)
    )


def _waves(
    org: Organisation,
    schools: list[School],
    rng: random.Random,
    today: dt.date,
    say: Callable[[str], None],
) -> tuple[int, int]:
    from surveys import results, services
    from surveys.models import Answer, Response, Survey, Wave

    services.bank_load()
    survey = Survey.objects.get(organisation=None, key="staff-wellbeing")
    items = list(survey.items.all())
    groups = ("teaching", "support", "leadership")
    climate = [rng.uniform(2.8, 3.9) for _ in schools]
    first = today - dt.timedelta(days=60 * WAVES + 30)
    responses_n = answers_n = 0
    for w in range(WAVES):
        opens = first + dt.timedelta(days=60 * w)
        wave = Wave.objects.create(
            organisation=org,
            survey=survey,
            title=f"Staff wellbeing survey {w + 1}",
            roles=[Role.STAFF],
            opens_on=opens,
            closes_on=opens + dt.timedelta(days=20),
            status=Wave.Status.CLOSED,
            results_published=True,
        )
        wave.schools.set(schools)
        responses: list[Response] = []
        answers: list[Answer] = []
        for s, school in enumerate(schools):
            # Response rates vary; a few small groups fall under the threshold.
            answered = 4 if s % 23 == 0 else int(STAFF_PER_SCHOOL * rng.uniform(0.35, 0.65))
            for n in range(answered):
                response = Response(
                    id=uuid.uuid4(),
                    wave=wave,
                    school=school,
                    role_group=groups[n % 3],
                    submitted_on=opens + dt.timedelta(days=n % 14),
                    invited=True,  # staff who answered their invitations
                )
                responses.append(response)
                mean = climate[s] + 0.03 * w
                for item in items:
                    scored = max(1, min(5, round(rng.gauss(mean, 0.9))))
                    value = 6 - scored if item.reverse_scored else scored
                    answers.append(Answer(response=response, item=item, value=value, scored=scored))
        Response.objects.bulk_create(responses, batch_size=5000)
        Answer.objects.bulk_create(answers, batch_size=20000)
        results.result_set_freeze(wave=wave)  # what its pages show, worked out once
        responses_n += len(responses)
        answers_n += len(answers)
        say(f"  wave {w + 1}: {len(responses)} responses, {len(answers)} answers")
    _open_wave(org, survey, schools, today)
    return responses_n, answers_n


def _open_wave(org: Organisation, survey: Any, schools: list[School], today: dt.date) -> None:
    """One open wave, with an open link per school, for submissions."""
    from surveys.models import OpenLink, Wave

    wave = Wave.objects.create(
        organisation=org,
        survey=survey,
        title="Staff wellbeing survey, this term",
        roles=[Role.STAFF],
        opens_on=today - dt.timedelta(days=3),
        closes_on=today + dt.timedelta(days=30),
        status=Wave.Status.OPEN,
    )
    wave.schools.set(schools)
    OpenLink.objects.bulk_create(
        OpenLink(wave=wave, school=school, token=uuid.uuid4().hex) for school in schools
    )


def _inspections(
    org: Organisation,
    schools: list[School],
    rng: random.Random,
    today: dt.date,
    say: Callable[[str], None],
) -> int:
    from inspections import services
    from inspections.models import Inspection
    from inspections.working_time import add_working_days

    heads = dict(
        Membership.objects.filter(role=Role.HEADTEACHER, school__in=schools).values_list(
            "school_id", "user_id"
        )
    )
    senior = User.objects.get(email=SENIOR)
    closed = []
    for i in range(INSPECTIONS - OPEN_INSPECTIONS):
        school = schools[i % len(schools)]
        call_day = today - dt.timedelta(days=30 + 7 * i // 3 + rng.randint(0, 5))
        call = timezone.make_aware(dt.datetime.combine(call_day, dt.time(10, 30)))
        start = call_day + dt.timedelta(days=1)
        closed.append(
            Inspection(
                school=school,
                head_id=heads[school.pk],
                logged_by_id=heads[school.pk],
                call_received_at=call,
                expected_start=start,
                expected_days=2,
                lead_inspector="Ann Inspector",
                phase=Inspection.Phase.CLOSED,
                final_feedback_at=call + dt.timedelta(days=2, hours=6),
                report_published_on=start + dt.timedelta(days=25),
            )
        )
    Inspection.objects.bulk_create(closed, batch_size=1000)
    phases = ("", "before", "during", "after")
    heads_by_pk = {u.pk: u for u in User.objects.filter(pk__in=heads.values())}
    for i in range(OPEN_INSPECTIONS):
        school = schools[(i * 4) % len(schools)]
        day = today - dt.timedelta(days=i % 3)
        call = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 15)))
        data: dict[str, Any] = {
            "call_received_at": min(call, timezone.now()),
            "inspection_type": Inspection.Type.FULL,
            # Those under way or over started on the day of the call (never in the future).
            "expected_start": add_working_days(day, 1) if i % 4 < 2 else day,
            "expected_days": 2,
            "lead_inspector": "Ann Inspector",
        }
        by = heads_by_pk[heads[school.pk]] if i % 2 else senior
        inspection = services.inspection_log(school=school, logged_by=by, **data)
        for phase in phases[1 : 1 + i % 4]:
            services.inspection_phase_set(inspection=inspection, phase=phase)
    say(f"  {INSPECTIONS} inspections ({OPEN_INSPECTIONS} under way)")
    return INSPECTIONS
