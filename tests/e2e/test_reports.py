"""A governor asks for their school's report, waits for it, and downloads the PDF."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from demo.people import DEMO_PASSWORD, seed_people

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_governor_asks_for_the_schools_report_and_downloads_it(
    page: Page, live_server, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    seed_people()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("governor@riverside.example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Reports", exact=True).click()
    assert_accessible(page, "reports-list")
    page.get_by_role("button", name="Ask for a report").or_(
        page.get_by_role("link", name="Ask for a report")
    ).first.click()
    assert_accessible(page, "reports-new")
    # A governor of one school is not asked which; they choose the period.
    expect(page.get_by_label("Oakfield Primary Academy")).to_be_checked()
    page.get_by_role("button", name="Build the report").click()
    expect(page.get_by_role("heading", name="Oakfield Primary Academy")).to_be_visible()
    # Tasks run in-process in tests; a real worker may take a moment, and the page
    # checks again every few seconds.
    expect(page.get_by_text("Ready", exact=True)).to_be_visible(timeout=30_000)
    assert_accessible(page, "reports-ready")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the report (PDF)").click()
    path = tmp_path / "report.pdf"
    download.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    assert download.value.suggested_filename.startswith("Oakfield Primary Academy wellbeing report")
