"""A person sees and downloads their own data; a wellbeing lead erases someone who left."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from demo.people import DEMO_PASSWORD, seed_people
from wellbeing_portal.people.models import User

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page: Page, url: str, email: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_person_sees_and_downloads_their_data(page: Page, live_server, settings) -> None:
    seed_people()
    _sign_in(page, live_server.url, "staff@riverside.example.org")
    page.goto(f"{live_server.url}/privacy/")
    page.get_by_role("link", name="see your data and download a copy").click()
    expect(page.get_by_role("heading", name="Your data", exact=True)).to_be_visible()
    assert_accessible(page, "privacy-my-data")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your data (JSON)").click()
    data = json.loads(Path(download.value.path()).read_text())
    assert data["profile"]["email"] == "staff@riverside.example.org"


def test_a_lead_erases_a_person_who_has_left(page: Page, live_server, settings) -> None:
    settings.PORTAL_REQUIRE_MFA = False  # this journey is about erasure, not MFA
    seed_people()
    _sign_in(page, live_server.url, "lead@riverside.example.org")
    page.get_by_role("link", name="Erase a person who has left").click()
    assert_accessible(page, "privacy-erase-find")
    page.get_by_label("Email address of the person to erase").fill("nobody@example.org")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Nobody you can erase")
    assert_accessible(page, "privacy-erase-find-error")

    page.get_by_label("Email address of the person to erase").fill("staff@riverside.example.org")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Erase Sam Patel")).to_be_visible()
    assert_accessible(page, "privacy-erase-confirm")
    page.get_by_label("Type ERASE to confirm").fill("yes")
    page.get_by_role("button", name="Erase this person").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Type ERASE")
    assert User.objects.filter(email="staff@riverside.example.org").exists()

    page.get_by_label("Type ERASE to confirm").fill("ERASE")
    page.get_by_role("button", name="Erase this person").click()
    expect(page.get_by_text("The person's account is erased")).to_be_visible()
    assert_accessible(page, "privacy-erased")
    assert not User.objects.filter(email="staff@riverside.example.org").exists()
