"""A page that waits on background work updates itself when the work is done: nobody
has to keep pressing refresh (a governor's report being built)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import Page, expect

from demo.people import DEMO_PASSWORD, seed_people
from reports.models import Report
from wellbeing_portal.people.models import School

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_report_page_shows_the_report_ready_without_a_reload(
    page: Page, live_server, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    seed_people()
    school = School.objects.get(name="Oakfield Primary Academy")
    report = Report.objects.create(
        organisation=school.responsible_body,
        school=school,
        scope_key=f"school:{school.pk}",
        period_key="2026-autumn",
        period_label="Autumn term 2026",
        starts_on=dt.date(2026, 9, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("governor@riverside.example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    expect(page.get_by_text("Waiting to be built", exact=True)).to_be_visible()
    assert_accessible(page, "report-waiting")
    page.evaluate("window.notReloaded = true")

    report.file.save("built.pdf", ContentFile(b"%PDF-1.7\n%%EOF"), save=False)
    report.status = Report.Status.READY
    report.pages = 3
    report.save()

    expect(page.get_by_text("Ready", exact=True)).to_be_visible(timeout=15_000)
    expect(page.get_by_role("link", name="Download the report (PDF)")).to_be_visible()
    assert page.evaluate("window.notReloaded === true")  # updated in place
    assert_accessible(page, "report-ready-in-place")
