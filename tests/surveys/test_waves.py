"""Waves: thresholds, invitations, reminders off weekends and sent once, automatic close."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from surveys import services
from surveys.models import Invitation, OpenLink, Wave
from tests.conftest import World
from tests.factories import MembershipFactory, UserFactory
from wellbeing_portal.outbox.models import OutboxEmail
from wellbeing_portal.people.models import Role

from .factories import CLOSES, OPENS, all_answers, bank_survey, open_wave

pytestmark = pytest.mark.dates


def _create(world: World, **overrides: object) -> Wave:
    kwargs: dict[str, object] = {
        "organisation": world.trust,
        "survey": bank_survey(),
        "title": "Spring",
        "schools": [world.school],
        "roles": ["staff"],
        "opens_on": OPENS,
        "closes_on": CLOSES,
    }
    kwargs.update(overrides)
    return services.wave_create(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("score", "comment", "field"),
    [(2, 5, "score_threshold"), (5, 4, "comment_threshold"), (3, 2, "comment_threshold")],
)
def test_thresholds_have_floors(world: World, score: int, comment: int, field: str) -> None:
    with pytest.raises(ValidationError) as error:
        _create(world, score_threshold=score, comment_threshold=comment)
    assert field in error.value.message_dict
    assert not Wave.objects.exists()


def test_the_database_refuses_thresholds_below_the_floors(world: World) -> None:
    wave = _create(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Wave.objects.filter(pk=wave.pk).update(score_threshold=2, comment_threshold=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Wave.objects.filter(pk=wave.pk).update(comment_threshold=4)


def test_thresholds_cannot_be_lowered_once_open(world: World) -> None:
    wave = _create(world, score_threshold=6, comment_threshold=8)
    services.wave_thresholds_update(
        wave=wave, score_threshold=5, comment_threshold=5
    )  # draft: fine
    services.wave_open(wave=wave, today=OPENS)
    with pytest.raises(ValidationError, match="never lowered"):
        services.wave_thresholds_update(wave=wave, score_threshold=4, comment_threshold=5)
    services.wave_thresholds_update(wave=wave, score_threshold=6, comment_threshold=10)
    with pytest.raises(ValidationError, match="never lowered"):
        services.wave_thresholds_update(wave=wave, score_threshold=6, comment_threshold=8)
    wave.refresh_from_db()
    assert (wave.score_threshold, wave.comment_threshold) == (6, 10)


def test_opening_invites_by_email_keeping_only_the_token_hash(world: World) -> None:
    wave = open_wave(organisation=world.trust, schools=[world.school])
    invited = set(Invitation.objects.filter(wave=wave).values_list("user__email", flat=True))
    assert invited == {"staff@example.org", "wellbeing_champion@example.org"}
    assert OpenLink.objects.filter(wave=wave).count() == 1
    email = OutboxEmail.objects.get(kind="survey_invitation", to_email="staff@example.org")
    link = next(line for line in email.body_text.splitlines() if "/surveys/i/" in line)
    token = link.rsplit("/i/", 1)[1].strip("/")
    invitation = Invitation.objects.get(wave=wave, user=world.user("staff"))
    assert token not in invitation.token_hash
    assert invitation.token_hash == services.token_hash(token)
    # Opening twice invites nobody twice.
    with pytest.raises(ValidationError):
        services.wave_open(wave=wave, today=OPENS)
    assert OutboxEmail.objects.filter(kind="survey_invitation").count() == 2


def test_default_reminders_fall_halfway_and_two_days_before_closing_on_weekdays() -> None:
    # Opens Monday 2 Nov, closes Sunday 22 Nov: halfway is Thursday 12 Nov; two days
    # before closing is Friday 20 Nov.
    assert services.reminder_dates_default(
        opens_on=dt.date(2026, 11, 2), closes_on=dt.date(2026, 11, 22)
    ) == [dt.date(2026, 11, 12), dt.date(2026, 11, 20)]
    # Opens Wednesday 4 Nov, closes Tuesday 17 Nov: halfway is Tuesday 10 Nov... and
    # two days before closing is Sunday 15 Nov, moved to Friday 13 Nov.
    assert services.reminder_dates_default(
        opens_on=dt.date(2026, 11, 4), closes_on=dt.date(2026, 11, 17)
    ) == [dt.date(2026, 11, 10), dt.date(2026, 11, 13)]
    # Halfway on a Saturday moves to the Friday.
    days = services.reminder_dates_default(
        opens_on=dt.date(2026, 11, 5), closes_on=dt.date(2026, 11, 23)
    )
    assert dt.date(2026, 11, 13) in days
    assert all(day.weekday() < 5 for day in days)


def test_reminders_on_a_weekend_are_refused(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        _create(world, reminder_dates=[dt.date(2026, 11, 14)])
    assert "reminder_dates" in error.value.message_dict


def test_reminders_go_to_those_who_have_not_answered_once_and_never_at_weekends(
    world: World,
) -> None:
    wave = open_wave(organisation=world.trust, schools=[world.school])
    done = Invitation.objects.get(wave=wave, user=world.user("staff"))
    services.response_submit(
        invitation=done, role_group="teaching", answers=all_answers(wave), today=OPENS
    )
    reminder_day = dt.date.fromisoformat(wave.reminder_dates[0])
    assert reminder_day.weekday() < 5

    services.waves_daily(today=reminder_day - dt.timedelta(days=1))
    assert not OutboxEmail.objects.filter(kind="survey_reminder").exists()

    assert services.waves_daily(today=reminder_day).reminded == 1
    assert services.waves_daily(today=reminder_day).reminded == 0  # a second run: nothing new
    reminders = OutboxEmail.objects.filter(kind="survey_reminder")
    assert [r.to_email for r in reminders] == ["wellbeing_champion@example.org"]
    assert reminders.get().due_at.date() == reminder_day
    # Even if a weekend date slipped in, nothing is sent on it.
    Wave.objects.filter(pk=wave.pk).update(reminder_dates=["2026-11-14"])
    assert services.waves_daily(today=dt.date(2026, 11, 14)).reminded == 0


def test_waves_close_automatically_on_their_closing_date(
    world: World, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.urls import reverse

    from surveys.models import OpenLink

    wave = open_wave(organisation=world.trust, schools=[world.school])
    link = OpenLink.objects.get(wave=wave, school=world.school)
    url = reverse("surveys:take_open", kwargs={"token": link.token})
    assert services.waves_daily(today=CLOSES).closed == 0  # open all through its last day
    assert client.get(url).status_code == 200  # the form, now in the cache
    with django_capture_on_commit_callbacks(execute=True):
        assert services.waves_daily(today=CLOSES + dt.timedelta(days=1)).closed == 1
    wave.refresh_from_db()
    assert wave.status == Wave.Status.CLOSED
    assert client.get(url).status_code == 410  # the cached form was forgotten


def test_the_lead_sees_participation_only_as_a_daily_snapshot_of_big_enough_groups(
    world: World, client: Any
) -> None:
    from django.urls import reverse

    from surveys.models import Invitation

    from .factories import TODAY, all_answers

    for i in range(5):
        person = UserFactory.create(email=f"teacher{i}@example.org")
        MembershipFactory.create(user=person, role=Role.STAFF, school=world.school)
    wave = open_wave(organisation=world.trust, schools=[world.school, world.sibling_school])
    url = reverse("surveys:wave_detail", kwargs={"pk": wave.pk})
    client.force_login(world.user("wellbeing_lead"))
    invitations = list(Invitation.objects.filter(wave=wave, school=world.school))
    assert len(invitations) == 7  # five teachers, the staff member and the champion
    services.response_submit(
        invitation=invitations[0], role_group="teaching", answers=all_answers(wave), today=TODAY
    )
    page = client.get(url).content.decode()
    assert "of whom" not in page
    # The snapshot taken when the wave opened: nobody had answered. Not live.
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">0</td>' in page
    assert (
        world.sibling_school.name
        not in page.split("Who has answered so far")[1].split("</table>")[0]
    )
    services.waves_daily(today=TODAY)
    page = client.get(url).content.decode()
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">1</td>' in page


def test_the_lead_writes_a_survey_from_the_bank(world: World, client: Any) -> None:
    from django.urls import reverse

    from surveys.models import Item, Survey

    bank_survey()
    client.force_login(world.user("wellbeing_lead"))
    url = reverse("surveys:survey_build", kwargs={"slug": world.trust.slug})
    items = list(Item.objects.filter(instrument__key="portal-staff", area="workload"))
    response = client.post(
        url, {"name": "Workload pulse", "kind": "staff", "items": [i.pk for i in items]}
    )
    assert response.status_code == 302
    survey = Survey.objects.get(organisation=world.trust, name="Workload pulse")
    assert set(survey.items.all()) == set(items)
    # It can be sent in a wave like any other.
    wave = _create(world, survey=survey)
    assert wave.survey == survey
    # Statements from two instruments cannot be mixed.
    head_item = Item.objects.filter(instrument__key="portal-headteacher").first()
    assert head_item is not None
    with pytest.raises(ValidationError):
        services.survey_create(
            organisation=world.trust, name="Mixed", kind="staff", items=[items[0], head_item]
        )


def test_the_headteacher_survey_goes_to_headteachers_only(world: World) -> None:
    from surveys.models import Survey

    with pytest.raises(ValidationError) as error:
        _create(world, survey=bank_survey(Survey.Kind.HEADTEACHER), roles=["staff"])
    assert "roles" in error.value.message_dict
    wave = _create(world, survey=bank_survey(Survey.Kind.HEADTEACHER), roles=["headteacher"])
    services.wave_open(wave=wave, today=OPENS)
    assert list(wave.invitations.values_list("user__email", flat=True)) == [
        "headteacher@example.org"
    ]


def test_comments_are_purged_after_the_retention_period_and_scores_kept(
    world: World, settings: Any
) -> None:
    from privacy.services import retention_purge
    from surveys.models import Answer, Comment, Response

    from .factories import respond

    settings.SURVEY_COMMENT_RETENTION_DAYS = 30
    wave = open_wave(organisation=world.trust, schools=[world.school])
    respond(wave, world.school, 2, comment="Please fix the photocopier.")
    services.wave_close(wave=wave)
    # The nightly retention purge (privacy) is their one owner, through the surveys' hook.
    assert retention_purge(today=CLOSES + dt.timedelta(days=30))["survey_comments"] == 0
    services.waves_daily(today=CLOSES + dt.timedelta(days=31))
    assert Comment.objects.count() == 2  # the surveys' daily job leaves them alone
    assert retention_purge(today=CLOSES + dt.timedelta(days=31))["survey_comments"] == 2
    assert not Comment.objects.exists()
    assert Response.objects.count() == 2 and Answer.objects.exists()


def test_the_lead_creates_and_opens_a_wave_through_the_pages(world: World, client: Any) -> None:
    from django.urls import reverse

    bank_survey()
    client.force_login(world.user("wellbeing_lead"))
    url = reverse("surveys:wave_create", kwargs={"slug": world.trust.slug})
    initial = client.get(url).context["form"].initial
    response = client.post(
        url,
        {
            "title": "Spring pulse",
            "survey": initial["survey"].pk,
            "schools": [s.pk for s in initial["schools"]],
            "roles": initial["roles"],
            "opens_on": initial["opens_on"].isoformat(),
            "closes_on": initial["closes_on"].isoformat(),
            "score_threshold": 5,
            "comment_threshold": 5,
            "reminder_dates": "",
        },
    )
    assert response.status_code == 302
    wave = Wave.objects.get(title="Spring pulse")
    assert set(wave.schools.all()) == {world.school, world.sibling_school}
    assert all(dt.date.fromisoformat(d).weekday() < 5 for d in wave.reminder_dates)
    draft_page = client.get(response["Location"])
    assert b"Open the wave and send invitations" in draft_page.content
    client.post(reverse("surveys:wave_open", kwargs={"pk": wave.pk}))
    wave.refresh_from_db()
    assert wave.status == Wave.Status.OPEN
    assert wave.invitations.count() == 2  # staff and the wellbeing champion
    # Thresholds below the floor are refused by the form, and nothing is created.
    bad = client.post(url, {"title": "Too small", "score_threshold": 2, "comment_threshold": 2})
    assert bad.status_code == 400
    assert b"There is a problem" in bad.content
    assert not Wave.objects.filter(title="Too small").exists()


def test_a_wave_opens_by_itself_on_its_opening_date(world: World) -> None:
    wave = _create(world)
    assert services.waves_daily(today=OPENS - dt.timedelta(days=1)).opened == 0
    assert services.waves_daily(today=OPENS).opened == 1
    wave.refresh_from_db()
    assert wave.status == Wave.Status.OPEN
    assert wave.invitations.count() == 1
    assert services.waves_daily(today=OPENS).opened == 0


def test_close_now_closes_at_once_and_works_out_results_after_the_page_returns(
    world: World, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The lead's "Close now" takes no more answers from that moment; writing, rewriting
    and freezing a large wave take seconds, so they run in a task queued on commit (here,
    the captured callback), and nothing shows results or lets them be published before."""
    from django.urls import reverse

    from surveys.models import PendingResponse, Response, ResultSet

    from .factories import respond

    wave = open_wave(organisation=world.trust, schools=[world.school])
    respond(wave, world.school, 6)
    client.force_login(world.user("wellbeing_lead"))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        page = client.post(reverse("surveys:wave_close", kwargs={"pk": wave.pk}), follow=True)
    wave.refresh_from_db()
    assert wave.status == Wave.Status.CLOSED
    assert "being worked out" in page.content.decode()
    assert not ResultSet.objects.filter(wave=wave).exists()
    assert PendingResponse.objects.filter(wave=wave).count() == 6  # nothing slow ran yet
    results_page = client.get(reverse("surveys:results", kwargs={"pk": wave.pk}))
    assert "being worked out" in results_page.content.decode()
    client.post(reverse("surveys:wave_publish", kwargs={"pk": wave.pk}))
    wave.refresh_from_db()
    assert not wave.results_published
    assert len(queued) == 2  # forget the cached form; queue the task

    for callback in queued:  # the worker picks the task up
        callback()
    assert ResultSet.objects.filter(wave=wave).exists()
    assert Response.objects.filter(wave=wave).count() == 6
    assert not PendingResponse.objects.filter(wave=wave).exists()
    assert "being worked out" not in client.get(page.request["PATH_INFO"]).content.decode()


def test_preparing_results_runs_once_however_often_the_task_arrives(world: World) -> None:
    from surveys.models import Response

    from .factories import respond

    wave = open_wave(organisation=world.trust, schools=[world.school])
    respond(wave, world.school, 6)
    services.wave_close_in_background(wave=wave)  # the queued task is not run here
    assert services.wave_results_prepare(wave=wave) is True
    ids = set(Response.objects.filter(wave=wave).values_list("pk", flat=True))
    assert services.wave_results_prepare(wave=wave) is False  # delivered twice
    assert set(Response.objects.filter(wave=wave).values_list("pk", flat=True)) == ids


def test_the_daily_task_prepares_results_a_lost_task_never_did(world: World) -> None:
    from surveys.models import ResultSet

    from .factories import respond

    wave = open_wave(organisation=world.trust, schools=[world.school])
    respond(wave, world.school, 5)
    services.wave_close_in_background(wave=wave)  # and the worker restarted: task lost
    assert not ResultSet.objects.filter(wave=wave).exists()
    services.waves_daily(today=CLOSES)
    assert ResultSet.objects.filter(wave=wave).get().figures["groups"]


def _wave_page(client: Any, wave: Wave) -> str:
    from django.urls import reverse

    return client.get(reverse("surveys:wave_detail", kwargs={"pk": wave.pk})).content.decode()


def test_the_lead_is_warned_of_people_already_asked_in_an_open_wave(
    world: World, client: Any
) -> None:
    from django.urls import reverse

    open_wave(organisation=world.trust, schools=[world.school], title="Autumn survey")
    client.force_login(world.user("wellbeing_lead"))
    create = client.get(reverse("surveys:wave_create", kwargs={"slug": world.trust.slug}))
    assert (
        "2 people at Alpha Primary are already invited to Autumn survey, open until "
        "27 November 2026"
    ) in create.content.decode()
    # Before opening: only the people this wave would ask (staff, not the champion).
    staff_wave = _create(world, title="Pulse", schools=[world.school, world.sibling_school])
    assert (
        "1 person at Alpha Primary is already invited to Autumn survey, open until 27 November 2026"
    ) in _wave_page(client, staff_wave)
    governors = _create(world, title="Governors", roles=["governor"])
    assert "already invited" not in _wave_page(client, governors)
    other = open_wave(organisation=world.trust, schools=[world.sibling_school], title="Beta")
    assert "already invited" not in _wave_page(client, other)  # open: nothing to warn of


def test_before_opening_the_lead_sees_who_is_invited_the_email_and_the_statements(
    world: World, client: Any
) -> None:
    from django.utils.html import escape

    from surveys import selectors

    wave = _create(
        world,
        title="Spring pulse",
        schools=[world.school, world.sibling_school],
        roles=["staff", "wellbeing_champion", "headteacher"],
    )
    client.force_login(world.user("wellbeing_lead"))
    emails_before = OutboxEmail.objects.count()
    page = _wave_page(client, wave)
    counts = selectors.wave_invitees_by_school(wave)
    assert [(school.name, count) for school, count in counts] == [
        ("Alpha Primary", 3),
        ("Beta Secondary", 0),
    ]
    assert "emails 3 people a personal link now" in page
    assert "Dear Sam Taylor," in page
    assert "Subject: Spring pulse: how are you, really?" in page
    assert "asking staff at Alpha Primary how they are" in page
    statements = selectors.survey_items(wave)
    assert statements
    assert all(escape(item.text) in page for item in statements)
    assert OutboxEmail.objects.count() == emails_before, "a preview sends nothing"
    services.wave_open(wave=wave, today=OPENS)
    assert wave.invitations.count() == sum(count for _, count in counts)
    assert "Dear Sam Taylor" not in _wave_page(client, wave)
