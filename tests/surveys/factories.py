"""Building survey data for tests through the services (the rules apply here too)."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterable

from demo.surveys import answer_as_invited
from surveys import services
from surveys.models import OpenLink, Survey, Wave
from wellbeing_portal.people.models import Organisation, Role, School

OPENS = dt.date(2026, 11, 2)  # a Monday
CLOSES = dt.date(2026, 11, 27)  # a Friday
TODAY = dt.date(2026, 11, 10)


def bank_survey(kind: str = Survey.Kind.STAFF) -> Survey:
    services.bank_load()
    return Survey.objects.get(organisation=None, kind=kind)


def open_wave(
    *,
    organisation: Organisation,
    schools: Iterable[School],
    kind: str = Survey.Kind.STAFF,
    title: str = "Autumn survey",
    opens_on: dt.date = OPENS,
    closes_on: dt.date = CLOSES,
    score_threshold: int = 5,
    comment_threshold: int = 5,
    roles: Iterable[str] = (Role.STAFF, Role.WELLBEING_CHAMPION),
) -> Wave:
    wave = services.wave_create(
        organisation=organisation,
        survey=bank_survey(kind),
        title=title,
        schools=list(schools),
        roles=list(roles),
        opens_on=opens_on,
        closes_on=closes_on,
        score_threshold=score_threshold,
        comment_threshold=comment_threshold,
    )
    services.wave_open(wave=wave, today=opens_on)
    wave.refresh_from_db()
    return wave


def all_answers(wave: Wave, value: int | None = None, *, seed: int = 0) -> dict[str, str]:
    rng = random.Random(seed)
    return {
        str(item.pk): str(value if value is not None else rng.randint(1, 5))
        for item in wave.survey.items.all()
    }


def respond(
    wave: Wave,
    school: School,
    count: int,
    *,
    role_group: str = "teaching",
    value: int | None = None,
    comment: str = "",
    today: dt.date = TODAY,
    invited: bool = True,
) -> list[str]:
    """`count` responses at the school, waiting (sealed) for their batch; returns their
    receipt codes. `invited` ones stand for people who answered their invitation (without
    building a person and an invitation for each); the others come through the school's
    open link, as anyone's would."""
    link = OpenLink.objects.select_related("wave__survey__instrument", "school").get(
        wave=wave, school=school
    )
    codes = []
    for i in range(count):
        answers = all_answers(wave, value, seed=i)
        if invited:
            codes.append(
                answer_as_invited(
                    wave=wave,
                    school=school,
                    role_group=role_group,
                    answers=answers,
                    comment=comment,
                    today=today,
                )
            )
        else:
            submitted = services.open_response_submit(
                link=link, role_group=role_group, answers=answers, comment=comment, today=today
            )
            codes.append(submitted.receipt_code)
    return codes


def matrix_surveys(world: object) -> dict[str, object]:
    """Survey objects for the permission matrix, built once per world: a closed,
    published wave with answers and a comment at Trust A's two schools, an open wave
    (with the plain token of the staff member's invitation) and a draft wave."""
    from surveys.models import Comment, Reply
    from wellbeing_portal.outbox.models import OutboxEmail

    cache: dict[str, dict[str, object]] = world.services  # type: ignore[attr-defined]
    if "surveys" in cache:
        return cache["surveys"]
    trust = world.trust  # type: ignore[attr-defined]
    schools = [world.school, world.sibling_school]  # type: ignore[attr-defined]
    closed = open_wave(
        organisation=trust,
        schools=schools,
        title="Matrix closed",
        score_threshold=3,
        comment_threshold=3,
    )
    for school in schools:
        respond(closed, school, 3, comment="Fewer meetings, please.")
    services.wave_close(wave=closed)
    services.wave_publish(wave=closed)
    OutboxEmail.objects.all().delete()
    live = open_wave(organisation=trust, schools=schools, title="Matrix open")
    email = OutboxEmail.objects.get(kind="survey_invitation", to_email="staff@example.org")
    line = next(line for line in email.body_text.splitlines() if "/surveys/i/" in line)
    draft = services.wave_create(
        organisation=trust,
        survey=bank_survey(),
        title="Matrix draft",
        schools=schools,
        roles=["staff"],
        opens_on=OPENS,
        closes_on=CLOSES,
    )
    comment = Comment.objects.filter(response__wave=closed, response__school=world.school).first()  # type: ignore[attr-defined]
    assert comment is not None
    cache["surveys"] = {
        "closed": closed,
        "open": live,
        "draft": draft,
        "token": line.rsplit("/i/", 1)[1].strip("/"),
        "link": OpenLink.objects.get(wave=live, school=world.school),  # type: ignore[attr-defined]
        "comment": comment,
        "reply": services.reply_create(
            comment=comment, sender=Reply.From.RESPONDENT, text="Thank you for asking."
        ),
    }
    return cache["surveys"]


def receipt_code(page: object) -> str:
    """The receipt code shown on a closing page."""
    content = page.content.decode()  # type: ignore[attr-defined]
    found = re.search(r'data-testid="receipt-code">([^<]+)<', content)
    assert found, "no receipt code on the page"
    return found.group(1)
