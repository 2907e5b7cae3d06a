"""Home per role, the static pages, the brand stylesheet and the security headers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wellbeing_portal.outbox.services import email_enqueue

from ..clock import london
from ..conftest import World

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def _home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_signed_out_visitors_see_what_the_portal_is_and_how_to_sign_in(client) -> None:
    page = client.get(reverse("core:home")).content.decode()
    assert "Sign in" in page
    assert "08000 562 561" in page  # support is signposted even before signing in


def test_a_head_sees_their_school_and_whether_it_is_in_the_window(world: World, client) -> None:
    world.school.last_inspection_date = None
    world.school.save()
    page = _home(client, world.user("headteacher"))
    assert "Headteacher at Alpha Primary" in page
    assert "Your school is in the window for its next inspection" in page
    assert "Import staff" not in page


def test_a_wellbeing_lead_is_offered_the_staff_import_for_their_organisation(
    world: World, client
) -> None:
    page = _home(client, world.user("wellbeing_lead"))
    assert "Run the portal for Trust A" in page
    assert "2 schools and" in page
    assert reverse("people:staff_import", kwargs={"slug": "trust-a"}) in page
    assert "trust-b" not in page


def test_a_link_officer_sees_the_schools_they_cover_and_no_others(world: World, client) -> None:
    page = _home(client, world.user("link_officer"))
    assert "School improvement partner at Trust A" in page
    assert "Schools you cover" in page
    assert "Alpha Primary" in page
    assert "Beta Secondary" not in page


def test_a_senior_officer_sees_their_schools_in_the_ofsted_window(world: World, client) -> None:
    world.school.last_inspection_date = dt.date(2020, 1, 10)  # long ago: in the window
    world.school.save()
    world.sibling_school.last_inspection_date = timezone.localdate()  # just inspected
    world.sibling_school.save()
    world.other_school.last_inspection_date = None  # another trust's: never shown
    world.other_school.save()
    page = _home(client, world.user("senior_officer"))
    assert "Schools in the Ofsted window" in page
    assert "Alpha Primary" in page
    assert "10 Jul 2022" in page  # 30 months after the last inspection
    assert "Beta Secondary" not in page
    assert "Gamma Primary" not in page


def test_officers_see_inspections_under_way_and_staff_do_not(world: World, client) -> None:
    from inspections.models import Inspection

    Inspection.objects.create(
        school=world.school,
        head=world.user("headteacher"),
        logged_by=world.user("headteacher"),
        call_received_at=timezone.now(),
        expected_start=timezone.localdate(),
    )
    assert "Inspections under way" in _home(client, world.user("senior_officer"))
    assert "Inspections under way" in _home(client, world.user("link_officer"))
    assert "Inspections under way" not in _home(client, world.user("staff"))
    assert "Inspections under way" not in _home(client, world.user("other_org_lead"))


def test_a_chair_of_governors_is_named_as_such(world: World, client) -> None:
    assert "Chair of governors at Alpha Primary" in _home(client, world.user("chair"))


def test_a_person_with_no_role_is_told_whom_to_ask(world: World, client) -> None:
    assert "Ask your wellbeing lead to add you" in _home(client, world.user("no_role"))


def test_a_platform_admin_is_pointed_to_the_admin(world: World, client) -> None:
    assert reverse("admin:index") in _home(client, world.user("platform_admin"))


@pytest.mark.parametrize("role", ["staff", "headteacher", "link_officer", "wellbeing_lead"])
def test_home_runs_a_bounded_number_of_queries(world: World, client, role: str) -> None:
    client.force_login(world.user(role))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("core:home"))
    # session, user, memberships, assignments, MFA check, charters, and the role's summary.
    assert len(queries) <= 12, [q["sql"] for q in queries]


@pytest.mark.parametrize("name", ["core:accessibility", "core:privacy"])
def test_statement_pages_are_public(client, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert b"<h1" in response.content


def test_the_brand_colour_is_a_stylesheet_not_an_inline_style(client, settings) -> None:
    settings.PORTAL_BRAND_COLOUR = "#7a1f5c"
    response = client.get(reverse("core:brand_css"))
    assert response["Content-Type"].startswith("text/css")
    assert b"--portal-brand: #7a1f5c" in response.content


def test_pages_carry_a_strict_content_security_policy(client) -> None:
    response = client.get(reverse("core:home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    body = response.content.decode()
    assert "style=" not in body
    assert "<script>" not in body  # every script has a src


def test_the_demo_banner_appears_only_when_mfa_is_off(client, settings) -> None:
    assert b"two-factor authentication is switched off" not in client.get("/").content
    settings.PORTAL_REQUIRE_MFA = False
    assert b"two-factor authentication is switched off" in client.get("/").content


def test_an_unknown_page_answers_404_in_the_portal_layout(client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


@pytest.fixture
def demo_mailbox(settings, time_machine) -> str:
    """The demo's mailbox, holding one reset link."""
    settings.PORTAL_DEMO_MAILBOX = True
    time_machine.move_to(london(dt.date(2026, 11, 24)), tick=False)
    email_enqueue(
        kind="account.password_reset_key",
        obj="at:test",
        to="staff@example.org",
        subject="Password Reset Email",
        body_text="http://testserver/accounts/password/reset/key/1-secret/",
    )
    return reverse("core:demo_mailbox")


def test_the_demo_mailbox_asks_a_visitor_to_sign_in(demo_mailbox: str, client) -> None:
    response = client.get(demo_mailbox)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")


@pytest.mark.parametrize("role", ["staff", "headteacher", "wellbeing_lead", "no_role"])
def test_the_demo_mailbox_does_not_exist_for_anyone_but_an_admin(
    world: World, demo_mailbox: str, client, role: str
) -> None:
    client.force_login(world.user(role))
    response = client.get(demo_mailbox)
    assert response.status_code == 404
    assert b"1-secret" not in response.content


@pytest.mark.parametrize("flag", ["is_staff", "is_superuser"])
def test_a_platform_admin_reads_the_demo_mailbox(
    world: World, demo_mailbox: str, client, settings, flag: str
) -> None:
    settings.PORTAL_REQUIRE_MFA = False  # as in the demo
    admin = world.user("no_role")
    setattr(admin, flag, True)
    admin.save()
    client.force_login(admin)
    response = client.get(demo_mailbox)
    assert response.status_code == 200
    assert b"1-secret" in response.content


def test_outside_the_demo_there_is_no_mailbox_even_for_an_admin(world: World, client) -> None:
    client.force_login(world.user("platform_admin"))
    assert client.get(reverse("core:demo_mailbox")).status_code == 404


def test_the_footers_helplines_are_links_a_phone_can_call(client: Any) -> None:
    """Someone in distress on a phone taps the number; they never retype it."""
    page = client.get("/accounts/login/").content.decode()
    for href in ('href="tel:08000562561"', 'href="tel:116123"', 'href="tel:999"'):
        assert href in page


def test_a_head_in_the_window_can_log_ofsteds_call_from_home(world: World, client) -> None:
    world.school.last_inspection_date = None  # never inspected: in the window
    world.school.save()
    page = _home(client, world.user("headteacher"))
    start = f'href="{reverse("inspections:notify")}?school={world.school.pk}"'
    assert start in page and "govuk-button--start" in page and "Ofsted have called" in page
    # The button leads to the form with the school chosen.
    client.force_login(world.user("headteacher"))
    form = client.get(f"{reverse('inspections:notify')}?school={world.school.pk}")
    assert form.status_code == 200


def test_a_head_sees_their_officers_by_name(world: World, client) -> None:
    page = _home(client, world.user("headteacher"))
    officer, senior = world.user("link_officer"), world.user("senior_officer")
    assert f"<strong>{officer.full_name}</strong>, your link officer" in page
    assert f"<strong>{senior.full_name}</strong>, senior officer" in page
    assert f'href="mailto:{officer.email}"' in page


def test_the_header_names_the_signed_in_persons_own_organisation(
    world: World, client, settings
) -> None:
    settings.PORTAL_ORGANISATION_NAME = "Operator Ltd"
    signed_out = client.get(reverse("core:accessibility")).content.decode()
    assert "– Operator Ltd</title>" in signed_out
    other_head = world.user("other_org_lead")  # Trust B's lead: an organisation role
    for person, name in (
        (world.user("headteacher"), "Trust A"),  # a school role: its responsible body
        (world.user("link_officer"), "Trust A"),
        (other_head, "Trust B"),
        (world.user("platform_admin"), "Operator Ltd"),  # no role anywhere
    ):
        page = _home(client, person)
        assert f"– {name}</title>" in page, person
        assert f'class="portal-header__org">{name}</a>' in page, person
        assert f"is run by {name}." in page, person
    from wellbeing_portal.people.models import Role

    from ..factories import MembershipFactory

    governor = world.user("governor")
    MembershipFactory.create(user=governor, role=Role.GOVERNOR, school=world.other_school)
    assert "– Operator Ltd</title>" in _home(client, governor)  # two organisations
