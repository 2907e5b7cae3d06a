"""A head finds a service by search and opens it; crisis lines are on every page; the
wellbeing lead pairs a head with a buddy from the suggestions."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from demo.people import DEMO_PASSWORD, seed_people
from demo.support_directory import seed_buddies, seed_services
from support_directory.models import BuddyPairing
from wellbeing_portal.outbox.models import OutboxEmail

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_head_finds_a_service_by_search_and_opens_it(page: Page, live_server) -> None:
    seed_people()
    seed_services()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("head@riverside.example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/support/")
    expect(page.get_by_role("heading", name="If you need help now")).to_be_visible()
    assert_accessible(page, "directory")

    page.get_by_label("Search").fill("coaching")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Coaching for new headteachers")).to_be_visible()
    assert_accessible(page, "directory-search")
    page.get_by_role("link", name="Coaching for new headteachers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Coaching for new headteachers")
    expect(
        page.get_by_text("Free to you: commissioned by Riverside Learning Trust")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="If you need help now")).to_be_visible()
    assert_accessible(page, "directory-service")


def test_the_lead_pairs_a_head_with_a_suggested_buddy(page: Page, live_server, settings) -> None:
    settings.PORTAL_REQUIRE_MFA = False  # this journey is about buddies, not MFA
    seed_people()
    seed_services()
    seed_buddies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("lead@riverside.example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Buddies").first.click()
    assert_accessible(page, "buddies-lead")
    page.get_by_role("link", name="Find a buddy for Helen Okafor").click()
    expect(page.get_by_text("Has led a school through an Ofsted inspection").first).to_be_visible()
    assert_accessible(page, "buddy-suggestions")
    page.get_by_role("button", name="Pair with").first.click()
    expect(page.get_by_text("is now Helen Okafor's buddy")).to_be_visible()
    assert_accessible(page, "buddies-paired")
    assert BuddyPairing.objects.filter(
        head__email="head@riverside.example.org", status="active"
    ).exists()
    assert OutboxEmail.objects.filter(
        kind="directory.buddy_paired", to_email="head@riverside.example.org"
    ).exists()
