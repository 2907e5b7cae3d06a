"""On a phone, a head logs Ofsted's call and lands on "what happens now"."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page, expect

from inspections.models import Inspection
from support_directory.demo import seed_buddies, seed_services
from wellbeing_portal.outbox.models import OutboxEmail
from wellbeing_portal.people.demo import DEMO_PASSWORD, seed_people

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_head_logs_the_call_on_a_phone(phone: Page, live_server) -> None:
    seed_people()
    seed_services()
    seed_buddies()
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.get_by_label("Email").fill("head@riverside.example.org")
    phone.get_by_label("Password").fill(DEMO_PASSWORD)
    phone.get_by_role("button", name="Sign in").click()
    phone.goto(f"{live_server.url}/inspections/")
    assert_accessible(phone, "inspections-phone")

    started = time.monotonic()
    phone.get_by_role("button", name="Ofsted have called: log it now").click()
    assert_accessible(phone, "inspection-log-phone")
    phone.get_by_label("Lead inspector's name").fill("Ann Inspector")
    phone.get_by_label("The senior inspector's number Ofsted gave you").fill("0300 123 4666")
    phone.get_by_role("button", name="Save and tell them").click()
    expect(phone.get_by_role("heading", name="What happens now")).to_be_visible()
    assert time.monotonic() - started < 60
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    expect(phone.get_by_role("link", name="0300 123 4666")).to_be_visible()
    assert_accessible(phone, "inspection-what-now-phone")

    inspection = Inspection.objects.get(school__urn="900101")
    assert inspection.expected_days == 2
    assert OutboxEmail.objects.filter(
        kind="inspections.notified", to_email="officer@riverside.example.org"
    ).exists()
