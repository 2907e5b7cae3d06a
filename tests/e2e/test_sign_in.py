"""A head signs in and sees their home page; an officer is made to set up MFA first."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from demo.people import DEMO_PASSWORD, seed_people

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(live_server):
    seed_people()
    return live_server.url


def _sign_in(page: Page, base: str, email: str, *, check: bool = True) -> None:
    page.goto(f"{base}/accounts/login/")
    if check:
        assert_accessible(page, "sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_head_signs_in_and_sees_their_school(page: Page, demo: str) -> None:
    page.goto(demo)
    assert_accessible(page, "landing")
    page.get_by_role("button", name="Sign in").click()
    _sign_in(page, demo, "head@riverside.example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Helen")
    expect(page.get_by_text("Headteacher at Oakfield Primary Academy")).to_be_visible()
    expect(page.get_by_role("heading", name="If you need to talk to someone")).to_be_visible()
    assert_accessible(page, "home-head")


def test_an_officer_is_made_to_set_up_two_factor_authentication(page: Page, demo: str) -> None:
    _sign_in(page, demo, "officer@riverside.example.org")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    assert_accessible(page, "mfa-activate")
    # Trying to go anywhere else leads back to the set-up page.
    page.goto(demo + "/")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))


def test_a_wrong_password_shows_an_error_summary_that_takes_focus(page: Page, demo: str) -> None:
    page.goto(f"{demo}/accounts/login/")
    page.get_by_label("Email").fill("head@riverside.example.org")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_focused()
    assert_accessible(page, "sign-in-error")


def test_the_portal_fits_a_phone_screen(phone: Page, demo: str) -> None:
    _sign_in(phone, demo, "head@riverside.example.org")
    expect(phone.get_by_text("Headteacher at Oakfield Primary Academy")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways on a phone ({width}px)"
    assert_accessible(phone, "home-head-phone")


def test_signing_in_works_without_javascript(browser, demo: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    # axe needs JavaScript, so this journey is checked for working, not for axe.
    _sign_in(page, demo, "staff@riverside.example.org", check=False)
    expect(page.get_by_text("Staff member at Oakfield Primary Academy")).to_be_visible()
    context.close()


def test_the_skip_link_is_first_and_visible_on_focus(page: Page, demo: str) -> None:
    page.goto(demo + "/accessibility/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    assert_accessible(page, "accessibility-statement")
    page.goto(demo + "/privacy/")
    assert_accessible(page, "privacy-notice")
