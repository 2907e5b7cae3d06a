"""On a phone, a head logs Ofsted's call and lands on "what happens now"."""

from __future__ import annotations

import re
import time

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from playwright.sync_api import Page, expect

from demo.people import DEMO_PASSWORD, seed_people
from demo.support_directory import seed_buddies, seed_services
from inspections import protocol_defaults
from inspections.models import Inspection
from wellbeing_portal.outbox.models import OutboxEmail

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


def _sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _log_contact(page: Page, with_whom: str, phase: str, item: str | None = None) -> None:
    if item:
        # GOV.UK's visually hidden text brings its own spaces.
        page.get_by_role("link", name=re.compile(rf"Log it\s*: {item}")).first.click()
    else:
        page.get_by_role("link", name="Log a contact").click()
    page.get_by_label("Who with").fill(with_whom)
    page.get_by_label("Phone call").check()
    page.get_by_label(phase, exact=True).check()
    page.get_by_label("Notes").fill(f"{phase}: talked it through.")
    assert_accessible(page, f"inspection-contact-{phase.lower()}")
    page.get_by_role("button", name="Log contact").click()
    expect(page.get_by_text("Contact logged.")).to_be_visible()


def test_the_officer_follows_the_protocol_before_during_and_after(
    phone: Page, page: Page, live_server, settings
) -> None:
    settings.PORTAL_REQUIRE_MFA = False
    seed_people()
    # Other browser tests flush the database, and with it the framework's migration data.
    protocol_defaults.install_framework_and_forms(django_apps)
    _sign_in(phone, live_server.url, "head@riverside.example.org")
    phone.goto(f"{live_server.url}/inspections/log/")
    # Starting today, so that the record can move to "during" (not before the first day).
    phone.get_by_label("First day of the inspection").fill(timezone.localdate().isoformat())
    phone.get_by_role("button", name="Save and tell them").click()
    expect(phone.get_by_role("heading", name="What happens now")).to_be_visible()

    _sign_in(page, live_server.url, "officer@riverside.example.org")
    page.goto(f"{live_server.url}/inspections/board/")
    assert_accessible(page, "inspection-board")
    page.get_by_role("link", name="Oakfield Primary Academy").click()
    expect(page.get_by_role("heading", name="Inspection record")).to_be_visible()
    assert_accessible(page, "inspection-record")

    _log_contact(page, "Helen Okafor", "Before", item="Acknowledge the notification")
    expect(page.get_by_text("Done").first).to_be_visible()
    for label in ("before", "during"):
        page.get_by_role("button", name=f"Move to: {label} the inspection").click()
        expect(page.get_by_text(f"The inspection is now: {label} the inspection")).to_be_visible()
    _log_contact(page, "Helen Okafor", "During")
    page.get_by_role("button", name="Move to: after the inspection").click()
    _log_contact(page, "Helen Okafor", "After")

    page.get_by_role("link", name="Record the provisional outcome").click()
    assert_accessible(page, "inspection-outcome")
    page.get_by_label("Leadership and governance").select_option(label="Needs attention")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Provisional outcome saved")).to_be_visible()
    expect(
        page.get_by_role("cell", name="Support plan check-in (1 working day)", exact=True)
    ).to_be_visible()

    page.get_by_role("button", name="Raise a concern").or_(
        page.get_by_role("link", name="Raise a concern")
    ).first.click()
    page.get_by_label("The inspection process").check()
    page.get_by_label("Low: note it and keep an eye on it").check()
    page.get_by_label("What happened").fill("The report's draft came late.")
    assert_accessible(page, "inspection-concern-new")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Concern: the inspection process")).to_be_visible()
    assert_accessible(page, "inspection-concern")

    inspection = Inspection.objects.get(school__urn="900101")
    assert inspection.phase == "after"
    assert inspection.contacts.count() == 3
    assert set(inspection.contacts.values_list("phase", flat=True)) == {"before", "during", "after"}
    assert OutboxEmail.objects.filter(
        kind="inspections.concern", to_email="senior@riverside.example.org"
    ).exists()
