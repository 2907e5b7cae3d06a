"""Taking a survey: bad input stores nothing; one response per invitation and browser;
drafts live in the respondent's session; receipt codes and replies."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse

from surveys import services
from surveys.models import (
    Answer,
    Comment,
    Instrument,
    Invitation,
    OpenLink,
    Reply,
    Response,
    Survey,
    Wave,
)
from tests.clock import london
from tests.conftest import World
from wellbeing_portal.outbox.models import OutboxEmail

from .factories import TODAY, all_answers, open_wave

pytestmark = pytest.mark.dates


@pytest.fixture(autouse=True)
def _wave_is_open(time_machine: Any) -> None:
    """Every test here answers a wave open from OPENS to CLOSES: freeze the clock inside."""
    time_machine.move_to(london(TODAY), tick=False)


def _token(world: World, wave: Wave, who: str = "staff") -> str:
    email = OutboxEmail.objects.get(kind="survey_invitation", to_email=f"{who}@example.org")
    line = next(line for line in email.body_text.splitlines() if "/surveys/i/" in line)
    return line.rsplit("/i/", 1)[1].strip("/")


def _post(wave: Wave, **extra: str) -> dict[str, str]:
    data = {f"item_{pk}": value for pk, value in all_answers(wave, 4).items()}
    data["role_group"] = "teaching"
    data.update(extra)
    return data


@pytest.fixture
def wave(world: World) -> Wave:
    return open_wave(organisation=world.trust, schools=[world.school])


def test_a_staff_member_answers_through_the_invitation_link(
    world: World, wave: Wave, client: Any
) -> None:
    url = reverse("surveys:take_invitation", kwargs={"token": _token(world, wave)})
    start = client.get(url)
    assert b"at least 5 people" in start.content  # thresholds shown before starting
    assert b"08000 562 561" in start.content  # support on every survey page
    response = client.post(url, _post(wave, comment="Fewer meetings after school."))
    assert response.status_code == 200
    code = response.context["receipt_code"]
    assert len(code) == 11 and code[5] == "-"
    assert response.context["distress"] is False
    assert b"You do not have to manage that alone" not in response.content
    assert b"08000 562 561" in response.content
    assert Response.objects.count() == 1
    assert Answer.objects.count() == wave.survey.items.count()
    assert Comment.objects.get().text == "Fewer meetings after school."
    assert Invitation.objects.get(wave=wave, user=world.user("staff")).completed
    # The same link again: already answered, nothing more stored.
    again = client.post(url, _post(wave))
    assert again.status_code == 400
    assert b"already answered" in again.content
    assert client.get(url).status_code == 410
    assert Response.objects.count() == 1


def test_more_support_is_shown_when_answers_suggest_distress(
    world: World, wave: Wave, client: Any
) -> None:
    url = reverse("surveys:take_invitation", kwargs={"token": _token(world, wave)})
    data = {f"item_{pk}": "1" for pk in all_answers(wave)}
    # Answer 1 to everything: reverse-scored items then score 5, the rest 1.
    data["role_group"] = "support"
    response = client.post(url, data)
    assert response.context["distress"] is True
    assert b"You do not have to manage that alone" in response.content


def test_an_unknown_link_is_refused(client: Any, wave: Wave) -> None:
    response = client.get(reverse("surveys:take_invitation", kwargs={"token": "nope"}))
    assert response.status_code == 404
    assert b"not valid" in response.content


def test_a_closed_wave_stores_nothing(world: World, wave: Wave, client: Any) -> None:
    token = _token(world, wave)
    services.wave_close(wave=wave)
    url = reverse("surveys:take_invitation", kwargs={"token": token})
    assert client.get(url).status_code == 410
    assert client.post(url, _post(wave)).status_code == 410
    invitation = Invitation.objects.get(wave=wave, user=world.user("staff"))
    with pytest.raises(services.SurveyClosed):
        services.response_submit(
            invitation=invitation, role_group="teaching", answers=all_answers(wave), today=TODAY
        )
    assert not Response.objects.exists()
    assert not invitation.completed


def test_an_expired_wave_refuses_answers_after_its_closing_date(world: World, wave: Wave) -> None:
    invitation = Invitation.objects.get(wave=wave, user=world.user("staff"))
    with pytest.raises(services.SurveyClosed):
        services.response_submit(
            invitation=invitation,
            role_group="teaching",
            answers=all_answers(wave),
            today=wave.closes_on.replace(day=wave.closes_on.day + 1),
        )
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        ({"item_999999": "3"}, b"not in this survey"),
        ("out_of_range", b"Choose one of the answers given"),
        ("missing", b"Answer the statement"),
        ({"role_group": "governor"}, b"Choose the description that fits"),
    ],
)
def test_a_tampered_form_stores_nothing(
    world: World, wave: Wave, client: Any, tamper: Any, message: bytes
) -> None:
    url = reverse("surveys:take_invitation", kwargs={"token": _token(world, wave)})
    data = _post(wave)
    first = next(iter(k for k in data if k.startswith("item_")))
    if tamper == "out_of_range":
        data[first] = "9"
    elif tamper == "missing":
        del data[first]
    else:
        data.update(tamper)
    response = client.post(url, data)
    assert response.status_code == 400
    assert message in response.content
    assert b"There is a problem" in response.content
    assert not Response.objects.exists()
    assert not Answer.objects.exists()
    assert not Invitation.objects.get(wave=wave, user=world.user("staff")).completed


def test_the_service_refuses_unknown_items_and_values_off_the_scale(
    world: World, wave: Wave
) -> None:
    invitation = Invitation.objects.get(wave=wave, user=world.user("staff"))
    answers = all_answers(wave, 3)
    for bad in ({**answers, "999999": "3"}, {**answers, next(iter(answers)): "0"}):
        with pytest.raises(ValidationError):
            services.response_submit(
                invitation=invitation, role_group="teaching", answers=bad, today=TODAY
            )
    assert not Response.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submissions_from_one_invitation_store_one_response(
    world: World,
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL; SQLite serialises writers anyway.")
    wave = open_wave(organisation=world.trust, schools=[world.school])
    invitation = Invitation.objects.get(wave=wave, user=world.user("staff"))
    answers = all_answers(wave, 4)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit() -> None:
        try:
            barrier.wait()
            services.response_submit(
                invitation=invitation, role_group="teaching", answers=answers, today=TODAY
            )
            outcomes.append("stored")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "stored"]
    assert Response.objects.count() == 1


def test_a_draft_is_kept_in_the_session_not_the_database(
    world: World, wave: Wave, client: Any
) -> None:
    url = reverse("surveys:take_invitation", kwargs={"token": _token(world, wave)})
    first = str(wave.survey.items.order_by("position").first().pk)  # type: ignore[union-attr]
    saved = client.post(url, {f"item_{first}": "2", "role_group": "support", "save": "later"})
    assert saved.status_code == 200
    assert b"saved on this device" in saved.content
    assert not Response.objects.exists() and not Answer.objects.exists()
    back = client.get(url)
    assert back.context["started"] and back.context["has_draft"]
    assert back.context["form"].initial[f"item_{first}"] == "2"
    assert back.context["form"].initial["role_group"] == "support"
    client.post(url, _post(wave))
    assert f"surveys:draft:{wave.pk}" not in client.session


def test_an_open_link_takes_one_response_per_browser(wave: Wave, client: Any, world: World) -> None:
    link = OpenLink.objects.get(wave=wave, school=world.school)
    url = reverse("surveys:take_open", kwargs={"token": link.token})
    assert client.get(url).status_code == 200
    assert client.post(url, _post(wave)).status_code == 200
    assert client.get(url).status_code == 410
    assert client.post(url, _post(wave)).status_code == 410
    assert Response.objects.count() == 1


def test_an_open_link_read_from_the_cache_still_refuses_a_closed_wave(
    wave: Wave, client: Any, world: World
) -> None:
    link = OpenLink.objects.get(wave=wave, school=world.school)
    url = reverse("surveys:take_open", kwargs={"token": link.token})
    assert client.get(url).status_code == 200  # the link and its items are now cached
    # Closed by another process without the service (so nothing forgets the cache).
    Wave.objects.filter(pk=wave.pk).update(status=Wave.Status.CLOSED)
    response = client.post(url, _post(wave))
    assert response.status_code == 400
    assert b"This survey has closed" in response.content
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_closing_a_wave_forgets_its_cached_form_at_once(
    wave: Wave, client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    link = OpenLink.objects.get(wave=wave, school=world.school)
    url = reverse("surveys:take_open", kwargs={"token": link.token})
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        services.wave_thresholds_update(wave=wave, score_threshold=7, comment_threshold=9)
    assert b"at least 7 people" in client.get(url).content
    with django_capture_on_commit_callbacks(execute=True):
        services.wave_close(wave=wave)
    closed = client.get(url)
    assert closed.status_code == 410
    assert b"This survey is not open" in closed.content


def test_the_survey_form_reads_the_database_once_then_the_cache(
    wave: Wave, client: Any, world: World, django_assert_max_num_queries: Any
) -> None:
    link = OpenLink.objects.get(wave=wave, school=world.school)
    url = reverse("surveys:take_open", kwargs={"token": link.token}) + "?start=1"
    with django_assert_max_num_queries(2):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(0):
        assert client.get(url).status_code == 200
    # Submitting: on PostgreSQL one statement (the wave's status, the response and its
    # answers); elsewhere the wave's status, the response, its answers and savepoints.
    data = _post(wave)
    with django_assert_max_num_queries(1 if connection.vendor == "postgresql" else 5):
        assert client.post(url, data).status_code == 200
    assert Answer.objects.count() == wave.survey.items.count()


def _stored(response: Response) -> tuple[Any, ...]:
    comment = Comment.objects.filter(response=response).values_list("text", "redacted").first()
    return (
        response.wave_id,
        response.school_id,
        response.role_group,
        response.submitted_on,
        response.metric_score,
        len(response.receipt_hash),
        sorted(response.answers.values_list("item_id", "value", "scored")),
        comment,
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the one statement is PostgreSQL's")
@pytest.mark.parametrize(
    ("comment", "asks_comment", "stored"),
    [
        ("  More time to plan, please.\n", True, "More time to plan, please."),
        ("", True, None),
        ("Not asked for", False, None),
    ],
)
def test_the_one_statement_stores_what_the_orm_would(
    wave: Wave,
    world: World,
    monkeypatch: Any,
    comment: str,
    asks_comment: bool,
    stored: str | None,
) -> None:
    """The PostgreSQL statement and the ORM path (SQLite, the demo) write the same rows."""
    Survey.objects.filter(pk=wave.survey_id).update(asks_comment=asks_comment)
    # A metric too: every possible total converts to half of itself.
    Instrument.objects.filter(pk=wave.survey.instrument_id).update(
        conversion={str(total): total / 2 for total in range(200)}
    )
    link = OpenLink.objects.get(wave=wave, school=world.school)
    answers = all_answers(wave, 2)
    for insert in ("_insert_in_one_statement", "_insert"):
        if insert == "_insert":
            monkeypatch.setattr(connection, "vendor", "sqlite")
        services.open_response_submit(
            link=link, role_group="support", answers=answers, comment=comment, today=TODAY
        )
    monkeypatch.undo()
    first, second = Response.objects.all()
    assert _stored(first) == _stored(second)
    assert len(_stored(first)[6]) == wave.survey.items.count()
    assert first.metric_score is not None
    assert _stored(first)[7] == ((stored, False) if stored else None)


@pytest.mark.parametrize("vendor", ["postgresql", "sqlite"])
def test_a_wave_closed_in_the_database_stores_nothing_either_way(
    wave: Wave, world: World, monkeypatch: Any, vendor: str
) -> None:
    if vendor == "postgresql" and connection.vendor != "postgresql":
        pytest.skip("the one statement is PostgreSQL's")
    link = OpenLink.objects.select_related("wave").get(wave=wave, school=world.school)
    Wave.objects.filter(pk=wave.pk).update(status=Wave.Status.CLOSED)  # link.wave: still open
    monkeypatch.setattr(connection, "vendor", vendor)
    with pytest.raises(services.SurveyClosed):
        services.open_response_submit(
            link=link, role_group="support", answers=all_answers(wave), comment="Hi", today=TODAY
        )
    monkeypatch.undo()
    assert not Response.objects.exists()
    assert not Answer.objects.exists()
    assert not Comment.objects.exists()


def test_each_error_links_to_the_first_radio_of_its_question(
    wave: Wave, client: Any, world: World
) -> None:
    link = OpenLink.objects.get(wave=wave, school=world.school)
    url = reverse("surveys:take_open", kwargs={"token": link.token})
    data = _post(wave)
    first = next(k for k in data if k.startswith("item_"))
    data[first] = "9"
    del data["role_group"]
    page = client.post(url, data).content.decode()
    for name in ("role_group", first):
        assert f'<a href="#id_{name}_1">' in page
        assert f'id="id_{name}_1" name="{name}" type="radio"' in page
        assert f'id="id_{name}_error" class="govuk-error-message"' in page
    # The other answers are kept as given.
    second = [k for k in data if k.startswith("item_")][1]
    assert f'name="{second}" type="radio" value="4" checked' in page
    assert not Response.objects.exists()


def test_open_link_submissions_are_rate_limited(
    wave: Wave, client: Any, world: World, monkeypatch: Any
) -> None:
    from surveys.views import responding as views

    monkeypatch.setattr(views, "OPEN_LINK_LIMIT", 2)
    link = OpenLink.objects.get(wave=wave, school=world.school)
    url = reverse("surveys:take_open", kwargs={"token": link.token})
    statuses = []
    for _ in range(3):
        client.cookies.clear()
        statuses.append(client.post(url, _post(wave)).status_code)
    assert statuses == [200, 200, 429]
    assert Response.objects.count() == 2


def test_the_code_holder_reads_a_reply_and_answers_it(
    world: World, wave: Wave, client: Any
) -> None:
    url = reverse("surveys:take_invitation", kwargs={"token": _token(world, wave)})
    code = client.post(url, _post(wave, comment="Please stop Friday meetings.")).context[
        "receipt_code"
    ]
    comment = Comment.objects.get()
    services.reply_create(comment=comment, sender=Reply.From.SCHOOL, text="We will. Thank you.")
    page = client.post(reverse("surveys:receipt"), {"code": code.lower()})
    assert page.status_code == 200
    assert b"We will. Thank you." in page.content
    client.post(reverse("surveys:receipt"), {"code": code, "text": "That would help."})
    assert list(comment.replies.values_list("sender", "text")) == [
        ("school", "We will. Thank you."),
        ("respondent", "That would help."),
    ]
    wrong = client.post(reverse("surveys:receipt"), {"code": "AAAAA-BBBBB"})
    assert wrong.status_code == 400
    assert b"No response has that code" in wrong.content
