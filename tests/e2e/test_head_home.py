"""A head whose school is in the Ofsted window starts logging the call from home, on a
phone, and sees their officers by name and their own organisation in the header."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from demo.people import DEMO_PASSWORD, seed_people

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_head_in_the_window_starts_logging_the_call_from_home(
    phone: Page, live_server, settings
) -> None:
    settings.PORTAL_REQUIRE_MFA = False
    settings.PORTAL_ORGANISATION_NAME = "Portal Operator"
    seed_people()
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.get_by_label("Email").fill("head@riverside.example.org")
    phone.get_by_label("Password").fill(DEMO_PASSWORD)
    phone.get_by_role("button", name="Sign in").click()
    start = phone.get_by_role("button", name="Ofsted have called")
    expect(start).to_be_visible()
    expect(phone.locator(".portal-header__org")).to_have_text("Riverside Learning Trust")
    expect(phone.get_by_text("your link officer").first).to_be_visible()
    assert_accessible(phone, "home-head-in-window")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, width
    start.click()
    expect(phone.get_by_role("heading", name="Log Ofsted's call")).to_be_visible()
