"""Demo survey waves with realistic, varied answers. Safe to run again.

Riverside Learning Trust gets two closed, published staff waves and one open wave. The
answers are generated from a seeded random source, so every run builds the same data:
each school has its own climate per domain that drifts between waves, and two small
schools answer in groups under the threshold, so suppression (and secondary
suppression) can be seen. The open wave has invited everyone, including the demo staff
member (staff@riverside.example.org), who has not answered yet.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets

from django.db import transaction
from django.utils import timezone

from surveys import services
from surveys.models import STAFF_ROLE_GROUPS, Comment, OpenLink, Reply, Survey, Wave
from surveys.selectors import survey_items
from surveys.services import storage
from wellbeing_portal.people.models import Organisation, Role, School

# Respondents per school in each wave (URN → count): Willow Bank and Heron stay small.
SIZES = {
    "900101": (11, 12),
    "900102": (10, 9),
    "900103": (8, 7),
    "900104": (4, 3),
    "900105": (2, 2),
}
# A school's climate per domain (mean scored answer) in the first wave.
CLIMATE = {
    "900101": {
        "health": 2.9,
        "security": 3.6,
        "environment": 3.4,
        "relationships": 4.0,
        "purpose": 4.1,
    },
    "900102": {
        "health": 2.4,
        "security": 3.0,
        "environment": 2.8,
        "relationships": 3.5,
        "purpose": 3.6,
    },
    "900103": {
        "health": 3.3,
        "security": 3.8,
        "environment": 3.6,
        "relationships": 3.9,
        "purpose": 3.7,
    },
    "900104": {
        "health": 3.0,
        "security": 3.4,
        "environment": 3.2,
        "relationships": 4.2,
        "purpose": 4.3,
    },
    "900105": {
        "health": 2.6,
        "security": 2.9,
        "environment": 2.7,
        "relationships": 3.6,
        "purpose": 3.9,
    },
}
COMMENTS = (
    "Marking at the weekend is the thing that wears me down most.",
    "Our line managers have been brilliant this term, especially with cover.",
    "It would help to know about changes before they are announced in briefing.",
    "Behaviour in corridors at lunchtime is getting worse.",
    "Please protect PPA time: it keeps being used for cover.",
    "I feel listened to since the staff forum started.",
    "Too many emails after 6pm.",
)


def _value(rng: random.Random, mean: float, *, reverse: bool) -> int:
    scored = max(1, min(5, round(rng.gauss(mean, 0.9))))
    return 6 - scored if reverse else scored


def _answer_wave(
    wave: Wave, rng: random.Random, *, wave_index: int, day: dt.date, sizes: dict[str, int]
) -> int:
    items = list(wave.survey.items.select_related("domain"))
    links = {
        link.school.urn: link
        for link in OpenLink.objects.filter(wave=wave).select_related(
            "school", "wave__survey__instrument"
        )
    }
    stored = 0
    for urn, count in sizes.items():
        link = links.get(urn)
        if link is None:
            continue
        for n in range(count):
            mood = rng.gauss(0, 0.5)
            climate = CLIMATE[urn]
            answers = {
                str(item.pk): str(
                    _value(
                        rng,
                        climate[item.domain.key] + mood + 0.15 * wave_index,
                        reverse=item.reverse_scored,
                    )
                )
                for item in items
            }
            comment = COMMENTS[(n + wave_index + len(urn)) % len(COMMENTS)] if n % 3 == 0 else ""
            role_group = STAFF_ROLE_GROUPS[n % 3 if n % 5 else 1].value
            if n % 6 == 5:  # now and then, someone without an invitation, at the staffroom QR code
                services.open_response_submit(
                    link=link, role_group=role_group, answers=answers, comment=comment, today=day
                )
            else:
                answer_as_invited(
                    wave=wave,
                    school=link.school,
                    role_group=role_group,
                    answers=answers,
                    comment=comment,
                    today=day,
                )
            stored += 1
    return stored


def answer_as_invited(
    *,
    wave: Wave,
    school: School,
    role_group: str,
    answers: dict[str, str],
    comment: str,
    today: dt.date,
) -> str:
    """Store an answer as an invited person's (sealed, waiting for its batch), without
    making a person and an invitation for it: the demo's past waves (and the tests) stand
    for staff who are not demo accounts. Returns the receipt code. Demo and tests only."""
    code = "".join(
        secrets.choice(services.RECEIPT_ALPHABET) for _ in range(services.RECEIPT_LENGTH)
    )
    instrument = wave.survey.instrument
    items = {str(item.pk): item for item in survey_items(wave)}
    rows = [
        (items[pk], int(v), instrument.scored(int(v), reverse=items[pk].reverse_scored))
        for pk, v in answers.items()
    ]
    metric = instrument.conversion.get(str(sum(scored for _, _, scored in rows)))
    stored = storage.pending_store(
        storage.NewResponse(
            wave=wave,
            school=school,
            role_group=role_group,
            today=today,
            receipt_hash=services.token_hash(code),
            metric_score=float(metric) if metric is not None else None,
            rows=rows,
            comment=comment.strip(),
            invited=True,
        )
    )
    if not stored:
        raise services.SurveyClosed(services.CLOSED_MESSAGE)
    return f"{code[:5]}-{code[5:]}"


def _heads_wave(
    trust: Organisation, schools: list[School], title: str, opens_on: dt.date, rng: random.Random
) -> None:
    """Every head answers: five heads, so the trust sees them together (never per school)."""
    survey = Survey.objects.get(organisation=None, key="headteacher-wellbeing")
    wave = services.wave_create(
        organisation=trust,
        survey=survey,
        title=title,
        schools=schools,
        roles=[Role.HEADTEACHER],
        opens_on=opens_on,
        closes_on=opens_on + dt.timedelta(days=14),
        reminder_dates=[],
    )
    services.wave_open(wave=wave, today=opens_on, invite=False)
    items = list(survey.items.select_related("domain"))
    climate = {"wellbeing-now": 2.8, "wellbeing-ahead": 2.6, "pressures": 2.2, "what-helps": 3.6}
    for school in schools:
        answer_as_invited(
            wave=wave,
            school=school,
            role_group="headteacher",
            answers={
                str(item.pk): str(
                    _value(rng, climate[item.domain.key], reverse=item.reverse_scored)
                )
                for item in items
            },
            comment="",
            today=opens_on + dt.timedelta(days=2),
        )
    services.wave_close(wave=wave)


@transaction.atomic
def seed_surveys(*, today: dt.date | None = None) -> int:
    """Create the demo waves if they are missing; return how many waves the trust has."""
    today = today or timezone.localdate()
    services.bank_load()
    trust = Organisation.objects.filter(slug="riverside").first()
    if trust is None:
        return 0
    schools = list(School.objects.filter(responsible_body=trust).order_by("urn"))
    survey = Survey.objects.get(organisation=None, key="staff-wellbeing")
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    past = [
        ("Staff wellbeing survey, last spring", today - dt.timedelta(days=280), 0),
        ("Staff wellbeing survey, last autumn", today - dt.timedelta(days=100), 1),
    ]
    for title, opens_on, index in past:
        if Wave.objects.filter(organisation=trust, title=title).exists():
            continue
        _past_wave(trust, schools, survey, title=title, opens_on=opens_on, index=index, rng=rng)
    title = "Headteacher wellbeing check, last term"
    if not Wave.objects.filter(organisation=trust, title=title).exists():
        _heads_wave(trust, schools, title, today - dt.timedelta(days=90), rng)
    title = "Staff wellbeing survey, this term"
    if not Wave.objects.filter(organisation=trust, title=title).exists():
        _open_wave(trust, schools, survey, title=title, today=today, rng=rng)
    return Wave.objects.filter(organisation=trust).count()


def _past_wave(
    trust: Organisation,
    schools: list[School],
    survey: Survey,
    *,
    title: str,
    opens_on: dt.date,
    index: int,
    rng: random.Random,
) -> None:
    """Build a closed, published staff wave, answered by `SIZES[urn][index]` staff per
    school; in the latest (index 1), a head replies to a comment."""
    wave = services.wave_create(
        organisation=trust,
        survey=survey,
        title=title,
        schools=schools,
        roles=[Role.STAFF, Role.WELLBEING_CHAMPION],
        opens_on=opens_on,
        closes_on=opens_on + dt.timedelta(days=18),
        reminder_dates=[],
    )
    services.wave_open(wave=wave, today=opens_on, invite=False)
    _answer_wave(
        wave,
        rng,
        wave_index=index,
        day=opens_on + dt.timedelta(days=3),
        sizes={urn: sizes[index] for urn, sizes in SIZES.items()},
    )
    services.wave_close(wave=wave)
    services.wave_publish(wave=wave)
    if index == 1:
        _reply_to_a_comment(wave)


def _reply_to_a_comment(wave: Wave) -> None:
    """Build the head's reply to the first comment from Oakfield (900101) in a wave."""
    comment = (
        Comment.objects.filter(response__wave=wave, response__school__urn="900101")
        .order_by("pk")
        .first()
    )
    if comment is not None:
        services.reply_create(
            comment=comment,
            sender=Reply.From.SCHOOL,
            text="Thank you for telling us. We are moving marking deadlines off "
            "Mondays from next half term. Would that help?",
        )


def _open_wave(
    trust: Organisation,
    schools: list[School],
    survey: Survey,
    *,
    title: str,
    today: dt.date,
    rng: random.Random,
) -> None:
    """Build this term's staff wave: open (everyone invited), opened a week ago, and already
    answered by some staff through the open links."""
    opens_on = today - dt.timedelta(days=7)
    wave = services.wave_create(
        organisation=trust,
        survey=survey,
        title=title,
        schools=schools,
        roles=[Role.STAFF, Role.WELLBEING_CHAMPION],
        opens_on=opens_on,
        closes_on=today + dt.timedelta(days=14),
        reminder_dates=[],
    )
    services.wave_open(wave=wave, today=opens_on)
    _answer_wave(
        wave,
        rng,
        wave_index=2,
        day=today,
        sizes={"900101": 4, "900102": 6, "900103": 3},
    )
