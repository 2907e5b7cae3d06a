"""A wellbeing lead imports staff: a bad file is refused line by line, a good one lands."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from demo.people import DEMO_PASSWORD, seed_people
from wellbeing_portal.people.models import User

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_lead_fixes_a_bad_file_and_imports_it(
    page: Page, live_server, settings, tmp_path: Path
) -> None:
    settings.PORTAL_REQUIRE_MFA = False  # this journey is about the import, not MFA
    seed_people()
    bad = tmp_path / "staff.csv"
    bad.write_text("name,email,school_urn,role\nAsha Green,asha@example.org,999999,staff\n")
    good = tmp_path / "staff-fixed.csv"
    good.write_text("name,email,school_urn,role\nAsha Green,asha@example.org,900101,staff\n")

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("lead@riverside.example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Import staff from a CSV file").click()
    assert_accessible(page, "staff-import")

    page.get_by_label("Upload a CSV file").set_input_files(str(bad))
    page.get_by_role("button", name="Check and import").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The file was not imported")
    expect(page.get_by_role("table")).to_contain_text("No school with URN '999999'")
    assert_accessible(page, "staff-import-problems")
    assert not User.objects.filter(email="asha@example.org").exists()

    page.get_by_label("Upload a CSV file").set_input_files(str(good))
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("heading", name="Staff imported")).to_be_visible()
    assert_accessible(page, "staff-import-done")
    membership = User.objects.get(email="asha@example.org").memberships.get()
    assert membership.school is not None
    assert membership.school.urn == "900101"
