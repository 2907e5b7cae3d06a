"""Taking a survey: the invitation token leaves the address before anyone answers; bad
input stores nothing; one response per invitation and browser, and none through the
school's link from someone invited; the closing page says nothing by its size; nothing
is cached; receipt codes and replies. (Drafts: test_drafts.py.)"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from surveys import services
from surveys.models import (
    Answer,
    Comment,
    Draft,
    Instrument,
    Invitation,
    OpenLink,
    PendingResponse,
    Reply,
    Response,
    Survey,
    Wave,
)
from surveys.views.responding import INVITATION_COOKIE
from tests.clock import london
from tests.conftest import World
from wellbeing_portal.outbox.models import OutboxEmail

from .factories import TODAY, all_answers, open_wave, receipt_code

pytestmark = pytest.mark.dates


@pytest.fixture(autouse=True)
def _wave_is_open(time_machine: Any) -> None:
    """Every test here answers a wave open from OPENS to CLOSES: freeze the clock inside."""
    time_machine.move_to(london(TODAY), tick=False)


def _token(world: World, wave: Wave, who: str = "staff") -> str:
    email = OutboxEmail.objects.get(kind="survey_invitation", to_email=f"{who}@example.org")
    line = next(line for line in email.body_text.splitlines() if "/surveys/i/" in line)
    return line.rsplit("/i/", 1)[1].strip("/")


ANSWER = "/surveys/answer/"


def _open(client: Client, world: World, wave: Wave, who: str = "staff") -> str:
    """Follow the invitation email's link as its reader: the token goes into a cookie and
    the browser is sent on to the answering page, whose address is returned."""
    opened = client.get(
        reverse("surveys:take_invitation", kwargs={"token": _token(world, wave, who)})
    )
    assert opened.status_code == 303
    assert opened["Location"] == ANSWER == reverse("surveys:take_invited")
    return ANSWER


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
    link = reverse("surveys:take_invitation", kwargs={"token": _token(world, wave)})
    url = _open(client, world, wave)
    start = client.get(url)
    assert b"at least 5 people" in start.content  # thresholds shown before starting
    assert b"08000 562 561" in start.content  # support on every survey page
    form = client.get(url + "?start=1")
    assert '<form method="post" autocomplete="off" novalidate>' in form.content.decode()
    spent = client.cookies[INVITATION_COOKIE].value  # as a second tab would still send it
    response = client.post(url, _post(wave, comment="Fewer meetings after school."))
    assert response.status_code == 200
    code = receipt_code(response)
    assert len(code) == 11 and code[5] == "-"
    assert b"You do not have to manage that alone" not in response.content
    assert b"You do not have to manage that alone" not in response.content
    assert b"08000 562 561" in response.content
    assert client.cookies[INVITATION_COOKIE].value == ""  # answered: the token is dropped
    assert PendingResponse.objects.count() == 1  # sealed, waiting for its batch
    assert services.responses_flush(wave=wave, everything=True) == 1
    assert Response.objects.count() == 1
    assert Answer.objects.count() == wave.survey.items.count()
    assert Comment.objects.get().text == "Fewer meetings after school."
    assert Invitation.objects.get(wave=wave, user=world.user("staff")).completed
    # The same invitation again: already answered, nothing more stored.
    client.cookies[INVITATION_COOKIE] = spent
    again = client.post(url, _post(wave))
    assert again.status_code == 400
    assert b"already answered" in again.content
    assert client.get(url).status_code == 410
    assert client.get(link).status_code == 410
    assert not PendingResponse.objects.exists()
    assert Response.objects.count() == 1


def test_more_support_is_shown_when_answers_suggest_distress(
    world: World, wave: Wave, client: Any
) -> None:
    url = _open(client, world, wave)
    data = {f"item_{pk}": "1" for pk in all_answers(wave)}
    # Answer 1 to everything: reverse-scored items then score 5, the rest 1.
    data["role_group"] = "support"
    response = client.post(url, data)
    assert b"You do not have to manage that alone" in response.content


def test_an_unknown_link_is_refused(client: Any, wave: Wave) -> None:
    response = client.get(reverse("surveys:take_invitation", kwargs={"token": "nope"}))
    assert response.status_code == 404
    assert b"not valid" in response.content
    assert INVITATION_COOKIE not in response.cookies


def test_the_answering_page_needs_the_cookie_from_the_link(
    world: World, wave: Wave, client: Any
) -> None:
    for cookie in (None, "forged-token", _token(world, wave)):  # the last: unsigned
        if cookie is not None:
            client.cookies[INVITATION_COOKIE] = cookie
        for response in (client.get(ANSWER), client.post(ANSWER, _post(wave))):
            assert response.status_code == 400
            assert b"Open the link in your invitation email again" in response.content
    assert not PendingResponse.objects.exists()
    assert not Invitation.objects.filter(completed=True).exists()


def test_the_token_leaves_the_address_and_is_kept_only_in_a_cookie_for_the_answering_page(
    world: World, wave: Wave, client: Any
) -> None:
    client.force_login(world.user("staff"))  # a session row exists: it must not learn the token
    token = _token(world, wave)
    link = reverse("surveys:take_invitation", kwargs={"token": token})
    opened = client.get(link)
    assert opened.status_code == 303 and token not in opened["Location"]
    cookie = opened.cookies[INVITATION_COOKIE]
    assert cookie["path"] == ANSWER  # sent to the answering page only
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not cookie["max-age"] and not cookie["expires"]  # gone with the browser session
    assert cookie.value != token and token in cookie.value  # signed
    page = client.get(ANSWER + "?start=1")
    assert page.status_code == 200
    assert token not in page.content.decode()  # no link or form on the page carries it
    assert b'<form method="post" ' in page.content and b" action=" not in page.content
    # A post to the token's address answers nothing: it only sends the browser on.
    posted = client.post(link, _post(wave))
    assert posted.status_code == 303 and posted["Location"] == ANSWER
    assert not PendingResponse.objects.exists()
    answered = client.post(ANSWER, _post(wave))
    assert answered.status_code == 200
    assert token not in answered.request["PATH_INFO"] and not answered.request["QUERY_STRING"]
    assert PendingResponse.objects.count() == 1
    sessions = list(Session.objects.all())
    assert sessions
    for session in sessions:
        assert token not in session.session_data
        assert token not in repr(session.get_decoded())


def test_a_page_drawn_for_another_invitation_sends_nothing(
    world: World, wave: Wave, client: Any
) -> None:
    """Two invitees on one browser: the first one's open page must not answer as the
    second, whose link has since put their token in the cookie."""
    _open(client, world, wave, "staff")
    first = client.get(ANSWER + "?start=1").context["page_check"]
    _open(client, world, wave, "wellbeing_champion")
    refused = client.post(ANSWER, _post(wave, invitation=first))
    assert refused.status_code == 400
    assert b"Another invitation has been opened in this browser" in refused.content
    assert not PendingResponse.objects.exists()
    assert not Invitation.objects.filter(completed=True).exists()
    second = client.get(ANSWER + "?start=1").context["page_check"]
    assert client.post(ANSWER, _post(wave, invitation=second)).status_code == 200
    assert list(
        Invitation.objects.filter(completed=True).values_list("user__email", flat=True)
    ) == ["wellbeing_champion@example.org"]


def test_a_closed_wave_stores_nothing(world: World, wave: Wave, client: Any) -> None:
    token = _token(world, wave)
    _open(client, world, wave)  # opened while the survey was open
    services.wave_close(wave=wave)
    url = reverse("surveys:take_invitation", kwargs={"token": token})
    assert client.get(url).status_code == 410
    assert client.post(url, _post(wave)).status_code == 410
    assert client.get(ANSWER).status_code == 410
    assert client.post(ANSWER, _post(wave)).status_code == 410
    invitation = Invitation.objects.get(wave=wave, user=world.user("staff"))
    with pytest.raises(services.SurveyClosed):
        services.response_submit(
            invitation=invitation, role_group="teaching", answers=all_answers(wave), today=TODAY
        )
    assert not Response.objects.exists() and not PendingResponse.objects.exists()
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
    url = _open(client, world, wave)
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
    assert not PendingResponse.objects.exists() and not Response.objects.exists()
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
    assert PendingResponse.objects.count() == 1


def test_a_draft_is_kept_sealed_for_this_device_not_in_the_session_or_the_results(
    world: World, wave: Wave, client: Any
) -> None:
    url = _open(client, world, wave)
    first = str(wave.survey.items.order_by("position").first().pk)  # type: ignore[union-attr]
    saved = client.post(url, {f"item_{first}": "2", "role_group": "support", "save": "later"})
    assert saved.status_code == 200
    assert b"saved on this device" in saved.content
    assert not PendingResponse.objects.exists() and not Response.objects.exists()
    assert Draft.objects.count() == 1
    assert not Session.objects.exists()
    back = client.get(url)
    assert back.context["started"] and back.context["has_draft"]
    assert back.context["form"].initial[f"item_{first}"] == "2"
    assert back.context["form"].initial["role_group"] == "support"
    client.post(url, _post(wave))
    assert not Draft.objects.exists()


def test_an_open_link_takes_one_response_per_browser(wave: Wave, client: Any, world: World) -> None:
    link = OpenLink.objects.get(wave=wave, school=world.school)
    url = reverse("surveys:take_open", kwargs={"token": link.token})
    assert client.get(url).status_code == 200
    assert client.post(url, _post(wave)).status_code == 200
    assert client.get(url).status_code == 410
    assert client.post(url, _post(wave)).status_code == 410
    assert PendingResponse.objects.count() == 1


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
    assert not PendingResponse.objects.exists() and not Response.objects.exists()


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
    # Submitting: one statement (the wave's status and the sealed response).
    data = _post(wave)
    with django_assert_max_num_queries(1):
        assert client.post(url, data).status_code == 200
    assert PendingResponse.objects.count() == 1


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


@pytest.mark.skipif(connection.vendor != "postgresql", reason="both ways need PostgreSQL")
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
    """The one statement writes the same rows whichever database runs it (its id is
    written as text for SQLite, the demo's), once its batch is flushed."""
    Survey.objects.filter(pk=wave.survey_id).update(asks_comment=asks_comment)
    # A metric too: every possible total converts to half of itself.
    Instrument.objects.filter(pk=wave.survey.instrument_id).update(
        conversion={str(total): total / 2 for total in range(200)}
    )
    link = OpenLink.objects.get(wave=wave, school=world.school)
    answers = all_answers(wave, 2)
    for vendor in ("postgresql", "sqlite"):
        if vendor != connection.vendor:
            monkeypatch.setattr(connection, "vendor", vendor)
        services.open_response_submit(
            link=link, role_group="support", answers=answers, comment=comment, today=TODAY
        )
        monkeypatch.undo()
    assert PendingResponse.objects.count() == 2
    assert services.responses_flush(wave=wave, everything=True) == 2
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
    assert not PendingResponse.objects.exists()
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
    assert not PendingResponse.objects.exists()


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
    assert PendingResponse.objects.count() == 2


def test_the_code_holder_reads_a_reply_and_answers_it(
    world: World, wave: Wave, client: Any
) -> None:
    url = _open(client, world, wave)
    code = receipt_code(client.post(url, _post(wave, comment="Please stop Friday meetings.")))
    services.responses_flush(wave=wave, everything=True)
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
    assert b"No comment can be read with that code yet" in wrong.content


# What the pages give away ---------------------------------------------------------------


def test_the_closing_page_has_one_size_whatever_the_answers_and_the_comment(
    wave: Wave, client: Any, world: World
) -> None:
    url = reverse("surveys:take_open", kwargs={"token": OpenLink.objects.get(wave=wave).token})
    pages = {}
    for value, comment in ((1, ""), (1, "x" * 2000), (4, ""), (4, "Less marking, please. " * 40)):
        client.cookies.clear()  # the open link takes one response per browser
        data = {f"item_{pk}": v for pk, v in all_answers(wave, value).items()}
        data.update(role_group="teaching", comment=comment)
        response = client.post(url, data)
        assert response.status_code == 200
        pages[value, len(comment)] = response
    assert b"You do not have to manage that alone" in pages[1, 0].content
    assert b"You do not have to manage that alone" not in pages[4, 0].content
    assert len({len(page.content) for page in pages.values()}) == 1
    assert len({page["Content-Length"] for page in pages.values()}) == 1


def _answering_pages(world: World, wave: Wave) -> list[tuple[str, Any]]:
    """Every kind of answering page and its error pages, each from a fresh browser."""
    token = _token(world, wave)
    link = OpenLink.objects.get(wave=wave)
    by_link = reverse("surveys:take_invitation", kwargs={"token": token})
    open_url = reverse("surveys:take_open", kwargs={"token": link.token})
    mine = reverse("surveys:take_mine", kwargs={"pk": wave.pk})
    pages: list[tuple[str, Any]] = []

    def browser() -> Client:
        return Client()

    invited = browser()
    pages.append(("invitation link", invited.get(by_link)))
    pages.append(("answering page", invited.get(ANSWER)))
    pages.append(("answering form", invited.get(ANSWER + "?start=1")))
    pages.append(("answering errors", invited.post(ANSWER, {"role_group": "teaching"})))
    pages.append(("saved", invited.post(ANSWER, {"role_group": "teaching", "save": "later"})))
    pages.append(("thanks", invited.post(ANSWER, _post(wave))))
    pages.append(("link answered", invited.get(by_link)))
    pages.append(("unknown link", browser().get(reverse("surveys:take_invitation", args=["x"]))))
    pages.append(("answering without cookie", browser().get(ANSWER)))
    pages.append(("mine, signed out", browser().get(mine)))
    signed_in = browser()
    signed_in.force_login(world.user("wellbeing_champion"))
    pages.append(("mine", signed_in.get(mine)))
    pages.append(("mine, saved", signed_in.post(mine, {"save": "later"})))
    pages.append(("open link, invited", signed_in.get(open_url)))
    pages.append(("open link, invited, posting", signed_in.post(open_url, _post(wave))))
    pages.append(("mine, thanks", signed_in.post(mine, _post(wave))))
    pages.append(("mine, answered", signed_in.get(mine)))
    anyone = browser()
    pages.append(("open link", anyone.get(open_url)))
    pages.append(("open link, saving", anyone.post(open_url, {"save": "later"})))
    pages.append(("open link, errors", anyone.post(open_url, {"role_group": "teaching"})))
    pages.append(("open link, thanks", anyone.post(open_url, _post(wave))))
    pages.append(("open link, answered", anyone.get(open_url)))
    pages.append(("unknown open link", anyone.get(reverse("surveys:take_open", args=["x"]))))
    pages.append(("receipt", anyone.get(reverse("surveys:receipt"))))
    pages.append(("receipt, wrong", anyone.post(reverse("surveys:receipt"), {"code": "AAAAA"})))
    return pages


def test_no_answering_page_is_kept_by_the_browser_or_a_cache(world: World, wave: Wave) -> None:
    pages = _answering_pages(world, wave)
    statuses = {name: response.status_code for name, response in pages}
    assert statuses == {
        "invitation link": 303,
        "answering page": 200,
        "answering form": 200,
        "answering errors": 400,
        "saved": 200,
        "thanks": 200,
        "link answered": 410,
        "unknown link": 404,
        "answering without cookie": 400,
        "mine, signed out": 302,
        "mine": 200,
        "mine, saved": 200,
        "open link, invited": 403,
        "open link, invited, posting": 403,
        "mine, thanks": 200,
        "mine, answered": 404,
        "open link": 200,
        "open link, saving": 400,
        "open link, errors": 400,
        "open link, thanks": 200,
        "open link, answered": 410,
        "unknown open link": 404,
        "receipt": 200,
        "receipt, wrong": 400,
    }
    for name, response in pages:
        assert "no-store" in response.get("Cache-Control", ""), name
        assert "private" in response["Cache-Control"], name


# One person, one answer ------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_someone_invited_is_sent_to_their_own_link_not_the_schools(
    wave: Wave, client: Any, world: World, method: str
) -> None:
    url = reverse("surveys:take_open", kwargs={"token": OpenLink.objects.get(wave=wave).token})
    client.force_login(world.user("staff"))
    response = getattr(client, method)(url, _post(wave) if method == "post" else None)
    assert response.status_code == 403
    assert b"You were invited to this survey: use the link in your email" in response.content
    assert not PendingResponse.objects.exists()
    # Answered or not: the invitation is theirs either way.
    invitation = Invitation.objects.get(wave=wave, user=world.user("staff"))
    services.response_submit(
        invitation=invitation, role_group="teaching", answers=all_answers(wave), today=TODAY
    )
    assert getattr(client, method)(url, _post(wave)).status_code == 403
    assert PendingResponse.objects.count() == 1
    # Someone signed in who was not invited answers through the school's link as anyone.
    client.force_login(world.user("headteacher"))
    assert getattr(client, method)(url, _post(wave)).status_code == 200
    assert PendingResponse.objects.count() == (2 if method == "post" else 1)


# The school's shared link ----------------------------------------------------------------


def test_the_shared_link_keeps_no_unfinished_answers(wave: Wave, client: Any) -> None:
    url = reverse("surveys:take_open", kwargs={"token": OpenLink.objects.get(wave=wave).token})
    form = client.get(url + "?start=1")
    assert b"Save and finish later" not in form.content
    assert b"does not keep unfinished answers" in form.content
    data = _post(wave, comment="My manager shouts at me.", save="later")
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert b"Your answers were not saved" in refused.content
    assert b"cannot tell two people on one device apart" in refused.content
    assert b"My manager shouts at me." in refused.content  # still on this page, to send
    assert not Draft.objects.exists() and not PendingResponse.objects.exists()
    assert not [name for name in refused.cookies if name.startswith("surveys_draft_")]


def test_the_next_person_on_a_shared_browser_sees_nothing_of_the_last(
    wave: Wave, client: Any
) -> None:
    url = reverse("surveys:take_open", kwargs={"token": OpenLink.objects.get(wave=wave).token})
    first = _post(wave, comment="My manager shouts at me.")
    del first["role_group"]  # a mistake: the page comes back with the answers ticked
    assert b" checked" in client.post(url, first).content
    client.post(url, {**first, "save": "later"})
    following = client.get(url + "?start=1")
    assert following.status_code == 200
    assert b" checked" not in following.content
    assert b"My manager shouts at me." not in following.content
    assert not following.context["has_draft"]
