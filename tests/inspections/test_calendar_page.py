"""The officer's calendar page: a subscribe link and a copy button for the feed, due
contacts in time order, each linked to its record and marked when overdue; the feed's
events carry a reminder."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import time_machine
from django.urls import reverse

from ..conftest import World

# The rich world's call came at 09:45 UTC on Monday 23 November 2026.
CALL = dt.datetime(2026, 11, 23, 9, 45, tzinfo=dt.UTC)


def test_the_address_comes_with_a_subscribe_link_and_a_copy_button(
    rich_world: World, client: Any
) -> None:
    client.force_login(rich_world.user("link_officer"))
    page = client.post(reverse("inspections:calendar")).content.decode()
    address = re.search(r'id="feed-address">([^<]+)<', page)
    assert address and address.group(1).startswith("http://testserver/inspections/calendar/")
    subscribe = address.group(1).replace("http://", "webcal://", 1)
    assert f'href="{subscribe}"' in page
    assert 'data-copy="feed-address"' in page
    # Only the page that made it shows it.
    assert "feed-address" not in client.get(reverse("inspections:calendar")).content.decode()


def test_due_contacts_in_time_order_linked_and_marked_when_overdue(
    rich_world: World, client: Any
) -> None:
    client.force_login(rich_world.user("link_officer"))
    inspection = rich_world.services["inspection"]
    record = reverse("inspections:detail", kwargs={"pk": inspection.pk})
    with time_machine.travel(CALL, tick=False):
        page = client.get(reverse("inspections:calendar")).content.decode()
    items = re.findall(r"<li>.*?</li>", page, re.S)
    assert items, "nothing due for the link officer"
    assert all(f'href="{record}"' in item for item in items)
    assert "Overdue" not in page  # at the moment of the call, nothing is late yet
    times = [
        dt.datetime.strptime(f"2026 {t} +0000", "%Y %a %d %b %H:%M %z")
        for t in re.findall(r'font-weight-bold">(\w{3} \d{1,2} \w{3} \d\d:\d\d)<', page)
    ]
    assert times == sorted(times) and len(times) == len(items)
    with time_machine.travel(CALL + dt.timedelta(days=30), tick=False):
        client.force_login(rich_world.user("link_officer"))  # a new day, a new sign-in
        late = client.get(reverse("inspections:calendar")).content.decode()
    assert late.count("Overdue") == len(items)


def test_each_event_in_the_feed_reminds_as_it_starts(rich_world: World, client: Any) -> None:
    client.force_login(rich_world.user("link_officer"))
    page = client.post(reverse("inspections:calendar")).content.decode()
    token = page.split("/inspections/calendar/")[1].split(".ics")[0]
    client.logout()
    body = client.get(reverse("inspections:calendar_feed", kwargs={"token": token})).content
    feed = body.decode().replace("\r\n ", "")
    assert feed.count("BEGIN:VEVENT") == feed.count("BEGIN:VALARM") > 0
    assert "ACTION:DISPLAY" in feed
    assert re.search(r"TRIGGER:P(T0S|0D)\r\n", feed)  # when the event starts
