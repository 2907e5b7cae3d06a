"""The survey in steps: a page per section with its progress, Back and Continue, a missing
answer stopping you on its step, a page to check every answer with a Change button for
each section, and only the final post storing anything. A shared link keeps the answers
so far on its pages only; an invitation also keeps them sealed for this device at every
step, until the survey closes (surveys.drafts)."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from surveys import drafts, selectors, services
from surveys.models import Comment, Draft, OpenLink, PendingResponse, Response, Wave
from surveys.steps import survey_steps
from tests.clock import london
from tests.conftest import World
from wellbeing_portal.outbox.models import OutboxEmail

from .factories import CLOSES, TODAY, open_wave, receipt_code

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

ANSWER = "/surveys/answer/"
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')
CHECKED = re.compile(r'name="([^"]+)" type="radio" value="([^"]+)" checked')
TEXTAREA = re.compile(r'name="comment"[^>]*>\n(.*?)</textarea>', re.S)
RADIO = re.compile(r'name="(item_\d+|role_group)" type="radio"')


@pytest.fixture(autouse=True)
def _wave_is_open(time_machine: Any) -> None:
    time_machine.move_to(london(TODAY), tick=False)


@pytest.fixture
def wave(world: World) -> Wave:
    return open_wave(organisation=world.trust, schools=[world.school])


def _fields(page: Any) -> dict[str, str]:
    """What a browser would post from the page as it is: hidden fields, ticked radios and
    the comment box."""
    content = page.content.decode()
    data = {name: html.unescape(value) for name, value in HIDDEN.findall(content)}
    data.update(CHECKED.findall(content))
    comment = TEXTAREA.search(content)
    if comment:
        data["comment"] = html.unescape(comment.group(1))
    return data


def _shown(page: Any) -> list[str]:
    """The questions on the page (radios, first one of each)."""
    return list(dict.fromkeys(RADIO.findall(page.content.decode())))


def _press(client: Client, url: str, page: Any, button: tuple[str, str], **chosen: str) -> Any:
    return client.post(url, {**_fields(page), **chosen, button[0]: button[1]})


CONTINUE = ("go", "next")
BACK = ("go", "back")
SEND = ("go", "send")


def test_an_open_link_is_answered_a_section_at_a_time(wave: Wave, client: Any) -> None:
    url = reverse("surveys:take_open", kwargs={"token": OpenLink.objects.get(wave=wave).token})
    assert wave.survey.asks_comment
    steps = survey_steps(items=list(_items(wave)), asks_comment=True)
    assert len(steps) > 3 and len(steps[1].fields) > 1
    page = client.get(url + "?start=1")
    assert f"Section 1 of {len(steps)}".encode() in page.content
    assert _shown(page) == ["role_group"]

    # A missing answer stops you on its step, with the error summary.
    stopped = _press(client, url, page, CONTINUE)
    assert stopped.status_code == 400
    assert (
        b"There is a problem" in stopped.content and b'href="#id_role_group_1"' in stopped.content
    )
    assert f"Section 1 of {len(steps)}".encode() in stopped.content

    page = _press(client, url, stopped, CONTINUE, role_group="support")
    assert page.status_code == 200 and f"Section 2 of {len(steps)}".encode() in page.content
    assert _fields(page)["role_group"] == "support"  # carried on the page, kept nowhere else
    first = _shown(page)
    assert first == list(steps[1].fields)
    half = _press(client, url, page, CONTINUE, **{first[0]: "4"})  # one statement missed
    assert half.status_code == 400 and f'href="#id_{first[1]}_1"'.encode() in half.content
    page = _press(client, url, half, CONTINUE, **dict.fromkeys(first, "4"))

    # Back a step: the answers given are there.
    back = _press(client, url, page, BACK)
    assert _shown(back) == first and all(_fields(back)[n] == "4" for n in first)
    page = _press(client, url, back, CONTINUE)
    for step in steps[2:-1]:
        assert f"Section {step.index + 1} of {len(steps)}".encode() in page.content
        page = _press(client, url, page, CONTINUE, **dict.fromkeys(step.fields, "4"))
    assert b"<textarea" in page.content and _shown(page) == []
    check = _press(client, url, page, CONTINUE, comment="Less email <after> six.")
    assert b"Check your answers before sending them" in check.content
    assert b"Less email &lt;after&gt; six." in check.content
    assert check.content.count(b'name="change"') == len(steps)
    assert not PendingResponse.objects.exists()
    # A shared link keeps nothing between its pages but the pages.
    assert not Draft.objects.exists()
    assert not [n for n in client.cookies if n.startswith(drafts.COOKIE_PREFIX)]

    # Change one section from the check page: Continue goes back to the check page.
    change = _press(client, url, check, ("change", "1"))
    assert _shown(change) == first and b"Section 2 of" in change.content
    check = _press(client, url, change, CONTINUE, **{first[0]: "2"})
    assert b"Check your answers before sending them" in check.content

    sent = _press(client, url, check, SEND)
    assert sent.status_code == 200 and len(receipt_code(sent)) == 11
    services.responses_flush(wave=wave, everything=True)
    response = Response.objects.get()
    answers = dict(response.answers.values_list("item_id", "value"))
    assert answers[int(first[0].removeprefix("item_"))] == 2
    assert answers[int(first[1].removeprefix("item_"))] == 4
    assert response.role_group == "support"
    assert Comment.objects.get().text == "Less email <after> six."
    assert not Draft.objects.exists()


def _items(wave: Wave) -> Any:
    return selectors.survey_items(wave)


def test_every_step_page_is_no_store_and_carries_no_token(wave: Wave, client: Any) -> None:
    token = OpenLink.objects.get(wave=wave).token
    url = reverse("surveys:take_open", kwargs={"token": token})
    page = client.get(url + "?start=1")
    pages = [page]
    for _ in range(3):
        page = _press(client, url, page, CONTINUE, role_group="teaching")
        pages.append(page)
    for page in pages:
        assert "no-store" in page["Cache-Control"]
        assert b" action=" not in page.content


def test_a_missing_answer_sent_from_the_check_page_goes_back_to_its_step(
    wave: Wave, client: Any
) -> None:
    url = reverse("surveys:take_open", kwargs={"token": OpenLink.objects.get(wave=wave).token})
    steps = survey_steps(items=list(_items(wave)), asks_comment=True)
    page = client.get(url + "?start=1")
    data = {**_fields(page), "role_group": "teaching", "step": str(len(steps)), "go": "send"}
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert b"Section 2 of" in refused.content and b"There is a problem" in refused.content
    assert not PendingResponse.objects.exists()


def test_the_benchmarks_whole_survey_in_one_post_still_answers(wave: Wave, client: Any) -> None:
    """benchmarks/load_turns.py reads the item names off the first page and posts them all."""
    url = reverse("surveys:take_open", kwargs={"token": OpenLink.objects.get(wave=wave).token})
    page = client.get(url + "?start=1").content.decode()
    names = sorted(set(re.findall(r'name="(item_\d+)"', page)))
    assert len(names) == len(_items(wave))
    sent = client.post(url, {**dict.fromkeys(names, "3"), "role_group": "teaching"})
    assert sent.status_code == 200 and b"receipt-code" in sent.content


# An invitation: kept on this device as you go, until the survey closes -----------------


def _open(client: Client, who: str = "staff") -> None:
    email = OutboxEmail.objects.get(kind="survey_invitation", to_email=f"{who}@example.org")
    line = next(line for line in email.body_text.splitlines() if "/surveys/i/" in line)
    token = line.rsplit("/i/", 1)[1].strip("/")
    assert (
        client.get(reverse("surveys:take_invitation", kwargs={"token": token})).status_code == 303
    )


def _close_the_browser(client: Client) -> None:
    """What a browser keeps when it closes: only the cookies given a lifetime."""
    for name, morsel in list(client.cookies.items()):
        if not morsel["max-age"] and not morsel["expires"]:
            del client.cookies[name]


def test_each_step_is_kept_sealed_on_this_device(wave: Wave, client: Any) -> None:
    _open(client)
    page = client.get(ANSWER + "?start=1")
    page = _press(client, ANSWER, page, CONTINUE, role_group="support")
    assert Draft.objects.count() == 1
    step = _shown(page)
    _press(client, ANSWER, page, CONTINUE, **dict.fromkeys(step, "5"))
    assert Draft.objects.count() == 1  # replaced, not added to
    back = client.get(ANSWER)
    assert back.context["has_draft"] and back.context["started"]
    assert b"Section 3 of" in back.content  # carries on after the last step answered
    assert _fields(back)["role_group"] == "support"
    assert all(_fields(back)[name] == "5" for name in step)


def test_a_saved_draft_outlives_the_session_until_the_survey_closes(
    wave: Wave, client: Any, world: World, time_machine: Any
) -> None:
    client.force_login(world.user("staff"))
    mine = reverse("surveys:take_mine", kwargs={"pk": wave.pk})
    page = client.get(mine + "?start=1")
    saved = _press(client, mine, page, ("save", "later"), role_group="support")
    assert b"saved on this device" in saved.content
    assert CLOSES.strftime("%-d %B %Y").encode() in saved.content
    [cookie] = [n for n in client.cookies if n.startswith(drafts.COOKIE_PREFIX)]
    lasts = dt.timedelta(seconds=int(saved.cookies[cookie]["max-age"]))
    # Until the end of the survey's last day, not of the browser session or the sign-in.
    assert london(TODAY) + lasts == london(CLOSES + dt.timedelta(days=1), hour=0)

    # Nine hours on, the browser closed in between: the session is gone, the draft is not.
    time_machine.move_to(london(TODAY) + dt.timedelta(hours=9), tick=False)
    _close_the_browser(client)
    assert client.get(mine).status_code == 302  # signed out: to the sign-in page
    _open(client)  # the invitation email's link
    back = client.get(ANSWER)
    assert back.context["has_draft"] and _fields(back)["role_group"] == "support"
    client.force_login(world.user("staff"))  # or signing in again: "Answer the survey"
    assert client.get(mine).context["has_draft"]

    # The last day: still there. After it, gone: the survey refuses, the purge deletes it.
    time_machine.move_to(london(CLOSES, hour=23), tick=False)
    client.force_login(world.user("staff"))
    assert client.get(mine).context["has_draft"]
    after = CLOSES + dt.timedelta(days=1)
    time_machine.move_to(london(after, hour=0, minute=1), tick=False)
    assert london(TODAY) + lasts < london(after, hour=0, minute=1)  # the cookie has gone
    services.wave_close(wave=wave)
    assert client.get(mine).status_code == 404
    assert drafts.drafts_purge(today=CLOSES + dt.timedelta(days=drafts.KEEP_DAYS_AFTER_CLOSE + 1))
    assert not Draft.objects.exists()


# Replies -----------------------------------------------------------------------------------


def test_the_closing_and_receipt_pages_say_how_to_check_for_a_reply(
    wave: Wave, client: Any
) -> None:
    url = reverse("surveys:take_open", kwargs={"token": OpenLink.objects.get(wave=wave).token})
    page = client.get(url + "?start=1").content.decode()
    names = set(re.findall(r'name="(item_\d+)"', page))
    sent = client.post(url, {**dict.fromkeys(names, "3"), "role_group": "teaching"})
    address = b"http://testserver/surveys/receipt/"
    assert address in sent.content and b"any time after the survey closes" in sent.content
    receipt = client.get(reverse("surveys:receipt"))
    assert address in receipt.content and b"any time after the survey closes" in receipt.content
