"""Every link in every email the outbox can hold, and in the calendar feed, answers 200 on
a live server that is not on port 8000, fetched as the person who got it.

Emails are built with the outbox's own renderer (`email_enqueue_from_templates`, which
puts `settings.PORTAL_BASE_URL` in every template) from the objects of the rich world;
the ones with a one-time token (the survey invitation, the welcome email, allauth's
password reset) through the services or the page that send them, and each token link is
followed once, as a new person would, with nobody signed in.
"""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from http.client import HTTPResponse
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.test.client import Client

from inspections.models import ExpectedContact
from inspections.services import calendar_feed_reset
from surveys import services as survey_services
from wellbeing_portal.outbox import services as outbox_services
from wellbeing_portal.outbox.models import OutboxEmail
from wellbeing_portal.outbox.services import email_enqueue_from_templates
from wellbeing_portal.people.services import welcome_email_enqueue

from ..clock import london
from ..conftest import World

pytestmark = pytest.mark.django_db(transaction=True)

EMAILS = Path(__file__).resolve().parents[2] / "templates" / "emails"
URL = re.compile(r"https?://[^\s<>\"']+")


def _expected(world: World, responsible: str | None = None) -> ExpectedContact:
    items = ExpectedContact.objects.filter(inspection=world.services["inspection"])
    if responsible:
        items = items.filter(step__responsible=responsible)
    item = items.select_related("step", "inspection").order_by("due_at").first()
    assert item is not None, "the rich world's inspection has a timeline"
    return item


def _report(world: World) -> Any:
    from ..reports.factories import ready_report

    return ready_report(world)


# Each email kind rendered by template: (who gets it, the context its service passes).
CONTEXTS: dict[str, tuple[str, Callable[[World], dict[str, Any]]]] = {
    "charters/action_due_soon": ("headteacher", lambda w: {"action": w.charters["action"]}),
    "charters/action_overdue": ("headteacher", lambda w: {"action": w.charters["action"]}),
    "charters/review_due": (
        "wellbeing_lead",
        lambda w: {"version": w.charters["charter"].versions.get(number=1), "days": 30},
    ),
    "inspections/notified": (
        "link_officer",
        lambda w: {"inspection": w.services["inspection"], "role": "officer"},
    ),
    "inspections/concern": (
        "senior_officer",
        lambda w: {"inspection": w.services["inspection"], "concern": w.services["concern"]},
    ),
    "inspections/overdue": (
        "link_officer",
        lambda w: {
            "item": _expected(w),
            "inspection": w.services["inspection"],
            "path": f"/inspections/{w.services['inspection'].pk}/",
        },
    ),
    "inspections/escalated": (
        "senior_officer",
        lambda w: {"item": _expected(w), "inspection": w.services["inspection"]},
    ),
    "surveys/reminder": (
        "staff",
        lambda w: {"wave": _open_wave(w), "school": w.school},
    ),
    "support_directory/buddy_paired_buddy": (
        "headteacher",  # the buddy is not signed in here: the page is the same for any head
        lambda w: {
            "pairing": w.services["pairing"],
            "buddy": w.services["pairing"].buddy.user,
            "head": w.user("headteacher"),
            "school": w.school,
        },
    ),
    "support_directory/buddy_paired_head": (
        "headteacher",
        lambda w: {
            "pairing": w.services["pairing"],
            "buddy": w.services["pairing"].buddy.user,
            "head": w.user("headteacher"),
            "school": w.school,
        },
    ),
    "reports/ready": ("governor", lambda w: {"report": _report(w)}),
    "people/role_granted": (
        "headteacher",
        lambda w: {
            "granted_by": w.user("senior_officer"),
            "role_name": "headteacher",
            "place": w.school,
        },
    ),
}
# Sent by their services, with a token in the link that works once (below).
BY_SERVICE = {"surveys/invitation", "people/welcome"}


def _open_wave(world: World) -> Any:
    from ..surveys.factories import matrix_surveys

    return matrix_surveys(world)["open"]


def _fetch(url: str, *, session: str | None = None) -> Any:
    """GET `url` (as the person whose session it is), following redirects: the final answer."""
    request = urllib.request.Request(url)  # noqa: S310 (the live server's http:// only)
    if session:
        request.add_header("Cookie", f"{settings.SESSION_COOKIE_NAME}={session}")
    try:
        response: HTTPResponse = urllib.request.urlopen(request, timeout=30)  # noqa: S310
    except urllib.error.HTTPError as error:
        return error
    return response


def _session_of(world: World, role: str) -> str:
    client = Client()
    client.force_login(world.user(role))
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _links(text: str) -> list[str]:
    return [url.rstrip(".,)") for url in URL.findall(text)]


def _check_links(world: World, role: str, text: str, base: str, what: str) -> list[str]:
    """Each link of `text` fetched as `role`: what went wrong, if anything."""
    links = _links(text)
    if not links:
        return [f"{what}: no link at all"]
    session = _session_of(world, role)
    failures = []
    for link in links:
        if not link.startswith(base + "/"):
            failures.append(f"{what}: {link} is not on {base}")
            continue
        response = _fetch(link, session=session)
        final = response.geturl()
        if response.status != 200 or urlsplit(final).path.startswith("/accounts/login/"):
            failures.append(f"{what}: {link} answered {response.status} at {final}")
    return failures


@pytest.fixture
def base(live_server: Any, settings: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """The live server's address as the portal's base URL. Emails stay in the outbox
    (no eager send), so their bodies can be read, tokens and all."""
    assert urlsplit(live_server.url).port != 8000
    settings.PORTAL_BASE_URL = live_server.url
    settings.PORTAL_REQUIRE_MFA = False  # signing in is not what this is about
    monkeypatch.setattr(outbox_services, "_trigger_send", lambda: None)
    return live_server.url


def test_every_email_kind_is_checked() -> None:
    on_disk = {
        str(path.relative_to(EMAILS)).removesuffix("_body.txt")
        for path in EMAILS.glob("*/*_body.txt")
    }
    assert on_disk == set(CONTEXTS) | BY_SERVICE


def test_every_link_in_every_email_answers(base: str, rich_world: World, time_machine) -> None:
    time_machine.move_to(london(dt.date(2026, 11, 24)), tick=True)
    world = rich_world
    failures = []
    for template, (role, context) in CONTEXTS.items():
        user = world.user(role)
        row = email_enqueue_from_templates(
            kind=f"links.{template}",
            obj="links",
            to=user.email,
            template=f"emails/{template}",
            context={"user": user, **context(world)},
        )
        assert row is not None
        failures += _check_links(world, role, row.body_text, base, template)
    assert not failures, "\n".join(failures)


def test_the_survey_invitation_link_works_for_its_person(
    base: str, rich_world: World, time_machine: Any
) -> None:
    time_machine.move_to(london(dt.date(2026, 11, 24)), tick=True)
    world = rich_world
    wave = survey_services.wave_create(
        organisation=world.trust,
        survey=_open_wave(world).survey,
        title="Links",
        schools=[world.school],
        roles=["staff"],
        opens_on=dt.date(2026, 11, 2),
        closes_on=dt.date(2026, 12, 20),
    )
    OutboxEmail.objects.all().delete()
    survey_services.wave_open(wave=wave, today=dt.date(2026, 11, 24))
    email = OutboxEmail.objects.get(kind="survey_invitation")
    (link,) = (url for url in _links(email.body_text) if "/surveys/i/" in url)
    assert link.startswith(base + "/")
    # Opened from the email in a browser with nobody signed in: the survey itself, whose
    # "Start now" shows its first questions.
    browser = Browser()
    status, final, page = browser.get(link)
    assert status == 200, f"{link} answered {status} at {final}"
    assert '<h1 class="govuk-heading-xl">Links</h1>' in page and "Start now" in page
    status, _, page = browser.get(final + "?start=1")
    assert status == 200
    assert 'type="radio"' in page, "the survey's questions"
    assert all(url.startswith(base + "/") for url in _links(email.body_text))


class Browser:
    """A browser with nobody signed in: keeps its cookies, sends forms with their CSRF token."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, url: str) -> tuple[int, str, str]:
        """Status, final address and text of `url` (redirects followed)."""
        try:
            response = self.opener.open(url, timeout=30)
        except urllib.error.HTTPError as error:
            return error.code, error.geturl(), error.read().decode()
        return response.status, response.geturl(), response.read().decode()

    def submit(self, url: str, page: str, data: dict[str, str]) -> tuple[int, str, str]:
        """Post `data` to `url` with the CSRF token of `page`, the form it came from."""
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, f"no CSRF token on {url}"
        body = urlencode({"csrfmiddlewaretoken": token.group(1), **data}).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": url})  # noqa: S310
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            return error.code, error.geturl(), error.read().decode()
        return response.status, response.geturl(), response.read().decode()


NEW_PASSWORD = "a long new passphrase 4 links"


def _choose_password_once(link: str) -> None:
    """The link offers a new password; once chosen, the same link offers it no more."""
    browser = Browser()
    status, final, page = browser.get(link)
    assert status == 200, f"{link} answered {status}"
    assert 'name="password1"' in page, f"{link} offers no new password"
    status, _, page = browser.submit(
        final, page, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert status == 200
    status, _, page = Browser().get(link)
    assert status == 200
    assert 'name="password1"' not in page, f"{link} works twice"


def test_the_welcome_and_password_reset_links_work_once(base: str, world: World) -> None:
    newcomer = world.user("no_role")
    newcomer.set_unusable_password()
    newcomer.save()
    welcome_email_enqueue(user=newcomer, organisation=world.trust)
    body = OutboxEmail.objects.get(kind="people.welcome").body_text
    choose, reset_page = _links(body)
    assert reset_page == f"{base}/accounts/password/reset/"
    _choose_password_once(choose)
    newcomer.refresh_from_db()
    assert newcomer.check_password(NEW_PASSWORD)

    # Later they forget it: the sign-in page's "forgotten password" form sends a new link.
    OutboxEmail.objects.all().delete()
    browser = Browser()
    status, final, page = browser.get(reset_page)
    assert status == 200
    status, _, _ = browser.submit(final, page, {"email": newcomer.email})
    assert status == 200
    reset = OutboxEmail.objects.get(to_email=newcomer.email)
    (link,) = (url for url in _links(reset.body_text) if "/password/reset/key/" in url)
    assert link.startswith(base + "/")
    _choose_password_once(link)


def test_every_link_in_the_calendar_feed_answers(
    base: str, rich_world: World, time_machine
) -> None:
    time_machine.move_to(london(dt.date(2026, 11, 24)), tick=True)
    world = rich_world
    failures = []
    found = 0
    for role in ("headteacher", "link_officer", "senior_officer"):
        token = calendar_feed_reset(user=world.user(role))
        feed = _fetch(f"{base}/inspections/calendar/{token}.ics")
        assert feed.status == 200
        text = feed.read().decode().replace("\r\n ", "")  # unfold long lines
        links = _links(text)
        found += len(links)
        if links:
            failures += _check_links(world, role, text, base, f"calendar of {role}")
    assert found, "the feeds hold no link at all: the test would prove nothing"
    assert not failures, "\n".join(failures)
