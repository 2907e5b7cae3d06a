"""Every page of the permission matrix, at 375 px, as its main role: no page may be wider
than the phone (horizontal overflow, which axe-core does not catch).

The main role of a row is the first signed-in role the matrix lets see it (anonymous for
public pages nobody signed in is shown differently); rows are visited in the matrix's
order in one browser per role, so a row that depends on the one before it (an invitation
link, then the survey it opened) behaves as in the matrix test. POST rows and answers
that are not web pages (CSV, PDF, calendars, images, JSON) are left out.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest
from django.conf import settings
from django.test import override_settings
from django.test.client import Client
from django.urls import reverse
from playwright.sync_api import Browser, Error

from wellbeing_portal.outbox import services as outbox_services

from ..conftest import ROLE_NAMES, World
from ..test_permission_matrix import MATRIX, Row

pytestmark = pytest.mark.django_db(transaction=True)

OVERFLOW = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  // The widest elements that stick out, to say where to look.
  const wide = [...document.body.querySelectorAll('*')]
    .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
    .slice(0, 3)
    .map((el) => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : ''));
  return `${root.scrollWidth - root.clientWidth} px too wide (${wide.join(', ')})`;
}"""


def main_role(row: Row) -> str | None:
    """The first signed-in role that may see the page, else anonymous if it may."""
    seen = [role for role in ROLE_NAMES if row.expected[role] == 200]
    signed_in = [role for role in seen if role != "anonymous"]
    return next(iter(signed_in or seen), None)


def test_main_role_is_whoever_the_matrix_lets_see_the_page() -> None:
    rows = [row for row in MATRIX if row.method == "get"]
    assert main_role(next(r for r in rows if r.name == "surveys:wave_create")) == "wellbeing_lead"
    assert main_role(next(r for r in rows if r.name == "core:home")) == "staff"
    assert main_role(next(r for r in rows if r.name == "account_login")) == "anonymous"


def _pages_by_role() -> dict[str, list[Row]]:
    pages: dict[str, list[Row]] = defaultdict(list)
    for row in MATRIX:
        role = main_role(row)
        if row.method == "get" and role:
            pages[role].append(row)
    return pages


def _session_cookie(world: World, role: str, url: str) -> list[Any]:
    if role == "anonymous":
        return []
    client = Client()
    client.force_login(world.user(role))
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [{"name": settings.SESSION_COOKIE_NAME, "value": value, "url": url}]


def test_no_page_is_wider_than_a_phone(
    browser: Browser, live_server: Any, rich_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The matrix's survey world reads invitations from the outbox: keep them there.
    monkeypatch.setattr(outbox_services, "_trigger_send", lambda: None)
    world = rich_world
    failures: list[str] = []
    visited = 0
    for role, rows in _pages_by_role().items():
        context = browser.new_context(
            viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
        )
        context.add_cookies(_session_cookie(world, role, live_server.url))
        phone = context.new_page()
        for row in rows:
            url = live_server.url + reverse(row.name, kwargs=row.kwargs(world))
            with override_settings(**row.settings):
                try:
                    response = phone.goto(url)
                except Error as error:  # a download (CSV, PDF) is not a page
                    if "Download is starting" in str(error):
                        continue
                    raise
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                continue
            visited += 1
            if response.status != 200:
                failures.append(f"{row.name} as {role}: answered {response.status}")
                continue
            wider = phone.evaluate(OVERFLOW)
            if wider:
                failures.append(f"{row.name} as {role} ({url}): {wider}")
        context.close()
    assert visited > 40, f"only {visited} pages visited: the matrix's pages went missing"
    assert not failures, "Pages wider than a 375 px phone:\n" + "\n".join(failures)
