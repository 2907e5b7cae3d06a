"""Drafts ("Save and finish later"): one invitation's, on one device, never beside a user
id; gone when sent, at sign-out, and a few days after the wave closes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from surveys import drafts
from surveys.models import Draft, Invitation, PendingResponse, Wave
from surveys.views.responding import INVITATION_COOKIE
from tests.clock import london
from tests.conftest import World
from wellbeing_portal.outbox.models import OutboxEmail

from .factories import CLOSES, TODAY, all_answers, open_wave

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

ANSWER = "/surveys/answer/"
WORRY = "I cannot sleep before Mondays."


@pytest.fixture(autouse=True)
def _wave_is_open(time_machine: Any) -> None:
    """Every test here answers a wave open from OPENS to CLOSES: freeze the clock inside."""
    time_machine.move_to(london(TODAY), tick=False)


@pytest.fixture
def wave(world: World) -> Wave:
    return open_wave(organisation=world.trust, schools=[world.school])


def _open(client: Client, wave: Wave, who: str) -> None:
    """Follow `who`'s invitation link in this browser (it goes on to the answering page)."""
    email = OutboxEmail.objects.get(kind="survey_invitation", to_email=f"{who}@example.org")
    line = next(line for line in email.body_text.splitlines() if "/surveys/i/" in line)
    token = line.rsplit("/i/", 1)[1].strip("/")
    opened = client.get(reverse("surveys:take_invitation", kwargs={"token": token}))
    assert opened["Location"] == ANSWER


def _half(wave: Wave, comment: str = WORRY) -> dict[str, str]:
    """A few answers, a role group and a comment, with 'Save and finish later'."""
    answers = list(all_answers(wave, 2).items())[:3]
    data = {f"item_{pk}": value for pk, value in answers}
    data.update(role_group="support", comment=comment, save="later")
    return data


def _draft_cookies(client: Client) -> dict[str, str]:
    return {
        name: morsel.value
        for name, morsel in client.cookies.items()
        if name.startswith(drafts.COOKIE_PREFIX) and morsel.value
    }


def test_a_second_invitee_on_the_same_browser_never_sees_the_firsts_draft(
    wave: Wave, client: Any
) -> None:
    _open(client, wave, "staff")
    saved = client.post(ANSWER, _half(wave))
    assert saved.status_code == 200
    assert b"saved on this device" in saved.content
    [(cookie, secret)] = _draft_cookies(client).items()
    morsel = saved.cookies[cookie]
    assert morsel["httponly"] and morsel["samesite"] == "Lax" and morsel["path"] == "/"
    assert int(morsel["max-age"]) > 0

    _open(client, wave, "wellbeing_champion")  # the next person, same browser
    theirs = client.get(ANSWER)
    assert theirs.status_code == 200
    assert not theirs.context["has_draft"] and not theirs.context["started"]
    form = client.get(ANSWER + "?start=1")
    assert b" checked" not in form.content
    assert WORRY.encode() not in form.content
    assert _draft_cookies(client) == {cookie: secret}  # the first one's is left alone

    # Even the first one's secret put under the second one's cookie opens nothing.
    theirs_cookie = drafts.place_for(
        Invitation.objects.get(wave=wave, user__email="wellbeing_champion@example.org")
    ).cookie
    assert theirs_cookie != cookie
    client.cookies[theirs_cookie] = secret
    moved = client.get(ANSWER + "?start=1")
    assert not moved.context["has_draft"]
    assert WORRY.encode() not in moved.content and b" checked" not in moved.content

    # The first person comes back with their link: their draft is there.
    _open(client, wave, "staff")
    back = client.get(ANSWER)
    assert back.context["started"] and back.context["has_draft"]
    assert WORRY.encode() in back.content
    kept = {k: v for k, v in _half(wave).items() if k != "save"}
    page = back.content.decode()
    for name, value in kept.items():  # on the step shown, or carried by the page
        assert (
            f'name="{name}" type="radio" value="{value}" checked' in page
            or f'<input type="hidden" name="{name}" value="{value}">' in page
        ), name


def test_a_draft_row_says_nothing_of_whose_it_is_nor_what_it_holds(wave: Wave, client: Any) -> None:
    assert [f.name for f in Draft._meta.get_fields()] == ["id", "sealed", "expires_on"]
    _open(client, wave, "staff")
    client.post(ANSWER, _half(wave))
    row = Draft.objects.get()
    sealed = bytes(row.sealed)
    assert WORRY.encode() not in sealed and b"support" not in sealed
    assert row.expires_on == CLOSES + dt.timedelta(days=drafts.KEEP_DAYS_AFTER_CLOSE)
    [secret] = _draft_cookies(client).values()
    assert secret not in row.id and len(row.id) == 64  # the secret's HMAC, not the secret
    invitation = Invitation.objects.get(wave=wave, user__email="staff@example.org")
    assert invitation.token_hash not in row.id
    # Saving again replaces the draft; without a comment the box has the same size.
    client.post(ANSWER, _half(wave, comment=""))
    again = Draft.objects.get()
    assert again.id != row.id
    assert len(bytes(again.sealed)) == len(sealed)
    assert not PendingResponse.objects.exists()
    assert not Session.objects.exists()


def test_the_draft_goes_when_the_answers_are_sent(wave: Wave, client: Any) -> None:
    _open(client, wave, "staff")
    client.post(ANSWER, _half(wave))
    [cookie] = _draft_cookies(client)
    spent = client.cookies[INVITATION_COOKIE].value
    data = {f"item_{pk}": value for pk, value in all_answers(wave, 4).items()}
    data.update(role_group="teaching", comment=WORRY)
    sent = client.post(ANSWER, data)
    assert sent.status_code == 200
    assert not Draft.objects.exists()
    assert sent.cookies[cookie].value == "" and sent.cookies[cookie]["max-age"] == 0
    assert PendingResponse.objects.count() == 1
    # Answered: nothing more is saved for the invitation, even from a tab left open.
    client.cookies[INVITATION_COOKIE] = spent
    late = client.post(ANSWER, _half(wave))
    assert late.status_code == 410 and b"already answered" in late.content
    assert not Draft.objects.exists() and not _draft_cookies(client)


def test_the_email_link_and_answer_the_survey_share_one_draft(
    wave: Wave, client: Any, world: World
) -> None:
    client.force_login(world.user("staff"))
    mine = reverse("surveys:take_mine", kwargs={"pk": wave.pk})
    assert client.post(mine, _half(wave)).status_code == 200
    _open(client, wave, "staff")
    from_email = client.get(ANSWER)
    assert from_email.context["has_draft"] and WORRY.encode() in from_email.content
    assert Draft.objects.count() == 1


def test_signing_out_deletes_the_drafts_saved_on_the_device(
    wave: Wave, client: Any, world: World
) -> None:
    _open(client, wave, "wellbeing_champion")  # saved through an email link, signed out
    client.post(ANSWER, _half(wave))
    client.force_login(world.user("staff"))
    client.post(reverse("surveys:take_mine", kwargs={"pk": wave.pk}), _half(wave))
    assert Draft.objects.count() == 2
    signed_out = client.post(reverse("account_logout"))
    assert signed_out.status_code == 302
    assert not Draft.objects.exists()
    back = client.get(reverse("surveys:take_mine", kwargs={"pk": wave.pk}))
    assert back.status_code == 302  # signed out: to the sign-in page


def test_signing_out_leaves_other_devices_drafts_alone(
    wave: Wave, client: Any, world: World
) -> None:
    _open(client, wave, "wellbeing_champion")
    client.post(ANSWER, _half(wave))
    elsewhere = Client()
    elsewhere.force_login(world.user("staff"))
    elsewhere.post(reverse("surveys:take_mine", kwargs={"pk": wave.pk}), _half(wave))
    assert elsewhere.post(reverse("account_logout")).status_code == 302
    assert Draft.objects.count() == 1
    assert client.get(ANSWER).context["has_draft"]


def test_the_sign_out_page_deletes_the_draft_cookies_with_the_middleware(
    wave: Wave, world: World, settings: Any
) -> None:
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "surveys.middleware.DraftCookiesMiddleware"]
    browser = Client()
    browser.force_login(world.user("staff"))
    browser.post(reverse("surveys:take_mine", kwargs={"pk": wave.pk}), _half(wave))
    [cookie] = _draft_cookies(browser)
    signed_out = browser.post(reverse("account_logout"))
    assert signed_out.cookies[cookie].value == ""
    assert signed_out.cookies[cookie]["max-age"] == 0 and signed_out.cookies[cookie]["path"] == "/"
    assert not _draft_cookies(browser)
    assert not Draft.objects.exists()


def test_a_cookie_whose_draft_has_gone_is_dropped(wave: Wave, client: Any) -> None:
    _open(client, wave, "staff")
    client.post(ANSWER, _half(wave))
    [cookie] = _draft_cookies(client)
    Draft.objects.all().delete()  # purged, or deleted at sign-out on another tab
    page = client.get(ANSWER)
    assert not page.context["has_draft"]
    assert page.cookies[cookie].value == ""


def test_expired_drafts_and_sessions_are_purged(wave: Wave, client: Any, world: World) -> None:
    _open(client, wave, "staff")
    client.post(ANSWER, _half(wave))
    last_day = CLOSES + dt.timedelta(days=drafts.KEEP_DAYS_AFTER_CLOSE)
    assert drafts.drafts_purge(today=TODAY) == 0
    assert drafts.drafts_purge(today=last_day) == 0
    assert Draft.objects.count() == 1
    assert drafts.drafts_purge(today=last_day + dt.timedelta(days=1)) == 1
    assert not Draft.objects.exists()

    now = london(TODAY)
    Session.objects.create(
        session_key="a" * 32, session_data="", expire_date=now - dt.timedelta(minutes=1)
    )
    Session.objects.create(
        session_key="b" * 32, session_data="", expire_date=now + dt.timedelta(minutes=1)
    )
    drafts.sessions_purge()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["b" * 32]
