"""The record's pages as people use them: who gets 404, what the buddy sees, the board's
filters and query count, the calendar feed."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from inspections import services
from inspections.models import Contact, Inspection
from support_directory.models import BuddyPairing
from wellbeing_portal.people.models import Role
from wellbeing_portal.people.services import membership_create

from ..conftest import World
from ..factories import SchoolFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def test_outsiders_to_the_record_get_404(rich_world: World, client) -> None:
    inspection = rich_world.services["inspection"]
    pairing: BuddyPairing = rich_world.services["pairing"]
    other_head = UserFactory.create()
    membership_create(user=other_head, role=Role.HEADTEACHER, school=rich_world.sibling_school)
    for person in (pairing.buddy.user, rich_world.user("governor"), other_head):
        client.force_login(person)
        for name in ("inspections:detail", "inspections:what_now", "inspections:audit"):
            response = client.get(reverse(name, kwargs={"pk": inspection.pk}))
            assert response.status_code == 404, (person, name)


def test_the_buddy_sees_the_phase_and_logs_a_check_in_nothing_more(
    rich_world: World, client
) -> None:
    inspection: Inspection = rich_world.services["inspection"]
    Inspection.objects.filter(pk=inspection.pk).update(
        phase="during", worries="Not sleeping.", lead_inspector="Ann Inspector"
    )
    buddy = rich_world.services["pairing"].buddy.user
    client.force_login(buddy)
    page = client.get(reverse("inspections:buddying")).content.decode()
    assert "During the inspection" in page and rich_world.school.name in page
    assert "Not sleeping" not in page and "Ann Inspector" not in page
    with time_machine.travel(dt.datetime(2026, 11, 24, 19, tzinfo=dt.UTC), tick=False):
        client.force_login(buddy)  # sessions are short: sign in again in the future
        response = client.post(
            reverse("inspections:buddy_check_in", kwargs={"pk": inspection.pk}),
            {"happened_at": "2026-11-24T18:00", "channel": "phone", "notes": ""},
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("inspections:buddying")
    contact = Contact.objects.get(logged_by=buddy)
    assert contact.answers is not None and contact.answers.step.responsible == "buddy"


def test_the_board_filters_and_runs_the_same_queries_for_more_inspections(
    rich_world: World, client, django_assert_max_num_queries
) -> None:
    client.force_login(rich_world.user("senior_officer"))
    url = reverse("inspections:board")
    client.get(url)  # warm the session and caches
    with django_assert_max_num_queries(12) as one:
        assert client.get(url).status_code == 200
    for _ in range(6):
        school = SchoolFactory.create(responsible_body=rich_world.trust)
        head = UserFactory.create()
        membership_create(user=head, role=Role.HEADTEACHER, school=school)
        with time_machine.travel(dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC), tick=False):
            services.inspection_log(school=school, logged_by=head, **services.inspection_defaults())
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count('href="/inspections/') >= 7
    flagged = client.get(url, {"only": "flagged"}).content.decode()
    assert "No inspections match." in flagged
    concerns = client.get(url, {"only": "concerns"}).content.decode()
    assert rich_world.school.name in concerns  # the world's inspection has an open concern


def test_the_calendar_feed_lists_my_due_contacts_until_i_reset_it(
    rich_world: World, client
) -> None:
    client.force_login(rich_world.user("link_officer"))
    page = client.post(reverse("inspections:calendar")).content.decode()
    token = page.split("/inspections/calendar/")[1].split(".ics")[0]
    client.logout()
    feed = client.get(reverse("inspections:calendar_feed", kwargs={"token": token}))
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    assert "BEGIN:VEVENT" in body and "Acknowledge the notification" in body
    assert "Half the staff" not in body  # nothing confidential
    client.force_login(rich_world.user("link_officer"))
    client.post(reverse("inspections:calendar"))
    client.logout()
    assert (
        client.get(reverse("inspections:calendar_feed", kwargs={"token": token})).status_code == 404
    )
